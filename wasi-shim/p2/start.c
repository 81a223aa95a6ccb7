/* wasi-shim/p2/start.c: a component executable's start-up (WASI 0.2; the
 * rest is ../program.c).  The compiler linked in every core module's
 * descriptor and the component's plan (NACRE_COMPONENT_SYMBOL,
 * runtime-lib/cm_plan_codec.h); the plan is decoded and checked, its
 * instances made in order, each import bound to an earlier instance's
 * export or to a WASI 0.2 host function (bind.c, the rows of calls.h),
 * and `run` of wasi:cli/run@0.2.x called: `ok` exits 0, `err` exits 1, a
 * trap prints its reason and exits 134.
 */
#include <string.h>

#include "../program.h"
#include "p2.h"

extern const NacreComponentDesc nacre_component;

/* Everything the decoder asked for, freed together. */
typedef struct Allocs {
	void *blocks[64];
	unsigned n;
	struct Allocs *more;
} Allocs;

static void *alloc(void *ctx, size_t size)
{
	Allocs *a = ctx;
	while (a->n == sizeof a->blocks / sizeof *a->blocks) {
		if (!a->more && !(a->more = rt_sys_zalloc(sizeof *a->more)))
			return NULL;
		a = a->more;
	}
	void *p = rt_sys_zalloc(size);
	if (p)
		a->blocks[a->n++] = p;
	return p;
}

static void allocs_free(Allocs *a)
{
	for (unsigned i = 0; i < a->n; i++)
		rt_sys_free(a->blocks[i]);
	if (a->more) {
		allocs_free(a->more);
		rt_sys_free(a->more);
	}
}

typedef struct Program {
	NacreStore *s;
	NacreCmPlan plan;
	NacreModule **modules;
	NacreInstance **instances;
	NacreExtern *lowered;        /* per lower of the plan, once bound */
	P2Ctx p2;
	NacreError err;
} Program;

static void say_why(Program *p, const char *why)
{
	size_t n = strlen(why);
	if (n >= sizeof p->err.message)
		n = sizeof p->err.message - 1;
	memcpy(p->err.message, why, n);
	p->err.message[n] = 0;
}

static bool setup_fail(Program *p, const char *why)
{
	say_why(p, why);
	return false;
}

static bool open_modules(Program *p, Allocs *a)
{
	if (nacre_component.abi_version != NACRE_ABI_VERSION || nacre_component.nmodules != p->plan.nmodules)
		return setup_fail(p, "the component's descriptor does not match its plan");
	if (!(p->modules = alloc(a, (p->plan.nmodules + 1) * sizeof *p->modules)))
		return setup_fail(p, "out of memory");
	for (uint32_t k = 0; k < p->plan.nmodules; k++)
		if (nacre_module_from_desc(nacre_component.modules[k], &p->modules[k], &p->err) != NACRE_OK)
			return false;
	return true;
}

/* A lowered function is bound once, however many instances import it. */
static bool bind_lower(Program *p, uint32_t i, NacreExtern *out)
{
	if (!p->lowered[i].u.func && !p2_bind(&p->p2, i, &p->lowered[i], &p->err))
		return false;
	*out = p->lowered[i];
	return true;
}

static bool bind(Program *p, const NacreCmRef *r, NacreExtern *out)
{
	if (r->kind == NACRE_CM_LOWER)
		return bind_lower(p, r->index, out);
	if (!nacre_instance_export(p->instances[r->index], r->name.p, r->name.len, out))
		return setup_fail(p, "an instance of the component lacks an export its plan names");
	return true;
}

static bool make(Program *p, uint32_t i, Allocs *a)
{
	const NacreCmInstance *in = &p->plan.instances[i];
	NacreExtern *imports = alloc(a, (in->nimports + 1) * sizeof *imports);
	if (!imports)
		return setup_fail(p, "out of memory");
	for (uint32_t k = 0; k < in->nimports; k++)
		if (!bind(p, &in->imports[k], &imports[k]))
			return false;
	return nacre_instantiate(p->s, p->modules[in->module], imports, in->nimports, &p->instances[i], &p->err) ==
	       NACRE_OK;
}

