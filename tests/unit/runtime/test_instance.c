/* tests/unit/runtime/test_instance.c: instantiation (runtime-lib/instance.c,
 * link.c).  One instance imports another's function, table, memory and
 * global; import matching refuses the wrong kind, type, limits and
 * mutability with the spec testsuite's words; segments run in order and a
 * trapping one (or start function) leaves earlier writes and a usable store.
 */
#include "fixture.h"
#include "runtime-lib/rt.h"

/* ---- Provider: a function, a table, a memory and two globals. */

static int32_t answer(void *vm)
{
	(void)vm;
	return 42;
}


static const uint32_t prov_types[] = { FX_I_V, FX_I_I };
static void *const prov_code[] = { (void *)answer, (void *)fx_call_indirect_i_v };
static const NacreLimitsDesc prov_table = { 2, 4, 1, NACRE_FUNCREF, 0, 0, { 0 }, 0, 0 };
static const NacreLimitsDesc prov_mem = { 1, 2, 1, 0, 0, 0, { 0 }, 0, 0 };
static const NacreGlobalDesc prov_globals[] = {
	{ NACRE_I32, 1, { NACRE_CONST_VALUE, 0, { .i32 = 5 }, NULL } },
	{ NACRE_I64, 0, { NACRE_CONST_VALUE, 0, { .i64 = 7 }, NULL } },
};
static const NacreExportDesc prov_exports[] = {
	{ FX_NAME("answer"), NACRE_EXTERN_FUNC, 0 }, { FX_NAME("call"), NACRE_EXTERN_FUNC, 1 },
	{ FX_NAME("t"), NACRE_EXTERN_TABLE, 0 },     { FX_NAME("mem"), NACRE_EXTERN_MEMORY, 0 },
	{ FX_NAME("g"), NACRE_EXTERN_GLOBAL, 0 },    { FX_NAME("c"), NACRE_EXTERN_GLOBAL, 1 },
};
static const NacreModuleDesc prov_desc = {
	FX_DESC,
	.nfuncs = 2, .func_types = prov_types, .func_code = prov_code,
	.ntables = 1, .tables = &prov_table,
	.nmems = 1, .mems = &prov_mem,
	.nglobals = 2, .globals = prov_globals,
	.nexports = 6, .exports = prov_exports,
};

/* ---- Consumer: imports all four and uses them. */

static int32_t twice(void *vmv)
{
	NacreVmctx *vm = vmv;
	return 2 * FX_CALL0(vm, 0, FnIV);
}

static int32_t peek(void *vmv, int32_t addr)
{
	NacreVmctx *vm = vmv;
	return *(volatile uint8_t *)(vm->mem_base + (uint32_t)addr);
}

static int32_t setg(void *vmv, int32_t x)
{
	NacreVmctx *vm = vmv;
	vm->globals[0]->i32 = x;
	return 0;
}

static int32_t nine(void *vm)
{
	(void)vm;
	return 9;
}

