/* driver/report.c: how `validate` and `build` show what they found:
 * text on stderr (FILE:0xOFFSET: error: ...), or one JSON document or
 * one SARIF 2.1.0 log on stdout (--diagnostics=json|sarif), written as
 * the files are done.  Everything comes from the DiagSink's fields (code,
 * offset, function index); no text is parsed back.  The JSON schema is
 * in docs/DIAGNOSTICS.md. */
#include "driver.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef NACRE_VERSION
#define NACRE_VERSION "0.0.0"
#endif

static const char *const kinds[] = {
	[DIAG_KIND_MALFORMED] = "malformed", [DIAG_KIND_INVALID] = "invalid", [DIAG_KIND_INTERNAL] = "internal",
	[DIAG_KIND_LIMIT] = "limit", [DIAG_KIND_USAGE] = "unfit",
};
static const char *const formats[] = {
	[DRV_FORMAT_TEXT] = "text", [DRV_FORMAT_JSON] = "json", [DRV_FORMAT_SARIF] = "sarif",
};

void drv_json_string(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void str(FILE *out, const char *s)
{
	drv_json_string(out, s, strlen(s));
}

int drv_report_flag(Report *r, const char *a, const char *cmd)
{
	if (strncmp(a, "--diagnostics=", 14) != 0)
		return 1;
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (strcmp(a + 14, formats[i]) == 0)
			return r->format = (DrvFormat)i, 0;
	fprintf(stderr, "nacre %s: error: unknown --diagnostics format '%s': valid formats are text, json, sarif "
	                "(see nacre help %s)\n", cmd, a + 14, cmd);
	return EXIT_USAGE;
}

/* SARIF's rules: every diagnostic code, in diag.def's order (ruleIndex
 * is the code - 1). */
static void sarif_rules(FILE *out)
{
	for (int c = 1; c < DIAG_COUNT; c++) {
		fprintf(out, "%s{\"id\": ", c > 1 ? ", " : "");
		str(out, diag_code_name((DiagCode)c));
		fprintf(out, ", \"shortDescription\": {\"text\": ");
		str(out, diag_text((DiagCode)c));
		fprintf(out, "}, \"properties\": {\"kind\": \"%s\"}}", kinds[diag_kind((DiagCode)c)]);
	}
}

void drv_report_begin(Report *r)
{
	r->nfiles = r->nresults = 0;
	if (r->format == DRV_FORMAT_JSON)
		printf("{\"tool\": \"nacre\", \"version\": \"%s\", \"command\": \"%s\", \"files\": [", NACRE_VERSION, r->cmd);
	if (r->format != DRV_FORMAT_SARIF)
		return;
	printf("{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\", "
	       "\"runs\": [{\"tool\": {\"driver\": {\"name\": \"nacre\", \"version\": \"%s\", \"rules\": [", NACRE_VERSION);
	sarif_rules(stdout);
	printf("]}}, \"results\": [");
}

/* The message as text mode shows it: fixed text, then the detail. */
static void message(FILE *out, const Diagnostic *d)
{
	char buf[DIAG_DETAIL_MAX + 128];
	snprintf(buf, sizeof buf, "%s%s%s", diag_text(d->code), d->detail[0] ? ": " : "", d->detail);
	str(out, buf);
}

/* The function's name from the name section, or "" */
static void func_name(const Diagnostic *d, const IrModule *names, char name[128])
{
	name[0] = 0;
	if (names && d->func != DIAG_NO_FUNC && d->func < names->nfuncs) {
		IrName n = ir_func_name(names, d->func);
		if (n.len)
			snprintf(name, 128, "%.*s", (int)n.len, n.p);
	}
}

static bool has_offset(const Diagnostic *d)
{
	DiagKind k = diag_kind(d->code);
	return k != DIAG_KIND_INTERNAL && d->code != DIAG_READ_INPUT;
}

static void json_diag(const Diagnostic *d, const char *name, bool comma)
{
	printf("%s{\"code\": \"%s\", \"kind\": \"%s\", \"message\": ", comma ? ", " : "", diag_code_name(d->code),
	       kinds[diag_kind(d->code)]);
	message(stdout, d);
	if (has_offset(d))
		printf(", \"offset\": %zu", d->offset);
	else
		printf(", \"offset\": null");
	if (d->func != DIAG_NO_FUNC)
		printf(", \"func\": %u, \"func_name\": ", d->func);
	else
		printf(", \"func\": null, \"func_name\": ");
	if (name[0])
		str(stdout, name);
	else
		printf("null");
	printf("}");
}

/* A path as a relative URI reference: unreserved characters and '/'
 * as they are, everything else percent-encoded (RFC 3986). */
static void uri(FILE *out, const char *path)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

static void sarif_result(Report *r, const char *path, const Diagnostic *d, const char *name)
{
	printf("%s{\"ruleId\": \"%s\", \"ruleIndex\": %d, \"level\": \"error\", \"message\": {\"text\": ",
	       r->nresults++ ? ", " : "", diag_code_name(d->code), (int)d->code - 1);
	message(stdout, d);
	printf("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
	uri(stdout, path);
	printf("}");
	if (has_offset(d))
		printf(", \"region\": {\"byteOffset\": %zu}", d->offset);
	printf("}");
	if (d->func != DIAG_NO_FUNC) {
		char fq[160];
		if (name[0])
			snprintf(fq, sizeof fq, "%s", name);
		else
			snprintf(fq, sizeof fq, "func %u", d->func);
		printf(", \"logicalLocations\": [{\"name\": ");
		str(stdout, fq);
		printf(", \"kind\": \"function\"}]");
	}
	printf("}], \"properties\": {\"kind\": \"%s\"", kinds[diag_kind(d->code)]);
	if (d->func != DIAG_NO_FUNC)
		printf(", \"func\": %u", d->func);
	printf("}}");
}

static void text_diag(const char *path, const Diagnostic *d, const char *name)
{
	if (has_offset(d)) {
		diag_print(d, path, name[0] ? name : NULL, stderr);
		return;
	}
	/* not about a place in the input: no offset to show */
	fprintf(stderr, "%s: error: %s%s%s (%s)\n", drv_command(), diag_text(d->code), d->detail[0] ? ": " : "",
	        d->detail, path);
}

void drv_report_file(Report *r, const char *path, const DiagSink *d, const IrModule *names)
{
	DrvFormat f = r ? r->format : DRV_FORMAT_TEXT;
	if (f == DRV_FORMAT_JSON) {
		printf("%s{\"file\": ", r->nfiles ? ", " : "");
		str(stdout, path);
		printf(", \"ok\": %s, \"diagnostics\": [", d->n ? "false" : "true");
	}
	if (r)
		r->nfiles++;
	for (unsigned i = 0; i < d->n; i++) {
		char name[128];
		func_name(&d->items[i], names, name);
		if (f == DRV_FORMAT_TEXT)
			text_diag(path, &d->items[i], name);
		else if (f == DRV_FORMAT_JSON)
			json_diag(&d->items[i], name, i > 0);
		else
			sarif_result(r, path, &d->items[i], name);
	}
	if (f == DRV_FORMAT_JSON)
		printf("], \"dropped\": %u}", d->dropped);
}

void drv_report_end(Report *r)
{
	if (r->format == DRV_FORMAT_JSON)
		printf("]}\n");
	else if (r->format == DRV_FORMAT_SARIF)
		printf("]}]}\n");
}

void drv_report_error(Report *r, const char *path, DiagCode code, const char *fmt, ...)
{
	DiagSink d = { 0 };
	char detail[DIAG_DETAIL_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	diag_report(&d, code, 0, DIAG_NO_FUNC, "%s", detail);
	drv_report_file(r, path, &d, NULL);
}
