/* tests/unit/runtime/test_module.c: loading compiled modules
 * (runtime-lib/module.c): a shared object built like nacre's output, whose
 * calls into the runtime resolve against this program; descriptor checks;
 * the module outliving its close while instances use it.
 */
#include "fixture.h"

static const NacreModuleDesc empty_desc = { FX_DESC };

Test(module, from_desc_keeps_the_descriptor)
{
	NacreModule *m = fx_module(&empty_desc);
	cr_assert_eq(nacre_module_desc(m), &empty_desc);
	nacre_module_close(m);
}

static void expect_refused(const NacreModuleDesc *d, const char *why)
{
	NacreModule *m = (NacreModule *)1;
	NacreError err;
	cr_assert_eq(nacre_module_from_desc(d, &m, &err), NACRE_ERROR);
	cr_assert_null(m);
	cr_assert(strstr(err.message, why), "message '%s' lacks '%s'", err.message, why);
}

Test(module, abi_version_mismatch_refused)
{
	NacreModuleDesc d = { FX_DESC };
	d.abi_version = NACRE_ABI_VERSION + 1;
	expect_refused(&d, "ABI version mismatch");
}

static void nop(void *vm) { (void)vm; }

Test(module, inconsistent_descriptor_refused)
{
	static const uint32_t bad_type[] = { FX_NTYPES };
	static void *const code[] = { (void *)nop };
	NacreModuleDesc d = { FX_DESC, .nfuncs = 1, .func_types = bad_type, .func_code = code };
	expect_refused(&d, "function type out of range");
	static const NacreImportDesc im = FX_IMPORT("m", "f", NACRE_EXTERN_FUNC, 0);
	NacreModuleDesc d2 = { FX_DESC, .nimports = 1, .imports = &im };
	expect_refused(&d2, "import out of range");
	/* multi-memory: every memory's limits are checked, not only the first's */
	static const NacreLimitsDesc two[2] = { { 1, 1, 1, 0, 0, 0, { 0 }, 0, 0 }, { 2, 1, 1, 0, 0, 0, { 0 }, 0, 0 } };
	NacreModuleDesc d3 = { FX_DESC, .nmems = 2, .mems = two };
	expect_refused(&d3, "memory limits");
	expect_refused(NULL, "NULL");
}

/* Exact types index by type (instance.c looks their interned ids up):
 * a forged index past what they may name is refused. */
Test(module, typed_reference_past_its_types_refused)
{
	static const uint8_t repr[] = { NACRE_FUNCREF };
	static const uint32_t later[] = { NACRE_HEAP_INDEX | 1u << NACRE_TYPE_SHIFT };
	static const NacreTypeDesc types[] = { { 1, 0, repr, later } };
	NacreModuleDesc d = { FX_DESC };
	d.ntypes = 1;
	d.types = types;
	expect_refused(&d, "type refers to a later type");
	static const NacreGlobalDesc g = { NACRE_HEAP_INDEX | 7u << NACRE_TYPE_SHIFT, 0, { 0 } };
	NacreModuleDesc d2 = { FX_DESC, .nglobals = 1, .globals = &g };
	expect_refused(&d2, "global type");
	static const NacreLimitsDesc t = { 1, 1, 1, NACRE_FUNCREF, NACRE_HEAP_INDEX | 7u << NACRE_TYPE_SHIFT, 0, { 0 }, 0, 0 };
	NacreModuleDesc d3 = { FX_DESC, .ntables = 1, .tables = &t };
	expect_refused(&d3, "table type");
}

/* Tags (3.0): a type index past the types, more imported than there
 * are, a tag import without a tag, or a tag export past the tags. */
Test(module, forged_tags_refused)
{
	static const uint32_t past[] = { FX_NTYPES };
	NacreModuleDesc d = { FX_DESC, .ntags = 1, .tag_types = past };
	expect_refused(&d, "tag type");
	NacreModuleDesc d2 = { FX_DESC, .ntags = 0, .nimported_tags = 1 };
	expect_refused(&d2, "counts");
	static const NacreImportDesc im = FX_IMPORT("m", "t", NACRE_EXTERN_TAG, 0);
	NacreModuleDesc d3 = { FX_DESC, .nimports = 1, .imports = &im };
	expect_refused(&d3, "import out of range");
	static const NacreExportDesc ex = { "t", 1, NACRE_EXTERN_TAG, 0 };
	NacreModuleDesc d4 = { FX_DESC, .nexports = 1, .exports = &ex };
	expect_refused(&d4, "export out of range");
}

Test(module, open_missing_file_fails)
{
	NacreModule *m;
	NacreError err;
	cr_assert_eq(nacre_module_open("/nonexistent/nacre.so", &m, &err), NACRE_ERROR);
	cr_assert_null(m);
	cr_assert(strstr(err.message, "cannot open module"), "%s", err.message);
}

/* A name without a slash is a file in the working directory, never a
 * search of the library path, where libm.so.6 would be found. */
Test(module, bare_name_is_not_searched)
{
	NacreModule *m;
	NacreError err;
	cr_assert_eq(nacre_module_open("libm.so.6", &m, &err), NACRE_ERROR);
	cr_assert(strstr(err.message, "libm.so.6: No such file"), "%s", err.message);
}

Test(module, shared_object_calls_back_into_runtime)
{
	NacreModule *m;
	NacreError err;
	cr_assert_eq(nacre_module_open(NACRE_FIXTURE_MODULE, &m, &err), NACRE_OK, "%s", err.message);
	NacreStore *s = nacre_store_new();
	NacreInstance *inst = fx_instance(s, m, NULL, 0);
	nacre_module_close(m); /* the instance keeps it loaded */
	cr_assert_eq(fx_call_i(s, fx_func(inst, "peek"), 16, 0), 'h');
	cr_assert_eq(fx_call_i(s, fx_func(inst, "grow"), 2, 0), 3);
	cr_assert_eq(fx_call_i(s, fx_func(inst, "grow"), 2, 0), -1);
	cr_assert_eq(fx_call_trap(s, fx_func(inst, "peek"), 3 * 65536, 0, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_str_eq(err.message, "wasm trap: out of bounds memory access (in func 1 'peek')");
	cr_assert_eq(fx_call_trap(s, fx_func(inst, "fail"), 0, 0, &err), NACRE_TRAP_UNREACHABLE);
	cr_assert_str_eq(err.message, "wasm trap: unreachable (in func 2 'fail')");
	uint64_t size;
	cr_assert_eq(nacre_memory_data(fx_export(inst, "memory").u.memory, &size)[17], 'e');
	cr_assert_eq(size, 3 * 65536);
	nacre_store_free(s);
}
