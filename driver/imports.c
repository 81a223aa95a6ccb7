/* driver/imports.c: an executable's imports are bound at start-up by the
 * WASI shim, which provides the functions of wasi_snapshot_preview1 that
 * wasi-shim/calls.h lists, each with one type.  Any other import would
 * fail every run (exit 70), so `nacre build --emit=exe` refuses it and
 * lists them all. */
#include "driver.h"

#include <string.h>

#include "../wasi-shim/calls.h"

static const struct { const char *name, *sig; } calls[] = {
#define ROW(name, sig) { #name, sig },
	WASI_CALLS(ROW)
#undef ROW
};

/* A signature of calls.h ("ii:i": i32 or I i64, ':' then results). */
static bool same_type(const char *sig, const IrFuncType *t)
{
	const char *colon = strchr(sig, ':');
	uint32_t np = (uint32_t)(colon - sig), nr = (uint32_t)strlen(colon + 1);
	if (t->nparams != np || t->nresults != nr)
		return false;
	for (uint32_t i = 0; i < np + nr; i++) {
		char c = i < np ? sig[i] : colon[1 + i - np];
		IrValType v = i < np ? t->params[i] : t->results[i - np];
		if (v != (c == 'I' ? IR_I64 : IR_I32))
			return false;
	}
	return true;
}

static bool named(IrName n, const char *s)
{
	return n.len == strlen(s) && memcmp(n.p, s, n.len) == 0;
}

/* NULL when the shim provides im, else why not. */
static const char *unsatisfied(const IrModule *m, const IrImport *im)
{
	if (im->kind != IR_EXTERN_FUNC)
		return "an executable imports functions only";
	if (!named(im->module, WASI_MODULE_NAME))
		return "the WASI shim provides " WASI_MODULE_NAME " only";
	for (size_t i = 0; i < sizeof calls / sizeof *calls; i++)
		if (named(im->name, calls[i].name))
			return same_type(calls[i].sig, ir_func_type(m, im->index)) ? NULL : "wrongly typed";
	return "not a WASI preview1 function";
}

bool drv_imports_check(const IrModule *m, DiagSink *d)
{
	bool ok = true;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const IrImport *im = &m->imports[i];
		const char *why = unsatisfied(m, im);
		if (why) {
			diag_report(d, DIAG_UNKNOWN_IMPORT, im->offset, DIAG_NO_FUNC, "%.*s.%.*s: %s",
			            (int)im->module.len, im->module.p, (int)im->name.len, im->name.p, why);
			ok = false;
		}
	}
	return ok;
}
