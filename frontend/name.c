/* frontend/name.c: the `name` custom section (spec 7.4.1): module, function
 * and local names, for diagnostics now and trap messages later.  A custom
 * section cannot make a module malformed, so a broken name section is
 * dropped whole, silently, and the module loads without names.
 */
#include "frontend.h"

/* namemap ::= vec(idx name), indices strictly increasing */
static bool namemap(Reader *r, Arena *a, uint32_t *n, const IrNameEntry **out)
{
	uint32_t count;
	if (!fe_reader_count(r, 2, &count))
		return false;
	IrNameEntry *e = arena_array(a, count, sizeof *e);
	if (!e)
		return false;
	for (uint32_t i = 0; i < count; i++) {
		if (!fe_reader_u32(r, &e[i].index) || !fe_reader_name(r, &e[i].name))
			return false;
		if (i && e[i].index <= e[i - 1].index)
			return false;
	}
	*n = count;
	*out = e;
	return true;
}

static bool local_names(Reader *r, Arena *a, IrModule *m)
{
	uint32_t count;
	if (!fe_reader_count(r, 2, &count))
		return false;
	IrLocalNames *l = arena_array(a, count, sizeof *l);
	if (!l)
		return false;
	for (uint32_t i = 0; i < count; i++) {
		if (!fe_reader_u32(r, &l[i].func) || !namemap(r, a, &l[i].n, &l[i].names))
			return false;
		if (i && l[i].func <= l[i - 1].func)
			return false;
	}
	m->nlocal_names = count;
	m->local_names = l;
	return true;
}

static bool subsections(Reader *r, IrModule *m)
{
	int last = -1;
	while (!fe_reader_at_end(r)) {
		uint8_t id;
		uint32_t size;
		Reader sub;
		if (!fe_reader_u8(r, &id) || !fe_reader_u32(r, &size) || !fe_reader_sub(r, size, &sub))
			return false;
		if (id <= last)
			return false;
		last = id;
		bool ok = true;
		if (id == 0)
			ok = fe_reader_name(&sub, &m->module_name);
		else if (id == 1)
			ok = namemap(&sub, m->arena, &m->nfunc_names, &m->func_names);
		else if (id == 2)
			ok = local_names(&sub, m->arena, m);
		else
			sub.pos = sub.end; /* later subsections (labels, types, ...) are not needed */
		if (!ok || sub.failed || !fe_reader_at_end(&sub))
			return false;
		r->pos = sub.end;
	}
	return true;
}

void fe_names_parse(IrModule *m, const IrCustom *c)
{
	DiagSink quiet = { 0 }; /* nothing is reported, so offsets may be relative */
	Reader r;
	fe_reader_init(&r, c->bytes, c->size, &quiet);
	if (!subsections(&r, m)) {
		m->module_name = (IrName){ 0 };
		m->nfunc_names = m->nlocal_names = 0;
		m->func_names = NULL;
		m->local_names = NULL;
	}
}
