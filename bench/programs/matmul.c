/* bench/programs/matmul.c: dense double matrix multiply in i-k-j order
 * (the inner loop streams rows, so compilers may vectorise it); inputs are
 * small multiples of 1/8 so every sum is exact and the checksum is too. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static void matmul(int n, const double *a, const double *b, double *c)
{
	memset(c, 0, (size_t)n * n * sizeof *c);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n; k++) {
			double aik = a[i * n + k];
			const double *brow = b + k * n;
			double *crow = c + i * n;
			for (int j = 0; j < n; j++)
				crow[j] += aik * brow[j];
		}
}

int main(int argc, char **argv)
{
	int n = bench_quick(argc, argv) ? 64 : 768;
	int reps = bench_quick(argc, argv) ? 1 : 8;
	size_t nn = (size_t)n * n;
	double *a = malloc(nn * sizeof *a), *b = malloc(nn * sizeof *b), *c = malloc(nn * sizeof *c);
	if (!a || !b || !c)
		return 1;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			a[i * n + j] = ((i * 7 + j * 3) % 17 - 8) / 8.0;
			b[i * n + j] = ((i * 5 + j * 11) % 13 - 6) / 8.0;
		}
	double trace = 0, sum = 0;
	for (int r = 0; r < reps; r++) {
		matmul(n, a, b, c);
		a[r] += 1.0; /* each repetition multiplies a different matrix */
		for (int i = 0; i < n; i++)
			trace += c[i * n + i];
	}
	for (size_t i = 0; i < nn; i++)
		sum += c[i];
	printf("matmul: n=%d trace=%.3f sum=%.3f\n", n, trace, sum);
	free(a);
	free(b);
	free(c);
	return 0;
}
