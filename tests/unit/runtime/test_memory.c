/* tests/unit/runtime/test_memory.c: linear memories (runtime-lib/memory.c).
 * Reservation and growth under both bounds strategies, the maximum and
 * the 65536-page limit, contents kept across growth, the size seen through
 * every vmctx sharing a memory, and the bulk-memory entries' bounds.
 */
#include "fixture.h"
#include "runtime-lib/rt.h"

static int32_t size(void *vmv)
{
	NacreVmctx *vm = vmv;
	return (int32_t)(vm->mem_size / 65536);
}

static int32_t grow(void *vm, int32_t delta)
{
	return (int32_t)nacre_rt_memory_grow(vm, (uint32_t)delta);
}

static int32_t fill(void *vm, int32_t dst, int32_t val, int32_t n)
{
	nacre_rt_memory_fill(vm, (uint32_t)dst, (uint32_t)val, (uint32_t)n);
	return 0;
}

static int32_t copy(void *vm, int32_t dst, int32_t src, int32_t n)
{
	nacre_rt_memory_copy(vm, (uint32_t)dst, (uint32_t)src, (uint32_t)n);
	return 0;
}

static int32_t init0(void *vm, int32_t dst, int32_t src, int32_t n)
{
	nacre_rt_memory_init(vm, 0, (uint32_t)dst, (uint32_t)src, (uint32_t)n);
	return 0;
}

static int32_t init1(void *vm, int32_t dst, int32_t src, int32_t n)
{
	nacre_rt_memory_init(vm, 1, (uint32_t)dst, (uint32_t)src, (uint32_t)n);
	return 0;
}

static int32_t drop0(void *vm, int32_t unused)
{
	(void)unused;
	nacre_rt_data_drop(vm, 0);
	return 0;
}

/* An access compiled without a check, as under the guard strategy. */
static int32_t load8(void *vmv, int32_t addr)
{
	NacreVmctx *vm = vmv;
	return *(volatile uint8_t *)(vm->mem_base + (uint32_t)addr);
}

static const uint32_t mem_types[] = { FX_I_V, FX_I_I, FX_I_III, FX_I_III, FX_I_III, FX_I_III, FX_I_I, FX_I_I };
static void *const mem_code[] = { (void *)size,  (void *)grow,  (void *)fill,  (void *)copy,
                                  (void *)init0, (void *)init1, (void *)drop0, (void *)load8 };
static const NacreExportDesc mem_exports[] = {
	{ FX_NAME("size"), NACRE_EXTERN_FUNC, 0 },  { FX_NAME("grow"), NACRE_EXTERN_FUNC, 1 },
	{ FX_NAME("fill"), NACRE_EXTERN_FUNC, 2 },  { FX_NAME("copy"), NACRE_EXTERN_FUNC, 3 },
	{ FX_NAME("init0"), NACRE_EXTERN_FUNC, 4 }, { FX_NAME("init1"), NACRE_EXTERN_FUNC, 5 },
	{ FX_NAME("drop0"), NACRE_EXTERN_FUNC, 6 }, { FX_NAME("load8"), NACRE_EXTERN_FUNC, 7 },
	{ FX_NAME("mem"), NACRE_EXTERN_MEMORY, 0 },
};
static const NacreDataDesc mem_datas[] = {
	{ NACRE_SEG_PASSIVE, 0, 6, 0, { 0 }, (const uint8_t *)"abcdef" },
	{ NACRE_SEG_ACTIVE, 0, 3, 0, { NACRE_CONST_VALUE, 0, { .i32 = 100 }, NULL }, (const uint8_t *)"xyz" },
};

static NacreLimitsDesc limits;
static NacreModuleDesc desc = {
	FX_DESC,
	.nfuncs = 8, .func_types = mem_types, .func_code = mem_code,
	.nmems = 1, .mems = &limits,
	.nexports = 9, .exports = mem_exports,
	.ndatas = 2, .datas = mem_datas,
};

