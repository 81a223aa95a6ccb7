/* tests/embed/test_interrupt.c: stopping Wasm code from outside.
 * interrupt.wasm is built --interruptible --metered four ways (guard,
 * explicit and masked bounds at -O2, guard at -O0); for each: an endless
 * loop, an endless chain of calls and a loop of a call LLVM inlines are
 * interrupted from another thread
 * and the store then serves a normal call; a request made while nothing
 * runs stops the next call only; fuel runs out at the same point every
 * time, in every build (fuel counts Wasm instructions, not native ones);
 * a neighbour store running on another thread is not disturbed; and
 * exceptions kept for exnrefs stop at the store's limit with a trap,
 * while those caught without one, or kept once and rethrown, run a
 * million times in bounded memory.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "intr_explicit.h"
#include "intr_guard.h"
#include "intr_masked.h"
#include "intr_o0.h"

static const NacreModuleDesc *const builds[] = { &intr_guard_module, &intr_explicit_module,
                                                 &intr_masked_module, &intr_o0_module };
enum { NBUILDS = sizeof builds / sizeof *builds };

/* The host's side of the module's imports: a tag, and a function that
 * throws it with twice its argument (nothing for a negative one). */
typedef struct Host {
	NacreStore *store;
	NacreTag *tag;
} Host;

typedef struct Loaded {
	NacreStore *store;
	NacreModule *module;
	NacreInstance *inst;
	uint8_t *mem;
	Host *host;
} Loaded;

static void host_throw(void *env, NacreValue *args)
{
	Host *h = env;
	NacreError err = { 0 };
	NacreValue payload = { .i32 = args[0].i32 * 2 };
	if (args[0].i32 >= 0)
		cr_assert_eq(nacre_host_throw(h->store, h->tag, &payload, &err), NACRE_OK, "%s", err.message);
}

static Loaded load(const NacreModuleDesc *desc)
{
	Loaded l = { .store = nacre_store_new(), .host = malloc(sizeof(Host)) };
	NacreError err = { 0 };
	cr_assert(l.store && l.host);
	const uint8_t i32[] = { NACRE_I32 };
	const NacreFuncType type = { 1, 0, i32, NULL };
	*l.host = (Host){ l.store, nacre_tag_new(l.store, &type) };
	NacreFuncRef *f = nacre_host_func_new(l.store, &type, host_throw, l.host);
	cr_assert(l.host->tag && f);
	NacreExtern imports[] = { { NACRE_EXTERN_FUNC, { .func = f } }, { NACRE_EXTERN_TAG, { .tag = l.host->tag } } };
	cr_assert_eq(nacre_module_from_desc(desc, &l.module, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(nacre_instantiate(l.store, l.module, imports, 2, &l.inst, &err), NACRE_OK, "%s", err.message);
	NacreExtern mem;
	cr_assert(nacre_instance_export(l.inst, "memory", 6, &mem) && mem.kind == NACRE_EXTERN_MEMORY);
	l.mem = nacre_memory_data(mem.u.memory, NULL);
	return l;
}

static void unload(Loaded *l)
{
	nacre_store_free(l->store);
	nacre_module_close(l->module);
	free(l->host);
}

static NacreFuncRef *func(Loaded *l, const char *name)
{
	NacreExtern e;
	cr_assert(nacre_instance_export(l->inst, name, strlen(name), &e) && e.kind == NACRE_EXTERN_FUNC, "%s", name);
	return e.u.func;
}

/* Calls name(arg) (arg ignored by functions without a parameter). */
static NacreStatus call(Loaded *l, const char *name, int32_t arg, int32_t *result, NacreError *err)
{
	NacreValue args[1] = { { .i32 = arg } }, results[1] = { { .i32 = 0 } };
	NacreStatus st = nacre_call(l->store, func(l, name), args, results, err);
	if (result)
		*result = results[0].i32;
	return st;
}

static uint32_t progress(const Loaded *l)
{
	return __atomic_load_n((const uint32_t *)l->mem, __ATOMIC_RELAXED);
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&t, NULL);
}

/* Waits until the store's code has made progress, then interrupts it:
 * so the request lands while the call runs (were it earlier, the call
 * would still stop, at its first check). */
typedef struct Stopper {
	const Loaded *l;
	pthread_t thread;
	bool counts;                 /* the code shows progress in memory[0] */
} Stopper;

static void *stop(void *arg)
{
	Stopper *s = arg;
	for (int i = 0; i < 5000 && s->counts && progress(s->l) == 0; i++)
		sleep_ms(1);
	sleep_ms(10);
	nacre_store_interrupt(s->l->store);
	return NULL;
}

static void interrupted_from_thread(Loaded *l, const char *name)
{
	Stopper s = { l, 0, strcmp(name, "chain_pure") != 0 };
	NacreError err = { 0 };
	call(l, "reset", 0, NULL, &err);
	cr_assert_eq(pthread_create(&s.thread, NULL, stop, &s), 0);
	cr_assert_eq(call(l, name, 0, NULL, &err), NACRE_TRAPPED, "%s returned", name);
	pthread_join(s.thread, NULL);
	cr_assert_eq(err.trap, NACRE_TRAP_INTERRUPTED, "%s: %s", name, err.message);
	cr_assert(strstr(err.message, "wasm trap: interrupted"), "%s", err.message);
	cr_assert(progress(l) != 0 || !s.counts);
	/* the store is usable again, and the request is gone */
	int32_t r;
	call(l, "reset", 0, NULL, &err);
	cr_assert_eq(call(l, "work", 1000, &r, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(r, 1000);
}

Test(interrupt, endless_loop_stopped_from_another_thread)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		interrupted_from_thread(&l, "spin");
		unload(&l);
	}
}

Test(interrupt, endless_call_chain_stopped_from_another_thread)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		interrupted_from_thread(&l, "chain");
		unload(&l);
	}
}

