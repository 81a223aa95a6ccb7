/* frontend/component/cm_annotated.c: what [constructor], [method] and
 * [static] names promise about the function they name: a constructor
 * returns an own handle (or a result holding one) of the resource named
 * R in the same namespace; a method takes `self: borrow<R>` first; a
 * static function needs a resource called R. */
#include "cm.h"

#include <string.h>

static bool starts(IrName n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n.len >= k && memcmp(n.p, prefix, k) == 0;
}

/* The resource type named `name` in the namespace, or 0. */
static uint32_t resource_named(CmLoad *L, const CmVec *ns, const char *p, size_t len)
{
	const IrCmExtern *e = ns->v;
	for (uint32_t i = 0; i < ns->n; i++)
		if (e[i].sort == IR_CM_TYPE && e[i].name.len == len && cm_bytes_eq(e[i].name.p, p, len) &&
		    cm_type(L, e[i].type)->kind == IR_CMT_RESOURCE)
			return cm_same(L, e[i].type);
	return 0;
}

/* Is the handle's resource the one the name calls R? */
static bool check_resource(CmScope *s, const CmVec *ns, uint32_t res, const char *r, size_t rlen, size_t at)
{
	const IrCmExtern *e = ns->v;
	for (uint32_t i = 0; i < ns->n; i++)
		if (e[i].sort == IR_CM_TYPE && e[i].type == res) { /* the very name, not an equal type */
			if (e[i].name.len == rlen && cm_bytes_eq(e[i].name.p, r, rlen))
				return true;
			return cm_fail(s, DIAG_CM_NAME, at, "function does not match expected resource name `%.*s`",
			               (int)e[i].name.len, e[i].name.p);
		}
	return cm_fail(s, DIAG_CM_NAME, at, "resource used in function does not have a name in this context");
}

static bool constructor(CmScope *s, const CmVec *ns, const IrCmType *f, IrName r, size_t at)
{
	if (!f->has_a)
		return cm_fail(s, DIAG_CM_NAME, at, "function should return one value");
	const IrCmType *t = cm_type(s->L, f->a);
	if (t->kind == IR_CMT_RESULT && t->has_a)
		t = cm_type(s->L, t->a);
	if (t->kind != IR_CMT_OWN)
		return cm_fail(s, DIAG_CM_NAME, at, "function should return `(own $T)` or `(result (own $T))`");
	return check_resource(s, ns, t->a, r.p, r.len, at);
}

static bool method(CmScope *s, const CmVec *ns, const IrCmType *f, IrName r, size_t at)
{
	if (f->n == 0)
		return cm_fail(s, DIAG_CM_NAME, at, "method should have at least one argument");
	if (f->fields[0].name.len != 4 || memcmp(f->fields[0].name.p, "self", 4) != 0)
		return cm_fail(s, DIAG_CM_NAME, at, "method should have a first argument called `self`");
	const IrCmType *t = cm_type(s->L, f->fields[0].type);
	if (t->kind != IR_CMT_BORROW)
		return cm_fail(s, DIAG_CM_NAME, at, "method should take a first argument of `(borrow $T)`");
	return check_resource(s, ns, t->a, r.p, r.len, at);
}

bool cm_check_annotated(CmScope *s, const CmVec *ns, IrName name, IrCmSort sort, uint32_t type, size_t at)
{
	int kind = starts(name, "[constructor]") ? 1 : starts(name, "[method]") ? 2 : starts(name, "[static]") ? 3 : 0;
	if (!kind)
		return true;
	if (sort != IR_CM_FUNC)
		return cm_fail(s, DIAG_CM_NAME, at, "`%.*s` is not a func", (int)name.len, name.p);
	size_t skip = kind == 1 ? 13 : 8;
	IrName r = { name.p + skip, (uint32_t)(name.len - skip) };
	if (kind > 1)
		r.len = (uint32_t)((const char *)memchr(r.p, '.', r.len) - r.p); /* the name was checked to hold a '.' */
	const IrCmType *f = cm_type(s->L, type);
	if (kind == 1)
		return constructor(s, ns, f, r, at);
	if (kind == 2)
		return method(s, ns, f, r, at);
	if (!resource_named(s->L, ns, r.p, r.len))
		return cm_fail(s, DIAG_CM_NAME, at, "static resource name is not known in this context");
	return true;
}
