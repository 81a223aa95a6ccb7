/* frontend/component/cm_decls.c: component and instance types (their
 * declarations), externdescs, and the imports and exports of a scope. */
#include "cm.h"

#include <string.h>

bool cm_read_extern_name(CmScope *s, IrName *out, size_t *offset)
{
	uint8_t b;
	*offset = s->r->pos;
	if (!fe_reader_u8(s->r, &b))
		return false;
	/* 0x01 was the prefix before component-model#263; still read, as
	 * wasm-tools does, for the binaries made then */
	if (b > 0x01)
		return cm_fail(s, DIAG_CM_ENCODING, *offset, "invalid leading byte 0x%02x for an extern name", b);
	*offset = s->r->pos;
	return fe_reader_name(s->r, out);
}

/* typeidx of the given kind (externdesc operands). */
static bool read_typed(CmScope *s, IrCmSort space, IrCmKind kind, const char *what, uint32_t *out)
{
	size_t at = s->r->pos;
	uint32_t idx;
	if (!fe_reader_u32(s->r, &idx) || !(*out = cm_space_get(s, space, idx, at)))
		return false;
	if (cm_type(s->L, *out)->kind != kind)
		return cm_fail(s, DIAG_CM_TYPE_MISMATCH, at, "type index %u is not a %s type", idx, what);
	return true;
}

static bool read_type_bound(CmScope *s, uint32_t *out)
{
	size_t at = s->r->pos;
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	if (b == 0x00) {
		uint32_t idx;
		size_t iat = s->r->pos;
		return fe_reader_u32(s->r, &idx) && (*out = cm_space_get(s, IR_CM_TYPE, idx, iat)) != 0;
	}
	if (b != 0x01)
		return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a type bound", b);
	IrCmType *t = cm_type_new(s, IR_CMT_RESOURCE, out); /* a fresh abstract resource */
	return t != NULL;
}

bool cm_read_externdesc(CmScope *s, IrCmSort *sort, uint32_t *type)
{
	size_t at = s->r->pos;
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	switch (b) {
	case 0x00: {
		uint8_t k;
		if (!fe_reader_u8(s->r, &k))
			return false;
		if (k != 0x11)
			return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "invalid leading byte 0x%02x for a core module extern", k);
		*sort = IR_CM_CORE_MODULE;
		return read_typed(s, IR_CM_CORE_TYPE, IR_CMT_CORE_MODULE, "core module", type);
	}
	case 0x01: *sort = IR_CM_FUNC; return read_typed(s, IR_CM_TYPE, IR_CMT_FUNC, "function", type);
	case 0x02: return cm_fail(s, DIAG_CM_GATED, at, "component values");
	case 0x03: *sort = IR_CM_TYPE; return read_type_bound(s, type);
	case 0x04: *sort = IR_CM_COMPONENT; return read_typed(s, IR_CM_TYPE, IR_CMT_COMPONENT, "component", type);
	case 0x05: *sort = IR_CM_INSTANCE; return read_typed(s, IR_CM_TYPE, IR_CMT_INSTANCE, "instance", type);
	default: return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for an extern kind", b);
	}
}

/* An imported or exported type is a new name for its type: equal to it
 * in every comparison, but a distinct index (external visibility). */
uint32_t cm_name_type(CmScope *s, uint32_t type)
{
	if (s->kind == CM_SCOPE_MODULE_TYPE)
		return type;
	IrCmType copy = *cm_type(s->L, type);
	uint32_t id;
	IrCmType *t = cm_type_new(s, (IrCmKind)copy.kind, &id);
	if (!t)
		return 0;
	*t = copy;
	t->same = cm_same(s->L, type);
	return id;
}

static bool add_extern(CmScope *s, CmVec *v, bool import, IrName name, size_t offset, IrCmSort sort, uint32_t type,
                       uint32_t index)
{
	const char *why;
	if (!cm_extern_name_valid(name, import, &why))
		return cm_fail(s, DIAG_CM_NAME, offset, "%s name `%.*s`: %s", import ? "import" : "export",
		               (int)name.len, name.p, why);
	IrName clash;
	int added = cm_names_add(import ? &s->import_names : &s->export_names, name, CM_NAMES_EXTERN, 0, &clash);
	if (added < 0)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, offset, "names");
	if (!added)
		return cm_fail(s, DIAG_CM_DUPLICATE_NAME, offset, "%s name `%.*s` conflicts with previous name `%.*s`",
		               import ? "import" : "export", (int)name.len, name.p, (int)clash.len, clash.p);
	if (!cm_check_annotated(s, v, name, sort, type, offset) || !cm_check_named(s, import, sort, type, offset))
		return false;
	if (sort == IR_CM_TYPE && !(type = cm_name_type(s, type)))
		return false;
	IrCmExtern *slot = cm_vec_push(v, sizeof *slot);
	if (!slot)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, offset, "externs");
	*slot = (IrCmExtern){ .name = name, .sort = (uint8_t)sort, .type = type, .index = index };
	IrCmDef def = cm_def(import ? IR_CM_DEF_IMPORT : IR_CM_DEF_EXPORT, v->n - 1);
	return cm_register_named(s, import, sort, type) && cm_space_push(s, sort, type, def);
}