static const NacreImportDesc cons_imports[] = {
	FX_IMPORT("prov", "answer", NACRE_EXTERN_FUNC, 0),
	FX_IMPORT("prov", "t", NACRE_EXTERN_TABLE, 0),
	FX_IMPORT("prov", "mem", NACRE_EXTERN_MEMORY, 0),
	FX_IMPORT("prov", "g", NACRE_EXTERN_GLOBAL, 0),
};
static const uint32_t cons_types[] = { FX_I_V, FX_I_V, FX_I_I, FX_I_I, FX_I_V };
static void *const cons_code[] = { (void *)twice, (void *)peek, (void *)setg, (void *)nine };
static const NacreLimitsDesc cons_table = { 1, 0, 0, NACRE_FUNCREF, 0, 0, { 0 }, 0, 0 };
static const NacreLimitsDesc cons_mem = { 1, 0, 0, 0, 0, 0, { 0 }, 0, 0 };
static const NacreGlobalDesc cons_globals[] = {
	{ NACRE_I32, 1, { 0 } },
	{ NACRE_I32, 0, { NACRE_CONST_GLOBAL_GET, 0, { 0 }, NULL } },
	{ NACRE_FUNCREF, 0, { NACRE_CONST_REF_FUNC, 4, { 0 }, NULL } },
};
static const NacreConstExpr nine_ref[] = { { NACRE_CONST_REF_FUNC, 4, { 0 }, NULL } };
static const NacreElemDesc cons_elems[] = {
	{ NACRE_SEG_ACTIVE, NACRE_FUNCREF, 0, 1, { NACRE_CONST_VALUE, 0, { .i32 = 1 }, NULL }, nine_ref },
};
static const NacreDataDesc cons_datas[] = {
	{ NACRE_SEG_ACTIVE, 0, 2, 0, { NACRE_CONST_VALUE, 0, { .i32 = 10 }, NULL }, (const uint8_t *)"hi" },
};
static const NacreExportDesc cons_exports[] = {
	{ FX_NAME("twice"), NACRE_EXTERN_FUNC, 1 }, { FX_NAME("peek"), NACRE_EXTERN_FUNC, 2 },
	{ FX_NAME("setg"), NACRE_EXTERN_FUNC, 3 },  { FX_NAME("copy"), NACRE_EXTERN_GLOBAL, 1 },
	{ FX_NAME("fref"), NACRE_EXTERN_GLOBAL, 2 },
};
static const NacreModuleDesc cons_desc = {
	FX_DESC,
	.nimports = 4, .imports = cons_imports,
	.nfuncs = 5, .nimported_funcs = 1, .func_types = cons_types, .func_code = cons_code,
	.ntables = 1, .nimported_tables = 1, .tables = &cons_table,
	.nmems = 1, .nimported_mems = 1, .mems = &cons_mem,
	.nglobals = 3, .nimported_globals = 1, .globals = cons_globals,
	.nexports = 5, .exports = cons_exports,
	.nelems = 1, .elems = cons_elems,
	.ndatas = 1, .datas = cons_datas,
};

static NacreStore *store;
static NacreModule *prov_module;
static NacreInstance *prov;
static NacreExtern prov_ex[4]; /* answer, t, mem, g: what the consumer imports */

static void setup(void)
{
	store = nacre_store_new();
	cr_assert(store);
	prov_module = fx_module(&prov_desc);
	prov = fx_instance(store, prov_module, NULL, 0);
	const char *names[] = { "answer", "t", "mem", "g" };
	for (int i = 0; i < 4; i++)
		prov_ex[i] = fx_export(prov, names[i]);
}

static void teardown(void)
{
	nacre_store_free(store);
	nacre_module_close(prov_module);
}

TestSuite(instance, .init = setup, .fini = teardown);

Test(instance, imports_of_every_kind)
{
	NacreModule *m = fx_module(&cons_desc);
	NacreInstance *c = fx_instance(store, m, prov_ex, 4);
	cr_assert_eq(fx_call_i(store, fx_func(c, "twice"), 0, 0), 84);
	cr_assert_eq(nacre_memory_data(prov_ex[2].u.memory, NULL)[10], 'h'); /* the consumer's data segment */
	cr_assert_eq(fx_call_i(store, fx_func(c, "peek"), 11, 0), 'i');
	cr_assert_eq(fx_call_i(store, fx_func(c, "setg"), 11, 0), 0);
	cr_assert_eq(nacre_global_get(prov_ex[3].u.global).i32, 11);
	cr_assert_eq(nacre_global_get(fx_export(c, "copy").u.global).i32, 5, "initialized from the import");
	cr_assert_eq(nacre_global_get(fx_export(c, "fref").u.global).ref, c->vmctx.funcs[4]);
	/* The consumer's element segment wrote into the provider's table. */
	cr_assert_eq(fx_call_i(store, fx_func(prov, "call"), 1, 0), 9);
	nacre_module_close(m);
}

