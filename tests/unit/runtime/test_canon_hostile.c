/* tests/unit/runtime/test_canon_hostile.c: guest data that breaks the
 * canonical ABI's rules fails with the right RtCanonError and never
 * reads or writes outside the guest's memory: out-of-bounds pointers and
 * lengths, length * size overflow, misaligned pointers, ill-formed
 * UTF-8 and UTF-16, surrogate chars, bad discriminants, a realloc that
 * returns a bad pointer or traps; and what the spec accepts (any nonzero
 * bool, flag bits past the labels) is accepted as it says.
 */
#include "canon_fixture.h"

#define C(x) NACRE_CANON_##x

static Fake *fake;

static void setup(void)
{
	fake = calloc(1, sizeof *fake);
	fake_init(fake, NACRE_CANON_UTF8, NULL);
	fake->size = 4096; /* the guest's memory: the rest of mem is outside it */
}

static void teardown(void)
{
	fake_fini(fake);
	free(fake);
}

TestSuite(canon_hostile, .init = setup, .fini = teardown);

/* lift_flat of t from the given core values; the error it ends with. */
static RtCanonError lift(const RtCanonType *t, const NacreValue *core)
{
	RtCanonVal v;
	uint32_t i = 0;
	fake->cx.error = RT_CANON_E_NONE;
	bool ok = rt_canon_lift_flat(&fake->cx, t, core, &i, &v);
	cr_assert_eq(ok, fake->cx.error == RT_CANON_E_NONE);
	return fake->cx.error;
}

static RtCanonError load(const RtCanonType *t, uint32_t ptr)
{
	RtCanonVal v;
	fake->cx.error = RT_CANON_E_NONE;
	bool ok = rt_canon_load(&fake->cx, t, ptr, &v);
	cr_assert_eq(ok, fake->cx.error == RT_CANON_E_NONE);
	return fake->cx.error;
}

#define CORE2(a, b) ((const NacreValue[]){ { .i32 = (int32_t)(a) }, { .i32 = (int32_t)(b) } })
#define CORE1(a) ((const NacreValue[]){ { .i32 = (int32_t)(a) } })

Test(canon_hostile, string_out_of_bounds)
{
	const RtCanonType *s = TYPE(fake, C(STRING));
	cr_expect_eq(lift(s, CORE2(4000, 96)), RT_CANON_E_NONE);
	cr_expect_eq(lift(s, CORE2(4000, 97)), RT_CANON_E_BOUNDS);
	cr_expect_eq(lift(s, CORE2(4097, 0)), RT_CANON_E_BOUNDS);
	cr_expect_eq(lift(s, CORE2(0xffffffff, 2)), RT_CANON_E_BOUNDS);
	cr_expect_eq(lift(s, CORE2(0, 1 << 28)), RT_CANON_E_LENGTH);
	cr_expect_eq(lift(s, CORE2(0, 0xffffffff)), RT_CANON_E_LENGTH);
}

Test(canon_hostile, list_bounds_and_overflow)
{
	const RtCanonType *l = TYPE(fake, C(LIST), C(U64));
	cr_expect_eq(lift(l, CORE2(8, 511)), RT_CANON_E_NONE);
	cr_expect_eq(lift(l, CORE2(8, 512)), RT_CANON_E_BOUNDS);
	/* 0x20000001 * 8 wraps to 8 in 32 bits: must still be refused */
	cr_expect_eq(lift(l, CORE2(8, 0x20000001)), RT_CANON_E_LENGTH);
	cr_expect_eq(lift(l, CORE2(8, 0xffffffff)), RT_CANON_E_LENGTH);
	cr_expect_eq(lift(l, CORE2(4, 1)), RT_CANON_E_ALIGN);
	const RtCanonType *ls = TYPE(fake, C(LIST), C(STRING));
	/* a list in bounds whose string element points outside */
	memcpy(fake->mem + 64, &(uint32_t){ 5000 }, 4);
	memcpy(fake->mem + 68, &(uint32_t){ 1 }, 4);
	cr_expect_eq(lift(ls, CORE2(64, 1)), RT_CANON_E_BOUNDS);
	cr_expect_eq(lift(ls, CORE2(66, 1)), RT_CANON_E_ALIGN);
}

Test(canon_hostile, misaligned_pointers)
{
	fake_init(fake, NACRE_CANON_UTF16, NULL);
	cr_expect_eq(lift(TYPE(fake, C(STRING)), CORE2(3, 1)), RT_CANON_E_ALIGN);
	fake_init(fake, NACRE_CANON_LATIN1_UTF16, NULL);
	cr_expect_eq(lift(TYPE(fake, C(STRING)), CORE2(3, 1)), RT_CANON_E_ALIGN);
	cr_expect_eq(lift(TYPE(fake, C(LIST), C(U32)), CORE2(6, 1)), RT_CANON_E_ALIGN);
	/* a spilled result pointer from the guest */
	const RtCanonFunc *fn = FUNC(fake, 0, 1, C(TUPLE), 2, C(U64), C(U8));
	RtCanonVal r;
	cr_expect(!rt_canon_lift_results(&fake->cx, fn, CORE1(12), &r));
	cr_expect_eq(fake->cx.error, RT_CANON_E_ALIGN);
}

