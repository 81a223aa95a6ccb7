/* frontend/component/cm_load.c: a component binary, from its preamble
 * through its sections, into an IrComponent; nested components recurse
 * here with a depth cap.  fe_component_load is the whole stage. */
#include "cm.h"

#include <stdlib.h>
#include <string.h>

enum { SEC_CUSTOM, SEC_CORE_MODULE, SEC_CORE_INSTANCE, SEC_CORE_TYPE, SEC_COMPONENT, SEC_INSTANCE,
       SEC_ALIAS, SEC_TYPE, SEC_CANON, SEC_START, SEC_IMPORT, SEC_EXPORT, SEC_VALUE };

static bool read_preamble(Reader *r)
{
	static const uint8_t magic[4] = { 0x00, 0x61, 0x73, 0x6d };
	const uint8_t *p;
	size_t at = r->pos;
	if (r->end - r->pos < 8) {
		fe_reader_fail(r, DIAG_UNEXPECTED_END, r->end, "component preamble");
		return false;
	}
	if (!fe_reader_bytes(r, 8, &p))
		return false;
	if (memcmp(p, magic, 4) != 0) {
		fe_reader_fail(r, DIAG_MAGIC, at, NULL);
		return false;
	}
	if (p[4] != 0x0d || p[5] != 0x00 || p[6] != 0x01 || p[7] != 0x00) {
		fe_reader_fail(r, DIAG_VERSION, at + 4, "expected component version 0x0d, layer 1");
		return false;
	}
	return true;
}

static bool read_component_section(CmScope *s, Reader *sub)
{
	if (s->L->depth >= CM_MAX_DEPTH)
		return cm_fail(s, DIAG_CM_NESTING, sub->pos, "more than %d levels", CM_MAX_DEPTH);
	IrComponent *c = cm_component_read(s, s->L, sub);
	if (!c)
		return false;
	IrComponent **slot = cm_vec_push(&s->components, sizeof *slot);
	if (!slot)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, sub->pos, "components");
	*slot = c;
	return cm_space_push(s, IR_CM_COMPONENT, c->type, cm_def(IR_CM_DEF_ITEM, s->components.n - 1));
}

static bool read_custom(CmScope *s)
{
	IrName name;
	return fe_reader_name(s->r, &name) && fe_reader_bytes(s->r, s->r->end - s->r->pos, &(const uint8_t *){ 0 });
}

/* One section's contents, the reader limited to them. */
static bool read_section(CmScope *s, uint8_t id, size_t at)
{
	switch (id) {
	case SEC_CUSTOM: return read_custom(s);
	case SEC_CORE_MODULE: return cm_read_core_module_section(s, s->r->end - s->r->pos);
	case SEC_CORE_INSTANCE: return cm_read_core_instance_section(s);
	case SEC_CORE_TYPE: return cm_read_core_type_section(s);
	case SEC_COMPONENT: return read_component_section(s, s->r);
	case SEC_INSTANCE: return cm_read_instance_section(s);
	case SEC_ALIAS: return cm_read_alias_section(s);
	case SEC_TYPE: return cm_read_type_section(s);
	case SEC_CANON: return cm_read_canon_section(s);
	case SEC_IMPORT: return cm_read_import_section(s);
	case SEC_EXPORT: return cm_read_export_section(s);
	case SEC_START: case SEC_VALUE: return cm_fail(s, DIAG_CM_GATED, at, "component %s sections", id == SEC_START ? "start" : "value");
	default: return cm_fail(s, DIAG_CM_SECTION_ID, at, "0x%02x", id);
	}
}

static bool read_sections(CmScope *s)
{
	Reader *r = s->r;
	while (!fe_reader_at_end(r)) {
		size_t at = r->pos;
		uint8_t id;
		uint32_t size;
		Reader sub;
		if (!fe_reader_u8(r, &id) || !fe_reader_u32(r, &size) || !fe_reader_sub(r, size, &sub))
			return false;
		s->r = &sub;
		bool ok = read_section(s, id, at);
		s->r = r;
		if (ok && !fe_reader_at_end(&sub))
			fe_reader_fail(&sub, DIAG_SECTION_SIZE, sub.pos, "section 0x%02x ends early", id);
		if (!ok || sub.failed) {
			r->failed = true;
			return false;
		}
		r->pos = sub.end;
	}
	return !r->failed;
}