Test(instance, exports_by_exact_name)
{
	NacreExtern ex;
	cr_assert(nacre_instance_export(prov, "answer", 6, &ex));
	cr_assert_not(nacre_instance_export(prov, "answe", 5, &ex));
	cr_assert_not(nacre_instance_export(prov, "answers", 7, &ex));
	cr_assert(nacre_instance_export(prov, "call", 4, &ex));
	uint8_t type;
	bool mut;
	cr_assert(nacre_global_type(fx_export(prov, "c").u.global, &type, &mut));
	cr_assert(type == NACRE_I64 && !mut);
}

Test(instance, instances_have_their_own_state)
{
	NacreInstance *p2 = fx_instance(store, prov_module, NULL, 0);
	cr_assert_neq(fx_export(p2, "g").u.global, prov_ex[3].u.global);
	cr_assert_neq(fx_export(p2, "mem").u.memory, prov_ex[2].u.memory);
	cr_assert_neq(fx_func(p2, "answer"), prov_ex[0].u.func);
	cr_assert_eq(fx_func(p2, "answer")->type_id, prov_ex[0].u.func->type_id);
}

static void expect_unlinkable(const NacreModuleDesc *d, const NacreExtern *ex, size_t n, const char *message)
{
	NacreModule *m = fx_module(d);
	NacreInstance *inst = (NacreInstance *)1;
	NacreError err;
	cr_assert_eq(nacre_instantiate(store, m, ex, n, &inst, &err), NACRE_UNLINKABLE, "%s", err.message);
	cr_assert_null(inst);
	cr_assert_str_eq(err.message, message);
	nacre_module_close(m);
}

Test(instance, unknown_and_wrong_kind_refused)
{
	expect_unlinkable(&cons_desc, prov_ex, 3, "unknown import: \"prov\" \"g\"");
	NacreExtern ex[4] = { prov_ex[0], prov_ex[1], prov_ex[2], prov_ex[3] };
	ex[0] = prov_ex[2];
	expect_unlinkable(&cons_desc, ex, 4,
	                  "incompatible import type: \"prov\" \"answer\": expected function, got memory");
	ex[0] = fx_export(prov, "call");
	expect_unlinkable(&cons_desc, ex, 4, "incompatible import type: \"prov\" \"answer\": function type");
	ex[0] = prov_ex[0];
	ex[3] = fx_export(prov, "c");
	expect_unlinkable(&cons_desc, ex, 4, "incompatible import type: \"prov\" \"g\": global type");
	/* Nothing of the refused instances is left behind. */
	cr_assert_eq(store->instances, prov);
}

/* ---- One import of a given kind and type, against standalone externals. */

static NacreImportDesc one_import = FX_IMPORT("x", "y", NACRE_EXTERN_TABLE, 0);
static NacreLimitsDesc one_limits;
static NacreGlobalDesc one_global;

/* Each call gets its own descriptor, which must outlive the instance. */
static NacreStatus link_one(uint32_t bounds, NacreExtern ex)
{
	static struct { NacreModuleDesc d; NacreImportDesc im; NacreLimitsDesc l; NacreGlobalDesc g; } made[32];
	static int nmade;
	cr_assert_lt(nmade, 32);
	NacreModuleDesc *d = &made[nmade].d;
	made[nmade].im = one_import;
	made[nmade].im.kind = ex.kind;
	made[nmade].l = one_limits;
	made[nmade].g = one_global;
	*d = (NacreModuleDesc){ FX_DESC, .bounds = bounds, .nimports = 1, .imports = &made[nmade].im };
	if (ex.kind == NACRE_EXTERN_TABLE)
		d->ntables = d->nimported_tables = 1, d->tables = &made[nmade].l;
	else if (ex.kind == NACRE_EXTERN_MEMORY)
		d->nmems = d->nimported_mems = 1, d->mems = &made[nmade].l;
	else
		d->nglobals = d->nimported_globals = 1, d->globals = &made[nmade].g;
	nmade++;
	NacreModule *m = fx_module(d);
	NacreInstance *inst;
	NacreError err;
	NacreStatus st = nacre_instantiate(store, m, &ex, 1, &inst, &err);
	const char *prefix = "incompatible import type: \"x\" \"y\": ";
	if (st == NACRE_UNLINKABLE)
		cr_assert(strncmp(err.message, prefix, strlen(prefix)) == 0, "%s", err.message);
	nacre_module_close(m);
	return st;
}

