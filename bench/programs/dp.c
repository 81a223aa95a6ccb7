/* bench/programs/dp.c: two dynamic-programming table fills.  The edit
 * distance of two long DNA-like sequences (one a mutation of the other),
 * row by row over two rows: each cell is the minimum of three neighbours,
 * one of them the cell just written, a serial chain no vectoriser
 * breaks.  Then a 0/1 knapsack over a capacity row, walked downwards:
 * independent max(best[c], best[c - w] + v) updates that may vectorise.
 * Small integer loads, compares and selects in both, a shape Wasm
 * compilers run well behind native. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static uint32_t min3(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t m = a < b ? a : b;
	return m < c ? m : c;
}

static uint32_t edit_distance(const uint8_t *a, int n, const uint8_t *b, int m, uint32_t *prev, uint32_t *cur)
{
	for (int j = 0; j <= m; j++)
		prev[j] = (uint32_t)j;
	for (int i = 1; i <= n; i++) {
		uint8_t ai = a[i - 1];
		cur[0] = (uint32_t)i;
		for (int j = 1; j <= m; j++)
			cur[j] = min3(prev[j - 1] + (ai != b[j - 1]), prev[j] + 1, cur[j - 1] + 1);
		uint32_t *t = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

/* b is a with about one position in 16 substituted, deleted or given an
 * extra letter after it. */
static int mutate(const uint8_t *a, int n, uint8_t *b, uint64_t *seed)
{
	int m = 0;
	for (int i = 0; i < n; i++) {
		uint64_t r = bench_rand(seed);
		switch (r & 63) {
		case 0: case 1: b[m++] = (uint8_t)(r >> 8 & 3); break; /* substitute */
		case 2: case 3: break;                                 /* delete */
		case 4: case 5: b[m++] = a[i]; b[m++] = (uint8_t)(r >> 8 & 3); break; /* insert */
		default: b[m++] = a[i]; break;
		}
	}
	return m;
}

static int32_t knapsack(const int32_t *weight, const int32_t *value, int items, int32_t *best, int cap)
{
	memset(best, 0, (size_t)(cap + 1) * sizeof *best);
	for (int k = 0; k < items; k++) {
		int32_t w = weight[k], v = value[k];
		for (int c = cap; c >= w; c--) {
			int32_t with = best[c - w] + v;
			best[c] = with > best[c] ? with : best[c];
		}
	}
	return best[cap];
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	int n = quick ? 1500 : 20000, items = quick ? 100 : 3000, cap = quick ? 5000 : 150000;
	uint8_t *a = malloc((size_t)n), *b = malloc((size_t)n * 2);
	uint32_t *rows = malloc((size_t)(n * 2 + 1) * 2 * sizeof *rows);
	int32_t *weight = malloc((size_t)items * sizeof *weight), *value = malloc((size_t)items * sizeof *value);
	int32_t *best = malloc((size_t)(cap + 1) * sizeof *best);
	if (!a || !b || !rows || !weight || !value || !best)
		return 1;
	uint64_t seed = 5;
	for (int i = 0; i < n; i++)
		a[i] = (uint8_t)(bench_rand(&seed) >> 62);
	int m = mutate(a, n, b, &seed);
	uint32_t dist = edit_distance(a, n, b, m, rows, rows + m + 1);
	for (int k = 0; k < items; k++) {
		uint64_t r = bench_rand(&seed);
		weight[k] = 1 + (int32_t)(r % (uint64_t)(cap / 20));
		value[k] = weight[k] + (int32_t)(r >> 40 & 255);
	}
	int32_t packed = knapsack(weight, value, items, best, cap);
	uint32_t mix = 2166136261u;
	for (int c = 0; c <= cap; c += 97)
		mix = bench_mix(mix, (uint32_t)best[c]);
	printf("dp: edit(%d,%d)=%u knapsack(%d,%d)=%d checksum=%08x\n", n, m, dist, items, cap, packed, mix);
	free(a);
	free(b);
	free(rows);
	free(weight);
	free(value);
	free(best);
	return 0;
}