/* The same functions over an imported memory. */
static const NacreImportDesc user_imports[] = { FX_IMPORT("m", "mem", NACRE_EXTERN_MEMORY, 0) };
static const NacreLimitsDesc user_mem = { 0, 0, 0, 0, 0, 0, { 0 }, 0, 0 };
static NacreModuleDesc user_desc = {
	FX_DESC,
	.nimports = 1, .imports = user_imports,
	.nfuncs = 8, .func_types = mem_types, .func_code = mem_code,
	.nmems = 1, .nimported_mems = 1, .mems = &user_mem,
	.nexports = 9, .exports = mem_exports,
};

static NacreStore *store;
static NacreModule *module;
static NacreInstance *inst;

static void start(uint32_t bounds, uint32_t min, uint32_t max, bool has_max)
{
	limits = (NacreLimitsDesc){ min, max, has_max, 0, 0, 0, { 0 }, 0, 0 };
	desc.bounds = bounds;
	store = nacre_store_new();
	cr_assert(store);
	module = fx_module(&desc);
	inst = fx_instance(store, module, NULL, 0);
}

static void teardown(void)
{
	nacre_store_free(store);
	nacre_module_close(module);
}

TestSuite(memory, .fini = teardown);

static NacreMemory *memory(void)
{
	return fx_export(inst, "mem").u.memory;
}

static int32_t call(const char *name, int32_t a)
{
	return fx_call_i(store, fx_func(inst, name), a, 0);
}

/* Growth as the spec has it: old size back, -1 past the maximum, bytes
 * kept, and the size visible to the code through its vmctx. */
static void check_growth(void)
{
	uint8_t *base = nacre_memory_data(memory(), NULL);
	base[65535] = 0x5a;
	cr_assert_eq(call("grow", 1), 1);
	cr_assert_eq(nacre_memory_data(memory(), NULL), base, "the base moved");
	cr_assert_eq(call("size", 0), 2);
	cr_assert_eq(call("load8", 65535), 0x5a);
	cr_assert_eq(call("load8", 2 * 65536 - 1), 0);
	cr_assert_eq(call("grow", 2), -1);
	cr_assert_eq(call("size", 0), 2);
	cr_assert_eq(call("grow", 1), 2);
	cr_assert_eq(call("grow", 0), 3);
	cr_assert_eq(call("grow", 1), -1);
	uint64_t bytes;
	nacre_memory_data(memory(), &bytes);
	cr_assert_eq(bytes, 3 * 65536);
}

Test(memory, guard_reservation_covers_every_effective_address)
{
	start(NACRE_BOUNDS_GUARD, 1, 3, true);
	/* i32 index + u32 offset, then an access of up to 16 bytes (v128) */
	size_t highest_end = (size_t)UINT32_MAX + UINT32_MAX + 16;
	cr_assert_geq(memory()->reserved, highest_end);
	check_growth();
}

Test(memory, explicit_reserves_its_maximum_and_grows)
{
	start(NACRE_BOUNDS_EXPLICIT, 1, 3, true);
	cr_assert_eq(memory()->reserved, 3 * 65536);
	check_growth();
}

Test(memory, beyond_size_faults_in_both_strategies)
{
	NacreError err;
	start(NACRE_BOUNDS_EXPLICIT, 1, 3, true);
	cr_assert_eq(fx_call_trap(store, fx_func(inst, "load8"), 65536, 0, &err), NACRE_TRAP_OOB_MEMORY);
}

/* 4 GiB less a page: NACRE_MEMORY_PAGES_MAX, which backend/nowrap.c
 * relies on. */
Test(memory, unbounded_grows_to_one_page_short_of_4gib_and_no_further)
{
	start(NACRE_BOUNDS_EXPLICIT, 1, 0, false);
	cr_assert_eq(memory()->reserved, ((size_t)4 << 30) - 65536);
	cr_assert_eq(call("grow", 65535), -1);
	cr_assert_eq(call("grow", 65534), 1);
	cr_assert_eq(call("size", 0), 65535);
	cr_assert_eq(call("grow", 1), -1);
	cr_assert_eq(call("load8", 65535u * 65536 - 1), 0);
}

