/* tests/unit/runtime/test_limits.c: a store's limits (runtime-lib/limits.c).
 * memory.grow and table.grow refused past them and allowed up to them,
 * under both bounds strategies, a limit changed after the memory was
 * made, instantiation refused for a declared minimum over one (leaving
 * nothing behind), the object counts, and the store still usable after
 * every refusal.
 */
#include "fixture.h"
#include "runtime-lib/rt.h"

static int32_t mgrow(void *vm, int32_t delta)
{
	return (int32_t)nacre_rt_memory_grow(vm, (uint32_t)delta);
}

static int32_t tgrow(void *vm, int32_t delta)
{
	return (int32_t)nacre_rt_table_grow(vm, 0, NULL, (uint32_t)delta);
}

static const uint32_t lim_types[] = { FX_I_I, FX_I_I };
static void *const lim_code[] = { (void *)mgrow, (void *)tgrow };
static const NacreExportDesc lim_exports[] = {
	{ FX_NAME("mgrow"), NACRE_EXTERN_FUNC, 0 }, { FX_NAME("tgrow"), NACRE_EXTERN_FUNC, 1 },
	{ FX_NAME("mem"), NACRE_EXTERN_MEMORY, 0 }, { FX_NAME("tab"), NACRE_EXTERN_TABLE, 0 },
};
static NacreLimitsDesc lim_mem, lim_tab;
static NacreModuleDesc lim_desc = {
	FX_DESC,
	.nfuncs = 2, .func_types = lim_types, .func_code = lim_code,
	.ntables = 1, .tables = &lim_tab,
	.nmems = 1, .mems = &lim_mem,
	.nexports = 4, .exports = lim_exports,
};

static NacreStore *store;
static NacreModule *module;

/* A module of a memory of mem_min pages and a table of tab_min elements,
 * neither with a maximum, compiled for bounds. */
static void setup_module(uint32_t bounds, uint32_t mem_min, uint32_t tab_min)
{
	lim_mem = (NacreLimitsDesc){ mem_min, 0, 0, 0, 0, 0, { 0 }, 0, 0 };
	lim_tab = (NacreLimitsDesc){ tab_min, 0, 0, NACRE_FUNCREF, 0, 0, { 0 }, 0, 0 };
	lim_desc.bounds = bounds;
	store = nacre_store_new();
	cr_assert(store);
	module = fx_module(&lim_desc);
}

static void teardown(void)
{
	nacre_store_free(store);
	nacre_module_close(module);
}

TestSuite(limits, .fini = teardown);

static void set_limits(NacreLimits l)
{
	nacre_store_set_limits(store, &l);
}

static int32_t call(NacreInstance *inst, const char *name, int32_t a)
{
	return fx_call_i(store, fx_func(inst, name), a, 0);
}

/* Instantiating expecting a refusal by a limit, with nothing left behind. */
static void refused(const char *what)
{
	NacreInstance *inst = (NacreInstance *)1;
	NacreError err;
	const NacreInstance *before = store->instances;
	const NacreMemory *mems = store->memories;
	const NacreTable *tabs = store->tables;
	cr_assert_eq(nacre_instantiate(store, module, NULL, 0, &inst, &err), NACRE_ERROR);
	cr_assert_null(inst);
	cr_assert(strncmp(err.message, "limit: ", 7) == 0, "message: %s", err.message);
	cr_assert(strstr(err.message, what), "message '%s' does not mention '%s'", err.message, what);
	cr_assert_eq(store->instances, before, "a refused instance stayed in the store");
	cr_assert_eq(store->memories, mems, "a refused instance's memory stayed in the store");
	cr_assert_eq(store->tables, tabs, "a refused instance's table stayed in the store");
}

