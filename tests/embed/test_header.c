/* tests/embed/test_header.c: calls compiled modules through the headers
 * `nacre build --emit=obj` generates.  sigs.wasm is linked twice, as
 * `sigs` (one partition) and as `split` (one partition per function, so
 * functions are shared through symbols), with other.wasm beside them:
 * three objects in one program, which links only if their symbols stay
 * apart.  Built with -std=c11 -pedantic -Werror, so the headers are too.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "other.h"
#include "sigs.h"
#include "split.h"

static void twice(void *env, NacreValue *args_results)
{
	(void)env;
	args_results[0].i32 *= 2;
}

typedef struct Loaded {
	NacreStore *store;
	NacreModule *module;
	NacreInstance *inst;
} Loaded;

/* An instance of desc with env.twice and env.base = 40 where it imports
 * them (sigs does, other imports nothing). */
static Loaded load(const NacreModuleDesc *desc)
{
	static const uint8_t i32[] = { NACRE_I32 };
	const NacreFuncType twice_type = { .nparams = 1, .nresults = 1, .params = i32, .results = i32 };
	Loaded l = { .store = nacre_store_new() };
	NacreError err = { 0 };
	cr_assert(l.store);
	cr_assert_eq(nacre_module_from_desc(desc, &l.module, &err), NACRE_OK, "%s", err.message);
	NacreExtern imports[2];
	cr_assert_leq(desc->nimports, 2);
	if (desc->nimports) {
		imports[0] = (NacreExtern){ .kind = NACRE_EXTERN_FUNC,
		                            .u.func = nacre_host_func_new(l.store, &twice_type, twice, NULL) };
		imports[1] = (NacreExtern){ .kind = NACRE_EXTERN_GLOBAL,
		                            .u.global = nacre_global_new(l.store, NACRE_I32, false,
		                                                         (NacreValue){ .i32 = 40 }) };
	}
	cr_assert_eq(nacre_instantiate(l.store, l.module, imports, desc->nimports, &l.inst, &err), NACRE_OK,
	             "%s", err.message);
	return l;
}

static void unload(Loaded *l)
{
	nacre_store_free(l->store);
	nacre_module_close(l->module);
}

Test(header, integer_and_float_types)
{
	Loaded l = load(&sigs_module);
	NacreError err;
	int32_t i = 0;
	int64_t j = 0;
	float f = 0;
	double d = 0;
	cr_assert_eq(sigs_add_i32(l.store, l.inst, 20, 2, &i, &err), NACRE_OK, "%s", err.message);
	cr_expect_eq(i, 42, "twice(20) + 2 through the host import");
	cr_assert_eq(sigs_mul_i64(l.store, l.inst, INT64_C(1) << 40, 3, &j, &err), NACRE_OK);
	cr_expect_eq(j, INT64_C(3) << 40);
	cr_assert_eq(sigs_half_f32(l.store, l.inst, 3.0f, &f, &err), NACRE_OK);
	cr_expect_eq(f, 1.5f);
	cr_assert_eq(sigs_sqrt_f64(l.store, l.inst, 2.0, &d, &err), NACRE_OK);
	cr_expect_eq(d, sqrt(2.0));
	cr_assert_eq(sigs_base(l.store, l.inst, &i, &err), NACRE_OK);
	cr_expect_eq(i, 40, "the imported global");
	unload(&l);
}

Test(header, multiple_results)
{
	Loaded l = load(&sigs_module);
	NacreError err;
	int32_t q = 0, r = 0;
	cr_assert_eq(sigs_divmod(l.store, l.inst, 17, 5, &q, &r, &err), NACRE_OK, "%s", err.message);
	cr_expect_eq(q, 3);
	cr_expect_eq(r, 2);
	double d = 0;
	int64_t j = 0;
	cr_assert_eq(sigs_mixed(l.store, l.inst, -1, 10, 0.25f, 2.5, &d, &j, &err), NACRE_OK);
	cr_expect_eq(d, 2.75);
	cr_expect_eq(j, 9);
	cr_expect_eq(sigs_divmod(l.store, l.inst, 17, 5, NULL, &r, &err), NACRE_OK, "results may be NULL");
	unload(&l);
}

Test(header, no_params_no_results)
{
	Loaded l = load(&sigs_module);
	NacreError err;
	for (int k = 0; k < 3; k++)
		cr_assert_eq(sigs_tick(l.store, l.inst, &err), NACRE_OK, "%s", err.message);
	NacreExtern calls;
	cr_assert(nacre_instance_export(l.inst, "calls", 5, &calls));
	cr_expect_eq(nacre_global_get(calls.u.global).i32, 3);
	unload(&l);
}