Test(interrupt, endless_loop_of_an_inlined_call_stopped)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		interrupted_from_thread(&l, "chain_pure");
		unload(&l);
	}
}

Test(interrupt, request_between_calls_stops_only_the_next)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		NacreError err = { 0 };
		int32_t r;
		nacre_store_interrupt(l.store);
		nacre_store_interrupt(l.store); /* asking twice is one request */
		cr_assert_eq(call(&l, "work", 10, &r, &err), NACRE_TRAPPED);
		cr_assert_eq(err.trap, NACRE_TRAP_INTERRUPTED, "%s", err.message);
		cr_assert_eq(progress(&l), 0, "stopped at its entry");
		cr_assert_eq(call(&l, "work", 10, &r, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(r, 10);
		unload(&l);
	}
}

Test(interrupt, stack_exhaustion_is_not_an_interrupt)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		NacreError err = { 0 };
		int32_t r;
		cr_assert_eq(call(&l, "deep", 0, &r, &err), NACRE_TRAPPED);
		cr_assert_eq(err.trap, NACRE_TRAP_STACK_EXHAUSTED, "%s", err.message);
		cr_assert_eq(call(&l, "work", 5, &r, &err), NACRE_OK, "%s", err.message);
		unload(&l);
	}
}

/* Exceptions (3.0): one that nothing catches comes back to the host as
 * a trap of its own code, after the work before the throw, and the store
 * stays usable; an endless loop that throws and catches stops like any. */
Test(exception, uncaught_reaches_the_host_as_its_own_trap)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		NacreError err = { 0 };
		int32_t r;
		cr_assert_eq(call(&l, "uncaught", 5, &r, &err), NACRE_TRAPPED);
		cr_assert_eq(err.trap, NACRE_TRAP_UNCAUGHT_EXCEPTION, "%s", err.message);
		cr_assert(strstr(err.message, "wasm trap: uncaught exception"), "%s", err.message);
		cr_assert_eq(progress(&l), 1);
		/* the embedder reads its tag and payload */
		NacreExtern boom;
		cr_assert(nacre_instance_export(l.inst, "boom", 4, &boom) && boom.kind == NACRE_EXTERN_TAG);
		const NacreExn *x = nacre_store_exception(l.store);
		cr_assert(x && x->tag == boom.u.tag && x->nvalues == 1);
		cr_assert_eq(x->payload[0].i32, 5);
		call(&l, "reset", 0, NULL, &err);
		cr_assert_eq(call(&l, "work", 10, &r, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(r, 10);
		unload(&l);
	}
}

/* A host function throws: the Wasm caller's handler catches it, or it
 * comes back out to the host with its tag and payload; outside a call,
 * or with another store's tag, nothing is thrown. */