static void memory_grows_to_the_limit(uint32_t bounds)
{
	setup_module(bounds, 1, 0);
	set_limits((NacreLimits){ .memory_pages = 4 });
	NacreInstance *inst = fx_instance(store, module, NULL, 0);
	NacreMemory *m = fx_export(inst, "mem").u.memory;
	cr_assert_eq(call(inst, "mgrow", 4), -1, "grown past the limit");
	cr_assert_eq(m->pages, 1, "a refused grow changed the size");
	cr_assert_eq(call(inst, "mgrow", 2), 1);
	cr_assert_eq(call(inst, "mgrow", 1), 3);
	cr_assert_eq(call(inst, "mgrow", 1), -1, "grown past the limit");
	cr_assert_eq(call(inst, "mgrow", 0), 4);
	cr_assert_eq(inst->vmctx.mem_size, 4 * 65536);
	uint64_t size;
	uint8_t *base = nacre_memory_data(m, &size);
	cr_assert_eq(size, 4 * 65536);
	base[size - 1] = 1; /* what the limit allows is really there */
}

Test(limits, memory_grow_stops_at_the_limit_guard)
{
	memory_grows_to_the_limit(NACRE_BOUNDS_GUARD);
}

Test(limits, memory_grow_stops_at_the_limit_explicit)
{
	memory_grows_to_the_limit(NACRE_BOUNDS_EXPLICIT);
	/* explicit bounds reserve only what the limit lets the memory reach */
	cr_assert_eq(store->memories->reserved, 4 * 65536);
}

Test(limits, memory_limit_set_after_the_memory)
{
	setup_module(NACRE_BOUNDS_GUARD, 2, 0);
	NacreInstance *inst = fx_instance(store, module, NULL, 0);
	set_limits((NacreLimits){ .memory_pages = 3 });
	cr_assert_eq(call(inst, "mgrow", 2), -1);
	cr_assert_eq(call(inst, "mgrow", 1), 2);
	set_limits((NacreLimits){ .memory_pages = 1 }); /* now below the size: no growth, nothing lost */
	cr_assert_eq(call(inst, "mgrow", 1), -1);
	cr_assert_eq(call(inst, "mgrow", 0), 3);
	nacre_store_set_limits(store, NULL);
	cr_assert_eq(call(inst, "mgrow", 5), 3);
}

Test(limits, table_grow_stops_at_the_limit)
{
	setup_module(NACRE_BOUNDS_GUARD, 0, 2);
	set_limits((NacreLimits){ .table_elements = 5 });
	NacreInstance *inst = fx_instance(store, module, NULL, 0);
	NacreTableData *t = &fx_export(inst, "tab").u.table->data;
	cr_assert_eq(call(inst, "tgrow", 4), -1, "grown past the limit");
	cr_assert_eq(t->size, 2);
	cr_assert_eq(call(inst, "tgrow", 3), 2);
	cr_assert_eq(call(inst, "tgrow", 1), -1, "grown past the limit");
	cr_assert_eq(call(inst, "tgrow", 0), 5);
	cr_assert_eq(t->size, 5);
	set_limits((NacreLimits){ .table_elements = 4 }); /* now below the size: no growth, nothing lost */
	cr_assert_eq(call(inst, "tgrow", 1), -1);
	cr_assert_eq(call(inst, "tgrow", 0), 5);
	nacre_store_set_limits(store, NULL);
	cr_assert_eq(call(inst, "tgrow", 1), 5);
}

Test(limits, instantiation_refused_for_a_memory_minimum)
{
	setup_module(NACRE_BOUNDS_GUARD, 3, 0);
	set_limits((NacreLimits){ .memory_pages = 2 });
	refused("3 pages");
	set_limits((NacreLimits){ .memory_pages = 3 }); /* the store is still usable */
	NacreInstance *inst = fx_instance(store, module, NULL, 0);
	cr_assert_eq(call(inst, "mgrow", 1), -1);
}

Test(limits, instantiation_refused_for_a_table_minimum)
{
	setup_module(NACRE_BOUNDS_EXPLICIT, 0, 10);
	set_limits((NacreLimits){ .table_elements = 9 });
	refused("10 elements");
	set_limits((NacreLimits){ .table_elements = 10 });
	NacreInstance *inst = fx_instance(store, module, NULL, 0);
	cr_assert_eq(call(inst, "tgrow", 1), -1);
}

