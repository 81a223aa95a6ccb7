/* backend/lower_call.c: call and call_indirect (spec 4.4.8), and their
 * tail forms return_call and return_call_indirect.  Defined
 * functions are called directly; imports through their NacreFuncRef in the
 * vmctx (code + callee context); call_indirect checks bounds and the
 * interned type id (which also turns away null) before it calls the
 * element's inline record (abi.h). */
#include "backend.h"

#include <stdlib.h>

/* Pops the callee's arguments and calls it as its signature says (sig.c);
 * resp is a tail call's own, else this instance's spill slots. */
static LLVMValueRef emit_call(FuncCtx *c, const IrFuncType *ft, LLVMValueRef callee, LLVMValueRef vmctx,
                              LLVMValueRef resp)
{
	LLVMValueRef vals[ft->nparams + 1], args[ft->nparams + 2];
	for (uint32_t i = ft->nparams; i > 0; i--)
		vals[i - 1] = be_pop(c);
	BeSig s;
	be_sig(c->t->regs, ft, &s, NULL);
	if (s.resp && !resp)
		resp = be_vmctx_load(c, offsetof(NacreVmctx, spill), c->t->ptr, "spill");
	BeSigArgs a = { .vmctx = vmctx, .resp = resp, .vals = vals };
	unsigned n = be_sig_args(c->b, c->t, ft, &a, args);
	return LLVMBuildCall2(c->b, be_func_type(c->t, ft), callee, args, n, "");
}

/* Calls, pushes the results, then tests for an exception the callee
 * left pending unless it is known to leave none (quiet: exn_quiet.c).
 * No call becomes a tail call but a return_call: Wasm recursion must
 * exhaust the stack (spec assert_exhaustion). */
static void call_as(FuncCtx *c, const IrFuncType *ft, LLVMValueRef callee, LLVMValueRef callee_vmctx, bool quiet)
{
	LLVMValueRef r = emit_call(c, ft, callee, callee_vmctx, NULL);
	LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
	be_lower_mem_size_reload(c);
	BeSig s;
	be_sig(c->t->regs, ft, &s, NULL);
	LLVMValueRef results[ft->nresults + 1];
	LLVMValueRef resp = s.resp ? be_vmctx_load(c, offsetof(NacreVmctx, spill), c->t->ptr, "spill") : NULL;
	be_sig_results(c->b, c->t, ft, r, resp, results);
	for (uint32_t i = 0; i < ft->nresults; i++)
		be_push(c, results[i]);
	if (!quiet)
		be_exn_check(c);
}

static void call(FuncCtx *c, const IrFuncType *ft, LLVMValueRef callee, LLVMValueRef callee_vmctx)
{
	call_as(c, ft, callee, callee_vmctx, false);
}

/* return_call: the callee's frame replaces this one, so that a chain of
 * them runs in constant stack.  Its results are this function's (the
 * validator saw to it), so it returns through this function's resp.
 * musttail where LLVM allows it (the same native signature); otherwise
 * tail, which every target performs because the signature passes
 * nothing on the stack (sig.c).  The position is dead after it. */
static void tail_call(FuncCtx *c, const IrFuncType *ft, LLVMValueRef callee, LLVMValueRef callee_vmctx)
{
	LLVMAddTargetDependentFunctionAttr(c->fn, "disable-tail-calls", "false");
	LLVMValueRef r = emit_call(c, ft, callee, callee_vmctx, be_sig_resp(c->t, c->ft, c->fn));
	bool same = be_func_type(c->t, ft) == LLVMGlobalGetValueType(c->fn);
	LLVMSetTailCallKind(r, same ? LLVMTailCallKindMustTail : LLVMTailCallKindTail);
	if (LLVMGetTypeKind(LLVMTypeOf(r)) == LLVMVoidTypeKind)
		LLVMBuildRetVoid(c->b);
	else
		LLVMBuildRet(c->b, r);
	c->dead = true;
}

/* A call or a tail call through a NacreFuncRef: its code with its own context. */
static void call_ref(FuncCtx *c, const IrFuncType *ft, LLVMValueRef ref, bool tail)
{
	LLVMValueRef code = be_load_at(c, ref, offsetof(NacreFuncRef, code), c->t->ptr);
	LLVMValueRef vm = be_load_at(c, ref, offsetof(NacreFuncRef, vmctx), c->t->ptr);
	(tail ? tail_call : call)(c, ft, code, vm);
}

