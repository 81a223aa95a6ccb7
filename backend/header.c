/* backend/header.c: the C header beside an --emit=obj object, and the
 * module name its symbols carry.  The header declares the descriptor
 * (NAME_module), lists the import table, and wraps each exported
 * function in a typed static inline function that calls it through
 * nacre_call (nacre.h), after checking the export's type.  The driver
 * chooses the file and the name (driver/header.c).
 */
#include "backend.h"

#include <inttypes.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Generated identifiers are NAME_<suffix>; these suffixes are the
 * header's own (descriptor, note, include guard, lookup helper) or would
 * meet names of the standard headers it includes (int8_t, INT8_C,
 * SIZE_MAX), so exports never get them. */
static const char *const reserved[] = { "module", "note", "h_", "call_", "t", "C", "MAX", "MIN", "WIDTH" };

static bool ident_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
}

/* nacre_, Nacre and NACRE_ belong to nacre.h */
static bool is_api(const char *s)
{
	return strncasecmp(s, "nacre", 5) == 0;
}

static bool is_ident(const char *p, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ident_char(p[i], i == 0))
			return false;
	return true;
}

bool be_module_name_ok(const char *s)
{
	return is_ident(s, strlen(s)) && strlen(s) <= BE_MODULE_NAME_MAX && !is_api(s);
}

/* "dir/my-plugin.o" -> "my_plugin": the base name without its extension,
 * every byte outside [A-Za-z0-9_] made '_', '_' in front of a digit, and
 * "m_" in front of a name nacre.h owns. */
void be_module_name_from_path(const char *out, char name[BE_MODULE_NAME_MAX + 1])
{
	const char *base = strrchr(out, '/');
	base = base ? base + 1 : out;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base), k = 0;
	if (n && base[0] >= '0' && base[0] <= '9')
		name[k++] = '_';
	else if (is_api(base))
		name[k++] = 'm', name[k++] = '_';
	for (size_t i = 0; i < n && k < BE_MODULE_NAME_MAX; i++)
		name[k++] = ident_char(base[i], false) ? base[i] : '_';
	name[k] = 0;
	if (!k)
		strcpy(name, "module");
}

/* ---- Export names as identifiers: a small open-addressing set. */
typedef struct Names {
	char **slot;
	size_t cap;
} Names;

/* FNV-1a */
static size_t hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (size_t)h;
}

static char **find(Names *t, const char *s)
{
	size_t i = hash(s) & (t->cap - 1);
	while (t->slot[i] && strcmp(t->slot[i], s) != 0)
		i = (i + 1) & (t->cap - 1);
	return &t->slot[i];
}

/* Claims s (owned by the caller) unless taken; true if claimed. */
static bool claim(Names *t, char *s)
{
	char **p = find(t, s);
	if (*p)
		return false;
	return *p = s, true;
}

/* The identifier suffix of each function export (NULL for others):
 * names that are identifiers already keep them; the rest, in export
 * order, have other bytes made '_' and then, if that is taken, _2, _3...
 * Returns NULL when out of memory. */
static char **export_idents(const IrModule *m)
{
	uint32_t n = m->nexports;
	Names t = { .cap = 16 };
	while (t.cap < 2 * ((size_t)n + 8))
		t.cap *= 2;
	t.slot = calloc(t.cap, sizeof *t.slot);
	char **id = calloc(n ? n : 1, sizeof *id);
	bool ok = t.slot && id;
	for (size_t i = 0; ok && i < sizeof reserved / sizeof *reserved; i++)
		claim(&t, (char *)reserved[i]);
	for (int pass = 0; ok && pass < 2; pass++)
		for (uint32_t i = 0; ok && i < n; i++) {
			const IrExport *e = &m->exports[i];
			bool exact = is_ident(e->name.p, e->name.len);
			if (e->kind != IR_EXTERN_FUNC || exact != (pass == 0))
				continue;
			size_t len = e->name.len ? e->name.len : 1;
			char *s = malloc(len + 16);
			if (!(ok = s != NULL))
				break;
			for (size_t k = 0; k < len; k++)
				s[k] = k < e->name.len && ident_char(e->name.p[k], false) ? e->name.p[k] : '_';
			s[len] = 0;
			for (unsigned suffix = 2; !claim(&t, s); suffix++)
				snprintf(s + len, 16, "_%u", suffix);
			id[i] = s;
		}
	free(t.slot);
	if (!ok && id) {
		for (uint32_t i = 0; i < n; i++)
			free(id[i]);
		free(id);
		return NULL;
	}
	return id;
}

/* ---- Writing. */

/* A Wasm name inside a comment, quoted as in the text format: printable
 * ASCII, else \xNN, so that "*" "/" never meet to end the comment early
 * and no "??" starts a trigraph. */
static void comment_name(FILE *o, IrName n)
{
	fputc('"', o);
	for (uint32_t i = 0; i < n.len; i++) {
		unsigned char c = (unsigned char)n.p[i];
		bool closes = c == '/' && i && n.p[i - 1] == '*';
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"' && c != '?' && !closes)
			fputc(c, o);
		else
			fprintf(o, "\\x%02x", c);
	}
	fputc('"', o);
}

