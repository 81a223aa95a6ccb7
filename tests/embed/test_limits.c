/* tests/embed/test_limits.c: a store's limits (nacre_store_set_limits)
 * on compiled code, the same module built for each bounds strategy
 * (lim_guard, lim_explicit, lim_masked): memory.grow and table.grow
 * refused past the limits and allowed up to them, every byte up to the
 * limit usable and the next one a trap, instantiation refused for a
 * memory minimum over the limit and for one instance too many, and the
 * store usable after each refusal; without limits, growth stops one page
 * short of 4 GiB.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "lim_guard.h"
#include "lim_explicit.h"
#include "lim_masked.h"

typedef NacreStatus (*FnII)(NacreStore *, NacreInstance *, int32_t, int32_t *, NacreError *);
typedef NacreStatus (*FnI)(NacreStore *, NacreInstance *, int32_t *, NacreError *);
typedef NacreStatus (*FnVI)(NacreStore *, NacreInstance *, int32_t, NacreError *);

typedef struct Build {
	const NacreModuleDesc *desc;
	FnII grow, tgrow, peek;
	FnI size;
	FnVI poke;
} Build;

static const Build builds[] = {
	{ &lim_guard_module, lim_guard_grow, lim_guard_tgrow, lim_guard_peek, lim_guard_size, lim_guard_poke },
	{ &lim_explicit_module, lim_explicit_grow, lim_explicit_tgrow, lim_explicit_peek, lim_explicit_size,
	  lim_explicit_poke },
	{ &lim_masked_module, lim_masked_grow, lim_masked_tgrow, lim_masked_peek, lim_masked_size,
	  lim_masked_poke },
};
enum { NBUILDS = sizeof builds / sizeof *builds, PAGE = 65536 };

static NacreModule *open_module(const Build *b)
{
	NacreModule *m;
	NacreError err;
	cr_assert_eq(nacre_module_from_desc(b->desc, &m, &err), NACRE_OK, "%s", err.message);
	return m;
}

static NacreInstance *instance(NacreStore *s, NacreModule *m)
{
	NacreInstance *inst;
	NacreError err;
	cr_assert_eq(nacre_instantiate(s, m, NULL, 0, &inst, &err), NACRE_OK, "%s", err.message);
	return inst;
}

static int32_t call(FnII fn, NacreStore *s, NacreInstance *inst, int32_t a)
{
	int32_t r = -2;
	NacreError err;
	cr_assert_eq(fn(s, inst, a, &r, &err), NACRE_OK, "%s", err.message);
	return r;
}

static void refused(NacreStore *s, NacreModule *m, const char *what)
{
	NacreInstance *inst;
	NacreError err;
	cr_assert_eq(nacre_instantiate(s, m, NULL, 0, &inst, &err), NACRE_ERROR);
	cr_assert(strncmp(err.message, "limit: ", 7) == 0, "message: %s", err.message);
	cr_assert(strstr(err.message, what), "message '%s' lacks '%s'", err.message, what);
}

static void grow_to_the_limits(const Build *b)
{
	NacreStore *s = nacre_store_new();
	NacreModule *m = open_module(b);
	nacre_store_set_limits(s, &(NacreLimits){ .memory_pages = 5, .table_elements = 3 });
	NacreInstance *inst = instance(s, m);
	NacreError err;
	int32_t size = 0;
	cr_assert_eq(call(b->grow, s, inst, 4), -1, "memory grown past the limit");
	cr_assert_eq(call(b->grow, s, inst, 2), 2);
	cr_assert_eq(call(b->grow, s, inst, 2), -1, "memory grown past the limit");
	cr_assert_eq(call(b->grow, s, inst, 1), 4);
	cr_assert_eq(b->size(s, inst, &size, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(size, 5);
	cr_assert_eq(b->poke(s, inst, 5 * PAGE - 1, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(call(b->peek, s, inst, 5 * PAGE - 1), 165);
	cr_assert_eq(b->poke(s, inst, 5 * PAGE, &err), NACRE_TRAPPED);
	cr_assert_eq(err.trap, NACRE_TRAP_OOB_MEMORY);
	cr_assert_eq(call(b->tgrow, s, inst, 3), -1, "table grown past the limit");
	cr_assert_eq(call(b->tgrow, s, inst, 2), 1);
	cr_assert_eq(call(b->tgrow, s, inst, 1), -1, "table grown past the limit");
	nacre_store_free(s);
	nacre_module_close(m);
}

Test(limits, grow_to_the_limits)
{
	for (int i = 0; i < NBUILDS; i++)
		grow_to_the_limits(&builds[i]);
}

static void instantiation_refused(const Build *b)
{
	NacreStore *s = nacre_store_new();
	NacreModule *m = open_module(b);
	nacre_store_set_limits(s, &(NacreLimits){ .memory_pages = 1 });
	refused(s, m, "2 pages");
	nacre_store_set_limits(s, &(NacreLimits){ .memory_pages = 2, .instances = 1 });
	NacreInstance *inst = instance(s, m);
	refused(s, m, "1 instances");
	cr_assert_eq(call(b->grow, s, inst, 1), -1);
	cr_assert_eq(call(b->grow, s, inst, 0), 2);
	cr_assert_eq(call(b->peek, s, inst, 2 * PAGE - 1), 0);
	nacre_store_free(s);
	nacre_module_close(m);
}

Test(limits, instantiation_refused)
{
	for (int i = 0; i < NBUILDS; i++)
		instantiation_refused(&builds[i]);
}

/* Without a limit a memory stops one page short of 4 GiB
 * (NACRE_MEMORY_PAGES_MAX, which backend/nowrap.c relies on): its last
 * byte is usable, the next one a trap, and no growth goes further. */
static void grow_to_the_most_pages(const Build *b)
{
	NacreStore *s = nacre_store_new();
	NacreModule *m = open_module(b);
	NacreInstance *inst = instance(s, m);
	NacreError err;
	int32_t size = 0;
	cr_assert_eq(call(b->grow, s, inst, NACRE_MEMORY_PAGES_MAX - 1), -1, "grown to 65536 pages");
	cr_assert_eq(call(b->grow, s, inst, NACRE_MEMORY_PAGES_MAX - 2), 2);
	cr_assert_eq(call(b->grow, s, inst, 1), -1, "grown past NACRE_MEMORY_PAGES_MAX");
	cr_assert_eq(b->size(s, inst, &size, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(size, NACRE_MEMORY_PAGES_MAX);
	int32_t last = (int32_t)((uint32_t)NACRE_MEMORY_PAGES_MAX * PAGE - 1);
	cr_assert_eq(b->poke(s, inst, last, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(call(b->peek, s, inst, last), 165);
	cr_assert_eq(b->poke(s, inst, last + 1, &err), NACRE_TRAPPED);
	cr_assert_eq(err.trap, NACRE_TRAP_OOB_MEMORY);
	nacre_store_free(s);
	nacre_module_close(m);
}

Test(limits, grow_to_the_most_pages)
{
	for (int i = 0; i < NBUILDS; i++)
		grow_to_the_most_pages(&builds[i]);
}
