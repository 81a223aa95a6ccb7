/* backend/trampoline.c: the two adapters per function type that let a
 * generic host meet typed code (abi.h).  An entry calls a compiled
 * function with arguments from a NacreValue array and writes its results
 * back; a host adapter is typed code that spills its arguments into such
 * an array and calls a NacreHostFunc's callback.  Both meet compiled code
 * in its calling convention (sig.c): spilled parameters in the callee
 * context's slots, results beyond the registers through resp.
 */
#include "backend.h"

#include <stdio.h>

/* base + offset bytes: a field of an abi.h struct. */
static LLVMValueRef field(LLVMBuilderRef b, const BeTypes *t, LLVMValueRef base, size_t offset)
{
	LLVMValueRef off = LLVMConstInt(t->i64, offset, false);
	return LLVMBuildInBoundsGEP2(b, t->i8, base, &off, 1, "");
}

static LLVMValueRef emit_entry(BeModule *bm, LLVMBuilderRef b, uint32_t typeidx)
{
	const BeTypes *t = &bm->t;
	const IrFuncType *ft = &bm->m->types[typeidx];
	LLVMTypeRef params[] = { t->ptr, t->ptr, t->ptr };
	char name[40];
	snprintf(name, sizeof name, "nacre_entry_t%u", typeidx);
	LLVMValueRef fn = LLVMAddFunction(bm->mod, name, LLVMFunctionType(t->void_, params, 3, false));
	LLVMSetLinkage(fn, LLVMInternalLinkage);
	LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(bm->ctx, fn, "entry"));
	LLVMValueRef callee = LLVMGetParam(fn, 1), base = LLVMGetParam(fn, 2);
	LLVMValueRef vals[ft->nparams + 1], args[ft->nparams + 2], results[ft->nresults + 1];
	for (uint32_t i = 0; i < ft->nparams; i++)
		vals[i] = LLVMBuildLoad2(b, be_valtype(t, ft->params[i]), be_slot(b, t, base, i), "");
	BeSigArgs a = { .vmctx = LLVMGetParam(fn, 0), .resp = base, .vals = vals };
	unsigned n = be_sig_args(b, t, ft, &a, args);
	LLVMValueRef r = LLVMBuildCall2(b, be_func_type(t, ft), callee, args, n, "");
	BeSig s;
	be_sig(t->regs, ft, &s, NULL);
	be_sig_results(b, t, ft, r, base, results);
	for (uint32_t i = 0; !s.resp && i < ft->nresults; i++)
		LLVMBuildStore(b, results[i], be_slot(b, t, base, i));
	LLVMBuildRetVoid(b);
	return fn;
}

static LLVMValueRef emit_adapter(BeModule *bm, LLVMBuilderRef b, uint32_t typeidx)
{
	const BeTypes *t = &bm->t;
	const IrFuncType *ft = &bm->m->types[typeidx];
	char name[40];
	snprintf(name, sizeof name, "nacre_host_adapter_t%u", typeidx);
	LLVMValueRef fn = LLVMAddFunction(bm->mod, name, be_func_type(t, ft));
	LLVMSetLinkage(fn, LLVMInternalLinkage);
	LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(bm->ctx, fn, "entry"));
	uint32_t nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
	LLVMTypeRef arr = LLVMArrayType2(t->i8, (uint64_t)(nslots ? nslots : 1) * sizeof(NacreValue));
	LLVMValueRef base = LLVMBuildAlloca(b, arr, "values");
	LLVMSetAlignment(base, 16);
	LLVMValueRef params[ft->nparams + 1];
	be_sig_params(b, t, ft, fn, params);
	for (uint32_t i = 0; i < ft->nparams; i++)
		LLVMBuildStore(b, params[i], be_slot(b, t, base, i));
	LLVMValueRef host = LLVMGetParam(fn, 0);
	LLVMValueRef cb = LLVMBuildLoad2(b, t->ptr, field(b, t, host, offsetof(NacreHostFunc, callback)), "cb");
	LLVMValueRef env = LLVMBuildLoad2(b, t->ptr, field(b, t, host, offsetof(NacreHostFunc, env)), "env");
	LLVMTypeRef cbparams[] = { t->ptr, t->ptr };
	LLVMValueRef cbargs[] = { env, base };
	LLVMBuildCall2(b, LLVMFunctionType(t->void_, cbparams, 2, false), cb, cbargs, 2, "");
	LLVMValueRef vals[ft->nresults + 1];
	for (uint32_t i = 0; i < ft->nresults; i++)
		vals[i] = LLVMBuildLoad2(b, be_valtype(t, ft->results[i]), be_slot(b, t, base, i), "");
	be_sig_return(b, t, ft, fn, vals);
	return fn;
}

bool be_emit_trampolines(BeModule *bm, LLVMValueRef *entries, LLVMValueRef *adapters)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(bm->ctx);
	for (uint32_t i = 0; i < bm->m->ntypes; i++) {
		entries[i] = emit_entry(bm, b, i);
		adapters[i] = emit_adapter(bm, b, i);
	}
	LLVMDisposeBuilder(b);
	return true;
}
