/* bench/embed/exceptions.c: what exceptions cost at run time.  Runs each
 * loop of exceptions.wat (quiet, checked, guarded, thrown) over n
 * iterations, checks each sum against the same arithmetic done here, and
 * prints one JSON line per loop with the best of five runs in ns per
 * iteration: a call that can throw nothing, one that could, the same
 * inside a try_table, and a throw caught one frame up.  Usage:
 * exceptions [N] (default 10,000,000; the quick test passes a small N and
 * checks results, never times).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nacre.h"

extern const NacreModuleDesc exceptions_module;

enum { RUNS = 5, DEFAULT_N = 10000000 };

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* What every loop sums: $work(i) = 3i + 1 for i < n, mod 2^32. */
static uint32_t expected_sum(uint32_t n)
{
	uint32_t sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum += 3 * i + 1;
	return sum;
}

/* One loop, RUNS times: the best time per iteration, or -1 on a failed
 * call or a wrong sum. */
static double time_loop(NacreStore *s, NacreInstance *inst, const char *name, uint32_t n)
{
	NacreExtern f;
	NacreError err;
	double best = -1;
	if (!nacre_instance_export(inst, name, strlen(name), &f))
		return -1;
	for (int r = 0; r < RUNS; r++) {
		NacreValue arg = { .i32 = (int32_t)n }, res[1];
		double t0 = now_ns();
		if (nacre_call(s, f.u.func, &arg, res, &err) != NACRE_OK || (uint32_t)res[0].i32 != expected_sum(n)) {
			fprintf(stderr, "exceptions: %s: %s\n", name, err.message);
			return -1;
		}
		double per = (now_ns() - t0) / n;
		if (best < 0 || per < best)
			best = per;
	}
	return best;
}

int main(int argc, char **argv)
{
	static const char *const loops[] = { "quiet", "checked", "guarded", "thrown" };
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : DEFAULT_N;
	NacreModule *m = NULL;
	NacreStore *s = nacre_store_new();
	NacreInstance *inst;
	NacreError err;
	if (!n || !s || nacre_module_from_desc(&exceptions_module, &m, &err) != NACRE_OK ||
	    nacre_instantiate(s, m, NULL, 0, &inst, &err) != NACRE_OK) {
		fprintf(stderr, "exceptions: cannot instantiate\n");
		return 1;
	}
	int status = 0;
	for (size_t i = 0; i < sizeof loops / sizeof *loops; i++) {
		double ns = time_loop(s, inst, loops[i], n);
		if (ns < 0)
			status = 1;
		else
			printf("{\"loop\":\"%s\",\"iterations\":%u,\"ns_per_iteration\":%.2f}\n", loops[i], n, ns);
	}
	nacre_store_free(s);
	nacre_module_close(m);
	return status;
}
