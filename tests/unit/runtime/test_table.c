/* tests/unit/runtime/test_table.c: tables (runtime-lib/table.c): grow to
 * the maximum and the implementation limit, fill/copy/init/elem.drop with
 * the spec's bounds (checked before any write), a table shared between
 * instances, and call_indirect's checks as generated code makes them.
 */
#include "fixture.h"
#include "runtime-lib/rt.h"

static int32_t fortytwo(void *vm)
{
	(void)vm;
	return 42;
}

static int32_t seven(void *vm, int32_t x)
{
	(void)vm, (void)x;
	return 7;
}

static int32_t grow(void *vmv, int32_t delta)
{
	NacreVmctx *vm = vmv;
	return (int32_t)nacre_rt_table_grow(vm, 0, vm->funcs[0], (uint32_t)delta);
}

static int32_t grow_ext(void *vm, int32_t delta)
{
	return (int32_t)nacre_rt_table_grow(vm, 1, (void *)(uintptr_t)0x1234, (uint32_t)delta);
}

/* fill(i, n, f): f is 0 for null, else function f - 1. */
static int32_t fill(void *vmv, int32_t i, int32_t n, int32_t f)
{
	NacreVmctx *vm = vmv;
	nacre_rt_table_fill(vm, 0, (uint32_t)i, f ? vm->funcs[f - 1] : NULL, (uint32_t)n);
	return 0;
}

static int32_t copy(void *vm, int32_t d, int32_t s, int32_t n)
{
	nacre_rt_table_copy(vm, 0, 0, (uint32_t)d, (uint32_t)s, (uint32_t)n);
	return 0;
}

static int32_t init(void *vm, int32_t seg, int32_t d, int32_t n)
{
	nacre_rt_table_init(vm, 0, (uint32_t)seg, (uint32_t)d, 0, (uint32_t)n);
	return 0;
}

static int32_t drop(void *vm, int32_t seg)
{
	nacre_rt_elem_drop(vm, (uint32_t)seg);
	return 0;
}


static const uint32_t tab_types[] = { FX_I_V, FX_I_I, FX_I_I, FX_I_I, FX_I_III,
                                      FX_I_III, FX_I_III, FX_I_I, FX_I_I };
static void *const tab_code[] = { (void *)fortytwo, (void *)seven, (void *)grow,
                                  (void *)grow_ext, (void *)fill,  (void *)copy,
                                  (void *)init,     (void *)drop,  (void *)fx_call_indirect_i_v };
static const NacreExportDesc tab_exports[] = {
	{ FX_NAME("grow"), NACRE_EXTERN_FUNC, 2 }, { FX_NAME("grow_ext"), NACRE_EXTERN_FUNC, 3 },
	{ FX_NAME("fill"), NACRE_EXTERN_FUNC, 4 }, { FX_NAME("copy"), NACRE_EXTERN_FUNC, 5 },
	{ FX_NAME("init"), NACRE_EXTERN_FUNC, 6 }, { FX_NAME("drop"), NACRE_EXTERN_FUNC, 7 },
	{ FX_NAME("call"), NACRE_EXTERN_FUNC, 8 }, { FX_NAME("t"), NACRE_EXTERN_TABLE, 0 },
	{ FX_NAME("ext"), NACRE_EXTERN_TABLE, 1 },
};
static const NacreLimitsDesc tab_tables[] = { { 2, 10, 1, NACRE_FUNCREF, 0, 0, { 0 }, 0, 0 },
	                                             { 0, 0, 0, NACRE_EXTERNREF, 0, 0, { 0 }, 0, 0 } };
static const NacreConstExpr items_passive[] = {
	{ NACRE_CONST_REF_FUNC, 0, { 0 }, NULL }, { NACRE_CONST_REF_FUNC, 1, { 0 }, NULL }, { NACRE_CONST_REF_NULL, 0, { 0 }, NULL },
};
static const NacreConstExpr items_one[] = { { NACRE_CONST_REF_FUNC, 0, { 0 }, NULL } };
static const NacreElemDesc tab_elems[] = {
	{ NACRE_SEG_PASSIVE, NACRE_FUNCREF, 0, 3, { 0 }, items_passive },
	{ NACRE_SEG_ACTIVE, NACRE_FUNCREF, 0, 1, { NACRE_CONST_VALUE, 0, { .i32 = 0 }, NULL }, items_one },
	{ NACRE_SEG_DECLARATIVE, NACRE_FUNCREF, 0, 1, { 0 }, items_one },
};
static const NacreModuleDesc tab_desc = {
	FX_DESC,
	.nfuncs = 9, .func_types = tab_types, .func_code = tab_code,
	.ntables = 2, .tables = tab_tables,
	.nexports = 9, .exports = tab_exports,
	.nelems = 3, .elems = tab_elems,
};

