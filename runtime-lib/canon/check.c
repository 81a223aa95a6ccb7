/* runtime-lib/canon/check.c: the descriptor checker.  Reads a type
 * descriptor (nacre/canon.h) with a bounded cursor and builds its
 * RtCanonType tree, laid out by layout.c.  Forged bytes are refused:
 * every read is bounds-checked, nesting is bounded by
 * NACRE_CANON_MAX_DEPTH, every count by the bytes left (each element
 * takes at least one), and sizes stay below 2^28.
 */
#include "rt_canon.h"

typedef struct Cursor {
	const uint8_t *p, *end;
	RtCanonArena *arena;
} Cursor;

static bool byte(Cursor *c, uint8_t *out)
{
	if (c->p >= c->end)
		return false;
	*out = *c->p++;
	return true;
}

static bool u32(Cursor *c, uint32_t *out)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 35; shift += 7) {
		uint8_t b;
		if (!byte(c, &b))
			return false;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = (uint32_t)v;
			return v <= UINT32_MAX;
		}
	}
	return false;
}

static RtCanonType *node(Cursor *c, uint8_t kind, uint8_t code, uint32_t n)
{
	RtCanonType *t = rt_canon_arena_alloc(c->arena, sizeof *t);
	const RtCanonType **elems = n ? rt_canon_arena_alloc(c->arena, n * sizeof *elems) : NULL;
	if (!t || (n && !elems))
		return NULL;
	t->kind = kind;
	t->code = code;
	t->n = n;
	t->elems = elems;
	return t;
}

static const RtCanonType *valtype(Cursor *c, unsigned depth);

/* A count of elements that each take at least one more byte. */
static bool count(Cursor *c, uint32_t *n)
{
	return u32(c, n) && *n >= 1 && *n <= (size_t)(c->end - c->p);
}

static RtCanonType *fields(Cursor *c, uint8_t code, unsigned depth)
{
	uint32_t n;
	if (!count(c, &n))
		return NULL;
	RtCanonType *t = node(c, NACRE_CANON_RECORD, code, n);
	for (uint32_t i = 0; t && i < n; i++)
		if (!(((const RtCanonType **)t->elems)[i] = valtype(c, depth + 1)))
			return NULL;
	return t;
}

static RtCanonType *cases(Cursor *c, unsigned depth)
{
	uint32_t n;
	if (!count(c, &n))
		return NULL;
	RtCanonType *t = node(c, NACRE_CANON_VARIANT, NACRE_CANON_VARIANT, n);
	for (uint32_t i = 0; t && i < n; i++) {
		uint8_t has;
		if (!byte(c, &has) || has > 1)
			return NULL;
		if (has && !(((const RtCanonType **)t->elems)[i] = valtype(c, depth + 1)))
			return NULL;
	}
	return t;
}

/* enum n: a variant of n cases without payload. */
static RtCanonType *enumeration(Cursor *c)
{
	uint32_t n;
	if (!u32(c, &n) || n < 1 || n > NACRE_CANON_MAX_ENUM)
		return NULL;
	return node(c, NACRE_CANON_VARIANT, NACRE_CANON_ENUM, n);
}

/* option T: variant { none, some(T) }; result: variant { ok(T?), err(E?) }. */
static RtCanonType *option_result(Cursor *c, uint8_t code, unsigned depth)
{
	uint8_t which = 2;
	if (code == NACRE_CANON_RESULT && (!byte(c, &which) || which > 3))
		return NULL;
	RtCanonType *t = node(c, NACRE_CANON_VARIANT, code, 2);
	const RtCanonType **e = t ? (const RtCanonType **)t->elems : NULL;
	for (unsigned i = 0; e && i < 2; i++)
		if ((which >> i) & 1 && !(e[i] = valtype(c, depth + 1)))
			return NULL;
	return t;
}

static RtCanonType *handle(Cursor *c, uint8_t code)
{
	uint32_t r;
	if (!u32(c, &r) || r >= NACRE_CANON_MAX_RESOURCES)
		return NULL;
	RtCanonType *t = node(c, code, code, 0);
	if (t)
		t->resource = r;
	return t;
}

