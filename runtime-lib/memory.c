/* runtime-lib/memory.c: linear memories.  A memory reserves its address
 * space once (guard: 8 GiB, so that no i32 address plus offset leaves it;
 * explicit: its maximum) and never moves; grow makes more of it
 * read/write and tells every instance using it.  Also the bulk-memory
 * entries generated code calls, with the spec's bounds checks.
 */
#include <string.h>

#include "rt.h"

/* Explicit bounds reserve only what the memory may reach: its maximum,
 * or the store's page limit if lower. */
static size_t reservation(const NacreStore *s, uint64_t max, bool has_max, bool guarded)
{
	if (guarded)
		return RT_GUARD_RESERVE;
	uint64_t pages = has_max && max < RT_MAX_PAGES ? max : RT_MAX_PAGES;
	if (pages > rt_limit_pages(s))
		pages = rt_limit_pages(s);
	size_t bytes = (size_t)pages * RT_PAGE;
	return bytes ? bytes : rt_sys_page_size(); /* a real base even for (memory 0 0) */
}

/* Its own reservation for m, committed up to min pages. */
static NacreStatus reserve(NacreMemory *m, uint32_t min, NacreError *err)
{
	m->reserved = reservation(m->store, m->max, m->has_max, m->guarded);
	m->base = rt_sys_reserve(m->reserved);
	if (!m->base) {
		/* A small address space (ulimit -v, some emulators) refuses the
		 * guard reservation: an error to report, never a crash. */
		size_t mib = m->reserved >> 20;
		return rt_fail(err, NACRE_ERROR, "cannot reserve %zu MiB of address space for a memory%s (ulimit -v "
		               "or the emulator allows less)%s", mib, m->guarded ? " with guard pages" : "",
		               m->guarded ? "; --bounds=explicit reserves only the memory's maximum" : "");
	}
	if (!rt_sys_commit(m->base, (size_t)min * RT_PAGE)) {
		rt_sys_release(m->base, m->reserved);
		m->base = NULL;
		return rt_fail(err, NACRE_ERROR, "cannot commit the initial %u pages (%u MiB) of a memory: out of "
		               "memory, or beyond ulimit -v", min, (unsigned)(((uint64_t)min * RT_PAGE) >> 20));
	}
	return NACRE_OK;
}

/* A slot of pool for m, committed up to min pages; the slot caps max. */
static NacreStatus take_slot(NacrePool *pool, NacreMemory *m, uint32_t min, NacreError *err)
{
	if (!rt_pool_take(pool, m->guarded, min, &m->base, &m->slot, err))
		return NACRE_ERROR;
	m->pool = pool;
	m->reserved = rt_pool_slot_bytes(pool);
	m->guarded = m->reserved == RT_GUARD_RESERVE; /* a guard slot serves guard code even if its maker's is explicit */
	if (m->max > rt_pool_max_pages(pool))
		m->max = rt_pool_max_pages(pool);
	return NACRE_OK;
}

/* A 32-bit memory's limits are at most 65536 pages (the validator's rule);
 * a 64-bit one (memory64) may declare up to 2^48, of which nacre makes
 * at most NACRE_MEMORY_PAGES_MAX: its maximum only caps growth. */
static NacreStatus check_type(RtMemType t, NacreError *err)
{
	if (!t.addr64 && (t.min > RT_MAX_PAGES || (t.has_max && t.max > RT_MAX_PAGES)))
		return rt_fail(err, NACRE_ERROR, "memory size must be at most 65536 pages (4GiB)");
	if (t.has_max && t.max < t.min)
		return rt_fail(err, NACRE_ERROR, "size minimum must not be greater than maximum");
	if (t.min > NACRE_MEMORY_PAGES_MAX)
		return rt_fail(err, NACRE_ERROR, "a memory of %llu pages is larger than nacre's memories may be "
		               "(%u pages: 4 GiB less one page)", (unsigned long long)t.min,
		               (unsigned)NACRE_MEMORY_PAGES_MAX);
	return NACRE_OK;
}

NacreStatus rt_memory_create(NacreStore *s, RtMemType t, bool guarded, bool pooled, NacreMemory **out,
                             NacreError *err)
{
	*out = NULL;
	NacreStatus st = check_type(t, err);
	if (st != NACRE_OK)
		return st;
	uint32_t min = (uint32_t)t.min;
	st = rt_limit_count(s, RT_COUNT_MEMORIES, 1, err);
	if (st == NACRE_OK)
		st = rt_limit_memory(s, min, err);
	if (st != NACRE_OK)
		return st;
	NacreMemory *m = rt_sys_zalloc(sizeof *m);
	if (!m)
		return rt_fail(err, NACRE_ERROR, "out of memory");
	m->max = t.has_max ? t.max : t.addr64 ? UINT64_C(1) << 48 : RT_MAX_PAGES;
	m->has_max = t.has_max;
	m->addr64 = t.addr64;
	m->guarded = guarded;
	m->store = s;
	st = pooled && s->pool ? take_slot(s->pool, m, min, err) : reserve(m, min, err);
	if (st != NACRE_OK) {
		rt_sys_free(m);
		return st;
	}
	m->pages = min;
	m->size = (uint64_t)min * RT_PAGE;
	m->next = s->memories;
	s->memories = m;
	s->counts[RT_COUNT_MEMORIES]++;
	*out = m;
	return NACRE_OK;
}

