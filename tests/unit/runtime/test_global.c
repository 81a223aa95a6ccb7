/* tests/unit/runtime/test_global.c: globals (runtime-lib/global.c):
 * standalone globals of every value type, initializers from constants,
 * other globals and function references, and one cell shared by every
 * instance that imports it.
 */
#include "fixture.h"

static NacreStore *store;

static void setup(void)
{
	store = nacre_store_new();
	cr_assert(store);
}

static void teardown(void)
{
	nacre_store_free(store);
}

TestSuite(global, .init = setup, .fini = teardown);

Test(global, standalone_of_every_type)
{
	const uint8_t types[] = { NACRE_I32, NACRE_I64, NACRE_F32, NACRE_F64, NACRE_V128, NACRE_FUNCREF, NACRE_EXTERNREF };
	for (size_t i = 0; i < sizeof types; i++) {
		NacreValue v;
		memset(&v, 0, sizeof v);
		memset(v.v128, (int)i + 1, sizeof v.v128);
		NacreGlobal *g = nacre_global_new(store, types[i], i % 2, v);
		cr_assert_not_null(g);
		NacreValue got = nacre_global_get(g);
		cr_assert_eq(memcmp(got.v128, v.v128, 16), 0);
		uint8_t type;
		bool mut;
		cr_assert(nacre_global_type(g, &type, &mut));
		cr_assert(type == types[i] && mut == (i % 2));
	}
	cr_assert_null(nacre_global_new(store, 0x40, false, (NacreValue){ .i32 = 0 }));
	cr_assert_not(nacre_global_type(NULL, NULL, NULL));
}

static int32_t bump(void *vmv, int32_t by)
{
	NacreVmctx *vm = vmv;
	return vm->globals[0]->i32 += by;
}

static int32_t read_own(void *vmv, int32_t index)
{
	NacreVmctx *vm = vmv;
	return vm->globals[index]->i32;
}

static const NacreImportDesc imports[] = { FX_IMPORT("env", "g", NACRE_EXTERN_GLOBAL, 0) };
static const NacreGlobalDesc globals[] = {
	{ NACRE_I32, 1, { 0 } },
	{ NACRE_I32, 0, { NACRE_CONST_GLOBAL_GET, 0, { 0 }, NULL } },
	{ NACRE_I32, 1, { NACRE_CONST_VALUE, 0, { .i32 = -3 }, NULL } },
	{ NACRE_I32, 0, { NACRE_CONST_GLOBAL_GET, 2, { 0 }, NULL } },
	{ NACRE_FUNCREF, 0, { NACRE_CONST_REF_FUNC, 1, { 0 }, NULL } },
	{ NACRE_FUNCREF, 1, { NACRE_CONST_REF_NULL, 0, { 0 }, NULL } },
};
static const uint32_t types[] = { FX_I_I, FX_I_I };
static void *const code[] = { (void *)bump, (void *)read_own };
static const NacreExportDesc exports[] = {
	{ FX_NAME("bump"), NACRE_EXTERN_FUNC, 0 }, { FX_NAME("read"), NACRE_EXTERN_FUNC, 1 },
	{ FX_NAME("from_import"), NACRE_EXTERN_GLOBAL, 1 }, { FX_NAME("const"), NACRE_EXTERN_GLOBAL, 2 },
	{ FX_NAME("from_defined"), NACRE_EXTERN_GLOBAL, 3 }, { FX_NAME("fref"), NACRE_EXTERN_GLOBAL, 4 },
	{ FX_NAME("null"), NACRE_EXTERN_GLOBAL, 5 },
};
static const NacreModuleDesc desc = {
	FX_DESC,
	.nimports = 1, .imports = imports,
	.nfuncs = 2, .func_types = types, .func_code = code,
	.nglobals = 6, .nimported_globals = 1, .globals = globals,
	.nexports = 7, .exports = exports,
};

static NacreValue value(NacreInstance *inst, const char *name)
{
	return nacre_global_get(fx_export(inst, name).u.global);
}

Test(global, initializers)
{
	NacreModule *m = fx_module(&desc);
	NacreGlobal *g = nacre_global_new(store, NACRE_I32, true, (NacreValue){ .i32 = 40 });
	NacreExtern ex = { NACRE_EXTERN_GLOBAL, { .global = g } };
	NacreInstance *inst = fx_instance(store, m, &ex, 1);
	cr_assert_eq(value(inst, "from_import").i32, 40);
	cr_assert_eq(value(inst, "const").i32, -3);
	cr_assert_eq(value(inst, "from_defined").i32, -3);
	cr_assert_eq(value(inst, "fref").ref, fx_func(inst, "read"));
	cr_assert_null(value(inst, "null").ref);
	uint8_t type;
	bool mut;
	cr_assert(nacre_global_type(fx_export(inst, "const").u.global, &type, &mut) && type == NACRE_I32 && mut);
	cr_assert_eq(fx_call_i(store, fx_func(inst, "read"), 3, 0), -3);
	nacre_module_close(m);
}

Test(global, imported_cell_is_shared)
{
	NacreModule *m = fx_module(&desc);
	NacreGlobal *g = nacre_global_new(store, NACRE_I32, true, (NacreValue){ .i32 = 1 });
	NacreExtern ex = { NACRE_EXTERN_GLOBAL, { .global = g } };
	NacreInstance *a = fx_instance(store, m, &ex, 1), *b = fx_instance(store, m, &ex, 1);
	cr_assert_eq(fx_call_i(store, fx_func(a, "bump"), 10, 0), 11);
	cr_assert_eq(fx_call_i(store, fx_func(b, "bump"), 100, 0), 111);
	cr_assert_eq(nacre_global_get(g).i32, 111);
	cr_assert_eq(fx_call_i(store, fx_func(a, "read"), 0, 0), 111);
	/* Defined globals are per instance. */
	cr_assert_neq(fx_export(a, "const").u.global, fx_export(b, "const").u.global);
	nacre_module_close(m);
}
