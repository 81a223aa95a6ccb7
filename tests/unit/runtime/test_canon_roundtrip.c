/* tests/unit/runtime/test_canon_roundtrip.c: every value type lowered
 * into a fake guest and lifted back (runtime-lib/canon/lower.c, lift.c,
 * string.c, func.c): through memory (store then load) and through core
 * values (lower_flat then lift_flat), strings in each of the three
 * encodings, and whole calls in both directions with spilled params and
 * results and post-return.
 */
#include "canon_fixture.h"

#define C(x) NACRE_CANON_##x

static Fake *fake;
static RtCanonHandles handles;
static const RtCanonResource resources[2] = { { 0 }, { 0 } };

static void setup(void)
{
	fake = calloc(1, sizeof *fake);
	cr_assert(rt_canon_handles_init(&handles, resources, 2));
	fake_init(fake, NACRE_CANON_UTF8, &handles);
}

static void teardown(void)
{
	fake_fini(fake);
	rt_canon_handles_free(&handles);
	free(fake);
}

static RtCanonVal *new_val(void)
{
	return rt_canon_arena_alloc(&fake->arena, sizeof(RtCanonVal));
}

static RtCanonVal num(uint64_t u)
{
	return (RtCanonVal){ .u = u };
}

static RtCanonVal str(const char *s)
{
	return (RtCanonVal){ .str = { s, (uint32_t)strlen(s) } };
}

static RtCanonVal var(uint32_t index, RtCanonVal *payload)
{
	return (RtCanonVal){ .var = { index, payload } };
}

static RtCanonVal *boxed(RtCanonVal v)
{
	RtCanonVal *p = new_val();
	*p = v;
	return p;
}

/* Lowers v into memory and flat, lifts both back and compares. */
static void roundtrip(const RtCanonType *t, const RtCanonVal *v)
{
	RtCanonCx *cx = &fake->cx;
	uint32_t ptr;
	cr_assert(rt_canon_realloc(cx, 0, 0, t->align, t->size, &ptr));
	cr_assert(rt_canon_store(cx, t, v, ptr), "store: %s", rt_canon_error_text(cx->error));
	RtCanonVal back;
	cr_assert(rt_canon_load(cx, t, ptr, &back), "load: %s", rt_canon_error_text(cx->error));
	cr_assert(canon_equal(t, v, &back), "memory round trip differs");

	NacreValue core[64];
	uint32_t i = 0, j = 0;
	cr_assert(rt_canon_lower_flat(cx, t, v, core, &i), "lower_flat: %s", rt_canon_error_text(cx->error));
	cr_assert_eq(i, t->nflat);
	cr_assert(rt_canon_lift_flat(cx, t, core, &j, &back), "lift_flat: %s", rt_canon_error_text(cx->error));
	cr_assert_eq(j, t->nflat);
	cr_assert(canon_equal(t, v, &back), "flat round trip differs");
	cr_assert_eq(cx->error, RT_CANON_E_NONE);
}

TestSuite(canon_roundtrip, .init = setup, .fini = teardown);

Test(canon_roundtrip, scalars)
{
	RtCanonVal v;
	roundtrip(TYPE(fake, C(BOOL)), &(RtCanonVal){ .u = 1 });
	roundtrip(TYPE(fake, C(BOOL)), &(RtCanonVal){ .u = 0 });
	roundtrip(TYPE(fake, C(S8)), &(RtCanonVal){ .s = -128 });
	roundtrip(TYPE(fake, C(U8)), &(RtCanonVal){ .u = 255 });
	roundtrip(TYPE(fake, C(S16)), &(RtCanonVal){ .s = -2 });
	roundtrip(TYPE(fake, C(U16)), &(RtCanonVal){ .u = 65535 });
	roundtrip(TYPE(fake, C(S32)), &(RtCanonVal){ .s = INT32_MIN });
	roundtrip(TYPE(fake, C(U32)), &(RtCanonVal){ .u = UINT32_MAX });
	roundtrip(TYPE(fake, C(S64)), &(RtCanonVal){ .s = INT64_MIN });
	roundtrip(TYPE(fake, C(U64)), &(RtCanonVal){ .u = UINT64_MAX });
	v = (RtCanonVal){ .f32 = -1.5f };
	roundtrip(TYPE(fake, C(F32)), &v);
	v = (RtCanonVal){ .f64 = 6.02e23 };
	roundtrip(TYPE(fake, C(F64)), &v);
	roundtrip(TYPE(fake, C(CHAR)), &(RtCanonVal){ .u = 0x1f600 });
	roundtrip(TYPE(fake, C(CHAR)), &(RtCanonVal){ .u = 0xd7ff });
	roundtrip(TYPE(fake, C(FLAGS), 3), &(RtCanonVal){ .u = 5 });
	roundtrip(TYPE(fake, C(FLAGS), 32), &(RtCanonVal){ .u = 0x80000001 });
	roundtrip(TYPE(fake, C(ENUM), 0x81, 0x02), &(RtCanonVal){ .var = { 256, NULL } });
}

