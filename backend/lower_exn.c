/* backend/lower_exn.c: exception handling (3.0 spec 4.4.8: throw,
 * throw_ref, try_table) with no native unwinding.  An exception is a
 * NacreExn the runtime makes (abi.h); throwing leaves it in the store's
 * pending slot and jumps to the innermost try_table's dispatch, or out of
 * the function with the exception pending; after every call that may
 * throw, one load and a branch do the same.  A dispatch compares the
 * exception's tag with each catch clause in order.  Nothing here depends
 * on the target.  (ARCHITECTURE.md, "Exception handling".)
 */
#include "backend.h"

#include <string.h>

/* The payload's slots are NacreValue-sized. */
enum { SLOT = sizeof(NacreValue) };

static bool uses_exceptions(const IrModule *m)
{
	if (m->ntags)
		return true;
	for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
		const IrFunc *f = &m->funcs[i - m->nimported_funcs];
		for (uint32_t k = 0; k < f->ncode; k++)
			if (f->code[k].op == IR_OP_THROW_REF || f->code[k].op == IR_OP_TRY_TABLE)
				return true;
	}
	return false;
}

/* Whether the module's calls can return with an exception pending: it
 * throws or catches itself, or it is a library (its imports, tables and
 * references may lead to code that throws).  An executable whose imports
 * are all WASI's, which never throw, needs no checks at all. */
bool be_exn_observable(const IrModule *m, const BeOptions *o)
{
	if (uses_exceptions(m) || o->emit != BE_EMIT_EXE)
		return true;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const IrName *mod = &m->imports[i].module;
		if (m->imports[i].kind == IR_EXTERN_FUNC && (mod->len < 4 || memcmp(mod->p, "wasi", 4) != 0))
			return true;
	}
	return false;
}

/* The function's way out with the exception pending: its results are
 * never read (the caller tests the slot first). */
static LLVMBasicBlockRef unwind_block(FuncCtx *c)
{
	if (c->unwind_bb)
		return c->unwind_bb;
	LLVMBasicBlockRef here = LLVMGetInsertBlock(c->b);
	c->unwind_bb = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "unwind");
	LLVMPositionBuilderAtEnd(c->b, c->unwind_bb);
	LLVMTypeRef rt = LLVMGetReturnType(LLVMGlobalGetValueType(c->fn));
	if (LLVMGetTypeKind(rt) == LLVMVoidTypeKind)
		LLVMBuildRetVoid(c->b);
	else
		LLVMBuildRet(c->b, LLVMGetUndef(rt));
	LLVMPositionBuilderAtEnd(c->b, here);
	return c->unwind_bb;
}

/* Where an exception raised here goes: the innermost try_table's dispatch. */
static LLVMBasicBlockRef landing(FuncCtx *c)
{
	for (size_t i = c->nlabels; i-- > 0;)
		if (c->labels[i].dispatch)
			return c->labels[i].dispatch;
	return unwind_block(c);
}

void be_exn_check(FuncCtx *c)
{
	if (!c->exn_slot)
		return;
	LLVMValueRef e = LLVMBuildLoad2(c->b, c->t->ptr, c->exn_slot, "exn");
	LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "noexn");
	LLVMBuildCondBr(c->b, be_expect_false(c, LLVMBuildIsNotNull(c->b, e, "")), landing(c), cont);
	LLVMPositionBuilderAtEnd(c->b, cont);
}

static LLVMValueRef slot(FuncCtx *c, LLVMValueRef payload, uint32_t i)
{
	LLVMValueRef off = LLVMConstInt(c->t->i64, (uint64_t)i * SLOT, false);
	return LLVMBuildGEP2(c->b, LLVMInt8TypeInContext(c->ctx), payload, &off, 1, "");
}

/* Leaves e pending and goes to the handler; the position is dead. */
static void leave_pending(FuncCtx *c, LLVMValueRef e)
{
	LLVMBuildStore(c->b, e, c->exn_slot);
	LLVMBuildBr(c->b, landing(c));
	c->dead = true;
}

