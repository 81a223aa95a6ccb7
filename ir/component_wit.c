/* ir/component_wit.c: a component's imports and exports as a WIT world,
 * laid out as wasm-tools' printer (what `jco wit` prints) lays it out, so
 * that the two can be compared: imported interfaces first, then the types
 * the world names, then its functions; exports in their order; an
 * interface with a package name is named only, any other is spelled out,
 * a resource with its constructor, methods and static functions.  Types print by the name an
 * import or export gave them where one did. */
#include "component_wit.h"

#include <string.h>

typedef struct Wit {
	const IrComponent *c;
	FILE *out;
	/* the externs of the scope being printed, and the world's around an
	 * interface: the types among them name type ids */
	const IrCmExtern *names, *more;
	uint32_t nnames, nmore;
} Wit;

static const IrCmType *node(const Wit *w, uint32_t id)
{
	return &w->c->types[id];
}

static bool name_in(const Wit *w, const IrCmExtern *xs, uint32_t n, uint32_t id, IrName *out)
{
	for (uint32_t i = 0; i < n; i++) {
		const IrCmExtern *x = &xs[i];
		if (x->sort == IR_CM_TYPE && (x->type == id || node(w, x->type)->same == id)) {
			*out = x->name;
			return true;
		}
	}
	return false;
}

static bool name_for(const Wit *w, uint32_t id, IrName *out)
{
	return name_in(w, w->names, w->nnames, id, out) || name_in(w, w->more, w->nmore, id, out);
}

static void put_name(const Wit *w, IrName n)
{
	fprintf(w->out, "%.*s", (int)n.len, n.p);
}

static const char *prim_name(uint8_t code)
{
	static const char *const names[] = {
		[IR_CM_STRING - IR_CM_STRING] = "string", [IR_CM_CHAR - IR_CM_STRING] = "char",
		[IR_CM_F64 - IR_CM_STRING] = "f64", [IR_CM_F32 - IR_CM_STRING] = "f32",
		[IR_CM_U64 - IR_CM_STRING] = "u64", [IR_CM_S64 - IR_CM_STRING] = "s64",
		[IR_CM_U32 - IR_CM_STRING] = "u32", [IR_CM_S32 - IR_CM_STRING] = "s32",
		[IR_CM_U16 - IR_CM_STRING] = "u16", [IR_CM_S16 - IR_CM_STRING] = "s16",
		[IR_CM_U8 - IR_CM_STRING] = "u8", [IR_CM_S8 - IR_CM_STRING] = "s8",
		[IR_CM_BOOL - IR_CM_STRING] = "bool",
	};
	return code >= IR_CM_STRING && code <= IR_CM_BOOL ? names[code - IR_CM_STRING] : "?";
}

static void put_type(const Wit *w, uint32_t id);

static void put_generic(const Wit *w, const char *what, uint32_t a, uint32_t b, bool has_b)
{
	fprintf(w->out, "%s<", what);
	put_type(w, a);
	if (has_b) {
		fputs(", ", w->out);
		put_type(w, b);
	}
	fputc('>', w->out);
}

static void put_result(const Wit *w, const IrCmType *t)
{
	if (!t->has_a && !t->has_b) {
		fputs("result", w->out);
	} else if (!t->has_b) {
		put_generic(w, "result", t->a, 0, false);
	} else {
		fputs("result<", w->out);
		if (t->has_a)
			put_type(w, t->a);
		else
			fputc('_', w->out);
		fputs(", ", w->out);
		put_type(w, t->b);
		fputc('>', w->out);
	}
}

static void put_tuple(const Wit *w, const IrCmType *t)
{
	fputs("tuple<", w->out);
	for (uint32_t i = 0; i < t->n; i++) {
		if (i)
			fputs(", ", w->out);
		put_type(w, t->fields[i].type);
	}
	fputc('>', w->out);
}

/* A value type spelled out (own<r> is spelled r), its parts by name
 * where they have one. */
static void put_body(const Wit *w, uint32_t id)
{
	const IrCmType *t = node(w, id);
	switch (t->kind) {
	case IR_CMT_PRIM: fputs(prim_name(t->prim), w->out); break;
	case IR_CMT_LIST: put_generic(w, "list", t->a, 0, false); break;
	case IR_CMT_OPTION: put_generic(w, "option", t->a, 0, false); break;
	case IR_CMT_RESULT: put_result(w, t); break;
	case IR_CMT_TUPLE: put_tuple(w, t); break;
	case IR_CMT_OWN: put_type(w, t->a); break;
	case IR_CMT_BORROW: put_generic(w, "borrow", t->a, 0, false); break;
	default:
		if (t->same)
			put_type(w, t->same);
		else
			fputs("/* unnamed type */", w->out);
	}
}

