/* bench/embed/instantiate.c: how long a host waits for a fresh tenant.
 * Times, per round, a new store, instantiating the small module in it,
 * one call, and freeing the store: with stores of their own, then with
 * stores of a pool (nacre_pool_new).  Prints one JSON line per way with
 * the median and the 99th percentile in microseconds.  Usage:
 * instantiate [ROUNDS] (default 20000, after 1000 unmeasured).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nacre.h"

extern const NacreModuleDesc small_module;

enum { WARMUP = 1000, DEFAULT_ROUNDS = 20000 };

/* small.wat's data segment, to check what run returns */
static const char data[] = "a small plugin's constant data, a few dozen bytes long";

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec * 1e-3;
}

/* One tenant's life; false if any step failed. */
static bool round_trip(const NacreModule *m, NacrePool *pool, int x)
{
	NacreStore *s = pool ? nacre_store_new_in(pool) : nacre_store_new();
	NacreInstance *inst;
	NacreExtern run;
	NacreValue arg = { .i32 = x }, r[1];
	NacreError err;
	bool ok = s && nacre_instantiate(s, m, NULL, 0, &inst, &err) == NACRE_OK &&
	          nacre_instance_export(inst, "run", 3, &run) && nacre_call(s, run.u.func, &arg, r, &err) == NACRE_OK;
	int byte = (unsigned char)data[x];
	nacre_store_free(s);
	return ok && r[0].i32 == (x & 1 ? byte * byte : 2 * byte);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Prints the median and p99 of `rounds` round trips. */
static bool measure(const char *way, const NacreModule *m, NacrePool *pool, double *us, long rounds)
{
	for (long i = -WARMUP; i < rounds; i++) {
		double t0 = now_us();
		if (!round_trip(m, pool, (int)(i & 31)))
			return fprintf(stderr, "instantiate: %s: round %ld failed\n", way, i), false;
		if (i >= 0)
			us[i] = now_us() - t0;
	}
	qsort(us, (size_t)rounds, sizeof *us, by_value);
	printf("{\"way\": \"%s\", \"rounds\": %ld, \"median_us\": %.2f, \"p99_us\": %.2f}\n", way, rounds,
	       us[rounds / 2], us[rounds * 99 / 100]);
	return true;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : DEFAULT_ROUNDS;
	NacreModule *m;
	NacreError err;
	NacrePoolConfig config = { .memories = 16, .memory_pages = 16, .guard = true, .keep_resident = 1 << 16 };
	NacrePool *pool = nacre_pool_new(&config, &err);
	double *us = malloc((size_t)(rounds > 0 ? rounds : 1) * sizeof *us);
	if (rounds <= 0 || !us || !pool || nacre_module_from_desc(&small_module, &m, &err) != NACRE_OK)
		return fprintf(stderr, "instantiate: cannot start\n"), 1;
	bool ok = measure("own", m, NULL, us, rounds) && measure("pooled", m, pool, us, rounds);
	nacre_module_close(m);
	nacre_pool_free(pool);
	free(us);
	return ok ? 0 : 1;
}
