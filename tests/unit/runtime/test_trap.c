/* tests/unit/runtime/test_trap.c: trap delivery (runtime-lib/trap.c,
 * call.c).  Traps raised by code, by a fault in a guard region and by the
 * stack check come back as NACRE_TRAPPED with the spec's words; nested
 * entries unwind only to the innermost one; real crashes still crash
 * (checked in forked children); many traps in a row cost no memory.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

/* ---- Module "traps": memory 1..2 pages, guard strategy. */

static void boom(void *vm)
{
	nacre_rt_trap(vm, NACRE_TRAP_UNREACHABLE);
}

static int32_t load(void *vmv, int32_t addr)
{
	NacreVmctx *vm = vmv;
	return *(volatile int32_t *)(vm->mem_base + (uint32_t)addr);
}

static int32_t load_far(void *vmv)
{
	NacreVmctx *vm = vmv;
	return *(volatile int32_t *)(vm->mem_base + 0xffffffffull + 0x40000000ull);
}

static int depth_reached;

/* Recursion through the function table, as generated code would make it:
 * the prologue compares the frame against the store's limit. */
static int32_t rec(void *vmv, int32_t n)
{
	NacreVmctx *vm = vmv;
	if ((uintptr_t)__builtin_frame_address(0) < *vm->stack_limit)
		nacre_rt_trap(vm, NACRE_TRAP_STACK_EXHAUSTED);
	depth_reached = n;
	return 1 + FX_CALL(vm, 3, FnII, n + 1);
}

static int32_t grow(void *vm, int32_t delta)
{
	return (int32_t)nacre_rt_memory_grow(vm, (uint32_t)delta);
}

static volatile uintptr_t wild_address = 16; /* outside every reservation */

static int32_t wild(void *vm)
{
	(void)vm;
	return *(volatile int32_t *)wild_address;
}

static int32_t divide(void *vm, int32_t a, int32_t b)
{
	if (b == 0)
		nacre_rt_trap(vm, NACRE_TRAP_INT_DIV_ZERO);
	return a / b;
}

static const uint32_t traps_types[] = { FX_V_V, FX_I_I, FX_I_V, FX_I_I, FX_I_I, FX_I_V, FX_I_II };
static void *const traps_code[] = { (void *)boom, (void *)load, (void *)load_far, (void *)rec,
                                    (void *)grow, (void *)wild, (void *)divide };
static const char *const traps_names[] = { "boom", "load", "load_far", "rec", "grow", NULL, NULL };
static const NacreLimitsDesc traps_mem = { 1, 2, 1, 0, 0, 0, { 0 }, 0, 0 };
static const NacreExportDesc traps_exports[] = {
	{ FX_NAME("boom"), NACRE_EXTERN_FUNC, 0 }, { FX_NAME("load"), NACRE_EXTERN_FUNC, 1 },
	{ FX_NAME("load_far"), NACRE_EXTERN_FUNC, 2 }, { FX_NAME("rec"), NACRE_EXTERN_FUNC, 3 },
	{ FX_NAME("grow"), NACRE_EXTERN_FUNC, 4 }, { FX_NAME("wild"), NACRE_EXTERN_FUNC, 5 },
	{ FX_NAME("divide"), NACRE_EXTERN_FUNC, 6 },
};
static const NacreModuleDesc traps_desc = {
	FX_DESC,
	.nfuncs = 7, .func_types = traps_types, .func_code = traps_code, .func_names = traps_names,
	.nmems = 1, .mems = &traps_mem,
	.nexports = 7, .exports = traps_exports,
};

FX_INSTANCE_SUITE(trap, traps_desc);

Test(trap, texts_are_the_spec_words)
{
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_UNREACHABLE), "unreachable");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_INT_DIV_ZERO), "integer divide by zero");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_INT_OVERFLOW), "integer overflow");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_INVALID_CONVERSION), "invalid conversion to integer");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_OOB_MEMORY), "out of bounds memory access");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_OOB_TABLE), "out of bounds table access");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_UNDEFINED_ELEMENT), "undefined element");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_UNINITIALIZED_ELEMENT), "uninitialized element");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_INDIRECT_CALL_TYPE), "indirect call type mismatch");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_STACK_EXHAUSTED), "call stack exhausted");
	cr_assert_str_eq(nacre_trap_text(NACRE_TRAP_COUNT), "unknown trap");
}

Test(trap, trap_call_unwinds_with_name)
{
	NacreError err;
	cr_assert_eq(fx_call_trap(store, fx_func(inst, "boom"), 0, 0, &err), NACRE_TRAP_UNREACHABLE);
	cr_assert_str_eq(err.message, "wasm trap: unreachable (in func 0 'boom')");
}

