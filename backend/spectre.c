/* backend/spectre.c: branch-free clamps against Spectre v1, for
 * --bounds=masked (lower_memory.c) and --spectre (tables, call_indirect,
 * br_table), and the function attributes --spectre adds.  A check's
 * branch may be mispredicted; the clamp is data, so the access it feeds
 * stays inside whatever the CPU guesses.
 */
#include "backend.h"

/* asm "" with "=r,0": the value in and out of one register, no
 * instruction.  Without it, -O3 folds a select the check's branch already
 * decides.  No side effects and no memory: LLVM may merge and move it. */
LLVMValueRef be_spectre_opaque(FuncCtx *c, LLVMValueRef v)
{
	LLVMTypeRef ty = LLVMTypeOf(v);
	LLVMTypeRef fnty = LLVMFunctionType(ty, &ty, 1, false);
	LLVMValueRef asm_ = LLVMGetInlineAsm(fnty, "", 0, "=r,0", 4, false, false, LLVMInlineAsmDialectATT, false);
	LLVMValueRef call = LLVMBuildCall2(c->b, fnty, asm_, &v, 1, "opaque");
	unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
	unsigned memory = LLVMGetEnumAttributeKindForName("memory", 6);
	LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->ctx, nounwind, 0));
	LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->ctx, memory, 0));
	return call;
}

LLVMValueRef be_spectre_select(FuncCtx *c, LLVMIntPredicate pred, LLVMValueRef lhs, LLVMValueRef rhs,
                               LLVMValueRef v, LLVMValueRef fallback)
{
	LLVMValueRef cond = LLVMBuildICmp(c->b, pred, lhs, rhs, "");
	return LLVMBuildSelect(c->b, cond, v, fallback, "clamped");
}

LLVMValueRef be_spectre_index(FuncCtx *c, LLVMValueRef idx, LLVMValueRef size)
{
	if (!c->bm->opt->spectre)
		return idx;
	return be_spectre_select(c, LLVMIntULT, idx, be_spectre_opaque(c, size), idx, LLVMConstNull(LLVMTypeOf(idx)));
}

/* LLVM's speculative load hardening: every load and indirect branch is
 * masked with the state of the branches before it.  x86-64 and aarch64
 * implement it; riscv64 has no such pass and ignores the attribute. */
void be_spectre_function(BeModule *bm, LLVMValueRef fn)
{
	if (!bm->opt->spectre)
		return;
	unsigned kind = LLVMGetEnumAttributeKindForName("speculative_load_hardening", 26);
	LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(bm->ctx, kind, 0));
}
