/* tests/unit/frontend/test_reader.c: the bounded cursor (frontend/reader.c).
 * LEB128 of every width at its limits and one byte past them, fixed-width
 * values, vector counts and UTF-8 names, each failure checked for its exact
 * code and the absolute offset it reports.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend/frontend.h"

#include "../wasm_builder.h"

static DiagSink diags;
static Reader r;

/* Points r at bytes that must live until the test ends (a WB(...) list in
 * the test's body does). */
static void over(const uint8_t *p, size_t n)
{
	memset(&diags, 0, sizeof diags);
	fe_reader_init(&r, p, n, &diags);
}

/* Exactly one diagnostic was reported, this one. */
static void expect_diag(DiagCode code, size_t offset)
{
	cr_assert_eq(diags.n, 1, "%u diagnostics, expected 1", diags.n);
	cr_assert_eq(diags.items[0].code, code, "got %s, expected %s",
	             diag_code_name(diags.items[0].code), diag_code_name(code));
	cr_assert_eq(diags.items[0].offset, offset, "reported at 0x%zx, expected 0x%zx",
	             diags.items[0].offset, offset);
}

static void expect_u32(uint32_t want)
{
	uint32_t v = 0;
	cr_assert(fe_reader_u32(&r, &v), "u32 failed");
	cr_assert_eq(v, want, "read %u, expected %u", v, want);
}

static void expect_s32(int32_t want)
{
	int32_t v = 0;
	cr_assert(fe_reader_s32(&r, &v), "s32 failed");
	cr_assert_eq(v, want, "read %d, expected %d", v, want);
}

static void expect_s64(int64_t want)
{
	int64_t v = 0;
	cr_assert(fe_reader_s64(&r, &v), "s64 failed");
	cr_assert_eq(v, want, "read %lld, expected %lld", (long long)v, (long long)want);
}

static void expect_s33(int64_t want)
{
	int64_t v = 0;
	cr_assert(fe_reader_s33(&r, &v), "s33 failed");
	cr_assert_eq(v, want, "read %lld, expected %lld", (long long)v, (long long)want);
}

/* ---- u32 ---- */

Test(reader, u32_reads_minimal_and_maximal_values)
{
	over(WB(0x00, 0xff, 0xff, 0xff, 0xff, 0x0f));
	expect_u32(0);
	expect_u32(UINT32_MAX);
	cr_assert(fe_reader_at_end(&r));
	cr_assert_eq(diags.n, 0);
}

Test(reader, u32_accepts_padding_within_five_bytes)
{
	over(WB(0x80, 0x80, 0x80, 0x80, 0x00, 0x83, 0x00));
	expect_u32(0);
	expect_u32(3);
	cr_assert(fe_reader_at_end(&r));
}

