/* backend/lower_convert.c: the conversion instructions (spec 4.4.1, cvtop)
 * into LLVM IR: wrap, extend, the trapping and the saturating float-to-int
 * truncations, int-to-float, demote, promote and reinterpret.  One table
 * gives each opcode its LLVM cast or intrinsic, and the trapping
 * truncations their exact range; lower.c hands every CONVERT row here.
 */
#include "backend.h"

typedef enum Form {
	FORM_NONE,      /* not a conversion */
	FORM_CAST,      /* one LLVM cast, exact for Wasm as it is */
	FORM_TRUNC,     /* trap on NaN or out of range, then the cast */
	FORM_SATURATE,  /* llvm.fpto[su]i.sat: NaN is 0, out of range saturates */
} Form;

typedef struct Row {
	uint8_t form;           /* Form */
	LLVMOpcode cast;        /* FORM_CAST, FORM_TRUNC */
	const char *intrinsic;  /* FORM_SATURATE */
	double lo, hi;          /* FORM_TRUNC: valid iff lo < x < hi */
} Row;

#define CAST(op, cast) [IR_OP_##op] = { FORM_CAST, cast, NULL, 0, 0 }
#define TRUNC(op, cast, lo, hi) [IR_OP_##op] = { FORM_TRUNC, cast, NULL, lo, hi }
#define SATURATE(op, name) [IR_OP_##op] = { FORM_SATURATE, 0, name, 0, 0 }

/* The bounds of trunc (spec 4.3.3): hi is the least and lo the greatest
 * value of the source type whose truncation toward zero leaves the
 * target's range; each is exact in the source type.  hi is 2^(N-1)
 * (signed) or 2^N (unsigned); lo is -1 (unsigned), or below -2^(N-1) by
 * 1 when the source type has that precision (f64 for i32), else by one
 * unit in the last place of 2^(N-1): 2^8 in f32 for i32, 2^40 in f32 and
 * 2^11 in f64 for i64. */
static const Row rows[IR_OP_COUNT] = {
	CAST(I32_WRAP_I64, LLVMTrunc),
	CAST(I64_EXTEND_I32_S, LLVMSExt),
	CAST(I64_EXTEND_I32_U, LLVMZExt),

	TRUNC(I32_TRUNC_F32_S, LLVMFPToSI, -0x1.000002p+31, 0x1p+31),       /* -2147483904 */
	TRUNC(I32_TRUNC_F64_S, LLVMFPToSI, -0x1.00000002p+31, 0x1p+31),     /* -2147483649 */
	TRUNC(I32_TRUNC_F32_U, LLVMFPToUI, -1.0, 0x1p+32),
	TRUNC(I32_TRUNC_F64_U, LLVMFPToUI, -1.0, 0x1p+32),
	TRUNC(I64_TRUNC_F32_S, LLVMFPToSI, -0x1.000002p+63, 0x1p+63),       /* -2^63 - 2^40 */
	TRUNC(I64_TRUNC_F64_S, LLVMFPToSI, -0x1.0000000000001p+63, 0x1p+63), /* -2^63 - 2^11 */
	TRUNC(I64_TRUNC_F32_U, LLVMFPToUI, -1.0, 0x1p+64),
	TRUNC(I64_TRUNC_F64_U, LLVMFPToUI, -1.0, 0x1p+64),

	SATURATE(I32_TRUNC_SAT_F32_S, "llvm.fptosi.sat"),
	SATURATE(I32_TRUNC_SAT_F32_U, "llvm.fptoui.sat"),
	SATURATE(I32_TRUNC_SAT_F64_S, "llvm.fptosi.sat"),
	SATURATE(I32_TRUNC_SAT_F64_U, "llvm.fptoui.sat"),
	SATURATE(I64_TRUNC_SAT_F32_S, "llvm.fptosi.sat"),
	SATURATE(I64_TRUNC_SAT_F32_U, "llvm.fptoui.sat"),
	SATURATE(I64_TRUNC_SAT_F64_S, "llvm.fptosi.sat"),
	SATURATE(I64_TRUNC_SAT_F64_U, "llvm.fptoui.sat"),

	/* sitofp and uitofp round to nearest, ties to even, as Wasm does;
	 * demote and promote may change a NaN's payload (nan:arithmetic) */
	CAST(F32_CONVERT_I32_S, LLVMSIToFP),
	CAST(F32_CONVERT_I32_U, LLVMUIToFP),
	CAST(F32_CONVERT_I64_S, LLVMSIToFP),
	CAST(F32_CONVERT_I64_U, LLVMUIToFP),
	CAST(F64_CONVERT_I32_S, LLVMSIToFP),
	CAST(F64_CONVERT_I32_U, LLVMUIToFP),
	CAST(F64_CONVERT_I64_S, LLVMSIToFP),
	CAST(F64_CONVERT_I64_U, LLVMUIToFP),
	CAST(F32_DEMOTE_F64, LLVMFPTrunc),
	CAST(F64_PROMOTE_F32, LLVMFPExt),

	CAST(I32_REINTERPRET_F32, LLVMBitCast),
	CAST(I64_REINTERPRET_F64, LLVMBitCast),
	CAST(F32_REINTERPRET_I32, LLVMBitCast),
	CAST(F64_REINTERPRET_I64, LLVMBitCast),
};

