/* backend/world/wasi_p1.c: WASI preview1 commands.  A program exports
 * _start, [] -> [], and imports only the functions of
 * wasi_snapshot_preview1 that wasi-shim/p1/calls.h lists, each with its one
 * type; the shim binds them at start-up, so any other import would fail
 * every run (exit 70) and is refused at build time instead.  The
 * executable links the shim (with its startup, start.c) and the
 * freestanding runtime. */
#include "../backend.h"

#include <string.h>

#include "../../wasi-shim/p1/calls.h"

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

static bool runnable(const IrModule *m, DiagSink *d)
{
	for (uint32_t i = 0; i < m->nexports; i++) {
		const IrExport *e = &m->exports[i];
		if (e->kind == IR_EXTERN_FUNC && named(e->name, "_start")) {
			const IrFuncType *t = ir_func_type(m, e->index);
			if (!t->nparams && !t->nresults)
				return true;
		}
	}
	diag_report(d, DIAG_NOT_A_COMMAND, 0, DIAG_NO_FUNC, "an executable needs a WASI command (build a "
	            "library with --emit=so or --emit=obj)");
	return false;
}

const World be_world_wasi_p1 = {
	.name = "wasi-preview1",
	.entry = "_start",
	.archives = { "libnacre_wasi.a", "libnacre_runtime.a" },
	.narchives = 2,
	.runnable = runnable,
	.unsatisfied = unsatisfied,
	.imports_hint = "an executable's imports are bound by its WASI shim, which provides the functions of "
	                WASI_MODULE_NAME,
};
