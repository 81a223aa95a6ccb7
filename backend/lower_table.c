/* backend/lower_table.c: table and reference instructions.  table.get,
 * table.set and table.size read the NacreTableData inline (bounds-checked);
 * the bulk operations are runtime calls.  A funcref value is the
 * function's NacreFuncRef record, null is a null pointer (abi.h). */
#include "backend.h"

static LLVMValueRef table_data(FuncCtx *c, uint32_t t)
{
	LLVMValueRef tables = be_vmctx_load(c, offsetof(NacreVmctx, tables), c->t->ptr, "tables");
	return be_invariant(c, be_ptr_elem(c, tables, be_i32(c, t))); /* not its size or elements */
}

/* The address of element idx, after the bounds check (and, with
 * --spectre, the clamp). */
static LLVMValueRef elem_addr(FuncCtx *c, uint32_t t, LLVMValueRef idx)
{
	LLVMValueRef td = table_data(c, t);
	LLVMValueRef size = be_load_at(c, td, offsetof(NacreTableData, size), c->t->i32);
	be_trap_if(c, LLVMBuildICmp(c->b, LLVMIntUGE, idx, size, ""), NACRE_TRAP_OOB_TABLE);
	idx = be_spectre_index(c, idx, size);
	LLVMValueRef elems = be_load_at(c, td, offsetof(NacreTableData, elems), c->t->ptr);
	LLVMValueRef i = LLVMBuildZExt(c->b, idx, c->t->i64, "");
	return LLVMBuildInBoundsGEP2(c->b, c->t->ptr, elems, &i, 1, "");
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
		LLVMValueRef p = elem_addr(c, a, be_pop(c));
		be_push(c, LLVMBuildLoad2(c->b, c->t->ptr, p, ""));
		return true;
	}
	case IR_OP_TABLE_SET: {
		LLVMValueRef v = be_pop(c);
		LLVMBuildStore(c->b, v, elem_addr(c, a, be_pop(c)));
		return true;
	}
	case IR_OP_TABLE_SIZE:
		be_push(c, be_load_at(c, table_data(c, a), offsetof(NacreTableData, size), c->t->i32));
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
	}
	return false;
}
