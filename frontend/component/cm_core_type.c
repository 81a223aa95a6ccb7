/* frontend/component/cm_core_type.c: core types inside a component: core
 * function types and core module types (their declarations: imports,
 * types, outer type aliases, exports). */
#include "cm.h"

#include <string.h>

/* A core value type; a typed reference must name a core function type
 * of the scope (3.0 function references; a module type is no heap type). */
static bool read_core_valtype(CmScope *s, IrValType *v)
{
	size_t at = s->r->pos;
	if (!fe_read_valtype(s->r, v))
		return false;
	if (ir_heap(*v) != IR_HT_INDEX)
		return true;
	uint32_t idx = ir_ref_index(*v);
	uint32_t t = idx < s->space[IR_CM_CORE_TYPE].n ? ((const uint32_t *)s->space[IR_CM_CORE_TYPE].v)[idx] : 0;
	if (!t)
		return cm_fail(s, DIAG_CM_UNKNOWN_INDEX, at, "type index out of bounds: core type %u", idx);
	if (cm_type(s->L, t)->kind != IR_CMT_CORE_FUNC)
		return cm_fail(s, DIAG_CM_INVALID_TYPE, at, "type index %u is a module type", idx);
	return true;
}

/* 0x60 vec(valtype) vec(valtype), the byte 0x60 read. */
static bool read_core_functype(CmScope *s, uint32_t *out)
{
	IrFuncType ft = { 0 };
	IrValType *v[2];
	uint32_t n[2];
	for (int k = 0; k < 2; k++) {
		if (!fe_reader_count(s->r, 1, &n[k]))
			return false;
		v[k] = arena_array(s->L->arena, n[k] ? n[k] : 1, sizeof *v[k]);
		if (!v[k])
			return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "core function type");
		for (uint32_t i = 0; i < n[k]; i++)
			if (!read_core_valtype(s, &v[k][i]))
				return false;
	}
	ft = (IrFuncType){ .nparams = n[0], .nresults = n[1], .params = v[0], .results = v[1] };
	IrCmType *t = cm_type_new(s, IR_CMT_CORE_FUNC, out);
	if (!t)
		return false;
	t->core = ft;
	return true;
}

static bool read_limits(CmScope *s, IrLimits *l)
{
	uint8_t flag;
	size_t at = s->r->pos;
	if (!fe_reader_u8(s->r, &flag))
		return false;
	if (flag > 1)
		return cm_fail(s, DIAG_CM_GATED, at, "limits flag 0x%02x (shared or 64-bit memories)", flag);
	uint32_t min, max = 0;
	l->has_max = flag;
	l->is64 = false;
	if (!fe_reader_u32(s->r, &min) || (flag && !fe_reader_u32(s->r, &max)))
		return false;
	l->min = min;
	l->max = max;
	if (flag && l->min > l->max)
		return cm_fail(s, DIAG_CM_INVALID_TYPE, at, "size minimum must not be greater than maximum");
	return true;
}

static bool check_memory(CmScope *s, const IrLimits *l, size_t at)
{
	if (l->min > 65536 || (l->has_max && l->max > 65536))
		return cm_fail(s, DIAG_CM_INVALID_TYPE, at, "memory size must be at most 65536 pages (4GiB)");
	return true;
}

/* A core importdesc (func typeidx, table, memory, global) as a type node. */
static bool read_core_desc(CmScope *s, IrCmSort *sort, uint32_t *out)
{
	size_t at = s->r->pos;
	uint8_t b;
	IrCmType tmp = { 0 };
	if (!fe_reader_u8(s->r, &b))
		return false;
	switch (b) {
	case 0x00: {
		uint32_t idx;
		size_t iat = s->r->pos;
		if (!fe_reader_u32(s->r, &idx) || !(*out = cm_space_get(s, IR_CM_CORE_TYPE, idx, iat)))
			return false;
		if (cm_type(s->L, *out)->kind != IR_CMT_CORE_FUNC)
			return cm_fail(s, DIAG_CM_TYPE_MISMATCH, iat, "core type %u is not a function type", idx);
		*sort = IR_CM_CORE_FUNC;
		return true;
	}
	case 0x01:
		tmp.kind = IR_CMT_CORE_TABLE;
		*sort = IR_CM_CORE_TABLE;
		if (!fe_read_reftype(s->r, &tmp.table.elem) || !read_limits(s, &tmp.table.limits))
			return false;
		break;
	case 0x02:
		tmp.kind = IR_CMT_CORE_MEMORY;
		*sort = IR_CM_CORE_MEMORY;
		if (!read_limits(s, &tmp.mem) || !check_memory(s, &tmp.mem, at))
			return false;
		break;
	case 0x03: {
		uint8_t mut;
		tmp.kind = IR_CMT_CORE_GLOBAL;
		*sort = IR_CM_CORE_GLOBAL;
		if (!read_core_valtype(s, &tmp.global.type) || !fe_reader_u8(s->r, &mut))
			return false;
		if (mut > 1)
			return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "malformed mutability");
		tmp.global.mut = mut;
		break;
	}
	case 0x04:
		return cm_fail(s, DIAG_CM_GATED, at, "core tags (exception handling)");
	default:
		return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a core import", b);
	}
	IrCmType *t = cm_type_new(s, tmp.kind, out);
	if (!t)
		return false;
	*t = tmp;
	return true;
}

