/* runtime-lib/pool.c: a pool of linear-memory slots (nacre.h).  Every
 * slot is reserved when the pool is made, each on its own (one region of
 * tens of TiB does not fit beside the shadow of a sanitizer, or in an
 * address space other mappings have cut up); a free list of slot indices
 * hands them out.  Each slot remembers how many of
 * its first bytes are read/write and zero, so that taking it again
 * commits or decommits only the difference (nothing, when the same module
 * comes back), and giving it back zeroes at most keep_resident bytes in
 * place and returns the rest to the OS in one call.  A spin lock guards
 * the free list: its critical sections are a few loads and stores.
 */
#include <stdatomic.h>
#include <string.h>

#include "rt.h"

struct NacrePool {
	atomic_flag busy;
	uint8_t **bases;             /* per slot: its reservation (rt_sys_reserve) */
	size_t slot_bytes;
	uint64_t max_pages;
	size_t keep_resident;        /* a multiple of the OS page */
	bool guarded;
	uint32_t nslots, nfree;
	uint32_t *free;              /* indices of free slots, a stack */
	size_t *committed;           /* per slot: read/write, zero bytes from its base */
};

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static NacrePool *pool_alloc(const NacrePoolConfig *c)
{
	NacrePool *p = rt_sys_zalloc(sizeof *p);
	if (!p)
		return NULL;
	atomic_flag_clear(&p->busy);
	p->nslots = p->nfree = c->memories;
	p->max_pages = c->memory_pages;
	p->guarded = c->guard;
	p->slot_bytes = c->guard ? RT_GUARD_RESERVE : round_up((size_t)c->memory_pages * RT_PAGE, rt_sys_page_size());
	p->keep_resident = round_up(c->keep_resident, rt_sys_page_size());
	p->bases = rt_sys_zalloc(c->memories * sizeof *p->bases);
	p->free = rt_sys_zalloc(c->memories * sizeof *p->free);
	p->committed = rt_sys_zalloc(c->memories * sizeof *p->committed);
	return p;
}

static bool reserve_slots(NacrePool *p, NacreError *err)
{
	for (uint32_t i = 0; i < p->nslots; i++) {
		if (!(p->bases[i] = rt_sys_reserve(p->slot_bytes)))
			return rt_fail(err, NACRE_ERROR, "cannot reserve address space for slot %u of the pool (%zu MiB "
			               "each; fewer slots, or slots without guard, need less)", i, p->slot_bytes >> 20), false;
		p->free[i] = p->nslots - 1 - i; /* slot 0 on top */
	}
	return true;
}

NacrePool *nacre_pool_new(const NacrePoolConfig *c, NacreError *err)
{
	if (!c->memories || !c->memory_pages || c->memory_pages > RT_MAX_PAGES)
		return rt_fail(err, NACRE_ERROR, "a pool needs at least one slot of 1 to 65536 pages"), NULL;
	if (!rt_trap_setup())
		return rt_fail(err, NACRE_ERROR, "cannot install the trap handlers"), NULL;
	NacrePool *p = pool_alloc(c);
	if (!p || !p->bases || !p->free || !p->committed)
		return nacre_pool_free(p), rt_fail(err, NACRE_ERROR, "out of memory"), NULL;
	if (!reserve_slots(p, err))
		return nacre_pool_free(p), NULL;
	return p;
}

void nacre_pool_free(NacrePool *p)
{
	if (!p)
		return;
	for (uint32_t i = 0; p->bases && i < p->nslots; i++)
		rt_sys_release(p->bases[i], p->slot_bytes);
	rt_sys_free(p->bases);
	rt_sys_free(p->free);
	rt_sys_free(p->committed);
	rt_sys_free(p);
}

static void lock(NacrePool *p)
{
	while (atomic_flag_test_and_set_explicit(&p->busy, memory_order_acquire))
		;
}

static void unlock(NacrePool *p)
{
	atomic_flag_clear_explicit(&p->busy, memory_order_release);
}

/* The slot's first `want` bytes read/write and zero, the rest not. */
static bool fit(NacrePool *p, uint32_t slot, size_t want)
{
	uint8_t *base = p->bases[slot];
	size_t have = p->committed[slot];
	bool ok = want > have ? rt_sys_commit(base + have, want - have) : rt_sys_decommit(base + want, have - want);
	if (ok)
		p->committed[slot] = want;
	return ok;
}

static void push(NacrePool *p, uint32_t slot)
{
	lock(p);
	p->free[p->nfree++] = slot;
	unlock(p);
}

bool rt_pool_take(NacrePool *p, bool guarded, uint32_t pages, uint8_t **base, uint32_t *slot,
                  NacreError *err)
{
	if (guarded && !p->guarded)
		return rt_fail(err, NACRE_ERROR, "the pool's slots have no guard region, and this module was built "
		               "with --bounds=guard"), false;
	if (pages > p->max_pages)
		return rt_fail(err, NACRE_ERROR, "limit: a memory of %u pages is larger than the pool's slots (%llu)",
		               pages, (unsigned long long)p->max_pages), false;
	lock(p);
	bool any = p->nfree > 0;
	if (any)
		*slot = p->free[--p->nfree];
	unlock(p);
	if (!any)
		return rt_fail(err, NACRE_ERROR, "limit: all %u memory slots of the pool are in use", p->nslots), false;
	if (!fit(p, *slot, (size_t)pages * RT_PAGE)) {
		push(p, *slot); /* unchanged: fit changes nothing when it fails */
		return rt_fail(err, NACRE_ERROR, "cannot commit %u pages of a pool slot: out of memory", pages), false;
	}
	*base = p->bases[*slot];
	return true;
}

void rt_pool_give(NacrePool *p, uint32_t slot, size_t used)
{
	size_t keep = used < p->keep_resident ? used : p->keep_resident;
	memset(p->bases[slot], 0, keep);
	p->committed[slot] = used;
	/* A slot the OS would not decommit is never handed out again, rather
	 * than handed out dirty. */
	if (fit(p, slot, keep))
		push(p, slot);
}

size_t rt_pool_slot_bytes(const NacrePool *p)
{
	return p->slot_bytes;
}

uint64_t rt_pool_max_pages(const NacrePool *p)
{
	return p->max_pages;
}