static const char *const strings[] = {
	"", "hello", "caf\xc3\xa9 \xc3\xbf", "\xe2\x82\xac 5", "smile \xf0\x9f\x98\x80!", "\xc3\xa9\xe2\x82\xac\xc3\xa9",
};

static void strings_in(uint8_t encoding)
{
	fake_init(fake, encoding, &handles);
	const RtCanonType *t = TYPE(fake, C(STRING));
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		roundtrip(t, &(RtCanonVal){ .str = str(strings[i]).str });
}

Test(canon_roundtrip, strings_utf8) { strings_in(NACRE_CANON_UTF8); }
Test(canon_roundtrip, strings_utf16) { strings_in(NACRE_CANON_UTF16); }
Test(canon_roundtrip, strings_latin1_utf16) { strings_in(NACRE_CANON_LATIN1_UTF16); }

/* What the guest sees of each encoding: its bytes and code units. */
static void stored_as(uint8_t encoding, const char *s, const char *bytes, size_t nbytes, uint32_t units)
{
	fake_init(fake, encoding, &handles);
	uint32_t ptr, n;
	RtCanonVal v = str(s);
	cr_assert(rt_canon_store_string(&fake->cx, &v, &ptr, &n));
	cr_expect_eq(n, units, "code units %#x, expected %#x", n, units);
	cr_expect(!memcmp(fake->mem + ptr, bytes, nbytes), "bytes differ");
}

Test(canon_roundtrip, guest_encodings)
{
	stored_as(NACRE_CANON_UTF8, "\xc3\xa9", "\xc3\xa9", 2, 2);
	stored_as(NACRE_CANON_UTF16, "a\xc3\xa9", "a\0\xe9\0", 4, 2);
	stored_as(NACRE_CANON_UTF16, "\xf0\x9f\x98\x80", "\x3d\xd8\x00\xde", 4, 2);
	stored_as(NACRE_CANON_LATIN1_UTF16, "a\xc3\xa9", "a\xe9", 2, 2);
	stored_as(NACRE_CANON_LATIN1_UTF16, "a\xe2\x82\xac", "a\0\xac\x20", 4, 2 | 0x80000000u);
	stored_as(NACRE_CANON_LATIN1_UTF16, "\xc3\xa9\xe2\x82\xac", "\xe9\0\xac\x20", 4, 2 | 0x80000000u);
}

Test(canon_roundtrip, lists)
{
	uint8_t bytes[] = { 1, 2, 3, 250 };
	roundtrip(TYPE(fake, C(LIST), C(U8)), &(RtCanonVal){ .list = { bytes, 4 } });
	roundtrip(TYPE(fake, C(LIST), C(U8)), &(RtCanonVal){ .list = { NULL, 0 } });
	RtCanonVal words[3] = { num(7), num(0xfffffff0), num(0) };
	roundtrip(TYPE(fake, C(LIST), C(U32)), &(RtCanonVal){ .list = { words, 3 } });
	RtCanonVal texts[2] = { str("a"), str("\xe2\x82\xac") };
	roundtrip(TYPE(fake, C(LIST), C(STRING)), &(RtCanonVal){ .list = { texts, 2 } });
	RtCanonVal inner[2] = { { .list = { texts, 2 } }, { .list = { NULL, 0 } } };
	roundtrip(TYPE(fake, C(LIST), C(LIST), C(STRING)), &(RtCanonVal){ .list = { inner, 2 } });
}

