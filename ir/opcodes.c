/* ir/opcodes.c: opcodes.def as data (IrOpInfo), for the validator's
 * signatures, the dumper's names and the lowering's families. */
#include "module.h"

/* Type columns are pasted onto T_, so that I32 never needs to be a macro
 * of its own (it is also an immediate kind). */
#define T_VOID 0
#define T_I32 IR_I32
#define T_I64 IR_I64
#define T_F32 IR_F32
#define T_F64 IR_F64
#define T_V128 IR_V128
#define ROW(n, pre, c, text, imm, fam, p0, p1, p2, r, x) \
	[IR_OP_##n] = { text, pre, c, IR_IMM_##imm, IR_FAM_##fam, { T_##p0, T_##p1, T_##p2 }, T_##r, x },

const IrOpInfo ir_op_info[IR_OP_COUNT] = {
#define OP(n, ...) ROW(n, 0x00, __VA_ARGS__)
#define OP_FC(n, ...) ROW(n, 0xfc, __VA_ARGS__)
#define OP_FD(n, ...) ROW(n, 0xfd, __VA_ARGS__)
#define OP_FB(n, ...) ROW(n, 0xfb, __VA_ARGS__)
#include "opcodes.def"
};

/* Names for diagnostics and the dumper; a typed reference's index is
 * left out so that the name needs no buffer. */
const char *ir_valtype_name(IrValType t)
{
	enum { NREFS = 13 };
	static const char *const refs[2][NREFS] = {
		{ "funcref", "externref", "nullfuncref", "nullexternref", "(ref null $t)", "exnref", "nullexnref",
		  "anyref", "eqref", "i31ref", "structref", "arrayref", "nullref" },
		{ "(ref func)", "(ref extern)", "(ref nofunc)", "(ref noextern)", "(ref $t)", "(ref exn)", "(ref noexn)",
		  "(ref any)", "(ref eq)", "(ref i31)", "(ref struct)", "(ref array)", "(ref none)" },
	};
	static const uint8_t heaps[NREFS] = { IR_FUNCREF, IR_EXTERNREF, IR_NULLFUNCREF, IR_NULLEXTERNREF, IR_HT_INDEX,
	                                      IR_EXNREF, IR_NULLEXNREF, IR_ANYREF, IR_EQREF, IR_I31REF,
	                                      IR_STRUCTREF, IR_ARRAYREF, IR_NULLREF };
	switch (t) {
	case IR_I32: return "i32";
	case IR_I64: return "i64";
	case IR_F32: return "f32";
	case IR_F64: return "f64";
	case IR_V128: return "v128";
	case IR_I8: return "i8";
	case IR_I16: return "i16";
	}
	for (int i = 0; i < NREFS; i++)
		if (ir_heap(t) == heaps[i])
			return refs[!ir_ref_nullable(t)][i];
	return "?";
}
