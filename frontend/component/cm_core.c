/* frontend/component/cm_core.c: the core module section (the existing
 * frontend decodes and validates it; its offsets are made absolute) and
 * core instances, by instantiation or from inline exports. */
#include "cm.h"

#include <string.h>

/* Copies a nested module's diagnostics, offsets shifted to the file's. */
static void copy_diags(CmScope *s, const DiagSink *d, size_t base)
{
	for (unsigned i = 0; i < d->n; i++) {
		const Diagnostic *g = &d->items[i];
		diag_report(s->L->diags, g->code, g->offset + base, g->func, g->detail[0] ? "%s" : NULL, g->detail);
	}
	s->r->failed = true;
}

/* Two-level import names must differ inside a component: they mangle to
 * one name. */
static bool unique_imports(CmScope *s, const IrModule *m, size_t base)
{
	CmNames taken = { 0 };
	bool ok = true;
	for (uint32_t i = 0; ok && i < m->nimports; i++) {
		const IrImport *a = &m->imports[i];
		int added = cm_names_add_pair(&taken, s->L->arena, a->module, a->name, i);
		if (added < 0)
			ok = cm_fail(s, DIAG_OUT_OF_MEMORY, base, "names");
		else if (!added)
			ok = cm_fail(s, DIAG_CM_DUPLICATE_NAME, base + a->offset, "duplicate import name `%.*s:%.*s`",
			             (int)a->module.len, a->module.p, (int)a->name.len, a->name.p);
	}
	cm_names_free(&taken);
	return ok;
}

bool cm_read_core_module_section(CmScope *s, size_t size)
{
	size_t base = s->r->pos;
	const uint8_t *p;
	if (!fe_reader_bytes(s->r, size, &p))
		return false;
	if (s->kind != CM_SCOPE_COMPONENT)
		return cm_fail(s, DIAG_CM_ENCODING, base, "core modules only appear in components");
	DiagSink d = { 0 };
	IrModule *m = fe_decode(p, size, &d);
	if (m && !fe_validate(m, &d)) {
		ir_module_free(m);
		m = NULL;
	}
	if (!m) {
		copy_diags(s, &d, base);
		return false;
	}
	if (m->ntags) { /* the component model has no sort for tags */
		ir_module_free(m);
		return cm_fail(s, DIAG_CM_CORE_MODULE, base, "a core module with tags (exception handling)");
	}
	if (!unique_imports(s, m, base)) {
		ir_module_free(m);
		return false;
	}
	IrModule **slot = cm_vec_push(&s->modules, sizeof *slot);
	if (!slot) {
		ir_module_free(m);
		return cm_fail(s, DIAG_OUT_OF_MEMORY, base, "modules");
	}
	*slot = m;
	uint32_t t = cm_module_type(s, m);
	return t && cm_space_push(s, IR_CM_CORE_MODULE, t, cm_def(IR_CM_DEF_ITEM, s->modules.n - 1));
}

static bool limits_sub(IrLimits a, IrLimits b)
{
	return a.is64 == b.is64 && a.min >= b.min && (!b.has_max || (a.has_max && a.max <= b.max));
}

/* Can a core entity of type a satisfy an import of type b? */
static bool core_sub(CmLoad *L, uint32_t a, uint32_t b)
{
	const IrCmType *x = cm_type(L, a), *y = cm_type(L, b);
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case IR_CMT_CORE_FUNC: return cm_core_func_eq(&x->core, &y->core);
	case IR_CMT_CORE_TABLE: return x->table.elem == y->table.elem && limits_sub(x->table.limits, y->table.limits);
	case IR_CMT_CORE_MEMORY: return limits_sub(x->mem, y->mem);
	case IR_CMT_CORE_GLOBAL: return x->global.type == y->global.type && x->global.mut == y->global.mut;
	default: return false;
	}
}

static bool push_instance(CmScope *s, const IrCmInstance *in)
{
	IrCmInstance *slot = cm_vec_push(&s->instances, sizeof *slot);
	if (!slot)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, in->offset, "instances");
	*slot = *in;
	return true;
}

