/* backend/lower_call.c: call and call_indirect (spec 4.4.8).  Defined
 * functions are called directly; imports through their NacreFuncRef in the
 * vmctx (code + callee context); call_indirect checks bounds and the
 * interned type id (which also turns away null) before it calls the
 * element's inline record (abi.h). */
#include "backend.h"

#include <stdlib.h>

/* Pops the arguments, calls, pushes the results. */
static void call(FuncCtx *c, const IrFuncType *ft, LLVMValueRef callee, LLVMValueRef callee_vmctx)
{
	uint32_t n = ft->nparams;
	LLVMValueRef args[n + 1];
	args[0] = callee_vmctx;
	for (uint32_t i = n; i > 0; i--)
		args[i] = be_pop(c);
	LLVMValueRef r = LLVMBuildCall2(c->b, be_func_type(c->t, ft), callee, args, n + 1, "");
	be_lower_mem_size_reload(c);
	if (ft->nresults == 1)
		be_push(c, r);
	for (uint32_t i = 0; ft->nresults > 1 && i < ft->nresults; i++)
		be_push(c, LLVMBuildExtractValue(c->b, r, i, ""));
}

/* Calls through a NacreFuncRef: its code with its own context. */
static void call_ref(FuncCtx *c, const IrFuncType *ft, LLVMValueRef ref)
{
	LLVMValueRef code = be_load_at(c, ref, offsetof(NacreFuncRef, code), c->t->ptr);
	LLVMValueRef vm = be_load_at(c, ref, offsetof(NacreFuncRef, vmctx), c->t->ptr);
	call(c, ft, code, vm);
}

static bool lower_call_direct(FuncCtx *c, uint32_t f)
{
	const IrFuncType *ft = ir_func_type(c->m, f);
	if (f >= c->m->nimported_funcs) {
		call(c, ft, c->bm->funcs[f], c->vmctx);
		return true;
	}
	LLVMValueRef funcs = be_vmctx_load(c, offsetof(NacreVmctx, funcs), c->t->ptr, "funcs");
	call_ref(c, ft, be_invariant(c, be_ptr_elem(c, funcs, be_i32(c, f))));
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

static bool lower_call_indirect(FuncCtx *c, uint32_t typeidx, uint32_t table)
{
	LLVMValueRef elem = be_table_elem_addr(c, table, be_pop(c), NACRE_TRAP_UNDEFINED_ELEMENT);
	check_elem_type(c, elem, typeidx);
	LLVMValueRef code = be_load_at(c, elem, offsetof(NacreFuncElem, code), c->t->ptr);
	LLVMValueRef vm = be_load_at(c, elem, offsetof(NacreFuncElem, vmctx), c->t->ptr);
	call(c, &c->m->types[typeidx], code, vm);
	return true;
}

/* call_ref (3.0): the reference is the callee's record, its type known
 * statically; only null needs a check, even for a non-null type (a
 * cheap compare that keeps a confused caller from jumping through 0). */
static bool lower_call_ref(FuncCtx *c, uint32_t typeidx)
{
	LLVMValueRef ref = be_pop(c);
	be_trap_if(c, LLVMBuildIsNull(c->b, ref, ""), NACRE_TRAP_NULL_FUNC_REF);
	call_ref(c, &c->m->types[typeidx], ref);
	return true;
}

bool be_lower_call(FuncCtx *c, const IrInstr *in)
{
	be_fuel_charge(c); /* the callee's checks see what led to the call */
	if (in->op == IR_OP_CALL)
		return lower_call_direct(c, in->u.idx.a);
	if (in->op == IR_OP_CALL_REF)
		return lower_call_ref(c, in->u.idx.a);
	return lower_call_indirect(c, in->u.idx.a, in->u.idx.b);
}
