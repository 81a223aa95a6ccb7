/* tests/unit/runtime/test_canon_handles.c: the handle table and the
 * own/borrow rules (runtime-lib/canon/handles.c): own moves out when
 * lifted, borrows lend until the call ends, drops run the destructor
 * once, dangling and wrong-type handles fail, a borrow given to the
 * guest must be dropped before its call ends; and a failure reaches the
 * host as a trap through the runtime's trap path (error.c).
 */
#include "canon_fixture.h"
#include "fixture.h"

#define C(x) NACRE_CANON_##x

typedef struct Dropped {
	uint32_t reps[8];
	uint32_t n;
} Dropped;

static Fake *fake;
static RtCanonHandles handles;
static Dropped dropped;

static void dtor(void *env, uint32_t rep)
{
	Dropped *d = env;
	cr_assert_lt(d->n, 8);
	d->reps[d->n++] = rep;
}

/* 0: a host resource with a destructor; 1: another one; 2: the guest's own. */
static const RtCanonResource resources[3] = { { dtor, &dropped, false }, { NULL, NULL, false }, { NULL, NULL, true } };

static void setup(void)
{
	fake = calloc(1, sizeof *fake);
	dropped.n = 0;
	cr_assert(rt_canon_handles_init(&handles, resources, 3));
	fake_init(fake, NACRE_CANON_UTF8, &handles);
}

static void teardown(void)
{
	fake_fini(fake);
	rt_canon_handles_free(&handles);
	free(fake);
}

TestSuite(canon_handles, .init = setup, .fini = teardown);

static uint32_t add(uint32_t resource, uint32_t rep, bool own)
{
	uint32_t index;
	cr_assert_eq(rt_canon_handle_add(&handles, resource, rep, own, NULL, &index), RT_CANON_E_NONE);
	return index;
}

/* lift_flat of a handle type; the error it ends with. */
static RtCanonError lift(const RtCanonType *t, uint32_t index, uint32_t *rep)
{
	RtCanonVal v = { .u = 0 };
	uint32_t i = 0;
	fake->cx.error = RT_CANON_E_NONE;
	rt_canon_lift_flat(&fake->cx, t, (const NacreValue[]){ { .i32 = (int32_t)index } }, &i, &v);
	*rep = (uint32_t)v.u;
	return fake->cx.error;
}

Test(canon_handles, own_moves_out)
{
	uint32_t h = add(0, 41, true), rep;
	cr_assert_neq(h, 0, "index 0 is never a handle");
	cr_expect_eq(lift(TYPE(fake, C(OWN), 0), h, &rep), RT_CANON_E_NONE);
	cr_expect_eq(rep, 41);
	cr_expect_eq(lift(TYPE(fake, C(OWN), 0), h, &rep), RT_CANON_E_HANDLE, "lifted twice");
	cr_expect_eq(dropped.n, 0, "moving is not dropping");
}

Test(canon_handles, dangling_and_wrong_type)
{
	uint32_t h = add(0, 1, true), rep;
	const RtCanonType *own0 = TYPE(fake, C(OWN), 0);
	cr_expect_eq(lift(own0, 0, &rep), RT_CANON_E_HANDLE);
	cr_expect_eq(lift(own0, h + 1, &rep), RT_CANON_E_HANDLE);
	cr_expect_eq(lift(own0, 0xffffffff, &rep), RT_CANON_E_HANDLE);
	cr_expect_eq(lift(TYPE(fake, C(OWN), 1), h, &rep), RT_CANON_E_HANDLE_TYPE);
	cr_expect_eq(lift(TYPE(fake, C(BORROW), 1), h, &rep), RT_CANON_E_HANDLE_TYPE);
	cr_expect_eq(rt_canon_handle_drop(&handles, h, 0), RT_CANON_E_NONE);
	cr_expect_eq(lift(own0, h, &rep), RT_CANON_E_HANDLE, "dropped");
	cr_expect_eq(rt_canon_handle_drop(&handles, h, 0), RT_CANON_E_HANDLE, "dropped twice");
	cr_expect_eq(rt_canon_handle_rep(&handles, h, 0, &rep), RT_CANON_E_HANDLE);
}

Test(canon_handles, borrow_is_not_own)
{
	uint32_t h = add(0, 5, false), rep;
	cr_expect_eq(lift(TYPE(fake, C(OWN), 0), h, &rep), RT_CANON_E_HANDLE_BORROWED);
	cr_expect_eq(lift(TYPE(fake, C(BORROW), 0), h, &rep), RT_CANON_E_NONE);
	cr_expect_eq(rep, 5);
}

/* A borrow lifted from an own handle lends it: while the call lasts the
 * guest can neither move it nor drop it. */
