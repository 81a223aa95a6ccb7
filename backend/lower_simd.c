/* backend/lower_simd.c: fixed-width SIMD (spec 4.4.3 vector instructions)
 * into LLVM IR, part one: memory accesses, v128.const, shuffle, swizzle,
 * splat and lane access.  A v128 is a <2 x i64> on the operand stack and is
 * bitcast to the lane shape each instruction works in; lane-wise
 * arithmetic is table-driven in lower_simd_arith.c.
 */
#include "backend.h"


/* <n x elem> */
LLVMTypeRef be_simd_vec(LLVMTypeRef elem, unsigned n)
{
	return LLVMVectorType(elem, n);
}

/* A scalar in every lane of a vector of type vt (spec 4.4.3.3 splat). */
LLVMValueRef be_simd_splat(FuncCtx *c, LLVMValueRef x, LLVMTypeRef vt)
{
	unsigned n = LLVMGetVectorSize(vt);
	LLVMValueRef v = LLVMBuildInsertElement(c->b, LLVMGetUndef(vt), x, be_i32(c, 0), "");
	LLVMValueRef zeros = LLVMConstNull(be_simd_vec(c->t->i32, n));
	return LLVMBuildShuffleVector(c->b, v, LLVMGetPoison(vt), zeros, "splat");
}

static void push_v128(FuncCtx *c, LLVMValueRef v)
{
	be_push(c, LLVMBuildBitCast(c->b, v, c->t->v128, ""));
}

static LLVMValueRef pop_as(FuncCtx *c, LLVMTypeRef vt)
{
	return LLVMBuildBitCast(c->b, be_pop(c), vt, "");
}

/* ---- Memory (spec 4.4.7).  Every access goes through be_lower_addr with
 * its access size, 1 << X of the row; the alignment hint is never trusted. */
typedef enum MemForm {
	MEM_NONE,
	MEM_LOAD,       /* v128.load */
	MEM_EXTEND,     /* load M lanes of N bits, then widen them */
	MEM_SPLAT,      /* load one lane, splat it */
	MEM_ZERO,       /* load one lane into lane 0, the others zero */
	MEM_LOAD_LANE,  /* load one lane into the operand's lane u.mem.lane */
	MEM_STORE,      /* v128.store */
	MEM_STORE_LANE, /* store the operand's lane u.mem.lane */
} MemForm;

typedef struct MemRow {
	uint8_t form;     /* MemForm */
	uint8_t bits;     /* MEM_EXTEND: the width of a lane in memory */
	bool sign;        /* MEM_EXTEND: sign extension */
} MemRow;

static const MemRow mem_rows[IR_OP_COUNT] = {
	[IR_OP_V128_LOAD] = { MEM_LOAD, 0, false },
	[IR_OP_V128_LOAD8X8_S] = { MEM_EXTEND, 8, true },
	[IR_OP_V128_LOAD8X8_U] = { MEM_EXTEND, 8, false },
	[IR_OP_V128_LOAD16X4_S] = { MEM_EXTEND, 16, true },
	[IR_OP_V128_LOAD16X4_U] = { MEM_EXTEND, 16, false },
	[IR_OP_V128_LOAD32X2_S] = { MEM_EXTEND, 32, true },
	[IR_OP_V128_LOAD32X2_U] = { MEM_EXTEND, 32, false },
	[IR_OP_V128_LOAD8_SPLAT] = { MEM_SPLAT, 0, false },
	[IR_OP_V128_LOAD16_SPLAT] = { MEM_SPLAT, 0, false },
	[IR_OP_V128_LOAD32_SPLAT] = { MEM_SPLAT, 0, false },
	[IR_OP_V128_LOAD64_SPLAT] = { MEM_SPLAT, 0, false },
	[IR_OP_V128_LOAD32_ZERO] = { MEM_ZERO, 0, false },
	[IR_OP_V128_LOAD64_ZERO] = { MEM_ZERO, 0, false },
	[IR_OP_V128_LOAD8_LANE] = { MEM_LOAD_LANE, 0, false },
	[IR_OP_V128_LOAD16_LANE] = { MEM_LOAD_LANE, 0, false },
	[IR_OP_V128_LOAD32_LANE] = { MEM_LOAD_LANE, 0, false },
	[IR_OP_V128_LOAD64_LANE] = { MEM_LOAD_LANE, 0, false },
	[IR_OP_V128_STORE] = { MEM_STORE, 0, false },
	[IR_OP_V128_STORE8_LANE] = { MEM_STORE_LANE, 0, false },
	[IR_OP_V128_STORE16_LANE] = { MEM_STORE_LANE, 0, false },
	[IR_OP_V128_STORE32_LANE] = { MEM_STORE_LANE, 0, false },
	[IR_OP_V128_STORE64_LANE] = { MEM_STORE_LANE, 0, false },
};

