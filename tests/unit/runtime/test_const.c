/* tests/unit/runtime/test_const.c: constant expressions as the runtime
 * evaluates them (runtime-lib/instance.c) and checks them first
 * (module.c): Wasm 3.0's extended ones, NACRE_CONST_PROGRAM, wrap as the
 * instructions do, read imported and earlier globals, and a program that
 * would underflow, overflow the stack or leave other than one value is
 * refused before anything runs it.
 */
#include "fixture.h"

#define K(v) { NACRE_CONST_VALUE, 0, { .i64 = (v) }, NULL }
#define K32(v) { NACRE_CONST_VALUE, 0, { .i32 = (int32_t)(v) }, NULL }
#define GET(i) { NACRE_CONST_GLOBAL_GET, i, { 0 }, NULL }
#define OP(op) { NACRE_CONST_##op, 0, { 0 }, NULL }
#define PROGRAM(ops) { NACRE_CONST_PROGRAM, sizeof ops / sizeof *ops, { 0 }, ops }

static const NacreConstExpr add_max[] = { GET(0), K32(0x7fffffff), OP(I32_ADD) };
static const NacreConstExpr mul32[] = { K32(0x10000), K32(0x10000), OP(I32_MUL) };
static const NacreConstExpr sub32[] = { K32(0), K32(1), OP(I32_SUB) };
static const NacreConstExpr sub64[] = { K(INT64_MIN), K(1), OP(I64_SUB) };
static const NacreConstExpr mul64[] = { K(1ll << 32), K(1ll << 32), OP(I64_MUL) };
static const NacreConstExpr add64[] = { K(INT64_MAX), K(1), OP(I64_ADD) };
/* earlier defined globals: g1 * g3 */
static const NacreConstExpr earlier[] = { GET(1), GET(3), OP(I32_MUL) };
/* (20 * 2 - 2) + 4, the spec's own example, in postfix */
static const NacreConstExpr nested[] = { K32(20), K32(2), OP(I32_MUL), K32(2), OP(I32_SUB), K32(4), OP(I32_ADD) };

static const NacreImportDesc imports[] = { FX_IMPORT("host", "g", NACRE_EXTERN_GLOBAL, 0) };
static const NacreGlobalDesc globals[] = {
	{ NACRE_I32, 0, { 0 } },
	{ NACRE_I32, 0, PROGRAM(add_max) }, { NACRE_I32, 0, PROGRAM(mul32) },
	{ NACRE_I32, 0, PROGRAM(sub32) },   { NACRE_I64, 0, PROGRAM(sub64) },
	{ NACRE_I64, 0, PROGRAM(mul64) },   { NACRE_I64, 0, PROGRAM(add64) },
	{ NACRE_I32, 0, PROGRAM(earlier) }, { NACRE_I32, 0, PROGRAM(nested) },
};
static const NacreExportDesc exports[] = {
	{ FX_NAME("g1"), NACRE_EXTERN_GLOBAL, 1 }, { FX_NAME("g2"), NACRE_EXTERN_GLOBAL, 2 },
	{ FX_NAME("g3"), NACRE_EXTERN_GLOBAL, 3 }, { FX_NAME("g4"), NACRE_EXTERN_GLOBAL, 4 },
	{ FX_NAME("g5"), NACRE_EXTERN_GLOBAL, 5 }, { FX_NAME("g6"), NACRE_EXTERN_GLOBAL, 6 },
	{ FX_NAME("g7"), NACRE_EXTERN_GLOBAL, 7 }, { FX_NAME("g8"), NACRE_EXTERN_GLOBAL, 8 },
};
static const NacreModuleDesc desc = {
	FX_DESC,
	.nimports = 1, .imports = imports,
	.nglobals = 9, .nimported_globals = 1, .globals = globals,
	.nexports = 8, .exports = exports,
};

static NacreStore *store;
static NacreModule *module;
static NacreInstance *inst;

static void setup(void)
{
	store = nacre_store_new();
	cr_assert(store);
	NacreGlobal *g = nacre_global_new(store, NACRE_I32, false, (NacreValue){ .i32 = 1 });
	cr_assert(g);
	NacreExtern ex = { .kind = NACRE_EXTERN_GLOBAL, .u.global = g };
	module = fx_module(&desc);
	inst = fx_instance(store, module, &ex, 1);
}