static NacreStatus link_limits(NacreExtern ex, uint32_t elem, uint32_t min, uint32_t max, bool has_max)
{
	one_limits = (NacreLimitsDesc){ min, max, has_max, elem, 0, 0, { 0 }, 0, 0 };
	return link_one(NACRE_BOUNDS_GUARD, ex);
}

Test(instance, table_limits_subtyping)
{
	NacreTable *t, *unbounded;
	cr_assert_eq(nacre_table_new(store, NACRE_FUNCREF, 2, 4, true, &t, NULL), NACRE_OK);
	cr_assert_eq(nacre_table_new(store, NACRE_FUNCREF, 2, 0, false, &unbounded, NULL), NACRE_OK);
	NacreExtern ex = { NACRE_EXTERN_TABLE, { .table = t } };
	NacreExtern ux = { NACRE_EXTERN_TABLE, { .table = unbounded } };
	cr_assert_eq(link_limits(ex, NACRE_FUNCREF, 2, 4, true), NACRE_OK);
	cr_assert_eq(link_limits(ex, NACRE_FUNCREF, 1, 5, true), NACRE_OK);
	cr_assert_eq(link_limits(ex, NACRE_FUNCREF, 0, 0, false), NACRE_OK);
	cr_assert_eq(link_limits(ex, NACRE_FUNCREF, 3, 4, true), NACRE_UNLINKABLE);
	cr_assert_eq(link_limits(ex, NACRE_FUNCREF, 2, 3, true), NACRE_UNLINKABLE);
	cr_assert_eq(link_limits(ux, NACRE_FUNCREF, 2, 0, false), NACRE_OK);
	cr_assert_eq(link_limits(ux, NACRE_FUNCREF, 2, 100, true), NACRE_UNLINKABLE);
	cr_assert_eq(link_limits(ex, NACRE_EXTERNREF, 2, 4, true), NACRE_UNLINKABLE);
}

Test(instance, memory_limits_use_the_current_size)
{
	NacreMemory *m;
	cr_assert_eq(nacre_memory_new(store, 1, 2, true, &m, NULL), NACRE_OK);
	NacreExtern ex = { NACRE_EXTERN_MEMORY, { .memory = m } };
	cr_assert_eq(link_limits(ex, 0, 1, 2, true), NACRE_OK);
	cr_assert_eq(link_limits(ex, 0, 0, 3, true), NACRE_OK);
	cr_assert_eq(link_limits(ex, 0, 2, 2, true), NACRE_UNLINKABLE);
	cr_assert_eq(link_limits(ex, 0, 1, 1, true), NACRE_UNLINKABLE);
	cr_assert_eq(rt_memory_grow(m, 1), 1);
	cr_assert_eq(link_limits(ex, 0, 2, 2, true), NACRE_OK);
	NacreMemory *unbounded;
	cr_assert_eq(nacre_memory_new(store, 1, 0, false, &unbounded, NULL), NACRE_OK);
	NacreExtern ux = { NACRE_EXTERN_MEMORY, { .memory = unbounded } };
	cr_assert_eq(link_limits(ux, 0, 1, 0, false), NACRE_OK);
	cr_assert_eq(link_limits(ux, 0, 1, 65536, true), NACRE_UNLINKABLE);
}

Test(instance, guard_code_needs_a_guarded_memory)
{
	NacreMemory *m;
	cr_assert_eq(rt_memory_create(store, (RtMemType){ 1, 1, true, false }, false, false, &m, NULL), NACRE_OK);
	NacreExtern ex = { NACRE_EXTERN_MEMORY, { .memory = m } };
	one_limits = (NacreLimitsDesc){ 1, 1, true, 0, 0, 0, { 0 }, 0, 0 };
	cr_assert_eq(link_one(NACRE_BOUNDS_EXPLICIT, ex), NACRE_OK);
	cr_assert_eq(link_one(NACRE_BOUNDS_GUARD, ex), NACRE_UNLINKABLE);
}

