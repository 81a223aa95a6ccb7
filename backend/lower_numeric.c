/* backend/lower_numeric.c: the numeric instructions (spec 4.4.1) into LLVM
 * IR: constants, comparisons, integer and float arithmetic, bit counts,
 * shifts, rotates and sign extension.  One table maps each opcode to its
 * form and its LLVM opcode, predicate or intrinsic; lower.c hands every
 * NUMERIC row of opcodes.def to be_lower_numeric.
 */
#include "backend.h"

#include <string.h>

/* How a row is lowered; each form is one helper below. */
typedef enum Form {
	FORM_NONE,      /* not a numeric instruction */
	FORM_CONST,     /* t.const: the immediate's bits */
	FORM_ICMP,      /* icmp with code as predicate (eqz: against 0), zext to i32 */
	FORM_FCMP,      /* fcmp with code as predicate, zext to i32 */
	FORM_BINARY,    /* an LLVM binary operator, code */
	FORM_DIVIDE,    /* sdiv, udiv, srem, urem with Wasm's traps */
	FORM_SHIFT,     /* shl, ashr, lshr with the count taken modulo the width */
	FORM_ROTATE,    /* a funnel shift of the value with itself */
	FORM_COUNT,     /* ctlz, cttz: defined at 0 */
	FORM_CALL,      /* an intrinsic taking the operands as they are */
	FORM_ROUND,     /* ceil, floor, trunc, nearest: an intrinsic, then be_round's care */
	FORM_MINMAX,    /* llvm.minimum/maximum, NaN results made canonical */
	FORM_NEGATE,    /* fneg: flips the sign bit only */
	FORM_EXTEND,    /* trunc to code bits, then sext */
} Form;

typedef struct Row {
	uint8_t form;           /* Form */
	int code;               /* LLVMOpcode, LLVMIntPredicate, LLVMRealPredicate,
	                         * or the width extended from */
	const char *intrinsic;  /* FORM_ROTATE, FORM_COUNT, FORM_CALL, FORM_MINMAX */
} Row;

