/* frontend/component/cm_subtype.c: subtyping between component types, as
 * instantiation arguments and export ascriptions need it, and the
 * substitution of resources an instantiation performs.  Value types
 * match structurally; resources by identity, through the substitution
 * built while the imports are matched in order. */
#include "cm.h"

#include <string.h>

enum { SUBTYPE_BUDGET = 1000000 };

bool cm_core_func_eq(const IrFuncType *a, const IrFuncType *b)
{
	return a->nparams == b->nparams && a->nresults == b->nresults &&
	       cm_bytes_eq(a->params, b->params, a->nparams * sizeof *a->params) &&
	       cm_bytes_eq(a->results, b->results, a->nresults * sizeof *a->results);
}

/* The actual resource an expected one stands for, or 0. */
static uint32_t mapped(const CmSubst *m, uint32_t expected)
{
	const uint32_t *f = m->from.v, *t = m->to.v;
	for (uint32_t i = 0; i < m->from.n; i++)
		if (f[i] == expected)
			return t[i];
	return 0;
}

static bool map_add(CmSubst *m, uint32_t from, uint32_t to)
{
	uint32_t *a = cm_vec_push(&m->from, sizeof *a), *b = cm_vec_push(&m->to, sizeof *b);
	if (!a || !b)
		return false;
	*a = from;
	*b = to;
	return true;
}

static bool type_eq(CmLoad *L, uint32_t a, uint32_t b, CmSubst *m);

static bool opt_eq(CmLoad *L, bool ha, uint32_t a, bool hb, uint32_t b, CmSubst *m)
{
	return ha == hb && (!ha || type_eq(L, a, b, m));
}

static bool fields_eq(CmLoad *L, const IrCmType *x, const IrCmType *y, bool named, CmSubst *m)
{
	if (x->n != y->n)
		return false;
	for (uint32_t i = 0; i < x->n; i++) {
		if (named && !cm_name_eq(x->fields[i].name, y->fields[i].name))
			return false;
		if (!opt_eq(L, x->fields[i].type != 0, x->fields[i].type, y->fields[i].type != 0, y->fields[i].type, m))
			return false;
	}
	return true;
}

static bool type_eq(CmLoad *L, uint32_t a, uint32_t b, CmSubst *m)
{
	if (++m->steps > SUBTYPE_BUDGET)
		return false;
	const IrCmType *x = cm_type(L, a), *y = cm_type(L, b);
	if (y->kind == IR_CMT_RESOURCE) {
		uint32_t to = mapped(m, cm_same(L, b));
		return cm_same(L, a) == (to ? to : cm_same(L, b));
	}
	if (cm_same(L, a) == cm_same(L, b) && !m->from.n)
		return true;
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case IR_CMT_PRIM: return x->prim == y->prim;
	case IR_CMT_RECORD: case IR_CMT_VARIANT: case IR_CMT_FLAGS: case IR_CMT_ENUM:
		return fields_eq(L, x, y, true, m);
	case IR_CMT_TUPLE: return fields_eq(L, x, y, false, m);
	case IR_CMT_LIST: case IR_CMT_OPTION: case IR_CMT_OWN: case IR_CMT_BORROW: return type_eq(L, x->a, y->a, m);
	case IR_CMT_RESULT:
		return opt_eq(L, x->has_a, x->a, y->has_a, y->a, m) && opt_eq(L, x->has_b, x->b, y->has_b, y->b, m);
	case IR_CMT_FUNC: return fields_eq(L, x, y, true, m) && opt_eq(L, x->has_a, x->a, y->has_a, y->a, m);
	default: return cm_subtype(L, a, b, m);
	}
}

static const IrCmExtern *find(const IrCmExtern *e, uint32_t n, IrName name)
{
	for (uint32_t i = 0; i < n; i++)
		if (cm_name_eq(e[i].name, name))
			return &e[i];
	return NULL;
}

