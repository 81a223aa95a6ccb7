/* backend/lower.c: one Wasm function at a time into LLVM IR.  Sets up the
 * frame (locals as allocas that mem2reg promotes, the stack-limit check),
 * keeps the operand stack of LLVM values, and dispatches each instruction
 * to its family's lower_<family>.c.  Also the helpers every family uses:
 * traps, intrinsics, vmctx fields.
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void be_types_init(BeTypes *t, LLVMContextRef ctx, const BeCallRegs *regs)
{
	t->regs = regs;
	t->void_ = LLVMVoidTypeInContext(ctx);
	t->i1 = LLVMInt1TypeInContext(ctx);
	t->i8 = LLVMInt8TypeInContext(ctx);
	t->i16 = LLVMInt16TypeInContext(ctx);
	t->i32 = LLVMInt32TypeInContext(ctx);
	t->i64 = LLVMInt64TypeInContext(ctx);
	t->f32 = LLVMFloatTypeInContext(ctx);
	t->f64 = LLVMDoubleTypeInContext(ctx);
	t->v128 = LLVMVectorType(t->i64, 2);
	t->ptr = LLVMPointerTypeInContext(ctx, 0);
}

LLVMTypeRef be_valtype(const BeTypes *t, IrValType v)
{
	switch (v) {
	case IR_I32: return t->i32;
	case IR_I64: return t->i64;
	case IR_F32: return t->f32;
	case IR_F64: return t->f64;
	case IR_V128: return t->v128;
	default: return t->ptr; /* funcref, externref, typed references */
	}
}

LLVMTypeRef be_result_type(const BeTypes *t, const IrFuncType *ft)
{
	if (ft->nresults == 0)
		return t->void_;
	if (ft->nresults == 1)
		return be_valtype(t, ft->results[0]);
	LLVMTypeRef fields[ft->nresults];
	for (uint32_t i = 0; i < ft->nresults; i++)
		fields[i] = be_valtype(t, ft->results[i]);
	return LLVMStructTypeInContext(LLVMGetTypeContext(t->i32), fields, ft->nresults, false);
}

LLVMValueRef be_i32(FuncCtx *c, uint32_t v)
{
	return LLVMConstInt(c->t->i32, v, false);
}

LLVMValueRef be_i64(FuncCtx *c, uint64_t v)
{
	return LLVMConstInt(c->t->i64, v, false);
}

void be_push(FuncCtx *c, LLVMValueRef v)
{
	if (c->sp == c->stack_cap) {
		size_t cap = c->stack_cap ? c->stack_cap * 2 : 64;
		LLVMValueRef *s = realloc(c->stack, cap * sizeof *s);
		if (!s) {
			c->failed = true; /* reported after this instruction */
			return;
		}
		c->stack = s;
		c->stack_cap = cap;
	}
	c->stack[c->sp++] = v;
}

LLVMValueRef be_pop(FuncCtx *c)
{
	/* validation guarantees operands; an empty stack is a backend bug */
	return c->sp ? c->stack[--c->sp] : LLVMGetUndef(c->t->i32);
}

LLVMValueRef be_peek(FuncCtx *c, size_t depth)
{
	return c->stack[c->sp - 1 - depth];
}

static LLVMBasicBlockRef trap_block(FuncCtx *c, NacreTrap trap)
{
	if (c->trap_bb[trap])
		return c->trap_bb[trap];
	LLVMBasicBlockRef cur = LLVMGetInsertBlock(c->b);
	LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "trap");
	LLVMPositionBuilderAtEnd(c->b, bb);
	LLVMValueRef args[] = { c->vmctx, be_i32(c, trap) };
	be_runtime_call(c, BE_RT_TRAP, args, 2);
	LLVMBuildUnreachable(c->b);
	LLVMPositionBuilderAtEnd(c->b, cur);
	return c->trap_bb[trap] = bb;
}

