/* runtime-lib/module.c: compiled modules.  nacre_module_open loads a
 * shared object nacre built, once module_check.c has found nothing in it
 * that would run on loading, and finds its descriptor (NACRE_MODULE_SYMBOL);
 * nacre_module_from_desc takes one linked into the program.  Either way
 * the descriptor is checked once here, so instantiation can index by it.
 */
#include <string.h>

#include "rt.h"

/* Compiled shared objects reach the runtime entries by name, resolved
 * against the program.  Naming all of them here keeps every one in a
 * program that links the runtime archive and opens modules, whether or
 * not the program calls it itself. */
#define ENTRY_ADDRESS(id, name, ...) (void (*)(void))name,
static void (*const volatile entry_points[])(void) = { NACRE_RUNTIME_ENTRIES(ENTRY_ADDRESS) };

/* One instruction that pushes a value. */
static bool value_ok(const NacreModuleDesc *d, const NacreConstExpr *e)
{
	switch (e->op) {
	case NACRE_CONST_VALUE:
	case NACRE_CONST_REF_NULL:
		return true;
	case NACRE_CONST_GLOBAL_GET:
		return e->index < d->nglobals;
	case NACRE_CONST_REF_FUNC:
		return e->index < d->nfuncs;
	}
	return false;
}

/* A program: values and arithmetic that never take from an empty stack
 * nor fill more than NACRE_CONST_STACK_MAX, one value left (instance.c
 * runs it without checking again). */
static bool program_ok(const NacreModuleDesc *d, const NacreConstExpr *e)
{
	uint32_t depth = 0;
	if (!e->ops)
		return false;
	for (uint32_t i = 0; i < e->index; i++) {
		const NacreConstExpr *in = &e->ops[i];
		if (in->op >= NACRE_CONST_I32_ADD && in->op <= NACRE_CONST_I64_MUL) {
			if (depth < 2)
				return false;
			depth--;
		} else if (!value_ok(d, in) || ++depth > NACRE_CONST_STACK_MAX) {
			return false;
		}
	}
	return depth == 1;
}

static bool const_ok(const NacreModuleDesc *d, const NacreConstExpr *e)
{
	return e->op == NACRE_CONST_PROGRAM ? program_ok(d, e) : value_ok(d, e);
}

/* An exact type naming a type index names one below limit (instance.c
 * looks its interned id up by it). */
static bool exact_ok(uint32_t t, uint32_t limit)
{
	return (uint8_t)t != NACRE_HEAP_INDEX || t >> NACRE_TYPE_SHIFT < limit;
}

/* A signature's exact types name only itself and earlier types. */
static bool type_ok(const NacreTypeDesc *t, uint32_t i)
{
	for (uint32_t k = 0; t->exact && k < t->nparams + t->nresults; k++)
		if (!exact_ok(t->exact[k], i + 1))
			return false;
	return true;
}

static bool limits_ok(const NacreLimitsDesc *l)
{
	return !l->has_max || l->min <= l->max;
}

static const char *check_imports(const NacreModuleDesc *d)
{
	uint32_t seen[5] = { 0 };
	const uint32_t declared[5] = { d->nimported_funcs, d->nimported_tables, d->nimported_mems,
	                               d->nimported_globals, d->nimported_tags };
	for (uint32_t i = 0; i < d->nimports; i++) {
		const NacreImportDesc *im = &d->imports[i];
		if (im->kind > NACRE_EXTERN_TAG || im->index >= declared[im->kind])
			return "import out of range";
		if (im->index != seen[im->kind]) /* each kind's imports come first, in order */
			return "import out of order";
		seen[im->kind]++;
	}
	for (int k = 0; k < 5; k++)
		if (seen[k] != declared[k])
			return "import counts disagree";
	return NULL;
}

static const char *check_exports(const NacreModuleDesc *d)
{
	const uint32_t count[5] = { d->nfuncs, d->ntables, d->nmems, d->nglobals, d->ntags };
	for (uint32_t i = 0; i < d->nexports; i++) {
		const NacreExportDesc *ex = &d->exports[i];
		if (ex->kind > NACRE_EXTERN_TAG || ex->index >= count[ex->kind])
			return "export out of range";
	}
	return NULL;
}

static const char *check_funcs(const NacreModuleDesc *d)
{
	if (d->nimported_funcs > d->nfuncs || (d->ntypes && (!d->types || !d->entries)))
		return "function counts";
	for (uint32_t i = 0; i < d->ntypes; i++)
		if (!type_ok(&d->types[i], i))
			return "type refers to a later type";
	for (uint32_t i = 0; i < d->nfuncs; i++) {
		if (d->func_types[i] >= d->ntypes)
			return "function type out of range";
		if (i >= d->nimported_funcs && !d->func_code[i - d->nimported_funcs])
			return "function without code";
	}
	if (d->has_start && d->start >= d->nfuncs)
		return "start out of range";
	return NULL;
}

