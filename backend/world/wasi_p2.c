/* backend/world/wasi_p2.c: WASI 0.2 commands, the world of components.
 * A program exports `run: func() -> result` in an instance named
 * wasi:cli/run@0.2.x; its start-up (wasi-shim/p2/start.c) makes the
 * plan's instances and calls it.  The WASI 0.2 host functions are not
 * provided yet, so a component that lowers any is refused at build time,
 * naming each one, rather than at its first call. */
#include "../backend.h"

#include <string.h>

#include "../../ir/component.h"
#include "../../ir/component_plan.h"

static bool starts(IrName n, const char *prefix)
{
	return n.len >= strlen(prefix) && memcmp(n.p, prefix, strlen(prefix)) == 0;
}

static bool named(IrName n, const char *s)
{
	return n.len == strlen(s) && memcmp(n.p, s, n.len) == 0;
}

/* func() -> result, the result with no payloads. */
static bool run_type(const IrComponent *c, uint32_t id)
{
	const IrCmType *f = &c->types[id];
	if (f->kind != IR_CMT_FUNC || f->n != 0 || !f->has_a)
		return false;
	const IrCmType *r = &c->types[f->a];
	while (r->same) /* a name given to the type */
		r = &c->types[r->same];
	return r->kind == IR_CMT_RESULT && !r->has_a && !r->has_b;
}

static bool runnable(const IrComponent *c, const IrCpPlan *p, DiagSink *d)
{
	for (uint32_t i = 0; i < p->nlifts; i++) {
		const IrCpLift *l = &p->lifts[i];
		if (starts(l->interface, "wasi:cli/run@0.2.") && named(l->name, "run") && run_type(c, l->type))
			return true;
	}
	diag_report(d, DIAG_CM_NOT_A_COMMAND, 0, DIAG_NO_FUNC, "an executable needs a wasi:cli/command component");
	return false;
}

static const char *lower_unsatisfied(const IrCpLower *l)
{
	if (l->kind == IR_CP_HOST_FUNC || l->interface.len || l->name.len)
		return "the WASI 0.2 host functions are not implemented yet";
	return NULL; /* the component's own resources */
}

const World be_world_wasi_p2 = {
	.name = "wasi-0.2",
	.entry = "_start",
	.archives = { "libnacre_wasi_p2.a", "libnacre_runtime.a" },
	.narchives = 2,
	.imports_hint = "a component executable's imports are bound by its WASI 0.2 shim",
	.component_runnable = runnable,
	.lower_unsatisfied = lower_unsatisfied,
};
