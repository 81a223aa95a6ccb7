/* backend/lower_simd_arith.c: fixed-width SIMD, part two: the lane-wise
 * instructions (spec 4.4.3): bitwise operations, comparisons, integer and
 * float arithmetic, narrowing, widening and conversions.  One table gives
 * each opcode its form, the lane shape its operands are read in, and its
 * LLVM opcode, predicate or intrinsic; lower_simd.c hands over every SIMD
 * row it does not lower itself.
 */
#include "backend.h"

#include <string.h>

/* The lane shape operands are bitcast to. */
typedef enum Shape { I8, I16, I32, I64, F32, F64 } Shape;

typedef enum Form {
	FORM_NONE,
	FORM_BINARY,     /* an LLVM binary operator, code */
	FORM_ICMP,       /* icmp, code the predicate; lanes all ones or zero */
	FORM_FCMP,       /* fcmp, likewise */
	FORM_SHIFT,      /* shl/ashr/lshr by an i32 count modulo the lane width */
	FORM_CALL,       /* an intrinsic taking the operands as they are */
	FORM_ROUND,      /* ceil, floor, trunc, nearest (be_round) */
	FORM_ABS,        /* llvm.abs, INT_MIN kept */
	FORM_NEG,        /* 0 - x, or fneg for float shapes */
	FORM_MINMAX,     /* llvm.minimum/maximum, NaN results canonical */
	FORM_PMINMAX,    /* code 0: b < a ? b : a; 1: a < b ? b : a */
	FORM_NOT, FORM_ANDNOT, FORM_BITSELECT,
	FORM_ANY_TRUE, FORM_ALL_TRUE, FORM_BITMASK,
	FORM_AVGR,       /* (a + b + 1) >> 1 in twice the width */
	FORM_Q15MULR,    /* (a * b + 0x4000) >> 15, saturated */
	FORM_NARROW,     /* code 1: signed saturation, 0: unsigned */
	FORM_EXTEND,     /* code: EXT_HIGH | EXT_SIGNED */
	FORM_EXTMUL,     /* likewise, then a multiplication */
	FORM_EXTADD,     /* code EXT_SIGNED: pairwise sums in twice the width */
	FORM_DOT,        /* i32x4.dot_i16x8_s, i16x8.relaxed_dot_i8x16_i7x16_s */
	FORM_DOT_ADD,    /* i32x4.relaxed_dot_i8x16_i7x16_add_s */
	FORM_MADD,       /* relaxed (n)madd: code 0 a * b + c, 1 -(a * b) + c */
	FORM_TRUNC_SAT,  /* llvm.fptosi.sat/fptoui.sat; f64x2 pads with zeros */
	FORM_CONVERT,    /* code sitofp/uitofp, i32x4 into f32x4 */
	FORM_CONVERT_LOW,/* likewise, the low two lanes into f64x2 */
	FORM_DEMOTE,     /* f64x2 into the low lanes of f32x4 */
	FORM_PROMOTE,    /* the low two f32 lanes into f64x2 */
} Form;

enum { EXT_HIGH = 1, EXT_SIGNED = 2 };

typedef struct Row {
	uint8_t form;           /* Form */
	uint8_t shape;          /* Shape of the (v128) operands */
	int code;               /* LLVMOpcode, predicate, or form flags */
	const char *intrinsic;
} Row;

