/* driver/input.c: reading input files and reporting their diagnostics the
 * same way for every subcommand. */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../frontend/text/text.h"

const char *drv_input_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

int drv_input_read(const char *path, Input *out)
{
	bool std = strcmp(path, "-") == 0;
	FILE *f = std ? stdin : fopen(path, "rb");
	*out = (Input){ .path = path, .features = FE_FEATURES_3_0 };
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

/* Binary or text is decided by content, not by the file's extension: a
 * binary starts with a NUL byte (its magic is \0asm) and no text can (a
 * NUL is no text character), so a damaged magic is still reported as one;
 * stdin and files named anything work the same.  An empty input is a
 * truncated binary, not an empty module. */
static bool is_binary(const Input *in)
{
	return in->size == 0 || in->bytes[0] == 0;
}

/* The text format, converted to a binary the decoder then reads like any
 * other; its own errors are printed with line:column. */
static uint8_t *from_text(const Input *in, size_t *size)
{
	DiagSink diags = { 0 };
	uint8_t *bin = tx_wat_to_wasm(in->bytes, in->size, &diags, size);
	if (bin)
		return bin;
	const char *name = drv_input_name(in->path);
	if (in->report && in->report->format != DRV_FORMAT_TEXT) {
		drv_report_file(in->report, name, &diags, NULL);
		return NULL;
	}
	for (unsigned i = 0; i < diags.n; i++)
		tx_diag_print(&diags.items[i], name, in->bytes, in->size, stderr);
	/* text starts with a parenthesis or a comment: say what else it is not */
	size_t i = 0;
	while (i < in->size && strchr(" \t\r\n", in->bytes[i]))
		i++;
	if (i < in->size && in->bytes[i] != '(' && in->bytes[i] != ';')
		fprintf(stderr, "%s: note: neither a Wasm binary (no \\0asm magic) nor the text format\n", name);
	return NULL;
}

/* The decoder's and validator's offsets of a text module are in the
 * binary made from it; say so where people read them. */
static void text_note(const Input *in, bool from_text)
{
	if (from_text && (!in->report || in->report->format == DRV_FORMAT_TEXT))
		fprintf(stderr, "%s: note: the offset is in the binary made from the text (see wat2wasm)\n",
		        drv_input_name(in->path));
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
	size_t size = in->size;
	uint8_t *text_bin = is_binary(in) ? NULL : from_text(in, &size);
	if (!is_binary(in) && !text_bin)
		return NULL;
	const uint8_t *bytes = text_bin ? text_bin : in->bytes;
	IrModule *m = fe_decode(bytes, size, &diags);
	double t1 = drv_now();
	if (m) {
		m->owned_bytes = text_bin; /* the module borrows from it */
		text_bin = NULL;
	}
	secs[0] = t1 - t0;
	secs[1] = 0;
	if (!m) {
		drv_report_file(in->report, drv_input_name(in->path), &diags, NULL);
		text_note(in, text_bin != NULL);
		free(text_bin);
		return NULL;
	}
	bool ok = fe_features_check(m, in->features, &diags) && fe_validate(m, &diags);
	secs[1] = drv_now() - t1;
	if (!ok) {
		drv_report_file(in->report, drv_input_name(in->path), &diags, m); /* names make function errors readable */
		text_note(in, m->owned_bytes != NULL);
		ir_module_free(m);
		m = NULL;
	}
	return m;
}
