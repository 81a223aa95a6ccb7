/* bench/programs/randaccess.c: GUPS-style read-modify-write updates at
 * random places in a table much larger than the caches; memory latency
 * and address arithmetic. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t log_n = quick ? 14 : 23, n = (size_t)1 << log_n;
	size_t updates = quick ? 1 << 16 : (size_t)1 << 26;
	uint64_t *table = malloc(n * sizeof *table);
	if (!table)
		return 1;
	for (size_t i = 0; i < n; i++)
		table[i] = i;
	uint64_t x = 1;
	for (size_t i = 0; i < updates; i++) {
		/* xorshift64: each index depends on the previous state only. */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		table[x & (n - 1)] ^= x;
	}
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += table[i] ^ i;
	printf("randaccess: n=%zu updates=%zu checksum=%016llx\n", n, updates, (unsigned long long)sum);
	free(table);
	return 0;
}
