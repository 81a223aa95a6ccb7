/* runtime-lib/trap.c: trap delivery.  Each thread keeps a chain of entry
 * frames (one per host-to-Wasm call, innermost on top); a trap, raised by
 * generated code, by a runtime entry or by the fault handler for a fault
 * inside a memory reservation while Wasm code runs, jumps to the innermost
 * one, which then reports "wasm trap: <reason>" and the function's name.
 */
#include <string.h>

#include "rt.h"

static const char *const texts[NACRE_TRAP_COUNT] = {
	[NACRE_TRAP_NONE] = "no trap",
	[NACRE_TRAP_UNREACHABLE] = "unreachable",
	[NACRE_TRAP_INT_DIV_ZERO] = "integer divide by zero",
	[NACRE_TRAP_INT_OVERFLOW] = "integer overflow",
	[NACRE_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
	[NACRE_TRAP_OOB_MEMORY] = "out of bounds memory access",
	[NACRE_TRAP_OOB_TABLE] = "out of bounds table access",
	[NACRE_TRAP_UNDEFINED_ELEMENT] = "undefined element",
	[NACRE_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
	[NACRE_TRAP_INDIRECT_CALL_TYPE] = "indirect call type mismatch",
	[NACRE_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
	[NACRE_TRAP_HOST] = "host function trapped",
	[NACRE_TRAP_INTERRUPTED] = "interrupted",
	[NACRE_TRAP_OUT_OF_FUEL] = "out of fuel",
	[NACRE_TRAP_NULL_FUNC_REF] = "null function reference",
	[NACRE_TRAP_NULL_REF] = "null reference",
	[NACRE_TRAP_UNCAUGHT_EXCEPTION] = "uncaught exception",
	[NACRE_TRAP_NULL_EXN_REF] = "null exception reference",
	[NACRE_TRAP_EXN_LIMIT] = "too many exceptions kept",
};

/* The trap in flight: written just before the jump, read by the entry
 * that catches it (not kept in the entry frame, whose automatic storage
 * would be indeterminate after the jump). */
typedef struct Caught {
	NacreTrap trap;
	uintptr_t pc;                /* in the trapping Wasm function, or 0 */
	char detail[160];            /* a host trap's message */
	bool exited;                 /* nacre_host_exit, not a trap */
	int32_t code;                /* its exit code */
} Caught;

static RT_THREAD_LOCAL RtEntry *top;
static RT_THREAD_LOCAL bool in_wasm;
static RT_THREAD_LOCAL Caught caught;
static RT_THREAD_LOCAL NacreTrap fault_trap; /* is_trap's verdict, for raise_fault */

const char *nacre_trap_text(NacreTrap trap)
{
	return (unsigned)trap < NACRE_TRAP_COUNT ? texts[trap] : "unknown trap";
}

static void format(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void format(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_sys_vformat(buf, n, fmt, ap);
	va_end(ap);
}

void rt_trap_raise(NacreTrap trap, uintptr_t pc, const char *detail)
{
	RtEntry *e = top;
	if (!e) {
		char msg[256];
		format(msg, sizeof msg, "nacre: wasm trap with no call to return to: %s",
		       detail ? detail : nacre_trap_text(trap));
		rt_sys_fatal(msg);
	}
	caught.trap = trap;
	caught.pc = pc;
	caught.exited = false;
	caught.detail[0] = 0;
	if (detail) {
		size_t n = strnlen(detail, sizeof caught.detail - 1);
		memcpy(caught.detail, detail, n);
		caught.detail[n] = 0;
	}
	rt_sys_longjmp(e->jump);
}

/* An exit unwinds the way a trap does; only the report differs. */
void rt_trap_exit(int32_t code)
{
	RtEntry *e = top;
	if (!e)
		rt_sys_fatal("nacre: exit with no call to return to");
	caught = (Caught){ .exited = true, .code = code };
	rt_sys_longjmp(e->jump);
}

/* A failed stack check may be an interrupt request (interrupt.c). */
void nacre_rt_trap(NacreVmctx *vmctx, uint32_t trap)
{
	if (trap == NACRE_TRAP_NONE || trap >= NACRE_TRAP_COUNT)
		trap = NACRE_TRAP_UNREACHABLE;
	if ((trap == NACRE_TRAP_STACK_EXHAUSTED || trap == NACRE_TRAP_INTERRUPTED) && vmctx && vmctx->instance)
		trap = rt_store_limit_trap(((NacreInstance *)vmctx->instance)->store, (NacreTrap)trap);
	rt_trap_raise((NacreTrap)trap, RT_CALLER_PC(), NULL);
}

/* A fault is a trap only while this thread runs Wasm code under an entry
 * and the address is inside a memory of that entry's store, or in the
 * guard below an executable's Wasm stack (a frame larger than
 * RT_STACK_MARGIN can reach it before the prologue's check runs);
 * anything else is a real crash, left to the handler before ours.
 * Signal-safe. */
static bool is_trap(uintptr_t addr, uintptr_t pc)
{
	(void)pc;
	const RtEntry *e = top;
	if (!e || !in_wasm)
		return false;
	fault_trap = rt_sys_stack_guard_holds(addr) ? NACRE_TRAP_STACK_EXHAUSTED
	             : rt_memory_holds(e->store, addr) ? NACRE_TRAP_OOB_MEMORY : NACRE_TRAP_NONE;
	return fault_trap != NACRE_TRAP_NONE;
}

/* Where the fault handler resumes the faulting thread. */
static void raise_fault(uintptr_t pc)
{
	rt_trap_raise(fault_trap, pc, NULL);
}

bool rt_trap_setup(void)
{
	return rt_sys_fault_install(is_trap, raise_fault);
}

bool rt_trap_in_wasm(bool in)
{
	bool was = in_wasm;
	in_wasm = in;
	return was;
}

/* Where the store's Wasm code must stop: stack_size below here, but never
 * closer than RT_STACK_MARGIN to the end of this thread's real stack.
 * An executable's own Wasm stack (sys.h) has room for both. */
_Static_assert(RT_STACK_MARGIN < RT_SYS_STACK_HOST, "the Wasm stack's host part holds the margin");
static uintptr_t stack_limit(const NacreStore *s)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	uintptr_t limit = sp > s->stack_size ? sp - s->stack_size : 0;
	uintptr_t low = rt_sys_stack_low();
	if (low && limit < low + RT_STACK_MARGIN)
		limit = low + RT_STACK_MARGIN;
	return limit;
}

/* The outermost entry into a store sets its stack limit; nested ones
 * (host -> Wasm -> host -> Wasm) keep it, so the budget is for the whole
 * chain. */
void rt_entry_push(RtEntry *e, NacreStore *s)
{
	rt_sys_fault_stack();
	e->prev = top;
	e->store = s;
	e->was_in_wasm = in_wasm;
	if (s->depth++ == 0)
		rt_store_set_limit(s, stack_limit(s));
	top = e;
}

void rt_entry_pop(RtEntry *e)
{
	top = e->prev;
	in_wasm = e->was_in_wasm;
	e->store->depth--;
}

NacreStatus rt_trap_report(NacreStore *s, NacreError *err)
{
	if (caught.exited) {
		if (err) {
			*err = (NacreError){ .trap = NACRE_TRAP_NONE, .exit_code = caught.code };
			format(err->message, sizeof err->message, "exited with code %d", (int)caught.code);
		}
		return NACRE_EXITED;
	}
	if (!err)
		return NACRE_TRAPPED;
	char where[128] = "";
	const NacreInstance *inst;
	uint32_t index;
	if (caught.pc && rt_instance_func_at(s, caught.pc, &inst, &index)) {
		const char *name = inst->desc->func_names ? inst->desc->func_names[index] : NULL;
		if (name)
			format(where, sizeof where, " (in func %u '%s')", index, name);
		else
			format(where, sizeof where, " (in func %u)", index);
	}
	err->trap = caught.trap;
	if (caught.detail[0])
		format(err->message, sizeof err->message, "wasm trap: %s: %s%s", nacre_trap_text(caught.trap),
		       caught.detail, where);
	else
		format(err->message, sizeof err->message, "wasm trap: %s%s", nacre_trap_text(caught.trap),
		       where);
	return NACRE_TRAPPED;
}
