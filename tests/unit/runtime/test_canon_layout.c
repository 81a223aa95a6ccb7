/* tests/unit/runtime/test_canon_layout.c: size, alignment and flattening
 * of checked types (runtime-lib/canon/layout.c) against values worked
 * out by hand from CanonicalABI.md's alignment, elem_size and
 * flatten_type, and the core signature of functions (flatten_functype).
 */
#include "canon_fixture.h"

#define C(x) NACRE_CANON_##x
/* A type's bytes and their count. */
#define B(...) { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })

typedef struct Case {
	const char *name;
	uint8_t bytes[24];
	size_t n;
	uint32_t size, align;
	const char *flat;            /* core types, space-separated */
} Case;

static const Case cases[] = {
	{ "bool", B(C(BOOL)), 1, 1, "i32" },
	{ "s8", B(C(S8)), 1, 1, "i32" },
	{ "u16", B(C(U16)), 2, 2, "i32" },
	{ "s32", B(C(S32)), 4, 4, "i32" },
	{ "u64", B(C(U64)), 8, 8, "i64" },
	{ "f32", B(C(F32)), 4, 4, "f32" },
	{ "f64", B(C(F64)), 8, 8, "f64" },
	{ "char", B(C(CHAR)), 4, 4, "i32" },
	{ "string", B(C(STRING)), 8, 4, "i32 i32" },
	{ "list<u64>", B(C(LIST), C(U64)), 8, 4, "i32 i32" },
	{ "record{u8,u32}", B(C(RECORD), 2, C(U8), C(U32)), 8, 4, "i32 i32" },
	{ "record{u8,u64,u8}", B(C(RECORD), 3, C(U8), C(U64), C(U8)), 24, 8, "i32 i64 i32" },
	{ "tuple<u16,u8>", B(C(TUPLE), 2, C(U16), C(U8)), 4, 2, "i32 i32" },
	{ "tuple<f64,string>", B(C(TUPLE), 2, C(F64), C(STRING)), 16, 8, "f64 i32 i32" },
	{ "enum 3", B(C(ENUM), 3), 1, 1, "i32" },
	{ "enum 256", B(C(ENUM), 0x80, 0x02), 1, 1, "i32" },
	{ "enum 257", B(C(ENUM), 0x81, 0x02), 2, 2, "i32" },
	{ "enum 65537", B(C(ENUM), 0x81, 0x80, 0x04), 4, 4, "i32" },
	{ "option<u8>", B(C(OPTION), C(U8)), 2, 1, "i32 i32" },
	{ "option<u64>", B(C(OPTION), C(U64)), 16, 8, "i32 i64" },
	{ "result<u32,f32>", B(C(RESULT), 3, C(U32), C(F32)), 8, 4, "i32 i32" },
	{ "result<f32,f64>", B(C(RESULT), 3, C(F32), C(F64)), 16, 8, "i32 i64" },
	{ "result<f32,_>", B(C(RESULT), 1, C(F32)), 8, 4, "i32 f32" },
	{ "result<_,string>", B(C(RESULT), 2, C(STRING)), 12, 4, "i32 i32 i32" },
	{ "result", B(C(RESULT), 0), 1, 1, "i32" },
	{ "variant{u8,string,_}", B(C(VARIANT), 3, 1, C(U8), 1, C(STRING), 0), 12, 4, "i32 i32 i32" },
	{ "variant{f32,tuple<f32,u64>}", B(C(VARIANT), 2, 1, C(F32), 1, C(TUPLE), 2, C(F32), C(U64)), 24, 8, "i32 f32 i64" },
	{ "variant{s8,u16}", B(C(VARIANT), 2, 1, C(S8), 1, C(U16)), 4, 2, "i32 i32" },
	{ "option<option<u16>>", B(C(OPTION), C(OPTION), C(U16)), 6, 2, "i32 i32 i32" },
	{ "flags 1", B(C(FLAGS), 1), 1, 1, "i32" },
	{ "flags 8", B(C(FLAGS), 8), 1, 1, "i32" },
	{ "flags 9", B(C(FLAGS), 9), 2, 2, "i32" },
	{ "flags 17", B(C(FLAGS), 17), 4, 4, "i32" },
	{ "flags 32", B(C(FLAGS), 32), 4, 4, "i32" },
	{ "own", B(C(OWN), 0), 4, 4, "i32" },
	{ "borrow", B(C(BORROW), 5), 4, 4, "i32" },
	{ "record{char,option<f64>,bool}", B(C(RECORD), 3, C(CHAR), C(OPTION), C(F64), C(BOOL)), 32, 8,
	  "i32 i32 f64 i32" },
};

