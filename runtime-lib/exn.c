/* runtime-lib/exn.c: Wasm exceptions (3.0).  Generated code makes an
 * exception with nacre_rt_exn_new, fills its payload and leaves it in the
 * store's pending slot (vmctx->exn); code that can see exceptions tests
 * the slot after each call, so nothing unwinds natively.  A catch without
 * _ref frees it; one that hands out an exnref makes the store keep it
 * (there is no collector, and an exnref may be stored anywhere), up to
 * the store's limit (NacreLimits.exception_bytes).  One
 * that reaches the host becomes an "uncaught exception" trap (call.c)
 * and stays readable (nacre_store_exception); a host function throws
 * with nacre_host_throw.
 */
#include <string.h>

#include "rt.h"

static NacreStore *store_of(NacreVmctx *vm)
{
	return ((NacreInstance *)vm->instance)->store;
}

static NacreExn *exn_make(NacreTag *tag, uint32_t n)
{
	NacreExn *e = rt_sys_alloc(sizeof *e + (size_t)n * sizeof(NacreValue));
	if (e)
		*e = (NacreExn){ .tag = tag, .payload = (NacreValue *)(e + 1), .nvalues = n };
	return e;
}

void *nacre_rt_exn_new(NacreVmctx *vm, uint32_t tag, uint32_t n)
{
	NacreExn *e = exn_make(((NacreInstance *)vm->instance)->tags[tag], n);
	if (!e)
		rt_trap_raise(NACRE_TRAP_HOST, RT_CALLER_PC(), "out of memory for an exception");
	return e;
}

/* A host function's throw: pending as if its Wasm caller had thrown,
 * which tests the slot once the host function returns. */
NacreStatus nacre_host_throw(NacreStore *s, NacreTag *tag, const NacreValue *payload, NacreError *err)
{
	if (!tag || tag->store != s)
		return rt_fail(err, NACRE_ERROR, "nacre_host_throw: the tag is not this store's");
	if (!s->depth)
		return rt_fail(err, NACRE_ERROR, "nacre_host_throw: no call into the store is running");
	uint32_t n = rt_store_type(s, tag->type_id)->nparams;
	if (n && !payload)
		return rt_fail(err, NACRE_ERROR, "nacre_host_throw: the tag takes %u values", n);
	NacreExn *e = exn_make(tag, n);
	if (!e)
		return rt_fail(err, NACRE_ERROR, "out of memory");
	if (n)
		memcpy(e->payload, payload, n * sizeof *payload);
	if (s->exn) /* thrown twice: the last one counts */
		rt_exn_release(s->exn);
	s->exn = e;
	return NACRE_OK;
}

const NacreExn *nacre_store_exception(const NacreStore *s)
{
	return s->escaped;
}

static size_t exn_size(const NacreExn *e)
{
	return sizeof *e + (size_t)e->nvalues * sizeof(NacreValue);
}

/* Without a collector a kept exception lives as long as its store, so
 * the store's limit bounds them: past it the exception goes (nothing
 * else refers to it yet) and the guest traps instead of growing. */
void nacre_rt_exn_keep(NacreVmctx *vm, void *exn)
{
	NacreExn *e = exn;
	if (e->kept)
		return;
	NacreStore *s = store_of(vm);
	if (s->exn_bytes + exn_size(e) > rt_limit_exn_bytes(s)) {
		rt_sys_free(e);
		rt_trap_raise(NACRE_TRAP_EXN_LIMIT, RT_CALLER_PC(), NULL);
	}
	s->exn_bytes += exn_size(e);
	e->kept = 1;
	e->next = s->exns;
	s->exns = e;
}

void nacre_rt_exn_drop(NacreVmctx *vm, void *exn)
{
	NacreExn *e = exn;
	(void)vm;
	if (!e->kept)
		rt_sys_free(e);
}

/* After a call from the host returned: the exception nothing caught, now
 * taken out of the slot (the caller reports it, then rt_exn_release), or
 * NULL. */
NacreExn *rt_exn_escaped(NacreStore *s)
{
	NacreExn *e = s->exn;
	s->exn = NULL;
	return e;
}

void rt_exn_release(NacreExn *e)
{
	if (!e->kept)
		rt_sys_free(e);
}

void rt_exn_set_escaped(NacreStore *s, NacreExn *e)
{
	if (s->escaped)
		rt_exn_release(s->escaped);
	s->escaped = e;
}

/* The pending and escaped ones first: they may be kept ones, which the
 * list frees. */
void rt_exn_free_all(NacreStore *s)
{
	rt_exn_set_escaped(s, NULL);
	if (s->exn) /* pending when the store goes (a trap left it) */
		rt_exn_release(s->exn);
	s->exn = NULL;
	for (NacreExn *e = s->exns, *next; e; e = next) {
		next = e->next;
		rt_sys_free(e);
	}
	s->exns = NULL;
	s->exn_bytes = 0;
}