Test(memory, empty_memory_has_a_base)
{
	desc.ndatas = 1; /* the active segment would not fit */
	start(NACRE_BOUNDS_EXPLICIT, 0, 0, true);
	uint64_t bytes = 1;
	cr_assert_not_null(nacre_memory_data(memory(), &bytes));
	cr_assert_eq(bytes, 0);
	cr_assert_eq(call("grow", 1), -1);
	cr_assert_eq(call("grow", 0), 0);
}

Test(memory, grow_reaches_every_sharer)
{
	start(NACRE_BOUNDS_GUARD, 1, 3, true);
	NacreModule *um = fx_module(&user_desc);
	NacreExtern ex = fx_export(inst, "mem");
	NacreInstance *u1 = fx_instance(store, um, &ex, 1), *u2 = fx_instance(store, um, &ex, 1);
	cr_assert_eq(fx_call_i(store, fx_func(u1, "grow"), 1, 0), 1);
	cr_assert_eq(call("size", 0), 2);
	cr_assert_eq(fx_call_i(store, fx_func(u2, "size"), 0, 0), 2);
	cr_assert_eq(call("grow", 1), 2);
	cr_assert_eq(fx_call_i(store, fx_func(u1, "size"), 0, 0), 3);
	cr_assert_eq(fx_call_i(store, fx_func(u2, "size"), 0, 0), 3);
	nacre_module_close(um);
}

Test(memory, standalone_memory_is_guarded_and_importable)
{
	start(NACRE_BOUNDS_GUARD, 1, 3, true);
	NacreMemory *m;
	NacreError err;
	cr_assert_eq(nacre_memory_new(store, 1, 2, true, &m, &err), NACRE_OK);
	cr_assert(m->guarded);
	NacreModule *um = fx_module(&user_desc);
	NacreExtern ex = { NACRE_EXTERN_MEMORY, { .memory = m } };
	NacreInstance *u = fx_instance(store, um, &ex, 1);
	cr_assert_eq(fx_call_i(store, fx_func(u, "grow"), 1, 0), 1);
	cr_assert_eq(fx_call_i(store, fx_func(u, "grow"), 1, 0), -1);
	uint64_t bytes;
	nacre_memory_data(m, &bytes);
	cr_assert_eq(bytes, 2 * 65536);
	nacre_module_close(um);
}

Test(memory, bad_limits_refused)
{
	start(NACRE_BOUNDS_GUARD, 1, 3, true);
	NacreMemory *m = (NacreMemory *)1;
	NacreError err;
	cr_assert_eq(nacre_memory_new(store, 2, 1, true, &m, &err), NACRE_ERROR);
	cr_assert_null(m);
	cr_assert_eq(nacre_memory_new(store, 65537, 0, false, &m, &err), NACRE_ERROR);
	cr_assert_eq(nacre_memory_new(store, 0, 65537, true, &m, &err), NACRE_ERROR);
	cr_assert_str_eq(err.message, "memory size must be at most 65536 pages (4GiB)");
	/* valid Wasm, but more than nacre's memories hold */
	cr_assert_eq(nacre_memory_new(store, 65536, 0, false, &m, &err), NACRE_ERROR);
	cr_assert_str_eq(err.message, "a memory of 65536 pages is larger than nacre's memories may be "
	                 "(65535 pages: 4 GiB less one page)");
	cr_assert_eq(nacre_memory_new(store, 0, 65536, true, &m, &err), NACRE_OK);
}

/* memory64: limits past 65536 pages may be declared, nacre makes at most
 * NACRE_MEMORY_PAGES_MAX, and an i64 memory links only to an i64 import
 * (user_desc's is i32). */
