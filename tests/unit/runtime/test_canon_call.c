/* tests/unit/runtime/test_canon_call.c: whole calls (runtime-lib/canon/
 * call.c): a host function the guest calls through rt_canon_import,
 * reached by nacre_call as generated code would reach it, whose lifted
 * arguments, lowered result and traps (a hostile pointer, a failing
 * host) are checked; and a guest export called with host values through
 * rt_canon_export, post-return included.
 */
#include "canon_fixture.h"
#include "fixture.h"

#define C(x) NACRE_CANON_##x

static Fake *fake;

static void setup(void)
{
	fake = calloc(1, sizeof *fake);
	fake_init(fake, NACRE_CANON_UTF8, NULL);
}

static void teardown(void)
{
	fake_fini(fake);
	free(fake);
}

TestSuite(canon_call, .init = setup, .fini = teardown);

/* count: func(s: string) -> u32, the bytes of s; fails on "fail". */
static bool count(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	(void)cx;
	*(uint32_t *)env += 1;
	result->u = params[0].str.len;
	return !(params[0].str.len == 4 && !memcmp(params[0].str.ptr, "fail", 4));
}

static RtCanonImport import;

static void host(void *env, NacreValue *args_results)
{
	(void)env;
	rt_canon_import(&import, args_results);
}

static NacreStatus call_count(uint32_t ptr, uint32_t len, int32_t *out, NacreError *err)
{
	static uint32_t calls;
	import = (RtCanonImport){ .func = FUNC(fake, 1, C(STRING), 1, C(U32)), .opts = &fake->opts, .fn = count,
	                          .env = &calls };
	NacreStore *store = nacre_store_new();
	cr_assert_not_null(store);
	NacreFuncRef *f = nacre_host_func_new(store, &fx_type_i_ii, host, NULL);
	cr_assert_not_null(f);
	NacreValue args[2] = { { .i32 = (int32_t)ptr }, { .i32 = (int32_t)len } }, res = { .i64 = 0 };
	NacreStatus st = nacre_call(store, f, args, &res, err);
	*out = res.i32;
	nacre_store_free(store);
	return st;
}

Test(canon_call, import_lifts_and_lowers)
{
	memcpy(fake->mem + 100, "h\xc3\xa9llo", 6);
	int32_t n;
	NacreError err;
	cr_assert_eq(call_count(100, 6, &n, &err), NACRE_OK, "%s", err.message);
	cr_expect_eq(n, 6);
}

Test(canon_call, import_traps_on_a_hostile_pointer)
{
	int32_t n;
	NacreError err;
	cr_assert_eq(call_count(FAKE_MEM - 2, 3, &n, &err), NACRE_TRAPPED);
	cr_expect_eq(err.trap, NACRE_TRAP_HOST);
	cr_expect(strstr(err.message, "canonical ABI: pointer or length out of bounds"), "message: %s", err.message);
	memcpy(fake->mem + 100, "\xc3\x28", 2);
	cr_assert_eq(call_count(100, 2, &n, &err), NACRE_TRAPPED);
	cr_expect(strstr(err.message, "canonical ABI: invalid utf-8 string"), "message: %s", err.message);
}

Test(canon_call, import_traps_when_the_host_fails)
{
	memcpy(fake->mem + 100, "fail", 4);
	int32_t n;
	NacreError err;
	cr_assert_eq(call_count(100, 4, &n, &err), NACRE_TRAPPED);
	cr_expect(strstr(err.message, "canonical ABI: host value does not match its type"), "message: %s", err.message);
}

/* The guest's export 9: func(s: string, k: u32) -> tuple<u32, u64>,
 * answering (len, k * 2^32) at 2048. */
enum { EXPORT = 9, TAKES_BORROW = 10 };
static uint32_t export_calls;
static RtCanonHandles *guest_handles; /* TAKES_BORROW drops its borrow if set */

static bool guest(void *env, uint32_t func, const NacreValue *args, uint32_t nargs, NacreValue *results,
                  uint32_t nresults)
{
	Fake *f = env;
	if (func == TAKES_BORROW) {
		cr_assert_eq(nargs, 1);
		if (guest_handles)
			cr_assert_eq(rt_canon_handle_drop(guest_handles, (uint32_t)args[0].i32, 0), RT_CANON_E_NONE);
		return true;
	}
	if (func != EXPORT)
		return fake_call(env, func, args, nargs, results, nresults);
	export_calls++;
	cr_assert_eq(nargs, 3);
	cr_assert_eq(nresults, 1);
	uint32_t len = (uint32_t)args[1].i32;
	uint64_t big = (uint64_t)(uint32_t)args[2].i32 << 32;
	memcpy(f->mem + 2048, &len, 4);
	memcpy(f->mem + 2056, &big, 8);
	results[0].i32 = 2048;
	return true;
}

Test(canon_call, export_round_trip)
{
	fake->opts.call = guest;
	const RtCanonFunc *fn = FUNC(fake, 2, C(STRING), C(U32), 1, C(TUPLE), 2, C(U32), C(U64));
	RtCanonVal params[2] = { { .str = { "four", 4 } }, { .u = 3 } }, result;
	cr_assert(rt_canon_export(&fake->cx, fn, EXPORT, params, &result), "%s", rt_canon_error_text(fake->cx.error));
	cr_expect_eq(export_calls, 1);
	cr_expect_eq(result.fields[0].u, 4);
	cr_expect_eq(result.fields[1].u, 3ull << 32);
	cr_expect_eq(fake->post_returns, 1);
	cr_expect_eq(fake->reallocs, 1, "the string's copy");
}

Test(canon_call, export_of_a_trapping_guest)
{
	fake->opts.call = guest;
	fake->trap = true; /* realloc traps: the string cannot be passed */
	const RtCanonFunc *fn = FUNC(fake, 2, C(STRING), C(U32), 1, C(TUPLE), 2, C(U32), C(U64));
	RtCanonVal params[2] = { { .str = { "four", 4 } }, { .u = 3 } }, result;
	cr_expect(!rt_canon_export(&fake->cx, fn, EXPORT, params, &result));
	cr_expect_eq(fake->cx.error, RT_CANON_E_CALLEE);
	cr_expect_eq(export_calls, 0);
	cr_expect_eq(fake->post_returns, 0);
}

/* A borrow passed to an export lives for the call: the guest must drop
 * it before returning. */
Test(canon_call, export_borrow_must_be_dropped)
{
	static const RtCanonResource res[1] = { { 0 } };
	RtCanonHandles h;
	cr_assert(rt_canon_handles_init(&h, res, 1));
	fake_init(fake, NACRE_CANON_UTF8, &h);
	fake->opts.call = guest;
	const RtCanonFunc *fn = FUNC(fake, 1, C(BORROW), 0, 0);
	RtCanonVal param = { .u = 42 };
	guest_handles = NULL;
	cr_expect(!rt_canon_export(&fake->cx, fn, TAKES_BORROW, &param, NULL));
	cr_expect_eq(fake->cx.error, RT_CANON_E_BORROWS_LEFT);
	rt_canon_cx_init(&fake->cx, &fake->opts, &fake->arena, &h);
	guest_handles = &h;
	cr_expect(rt_canon_export(&fake->cx, fn, TAKES_BORROW, &param, NULL), "%s", rt_canon_error_text(fake->cx.error));
	rt_canon_handles_free(&h);
}