static bool lower_call_direct(FuncCtx *c, uint32_t f, bool tail)
{
	const IrFuncType *ft = ir_func_type(c->m, f);
	if (f >= c->m->nimported_funcs) {
		if (tail)
			tail_call(c, ft, c->bm->funcs[f], c->vmctx);
		else
			call_as(c, ft, c->bm->funcs[f], c->vmctx, be_exn_quiet_callee(c->bm, f));
		return true;
	}
	LLVMValueRef funcs = be_vmctx_load(c, offsetof(NacreVmctx, funcs), c->t->ptr, "funcs");
	call_ref(c, ft, be_invariant(c, be_ptr_elem(c, funcs, be_i32(c, f))), tail);
	return true;
}

/* The element is the record inline (NacreFuncElem): its type id, code
 * and context load side by side.  A null element has type id 0, which no
 * type has, so one compare turns away both wrong and null elements; the
 * cold path tells them apart by the record's address. */
static void check_elem_type(FuncCtx *c, LLVMValueRef elem, uint32_t typeidx)
{
	LLVMValueRef ids = be_vmctx_load(c, offsetof(NacreVmctx, type_ids), c->t->ptr, "typeids");
	LLVMValueRef idp = LLVMBuildInBoundsGEP2(c->b, c->t->i32, ids, (LLVMValueRef[]){ be_i32(c, typeidx) }, 1, "");
	LLVMValueRef want = be_invariant(c, LLVMBuildLoad2(c->b, c->t->i32, idp, ""));
	LLVMValueRef have = be_load_at(c, elem, offsetof(NacreFuncElem, type_id), c->t->i32);
	LLVMValueRef ne = be_expect_false(c, LLVMBuildICmp(c->b, LLVMIntNE, have, want, ""));
	LLVMBasicBlockRef bad = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "badelem");
	LLVMBasicBlockRef good = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "elemok");
	LLVMBuildCondBr(c->b, ne, bad, good);
	LLVMPositionBuilderAtEnd(c->b, bad);
	LLVMValueRef ref = be_load_at(c, elem, offsetof(NacreFuncElem, ref), c->t->ptr);
	be_trap_if(c, LLVMBuildIsNull(c->b, ref, ""), NACRE_TRAP_UNINITIALIZED_ELEMENT);
	be_trap_branch(c, NACRE_TRAP_INDIRECT_CALL_TYPE);
	LLVMPositionBuilderAtEnd(c->b, good);
}

static bool lower_call_indirect(FuncCtx *c, uint32_t typeidx, uint32_t table, bool tail)
{
	LLVMValueRef elem = be_table_elem_addr(c, table, be_pop(c), NACRE_TRAP_UNDEFINED_ELEMENT);
	check_elem_type(c, elem, typeidx);
	LLVMValueRef code = be_load_at(c, elem, offsetof(NacreFuncElem, code), c->t->ptr);
	LLVMValueRef vm = be_load_at(c, elem, offsetof(NacreFuncElem, vmctx), c->t->ptr);
	(tail ? tail_call : call)(c, &c->m->types[typeidx], code, vm);
	return true;
}

/* call_ref (3.0): the reference is the callee's record, its type known
 * statically; only null needs a check, even for a non-null type (a
 * cheap compare that keeps a confused caller from jumping through 0). */
static bool lower_call_ref(FuncCtx *c, uint32_t typeidx, bool tail)
{
	LLVMValueRef ref = be_pop(c);
	be_trap_if(c, LLVMBuildIsNull(c->b, ref, ""), NACRE_TRAP_NULL_FUNC_REF);
	call_ref(c, &c->m->types[typeidx], ref, tail);
	return true;
}

bool be_lower_call(FuncCtx *c, const IrInstr *in)
{
	be_fuel_charge(c); /* the callee's checks see what led to the call */
	bool tail = in->op == IR_OP_RETURN_CALL || in->op == IR_OP_RETURN_CALL_INDIRECT ||
	            in->op == IR_OP_RETURN_CALL_REF;
	if (in->op == IR_OP_CALL || in->op == IR_OP_RETURN_CALL)
		return lower_call_direct(c, in->u.idx.a, tail);
	if (in->op == IR_OP_CALL_REF || in->op == IR_OP_RETURN_CALL_REF)
		return lower_call_ref(c, in->u.idx.a, tail);
	return lower_call_indirect(c, in->u.idx.a, in->u.idx.b, tail);
}
