/* wast/values.c: the engine's values: whether a result is the expected one
 * (spec 7.2 "NaN propagation": an expected float may be nan:canonical or
 * nan:arithmetic, an expected reference any non-null one), and how values
 * are shown.  `ref.extern N` is the pointer N + 1, so that ref.extern 0
 * stays distinct from null.
 */
#include "engine.h"

#include <inttypes.h>
#include <string.h>

static const struct {
	const char *name;
	unsigned bytes;
} lanes[] = {
	[SPEC_LANE_I8] = { "i8", 1 },   [SPEC_LANE_I16] = { "i16", 2 }, [SPEC_LANE_I32] = { "i32", 4 },
	[SPEC_LANE_I64] = { "i64", 8 }, [SPEC_LANE_F32] = { "f32", 4 }, [SPEC_LANE_F64] = { "f64", 8 },
};

static uint64_t get_lane(const NacreValue *v, unsigned lane, unsigned i)
{
	unsigned n = lanes[lane].bytes;
	uint64_t bits = 0;
	for (unsigned b = 0; b < n; b++)
		bits |= (uint64_t)v->v128[i * n + b] << (8 * b);
	return bits;
}

/* spec 4.3.3: a canonical NaN has only the top mantissa bit set, an
 * arithmetic NaN at least that one; the sign is free. */
static bool float_matches(uint8_t match, uint64_t want, uint64_t got, bool wide)
{
	uint64_t exp = wide ? 0x7ff0000000000000u : 0x7f800000u;
	uint64_t quiet = wide ? 0x0008000000000000u : 0x00400000u;
	uint64_t mant = wide ? 0x000fffffffffffffu : 0x007fffffu;
	switch (match) {
	case SPEC_MATCH_NAN_CANONICAL:
		return (got & exp) == exp && (got & mant) == quiet;
	case SPEC_MATCH_NAN_ARITHMETIC:
		return (got & exp) == exp && (got & quiet) != 0;
	default:
		return got == want;
	}
}

static bool v128_matches(const SpecValue *want, const NacreValue *got)
{
	for (unsigned i = 0; i < want->nlanes; i++) {
		uint64_t w = get_lane(&want->v, want->lane, i), g = get_lane(got, want->lane, i);
		if (!float_matches(want->match[i], w, g, lanes[want->lane].bytes == 8))
			return false;
	}
	return true;
}

bool spec_value_matches(const SpecValue *want, const NacreValue *got)
{
	switch (want->type) {
	case NACRE_I32:
		return (uint32_t)got->i32 == (uint32_t)want->v.i32;
	case NACRE_I64:
		return got->i64 == want->v.i64;
	case NACRE_F32: {
		uint32_t w, g;
		memcpy(&w, &want->v.f32, 4);
		memcpy(&g, &got->f32, 4);
		return float_matches(want->match[0], w, g, false);
	}
	case NACRE_F64: {
		uint64_t w, g;
		memcpy(&w, &want->v.f64, 8);
		memcpy(&g, &got->f64, 8);
		return float_matches(want->match[0], w, g, true);
	}
	case NACRE_V128:
		return v128_matches(want, got);
	case NACRE_FUNCREF:
	case NACRE_EXTERNREF:
		if (want->match[0] == SPEC_MATCH_NON_NULL)
			return got->ref != NULL;
		if (want->match[0] == SPEC_MATCH_ANY_NULL)
			return got->ref == NULL;
		return got->ref == want->v.ref;
	}
	return false;
}

/* One lane: integers as unsigned decimal (as the JSON writes them), floats
 * as %g with the bits when that hides them (NaNs, and to be exact). */
static int format_lane(char *buf, size_t len, unsigned lane, uint64_t bits, uint8_t match)
{
	if (match == SPEC_MATCH_NAN_CANONICAL)
		return snprintf(buf, len, "nan:canonical");
	if (match == SPEC_MATCH_NAN_ARITHMETIC)
		return snprintf(buf, len, "nan:arithmetic");
	if (lane == SPEC_LANE_F32) {
		uint32_t b = (uint32_t)bits;
		float f;
		memcpy(&f, &b, 4);
		return snprintf(buf, len, "%.9g (0x%08" PRIx32 ")", (double)f, b);
	}
	if (lane == SPEC_LANE_F64) {
		double d;
		memcpy(&d, &bits, 8);
		return snprintf(buf, len, "%.17g (0x%016" PRIx64 ")", d, bits);
	}
	if (lane == SPEC_LANE_I32 && (int32_t)bits < 0)
		return snprintf(buf, len, "%" PRIu64 " (%" PRId32 ")", bits, (int32_t)bits);
	if (lane == SPEC_LANE_I64 && (int64_t)bits < 0)
		return snprintf(buf, len, "%" PRIu64 " (%" PRId64 ")", bits, (int64_t)bits);
	return snprintf(buf, len, "%" PRIu64, bits);
}

static void format_ref(uint8_t type, const void *ref, uint8_t match, char *buf, size_t len)
{
	const char *name = spec_type_name(type);
	if (match == SPEC_MATCH_ANY_NULL)
		snprintf(buf, len, "ref:null");
	else if (match == SPEC_MATCH_NON_NULL)
		snprintf(buf, len, "%s:non-null", name);
	else if (!ref)
		snprintf(buf, len, "%s:null", name);
	else if (type == NACRE_EXTERNREF)
		snprintf(buf, len, "externref:%" PRIuPTR, (uintptr_t)ref - 1);
	else
		snprintf(buf, len, "%s:%p", name, ref);
}

static void format(const SpecValue *shape, const NacreValue *v, const uint8_t *match,
                   char *buf, size_t len)
{
	static const uint8_t scalar_lane[] = {
		[NACRE_I32 - NACRE_F64] = SPEC_LANE_I32, [NACRE_I64 - NACRE_F64] = SPEC_LANE_I64,
		[NACRE_F32 - NACRE_F64] = SPEC_LANE_F32, [NACRE_F64 - NACRE_F64] = SPEC_LANE_F64,
	};
	uint8_t none[16] = {0};
	if (!match)
		match = none;
	switch (shape->type) {
	case NACRE_I32:
	case NACRE_I64:
	case NACRE_F32:
	case NACRE_F64: {
		unsigned lane = scalar_lane[shape->type - NACRE_F64];
		uint64_t bits = lane == SPEC_LANE_I32 || lane == SPEC_LANE_F32 ? (uint32_t)v->i32 : (uint64_t)v->i64;
		int n = snprintf(buf, len, "%s:", spec_type_name(shape->type));
		format_lane(buf + n, len - (size_t)n, lane, bits, match[0]);
		return;
	}
	case NACRE_FUNCREF:
	case NACRE_EXTERNREF:
		format_ref(shape->type, v->ref, match[0], buf, len);
		return;
	case NACRE_V128: {
		size_t n = (size_t)snprintf(buf, len, "v128:%s", lanes[shape->lane].name);
		for (unsigned i = 0; i < shape->nlanes && n + 1 < len; i++) {
			buf[n++] = ' ';
			n += (size_t)format_lane(buf + n, len - n, shape->lane, get_lane(v, shape->lane, i), match[i]);
		}
		return;
	}
	}
	snprintf(buf, len, "?");
}

void spec_value_format(const SpecValue *shape, const NacreValue *v, char *buf, size_t len)
{
	format(shape, v, NULL, buf, len);
}

void spec_expected_format(const SpecValue *want, char *buf, size_t len)
{
	format(want, &want->v, want->match, buf, len);
}
