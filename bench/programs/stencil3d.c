/* bench/programs/stencil3d.c: explicit time steps of the heat equation
 * on a double grid with the 7-point stencil, two buffers swapped each
 * step; three nested loops, the inner one contiguous, the outer two
 * strided by a row and by a plane, so each point reads neighbours up to
 * a plane (n * n * 8 bytes) away.  The 3D counterpart of stencil2d, with
 * a larger working set and more address arithmetic per access. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

/* Multiply and add stay separate on every build (native and Wasm alike),
 * so the grid and its checksum are the same bit for bit. */
#pragma STDC FP_CONTRACT OFF

#define ALPHA 0.125

static void step(const double *src, double *dst, int n)
{
	int plane = n * n;
	for (int z = 1; z < n - 1; z++)
		for (int y = 1; y < n - 1; y++)
			for (int x = 1; x < n - 1; x++) {
				int i = z * plane + y * n + x;
				double lap = src[i - 1] + src[i + 1] + src[i - n] + src[i + n]
					     + src[i - plane] + src[i + plane] - 6.0 * src[i];
				dst[i] = src[i] + ALPHA * lap;
			}
}

/* A hot face (z = 0) and cold others, random interior: the boundary is
 * never written, so heat flows in from one side and the values stay
 * well away from denormals. */
static void init(double *a, double *b, int n)
{
	uint64_t seed = 7;
	for (int z = 0; z < n; z++)
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++) {
				int edge = z == 0 || y == 0 || x == 0 || z == n - 1 || y == n - 1 || x == n - 1;
				double v = z == 0 ? 100.0 : edge ? 1.0 : (double)(bench_rand(&seed) >> 44) / (1 << 16);
				size_t i = ((size_t)z * n + y) * n + x;
				a[i] = b[i] = v;
			}
}

static uint32_t checksum(const double *a, int n)
{
	uint32_t mix = 2166136261u;
	for (int z = 0; z < n; z += 3)
		for (int y = 0; y < n; y += 5)
			for (int x = 0; x < n; x++)
				mix = bench_mix(mix, (uint32_t)(int32_t)(a[((size_t)z * n + y) * n + x] * 65536.0));
	return mix;
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	int n = quick ? 32 : 96, steps = quick ? 4 : 1000;
	size_t nn = (size_t)n * n * n;
	double *a = malloc(nn * sizeof *a), *b = malloc(nn * sizeof *b);
	if (!a || !b)
		return 1;
	init(a, b, n);
	for (int s = 0; s < steps; s++) {
		step(a, b, n);
		double *t = a;
		a = b;
		b = t;
	}
	double sum = 0;
	for (size_t i = 0; i < nn; i++)
		sum += a[i];
	printf("stencil3d: n=%d steps=%d sum=%.4f checksum=%08x\n", n, steps, sum, checksum(a, n));
	free(a);
	free(b);
	return 0;
}