Test(reader, u32_rejects_a_sixth_byte)
{
	uint8_t b;
	uint32_t v;
	over(WB(0xaa, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
	cr_assert(fe_reader_u8(&r, &b));
	cr_assert_not(fe_reader_u32(&r, &v));
	expect_diag(DIAG_INT_TOO_LONG, 1);
}

Test(reader, u32_rejects_set_unused_bits_in_the_fifth_byte)
{
	uint32_t v;
	over(WB(0xff, 0xff, 0xff, 0xff, 0x1f));
	cr_assert_not(fe_reader_u32(&r, &v));
	expect_diag(DIAG_INT_TOO_LARGE, 0);

	over(WB(0x80, 0x80, 0x80, 0x80, 0x10));
	cr_assert_not(fe_reader_u32(&r, &v));
	expect_diag(DIAG_INT_TOO_LARGE, 0);
}

Test(reader, u32_reports_truncation_at_the_end_of_input)
{
	uint32_t v;
	over(WB(0x80, 0x80));
	cr_assert_not(fe_reader_u32(&r, &v));
	expect_diag(DIAG_UNEXPECTED_END, 2);
}

Test(reader, sub_reader_reports_truncation_as_end_of_section)
{
	uint8_t b;
	uint32_t v;
	Reader sub;
	over(WB(0x01, 0x80, 0x80, 0x00));
	cr_assert(fe_reader_u8(&r, &b));
	cr_assert(fe_reader_sub(&r, 2, &sub));
	cr_assert_not(fe_reader_u32(&sub, &v));
	cr_assert(sub.failed);
	expect_diag(DIAG_UNEXPECTED_END_SECTION, 3);
}

Test(reader, sub_reader_rejects_a_length_beyond_the_input)
{
	uint8_t b;
	Reader sub;
	over(WB(0x01, 0x02, 0x03));
	cr_assert(fe_reader_u8(&r, &b));
	cr_assert_not(fe_reader_sub(&r, 3, &sub));
	expect_diag(DIAG_LENGTH, 1);
}

/* ---- s32 ---- */

Test(reader, s32_reads_extremes_and_sign_extends_short_forms)
{
	over(WB(0x80, 0x80, 0x80, 0x80, 0x78,   /* INT32_MIN */
	        0xff, 0xff, 0xff, 0xff, 0x07,   /* INT32_MAX */
	        0x7f,                           /* -1 */
	        0x40,                           /* -64 */
	        0xc0, 0x00));                   /* 64 */
	expect_s32(INT32_MIN);
	expect_s32(INT32_MAX);
	expect_s32(-1);
	expect_s32(-64);
	expect_s32(64);
	cr_assert(fe_reader_at_end(&r));
}

Test(reader, s32_rejects_a_sixth_byte_of_either_sign)
{
	int32_t v;
	over(WB(0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
	cr_assert_not(fe_reader_s32(&r, &v));
	expect_diag(DIAG_INT_TOO_LONG, 0);

	over(WB(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f));
	cr_assert_not(fe_reader_s32(&r, &v));
	expect_diag(DIAG_INT_TOO_LONG, 0);
}

Test(reader, s32_rejects_positive_value_with_set_unused_bits)
{
	int32_t v;
	/* sign bit (bit 3 of the fifth byte) clear, bits 4-6 set */
	over(WB(0x80, 0x80, 0x80, 0x80, 0x70));
	cr_assert_not(fe_reader_s32(&r, &v));
	expect_diag(DIAG_INT_TOO_LARGE, 0);
}

Test(reader, s32_rejects_negative_value_with_clear_unused_bits)
{
	int32_t v;
	/* sign bit set, bits 4-6 clear: 0xffffffff is not an s32 */
	over(WB(0xff, 0xff, 0xff, 0xff, 0x0f));
	cr_assert_not(fe_reader_s32(&r, &v));
	expect_diag(DIAG_INT_TOO_LARGE, 0);
}

/* ---- s33 (block types) ---- */

Test(reader, s33_reads_extremes)
{
	over(WB(0x80, 0x80, 0x80, 0x80, 0x70,   /* -2^32 */
	        0xff, 0xff, 0xff, 0xff, 0x0f,   /* 2^32 - 1 */
	        0x7f));
	expect_s33(-((int64_t)1 << 32));
	expect_s33(((int64_t)1 << 32) - 1);
	expect_s33(-1);
}

Test(reader, s33_rejects_a_sixth_byte)
{
	int64_t v;
	over(WB(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f));
	cr_assert_not(fe_reader_s33(&r, &v));
	expect_diag(DIAG_INT_TOO_LONG, 0);
}

Test(reader, s33_rejects_unused_bits_that_do_not_copy_the_sign)
{
	int64_t v;
	/* positive (bit 4 clear) with bit 5 set */
	over(WB(0xff, 0xff, 0xff, 0xff, 0x2f));
	cr_assert_not(fe_reader_s33(&r, &v));
	expect_diag(DIAG_INT_TOO_LARGE, 0);

	/* negative (bit 4 set) with bit 5 clear */
	over(WB(0x80, 0x80, 0x80, 0x80, 0x50));
	cr_assert_not(fe_reader_s33(&r, &v));
	expect_diag(DIAG_INT_TOO_LARGE, 0);
}

/* ---- s64 ---- */

Test(reader, s64_reads_extremes)
{
	over(WB(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f,
	        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00));
	expect_s64(INT64_MIN);
	expect_s64(INT64_MAX);
	cr_assert(fe_reader_at_end(&r));
}

Test(reader, s64_rejects_an_eleventh_byte)
{
	int64_t v;
	over(WB(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
	cr_assert_not(fe_reader_s64(&r, &v));
	expect_diag(DIAG_INT_TOO_LONG, 0);
}

Test(reader, s64_rejects_unused_bits_that_do_not_copy_the_sign)
{
	int64_t v;
	/* negative (bit 0 of the tenth byte set), bits 1-6 clear */
	over(WB(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
	cr_assert_not(fe_reader_s64(&r, &v));
	expect_diag(DIAG_INT_TOO_LARGE, 0);

	/* positive, bits 1-6 set */
	over(WB(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e));
	cr_assert_not(fe_reader_s64(&r, &v));
	expect_diag(DIAG_INT_TOO_LARGE, 0);
}

/* ---- fixed width, bytes, peek ---- */

Test(reader, fixed_width_values_are_little_endian)
{
	uint32_t a;
	uint64_t b;
	over(WB(0x78, 0x56, 0x34, 0x12, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01));
	cr_assert(fe_reader_fixed32(&r, &a));
	cr_assert(fe_reader_fixed64(&r, &b));
	cr_assert_eq(a, 0x12345678u);
	cr_assert_eq(b, 0x0102030405060708ull);
	cr_assert(fe_reader_at_end(&r));
}

Test(reader, fixed_width_values_report_truncation_at_the_end)
{
	uint32_t a;
	uint64_t b;
	over(WB(0x01, 0x02, 0x03));
	cr_assert_not(fe_reader_fixed32(&r, &a));
	expect_diag(DIAG_UNEXPECTED_END, 3);

	over(WB(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07));
	cr_assert_not(fe_reader_fixed64(&r, &b));
	expect_diag(DIAG_UNEXPECTED_END, 7);
}

Test(reader, bytes_report_truncation_at_the_end)
{
	const uint8_t *p;
	over(WB(0x01, 0x02, 0x03));
	cr_assert(fe_reader_bytes(&r, 2, &p));
	cr_assert_eq(p[0], 0x01);
	cr_assert_not(fe_reader_bytes(&r, 2, &p));
	expect_diag(DIAG_UNEXPECTED_END, 3);
}

Test(reader, peek_does_not_consume)
{
	uint8_t a, b;
	over(WB(0x2a));
	cr_assert(fe_reader_peek(&r, &a));
	cr_assert(fe_reader_u8(&r, &b));
	cr_assert_eq(a, 0x2a);
	cr_assert_eq(b, 0x2a);
	cr_assert_not(fe_reader_peek(&r, &a));
	expect_diag(DIAG_UNEXPECTED_END, 1);
}

Test(reader, only_the_first_error_is_reported)
{
	uint32_t v;
	uint8_t b;
	over(WB(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
	cr_assert_not(fe_reader_u32(&r, &v));
	cr_assert_not(fe_reader_u8(&r, &b));
	cr_assert_not(fe_reader_u32(&r, &v));
	expect_diag(DIAG_INT_TOO_LONG, 0);
}

/* ---- vector counts ---- */

Test(reader, count_accepts_as_many_elements_as_bytes)
{
	over(WB(0x02, 0xaa, 0xbb));
	uint32_t n;
	cr_assert(fe_reader_count(&r, 1, &n));
	cr_assert_eq(n, 2);
}

Test(reader, count_refuses_more_elements_than_bytes)
{
	uint32_t n;
	over(WB(0x03, 0xaa, 0xbb));
	cr_assert_not(fe_reader_count(&r, 1, &n));
	expect_diag(DIAG_UNEXPECTED_END, 0);
}

Test(reader, count_scales_by_the_minimum_element_size)
{
	uint32_t n;
	over(WB(0x02, 0xaa, 0xbb, 0xcc));
	cr_assert_not(fe_reader_count(&r, 2, &n));
	expect_diag(DIAG_UNEXPECTED_END, 0);
}

Test(reader, count_in_a_sub_reader_refuses_as_end_of_section)
{
	uint8_t b;
	uint32_t n;
	Reader sub;
	/* the sub-reader holds the count and one byte; the input has more */
	over(WB(0x00, 0xff, 0xff, 0xff, 0xff, 0x0f, 0xaa, 0xbb, 0xcc));
	cr_assert(fe_reader_u8(&r, &b));
	cr_assert(fe_reader_sub(&r, 6, &sub));
	cr_assert_not(fe_reader_count(&sub, 1, &n));
	expect_diag(DIAG_UNEXPECTED_END_SECTION, 1);
}

/* ---- names ---- */

/* The name's length byte sits at 0, so its bytes start at 1. */
static void expect_bad_name(const uint8_t *p, size_t n)
{
	IrName name;
	over(p, n);
	cr_assert_not(fe_reader_name(&r, &name));
	expect_diag(DIAG_UTF8, 1);
}

Test(reader, name_accepts_ascii_and_multibyte_utf8)
{
	IrName name;
	/* "a", U+00E9, U+20AC, U+1F600 */
	over(WB(0x0a, 'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80));
	cr_assert(fe_reader_name(&r, &name));
	cr_assert_eq(name.len, 10);
	cr_assert_eq((const uint8_t *)name.p, r.base + 1);
	cr_assert(fe_reader_at_end(&r));
}

Test(reader, utf8_accepts_boundary_code_points)
{
	cr_assert(fe_utf8_valid(WB(0x7f)));                   /* U+007F */
	cr_assert(fe_utf8_valid(WB(0xc2, 0x80)));             /* U+0080 */
	cr_assert(fe_utf8_valid(WB(0xe0, 0xa0, 0x80)));       /* U+0800 */
	cr_assert(fe_utf8_valid(WB(0xed, 0x9f, 0xbf)));       /* U+D7FF */
	cr_assert(fe_utf8_valid(WB(0xee, 0x80, 0x80)));       /* U+E000 */
	cr_assert(fe_utf8_valid(WB(0xef, 0xbf, 0xbf)));       /* U+FFFF */
	cr_assert(fe_utf8_valid(WB(0xf0, 0x90, 0x80, 0x80))); /* U+10000 */
	cr_assert(fe_utf8_valid(WB(0xf4, 0x8f, 0xbf, 0xbf))); /* U+10FFFF */
}

Test(reader, name_rejects_overlong_encodings)
{
	expect_bad_name(WB(0x02, 0xc0, 0x80));             /* U+0000 in two bytes */
	expect_bad_name(WB(0x02, 0xc1, 0xbf));             /* U+007F in two bytes */
	expect_bad_name(WB(0x03, 0xe0, 0x9f, 0xbf));       /* U+07FF in three */
	expect_bad_name(WB(0x04, 0xf0, 0x8f, 0xbf, 0xbf)); /* U+FFFF in four */
}

Test(reader, name_rejects_surrogates)
{
	expect_bad_name(WB(0x03, 0xed, 0xa0, 0x80)); /* U+D800 */
	expect_bad_name(WB(0x03, 0xed, 0xbf, 0xbf)); /* U+DFFF */
}

Test(reader, name_rejects_code_points_beyond_10ffff)
{
	expect_bad_name(WB(0x04, 0xf4, 0x90, 0x80, 0x80));       /* U+110000 */
	expect_bad_name(WB(0x04, 0xf7, 0xbf, 0xbf, 0xbf));       /* U+1FFFFF */
	expect_bad_name(WB(0x05, 0xf8, 0x88, 0x80, 0x80, 0x80)); /* five-byte form */
}

Test(reader, name_rejects_truncated_sequences)
{
	expect_bad_name(WB(0x01, 0xc3));                /* two-byte lead, no tail */
	expect_bad_name(WB(0x02, 0xe2, 0x82));          /* three-byte, one short */
	expect_bad_name(WB(0x03, 0xf0, 0x9f, 0x98));    /* four-byte, one short */
	expect_bad_name(WB(0x02, 0xc3, 0x41));          /* tail byte not 10xxxxxx */
}

Test(reader, name_rejects_stray_continuation_bytes)
{
	expect_bad_name(WB(0x01, 0x80));
	expect_bad_name(WB(0x02, 'a', 0xbf));
}

Test(reader, name_rejects_a_length_beyond_the_input)
{
	IrName name;
	over(WB(0x05, 'a', 'b'));
	cr_assert_not(fe_reader_name(&r, &name));
	expect_diag(DIAG_LENGTH, 1);
}
