/* backend/interrupt.c: the checks that let a host stop Wasm code.
 * --interruptible: each loop header tests the store's stack-limit word
 * for the interrupt request (UINTPTR_MAX, runtime-lib/interrupt.c) with
 * a monotonic atomic load, which LLVM may not hoist out of the loop (the
 * pointer to the word it may), unless every iteration calls a function
 * whose entry checks; function entries need nothing more, their stack
 * check (sp < limit) already fails on that value.  --metered: each
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

/* Whether every iteration of the loop at code[at] calls a function of
 * this module: a direct call in the straight line that starts its body,
 * before anything that may branch.  That callee's entry check (atomic
 * under --interruptible, so it stays in the loop even when inlined) then
 * serves as the loop's: call-heavy loops (recursion the producer turned
 * into a loop, as in fib) pay for one check per iteration, not two. */
static bool calls_every_iteration(const FuncCtx *c, uint32_t at)
{
	const IrFunc *f = c->f;
	for (uint32_t i = at + 1; i < f->ncode; i++) {
		const IrInstr *in = &f->code[i];
		if (in->op == IR_OP_CALL && in->u.idx.a >= c->m->nimported_funcs)
			return true;
		if (ir_op_info[in->op].family == IR_FAM_CONTROL || ir_op_info[in->op].family == IR_FAM_CALL)
			return false;
	}
	return false;
}

void be_loop_checks(FuncCtx *c, uint32_t at)
{
	if (c->bm->opt->interruptible && !calls_every_iteration(c, at))
		interrupt_check(c);
	be_fuel_check(c);
}

/* The prologue's stack-limit load: atomic under --interruptible, so that
 * LLVM neither hoists an inlined callee's check out of a loop nor merges
 * it with its caller's (calls_every_iteration counts on it). */
void be_interrupt_entry_load(FuncCtx *c, LLVMValueRef load)
{
	if (!c->bm->opt->interruptible)
		return;
	LLVMSetOrdering(load, LLVMAtomicOrderingMonotonic);
	LLVMSetAlignment(load, 8);
}
