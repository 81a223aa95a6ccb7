/* tests/unit/runtime/test_canon_check.c: the descriptor checker
 * (runtime-lib/canon/check.c) accepts what nacre/canon.h describes and
 * refuses forged bytes: every truncation, trailing bytes, unknown codes,
 * empty or oversized counts, bad flags, over-long LEB128, nesting past
 * NACRE_CANON_MAX_DEPTH, oversized descriptors, and random bytes.
 */
#include "canon_fixture.h"

#define C(x) NACRE_CANON_##x

static RtCanonArena arena;

static void setup(void)
{
	rt_canon_arena_init(&arena, 0);
}

static void teardown(void)
{
	rt_canon_arena_reset(&arena);
}

TestSuite(canon_check, .init = setup, .fini = teardown);

static bool type_ok(const uint8_t *d, size_t n)
{
	const RtCanonType *t;
	return rt_canon_check_type(d, n, &arena, &t);
}

static bool func_ok(const uint8_t *d, size_t n)
{
	const RtCanonFunc *f;
	return rt_canon_check_func(d, n, &arena, &f);
}

#define D(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

typedef struct Desc {
	uint8_t bytes[40];
	size_t n;
	bool func;
} Desc;

#define T(...) { { V, __VA_ARGS__ }, 1 + sizeof((const uint8_t[]){ __VA_ARGS__ }), false }
#define F(...) { { V, C(FUNC), __VA_ARGS__ }, 2 + sizeof((const uint8_t[]){ __VA_ARGS__ }), true }

static const Desc valid[] = {
	T(C(BOOL)), T(C(STRING)), T(C(LIST), C(CHAR)), T(C(RECORD), 2, C(U8), C(STRING)),
	T(C(TUPLE), 1, C(F64)), T(C(VARIANT), 3, 0, 1, C(U32), 0), T(C(ENUM), 0x80, 0x80, 0x40),
	T(C(OPTION), C(LIST), C(U8)), T(C(RESULT), 0), T(C(RESULT), 3, C(S8), C(STRING)),
	T(C(FLAGS), 32), T(C(OWN), 0xff, 0xff, 0x03), T(C(BORROW), 0),
	F(0, 0), F(1, C(STRING), 1, C(RESULT), 2, C(U32)), F(2, C(OWN), 1, C(BORROW), 2, 0),
};

Test(canon_check, valid_descriptors)
{
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		const Desc *d = &valid[i];
		cr_expect(d->func ? func_ok(d->bytes, d->n) : type_ok(d->bytes, d->n), "valid %zu refused", i);
		cr_expect(!(d->func ? type_ok(d->bytes, d->n) : func_ok(d->bytes, d->n)), "valid %zu: wrong kind", i);
	}
}

Test(canon_check, truncations_and_trailing_bytes)
{
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		const Desc *d = &valid[i];
		for (size_t n = 0; n < d->n; n++)
			cr_expect(!(d->func ? func_ok(d->bytes, n) : type_ok(d->bytes, n)), "valid %zu cut at %zu", i, n);
		uint8_t more[41];
		memcpy(more, d->bytes, d->n);
		more[d->n] = 0;
		cr_expect(!(d->func ? func_ok(more, d->n + 1) : type_ok(more, d->n + 1)), "valid %zu with a byte more", i);
	}
	cr_expect(!type_ok(NULL, 0));
	cr_expect(!func_ok(NULL, 3));
}

