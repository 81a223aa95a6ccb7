/* tests/fuzz/fuzz_module.c: libFuzzer target for the frontend.  Any byte
 * string goes through fe_module_load (decode, then validate); a module that
 * loads is also walked by ir_module_dump, so the IR it hands the backend is
 * read end to end.  Besides the sanitizers, it checks the diagnostic
 * contract: a rejection reports at least one diagnostic, each with a real
 * code and an offset inside the input; an accepted module reports none.
 * Built only with NACRE_FUZZ (see CMakeLists.txt here).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frontend/frontend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull; /* opened once; still reachable, so no leak report */

static void broken(const char *what, const DiagSink *d)
{
	fprintf(stderr, "fuzz_module: diagnostic contract broken: %s\n", what);
	for (unsigned i = 0; i < d->n; i++)
		diag_print(&d->items[i], "input", NULL, stderr);
	__builtin_trap();
}

static void check_diags(const DiagSink *d, size_t size, int loaded)
{
	if (loaded && (d->n || d->dropped))
		broken("module loaded but diagnostics were reported", d);
	if (!loaded && !d->n)
		broken("module rejected without a diagnostic", d);
	for (unsigned i = 0; i < d->n; i++) {
		const Diagnostic *dg = &d->items[i];
		if (dg->code == DIAG_NONE || dg->code >= DIAG_COUNT)
			broken("diagnostic without a valid code", d);
		if (dg->offset > size)
			broken("diagnostic offset beyond the end of the input", d);
		if (devnull)
			diag_print(dg, "input", NULL, devnull);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	DiagSink diags = { 0 };
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	IrModule *m = fe_module_load(data, size, &diags);
	check_diags(&diags, size, m != NULL);
	if (!m)
		return 0;
	if (devnull)
		ir_module_dump(m, devnull);
	ir_module_free(m);
	return 0;
}