static RtCanonType *compound(Cursor *c, uint8_t code, unsigned depth)
{
	RtCanonType *t = NULL;
	uint32_t n;
	switch (code) {
	case NACRE_CANON_LIST:
		if (!(t = node(c, NACRE_CANON_LIST, code, 1)))
			return NULL;
		return (((const RtCanonType **)t->elems)[0] = valtype(c, depth + 1)) ? t : NULL;
	case NACRE_CANON_RECORD:
	case NACRE_CANON_TUPLE: return fields(c, code, depth);
	case NACRE_CANON_VARIANT: return cases(c, depth);
	case NACRE_CANON_ENUM: return enumeration(c);
	case NACRE_CANON_OPTION:
	case NACRE_CANON_RESULT: return option_result(c, code, depth);
	case NACRE_CANON_FLAGS:
		if (!u32(c, &n) || n < 1 || n > 32)
			return NULL;
		return node(c, NACRE_CANON_FLAGS, code, n);
	case NACRE_CANON_OWN:
	case NACRE_CANON_BORROW: return handle(c, code);
	default: return NULL;
	}
}

static const RtCanonType *valtype(Cursor *c, unsigned depth)
{
	uint8_t code;
	if (depth > NACRE_CANON_MAX_DEPTH || !byte(c, &code))
		return NULL;
	RtCanonType *t = code <= NACRE_CANON_STRING ? node(c, code, code, 0) : compound(c, code, depth);
	return t && rt_canon_layout(t, c->arena) ? t : NULL;
}

static bool start(Cursor *c, const uint8_t *bytes, size_t n, RtCanonArena *a)
{
	if (!bytes || n > NACRE_CANON_MAX_BYTES)
		return false;
	*c = (Cursor){ bytes, bytes + n, a };
	uint8_t version;
	return byte(c, &version) && version == NACRE_CANON_VERSION;
}

bool rt_canon_check_type(const uint8_t *bytes, size_t n, RtCanonArena *a, const RtCanonType **out)
{
	Cursor c;
	if (!start(&c, bytes, n, a))
		return false;
	*out = valtype(&c, 0);
	return *out && c.p == c.end;
}

/* The params as one tuple, for params that spill to memory. */
static bool params_tuple(Cursor *c, RtCanonFunc *f)
{
	if (!f->nparams)
		return true;
	RtCanonType *t = node(c, NACRE_CANON_RECORD, NACRE_CANON_TUPLE, 0);
	if (!t)
		return false;
	t->n = f->nparams;
	t->elems = f->params;
	f->tuple = t;
	return rt_canon_layout(t, c->arena);
}

static bool func(Cursor *c, RtCanonFunc *f)
{
	uint8_t code, has;
	if (!byte(c, &code) || code != NACRE_CANON_FUNC || !u32(c, &f->nparams) || f->nparams > (size_t)(c->end - c->p))
		return false;
	const RtCanonType **p = rt_canon_arena_alloc(c->arena, (f->nparams + 1) * sizeof *p);
	if (!p)
		return false;
	f->params = p;
	for (uint32_t i = 0; i < f->nparams; i++)
		if (!(p[i] = valtype(c, 1)))
			return false;
	if (!byte(c, &has) || has > 1 || (has && !(f->result = valtype(c, 1))))
		return false;
	if (!params_tuple(c, f))
		return false;
	f->nflat_params = f->tuple ? f->tuple->nflat : 0;
	f->nflat_results = f->result ? f->result->nflat : 0;
	return c->p == c->end;
}

bool rt_canon_check_func(const uint8_t *bytes, size_t n, RtCanonArena *a, const RtCanonFunc **out)
{
	Cursor c;
	RtCanonFunc *f = rt_canon_arena_alloc(a, sizeof *f);
	if (!f || !start(&c, bytes, n, a) || !func(&c, f))
		return false;
	*out = f;
	return true;
}
