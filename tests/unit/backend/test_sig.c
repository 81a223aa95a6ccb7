/* tests/unit/backend/test_sig.c: backend/sig.c, the split of a Wasm
 * function type between registers, the callee context's spill slots and
 * resp, per target: what it puts in registers never needs the stack. */
#include <criterion/criterion.h>

#include "backend/backend.h"

TestSuite(sig);

static IrFuncType type(IrValType *params, uint32_t np, IrValType *results, uint32_t nr)
{
	return (IrFuncType){ .nparams = np, .params = params, .nresults = nr, .results = results };
}

static unsigned in_regs(const Target *t, const IrFuncType *ft, BeSig *s)
{
	bool in_reg[ft->nparams + 1];
	be_sig(&t->call_regs, ft, s, in_reg);
	unsigned n = 0;
	for (uint32_t i = 0; i < ft->nparams; i++)
		n += in_reg[i];
	return n;
}

/* x86-64 passes six integers: the vmctx and five parameters. */
Test(sig, integers_beyond_the_registers_spill)
{
	IrValType p[7] = { IR_I32, IR_I64, IR_I32, IR_I64, IR_I32, IR_I64, IR_I32 }, r[1] = { IR_I32 };
	BeSig s;
	IrFuncType five = type(p, 5, r, 1), six = type(p, 6, r, 1);
	cr_expect_eq(in_regs(&be_target_x86_64, &five, &s), 5);
	cr_expect_not(s.spill);
	cr_expect_eq(in_regs(&be_target_x86_64, &six, &s), 5);
	cr_expect(s.spill);
	cr_expect_eq(in_regs(&be_target_aarch64, &six, &s), 6);
	cr_expect_not(s.spill);
	IrFuncType seven = type(p, 7, r, 1);
	cr_expect_eq(in_regs(&be_target_riscv64, &seven, &s), 7);
	cr_expect_not(s.spill);
}

/* Results beyond two of a class all go through resp, which takes an
 * integer register itself; the function then returns void. */
Test(sig, results_beyond_the_registers_go_through_resp)
{
	IrValType p[5] = { IR_I64, IR_I64, IR_I64, IR_I64, IR_I64 }, r[3] = { IR_I64, IR_I64, IR_I64 };
	BeSig s;
	IrFuncType two = type(p, 5, r, 2), three = type(p, 5, r, 3);
	cr_expect_eq(in_regs(&be_target_x86_64, &two, &s), 5);
	cr_expect_not(s.resp);
	cr_expect_eq(in_regs(&be_target_x86_64, &three, &s), 4);
	cr_expect(s.resp);
	cr_expect(s.spill);

	LLVMContextRef ctx = LLVMContextCreate();
	BeTypes t;
	be_types_init(&t, ctx, &be_target_x86_64.call_regs);
	LLVMTypeRef fty = be_func_type(&t, &three);
	cr_expect_eq(LLVMCountParamTypes(fty), 1 + 4 + 1, "vmctx, four in registers, resp");
	cr_expect_eq(LLVMGetReturnType(fty), t.void_);
	cr_expect_eq(LLVMGetReturnType(be_func_type(&t, &two)), be_result_type(&t, &two));
	LLVMContextDispose(ctx);
}

/* Floats and vectors have their own registers, but a v128 is two
 * integer registers on riscv64 (no V in the baseline). */
Test(sig, classes_per_target)
{
	IrValType p[9] = { IR_F64, IR_F32, IR_V128, IR_F64, IR_F32, IR_V128, IR_F64, IR_F32, IR_F64 };
	BeSig s;
	IrFuncType f = type(p, 9, NULL, 0);
	cr_expect_eq(in_regs(&be_target_x86_64, &f, &s), 8);
	cr_expect_eq(in_regs(&be_target_aarch64, &f, &s), 8);
	cr_expect_eq(in_regs(&be_target_riscv64, &f, &s), 9, "seven floats in f registers, both v128 in a1-a4");
	cr_expect_not(s.spill);
	IrValType v[4] = { IR_V128, IR_V128, IR_V128, IR_V128 };
	IrFuncType vs = type(v, 4, NULL, 0);
	cr_expect_eq(in_regs(&be_target_riscv64, &vs, &s), 3);
	cr_expect(s.spill);
	cr_expect_eq(in_regs(&be_target_x86_64, &vs, &s), 4);
}
