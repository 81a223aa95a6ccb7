/* driver/build.c: `nacre build FILE -o OUT [options]`: the whole pipeline,
 * decode, validate, lower, optimise, emit and link, in that order.  Bad
 * input is reported as `nacre validate` reports it and nothing is written;
 * the output appears whole or not at all (output.c).  With --cache an
 * identical build's output is reused (cache.c). */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backend/backend.h"

/* An executable runs its world's program (o->world: the entry export,
 * and imports its shim provides).  Anything else is a library: say so
 * before compiling. */
static bool fits_exe(const IrModule *m, const BeOptions *o, const Input *in)
{
	DiagSink d = { 0 };
	if (be_world_fits(o->world, m, &d))
		return true;
	drv_report_file(in->report, drv_input_name(in->path), &d, m);
	bool imports = false;
	for (unsigned i = 0; i < d.n; i++)
		imports |= d.items[i].code == DIAG_UNKNOWN_IMPORT;
	if (imports && (!in->report || in->report->format == DRV_FORMAT_TEXT))
		fprintf(stderr, "%s: note: %s; build a library with --emit=so or --emit=obj\n", drv_command(),
		        o->world->imports_hint);
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

static int backend(const IrModule *m, const BeOptions *o, const Input *in, const Output *out)
{
	DiagSink diags = { 0 };
	if (be_compile(m, o, out->tmp, &diags))
		return EXIT_OK;
	drv_output_name_diags(out, &diags);
	drv_report_file(in->report, drv_input_name(in->path), &diags, m);
	return exit_status(&diags);
}

/* --cache: the entry for this build, or false (said why) without one. */
static bool cache_entry(const BuildFlags *f, const BeOptions *o, const Input *in, char *path, size_t size)
{
	char dir[DRV_PATH_MAX], key[IR_SHA256_HEX];
	if (!drv_cache_dir(dir, sizeof dir) || !drv_cache_make_dir(dir) || !drv_cache_key(f, o, in, key))
		return false;
	return snprintf(path, size, "%s/%s", dir, key) < (int)size;
}

/* The backend, or with --cache the entry an identical build left; a new
 * build is copied into the cache (a private name, then a rename: safe
 * when several builds of one input race).  An entry another build's trim
 * removed meanwhile is a miss.  A miss (and every nacre run that gets
 * here) reuses what partitions the partition cache has. */
static int compile(const BuildFlags *f, const IrModule *m, const BeOptions *o, const Input *in,
                   const Output *out)
{
	char entry[DRV_PATH_MAX + IR_SHA256_HEX];
	bool cache = f->cache && cache_entry(f, o, in, entry, sizeof entry);
	DrvCopy hit = cache ? drv_cache_copy(entry, out->tmp, out->path) : DRV_COPY_NO_SOURCE;
	if (hit != DRV_COPY_NO_SOURCE) {
		drv_cache_touch(entry);
		if (f->verbose && hit == DRV_COPY_OK)
			fprintf(stderr, "%s: cache hit %s\n", drv_command(), entry);
		return hit == DRV_COPY_OK ? EXIT_OK : EXIT_USAGE;
	}
	BeOptions with = *o;
	DrvPartCache parts;
	if (f->part_cache && drv_part_cache_open(&parts, o))
		with.cache = &parts.be;
	int status = backend(m, &with, in, out);
	if (status == EXIT_OK && cache && drv_cache_copy(out->tmp, entry, entry) == DRV_COPY_OK) {
		if (f->verbose)
			fprintf(stderr, "%s: cache miss, stored %s\n", drv_command(), entry);
		char *slash = strrchr(entry, '/');
		*slash = 0;
		drv_cache_trim(entry, slash + 1);
	}
	return status;
}

/* The object and, for --emit=obj, its typed header, each under a
 * temporary name; both renamed only when both are whole. */
static int write_outputs(const IrModule *m, const BuildFlags *f, const BeOptions *o, const Input *in,
                         const char *out)
{
	Output obj, hdr;
	char *hpath = o->emit == BE_EMIT_OBJ ? drv_header_path(f, out) : NULL;
	if (o->emit == BE_EMIT_OBJ && !hpath)
		return fprintf(stderr, "%s: error: out of memory\n", drv_command()), EXIT_INTERNAL;
	drv_output_begin(&obj, out);
	if (hpath)
		drv_output_begin(&hdr, hpath);
	int status = compile(f, m, o, in, &obj);
	bool header_done = false;
	if (status == EXIT_OK && hpath)
		status = drv_header_write(m, o->module_name, in->path, &hdr);
	if (status == EXIT_OK && hpath)
		header_done = (status = drv_output_commit(&hdr)) == EXIT_OK;
	if (status == EXIT_OK)
		status = drv_output_commit(&obj);
	if (status != EXIT_OK && header_done)
		remove(hpath); /* no header without its object */
	if (hpath)
		drv_output_abort(&hdr);
	drv_output_abort(&obj);
	free(hpath);
	return status;
}

/* The note goes into every object: how it was built, what it may reach. */
int drv_build_compile(const BuildFlags *f, const Input *in, const char *out)
{
	if (ir_is_component(in->bytes, in->size))
		return drv_build_component(f, in, out);
	double start = drv_now(), front[2];
	IrModule *m = drv_module_load_timed(in, front);
	int status = !m ? EXIT_INPUT : f->o.emit == BE_EMIT_EXE && !fits_exe(m, &f->o, in) ? EXIT_INPUT : EXIT_OK;
	BeOptions o = f->o;
	BeTimes times = { 0 };
	DrvProgress progress;
	o.times = &times;
	o.linker_pid = drv_output_linker();
	drv_progress_start(&progress, &times, drv_input_name(in->path));
	char name[BE_MODULE_NAME_MAX + 1]; /* an object's symbols carry its name */
	if (status == EXIT_OK)
		status = drv_header_name(f, &o, out, name);
	uint8_t *note = status == EXIT_OK ? drv_flags_note(f, &o, in, &o.note_size) : NULL;
	o.note = note;
	if (status == EXIT_OK && !note) {
		fprintf(stderr, "%s: error: out of memory\n", drv_command());
		status = EXIT_INTERNAL;
	}
	if (status == EXIT_OK)
		status = write_outputs(m, f, &o, in, out);
	drv_progress_end(&progress);
	if (status == EXIT_OK && f->verbose && times.nparts) /* a cache hit compiled nothing */
		drv_verbose_times(&times, front, drv_now() - start);
	if (status == EXIT_OK)
		drv_report_file(in->report, drv_input_name(in->path), &(DiagSink){ 0 }, m);
	free(note);
	ir_module_free(m);
	return status;
}

/* Every output's place is checked before any work. */
static int check_outputs(const BuildFlags *f)
{
	const char *inputs[] = { f->in_path };
	int status = drv_output_check(f->out, inputs, 1);
	if (status == EXIT_OK && f->header)
		status = drv_output_check(f->header, inputs, 1);
	return status;
}

int drv_cmd_build(int argc, char **argv)
{
	BuildFlags f;
	int status = drv_flags_parse(&f, argc, argv, false);
	if (status)
		return status;
	Report *r = &f.report;
	r->cmd = "build";
	if ((status = check_outputs(&f))) {
		drv_flags_free(&f);
		return status;
	}
	drv_report_begin(r);
	Input in;
	if (!drv_input_read(f.in_path, &in)) {
		if (r->format != DRV_FORMAT_TEXT)
			drv_report_error(r, drv_input_name(f.in_path), DIAG_READ_INPUT, "%s", in.why);
		status = EXIT_USAGE;
	} else {
		in.report = r;
		in.features = f.wasm_features;
		status = drv_build_compile(&f, &in, f.out);
		drv_input_free(&in);
	}
	drv_report_end(r);
	drv_flags_free(&f);
	return status;
}