/* throw x: a new exception of tag x with the operands as its payload. */
static void throw_tag(FuncCtx *c, uint32_t x)
{
	const IrFuncType *t = &c->m->types[c->m->tag_types[x]];
	LLVMValueRef args[] = { c->vmctx, be_i32(c, x), be_i32(c, t->nparams) };
	LLVMValueRef e = be_runtime_call(c, BE_RT_EXN_NEW, args, 3);
	LLVMValueRef payload = be_load_at(c, e, offsetof(NacreExn, payload), c->t->ptr);
	for (uint32_t i = t->nparams; i-- > 0;)
		LLVMSetAlignment(LLVMBuildStore(c->b, be_pop(c), slot(c, payload, i)), 8);
	leave_pending(c, e);
}

bool be_lower_exn(FuncCtx *c, const IrInstr *in)
{
	if (in->op == IR_OP_THROW) {
		throw_tag(c, in->u.idx.a);
		return true;
	}
	LLVMValueRef e = be_pop(c);
	be_trap_if(c, LLVMBuildIsNull(c->b, e, ""), NACRE_TRAP_NULL_EXN_REF);
	leave_pending(c, e);
	return true;
}

/* A tag is the tag instance the exception carries: vmctx->tags[x],
 * shared by every instance that defines or imports it. */
static LLVMValueRef tag_is(FuncCtx *c, LLVMValueRef e, uint32_t x)
{
	LLVMValueRef tags = be_load_at(c, c->vmctx, offsetof(NacreVmctx, tags), c->t->ptr);
	LLVMValueRef want = be_load_at(c, tags, (size_t)x * sizeof(void *), c->t->ptr);
	LLVMValueRef tag = be_load_at(c, e, offsetof(NacreExn, tag), c->t->ptr);
	return LLVMBuildICmp(c->b, LLVMIntEQ, tag, want, "");
}

/* One clause: when it matches, the exception is no longer pending and
 * its label gets the payload and/or the exnref; the builder ends in the
 * block for the next clause. */
static void catch_clause(FuncCtx *c, IrCatch k, LLVMValueRef e)
{
	LLVMBasicBlockRef take = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "catch");
	LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "nocatch");
	bool all = k.kind == IR_CATCH_ALL || k.kind == IR_CATCH_ALL_REF;
	if (all)
		LLVMBuildBr(c->b, take);
	else
		LLVMBuildCondBr(c->b, tag_is(c, e, k.tag), take, next);
	LLVMPositionBuilderAtEnd(c->b, take);
	LLVMBuildStore(c->b, LLVMConstNull(c->t->ptr), c->exn_slot);
	bool ref = k.kind == IR_CATCH_REF || k.kind == IR_CATCH_ALL_REF;
	size_t sp = c->sp;
	if (!all) {
		const IrFuncType *t = &c->m->types[c->m->tag_types[k.tag]];
		LLVMValueRef payload = be_load_at(c, e, offsetof(NacreExn, payload), c->t->ptr);
		for (uint32_t i = 0; i < t->nparams; i++) {
			LLVMValueRef v = LLVMBuildLoad2(c->b, be_valtype(c->t, t->params[i]), slot(c, payload, i), "");
			LLVMSetAlignment(v, 8);
			be_push(c, v);
		}
	}
	/* the payload is loaded: without an exnref nothing can reach it again */
	LLVMValueRef args[] = { c->vmctx, e };
	be_runtime_call(c, ref ? BE_RT_EXN_KEEP : BE_RT_EXN_DROP, args, 2);
	if (ref)
		be_push(c, e);
	be_branch_to(c, k.label);
	c->sp = sp;
	LLVMPositionBuilderAtEnd(c->b, next);
}

/* try_table's dispatch, made before its label is pushed so that the
 * clauses' labels (and the handler it passes on to) are the enclosing
 * ones.  The builder comes back where it was. */
LLVMBasicBlockRef be_exn_dispatch(FuncCtx *c, const IrInstr *in)
{
	LLVMBasicBlockRef outer = landing(c), here = LLVMGetInsertBlock(c->b);
	LLVMBasicBlockRef d = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "dispatch");
	LLVMPositionBuilderAtEnd(c->b, d);
	LLVMValueRef e = LLVMBuildLoad2(c->b, c->t->ptr, c->exn_slot, "exn");
	uint32_t n = ir_try_ncatches(c->f, in);
	for (uint32_t i = 0; i < n; i++)
		catch_clause(c, ir_try_catch(c->f, in, i), e);
	LLVMBuildBr(c->b, outer);
	LLVMPositionBuilderAtEnd(c->b, here);
	return d;
}