/* A Wasm name as a C string literal: octal escapes for anything that
 * could be a quote, an escape, a trigraph or not ASCII. */
static void literal(FILE *o, IrName n)
{
	fputc('"', o);
	for (uint32_t i = 0; i < n.len; i++) {
		unsigned char c = (unsigned char)n.p[i];
		if (ident_char((char)c, false) || c == ' ' || c == '.' || c == '-' || c == ':' || c == '/')
			fputc(c, o);
		else
			fprintf(o, "\\%03o", c);
	}
	fputc('"', o);
}

static void sig(FILE *o, const IrFuncType *t)
{
	fputc('(', o);
	for (uint32_t i = 0; i < t->nparams; i++)
		fprintf(o, "%s%s", i ? ", " : "", ir_valtype_name(t->params[i]));
	fputs(") -> (", o);
	for (uint32_t i = 0; i < t->nresults; i++)
		fprintf(o, "%s%s", i ? ", " : "", ir_valtype_name(t->results[i]));
	fputc(')', o);
}

static void limits(FILE *o, IrLimits l)
{
	fprintf(o, "%smin %" PRIu64, l.is64 ? "i64, " : "", l.min);
	if (l.has_max)
		fprintf(o, ", max %" PRIu64, l.max);
}

/* The import table as nacre_instantiate takes it. */
static void imports(FILE *o, const IrModule *m)
{
	if (!m->nimports) {
		fputs("/* Imports: none (nacre_instantiate with no imports). */\n\n", o);
		return;
	}
	fputs("/* Imports, in the order nacre_instantiate takes them (NacreExtern):\n", o);
	uint32_t nf = 0, nt = 0, nm = 0, ng = 0, ntag = 0;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const IrImport *im = &m->imports[i];
		fprintf(o, " *   [%u] ", (unsigned)i);
		comment_name(o, im->module);
		fputc(' ', o);
		comment_name(o, im->name);
		switch (im->kind) {
		case IR_EXTERN_FUNC:
			fputs("  func ", o);
			sig(o, ir_func_type(m, nf++));
			break;
		case IR_EXTERN_TABLE:
			fprintf(o, "  table %s ", ir_valtype_name(m->tables[nt].elem));
			limits(o, m->tables[nt++].limits);
			break;
		case IR_EXTERN_MEMORY:
			fputs("  memory ", o);
			limits(o, m->mems[nm++]);
			break;
		case IR_EXTERN_TAG:
			fputs("  tag ", o);
			sig(o, &m->types[m->tag_types[ntag++]]);
			break;
		default:
			fprintf(o, "  global %s%s", m->globals[ng].type.mut ? "mut " : "",
			        ir_valtype_name(m->globals[ng].type.type));
			ng++;
			break;
		}
		fputc('\n', o);
	}
	fputs(" */\n\n", o);
}

/* C type and NacreValue member of each value type; v128 travels as a
 * whole NacreValue (member NULL). */
static void ctype(IrValType t, const char **type, const char **member)
{
	switch (ir_ref_repr(t)) {
	case IR_I32: *type = "int32_t", *member = "i32"; break;
	case IR_I64: *type = "int64_t", *member = "i64"; break;
	case IR_F32: *type = "float", *member = "f32"; break;
	case IR_F64: *type = "double", *member = "f64"; break;
	case IR_FUNCREF: *type = "NacreFuncRef *", *member = "ref"; break;
	case IR_EXTERNREF: *type = "void *", *member = "ref"; break;
	default: *type = "NacreValue", *member = NULL; break;
	}
}

static void type_bytes(FILE *o, const IrFuncType *t)
{
	fputs("\tstatic const uint8_t types[] = { ", o);
	for (uint32_t i = 0; i < t->nparams; i++)
		fprintf(o, "0x%02x, ", ir_ref_repr(t->params[i]));
	for (uint32_t i = 0; i < t->nresults; i++)
		fprintf(o, "0x%02x, ", ir_ref_repr(t->results[i]));
	fputs("0 };\n", o);
}