LLVMValueRef be_expect_false(FuncCtx *c, LLVMValueRef cond)
{
	LLVMValueRef args[] = { cond, LLVMConstInt(c->t->i1, 0, false) };
	return be_call_intrinsic(c, "llvm.expect", c->t->i1, args, 2);
}

void be_trap_if(FuncCtx *c, LLVMValueRef cond, NacreTrap trap)
{
	LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "ok");
	LLVMBuildCondBr(c->b, be_expect_false(c, cond), trap_block(c, trap), cont);
	LLVMPositionBuilderAtEnd(c->b, cont);
}

void be_trap_branch(FuncCtx *c, NacreTrap trap)
{
	LLVMBuildBr(c->b, trap_block(c, trap));
}

void be_trap(FuncCtx *c, NacreTrap trap)
{
	be_trap_branch(c, trap);
	c->dead = true;
}

LLVMValueRef be_intrinsic(FuncCtx *c, const char *name, LLVMTypeRef *overloads, unsigned n)
{
	unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
	return LLVMGetIntrinsicDeclaration(c->bm->mod, id, overloads, n);
}

LLVMValueRef be_call_intrinsic(FuncCtx *c, const char *name, LLVMTypeRef overload,
                               LLVMValueRef *args, unsigned nargs)
{
	unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
	LLVMTypeRef ty = LLVMIntrinsicGetType(c->ctx, id, &overload, overload ? 1 : 0);
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(c->bm->mod, id, &overload, overload ? 1 : 0);
	return LLVMBuildCall2(c->b, ty, fn, args, nargs, "");
}

static LLVMValueRef field(FuncCtx *c, LLVMValueRef base, size_t offset)
{
	LLVMValueRef idx = be_i64(c, offset);
	return offset ? LLVMBuildInBoundsGEP2(c->b, c->t->i8, base, &idx, 1, "") : base;
}

LLVMValueRef be_load_at(FuncCtx *c, LLVMValueRef base, size_t offset, LLVMTypeRef type)
{
	return LLVMBuildLoad2(c->b, type, field(c, base, offset), "");
}

void be_store_at(FuncCtx *c, LLVMValueRef base, size_t offset, LLVMValueRef v)
{
	LLVMBuildStore(c->b, v, field(c, base, offset));
}

LLVMValueRef be_ptr_elem(FuncCtx *c, LLVMValueRef base, LLVMValueRef index)
{
	LLVMValueRef p = LLVMBuildInBoundsGEP2(c->b, c->t->ptr, base, &index, 1, "");
	return LLVMBuildLoad2(c->b, c->t->ptr, p, "");
}

LLVMValueRef be_invariant(FuncCtx *c, LLVMValueRef load)
{
	unsigned kind = LLVMGetMDKindIDInContext(c->ctx, "invariant.load", 14);
	LLVMSetMetadata(load, kind, LLVMMetadataAsValue(c->ctx, LLVMMDNodeInContext2(c->ctx, NULL, 0)));
	return load;
}

/* Every vmctx field but the memory's size is set before any of the
 * instance's code runs and never changes. */
LLVMValueRef be_vmctx_load(FuncCtx *c, size_t offset, LLVMTypeRef type, const char *name)
{
	LLVMValueRef v = be_load_at(c, c->vmctx, offset, type);
	LLVMSetValueName2(v, name, strlen(name));
	return offset == offsetof(NacreVmctx, mem_size) ? v : be_invariant(c, v);
}

/* Parameters are stored into allocas next to the declared locals (zero
 * initialised, spec 4.4.8); mem2reg turns them all into SSA values. */
