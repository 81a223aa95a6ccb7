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

NacreFuncRef *nacre_host_func_new(NacreStore *s, const NacreFuncType *type,
                                  void (*callback)(void *env, NacreValue *args_results), void *env)
{
	if (rt_limit_count(s, RT_COUNT_HOST_FUNCS, 1, NULL) != NACRE_OK)
		return NULL;
	size_t n = (size_t)type->nparams + type->nresults;
	uint8_t *types = rt_sys_alloc(n);
	RtHostFunc *h = rt_sys_zalloc(sizeof *h);
	if (!types || !h || !callback) {
		rt_sys_free(types);
		rt_sys_free(h);
		return NULL;
	}
	if (type->nparams)
		memcpy(types, type->params, type->nparams);
	if (type->nresults)
		memcpy(types + type->nparams, type->results, type->nresults);
	uint32_t id = rt_store_intern(s, type->nparams, type->nresults, types);
	rt_sys_free(types);
	if (!id) {
		rt_sys_free(h);
		return NULL;
	}
	h->hf = (NacreHostFunc){ dispatch, h };
	h->ref = (NacreFuncRef){ (void *)unbound, &h->hf, id, NACRE_FUNCREF_HOST };
	h->callback = callback;
	h->env = env;
	h->next = s->hosts;
	s->hosts = h;
	s->counts[RT_COUNT_HOST_FUNCS]++;
	return &h->ref;
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
