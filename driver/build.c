/* driver/build.c: `nacre build FILE -o OUT [options]`: the whole pipeline,
 * decode, validate, lower, optimise, emit and link, in that order.  Bad
 * input is reported as `nacre validate` reports it and nothing is written. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backend/backend.h"

/* An executable runs a WASI command: its _start export, [] -> [] (WASI
 * preview1).  Anything else is a library: say so before compiling. */
static bool is_command(const IrModule *m, const char *path)
{
	for (uint32_t i = 0; i < m->nexports; i++) {
		const IrExport *e = &m->exports[i];
		if (e->kind == IR_EXTERN_FUNC && e->name.len == 6 && memcmp(e->name.p, "_start", 6) == 0) {
			const IrFuncType *t = ir_func_type(m, e->index);
			if (!t->nparams && !t->nresults)
				return true;
		}
	}
	fprintf(stderr, "%s: error: no _start export of type [] -> []: an executable needs a WASI "
	                "command (build a library with --emit=so or --emit=obj)\n", path);
	return false;
}

/* A file that could not be written is an I/O error; anything else the
 * backend reports is the toolchain failing. */
static int exit_status(const DiagSink *d)
{
	for (unsigned i = 0; i < d->n; i++)
		if (d->items[i].code == DIAG_OUTPUT)
			return EXIT_USAGE;
	return d->n && diag_kind(d->items[0].code) != DIAG_KIND_INTERNAL ? EXIT_INPUT : EXIT_INTERNAL;
}

/* The note goes into every object: how it was built, what it may reach. */
int drv_build_compile(const BuildFlags *f, const Input *in, const char *out)
{
	IrModule *m = drv_module_load(in);
	int status = !m ? EXIT_INPUT : f->o.emit == BE_EMIT_EXE && !is_command(m, in->path) ? EXIT_INPUT : EXIT_OK;
	BeOptions o = f->o;
	char name[DRV_MODULE_NAME_MAX + 1]; /* an object's symbols carry its name */
	if (status == EXIT_OK)
		status = drv_header_name(f, &o, out, name);
	uint8_t *note = status == EXIT_OK ? drv_flags_note(f, &o, in, &o.note_size) : NULL;
	o.note = note;
	if (status == EXIT_OK && !note) {
		fprintf(stderr, "nacre: error: out of memory\n");
		status = EXIT_INTERNAL;
	}
	if (status == EXIT_OK) {
		DiagSink diags = { 0 };
		if (!be_compile(m, &o, out, &diags)) {
			drv_diags_print(&diags, m, in->path);
			status = exit_status(&diags);
		}
	}
	if (status == EXIT_OK && o.emit == BE_EMIT_OBJ) /* and its typed header */
		status = drv_header_write(m, f, o.module_name, in->path, out);
	free(note);
	ir_module_free(m);
	return status;
}

int drv_cmd_build(int argc, char **argv)
{
	BuildFlags f;
	int status = drv_flags_parse(&f, argc, argv, false);
	if (status)
		return status;
	Input in;
	if (!drv_input_read(f.in_path, &in)) {
		drv_flags_free(&f);
		return EXIT_USAGE;
	}
	status = drv_build_compile(&f, &in, f.out);
	drv_input_free(&in);
	drv_flags_free(&f);
	return status;
}
