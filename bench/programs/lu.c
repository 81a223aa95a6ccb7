/* bench/programs/lu.c: LU decomposition without pivoting (Doolittle, in
 * place, k-i-j order) of diagonally dominant double matrices, then the
 * forward and back triangular solves for a right-hand side made from a
 * known solution; dense linear algebra: a rank-1 update whose inner loop
 * streams two rows (n^3/3 multiply-subtracts), then two triangular loops
 * that shrink row by row.  The checksum is the solution quantised, so
 * it stays the same bit for bit across builds. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

/* Multiply and subtract stay separate on every build (native and Wasm
 * alike: Wasm has no fused multiply-add), so the rounding is the same. */
#pragma STDC FP_CONTRACT OFF

static void lu_decompose(double *a, int n)
{
	for (int k = 0; k < n; k++) {
		const double *ak = a + (size_t)k * n;
		double pivot = ak[k];
		for (int i = k + 1; i < n; i++) {
			double *ai = a + (size_t)i * n;
			double l = ai[k] / pivot;
			ai[k] = l;
			for (int j = k + 1; j < n; j++)
				ai[j] -= l * ak[j];
		}
	}
}

/* L y = b (L unit lower triangular), then U x = y, x overwriting b. */
static void lu_solve(const double *a, int n, double *b)
{
	for (int i = 1; i < n; i++) {
		const double *ai = a + (size_t)i * n;
		double s = b[i];
		for (int j = 0; j < i; j++)
			s -= ai[j] * b[j];
		b[i] = s;
	}
	for (int i = n - 1; i >= 0; i--) {
		const double *ai = a + (size_t)i * n;
		double s = b[i];
		for (int j = i + 1; j < n; j++)
			s -= ai[j] * b[j];
		b[i] = s / ai[i];
	}
}

/* Off-diagonal entries in [-1, 1) in steps of 1/256, the diagonal n + 1:
 * diagonally dominant, so no pivoting is needed.  b = A x for the
 * solution x[i] = i % 17 - 8. */
static void init(double *a, double *b, int n, uint64_t seed)
{
	for (int i = 0; i < n; i++) {
		double s = 0;
		for (int j = 0; j < n; j++) {
			double v = i == j ? n + 1 : (double)(int)(bench_rand(&seed) >> 55) / 256 - 1;
			a[(size_t)i * n + j] = v;
			s += v * (j % 17 - 8);
		}
		b[i] = s;
	}
}

/* x rounded to a multiple of 2^-20 (well above the solve's error): the
 * same integer on every build even if the last bits differed. */
static int64_t quantise(double x)
{
	double q = x * (1 << 20);
	return (int64_t)(q < 0 ? q - 0.5 : q + 0.5);
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	/* Several matrices rather than one larger: each stays within the
	 * caches, so the arithmetic, not memory, sets the pace. */
	int n = quick ? 96 : 720, reps = quick ? 1 : 20;
	double *a = malloc((size_t)n * n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
	if (!a || !b)
		return 1;
	uint32_t mix = 2166136261u;
	int64_t wrong = 0;
	for (int r = 0; r < reps; r++) {
		init(a, b, n, 11 + (uint64_t)r);
		lu_decompose(a, n);
		lu_solve(a, n, b);
		for (int i = 0; i < n; i++) {
			int64_t q = quantise(b[i]);
			mix = bench_mix(mix, (uint32_t)q);
			wrong += q != (int64_t)(i % 17 - 8) * (1 << 20);
		}
		for (int i = 0; i < n; i++) /* U's diagonal: the factors too */
			mix = bench_mix(mix, (uint32_t)quantise(a[(size_t)i * n + i]));
	}
	printf("lu: n=%d reps=%d wrong=%lld checksum=%08x\n", n, reps, (long long)wrong, mix);
	free(a);
	free(b);
	return 0;
}