Test(canon_handles, lent_until_the_call_ends)
{
	uint32_t h = add(0, 9, true), rep;
	cr_expect_eq(lift(TYPE(fake, C(BORROW), 0), h, &rep), RT_CANON_E_NONE);
	cr_expect_eq(lift(TYPE(fake, C(BORROW), 0), h, &rep), RT_CANON_E_NONE, "lent twice");
	cr_expect_eq(lift(TYPE(fake, C(OWN), 0), h, &rep), RT_CANON_E_HANDLE_LENT);
	cr_expect_eq(rt_canon_handle_drop(&handles, h, 0), RT_CANON_E_HANDLE_LENT);
	fake->cx.error = RT_CANON_E_NONE;
	cr_expect_eq(rt_canon_cx_end(&fake->cx), RT_CANON_E_NONE);
	cr_expect_eq(rt_canon_handle_drop(&handles, h, 0), RT_CANON_E_NONE);
	cr_expect_eq(dropped.n, 1);
	cr_expect_eq(dropped.reps[0], 9);
}

/* A borrow the host gives the guest (an export's param) belongs to the
 * call: the guest must drop it before returning. */
Test(canon_handles, borrow_outliving_its_call)
{
	const RtCanonType *b = TYPE(fake, C(BORROW), 0);
	NacreValue core[1];
	uint32_t i = 0;
	cr_assert(rt_canon_lower_flat(&fake->cx, b, &(RtCanonVal){ .u = 3 }, core, &i));
	cr_expect_eq(rt_canon_cx_end(&fake->cx), RT_CANON_E_BORROWS_LEFT);
	cr_expect_eq(dropped.n, 0, "a borrow's end never runs the destructor");

	fake_init(fake, NACRE_CANON_UTF8, &handles);
	i = 0;
	cr_assert(rt_canon_lower_flat(&fake->cx, b, &(RtCanonVal){ .u = 4 }, core, &i));
	cr_expect_eq(rt_canon_handle_drop(&handles, (uint32_t)core[0].i32, 0), RT_CANON_E_NONE);
	cr_expect_eq(rt_canon_cx_end(&fake->cx), RT_CANON_E_NONE);
	cr_expect_eq(dropped.n, 0);
}

Test(canon_handles, borrow_of_the_guests_own_resource_is_its_rep)
{
	NacreValue core[1];
	uint32_t i = 0;
	cr_assert(rt_canon_lower_flat(&fake->cx, TYPE(fake, C(BORROW), 2), &(RtCanonVal){ .u = 1234 }, core, &i));
	cr_expect_eq(core[0].i32, 1234);
	cr_expect_eq(rt_canon_cx_end(&fake->cx), RT_CANON_E_NONE);
}

Test(canon_handles, drops_and_reuse)
{
	uint32_t a = add(0, 10, true), b = add(0, 11, true), c = add(1, 12, true);
	cr_expect_eq(rt_canon_handle_drop(&handles, b, 0), RT_CANON_E_NONE);
	cr_expect_eq(dropped.n, 1);
	cr_expect_eq(dropped.reps[0], 11);
	cr_expect_eq(add(0, 13, true), b, "a freed index is reused");
	for (uint32_t k = 0; k < 100; k++)
		add(1, k, true);
	uint32_t rep;
	cr_expect_eq(rt_canon_handle_rep(&handles, a, 0, &rep), RT_CANON_E_NONE);
	cr_expect_eq(rep, 10);
	cr_expect_eq(rt_canon_handle_rep(&handles, c, 1, &rep), RT_CANON_E_NONE);
	cr_expect_eq(rep, 12);
	/* what is left is dropped with the table */
	rt_canon_handles_free(&handles);
	cr_expect_eq(dropped.n, 3);
	cr_assert(rt_canon_handles_init(&handles, resources, 3));
}

Test(canon_handles, lower_own_fills_the_table)
{
	NacreValue core[1];
	uint32_t i = 0, rep;
	cr_assert(rt_canon_lower_flat(&fake->cx, TYPE(fake, C(OWN), 0), &(RtCanonVal){ .u = 77 }, core, &i));
	cr_expect_eq(rt_canon_handle_rep(&handles, (uint32_t)core[0].i32, 0, &rep), RT_CANON_E_NONE);
	cr_expect_eq(rep, 77);
	i = 0;
	cr_expect(!rt_canon_lower_flat(&fake->cx, TYPE(fake, C(OWN), 9), &(RtCanonVal){ .u = 1 }, core, &i));
	cr_expect_eq(fake->cx.error, RT_CANON_E_HOST_VALUE, "resource 9 is not the instance's");
}

/* ---- the trap: a host function whose lift fails traps its caller. */
static void bad_handle(void *env, NacreValue *args_results)
{
	(void)env;
	RtCanonVal v;
	uint32_t i = 0;
	if (!rt_canon_lift_flat(&fake->cx, TYPE(fake, C(OWN), 0), args_results, &i, &v))
		rt_canon_trap(&fake->cx);
	args_results[0].i32 = 0;
}

Test(canon_handles, failure_traps_with_its_reason)
{
	NacreStore *store = nacre_store_new();
	cr_assert_not_null(store);
	NacreFuncRef *f = nacre_host_func_new(store, &fx_type_i_i, bad_handle, NULL);
	cr_assert_not_null(f);
	NacreValue arg = { .i32 = 55 }, res;
	NacreError err;
	cr_assert_eq(nacre_call(store, f, &arg, &res, &err), NACRE_TRAPPED);
	cr_expect_eq(err.trap, NACRE_TRAP_HOST);
	cr_expect(strstr(err.message, "canonical ABI: unknown handle index"), "message: %s", err.message);
	nacre_store_free(store);
}
