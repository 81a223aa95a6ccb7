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

static bool is64(FuncCtx *c, uint32_t t)
{
	return c->m->tables[t].limits.is64;
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

/* table64: an i64 index, offset or length is checked against the size in
 * 64 bits here, and only then truncated to the i32 the rest of the
 * lowering and the runtime take (nacre's tables stay below 2^32
 * elements), so that 2^32 + 1 never becomes 1. */
static LLVMValueRef size64(FuncCtx *c, uint32_t t)
{
	return LLVMBuildZExt(c->b, table_size(c, t), c->t->i64, "");
}

static LLVMValueRef to32(FuncCtx *c, LLVMValueRef v)
{
	return LLVMTypeOf(v) == c->t->i64 ? LLVMBuildTrunc(c->b, v, c->t->i32, "") : v;
}

static LLVMValueRef to64(FuncCtx *c, LLVMValueRef v)
{
	return LLVMTypeOf(v) == c->t->i64 ? v : LLVMBuildZExt(c->b, v, c->t->i64, "");
}

/* at + n <= size, as n <= size && at <= size - n (no term wraps), or a
 * table trap; at as an i32 after. */
static LLVMValueRef range32(FuncCtx *c, uint32_t t, LLVMValueRef at, LLVMValueRef n)
{
	LLVMValueRef size = size64(c, t);
	n = to64(c, n);
	LLVMValueRef bad = LLVMBuildOr(c->b, LLVMBuildICmp(c->b, LLVMIntUGT, n, size, ""),
	                               LLVMBuildICmp(c->b, LLVMIntUGT, at, LLVMBuildSub(c->b, size, n, ""), ""), "");
	be_trap_if(c, bad, NACRE_TRAP_OOB_TABLE);
	return to32(c, at);
}

/* One element's index, i32 after a table64 one is checked. */
static LLVMValueRef index32(FuncCtx *c, uint32_t t, LLVMValueRef idx, NacreTrap trap)
{
	if (LLVMTypeOf(idx) != c->t->i64)
		return idx;
	be_trap_if(c, LLVMBuildICmp(c->b, LLVMIntUGE, idx, size64(c, t), ""), trap);
	return to32(c, idx);
}

LLVMValueRef be_table_elem_addr(FuncCtx *c, uint32_t t, LLVMValueRef idx, NacreTrap trap)
{
	idx = index32(c, t, idx, trap);
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
	LLVMValueRef args[] = { c->vmctx, be_i32(c, t), index32(c, t, i, NACRE_TRAP_OOB_TABLE), v, be_i32(c, 1) };
	be_runtime_call(c, BE_RT_TABLE_FILL, args, 5);
}

/* table.grow of a table64: a delta of 2^32 or more fails (-1) without
 * calling the runtime's grow, which gets 0 then; the runtime's -1 is
 * -1 as an i64 too. */
static void grow64(FuncCtx *c, uint32_t t)
{
	LLVMValueRef delta = be_pop(c), init = be_pop(c);
	LLVMValueRef big = LLVMBuildICmp(c->b, LLVMIntUGT, delta, be_i64(c, UINT32_MAX), "");
	LLVMValueRef d32 = LLVMBuildSelect(c->b, big, be_i32(c, 0), to32(c, delta), "");
	LLVMValueRef args[] = { c->vmctx, be_i32(c, t), init, d32 };
	LLVMValueRef r = be_runtime_call(c, BE_RT_TABLE_GROW, args, 4);
	LLVMValueRef failed = LLVMBuildOr(c->b, big, LLVMBuildICmp(c->b, LLVMIntEQ, r, be_i32(c, UINT32_MAX), ""), "");
	be_push(c, LLVMBuildSelect(c->b, failed, be_i64(c, UINT64_MAX), to64(c, r), ""));
}

/* The bulk operations on a table64 (or a copy with one): the i64
 * operands checked and truncated, then the runtime's entries. */
static void bulk64(FuncCtx *c, const IrInstr *in)
{
	uint32_t a = in->u.idx.a, b = in->u.idx.b;
	LLVMValueRef n = be_pop(c), y = be_pop(c), x = be_pop(c);
	LLVMValueRef args[6] = { c->vmctx };
	switch (in->op) {
	case IR_OP_TABLE_FILL: /* i, value, n */
		args[1] = be_i32(c, a), args[2] = range32(c, a, x, n), args[3] = y, args[4] = to32(c, n);
		be_runtime_call(c, BE_RT_TABLE_FILL, args, 5);
		return;
	case IR_OP_TABLE_COPY: /* dst (in a), src (in b), n */
		args[1] = be_i32(c, a), args[2] = be_i32(c, b);
		args[3] = is64(c, a) ? range32(c, a, x, n) : x;
		args[4] = is64(c, b) ? range32(c, b, y, n) : y;
		args[5] = to32(c, n);
		be_runtime_call(c, BE_RT_TABLE_COPY, args, 6);
		return;
	default: /* table.init: dst (in b), src, n from elem a */
		args[1] = be_i32(c, b), args[2] = be_i32(c, a), args[3] = range32(c, b, x, n), args[4] = y, args[5] = n;
		be_runtime_call(c, BE_RT_TABLE_INIT, args, 6);
		return;
	}
}

static bool any64(FuncCtx *c, const IrInstr *in)
{
	switch (in->op) {
	case IR_OP_TABLE_FILL: return is64(c, in->u.idx.a);
	case IR_OP_TABLE_COPY: return is64(c, in->u.idx.a) || is64(c, in->u.idx.b);
	case IR_OP_TABLE_INIT: return is64(c, in->u.idx.b);
	default: return false;
	}
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
	if (any64(c, in)) {
		bulk64(c, in);
		return true;
	}
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
		be_push(c, is64(c, a) ? size64(c, a) : table_size(c, a));
		return true;
	case IR_OP_TABLE_GROW:
		if (is64(c, a))
			grow64(c, a);
		else
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
