/* frontend/text/hexfloat.c: hexadecimal float literals to IEEE bits, rounded
 * to nearest with ties to even (spec 6.3.2), subnormals included.  Done
 * here rather than by strtof: glibc 2.36's strtof truncates some hex
 * subnormals (0x1.440135p-128 gives 0x00288026, not 0x00288027).
 * literal.c calls it after number.c has checked the syntax.
 */
#include "text.h"

static const int64_t EXP_CAP = INT64_C(1) << 40; /* beyond it, every value over- or underflows */

/* The significand's leading bits (up to 64), whether any nonzero bit was
 * dropped below them, and the power of two that scales them. */
typedef struct Digits {
	uint64_t mant;
	bool sticky;
	int64_t exp;
} Digits;

static void digit(Digits *d, int v, bool fraction)
{
	if (d->mant < UINT64_C(1) << 60) {
		d->mant = d->mant * 16 + (uint64_t)v;
		d->exp -= fraction ? 4 : 0;
	} else {
		d->sticky |= v != 0;
		d->exp += fraction ? 0 : 4;
	}
}

/* The decimal exponent after p, saturated. */
static int64_t exponent(const char *s, size_t n)
{
	size_t i = 0;
	bool neg = n && s[0] == '-';
	if (n && (s[0] == '-' || s[0] == '+'))
		i++;
	int64_t e = 0;
	for (; i < n; i++)
		if (s[i] != '_' && e < EXP_CAP)
			e = e * 10 + (s[i] - '0');
	return neg ? -e : e;
}

/* body: "0x" hexnum ["." [hexfrac]] [("p"|"P") sign num] */
static void scan(const char *body, size_t n, Digits *d)
{
	*d = (Digits){ 0 };
	bool fraction = false;
	for (size_t i = 2; i < n; i++) {
		char c = body[i];
		if (c == '_')
			continue;
		if (c == '.') {
			fraction = true;
		} else if (c == 'p' || c == 'P') {
			d->exp += exponent(body + i + 1, n - i - 1);
			return;
		} else {
			digit(d, tx_hexval((uint8_t)c), fraction);
		}
	}
}

static unsigned bit_length(uint64_t v)
{
	return 64 - (unsigned)__builtin_clzll(v);
}

/* mant * 2^exp to the nearest multiple of 2^lsb, ties to even. */
static uint64_t round_to(const Digits *d, int64_t lsb)
{
	int64_t shift = lsb - d->exp;
	if (shift <= 0)
		return d->mant << -shift; /* exact: the caller made room */
	if (shift > 64)
		return 0;                 /* below half the least step */
	uint64_t q = shift == 64 ? 0 : d->mant >> shift;
	uint64_t rem = shift == 64 ? d->mant : d->mant & ((UINT64_C(1) << shift) - 1);
	uint64_t half = UINT64_C(1) << (shift - 1);
	if (rem > half || (rem == half && (d->sticky || (q & 1))))
		q++;
	return q;
}

DiagCode tx_hexfloat_bits(const char *body, size_t n, unsigned mant_bits, unsigned exp_bits, uint64_t *out)
{
	Digits d;
	scan(body, n, &d);
	*out = 0;
	if (!d.mant)
		return DIAG_NONE;
	int64_t bias = (INT64_C(1) << (exp_bits - 1)) - 1, emin = 1 - bias;
	int64_t top = d.exp + bit_length(d.mant) - 1; /* exponent of the leading bit */
	int64_t lsb = (top < emin ? emin : top) - (int64_t)mant_bits;
	uint64_t q = round_to(&d, lsb);
	if (q >> (mant_bits + 1)) { /* rounding carried into a new bit */
		q >>= 1;
		lsb++;
	}
	if (!(q >> mant_bits)) {     /* subnormal (or zero): exponent field 0 */
		*out = q;
		return DIAG_NONE;
	}
	int64_t e = lsb + mant_bits;
	if (e > bias)
		return DIAG_TEXT_CONST_RANGE;
	*out = (uint64_t)(e + bias) << mant_bits | (q & ((UINT64_C(1) << mant_bits) - 1));
	return DIAG_NONE;
}