#define ROW(op, form, code, intrinsic) [IR_OP_##op] = { FORM_##form, code, intrinsic }
#define INTS(op, form, code, intrinsic) \
	ROW(I32_##op, form, code, intrinsic), ROW(I64_##op, form, code, intrinsic)
#define FLOATS(op, form, code, intrinsic) \
	ROW(F32_##op, form, code, intrinsic), ROW(F64_##op, form, code, intrinsic)

static const Row rows[IR_OP_COUNT] = {
	INTS(CONST, CONST, 0, NULL),
	FLOATS(CONST, CONST, 0, NULL),

	INTS(EQZ, ICMP, LLVMIntEQ, NULL),
	INTS(EQ, ICMP, LLVMIntEQ, NULL),
	INTS(NE, ICMP, LLVMIntNE, NULL),
	INTS(LT_S, ICMP, LLVMIntSLT, NULL),
	INTS(LT_U, ICMP, LLVMIntULT, NULL),
	INTS(GT_S, ICMP, LLVMIntSGT, NULL),
	INTS(GT_U, ICMP, LLVMIntUGT, NULL),
	INTS(LE_S, ICMP, LLVMIntSLE, NULL),
	INTS(LE_U, ICMP, LLVMIntULE, NULL),
	INTS(GE_S, ICMP, LLVMIntSGE, NULL),
	INTS(GE_U, ICMP, LLVMIntUGE, NULL),

	/* NaN compares unequal to everything: ne is the only unordered one */
	FLOATS(EQ, FCMP, LLVMRealOEQ, NULL),
	FLOATS(NE, FCMP, LLVMRealUNE, NULL),
	FLOATS(LT, FCMP, LLVMRealOLT, NULL),
	FLOATS(GT, FCMP, LLVMRealOGT, NULL),
	FLOATS(LE, FCMP, LLVMRealOLE, NULL),
	FLOATS(GE, FCMP, LLVMRealOGE, NULL),

	INTS(CLZ, COUNT, 0, "llvm.ctlz"),
	INTS(CTZ, COUNT, 0, "llvm.cttz"),
	INTS(POPCNT, CALL, 0, "llvm.ctpop"),
	INTS(ADD, BINARY, LLVMAdd, NULL),
	INTS(SUB, BINARY, LLVMSub, NULL),
	INTS(MUL, BINARY, LLVMMul, NULL),
	INTS(DIV_S, DIVIDE, LLVMSDiv, NULL),
	INTS(DIV_U, DIVIDE, LLVMUDiv, NULL),
	INTS(REM_S, DIVIDE, LLVMSRem, NULL),
	INTS(REM_U, DIVIDE, LLVMURem, NULL),
	INTS(AND, BINARY, LLVMAnd, NULL),
	INTS(OR, BINARY, LLVMOr, NULL),
	INTS(XOR, BINARY, LLVMXor, NULL),
	INTS(SHL, SHIFT, LLVMShl, NULL),
	INTS(SHR_S, SHIFT, LLVMAShr, NULL),
	INTS(SHR_U, SHIFT, LLVMLShr, NULL),
	INTS(ROTL, ROTATE, 0, "llvm.fshl"),
	INTS(ROTR, ROTATE, 0, "llvm.fshr"),

	/* abs, neg and copysign touch the sign bit only, keeping NaN payloads */
	FLOATS(ABS, CALL, 0, "llvm.fabs"),
	FLOATS(NEG, NEGATE, 0, NULL),
	FLOATS(CEIL, ROUND, 0, "llvm.ceil"),
	FLOATS(FLOOR, ROUND, 0, "llvm.floor"),
	FLOATS(TRUNC, ROUND, 0, "llvm.trunc"),
	FLOATS(NEAREST, ROUND, 0, "llvm.roundeven"),
	FLOATS(SQRT, CALL, 0, "llvm.sqrt"),
	FLOATS(ADD, BINARY, LLVMFAdd, NULL),
	FLOATS(SUB, BINARY, LLVMFSub, NULL),
	FLOATS(MUL, BINARY, LLVMFMul, NULL),
	FLOATS(DIV, BINARY, LLVMFDiv, NULL),
	FLOATS(MIN, MINMAX, 0, "llvm.minimum"),
	FLOATS(MAX, MINMAX, 0, "llvm.maximum"),
	FLOATS(COPYSIGN, CALL, 0, "llvm.copysign"),

	ROW(I32_EXTEND8_S, EXTEND, 8, NULL),
	ROW(I32_EXTEND16_S, EXTEND, 16, NULL),
	ROW(I64_EXTEND8_S, EXTEND, 8, NULL),
	ROW(I64_EXTEND16_S, EXTEND, 16, NULL),
	ROW(I64_EXTEND32_S, EXTEND, 32, NULL),
};

/* Float constants are built from their bits: going through a double
 * would lose NaN payloads and signalling NaNs. */
static LLVMValueRef constant(FuncCtx *c, const IrInstr *in)
{
	switch (in->op) {
	case IR_OP_I32_CONST: return be_i32(c, in->u.i32);
	case IR_OP_I64_CONST: return be_i64(c, in->u.i64);
	case IR_OP_F32_CONST: return LLVMConstBitCast(be_i32(c, in->u.f32), c->t->f32);
	default: return LLVMConstBitCast(be_i64(c, in->u.f64), c->t->f64);
	}
}

static LLVMValueRef compare(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef bit;
	if (row->form == FORM_FCMP)
		bit = LLVMBuildFCmp(c->b, (LLVMRealPredicate)row->code, a[0], a[1], "");
	else
		bit = LLVMBuildICmp(c->b, (LLVMIntPredicate)row->code, a[0],
		                    a[1] ? a[1] : LLVMConstNull(LLVMTypeOf(a[0])), "");
	return LLVMBuildZExt(c->b, bit, c->t->i32, "");
}

static LLVMValueRef equals(FuncCtx *c, LLVMValueRef v, unsigned long long k)
{
	return LLVMBuildICmp(c->b, LLVMIntEQ, v, LLVMConstInt(LLVMTypeOf(v), k, false), "");
}

/* idiv and irem (spec 4.3.2) trap on a zero divisor, and div_s on
 * INT_MIN / -1, where LLVM would have undefined behaviour.  rem_s of
 * INT_MIN by -1 is 0 without a trap: x rem 1 is 0 as well, and has no
 * undefined case, so a divisor of -1 becomes 1. */
static LLVMValueRef divide(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMTypeRef ty = LLVMTypeOf(a[0]);
	LLVMValueRef rhs = a[1];
	be_trap_if(c, equals(c, rhs, 0), NACRE_TRAP_INT_DIV_ZERO);
	if (row->code == LLVMSDiv) {
		unsigned long long min = 1ull << (LLVMGetIntTypeWidth(ty) - 1);
		LLVMValueRef both = LLVMBuildAnd(c->b, equals(c, a[0], min), equals(c, rhs, ~0ull), "");
		be_trap_if(c, both, NACRE_TRAP_INT_OVERFLOW);
	} else if (row->code == LLVMSRem) {
		rhs = LLVMBuildSelect(c->b, equals(c, rhs, ~0ull), LLVMConstInt(ty, 1, false), rhs, "");
	}
	return LLVMBuildBinOp(c->b, (LLVMOpcode)row->code, a[0], rhs, "");
}

/* Wasm takes the shift count modulo the width (spec 4.3.2 ishl); LLVM
 * gives poison for a count at or above it. */
static LLVMValueRef shift(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMTypeRef ty = LLVMTypeOf(a[0]);
	LLVMValueRef mask = LLVMConstInt(ty, LLVMGetIntTypeWidth(ty) - 1, false);
	LLVMValueRef count = LLVMBuildAnd(c->b, a[1], mask, "");
	return LLVMBuildBinOp(c->b, (LLVMOpcode)row->code, a[0], count, "");
}

/* rotl x, n is fshl(x, x, n); funnel shifts take n modulo the width. */
static LLVMValueRef rotate(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef args[] = { a[0], a[0], a[1] };
	return be_call_intrinsic(c, row->intrinsic, LLVMTypeOf(a[0]), args, 3);
}

/* clz and ctz of 0 are the width: the is_zero_poison flag is false. */
static LLVMValueRef count(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMValueRef args[] = { a[0], LLVMConstInt(c->t->i1, 0, false) };
	return be_call_intrinsic(c, row->intrinsic, LLVMTypeOf(a[0]), args, 2);
}

/* fmin and fmax (spec 4.3.3): NaN when either operand is NaN, and -0
 * below +0, which is what llvm.minimum/maximum do.  But a NaN result must
 * be quiet (nan:arithmetic), and x86's lowering hands back a signalling
 * NaN operand unchanged; the canonical NaN is always a valid answer. */
static LLVMValueRef minmax(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMTypeRef ty = LLVMTypeOf(a[0]);
	LLVMValueRef r = be_call_intrinsic(c, row->intrinsic, ty, a, 2);
	LLVMValueRef canonical = ty == c->t->f32
		? LLVMConstBitCast(be_i32(c, 0x7fc00000u), ty)
		: LLVMConstBitCast(be_i64(c, 0x7ff8000000000000ull), ty);
	LLVMValueRef nan = LLVMBuildFCmp(c->b, LLVMRealUNO, a[0], a[1], "");
	return LLVMBuildSelect(c->b, nan, canonical, r, "");
}

static LLVMValueRef extend(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMTypeRef narrow = LLVMIntTypeInContext(c->ctx, (unsigned)row->code);
	LLVMValueRef v = LLVMBuildTrunc(c->b, a[0], narrow, "");
	return LLVMBuildSExt(c->b, v, LLVMTypeOf(a[0]), "");
}

/* k in every lane of a vector of n integers of type it (n 0: a scalar). */
static LLVMValueRef int_const(LLVMTypeRef it, unsigned n, unsigned long long k)
{
	LLVMValueRef lanes[4];
	for (unsigned i = 0; i < 4; i++)
		lanes[i] = LLVMConstInt(it, k, false);
	return n ? LLVMConstVector(lanes, n) : lanes[0];
}

/* A NaN made quiet with integer operations, which LLVM's floating-point
 * folds cannot see through (spec 4.3.3: arithmetic results are quiet). */
LLVMValueRef be_quiet_nan(FuncCtx *c, LLVMValueRef f)
{
	LLVMTypeRef ty = LLVMTypeOf(f), elem = ty;
	unsigned n = 0;
	if (LLVMGetTypeKind(ty) == LLVMVectorTypeKind) {
		elem = LLVMGetElementType(ty);
		n = LLVMGetVectorSize(ty);
	}
	bool wide = elem == c->t->f64;
	LLVMTypeRef it = wide ? c->t->i64 : c->t->i32;
	LLVMTypeRef bt = n ? be_simd_vec(it, n) : it;
	unsigned long long quiet = wide ? 0x0008000000000000ull : 0x00400000ull;
	unsigned long long exp = wide ? 0x7ff0000000000000ull : 0x7f800000ull;
	unsigned long long abs = wide ? 0x7fffffffffffffffull : 0x7fffffffull;
	LLVMValueRef bits = LLVMBuildBitCast(c->b, f, bt, "");
	LLVMValueRef mag = LLVMBuildAnd(c->b, bits, int_const(it, n, abs), "");
	LLVMValueRef nan = LLVMBuildICmp(c->b, LLVMIntUGT, mag, int_const(it, n, exp), "");
	LLVMValueRef q = LLVMBuildOr(c->b, bits, int_const(it, n, quiet), "");
	return LLVMBuildBitCast(c->b, LLVMBuildSelect(c->b, nan, q, bits, ""), ty, "");
}

/* ceil, floor, trunc and nearest (spec 4.3.3: a NaN result is quiet):
 * most targets round in one instruction that quiets a NaN; where LLVM
 * expands them instead, a NaN operand comes back as it is. */
LLVMValueRef be_round(FuncCtx *c, const char *intrinsic, LLVMValueRef x)
{
	LLVMValueRef r = be_call_intrinsic(c, intrinsic, LLVMTypeOf(x), &x, 1);
	return c->bm->opt->target->round_keeps_snan ? be_quiet_nan(c, r) : r;
}

static bool identity_value(double v)
{
	return v == 0.0 || v == 1.0 || v == -1.0;
}

/* Whether a constant float lane is 0, 1 or -1, or not a plain number
 * (undef, an expression): what LLVM might fold as an identity. */
static bool identity_lane(LLVMValueRef k)
{
	LLVMBool lost;
	return !k || !LLVMIsAConstantFP(k) || identity_value(LLVMConstRealGetDouble(k, &lost));
}

/* The 16 bytes of a v128 constant that lowering bitcast from integer
 * lanes (v128.const, a splat of a constant); false for any other shape. */
static bool v128_bytes(LLVMValueRef v, uint8_t out[16])
{
	if (!LLVMIsAConstantExpr(v) || LLVMGetConstOpcode(v) != LLVMBitCast)
		return false;
	LLVMValueRef src = LLVMGetOperand(v, 0);
	LLVMTypeRef ty = LLVMTypeOf(src), et = LLVMGetElementType(ty);
	if (LLVMGetTypeKind(ty) != LLVMVectorTypeKind || LLVMGetTypeKind(et) != LLVMIntegerTypeKind)
		return false;
	unsigned n = LLVMGetVectorSize(ty), w = LLVMGetIntTypeWidth(et) / 8;
	if (n * w != 16)
		return false;
	for (unsigned i = 0; i < n; i++) {
		LLVMValueRef k = LLVMGetAggregateElement(src, i);
		if (!k || !LLVMIsAConstantInt(k))
			return false;
		uint64_t x = LLVMConstIntGetZExtValue(k);
		for (unsigned b = 0; b < w; b++) /* lanes little-endian, as Wasm's and every target's */
			out[i * w + b] = (uint8_t)(x >> (8 * b));
	}
	return true;
}

static bool identity_in_bytes(const uint8_t b[16], bool wide)
{
	for (unsigned i = 0; i < 16; i += wide ? 8 : 4) {
		double d;
		float f;
		if (wide)
			memcpy(&d, b + i, 8);
		else
			memcpy(&f, b + i, 4), d = f;
		if (identity_value(d))
			return true;
	}
	return false;
}

static bool identity_constant(LLVMValueRef v)
{
	if (!LLVMIsConstant(v))
		return false;
	LLVMTypeRef ty = LLVMTypeOf(v);
	if (LLVMGetTypeKind(ty) != LLVMVectorTypeKind)
		return identity_lane(v);
	uint8_t bytes[16];
	if (v128_bytes(v, bytes))
		return identity_in_bytes(bytes, LLVMGetTypeKind(LLVMGetElementType(ty)) == LLVMDoubleTypeKind);
	for (unsigned i = 0; i < LLVMGetVectorSize(ty); i++)
		if (identity_lane(LLVMGetAggregateElement(v, i)))
			return true;
	return false;
}

/* LLVM folds x-0, x+-0, x*1, x/1 (and their negated forms) to x or -x
 * even without fast-math, letting a signalling NaN through unquieted
 * (llvm-project#59238; spec float_exprs.wast).  Only when an operand is
 * such an identity constant, in any lane, is the result quieted again:
 * a stencil's 0.5f * x, scalar or f32x4, costs no extra instruction. */
bool be_fp_identity_operand(LLVMValueRef *a)
{
	return identity_constant(a[0]) || identity_constant(a[1]);
}

static LLVMValueRef binary(FuncCtx *c, const Row *row, LLVMValueRef *a)
{
	LLVMOpcode op = (LLVMOpcode)row->code;
	LLVMValueRef r = LLVMBuildBinOp(c->b, op, a[0], a[1], "");
	bool fp = op == LLVMFAdd || op == LLVMFSub || op == LLVMFMul || op == LLVMFDiv;
	return fp && be_fp_identity_operand(a) ? be_quiet_nan(c, r) : r;
}

/* a holds the operands, first operand first; a[1] is NULL for unary rows. */
static LLVMValueRef lower(FuncCtx *c, const Row *row, const IrInstr *in, LLVMValueRef *a)
{
	unsigned n = a[1] ? 2 : 1;
	switch ((Form)row->form) {
	case FORM_CONST: return constant(c, in);
	case FORM_ICMP: case FORM_FCMP: return compare(c, row, a);
	case FORM_BINARY: return binary(c, row, a);
	case FORM_DIVIDE: return divide(c, row, a);
	case FORM_SHIFT: return shift(c, row, a);
	case FORM_ROTATE: return rotate(c, row, a);
	case FORM_COUNT: return count(c, row, a);
	case FORM_CALL: return be_call_intrinsic(c, row->intrinsic, LLVMTypeOf(a[0]), a, n);
	case FORM_ROUND: return be_round(c, row->intrinsic, a[0]);
	case FORM_MINMAX: return minmax(c, row, a);
	case FORM_NEGATE: return LLVMBuildFNeg(c->b, a[0], "");
	case FORM_EXTEND: return extend(c, row, a);
	case FORM_NONE: break;
	}
	return NULL;
}

bool be_lower_numeric(FuncCtx *c, const IrInstr *in)
{
	if (in->op >= IR_OP_COUNT || rows[in->op].form == FORM_NONE)
		return false;
	const IrOpInfo *info = &ir_op_info[in->op];
	LLVMValueRef a[2] = { NULL, NULL };
	unsigned n = info->params[1] ? 2 : info->params[0] ? 1 : 0;
	while (n > 0)
		a[--n] = be_pop(c);  /* the top of the stack is the last operand */
	LLVMValueRef r = lower(c, &rows[in->op], in, a);
	if (!r)
		return false;
	be_push(c, r);
	return true;
}
