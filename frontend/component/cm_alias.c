/* frontend/component/cm_alias.c: aliases of instance exports, core
 * instance exports and outer definitions. */
#include "cm.h"

#include <string.h>

static bool is_core(IrCmSort sort)
{
	return sort <= IR_CM_CORE_INSTANCE;
}

static bool alias_export(CmScope *s, IrCmSort sort, bool core)
{
	size_t at = s->r->pos;
	uint32_t idx;
	IrName name;
	if (!fe_reader_u32(s->r, &idx) || !fe_reader_name(s->r, &name))
		return false;
	if (core != is_core(sort) && !(!core && sort == IR_CM_CORE_MODULE))
		return cm_fail(s, DIAG_CM_ALIAS, at, "a %s cannot be aliased from a %s", cm_sort_name(sort),
		               core ? "core instance" : "component instance");
	uint32_t inst = cm_space_get(s, core ? IR_CM_CORE_INSTANCE : IR_CM_INSTANCE, idx, at);
	if (!inst)
		return false;
	const IrCmExtern *e = cm_find_extern(s->L, inst, false, name);
	if (!e)
		return cm_fail(s, DIAG_CM_ALIAS, at, "instance %u has no export named `%.*s`", idx, (int)name.len, name.p);
	if (e->sort != sort)
		return cm_fail(s, DIAG_CM_ALIAS, at, "export `%.*s` of instance %u is a %s, not a %s", (int)name.len,
		               name.p, idx, cm_sort_name(e->sort), cm_sort_name(sort));
	IrCmDef def = cm_def(core ? IR_CM_DEF_ALIAS_CORE : IR_CM_DEF_ALIAS, idx);
	def.name = name;
	return cm_space_push(s, sort, e->type, def);
}

/* A type that names a resource defined outside the scope it is aliased
 * into cannot be carried inward (resources are generative). */
static bool names_resource(CmLoad *L, uint32_t id)
{
	const IrCmType *t = cm_type(L, id);
	return t->kind == IR_CMT_RESOURCE || t->handles;
}

static bool alias_outer(CmScope *s, IrCmSort sort)
{
	size_t at = s->r->pos;
	uint32_t count, idx;
	if (!fe_reader_u32(s->r, &count) || !fe_reader_u32(s->r, &idx))
		return false;
	if (sort != IR_CM_TYPE && sort != IR_CM_CORE_TYPE && sort != IR_CM_CORE_MODULE && sort != IR_CM_COMPONENT)
		return cm_fail(s, DIAG_CM_ENCODING, at, "invalid outer alias kind: a %s", cm_sort_name(sort));
	CmScope *o = s;
	bool crosses_component = false;
	for (uint32_t i = 0; i < count && o; i++) {
		crosses_component |= o->kind == CM_SCOPE_COMPONENT;
		o = o->parent;
	}
	if (!o)
		return cm_fail(s, DIAG_CM_ALIAS, at, "invalid outer alias count of %u", count);
	if (idx >= o->space[sort].n)
		return cm_fail(s, DIAG_CM_UNKNOWN_INDEX, at, "outer %s %u (%u defined)", cm_sort_name(sort), idx,
		               o->space[sort].n);
	uint32_t t = ((const uint32_t *)o->space[sort].v)[idx];
	if (crosses_component && sort == IR_CM_TYPE && names_resource(s->L, t))
		return cm_fail(s, DIAG_CM_ALIAS, at, "refers to resources not defined in the current component");
	IrCmDef def = cm_def(IR_CM_DEF_OUTER, count);
	def.b = idx;
	return cm_space_push(s, sort, t, def);
}

static bool in_type(const CmScope *s)
{
	return s->kind == CM_SCOPE_COMPONENT_TYPE || s->kind == CM_SCOPE_INSTANCE_TYPE;
}

bool cm_read_alias(CmScope *s)
{
	IrCmSort sort;
	uint8_t target;
	size_t at = s->r->pos;
	if (!cm_read_sort(s, &sort) || !fe_reader_u8(s->r, &target))
		return false;
	if (in_type(s) && target <= 0x02 && sort != IR_CM_TYPE && sort != IR_CM_CORE_TYPE &&
	    !(target == 0x00 && sort == IR_CM_INSTANCE))
		return cm_fail(s, DIAG_CM_ALIAS, at, "aliases in a component or instance type may only refer to types or instances");
	switch (target) {
	case 0x00: return alias_export(s, sort, false);
	case 0x01: return alias_export(s, sort, true);
	case 0x02: return alias_outer(s, sort);
	default:
		return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "invalid leading byte 0x%02x for an alias target", target);
	}
}

bool cm_read_alias_section(CmScope *s)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!cm_read_alias(s))
			return false;
	return true;
}
