/* tests/unit/text/test_literal.c: numeric literals to values
 * (frontend/text/literal.c, number.c).  Integer ranges of uN, sN and iN at
 * their edges; floats rounded to nearest with ties to even, in decimal
 * and hex, normal and subnormal, the overflow to infinity the spec calls
 * out of range, NaN payloads and signs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "frontend/text/text.h"

typedef struct IntCase {
	const char *text;
	unsigned bits;
	DiagCode code;
	uint64_t value;
} IntCase;

static void check_ints(const IntCase *c, size_t n, DiagCode (*fn)(const char *, size_t, unsigned, uint64_t *))
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v = 0xdead;
		DiagCode got = fn(c[i].text, strlen(c[i].text), c[i].bits, &v);
		cr_assert_eq(got, c[i].code, "'%s' i%u: %s, expected %s", c[i].text, c[i].bits,
		             diag_code_name(got), diag_code_name(c[i].code));
		if (got == DIAG_NONE)
			cr_assert_eq(v, c[i].value, "'%s' i%u: 0x%llx, expected 0x%llx", c[i].text, c[i].bits,
			             (unsigned long long)v, (unsigned long long)c[i].value);
	}
}

#define OK DIAG_NONE
#define RANGE DIAG_TEXT_CONST_RANGE
#define SYNTAX DIAG_TEXT_UNKNOWN_OPERATOR
#define N(a) (sizeof(a) / sizeof((a)[0]))

Test(literal, unsigned_ranges)
{
	static const IntCase c[] = {
		{ "0", 32, OK, 0 },
		{ "4294967295", 32, OK, 0xffffffff },
		{ "4_294_967_295", 32, OK, 0xffffffff },
		{ "4294967296", 32, RANGE, 0 },
		{ "0xffffffff", 32, OK, 0xffffffff },
		{ "0x1_0000_0000", 32, RANGE, 0 },
		{ "0x0000000000000000000000001", 32, OK, 1 },
		{ "18446744073709551615", 64, OK, UINT64_MAX },
		{ "18446744073709551616", 64, RANGE, 0 },
		{ "0xffff_ffff_ffff_ffff", 64, OK, UINT64_MAX },
		{ "0x1_0000_0000_0000_0000", 64, RANGE, 0 },
		{ "99999999999999999999999999999", 64, RANGE, 0 },
		{ "255", 8, OK, 255 },
		{ "256", 8, RANGE, 0 },
		{ "-1", 32, SYNTAX, 0 },
		{ "+1", 32, SYNTAX, 0 },
		{ "1.0", 32, SYNTAX, 0 },
		{ "", 32, SYNTAX, 0 },
		{ "0x", 32, SYNTAX, 0 },
		{ "1_", 32, SYNTAX, 0 },
	};
	check_ints(c, N(c), tx_lit_uint);
}

Test(literal, signed_or_unsigned_ranges)
{
	static const IntCase c[] = {
		{ "-1", 32, OK, 0xffffffff },
		{ "0xffffffff", 32, OK, 0xffffffff },
		{ "2147483648", 32, OK, 0x80000000 },
		{ "-2147483648", 32, OK, 0x80000000 },
		{ "-0x8000_0000", 32, OK, 0x80000000 },
		{ "-2147483649", 32, RANGE, 0 },
		{ "+2147483647", 32, OK, 0x7fffffff },
		{ "+2147483648", 32, RANGE, 0 },
		{ "+0x7fffffff", 32, OK, 0x7fffffff },
		{ "-0", 32, OK, 0 },
		{ "+0", 32, OK, 0 },
		{ "4294967296", 32, RANGE, 0 },
		{ "-9223372036854775808", 64, OK, UINT64_C(0x8000000000000000) },
		{ "-9223372036854775809", 64, RANGE, 0 },
		{ "+9223372036854775807", 64, OK, UINT64_C(0x7fffffffffffffff) },
		{ "+9223372036854775808", 64, RANGE, 0 },
		{ "-0x8000000000000000", 64, OK, UINT64_C(0x8000000000000000) },
		{ "-18446744073709551616", 64, RANGE, 0 },
		{ "18446744073709551615", 64, OK, UINT64_MAX },
		{ "-128", 8, OK, 0x80 },
		{ "-129", 8, RANGE, 0 },
		{ "-32768", 16, OK, 0x8000 },
		{ "65535", 16, OK, 0xffff },
		{ "-1", 16, OK, 0xffff },
		{ "1e3", 32, SYNTAX, 0 },
		{ "inf", 32, SYNTAX, 0 },
		{ "--1", 32, SYNTAX, 0 },
		{ "-_1", 32, SYNTAX, 0 },
	};
	check_ints(c, N(c), tx_lit_int);
}

typedef struct F32Case {
	const char *text;
	DiagCode code;
	uint32_t bits;
} F32Case;

typedef struct F64Case {
	const char *text;
	DiagCode code;
	uint64_t bits;
} F64Case;

Test(literal, f32)
{
	static const F32Case c[] = {
		{ "0", OK, 0 },
		{ "-0", OK, 0x80000000 },
		{ "-0x0.0p0", OK, 0x80000000 },
		{ "1", OK, 0x3f800000 },
		{ "-1", OK, 0xbf800000 },
		{ "0x10", OK, 0x41800000 },
		{ "1_000.000_1", OK, 0x447a0002 },
		{ "0x1_0p0", OK, 0x41800000 },
		{ "1.", OK, 0x3f800000 },
		{ "0x1.", OK, 0x3f800000 },
		{ "1e0", OK, 0x3f800000 },
		{ "1E+1", OK, 0x41200000 },
		{ "0.1", OK, 0x3dcccccd },
		/* ties to even, hex: halfway above an even and above an odd mantissa */
		{ "0x1.000001p0", OK, 0x3f800000 },
		{ "0x1.000003p0", OK, 0x3f800002 },
		{ "0x1.0000010000000000000000000001p0", OK, 0x3f800001 },
		/* ties to even, decimal: 1 + 2^-24 exactly, and just either side */
		{ "1.000000059604644775390625", OK, 0x3f800000 },
		{ "1.00000005960464477539062499", OK, 0x3f800000 },
		{ "1.00000005960464477539062501", OK, 0x3f800001 },
		/* the top of the range, and one rounding step beyond it */
		{ "0x1p127", OK, 0x7f000000 },
		{ "0x1.fffffep127", OK, 0x7f7fffff },
		{ "0x1.fffffe7p127", OK, 0x7f7fffff },
		{ "0x1.fffffefffffff8000000p127", OK, 0x7f7fffff },
		{ "-0x1.fffffefffffffffffffp127", OK, 0xff7fffff },
		{ "0x1.ffffffp127", RANGE, 0 },
		{ "0x1p128", RANGE, 0 },
		{ "-0x1p128", RANGE, 0 },
		{ "3.4028234663852886e38", OK, 0x7f7fffff },
		{ "3.4028235677973362e38", OK, 0x7f7fffff },
		{ "3.4028235677973366e38", OK, 0x7f7fffff },
		{ "3.4028235677973367e38", RANGE, 0 },
		{ "1e39", RANGE, 0 },
		{ "1e99999999999999999999", RANGE, 0 },
		/* subnormals */
		{ "0x1p-126", OK, 0x00800000 },
		{ "0x0.fffffep-126", OK, 0x007fffff },
		/* hex subnormals that glibc 2.36's strtof truncates (hexfloat.c) */
		{ "0x1.440135p-128", OK, 0x00288027 },
		{ "0xa.2009a8p-131", OK, 0x00288027 },
		{ "-0x8.131008p-138", OK, 0x80004099 },
		{ "0x5.100268p-132", OK, 0x000a2005 },
		{ "0x1p-149", OK, 1 },
		{ "0x1p-150", OK, 0 },
		{ "0x1.000002p-150", OK, 1 },
		{ "0x1.8p-149", OK, 2 },
		{ "0x1.4p-149", OK, 1 },
		{ "1.4e-45", OK, 1 },
		{ "1e-46", OK, 0 },
		{ "-1e-46", OK, 0x80000000 },
		{ "0x0p99999999999999999999", OK, 0 },
		{ "0e99999999999999999999", OK, 0 },
		{ "0x1p-99999999999999999999", OK, 0 },
		/* infinities and NaNs */
		{ "inf", OK, 0x7f800000 },
		{ "+inf", OK, 0x7f800000 },
		{ "-inf", OK, 0xff800000 },
		{ "nan", OK, 0x7fc00000 },
		{ "+nan", OK, 0x7fc00000 },
		{ "-nan", OK, 0xffc00000 },
		{ "nan:0x1", OK, 0x7f800001 },
		{ "nan:0x200000", OK, 0x7fa00000 },
		{ "-nan:0x7fffff", OK, 0xffffffff },
		{ "nan:0x7f_ffff", OK, 0x7fffffff },
		{ "nan:0x800000", RANGE, 0 },
		{ "nan:0x0", RANGE, 0 },
		{ "nan:0x10000000000000000000", RANGE, 0 },
		/* not float syntax */
		{ "nan:0x", SYNTAX, 0 },
		{ "nan:1", SYNTAX, 0 },
		{ "infinity", SYNTAX, 0 },
		{ ".5", SYNTAX, 0 },
		{ "1.e", SYNTAX, 0 },
		{ "0x1.p", SYNTAX, 0 },
		{ "1e1.5", SYNTAX, 0 },
		{ "0x1e1p1", OK, 0x44708000 },
		{ "1._5", SYNTAX, 0 },
		{ "1.5_", SYNTAX, 0 },
		{ "1e_5", SYNTAX, 0 },
		{ "1e+_5", SYNTAX, 0 },
	};
	for (size_t i = 0; i < N(c); i++) {
		uint32_t v = 0;
		DiagCode got = tx_lit_f32(c[i].text, strlen(c[i].text), &v);
		cr_assert_eq(got, c[i].code, "'%s': %s, expected %s", c[i].text, diag_code_name(got),
		             diag_code_name(c[i].code));
		if (got == DIAG_NONE)
			cr_assert_eq(v, c[i].bits, "'%s': 0x%08x, expected 0x%08x", c[i].text, v, c[i].bits);
	}
}

