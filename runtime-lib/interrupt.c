/* runtime-lib/interrupt.c: stopping a store's Wasm code from outside
 * (nacre_store_interrupt) and metering it (fuel).  An interrupt request
 * is the store's stack-limit word set to UINTPTR_MAX: every function's
 * entry check (sp < limit) then fails, --interruptible code also tests
 * the word at each loop header, and both land in nacre_rt_trap, which
 * tells the request from real stack exhaustion by the word itself.  One
 * atomic word is the whole request, so that asking is a single store,
 * safe from any thread and from a signal handler.
 */
#include "rt.h"

#define INTERRUPT UINTPTR_MAX

void nacre_store_interrupt(NacreStore *s)
{
	__atomic_store_n(&s->stack_limit, INTERRUPT, __ATOMIC_SEQ_CST);
}

/* A pending request survives the entry: the compare-and-swap fails on
 * INTERRUPT and leaves it for the code's first check. */
void rt_store_set_limit(NacreStore *s, uintptr_t limit)
{
	s->stack_real = limit;
	uintptr_t cur = __atomic_load_n(&s->stack_limit, __ATOMIC_SEQ_CST);
	while (cur != INTERRUPT &&
	       !__atomic_compare_exchange_n(&s->stack_limit, &cur, limit, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
}

/* Taking the request puts the real limit back: the store stays usable,
 * and a request made after this point is the next one. */
NacreTrap rt_store_limit_trap(NacreStore *s, NacreTrap trap)
{
	uintptr_t cur = INTERRUPT;
	if (__atomic_compare_exchange_n(&s->stack_limit, &cur, s->stack_real, false, __ATOMIC_SEQ_CST,
	                                __ATOMIC_SEQ_CST))
		return NACRE_TRAP_INTERRUPTED;
	return trap;
}

/* The counter is signed so that code tests "below 0"; what does not fit
 * waits in the reserve, which at a unit per instruction no run reaches. */
void nacre_store_set_fuel(NacreStore *s, uint64_t fuel)
{
	s->fuel = fuel > INT64_MAX ? INT64_MAX : (int64_t)fuel;
	s->fuel_reserve = fuel - (uint64_t)s->fuel;
}

uint64_t nacre_store_fuel(const NacreStore *s)
{
	return (s->fuel > 0 ? (uint64_t)s->fuel : 0) + s->fuel_reserve;
}