#define ROW(op, form, shape, code, intrinsic) \
	[IR_OP_##op] = { FORM_##form, shape, code, intrinsic }
/* The ten integer comparisons of one shape. */
#define ICMPS(s, shape) \
	ROW(s##_EQ, ICMP, shape, LLVMIntEQ, NULL), ROW(s##_NE, ICMP, shape, LLVMIntNE, NULL), \
	ROW(s##_LT_S, ICMP, shape, LLVMIntSLT, NULL), ROW(s##_LT_U, ICMP, shape, LLVMIntULT, NULL), \
	ROW(s##_GT_S, ICMP, shape, LLVMIntSGT, NULL), ROW(s##_GT_U, ICMP, shape, LLVMIntUGT, NULL), \
	ROW(s##_LE_S, ICMP, shape, LLVMIntSLE, NULL), ROW(s##_LE_U, ICMP, shape, LLVMIntULE, NULL), \
	ROW(s##_GE_S, ICMP, shape, LLVMIntSGE, NULL), ROW(s##_GE_U, ICMP, shape, LLVMIntUGE, NULL)
/* NaN compares unequal to everything: ne is the only unordered one. */
#define FCMPS(s, shape) \
	ROW(s##_EQ, FCMP, shape, LLVMRealOEQ, NULL), ROW(s##_NE, FCMP, shape, LLVMRealUNE, NULL), \
	ROW(s##_LT, FCMP, shape, LLVMRealOLT, NULL), ROW(s##_GT, FCMP, shape, LLVMRealOGT, NULL), \
	ROW(s##_LE, FCMP, shape, LLVMRealOLE, NULL), ROW(s##_GE, FCMP, shape, LLVMRealOGE, NULL)
/* What every integer shape has. */
#define IARITH(s, shape) \
	ROW(s##_ABS, ABS, shape, 0, NULL), ROW(s##_NEG, NEG, shape, 0, NULL), \
	ROW(s##_ALL_TRUE, ALL_TRUE, shape, 0, NULL), ROW(s##_BITMASK, BITMASK, shape, 0, NULL), \
	ROW(s##_SHL, SHIFT, shape, LLVMShl, NULL), ROW(s##_SHR_S, SHIFT, shape, LLVMAShr, NULL), \
	ROW(s##_SHR_U, SHIFT, shape, LLVMLShr, NULL), \
	ROW(s##_ADD, BINARY, shape, LLVMAdd, NULL), ROW(s##_SUB, BINARY, shape, LLVMSub, NULL)
#define SATS(s, shape) \
	ROW(s##_ADD_SAT_S, CALL, shape, 0, "llvm.sadd.sat"), \
	ROW(s##_ADD_SAT_U, CALL, shape, 0, "llvm.uadd.sat"), \
	ROW(s##_SUB_SAT_S, CALL, shape, 0, "llvm.ssub.sat"), \
	ROW(s##_SUB_SAT_U, CALL, shape, 0, "llvm.usub.sat")
#define MINMAXES(s, shape) \
	ROW(s##_MIN_S, CALL, shape, 0, "llvm.smin"), ROW(s##_MIN_U, CALL, shape, 0, "llvm.umin"), \
	ROW(s##_MAX_S, CALL, shape, 0, "llvm.smax"), ROW(s##_MAX_U, CALL, shape, 0, "llvm.umax")
/* extend_{low,high}_<from>_{s,u} and extmul likewise, read in shape from. */
#define WIDENS(s, form, from, shape) \
	ROW(s##_##form##_LOW_##from##_S, form, shape, EXT_SIGNED, NULL), \
	ROW(s##_##form##_HIGH_##from##_S, form, shape, EXT_SIGNED | EXT_HIGH, NULL), \
	ROW(s##_##form##_LOW_##from##_U, form, shape, 0, NULL), \
	ROW(s##_##form##_HIGH_##from##_U, form, shape, EXT_HIGH, NULL)
#define FARITH(s, shape) \
	ROW(s##_CEIL, ROUND, shape, 0, "llvm.ceil"), ROW(s##_FLOOR, ROUND, shape, 0, "llvm.floor"), \
	ROW(s##_TRUNC, ROUND, shape, 0, "llvm.trunc"), \
	ROW(s##_NEAREST, ROUND, shape, 0, "llvm.roundeven"), \
	ROW(s##_ABS, CALL, shape, 0, "llvm.fabs"), ROW(s##_NEG, NEG, shape, 0, NULL), \
	ROW(s##_SQRT, CALL, shape, 0, "llvm.sqrt"), \
	ROW(s##_ADD, BINARY, shape, LLVMFAdd, NULL), ROW(s##_SUB, BINARY, shape, LLVMFSub, NULL), \
	ROW(s##_MUL, BINARY, shape, LLVMFMul, NULL), ROW(s##_DIV, BINARY, shape, LLVMFDiv, NULL), \
	ROW(s##_MIN, MINMAX, shape, 0, "llvm.minimum"), \
	ROW(s##_MAX, MINMAX, shape, 0, "llvm.maximum"), \
	ROW(s##_PMIN, PMINMAX, shape, 0, NULL), ROW(s##_PMAX, PMINMAX, shape, 1, NULL)

static const Row rows[IR_OP_COUNT] = {
	ROW(V128_NOT, NOT, I64, 0, NULL),
	ROW(V128_AND, BINARY, I64, LLVMAnd, NULL),
	ROW(V128_ANDNOT, ANDNOT, I64, 0, NULL),
	ROW(V128_OR, BINARY, I64, LLVMOr, NULL),
	ROW(V128_XOR, BINARY, I64, LLVMXor, NULL),
	ROW(V128_BITSELECT, BITSELECT, I64, 0, NULL),
	ROW(V128_ANY_TRUE, ANY_TRUE, I64, 0, NULL),

	ICMPS(I8X16, I8), ICMPS(I16X8, I16), ICMPS(I32X4, I32),
	ROW(I64X2_EQ, ICMP, I64, LLVMIntEQ, NULL), ROW(I64X2_NE, ICMP, I64, LLVMIntNE, NULL),
	ROW(I64X2_LT_S, ICMP, I64, LLVMIntSLT, NULL), ROW(I64X2_GT_S, ICMP, I64, LLVMIntSGT, NULL),
	ROW(I64X2_LE_S, ICMP, I64, LLVMIntSLE, NULL), ROW(I64X2_GE_S, ICMP, I64, LLVMIntSGE, NULL),
	FCMPS(F32X4, F32), FCMPS(F64X2, F64),

	IARITH(I8X16, I8), SATS(I8X16, I8), MINMAXES(I8X16, I8),
	ROW(I8X16_POPCNT, CALL, I8, 0, "llvm.ctpop"),
	ROW(I8X16_AVGR_U, AVGR, I8, 0, NULL),
	ROW(I8X16_NARROW_I16X8_S, NARROW, I16, 1, NULL),
	ROW(I8X16_NARROW_I16X8_U, NARROW, I16, 0, NULL),

	IARITH(I16X8, I16), SATS(I16X8, I16), MINMAXES(I16X8, I16),
	ROW(I16X8_MUL, BINARY, I16, LLVMMul, NULL),
	ROW(I16X8_AVGR_U, AVGR, I16, 0, NULL),
	ROW(I16X8_Q15MULR_SAT_S, Q15MULR, I16, 0, NULL),
	ROW(I16X8_NARROW_I32X4_S, NARROW, I32, 1, NULL),
	ROW(I16X8_NARROW_I32X4_U, NARROW, I32, 0, NULL),
	WIDENS(I16X8, EXTEND, I8X16, I8), WIDENS(I16X8, EXTMUL, I8X16, I8),
	ROW(I16X8_EXTADD_PAIRWISE_I8X16_S, EXTADD, I8, EXT_SIGNED, NULL),
	ROW(I16X8_EXTADD_PAIRWISE_I8X16_U, EXTADD, I8, 0, NULL),

	IARITH(I32X4, I32), MINMAXES(I32X4, I32),
	ROW(I32X4_MUL, BINARY, I32, LLVMMul, NULL),
	ROW(I32X4_DOT_I16X8_S, DOT, I16, 0, NULL),
	WIDENS(I32X4, EXTEND, I16X8, I16), WIDENS(I32X4, EXTMUL, I16X8, I16),
	ROW(I32X4_EXTADD_PAIRWISE_I16X8_S, EXTADD, I16, EXT_SIGNED, NULL),
	ROW(I32X4_EXTADD_PAIRWISE_I16X8_U, EXTADD, I16, 0, NULL),

	IARITH(I64X2, I64),
	ROW(I64X2_MUL, BINARY, I64, LLVMMul, NULL),
	WIDENS(I64X2, EXTEND, I32X4, I32), WIDENS(I64X2, EXTMUL, I32X4, I32),

	FARITH(F32X4, F32), FARITH(F64X2, F64),

	ROW(I32X4_TRUNC_SAT_F32X4_S, TRUNC_SAT, F32, 0, "llvm.fptosi.sat"),
	ROW(I32X4_TRUNC_SAT_F32X4_U, TRUNC_SAT, F32, 0, "llvm.fptoui.sat"),
	ROW(I32X4_TRUNC_SAT_F64X2_S_ZERO, TRUNC_SAT, F64, 0, "llvm.fptosi.sat"),
	ROW(I32X4_TRUNC_SAT_F64X2_U_ZERO, TRUNC_SAT, F64, 0, "llvm.fptoui.sat"),
	ROW(F32X4_CONVERT_I32X4_S, CONVERT, I32, LLVMSIToFP, NULL),
	ROW(F32X4_CONVERT_I32X4_U, CONVERT, I32, LLVMUIToFP, NULL),
	ROW(F64X2_CONVERT_LOW_I32X4_S, CONVERT_LOW, I32, LLVMSIToFP, NULL),
	ROW(F64X2_CONVERT_LOW_I32X4_U, CONVERT_LOW, I32, LLVMUIToFP, NULL),
	ROW(F32X4_DEMOTE_F64X2_ZERO, DEMOTE, F64, 0, NULL),
	ROW(F64X2_PROMOTE_LOW_F32X4, PROMOTE, F32, 0, NULL),

	/* Relaxed SIMD: one meaning each, the same on every target, where a
	 * deterministic instruction exists that meaning: trunc_sat, bitselect,
	 * IEEE min and max (NaN and -0 < +0 as min/max), q15mulr_sat.  madd is
	 * the multiply then the add, each rounded (no fma: the baseline x86-64
	 * CPU has none, and a fused result would differ by target); the dot
	 * products read both operands as signed: the i16 one wraps as
	 * i32x4.dot_i16x8_s does (only for two -128 * -128 in one pair), the
	 * i32 one adds its four products exactly. */
	ROW(I32X4_RELAXED_TRUNC_F32X4_S, TRUNC_SAT, F32, 0, "llvm.fptosi.sat"),
	ROW(I32X4_RELAXED_TRUNC_F32X4_U, TRUNC_SAT, F32, 0, "llvm.fptoui.sat"),
	ROW(I32X4_RELAXED_TRUNC_F64X2_S_ZERO, TRUNC_SAT, F64, 0, "llvm.fptosi.sat"),
	ROW(I32X4_RELAXED_TRUNC_F64X2_U_ZERO, TRUNC_SAT, F64, 0, "llvm.fptoui.sat"),
	ROW(F32X4_RELAXED_MADD, MADD, F32, 0, NULL), ROW(F32X4_RELAXED_NMADD, MADD, F32, 1, NULL),
	ROW(F64X2_RELAXED_MADD, MADD, F64, 0, NULL), ROW(F64X2_RELAXED_NMADD, MADD, F64, 1, NULL),
	ROW(I8X16_RELAXED_LANESELECT, BITSELECT, I64, 0, NULL),
	ROW(I16X8_RELAXED_LANESELECT, BITSELECT, I64, 0, NULL),
	ROW(I32X4_RELAXED_LANESELECT, BITSELECT, I64, 0, NULL),
	ROW(I64X2_RELAXED_LANESELECT, BITSELECT, I64, 0, NULL),
	ROW(F32X4_RELAXED_MIN, MINMAX, F32, 0, "llvm.minimum"), ROW(F32X4_RELAXED_MAX, MINMAX, F32, 0, "llvm.maximum"),
	ROW(F64X2_RELAXED_MIN, MINMAX, F64, 0, "llvm.minimum"), ROW(F64X2_RELAXED_MAX, MINMAX, F64, 0, "llvm.maximum"),
	ROW(I16X8_RELAXED_Q15MULR_S, Q15MULR, I16, 0, NULL),
	ROW(I16X8_RELAXED_DOT_I8X16_I7X16_S, DOT, I8, 0, NULL),
	ROW(I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S, DOT_ADD, I8, 0, NULL),
};

/* ---- Vector types and small builders. */
static unsigned lane_bits(Shape s)
{
	static const unsigned bits[] = { [I8] = 8, [I16] = 16, [I32] = 32, [I64] = 64, [F32] = 32, [F64] = 64 };
	return bits[s];
}

static LLVMTypeRef ivec(FuncCtx *c, unsigned bits, unsigned n)
{
	return be_simd_vec(LLVMIntTypeInContext(c->ctx, bits), n);
}

static LLVMTypeRef shape_type(FuncCtx *c, Shape s)
{
	if (s == F32)
		return be_simd_vec(c->t->f32, 4);
	if (s == F64)
		return be_simd_vec(c->t->f64, 2);
	return ivec(c, lane_bits(s), 128 / lane_bits(s));
}

static LLVMValueRef ksplat(LLVMTypeRef vt, unsigned long long k)
{
	unsigned n = LLVMGetVectorSize(vt);
	unsigned bits = LLVMGetIntTypeWidth(LLVMGetElementType(vt));
	if (bits < 64)
		k &= (1ull << bits) - 1;
	LLVMValueRef e = LLVMConstInt(LLVMGetElementType(vt), k, false);
	LLVMValueRef lanes[16];
	for (unsigned i = 0; i < n; i++)
		lanes[i] = e;
	return LLVMConstVector(lanes, n);
}

/* Lanes first, first + step, ... of a (n of them), as a new vector. */
static LLVMValueRef pick(FuncCtx *c, LLVMValueRef a, unsigned first, unsigned step, unsigned n)
{
	LLVMValueRef mask[16];
	for (unsigned i = 0; i < n; i++)
		mask[i] = be_i32(c, first + i * step);
	return LLVMBuildShuffleVector(c->b, a, LLVMGetPoison(LLVMTypeOf(a)),
	                              LLVMConstVector(mask, n), "");
}

/* a and b (n lanes each) side by side; with b NULL, a then zeros. */
static LLVMValueRef concat(FuncCtx *c, LLVMValueRef a, LLVMValueRef b)
{
	unsigned n = LLVMGetVectorSize(LLVMTypeOf(a));
	LLVMValueRef mask[32];
	for (unsigned i = 0; i < 2 * n; i++)
		mask[i] = be_i32(c, i);
	return LLVMBuildShuffleVector(c->b, a, b ? b : LLVMConstNull(LLVMTypeOf(a)),
	                              LLVMConstVector(mask, 2 * n), "");
}

static LLVMValueRef widen(FuncCtx *c, LLVMValueRef v, bool sign)
{
	LLVMTypeRef vt = LLVMTypeOf(v);
	LLVMTypeRef wide = ivec(c, 2 * LLVMGetIntTypeWidth(LLVMGetElementType(vt)), LLVMGetVectorSize(vt));
	return sign ? LLVMBuildSExt(c->b, v, wide, "") : LLVMBuildZExt(c->b, v, wide, "");
}

/* The low or high half of the lanes, widened to twice their width. */
static LLVMValueRef widen_half(FuncCtx *c, LLVMValueRef v, int code)
{
	unsigned n = LLVMGetVectorSize(LLVMTypeOf(v)) / 2;
	return widen(c, pick(c, v, code & EXT_HIGH ? n : 0, 1, n), code & EXT_SIGNED);
}

static LLVMValueRef call2(FuncCtx *c, const char *name, LLVMValueRef a, LLVMValueRef b)
{
	LLVMValueRef args[] = { a, b };
	return be_call_intrinsic(c, name, LLVMTypeOf(a), args, 2);
}

/* ---- The forms. */

/* Comparisons set a lane to all ones or zero (spec 4.3.2 vrelop). */
static LLVMValueRef compare(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef bits;
	if (row->form == FORM_FCMP)
		bits = LLVMBuildFCmp(c->b, (LLVMRealPredicate)row->code, a[0], a[1], "");
	else
		bits = LLVMBuildICmp(c->b, (LLVMIntPredicate)row->code, a[0], a[1], "");
	unsigned lb = lane_bits((Shape)row->shape);
	return LLVMBuildSExt(c->b, bits, ivec(c, lb, 128 / lb), "");
}

/* The count is taken modulo the lane width (spec 4.3.2 ishl). */
static LLVMValueRef shift(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	unsigned lb = lane_bits((Shape)row->shape);
	LLVMTypeRef vt = LLVMTypeOf(a[0]);
	LLVMTypeRef et = LLVMGetElementType(vt);
	LLVMValueRef n = LLVMBuildAnd(c->b, a[1], be_i32(c, lb - 1), "");
	n = lb < 32 ? LLVMBuildTrunc(c->b, n, et, "") : lb > 32 ? LLVMBuildZExt(c->b, n, et, "") : n;
	return LLVMBuildBinOp(c->b, (LLVMOpcode)row->code, a[0], be_simd_splat(c, n, vt), "");
}

/* fmin and fmax as in lower_numeric.c: llvm.minimum/maximum, and the
 * canonical NaN wherever an operand lane is NaN. */
static LLVMValueRef minmax(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMTypeRef vt = LLVMTypeOf(a[0]);
	LLVMValueRef r = call2(c, row->intrinsic, a[0], a[1]);
	bool wide = row->shape == F64;
	LLVMValueRef bits = ksplat(ivec(c, wide ? 64 : 32, wide ? 2 : 4),
	                           wide ? 0x7ff8000000000000ull : 0x7fc00000u);
	LLVMValueRef canonical = LLVMConstBitCast(bits, vt);
	LLVMValueRef nan = LLVMBuildFCmp(c->b, LLVMRealUNO, a[0], a[1], "");
	return LLVMBuildSelect(c->b, nan, canonical, r, "");
}

/* pmin is b < a ? b : a, pmax a < b ? b : a (spec 4.3.3 fpmin, fpmax):
 * no NaN handling, an operand comes back as it was. */
static LLVMValueRef pminmax(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef lt = row->code
		? LLVMBuildFCmp(c->b, LLVMRealOLT, a[0], a[1], "")
		: LLVMBuildFCmp(c->b, LLVMRealOLT, a[1], a[0], "");
	return LLVMBuildSelect(c->b, lt, a[1], a[0], "");
}

static LLVMValueRef lane_test(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef zero = LLVMConstNull(LLVMTypeOf(a[0]));
	unsigned n = LLVMGetVectorSize(LLVMTypeOf(a[0]));
	LLVMTypeRef in = LLVMIntTypeInContext(c->ctx, n);
	LLVMValueRef r;
	if (row->form == FORM_BITMASK) {
		LLVMValueRef neg = LLVMBuildICmp(c->b, LLVMIntSLT, a[0], zero, "");
		return LLVMBuildZExt(c->b, LLVMBuildBitCast(c->b, neg, in, ""), c->t->i32, "");
	}
	if (row->form == FORM_ANY_TRUE) {
		LLVMValueRef i128 = LLVMBuildBitCast(c->b, a[0], LLVMIntTypeInContext(c->ctx, 128), "");
		r = LLVMBuildICmp(c->b, LLVMIntNE, i128, LLVMConstNull(LLVMTypeOf(i128)), "");
	} else {
		LLVMValueRef nz = LLVMBuildBitCast(c->b, LLVMBuildICmp(c->b, LLVMIntNE, a[0], zero, ""), in, "");
		r = LLVMBuildICmp(c->b, LLVMIntEQ, nz, LLVMConstAllOnes(in), "");
	}
	return LLVMBuildZExt(c->b, r, c->t->i32, "");
}

/* avgr_u: (a + b + 1) >> 1 without losing the carry. */
static LLVMValueRef avgr(FuncCtx *c, LLVMValueRef *a)
{
	LLVMValueRef x = widen(c, a[0], false), y = widen(c, a[1], false);
	LLVMTypeRef wt = LLVMTypeOf(x);
	LLVMValueRef s = LLVMBuildAdd(c->b, LLVMBuildAdd(c->b, x, y, ""), ksplat(wt, 1), "");
	s = LLVMBuildLShr(c->b, s, ksplat(wt, 1), "");
	return LLVMBuildTrunc(c->b, s, LLVMTypeOf(a[0]), "");
}

/* q15mulr_sat_s (spec 4.3.2 iq15mulrsat_s): only -0x8000 * -0x8000
 * overflows, to 0x8000, so a minimum with 0x7fff saturates. */
static LLVMValueRef q15mulr(FuncCtx *c, LLVMValueRef *a)
{
	LLVMValueRef x = widen(c, a[0], true), y = widen(c, a[1], true);
	LLVMTypeRef wt = LLVMTypeOf(x);
	LLVMValueRef p = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, x, y, ""), ksplat(wt, 0x4000), "");
	p = LLVMBuildAShr(c->b, p, ksplat(wt, 15), "");
	p = call2(c, "llvm.smin", p, ksplat(wt, 0x7fff));
	return LLVMBuildTrunc(c->b, p, LLVMTypeOf(a[0]), "");
}

/* narrow (spec 4.3.2): the lanes of a then b, each read signed and
 * saturated to the narrower signed or unsigned range. */
static LLVMValueRef narrow(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	unsigned nb = lane_bits((Shape)row->shape) / 2;
	LLVMValueRef v = concat(c, a[0], a[1]);
	LLVMTypeRef vt = LLVMTypeOf(v);
	unsigned long long lo = row->code ? -(1ull << (nb - 1)) : 0;
	unsigned long long hi = row->code ? (1ull << (nb - 1)) - 1 : (1ull << nb) - 1;
	v = call2(c, "llvm.smax", v, ksplat(vt, lo));
	v = call2(c, "llvm.smin", v, ksplat(vt, hi));
	return LLVMBuildTrunc(c->b, v, ivec(c, nb, LLVMGetVectorSize(vt)), "");
}

/* extadd_pairwise: lanes 2i and 2i+1 widened and added. */
static LLVMValueRef extadd(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	unsigned n = LLVMGetVectorSize(LLVMTypeOf(a[0])) / 2;
	LLVMValueRef even = widen(c, pick(c, a[0], 0, 2, n), row->code & EXT_SIGNED);
	LLVMValueRef odd = widen(c, pick(c, a[0], 1, 2, n), row->code & EXT_SIGNED);
	return LLVMBuildAdd(c->b, even, odd, "");
}

/* dot_i16x8_s: products of signed lanes in twice the width, added
 * pairwise; only the lane's minimum squared twice wraps, as the spec's
 * modular sum does (relaxed_dot_i8x16_i7x16_s the same on i8 lanes). */
static LLVMValueRef dot(FuncCtx *c, LLVMValueRef *a)
{
	unsigned n = LLVMGetVectorSize(LLVMTypeOf(a[0])) / 2;
	LLVMValueRef p = LLVMBuildMul(c->b, widen(c, a[0], true), widen(c, a[1], true), "");
	return LLVMBuildAdd(c->b, pick(c, p, 0, 2, n), pick(c, p, 1, 2, n), "");
}

/* relaxed_dot_i8x16_i7x16_add_s: the products of signed lanes (exact in
 * i16), widened and added four by four in i32, exactly, plus the
 * accumulator (wrapping only as i32x4.add does). */
static LLVMValueRef dot_add(FuncCtx *c, LLVMValueRef *a)
{
	LLVMValueRef p = LLVMBuildMul(c->b, widen(c, a[0], true), widen(c, a[1], true), "");
	LLVMValueRef w = widen(c, p, true), sum = LLVMBuildBitCast(c->b, a[2], ivec(c, 32, 4), "");
	for (unsigned k = 0; k < 4; k++)
		sum = LLVMBuildAdd(c->b, sum, pick(c, w, k, 4, 4), "");
	return sum;
}

/* relaxed (n)madd, unfused: each step quieted where a constant operand
 * could be folded away, as float_binary does. */
static LLVMValueRef madd(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef m = LLVMBuildFMul(c->b, a[0], a[1], "");
	if (be_fp_identity_operand(a))
		m = be_quiet_nan(c, m);
	if (row->code)
		m = LLVMBuildFNeg(c->b, m, "");
	LLVMValueRef sum[2] = { m, a[2] };
	LLVMValueRef r = LLVMBuildFAdd(c->b, m, a[2], "");
	return be_fp_identity_operand(sum) ? be_quiet_nan(c, r) : r;
}

/* trunc_sat (spec 4.3.3 trunc_sat): NaN gives 0, out of range saturates,
 * what llvm.fpto[su]i.sat define.  The f64x2 forms fill lanes 2 and 3
 * with zeros. */
static LLVMValueRef trunc_sat(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	unsigned n = LLVMGetVectorSize(LLVMTypeOf(a[0]));
	LLVMTypeRef over[] = { ivec(c, 32, n), LLVMTypeOf(a[0]) };
	unsigned id = LLVMLookupIntrinsicID(row->intrinsic, strlen(row->intrinsic));
	LLVMTypeRef ft = LLVMIntrinsicGetType(c->ctx, id, over, 2);
	LLVMValueRef fn = be_intrinsic(c, row->intrinsic, over, 2);
	LLVMValueRef r = LLVMBuildCall2(c->b, ft, fn, a, 1, "");
	return n == 4 ? r : concat(c, r, NULL);
}

static LLVMValueRef convert(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	if (row->form == FORM_CONVERT)
		return LLVMBuildCast(c->b, (LLVMOpcode)row->code, a[0], be_simd_vec(c->t->f32, 4), "");
	LLVMValueRef low = pick(c, a[0], 0, 1, 2);
	return LLVMBuildCast(c->b, (LLVMOpcode)row->code, low, be_simd_vec(c->t->f64, 2), "");
}

/* demote and promote (spec 4.3.3): NaN results must be quiet; the
 * conversions quiet them in hardware, be_quiet_nan keeps folds honest. */
static LLVMValueRef demote_promote(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	if (row->form == FORM_DEMOTE) {
		LLVMValueRef r = LLVMBuildFPTrunc(c->b, a[0], be_simd_vec(c->t->f32, 2), "");
		return concat(c, r, NULL);
	}
	return LLVMBuildFPExt(c->b, pick(c, a[0], 0, 1, 2), be_simd_vec(c->t->f64, 2), "");
}

/* be_quiet_nan where LLVM could fold a lane as x-0, x+-0, x*1 or x/1
 * and let a signalling NaN through (llvm-project#59238). */
static LLVMValueRef float_binary(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef r = LLVMBuildBinOp(c->b, (LLVMOpcode)row->code, a[0], a[1], "");
	return be_fp_identity_operand(a) ? be_quiet_nan(c, r) : r;
}

static LLVMValueRef bitwise(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef ones = LLVMConstAllOnes(LLVMTypeOf(a[0]));
	switch ((Form)row->form) {
	case FORM_NOT:
		return LLVMBuildXor(c->b, a[0], ones, "");
	case FORM_ANDNOT:
		return LLVMBuildAnd(c->b, a[0], LLVMBuildXor(c->b, a[1], ones, ""), "");
	default: {
		/* bitselect: bits of a where c is set, of b elsewhere */
		LLVMValueRef x = LLVMBuildAnd(c->b, a[0], a[2], "");
		LLVMValueRef y = LLVMBuildAnd(c->b, a[1], LLVMBuildXor(c->b, a[2], ones, ""), "");
		return LLVMBuildOr(c->b, x, y, "");
	}
	}
}

static LLVMValueRef lower(FuncCtx *c, const Row *row, LLVMValueRef *a, unsigned n)
{
	bool fp = row->shape == F32 || row->shape == F64;
	switch ((Form)row->form) {
	case FORM_BINARY:
		if (fp)
			return float_binary(c, row, a);
		return LLVMBuildBinOp(c->b, (LLVMOpcode)row->code, a[0], a[1], "");
	case FORM_ICMP: case FORM_FCMP: return compare(c, row, a);
	case FORM_SHIFT: return shift(c, row, a);
	case FORM_CALL: return be_call_intrinsic(c, row->intrinsic, LLVMTypeOf(a[0]), a, n);
	case FORM_ROUND: return be_round(c, row->intrinsic, a[0]);
	case FORM_ABS: return call2(c, "llvm.abs", a[0], LLVMConstInt(c->t->i1, 0, false));
	case FORM_NEG:
		return fp ? LLVMBuildFNeg(c->b, a[0], "") : LLVMBuildNeg(c->b, a[0], "");
	case FORM_MINMAX: return minmax(c, row, a);
	case FORM_PMINMAX: return pminmax(c, row, a);
	case FORM_NOT: case FORM_ANDNOT: case FORM_BITSELECT: return bitwise(c, row, a);
	case FORM_ANY_TRUE: case FORM_ALL_TRUE: case FORM_BITMASK: return lane_test(c, row, a);
	case FORM_AVGR: return avgr(c, a);
	case FORM_Q15MULR: return q15mulr(c, a);
	case FORM_NARROW: return narrow(c, row, a);
	case FORM_EXTEND: return widen_half(c, a[0], row->code);
	case FORM_EXTMUL:
		return LLVMBuildMul(c->b, widen_half(c, a[0], row->code), widen_half(c, a[1], row->code), "");
	case FORM_EXTADD: return extadd(c, row, a);
	case FORM_DOT: return dot(c, a);
	case FORM_DOT_ADD: return dot_add(c, a);
	case FORM_MADD: return madd(c, row, a);
	case FORM_TRUNC_SAT: return trunc_sat(c, row, a);
	case FORM_CONVERT: case FORM_CONVERT_LOW: return convert(c, row, a);
	case FORM_DEMOTE: case FORM_PROMOTE: return demote_promote(c, row, a);
	case FORM_NONE: break;
	}
	return NULL;
}

bool be_lower_simd_arith(FuncCtx *c, const IrInstr *in)
{
	if (in->op >= IR_OP_COUNT || rows[in->op].form == FORM_NONE)
		return false;
	const Row *row = &rows[in->op];
	const IrOpInfo *info = &ir_op_info[in->op];
	LLVMTypeRef vt = shape_type(c, (Shape)row->shape);
	LLVMValueRef a[3] = { NULL, NULL, NULL };
	unsigned n = info->params[2] ? 3 : info->params[1] ? 2 : 1;
	for (unsigned i = n; i > 0; i--) {
		LLVMValueRef v = be_pop(c);  /* the top of the stack is the last operand */
		a[i - 1] = info->params[i - 1] == IR_V128 ? LLVMBuildBitCast(c->b, v, vt, "") : v;
	}
	LLVMValueRef r = lower(c, row, a, n);
	if (!r)
		return false;
	if (info->result == IR_V128)
		r = LLVMBuildBitCast(c->b, r, c->t->v128, "");
	be_push(c, r);
	return true;
}