Test(trap, unnamed_function_gets_its_index)
{
	NacreError err;
	cr_assert_eq(fx_call_trap(store, fx_func(inst, "divide"), 0, 0, &err), NACRE_TRAP_INT_DIV_ZERO);
	cr_assert_str_eq(err.message, "wasm trap: integer divide by zero (in func 6)");
}

Test(trap, guard_fault_is_oob_trap)
{
	NacreError err;
	NacreFuncRef *ld = fx_func(inst, "load");
	cr_assert_eq(fx_call_i(store, ld, 65532, 0), 0);
	cr_assert_eq(fx_call_trap(store, ld, 65533, 0, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_str_eq(err.message, "wasm trap: out of bounds memory access (in func 1 'load')");
	cr_assert_eq(fx_call_trap(store, ld, -4, 0, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(fx_call_trap(store, fx_func(inst, "load_far"), 0, 0, &err), NACRE_TRAP_OOB_MEMORY);
}

Test(trap, guard_follows_growth)
{
	NacreError err;
	NacreFuncRef *ld = fx_func(inst, "load");
	cr_assert_eq(fx_call_trap(store, ld, 65536, 0, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(fx_call_i(store, fx_func(inst, "grow"), 1, 0), 1);
	cr_assert_eq(fx_call_i(store, ld, 65536, 0), 0);
	cr_assert_eq(fx_call_trap(store, ld, 2 * 65536, 0, &err), NACRE_TRAP_OOB_MEMORY);
}

Test(trap, stack_exhaustion_is_clean_trap)
{
	NacreError err;
	NacreFuncRef *r = fx_func(inst, "rec");
	cr_assert_eq(fx_call_trap(store, r, 0, 0, &err), NACRE_TRAP_STACK_EXHAUSTED);
	cr_assert_str_eq(err.message, "wasm trap: call stack exhausted (in func 3 'rec')");
	int deep = depth_reached;
	cr_assert_gt(deep, 100);
	/* The store is usable afterwards, and a smaller budget goes less deep. */
	cr_assert_eq(fx_call_i(store, fx_func(inst, "grow"), 0, 0), 1);
	nacre_store_set_stack_size(store, 64 * 1024);
	cr_assert_eq(fx_call_trap(store, r, 0, 0, &err), NACRE_TRAP_STACK_EXHAUSTED);
	cr_assert_lt(depth_reached, deep / 4, "depth %d with 64 KiB, %d with 1 MiB", depth_reached, deep);
}

static long resident_pages(void)
{
	long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	cr_assert(f);
	cr_assert_eq(fscanf(f, "%ld %ld", &size, &resident), 2);
	fclose(f);
	return resident;
}

static int mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	cr_assert(f);
	int n = 0;
	for (int c; (c = fgetc(f)) != EOF;)
		n += c == '\n';
	fclose(f);
	return n;
}

static void trap_many(int n)
{
	NacreError err;
	NacreFuncRef *b = fx_func(inst, "boom"), *ld = fx_func(inst, "load");
	for (int i = 0; i < n; i++) {
		NacreTrap want = i % 2 ? NACRE_TRAP_UNREACHABLE : NACRE_TRAP_OOB_MEMORY;
		NacreTrap got = fx_call_trap(store, i % 2 ? b : ld, 1 << 20, 0, &err);
		if (got != want)
			cr_assert_fail("trap %d: got %d, expected %d", i, got, want);
	}
}

/* The warm-up lets one-off costs settle: under AddressSanitizer, its fake
 * stack (detect_stack_use_after_return) fills up to a fixed size first. */
Test(trap, ten_thousand_traps_in_flat_memory)
{
	trap_many(3000);
	long rss = resident_pages();
	int maps = mappings();
	trap_many(10000);
	long grown = resident_pages() - rss;
	cr_assert_lt(grown * sysconf(_SC_PAGESIZE), 512 * 1024, "resident set grew by %ld pages", grown);
	cr_assert_eq(mappings(), maps);
	/* And the thread's state is clean: an ordinary call still works. */
	cr_assert_eq(fx_call_i(store, fx_func(inst, "load"), 0, 0), 0);
}

/* ---- Threads: each has its own chain of entries and its own store. */

typedef struct Worker {
	pthread_t thread;
	size_t stack;                /* the thread's stack size, 0 for the default */
	int traps;                   /* traps that came back as expected */
	int depth;                   /* how deep rec got before its trap */
} Worker;

static int32_t rec_depth(void *vmv, int32_t n);

static const uint32_t worker_types[] = { FX_V_V, FX_I_I, FX_I_I };
static void *const worker_code[] = { (void *)boom, (void *)load, (void *)rec_depth };
static const NacreExportDesc worker_exports[] = {
	{ FX_NAME("boom"), NACRE_EXTERN_FUNC, 0 }, { FX_NAME("load"), NACRE_EXTERN_FUNC, 1 },
	{ FX_NAME("rec"), NACRE_EXTERN_FUNC, 2 },
};
static const NacreModuleDesc worker_desc = {
	FX_DESC,
	.nfuncs = 3, .func_types = worker_types, .func_code = worker_code,
	.nmems = 1, .mems = &traps_mem,
	.nexports = 3, .exports = worker_exports,
};

static __thread int thread_depth;

static int32_t rec_depth(void *vmv, int32_t n)
{
	NacreVmctx *vm = vmv;
	if ((uintptr_t)__builtin_frame_address(0) < *vm->stack_limit)
		nacre_rt_trap(vm, NACRE_TRAP_STACK_EXHAUSTED);
	thread_depth = n;
	return 1 + FX_CALL(vm, 2, FnII, n + 1);
}

/* No Criterion assertions off the main thread: count what went right. */
static void *work(void *arg)
{
	Worker *w = arg;
	NacreStore *s = nacre_store_new();
	NacreModule *m;
	NacreInstance *in;
	NacreError err;
	if (!s || nacre_module_from_desc(&worker_desc, &m, &err) != NACRE_OK)
		return NULL;
	if (nacre_instantiate(s, m, NULL, 0, &in, &err) == NACRE_OK) {
		NacreExtern b, l, r;
		nacre_instance_export(in, "boom", 4, &b);
		nacre_instance_export(in, "load", 4, &l);
		nacre_instance_export(in, "rec", 3, &r);
		for (int i = 0; i < 500; i++) {
			NacreValue v[1] = { { .i32 = 1 << 20 } };
			NacreTrap want = i % 2 ? NACRE_TRAP_UNREACHABLE : NACRE_TRAP_OOB_MEMORY;
			if (nacre_call(s, i % 2 ? b.u.func : l.u.func, v, v, &err) == NACRE_TRAPPED && err.trap == want)
				w->traps++;
		}
		NacreValue v[1] = { { .i32 = 0 } };
		if (nacre_call(s, r.u.func, v, v, &err) == NACRE_TRAPPED && err.trap == NACRE_TRAP_STACK_EXHAUSTED)
			w->traps++;
		w->depth = thread_depth;
	}
	nacre_store_free(s);
	nacre_module_close(m);
	return NULL;
}

static void run_workers(Worker *w, int n)
{
	for (int i = 0; i < n; i++) {
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		if (w[i].stack)
			pthread_attr_setstacksize(&attr, w[i].stack);
		cr_assert_eq(pthread_create(&w[i].thread, &attr, work, &w[i]), 0);
		pthread_attr_destroy(&attr);
	}
	for (int i = 0; i < n; i++)
		pthread_join(w[i].thread, NULL);
}

Test(trap, threads_trap_independently)
{
	Worker w[4] = { { 0 } };
	run_workers(w, 4);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(w[i].traps, 501, "thread %d: %d of 501 traps as expected", i, w[i].traps);
}

/* A thread whose whole stack is smaller than the store's budget: the
 * limit stays clear of the stack's end, so recursion still traps. */
Test(trap, small_thread_stack_clamps_the_limit)
{
	Worker w[2] = { { .stack = 256 << 10 }, { 0 } };
	run_workers(w, 2);
	cr_assert_eq(w[0].traps, 501);
	cr_assert_eq(w[1].traps, 501);
	cr_assert_lt(w[0].depth, w[1].depth, "256 KiB thread went %d deep, 1 MiB budget %d", w[0].depth,
	             w[1].depth);
}

/* ---- Nested entries: outer (Wasm) -> reenter (host) -> inner (Wasm). */

static NacreStore *nest_store;
static NacreFuncRef *nest_inner;
static uintptr_t limit_outer, limit_inner;
static int inner_traps;

static int32_t inner(void *vmv, int32_t x)
{
	NacreVmctx *vm = vmv;
	limit_inner = *vm->stack_limit;
	if (x < 0)
		nacre_rt_trap(vm, NACRE_TRAP_INT_OVERFLOW);
	return 2 * x;
}

static int32_t outer(void *vmv, int32_t x)
{
	NacreVmctx *vm = vmv;
	limit_outer = *vm->stack_limit;
	int32_t r = FX_CALL(vm, 0, FnII, x);
	cr_assert_eq(*vm->stack_limit, limit_outer); /* the inner entry kept the outer limit */
	return r + 1;
}

/* The host function: a trapping inner call, then a good one. */
static void reenter(void *env, NacreValue *v)
{
	(void)env;
	NacreValue a[1] = { { .i32 = -1 } };
	NacreError err;
	if (nacre_call(nest_store, nest_inner, a, a, &err) == NACRE_TRAPPED &&
	    err.trap == NACRE_TRAP_INT_OVERFLOW)
		inner_traps++;
	a[0].i32 = v[0].i32;
	if (nacre_call(nest_store, nest_inner, a, a, &err) == NACRE_OK)
		v[0].i32 = a[0].i32;
}

static const NacreImportDesc nest_imports[] = { FX_IMPORT("host", "reenter", NACRE_EXTERN_FUNC, 0) };
static const uint32_t nest_types[] = { FX_I_I, FX_I_I, FX_I_I };
static void *const nest_code[] = { (void *)outer, (void *)inner };
static const NacreExportDesc nest_exports[] = {
	{ FX_NAME("outer"), NACRE_EXTERN_FUNC, 1 }, { FX_NAME("inner"), NACRE_EXTERN_FUNC, 2 },
};
static const NacreModuleDesc nest_desc = {
	FX_DESC,
	.nimports = 1, .imports = nest_imports,
	.nfuncs = 3, .nimported_funcs = 1, .func_types = nest_types, .func_code = nest_code,
	.nexports = 2, .exports = nest_exports,
};

Test(trap, nested_inner_trap_outer_continues)
{
	nest_store = store;
	NacreModule *m = fx_module(&nest_desc);
	NacreExtern host = { NACRE_EXTERN_FUNC, { .func = nacre_host_func_new(store, &fx_type_i_i, reenter, NULL) } };
	NacreInstance *in = fx_instance(store, m, &host, 1);
	nest_inner = fx_func(in, "inner");
	cr_assert_eq(fx_call_i(store, fx_func(in, "outer"), 20, 0), 41);
	cr_assert_eq(inner_traps, 1);
	cr_assert_eq(limit_inner, limit_outer);
	/* A second outermost call sets the limit afresh and behaves the same. */
	cr_assert_eq(fx_call_i(store, fx_func(in, "outer"), 1, 0), 3);
	cr_assert_eq(inner_traps, 2);
	nacre_module_close(m);
}

/* ---- Crashes that must stay crashes, each in a child process. */

static int child_status(void (*body)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY); /* the crash report is expected */
		dup2(null, STDERR_FILENO);
		body();
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* Killed by sig; under AddressSanitizer, which handles SIGSEGV itself and
 * gets the faults we pass on, a report and exit status 1 instead. */
static void expect_crash(int status, int sig)
{
	if (WIFSIGNALED(status)) {
		cr_assert_eq(WTERMSIG(status), sig, "died of signal %d", WTERMSIG(status));
		return;
	}
	cr_assert(WIFEXITED(status));
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
	if (sig == SIGSEGV && WEXITSTATUS(status) == 1)
		return;
#endif
#endif
	cr_assert_fail("child exited with %d instead of dying", WEXITSTATUS(status));
}

static void run_wild(void)
{
	NacreValue v[1];
	nacre_call(store, fx_func(inst, "wild"), v, v, NULL);
}

Test(trap, fault_outside_reservations_still_crashes)
{
	expect_crash(child_status(run_wild), SIGSEGV);
}

static uint8_t *host_mem;

static void touch_guard(void *env, NacreValue *v)
{
	(void)env;
	v[0].i32 = *(volatile int32_t *)(host_mem + 3 * 65536);
}

/* The address is inside a reservation, but host code made the access. */
static void run_host_fault(void)
{
	host_mem = nacre_memory_data(fx_export(inst, "mem").u.memory, NULL);
	NacreFuncRef *h = nacre_host_func_new(store, &fx_type_i_v, touch_guard, NULL);
	NacreValue v[1];
	nacre_call(store, h, v, v, NULL);
}

static const NacreExportDesc mem_export[] = { { FX_NAME("mem"), NACRE_EXTERN_MEMORY, 0 } };
static const NacreModuleDesc memonly_desc = {
	FX_DESC, .nmems = 1, .mems = &traps_mem, .nexports = 1, .exports = mem_export,
};

Test(trap, fault_in_host_code_still_crashes)
{
	NacreModule *m = fx_module(&memonly_desc);
	inst = fx_instance(store, m, NULL, 0);
	expect_crash(child_status(run_host_fault), SIGSEGV);
	nacre_module_close(m);
}

static void run_unentered_trap(void)
{
	NacreVmctx vm;
	memset(&vm, 0, sizeof vm);
	nacre_rt_trap(&vm, NACRE_TRAP_UNREACHABLE);
}

Test(trap, trap_with_no_entry_aborts)
{
	expect_crash(child_status(run_unentered_trap), SIGABRT);
}
