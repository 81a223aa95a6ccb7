/* tests/unit/backend/test_abi.c: backend/abi.c, the contract from
 * abi.h's tables: every shared struct's LLVM layout is the C one under
 * each target's data layout (and the check notices one that is not), and
 * the runtime entries are declared as the table says. */
#include <criterion/criterion.h>
#include <string.h>

#include "backend/backend.h"

TestSuite(abi);

static bool check_layout(const char *layout, char bad[BE_ABI_BAD])
{
	LLVMContextRef ctx = LLVMContextCreate();
	BeTypes t;
	be_types_init(&t, ctx, &be_target_x86_64.call_regs);
	LLVMTargetDataRef td = LLVMCreateTargetData(layout);
	bool ok = be_abi_layout_check(&t, td, bad);
	LLVMDisposeTargetData(td);
	LLVMContextDispose(ctx);
	return ok;
}

Test(abi, every_target_has_the_c_layout)
{
	be_targets_init();
	size_t n;
	const Target *const *targets = be_targets(&n);
	for (size_t i = 0; i < n; i++) {
		BeOptions o;
		be_options_default(&o);
		o.target = targets[i];
		DiagSink d = { 0 };
		LLVMTargetMachineRef tm = be_target_machine(&o, &d);
		cr_assert(tm, "no target machine for %s", targets[i]->name);
		LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
		char *layout = LLVMCopyStringRepOfTargetData(td);
		char bad[BE_ABI_BAD] = "";
		cr_expect(check_layout(layout, bad), "%s: %s", targets[i]->name, bad);
		LLVMDisposeMessage(layout);
		LLVMDisposeTargetData(td);
		LLVMDisposeTargetMachine(tm);
	}
}

/* The check can fail: 32-bit pointers, 4-byte-aligned i64, big-endian. */
Test(abi, other_layouts_are_refused)
{
	char bad[BE_ABI_BAD] = "";
	cr_expect_not(check_layout("e-p:32:32-i64:64", bad));
	cr_expect(strstr(bad, "void *"), "%s", bad);
	cr_expect_not(check_layout("e-i64:32", bad));
	cr_expect(strstr(bad, "uint64_t"), "%s", bad);
	cr_expect_not(check_layout("E-m:e-i64:64", bad));
	cr_expect_str_eq(bad, "big-endian");
}

static unsigned attribute(LLVMValueRef fn, const char *name)
{
	unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
	return LLVMGetEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, kind) != NULL;
}

/* Declared once, by the table's name, type and attributes. */
Test(abi, runtime_entries_declared_from_the_table)
{
	BeModule bm = { .ctx = LLVMContextCreate() };
	bm.mod = LLVMModuleCreateWithNameInContext("abi", bm.ctx);
	be_types_init(&bm.t, bm.ctx, &be_target_x86_64.call_regs);
	static const char *const names[] = {
#define NAME(id, name, ...) [BE_RT_##id] = #name,
		NACRE_RUNTIME_ENTRIES(NAME)
#undef NAME
	};
	for (unsigned rt = 0; rt < BE_RT_COUNT; rt++) {
		LLVMValueRef fn = be_runtime(&bm, rt);
		cr_expect_eq(be_runtime(&bm, rt), fn, "declared once");
		size_t len;
		cr_expect_str_eq(LLVMGetValueName2(fn, &len), names[rt]);
		cr_expect_eq(attribute(fn, "noreturn"), rt == BE_RT_TRAP, "%s", names[rt]);
		cr_expect_eq(attribute(fn, "cold"), rt == BE_RT_TRAP, "%s", names[rt]);
	}
	LLVMTypeRef grow = LLVMGlobalGetValueType(be_runtime(&bm, BE_RT_TABLE_GROW));
	cr_expect_eq(LLVMGetReturnType(grow), bm.t.i32);
	cr_assert_eq(LLVMCountParamTypes(grow), 4);
	LLVMTypeRef params[4];
	LLVMGetParamTypes(grow, params);
	cr_expect(params[0] == bm.t.ptr && params[1] == bm.t.i32 && params[2] == bm.t.ptr && params[3] == bm.t.i32);
	LLVMTypeRef copy = LLVMGlobalGetValueType(be_runtime(&bm, BE_RT_TABLE_COPY));
	cr_expect_eq(LLVMGetReturnType(copy), bm.t.void_);
	cr_expect_eq(LLVMCountParamTypes(copy), 6);
	LLVMDisposeModule(bm.mod);
	LLVMContextDispose(bm.ctx);
}