FX_INSTANCE_SUITE(table, tab_desc);

static NacreTableData *data(const char *name)
{
	return &fx_export(inst, name).u.table->data;
}

/* Element i of the exported table (a funcref table's record, or an
 * externref). */
static void *elem(const char *name, uint32_t i)
{
	return rt_table_get(fx_export(inst, name).u.table, i);
}

static int32_t run(const char *name, int32_t a, int32_t b, int32_t c)
{
	return fx_call3(store, fx_func(inst, name), a, b, c);
}

static NacreTrap trap(const char *name, int32_t a, int32_t b, int32_t c)
{
	NacreError err;
	return fx_trap3(store, fx_func(inst, name), a, b, c, &err);
}

Test(table, call_indirect_checks)
{
	cr_assert_eq(run("call", 0, 0, 0), 42); /* put there by the active segment */
	cr_assert_eq(trap("call", 1, 0, 0), NACRE_TRAP_UNINITIALIZED_ELEMENT);
	cr_assert_eq(trap("call", 2, 0, 0), NACRE_TRAP_UNDEFINED_ELEMENT);
	cr_assert_eq(run("fill", 1, 1, 2), 0);
	cr_assert_eq(trap("call", 1, 0, 0), NACRE_TRAP_INDIRECT_CALL_TYPE);
}

Test(table, grow_to_the_maximum)
{
	cr_assert_eq(run("grow", 3, 0, 0), 2);
	cr_assert_eq(data("t")->size, 5);
	cr_assert_eq(run("call", 4, 0, 0), 42); /* new elements hold the init value */
	cr_assert_eq(run("grow", 6, 0, 0), -1);
	cr_assert_eq(run("grow", 5, 0, 0), 5);
	cr_assert_eq(run("grow", 0, 0, 0), 10);
	cr_assert_eq(run("grow", 1, 0, 0), -1);
	cr_assert_eq(data("t")->size, 10);
}

Test(table, grow_stops_at_the_implementation_limit)
{
	cr_assert_eq(run("grow_ext", 10000001, 0, 0), -1);
	cr_assert_eq(run("grow_ext", -1, 0, 0), -1);
	cr_assert_eq(run("grow_ext", 0, 0, 0), 0);
	cr_assert_eq(run("grow_ext", 100, 0, 0), 0);
	cr_assert_eq(data("ext")->size, 100);
	cr_assert_eq(elem("ext", 99), (void *)(uintptr_t)0x1234);
}

Test(table, fill_checks_the_whole_range_first)
{
	cr_assert_eq(trap("fill", 1, 2, 1), NACRE_TRAP_OOB_TABLE);
	cr_assert_null(elem("t", 1), "a partial fill was written");
	cr_assert_eq(run("fill", 0, 2, 0), 0);
	cr_assert_null(elem("t", 0));
	cr_assert_eq(run("fill", 2, 0, 1), 0);
	cr_assert_eq(trap("fill", 3, 0, 1), NACRE_TRAP_OOB_TABLE);
}

