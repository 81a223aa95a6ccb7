/* tests/unit/runtime/canon_fixture.h: what the canonical ABI's tests
 * share: a fake guest (a 64 KiB memory and a bump realloc that honours
 * alignment and copies on growth, as a guest's cabi_realloc does, with
 * switches to misbehave), descriptor parsing that must succeed, and a
 * deep comparison of host values by type.
 */
#ifndef NACRE_TEST_CANON_FIXTURE_H
#define NACRE_TEST_CANON_FIXTURE_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "runtime-lib/canon/rt_canon.h"

#define V NACRE_CANON_VERSION

enum { FAKE_MEM = 1 << 16, FAKE_REALLOC = 7, FAKE_POST_RETURN = 8 };

typedef struct Fake {
	uint8_t mem[FAKE_MEM];
	uint64_t size;               /* what the guest's memory size reads */
	uint32_t next;               /* the bump pointer */
	uint32_t reallocs, post_returns;
	uint32_t bad_ptr;            /* nonzero: realloc returns this */
	bool trap;                   /* realloc "traps" */
	RtCanonOptions opts;
	RtCanonArena arena;
	RtCanonCx cx;
} Fake;

static inline bool fake_call(void *env, uint32_t func, const NacreValue *args, uint32_t nargs, NacreValue *results,
                             uint32_t nresults)
{
	Fake *f = env;
	if (func == FAKE_POST_RETURN) {
		f->post_returns++;
		return true;
	}
	cr_assert_eq(func, FAKE_REALLOC);
	cr_assert_eq(nargs, 4);
	cr_assert_eq(nresults, 1);
	f->reallocs++;
	if (f->trap)
		return false;
	uint32_t old = (uint32_t)args[0].i32, old_size = (uint32_t)args[1].i32;
	uint32_t align = (uint32_t)args[2].i32, size = (uint32_t)args[3].i32;
	cr_assert(align == 1 || align == 2 || align == 4 || align == 8, "realloc alignment %u", align);
	uint32_t p = (f->next + align - 1) / align * align;
	cr_assert_leq((uint64_t)p + size, FAKE_MEM, "fake memory exhausted");
	if (old)
		memmove(f->mem + p, f->mem + old, old_size < size ? old_size : size);
	f->next = p + size;
	results[0].i32 = (int32_t)(f->bad_ptr ? f->bad_ptr : p);
	return true;
}

/* A fresh fake guest with the given string encoding; the handle table is
 * the caller's (or none). */
static inline void fake_init(Fake *f, uint8_t encoding, RtCanonHandles *handles)
{
	memset(f->mem, 0, sizeof f->mem);
	f->size = FAKE_MEM;
	f->next = 16;
	f->reallocs = f->post_returns = 0;
	f->bad_ptr = 0;
	f->trap = false;
	f->opts = (RtCanonOptions){ .encoding = encoding, .memory = f->mem, .memory_size = &f->size,
	                            .has_realloc = true, .realloc = FAKE_REALLOC, .has_post_return = true,
	                            .post_return = FAKE_POST_RETURN, .call = fake_call, .env = f };
	rt_canon_arena_init(&f->arena, 0);
	rt_canon_cx_init(&f->cx, &f->opts, &f->arena, handles);
}

static inline void fake_fini(Fake *f)
{
	rt_canon_arena_reset(&f->arena);
}

/* The type a descriptor describes (it must check). */
static inline const RtCanonType *type_of(Fake *f, const uint8_t *d, size_t n)
{
	const RtCanonType *t = NULL;
	cr_assert(rt_canon_check_type(d, n, &f->arena, &t), "descriptor refused");
	return t;
}
#define TYPE(f, ...) type_of((f), (const uint8_t[]){ V, __VA_ARGS__ }, sizeof((const uint8_t[]){ V, __VA_ARGS__ }))

static inline const RtCanonFunc *func_of(Fake *f, const uint8_t *d, size_t n)
{
	const RtCanonFunc *fn = NULL;
	cr_assert(rt_canon_check_func(d, n, &f->arena, &fn), "function descriptor refused");
	return fn;
}
#define FUNC(f, ...) func_of((f), (const uint8_t[]){ V, NACRE_CANON_FUNC, __VA_ARGS__ }, \
                             sizeof((const uint8_t[]){ V, NACRE_CANON_FUNC, __VA_ARGS__ }))

/* Whether a and b are the same value of t (floats by bits). */
static inline bool canon_equal(const RtCanonType *t, const RtCanonVal *a, const RtCanonVal *b)
{
	switch (t->kind) {
	case NACRE_CANON_STRING:
		return a->str.len == b->str.len && !memcmp(a->str.ptr, b->str.ptr, a->str.len);
	case NACRE_CANON_LIST:
		if (a->list.n != b->list.n)
			return false;
		if (rt_canon_is_bytes(t->elems[0]))
			return !a->list.n || !memcmp(a->list.items, b->list.items, a->list.n);
		for (uint32_t i = 0; i < a->list.n; i++)
			if (!canon_equal(t->elems[0], (RtCanonVal *)a->list.items + i, (RtCanonVal *)b->list.items + i))
				return false;
		return true;
	case NACRE_CANON_RECORD:
		for (uint32_t i = 0; i < t->n; i++)
			if (!canon_equal(t->elems[i], &a->fields[i], &b->fields[i]))
				return false;
		return true;
	case NACRE_CANON_VARIANT:
		if (a->var.index != b->var.index)
			return false;
		return !t->elems[a->var.index] || canon_equal(t->elems[a->var.index], a->var.payload, b->var.payload);
	case NACRE_CANON_F32: return !memcmp(&a->f32, &b->f32, 4);
	case NACRE_CANON_S8: case NACRE_CANON_S16: case NACRE_CANON_S32: case NACRE_CANON_S64:
		return a->s == b->s;
	default: return a->u == b->u;
	}
}

#endif
