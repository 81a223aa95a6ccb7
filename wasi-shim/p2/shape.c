/* wasi-shim/p2/shape.c: a lowered function's type against the one WASI
 * 0.2 gives it.  The host's C function reads its parameters as that type
 * says (a list's items, a handle's rep), so a component that declares
 * the import otherwise must be refused before its first call.  Both are
 * canonical ABI descriptors (nacre/canon.h), walked side by side: the
 * component's, already checked (rt_canon_check_func), names resources by
 * the plan's numbers; the row's by WASI_P2_RESOURCES row, one byte. */
#include <string.h>

#include "calls.h"
#include "p2.h"

static const struct { const char *interface, *name; } host_resources[] = {
#define ROW(interface, name) { interface, name },
	WASI_P2_RESOURCES(ROW)
#undef ROW
};

typedef struct Walk {
	const uint8_t *p, *end;      /* the component's descriptor */
	const uint8_t *s, *send;     /* the row's */
	const NacreCmPlan *plan;
} Walk;

static bool byte(const uint8_t **at, const uint8_t *end, uint32_t *v)
{
	if (*at >= end)
		return false;
	*v = *(*at)++;
	return true;
}

/* An unsigned LEB128 (the descriptor is checked: at most five bytes). */
static bool leb(const uint8_t **at, const uint8_t *end, uint32_t *v)
{
	*v = 0;
	for (unsigned shift = 0; shift < 35; shift += 7) {
		uint32_t b;
		if (!byte(at, end, &b))
			return false;
		*v |= (b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

/* The same number in both: the component's as LEB128, the row's as a byte. */
static bool same_count(Walk *w, uint32_t *n)
{
	uint32_t want;
	return leb(&w->p, w->end, n) && byte(&w->s, w->send, &want) && *n == want;
}

static bool names(NacreCmName n, const char *s)
{
	return n.len >= strlen(s) && memcmp(n.p, s, strlen(s)) == 0;
}

int p2_host_resource(const NacreCmPlan *plan, uint32_t r)
{
	if (r >= plan->nresources)
		return -1;
	const NacreCmResource *res = &plan->resources[r];
	for (size_t k = 0; k < sizeof host_resources / sizeof *host_resources; k++) {
		size_t len = strlen(host_resources[k].interface);
		if (names(res->interface, host_resources[k].interface) && res->interface.len > len &&
		    memcmp(res->interface.p + len, WASI_P2_VERSION, sizeof WASI_P2_VERSION - 1) == 0 &&
		    res->name.len == strlen(host_resources[k].name) && names(res->name, host_resources[k].name))
			return (int)k;
	}
	return -1;
}

/* The plan's resource r is host resource row k (its interface at any 0.2.x). */
static bool resource(Walk *w)
{
	uint32_t r, k;
	return leb(&w->p, w->end, &r) && byte(&w->s, w->send, &k) && p2_host_resource(w->plan, r) == (int)k;
}

static bool valtype(Walk *w, unsigned depth);

static bool members(Walk *w, unsigned depth, bool cases)
{
	uint32_t n, flag;
	if (!same_count(w, &n))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (cases && (!same_count(w, &flag) || flag > 1))
			return false;
		if ((!cases || flag) && !valtype(w, depth + 1))
			return false;
	}
	return true;
}

static bool valtype(Walk *w, unsigned depth)
{
	uint32_t code, want, n;
	if (depth > NACRE_CANON_MAX_DEPTH || !byte(&w->p, w->end, &code) || !byte(&w->s, w->send, &want) || code != want)
		return false;
	switch (code) {
	case NACRE_CANON_LIST:
	case NACRE_CANON_OPTION: return valtype(w, depth + 1);
	case NACRE_CANON_RECORD:
	case NACRE_CANON_TUPLE: return members(w, depth, false);
	case NACRE_CANON_VARIANT: return members(w, depth, true);
	case NACRE_CANON_ENUM:
	case NACRE_CANON_FLAGS: return same_count(w, &n);
	case NACRE_CANON_OWN:
	case NACRE_CANON_BORROW: return resource(w);
	case NACRE_CANON_RESULT:
		return same_count(w, &n) && n <= 3 && (!(n & 1) || valtype(w, depth + 1)) &&
		       (!(n & 2) || valtype(w, depth + 1));
	default: return code <= NACRE_CANON_STRING;
	}
}

bool p2_shape_ok(const NacreCmPlan *plan, const uint8_t *type, size_t n, const uint8_t *shape, size_t shape_len)
{
	Walk w = { type, type + n, shape, shape + shape_len, plan };
	uint32_t v, want, np, has;
	if (!byte(&w.p, w.end, &v) || !byte(&w.s, w.send, &want) || v != want)
		return false;
	if (!byte(&w.p, w.end, &v) || !byte(&w.s, w.send, &want) || v != want || v != NACRE_CANON_FUNC)
		return false;
	if (!same_count(&w, &np))
		return false;
	for (uint32_t i = 0; i < np; i++)
		if (!valtype(&w, 0))
			return false;
	if (!byte(&w.p, w.end, &has) || !byte(&w.s, w.send, &want) || has != want || (has && !valtype(&w, 0)))
		return false;
	return w.p == w.end && w.s == w.send;
}