static const char *check_state(const NacreModuleDesc *d)
{
	if (d->nimported_tables > d->ntables || d->nimported_mems > d->nmems ||
	    d->nimported_globals > d->nglobals || d->nimported_tags > d->ntags || (d->ntags && !d->tag_types))
		return "counts";
	for (uint32_t i = 0; i < d->ntags; i++)
		if (d->tag_types[i] >= d->ntypes)
			return "tag type";
	for (uint32_t i = 0; i < d->ntables; i++)
		if (!limits_ok(&d->tables[i]) || (d->tables[i].elem != NACRE_FUNCREF &&
		                                   d->tables[i].elem != NACRE_EXTERNREF) ||
		    !exact_ok(d->tables[i].exact, d->ntypes) ||
		    (d->tables[i].has_init && !const_ok(d, &d->tables[i].init)))
			return "table type";
	for (uint32_t i = 0; i < d->nmems; i++)
		if (!limits_ok(&d->mems[i]) || (!d->mems[i].addr64 && d->mems[i].min > RT_MAX_PAGES))
			return "memory limits";
	for (uint32_t i = 0; i < d->nglobals; i++)
		if (!exact_ok(d->globals[i].type, d->ntypes))
			return "global type";
	for (uint32_t i = d->nimported_globals; i < d->nglobals; i++)
		if (!const_ok(d, &d->globals[i].init))
			return "global initializer";
	return NULL;
}

static const char *check_segments(const NacreModuleDesc *d)
{
	for (uint32_t i = 0; i < d->nelems; i++) {
		const NacreElemDesc *e = &d->elems[i];
		if (e->mode > NACRE_SEG_DECLARATIVE ||
		    (e->mode == NACRE_SEG_ACTIVE && (e->table >= d->ntables || !const_ok(d, &e->offset))))
			return "element segment";
		for (uint32_t j = 0; j < e->nitems; j++)
			if (!const_ok(d, &e->items[j]))
				return "element item";
	}
	for (uint32_t i = 0; i < d->ndatas; i++) {
		const NacreDataDesc *s = &d->datas[i];
		if (s->mode > NACRE_SEG_PASSIVE ||
		    (s->mode == NACRE_SEG_ACTIVE && (s->memory >= d->nmems || !const_ok(d, &s->offset))) ||
		    (s->size && !s->bytes))
			return "data segment";
	}
	return NULL;
}

/* Checks what the runtime relies on when it indexes by the descriptor;
 * the compiler guarantees the rest (the module was validated). */
static const char *check_desc(const NacreModuleDesc *d)
{
	if (d->abi_version != NACRE_ABI_VERSION)
		return "ABI version mismatch";
	if (d->bounds > NACRE_BOUNDS_EXPLICIT)
		return "unknown bounds strategy";
	const char *why = check_funcs(d);
	if (!why)
		why = check_state(d);
	if (!why)
		why = check_imports(d);
	if (!why)
		why = check_exports(d);
	if (!why)
		why = check_segments(d);
	return why;
}

static NacreStatus make_module(const NacreModuleDesc *desc, void *library, NacreModule **out,
                               NacreError *err)
{
	const char *why = check_desc(desc);
	if (why)
		return rt_fail(err, NACRE_ERROR, "invalid module descriptor: %s", why);
	NacreModule *m = rt_sys_zalloc(sizeof *m);
	if (!m)
		return rt_fail(err, NACRE_ERROR, "out of memory");
	m->desc = desc;
	m->library = library;
	m->refs = 1;
	if (desc->nfuncs > desc->nimported_funcs)
		m->code_base = rt_sys_code_base((uintptr_t)desc->func_code[0]);
	*out = m;
	return NACRE_OK;
}

NacreStatus nacre_module_from_desc(const NacreModuleDesc *desc, NacreModule **out, NacreError *err)
{
	*out = NULL;
	if (!desc)
		return rt_fail(err, NACRE_ERROR, "invalid module descriptor: NULL");
	return make_module(desc, NULL, out, err);
}

NacreStatus nacre_module_open(const char *path, NacreModule **out, NacreError *err)
{
	*out = NULL;
	(void)entry_points[0];
	char why[200];
	void *lib = rt_sys_library_open(path, rt_module_check, why, sizeof why);
	if (!lib)
		return rt_fail(err, NACRE_ERROR, "cannot open module: %s", why);
	const NacreModuleDesc *desc = rt_sys_library_symbol(lib, NACRE_MODULE_SYMBOL);
	if (!desc) {
		rt_sys_library_close(lib);
		return rt_fail(err, NACRE_ERROR, "cannot open module: %s: no symbol '%s'", path,
		               NACRE_MODULE_SYMBOL);
	}
	NacreStatus st = make_module(desc, lib, out, err);
	if (st != NACRE_OK)
		rt_sys_library_close(lib);
	return st;
}

/* Atomic: one module may serve stores on several threads. */
void rt_module_hold(NacreModule *m)
{
	__atomic_add_fetch(&m->refs, 1, __ATOMIC_RELAXED);
}

void rt_module_release(NacreModule *m)
{
	if (__atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (m->library)
		rt_sys_library_close(m->library);
	rt_sys_free(m);
}

/* The module stays loaded while instances of it live. */
void nacre_module_close(NacreModule *m)
{
	if (m)
		rt_module_release(m);
}

const NacreModuleDesc *nacre_module_desc(const NacreModule *m)
{
	return m->desc;
}
