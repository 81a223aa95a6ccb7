/* tests/tenants/stress.c: many untrusted tenants in one process.  Worker
 * threads each run a stream of tenants, one store per tenant, under
 * per-store limits; every tenant plays one role of tenant.wat, good or
 * bad: loops forever (a watchdog thread interrupts it), burns its fuel,
 * grows memory or a table past its limit, traps, exhausts its stack,
 * reads out of bounds.  Each outcome must be the one expected, the store
 * must stay usable afterwards, the tenants kept alive must still compute
 * the right answers at the end, and fuel must run out at the same point
 * every time.  A third of the tenants use guard-page bounds, a third
 * explicit checks, and a third explicit checks with memories from a pool
 * (whose slots must come back zeroed: burn reads its round count from
 * memory).
 * Exit status 0 when all of that held; every failure is printed.
 * Usage: stress [TENANTS] (per worker thread; default 280).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nacre.h"

extern const NacreModuleDesc tenant_guard_module, tenant_explicit_module;

enum {
	WORKERS = 4,
	TENANTS = 280,               /* per worker, by default */
	LIVE = 8,                    /* stores each worker keeps alive */
	PAGES = 8,                   /* memory limit, in pages (the module starts with 1) */
	TABLE_LIMIT = 64,
	FUEL = 200000,
	SUM_N = 1000,
	KINDS = 3,                   /* guard, explicit, explicit pooled */
	STACK = 256 << 10,
};

typedef enum Role { GOOD, SPIN, HOG, TABLE_HOG, BOOM, DEEP, BURN, OOB, ROLES } Role;
static const char *const role_names[ROLES] = { "good", "spin", "hog", "table_hog", "boom", "deep", "burn", "oob" };
static const char *const kind_names[KINDS] = { "guard", "explicit", "explicit, pooled" };

typedef struct Worker {
	int id;
	unsigned tenants;
	NacreModule *modules[KINDS];
	NacrePool *pool;             /* plain slots, for the pooled kind */
	pthread_mutex_t lock;        /* guards spinning */
	NacreStore *spinning;        /* the store the watchdog interrupts */
	NacreStore *live[LIVE];
	NacreInstance *live_inst[LIVE];
	unsigned counts[ROLES], failures;
	int32_t burned[KINDS];       /* rounds a metered spin made; -1: none yet */
} Worker;

typedef struct Tenant {
	Worker *w;
	unsigned index;
	Role role;
	int kind;
	NacreStore *s;
	NacreInstance *inst;
} Tenant;

static atomic_bool all_done;

/* The host function each store may make one of. */
static const uint8_t no_types[1];
static const NacreFuncType no_type = { 0, 0, no_types, no_types };
static void no_op(void *env, NacreValue *args_results)
{
	(void)env, (void)args_results;
}

static void fail(Worker *w, const Tenant *t, const char *what, const NacreError *err)
{
	w->failures++;
	fprintf(stderr, "worker %d tenant %u (%s, %s): %s%s%s\n", w->id, t ? t->index : 0,
	        t ? role_names[t->role] : "-", t ? kind_names[t->kind] : "-", what, err ? ": " : "",
	        err ? err->message : "");
}

static NacreStatus call(Tenant *t, const char *name, const NacreValue *args, NacreValue *results, NacreError *err)
{
	NacreExtern fn;
	if (!nacre_instance_export(t->inst, name, strlen(name), &fn) || fn.kind != NACRE_EXTERN_FUNC) {
		snprintf(err->message, sizeof err->message, "no export %s", name);
		return NACRE_ERROR;
	}
	return nacre_call(t->s, fn.u.func, args, results, err);
}

/* Calls name and expects it to trap with want. */
static bool expect_trap(Tenant *t, const char *name, const NacreValue *args, NacreTrap want)
{
	NacreValue results[1];
	NacreError err = { 0 };
	NacreStatus st = call(t, name, args, results, &err);
	if (st == NACRE_TRAPPED && err.trap == want)
		return true;
	char what[96];
	snprintf(what, sizeof what, "%s: wanted the trap \"%s\", got status %d", name, nacre_trap_text(want), st);
	fail(t->w, t, what, &err);
	return false;
}

static bool expect_i32(Tenant *t, const char *name, int32_t want)
{
	NacreValue r[1];
	NacreError err = { 0 };
	if (call(t, name, NULL, r, &err) == NACRE_OK && r[0].i32 == want)
		return true;
	char what[96];
	snprintf(what, sizeof what, "%s: wanted %" PRId32 ", got %" PRId32, name, want, r[0].i32);
	fail(t->w, t, what, &err);
	return false;
}