/* A value type: by name where the scope gave it one, else spelled out. */
static void put_type(const Wit *w, uint32_t id)
{
	IrName n;
	if (node(w, id)->kind != IR_CMT_PRIM && name_for(w, id, &n))
		put_name(w, n);
	else
		put_body(w, id);
}

/* Parameters from the first'th, and the result unless dropped. */
static void put_sig(const Wit *w, const IrCmType *f, uint32_t first, bool result)
{
	fputc('(', w->out);
	for (uint32_t i = first; i < f->n; i++) {
		fprintf(w->out, "%s%.*s: ", i > first ? ", " : "", (int)f->fields[i].name.len, f->fields[i].name.p);
		put_type(w, f->fields[i].type);
	}
	fputc(')', w->out);
	if (result && f->has_a) {
		fputs(" -> ", w->out);
		put_type(w, f->a);
	}
}

static void put_func(const Wit *w, const IrCmType *f)
{
	fputs("func", w->out);
	put_sig(w, f, 0, true);
}

/* [constructor]R, [method]R.name and [static]R.name belong inside R's
 * block: which of them x is for resource r, and its own name. */
typedef enum { NOT_OF, CONSTRUCTOR, METHOD, STATIC } Member;

static bool prefixed(IrName n, const char *prefix, IrName r, IrName *rest)
{
	size_t p = strlen(prefix);
	if (n.len < p + r.len || memcmp(n.p, prefix, p) != 0 || memcmp(n.p + p, r.p, r.len) != 0)
		return false;
	*rest = (IrName){ n.p + p + r.len, n.len - (uint32_t)(p + r.len) };
	return true;
}

static Member member_of(IrName r, IrName n, IrName *name)
{
	IrName rest;
	if (prefixed(n, "[constructor]", r, &rest) && rest.len == 0)
		return CONSTRUCTOR;
	Member m = prefixed(n, "[method]", r, &rest) ? METHOD : prefixed(n, "[static]", r, &rest) ? STATIC : NOT_OF;
	if (m == NOT_OF || rest.len < 2 || rest.p[0] != '.')
		return NOT_OF;
	*name = (IrName){ rest.p + 1, rest.len - 1 };
	return m;
}

static bool is_member(IrName n)
{
	return n.len && n.p[0] == '[';
}

/* A resource and the functions of the interface that belong to it. */
static void put_resource(const Wit *w, const char *ind, IrName r)
{
	bool any = false;
	for (uint32_t i = 0; i < w->nnames; i++) {
		const IrCmExtern *x = &w->names[i];
		IrName name;
		Member m = x->sort == IR_CM_FUNC ? member_of(r, x->name, &name) : NOT_OF;
		if (m == NOT_OF)
			continue;
		if (!any)
			fprintf(w->out, "%sresource %.*s {\n", ind, (int)r.len, r.p);
		any = true;
		const IrCmType *f = node(w, x->type);
		if (m == CONSTRUCTOR)
			fprintf(w->out, "%s  constructor", ind);
		else
			fprintf(w->out, "%s  %.*s: %sfunc", ind, (int)name.len, name.p, m == STATIC ? "static " : "");
		put_sig(w, f, m == METHOD ? 1 : 0, m != CONSTRUCTOR);
		fputs(";\n", w->out);
	}
	fprintf(w->out, any ? "%s}\n" : "%sresource %.*s;\n", ind, (int)r.len, r.p);
}

/* A record, variant, enum or flags: its cases one a line. */
static void put_cases(const Wit *w, const char *ind, const char *kind, IrName name, const IrCmType *t)
{
	fprintf(w->out, "%s%s %.*s {\n", ind, kind, (int)name.len, name.p);
	for (uint32_t i = 0; i < t->n; i++) {
		const IrCmField *f = &t->fields[i];
		fprintf(w->out, "%s  %.*s", ind, (int)f->name.len, f->name.p);
		if (f->type && t->kind == IR_CMT_RECORD) {
			fputs(": ", w->out);
			put_type(w, f->type);
		} else if (f->type) {
			fputc('(', w->out);
			put_type(w, f->type);
			fputc(')', w->out);
		}
		fputs(",\n", w->out);
	}
	fprintf(w->out, "%s}\n", ind);
}

