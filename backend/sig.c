/* backend/sig.c: a Wasm function type as a native signature (abi.h's
 * calling convention).  A tail call must pass everything in registers:
 * LLVM 19's RISC-V backend makes no tail call with an argument on the
 * stack or a result returned through memory, and no target does one for
 * a C-convention call whose stack arguments outgrow the caller's.  So no
 * call passes anything on the stack: parameters beyond the target's
 * argument registers (Target.call_regs) go in the callee context's spill
 * slots, and results beyond its result registers all come back in resp's.
 * Every caller and callee computes the same split from the type alone,
 * so direct, indirect, cross-instance and host calls agree.
 */
#include "backend.h"

/* How many registers v takes, and of which class. */
static unsigned cost(const BeCallRegs *r, IrValType v, bool *fp)
{
	*fp = v == IR_F32 || v == IR_F64 || (v == IR_V128 && !r->v128_ints);
	return v == IR_V128 && r->v128_ints ? r->v128_ints : 1;
}

/* Gives registers to values in order while their class has some left;
 * in_reg (NULL: not wanted) says which got them.  True when all did. */
static bool assign(const BeCallRegs *r, const IrValType *vs, uint32_t n, unsigned ints, unsigned fps,
                   bool *in_reg)
{
	bool all = true;
	for (uint32_t i = 0; i < n; i++) {
		bool fp;
		unsigned k = cost(r, vs[i], &fp);
		unsigned *left = fp ? &fps : &ints;
		bool ok = *left >= k;
		*left -= ok ? k : 0;
		if (in_reg)
			in_reg[i] = ok;
		all &= ok;
	}
	return all;
}

void be_sig(const BeCallRegs *r, const IrFuncType *ft, BeSig *s, bool *in_reg)
{
	s->resp = !assign(r, ft->results, ft->nresults, r->int_results, r->fp_results, NULL);
	unsigned ints = r->int_args - 1u - s->resp; /* vmctx, resp */
	s->spill = !assign(r, ft->params, ft->nparams, ints, r->fp_args, in_reg);
}

LLVMTypeRef be_func_type(const BeTypes *t, const IrFuncType *ft)
{
	BeSig s;
	bool in_reg[ft->nparams + 1];
	be_sig(t->regs, ft, &s, in_reg);
	LLVMTypeRef params[ft->nparams + 2];
	unsigned n = 0;
	params[n++] = t->ptr;
	for (uint32_t i = 0; i < ft->nparams; i++)
		if (in_reg[i])
			params[n++] = be_valtype(t, ft->params[i]);
	if (s.resp)
		params[n++] = t->ptr;
	return LLVMFunctionType(s.resp ? t->void_ : be_result_type(t, ft), params, n, false);
}

LLVMValueRef be_sig_spill(LLVMBuilderRef b, const BeTypes *t, LLVMValueRef ctx)
{
	LLVMValueRef p = LLVMBuildLoad2(b, t->ptr, ctx, "spill"); /* offset 0 in either context */
	LLVMContextRef c = LLVMGetTypeContext(t->ptr);
	unsigned kind = LLVMGetMDKindIDInContext(c, "invariant.load", 14);
	LLVMSetMetadata(p, kind, LLVMMetadataAsValue(c, LLVMMDNodeInContext2(c, NULL, 0)));
	return p;
}

LLVMValueRef be_slot(LLVMBuilderRef b, const BeTypes *t, LLVMValueRef base, uint32_t i)
{
	LLVMValueRef off = LLVMConstInt(t->i64, (uint64_t)i * sizeof(NacreValue), false);
	return LLVMBuildInBoundsGEP2(b, t->i8, base, &off, 1, "");
}

/* Slots are NacreValues, 8-aligned in C: a v128 in one is too. */
static LLVMValueRef load_slot(LLVMBuilderRef b, const BeTypes *t, IrValType v, LLVMValueRef base, uint32_t i)
{
	LLVMValueRef l = LLVMBuildLoad2(b, be_valtype(t, v), be_slot(b, t, base, i), "");
	LLVMSetAlignment(l, 8);
	return l;
}

static void store_slot(LLVMBuilderRef b, const BeTypes *t, LLVMValueRef v, LLVMValueRef base, uint32_t i)
{
	LLVMSetAlignment(LLVMBuildStore(b, v, be_slot(b, t, base, i)), 8);
}

unsigned be_sig_args(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft, const BeSigArgs *a,
                     LLVMValueRef *out)
{
	BeSig s;
	bool in_reg[ft->nparams + 1];
	be_sig(t->regs, ft, &s, in_reg);
	unsigned n = 0;
	out[n++] = a->vmctx;
	LLVMValueRef spill = s.spill ? be_sig_spill(b, t, a->vmctx) : NULL;
	for (uint32_t i = 0; i < ft->nparams; i++)
		if (in_reg[i])
			out[n++] = a->vals[i];
		else
			store_slot(b, t, a->vals[i], spill, i);
	if (s.resp)
		out[n++] = a->resp;
	return n;
}

void be_sig_results(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft, LLVMValueRef r,
                    LLVMValueRef resp, LLVMValueRef *out)
{
	BeSig s;
	be_sig(t->regs, ft, &s, NULL);
	for (uint32_t i = 0; i < ft->nresults; i++)
		if (s.resp)
			out[i] = load_slot(b, t, ft->results[i], resp, i);
		else
			out[i] = ft->nresults == 1 ? r : LLVMBuildExtractValue(b, r, i, "");
}

void be_sig_params(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft, LLVMValueRef fn,
                   LLVMValueRef *out)
{
	BeSig s;
	bool in_reg[ft->nparams + 1];
	be_sig(t->regs, ft, &s, in_reg);
	unsigned k = 1;
	LLVMValueRef spill = s.spill ? be_sig_spill(b, t, LLVMGetParam(fn, 0)) : NULL;
	for (uint32_t i = 0; i < ft->nparams; i++)
		out[i] = in_reg[i] ? LLVMGetParam(fn, k++) : load_slot(b, t, ft->params[i], spill, i);
}

LLVMValueRef be_sig_resp(const BeTypes *t, const IrFuncType *ft, LLVMValueRef fn)
{
	BeSig s;
	be_sig(t->regs, ft, &s, NULL);
	return s.resp ? LLVMGetParam(fn, LLVMCountParams(fn) - 1) : NULL;
}

void be_sig_return(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft, LLVMValueRef fn,
                   LLVMValueRef *vals)
{
	LLVMValueRef resp = be_sig_resp(t, ft, fn);
	for (uint32_t i = 0; resp && i < ft->nresults; i++)
		store_slot(b, t, vals[i], resp, i);
	if (resp || ft->nresults == 0)
		LLVMBuildRetVoid(b);
	else if (ft->nresults == 1)
		LLVMBuildRet(b, vals[0]);
	else
		LLVMBuildAggregateRet(b, vals, ft->nresults);
}