/* sum(SUM_N) on the tenant's store; one late interrupt (requested by the
 * watchdog just as a spin ended) may still be pending, and then costs
 * one retry. */
static bool sum_ok(Tenant *t, int tries)
{
	NacreValue arg = { .i32 = SUM_N }, r[1];
	NacreError err = { 0 };
	NacreStatus st = call(t, "sum", &arg, r, &err);
	if (st == NACRE_TRAPPED && err.trap == NACRE_TRAP_INTERRUPTED && tries > 1)
		return sum_ok(t, tries - 1);
	if (st == NACRE_OK && r[0].i64 == (int64_t)SUM_N * (SUM_N + 1) / 2)
		return true;
	fail(t->w, t, "sum is wrong or failed", &err);
	return false;
}

static void set_spinning(Worker *w, NacreStore *s)
{
	pthread_mutex_lock(&w->lock);
	w->spinning = s;
	pthread_mutex_unlock(&w->lock);
}

static bool spin(Tenant *t)
{
	set_spinning(t->w, t->s);
	bool ok = expect_trap(t, "spin", NULL, NACRE_TRAP_INTERRUPTED);
	set_spinning(t->w, NULL);
	return ok;
}

/* memory[0]: the rounds spin made. */
static int32_t rounds(Tenant *t)
{
	NacreExtern mem;
	uint64_t size;
	if (!nacre_instance_export(t->inst, "memory", 6, &mem) || mem.kind != NACRE_EXTERN_MEMORY)
		return -1;
	int32_t n;
	memcpy(&n, nacre_memory_data(mem.u.memory, &size), sizeof n);
	return n;
}

/* Fuel runs out, at the same round for every tenant of a kind. */
static bool burn(Tenant *t)
{
	nacre_store_set_fuel(t->s, FUEL);
	bool ok = expect_trap(t, "spin", NULL, NACRE_TRAP_OUT_OF_FUEL);
	int32_t n = rounds(t);
	int32_t *seen = &t->w->burned[t->kind];
	if (ok && *seen >= 0 && n != *seen) {
		fail(t->w, t, "fuel ran out at another round", NULL);
		ok = false;
	}
	*seen = n;
	nacre_store_set_fuel(t->s, UINT64_MAX);
	return ok;
}

static bool play(Tenant *t)
{
	NacreValue arg;
	switch (t->role) {
	case GOOD: return sum_ok(t, 1);
	case SPIN: return spin(t);
	case HOG: return expect_i32(t, "hog", PAGES - 1);
	case TABLE_HOG: return expect_i32(t, "table_hog", -1);
	case BOOM: return expect_trap(t, "boom", NULL, NACRE_TRAP_UNREACHABLE);
	case DEEP: return expect_trap(t, "deep", &(NacreValue){ .i32 = 0 }, NACRE_TRAP_STACK_EXHAUSTED);
	case BURN: return burn(t);
	case OOB: arg.i32 = 70000; return expect_trap(t, "poke", &arg, NACRE_TRAP_OOB_MEMORY);
	case ROLES: break;
	}
	return false;
}

/* The store's limits hold for counts too: a second instance and a second
 * host function are refused. */
static bool counts_limited(Tenant *t)
{
	NacreInstance *again;
	NacreError err = { 0 };
	bool ok = nacre_instantiate(t->s, t->w->modules[t->kind], NULL, 0, &again, &err) == NACRE_ERROR;
	ok = ok && nacre_host_func_new(t->s, &no_type, no_op, NULL) == NULL;
	if (!ok)
		fail(t->w, t, "a count limit was not enforced", NULL);
	return ok;
}

static NacreStore *limited_store(NacrePool *pool)
{
	NacreStore *s = pool ? nacre_store_new_in(pool) : nacre_store_new();
	if (!s)
		return NULL;
	NacreLimits limits = {
		.memory_pages = PAGES, .table_elements = TABLE_LIMIT, .instances = 1,
		.memories = 1, .tables = 1, .host_funcs = 1,
	};
	nacre_store_set_limits(s, &limits);
	nacre_store_set_stack_size(s, STACK);
	return s;
}

/* One tenant: made, played, checked, then kept in the live ring in place
 * of the oldest, which is freed. */
