/* runtime-lib/host.c: host functions.  A module calls a host function
 * through its host adapter for the import's type, which passes our
 * NacreHostFunc; its callback is dispatch, which marks the thread as out
 * of Wasm code (faults are no longer traps) and calls the embedder.
 */
#include <string.h>

#include "rt.h"

static void dispatch(void *env, NacreValue *args_results)
{
	RtHostFunc *h = env;
	bool was = rt_trap_in_wasm(false);
	h->callback(h->env, args_results);
	rt_trap_in_wasm(was);
}

/* The code of a host function's own record: Wasm can only reach it if the
 * embedder passes the record as a value (say, into a table) without a
 * module importing it, and then there is no adapter to call it with. */
static void unbound(void *vmctx)
{
	(void)vmctx;
	rt_trap_raise(NACRE_TRAP_HOST, 0, "host function called from Wasm without being imported");
}

bool rt_value_type(uint8_t t)
{
	return t == NACRE_I32 || t == NACRE_I64 || t == NACRE_F32 || t == NACRE_F64 || t == NACRE_V128 ||
	       t == NACRE_FUNCREF || t == NACRE_EXTERNREF;
}

/* Why a host function of type with callback cannot be made, or NULL. */
static const char *refused(const NacreFuncType *type, void (*callback)(void *, NacreValue *))
{
	if (!callback)
		return "a host function needs a callback";
	if (!type || (type->nparams && !type->params) || (type->nresults && !type->results))
		return "a host function needs its type's parameter and result lists";
	for (uint32_t i = 0; i < type->nparams + type->nresults; i++)
		if (!rt_value_type(i < type->nparams ? type->params[i] : type->results[i - type->nparams]))
			return "a host function's type holds an unknown value type";
	return NULL;
}

NacreStatus nacre_host_func_create(NacreStore *s, const NacreFuncType *type,
                                   void (*callback)(void *env, NacreValue *args_results), void *env,
                                   NacreFuncRef **out, NacreError *err)
{
	*out = NULL;
	const char *why = refused(type, callback);
	if (why)
		return rt_fail(err, NACRE_ERROR, "%s", why);
	NacreStatus st = rt_limit_count(s, RT_COUNT_HOST_FUNCS, 1, err);
	if (st != NACRE_OK)
		return st;
	size_t n = (size_t)type->nparams + type->nresults;
	uint8_t *types = rt_sys_alloc(n ? n : 1);
	RtHostFunc *h = rt_sys_zalloc(sizeof *h);
	/* the slots callers store spilled arguments in (abi.h) */
	size_t slots = type->nparams > type->nresults ? type->nparams : type->nresults;
	NacreValue *spill = rt_sys_zalloc((slots ? slots : 1) * sizeof *spill);
	if (types && type->nparams)
		memcpy(types, type->params, type->nparams);
	if (types && type->nresults)
		memcpy(types + type->nparams, type->results, type->nresults);
	uint32_t id = types && h && spill ? rt_store_intern(s, type->nparams, type->nresults, types, NULL) : 0;
	rt_sys_free(types);
	if (!id) {
		rt_sys_free(spill);
		rt_sys_free(h);
		return rt_fail(err, NACRE_ERROR, "out of memory");
	}
	h->hf = (NacreHostFunc){ spill, dispatch, h };
	h->ref = (NacreFuncRef){ (void *)unbound, &h->hf, id, NACRE_FUNCREF_HOST };
	h->callback = callback;
	h->env = env;
	h->next = s->hosts;
	s->hosts = h;
	s->counts[RT_COUNT_HOST_FUNCS]++;
	*out = &h->ref;
	return NACRE_OK;
}

NacreFuncRef *nacre_host_func_new(NacreStore *s, const NacreFuncType *type,
                                  void (*callback)(void *env, NacreValue *args_results), void *env)
{
	NacreFuncRef *f;
	NacreError err;
	return nacre_host_func_create(s, type, callback, env, &f, &err) == NACRE_OK ? f : NULL;
}

RtHostFunc *rt_host_of(const NacreFuncRef *f)
{
	return RT_CONTAINER(f->vmctx, RtHostFunc, hf);
}

void rt_host_invoke(RtHostFunc *h, NacreValue *args_results)
{
	dispatch(h, args_results);
}

void rt_host_free(RtHostFunc *h)
{
	rt_sys_free(h->hf.spill);
	rt_sys_free(h);
}

void nacre_host_trap(NacreStore *s, const char *message)
{
	(void)s;
	rt_trap_raise(NACRE_TRAP_HOST, 0, message);
}

void nacre_host_exit(NacreStore *s, int32_t code)
{
	(void)s;
	rt_trap_exit(code);
}