/* NaN is an invalid conversion, a value outside (lo, hi) an overflow;
 * past both checks fptosi/fptoui are exact and never poison. */
static LLVMValueRef truncate(FuncCtx *c, const Row *row, LLVMValueRef x, LLVMTypeRef to)
{
	LLVMTypeRef from = LLVMTypeOf(x);
	be_trap_if(c, LLVMBuildFCmp(c->b, LLVMRealUNO, x, x, ""), NACRE_TRAP_INVALID_CONVERSION);
	LLVMValueRef low = LLVMBuildFCmp(c->b, LLVMRealOLE, x, LLVMConstReal(from, row->lo), "");
	LLVMValueRef high = LLVMBuildFCmp(c->b, LLVMRealOGE, x, LLVMConstReal(from, row->hi), "");
	be_trap_if(c, LLVMBuildOr(c->b, low, high, ""), NACRE_TRAP_INT_OVERFLOW);
	return LLVMBuildCast(c->b, row->cast, x, to, "");
}

/* The saturating intrinsics are overloaded on both types, so they are
 * declared with be_intrinsic and called through their own type. */
static LLVMValueRef saturate(FuncCtx *c, const Row *row, LLVMValueRef x, LLVMTypeRef to)
{
	LLVMTypeRef overloads[] = { to, LLVMTypeOf(x) };
	LLVMValueRef fn = be_intrinsic(c, row->intrinsic, overloads, 2);
	return LLVMBuildCall2(c->b, LLVMGlobalGetValueType(fn), fn, &x, 1, "");
}

static LLVMValueRef lower(FuncCtx *c, const Row *row, LLVMValueRef x, LLVMTypeRef to)
{
	switch ((Form)row->form) {
	case FORM_CAST: return LLVMBuildCast(c->b, row->cast, x, to, "");
	case FORM_TRUNC: return truncate(c, row, x, to);
	case FORM_SATURATE: return saturate(c, row, x, to);
	case FORM_NONE: break;
	}
	return NULL;
}

bool be_lower_convert(FuncCtx *c, const IrInstr *in)
{
	if (in->op >= IR_OP_COUNT || rows[in->op].form == FORM_NONE)
		return false;
	LLVMTypeRef to = be_valtype(c->t, ir_op_info[in->op].result);
	LLVMValueRef x = be_pop(c);
	LLVMValueRef r = lower(c, &rows[in->op], x, to);
	if (!r)
		return false;
	/* demote(promote x) folds to x, keeping a signalling NaN (see
	 * be_quiet_nan) */
	if (in->op == IR_OP_F32_DEMOTE_F64 && LLVMIsAFPExtInst(x))
		r = be_quiet_nan(c, r);
	be_push(c, r);
	return true;
}
