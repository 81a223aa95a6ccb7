/* bench/programs/sieve.c: the sieve of Eratosthenes over a byte array,
 * repeated; integer work with a strided store pattern. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static uint32_t sieve(uint8_t *composite, uint32_t n, uint64_t *sum)
{
	memset(composite, 0, n + 1);
	uint32_t count = 0;
	for (uint32_t i = 2; i <= n; i++) {
		if (composite[i])
			continue;
		count++;
		*sum += i;
		for (uint64_t j = (uint64_t)i * i; j <= n; j += i)
			composite[j] = 1;
	}
	return count;
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	uint32_t n = quick ? 100000 : 16000000, reps = quick ? 2 : 6;
	uint8_t *composite = malloc(n + 1);
	if (!composite)
		return 1;
	uint32_t h = 2166136261u, count = 0;
	for (uint32_t r = 0; r < reps; r++) {
		uint64_t sum = 0;
		count = sieve(composite, n - r, &sum);
		h = bench_mix(h, count);
		h = bench_mix(h, (uint32_t)sum ^ (uint32_t)(sum >> 32));
	}
	printf("sieve: primes=%u checksum=%08x\n", count, h);
	free(composite);
	return 0;
}