bool rt_memory_attach(NacreMemory *m, uint8_t **base, uint64_t *size)
{
	if (m->nusers == m->cap_users) {
		uint32_t cap = m->cap_users ? 2 * m->cap_users : 4;
		uint64_t **users = rt_sys_realloc(m->users, cap * sizeof *users);
		if (!users)
			return false;
		m->users = users;
		m->cap_users = cap;
	}
	m->users[m->nusers++] = size;
	*base = m->base;
	*size = m->size;
	return true;
}

/* The most pages m may reach: its maximum, what its reservation holds and
 * its store's limit (which may have changed since m was made). */
static uint32_t cap(const NacreMemory *m)
{
	uint64_t pages = m->max;
	if (!m->guarded && m->reserved / RT_PAGE < pages)
		pages = m->reserved / RT_PAGE;
	return pages < rt_limit_pages(m->store) ? (uint32_t)pages : rt_limit_pages(m->store);
}

/* The old size in pages, or UINT32_MAX (-1) if the memory cannot grow by
 * delta pages: past its maximum or its store's limit, or the OS refused. */
uint32_t rt_memory_grow(NacreMemory *m, uint32_t delta)
{
	uint32_t old = m->pages, most = cap(m);
	if (delta == 0)
		return old;
	if (old > most || delta > most - old)
		return UINT32_MAX;
	if (!rt_sys_commit(m->base + m->size, (size_t)delta * RT_PAGE))
		return UINT32_MAX;
	m->pages += delta;
	m->size = (uint64_t)m->pages * RT_PAGE;
	for (uint32_t i = 0; i < m->nusers; i++)
		*m->users[i] = m->size;
	return old;
}

bool rt_memory_holds(const NacreStore *s, uintptr_t addr)
{
	for (const NacreMemory *m = s->memories; m; m = m->next)
		if (addr - (uintptr_t)m->base < m->reserved)
			return true;
	return false;
}

void rt_memory_free(NacreMemory *m)
{
	if (m->pool)
		rt_pool_give(m->pool, m->slot, m->size);
	else
		rt_sys_release(m->base, m->reserved);
	rt_sys_free(m->users);
	rt_sys_free(m);
}

/* Spec 4.4.7, memory.init: the whole range is checked before any byte
 * moves; a dropped segment has length 0. */
bool rt_memory_init(NacreInstance *inst, uint32_t mem, uint32_t seg, uint64_t dst, uint32_t src, uint32_t n)
{
	const NacreMemory *m = mem < inst->desc->nmems ? inst->memories[mem] : NULL;
	if (!m || seg >= inst->desc->ndatas)
		return false;
	const NacreDataDesc *d = &inst->desc->datas[seg];
	uint64_t len = inst->data_dropped[seg] ? 0 : d->size;
	if ((uint64_t)src + n > len || dst > m->size || n > m->size - dst)
		return false;
	if (n)
		memcpy(m->base + dst, d->bytes + src, n);
	return true;
}

/* ---- Entries from generated code: memory 0 of the caller's instance, or
 * (the _at ones, multi-memory) memory mem of it, which the validator
 * checked exists. */

static NacreMemory *memory_of(NacreVmctx *vm, uint32_t mem, uintptr_t pc)
{
	NacreInstance *inst = vm->instance;
	NacreMemory *m = mem < inst->desc->nmems ? inst->memories[mem] : NULL;
	if (!m)
		rt_trap_raise(NACRE_TRAP_OOB_MEMORY, pc, NULL);
	return m;
}

/* at + n <= size, written so that 64-bit operands cannot wrap. */
static void check_range(const NacreMemory *m, uint64_t at, uint64_t n, uintptr_t pc)
{
	if (at > m->size || n > m->size - at)
		rt_trap_raise(NACRE_TRAP_OOB_MEMORY, pc, NULL);
}

static uint32_t grow(NacreVmctx *vm, uint32_t mem, uint32_t delta)
{
	NacreInstance *inst = vm->instance;
	NacreMemory *m = mem < inst->desc->nmems ? inst->memories[mem] : NULL;
	return m ? rt_memory_grow(m, delta) : UINT32_MAX;
}

static void fill(NacreVmctx *vm, uint32_t mem, uint64_t dst, uint32_t val, uint64_t n, uintptr_t pc)
{
	NacreMemory *m = memory_of(vm, mem, pc);
	check_range(m, dst, n, pc);
	if (n)
		memset(m->base + dst, (int)(uint8_t)val, n);
}

