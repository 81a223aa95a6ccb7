/* bench/programs/alloc.c: an allocator workout: a pool of live blocks
 * where random slots are freed and reallocated with sizes from small to
 * a few KB, each block written and later read back; malloc/free speed
 * and heap locality. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define SLOTS 8192

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t ops = quick ? 50000 : 20000000;
	/* Static: 64 KB of slots would overflow wasm-ld's default 64 KB stack. */
	static uint8_t *slot[SLOTS];
	static uint32_t size[SLOTS];
	uint64_t seed = 13;
	uint32_t h = 2166136261u;
	for (size_t op = 0; op < ops; op++) {
		uint64_t r = bench_rand(&seed);
		size_t i = r % SLOTS;
		if (slot[i]) {
			/* Read back the first and last byte before freeing. */
			h = bench_mix(h, slot[i][0] + 256u * slot[i][size[i] - 1]);
			free(slot[i]);
			slot[i] = NULL;
		}
		if ((r >> 20) & 3) {
			uint32_t sz = (r >> 24) & 7 ? 8 + (uint32_t)((r >> 32) % 120) : 16 + (uint32_t)((r >> 32) % 4000);
			slot[i] = malloc(sz);
			if (!slot[i])
				return 1;
			size[i] = sz;
			memset(slot[i], (int)(op & 0xff), sz);
			slot[i][sz - 1] = (uint8_t)(r >> 40);
		}
	}
	size_t live = 0;
	for (size_t i = 0; i < SLOTS; i++)
		if (slot[i]) {
			live++;
			free(slot[i]);
		}
	printf("alloc: ops=%zu live=%zu checksum=%08x\n", ops, live, h);
	return 0;
}