static void flat_text(const RtCanonType *t, char *buf, size_t n)
{
	static const char *const names[] = { "?", "i32", "i64", "f32", "f64" };
	buf[0] = 0;
	for (uint32_t i = 0; i < t->nflat; i++) {
		strncat(buf, i ? " " : "", n - strlen(buf) - 1);
		strncat(buf, names[t->flat[i]], n - strlen(buf) - 1);
	}
}

Test(canon_layout, table_of_types)
{
	Fake *f = calloc(1, sizeof *f);
	fake_init(f, NACRE_CANON_UTF8, NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const Case *c = &cases[i];
		uint8_t d[32] = { V };
		size_t n = c->n;
		memcpy(d + 1, c->bytes, n);
		const RtCanonType *t = type_of(f, d, n + 1);
		char flat[64];
		flat_text(t, flat, sizeof flat);
		cr_expect_eq(t->size, c->size, "%s: size %u, expected %u", c->name, t->size, c->size);
		cr_expect_eq(t->align, c->align, "%s: align %u, expected %u", c->name, t->align, c->align);
		cr_expect_str_eq(flat, c->flat, "%s: flat '%s', expected '%s'", c->name, flat, c->flat);
	}
	fake_fini(f);
	free(f);
}

Test(canon_layout, variant_payload_offset)
{
	Fake *f = calloc(1, sizeof *f);
	fake_init(f, NACRE_CANON_UTF8, NULL);
	cr_expect_eq(TYPE(f, C(OPTION), C(U64))->payload, 8);
	cr_expect_eq(TYPE(f, C(OPTION), C(U8))->payload, 1);
	cr_expect_eq(TYPE(f, C(ENUM), 0x81, 0x02)->disc, 2);
	cr_expect_eq(TYPE(f, C(RESULT), 3, C(U16), C(U8))->payload, 2);
	fake_fini(f);
	free(f);
}

/* flatten_functype: params past 16 flat values spill to one pointer;
 * results past 1 go by pointer, a parameter when lowered and a result
 * when lifted. */
Test(canon_layout, function_core_signature)
{
	Fake *f = calloc(1, sizeof *f);
	fake_init(f, NACRE_CANON_UTF8, NULL);
	const RtCanonFunc *fn = FUNC(f, 2, C(STRING), C(U64), 1, C(RESULT), 3, C(STRING), C(U8));
	cr_expect_eq(fn->nflat_params, 3);
	cr_expect_eq(fn->nflat_results, 3);
	cr_expect_eq(rt_canon_core_params(fn, true), 4);
	cr_expect_eq(rt_canon_core_results(fn, true), 0);
	cr_expect_eq(rt_canon_core_params(fn, false), 3);
	cr_expect_eq(rt_canon_core_results(fn, false), 1);

	fn = FUNC(f, 16, C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8),
	          C(U8), C(U8), C(U8), 1, C(U32));
	cr_expect_eq(rt_canon_core_params(fn, true), 16);
	cr_expect_eq(rt_canon_core_results(fn, true), 1);
	fn = FUNC(f, 9, C(STRING), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), 0);
	cr_expect_eq(fn->nflat_params, 10);
	fn = FUNC(f, 2, C(TUPLE), 9, C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(TUPLE), 8, C(U8),
	          C(U8), C(U8), C(U8), C(U8), C(U8), C(U8), C(U64), 0);
	cr_expect_eq(fn->nflat_params, 17);
	cr_expect_eq(rt_canon_core_params(fn, true), 1);
	cr_expect_eq(rt_canon_core_params(fn, false), 1);
	cr_expect_eq(fn->tuple->align, 8);
	cr_expect_eq(fn->tuple->size, 32); /* 9 bytes, then 7 u8 and a u64 at 16 */
	fn = FUNC(f, 0, 0);
	cr_expect_eq(rt_canon_core_params(fn, true), 0);
	cr_expect_eq(rt_canon_core_results(fn, false), 0);
	fake_fini(f);
	free(f);
}