static void setup_locals(FuncCtx *c)
{
	const IrFuncType *ft = c->ft;
	c->nlocals = ft->nparams + c->f->nlocals;
	c->locals = calloc(c->nlocals ? c->nlocals : 1, sizeof *c->locals);
	c->local_types = calloc(c->nlocals ? c->nlocals : 1, sizeof *c->local_types);
	uint32_t k = 0;
	LLVMValueRef params[ft->nparams + 1];
	be_sig_params(c->b, c->t, ft, c->fn, params);
	for (uint32_t i = 0; i < ft->nparams; i++)
		c->local_types[k++] = ft->params[i];
	for (uint32_t r = 0; r < c->f->nruns; r++)
		for (uint32_t i = 0; i < c->f->runs[r].count; i++)
			c->local_types[k++] = c->f->runs[r].type;
	for (uint32_t i = 0; i < c->nlocals; i++) {
		LLVMTypeRef ty = be_valtype(c->t, c->local_types[i]);
		c->locals[i] = LLVMBuildAlloca(c->b, ty, "");
		LLVMValueRef init = i < ft->nparams ? params[i] : LLVMConstNull(ty);
		LLVMBuildStore(c->b, init, c->locals[i]);
	}
}

/* The prologue's stack check: deep recursion becomes a clean trap (and
 * an interrupt request, interrupt.c, fails it too).  A small leaf goes
 * without (leaf.c). */
static void stack_check(FuncCtx *c)
{
	LLVMValueRef limit_ptr = be_vmctx_load(c, offsetof(NacreVmctx, stack_limit), c->t->ptr, "limitp");
	be_interrupt_setup(c, limit_ptr);
	if (be_leaf_unchecked(c->bm, c->funcidx)) {
		be_leaf_watch(c->fn);
		return;
	}
	LLVMValueRef limit = LLVMBuildLoad2(c->b, c->t->i64, limit_ptr, "limit");
	be_interrupt_entry_load(c, limit);
	LLVMValueRef sp = be_call_intrinsic(c, "llvm.stacksave", c->t->ptr, NULL, 0);
	LLVMValueRef spi = LLVMBuildPtrToInt(c->b, sp, c->t->i64, "");
	be_trap_if(c, LLVMBuildICmp(c->b, LLVMIntULT, spi, limit, ""), NACRE_TRAP_STACK_EXHAUSTED);
}

static bool dispatch(FuncCtx *c, const IrInstr *in, uint32_t index)
{
	switch ((IrFamily)ir_op_info[in->op].family) {
	case IR_FAM_CONTROL: return be_lower_control(c, in, index);
	case IR_FAM_CALL: return be_lower_call(c, in);
	case IR_FAM_PARAMETRIC: return be_lower_parametric(c, in);
	case IR_FAM_VARIABLE: return be_lower_variable(c, in);
	case IR_FAM_TABLE: return be_lower_table(c, in);
	case IR_FAM_MEMORY: return be_lower_memory(c, in);
	case IR_FAM_NUMERIC: return be_lower_numeric(c, in);
	case IR_FAM_CONVERT: return be_lower_convert(c, in);
	case IR_FAM_REFERENCE: return be_lower_reference(c, in);
	case IR_FAM_SIMD: return be_lower_simd(c, in);
	}
	return false;
}

/* In dead code only structure matters: a nested block is skipped whole,
 * else and end of the current frame are still lowered. */
static uint32_t skip_dead(FuncCtx *c, const IrInstr *in, uint32_t i)
{
	switch (in->op) {
	case IR_OP_BLOCK: case IR_OP_LOOP: case IR_OP_IF: case IR_OP_TRY_TABLE:
		return in->u.block.end_at;
	default:
		return i;
	}
}

static bool lower_body(FuncCtx *c)
{
	for (uint32_t i = 0; i < c->f->ncode; i++) {
		const IrInstr *in = &c->f->code[i];
		if (c->dead && in->op != IR_OP_ELSE && in->op != IR_OP_END) {
			i = skip_dead(c, in, i);
			continue;
		}
		c->fuel_pending++;
		if (!dispatch(c, in, i)) {
			diag_report(c->bm->diags, DIAG_CODEGEN, in->offset, c->funcidx, "%s not supported",
			            ir_op_info[in->op].name);
			return false;
		}
		if (c->failed) {
			diag_report(c->bm->diags, DIAG_OUT_OF_MEMORY, in->offset, c->funcidx, NULL);
			return false;
		}
	}
	return true;
}

