/* driver/build.c: `nacre build FILE -o OUT [options]`: the whole pipeline,
 * decode, validate, lower, optimise, emit and link, in that order.  Bad
 * input is reported as `nacre validate` reports it and nothing is written. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backend/backend.h"

static const struct { const char *name; BeEmit emit; } emits[] = {
	{ "exe", BE_EMIT_EXE }, { "obj", BE_EMIT_OBJ }, { "so", BE_EMIT_SO }, { "llvm", BE_EMIT_LLVM },
	{ "asm", BE_EMIT_ASM },
};
static const struct { const char *flag; BeOptLevel level; } levels[] = {
	{ "-O0", BE_O0 }, { "-O1", BE_O1 }, { "-O2", BE_O2 }, { "-O3", BE_O3 }, { "-Os", BE_OS },
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "nacre build: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see nacre --help)\n");
	return EXIT_USAGE;
}

static int option(BeOptions *o, const char *a)
{
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
		if (strcmp(a, levels[i].flag) == 0)
			return o->opt = levels[i].level, 0;
	if (strncmp(a, "--emit=", 7) == 0) {
		for (size_t i = 0; i < sizeof emits / sizeof *emits; i++)
			if (strcmp(a + 7, emits[i].name) == 0)
				return o->emit = emits[i].emit, 0;
		return usage_error("unknown --emit kind '%s' (exe, obj, so, llvm, asm)", a + 7);
	}
	if (strcmp(a, "--bounds=guard") == 0)
		return o->bounds = NACRE_BOUNDS_GUARD, 0;
	if (strcmp(a, "--bounds=explicit") == 0)
		return o->bounds = NACRE_BOUNDS_EXPLICIT, 0;
	if (strncmp(a, "--cpu=", 6) == 0)
		return o->cpu = a + 6, 0;
	if (strncmp(a, "--target=", 9) == 0) {
		o->target = be_target_find(a + 9);
		return o->target ? 0 : usage_error("unknown target '%s'", a + 9);
	}
	if (strncmp(a, "--partition-bytes=", 18) == 0) {
		char *end;
		unsigned long v = strtoul(a + 18, &end, 10);
		if (*end || !a[18] || v == 0 || v > UINT32_MAX)
			return usage_error("--partition-bytes takes a positive number, not '%s'", a + 18);
		return o->partition_bytes = (uint32_t)v, 0;
	}
	if (strcmp(a, "--verify") == 0)
		return o->verify = true, 0;
	return usage_error("unknown option '%s'", a);
}

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

int drv_cmd_build(int argc, char **argv)
{
	BeOptions o;
	be_options_default(&o);
	o.emit = BE_EMIT_EXE; /* the command's default; the library's is a shared object */
	const char *in_path = NULL, *out = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0) {
			if (++i == argc)
				return usage_error("%s needs a file name", "-o");
			out = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			int rc = option(&o, argv[i]);
			if (rc)
				return rc;
		} else if (in_path) {
			return usage_error("one input file at a time ('%s' is a second)", argv[i]);
		} else {
			in_path = argv[i];
		}
	}
	if (!in_path || !out)
		return usage_error("%s", "usage: nacre build FILE -o OUT");
	if (!o.target)
		return usage_error("%s", "no default target for this machine: give --target=");
	Input in;
	if (!drv_input_read(in_path, &in))
		return EXIT_USAGE;
	IrModule *m = drv_module_load(&in);
	int status = !m ? EXIT_INPUT : o.emit == BE_EMIT_EXE && !is_command(m, in_path) ? EXIT_INPUT : EXIT_OK;
	if (status == EXIT_OK) {
		DiagSink diags = { 0 };
		if (!be_compile(m, &o, out, &diags)) {
			drv_diags_print(&diags, m, in_path);
			status = exit_status(&diags);
		}
	}
	ir_module_free(m);
	drv_input_free(&in);
	return status;
}
