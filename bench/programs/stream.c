/* bench/programs/stream.c: STREAM-style copy, scale, add and triad over
 * arrays much larger than the caches; memory bandwidth, sequential
 * access (integers, so that wrap-around keeps the checksum exact). */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t n = quick ? 1 << 14 : (size_t)1 << 22;
	int reps = quick ? 2 : 120;
	uint32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
	if (!a || !b || !c)
		return 1;
	for (size_t i = 0; i < n; i++) {
		a[i] = (uint32_t)i;
		b[i] = 2;
		c[i] = 0;
	}
	for (int r = 0; r < reps; r++) {
		memcpy(c, a, n * sizeof *a);       /* copy */
		for (size_t i = 0; i < n; i++)     /* scale */
			b[i] = 3 * c[i];
		for (size_t i = 0; i < n; i++)     /* add */
			c[i] = a[i] + b[i];
		for (size_t i = 0; i < n; i++)     /* triad */
			a[i] = b[i] + 3 * c[i] + (uint32_t)r;
	}
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i += 4099)
		h = bench_mix(h, a[i] ^ b[i] ^ c[i]);
	printf("stream: n=%zu checksum=%08x\n", n, h);
	free(a);
	free(b);
	free(c);
	return 0;
}
