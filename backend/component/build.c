/* backend/component/build.c: a component's executable.  Every distinct
 * core module of the plan compiles as an object of its own (be_compile,
 * named nacre_cmK so that their symbols never clash), one more object
 * holds the component descriptor, and the world's start-up (WASI 0.2:
 * wasi-shim/p2/start.c) makes the instances from it.  The modules'
 * objects are audited as any module's; the descriptor's holds data only
 * (and names the modules' descriptors), and the linked program is
 * audited whole.  The objects go beside the output, named by the
 * process, and are removed in every case. */
#include "component.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Objects {
	uint32_t n;                  /* modules; objs[n] is the descriptor's */
	char **objs, **names;
} Objects;

static void objects_free(Objects *b)
{
	for (uint32_t k = 0; b->objs && k <= b->n; k++) {
		if (b->objs[k])
			unlink(b->objs[k]);
		free(b->objs[k]);
	}
	for (uint32_t k = 0; b->names && k < b->n; k++)
		free(b->names[k]);
	free(b->objs);
	free(b->names);
}

static bool objects_name(Objects *b, const char *out)
{
	size_t len = strlen(out) + 48;
	b->objs = calloc(b->n + 1, sizeof *b->objs);
	b->names = calloc(b->n + 1, sizeof *b->names);
	if (!b->objs || !b->names)
		return false;
	for (uint32_t k = 0; k <= b->n; k++) {
		if (!(b->objs[k] = malloc(len)) || (k < b->n && !(b->names[k] = malloc(32))))
			return false;
		snprintf(b->objs[k], len, "%s.%d.cm%u.o", out, (int)getpid(), k);
		if (k < b->n)
			snprintf(b->names[k], 32, "nacre_cm%u", k);
	}
	return true;
}

/* Each module as an object named by its place; its note is the bare
 * target's (the executable's note is the descriptor object's). */
static bool compile_modules(const IrModule *const *mods, const Objects *b, const BeOptions *o, DiagSink *diags)
{
	for (uint32_t k = 0; k < b->n; k++) {
		BeOptions mo = *o;
		mo.emit = BE_EMIT_OBJ;
		mo.module_name = b->names[k];
		mo.note = NULL;
		mo.note_size = 0;
		mo.times = NULL;
		if (!be_compile(mods[k], &mo, b->objs[k], diags))
			return false;
	}
	return true;
}

bool be_component_build(const IrCpPlan *plan, const BeOptions *o, const char *out, DiagSink *diags)
{
	const IrModule **mods = calloc(plan->ninstances + 1, sizeof *mods);
	Objects b = { .n = mods ? be_cm_modules(plan, mods) : 0 };
	size_t size = 0;
	uint8_t *bytes = mods ? be_cm_plan_bytes(plan, mods, b.n, &size) : NULL;
	bool ok = bytes && objects_name(&b, out);
	if (!ok)
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "component build");
	be_targets_init();
	ok = ok && compile_modules(mods, &b, o, diags) &&
	     be_cm_emit_descriptor(o, b.names, b.n, bytes, size, b.objs[b.n], diags) &&
	     be_link_exe(o, b.objs, b.n + 1, out, diags) &&
	     be_audit_program(o, out, diags);
	objects_free(&b);
	free(bytes);
	free(mods);
	return ok;
}