Test(table, init_copy_and_drop)
{
	NacreFuncRef **funcs = inst->vmctx.funcs;
	cr_assert_eq(run("grow", 3, 0, 0), 2);
	cr_assert_eq(run("fill", 0, 5, 0), 0);
	cr_assert_eq(run("init", 0, 1, 3), 0);
	cr_assert(elem("t", 0) == NULL && elem("t", 1) == funcs[0] && elem("t", 2) == funcs[1] &&
	          elem("t", 3) == NULL && elem("t", 4) == NULL);
	cr_assert_eq(run("copy", 2, 1, 3), 0); /* overlapping, forwards */
	cr_assert(elem("t", 1) == funcs[0] && elem("t", 2) == funcs[0] && elem("t", 3) == funcs[1] && elem("t", 4) == NULL);
	cr_assert_eq(run("copy", 0, 1, 3), 0); /* overlapping, backwards */
	cr_assert(elem("t", 0) == funcs[0] && elem("t", 1) == funcs[0] && elem("t", 2) == funcs[1]);
	cr_assert_eq(trap("copy", 3, 0, 3), NACRE_TRAP_OOB_TABLE);
	cr_assert_eq(trap("copy", 0, 3, 3), NACRE_TRAP_OOB_TABLE);
	cr_assert(elem("t", 3) == funcs[1] && elem("t", 4) == NULL);
	cr_assert_eq(trap("init", 0, 3, 3), NACRE_TRAP_OOB_TABLE);
	cr_assert_eq(trap("init", 0, 0, 4), NACRE_TRAP_OOB_TABLE);
	cr_assert(elem("t", 3) == funcs[1] && elem("t", 4) == NULL);
	cr_assert_eq(run("drop", 0, 0, 0), 0);
	cr_assert_eq(trap("init", 0, 0, 1), NACRE_TRAP_OOB_TABLE);
	cr_assert_eq(run("init", 0, 0, 0), 0);
	/* The active and declarative segments were dropped by instantiation. */
	cr_assert_eq(trap("init", 1, 0, 1), NACRE_TRAP_OOB_TABLE);
	cr_assert_eq(trap("init", 2, 0, 1), NACRE_TRAP_OOB_TABLE);
	cr_assert_eq(run("init", 2, 5, 0), 0);
}

/* call_indirect through an imported table. */
static const NacreImportDesc user_imports[] = { FX_IMPORT("tab", "t", NACRE_EXTERN_TABLE, 0) };
static const NacreLimitsDesc user_table = { 1, 0, 0, NACRE_FUNCREF, 0, 0, { 0 }, 0, 0 };
static const uint32_t user_types[] = { FX_I_I };
static void *const user_code[] = { (void *)fx_call_indirect_i_v };
static const NacreExportDesc user_exports[] = { { FX_NAME("call"), NACRE_EXTERN_FUNC, 0 } };
static const NacreModuleDesc user_desc = {
	FX_DESC,
	.nimports = 1, .imports = user_imports,
	.nfuncs = 1, .func_types = user_types, .func_code = user_code,
	.ntables = 1, .nimported_tables = 1, .tables = &user_table,
	.nexports = 1, .exports = user_exports,
};

Test(table, shared_table_grows_for_all)
{
	NacreModule *um = fx_module(&user_desc);
	NacreExtern t = fx_export(inst, "t");
	NacreInstance *u = fx_instance(store, um, &t, 1);
	NacreFuncRef *ucall = fx_func(u, "call");
	cr_assert_eq(fx_call_i(store, ucall, 0, 0), 42); /* the other instance's function */
	NacreError err;
	cr_assert_eq(fx_call_trap(store, ucall, 3, 0, &err), NACRE_TRAP_UNDEFINED_ELEMENT);
	cr_assert_eq(run("grow", 2, 0, 0), 2);
	cr_assert_eq(fx_call_i(store, ucall, 3, 0), 42);
	nacre_module_close(um);
}

Test(table, standalone_table_limits)
{
	NacreTable *t = (NacreTable *)1;
	NacreError err;
	cr_assert_eq(nacre_table_new(store, NACRE_I32, 0, 0, false, &t, &err), NACRE_ERROR);
	cr_assert_null(t);
	cr_assert_eq(nacre_table_new(store, NACRE_FUNCREF, 2, 1, true, &t, &err), NACRE_ERROR);
	cr_assert_eq(nacre_table_new(store, NACRE_FUNCREF, 10000001, 0, false, &t, &err), NACRE_ERROR);
	cr_assert_eq(nacre_table_new(store, NACRE_EXTERNREF, 3, 5, true, &t, &err), NACRE_OK);
	cr_assert_eq(t->data.size, 3);
	cr_assert_eq(t->data.max, 5);
	cr_assert_null(rt_table_get(t, 2));
}
