/* tests/fuzz/fuzz_component.c: libFuzzer target for the component
 * frontend.  Any byte string goes through fe_component_load; a component
 * that loads is walked whole (every type, extern, instance and canonical
 * definition, nested components too), so the sanitizers see any pointer
 * that outlives what it points to.  The diagnostic contract is checked as
 * fuzz_module.c does: a rejection reports something, with a real code and
 * an offset inside the input; an acceptance reports nothing.  A component
 * that loads is also planned (fe_component_plan): a plan, or a reason.  Built only
 * with NACRE_FUZZ (see CMakeLists.txt here).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frontend/frontend.h"
#include "ir/component.h"
#include "ir/component_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const DiagSink *d)
{
	fprintf(stderr, "fuzz_component: diagnostic contract broken: %s\n", what);
	for (unsigned i = 0; i < d->n; i++)
		diag_print(&d->items[i], "input", NULL, stderr);
	__builtin_trap();
}

static void check_diags(const DiagSink *d, size_t size, int loaded)
{
	if (loaded && (d->n || d->dropped))
		broken("component loaded but diagnostics were reported", d);
	if (!loaded && !d->n)
		broken("component rejected without a diagnostic", d);
	for (unsigned i = 0; i < d->n; i++) {
		if (d->items[i].code == DIAG_NONE || d->items[i].code >= DIAG_COUNT)
			broken("diagnostic without a valid code", d);
		if (d->items[i].offset > size)
			broken("diagnostic offset beyond the end of the input", d);
	}
}

static unsigned sum; /* what the walk reads, kept so it is not optimised away */

static void touch(IrName n)
{
	for (uint32_t i = 0; i < n.len; i++)
		sum += (unsigned char)n.p[i];
}

static void walk_externs(const IrCmExtern *e, uint32_t n, uint32_t ntypes)
{
	for (uint32_t i = 0; i < n; i++) {
		touch(e[i].name);
		touch(e[i].module);
		if (e[i].type >= ntypes)
			__builtin_trap();
	}
}

static void walk_types(const IrComponent *root)
{
	for (uint32_t t = 1; t < root->ntypes; t++) {
		const IrCmType *ty = &root->types[t];
		for (uint32_t i = 0; i < ty->n; i++) {
			touch(ty->fields[i].name);
			if (ty->fields[i].type >= root->ntypes)
				__builtin_trap();
		}
		walk_externs(ty->imports, ty->nimports, root->ntypes);
		walk_externs(ty->exports, ty->nexports, root->ntypes);
		for (uint32_t i = 0; i < ty->core.nparams + ty->core.nresults; i++)
			sum += i < ty->core.nparams ? ty->core.params[i] : ty->core.results[i - ty->core.nparams];
	}
}

static void walk(const IrComponent *c, const IrComponent *root)
{
	walk_externs(c->imports, c->nimports, root->ntypes);
	walk_externs(c->exports, c->nexports, root->ntypes);
	for (uint32_t i = 0; i < c->ninstances; i++)
		for (uint32_t k = 0; k < c->instances[i].nargs; k++)
			touch(c->instances[i].args[k].name);
	for (uint32_t i = 0; i < c->ncanons; i++)
		sum += c->canons[i].kind;
	for (int s = 0; s < IR_CM_SORT_COUNT; s++)
		for (uint32_t i = 0; i < c->spaces[s].n; i++)
			if (c->spaces[s].types[i] >= root->ntypes)
				__builtin_trap();
	for (uint32_t i = 0; i < c->nmodules; i++)
		sum += c->modules[i]->nfuncs;
	for (uint32_t i = 0; i < c->ncomponents; i++)
		walk(c->components[i], root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	DiagSink diags = { 0 };
	IrComponent *c = fe_component_load(data, size, &diags);
	check_diags(&diags, size, c != NULL);
	if (!c)
		return 0;
	walk_types(c);
	walk(c, c);
	/* the compile-time instantiation: a plan, or a reason */
	DiagSink plan_diags = { 0 };
	IrCpPlan *p = fe_component_plan(c, &plan_diags);
	if (!p && plan_diags.n == 0)
		broken("component refused by the plan without a reason", &plan_diags);
	ir_component_plan_free(p);
	ir_component_free(c);
	return 0;
}