Test(canon_hostile, invalid_utf8)
{
	static const char *const bad[] = {
		"\x80", "\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
		"ok\xff", "\xe2\x82",
	};
	const RtCanonType *s = TYPE(fake, C(STRING));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = strlen(bad[i]);
		memcpy(fake->mem + 100, bad[i], n);
		cr_expect_eq(lift(s, CORE2(100, n)), RT_CANON_E_UTF8, "case %zu", i);
	}
	memcpy(fake->mem + 100, "\xf4\x8f\xbf\xbf", 4); /* U+10FFFF is fine */
	cr_expect_eq(lift(s, CORE2(100, 4)), RT_CANON_E_NONE);
}

Test(canon_hostile, invalid_utf16)
{
	static const uint16_t bad[][2] = { { 0xd800, 'a' }, { 0xdc00, 0xd800 }, { 'a', 0xdbff } };
	for (int enc = 0; enc < 2; enc++) {
		fake_init(fake, enc ? NACRE_CANON_LATIN1_UTF16 : NACRE_CANON_UTF16, NULL);
		const RtCanonType *s = TYPE(fake, C(STRING));
		uint32_t tag = enc ? 0x80000000u : 0;
		for (size_t i = 0; i < 3; i++) {
			memcpy(fake->mem + 100, bad[i], 4);
			cr_expect_eq(lift(s, CORE2(100, 2 | tag)), RT_CANON_E_UTF16, "case %zu", i);
		}
		memcpy(fake->mem + 100, (uint16_t[]){ 0xd83d, 0xde00 }, 4);
		cr_expect_eq(lift(s, CORE2(100, 2 | tag)), RT_CANON_E_NONE);
		/* an unpaired high surrogate at the very end, cut by the length */
		cr_expect_eq(lift(s, CORE2(100, 1 | tag)), RT_CANON_E_UTF16);
	}
}

Test(canon_hostile, chars)
{
	const RtCanonType *c = TYPE(fake, C(CHAR));
	cr_expect_eq(lift(c, CORE1(0xd800)), RT_CANON_E_CHAR);
	cr_expect_eq(lift(c, CORE1(0xdfff)), RT_CANON_E_CHAR);
	cr_expect_eq(lift(c, CORE1(0x110000)), RT_CANON_E_CHAR);
	cr_expect_eq(lift(c, CORE1(0xffffffff)), RT_CANON_E_CHAR);
	cr_expect_eq(lift(c, CORE1(0x10ffff)), RT_CANON_E_NONE);
	memcpy(fake->mem + 8, &(uint32_t){ 0xdabc }, 4);
	cr_expect_eq(load(c, 8), RT_CANON_E_CHAR);
}

Test(canon_hostile, discriminants)
{
	const RtCanonType *e = TYPE(fake, C(ENUM), 3);
	cr_expect_eq(lift(e, CORE1(3)), RT_CANON_E_DISCRIMINANT);
	cr_expect_eq(lift(e, CORE1(0x100)), RT_CANON_E_DISCRIMINANT, "no truncation to the discriminant's width");
	fake->mem[8] = 3;
	cr_expect_eq(load(e, 8), RT_CANON_E_DISCRIMINANT);
	const RtCanonType *o = TYPE(fake, C(OPTION), C(U32));
	cr_expect_eq(lift(o, CORE2(2, 0)), RT_CANON_E_DISCRIMINANT);
	const RtCanonType *r = TYPE(fake, C(RESULT), 3, C(U8), C(STRING));
	cr_expect_eq(lift(r, ((const NacreValue[]){ { .i32 = 7 }, { .i32 = 0 }, { .i32 = 0 } })), RT_CANON_E_DISCRIMINANT);
	fake->mem[16] = 2;
	cr_expect_eq(load(r, 16), RT_CANON_E_DISCRIMINANT);
	/* nested: a bad case inside a good one */
	const RtCanonType *oo = TYPE(fake, C(OPTION), C(ENUM), 2);
	cr_expect_eq(lift(oo, CORE2(1, 2)), RT_CANON_E_DISCRIMINANT);
}

/* CanonicalABI.md: any nonzero bool is true; flag bits past the labels
 * are dropped (unpack_flags_from_int), not a trap. */
