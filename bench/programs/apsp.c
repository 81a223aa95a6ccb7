/* bench/programs/apsp.c: all-pairs shortest paths by Floyd-Warshall on
 * an int32 distance matrix of a random sparse directed graph; n^3
 * min(d[i][j], d[i][k] + d[k][j]) updates, the inner loop contiguous
 * over two rows (one of them row k, which may be row i), the middle
 * loop strided by a row.  Integer compare-and-select where stencils
 * have float arithmetic; Wasm compilers run it about 1.4x native. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

/* Far beyond any path (at most n edges of weight < 1024) and small
 * enough that INF + INF does not overflow. */
#define INF (1 << 29)

static void floyd_warshall(int32_t *d, int n)
{
	for (int k = 0; k < n; k++) {
		const int32_t *dk = d + (size_t)k * n;
		for (int i = 0; i < n; i++) {
			int32_t *di = d + (size_t)i * n;
			int32_t dik = di[k];
			if (dik == INF)
				continue;
			for (int j = 0; j < n; j++) {
				int32_t via = dik + dk[j];
				di[j] = via < di[j] ? via : di[j];
			}
		}
	}
}

/* About `degree` random out-edges per vertex, plus a ring so that every
 * vertex reaches every other. */
static void init(int32_t *d, int n, int degree, uint64_t seed)
{
	for (size_t i = 0; i < (size_t)n * n; i++)
		d[i] = INF;
	for (int i = 0; i < n; i++) {
		d[(size_t)i * n + i] = 0;
		d[(size_t)i * n + (i + 1) % n] = 1000;
		for (int e = 0; e < degree; e++) {
			uint64_t r = bench_rand(&seed);
			int j = (int)((r >> 32) % (uint64_t)n);
			int32_t w = (int32_t)(r & 1023);
			int32_t *dij = &d[(size_t)i * n + j];
			if (i != j && w < *dij)
				*dij = w;
		}
	}
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	/* Several graphs rather than one larger: the matrix stays within
	 * the caches, so the loop's code, not memory, sets the pace. */
	int n = quick ? 128 : 1024, graphs = quick ? 1 : 3;
	int32_t *d = malloc((size_t)n * n * sizeof *d);
	if (!d)
		return 1;
	uint32_t mix = 2166136261u;
	uint64_t total = 0;
	int32_t diameter = 0;
	for (int g = 0; g < graphs; g++) {
		init(d, n, 4, 99 + (uint64_t)g);
		floyd_warshall(d, n);
		for (size_t i = 0; i < (size_t)n * n; i++) {
			mix = bench_mix(mix, (uint32_t)d[i]);
			total += (uint64_t)d[i];
			diameter = d[i] > diameter ? d[i] : diameter;
		}
	}
	printf("apsp: n=%d graphs=%d total=%llu diameter=%d checksum=%08x\n", n, graphs, (unsigned long long)total, diameter, mix);
	free(d);
	return 0;
}