Test(canon_roundtrip, records_and_tuples)
{
	RtCanonVal f[3] = { num(9), { .s = -3 }, str("x") };
	roundtrip(TYPE(fake, C(RECORD), 3, C(U8), C(S64), C(STRING)), &(RtCanonVal){ .fields = f });
	roundtrip(TYPE(fake, C(TUPLE), 3, C(U8), C(S64), C(STRING)), &(RtCanonVal){ .fields = f });
	RtCanonVal outer[2] = { { .fields = f }, { .f64 = 0.25 } };
	roundtrip(TYPE(fake, C(RECORD), 2, C(TUPLE), 3, C(U8), C(S64), C(STRING), C(F64)), &(RtCanonVal){ .fields = outer });
}

Test(canon_roundtrip, variants)
{
	const RtCanonType *t = TYPE(fake, C(VARIANT), 3, 1, C(U8), 1, C(STRING), 0);
	roundtrip(t, &(RtCanonVal){ .var = var(0, boxed(num(200))).var });
	roundtrip(t, &(RtCanonVal){ .var = var(1, boxed(str("case b"))).var });
	roundtrip(t, &(RtCanonVal){ .var = var(2, NULL).var });
	/* joined flat types: f32 as i32, f32 and f64 as i64 */
	t = TYPE(fake, C(VARIANT), 3, 1, C(F32), 1, C(TUPLE), 2, C(F32), C(U64), 1, C(F64));
	roundtrip(t, &(RtCanonVal){ .var = var(0, boxed((RtCanonVal){ .f32 = 3.5f })).var });
	RtCanonVal pair[2] = { { .f32 = -0.0f }, num(1ull << 40) };
	roundtrip(t, &(RtCanonVal){ .var = var(1, boxed((RtCanonVal){ .fields = pair })).var });
	roundtrip(t, &(RtCanonVal){ .var = var(2, boxed((RtCanonVal){ .f64 = -1e300 })).var });
	t = TYPE(fake, C(OPTION), C(OPTION), C(S16));
	roundtrip(t, &(RtCanonVal){ .var = var(0, NULL).var });
	roundtrip(t, &(RtCanonVal){ .var = var(1, boxed(var(0, NULL))).var });
	roundtrip(t, &(RtCanonVal){ .var = var(1, boxed(var(1, boxed((RtCanonVal){ .s = -7 })))).var });
	t = TYPE(fake, C(RESULT), 3, C(STRING), C(ENUM), 4);
	roundtrip(t, &(RtCanonVal){ .var = var(0, boxed(str("ok"))).var });
	roundtrip(t, &(RtCanonVal){ .var = var(1, boxed(var(3, NULL))).var });
	t = TYPE(fake, C(RESULT), 0);
	roundtrip(t, &(RtCanonVal){ .var = var(1, NULL).var });
}

/* own and borrow: a host rep lowered becomes a handle in the guest's
 * table; lifting it back gives the rep (own moves out of the table). */
Test(canon_roundtrip, handles)
{
	const RtCanonType *own = TYPE(fake, C(OWN), 1);
	uint32_t ptr;
	cr_assert(rt_canon_realloc(&fake->cx, 0, 0, 4, 4, &ptr));
	cr_assert(rt_canon_store(&fake->cx, own, &(RtCanonVal){ .u = 77 }, ptr));
	uint32_t index;
	memcpy(&index, fake->mem + ptr, 4);
	cr_assert_neq(index, 0);
	RtCanonVal back;
	cr_assert(rt_canon_load(&fake->cx, own, ptr, &back));
	cr_expect_eq(back.u, 77);
	cr_expect_eq(rt_canon_handle_rep(&handles, index, 1, &index), RT_CANON_E_HANDLE, "own lifted: the handle is gone");

	const RtCanonType *borrow = TYPE(fake, C(BORROW), 1);
	NacreValue core[1];
	uint32_t i = 0, j = 0;
	cr_assert(rt_canon_lower_flat(&fake->cx, borrow, &(RtCanonVal){ .u = 5 }, core, &i));
	cr_assert(rt_canon_lift_flat(&fake->cx, borrow, core, &j, &back));
	cr_expect_eq(back.u, 5);
	cr_assert_eq(rt_canon_handle_drop(&handles, (uint32_t)core[0].i32, 1), RT_CANON_E_HANDLE_LENT);
	cr_assert_eq(rt_canon_cx_end(&fake->cx), RT_CANON_E_BORROWS_LEFT, "the borrow given was never dropped");
}