/* The component type a component presents: its imports and exports. */
static uint32_t own_type(CmScope *s)
{
	uint32_t id;
	IrCmType *t = cm_type_new(s, IR_CMT_COMPONENT, &id);
	if (!t)
		return 0;
	t->first = s->first;
	t->nimports = s->imports.n;
	t->imports = cm_vec_to_arena(s->L->arena, &s->imports, sizeof(IrCmExtern));
	t->nexports = s->exports.n;
	t->exports = cm_vec_to_arena(s->L->arena, &s->exports, sizeof(IrCmExtern));
	return cm_externs_summarise(s, id, s->r->pos) ? id : 0;
}

/* Moves what the scope gathered into the component (the arena owns it;
 * the modules are the component's to free from here). */
static void fill(IrComponent *c, CmScope *s)
{
	Arena *a = s->L->arena;
	c->nmodules = s->modules.n;
	c->modules = cm_vec_to_arena(a, &s->modules, sizeof(IrModule *));
	s->modules.n = 0;
	c->ncomponents = s->components.n;
	c->components = cm_vec_to_arena(a, &s->components, sizeof(IrComponent *));
	c->ninstances = s->instances.n;
	c->instances = cm_vec_to_arena(a, &s->instances, sizeof(IrCmInstance));
	c->ncanons = s->canons.n;
	c->canons = cm_vec_to_arena(a, &s->canons, sizeof(IrCmCanon));
	c->nimports = s->imports.n;
	c->imports = cm_vec_to_arena(a, &s->imports, sizeof(IrCmExtern));
	c->nexports = s->exports.n;
	c->exports = cm_vec_to_arena(a, &s->exports, sizeof(IrCmExtern));
	for (int i = 0; i < IR_CM_SORT_COUNT; i++)
		c->spaces[i] = (IrCmSpace){ s->space[i].n, cm_vec_to_arena(a, &s->space[i], sizeof(uint32_t)),
		                            cm_vec_to_arena(a, &s->defs[i], sizeof(IrCmDef)) };
}

static void free_partial(CmScope *s)
{
	IrModule **m = s->modules.v;
	for (uint32_t i = 0; i < s->modules.n; i++)
		ir_module_free(m[i]);
	IrComponent **c = s->components.v;
	for (uint32_t i = 0; i < s->components.n; i++) {
		c[i]->arena = NULL; /* the root's arena holds it */
		ir_component_free(c[i]);
	}
}

IrComponent *cm_component_read(CmScope *parent, CmLoad *L, Reader *r)
{
	CmScope s;
	cm_scope_init(&s, parent, L, r, CM_SCOPE_COMPONENT);
	size_t start = r->pos;
	IrComponent *c = NULL;
	s.first = L->types.n;
	L->depth++;
	bool ok = read_preamble(r) && read_sections(&s);
	L->depth--;
	uint32_t type = ok ? own_type(&s) : 0;
	if (type)
		c = arena_alloc(L->arena, sizeof *c);
	if (c) {
		*c = (IrComponent){ .bytes = L->bytes, .size = L->size, .offset = (uint32_t)start, .type = type };
		fill(c, &s);
	} else {
		if (ok)
			cm_fail(&s, DIAG_OUT_OF_MEMORY, start, "component");
		free_partial(&s);
	}
	cm_scope_free(&s);
	return c;
}

IrComponent *fe_component_load(const uint8_t *bytes, size_t size, DiagSink *diags)
{
	CmLoad L = { .arena = arena_new(), .diags = diags, .bytes = bytes, .size = size };
	Reader r;
	fe_reader_init(&r, bytes, size, diags);
	IrComponent *c = NULL;
	if (L.arena && cm_types_init(&L))
		c = cm_component_read(NULL, &L, &r);
	else
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "component");
	if (c) {
		c->arena = L.arena;
		c->ntypes = L.types.n;
		c->types = cm_vec_to_arena(L.arena, &L.types, sizeof(IrCmType));
	} else {
		arena_free(L.arena);
	}
	cm_vec_free(&L.types);
	cm_index_free(&L);
	return c;
}