static void teardown(void)
{
	nacre_store_free(store);
	nacre_module_close(module);
}

TestSuite(const_expr, .init = setup, .fini = teardown);

static NacreValue get(const char *name)
{
	NacreExtern ex = fx_export(inst, name);
	cr_assert_eq(ex.kind, NACRE_EXTERN_GLOBAL);
	return nacre_global_get(ex.u.global);
}

Test(const_expr, i32_arithmetic_wraps)
{
	cr_assert_eq((uint32_t)get("g1").i32, 0x80000000u); /* imported 1 + INT32_MAX */
	cr_assert_eq(get("g2").i32, 0);                     /* 2^16 * 2^16 */
	cr_assert_eq((uint32_t)get("g3").i32, 0xffffffffu); /* 0 - 1 */
}

Test(const_expr, i64_arithmetic_wraps)
{
	cr_assert_eq(get("g4").i64, INT64_MAX); /* INT64_MIN - 1 */
	cr_assert_eq(get("g5").i64, 0);         /* 2^32 * 2^32 */
	cr_assert_eq(get("g6").i64, INT64_MIN); /* INT64_MAX + 1 */
}

Test(const_expr, reads_earlier_defined_globals)
{
	cr_assert_eq((uint32_t)get("g7").i32, 0x80000000u); /* INT32_MIN * -1 wraps to itself */
}

Test(const_expr, runs_in_postfix_order)
{
	cr_assert_eq(get("g8").i32, 42);
}

/* ---- Programs the runtime refuses before running one. */

static void expect_refused(const NacreConstExpr *ops, uint32_t n)
{
	NacreGlobalDesc g[] = { { NACRE_I32, 0, { NACRE_CONST_PROGRAM, n, { 0 }, ops } } };
	NacreModuleDesc d = { FX_DESC, .nglobals = 1, .globals = g };
	NacreModule *m = NULL;
	NacreError err;
	cr_assert_eq(nacre_module_from_desc(&d, &m, &err), NACRE_ERROR, "program of %u accepted", n);
	cr_assert_null(m);
	cr_assert(strstr(err.message, "global initializer"), "message '%s'", err.message);
}

Test(const_expr, refuses_a_program_that_underflows)
{
	static const NacreConstExpr ops[] = { K32(1), OP(I32_ADD) };
	expect_refused(ops, 2);
}

Test(const_expr, refuses_a_program_leaving_two_values)
{
	static const NacreConstExpr ops[] = { K32(1), K32(2) };
	expect_refused(ops, 2);
}

Test(const_expr, refuses_a_program_without_instructions)
{
	expect_refused(NULL, 0);
	static const NacreConstExpr ops[] = { K32(1) };
	expect_refused(ops, 0);
}

Test(const_expr, refuses_nested_programs_and_unknown_operations)
{
	static const NacreConstExpr inner[] = { K32(1) };
	static const NacreConstExpr nested_ops[] = { { NACRE_CONST_PROGRAM, 1, { 0 }, inner } };
	expect_refused(nested_ops, 1);
	static const NacreConstExpr unknown[] = { K32(1), K32(2), { NACRE_CONST_PROGRAM + 1, 0, { 0 }, NULL } };
	expect_refused(unknown, 3);
}

Test(const_expr, refuses_a_program_deeper_than_its_stack)
{
	enum { N = NACRE_CONST_STACK_MAX + 1 };
	NacreConstExpr ops[2 * N - 1];
	for (int i = 0; i < N; i++)
		ops[i] = (NacreConstExpr)K32(1);
	for (int i = N; i < 2 * N - 1; i++)
		ops[i] = (NacreConstExpr)OP(I32_ADD);
	expect_refused(ops, 2 * N - 1);
	/* one value less fits: the same program is accepted and sums to N - 1 */
	NacreGlobalDesc g[] = { { NACRE_I32, 0, { NACRE_CONST_PROGRAM, 2 * N - 3, { 0 }, ops + 1 } } };
	NacreModuleDesc d = { FX_DESC, .nglobals = 1, .globals = g };
	NacreModule *m = fx_module(&d);
	nacre_module_close(m);
}