Test(literal, f64)
{
	static const F64Case c[] = {
		{ "0", OK, 0 },
		{ "-0", OK, UINT64_C(0x8000000000000000) },
		{ "1", OK, UINT64_C(0x3ff0000000000000) },
		{ "0.1", OK, UINT64_C(0x3fb999999999999a) },
		{ "0x1.00000000000008p0", OK, UINT64_C(0x3ff0000000000000) },
		{ "0x1.00000000000018p0", OK, UINT64_C(0x3ff0000000000002) },
		{ "0x1.000000000000080000001p0", OK, UINT64_C(0x3ff0000000000001) },
		{ "0x1.fffffffffffffp1023", OK, UINT64_C(0x7fefffffffffffff) },
		{ "0x1.fffffffffffff7ffffffp1023", OK, UINT64_C(0x7fefffffffffffff) },
		{ "0x1.fffffffffffff8p1023", RANGE, 0 },
		{ "0x1p1024", RANGE, 0 },
		{ "1.7976931348623157e308", OK, UINT64_C(0x7fefffffffffffff) },
		{ "1.7976931348623158e308", OK, UINT64_C(0x7fefffffffffffff) },
		{ "1.7976931348623159e308", RANGE, 0 },
		{ "-1e309", RANGE, 0 },
		{ "0x1p-1022", OK, UINT64_C(0x0010000000000000) },
		{ "0x0.fffffffffffffp-1022", OK, UINT64_C(0x000fffffffffffff) },
		/* more than 64 significant bits: the rest is a sticky bit */
		{ "0x1.00000000000000000000000000000000000000001p0", OK, UINT64_C(0x3ff0000000000000) },
		{ "0x1.00000000000008000000000000000000000001p0", OK, UINT64_C(0x3ff0000000000001) },
		{ "0x1.00000000000018000000000000000000000000p0", OK, UINT64_C(0x3ff0000000000002) },
		{ "0x0.0000000000000000000000000000000000000001p+160", OK, UINT64_C(0x3ff0000000000000) },
		{ "0x1000000000000000000000000000000000000000", OK, UINT64_C(0x49b0000000000000) },
		{ "0xffff_ffff_ffff_ffff_ffffp0", OK, UINT64_C(0x44f0000000000000) },
		{ "0x1p+99999999999999999999999", RANGE, 0 },
		{ "0x1p-99999999999999999999999", OK, 0 },
		{ "0x0.8p-1073", OK, 1 },
		{ "0x0.fffffffffffff8p-1022", OK, UINT64_C(0x0010000000000000) },
		{ "0x1p-1074", OK, 1 },
		{ "0x1p-1075", OK, 0 },
		{ "0x1.8p-1074", OK, 2 },
		{ "4.9406564584124654e-324", OK, 1 },
		{ "2.4703282292062327e-324", OK, 0 },
		{ "2.4703282292062328e-324", OK, 1 },
		{ "inf", OK, UINT64_C(0x7ff0000000000000) },
		{ "-inf", OK, UINT64_C(0xfff0000000000000) },
		{ "nan", OK, UINT64_C(0x7ff8000000000000) },
		{ "-nan", OK, UINT64_C(0xfff8000000000000) },
		{ "nan:0x1", OK, UINT64_C(0x7ff0000000000001) },
		{ "-nan:0xfffffffffffff", OK, UINT64_MAX },
		{ "nan:0x10000000000000", RANGE, 0 },
		{ "nan:0x0", RANGE, 0 },
		{ "-0x8000_0000_0000_0000", OK, UINT64_C(0xc3e0000000000000) },
		{ "18446744073709551616", OK, UINT64_C(0x43f0000000000000) },
	};
	for (size_t i = 0; i < N(c); i++) {
		uint64_t v = 0;
		DiagCode got = tx_lit_f64(c[i].text, strlen(c[i].text), &v);
		cr_assert_eq(got, c[i].code, "'%s': %s, expected %s", c[i].text, diag_code_name(got),
		             diag_code_name(c[i].code));
		if (got == DIAG_NONE)
			cr_assert_eq(v, c[i].bits, "'%s': 0x%016llx, expected 0x%016llx", c[i].text,
			             (unsigned long long)v, (unsigned long long)c[i].bits);
	}
}

/* Literals longer than the converter's stack buffer take the heap path. */
Test(literal, long_literals)
{
	char text[600];
	memset(text, '0', sizeof text);
	text[0] = '1';
	snprintf(text + 400, sizeof text - 400, "e-399");
	uint64_t v;
	cr_assert_eq(tx_lit_f64(text, strlen(text), &v), DIAG_NONE);
	cr_assert_eq(v, UINT64_C(0x3ff0000000000000));
	uint32_t f;
	memcpy(text + 400, "_5e-400", 8);
	cr_assert_eq(tx_lit_f32(text, strlen(text), &f), DIAG_NONE);
	cr_assert_eq(f, 0x3f800000, "0x%08x", f);
	memset(text, '9', 500);
	cr_assert_eq(tx_lit_int(text, 500, 64, &v), DIAG_TEXT_CONST_RANGE);
}
