/* bench/programs/fft.c: an iterative radix-2 complex FFT, forward and
 * inverse, on 2^N points; butterflies with strided double access.  The
 * twiddle factors come from our own sine (Taylor series) so that every
 * runner computes bit-identical values regardless of its libm. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define PI 3.14159265358979323846

/* sin(x) for |x| <= pi/4; twiddles only ever need that range. */
static double sin_small(double x)
{
	double x2 = x * x, term = x, sum = x;
	for (int i = 1; i < 12; i++) {
		term *= -x2 / ((2 * i) * (2 * i + 1));
		sum += term;
	}
	return sum;
}

static double cos_small(double x)
{
	double x2 = x * x, term = 1, sum = 1;
	for (int i = 1; i < 12; i++) {
		term *= -x2 / ((2 * i - 1) * (2 * i));
		sum += term;
	}
	return sum;
}

/* cos and sin of 2*pi*k/n, folded into the first octant. */
static void twiddle(size_t k, size_t n, double *c, double *s)
{
	size_t q = n / 8, oct = k / q, r = k % q;
	double t = 2 * PI * (double)r / (double)n;
	double cs = cos_small(t), sn = sin_small(t), cs2 = cos_small(PI / 4 - t), sn2 = sin_small(PI / 4 - t);
	switch (oct) {
	case 0: *c = cs; *s = sn; break;
	case 1: *c = sn2; *s = cs2; break;
	case 2: *c = -sn; *s = cs; break;
	case 3: *c = -cs2; *s = sn2; break;
	case 4: *c = -cs; *s = -sn; break;
	case 5: *c = -sn2; *s = -cs2; break;
	case 6: *c = sn; *s = -cs; break;
	default: *c = cs2; *s = -sn2; break;
	}
}

static void fft(double *re, double *im, size_t n, const double *wc, const double *ws, int inverse)
{
	for (size_t i = 1, j = 0; i < n; i++) {
		size_t bit = n >> 1;
		for (; j & bit; bit >>= 1)
			j ^= bit;
		j |= bit;
		if (i < j) {
			double t = re[i]; re[i] = re[j]; re[j] = t;
			t = im[i]; im[i] = im[j]; im[j] = t;
		}
	}
	for (size_t len = 2; len <= n; len <<= 1) {
		size_t half = len / 2, step = n / len;
		for (size_t i = 0; i < n; i += len)
			for (size_t k = 0; k < half; k++) {
				double c = wc[k * step], s = inverse ? ws[k * step] : -ws[k * step];
				size_t a = i + k, b = a + half;
				double xr = re[b] * c - im[b] * s, xi = re[b] * s + im[b] * c;
				re[b] = re[a] - xr; im[b] = im[a] - xi;
				re[a] += xr; im[a] += xi;
			}
	}
}

int main(int argc, char **argv)
{
	size_t n = (size_t)1 << (bench_quick(argc, argv) ? 10 : 20);
	int reps = bench_quick(argc, argv) ? 1 : 6;
	double *re = malloc(n * sizeof *re), *im = malloc(n * sizeof *im);
	double *wc = malloc(n / 2 * sizeof *wc), *ws = malloc(n / 2 * sizeof *ws);
	if (!re || !im || !wc || !ws)
		return 1;
	for (size_t k = 0; k < n / 2; k++)
		twiddle(k, n, &wc[k], &ws[k]);
	uint64_t seed = 5;
	for (size_t i = 0; i < n; i++) {
		re[i] = (double)(bench_rand(&seed) % 2001) / 1000.0 - 1.0;
		im[i] = 0;
	}
	double energy = 0, max_err = 0, peak = 0;
	for (int r = 0; r < reps; r++) {
		double *orig = malloc(n * sizeof *orig);
		if (!orig)
			return 1;
		memcpy(orig, re, n * sizeof *re);
		fft(re, im, n, wc, ws, 0);
		energy = 0;
		for (size_t i = 0; i < n; i++)
			energy += re[i] * re[i] + im[i] * im[i];
		peak = re[1];
		fft(re, im, n, wc, ws, 1);
		for (size_t i = 0; i < n; i++) {
			re[i] /= (double)n;
			im[i] /= (double)n;
			double e = re[i] - orig[i];
			if (e < 0)
				e = -e;
			if (e > max_err)
				max_err = e;
		}
		free(orig);
	}
	printf("fft: n=%zu energy/n=%.6f re1=%.6f roundtrip_ok=%d\n", n, energy / (double)n, peak,
	       max_err < 1e-9);
	free(re);
	free(im);
	free(wc);
	free(ws);
	return 0;
}