Test(canon_check, forged_descriptors)
{
	cr_expect(!type_ok(D(0, C(BOOL))), "version 0");
	cr_expect(!type_ok(D(2, C(BOOL))), "version 2");
	cr_expect(!type_ok(D(V, 0x17)));
	cr_expect(!type_ok(D(V, 0x3f)));
	cr_expect(!type_ok(D(V, 0xff)));
	cr_expect(!type_ok(D(V, C(RECORD), 0)), "no fields");
	cr_expect(!type_ok(D(V, C(TUPLE), 3, C(U8), C(U8))), "fewer fields than counted");
	cr_expect(!type_ok(D(V, C(RECORD), 0xff, 0xff, 0xff, 0xff, 0x0f, C(U8))), "count past the bytes");
	cr_expect(!type_ok(D(V, C(VARIANT), 0)), "no cases");
	cr_expect(!type_ok(D(V, C(VARIANT), 1, 2, C(U8))), "case byte 2");
	cr_expect(!type_ok(D(V, C(ENUM), 0)));
	cr_expect(!type_ok(D(V, C(ENUM), 0x81, 0x80, 0x40)), "enum past 2^20");
	cr_expect(!type_ok(D(V, C(FLAGS), 0)));
	cr_expect(!type_ok(D(V, C(FLAGS), 33)));
	cr_expect(!type_ok(D(V, C(RESULT), 4)));
	cr_expect(!type_ok(D(V, C(OWN), 0x80, 0x80, 0x04)), "resource 65536");
	cr_expect(!type_ok(D(V, C(ENUM), 0x81, 0x80, 0x80, 0x80, 0x80, 0x00)), "six-byte LEB128");
	cr_expect(!type_ok(D(V, C(FLAGS), 0x81, 0x80, 0x80, 0x80, 0x10)), "LEB128 past 2^32");
	cr_expect(!type_ok(D(V, C(LIST))));
	cr_expect(!func_ok(D(V, C(FUNC), 1, C(U8), 2, C(U8))), "hasresult 2");
	cr_expect(!func_ok(D(V, C(FUNC), 0xff, 0x7f)), "params past the bytes");
	cr_expect(!func_ok(D(V, C(BOOL), 0, 0)), "not a func");
}

static size_t nest(uint8_t *d, unsigned levels, uint8_t code)
{
	size_t n = 0;
	d[n++] = V;
	for (unsigned i = 0; i < levels; i++)
		d[n++] = code;
	d[n++] = C(U8);
	return n;
}

/* func(list^levels<u8>) */
static size_t func_nest(uint8_t *d, unsigned levels)
{
	size_t n = 0;
	d[n++] = V, d[n++] = C(FUNC), d[n++] = 1;
	for (unsigned i = 0; i < levels; i++)
		d[n++] = C(LIST);
	d[n++] = C(U8), d[n++] = 0;
	return n;
}

Test(canon_check, depth)
{
	static uint8_t d[NACRE_CANON_MAX_BYTES + 8];
	cr_expect(type_ok(d, nest(d, NACRE_CANON_MAX_DEPTH, C(OPTION))));
	cr_expect(!type_ok(d, nest(d, NACRE_CANON_MAX_DEPTH + 1, C(OPTION))));
	cr_expect(!type_ok(d, nest(d, NACRE_CANON_MAX_BYTES - 2, C(LIST))), "deep, at the size limit");
	cr_expect(!type_ok(d, nest(d, NACRE_CANON_MAX_BYTES + 2, C(LIST))), "past the size limit");
	/* a func's params and result sit one level down */
	cr_expect(func_ok(d, func_nest(d, NACRE_CANON_MAX_DEPTH - 1)));
	cr_expect(!func_ok(d, func_nest(d, NACRE_CANON_MAX_DEPTH)));
}

Test(canon_check, wide_but_within_limits)
{
	static uint8_t d[NACRE_CANON_MAX_BYTES];
	size_t n = 0;
	d[n++] = V, d[n++] = C(TUPLE), d[n++] = 0xfb, d[n++] = 0xff, d[n++] = 0x03; /* 65531 fields */
	while (n < sizeof d)
		d[n++] = C(U64);
	const RtCanonType *t;
	bool ok = rt_canon_check_type(d, n, &arena, &t);
	cr_expect(ok);
	if (ok) {
		cr_expect_eq(t->size, (sizeof d - 5) * 8);
		cr_expect_eq(t->nflat, sizeof d - 5);
	}
}

/* Random bytes behind a valid header: never a crash, and what passes
 * has a layout that holds together. */
Test(canon_check, random_bytes)
{
	uint64_t s = 0x9e3779b97f4a7c15;
	uint8_t d[48];
	for (int round = 0; round < 200000; round++) {
		size_t n = 2 + (size_t)(s % 40);
		d[0] = V;
		for (size_t i = 1; i < n; i++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			d[i] = (uint8_t)(s % 24);
		}
		const RtCanonType *t;
		if (rt_canon_check_type(d, n, &arena, &t))
			cr_assert(t->align && t->size % t->align == 0 && t->nflat >= 1);
		if (round % 1000 == 0)
			rt_canon_arena_reset(&arena);
	}
}
