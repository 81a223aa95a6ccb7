/* backend/lower_variable.c: locals (allocas, promoted to SSA by mem2reg),
 * globals (cells reached through vmctx->globals, imports included), and
 * the parametric instructions drop and select. */
#include "backend.h"

static LLVMValueRef global_cell(FuncCtx *c, uint32_t g)
{
	LLVMValueRef globals = be_vmctx_load(c, offsetof(NacreVmctx, globals), c->t->ptr, "globals");
	return be_invariant(c, be_ptr_elem(c, globals, be_i32(c, g))); /* the cell, not its value */
}

bool be_lower_variable(FuncCtx *c, const IrInstr *in)
{
	uint32_t x = in->u.idx.a;
	switch (in->op) {
	case IR_OP_LOCAL_GET:
		be_push(c, LLVMBuildLoad2(c->b, be_valtype(c->t, c->local_types[x]), c->locals[x], ""));
		return true;
	case IR_OP_LOCAL_SET:
		LLVMBuildStore(c->b, be_pop(c), c->locals[x]);
		return true;
	case IR_OP_LOCAL_TEE:
		LLVMBuildStore(c->b, be_peek(c, 0), c->locals[x]);
		return true;
	case IR_OP_GLOBAL_GET: {
		LLVMTypeRef ty = be_valtype(c->t, c->m->globals[x].type.type);
		be_push(c, be_load_at(c, global_cell(c, x), 0, ty));
		return true;
	}
	case IR_OP_GLOBAL_SET: {
		LLVMValueRef v = be_pop(c);
		be_store_at(c, global_cell(c, x), 0, v);
		return true;
	}
	}
	return false;
}

bool be_lower_parametric(FuncCtx *c, const IrInstr *in)
{
	if (in->op == IR_OP_DROP) {
		be_pop(c);
		return true;
	}
	/* select and select t */
	LLVMValueRef cond = be_pop(c);
	LLVMValueRef b = be_pop(c);
	LLVMValueRef a = be_pop(c);
	LLVMValueRef nz = LLVMBuildICmp(c->b, LLVMIntNE, cond, be_i32(c, 0), "");
	be_push(c, LLVMBuildSelect(c->b, nz, a, b, ""));
	return true;
}
