/* tests/unit/runtime/test_cm_plan_codec.c: the component plan's codec
 * (runtime-lib/cm_plan_codec.c).  A plan with every kind of entry comes
 * back as it went in; every prefix of its bytes, every byte changed, and
 * hand-made forgeries (references forward, out of range, huge counts)
 * are refused with a reason, never followed.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "runtime-lib/cm_plan_codec.h"

/* Allocations of one decode, freed together. */
typedef struct Pool {
	void *p[256];
	unsigned n;
} Pool;

static void *pool_alloc(void *ctx, size_t size)
{
	Pool *pool = ctx;
	if (pool->n == 256)
		return NULL;
	return pool->p[pool->n++] = calloc(1, size);
}

static void pool_free(Pool *pool)
{
	for (unsigned i = 0; i < pool->n; i++)
		free(pool->p[i]);
	pool->n = 0;
}

#define NAME(s) ((NacreCmName){ s, sizeof s - 1 })

static NacreCmRef imports1[] = {
	{ NACRE_CM_EXPORT, 0, NAME("add") },
	{ NACRE_CM_LOWER, 1, { 0 } },
};
static NacreCmInstance instances[] = {
	{ 0, 0, NULL },
	{ 1, 2, imports1 },
};
static NacreCmLower lowers[] = {
	{ NACRE_CM_HOST_FUNC, NAME("wasi:cli/stdout@0.2.0"), NAME("get-stdout"), NAME("\x01\x02"), { 0 } },
	{ NACRE_CM_RESOURCE_DROP, NAME("wasi:io/streams@0.2.0"), NAME("output-stream"), { "", 0 },
	  { 1, NACRE_CM_HAS_MEMORY | NACRE_CM_HAS_REALLOC, { NACRE_CM_EXPORT, 1, NAME("memory") },
	    { NACRE_CM_EXPORT, 1, NAME("cabi_realloc") }, { 0 } } },
};
static NacreCmLift lifts[] = {
	{ NAME("wasi:cli/run@0.2.0"), NAME("run"), { "", 0 }, { NACRE_CM_EXPORT, 1, NAME("run") },
	  { 0, NACRE_CM_HAS_POST_RETURN, { 0 }, { 0 }, { NACRE_CM_EXPORT, 0, NAME("post") } } },
};
static NacreCmResource resources[] = {
	{ NAME("wasi:io/streams@0.2.0"), NAME("output-stream") },
	{ { "", 0 }, { "", 0 } },
};
static const NacreCmPlan plan = { 2, 2, 2, 1, 2, resources, lowers, instances, lifts };

static uint8_t *encoded(size_t *n)
{
	*n = rt_cm_plan_encode(&plan, NULL, 0);
	cr_assert_gt(*n, 0);
	uint8_t *b = malloc(*n);
	cr_assert_eq(rt_cm_plan_encode(&plan, b, *n), *n);
	return b;
}

static bool name_eq(NacreCmName a, NacreCmName b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

static bool ref_eq(const NacreCmRef *a, const NacreCmRef *b)
{
	return a->kind == b->kind && a->index == b->index && (a->kind == NACRE_CM_LOWER || name_eq(a->name, b->name));
}

Test(cm_plan_codec, round_trip)
{
	size_t n;
	uint8_t *b = encoded(&n);
	Pool pool = { 0 };
	NacreCmPlan p;
	const char *why = rt_cm_plan_decode(b, n, &p, pool_alloc, &pool);
	cr_assert_null(why, "%s", why);
	cr_assert(p.nmodules == 2 && p.ninstances == 2 && p.nlowers == 2 && p.nlifts == 1 && p.nresources == 2);
	cr_assert(name_eq(p.resources[0].name, NAME("output-stream")) && p.resources[1].interface.len == 0);
	cr_assert(p.instances[1].module == 1 && p.instances[1].nimports == 2);
	cr_assert(ref_eq(&p.instances[1].imports[0], &imports1[0]) && ref_eq(&p.instances[1].imports[1], &imports1[1]));
	cr_assert(name_eq(p.lowers[0].name, NAME("get-stdout")) && name_eq(p.lowers[0].type, NAME("\x01\x02")));
	cr_assert_eq(p.lowers[1].kind, NACRE_CM_RESOURCE_DROP);
	cr_assert_eq(p.lowers[1].opts.has, NACRE_CM_HAS_MEMORY | NACRE_CM_HAS_REALLOC);
	cr_assert(ref_eq(&p.lowers[1].opts.realloc, &lowers[1].opts.realloc));
	cr_assert(ref_eq(&p.lifts[0].core, &lifts[0].core) && ref_eq(&p.lifts[0].opts.post_return, &lifts[0].opts.post_return));
	pool_free(&pool);
	free(b);
}

Test(cm_plan_codec, every_prefix_is_refused)
{
	size_t n;
	uint8_t *b = encoded(&n);
	for (size_t k = 0; k < n; k++) {
		Pool pool = { 0 };
		NacreCmPlan p;
		cr_assert_not_null(rt_cm_plan_decode(b, k, &p, pool_alloc, &pool), "a prefix of %zu bytes decoded", k);
		pool_free(&pool);
	}
	free(b);
}

/* Every byte changed to every value: refused, or a plan whose references
 * still point only where they may (the decoder's promise). */
Test(cm_plan_codec, every_byte_changed)
{
	size_t n;
	uint8_t *b = encoded(&n);
	for (size_t k = 0; k < n; k++)
		for (unsigned v = 0; v < 256; v++) {
			uint8_t *c = malloc(n);
			memcpy(c, b, n);
			c[k] = (uint8_t)v;
			Pool pool = { 0 };
			NacreCmPlan p;
			if (!rt_cm_plan_decode(c, n, &p, pool_alloc, &pool))
				for (uint32_t i = 0; i < p.ninstances; i++) {
					cr_assert_lt(p.instances[i].module, p.nmodules);
					for (uint32_t j = 0; j < p.instances[i].nimports; j++) {
						const NacreCmRef *r = &p.instances[i].imports[j];
						cr_assert(r->kind == NACRE_CM_LOWER ? r->index < p.nlowers : r->index < i);
					}
				}
			pool_free(&pool);
			free(c);
		}
	free(b);
}

Test(cm_plan_codec, forged_plans_are_refused)
{
	static const struct { const char *why; uint8_t b[48]; size_t n; } cases[] = {
		{ "magic", { 'N', 'C', 'P', 'X', 1, 0, 0, 0 }, 8 },
		{ "version", { 'N', 'C', 'P', 'L', 2, 0, 0, 0 }, 8 },
		/* one instance of module 0 importing from instance 0, itself */
		{ "forward", { 'N', 'C', 'P', 'L', 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		               0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 44 },
		/* a billion lowers in a few bytes */
		{ "count", { 'N', 'C', 'P', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xca, 0x9a, 0x3b, 0, 0, 0, 0 }, 24 },
		/* a billion resources */
		{ "resources", { 'N', 'C', 'P', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xca, 0x9a, 0x3b }, 24 },
		/* an instance of module 3 of 1 */
		{ "module", { 'N', 'C', 'P', 'L', 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		              3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 36 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Pool pool = { 0 };
		NacreCmPlan p;
		const char *why = rt_cm_plan_decode(cases[i].b, cases[i].n, &p, pool_alloc, &pool);
		cr_assert_not_null(why, "%s: decoded", cases[i].why);
		cr_log_info("%s: %s", cases[i].why, why);
		pool_free(&pool);
	}
}
