/* wasi-shim/p1/start.c: a standalone executable's startup.  The grants its
 * build recorded (the `.note.nacre` the compiler links in, read by
 * grants.c) become the program's preopens and environment; the linked-in
 * module (NACRE_MODULE_SYMBOL) is instantiated in a fresh store with its
 * WASI imports bound, and its `_start` export called, on a stack of the
 * size the build recorded (sys.h's rt_sys_stack_run), under the memory
 * limit it recorded (--max-memory): returning from it exits 0, proc_exit
 * exits with its code (NACRE_EXITED), a trap prints "wasm trap: <reason>
 * (in func N 'name')" and exits 134, as SIGABRT would; --timeout and
 * --fuel (note records) make "interrupted" and "out of fuel" traps.
 */
#include <string.h>

#include "../../runtime-lib/sys/sys.h"
#include "p1.h"
#include "nacre/note.h"

enum {
	EXIT_TRAP = 134, EXIT_SETUP = 70, /* EX_SOFTWARE */
	STACK_UNRECORDED = 1 << 20,       /* for a note without stack-size */
	WASM_PAGE = 65536,
};

extern const NacreModuleDesc nacre_module;
/* Weak: an executable linked without a note (older objects) has no grants. */
extern const uint8_t nacre_note[] __attribute__((weak));

static void say(const char *a, const char *b)
{
	rt_sys_write(2, a, strlen(a));
	rt_sys_write(2, b, strlen(b));
	rt_sys_write(2, "\n", 1);
}

static NacreStatus instantiate(NacreStore *s, WasiCtx *w, NacreInstance **inst, NacreError *err)
{
	NacreModule *m;
	NacreStatus st = nacre_module_from_desc(&nacre_module, &m, err);
	if (st != NACRE_OK)
		return st;
	size_t n = nacre_module.nimports;
	NacreExtern *imports = rt_sys_zalloc((n ? n : 1) * sizeof *imports);
	st = imports ? wasi_bind(w, s, &nacre_module, imports, false, err) : NACRE_ERROR;
	if (st == NACRE_OK)
		st = nacre_instantiate(s, m, imports, n, inst, err);
	rt_sys_free(imports);
	nacre_module_close(m);
	NacreExtern mem;
	if (st == NACRE_OK && nacre_instance_export(*inst, "memory", 6, &mem) && mem.kind == NACRE_EXTERN_MEMORY)
		w->memory = mem.u.memory;
	return st;
}

static int run(NacreStore *s, WasiCtx *w)
{
	NacreError err = { .message = "out of memory" };
	NacreInstance *inst;
	NacreStatus st = instantiate(s, w, &inst, &err);
	NacreExtern start;
	NacreFuncType ft;
	if (st == NACRE_OK && !(nacre_instance_export(inst, "_start", 6, &start) &&
	                        start.kind == NACRE_EXTERN_FUNC && nacre_func_type(s, start.u.func, &ft) &&
	                        ft.nparams == 0 && ft.nresults == 0))
		return say("nacre: the module has no _start export of type [] -> []", ""), EXIT_SETUP;
	if (st == NACRE_OK)
		st = nacre_call(s, start.u.func, NULL, NULL, &err);
	if (st == NACRE_EXITED) /* the kernel keeps the low byte, as exit(2) says */
		return err.exit_code & 0xff;
	if (st == NACRE_TRAPPED)
		return say(err.message, ""), EXIT_TRAP;
	if (st != NACRE_OK)
		return say("nacre: ", err.message), EXIT_SETUP;
	return 0;
}

/* The build's limits: --fuel sets the store's fuel, --timeout arms a
 * timer whose signal handler asks the store to stop (both async-signal-
 * safe: nacre_store_interrupt is one atomic store). */
static void interrupt(void *store)
{
	nacre_store_interrupt(store);
}

static bool apply_limits(NacreStore *s)
{
	uint64_t fuel, ns;
	if (!nacre_note)
		return true;
	if (wasi_grants_number(nacre_note, NACRE_NOTE_KEY_FUEL, UINT64_MAX, &fuel))
		nacre_store_set_fuel(s, fuel);
	return !wasi_grants_number(nacre_note, NACRE_NOTE_KEY_TIMEOUT, UINT64_MAX, &ns) || rt_sys_alarm(ns, interrupt, s);
}

/* What run needs, carried across the switch to the Wasm stack. */
typedef struct Program { NacreStore *s; WasiCtx *w; } Program;

static int run_program(void *arg)
{
	Program *p = arg;
	return run(p->s, p->w);
}

/* The recorded memory limit: memory.grow past it returns -1, and a module
 * whose initial memory exceeds it fails to instantiate ("limit: ..."). */
static void limit_memory(NacreStore *s)
{
	uint64_t bytes = nacre_note ? wasi_grants_max_memory(nacre_note) : 0;
	if (bytes >= WASM_PAGE)
		nacre_store_set_limits(s, &(NacreLimits){ .memory_pages = bytes / WASM_PAGE });
}

/* Wasm code gets the recorded stack, whatever the thread's own is. */
static int run_on_stack(NacreStore *s, WasiCtx *w)
{
	size_t bytes = nacre_note ? wasi_grants_stack_size(nacre_note) : 0;
	if (!bytes)
		bytes = STACK_UNRECORDED;
	nacre_store_set_stack_size(s, bytes);
	Program p = { s, w };
	int status = rt_sys_stack_run(bytes, run_program, &p);
	if (status < 0)
		return say("nacre: ", "cannot map the Wasm stack (--stack-size too large for this machine?)"), EXIT_SETUP;
	return status;
}

int nacre_main(int argc, char **argv, char **envp)
{
	WasiCtx w;
	NacreError err = { .message = "out of memory" };
	if (!wasi_ctx_init(&w, argc, argv))
		return say("nacre: ", err.message), EXIT_SETUP;
	if (nacre_note && wasi_grants_apply(&w, nacre_note, envp, &err) != NACRE_OK) {
		wasi_ctx_free(&w);
		return say("nacre: ", err.message), EXIT_SETUP;
	}
	NacreStore *s = nacre_store_new();
	if (!s) {
		wasi_ctx_free(&w);
		return say("nacre: ", "out of memory"), EXIT_SETUP;
	}
	limit_memory(s);
	if (!apply_limits(s)) {
		nacre_store_free(s);
		wasi_ctx_free(&w);
		return say("nacre: ", "cannot arm the --timeout timer"), EXIT_SETUP;
	}
	int status = run_on_stack(s, &w);
	nacre_store_free(s);
	wasi_ctx_free(&w);
	return status;
}
