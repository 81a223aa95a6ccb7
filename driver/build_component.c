/* driver/build_component.c: `nacre build` (and `run`) of a component:
 * decode and validate it, follow its instantiation graph into a plan
 * (fe_component_plan), check that the WASI 0.2 world can run it, then
 * have the backend compile every core module and link them with the
 * world's start-up into one executable.  Components become executables
 * only, so far. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>

#include "../backend/backend.h"
#include "../ir/component_plan.h"

/* Every reason the build cannot go on is reported with the input's name. */
static int refuse(const Input *in, const DiagSink *d)
{
	drv_report_file(in->report, drv_input_name(in->path), d, NULL);
	return d->n && diag_kind(d->items[0].code) == DIAG_KIND_INTERNAL ? EXIT_INTERNAL : EXIT_INPUT;
}

static int build(const BuildFlags *f, const Input *in, const IrComponent *c, const IrCpPlan *plan, const char *out)
{
	DiagSink d = { 0 };
	BeOptions o = f->o;
	o.world = be_world_component();
	o.linker_pid = drv_output_linker();
	if (!be_world_fits_component(o.world, c, plan, &d))
		return refuse(in, &d);
	uint8_t *note = drv_flags_note(f, &o, in, &o.note_size);
	if (!note)
		return fprintf(stderr, "%s: error: out of memory\n", drv_command()), EXIT_INTERNAL;
	o.note = note;
	Output obj;
	drv_output_begin(&obj, out);
	int status = be_component_build(plan, &o, obj.tmp, &d) ? EXIT_OK : EXIT_INTERNAL;
	if (status != EXIT_OK) {
		drv_output_name_diags(&obj, &d);
		status = refuse(in, &d);
		if (d.n && d.items[0].code == DIAG_OUTPUT)
			status = EXIT_USAGE;
	}
	if (status == EXIT_OK)
		status = drv_output_commit(&obj);
	drv_output_abort(&obj);
	free(note);
	return status;
}

int drv_build_component(const BuildFlags *f, const Input *in, const char *out)
{
	DiagSink d = { 0 };
	if (f->o.emit != BE_EMIT_EXE) {
		diag_report(&d, DIAG_COMPONENT_UNSUPPORTED, 0, DIAG_NO_FUNC,
		            "a component becomes an executable only, so far (--emit=exe)");
		return refuse(in, &d);
	}
	IrComponent *c = fe_component_load(in->bytes, in->size, &d);
	IrCpPlan *plan = c ? fe_component_plan(c, &d) : NULL;
	int status = plan ? build(f, in, c, plan, out) : refuse(in, &d);
	ir_component_plan_free(plan);
	ir_component_free(c);
	return status;
}
