/* tests/unit/runtime/test_host.c: host functions (runtime-lib/host.c).
 * Called from Wasm through the importing module's adapter, called
 * directly by nacre_call, trapping with nacre_host_trap, re-exported by
 * one instance and imported by another, and as a start function.
 */
#include "fixture.h"
#include "runtime-lib/rt.h"

static NacreStore *store;
static int calls;

static void add(void *env, NacreValue *v)
{
	calls++;
	cr_assert_eq(env, &calls);
	v[0].i32 = v[0].i32 + v[1].i32;
	if (v[0].i32 == 666)
		nacre_host_trap(store, "bad input");
}

static void tick(void *env, NacreValue *v)
{
	(void)env, (void)v;
	calls++;
}

static int32_t sum3(void *vmv, int32_t a, int32_t b, int32_t c)
{
	NacreVmctx *vm = vmv;
	return FX_CALL(vm, 0, FnIII, FX_CALL(vm, 0, FnIII, a, b), c);
}

static const NacreImportDesc hm_imports[] = {
	FX_IMPORT("env", "add", NACRE_EXTERN_FUNC, 0),
	FX_IMPORT("env", "tick", NACRE_EXTERN_FUNC, 1),
};
static const uint32_t hm_types[] = { FX_I_II, FX_V_V, FX_I_III };
static void *const hm_code[] = { (void *)sum3 };
static const NacreExportDesc hm_exports[] = {
	{ FX_NAME("sum3"), NACRE_EXTERN_FUNC, 2 },
	{ FX_NAME("add"), NACRE_EXTERN_FUNC, 0 },
};
static NacreModuleDesc hm_desc = {
	FX_DESC,
	.nimports = 2, .imports = hm_imports,
	.nfuncs = 3, .nimported_funcs = 2, .func_types = hm_types, .func_code = hm_code,
	.nexports = 2, .exports = hm_exports,
};

static NacreModule *module;
static NacreFuncRef *host_add, *host_tick;
static NacreExtern imports[2];

static void setup(void)
{
	store = nacre_store_new();
	cr_assert(store);
	module = fx_module(&hm_desc);
	host_add = nacre_host_func_new(store, &fx_type_i_ii, add, &calls);
	host_tick = nacre_host_func_new(store, &fx_type_v_v, tick, NULL);
	cr_assert(host_add && host_tick);
	imports[0] = (NacreExtern){ NACRE_EXTERN_FUNC, { .func = host_add } };
	imports[1] = (NacreExtern){ NACRE_EXTERN_FUNC, { .func = host_tick } };
}

static void teardown(void)
{
	nacre_store_free(store);
	nacre_module_close(module);
}

TestSuite(host, .init = setup, .fini = teardown);

Test(host, called_from_wasm_through_the_adapter)
{
	NacreInstance *inst = fx_instance(store, module, imports, 2);
	cr_assert_eq(fx_call3(store, fx_func(inst, "sum3"), 1, 2, 3), 6);
	cr_assert_eq(calls, 2);
	NacreFuncRef *rec = inst->vmctx.funcs[0];
	cr_assert_neq(rec, host_add, "the instance's record carries its adapter");
	cr_assert(rec->reserved & NACRE_FUNCREF_HOST);
	cr_assert_eq(rec->code, fx_adapters[FX_I_II]);
	cr_assert_eq(rec->type_id, host_add->type_id);
}

Test(host, called_directly)
{
	cr_assert_eq(fx_call_i(store, host_add, 2, 3), 5);
	NacreInstance *inst = fx_instance(store, module, imports, 2);
	cr_assert_eq(fx_call_i(store, fx_func(inst, "add"), 20, 3), 23);
	cr_assert_eq(calls, 2);
}

Test(host, trap_from_host)
{
	NacreError err;
	NacreInstance *inst = fx_instance(store, module, imports, 2);
	cr_assert_eq(fx_trap3(store, fx_func(inst, "sum3"), 600, 66, 0, &err), NACRE_TRAP_HOST);
	cr_assert_str_eq(err.message, "wasm trap: host function trapped: bad input");
	cr_assert_eq(fx_call_trap(store, host_add, 600, 66, &err), NACRE_TRAP_HOST);
	cr_assert_str_eq(err.message, "wasm trap: host function trapped: bad input");
	cr_assert_eq(fx_call3(store, fx_func(inst, "sum3"), 1, 1, 1), 3);
}

/* A second module imports the first one's re-export of the host function. */
static int32_t twice_add(void *vmv, int32_t a, int32_t b)
{
	NacreVmctx *vm = vmv;
	return 2 * FX_CALL(vm, 0, FnIII, a, b);
}

static const NacreImportDesc re_imports[] = { FX_IMPORT("hm", "add", NACRE_EXTERN_FUNC, 0) };
static const uint32_t re_types[] = { FX_I_II, FX_I_II };
static void *const re_code[] = { (void *)twice_add };
static const NacreExportDesc re_exports[] = { { FX_NAME("twice_add"), NACRE_EXTERN_FUNC, 1 } };
static const NacreModuleDesc re_desc = {
	FX_DESC,
	.nimports = 1, .imports = re_imports,
	.nfuncs = 2, .nimported_funcs = 1, .func_types = re_types, .func_code = re_code,
	.nexports = 1, .exports = re_exports,
};