Test(exception, thrown_by_the_host)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		NacreError err = { 0 };
		int32_t r;
		cr_assert_eq(call(&l, "catch_host", 5, &r, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(r, 10);
		cr_assert_eq(call(&l, "catch_host", -1, &r, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(r, -1);
		cr_assert_null(nacre_store_exception(l.store));
		cr_assert_eq(call(&l, "host_through", 4, &r, &err), NACRE_TRAPPED);
		cr_assert_eq(err.trap, NACRE_TRAP_UNCAUGHT_EXCEPTION, "%s", err.message);
		const NacreExn *x = nacre_store_exception(l.store);
		cr_assert(x && x->tag == l.host->tag && x->nvalues == 1);
		cr_assert_eq(x->payload[0].i32, 8);
		cr_assert_eq(call(&l, "host_through", -1, &r, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(r, 7);
		NacreValue v = { .i32 = 1 };
		cr_assert_eq(nacre_host_throw(l.store, l.host->tag, &v, &err), NACRE_ERROR);
		Loaded other = load(builds[b]);
		cr_assert_eq(nacre_host_throw(l.store, other.host->tag, &v, &err), NACRE_ERROR);
		unload(&other);
		unload(&l);
	}
}

Test(exception, endless_throw_and_catch_stopped_from_another_thread)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		interrupted_from_thread(&l, "spin_catch");
		unload(&l);
	}
}

/* The bytes one kept exception of $boom (one i32) takes. */
enum { KEPT = sizeof(NacreExn) + sizeof(NacreValue), MILLION = 1000000 };

/* A million catch_refs in a store limited to `limit` bytes (0: the
 * default) trap once the kept exceptions would pass it, each bump of
 * memory[0] being one throw; the store then still runs code. */
static void keep_refs_trap(int b, uint64_t limit)
{
	Loaded l = load(builds[b]);
	NacreError err = { 0 };
	int32_t r;
	nacre_store_set_limits(l.store, &(NacreLimits){ .exception_bytes = limit });
	cr_assert_eq(call(&l, "keep_refs", MILLION, &r, &err), NACRE_TRAPPED);
	cr_assert_eq(err.trap, NACRE_TRAP_EXN_LIMIT, "%s", err.message);
	cr_assert(strstr(err.message, "wasm trap: too many exceptions kept"), "%s", err.message);
	uint64_t bytes = limit ? limit : NACRE_EXN_BYTES_DEFAULT;
	cr_assert_eq(progress(&l), bytes / KEPT + 1);
	call(&l, "reset", 0, NULL, &err);
	cr_assert_eq(call(&l, "work", 10, &r, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(r, 10);
	unload(&l);
}

/* The default limit takes some 300,000 throws: in one build only, to
 * spare qemu-user's time; the lowered code is the same in all. */
Test(exception, kept_exceptions_stop_at_the_limit)
{
	keep_refs_trap(0, 0);
	for (int b = 0; b < NBUILDS; b++)
		keep_refs_trap(b, 10 * KEPT);
}

/* What is not kept is freed, so these run in a store that may keep just
 * one exception (ASan's leak check sees anything not freed). */
Test(exception, rethrown_and_dropped_exceptions_do_not_count)
{
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		NacreError err = { 0 };
		int32_t r;
		int32_t n = b == 0 ? MILLION : 1000; /* a million once, as above */
		nacre_store_set_limits(l.store, &(NacreLimits){ .exception_bytes = KEPT });
		cr_assert_eq(call(&l, "drop_all", n, &r, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(r, n);
		cr_assert_eq(call(&l, "rethrow_kept", n, &r, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(r, n + 1);
		cr_assert_eq(call(&l, "keep_refs", 1, &r, &err), NACRE_TRAPPED);
		cr_assert_eq(err.trap, NACRE_TRAP_EXN_LIMIT, "%s", err.message);
		unload(&l);
	}
}

Test(fuel, defaults_and_setting)
{
	Loaded l = load(builds[0]);
	cr_assert_eq(nacre_store_fuel(l.store), UINT64_MAX);
	nacre_store_set_fuel(l.store, 12345);
	cr_assert_eq(nacre_store_fuel(l.store), 12345);
	nacre_store_set_fuel(l.store, UINT64_MAX - 1);
	cr_assert_eq(nacre_store_fuel(l.store), UINT64_MAX - 1);
	unload(&l);
}

/* Fuel used by work(n) from a full tank, in build b. */
static uint64_t fuel_for_work(int b, int32_t n)
{
	Loaded l = load(builds[b]);
	NacreError err = { 0 };
	int32_t r;
	nacre_store_set_fuel(l.store, 1000000);
	cr_assert_eq(call(&l, "work", n, &r, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(r, n);
	uint64_t used = 1000000 - nacre_store_fuel(l.store);
	unload(&l);
	return used;
}

Test(fuel, consumption_is_the_same_in_every_build)
{
	uint64_t used = fuel_for_work(0, 100);
	cr_assert(used >= 100 * 5 && used <= 100 * 40, "work(100) used %llu", (unsigned long long)used);
	cr_assert_eq(fuel_for_work(0, 100), used, "a second run");
	for (int b = 1; b < NBUILDS; b++)
		cr_assert_eq(fuel_for_work(b, 100), used, "build %d", b);
	cr_assert(fuel_for_work(0, 200) > used, "more work, more fuel");
}

/* An endless loop given fuel: how far it got when the fuel ran out. */
static uint32_t progress_on_fuel(int b, uint64_t fuel)
{
	Loaded l = load(builds[b]);
	NacreError err = { 0 };
	nacre_store_set_fuel(l.store, fuel);
	cr_assert_eq(call(&l, "spin", 0, NULL, &err), NACRE_TRAPPED);
	cr_assert_eq(err.trap, NACRE_TRAP_OUT_OF_FUEL, "%s", err.message);
	cr_assert(strstr(err.message, "wasm trap: out of fuel"), "%s", err.message);
	cr_assert_eq(nacre_store_fuel(l.store), 0);
	uint32_t got = progress(&l);
	/* still out: the next call stops at its entry; refilled, it runs */
	int32_t r;
	cr_assert_eq(call(&l, "work", 3, &r, &err), NACRE_TRAPPED);
	cr_assert_eq(err.trap, NACRE_TRAP_OUT_OF_FUEL);
	cr_assert_eq(progress(&l), got);
	nacre_store_set_fuel(l.store, 1000);
	cr_assert_eq(call(&l, "work", 3, &r, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(r, (int32_t)got + 3);
	unload(&l);
	return got;
}

Test(fuel, runs_out_at_the_same_point)
{
	uint32_t got = progress_on_fuel(0, 10000);
	cr_assert(got > 100 && got < 10000, "spin got %u on 10000 units", got);
	cr_assert_eq(progress_on_fuel(0, 10000), got, "a second run");
	for (int b = 1; b < NBUILDS; b++)
		cr_assert_eq(progress_on_fuel(b, 10000), got, "build %d", b);
	cr_assert(progress_on_fuel(0, 20000) > got);
}

/* A neighbour store spinning on its own thread. */
typedef struct Neighbour {
	Loaded l;
	NacreStatus st;
	NacreError err;
	int done;
} Neighbour;

static void *neighbour_run(void *arg)
{
	Neighbour *n = arg;
	n->st = call(&n->l, "spin", 0, NULL, &n->err);
	__atomic_store_n(&n->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

Test(interrupt, neighbour_store_unaffected)
{
	Neighbour n = { .l = load(builds[0]) };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, neighbour_run, &n), 0);
	for (int i = 0; i < 5000 && progress(&n.l) == 0; i++)
		sleep_ms(1);
	cr_assert_neq(progress(&n.l), 0, "the neighbour never started");
	for (int b = 0; b < NBUILDS; b++) {
		Loaded l = load(builds[b]);
		interrupted_from_thread(&l, "spin");
		unload(&l);
	}
	uint32_t before = progress(&n.l);
	sleep_ms(20);
	cr_assert_eq(__atomic_load_n(&n.done, __ATOMIC_SEQ_CST), 0, "the neighbour stopped too");
	cr_assert_neq(progress(&n.l), before, "the neighbour no longer runs");
	nacre_store_interrupt(n.l.store);
	pthread_join(t, NULL);
	cr_assert_eq(n.st, NACRE_TRAPPED);
	cr_assert_eq(n.err.trap, NACRE_TRAP_INTERRUPTED, "%s", n.err.message);
	unload(&n.l);
}