static NacreStatus link_global(NacreGlobal *g, uint8_t type, bool mut)
{
	one_global = (NacreGlobalDesc){ type, mut, { 0 } };
	return link_one(NACRE_BOUNDS_GUARD, (NacreExtern){ NACRE_EXTERN_GLOBAL, { .global = g } });
}

Test(instance, global_type_and_mutability_match_exactly)
{
	NacreGlobal *g = nacre_global_new(store, NACRE_I32, true, (NacreValue){ .i32 = 1 });
	NacreGlobal *k = nacre_global_new(store, NACRE_I32, false, (NacreValue){ .i32 = 1 });
	cr_assert_eq(link_global(g, NACRE_I32, true), NACRE_OK);
	cr_assert_eq(link_global(g, NACRE_I32, false), NACRE_UNLINKABLE);
	cr_assert_eq(link_global(k, NACRE_I32, true), NACRE_UNLINKABLE);
	cr_assert_eq(link_global(k, NACRE_I32, false), NACRE_OK);
	cr_assert_eq(link_global(g, NACRE_I64, true), NACRE_UNLINKABLE);
	cr_assert_eq(link_global(k, NACRE_F32, false), NACRE_UNLINKABLE);
}

/* ---- Segments that trap part way, and start functions. */

static const NacreImportDesc seg_imports[] = {
	FX_IMPORT("prov", "t", NACRE_EXTERN_TABLE, 0),
	FX_IMPORT("prov", "mem", NACRE_EXTERN_MEMORY, 0),
};
static const uint32_t seg_types[] = { FX_I_V };
static void *const seg_code[] = { (void *)nine };
static const NacreConstExpr own_ref[] = { { NACRE_CONST_REF_FUNC, 0, { 0 }, NULL }, { NACRE_CONST_REF_FUNC, 0, { 0 }, NULL } };
static NacreElemDesc seg_elems[2];
static NacreDataDesc seg_datas[2];
static const NacreModuleDesc seg_desc = {
	FX_DESC,
	.nimports = 2, .imports = seg_imports,
	.nfuncs = 1, .func_types = seg_types, .func_code = seg_code,
	.ntables = 1, .nimported_tables = 1, .tables = &cons_table,
	.nmems = 1, .nimported_mems = 1, .mems = &cons_mem,
	.nelems = 2, .elems = seg_elems, .ndatas = 2, .datas = seg_datas,
};

static NacreElemDesc elem_at(int32_t at, uint32_t n)
{
	return (NacreElemDesc){ NACRE_SEG_ACTIVE, NACRE_FUNCREF, 0, n, { NACRE_CONST_VALUE, 0, { .i32 = at }, NULL }, own_ref };
}

static NacreDataDesc data_at(int32_t at, const char *bytes)
{
	return (NacreDataDesc){ NACRE_SEG_ACTIVE, 0, (uint32_t)strlen(bytes), 0,
	                        { NACRE_CONST_VALUE, 0, { .i32 = at }, NULL }, (const uint8_t *)bytes };
}

static NacreTrap instantiate_trapping(const NacreModuleDesc *d, const NacreExtern *ex, size_t n,
                                      NacreError *err)
{
	NacreModule *m = fx_module(d);
	NacreInstance *inst = (NacreInstance *)1;
	cr_assert_eq(nacre_instantiate(store, m, ex, n, &inst, err), NACRE_TRAPPED, "%s", err->message);
	cr_assert_null(inst);
	nacre_module_close(m);
	return err->trap;
}

