/* bench/programs/sort.c: sorts PRNG data twice, with a top-down merge
 * sort and with an introspective-free quicksort (median of three), and
 * checks both agree; comparisons, branches and memory moves. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t mid = n / 2;
	merge_sort(a, tmp, mid);
	merge_sort(a + mid, tmp, n - mid);
	size_t i = 0, j = mid, k = 0;
	while (i < mid && j < n)
		tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
	while (i < mid)
		tmp[k++] = a[i++];
	memcpy(a, tmp, k * sizeof *a);
}

static void insertion_sort(uint32_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t v = a[i];
		size_t j = i;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static void quick_sort(uint32_t *a, size_t n)
{
	while (n > 16) {
		uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
		uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
		size_t i = 0, j = n - 1;
		for (;;) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i >= j)
				break;
			uint32_t t = a[i];
			a[i++] = a[j];
			a[j--] = t;
		}
		/* Recurse into the smaller half to bound the stack. */
		if (j + 1 < n - j - 1) {
			quick_sort(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			quick_sort(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	insertion_sort(a, n);
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t n = quick ? 20000 : 2000000;
	int reps = quick ? 1 : 3;
	uint32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *tmp = malloc(n * sizeof *tmp);
	if (!a || !b || !tmp)
		return 1;
	uint64_t seed = 42;
	uint32_t h = 2166136261u;
	for (int r = 0; r < reps; r++) {
		for (size_t i = 0; i < n; i++)
			a[i] = b[i] = (uint32_t)bench_rand(&seed) >> (r * 8); /* later rounds: many duplicates */
		merge_sort(a, tmp, n);
		quick_sort(b, n);
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i] || (i && a[i - 1] > a[i])) {
				printf("sort: MISMATCH at %zu\n", i);
				return 1;
			}
		for (size_t i = 0; i < n; i += 997)
			h = bench_mix(h, a[i]);
	}
	printf("sort: n=%zu checksum=%08x\n", n, h);
	free(a);
	free(b);
	free(tmp);
	return 0;
}