/* vec(name sortidx): args (core instances only) or inline exports. */
static bool read_args(CmScope *s, bool exports, CmNames *taken, IrCmArg **out, uint32_t *n)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 2, &count))
		return false;
	IrCmArg *a = arena_array(s->L->arena, count ? count : 1, sizeof *a);
	if (!a)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "arguments");
	for (uint32_t i = 0; i < count; i++) {
		size_t at = s->r->pos;
		IrCmSort sort;
		if (!fe_reader_name(s->r, &a[i].name) || !cm_read_core_sort(s, &sort) || !fe_reader_u32(s->r, &a[i].index))
			return false;
		a[i].sort = (uint8_t)sort;
		if (!exports && sort != IR_CM_CORE_INSTANCE) /* the binary has no other kind here */
			return cm_fail(s, DIAG_CM_ENCODING, at, "instantiation arguments of a core module must be core instances (0x12)");
		if (exports && sort > IR_CM_CORE_GLOBAL)
			return cm_fail(s, DIAG_CM_INSTANTIATE, at, "a core instance can only export functions, tables, memories and globals");
		if (!cm_space_get(s, sort, a[i].index, at))
			return false;
		IrName clash;
		int added = cm_names_add(taken, a[i].name, CM_NAMES_EXACT, i, &clash);
		if (added < 0)
			return cm_fail(s, DIAG_OUT_OF_MEMORY, at, "names");
		if (!added)
			return cm_fail(s, DIAG_CM_DUPLICATE_NAME, at, "duplicate %s name `%.*s`",
			               exports ? "core instance export" : "core instantiation argument",
			               (int)a[i].name.len, a[i].name.p);
	}
	*out = a;
	*n = count;
	return true;
}

/* Every import of the module must be found in the instance named by its
 * module name, with a type that matches. */
static bool check_imports(CmScope *s, const IrCmType *mt, const IrCmArg *a, const CmNames *args, size_t at)
{
	for (uint32_t i = 0; i < mt->nimports; i++) {
		const IrCmExtern *im = &mt->imports[i];
		uint32_t k;
		const IrCmArg *arg = cm_names_find(args, im->module, &k) ? &a[k] : NULL;
		if (!arg)
			return cm_fail(s, DIAG_CM_INSTANTIATE, at, "missing module instantiation argument named `%.*s`",
			               (int)im->module.len, im->module.p);
		uint32_t it = ((const uint32_t *)s->space[IR_CM_CORE_INSTANCE].v)[arg->index];
		const IrCmExtern *e = cm_find_extern(s->L, it, false, im->name);
		if (!e)
			return cm_fail(s, DIAG_CM_INSTANTIATE, at, "module instantiation argument `%.*s` does not export an item named `%.*s`",
			               (int)im->module.len, im->module.p, (int)im->name.len, im->name.p);
		if (e->sort != im->sort || !core_sub(s->L, e->type, im->type))
			return cm_fail(s, DIAG_CM_TYPE_MISMATCH, at, "type mismatch for export `%.*s` of module instantiation argument `%.*s`",
			               (int)im->name.len, im->name.p, (int)im->module.len, im->module.p);
	}
	return true;
}

static bool instance_type(CmScope *s, uint32_t nexports, const IrCmExtern *exports)
{
	uint32_t id;
	IrCmType *t = cm_type_new(s, IR_CMT_CORE_INSTANCE, &id);
	if (!t)
		return false;
	t->nexports = nexports;
	t->exports = exports;
	return cm_space_push(s, IR_CM_CORE_INSTANCE, id, cm_def(IR_CM_DEF_ITEM, s->instances.n - 1));
}

static bool instantiate(CmScope *s, IrCmInstance *in)
{
	size_t at = s->r->pos;
	IrCmArg *a;
	uint32_t mt;
	if (!fe_reader_u32(s->r, &in->of) || !(mt = cm_space_get(s, IR_CM_CORE_MODULE, in->of, at)))
		return false;
	CmNames args = { 0 };
	bool ok = read_args(s, false, &args, &a, &in->nargs) && check_imports(s, cm_type(s->L, mt), a, &args, in->offset);
	cm_names_free(&args);
	if (!ok)
		return false;
	in->args = a;
	const IrCmType *m = cm_type(s->L, mt);
	return push_instance(s, in) && instance_type(s, m->nexports, m->exports);
}

static bool from_exports(CmScope *s, IrCmInstance *in)
{
	IrCmArg *a;
	CmNames names = { 0 };
	bool ok = read_args(s, true, &names, &a, &in->nargs);
	cm_names_free(&names);
	if (!ok)
		return false;
	IrCmExtern *e = cm_inline_exports(s, in, a);
	if (!e)
		return false;
	for (uint32_t i = 0; i < in->nargs; i++)
		e[i] = (IrCmExtern){ .name = a[i].name, .sort = a[i].sort,
		                     .type = ((const uint32_t *)s->space[a[i].sort].v)[a[i].index] };
	return push_instance(s, in) && instance_type(s, in->nargs, e);
}

bool cm_read_core_instance_section(CmScope *s)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++) {
		IrCmInstance in = { .core = true, .offset = (uint32_t)s->r->pos };
		uint8_t b;
		if (!fe_reader_u8(s->r, &b))
			return false;
		bool ok = b == 0x00 ? instantiate(s, &in) : b == 0x01 ? from_exports(s, &in)
		          : cm_fail(s, DIAG_CM_ENCODING, in.offset, "invalid leading byte 0x%02x for a core instance", b);
		if (!ok)
			return false;
	}
	return true;
}