static bool push_extern(CmScope *s, CmVec *v, IrName module, IrName name, IrCmSort sort, uint32_t type)
{
	IrCmExtern *e = cm_vec_push(v, sizeof *e);
	if (!e)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "declarations");
	*e = (IrCmExtern){ .name = name, .module = module, .sort = (uint8_t)sort, .type = type };
	return true;
}

static bool read_module_import(CmScope *s)
{
	IrName module, name;
	IrCmSort sort;
	uint32_t type;
	size_t at = s->r->pos;
	if (!fe_reader_name(s->r, &module) || !fe_reader_name(s->r, &name) || !read_core_desc(s, &sort, &type))
		return false;
	int added = cm_names_add_pair(&s->import_names, s->L->arena, module, name, s->imports.n);
	if (added < 0)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, at, "names");
	if (!added)
		return cm_fail(s, DIAG_CM_DUPLICATE_NAME, at, "duplicate import name `%.*s::%.*s`",
		               (int)module.len, module.p, (int)name.len, name.p);
	return push_extern(s, &s->imports, module, name, sort, type) && cm_space_push(s, sort, type, cm_def(IR_CM_DEF_NONE, 0));
}

static bool read_module_export(CmScope *s)
{
	IrName name;
	IrCmSort sort;
	uint32_t type;
	size_t at = s->r->pos;
	if (!fe_reader_name(s->r, &name) || !read_core_desc(s, &sort, &type))
		return false;
	IrName clash;
	int added = cm_names_add(&s->export_names, name, CM_NAMES_EXACT, s->exports.n, &clash);
	if (added < 0)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, at, "names");
	if (!added)
		return cm_fail(s, DIAG_CM_DUPLICATE_NAME, at, "duplicate export name `%.*s`", (int)name.len, name.p);
	return push_extern(s, &s->exports, (IrName){ 0 }, name, sort, type);
}

/* A core alias inside a module type: only outer types. */
static bool read_module_alias(CmScope *s)
{
	size_t at = s->r->pos;
	IrCmSort sort;
	uint8_t target;
	if (!cm_read_core_sort(s, &sort) || !fe_reader_u8(s->r, &target))
		return false;
	if (target != 0x01)
		return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "invalid leading byte 0x%02x for a core alias target", target);
	if (sort != IR_CM_CORE_TYPE)
		return cm_fail(s, DIAG_CM_ENCODING, at, "invalid outer alias kind in a core module type: only types");
	uint32_t count, idx;
	size_t cat = s->r->pos;
	if (!fe_reader_u32(s->r, &count) || !fe_reader_u32(s->r, &idx))
		return false;
	CmScope *o = s;
	for (uint32_t i = 0; i < count && o; i++)
		o = o->parent;
	if (!o)
		return cm_fail(s, DIAG_CM_ALIAS, cat, "invalid outer alias count of %u", count);
	uint32_t t = cm_space_get(o, IR_CM_CORE_TYPE, idx, cat);
	if (!t) {
		s->r->failed = true;
		return false;
	}
	return cm_space_push(s, IR_CM_CORE_TYPE, t, cm_def(IR_CM_DEF_NONE, 0));
}

static bool read_module_decl(CmScope *s)
{
	size_t at = s->r->pos;
	uint8_t b;
	uint32_t t;
	if (!fe_reader_u8(s->r, &b))
		return false;
	switch (b) {
	case 0x00: return read_module_import(s);
	case 0x01: {
		uint8_t k;
		size_t kat = s->r->pos;
		if (!fe_reader_u8(s->r, &k))
			return false;
		if (k == 0x50)
			return cm_fail(s, DIAG_CM_INVALID_TYPE, kat, "core module types cannot be nested");
		if (k != 0x60)
			return cm_fail(s, DIAG_CM_ENCODING, kat, "invalid leading byte 0x%02x for a core type", k);
		return read_core_functype(s, &t) && cm_space_push(s, IR_CM_CORE_TYPE, t, cm_def(IR_CM_DEF_NONE, 0));
	}
	case 0x02: return read_module_alias(s);
	case 0x03: return read_module_export(s);
	default: return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a module type declaration", b);
	}
}