Test(memory, memory64_limits_and_address_type)
{
	start(NACRE_BOUNDS_GUARD, 1, 3, true);
	NacreMemory *m = NULL;
	NacreError err;
	cr_assert_eq(nacre_memory_new64(store, 1, UINT64_C(1) << 40, true, &m, &err), NACRE_OK, "%s", err.message);
	cr_assert(m->addr64);
	cr_assert_eq(nacre_memory_new64(store, 2, 1, true, &m, &err), NACRE_ERROR);
	cr_assert_eq(nacre_memory_new64(store, UINT64_C(1) << 20, 0, false, &m, &err), NACRE_ERROR);
	cr_assert(strstr(err.message, "larger than nacre's memories may be"), "%s", err.message);
	cr_assert_eq(nacre_memory_new64(store, 1, 0, false, &m, &err), NACRE_OK);
	NacreModule *um = fx_module(&user_desc);
	NacreExtern ex = { NACRE_EXTERN_MEMORY, { .memory = m } };
	NacreInstance *u = NULL;
	cr_assert_eq(nacre_instantiate(store, um, &ex, 1, &u, &err), NACRE_UNLINKABLE);
	cr_assert(strstr(err.message, "address type"), "%s", err.message);
	nacre_module_close(um);
}

static const uint8_t *bytes_at(uint32_t at)
{
	return nacre_memory_data(memory(), NULL) + at;
}

Test(memory, fill_checks_the_whole_range_first)
{
	NacreError err;
	start(NACRE_BOUNDS_GUARD, 1, 3, true);
	NacreFuncRef *f = fx_func(inst, "fill");
	cr_assert_eq(fx_call3(store, f, 10, 0x1ab, 3), 0);
	cr_assert_eq(memcmp(bytes_at(9), "\0\xab\xab\xab\0", 5), 0);
	cr_assert_eq(fx_trap3(store, f, 65530, 7, 10, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(*bytes_at(65530), 0, "a partial fill was written");
	cr_assert_eq(fx_call3(store, f, 65536, 7, 0), 0);
	cr_assert_eq(fx_trap3(store, f, 65537, 7, 0, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(fx_trap3(store, f, -1, 7, 2, &err), NACRE_TRAP_OOB_MEMORY);
}

Test(memory, copy_overlaps_and_checks_both_ranges)
{
	NacreError err;
	start(NACRE_BOUNDS_GUARD, 1, 3, true);
	NacreFuncRef *c = fx_func(inst, "copy");
	cr_assert_eq(memcmp(bytes_at(100), "xyz", 3), 0); /* the active segment */
	cr_assert_eq(fx_call3(store, c, 101, 100, 3), 0);
	cr_assert_eq(memcmp(bytes_at(100), "xxyz", 4), 0);
	cr_assert_eq(fx_call3(store, c, 100, 101, 3), 0);
	cr_assert_eq(memcmp(bytes_at(100), "xyzz", 4), 0);
	cr_assert_eq(fx_trap3(store, c, 65534, 100, 3, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(fx_trap3(store, c, 0, 65534, 3, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(*bytes_at(0), 0);
	cr_assert_eq(fx_call3(store, c, 65536, 65536, 0), 0);
}

Test(memory, init_and_drop_follow_the_segment)
{
	NacreError err;
	start(NACRE_BOUNDS_GUARD, 1, 3, true);
	NacreFuncRef *i0 = fx_func(inst, "init0"), *i1 = fx_func(inst, "init1");
	cr_assert_eq(fx_call3(store, i0, 200, 2, 3), 0);
	cr_assert_eq(memcmp(bytes_at(200), "cde", 3), 0);
	cr_assert_eq(fx_trap3(store, i0, 300, 4, 3, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(fx_trap3(store, i0, 65535, 0, 2, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(*bytes_at(300) | *bytes_at(65535), 0);
	cr_assert_eq(fx_call3(store, i0, 65536, 6, 0), 0);
	cr_assert_eq(fx_trap3(store, i0, 0, 7, 0, &err), NACRE_TRAP_OOB_MEMORY);
	/* Active segments are dropped by instantiation; drop0 drops the passive one. */
	cr_assert_eq(fx_trap3(store, i1, 0, 0, 1, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(fx_call3(store, i1, 0, 0, 0), 0);
	cr_assert_eq(call("drop0", 0), 0);
	cr_assert_eq(call("drop0", 0), 0);
	cr_assert_eq(fx_trap3(store, i0, 0, 0, 1, &err), NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(fx_call3(store, i0, 0, 0, 0), 0);
}