/* Every expected export is present in the actual ones, each a subtype. */
static bool exports_sub(CmLoad *L, uint32_t a, const IrCmType *y, CmSubst *m)
{
	for (uint32_t i = 0; i < y->nexports; i++) {
		const IrCmExtern *want = &y->exports[i];
		const IrCmExtern *have = cm_find_extern(L, a, false, want->name);
		if (!have || have->sort != want->sort || !cm_subtype_extern(L, want->sort, have->type, want->type, m))
			return false;
	}
	return true;
}

/* Every import the actual component needs is provided by the expected
 * type's imports (contravariance). */
static bool imports_sub(CmLoad *L, const IrCmType *x, const IrCmType *y, CmSubst *m)
{
	for (uint32_t i = 0; i < x->nimports; i++) {
		const IrCmExtern *need = &x->imports[i];
		const IrCmExtern *given = find(y->imports, y->nimports, need->name);
		/* the relations here are equalities, so the call runs the other
		 * way round: an expected resource then maps to the actual one */
		if (!given || given->sort != need->sort || !cm_subtype_extern(L, need->sort, need->type, given->type, m))
			return false;
	}
	return true;
}

static bool core_module_sub(CmLoad *L, const IrCmType *x, const IrCmType *y)
{
	for (uint32_t i = 0; i < x->nimports; i++) {
		const IrCmExtern *need = &x->imports[i];
		bool found = false;
		for (uint32_t k = 0; k < y->nimports && !found; k++) {
			const IrCmExtern *g = &y->imports[k];
			found = cm_name_eq(g->module, need->module) && cm_name_eq(g->name, need->name) && g->sort == need->sort;
			if (found && g->sort == IR_CM_CORE_FUNC &&
			    !cm_core_func_eq(&cm_type(L, g->type)->core, &cm_type(L, need->type)->core))
				return false;
		}
		if (!found)
			return false;
	}
	for (uint32_t i = 0; i < y->nexports; i++) {
		const IrCmExtern *want = &y->exports[i];
		const IrCmExtern *have = find(x->exports, x->nexports, want->name);
		if (!have || have->sort != want->sort)
			return false;
		if (want->sort == IR_CM_CORE_FUNC && !cm_core_func_eq(&cm_type(L, have->type)->core, &cm_type(L, want->type)->core))
			return false;
	}
	return true;
}

bool cm_subtype(CmLoad *L, uint32_t a, uint32_t b, CmSubst *m)
{
	if (++m->steps > SUBTYPE_BUDGET)
		return false;
	const IrCmType *x = cm_type(L, a), *y = cm_type(L, b);
	if (x->kind != y->kind && y->kind != IR_CMT_RESOURCE)
		return false;
	switch (y->kind) {
	case IR_CMT_INSTANCE: return exports_sub(L, a, y, m);
	case IR_CMT_COMPONENT: return imports_sub(L, x, y, m) && exports_sub(L, a, y, m);
	case IR_CMT_CORE_MODULE: return core_module_sub(L, x, y);
	case IR_CMT_CORE_FUNC: return cm_core_func_eq(&x->core, &y->core);
	default: return type_eq(L, a, b, m);
	}
}

bool cm_subtype_extern(CmLoad *L, IrCmSort sort, uint32_t a, uint32_t b, CmSubst *m)
{
	if (sort == IR_CM_TYPE && cm_type(L, b)->kind == IR_CMT_RESOURCE) {
		uint32_t to = mapped(m, cm_same(L, b));
		if (to)
			return cm_same(L, a) == to;
		if (cm_type(L, a)->kind != IR_CMT_RESOURCE)
			return false;
		return cm_same(L, a) == cm_same(L, b) || map_add(m, cm_same(L, b), cm_same(L, a));
	}
	if (!cm_subtype(L, a, b, m))
		return false;
	/* an imported type stands for its argument from here on */
	return sort != IR_CM_TYPE || a == b || map_add(m, b, a);
}

/* ---- substitution */

static uint32_t subst(CmScope *s, uint32_t id, CmSubst *m, unsigned depth);

/* in[] are the exports of type `owner`: resources declared inside it
 * (ids from its `first` on) become fresh ones. */
