/* driver/header.c: --module-name and --header, where the C header of an
 * --emit=obj object goes, and writing it (the backend's header.c makes
 * its text). */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int drv_header_flag(BuildFlags *f, const char *a)
{
	if (strncmp(a, "--module-name=", 14) == 0) {
		const char *v = a + 14;
		if (!be_module_name_ok(v)) {
			fprintf(stderr, "%s: error: --module-name needs a C identifier of at most %d "
			                "characters not starting with 'nacre', not '%s' (see nacre help build)\n",
			        drv_command(), BE_MODULE_NAME_MAX, v);
			return EXIT_USAGE;
		}
		return f->o.module_name = v, 0;
	}
	if (strncmp(a, "--header=", 9) == 0) {
		if (!a[9]) {
			fprintf(stderr, "%s: error: --header needs a file name (see nacre help build)\n", drv_command());
			return EXIT_USAGE;
		}
		return f->header = a + 9, 0;
	}
	return 1;
}

/* out.o -> out.h; out -> out.h. */
static char *header_path(const char *out)
{
	const char *base = strrchr(out, '/');
	base = base ? base + 1 : out;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - out) : strlen(out);
	char *p = malloc(n + 3);
	if (p)
		snprintf(p, n + 3, "%.*s.h", (int)n, out);
	return p;
}

int drv_header_name(const BuildFlags *f, BeOptions *o, const char *out, char name[BE_MODULE_NAME_MAX + 1])
{
	BeEmit e = o->emit;
	if (f->header && e != BE_EMIT_OBJ) {
		fprintf(stderr, "%s: error: --header is for --emit=obj\n", drv_command());
		return EXIT_USAGE;
	}
	/* an executable's start code and nacre_module_open look for nacre_module */
	if (o->module_name && (e == BE_EMIT_EXE || e == BE_EMIT_SO)) {
		fprintf(stderr, "%s: error: --module-name is for --emit=obj (and llvm, asm): "
		                "executables and shared objects keep the symbol " NACRE_MODULE_SYMBOL "\n", drv_command());
		return EXIT_USAGE;
	}
	if (e == BE_EMIT_OBJ && !o->module_name) {
		be_module_name_from_path(out, name);
		o->module_name = name;
	}
	char *path = e == BE_EMIT_OBJ && !f->header ? header_path(out) : NULL;
	bool same = e == BE_EMIT_OBJ && strcmp(f->header ? f->header : path ? path : "", out) == 0;
	free(path);
	if (same) {
		fprintf(stderr, "%s: error: the header would overwrite the object '%s' "
		                "(give --header=PATH)\n", drv_command(), out);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

char *drv_header_path(const BuildFlags *f, const char *out)
{
	return f->header ? strdup(f->header) : header_path(out);
}

int drv_header_write(const IrModule *m, const char *name, const char *in_path, const Output *to)
{
	FILE *o = fopen(to->tmp, "w");
	if (!o) {
		fprintf(stderr, "%s: error: cannot write %s: %s\n", drv_command(), to->path, strerror(errno));
		return EXIT_USAGE;
	}
	bool made = be_header_emit(o, m, name, in_path);
	if (ferror(o) | fclose(o)) {
		fprintf(stderr, "%s: error: cannot write %s: %s\n", drv_command(), to->path, strerror(errno));
		return EXIT_USAGE;
	}
	if (!made) {
		fprintf(stderr, "%s: error: out of memory\n", drv_command());
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}
