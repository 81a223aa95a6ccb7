/* runtime-lib/canon/call.c: whole calls across the canonical ABI, the
 * glue a host function and an export's caller need: rt_canon_import is
 * the body of a host function the guest calls (canon lower: lift the
 * arguments, run the host's code on host values, lower its result, end
 * the call, trap on any failure); rt_canon_export calls a guest export
 * with host values (canon lift: lower, call, lift, post-return).
 */
#include "rt_canon.h"

/* The host side failing is its own trap, not the guest's. */
void rt_canon_import(const RtCanonImport *imp, NacreValue *args_results)
{
	RtCanonArena arena;
	RtCanonCx cx;
	rt_canon_arena_init(&arena, imp->arena_limit);
	rt_canon_cx_init(&cx, imp->opts, &arena, imp->handles);
	const RtCanonFunc *f = imp->func;
	RtCanonVal *params = rt_canon_arena_alloc(&arena, (f->nparams + 1) * sizeof *params);
	RtCanonVal result = { .u = 0 };
	bool ok = params ? rt_canon_lift_args(&cx, f, args_results, params) : rt_canon_fail(&cx, RT_CANON_E_NOMEM);
	ok = ok && imp->fn(imp->env, &cx, params, &result);
	/* flat results overwrite the arguments, which are all lifted by now;
	 * a spilled result goes through the return pointer, read first */
	ok = ok && rt_canon_lower_results(&cx, f, &result, args_results, args_results);
	RtCanonError e = rt_canon_cx_end(&cx);
	rt_canon_arena_reset(&arena);
	if (!ok || e != RT_CANON_E_NONE) {
		cx.error = cx.error != RT_CANON_E_NONE ? cx.error : RT_CANON_E_HOST_VALUE;
		rt_canon_trap(&cx);
	}
}

bool rt_canon_export(RtCanonCx *cx, const RtCanonFunc *f, uint32_t func, const RtCanonVal *params,
                     RtCanonVal *result)
{
	const RtCanonOptions *o = cx->opts;
	NacreValue core[NACRE_CANON_MAX_FLAT_PARAMS + 1] = { { .i64 = 0 } };
	NacreValue out[NACRE_CANON_MAX_FLAT_RESULTS] = { { .i64 = 0 } };
	bool ok = rt_canon_lower_args(cx, f, params, core);
	if (ok && (!o->call || !o->call(o->env, func, core, rt_canon_core_params(f, false), out,
	                                 rt_canon_core_results(f, false))))
		ok = rt_canon_fail(cx, RT_CANON_E_CALLEE);
	/* the result is copied out to the arena: the guest may free its side */
	ok = ok && rt_canon_lift_results(cx, f, out, result) && rt_canon_post_return(cx, f, out);
	/* ended on every path, so no borrow handle is left pointing at cx */
	return rt_canon_cx_end(cx) == RT_CANON_E_NONE && ok;
}
