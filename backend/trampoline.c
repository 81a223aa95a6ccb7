/* backend/trampoline.c: the two adapters per function type that let a
 * generic host meet typed code (abi.h).  An entry calls a compiled
 * function with arguments from a NacreValue array and writes its results
 * back; a host adapter is typed code that spills its arguments into such
 * an array and calls a NacreHostFunc's callback.
 */
#include "backend.h"

#include <stdio.h>

/* base + offset bytes: a field of an abi.h struct. */
static LLVMValueRef at(LLVMBuilderRef b, const BeTypes *t, LLVMValueRef base, size_t offset)
{
	LLVMValueRef off = LLVMConstInt(t->i64, offset, false);
	return LLVMBuildInBoundsGEP2(b, t->i8, base, &off, 1, "");
}

static LLVMValueRef slot(LLVMBuilderRef b, const BeTypes *t, LLVMValueRef base, uint32_t i)
{
	return at(b, t, base, (size_t)i * sizeof(NacreValue));
}

/* Stores a function result (one value or a struct of them) into slots. */
static void store_results(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft,
                          LLVMValueRef r, LLVMValueRef base)
{
	for (uint32_t i = 0; i < ft->nresults; i++) {
		LLVMValueRef v = ft->nresults == 1 ? r : LLVMBuildExtractValue(b, r, i, "");
		LLVMBuildStore(b, v, slot(b, t, base, i));
	}
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
	LLVMValueRef vmctx = LLVMGetParam(fn, 0), callee = LLVMGetParam(fn, 1), base = LLVMGetParam(fn, 2);
	LLVMValueRef args[ft->nparams + 1];
	args[0] = vmctx;
	for (uint32_t i = 0; i < ft->nparams; i++)
		args[i + 1] = LLVMBuildLoad2(b, be_valtype(t, ft->params[i]), slot(b, t, base, i), "");
	LLVMValueRef r = LLVMBuildCall2(b, be_func_type(t, ft), callee, args, ft->nparams + 1, "");
	store_results(b, t, ft, r, base);
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
	for (uint32_t i = 0; i < ft->nparams; i++)
		LLVMBuildStore(b, LLVMGetParam(fn, i + 1), slot(b, t, base, i));
	LLVMValueRef host = LLVMGetParam(fn, 0);
	LLVMValueRef cb = LLVMBuildLoad2(b, t->ptr, at(b, t, host, offsetof(NacreHostFunc, callback)), "callback");
	LLVMValueRef env = LLVMBuildLoad2(b, t->ptr, at(b, t, host, offsetof(NacreHostFunc, env)), "env");
	LLVMTypeRef cbparams[] = { t->ptr, t->ptr };
	LLVMValueRef cbargs[] = { env, base };
	LLVMBuildCall2(b, LLVMFunctionType(t->void_, cbparams, 2, false), cb, cbargs, 2, "");
	if (ft->nresults == 0) {
		LLVMBuildRetVoid(b);
		return fn;
	}
	LLVMValueRef vals[ft->nresults];
	for (uint32_t i = 0; i < ft->nresults; i++)
		vals[i] = LLVMBuildLoad2(b, be_valtype(t, ft->results[i]), slot(b, t, base, i), "");
	if (ft->nresults == 1)
		LLVMBuildRet(b, vals[0]);
	else
		LLVMBuildAggregateRet(b, vals, ft->nresults);
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
