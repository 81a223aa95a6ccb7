/* runtime-lib/limits.c: a store's limits (nacre_store_set_limits): how
 * large one memory or table may get and how many objects the store may
 * make.  Memory and table sizes are checked where they are made and where
 * they grow; counts where an object is made.  0 in a limit means only the
 * implementation's own.
 */
#include <stddef.h>

#include "rt.h"

/* Where each count's limit lives in NacreLimits, and what it counts. */
static const struct { size_t limit; const char *what; } counts[RT_NCOUNTS] = {
	[RT_COUNT_INSTANCES] = { offsetof(NacreLimits, instances), "instances" },
	[RT_COUNT_MEMORIES] = { offsetof(NacreLimits, memories), "memories" },
	[RT_COUNT_TABLES] = { offsetof(NacreLimits, tables), "tables" },
	[RT_COUNT_HOST_FUNCS] = { offsetof(NacreLimits, host_funcs), "host functions" },
};

void nacre_store_set_limits(NacreStore *s, const NacreLimits *limits)
{
	s->limits = limits ? *limits : (NacreLimits){ 0 };
}

uint32_t rt_limit_pages(const NacreStore *s)
{
	uint64_t l = s->limits.memory_pages;
	return l && l < NACRE_MEMORY_PAGES_MAX ? (uint32_t)l : NACRE_MEMORY_PAGES_MAX;
}

uint32_t rt_limit_elements(const NacreStore *s)
{
	uint32_t l = s->limits.table_elements;
	return l && l < RT_MAX_TABLE ? l : RT_MAX_TABLE;
}

uint64_t rt_limit_exn_bytes(const NacreStore *s)
{
	return s->limits.exception_bytes ? s->limits.exception_bytes : NACRE_EXN_BYTES_DEFAULT;
}

static uint32_t count_limit(const NacreStore *s, RtCount kind)
{
	return *(const uint32_t *)(const void *)((const char *)&s->limits + counts[kind].limit);
}

NacreStatus rt_limit_count(const NacreStore *s, RtCount kind, uint32_t more, NacreError *err)
{
	uint32_t limit = count_limit(s, kind);
	if (!limit || (uint64_t)s->counts[kind] + more <= limit)
		return NACRE_OK;
	return rt_fail(err, NACRE_ERROR, "limit: the store may hold %u %s and holds %u", limit, counts[kind].what,
	               s->counts[kind]);
}

NacreStatus rt_limit_memory(const NacreStore *s, uint32_t min, NacreError *err)
{
	if (!s->limits.memory_pages || min <= s->limits.memory_pages)
		return NACRE_OK;
	return rt_fail(err, NACRE_ERROR, "limit: a memory of %u pages exceeds the store's limit of %llu pages", min,
	               (unsigned long long)s->limits.memory_pages);
}

NacreStatus rt_limit_table(const NacreStore *s, uint32_t min, NacreError *err)
{
	if (!s->limits.table_elements || min <= s->limits.table_elements)
		return NACRE_OK;
	return rt_fail(err, NACRE_ERROR, "limit: a table of %u elements exceeds the store's limit of %u elements",
	               min, s->limits.table_elements);
}

/* Everything a module's instance would make, before anything is made, so
 * that a module over a limit leaves nothing behind. */
NacreStatus rt_limit_module(const NacreStore *s, const NacreModuleDesc *d, NacreError *err)
{
	NacreStatus st = rt_limit_count(s, RT_COUNT_INSTANCES, 1, err);
	if (st == NACRE_OK)
		st = rt_limit_count(s, RT_COUNT_MEMORIES, d->nmems - d->nimported_mems, err);
	if (st == NACRE_OK)
		st = rt_limit_count(s, RT_COUNT_TABLES, d->ntables - d->nimported_tables, err);
	for (uint32_t i = d->nimported_mems; st == NACRE_OK && i < d->nmems; i++)
		st = rt_limit_memory(s, d->mems[i].min, err);
	for (uint32_t i = d->nimported_tables; st == NACRE_OK && i < d->ntables; i++)
		st = rt_limit_table(s, d->tables[i].min, err);
	return st;
}