/* Both ranges are checked before any byte moves (spec 4.4.7); between two
 * memories the ranges cannot overlap, but memmove serves both cases. */
static void copy(NacreVmctx *vm, uint32_t dmem, uint32_t smem, uint64_t dst, uint64_t src, uint64_t n,
                 uintptr_t pc)
{
	NacreMemory *d = memory_of(vm, dmem, pc), *s = memory_of(vm, smem, pc);
	check_range(s, src, n, pc);
	check_range(d, dst, n, pc);
	if (n)
		memmove(d->base + dst, s->base + src, n);
}

static void init(NacreVmctx *vm, uint32_t mem, uint32_t seg, uint64_t dst, uint32_t src, uint32_t n, uintptr_t pc)
{
	if (!rt_memory_init(vm->instance, mem, seg, dst, src, n))
		rt_trap_raise(NACRE_TRAP_OOB_MEMORY, pc, NULL);
}

uint32_t nacre_rt_memory_grow(NacreVmctx *vm, uint32_t delta)
{
	return grow(vm, 0, delta);
}

void nacre_rt_memory_fill(NacreVmctx *vm, uint32_t dst, uint32_t val, uint32_t n)
{
	fill(vm, 0, dst, val, n, RT_CALLER_PC());
}

void nacre_rt_memory_copy(NacreVmctx *vm, uint32_t dst, uint32_t src, uint32_t n)
{
	copy(vm, 0, 0, dst, src, n, RT_CALLER_PC());
}

void nacre_rt_memory_init(NacreVmctx *vm, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n)
{
	init(vm, 0, seg, dst, src, n, RT_CALLER_PC());
}

uint32_t nacre_rt_memory_grow_at(NacreVmctx *vm, uint32_t mem, uint32_t delta)
{
	return grow(vm, mem, delta);
}

void nacre_rt_memory_fill_at(NacreVmctx *vm, uint32_t mem, uint32_t dst, uint32_t val, uint32_t n)
{
	fill(vm, mem, dst, val, n, RT_CALLER_PC());
}

void nacre_rt_memory_copy_at(NacreVmctx *vm, uint32_t dmem, uint32_t smem, uint32_t dst, uint32_t src, uint32_t n)
{
	copy(vm, dmem, smem, dst, src, n, RT_CALLER_PC());
}

void nacre_rt_memory_init_at(NacreVmctx *vm, uint32_t mem, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n)
{
	init(vm, mem, seg, dst, src, n, RT_CALLER_PC());
}

/* A 64-bit memory's delta and result are pages as i64: a delta past what
 * any memory of nacre's holds fails like any other refused growth. */
uint64_t nacre_rt_memory_grow64(NacreVmctx *vm, uint32_t mem, uint64_t delta)
{
	if (delta > UINT32_MAX)
		return UINT64_MAX;
	uint32_t old = grow(vm, mem, (uint32_t)delta);
	return old == UINT32_MAX ? UINT64_MAX : old;
}

void nacre_rt_memory_fill64(NacreVmctx *vm, uint32_t mem, uint64_t dst, uint32_t val, uint64_t n)
{
	fill(vm, mem, dst, val, n, RT_CALLER_PC());
}

void nacre_rt_memory_copy64(NacreVmctx *vm, uint32_t dmem, uint32_t smem, uint64_t dst, uint64_t src, uint64_t n)
{
	copy(vm, dmem, smem, dst, src, n, RT_CALLER_PC());
}

void nacre_rt_memory_init64(NacreVmctx *vm, uint32_t mem, uint32_t seg, uint64_t dst, uint32_t src, uint32_t n)
{
	init(vm, mem, seg, dst, src, n, RT_CALLER_PC());
}

void nacre_rt_data_drop(NacreVmctx *vm, uint32_t seg)
{
	NacreInstance *inst = vm->instance;
	if (seg < inst->desc->ndatas)
		inst->data_dropped[seg] = true;
}

/* ---- Embedding API */

/* Standalone memories are guarded, so that a module compiled for either
 * bounds strategy can import them. */
NacreStatus nacre_memory_new(NacreStore *s, uint32_t min, uint32_t max, bool has_max,
                             NacreMemory **out, NacreError *err)
{
	return rt_memory_create(s, (RtMemType){ min, max, has_max, false }, true, false, out, err);
}

NacreStatus nacre_memory_new64(NacreStore *s, uint64_t min, uint64_t max, bool has_max,
                               NacreMemory **out, NacreError *err)
{
	return rt_memory_create(s, (RtMemType){ min, max, has_max, true }, true, false, out, err);
}

uint8_t *nacre_memory_data(NacreMemory *m, uint64_t *size)
{
	if (size)
		*size = m->size;
	return m->base;
}
