/* bench/embed/instantiate.c: how long a host waits for a fresh tenant.
 * Times, per round, a new store, instantiating the small module in it,
 * one call, and freeing the store, with memories of their own and then
 * from a pool (nacre_pool_new); then the same for the WASI hello plugin
 * (hello.c: a new WASI context with stdout captured, instantiate, run
 * _start, check the output, free).  Prints one JSON line per way with
 * the median and the 99th percentile in microseconds.  Usage:
 * instantiate [ROUNDS] (default 20000, after 1000 unmeasured).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <string.h>

#include "nacre.h"
#include "nacre_wasi.h"

extern const NacreModuleDesc small_module, hello_module;

static const char greeting[] = "hello from a plugin\n";

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

/* One WASI plugin's life; false if any step failed or it said the
 * wrong thing. */
static bool wasi_round_trip(const NacreModule *m, NacrePool *pool, int x)
{
	(void)x;
	NacreStore *s = pool ? nacre_store_new_in(pool) : nacre_store_new();
	NacreWasi *w = nacre_wasi_new();
	NacreError err;
	size_t len = 0;
	bool ok = s && w && nacre_wasi_stdio_capture(w, NACRE_WASI_STDOUT, 4096, &err) == NACRE_OK &&
	          nacre_wasi_run(w, s, m, NULL, &err) == NACRE_OK;
	const uint8_t *out = ok ? nacre_wasi_captured(w, NACRE_WASI_STDOUT, &len) : NULL;
	ok = ok && len == sizeof greeting - 1 && memcmp(out, greeting, len) == 0;
	nacre_store_free(s);
	nacre_wasi_free(w);
	return ok;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Prints the median and p99 of `rounds` round trips. */
typedef bool RoundTrip(const NacreModule *m, NacrePool *pool, int x);

static bool measure(const char *way, RoundTrip *trip, const NacreModule *m, NacrePool *pool, double *us,
                    long rounds)
{
	for (long i = -WARMUP; i < rounds; i++) {
		double t0 = now_us();
		if (!trip(m, pool, (int)(i & 31)))
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
	NacreModule *m, *hello;
	NacreError err;
	NacrePoolConfig config = { .memories = 16, .memory_pages = 32, .guard = true, .keep_resident = 1 << 17 };
	NacrePool *pool = nacre_pool_new(&config, &err);
	double *us = malloc((size_t)(rounds > 0 ? rounds : 1) * sizeof *us);
	if (rounds <= 0 || !us || !pool || nacre_module_from_desc(&small_module, &m, &err) != NACRE_OK ||
	    nacre_module_from_desc(&hello_module, &hello, &err) != NACRE_OK)
		return fprintf(stderr, "instantiate: cannot start\n"), 1;
	bool ok = measure("small, own memory", round_trip, m, NULL, us, rounds) &&
	          measure("small, pooled", round_trip, m, pool, us, rounds) &&
	          measure("wasi hello, own memory", wasi_round_trip, hello, NULL, us, rounds) &&
	          measure("wasi hello, pooled", wasi_round_trip, hello, pool, us, rounds);
	nacre_module_close(m);
	nacre_module_close(hello);
	nacre_pool_free(pool);
	free(us);
	return ok ? 0 : 1;
}