static void run_tenant(Worker *w, unsigned index)
{
	Tenant t = { w, index, (Role)(index % ROLES), (int)(index / ROLES % KINDS), NULL, NULL };
	t.s = limited_store(t.kind == 2 ? w->pool : NULL);
	NacreError err = { 0 };
	if (!t.s || nacre_instantiate(t.s, w->modules[t.kind], NULL, 0, &t.inst, &err) != NACRE_OK ||
	    !nacre_host_func_new(t.s, &no_type, no_op, NULL)) {
		fail(w, &t, "could not set the tenant up", &err);
		nacre_store_free(t.s);
		return;
	}
	bool ok = play(&t);
	ok = sum_ok(&t, 2) && ok; /* usable after whatever it did */
	ok = counts_limited(&t) && ok;
	w->counts[t.role] += ok;
	unsigned slot = index % LIVE;
	nacre_store_free(w->live[slot]);
	w->live[slot] = t.s;
	w->live_inst[slot] = t.inst;
}

static void *work(void *arg)
{
	Worker *w = arg;
	for (unsigned i = 0; i < w->tenants; i++)
		run_tenant(w, i + (unsigned)w->id);
	return NULL;
}

/* Interrupts whatever store each worker has spinning, every 100 us. */
static void *watch(void *arg)
{
	Worker *workers = arg;
	struct timespec pause = { 0, 100000 };
	while (!atomic_load(&all_done)) {
		for (int i = 0; i < WORKERS; i++) {
			pthread_mutex_lock(&workers[i].lock);
			if (workers[i].spinning)
				nacre_store_interrupt(workers[i].spinning);
			pthread_mutex_unlock(&workers[i].lock);
		}
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/* The tenants still alive were not disturbed by their neighbours. */
static void check_live(Worker *w)
{
	for (int i = 0; i < LIVE; i++) {
		Tenant t = { w, (unsigned)i, GOOD, 0, w->live[i], w->live_inst[i] };
		if (t.s)
			sum_ok(&t, 2);
		nacre_store_free(t.s);
	}
}

static bool open_modules(Worker *w)
{
	const NacreModuleDesc *descs[KINDS] = { &tenant_guard_module, &tenant_explicit_module, &tenant_explicit_module };
	NacreError err = { 0 };
	NacrePoolConfig c = { .memories = LIVE + 1, .memory_pages = PAGES, .keep_resident = 65536 };
	if (!(w->pool = nacre_pool_new(&c, &err))) {
		fprintf(stderr, "pool: %s\n", err.message);
		return false;
	}
	for (int k = 0; k < KINDS; k++) {
		w->burned[k] = -1;
		if (nacre_module_from_desc(descs[k], &w->modules[k], &err) != NACRE_OK) {
			fprintf(stderr, "module: %s\n", err.message);
			return false;
		}
	}
	return true;
}

static int report(Worker *workers)
{
	unsigned failures = 0, counts[ROLES] = { 0 };
	for (int i = 0; i < WORKERS; i++) {
		failures += workers[i].failures;
		for (int r = 0; r < ROLES; r++)
			counts[r] += workers[i].counts[r];
		for (int k = 0; k < KINDS; k++)
			if (workers[i].burned[k] != workers[0].burned[k]) {
				fprintf(stderr, "fuel ran out at different rounds on workers 0 and %d\n", i);
				failures++;
			}
	}
	printf("%u tenants on %d threads, %d kept alive:", WORKERS * workers[0].tenants, WORKERS, WORKERS * LIVE);
	for (int r = 0; r < ROLES; r++)
		printf(" %s %u", role_names[r], counts[r]);
	printf("; fuel %d ran out after %" PRId32 " rounds (guard), %" PRId32 " (explicit), %" PRId32
	       " (pooled); %u failures\n", FUEL, workers[0].burned[0], workers[0].burned[1], workers[0].burned[2],
	       failures);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	static Worker workers[WORKERS];
	unsigned long tenants = argc > 1 ? strtoul(argv[1], NULL, 10) : TENANTS;
	pthread_t threads[WORKERS], watchdog;
	for (int i = 0; i < WORKERS; i++) {
		workers[i].id = i;
		workers[i].tenants = (unsigned)tenants;
		pthread_mutex_init(&workers[i].lock, NULL);
		if (!open_modules(&workers[i]))
			return 1;
	}
	pthread_create(&watchdog, NULL, watch, workers);
	for (int i = 0; i < WORKERS; i++)
		pthread_create(&threads[i], NULL, work, &workers[i]);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(threads[i], NULL);
	atomic_store(&all_done, true);
	pthread_join(watchdog, NULL);
	for (int i = 0; i < WORKERS; i++) {
		check_live(&workers[i]);
		for (int k = 0; k < KINDS; k++)
			nacre_module_close(workers[i].modules[k]);
		nacre_pool_free(workers[i].pool);
	}
	return report(workers);
}