static void lower_mem(FuncCtx *c, const IrInstr *in, const MemRow *row)
{
	unsigned log2 = ir_op_info[in->op].extra;
	unsigned bits = 8u << log2;                 /* the access, in bits */
	LLVMTypeRef it = LLVMIntTypeInContext(c->ctx, bits);
	LLVMTypeRef lanes = be_simd_vec(it, 128 / bits);   /* single-lane forms */
	LLVMValueRef vec = NULL, v;
	BeAddr p;
	if (row->form == MEM_LOAD_LANE || row->form == MEM_STORE || row->form == MEM_STORE_LANE)
		vec = be_pop(c);
	p = be_lower_addr(c, in->u.mem.memory, be_pop(c), in->u.mem.offset, 1u << log2);
	switch ((MemForm)row->form) {
	case MEM_LOAD:
		be_push(c, be_lower_load(c, c->t->v128, p));
		return;
	case MEM_EXTEND: {
		LLVMTypeRef nt = LLVMIntTypeInContext(c->ctx, row->bits);
		unsigned n = 64 / row->bits;
		LLVMTypeRef wide = be_simd_vec(LLVMIntTypeInContext(c->ctx, row->bits * 2), n);
		v = be_lower_load(c, be_simd_vec(nt, n), p);
		v = row->sign ? LLVMBuildSExt(c->b, v, wide, "") : LLVMBuildZExt(c->b, v, wide, "");
		push_v128(c, v);
		return;
	}
	case MEM_SPLAT:
		push_v128(c, be_simd_splat(c, be_lower_load(c, it, p), lanes));
		return;
	case MEM_ZERO:
		v = be_lower_load(c, it, p);
		push_v128(c, LLVMBuildInsertElement(c->b, LLVMConstNull(lanes), v, be_i32(c, 0), ""));
		return;
	case MEM_LOAD_LANE:
		v = be_lower_load(c, it, p);
		vec = LLVMBuildBitCast(c->b, vec, lanes, "");
		push_v128(c, LLVMBuildInsertElement(c->b, vec, v, be_i32(c, in->u.mem.lane), ""));
		return;
	case MEM_STORE:
		be_lower_store(c, vec, p);
		return;
	case MEM_STORE_LANE:
		vec = LLVMBuildBitCast(c->b, vec, lanes, "");
		v = LLVMBuildExtractElement(c->b, vec, be_i32(c, in->u.mem.lane), "");
		be_lower_store(c, v, p);
		return;
	case MEM_NONE:
		break;
	}
}

/* ---- Lanes.  The shape of a splat or lane instruction: its lane type. */
static LLVMTypeRef lane_type(FuncCtx *c, IrOp op)
{
	switch (op) {
	case IR_OP_I8X16_SPLAT: case IR_OP_I8X16_EXTRACT_LANE_S:
	case IR_OP_I8X16_EXTRACT_LANE_U: case IR_OP_I8X16_REPLACE_LANE:
		return c->t->i8;
	case IR_OP_I16X8_SPLAT: case IR_OP_I16X8_EXTRACT_LANE_S:
	case IR_OP_I16X8_EXTRACT_LANE_U: case IR_OP_I16X8_REPLACE_LANE:
		return c->t->i16;
	case IR_OP_I32X4_SPLAT: case IR_OP_I32X4_EXTRACT_LANE: case IR_OP_I32X4_REPLACE_LANE:
		return c->t->i32;
	case IR_OP_I64X2_SPLAT: case IR_OP_I64X2_EXTRACT_LANE: case IR_OP_I64X2_REPLACE_LANE:
		return c->t->i64;
	case IR_OP_F32X4_SPLAT: case IR_OP_F32X4_EXTRACT_LANE: case IR_OP_F32X4_REPLACE_LANE:
		return c->t->f32;
	case IR_OP_F64X2_SPLAT: case IR_OP_F64X2_EXTRACT_LANE: case IR_OP_F64X2_REPLACE_LANE:
		return c->t->f64;
	default:
		return NULL;
	}
}

static LLVMTypeRef shape_of(FuncCtx *c, LLVMTypeRef et)
{
	LLVMTypeRef bits_ty = et == c->t->f32 ? c->t->i32 : et == c->t->f64 ? c->t->i64 : et;
	return be_simd_vec(et, 128 / LLVMGetIntTypeWidth(bits_ty));
}

/* i8 and i16 lanes travel as i32 scalars: truncated going in, and
 * extended coming out (_s or _u). */