static void wrapper(FILE *o, const char *name, const char *id, const IrExport *e, const IrFuncType *t)
{
	const char *type, *member;
	fputs("/* export ", o);
	comment_name(o, e->name);
	fputs(": ", o);
	sig(o, t);
	fputs("; results may be NULL */\n", o);
	fprintf(o, "static inline NacreStatus %s_%s(NacreStore *store, NacreInstance *inst", name, id);
	for (uint32_t i = 0; i < t->nparams; i++) {
		ctype(t->params[i], &type, &member);
		fprintf(o, ", %s%sa%u", type, type[strlen(type) - 1] == '*' ? "" : " ", (unsigned)i);
	}
	for (uint32_t i = 0; i < t->nresults; i++) {
		ctype(t->results[i], &type, &member);
		fprintf(o, ", %s%s*r%u", type, type[strlen(type) - 1] == '*' ? "" : " ", (unsigned)i);
	}
	fputs(", NacreError *err)\n{\n", o);
	type_bytes(o, t);
	fprintf(o, "\tNacreValue args[%u], results[%u];\n", t->nparams ? (unsigned)t->nparams : 1,
	        t->nresults ? (unsigned)t->nresults : 1);
	if (!t->nparams) /* nothing reads it; set for compilers that warn anyway */
		fputs("\targs[0].i64 = 0;\n", o);
	for (uint32_t i = 0; i < t->nparams; i++) {
		ctype(t->params[i], &type, &member);
		if (member)
			fprintf(o, "\targs[%u].%s = a%u;\n", (unsigned)i, member, (unsigned)i);
		else
			fprintf(o, "\targs[%u] = a%u;\n", (unsigned)i, (unsigned)i);
	}
	fprintf(o, "\tNacreStatus st = %s_call_(store, inst, ", name);
	literal(o, e->name);
	fprintf(o, ", %u, types, %u, %u, args, results, err);\n", (unsigned)e->name.len,
	        (unsigned)t->nparams, (unsigned)t->nresults);
	for (uint32_t i = 0; i < t->nresults; i++) {
		ctype(t->results[i], &type, &member);
		fprintf(o, "\tif (st == NACRE_OK && r%u)\n\t\t*r%u = results[%u]%s%s;\n", (unsigned)i,
		        (unsigned)i, (unsigned)i, member ? "." : "", member ? member : "");
	}
	fputs("\treturn st;\n}\n\n", o);
}

/* Finds the export, checks it is a function of the expected type (a
 * wrong instance must not read past args), and calls it. */
static void helper(FILE *o, const char *name)
{
	fprintf(o,
		"static inline NacreStatus %s_call_(NacreStore *store, NacreInstance *inst, const char *export_name,\n"
		"                                   size_t export_len, const uint8_t *types, uint32_t nparams,\n"
		"                                   uint32_t nresults, const NacreValue *args, NacreValue *results,\n"
		"                                   NacreError *err)\n"
		"{\n"
		"\tNacreExtern ex;\n"
		"\tNacreFuncType ft;\n"
		"\tbool ok = nacre_instance_export(inst, export_name, export_len, &ex) &&\n"
		"\t          ex.kind == NACRE_EXTERN_FUNC && nacre_func_type(store, ex.u.func, &ft) &&\n"
		"\t          ft.nparams == nparams && ft.nresults == nresults;\n"
		"\tfor (uint32_t i = 0; ok && i < nparams; i++)\n"
		"\t\tok = ft.params[i] == types[i];\n"
		"\tfor (uint32_t i = 0; ok && i < nresults; i++)\n"
		"\t\tok = ft.results[i] == types[nparams + i];\n"
		"\tif (ok)\n"
		"\t\treturn nacre_call(store, ex.u.func, args, results, err);\n"
		"\tif (err) {\n"
		"\t\tstatic const char why[] = \"no such export of this type: not an instance of %s\";\n"
		"\t\terr->trap = NACRE_TRAP_NONE;\n"
		"\t\tfor (size_t i = 0; i < sizeof why; i++)\n"
		"\t\t\terr->message[i] = why[i];\n"
		"\t}\n"
		"\treturn NACRE_ERROR;\n"
		"}\n\n", name, name);
}

static void body(FILE *o, const IrModule *m, const char *name, char **ids, const char *in_path)
{
	const char *base = strrchr(in_path, '/');
	base = base ? base + 1 : in_path;
	fprintf(o, "/* Generated by nacre from %s: do not edit.\n", base);
	fprintf(o, " * Link the object with the nacre runtime library and load it with\n"
	           " * nacre_module_from_desc(&%s_module, ...); each wrapper below looks\n"
	           " * its export up in the instance, checks its type and calls it. */\n", name);
	fprintf(o, "#ifndef %s_h_\n#define %s_h_\n\n", name, name);
	fputs("#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n\n#include \"nacre.h\"\n\n", o);
	fprintf(o, "extern const NacreModuleDesc %s_module;\n\n", name);
	imports(o, m);
	static const char *const kinds[] = { "func", "table", "memory", "global", "tag" };
	fputs("/* Exports:\n", o);
	for (uint32_t i = 0; i < m->nexports; i++) {
		fprintf(o, " *   %s ", kinds[m->exports[i].kind]);
		comment_name(o, m->exports[i].name);
		if (ids[i])
			fprintf(o, " -> %s_%s", name, ids[i]);
		fputc('\n', o);
	}
	fputs(" */\n\n", o);
	helper(o, name);
	for (uint32_t i = 0; i < m->nexports; i++)
		if (ids[i])
			wrapper(o, name, ids[i], &m->exports[i], ir_func_type(m, m->exports[i].index));
	fprintf(o, "#endif\n");
}

bool be_header_emit(FILE *o, const IrModule *m, const char *name, const char *source)
{
	char **ids = export_idents(m);
	if (!ids)
		return false;
	body(o, m, name, ids, source);
	for (uint32_t i = 0; i < m->nexports; i++)
		free(ids[i]);
	free(ids);
	return true;
}
