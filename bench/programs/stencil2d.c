/* bench/programs/stencil2d.c: Jacobi relaxation of a float grid with a
 * 5-point stencil, sweep after sweep between two buffers swapped each
 * time; the shape of image filters and PDE solvers: a row-major 2D index
 * (y * w + x) read at five offsets, three of them a row apart, with
 * fixed boundary values.  Wasm compilers run such loops 1.4-1.5x slower
 * than native (32-bit index arithmetic and bounds per access), hence
 * its place in the set. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

/* Multiply and add stay separate on every build (native and Wasm alike),
 * so the grid and its checksum are the same bit for bit. */
#pragma STDC FP_CONTRACT OFF

static void sweep(const float *src, float *dst, int w, int h)
{
	for (int y = 1; y < h - 1; y++)
		for (int x = 1; x < w - 1; x++) {
			int i = y * w + x;
			dst[i] = 0.5f * src[i] + 0.125f * (src[i - 1] + src[i + 1] + src[i - w] + src[i + w]);
		}
}

/* Random interior, boundary rows and columns at fixed values that the
 * sweeps never write: the relaxation heads for the harmonic fill of
 * the boundary, never for zero (no denormals to slow either side). */
static void init(float *a, float *b, int w, int h)
{
	uint64_t seed = 2024;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int edge = y == 0 || x == 0 || y == h - 1 || x == w - 1;
			float v = edge ? (float)((x * 3 + y * 5) % 64) : (float)(bench_rand(&seed) >> 40) / (1 << 20);
			a[y * w + x] = b[y * w + x] = v;
		}
}

static uint32_t checksum(const float *a, int w, int h)
{
	uint32_t mix = 2166136261u;
	for (int y = 0; y < h; y += 7)
		for (int x = 0; x < w; x++)
			mix = bench_mix(mix, (uint32_t)(int32_t)(a[y * w + x] * 4096.0f));
	return mix;
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	int w = quick ? 128 : 1024, h = quick ? 96 : 768, sweeps = quick ? 10 : 3000;
	size_t n = (size_t)w * h;
	float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	if (!a || !b)
		return 1;
	init(a, b, w, h);
	for (int s = 0; s < sweeps; s++) {
		sweep(a, b, w, h);
		float *t = a;
		a = b;
		b = t;
	}
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += a[i];
	printf("stencil2d: %dx%d sweeps=%d sum=%.3f checksum=%08x\n", w, h, sweeps, sum, checksum(a, w, h));
	free(a);
	free(b);
	return 0;
}
