/* runtime-lib/exn.c: Wasm exceptions (3.0).  Generated code makes an
 * exception with nacre_rt_exn_new, fills its payload and leaves it in the
 * store's pending slot (vmctx->exn); code that can see exceptions tests
 * the slot after each call, so nothing unwinds natively.  A catch without
 * _ref frees it; one that hands out an exnref makes the store keep it
 * (there is no collector, and an exnref may be stored anywhere).  One
 * that reaches the host becomes an "uncaught exception" trap (call.c).
 */
#include "rt.h"

static NacreStore *store_of(NacreVmctx *vm)
{
	return ((NacreInstance *)vm->instance)->store;
}

void *nacre_rt_exn_new(NacreVmctx *vm, uint32_t tag, uint32_t n)
{
	NacreExn *e = rt_sys_alloc(sizeof *e + (size_t)n * sizeof(NacreValue));
	if (!e)
		rt_trap_raise(NACRE_TRAP_HOST, RT_CALLER_PC(), "out of memory for an exception");
	*e = (NacreExn){ .vmctx = vm, .payload = (NacreValue *)(e + 1), .tag = tag, .nvalues = n };
	return e;
}

void nacre_rt_exn_keep(NacreVmctx *vm, void *exn)
{
	NacreExn *e = exn;
	if (e->kept)
		return;
	NacreStore *s = store_of(vm);
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

void rt_exn_free_all(NacreStore *s)
{
	for (NacreExn *e = s->exns, *next; e; e = next) {
		next = e->next;
		rt_sys_free(e);
	}
	s->exns = NULL;
	if (s->exn) /* pending when the store goes (a trap left it) */
		rt_exn_release(s->exn);
	s->exn = NULL;
}