static bool named(NacreCmName n, const char *s)
{
	return n.len == strlen(s) && memcmp(n.p, s, n.len) == 0;
}

static const NacreCmLift *find_run(const NacreCmPlan *plan)
{
	static const char prefix[] = "wasi:cli/run@0.2.";
	for (uint32_t i = 0; i < plan->nlifts; i++) {
		const NacreCmLift *l = &plan->lifts[i];
		if (l->interface.len >= sizeof prefix - 1 && memcmp(l->interface.p, prefix, sizeof prefix - 1) == 0 &&
		    named(l->name, "run"))
			return l;
	}
	return NULL;
}

/* run: func() -> result, lifted: the core function returns the result's
 * discriminant (0 ok, 1 err; anything else is the guest's fault). */
static NacreStatus call_run(Program *p, const NacreCmLift *run)
{
	NacreExtern f;
	NacreFuncType ft;
	if (!bind(p, &run->core, &f) || f.kind != NACRE_EXTERN_FUNC || !nacre_func_type(p->s, f.u.func, &ft) ||
	    ft.nparams != 0 || ft.nresults != 1 || ft.results[0] != NACRE_I32)
		return say_why(p, "the component's run is not func() -> result"), NACRE_ERROR;
	NacreValue result = { 0 };
	NacreStatus st = nacre_call(p->s, f.u.func, NULL, &result, &p->err);
	if (st != NACRE_OK)
		return st;
	if ((uint32_t)result.i32 > 1) {
		say_why(p, "wasm trap: invalid result discriminant returned by wasi:cli/run#run");
		return NACRE_TRAPPED;
	}
	p->err.exit_code = result.i32;
	return NACRE_EXITED;
}

/* The WASI 0.2 side: the context every host function sees, with the
 * component instance's handle table, once the instances' room exists. */
static bool setup_p2(Program *p, WasiCtx *w, Allocs *a)
{
	p->instances = alloc(a, (p->plan.ninstances + 1) * sizeof *p->instances);
	p->lowered = alloc(a, (p->plan.nlowers + 1) * sizeof *p->lowered);
	if (!p->instances || !p->lowered)
		return setup_fail(p, "out of memory");
	w->store = p->s;
	p->p2 = (P2Ctx){ .w = w, .store = p->s, .plan = &p->plan, .instances = p->instances };
	rt_canon_arena_init(&p->p2.types, 0);
	return p2_handles_init(&p->p2, &p->err);
}

static int run(NacreStore *s, WasiCtx *w)
{
	Allocs a = { 0 };
	Program p = { .s = s, .err = { .message = "out of memory" } };
	const char *why = rt_cm_plan_decode(nacre_component.plan, nacre_component.plan_size, &p.plan, alloc, &a);
	bool ok = !why || setup_fail(&p, why);
	ok = ok && open_modules(&p, &a);
	bool p2 = ok && setup_p2(&p, w, &a);
	ok = ok && p2;
	for (uint32_t i = 0; ok && i < p.plan.ninstances; i++)
		ok = make(&p, i, &a);
	const NacreCmLift *entry = ok ? find_run(&p.plan) : NULL;
	if (ok && !entry)
		ok = setup_fail(&p, "the component exports no wasi:cli/run");
	NacreStatus st = ok ? call_run(&p, entry) : NACRE_ERROR;
	for (uint32_t k = 0; p.modules && k < p.plan.nmodules; k++)
		if (p.modules[k])
			nacre_module_close(p.modules[k]);
	int status = wasi_program_status(st, &p.err);
	if (p2)
		rt_canon_handles_free(&p.p2.handles);
	p2_streams_free(&p.p2);
	p2_polls_free(&p.p2);
	rt_canon_arena_reset(&p.p2.types);
	allocs_free(&a);
	return status;
}

int nacre_main(int argc, char **argv, char **envp)
{
	return wasi_program_main(argc, argv, envp, run);
}