/* A host function called by the guest (canon lower) with 17 flat params
 * (spilled to a tuple in memory) and a string result (through the return
 * pointer the guest passes last). */
Test(canon_roundtrip, import_call_spilled)
{
	const RtCanonFunc *fn = FUNC(fake, 2, C(TUPLE), 16, C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8),
	                             C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(STRING), 1, C(STRING));
	cr_assert_eq(rt_canon_core_params(fn, true), 2);
	/* the guest writes the tuple: 16 bytes then a string */
	uint32_t arg = 64, ret = 128;
	for (int k = 0; k < 16; k++)
		fake->mem[arg + k] = (uint8_t)k;
	memcpy(fake->mem + 200, "guest", 5);
	memcpy(fake->mem + arg + 16, &(uint32_t){ 200 }, 4);
	memcpy(fake->mem + arg + 20, &(uint32_t){ 5 }, 4);
	fake->next = 256;
	NacreValue core[2] = { { .i32 = (int32_t)arg }, { .i32 = (int32_t)ret } };
	RtCanonVal params[2];
	cr_assert(rt_canon_lift_args(&fake->cx, fn, core, params));
	cr_expect_eq(params[0].fields[15].u, 15);
	cr_expect_eq(params[1].str.len, 5);
	cr_expect(!memcmp(params[1].str.ptr, "guest", 5));
	RtCanonVal result = str("host!");
	cr_assert(rt_canon_lower_results(&fake->cx, fn, &result, core, NULL));
	uint32_t p, n;
	memcpy(&p, fake->mem + ret, 4);
	memcpy(&n, fake->mem + ret + 4, 4);
	cr_expect_eq(n, 5);
	cr_expect(!memcmp(fake->mem + p, "host!", 5));
	cr_expect_eq(rt_canon_cx_end(&fake->cx), RT_CANON_E_NONE);
}

/* A guest export called by the host (canon lift): params lowered (flat,
 * then spilled through realloc), the result lifted from the pointer the
 * guest returns, and post-return called with it. */
Test(canon_roundtrip, export_call)
{
	const RtCanonFunc *fn = FUNC(fake, 2, C(STRING), C(U32), 1, C(TUPLE), 2, C(U32), C(U64));
	RtCanonVal params[2] = { str("abc"), num(42) };
	NacreValue core[3];
	cr_assert_eq(rt_canon_core_params(fn, false), 3);
	cr_assert(rt_canon_lower_args(&fake->cx, fn, params, core));
	cr_expect_eq(core[1].i32, 3);
	cr_expect_eq(core[2].i32, 42);
	cr_expect(!memcmp(fake->mem + core[0].i32, "abc", 3));
	uint32_t res = 1024;
	memcpy(fake->mem + res, &(uint32_t){ 9 }, 4);
	memcpy(fake->mem + res + 8, &(uint64_t){ 1ull << 33 }, 8);
	NacreValue out[1] = { { .i32 = (int32_t)res } };
	RtCanonVal result;
	cr_assert(rt_canon_lift_results(&fake->cx, fn, out, &result));
	cr_expect_eq(result.fields[0].u, 9);
	cr_expect_eq(result.fields[1].u, 1ull << 33);
	cr_assert(rt_canon_post_return(&fake->cx, fn, out));
	cr_expect_eq(fake->post_returns, 1);

	RtCanonVal many[17];
	for (int k = 0; k < 17; k++)
		many[k] = num((uint64_t)k * 3);
	fn = FUNC(fake, 17, C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32),
	          C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), 0);
	cr_assert(rt_canon_lower_args(&fake->cx, fn, many, core));
	uint32_t last;
	memcpy(&last, fake->mem + core[0].i32 + 16 * 4, 4);
	cr_expect_eq(last, 48);
	RtCanonVal lifted[17];
	cr_assert(rt_canon_lift_args(&fake->cx, fn, core, lifted));
	for (int k = 0; k < 17; k++)
		cr_expect_eq(lifted[k].u, many[k].u);
}
