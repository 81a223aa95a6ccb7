/* runtime-lib/exn.c: Wasm exceptions (3.0).  Generated code makes an
 * exception with nacre_rt_exn_new, fills its payload and leaves it in the
 * store's pending slot (vmctx->exn); code that can see exceptions tests
 * the slot after each call, so nothing unwinds natively.  One that
 * reaches the host becomes an "uncaught exception" trap (rt_exn_escaped).
 * Exceptions live until the store goes: an exnref may be kept anywhere.
 */
#include "rt.h"

void *nacre_rt_exn_new(NacreVmctx *vm, uint32_t tag, uint32_t n)
{
	NacreStore *s = ((NacreInstance *)vm->instance)->store;
	NacreExn *e = rt_sys_alloc(sizeof *e + (size_t)n * sizeof(NacreValue));
	if (!e)
		rt_trap_raise(NACRE_TRAP_HOST, RT_CALLER_PC(), "out of memory for an exception");
	*e = (NacreExn){ .vmctx = vm, .payload = (NacreValue *)(e + 1), .tag = tag, .nvalues = n,
	                 .next = s->exns };
	s->exns = e;
	return e;
}

/* After a call from the host returned: the exception nothing caught, now
 * taken out of the slot, or NULL. */
NacreExn *rt_exn_escaped(NacreStore *s)
{
	NacreExn *e = s->exn;
	s->exn = NULL;
	return e;
}

void rt_exn_free_all(NacreStore *s)
{
	for (NacreExn *e = s->exns, *next; e; e = next) {
		next = e->next;
		rt_sys_free(e);
	}
	s->exns = NULL;
	s->exn = NULL;
}
