/* runtime-lib/canon/lower.c: lowering, from host values into the guest:
 * store (into guest memory, allocating strings and lists through the
 * guest's realloc) and lower_flat (into core values), as
 * CanonicalABI.md's "Storing" and "Flat Lowering" define them.  Host
 * values that break their type (a surrogate char, a case index past the
 * cases) fail with HOST_VALUE rather than reach the guest.
 */
#include <string.h>

#include "rt_canon.h"

static void store_int(const RtCanonCx *cx, uint32_t ptr, unsigned bytes, uint64_t v)
{
	uint8_t *p = rt_canon_mem_at(cx, ptr);
	for (unsigned i = 0; i < bytes; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* A scalar's integer bits (bool .. char, flags, handles). */
static bool scalar(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, uint64_t *bits)
{
	switch (t->kind) {
	case NACRE_CANON_BOOL: *bits = v->u != 0; return true;
	case NACRE_CANON_F32: {
		uint32_t b;
		memcpy(&b, &v->f32, 4);
		*bits = b;
		return true;
	}
	case NACRE_CANON_F64: memcpy(bits, &v->f64, 8); return true;
	case NACRE_CANON_CHAR:
		*bits = v->u;
		if (v->u >= 0x110000 || (v->u >= 0xd800 && v->u <= 0xdfff))
			return rt_canon_fail(cx, RT_CANON_E_HOST_VALUE);
		return true;
	case NACRE_CANON_FLAGS:
		*bits = t->n == 32 ? (uint32_t)v->u : v->u & ((1u << t->n) - 1);
		return true;
	case NACRE_CANON_OWN:
	case NACRE_CANON_BORROW: {
		uint32_t index;
		if (v->u > UINT32_MAX || !rt_canon_lower_handle(cx, t, (uint32_t)v->u, &index))
			return v->u > UINT32_MAX ? rt_canon_fail(cx, RT_CANON_E_HOST_VALUE) : false;
		*bits = index;
		return true;
	}
	default: /* integers: two's complement, cut to the width */
		*bits = t->size == 8 ? v->u : v->u & (((uint64_t)1 << (8 * t->size)) - 1);
		return true;
	}
}

/* store_list_into_range: the elements at a fresh allocation. */
static bool list(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, uint32_t *ptr)
{
	const RtCanonType *e = t->elems[0];
	uint64_t bytes = (uint64_t)v->list.n * e->size;
	if (bytes > UINT32_MAX || (v->list.n && !v->list.items))
		return rt_canon_fail(cx, RT_CANON_E_HOST_VALUE);
	if (!rt_canon_realloc(cx, 0, 0, e->align, (uint32_t)bytes, ptr))
		return false;
	if (rt_canon_is_bytes(e)) {
		if (bytes)
			memcpy(rt_canon_mem_at(cx, *ptr), v->list.items, bytes);
		return true;
	}
	const RtCanonVal *items = v->list.items;
	for (uint32_t i = 0; i < v->list.n; i++)
		if (!rt_canon_store(cx, e, &items[i], *ptr + i * e->size))
			return false;
	return true;
}

static bool pair(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, uint32_t *ptr, uint32_t *n)
{
	if (t->kind == NACRE_CANON_STRING)
		return rt_canon_store_string(cx, v, ptr, n);
	*n = v->list.n;
	return list(cx, t, v, ptr);
}

/* A case index the type has, with a payload where the case has one. */
static bool check_case(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v)
{
	if (v->var.index >= t->n || (t->elems[v->var.index] && !v->var.payload))
		return rt_canon_fail(cx, RT_CANON_E_HOST_VALUE);
	return true;
}

/* ptr: checked by the caller for t->size bytes, aligned. */
bool rt_canon_store(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, uint32_t ptr)
{
	uint64_t bits;
	uint32_t p, n;
	switch (t->kind) {
	case NACRE_CANON_STRING:
	case NACRE_CANON_LIST:
		/* realloc may grow memory but never moves its base, so ptr holds */
		if (!pair(cx, t, v, &p, &n))
			return false;
		store_int(cx, ptr, 4, p);
		store_int(cx, ptr + 4, 4, n);
		return true;
	case NACRE_CANON_RECORD:
		if (t->n && !v->fields)
			return rt_canon_fail(cx, RT_CANON_E_HOST_VALUE);
		for (uint32_t i = 0, at = ptr; i < t->n; i++) {
			const RtCanonType *e = t->elems[i];
			at = (at + e->align - 1) / e->align * e->align;
			if (!rt_canon_store(cx, e, &v->fields[i], at))
				return false;
			at += e->size;
		}
		return true;
	case NACRE_CANON_VARIANT:
		if (!check_case(cx, t, v))
			return false;
		store_int(cx, ptr, t->disc, v->var.index);
		return !t->elems[v->var.index] || rt_canon_store(cx, t->elems[v->var.index], v->var.payload, ptr + t->payload);
	default:
		if (!scalar(cx, t, v, &bits))
			return false;
		store_int(cx, ptr, t->size, bits);
		return true;
	}
}

/* ---- flat */

/* Puts bits, of type have, as a core value of type want (a variant's
 * joined type: lower_flat_variant's coercions are all zero-extensions
 * of the bits). */
static void put(NacreValue *core, uint32_t *i, uint64_t bits, uint8_t want)
{
	NacreValue *v = &core[(*i)++];
	*v = (NacreValue){ .i64 = 0 };
	if (want == RT_CANON_I64 || want == RT_CANON_F64)
		v->i64 = (int64_t)bits;
	else
		v->i32 = (int32_t)(uint32_t)bits;
}

typedef struct Flat {
	NacreValue *core;
	uint32_t *i;
	const uint8_t *want;
} Flat;

static bool flat(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, Flat *f);

static bool flat_variant(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, Flat *f)
{
	if (!check_case(cx, t, v))
		return false;
	uint32_t start = *f->i;
	put(f->core, f->i, v->var.index, RT_CANON_I32);
	const RtCanonType *e = t->elems[v->var.index];
	Flat inner = { f->core, f->i, f->want + 1 };
	if (e && !flat(cx, e, v->var.payload, &inner))
		return false;
	while (*f->i < start + t->nflat)
		put(f->core, f->i, 0, f->want[*f->i - start]);
	f->want += t->nflat;
	return true;
}

static bool flat(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, Flat *f)
{
	uint64_t bits;
	uint32_t p, n;
	switch (t->kind) {
	case NACRE_CANON_STRING:
	case NACRE_CANON_LIST:
		if (!pair(cx, t, v, &p, &n))
			return false;
		put(f->core, f->i, p, f->want[0]);
		put(f->core, f->i, n, f->want[1]);
		f->want += 2;
		return true;
	case NACRE_CANON_RECORD:
		if (t->n && !v->fields)
			return rt_canon_fail(cx, RT_CANON_E_HOST_VALUE);
		for (uint32_t k = 0; k < t->n; k++)
			if (!flat(cx, t->elems[k], &v->fields[k], f))
				return false;
		return true;
	case NACRE_CANON_VARIANT: return flat_variant(cx, t, v, f);
	default:
		if (!scalar(cx, t, v, &bits))
			return false;
		put(f->core, f->i, bits, f->want[0]);
		f->want++;
		return true;
	}
}

bool rt_canon_lower_flat(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, NacreValue *core, uint32_t *i)
{
	Flat f = { core, i, t->flat };
	return flat(cx, t, v, &f);
}
