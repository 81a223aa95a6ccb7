/* backend/world/world.c: the host worlds an executable is built for,
 * looked up by name.  A world is a plug-in like a target: common code
 * asks a World what makes a module its program and what an executable of
 * it links, never names a WASI version itself. */
#include "../backend.h"

#include <string.h>

#include "../../ir/component_plan.h"

static const World *const worlds[] = { &be_world_wasi_p1, &be_world_wasi_p2 };
enum { NWORLDS = sizeof worlds / sizeof *worlds };

const World *be_world_find(const char *name)
{
	for (size_t i = 0; i < NWORLDS; i++)
		if (strcmp(worlds[i]->name, name) == 0)
			return worlds[i];
	return NULL;
}

const World *be_world_default(void)
{
	return worlds[0];
}

/* Every reason m is not w's program is reported, the entry's first. */
bool be_world_fits(const World *w, const IrModule *m, DiagSink *d)
{
	bool ok = w->runnable(m, d);
	for (uint32_t i = 0; i < m->nimports; i++) {
		const IrImport *im = &m->imports[i];
		const char *why = w->unsatisfied(m, im);
		if (why) {
			diag_report(d, DIAG_UNKNOWN_IMPORT, im->offset, DIAG_NO_FUNC, "%.*s.%.*s: %s",
			            (int)im->module.len, im->module.p, (int)im->name.len, im->name.p, why);
			ok = false;
		}
	}
	return ok;
}

const World *be_world_component(void)
{
	return &be_world_wasi_p2;
}

/* Every reason the plan is not w's program, the entry's first; a world
 * that runs no components says so. */
bool be_world_fits_component(const World *w, const IrComponent *c, const IrCpPlan *p, DiagSink *d)
{
	if (!w->component_runnable) {
		diag_report(d, DIAG_COMPONENT_UNSUPPORTED, 0, DIAG_NO_FUNC, "the %s world runs no components", w->name);
		return false;
	}
	bool ok = w->component_runnable(c, p, d);
	for (uint32_t i = 0; i < p->nlowers; i++) {
		const IrCpLower *l = &p->lowers[i];
		const char *why = w->lower_unsatisfied(l);
		if (why) {
			static const char *const op[] = { "", "[resource-new]", "[resource-drop]", "[resource-rep]" };
			diag_report(d, DIAG_UNKNOWN_IMPORT, 0, DIAG_NO_FUNC, "%.*s%s%s%.*s: %s", (int)l->interface.len,
			            l->interface.p, l->interface.len ? "#" : "", op[l->kind], (int)l->name.len, l->name.p, why);
			ok = false;
		}
	}
	return ok;
}
