/* backend/lower_table.c: table and reference instructions.  table.get
 * and table.size read the NacreTableData inline (bounds-checked), as does
 * table.set of an externref; a funcref element (NacreFuncElem, the record
 * inline) is written by the runtime, as a fill of one, and so are the bulk
 * operations.  A funcref value is the function's NacreFuncRef record,
 * null is a null pointer (abi.h). */
#include "backend.h"

static LLVMValueRef table_data(FuncCtx *c, uint32_t t)
{
	LLVMValueRef tables = be_vmctx_load(c, offsetof(NacreVmctx, tables), c->t->ptr, "tables");
	return be_invariant(c, be_ptr_elem(c, tables, be_i32(c, t))); /* not its size or elements */
}

static bool funcref_table(FuncCtx *c, uint32_t t)
{
	return ir_ref_repr(c->m->tables[t].elem) == IR_FUNCREF;
}

/* A table whose minimum is its maximum never changes size: grow fails
 * past the maximum (before the runtime moves anything), and an import of
 * such a type can only be bound to a table of exactly those limits.  Its
 * size is a constant and its element array never moves. */
static bool fixed_size(FuncCtx *c, uint32_t t)
{
	IrLimits l = c->m->tables[t].limits;
	return l.has_max && l.min == l.max;
}

static LLVMValueRef table_size(FuncCtx *c, uint32_t t)
{
	if (fixed_size(c, t))
		return be_i32(c, c->m->tables[t].limits.min);
	return be_load_at(c, table_data(c, t), offsetof(NacreTableData, size), c->t->i32);
}

LLVMValueRef be_table_elem_addr(FuncCtx *c, uint32_t t, LLVMValueRef idx, NacreTrap trap)
{
	LLVMValueRef size = table_size(c, t);
	be_trap_if(c, LLVMBuildICmp(c->b, LLVMIntUGE, idx, size, ""), trap);
	idx = be_spectre_index(c, idx, size); /* --spectre: element 0 past a mispredicted check */
	LLVMValueRef elems = be_load_at(c, table_data(c, t), offsetof(NacreTableData, elems), c->t->ptr);
	if (fixed_size(c, t))
		elems = be_invariant(c, elems);
	uint64_t stride = funcref_table(c, t) ? sizeof(NacreFuncElem) : sizeof(void *);
	LLVMValueRef off = LLVMBuildMul(c->b, LLVMBuildZExt(c->b, idx, c->t->i64, ""),
	                                LLVMConstInt(c->t->i64, stride, false), "");
	return LLVMBuildInBoundsGEP2(c->b, c->t->i8, elems, &off, 1, "");
}

/* A funcref element is the record inline: the runtime writes it, as
 * table.fill(i, v, 1) (the same bounds and trap). */
static void table_set(FuncCtx *c, uint32_t t)
{
	LLVMValueRef v = be_pop(c), i = be_pop(c);
	if (!funcref_table(c, t)) {
		LLVMBuildStore(c->b, v, be_table_elem_addr(c, t, i, NACRE_TRAP_OOB_TABLE));
		return;
	}
	LLVMValueRef args[] = { c->vmctx, be_i32(c, t), i, v, be_i32(c, 1) };
	be_runtime_call(c, BE_RT_TABLE_FILL, args, 5);
}

/* Pops n operands into args after vmctx and the immediates, then calls. */
static LLVMValueRef runtime_op(FuncCtx *c, BeRuntime rt, const uint32_t *imms, unsigned nimm,
                               unsigned nops)
{
	LLVMValueRef args[8];
	unsigned n = 0;
	args[n++] = c->vmctx;
	for (unsigned i = 0; i < nimm; i++)
		args[n++] = be_i32(c, imms[i]);
	for (unsigned i = nops; i > 0; i--)
		args[n + i - 1] = be_pop(c);
	return be_runtime_call(c, rt, args, n + nops);
}

bool be_lower_table(FuncCtx *c, const IrInstr *in)
{
	uint32_t a = in->u.idx.a, b = in->u.idx.b;
	switch (in->op) {
	case IR_OP_TABLE_GET: {
		LLVMValueRef p = be_table_elem_addr(c, a, be_pop(c), NACRE_TRAP_OOB_TABLE);
		size_t ref = funcref_table(c, a) ? offsetof(NacreFuncElem, ref) : 0;
		be_push(c, be_load_at(c, p, ref, c->t->ptr));
		return true;
	}
	case IR_OP_TABLE_SET:
		table_set(c, a);
		return true;
	case IR_OP_TABLE_SIZE:
		be_push(c, table_size(c, a));
		return true;
	case IR_OP_TABLE_GROW:
		be_push(c, runtime_op(c, BE_RT_TABLE_GROW, &a, 1, 2));
		return true;
	case IR_OP_TABLE_FILL: runtime_op(c, BE_RT_TABLE_FILL, &a, 1, 3); return true;
	case IR_OP_TABLE_COPY: runtime_op(c, BE_RT_TABLE_COPY, (uint32_t[]){ a, b }, 2, 3); return true;
	/* table.init's immediates are elem then table; the runtime takes table first */
	case IR_OP_TABLE_INIT: runtime_op(c, BE_RT_TABLE_INIT, (uint32_t[]){ b, a }, 2, 3); return true;
	case IR_OP_ELEM_DROP: runtime_op(c, BE_RT_ELEM_DROP, &a, 1, 0); return true;
	}
	return false;
}

bool be_lower_reference(FuncCtx *c, const IrInstr *in)
{
	switch (in->op) {
	case IR_OP_REF_NULL:
		be_push(c, LLVMConstNull(c->t->ptr));
		return true;
	case IR_OP_REF_IS_NULL:
		be_push(c, LLVMBuildZExt(c->b, LLVMBuildIsNull(c->b, be_pop(c), ""), c->t->i32, ""));
		return true;
	case IR_OP_REF_FUNC: {
		LLVMValueRef funcs = be_vmctx_load(c, offsetof(NacreVmctx, funcs), c->t->ptr, "funcs");
		be_push(c, be_invariant(c, be_ptr_elem(c, funcs, be_i32(c, in->u.idx.a))));
		return true;
	}
	case IR_OP_REF_AS_NON_NULL: {
		LLVMValueRef r = be_pop(c);
		be_trap_if(c, LLVMBuildIsNull(c->b, r, ""), NACRE_TRAP_NULL_REF);
		be_push(c, r);
		return true;
	}
	}
	return false;
}
