/* runtime-lib/canon/func.c: a whole call's values (CanonicalABI.md
 * flatten_functype, lift_flat_values and lower_flat_values).  Params
 * past MAX_FLAT_PARAMS flat values travel as one tuple in guest memory,
 * and results past MAX_FLAT_RESULTS through a pointer: one the guest
 * passes last when it calls the host (canon lower), one it returns when
 * the host calls it (canon lift).
 */
#include "rt_canon.h"

static bool params_spill(const RtCanonFunc *f)
{
	return f->nflat_params > NACRE_CANON_MAX_FLAT_PARAMS;
}

static bool results_spill(const RtCanonFunc *f)
{
	return f->nflat_results > NACRE_CANON_MAX_FLAT_RESULTS;
}

uint32_t rt_canon_core_params(const RtCanonFunc *f, bool lower)
{
	uint32_t n = params_spill(f) ? 1 : f->nflat_params;
	return n + (lower && results_spill(f));
}

uint32_t rt_canon_core_results(const RtCanonFunc *f, bool lower)
{
	if (results_spill(f))
		return lower ? 0 : 1;
	return f->nflat_results;
}

/* A pointer from the guest to a value of t: in bounds and aligned. */
static bool checked(RtCanonCx *cx, const RtCanonType *t, const NacreValue *v, uint32_t *ptr)
{
	*ptr = (uint32_t)v->i32;
	return rt_canon_mem_check(cx, *ptr, t->size, t->align);
}

bool rt_canon_lift_args(RtCanonCx *cx, const RtCanonFunc *f, const NacreValue *core, RtCanonVal *params)
{
	uint32_t ptr, i = 0;
	if (params_spill(f)) {
		if (!checked(cx, f->tuple, &core[0], &ptr))
			return false;
		/* load gives the tuple fields of its own: copy them out */
		RtCanonVal tuple;
		if (!rt_canon_load(cx, f->tuple, ptr, &tuple))
			return false;
		for (uint32_t k = 0; k < f->nparams; k++)
			params[k] = tuple.fields[k];
		return true;
	}
	for (uint32_t k = 0; k < f->nparams; k++)
		if (!rt_canon_lift_flat(cx, f->params[k], core, &i, &params[k]))
			return false;
	return true;
}

bool rt_canon_lower_results(RtCanonCx *cx, const RtCanonFunc *f, const RtCanonVal *result, const NacreValue *core_args,
                            NacreValue *core_results)
{
	uint32_t ptr, i = 0;
	if (!f->result)
		return true;
	if (results_spill(f)) {
		const NacreValue *retptr = &core_args[rt_canon_core_params(f, true) - 1];
		return checked(cx, f->result, retptr, &ptr) && rt_canon_store(cx, f->result, result, ptr);
	}
	return rt_canon_lower_flat(cx, f->result, result, core_results, &i);
}

bool rt_canon_lower_args(RtCanonCx *cx, const RtCanonFunc *f, const RtCanonVal *params, NacreValue *core)
{
	uint32_t ptr, i = 0;
	if (params_spill(f)) {
		RtCanonVal tuple = { .fields = (RtCanonVal *)params };
		if (!rt_canon_realloc(cx, 0, 0, f->tuple->align, f->tuple->size, &ptr))
			return false;
		core[0] = (NacreValue){ .i32 = (int32_t)ptr };
		return rt_canon_store(cx, f->tuple, &tuple, ptr);
	}
	for (uint32_t k = 0; k < f->nparams; k++)
		if (!rt_canon_lower_flat(cx, f->params[k], &params[k], core, &i))
			return false;
	return true;
}

bool rt_canon_lift_results(RtCanonCx *cx, const RtCanonFunc *f, const NacreValue *core, RtCanonVal *result)
{
	uint32_t ptr, i = 0;
	if (!f->result)
		return true;
	if (results_spill(f))
		return checked(cx, f->result, &core[0], &ptr) && rt_canon_load(cx, f->result, ptr, result);
	return rt_canon_lift_flat(cx, f->result, core, &i, result);
}

bool rt_canon_post_return(RtCanonCx *cx, const RtCanonFunc *f, const NacreValue *core_results)
{
	const RtCanonOptions *o = cx->opts;
	if (!o->has_post_return)
		return true;
	if (!o->call || !o->call(o->env, o->post_return, core_results, rt_canon_core_results(f, false), NULL, 0))
		return rt_canon_fail(cx, RT_CANON_E_CALLEE);
	return true;
}
