/* frontend/component/cm_named.c: external visibility of types (Explainer,
 * "external visibility of types").  A record, variant, enum, flags or
 * resource reaching outside a component must do so under a name: an
 * exported function may use them only through an imported or exported
 * type, an imported one only through an imported type.  Structural types
 * (lists, tuples, options, results) are looked through. */
#include "cm.h"

typedef struct Named {
	const CmSet *set;
	const CmSet *extra;    /* types an instance named before this export */
} Named;

static bool has_name(const Named *n, uint32_t id)
{
	return cm_set_has(n->set, id) || (n->extra && cm_set_has(n->extra, id));
}

static bool contents_named(CmLoad *L, const Named *n, uint32_t id, unsigned depth);

/* A value type used by reference: nominal types need a name. */
static bool valtype_named(CmLoad *L, const Named *n, uint32_t id, unsigned depth)
{
	const IrCmType *t = cm_type(L, id);
	switch (t->kind) {
	case IR_CMT_RECORD: case IR_CMT_VARIANT: case IR_CMT_ENUM: case IR_CMT_FLAGS: case IR_CMT_RESOURCE:
		return has_name(n, id);
	default: return contents_named(L, n, id, depth + 1);
	}
}

static bool contents_named(CmLoad *L, const Named *n, uint32_t id, unsigned depth)
{
	const IrCmType *t = cm_type(L, id);
	if (depth > 2 * CM_MAX_TYPE_DEPTH) /* types are at most CM_MAX_TYPE_DEPTH deep */
		return false;
	switch (t->kind) {
	case IR_CMT_RECORD: case IR_CMT_VARIANT: case IR_CMT_TUPLE: case IR_CMT_FUNC:
		for (uint32_t i = 0; i < t->n; i++)
			if (t->fields[i].type && !valtype_named(L, n, t->fields[i].type, depth))
				return false;
		return !(t->kind == IR_CMT_FUNC && t->has_a) || valtype_named(L, n, t->a, depth);
	case IR_CMT_LIST: case IR_CMT_OPTION: return valtype_named(L, n, t->a, depth);
	case IR_CMT_RESULT:
		return (!t->has_a || valtype_named(L, n, t->a, depth)) && (!t->has_b || valtype_named(L, n, t->b, depth));
	case IR_CMT_OWN: case IR_CMT_BORROW: return has_name(n, t->a);
	default: return true;
	}
}

static bool push_id(CmSet *v, uint32_t id)
{
	return cm_set_add(v, id);
}

static bool entity_named(CmLoad *L, const Named *n, IrCmSort sort, uint32_t type, unsigned depth);

/* The types an export names: a type, or an instance's type exports. */
static bool collect(CmLoad *L, CmSet *v, IrCmSort sort, uint32_t type, unsigned depth)
{
	if (sort == IR_CM_TYPE)
		return push_id(v, type);
	if (sort != IR_CM_INSTANCE || depth > 2 * CM_MAX_TYPE_DEPTH)
		return true;
	const IrCmType *t = cm_type(L, type);
	for (uint32_t i = 0; i < t->nexports; i++)
		if (!collect(L, v, t->exports[i].sort, t->exports[i].type, depth + 1))
			return false;
	return true;
}

/* An instance's exports in order, each type export naming its type for
 * the exports after it. */
static bool instance_named(CmLoad *L, const Named *n, const IrCmType *t, unsigned depth)
{
	CmSet local = { 0 };
	Named inner = { n->set, &local };
	bool ok = depth <= 2 * CM_MAX_TYPE_DEPTH;
	if (n->extra)
		for (uint32_t i = 0; ok && i < n->extra->cap; i++)
			ok = !n->extra->slots[i] || push_id(&local, n->extra->slots[i] - 1);
	for (uint32_t i = 0; ok && i < t->nexports; i++) {
		const IrCmExtern *e = &t->exports[i];
		ok = entity_named(L, &inner, e->sort, e->type, depth + 1) && collect(L, &local, e->sort, e->type, depth);
	}
	cm_set_free(&local);
	return ok;
}

static bool entity_named(CmLoad *L, const Named *n, IrCmSort sort, uint32_t type, unsigned depth)
{
	switch (sort) {
	case IR_CM_TYPE:
		if (cm_type(L, type)->kind == IR_CMT_INSTANCE)
			return instance_named(L, n, cm_type(L, type), depth);
		return contents_named(L, n, type, 0);
	case IR_CM_FUNC: return contents_named(L, n, type, 0);
	case IR_CM_INSTANCE: return instance_named(L, n, cm_type(L, type), depth);
	default: return true;
	}
}

bool cm_check_named(CmScope *s, bool import, IrCmSort sort, uint32_t type, size_t at)
{
	if (s->kind == CM_SCOPE_MODULE_TYPE || s->kind == CM_SCOPE_INSTANCE_TYPE)
		return true; /* instance types are checked where they are used */
	Named n = { import ? &s->named_imports : &s->named_exports, NULL };
	if (entity_named(s->L, &n, sort, type, 0))
		return true;
	return cm_fail(s, DIAG_CM_EXPORT, at, "%s not valid to be used as %s",
	               sort == IR_CM_TYPE ? "type" : sort == IR_CM_FUNC ? "func" : cm_sort_name(sort),
	               import ? "import" : "export");
}

/* The types an entity names: a type itself, an instance's type exports. */
static bool register_types(CmScope *s, bool import, IrCmSort sort, uint32_t type, unsigned depth)
{
	if (depth > 2 * CM_MAX_TYPE_DEPTH)
		return true;
	if (sort == IR_CM_TYPE)
		return (!import || push_id(&s->named_imports, type)) && push_id(&s->named_exports, type);
	if (sort != IR_CM_INSTANCE)
		return true;
	const IrCmType *t = cm_type(s->L, type);
	const IrCmExtern *e = t->exports;
	uint32_t n = t->nexports;
	for (uint32_t i = 0; i < n; i++)
		if (!register_types(s, import, e[i].sort, e[i].type, depth + 1))
			return false;
	return true;
}

bool cm_register_named(CmScope *s, bool import, IrCmSort sort, uint32_t type)
{
	if (!register_types(s, import, sort, type, 0))
		return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "named types");
	return true;
}
