/* driver/input.c: reading input files and reporting their diagnostics the
 * same way for every subcommand. */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int drv_input_read(const char *path, Input *out)
{
	FILE *f = fopen(path, "rb");
	out->path = path;
	out->bytes = NULL;
	out->size = 0;
	if (!f) {
		fprintf(stderr, "nacre: error: cannot open %s: %s\n", path, strerror(errno));
		return 0;
	}
	/* size the buffer from the file when it says; pipes grow as they go */
	struct stat st;
	size_t cap = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0
	             ? (size_t)st.st_size + 1 : 1 << 16;
	size_t n = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *grown = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
		if (!grown) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = grown;
		cap *= 2;
	}
	int err = ferror(f) ? errno : 0;
	fclose(f);
	if (!buf || err) {
		fprintf(stderr, "nacre: error: cannot read %s: %s\n", path, buf ? strerror(err) : "out of memory");
		free(buf);
		return 0;
	}
	out->bytes = buf;
	out->size = n;
	return 1;
}

void drv_input_free(Input *in)
{
	free(in->bytes);
	in->bytes = NULL;
}

void drv_diags_print(const DiagSink *d, const IrModule *names, const char *path)
{
	for (unsigned i = 0; i < d->n; i++) {
		const Diagnostic *dg = &d->items[i];
		char name[128] = "";
		if (names && dg->func != DIAG_NO_FUNC && dg->func < names->nfuncs) {
			IrName n = ir_func_name(names, dg->func);
			if (n.len)
				snprintf(name, sizeof name, "%.*s", (int)n.len, n.p);
		}
		if (diag_kind(dg->code) == DIAG_KIND_INTERNAL)
			/* not about a place in the input: no offset to show */
			fprintf(stderr, "nacre: error: %s%s%s (compiling %s)\n", diag_text(dg->code),
			        dg->detail[0] ? ": " : "", dg->detail, path);
		else
			diag_print(dg, path, name[0] ? name : NULL, stderr);
	}
}

IrModule *drv_module_load(const Input *in)
{
	DiagSink diags = { 0 };
	IrModule *m = fe_decode(in->bytes, in->size, &diags);
	if (!m) {
		drv_diags_print(&diags, NULL, in->path);
		return NULL;
	}
	if (!fe_validate(m, &diags)) {
		drv_diags_print(&diags, m, in->path); /* names make function errors readable */
		ir_module_free(m);
		return NULL;
	}
	return m;
}
