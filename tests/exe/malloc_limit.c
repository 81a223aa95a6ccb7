/* tests/exe/malloc_limit.c: allocates 64 KiB blocks, touching each, until
 * malloc returns NULL or CAP KiB (argv[1]) are allocated, then prints how
 * far it got and the memory's size in pages.  Built --max-memory=4MiB it
 * stops short of 4 MiB with a NULL, without it it reaches the cap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	long cap = argc > 1 ? atol(argv[1]) : 0, kib = 0;
	void *last = NULL;
	while (cap == 0 || kib < cap) {
		void **block = malloc(64 << 10);
		if (!block)
			break;
		memset(block, 0xa5, 64 << 10);
		*block = last; /* a chain, so nothing is optimised away */
		last = block;
		kib += 64;
	}
	printf("%s after %ld KiB, %zu pages\n", kib == cap ? "cap" : "null", kib, __builtin_wasm_memory_size(0));
	return 0;
}
