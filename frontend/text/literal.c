/* frontend/text/literal.c: numeric tokens to values (spec 6.3.1, 6.3.2).
 * Integers with the range rules of uN, sN and iN; floats correctly
 * rounded to nearest, ties to even: decimal ones by the C library's
 * strtof/strtod (exact in glibc and musl) on the token with its
 * underscores removed, hex ones by hexfloat.c, after number.c has
 * checked the syntax.  A finite literal that rounds to infinity is out of
 * range, as the spec requires.  The compiler never calls setlocale, so
 * '.' is the decimal point.
 */
#include "text.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

/* The digits' value, false when it exceeds 64 bits. */
static bool magnitude(const char *d, size_t n, bool hex, uint64_t *out)
{
	uint64_t v = 0, base = hex ? 16 : 10;
	for (size_t i = 0; i < n; i++) {
		if (d[i] == '_')
			continue;
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, (uint64_t)digit_value(d[i]), &v))
			return false;
	}
	*out = v;
	return true;
}

/* v < 2^bits */
static bool below_pow2(uint64_t v, unsigned bits)
{
	return bits >= 64 || v >> bits == 0;
}

static uint64_t mask(unsigned bits)
{
	return bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
}

DiagCode tx_lit_uint(const char *text, size_t len, unsigned bits, uint64_t *out)
{
	TxNumber n;
	tx_number_scan(text, len, &n);
	if (n.kind != TX_NAT)
		return DIAG_TEXT_UNKNOWN_OPERATOR;
	uint64_t v;
	if (!magnitude(n.digits, n.ndigits, n.hex, &v) || !below_pow2(v, bits))
		return DIAG_TEXT_CONST_RANGE;
	*out = v;
	return DIAG_NONE;
}

/* sN: -2^(N-1) <= value < 2^(N-1), stored as N-bit two's complement. */
DiagCode tx_lit_int(const char *text, size_t len, unsigned bits, uint64_t *out)
{
	TxNumber n;
	tx_number_scan(text, len, &n);
	if (n.kind == TX_NAT)
		return tx_lit_uint(text, len, bits, out);
	if (n.kind != TX_INT)
		return DIAG_TEXT_UNKNOWN_OPERATOR;
	assert(bits >= 1 && bits <= 64);
	uint64_t v, half = UINT64_C(1) << (bits - 1);
	if (!magnitude(n.digits, n.ndigits, n.hex, &v) || v > half || (v == half && !n.negative))
		return DIAG_TEXT_CONST_RANGE;
	*out = (n.negative ? 0 - v : v) & mask(bits);
	return DIAG_NONE;
}

/* The IEEE layout of one format. */
typedef struct FloatFormat {
	unsigned mant_bits, exp_bits;
} FloatFormat;

static const FloatFormat f32_format = { 23, 8 }, f64_format = { 52, 11 };

static uint64_t sign_bit(const FloatFormat *f)
{
	return UINT64_C(1) << (f->mant_bits + f->exp_bits);
}

static uint64_t exp_ones(const FloatFormat *f)
{
	return mask(f->exp_bits) << f->mant_bits;
}

/* The finite value of a decimal body (no sign) in this format, via the C
 * library. */
static DiagCode finite_bits(const char *body, size_t n, const FloatFormat *f, uint64_t *out)
{
	char small[128], *buf = small;
	if (n >= sizeof small && !(buf = malloc(n + 1)))
		return DIAG_OUT_OF_MEMORY;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (body[i] != '_')
			buf[k++] = body[i];
	buf[k] = 0;
	char *end;
	bool inf;
	if (f == &f32_format) {
		float v = strtof(buf, &end);
		uint32_t b;
		memcpy(&b, &v, sizeof b);
		*out = b, inf = isinf(v);
	} else {
		double v = strtod(buf, &end);
		memcpy(out, &v, sizeof v);
		inf = isinf(v);
	}
	bool whole = end == buf + k;
	if (buf != small)
		free(buf);
	if (!whole)
		return DIAG_TEXT_UNKNOWN_OPERATOR; /* number.c and the library disagree */
	return inf ? DIAG_TEXT_CONST_RANGE : DIAG_NONE;
}

static DiagCode float_bits(const char *text, size_t len, const FloatFormat *f, uint64_t *out)
{
	TxNumber n;
	tx_number_scan(text, len, &n);
	if (n.kind != TX_NAT && n.kind != TX_INT && n.kind != TX_FLOAT)
		return DIAG_TEXT_UNKNOWN_OPERATOR;
	uint64_t sign = n.negative ? sign_bit(f) : 0, payload;
	switch (n.form) {
	case TX_FLOAT_INF:
		*out = sign | exp_ones(f);
		return DIAG_NONE;
	case TX_FLOAT_NAN:
		*out = sign | exp_ones(f) | UINT64_C(1) << (f->mant_bits - 1);
		return DIAG_NONE;
	case TX_FLOAT_NAN_PAYLOAD:
		if (!magnitude(n.digits, n.ndigits, true, &payload) || payload == 0 ||
		    !below_pow2(payload, f->mant_bits))
			return DIAG_TEXT_CONST_RANGE;
		*out = sign | exp_ones(f) | payload;
		return DIAG_NONE;
	case TX_FLOAT_FINITE:
		break;
	}
	DiagCode c = n.hex ? tx_hexfloat_bits(n.body, n.nbody, f->mant_bits, f->exp_bits, out)
	                   : finite_bits(n.body, n.nbody, f, out);
	*out |= sign;
	return c;
}

DiagCode tx_lit_f32(const char *text, size_t len, uint32_t *out)
{
	uint64_t bits = 0;
	DiagCode c = float_bits(text, len, &f32_format, &bits);
	*out = (uint32_t)bits;
	return c;
}

DiagCode tx_lit_f64(const char *text, size_t len, uint64_t *out)
{
	return float_bits(text, len, &f64_format, out);
}