Test(host, reexported_and_imported_again)
{
	NacreInstance *inst = fx_instance(store, module, imports, 2);
	NacreModule *rm = fx_module(&re_desc);
	NacreExtern ex = fx_export(inst, "add");
	NacreInstance *r = fx_instance(store, rm, &ex, 1);
	cr_assert_eq(fx_call_i(store, fx_func(r, "twice_add"), 4, 5), 18);
	NacreFuncType t;
	cr_assert(nacre_func_type(store, ex.u.func, &t));
	cr_assert(t.nparams == 2 && t.nresults == 1 && t.params[1] == NACRE_I32 && t.results[0] == NACRE_I32);
	nacre_module_close(rm);
}

static const NacreImportDesc st_imports[] = { FX_IMPORT("env", "tick", NACRE_EXTERN_FUNC, 0) };
static const uint32_t st_types[] = { FX_V_V };
static const NacreModuleDesc st_desc = {
	FX_DESC,
	.nimports = 1, .imports = st_imports,
	.nfuncs = 1, .nimported_funcs = 1, .func_types = st_types,
	.has_start = 1, .start = 0,
};

Test(host, as_start_function)
{
	NacreModule *m = fx_module(&st_desc);
	fx_instance(store, m, &imports[1], 1);
	cr_assert_eq(calls, 1);
	nacre_module_close(m);
}

/* A host function's own record reached from Wasm without an import: it
 * has no adapter, and traps instead of calling with the wrong convention. */
static int32_t call_global(void *vmv)
{
	NacreVmctx *vm = vmv;
	NacreFuncRef *f = vm->globals[0]->ref;
	((FnVV)f->code)(f->vmctx);
	return 0;
}

static const NacreImportDesc cg_imports[] = { FX_IMPORT("env", "f", NACRE_EXTERN_GLOBAL, 0) };
static const NacreGlobalDesc cg_global = { NACRE_FUNCREF, 0, { 0 } };
static const uint32_t cg_types[] = { FX_I_V };
static void *const cg_code[] = { (void *)call_global };
static const NacreExportDesc cg_exports[] = { { FX_NAME("call"), NACRE_EXTERN_FUNC, 0 } };
static const NacreModuleDesc cg_desc = {
	FX_DESC,
	.nimports = 1, .imports = cg_imports,
	.nfuncs = 1, .func_types = cg_types, .func_code = cg_code,
	.nglobals = 1, .nimported_globals = 1, .globals = &cg_global,
	.nexports = 1, .exports = cg_exports,
};

Test(host, unimported_record_traps_when_called_from_wasm)
{
	NacreModule *m = fx_module(&cg_desc);
	NacreGlobal *g = nacre_global_new(store, NACRE_FUNCREF, false, (NacreValue){ .ref = host_tick });
	NacreExtern ex = { NACRE_EXTERN_GLOBAL, { .global = g } };
	NacreInstance *inst = fx_instance(store, m, &ex, 1);
	NacreError err;
	cr_assert_eq(fx_call_trap(store, fx_func(inst, "call"), 0, 0, &err), NACRE_TRAP_HOST);
	cr_assert_eq(calls, 0);
	nacre_module_close(m);
}

Test(host, needs_a_callback)
{
	cr_assert_null(nacre_host_func_new(store, &fx_type_v_v, NULL, NULL));
}

static void nothing(void *env, NacreValue *v)
{
	(void)env;
	(void)v;
}

/* Each refusal says why, leaves *out NULL and counts nothing. */
static void expect_refused(const NacreFuncType *t, void (*cb)(void *, NacreValue *), const char *why)
{
	NacreFuncRef *f = (NacreFuncRef *)1;
	NacreError err = { 0 };
	cr_assert_eq(nacre_host_func_create(store, t, cb, NULL, &f, &err), NACRE_ERROR);
	cr_assert_null(f);
	cr_assert(strstr(err.message, why), "message '%s' lacks '%s'", err.message, why);
}

Test(host, create_says_why_it_refuses)
{
	static const uint8_t bad[] = { NACRE_I32, 0x99 };
	expect_refused(&fx_type_v_v, NULL, "needs a callback");
	expect_refused(NULL, nothing, "needs its type");
	expect_refused(&(NacreFuncType){ .nparams = 1 }, nothing, "needs its type");
	expect_refused(&(NacreFuncType){ .nparams = 2, .params = bad }, nothing, "unknown value type");
	expect_refused(&(NacreFuncType){ .nresults = 2, .results = bad }, nothing, "unknown value type");
	NacreFuncRef *f = NULL;
	NacreError err;
	cr_assert_eq(nacre_host_func_create(store, &fx_type_v_v, nothing, NULL, &f, &err), NACRE_OK, "%s",
	             err.message);
	cr_assert_not_null(f);
	NacreFuncType t;
	cr_assert(nacre_func_type(store, f, &t));
	cr_assert_eq(t.nparams + t.nresults, 0);
}
