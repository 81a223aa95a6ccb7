/* tests/unit/runtime/fixture_module.c: a module the way nacre emits one
 * with --emit=so, written by hand: a descriptor named nacre_module, entry
 * trampolines, and functions that call the runtime's entries by name
 * (left undefined here, resolved against the program that opens us).
 */
#include "nacre/abi.h"

static int32_t grow(void *vmv, int32_t delta)
{
	NacreVmctx *vm = vmv;
	if (nacre_rt_memory_grow(vm, (uint32_t)delta) == UINT32_MAX)
		return -1;
	return (int32_t)(vm->mem_size / 65536);
}

static int32_t peek(void *vmv, int32_t addr)
{
	NacreVmctx *vm = vmv;
	return *(volatile uint8_t *)(vm->mem_base + (uint32_t)addr);
}

static void fail(void *vm)
{
	nacre_rt_trap(vm, NACRE_TRAP_UNREACHABLE);
}

static void entry_i_i(void *vm, void *fn, NacreValue *v)
{
	v[0].i32 = ((int32_t (*)(void *, int32_t))fn)(vm, v[0].i32);
}

static void entry_v_v(void *vm, void *fn, NacreValue *v)
{
	(void)v;
	((void (*)(void *))fn)(vm);
}

static const uint8_t i32x2[] = { NACRE_I32, NACRE_I32 };
static const NacreTypeDesc types[] = { { 1, 1, i32x2, NULL }, { 0, 0, 0, NULL } };
static const NacreEntry entries[] = { entry_i_i, entry_v_v };
static void *const adapters[] = { 0, 0 };
static const uint32_t func_types[] = { 0, 0, 1 };
static void *const func_code[] = { (void *)grow, (void *)peek, (void *)fail };
static const char *const func_names[] = { "grow", "peek", "fail" };
static const NacreLimitsDesc mem = { 1, 4, 1, 0, 0, 0, { 0 }, 0, 0 };
static const NacreExportDesc exports[] = {
	{ "grow", 4, NACRE_EXTERN_FUNC, 0 },
	{ "peek", 4, NACRE_EXTERN_FUNC, 1 },
	{ "fail", 4, NACRE_EXTERN_FUNC, 2 },
	{ "memory", 6, NACRE_EXTERN_MEMORY, 0 },
};
static const uint8_t hello[] = "hello";
static const NacreDataDesc datas[] = {
	{ NACRE_SEG_ACTIVE, 0, 5, 0, { NACRE_CONST_VALUE, 0, { .i32 = 16 }, NULL }, hello },
};

const NacreModuleDesc nacre_module = {
	.abi_version = NACRE_ABI_VERSION,
	.bounds = NACRE_BOUNDS_GUARD,
	.ntypes = 2, .types = types, .entries = entries, .host_adapters = adapters,
	.nfuncs = 3, .func_types = func_types, .func_code = func_code, .func_names = func_names,
	.nmems = 1, .mems = &mem,
	.nexports = 4, .exports = exports,
	.ndatas = 1, .datas = datas,
};

/* The .note.nacre nacre gives every object (nacre/note.h), naming the
 * target nacre_module_open checks; only its target record matters here. */
__asm__(".pushsection .note.nacre, \"a\", %note\n"
        ".balign 4\n"
        ".long 6, 2f - 1f, 1\n"
        ".asciz \"nacre\"\n"
        ".balign 4\n"
        "1: .asciz \"target\"\n"
        ".asciz \"" NACRE_FIXTURE_TARGET "\"\n"
        "2: .balign 4\n"
        ".popsection\n");