Test(canon_hostile, bools_and_flags_as_the_spec_says)
{
	RtCanonVal v;
	uint32_t i = 0;
	cr_assert(rt_canon_lift_flat(&fake->cx, TYPE(fake, C(BOOL)), CORE1(0x40), &i, &v));
	cr_expect_eq(v.u, 1);
	fake->mem[8] = 0xfe;
	cr_assert(rt_canon_load(&fake->cx, TYPE(fake, C(BOOL)), 8, &v));
	cr_expect_eq(v.u, 1);
	i = 0;
	cr_assert(rt_canon_lift_flat(&fake->cx, TYPE(fake, C(FLAGS), 3), CORE1(0xff), &i, &v));
	cr_expect_eq(v.u, 7);
	fake->mem[8] = 0xff;
	fake->mem[9] = 0xff;
	cr_assert(rt_canon_load(&fake->cx, TYPE(fake, C(FLAGS), 10), 8, &v));
	cr_expect_eq(v.u, 0x3ff);
}

Test(canon_hostile, spilled_params_out_of_bounds)
{
	const RtCanonFunc *fn = FUNC(fake, 17, C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32),
	                             C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), C(U32), 0);
	RtCanonVal params[17];
	cr_expect(!rt_canon_lift_args(&fake->cx, fn, CORE1(4096 - 64), params));
	cr_expect_eq(fake->cx.error, RT_CANON_E_BOUNDS);
	fake->cx.error = RT_CANON_E_NONE;
	cr_expect(rt_canon_lift_args(&fake->cx, fn, CORE1(4096 - 68), params));
	/* the return pointer a guest passes to a host function */
	fn = FUNC(fake, 0, 1, C(STRING));
	cr_expect(!rt_canon_lower_results(&fake->cx, fn, &(RtCanonVal){ .str = { "x", 1 } }, CORE1(4092), NULL));
	cr_expect_eq(fake->cx.error, RT_CANON_E_BOUNDS);
}

/* realloc's result is the guest's word too. */
Test(canon_hostile, bad_realloc)
{
	const RtCanonType *s = TYPE(fake, C(STRING));
	NacreValue core[2];
	uint32_t i = 0;
	RtCanonVal hello = { .str = { "hello", 5 } };
	fake->bad_ptr = 4094;
	cr_expect(!rt_canon_lower_flat(&fake->cx, s, &hello, core, &i));
	cr_expect_eq(fake->cx.error, RT_CANON_E_BOUNDS);
	fake_init(fake, NACRE_CANON_UTF16, NULL);
	fake->bad_ptr = 101;
	i = 0;
	cr_expect(!rt_canon_lower_flat(&fake->cx, s, &hello, core, &i));
	cr_expect_eq(fake->cx.error, RT_CANON_E_ALIGN);
	fake_init(fake, NACRE_CANON_UTF8, NULL);
	fake->trap = true;
	i = 0;
	cr_expect(!rt_canon_lower_flat(&fake->cx, s, &hello, core, &i));
	cr_expect_eq(fake->cx.error, RT_CANON_E_CALLEE);
	fake_init(fake, NACRE_CANON_UTF8, NULL);
	fake->opts.has_realloc = false;
	i = 0;
	cr_expect(!rt_canon_lower_flat(&fake->cx, s, &hello, core, &i));
	cr_expect_eq(fake->cx.error, RT_CANON_E_NO_REALLOC);
}

/* A host that hands over a value its type cannot hold is stopped before
 * the guest sees it. */
Test(canon_hostile, bad_host_values)
{
	NacreValue core[4];
	uint32_t i = 0;
	cr_expect(!rt_canon_lower_flat(&fake->cx, TYPE(fake, C(CHAR)), &(RtCanonVal){ .u = 0xd800 }, core, &i));
	cr_expect_eq(fake->cx.error, RT_CANON_E_HOST_VALUE);
	fake->cx.error = RT_CANON_E_NONE;
	i = 0;
	cr_expect(!rt_canon_lower_flat(&fake->cx, TYPE(fake, C(ENUM), 2), &(RtCanonVal){ .var = { 2, NULL } }, core, &i));
	cr_expect_eq(fake->cx.error, RT_CANON_E_HOST_VALUE);
	fake->cx.error = RT_CANON_E_NONE;
	i = 0;
	cr_expect(!rt_canon_lower_flat(&fake->cx, TYPE(fake, C(STRING)), &(RtCanonVal){ .str = { "\xff", 1 } }, core, &i));
	cr_expect_eq(fake->cx.error, RT_CANON_E_HOST_VALUE);
}

/* Lifting a long list needs host memory in proportion: the arena's limit
 * makes it fail cleanly instead of exhausting the host. */
Test(canon_hostile, arena_limit)
{
	rt_canon_arena_reset(&fake->arena);
	rt_canon_arena_init(&fake->arena, 64 << 10);
	const RtCanonType *l = TYPE(fake, C(LIST), C(U32));
	fake->size = FAKE_MEM;
	cr_expect_eq(lift(l, CORE2(0, 16000)), RT_CANON_E_NOMEM);
}
