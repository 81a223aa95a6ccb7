/* runtime-lib/canon/layout.c: alignment, size and flattening of a
 * checked type from its elements' (CanonicalABI.md "Alignment", "Element
 * Size", "Flattening").  check.c calls it bottom-up, so every element is
 * laid out first.
 */
#include "rt_canon.h"

enum { MAX_SIZE = 1 << 28 };     /* elem_size bound of component validation */

typedef struct Prim {
	uint8_t size, flat;
} Prim;

/* bool .. string, by code. */
static const Prim prims[] = {
	[NACRE_CANON_BOOL] = { 1, RT_CANON_I32 }, [NACRE_CANON_S8] = { 1, RT_CANON_I32 },
	[NACRE_CANON_U8] = { 1, RT_CANON_I32 },   [NACRE_CANON_S16] = { 2, RT_CANON_I32 },
	[NACRE_CANON_U16] = { 2, RT_CANON_I32 },  [NACRE_CANON_S32] = { 4, RT_CANON_I32 },
	[NACRE_CANON_U32] = { 4, RT_CANON_I32 },  [NACRE_CANON_S64] = { 8, RT_CANON_I64 },
	[NACRE_CANON_U64] = { 8, RT_CANON_I64 },  [NACRE_CANON_F32] = { 4, RT_CANON_F32 },
	[NACRE_CANON_F64] = { 8, RT_CANON_F64 },  [NACRE_CANON_CHAR] = { 4, RT_CANON_I32 },
};

static uint64_t align_to(uint64_t x, uint32_t a)
{
	return (x + a - 1) / a * a;
}

bool rt_canon_is_bytes(const RtCanonType *t)
{
	return t->kind == NACRE_CANON_U8 || t->kind == NACRE_CANON_S8;
}

static bool set_flat(RtCanonType *t, RtCanonArena *a, const uint8_t *flat, uint32_t n)
{
	uint8_t *f = rt_canon_arena_alloc(a, n ? n : 1);
	if (!f)
		return false;
	for (uint32_t i = 0; i < n; i++)
		f[i] = flat[i];
	t->flat = f;
	t->nflat = n;
	return true;
}

static bool leaf(RtCanonType *t, RtCanonArena *a, uint32_t size, uint8_t flat, uint32_t nflat)
{
	const uint8_t two[2] = { flat, flat };
	t->size = size;
	t->align = (uint8_t)(size > 4 && nflat == 2 ? 4 : size);
	return set_flat(t, a, two, nflat);
}

static uint8_t join(uint8_t x, uint8_t y)
{
	if (x == y)
		return x;
	if ((x == RT_CANON_I32 && y == RT_CANON_F32) || (x == RT_CANON_F32 && y == RT_CANON_I32))
		return RT_CANON_I32;
	return RT_CANON_I64;
}

static uint32_t sum_flat(const RtCanonType *t)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < t->n; i++)
		n += t->elems[i]->nflat;
	return n;
}

static bool record(RtCanonType *t, RtCanonArena *a)
{
	uint64_t size = 0;
	uint32_t align = 1, nflat = 0;
	uint8_t *flat = rt_canon_arena_alloc(a, sum_flat(t) + 1);
	if (!flat)
		return false;
	for (uint32_t i = 0; i < t->n; i++) {
		const RtCanonType *e = t->elems[i];
		size = align_to(size, e->align) + e->size;
		align = e->align > align ? e->align : align;
		for (uint32_t j = 0; j < e->nflat; j++)
			flat[nflat++] = e->flat[j];
		if (size >= MAX_SIZE)
			return false;
	}
	t->align = (uint8_t)align;
	t->size = (uint32_t)align_to(size, align);
	t->flat = flat;
	t->nflat = nflat;
	return t->size < MAX_SIZE;
}

/* discriminant_type: the smallest of u8, u16, u32 that counts the cases. */
static uint8_t disc_bytes(uint32_t n)
{
	return n <= 256 ? 1 : n <= 65536 ? 2 : 4;
}

static bool variant(RtCanonType *t, RtCanonArena *a)
{
	uint32_t cases_align = 1, cases_size = 0, nflat = 0, max_flat = 0;
	for (uint32_t i = 0; i < t->n; i++)
		if (t->elems[i] && t->elems[i]->nflat > max_flat)
			max_flat = t->elems[i]->nflat;
	uint8_t *flat = rt_canon_arena_alloc(a, max_flat + 1);
	if (!flat)
		return false;
	flat[0] = RT_CANON_I32;
	for (uint32_t i = 0; i < t->n; i++) {
		const RtCanonType *e = t->elems[i];
		if (!e)
			continue;
		cases_align = e->align > cases_align ? e->align : cases_align;
		cases_size = e->size > cases_size ? e->size : cases_size;
		for (uint32_t j = 0; j < e->nflat; j++)
			flat[1 + j] = j < nflat ? join(flat[1 + j], e->flat[j]) : e->flat[j];
		nflat = e->nflat > nflat ? e->nflat : nflat;
	}
	t->disc = disc_bytes(t->n);
	t->align = (uint8_t)(t->disc > cases_align ? t->disc : cases_align);
	t->payload = (uint32_t)align_to(t->disc, cases_align);
	uint64_t size = align_to((uint64_t)t->payload + cases_size, t->align);
	t->size = (uint32_t)size;
	t->flat = flat;
	t->nflat = 1 + nflat;
	return size < MAX_SIZE;
}

static bool flags(RtCanonType *t, RtCanonArena *a)
{
	t->disc = (uint8_t)(t->n <= 8 ? 1 : t->n <= 16 ? 2 : 4);
	return leaf(t, a, t->disc, RT_CANON_I32, 1);
}

bool rt_canon_layout(RtCanonType *t, RtCanonArena *a)
{
	switch (t->kind) {
	case NACRE_CANON_STRING:
	case NACRE_CANON_LIST: return leaf(t, a, 8, RT_CANON_I32, 2);
	case NACRE_CANON_RECORD: return record(t, a);
	case NACRE_CANON_VARIANT: return variant(t, a);
	case NACRE_CANON_FLAGS: return flags(t, a);
	case NACRE_CANON_OWN:
	case NACRE_CANON_BORROW: return leaf(t, a, 4, RT_CANON_I32, 1);
	default:
		if (t->kind > NACRE_CANON_CHAR)
			return false;
		return leaf(t, a, prims[t->kind].size, prims[t->kind].flat, 1);
	}
}
