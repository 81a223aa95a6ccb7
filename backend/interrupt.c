/* backend/interrupt.c: the checks that let a host stop Wasm code.
 * --interruptible: each loop header tests the store's stack-limit word
 * for the interrupt request (UINTPTR_MAX, runtime-lib/interrupt.c) with
 * a monotonic atomic load, which LLVM may not hoist out of the loop (the
 * pointer to the word it may); function entries need nothing more, their
 * stack check (sp < limit) already fails on that value.  --metered: each
 * Wasm basic block subtracts its instruction count from the store's fuel
 * just before its terminator (or a call), and entries and loop headers
 * trap once it is below 0: the same run always stops at the same check.
 * Both trap paths are the shared cold blocks of be_trap_if.
 */
#include "backend.h"

#include <stddef.h>

void be_interrupt_setup(FuncCtx *c, LLVMValueRef limit_ptr)
{
	c->limit_ptr = limit_ptr;
	if (c->bm->opt->metered)
		c->fuel_ptr = be_vmctx_load(c, offsetof(NacreVmctx, fuel), c->t->ptr, "fuelp");
}

/* Another thread writes the word: atomic, so each iteration reads it. */
static void interrupt_check(FuncCtx *c)
{
	LLVMValueRef limit = LLVMBuildLoad2(c->b, c->t->i64, c->limit_ptr, "intr");
	LLVMSetOrdering(limit, LLVMAtomicOrderingMonotonic);
	LLVMSetAlignment(limit, 8);
	be_trap_if(c, LLVMBuildICmp(c->b, LLVMIntEQ, limit, be_i64(c, UINT64_MAX), ""), NACRE_TRAP_INTERRUPTED);
}

void be_fuel_check(FuncCtx *c)
{
	if (!c->fuel_ptr)
		return;
	LLVMValueRef fuel = LLVMBuildLoad2(c->b, c->t->i64, c->fuel_ptr, "fuel");
	be_trap_if(c, LLVMBuildICmp(c->b, LLVMIntSLT, fuel, be_i64(c, 0), ""), NACRE_TRAP_OUT_OF_FUEL);
}

void be_fuel_charge(FuncCtx *c)
{
	if (!c->fuel_ptr || !c->fuel_pending || c->dead)
		return;
	LLVMValueRef fuel = LLVMBuildLoad2(c->b, c->t->i64, c->fuel_ptr, "fuel");
	LLVMValueRef left = LLVMBuildSub(c->b, fuel, be_i64(c, c->fuel_pending), "fuel.left");
	LLVMBuildStore(c->b, left, c->fuel_ptr);
	c->fuel_pending = 0;
}

void be_loop_checks(FuncCtx *c)
{
	if (c->bm->opt->interruptible)
		interrupt_check(c);
	be_fuel_check(c);
}
