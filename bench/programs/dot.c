/* bench/programs/dot.c: a SIMD-friendly kernel: float dot products over
 * cache-resident arrays.  The sum is kept in 8 independent lanes written
 * out in the source, so a vectoriser may use vector registers without
 * reordering any addition: every build prints the same bits. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define LANES 8

static float dot(const float *a, const float *b, size_t n)
{
	float acc[LANES] = { 0 };
	for (size_t i = 0; i + LANES <= n; i += LANES)
		for (int l = 0; l < LANES; l++)
			acc[l] += a[i + l] * b[i + l];
	float s = 0;
	for (int l = 0; l < LANES; l++)
		s += acc[l];
	return s;
}

/* y += alpha * x: the other half of a BLAS-1 workload. */
static void axpy(float *y, const float *x, float alpha, size_t n)
{
	for (size_t i = 0; i < n; i++)
		y[i] += alpha * x[i];
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t n = 8192;
	int reps = quick ? 100 : 300000;
	float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	if (!a || !b)
		return 1;
	uint64_t seed = 21;
	for (size_t i = 0; i < n; i++) {
		a[i] = (float)((int)(bench_rand(&seed) % 17) - 8) / 16.0f;
		b[i] = (float)((int)(bench_rand(&seed) % 17) - 8) / 16.0f;
	}
	uint32_t h = 2166136261u;
	for (int r = 0; r < reps; r++) {
		float d = dot(a, b, n);
		uint32_t bits;
		memcpy(&bits, &d, sizeof bits);
		h = bench_mix(h, bits);
		/* Keep values bounded: nudge b by a tiny multiple of a, then back. */
		axpy(b, a, (r & 1) ? -0.0625f : 0.0625f, n);
	}
	printf("dot: n=%zu reps=%d checksum=%08x last=%.6f\n", n, reps, h, (double)dot(a, b, n));
	free(a);
	free(b);
	return 0;
}
