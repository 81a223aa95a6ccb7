/* ir/diag.c: diagnostic texts and the sink (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

static const struct {
	const char *name, *text;
	DiagKind kind;
} table[DIAG_COUNT] = {
	[DIAG_NONE] = { "NONE", "no error", DIAG_KIND_USAGE },
#define DIAG(code, kind, text) [DIAG_##code] = { #code, text, DIAG_KIND_##kind },
#include "diag.def"
#undef DIAG
};

const char *diag_text(DiagCode code)
{
	return code < DIAG_COUNT ? table[code].text : "unknown diagnostic";
}

DiagKind diag_kind(DiagCode code)
{
	return code < DIAG_COUNT ? table[code].kind : DIAG_KIND_USAGE;
}

const char *diag_code_name(DiagCode code)
{
	return code < DIAG_COUNT ? table[code].name : "?";
}

void diag_report(DiagSink *s, DiagCode code, size_t offset, uint32_t func,
                 const char *detail, ...)
{
	if (s->n == DIAG_MAX) {
		s->dropped++;
		return;
	}
	Diagnostic *d = &s->items[s->n++];
	d->code = code;
	d->offset = offset;
	d->func = func;
	d->detail[0] = 0;
	if (detail) {
		va_list ap;
		va_start(ap, detail);
		vsnprintf(d->detail, sizeof d->detail, detail, ap);
		va_end(ap);
	}
}

void diag_print(const Diagnostic *d, const char *file, const char *funcname, FILE *out)
{
	fprintf(out, "%s:0x%06zx: error: %s", file, d->offset, diag_text(d->code));
	if (d->detail[0])
		fprintf(out, ": %s", d->detail);
	if (d->func != DIAG_NO_FUNC) {
		if (funcname)
			fprintf(out, " (func %u %s)", d->func, funcname);
		else
			fprintf(out, " (func %u)", d->func);
	}
	fputc('\n', out);
}
