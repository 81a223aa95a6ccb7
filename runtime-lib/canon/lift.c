/* runtime-lib/canon/lift.c: lifting, from the guest to host values:
 * load (a value in guest memory) and lift_flat (a value from core
 * values), as CanonicalABI.md's "Loading" and "Flat Lifting" define
 * them.  Every failure is a guest fault: the caller traps.
 */
#include <string.h>

#include "rt_canon.h"

enum { MAX_LIST_BYTES = (1 << 28) - 1 };

static uint64_t load_int(const RtCanonCx *cx, uint32_t ptr, unsigned bytes)
{
	const uint8_t *p = rt_canon_mem_at(cx, ptr);
	uint64_t v = 0;
	for (unsigned i = bytes; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static int64_t sign(uint64_t v, unsigned bits)
{
	uint64_t m = (uint64_t)1 << (bits - 1);
	v &= bits == 64 ? ~(uint64_t)0 : (m << 1) - 1;
	return (int64_t)((v ^ m) - m);
}

/* A scalar from its integer bits (bool .. char, flags, handles). */
static bool scalar(RtCanonCx *cx, const RtCanonType *t, uint64_t bits, RtCanonVal *out)
{
	switch (t->kind) {
	case NACRE_CANON_BOOL: out->u = bits != 0; return true;
	case NACRE_CANON_S8: out->s = sign(bits, 8); return true;
	case NACRE_CANON_S16: out->s = sign(bits, 16); return true;
	case NACRE_CANON_S32: out->s = sign(bits, 32); return true;
	case NACRE_CANON_S64: out->s = (int64_t)bits; return true;
	case NACRE_CANON_U8: out->u = bits & 0xff; return true;
	case NACRE_CANON_U16: out->u = bits & 0xffff; return true;
	case NACRE_CANON_U32: out->u = bits & 0xffffffff; return true;
	case NACRE_CANON_U64: out->u = bits; return true;
	case NACRE_CANON_F32: out->u = 0; memcpy(&out->f32, &(uint32_t){ (uint32_t)bits }, 4); return true;
	case NACRE_CANON_F64: memcpy(&out->f64, &bits, 8); return true;
	case NACRE_CANON_CHAR:
		out->u = (uint32_t)bits;
		if (out->u >= 0x110000 || (out->u >= 0xd800 && out->u <= 0xdfff))
			return rt_canon_fail(cx, RT_CANON_E_CHAR);
		return true;
	case NACRE_CANON_FLAGS:
		/* unpack_flags_from_int: bits past the labels are ignored */
		out->u = t->n == 32 ? (uint32_t)bits : bits & ((1u << t->n) - 1);
		return true;
	default: { /* own, borrow */
		uint32_t rep;
		if (!rt_canon_lift_handle(cx, t, (uint32_t)bits, &rep))
			return false;
		out->u = rep;
		return true;
	}
	}
}

static RtCanonVal *vals(RtCanonCx *cx, uint64_t n)
{
	RtCanonVal *v = rt_canon_arena_alloc(cx->arena, n * sizeof *v);
	if (!v)
		rt_canon_fail(cx, RT_CANON_E_NOMEM);
	return v;
}

/* load_list_from_range. */
static bool list(RtCanonCx *cx, const RtCanonType *t, uint32_t ptr, uint32_t n, RtCanonVal *out)
{
	const RtCanonType *e = t->elems[0];
	uint64_t bytes = (uint64_t)n * e->size;
	if (bytes > MAX_LIST_BYTES)
		return rt_canon_fail(cx, RT_CANON_E_LENGTH);
	if (!rt_canon_mem_check(cx, ptr, bytes, e->align))
		return false;
	out->list.n = n;
	if (rt_canon_is_bytes(e)) {
		uint8_t *b = rt_canon_arena_alloc(cx->arena, n);
		if (!b)
			return rt_canon_fail(cx, RT_CANON_E_NOMEM);
		if (n)
			memcpy(b, rt_canon_mem_at(cx, ptr), n);
		out->list.items = b;
		return true;
	}
	RtCanonVal *items = vals(cx, n);
	if (!items)
		return false;
	out->list.items = items;
	for (uint32_t i = 0; i < n; i++)
		if (!rt_canon_load(cx, e, ptr + i * e->size, &items[i]))
			return false;
	return true;
}

static bool record(RtCanonCx *cx, const RtCanonType *t, uint32_t ptr, RtCanonVal *out)
{
	RtCanonVal *f = vals(cx, t->n);
	if (!f)
		return false;
	out->fields = f;
	uint32_t at = ptr;
	for (uint32_t i = 0; i < t->n; i++) {
		const RtCanonType *e = t->elems[i];
		at = (at + e->align - 1) / e->align * e->align;
		if (!rt_canon_load(cx, e, at, &f[i]))
			return false;
		at += e->size;
	}
	return true;
}

static bool variant(RtCanonCx *cx, const RtCanonType *t, uint32_t ptr, RtCanonVal *out)
{
	uint64_t index = load_int(cx, ptr, t->disc);
	if (index >= t->n)
		return rt_canon_fail(cx, RT_CANON_E_DISCRIMINANT);
	out->var.index = (uint32_t)index;
	const RtCanonType *e = t->elems[index];
	if (!e)
		return true;
	if (!(out->var.payload = vals(cx, 1)))
		return false;
	return rt_canon_load(cx, e, ptr + t->payload, out->var.payload);
}

/* load: ptr is already checked for t->size bytes, aligned, by the caller
 * (the top-level range check or the enclosing list's). */
bool rt_canon_load(RtCanonCx *cx, const RtCanonType *t, uint32_t ptr, RtCanonVal *out)
{
	switch (t->kind) {
	case NACRE_CANON_STRING:
		return rt_canon_load_string(cx, (uint32_t)load_int(cx, ptr, 4), (uint32_t)load_int(cx, ptr + 4, 4), out);
	case NACRE_CANON_LIST:
		return list(cx, t, (uint32_t)load_int(cx, ptr, 4), (uint32_t)load_int(cx, ptr + 4, 4), out);
	case NACRE_CANON_RECORD: return record(cx, t, ptr, out);
	case NACRE_CANON_VARIANT: return variant(cx, t, ptr, out);
	default: return scalar(cx, t, load_int(cx, ptr, t->size), out);
	}
}

/* ---- flat */

/* The next core value, read as `have` and coerced to `want`
 * (lift_flat_variant's CoerceValueIter; have == want outside variants). */
static uint64_t next(const NacreValue *core, uint32_t *i, uint8_t have, uint8_t want)
{
	const NacreValue *v = &core[(*i)++];
	uint64_t bits = have == RT_CANON_I64 || have == RT_CANON_F64 ? (uint64_t)v->i64 : (uint32_t)v->i32;
	if (want == RT_CANON_I32 || want == RT_CANON_F32)
		bits = (uint32_t)bits; /* wrap_i64_to_i32 */
	return bits;
}

typedef struct Flat {
	const NacreValue *core;
	uint32_t *i;
	const uint8_t *have;         /* the types the values came as (a variant's joined ones) */
} Flat;

static bool flat(RtCanonCx *cx, const RtCanonType *t, Flat *f, RtCanonVal *out);

static bool flat_variant(RtCanonCx *cx, const RtCanonType *t, Flat *f, RtCanonVal *out)
{
	uint32_t start = *f->i;
	uint64_t index = next(f->core, f->i, f->have[0], RT_CANON_I32);
	if (index >= t->n)
		return rt_canon_fail(cx, RT_CANON_E_DISCRIMINANT);
	out->var.index = (uint32_t)index;
	const RtCanonType *e = t->elems[index];
	if (e) {
		Flat inner = { f->core, f->i, f->have + 1 };
		if (!(out->var.payload = vals(cx, 1)) || !flat(cx, e, &inner, out->var.payload))
			return false;
	}
	*f->i = start + t->nflat;
	f->have += t->nflat;
	return true;
}

static bool flat(RtCanonCx *cx, const RtCanonType *t, Flat *f, RtCanonVal *out)
{
	switch (t->kind) {
	case NACRE_CANON_STRING:
	case NACRE_CANON_LIST: {
		uint32_t ptr = (uint32_t)next(f->core, f->i, f->have[0], RT_CANON_I32);
		uint32_t n = (uint32_t)next(f->core, f->i, f->have[1], RT_CANON_I32);
		f->have += 2;
		return t->kind == NACRE_CANON_STRING ? rt_canon_load_string(cx, ptr, n, out) : list(cx, t, ptr, n, out);
	}
	case NACRE_CANON_RECORD:
		if (!(out->fields = vals(cx, t->n)))
			return false;
		for (uint32_t k = 0; k < t->n; k++)
			if (!flat(cx, t->elems[k], f, &out->fields[k]))
				return false;
		return true;
	case NACRE_CANON_VARIANT: return flat_variant(cx, t, f, out);
	default: {
		uint64_t bits = next(f->core, f->i, f->have[0], t->flat[0]);
		f->have++;
		return scalar(cx, t, bits, out);
	}
	}
}

bool rt_canon_lift_flat(RtCanonCx *cx, const RtCanonType *t, const NacreValue *core, uint32_t *i, RtCanonVal *out)
{
	Flat f = { core, i, t->flat };
	return flat(cx, t, &f, out);
}