static void lower_lanes(FuncCtx *c, const IrInstr *in, LLVMTypeRef et)
{
	LLVMTypeRef vt = shape_of(c, et);
	LLVMValueRef x, v;
	bool narrow = et == c->t->i8 || et == c->t->i16;
	switch (in->op) {
	case IR_OP_I8X16_SPLAT: case IR_OP_I16X8_SPLAT: case IR_OP_I32X4_SPLAT:
	case IR_OP_I64X2_SPLAT: case IR_OP_F32X4_SPLAT: case IR_OP_F64X2_SPLAT:
		x = be_pop(c);
		if (narrow)
			x = LLVMBuildTrunc(c->b, x, et, "");
		push_v128(c, be_simd_splat(c, x, vt));
		return;
	case IR_OP_I8X16_REPLACE_LANE: case IR_OP_I16X8_REPLACE_LANE: case IR_OP_I32X4_REPLACE_LANE:
	case IR_OP_I64X2_REPLACE_LANE: case IR_OP_F32X4_REPLACE_LANE: case IR_OP_F64X2_REPLACE_LANE:
		x = be_pop(c);
		if (narrow)
			x = LLVMBuildTrunc(c->b, x, et, "");
		v = pop_as(c, vt);
		push_v128(c, LLVMBuildInsertElement(c->b, v, x, be_i32(c, in->u.lane), ""));
		return;
	default:
		v = LLVMBuildExtractElement(c->b, pop_as(c, vt), be_i32(c, in->u.lane), "");
		if (in->op == IR_OP_I8X16_EXTRACT_LANE_S || in->op == IR_OP_I16X8_EXTRACT_LANE_S)
			v = LLVMBuildSExt(c->b, v, c->t->i32, "");
		else if (narrow)
			v = LLVMBuildZExt(c->b, v, c->t->i32, "");
		be_push(c, v);
		return;
	}
}

/* ---- Constants and byte permutations. */
static void lower_const(FuncCtx *c, const IrInstr *in)
{
	LLVMValueRef bytes[16];
	for (int i = 0; i < 16; i++)
		bytes[i] = LLVMConstInt(c->t->i8, in->u.v128[i], false);
	be_push(c, LLVMConstBitCast(LLVMConstVector(bytes, 16), c->t->v128));
}

/* i8x16.shuffle: the 16 immediates index the 32 bytes of both operands,
 * exactly shufflevector's mask (validation checked them below 32). */
static void lower_shuffle(FuncCtx *c, const IrInstr *in)
{
	LLVMTypeRef vt = be_simd_vec(c->t->i8, 16);
	LLVMValueRef mask[16];
	for (int i = 0; i < 16; i++)
		mask[i] = be_i32(c, in->u.v128[i]);
	LLVMValueRef b = pop_as(c, vt), a = pop_as(c, vt);
	push_v128(c, LLVMBuildShuffleVector(c->b, a, b, LLVMConstVector(mask, 16), ""));
}

/* i8x16.swizzle (spec 4.4.3.2): a lane index of 16 or more selects 0.
 * A target with a byte shuffle does it in its own instructions
 * (Target.swizzle).  Otherwise each index is taken modulo 16 (as one
 * vector operation, so that LLVM can still spot a variable byte permute
 * on CPUs that have one) for a defined extractelement, and the lanes
 * whose index was out of range are cleared afterwards. */
static void lower_swizzle(FuncCtx *c)
{
	LLVMTypeRef vt = be_simd_vec(c->t->i8, 16);
	LLVMValueRef idx = pop_as(c, vt), a = pop_as(c, vt);
	const Target *t = c->bm->opt->target;
	LLVMValueRef r = t->swizzle ? t->swizzle(c, a, idx) : NULL;
	if (r) {
		push_v128(c, r);
		return;
	}
	LLVMValueRef fifteen = be_simd_splat(c, LLVMConstInt(c->t->i8, 15, false), vt);
	LLVMValueRef low = LLVMBuildAnd(c->b, idx, fifteen, "");
	r = LLVMGetPoison(vt);
	for (unsigned i = 0; i < 16; i++) {
		LLVMValueRef k = LLVMBuildExtractElement(c->b, low, be_i32(c, i), "");
		LLVMValueRef x = LLVMBuildExtractElement(c->b, a, k, "");
		r = LLVMBuildInsertElement(c->b, r, x, be_i32(c, i), "");
	}
	LLVMValueRef sixteen = be_simd_splat(c, LLVMConstInt(c->t->i8, 16, false), vt);
	LLVMValueRef in_range = LLVMBuildICmp(c->b, LLVMIntULT, idx, sixteen, "");
	push_v128(c, LLVMBuildSelect(c->b, in_range, r, LLVMConstNull(vt), ""));
}

bool be_lower_simd(FuncCtx *c, const IrInstr *in)
{
	if (in->op >= IR_OP_COUNT)
		return false;
	if (mem_rows[in->op].form != MEM_NONE) {
		lower_mem(c, in, &mem_rows[in->op]);
		return true;
	}
	LLVMTypeRef et = lane_type(c, (IrOp)in->op);
	if (et) {
		lower_lanes(c, in, et);
		return true;
	}
	switch (in->op) {
	case IR_OP_V128_CONST: lower_const(c, in); return true;
	case IR_OP_I8X16_SHUFFLE: lower_shuffle(c, in); return true;
	case IR_OP_I8X16_SWIZZLE:
	case IR_OP_I8X16_RELAXED_SWIZZLE: /* nacre's meaning: swizzle's, an index past 15 gives 0 */
		lower_swizzle(c);
		return true;
	}
	return be_lower_simd_arith(c, in);
}
