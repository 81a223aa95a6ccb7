/* driver/input.c: reading input files and reporting their diagnostics the
 * same way for every subcommand. */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *drv_input_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

int drv_input_read(const char *path, Input *out)
{
	bool std = strcmp(path, "-") == 0;
	FILE *f = std ? stdin : fopen(path, "rb");
	*out = (Input){ .path = path };
	if (!f) {
		out->why = strerror(errno);
		fprintf(stderr, "%s: error: cannot open %s: %s\n", drv_command(), path, out->why);
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
	if (!std)
		fclose(f);
	if (!buf || err) {
		out->why = buf ? strerror(err) : "out of memory";
		fprintf(stderr, "%s: error: cannot read %s: %s\n", drv_command(), drv_input_name(path), out->why);
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

/* Text where the binary's magic should be ("(module", a comment): the
 * text format, which nacre does not read yet. */
static void text_hint(const Input *in, DiagSink *d)
{
	size_t i = 0;
	while (i < in->size && strchr(" \t\r\n", in->bytes[i]))
		i++;
	if (d->n && d->items[0].code == DIAG_MAGIC && i < in->size && (in->bytes[i] == '(' || in->bytes[i] == ';'))
		snprintf(d->items[0].detail, sizeof d->items[0].detail,
		         "this is the text format, which is not supported yet; convert it with wat2wasm");
}

IrModule *drv_module_load(const Input *in)
{
	double secs[2];
	return drv_module_load_timed(in, secs);
}

IrModule *drv_module_load_timed(const Input *in, double secs[2])
{
	DiagSink diags = { 0 };
	if (ir_is_component(in->bytes, in->size)) {
		/* only validation reads components so far */
		secs[0] = secs[1] = 0;
		diag_report(&diags, DIAG_COMPONENT_UNSUPPORTED, 0, DIAG_NO_FUNC,
		            "this is a component (`nacre validate` checks it); %s needs a core module", drv_command());
		drv_report_file(in->report, drv_input_name(in->path), &diags, NULL);
		return NULL;
	}
	double t0 = drv_now();
	IrModule *m = fe_decode(in->bytes, in->size, &diags);
	double t1 = drv_now();
	secs[0] = t1 - t0;
	secs[1] = 0;
	if (!m) {
		text_hint(in, &diags);
		drv_report_file(in->report, drv_input_name(in->path), &diags, NULL);
		return NULL;
	}
	bool ok = fe_validate(m, &diags);
	secs[1] = drv_now() - t1;
	if (!ok) {
		drv_report_file(in->report, drv_input_name(in->path), &diags, m); /* names make function errors readable */
		ir_module_free(m);
		return NULL;
	}
	return m;
}