static bool subst_externs(CmScope *s, uint32_t owner, const IrCmExtern *in, uint32_t n, CmSubst *m, unsigned depth,
                          const IrCmExtern **out)
{
	IrCmExtern *e = arena_array(s->L->arena, n + 1, sizeof *e);
	if (!e)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "instance type");
	for (uint32_t i = 0; i < n; i++) {
		e[i] = in[i];
		uint32_t same = cm_same(s->L, in[i].type), first = cm_type(s->L, owner)->first;
		if (in[i].sort == IR_CM_TYPE && cm_type(s->L, same)->kind == IR_CMT_RESOURCE && !mapped(m, same) &&
		    first && same >= first && same < owner) {
			uint32_t fresh;
			if (!cm_type_new(s, IR_CMT_RESOURCE, &fresh) || !map_add(m, same, fresh))
				return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "resources");
		}
		if (!(e[i].type = subst(s, in[i].type, m, depth + 1)))
			return false;
	}
	*out = e;
	return true;
}

static uint32_t copy_with(CmScope *s, const IrCmType *t)
{
	uint32_t out;
	IrCmType *n = cm_type_new(s, (IrCmKind)t->kind, &out);
	if (!n)
		return 0;
	*n = *t;
	n->same = 0;
	return out;
}

/* The members of a value or function type substituted; *changed says
 * whether any differs. */
static bool subst_members(CmScope *s, IrCmType *t, CmSubst *m, unsigned depth, bool *changed)
{
	IrCmField *f = arena_array(s->L->arena, t->n + 1, sizeof *f);
	if (!f)
		return false;
	for (uint32_t i = 0; i < t->n; i++) {
		f[i] = t->fields[i];
		if (f[i].type && !(f[i].type = subst(s, f[i].type, m, depth + 1)))
			return false;
		*changed |= f[i].type != t->fields[i].type;
	}
	t->fields = f;
	uint32_t a = t->a, b = t->b;
	if (t->has_a && !(t->a = subst(s, t->a, m, depth + 1)))
		return false;
	if (t->has_b && !(t->b = subst(s, t->b, m, depth + 1)))
		return false;
	*changed |= a != t->a || b != t->b;
	return true;
}

/* A copy of type id with the substitution applied (imported types by the
 * arguments', exported resources fresh), or id itself when nothing in it
 * changes; 0 after a failure. */
static uint32_t subst(CmScope *s, uint32_t id, CmSubst *m, unsigned depth)
{
	uint32_t to = mapped(m, id);
	if (to)
		return to;
	IrCmType t = *cm_type(s->L, id);
	if (t.kind == IR_CMT_RESOURCE) {
		to = mapped(m, cm_same(s->L, id));
		return to ? to : id;
	}
	if (depth > 2 * CM_MAX_TYPE_DEPTH || ++m->steps > SUBTYPE_BUDGET || (!m->from.n && t.kind != IR_CMT_INSTANCE))
		return id;
	bool changed = false;
	if (t.kind == IR_CMT_INSTANCE) {
		const IrCmExtern *old = t.exports;
		if (!subst_externs(s, id, t.exports, t.nexports, m, depth, &t.exports))
			return 0;
		for (uint32_t i = 0; i < t.nexports; i++)
			changed |= old[i].type != t.exports[i].type;
	} else if (t.kind <= IR_CMT_FUNC && !subst_members(s, &t, m, depth, &changed)) {
		return 0;
	}
	return changed ? copy_with(s, &t) : id;
}

bool cm_subst_exports(CmScope *s, uint32_t ct, CmSubst *m, const IrCmExtern **out, uint32_t *n)
{
	const IrCmType *t = cm_type(s->L, ct);
	*n = t->nexports;
	return subst_externs(s, ct, t->exports, t->nexports, m, 0, out);
}

uint32_t cm_fresh_instance(CmScope *s, uint32_t type)
{
	CmSubst m = { 0 };
	uint32_t out = subst(s, type, &m, 0);
	cm_vec_free(&m.from);
	cm_vec_free(&m.to);
	return out;
}
