/* tests/unit/backend/test_component_bytes.c: what a component executable
 * carries of its plan (backend/component/plan_bytes.c), for the three
 * staged wasi:cli/command components: the bytes decode
 * (runtime-lib/cm_plan_codec.c), every lowered host function and every
 * lifted function has a function descriptor the runtime's checker
 * accepts (runtime-lib/canon/), a resource built-in has own<r>, and every
 * resource those descriptors number is there, a host one named by its
 * interface (the streams the program writes to among them).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/component/component.h"
#include "frontend/frontend.h"
#include "runtime-lib/canon/rt_canon.h"
#include "runtime-lib/cm_plan_codec.h"

#define COMMANDS NACRE_CONFORMANCE_DIR "/component/commands/"

static uint8_t *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	uint8_t *p = malloc((size_t)size);
	cr_assert_eq(fread(p, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*n = (size_t)size;
	return p;
}

typedef struct Pool {
	void *p[1024];
	unsigned n;
} Pool;

static void *pool_alloc(void *ctx, size_t size)
{
	Pool *pool = ctx;
	return pool->n < 1024 ? (pool->p[pool->n++] = calloc(1, size)) : NULL;
}

static bool named(NacreCmName n, const char *s)
{
	return n.len == strlen(s) && memcmp(n.p, s, n.len) == 0;
}

static void check_command(const char *path)
{
	size_t n, size;
	uint8_t *bytes = read_all(path, &n);
	DiagSink d = { 0 };
	IrComponent *c = fe_component_load(bytes, n, &d);
	cr_assert_not_null(c);
	IrCpPlan *plan = fe_component_plan(c, &d);
	cr_assert_not_null(plan);
	const IrModule **mods = calloc(plan->ninstances, sizeof *mods);
	uint32_t nmods = be_cm_modules(plan, mods);
	uint8_t *out = be_cm_plan_bytes(plan, mods, nmods, &size);
	cr_assert_not_null(out, "%s: no plan bytes", path);

	Pool pool = { 0 };
	NacreCmPlan p;
	const char *why = rt_cm_plan_decode(out, size, &p, pool_alloc, &pool);
	cr_assert_null(why, "%s: %s", path, why);
	cr_assert_eq(p.nlowers, plan->nlowers);
	RtCanonArena arena;
	rt_canon_arena_init(&arena, 0);
	bool streams = false;
	for (uint32_t i = 0; i < p.nlowers; i++) {
		const NacreCmLower *l = &p.lowers[i];
		const RtCanonFunc *f;
		const RtCanonType *t;
		if (l->kind == NACRE_CM_HOST_FUNC)
			cr_assert(rt_canon_check_func((const uint8_t *)l->type.p, l->type.len, &arena, &f),
			          "%.*s#%.*s: no function descriptor", (int)l->interface.len, l->interface.p,
			          (int)l->name.len, l->name.p);
		else
			cr_assert(rt_canon_check_type((const uint8_t *)l->type.p, l->type.len, &arena, &t) &&
			          t->kind == NACRE_CANON_OWN && t->resource < p.nresources,
			          "%.*s: no own<r> of a known resource", (int)l->name.len, l->name.p);
	}
	for (uint32_t i = 0; i < p.nlifts; i++) {
		const RtCanonFunc *f;
		cr_assert(rt_canon_check_func((const uint8_t *)p.lifts[i].type.p, p.lifts[i].type.len, &arena, &f));
	}
	for (uint32_t i = 0; i < p.nresources; i++) {
		cr_assert(p.resources[i].name.len > 0, "resource %u has no name", i);
		streams |= named(p.resources[i].interface, "wasi:io/streams@0.2.12") &&
		           named(p.resources[i].name, "output-stream");
	}
	cr_assert(streams, "%s: no resource is wasi:io/streams' output-stream", path);
	rt_canon_arena_reset(&arena);
	for (unsigned i = 0; i < pool.n; i++)
		free(pool.p[i]);
	free(out);
	free(mods);
	ir_component_plan_free(plan);
	ir_component_free(c);
	free(bytes);
}

Test(component_bytes, hello) { check_command(COMMANDS "hello.component.wasm"); }
Test(component_bytes, copy) { check_command(COMMANDS "copy.component.wasm"); }
Test(component_bytes, clockrand) { check_command(COMMANDS "clockrand.component.wasm"); }