Test(header, v128_and_references)
{
	Loaded l = load(&sigs_module);
	NacreError err;
	NacreValue v = { 0 }, neg = { 0 };
	int32_t lanes[4] = { 1, -2, 3, INT32_MIN }, out[4];
	memcpy(v.v128, lanes, sizeof lanes);
	cr_assert_eq(sigs_vneg(l.store, l.inst, v, &neg, &err), NACRE_OK, "%s", err.message);
	memcpy(out, neg.v128, sizeof out);
	cr_expect(out[0] == -1 && out[1] == 2 && out[2] == -3 && out[3] == INT32_MIN);
	int token;
	void *ref = NULL;
	cr_assert_eq(sigs_same_ref(l.store, l.inst, &token, &ref, &err), NACRE_OK);
	cr_expect_eq(ref, &token, "externref comes back as it went");
	NacreFuncRef *fn = &(NacreFuncRef){ 0 };
	cr_assert_eq(sigs_null_func(l.store, l.inst, &fn, &err), NACRE_OK);
	cr_expect_null(fn);
	unload(&l);
}

/* The identifiers the generator must pick, checked by calling each:
 * an exact identifier keeps its name, the others are made identifiers
 * in export order with _2, _3 on collision; header names are reserved. */
Test(header, names_made_identifiers)
{
	Loaded l = load(&sigs_module);
	NacreError err;
	struct { NacreStatus (*fn)(NacreStore *, NacreInstance *, int32_t *, NacreError *); int32_t want; } calls[] = {
		{ sigs_hello_world_2, 1 }, /* "hello-world" */
		{ sigs_hello_world, 2 },   /* "hello_world" */
		{ sigs_hello_world_3, 3 }, /* "hello world" */
		{ sigs_module_2, 4 },      /* "module": sigs_module is the descriptor */
		{ sigs_t_2, 5 },           /* "t": sigs_t could be a <stdint.h> name */
		{ sigs_2fast, 6 },
		{ sigs__, 7 },             /* "" */
		{ sigs_caf__, 8 },         /* UTF-8 "café" */
		{ sigs_a__b___, 9 },       /* a, star, slash, b, quote, question mark, backslash */
	};
	for (size_t k = 0; k < sizeof calls / sizeof *calls; k++) {
		int32_t got = 0;
		cr_assert_eq(calls[k].fn(l.store, l.inst, &got, &err), NACRE_OK, "%zu: %s", k, err.message);
		cr_expect_eq(got, calls[k].want, "call %zu", k);
	}
	unload(&l);
}

Test(header, trap_then_call_again)
{
	Loaded l = load(&sigs_module);
	NacreError err;
	int32_t q = 0, r = 0;
	cr_assert_eq(sigs_divmod(l.store, l.inst, 1, 0, &q, &r, &err), NACRE_TRAPPED);
	cr_expect_eq(err.trap, NACRE_TRAP_INT_DIV_ZERO);
	cr_expect(strstr(err.message, "integer divide by zero"), "%s", err.message);
	cr_assert_eq(sigs_divmod(l.store, l.inst, 9, 4, &q, &r, &err), NACRE_OK, "%s", err.message);
	cr_expect(q == 2 && r == 1);
	unload(&l);
}

/* Three modules in one program, each its own descriptor. */
Test(header, modules_side_by_side)
{
	cr_expect_neq(&sigs_module, &split_module);
	cr_expect_eq(split_module.nexports, sigs_module.nexports);
	Loaded a = load(&sigs_module), b = load(&split_module), c = load(&other_module);
	NacreError err;
	int32_t i = 0;
	int64_t j = 0;
	cr_assert_eq(split_add_i32(b.store, b.inst, 1, 1, &i, &err), NACRE_OK, "%s", err.message);
	cr_expect_eq(i, 3);
	cr_assert_eq(sigs_add_i32(a.store, a.inst, 2, 1, &i, &err), NACRE_OK, "%s", err.message);
	cr_expect_eq(i, 5);
	cr_assert_eq(other_add_i32(c.store, c.inst, 5, 6, &j, &err), NACRE_OK, "%s", err.message);
	cr_expect_eq(j, 11);
	unload(&c);
	unload(&b);
	unload(&a);
}

/* A wrapper given an instance of another module checks the export's
 * type instead of calling it with the wrong arguments. */
Test(header, wrong_instance_is_an_error)
{
	Loaded c = load(&other_module), a = load(&sigs_module);
	NacreError err;
	int32_t i = -1;
	cr_expect_eq(sigs_add_i32(c.store, c.inst, 1, 2, &i, &err), NACRE_ERROR);
	cr_expect(strstr(err.message, "not an instance of sigs"), "%s", err.message);
	cr_expect_eq(i, -1, "no result written");
	int64_t j = -1;
	cr_expect_eq(other_add_i32(a.store, a.inst, 1, 2, &j, &err), NACRE_ERROR);
	cr_expect_eq(j, -1);
	int32_t r;
	cr_expect_eq(sigs_hello_world(a.store, a.inst, &r, &err), NACRE_OK);
	unload(&a);
	unload(&c);
}