Test(limits, instance_count)
{
	setup_module(NACRE_BOUNDS_GUARD, 1, 1);
	set_limits((NacreLimits){ .instances = 2 });
	NacreInstance *a = fx_instance(store, module, NULL, 0);
	fx_instance(store, module, NULL, 0);
	refused("2 instances");
	cr_assert_eq(call(a, "mgrow", 1), 1, "the store's instances stopped working");
	set_limits((NacreLimits){ .instances = 3 });
	fx_instance(store, module, NULL, 0);
}

Test(limits, memory_and_table_counts_include_standalone_ones)
{
	setup_module(NACRE_BOUNDS_GUARD, 1, 1);
	set_limits((NacreLimits){ .memories = 2, .tables = 2 });
	NacreMemory *m;
	NacreTable *t;
	NacreError err;
	cr_assert_eq(nacre_memory_new(store, 1, 1, true, &m, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(nacre_table_new(store, NACRE_FUNCREF, 1, 1, true, &t, &err), NACRE_OK, "%s", err.message);
	fx_instance(store, module, NULL, 0);
	cr_assert_eq(nacre_memory_new(store, 1, 1, true, &m, &err), NACRE_ERROR);
	cr_assert_null(m);
	cr_assert(strncmp(err.message, "limit: ", 7) == 0, "message: %s", err.message);
	cr_assert_eq(nacre_table_new(store, NACRE_FUNCREF, 1, 1, true, &t, &err), NACRE_ERROR);
	cr_assert_null(t);
	cr_assert(strstr(err.message, "2 tables"), "message: %s", err.message);
	refused("2 memories");
}

Test(limits, standalone_sizes)
{
	setup_module(NACRE_BOUNDS_GUARD, 0, 0);
	set_limits((NacreLimits){ .memory_pages = 2, .table_elements = 3 });
	NacreMemory *m;
	NacreTable *t;
	NacreError err;
	cr_assert_eq(nacre_memory_new(store, 3, 0, false, &m, &err), NACRE_ERROR);
	cr_assert(strncmp(err.message, "limit: ", 7) == 0, "message: %s", err.message);
	cr_assert_eq(nacre_table_new(store, NACRE_EXTERNREF, 4, 0, false, &t, &err), NACRE_ERROR);
	cr_assert(strncmp(err.message, "limit: ", 7) == 0, "message: %s", err.message);
	cr_assert_eq(nacre_memory_new(store, 2, 0, false, &m, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(nacre_table_new(store, NACRE_EXTERNREF, 3, 0, false, &t, &err), NACRE_OK, "%s", err.message);
}

static void nothing(void *env, NacreValue *v)
{
	(void)env, (void)v;
}

Test(limits, host_function_count)
{
	setup_module(NACRE_BOUNDS_GUARD, 0, 0);
	set_limits((NacreLimits){ .host_funcs = 2 });
	static int env;
	void (*cb)(void *, NacreValue *) = nothing;
	cr_assert(nacre_host_func_new(store, &fx_type_v_v, cb, &env));
	cr_assert(nacre_host_func_new(store, &fx_type_v_v, cb, &env));
	cr_assert_null(nacre_host_func_new(store, &fx_type_v_v, cb, &env));
	NacreFuncRef *f;
	NacreError err = { 0 };
	cr_assert_eq(nacre_host_func_create(store, &fx_type_v_v, cb, &env, &f, &err), NACRE_ERROR);
	cr_assert(strstr(err.message, "limit: the store may hold 2 host functions"), "%s", err.message);
	set_limits((NacreLimits){ 0 });
	cr_assert(nacre_host_func_new(store, &fx_type_v_v, cb, &env));
}

Test(limits, no_limits_by_default)
{
	setup_module(NACRE_BOUNDS_EXPLICIT, 1, 1);
	NacreInstance *inst = fx_instance(store, module, NULL, 0);
	cr_assert_eq(call(inst, "mgrow", 64), 1);
	cr_assert_eq(call(inst, "tgrow", 1000), 1);
	for (int i = 0; i < 4; i++)
		fx_instance(store, module, NULL, 0);
}
