/* wasi-shim/program.c: a standalone executable's start-up, shared by the
 * WASI versions (program.h): grants, store limits, the Wasm stack, then
 * the version's run. */
#include "program.h"

#include <string.h>

#include "nacre/note.h"

enum {
	STACK_UNRECORDED = 1 << 20, /* for a note without stack-size */
	WASM_PAGE = 65536,
};

/* Weak: an executable linked without a note (older objects) has no grants. */
extern const uint8_t nacre_note[] __attribute__((weak));

void wasi_program_say(const char *a, const char *b)
{
	rt_sys_write(2, a, strlen(a));
	rt_sys_write(2, b, strlen(b));
	rt_sys_write(2, "\n", 1);
}

int wasi_program_status(NacreStatus st, const NacreError *err)
{
	if (st == NACRE_EXITED) /* the kernel keeps the low byte, as exit(2) says */
		return err->exit_code & 0xff;
	if (st == NACRE_TRAPPED)
		return wasi_program_say(err->message, ""), WASI_EXIT_TRAP;
	if (st != NACRE_OK)
		return wasi_program_say("nacre: ", err->message), WASI_EXIT_SETUP;
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
typedef struct Program {
	NacreStore *s;
	WasiCtx *w;
	int (*run)(NacreStore *s, WasiCtx *w);
} Program;

static int run_program(void *arg)
{
	Program *p = arg;
	return p->run(p->s, p->w);
}

/* The recorded limits: memory.grow past the memory's returns -1, and a
 * module whose initial memory exceeds it fails to instantiate ("limit:
 * ..."); an exception kept past the exceptions' traps. */
static void set_limits(NacreStore *s)
{
	uint64_t bytes = nacre_note ? wasi_grants_max_memory(nacre_note) : 0;
	uint64_t exns = nacre_note ? wasi_grants_max_exceptions(nacre_note) : 0;
	nacre_store_set_limits(s, &(NacreLimits){ .memory_pages = bytes / WASM_PAGE, .exception_bytes = exns });
}

/* Wasm code gets the recorded stack, whatever the thread's own is. */
static int run_on_stack(Program *p)
{
	size_t bytes = nacre_note ? wasi_grants_stack_size(nacre_note) : 0;
	if (!bytes)
		bytes = STACK_UNRECORDED;
	nacre_store_set_stack_size(p->s, bytes);
	int status = rt_sys_stack_run(bytes, run_program, p);
	if (status < 0)
		return wasi_program_say("nacre: ", "cannot map the Wasm stack (--stack-size too large for this machine?)"),
		       WASI_EXIT_SETUP;
	return status;
}

int wasi_program_main(int argc, char **argv, char **envp, int (*run)(NacreStore *s, WasiCtx *w))
{
	WasiCtx w;
	NacreError err = { .message = "out of memory" };
	if (!wasi_ctx_init(&w, argc, argv))
		return wasi_program_say("nacre: ", err.message), WASI_EXIT_SETUP;
	if (nacre_note && wasi_grants_apply(&w, nacre_note, envp, &err) != NACRE_OK) {
		wasi_ctx_free(&w);
		return wasi_program_say("nacre: ", err.message), WASI_EXIT_SETUP;
	}
	NacreStore *s = nacre_store_new();
	if (!s) {
		wasi_ctx_free(&w);
		return wasi_program_say("nacre: ", "out of memory"), WASI_EXIT_SETUP;
	}
	set_limits(s);
	int status;
	if (!apply_limits(s))
		status = (wasi_program_say("nacre: ", "cannot arm the --timeout timer"), WASI_EXIT_SETUP);
	else
		status = run_on_stack(&(Program){ s, &w, run });
	nacre_store_free(s);
	wasi_ctx_free(&w);
	return status;
}