/* The definition a type extern names. */
static void put_typedef(const Wit *w, const char *ind, const IrCmExtern *x)
{
	const IrCmType *t = node(w, x->type);
	uint32_t def = t->same ? t->same : x->type;
	const IrCmType *d = node(w, def);
	const char *kind = d->kind == IR_CMT_RECORD    ? "record"
	                   : d->kind == IR_CMT_VARIANT ? "variant"
	                   : d->kind == IR_CMT_ENUM    ? "enum"
	                   : d->kind == IR_CMT_FLAGS   ? "flags"
	                                               : NULL;
	if (d->kind == IR_CMT_RESOURCE) {
		put_resource(w, ind, x->name);
	} else if (kind && !d->same) {
		put_cases(w, ind, kind, x->name, d);
	} else {
		fprintf(w->out, "%stype %.*s = ", ind, (int)x->name.len, x->name.p);
		put_body(w, def);
		fputs(";\n", w->out);
	}
}

static bool is_interface_name(IrName n)
{
	return memchr(n.p, ':', n.len) != NULL;
}

/* An instance's exports: types and functions, a blank line between. */
static void put_interface(const Wit *outer, const IrCmType *inst)
{
	Wit w = { outer->c, outer->out, inst->exports, outer->names, inst->nexports, outer->nnames };
	bool first = true;
	for (uint32_t i = 0; i < inst->nexports; i++) {
		const IrCmExtern *x = &inst->exports[i];
		if (x->sort == IR_CM_FUNC && is_member(x->name))
			continue; /* in its resource's block */
		if (!first)
			fputc('\n', w.out);
		first = false;
		if (x->sort == IR_CM_TYPE) {
			put_typedef(&w, "    ", x);
		} else if (x->sort == IR_CM_FUNC) {
			fprintf(w.out, "    %.*s: ", (int)x->name.len, x->name.p);
			put_func(&w, node(&w, x->type));
			fputs(";\n", w.out);
		} else {
			fprintf(w.out, "    // %.*s: not expressible in WIT\n", (int)x->name.len, x->name.p);
		}
	}
}

static void put_world_item(const Wit *w, const char *dir, const IrCmExtern *x)
{
	fprintf(w->out, "  %s %.*s", dir, (int)x->name.len, x->name.p);
	if (x->sort == IR_CM_INSTANCE && is_interface_name(x->name)) {
		fputs(";\n", w->out);
	} else if (x->sort == IR_CM_INSTANCE) {
		fputs(": interface {\n", w->out);
		put_interface(w, node(w, x->type));
		fputs("  }\n", w->out);
	} else {
		fputs(": ", w->out);
		put_func(w, node(w, x->type));
		fputs(";\n", w->out);
	}
}

static void put_other(const Wit *w, const char *dir, const IrCmExtern *x)
{
	fprintf(w->out, "  // %s %.*s: not expressible in WIT\n", dir, (int)x->name.len, x->name.p);
}

/* Imports: interfaces, then the world's types (each after a blank line),
 * then functions; other sorts are not WIT. */
static void put_imports(const Wit *w, const char *dir, const IrCmExtern *xs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (xs[i].sort == IR_CM_INSTANCE)
			put_world_item(w, dir, &xs[i]);
	for (uint32_t i = 0; i < n; i++)
		if (xs[i].sort == IR_CM_TYPE) {
			fputc('\n', w->out);
			put_typedef(w, "  ", &xs[i]);
		}
	for (uint32_t i = 0; i < n; i++)
		if (xs[i].sort == IR_CM_FUNC && !is_member(xs[i].name))
			put_world_item(w, dir, &xs[i]);
	for (uint32_t i = 0; i < n; i++)
		if (xs[i].sort != IR_CM_INSTANCE && xs[i].sort != IR_CM_TYPE && xs[i].sort != IR_CM_FUNC)
			put_other(w, dir, &xs[i]);
}

/* Exports: in their order. */
static void put_exports(const Wit *w, const IrCmExtern *xs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const IrCmExtern *x = &xs[i];
		if (x->sort == IR_CM_TYPE) {
			fputc('\n', w->out);
			put_typedef(w, "  ", x);
		} else if (x->sort == IR_CM_INSTANCE || (x->sort == IR_CM_FUNC && !is_member(x->name))) {
			put_world_item(w, "export", x);
		} else if (x->sort != IR_CM_FUNC) {
			put_other(w, "export", x);
		}
	}
}

void ir_component_wit(const IrComponent *c, FILE *out)
{
	Wit imports = { c, out, c->imports, c->exports, c->nimports, c->nexports };
	Wit exports = { c, out, c->exports, c->imports, c->nexports, c->nimports };
	fputs("package root:component;\n\nworld root {\n", out);
	put_imports(&imports, "import", c->imports, c->nimports);
	if (c->nimports && c->nexports)
		fputc('\n', out);
	put_exports(&exports, c->exports, c->nexports);
	fputs("}\n", out);
}
