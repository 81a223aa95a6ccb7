/* runtime-lib/canon/handles.c: a component instance's handle table and
 * the own/borrow rules (CanonicalABI.md "Handle tables", lift_own,
 * lift_borrow, lower_own, lower_borrow, canon resource.drop).  Index 0
 * is never a handle; freed slots are reused.  A call's context records
 * the handles its lifted borrows lent and the borrows it gave the guest,
 * settled by rt_canon_cx_end.
 */
#include "rt_canon.h"
#include "../sys/sys.h"

enum { MAX_HANDLES = (1 << 28) - 1 }; /* Table.MAX_LENGTH */

bool rt_canon_handles_init(RtCanonHandles *h, const RtCanonResource *types, uint32_t ntypes)
{
	*h = (RtCanonHandles){ .n = 1, .cap = 16, .types = types, .ntypes = ntypes };
	h->slots = rt_sys_zalloc(h->cap * sizeof *h->slots);
	return h->slots != NULL;
}

static void destroy(const RtCanonHandles *h, const RtCanonHandle *e)
{
	const RtCanonResource *r = &h->types[e->resource];
	if (r->dtor)
		r->dtor(r->env, e->rep);
}

void rt_canon_handles_free(RtCanonHandles *h)
{
	for (uint32_t i = 1; h->slots && i < h->n; i++)
		if (h->slots[i].used && h->slots[i].own)
			destroy(h, &h->slots[i]);
	rt_sys_free(h->slots);
	h->slots = NULL;
	h->n = h->cap = 0;
}

static RtCanonError slot(RtCanonHandles *h, uint32_t *index)
{
	if (h->free) {
		*index = h->free;
		h->free = h->slots[*index].next_free;
		return RT_CANON_E_NONE;
	}
	if (h->n > MAX_HANDLES)
		return RT_CANON_E_TABLE_FULL;
	if (h->n == h->cap) {
		RtCanonHandle *s = rt_sys_realloc(h->slots, 2 * (size_t)h->cap * sizeof *s);
		if (!s)
			return RT_CANON_E_NOMEM;
		h->slots = s;
		h->cap *= 2;
	}
	*index = h->n++;
	return RT_CANON_E_NONE;
}

RtCanonError rt_canon_handle_add(RtCanonHandles *h, uint32_t resource, uint32_t rep, bool own, RtCanonCx *scope,
                                 uint32_t *index)
{
	if (resource >= h->ntypes)
		return RT_CANON_E_HOST_VALUE;
	RtCanonError e = slot(h, index);
	if (e == RT_CANON_E_NONE)
		h->slots[*index] = (RtCanonHandle){ .rep = rep, .resource = resource, .scope = scope, .used = true, .own = own };
	return e;
}

/* Table.get, and the type check every handle operation makes. */
static RtCanonError get(const RtCanonHandles *h, uint32_t index, uint32_t resource, RtCanonHandle **out)
{
	if (index == 0 || index >= h->n || !h->slots[index].used)
		return RT_CANON_E_HANDLE;
	if (h->slots[index].resource != resource)
		return RT_CANON_E_HANDLE_TYPE;
	*out = &h->slots[index];
	return RT_CANON_E_NONE;
}

static void release(RtCanonHandles *h, uint32_t index)
{
	h->slots[index] = (RtCanonHandle){ .next_free = h->free };
	h->free = index;
}

RtCanonError rt_canon_handle_drop(RtCanonHandles *h, uint32_t index, uint32_t resource)
{
	RtCanonHandle *e;
	RtCanonError err = get(h, index, resource, &e);
	if (err != RT_CANON_E_NONE)
		return err;
	if (e->lends)
		return RT_CANON_E_HANDLE_LENT;
	RtCanonHandle gone = *e;
	release(h, index);
	if (gone.own)
		destroy(h, &gone);
	else if (gone.scope)
		gone.scope->borrows--;
	return RT_CANON_E_NONE;
}

RtCanonError rt_canon_handle_rep(const RtCanonHandles *h, uint32_t index, uint32_t resource, uint32_t *rep)
{
	RtCanonHandle *e;
	RtCanonError err = get(h, index, resource, &e);
	if (err == RT_CANON_E_NONE)
		*rep = e->rep;
	return err;
}

/* lift_own: ownership leaves the guest's table. */
static bool lift_own(RtCanonCx *cx, RtCanonHandle *e, uint32_t index, uint32_t *rep)
{
	if (!e->own)
		return rt_canon_fail(cx, RT_CANON_E_HANDLE_BORROWED);
	if (e->lends)
		return rt_canon_fail(cx, RT_CANON_E_HANDLE_LENT);
	*rep = e->rep;
	release(cx->handles, index);
	return true;
}

/* lift_borrow: the handle stays, lent until the call ends. */
static bool lend(RtCanonCx *cx, RtCanonHandle *e, uint32_t index, uint32_t *rep)
{
	if (cx->nlent == cx->cap_lent) {
		uint32_t cap = cx->cap_lent ? 2 * cx->cap_lent : 8;
		uint32_t *l = rt_canon_arena_alloc(cx->arena, cap * sizeof *l);
		if (!l)
			return rt_canon_fail(cx, RT_CANON_E_NOMEM);
		for (uint32_t i = 0; i < cx->nlent; i++)
			l[i] = cx->lent[i];
		cx->lent = l;
		cx->cap_lent = cap;
	}
	cx->lent[cx->nlent++] = index;
	e->lends++;
	*rep = e->rep;
	return true;
}

bool rt_canon_lift_handle(RtCanonCx *cx, const RtCanonType *t, uint32_t index, uint32_t *rep)
{
	RtCanonHandle *e;
	if (!cx->handles)
		return rt_canon_fail(cx, RT_CANON_E_HANDLE);
	RtCanonError err = get(cx->handles, index, t->resource, &e);
	if (err != RT_CANON_E_NONE)
		return rt_canon_fail(cx, err);
	return t->kind == NACRE_CANON_OWN ? lift_own(cx, e, index, rep) : lend(cx, e, index, rep);
}

bool rt_canon_lower_handle(RtCanonCx *cx, const RtCanonType *t, uint32_t rep, uint32_t *index)
{
	RtCanonHandles *h = cx->handles;
	if (!h || t->resource >= h->ntypes)
		return rt_canon_fail(cx, RT_CANON_E_HOST_VALUE);
	bool own = t->kind == NACRE_CANON_OWN;
	if (!own && h->types[t->resource].local) {
		*index = rep; /* lower_borrow into the implementing instance: the rep itself */
		return true;
	}
	RtCanonError err = rt_canon_handle_add(h, t->resource, rep, own, own ? NULL : cx, index);
	if (err != RT_CANON_E_NONE)
		return rt_canon_fail(cx, err);
	cx->borrows += !own;
	return true;
}

RtCanonError rt_canon_cx_end(RtCanonCx *cx)
{
	for (uint32_t i = 0; i < cx->nlent; i++)
		cx->handles->slots[cx->lent[i]].lends--;
	cx->nlent = 0;
	if (cx->borrows) {
		/* the call is over: the borrows left must not point at it */
		for (uint32_t i = 1; i < cx->handles->n; i++)
			if (cx->handles->slots[i].scope == cx)
				cx->handles->slots[i].scope = NULL;
		cx->borrows = 0;
		rt_canon_fail(cx, RT_CANON_E_BORROWS_LEFT);
	}
	return cx->error;
}
