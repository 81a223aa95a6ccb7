/* bench/programs/bench.h: what every benchmark program shares: the
 * `--quick` switch (tiny sizes, for the test suite) and a deterministic
 * PRNG, so that native and Wasm builds see the same data and print the
 * same checksum line. */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <string.h>

static inline int bench_quick(int argc, char **argv)
{
	return argc > 1 && strcmp(argv[1], "--quick") == 0;
}

/* splitmix64: fast, full-period, and the same on every target. */
static inline uint64_t bench_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* FNV-1a step, to fold results into one printed checksum. */
static inline uint32_t bench_mix(uint32_t h, uint32_t v)
{
	for (int i = 0; i < 4; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * 16777619u;
	return h;
}

#endif