static bool read_moduletype(CmScope *s, uint32_t *out)
{
	if (s->L->depth >= CM_MAX_DEPTH)
		return cm_fail(s, DIAG_CM_NESTING, s->r->pos, "more than %d levels", CM_MAX_DEPTH);
	CmScope inner;
	cm_scope_init(&inner, s, s->L, s->r, CM_SCOPE_MODULE_TYPE);
	uint32_t count;
	bool ok = fe_reader_count(s->r, 1, &count);
	s->L->depth++;
	for (uint32_t i = 0; ok && i < count; i++)
		ok = read_module_decl(&inner);
	s->L->depth--;
	IrCmType *t = ok ? cm_type_new(s, IR_CMT_CORE_MODULE, out) : NULL;
	if (t) {
		t->nimports = inner.imports.n;
		t->imports = cm_vec_to_arena(s->L->arena, &inner.imports, sizeof(IrCmExtern));
		t->nexports = inner.exports.n;
		t->exports = cm_vec_to_arena(s->L->arena, &inner.exports, sizeof(IrCmExtern));
	}
	cm_scope_free(&inner);
	return t != NULL;
}

/* GC's subtype form (0x00 0x50 non-final, as 0x50 alone means a module
 * type here; 0x4f final) around a function type without supertypes:
 * Wasm 2.0's function type spelled the GC way. */
static bool read_subtype(CmScope *s, uint8_t b, size_t at, uint32_t *out)
{
	uint8_t k;
	uint32_t supers;
	if (b == 0x00 && (!fe_reader_u8(s->r, &k) || k != 0x50))
		return s->r->failed ? false : cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x00 for a core type");
	if (!fe_reader_u32(s->r, &supers))
		return false;
	if (supers)
		return cm_fail(s, DIAG_CM_GATED, at, "core gc types (supertypes)");
	if (!fe_reader_u8(s->r, &k))
		return false;
	if (k != 0x60)
		return cm_fail(s, DIAG_CM_GATED, at, "core gc types (struct, array)");
	return read_core_functype(s, out);
}

bool cm_read_core_type(CmScope *s, uint32_t *out)
{
	size_t at = s->r->pos;
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	if (b == 0x60)
		return read_core_functype(s, out);
	if (b == 0x50)
		return read_moduletype(s, out);
	if (b == 0x00 || b == 0x4f)
		return read_subtype(s, b, at, out);
	if (b == 0x4e || b == 0x5e || b == 0x5f)
		return cm_fail(s, DIAG_CM_GATED, at, "core gc types");
	return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a core type", b);
}

bool cm_read_core_type_section(CmScope *s)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t t;
		if (!cm_read_core_type(s, &t) || !cm_space_push(s, IR_CM_CORE_TYPE, t, cm_def(IR_CM_DEF_ITEM, 0)))
			return false;
	}
	return true;
}

/* The core module type of a validated module: its imports and exports. */
static uint32_t entity_type(CmScope *s, const IrModule *m, uint8_t kind, uint32_t index)
{
	uint32_t id;
	static const uint8_t kinds[] = { IR_CMT_CORE_FUNC, IR_CMT_CORE_TABLE, IR_CMT_CORE_MEMORY, IR_CMT_CORE_GLOBAL };
	IrCmType *t = cm_type_new(s, kinds[kind], &id);
	if (!t)
		return 0;
	switch (kind) {
	case IR_EXTERN_FUNC: t->core = *ir_func_type(m, index); break;
	case IR_EXTERN_TABLE: t->table = m->tables[index]; break;
	case IR_EXTERN_MEMORY: t->mem = m->mems[index]; break;
	default: t->global = m->globals[index].type; break;
	}
	return id;
}

static bool module_externs(CmScope *s, const IrModule *m, IrCmExtern *imports, IrCmExtern *exports)
{
	static const uint8_t sorts[] = { IR_CM_CORE_FUNC, IR_CM_CORE_TABLE, IR_CM_CORE_MEMORY, IR_CM_CORE_GLOBAL };
	for (uint32_t i = 0; i < m->nimports; i++) {
		const IrImport *im = &m->imports[i];
		imports[i] = (IrCmExtern){ .name = im->name, .module = im->module, .sort = sorts[im->kind],
		                           .type = entity_type(s, m, im->kind, im->index) };
		if (!imports[i].type)
			return false;
	}
	for (uint32_t i = 0; i < m->nexports; i++) {
		const IrExport *ex = &m->exports[i];
		exports[i] = (IrCmExtern){ .name = ex->name, .sort = sorts[ex->kind],
		                           .type = entity_type(s, m, ex->kind, ex->index) };
		if (!exports[i].type)
			return false;
	}
	return true;
}

uint32_t cm_module_type(CmScope *s, const IrModule *m)
{
	IrCmExtern *imports = arena_array(s->L->arena, m->nimports + 1, sizeof *imports);
	IrCmExtern *exports = arena_array(s->L->arena, m->nexports + 1, sizeof *exports);
	if (!imports || !exports) {
		cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "module type");
		return 0;
	}
	if (!module_externs(s, m, imports, exports))
		return 0;
	uint32_t id;
	IrCmType *t = cm_type_new(s, IR_CMT_CORE_MODULE, &id);
	if (!t)
		return 0;
	t->nimports = m->nimports;
	t->imports = imports;
	t->nexports = m->nexports;
	t->exports = exports;
	return id;
}