bool cm_add_import(CmScope *s, IrName name, size_t offset, IrCmSort sort, uint32_t type)
{
	return add_extern(s, &s->imports, true, name, offset, sort, type, 0);
}

bool cm_add_export(CmScope *s, IrName name, size_t offset, IrCmSort sort, uint32_t type, uint32_t index)
{
	return add_extern(s, &s->exports, false, name, offset, sort, type, index);
}

/* An import or export declaration; each instance it names has resources
 * of its own. */
static bool read_externdecl(CmScope *s, bool import)
{
	IrName name;
	size_t at;
	IrCmSort sort;
	uint32_t type;
	if (!cm_read_extern_name(s, &name, &at) || !cm_read_externdesc(s, &sort, &type))
		return false;
	if (sort == IR_CM_INSTANCE && !(type = cm_fresh_instance(s, type)))
		return false;
	return import ? cm_add_import(s, name, at, sort, type) : cm_add_export(s, name, at, sort, type, 0);
}

static bool read_decl(CmScope *s)
{
	size_t at = s->r->pos;
	uint8_t b;
	uint32_t t;
	if (!fe_reader_u8(s->r, &b))
		return false;
	switch (b) {
	case 0x00: return cm_read_core_type(s, &t) && cm_space_push(s, IR_CM_CORE_TYPE, t, cm_def(IR_CM_DEF_NONE, 0));
	case 0x01: return cm_read_type(s, &t) && cm_space_push(s, IR_CM_TYPE, t, cm_def(IR_CM_DEF_NONE, 0));
	case 0x02: return cm_read_alias(s);
	case 0x03:
		if (s->kind == CM_SCOPE_COMPONENT_TYPE)
			return read_externdecl(s, true);
		break;
	case 0x04: return read_externdecl(s, false);
	}
	return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a %s declaration", b,
	               s->kind == CM_SCOPE_COMPONENT_TYPE ? "component type" : "instance type");
}

bool cm_read_decl_type(CmScope *s, IrCmKind kind, uint32_t *out)
{
	if (s->L->depth >= CM_MAX_DEPTH)
		return cm_fail(s, DIAG_CM_NESTING, s->r->pos, "more than %d levels", CM_MAX_DEPTH);
	CmScope inner;
	cm_scope_init(&inner, s, s->L, s->r,
	              kind == IR_CMT_COMPONENT ? CM_SCOPE_COMPONENT_TYPE : CM_SCOPE_INSTANCE_TYPE);
	uint32_t first = s->L->types.n;
	uint32_t count;
	bool ok = fe_reader_count(s->r, 1, &count);
	s->L->depth++;
	for (uint32_t i = 0; ok && i < count; i++)
		ok = read_decl(&inner);
	s->L->depth--;
	IrCmType *t = ok ? cm_type_new(s, kind, out) : NULL;
	if (t) {
		t->first = first;
		t->nimports = inner.imports.n;
		t->imports = cm_vec_to_arena(s->L->arena, &inner.imports, sizeof(IrCmExtern));
		t->nexports = inner.exports.n;
		t->exports = cm_vec_to_arena(s->L->arena, &inner.exports, sizeof(IrCmExtern));
	}
	cm_scope_free(&inner);
	return t != NULL && cm_externs_summarise(s, *out, s->r->pos);
}

bool cm_read_import_section(CmScope *s)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!read_externdecl(s, true))
			return false;
	return true;
}

static bool sort_exportable(IrCmSort sort)
{
	return sort == IR_CM_CORE_MODULE || sort >= IR_CM_FUNC;
}

/* exportname' sortidx externdesc?: an ascribed type must be a supertype. */
static bool read_export(CmScope *s)
{
	IrName name;
	size_t at, iat;
	IrCmSort sort;
	uint32_t idx, type;
	uint8_t has;
	if (!cm_read_extern_name(s, &name, &at) || !cm_read_sort(s, &sort))
		return false;
	iat = s->r->pos;
	if (!fe_reader_u32(s->r, &idx) || !(type = cm_space_get(s, sort, idx, iat)) || !fe_reader_u8(s->r, &has))
		return false;
	if (!sort_exportable(sort))
		return cm_fail(s, DIAG_CM_EXPORT, iat, "a %s cannot be exported from a component", cm_sort_name(sort));
	if (has > 1)
		return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "invalid optional type flag 0x%02x", has);
	if (has) {
		IrCmSort asort;
		uint32_t atype;
		size_t tat = s->r->pos;
		if (!cm_read_externdesc(s, &asort, &atype))
			return false;
		CmSubst m = { 0 };
		bool ok = asort == sort && cm_subtype_extern(s->L, sort, type, atype, &m);
		cm_vec_free(&m.from);
		cm_vec_free(&m.to);
		if (!ok)
			return cm_fail(s, DIAG_CM_TYPE_MISMATCH, tat, "ascribed type of export `%.*s` is not a supertype of the item",
			               (int)name.len, name.p);
		type = atype; /* a (sub resource) ascription makes the export abstract */
	}
	return cm_add_export(s, name, at, sort, type, idx);
}

bool cm_read_export_section(CmScope *s)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!read_export(s))
			return false;
	return true;
}
