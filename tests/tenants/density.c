/* tests/tenants/density.c: how many live instances one process holds.
 * Instantiates a small module in N stores, calls every one, and reports
 * the resident memory and the address space each instance costs, four
 * ways: guard-page bounds and explicit checks, each with memories of
 * their own and from a pool (guard slots; plain slots of POOL_PAGES).
 * Usage: density OWN-GUARD OWN-EXPLICIT POOL-GUARD POOL-EXPLICIT: the
 * counts that must be reached; 0 skips a way; a shortfall fails with
 * the count reached and the runtime's reason.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nacre.h"

extern const NacreModuleDesc tenant_guard_module, tenant_explicit_module;

enum { SUM_N = 100, POOL_PAGES = 16, WAYS = 4 };

typedef struct Tenant {
	NacreStore *s;
	NacreInstance *inst;
} Tenant;

/* Pages of the process: address space and resident (/proc/self/statm). */
static bool footprint(uint64_t *virt, uint64_t *resident)
{
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return false;
	bool ok = fscanf(f, "%" SCNu64 " %" SCNu64, virt, resident) == 2;
	fclose(f);
	return ok;
}

static bool make(const NacreModule *m, NacrePool *pool, Tenant *t, NacreError *err)
{
	t->s = pool ? nacre_store_new_in(pool) : nacre_store_new();
	if (!t->s)
		return snprintf(err->message, sizeof err->message, "no store"), false;
	return nacre_instantiate(t->s, m, NULL, 0, &t->inst, err) == NACRE_OK;
}

static bool sum_ok(Tenant *t, NacreError *err)
{
	NacreExtern fn;
	NacreValue arg = { .i32 = SUM_N }, r[1];
	return nacre_instance_export(t->inst, "sum", 3, &fn) && nacre_call(t->s, fn.u.func, &arg, r, err) == NACRE_OK &&
	       r[0].i64 == (int64_t)SUM_N * (SUM_N + 1) / 2;
}

/* Makes up to want tenants; returns how many stood and answered. */
static size_t fill(const NacreModule *m, NacrePool *pool, Tenant *tenants, size_t want, NacreError *err)
{
	size_t n = 0;
	while (n < want && make(m, pool, &tenants[n], err) && sum_ok(&tenants[n], err))
		n++;
	if (n < want)
		nacre_store_free(tenants[n].s);
	return n;
}

typedef struct Way {
	const char *name;
	const NacreModuleDesc *desc;
	bool pooled, guard;
} Way;

static const Way ways[WAYS] = {
	{ "own memories, guard pages", &tenant_guard_module, false, true },
	{ "own memories, explicit checks", &tenant_explicit_module, false, false },
	{ "pooled memories, guard pages", &tenant_guard_module, true, true },
	{ "pooled memories, explicit checks", &tenant_explicit_module, true, false },
};

static NacrePool *pool_for(const Way *w, size_t want, NacreError *err)
{
	NacrePoolConfig c = { .memories = (uint32_t)want, .memory_pages = POOL_PAGES, .guard = w->guard,
	                      .keep_resident = 65536 };
	return w->pooled ? nacre_pool_new(&c, err) : NULL;
}

static bool run(const Way *w, size_t want)
{
	NacreModule *m;
	NacreError err = { 0 };
	uint64_t v0 = 0, r0 = 0, v1 = 0, r1 = 0;
	footprint(&v0, &r0);
	Tenant *tenants = calloc(want, sizeof *tenants);
	NacrePool *pool = pool_for(w, want, &err);
	if (!tenants || (w->pooled && !pool) || nacre_module_from_desc(w->desc, &m, &err) != NACRE_OK)
		return fprintf(stderr, "%s: cannot start: %s\n", w->name, err.message), false;
	size_t n = fill(m, pool, tenants, want, &err);
	footprint(&v1, &r1);
	double page = (double)sysconf(_SC_PAGESIZE), each = n ? (double)n : 1;
	printf("%s: %zu of %zu live instances; each %.1f KiB resident, %.4f GiB of address space\n", w->name, n,
	       want, (double)(r1 - r0) * page / 1024 / each, (double)(v1 - v0) * page / (1 << 30) / each);
	fflush(stdout);
	if (n < want)
		fprintf(stderr, "%s: stopped at %zu: %s\n", w->name, n, err.message);
	for (size_t i = 0; i < n; i++)
		nacre_store_free(tenants[i].s);
	nacre_module_close(m);
	nacre_pool_free(pool);
	free(tenants);
	return n == want;
}

/* Each way in a process of its own, so that its footprint is its own. */
static bool in_child(const Way *w, size_t want)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(run(w, want) ? 0 : 1);
	int status;
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	if (argc != WAYS + 1)
		return fprintf(stderr, "usage: density OWN-GUARD OWN-EXPLICIT POOL-GUARD POOL-EXPLICIT\n"), 2;
	bool ok = true;
	for (int i = 0; i < WAYS; i++) {
		size_t want = strtoul(argv[i + 1], NULL, 10);
		ok = (!want || in_child(&ways[i], want)) && ok;
	}
	return ok ? 0 : 1;
}