Test(instance, element_segment_out_of_bounds_keeps_earlier_writes)
{
	NacreExtern ex[2] = { prov_ex[1], prov_ex[2] };
	NacreError err;
	seg_elems[0] = elem_at(0, 1);
	seg_elems[1] = elem_at(1, 2); /* the table has 2 elements */
	seg_datas[0] = data_at(0, "zz");
	seg_datas[1] = data_at(2, "zz");
	cr_assert_eq(instantiate_trapping(&seg_desc, ex, 2, &err), NACRE_TRAP_OOB_TABLE);
	cr_assert_str_eq(err.message, "wasm trap: out of bounds table access");
	/* The first segment's function, of the failed instance, stays callable. */
	cr_assert_eq(fx_call_i(store, fx_func(prov, "call"), 0, 0), 9);
	NacreError e2;
	cr_assert_eq(fx_call_trap(store, fx_func(prov, "call"), 1, 0, &e2), NACRE_TRAP_UNINITIALIZED_ELEMENT);
	cr_assert_eq(nacre_memory_data(prov_ex[2].u.memory, NULL)[0], 0, "data ran after a trap");
}

Test(instance, data_segment_out_of_bounds_keeps_earlier_writes)
{
	NacreExtern ex[2] = { prov_ex[1], prov_ex[2] };
	NacreError err;
	seg_elems[0] = elem_at(1, 1);
	seg_elems[1] = elem_at(2, 0); /* empty, at the end: in bounds */
	seg_datas[0] = data_at(20, "hi");
	seg_datas[1] = data_at(65535, "zz");
	cr_assert_eq(instantiate_trapping(&seg_desc, ex, 2, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_str_eq(err.message, "wasm trap: out of bounds memory access");
	const uint8_t *mem = nacre_memory_data(prov_ex[2].u.memory, NULL);
	cr_assert(mem[20] == 'h' && mem[21] == 'i' && mem[65535] == 0);
	cr_assert_eq(fx_call_i(store, fx_func(prov, "call"), 1, 0), 9);
}

static void start_write(void *vmv)
{
	NacreVmctx *vm = vmv;
	vm->mem_base[0] = 7;
}

static void start_trap(void *vmv)
{
	NacreVmctx *vm = vmv;
	vm->mem_base[1] = 8;
	nacre_rt_trap(vm, NACRE_TRAP_UNREACHABLE);
}

static const NacreImportDesc start_imports[] = { FX_IMPORT("prov", "mem", NACRE_EXTERN_MEMORY, 0) };
static const uint32_t start_types[] = { FX_V_V, FX_V_V };
static void *const start_code[] = { (void *)start_write, (void *)start_trap };
static const char *const start_names[] = { "start_write", "start_trap" };
static NacreModuleDesc start_desc = {
	FX_DESC,
	.nimports = 1, .imports = start_imports,
	.nfuncs = 2, .func_types = start_types, .func_code = start_code, .func_names = start_names,
	.nmems = 1, .nimported_mems = 1, .mems = &cons_mem,
	.has_start = 1,
};

Test(instance, start_function_runs_last)
{
	start_desc.start = 0;
	NacreModule *m = fx_module(&start_desc);
	fx_instance(store, m, &prov_ex[2], 1);
	cr_assert_eq(nacre_memory_data(prov_ex[2].u.memory, NULL)[0], 7);
	nacre_module_close(m);
}

Test(instance, trapping_start_leaves_the_store_usable)
{
	NacreError err;
	start_desc.start = 1;
	cr_assert_eq(instantiate_trapping(&start_desc, &prov_ex[2], 1, &err), NACRE_TRAP_UNREACHABLE);
	cr_assert_str_eq(err.message, "wasm trap: unreachable (in func 1 'start_trap')");
	cr_assert_eq(nacre_memory_data(prov_ex[2].u.memory, NULL)[1], 8);
	cr_assert_eq(store->depth, 0);
	cr_assert_eq(fx_call_i(store, prov_ex[0].u.func, 0, 0), 42);
	start_desc.start = 0;
	NacreModule *m = fx_module(&start_desc);
	fx_instance(store, m, &prov_ex[2], 1);
	nacre_module_close(m);
}