static void func_ctx_free(FuncCtx *c)
{
	for (size_t i = 0; i < c->nlabels; i++) {
		if (c->labels[i].target_phis != c->labels[i].end_phis)
			free(c->labels[i].target_phis);
		free(c->labels[i].end_phis);
		free(c->labels[i].if_params);
	}
	free(c->labels);
	free(c->stack);
	free(c->locals);
	free(c->local_types);
	free(c->mems);
	LLVMDisposeBuilder(c->b);
}

static bool lower_func(BeModule *bm, uint32_t funcidx)
{
	FuncCtx c = {
		.bm = bm, .ctx = bm->ctx, .t = &bm->t, .m = bm->m, .funcidx = funcidx,
		.f = &bm->m->funcs[funcidx - bm->m->nimported_funcs],
		.fn = bm->funcs[funcidx],
	};
	c.ft = &bm->m->types[c.f->type];
	c.b = LLVMCreateBuilderInContext(bm->ctx);
	c.vmctx = LLVMGetParam(c.fn, 0);
	LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(bm->ctx, c.fn, "entry");
	LLVMPositionBuilderAtEnd(c.b, entry);
	setup_locals(&c);
	if (bm->exn)
		c.exn_slot = be_vmctx_load(&c, offsetof(NacreVmctx, exn), bm->t.ptr, "exnslot");
	if (!be_lower_mem_setup(&c)) {
		func_ctx_free(&c);
		diag_report(bm->diags, DIAG_OUT_OF_MEMORY, 0, funcidx, NULL);
		return false;
	}
	stack_check(&c);
	be_fuel_check(&c);
	bool ok = be_lower_enter_function(&c) && lower_body(&c);
	func_ctx_free(&c);
	return ok;
}

/* Every defined function is declared first so that calls can name it.
 * Partitions share functions through hidden symbols; a module lowered
 * whole keeps them internal. */
static bool declare_funcs(BeModule *bm)
{
	const IrModule *m = bm->m;
	bm->funcs = calloc(m->nfuncs ? m->nfuncs : 1, sizeof *bm->funcs);
	if (!bm->funcs)
		return false;
	for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
		char name[256];
		if (bm->opt->module_name) /* unique across the modules of a program */
			snprintf(name, sizeof name, "%s.f%u", bm->opt->module_name, i);
		else
			snprintf(name, sizeof name, "wasm_f%u", i);
		LLVMValueRef fn = LLVMAddFunction(bm->mod, name, be_func_type(&bm->t, ir_func_type(m, i)));
		if (bm->partitioned)
			LLVMSetVisibility(fn, LLVMHiddenVisibility);
		else
			LLVMSetLinkage(fn, LLVMInternalLinkage);
		/* Wasm recursion must exhaust the stack and trap (spec
		 * assert_exhaustion); tail-recursion elimination would turn it
		 * into a loop that never reaches the prologue's check */
		LLVMAddTargetDependentFunctionAttr(fn, "disable-tail-calls", "true");
		/* a frame larger than the runtime's margin below the stack
		 * limit touches each page as it grows, so that it meets the
		 * guard below the stack before anything beyond (x86-64 and
		 * aarch64; LLVM 19 has no probes for riscv64, whose frames
		 * would have to pass the 1 MiB guard, sys.h) */
		LLVMAddTargetDependentFunctionAttr(fn, "probe-stack", "inline-asm");
		be_spectre_function(bm, fn);
		bm->funcs[i] = fn;
	}
	return true;
}

bool be_lower_module(BeModule *bm)
{
	if (!declare_funcs(bm)) {
		diag_report(bm->diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, NULL);
		return false;
	}
	bm->exn = be_exn_observable(bm->m, bm->opt);
	if (!be_exn_quiet_plan(bm)) {
		diag_report(bm->diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, NULL);
		return false;
	}
	bool ok = true;
	for (uint32_t i = bm->first; ok && i < bm->end; i++)
		ok = lower_func(bm, i);
	free(bm->quiet);
	bm->quiet = NULL;
	return ok;
}
