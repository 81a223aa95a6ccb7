/* runtime-lib/call.c: calls from the host into a store.  Every call runs
 * under an entry frame (trap.c) so that a trap comes back here as
 * NACRE_TRAPPED; a Wasm function is called through its module's entry
 * trampoline for its type, a host function's callback directly.
 */
#include <string.h>

#include "rt.h"

enum { SMALL_CALL = 16 };

static void invoke(const NacreFuncRef *f, NacreValue *args_results)
{
	if (f->reserved & NACRE_FUNCREF_HOST) {
		rt_host_invoke(rt_host_of(f), args_results);
		return;
	}
	NacreEntry entry = rt_instance_entry(f);
	rt_trap_in_wasm(true);
	entry(f->vmctx, f->code, args_results);
}

/* An exception no handler caught, as a trap of its own kind; its tag's
 * index and payload count go into the message. */
static NacreStatus rt_exn_report(const NacreExn *x, NacreError *err)
{
	NacreStatus st = rt_fail(err, NACRE_TRAPPED, "wasm trap: %s (tag %u, %u values)",
	                         nacre_trap_text(NACRE_TRAP_UNCAUGHT_EXCEPTION), ((const NacreTag *)x->tag)->index,
	                         x->nvalues);
	if (err)
		err->trap = NACRE_TRAP_UNCAUGHT_EXCEPTION;
	return st;
}

/* Nothing this function changes after rt_sys_setjmp is read after the
 * jump back, so its locals stay valid on the trap path. */
NacreStatus rt_call(NacreStore *s, const NacreFuncRef *f, NacreValue *args_results, NacreError *err)
{
	RtEntry e;
	rt_entry_push(&e, s);
	if (rt_sys_setjmp(e.jump) == 0) {
		invoke(f, args_results);
		rt_entry_pop(&e);
		NacreExn *x = rt_exn_escaped(s);
		if (!x)
			return NACRE_OK;
		NacreStatus st = rt_exn_report(x, err);
		rt_exn_set_escaped(s, x);
		return st;
	}
	rt_entry_pop(&e);
	NacreExn *x = rt_exn_escaped(s); /* none should be pending; never leave one */
	if (x)
		rt_exn_release(x);
	return rt_trap_report(s, err);
}

/* A reference the host passes for a parameter of exact type t (3.0):
 * compiled code trusts a typed reference's type (call_ref checks only
 * null), so a function of another type, or null where none may be, is
 * refused here.  self is the callee's type id (a type naming itself). */
static bool ref_fits(uint32_t t, uint32_t self, const void *ref)
{
	uint8_t heap = (uint8_t)t;
	if (!ref)
		return !(t & NACRE_REF_NONNULL);
	if (heap == NACRE_NULLFUNCREF || heap == NACRE_NULLEXTERNREF)
		return false;
	if (heap != NACRE_HEAP_INDEX)
		return true;
	uint32_t id = t >> NACRE_TYPE_SHIFT;
	if (id == (1u << (32 - NACRE_TYPE_SHIFT)) - 1)
		id = self;
	return ((const NacreFuncRef *)ref)->type_id == id;
}

static bool args_fit(const RtType *t, uint32_t self, const NacreValue *args, uint32_t *bad)
{
	for (uint32_t i = 0; t->exact && i < t->nparams; i++)
		if (!ref_fits(t->exact[i], self, args[i].ref)) {
			*bad = i;
			return false;
		}
	return true;
}

NacreStatus nacre_call(NacreStore *s, NacreFuncRef *f, const NacreValue *args, NacreValue *results,
                       NacreError *err)
{
	const RtType *t = f ? rt_store_type(s, f->type_id) : NULL;
	uint32_t bad;
	if (!t)
		return rt_fail(err, NACRE_ERROR, "not a function of this store");
	if (!args_fit(t, f->type_id, args, &bad))
		return rt_fail(err, NACRE_ERROR, "argument %u is not a reference of the parameter's type", bad);
	size_t n = t->nparams > t->nresults ? t->nparams : t->nresults;
	NacreValue small[SMALL_CALL];
	NacreValue *buf = n <= SMALL_CALL ? small : rt_sys_alloc(n * sizeof *buf);
	if (!buf)
		return rt_fail(err, NACRE_ERROR, "out of memory");
	if (t->nparams)
		memcpy(buf, args, t->nparams * sizeof *buf);
	NacreStatus st = rt_call(s, f, buf, err);
	if (st == NACRE_OK && t->nresults)
		memcpy(results, buf, t->nresults * sizeof *buf);
	if (st == NACRE_OK && err) {
		err->trap = NACRE_TRAP_NONE;
		err->exit_code = 0;
		err->message[0] = 0;
	}
	if (buf != small)
		rt_sys_free(buf);
	return st;
}
