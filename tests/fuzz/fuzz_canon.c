/* tests/fuzz/fuzz_canon.c: libFuzzer target for the canonical ABI
 * (runtime-lib/canon/): the descriptor checker on forged bytes, then
 * lifting over random guest memory.  Input: one mode byte (bit 0: a
 * function descriptor, bits 1-2: the string encoding), a 16-bit
 * little-endian descriptor length, the descriptor, then the guest's
 * memory, whose first bytes also give the core values.  The memory is a
 * heap block of exactly that size, so a read or write outside it is
 * AddressSanitizer's to catch.  A value that lifts must lower again into
 * a second memory and lift back.  Built only with NACRE_FUZZ.
 */
#include <stdlib.h>
#include <string.h>

#include "canon/rt_canon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { CORE = 40, OUT_MEM = 1 << 20 };

typedef struct Guest {
	uint8_t *mem;
	uint64_t size;
	uint32_t next;
} Guest;

/* A bump realloc inside the guest's memory; fails when it is full. */
static bool call(void *env, uint32_t func, const NacreValue *args, uint32_t nargs, NacreValue *results,
                 uint32_t nresults)
{
	Guest *g = env;
	if (func != 1)
		return true; /* post-return */
	if (nargs != 4 || nresults != 1)
		__builtin_trap();
	uint32_t old = (uint32_t)args[0].i32, old_size = (uint32_t)args[1].i32;
	uint32_t align = (uint32_t)args[2].i32, n = (uint32_t)args[3].i32;
	uint64_t p = ((uint64_t)g->next + align - 1) / align * align;
	if (p + n > g->size)
		return false;
	if (old && old_size)
		memmove(g->mem + p, g->mem + old, old_size < n ? old_size : n);
	g->next = (uint32_t)(p + n);
	results[0].i32 = (int32_t)p;
	return true;
}

static const RtCanonResource resources[4] = { { 0 }, { 0 }, { 0 }, { NULL, NULL, true } };

typedef struct Run {
	Guest guest;
	RtCanonOptions opts;
	RtCanonArena arena;
	RtCanonHandles handles;
	RtCanonCx cx;
} Run;

static void run_init(Run *r, uint8_t *mem, uint64_t size, uint8_t encoding)
{
	r->guest = (Guest){ mem, size, 8 };
	r->opts = (RtCanonOptions){ .encoding = encoding, .memory = mem, .memory_size = &r->guest.size,
	                            .has_realloc = true, .realloc = 1, .has_post_return = true, .post_return = 2,
	                            .call = call, .env = &r->guest };
	rt_canon_arena_init(&r->arena, 64 << 20);
	rt_canon_handles_init(&r->handles, resources, 4);
	/* a few handles for the guest to name: own and borrow of each resource */
	for (uint32_t i = 0; i < 8; i++) {
		uint32_t index;
		rt_canon_handle_add(&r->handles, i % 4, 100 + i, i < 4, NULL, &index);
	}
	rt_canon_cx_init(&r->cx, &r->opts, &r->arena, &r->handles);
}

static void run_free(Run *r)
{
	rt_canon_cx_end(&r->cx);
	rt_canon_handles_free(&r->handles);
	rt_canon_arena_reset(&r->arena);
}

/* A lifted value lowers again (into a fresh memory) and lifts back. */
static void again(const RtCanonType *t, const RtCanonVal *v, uint8_t encoding)
{
	uint8_t *mem = malloc(OUT_MEM);
	Run *r = malloc(sizeof *r);
	run_init(r, mem, OUT_MEM, encoding);
	NacreValue core[4096];
	uint32_t i = 0, j = 0;
	RtCanonVal back;
	bool ok = t->nflat <= 4096 && rt_canon_lower_flat(&r->cx, t, v, core, &i);
	if (!ok && (r->cx.error == RT_CANON_E_HOST_VALUE || r->cx.error == RT_CANON_E_BOUNDS))
		__builtin_trap(); /* what was lifted is a good value of its type */
	if (ok && (i != t->nflat || !rt_canon_lift_flat(&r->cx, t, core, &j, &back) || j != i)) {
		if (r->cx.error != RT_CANON_E_NOMEM)
			__builtin_trap();
	}
	run_free(r);
	free(r);
	free(mem);
}

static void lift_type(Run *r, const RtCanonType *t, const NacreValue *core, uint8_t encoding)
{
	RtCanonVal v;
	uint32_t i = 0;
	if (t->nflat <= CORE && rt_canon_lift_flat(&r->cx, t, core, &i, &v))
		again(t, &v, encoding);
	r->cx.error = RT_CANON_E_NONE;
	uint32_t ptr = (uint32_t)core[0].i32;
	if (rt_canon_mem_check(&r->cx, ptr, t->size, t->align))
		rt_canon_load(&r->cx, t, ptr, &v);
}

static void lift_func(Run *r, const RtCanonFunc *f, const NacreValue *core)
{
	RtCanonVal params[CORE], result;
	if (f->nparams <= CORE && rt_canon_core_params(f, true) <= CORE)
		rt_canon_lift_args(&r->cx, f, core, params);
	r->cx.error = RT_CANON_E_NONE;
	if (rt_canon_lift_results(&r->cx, f, core, &result))
		rt_canon_post_return(&r->cx, f, core);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	uint8_t mode = data[0], encoding = (uint8_t)((mode >> 1) % 3);
	size_t n = (size_t)(data[1] | data[2] << 8);
	if (n > size - 3)
		n = size - 3;
	const uint8_t *desc = data + 3, *image = desc + n;
	size_t mem_size = size - 3 - n;
	uint8_t *mem = malloc(mem_size ? mem_size : 1);
	if (mem_size)
		memcpy(mem, image, mem_size);
	NacreValue core[CORE] = { 0 };
	for (size_t k = 0; k < CORE && 8 * (k + 1) <= mem_size; k++)
		memcpy(&core[k].i64, mem + 8 * k, 8);

	Run *r = malloc(sizeof *r);
	run_init(r, mem, mem_size, encoding);
	const RtCanonType *t;
	const RtCanonFunc *f;
	if (mode & 1) {
		if (rt_canon_check_func(desc, n, &r->arena, &f))
			lift_func(r, f, core);
	} else if (rt_canon_check_type(desc, n, &r->arena, &t)) {
		if (!t->align || t->size % t->align || !t->nflat)
			__builtin_trap(); /* a checked type's layout holds together */
		lift_type(r, t, core, encoding);
	}
	run_free(r);
	free(r);
	free(mem);
	return 0;
}
