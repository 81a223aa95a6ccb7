/* tests/spec/spec_json_value.c: values as wast2json writes them, for the
 * arguments and expected results of actions.  Integers are unsigned
 * decimal strings, floats the decimal of their bit pattern, v128 a list of
 * lanes with a "lane_type"; an expected float may be "nan:canonical" or
 * "nan:arithmetic", an expected reference may have no value (any non-null
 * one).  `ref.extern N` is passed as the pointer N + 1, so that
 * ref.extern 0 stays distinct from null.
 */
#include "spec_json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	uint8_t type;
} types[] = {
	{ "i32", NACRE_I32 }, { "i64", NACRE_I64 }, { "f32", NACRE_F32 }, { "f64", NACRE_F64 },
	{ "v128", NACRE_V128 }, { "funcref", NACRE_FUNCREF }, { "externref", NACRE_EXTERNREF },
};

static const struct {
	const char *name;
	unsigned bytes;
	bool is_float;
} lanes[] = {
	[SPEC_LANE_I8] = { "i8", 1, false },   [SPEC_LANE_I16] = { "i16", 2, false },
	[SPEC_LANE_I32] = { "i32", 4, false }, [SPEC_LANE_I64] = { "i64", 8, false },
	[SPEC_LANE_F32] = { "f32", 4, true },  [SPEC_LANE_F64] = { "f64", 8, true },
};

enum { NTYPES = sizeof types / sizeof types[0], NLANES = sizeof lanes / sizeof lanes[0] };

/* An unsigned decimal that fits in `bytes` bytes. */
static bool parse_bits(const char *s, unsigned bytes, uint64_t *out)
{
	if (!s || *s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno)
		return false;
	if (bytes < 8 && v >> (bytes * 8))
		return false;
	*out = v;
	return true;
}

/* One lane (or scalar) of the given shape: a bit pattern or, expected, a
 * NaN pattern. */
static bool parse_lane(const char *s, unsigned lane, bool expected, uint64_t *bits, uint8_t *match)
{
	*match = SPEC_MATCH_EXACT;
	*bits = 0;
	if (s && expected && lanes[lane].is_float) {
		if (strcmp(s, "nan:canonical") == 0)
			return *match = SPEC_MATCH_NAN_CANONICAL, true;
		if (strcmp(s, "nan:arithmetic") == 0)
			return *match = SPEC_MATCH_NAN_ARITHMETIC, true;
	}
	return parse_bits(s, lanes[lane].bytes, bits);
}

static void put_lane(NacreValue *v, unsigned lane, unsigned i, uint64_t bits)
{
	unsigned n = lanes[lane].bytes;
	for (unsigned b = 0; b < n; b++)
		v->v128[i * n + b] = (uint8_t)(bits >> (8 * b));
}

static bool parse_v128(const json_t *j, bool expected, SpecValue *out, char *err, size_t errlen)
{
	const char *shape = json_string_value(json_object_get(j, "lane_type"));
	const json_t *list = json_object_get(j, "value");
	int lane = -1;
	for (int i = 0; i < NLANES && shape; i++)
		if (strcmp(shape, lanes[i].name) == 0)
			lane = i;
	if (lane < 0 || !json_is_array(list) || json_array_size(list) != 16 / lanes[lane].bytes) {
		snprintf(err, errlen, "bad v128 value (lane_type \"%s\")", shape ? shape : "");
		return false;
	}
	out->lane = (uint8_t)lane;
	out->nlanes = (uint8_t)(16 / lanes[lane].bytes);
	for (unsigned i = 0; i < out->nlanes; i++) {
		uint64_t bits;
		const char *s = json_string_value(json_array_get(list, i));
		if (!parse_lane(s, (unsigned)lane, expected, &bits, &out->match[i])) {
			snprintf(err, errlen, "bad v128 lane %u: \"%s\"", i, s ? s : "");
			return false;
		}
		put_lane(&out->v, (unsigned)lane, i, bits);
	}
	return true;
}

/* "null", or for externref the N of `ref.extern N`; expected without a
 * value: any non-null reference. */
static bool parse_ref(const char *s, bool expected, SpecValue *out, char *err, size_t errlen)
{
	uint64_t n;
	if (!s && expected)
		return out->match[0] = SPEC_MATCH_NON_NULL, true;
	if (s && strcmp(s, "null") == 0)
		return out->v.ref = NULL, true;
	if (out->type == NACRE_EXTERNREF && parse_bits(s, 8, &n) && n < UINTPTR_MAX) {
		out->v.ref = (void *)(uintptr_t)(n + 1);
		return true;
	}
	snprintf(err, errlen, "bad %s value \"%s\"", spec_type_name(out->type), s ? s : "(none)");
	return false;
}

/* 3.0 scripts name the heap type of a null ("refnull") or of any
 * non-null reference ("ref"); those nacre has map to its two types. */
static const struct {
	const char *name;
	uint8_t type;
} heaps[] = {
	{ "func", NACRE_FUNCREF }, { "nofunc", NACRE_FUNCREF },
	{ "extern", NACRE_EXTERNREF }, { "noextern", NACRE_EXTERNREF },
};

/* A "refnull" or "ref" value; the others of 3.0 (any, exn, struct...)
 * are not supported yet. */
static bool parse_heap_ref(const json_t *j, bool null, bool expected, SpecValue *out, char *err,
                           size_t errlen)
{
	const char *heap = json_string_value(json_object_get(j, "heaptype"));
	for (size_t i = 0; heap && i < sizeof heaps / sizeof *heaps; i++) {
		if (strcmp(heap, heaps[i].name) != 0)
			continue;
		out->type = heaps[i].type;
		if (null)
			return true;
		if (expected)
			return out->match[0] = SPEC_MATCH_NON_NULL, true;
		break;
	}
	snprintf(err, errlen, "unsupported reference \"%s\" to heap type \"%s\"", null ? "refnull" : "ref",
	         heap ? heap : "");
	return false;
}

bool spec_value_parse(const json_t *j, bool expected, SpecValue *out, char *err, size_t errlen)
{
	*out = (SpecValue){ .nlanes = 1 };
	const char *type = json_string_value(json_object_get(j, "type"));
	const char *s = json_string_value(json_object_get(j, "value"));
	if (type && (strcmp(type, "refnull") == 0 || strcmp(type, "ref") == 0))
		return parse_heap_ref(j, strcmp(type, "refnull") == 0, expected, out, err, errlen);
	if (type && strcmp(type, "hostref") == 0) /* 3.0's name for a host reference */
		type = "externref";
	for (int i = 0; i < NTYPES && type; i++)
		if (strcmp(type, types[i].name) == 0)
			out->type = types[i].type;
	uint64_t bits;
	switch (out->type) {
	case NACRE_V128:
		return parse_v128(j, expected, out, err, errlen);
	case NACRE_FUNCREF:
	case NACRE_EXTERNREF:
		return parse_ref(s, expected, out, err, errlen);
	case NACRE_I32:
	case NACRE_F32:
	case NACRE_I64:
	case NACRE_F64: {
		bool wide = out->type == NACRE_I64 || out->type == NACRE_F64;
		bool fl = out->type == NACRE_F32 || out->type == NACRE_F64;
		unsigned lane = fl ? (wide ? SPEC_LANE_F64 : SPEC_LANE_F32) : (wide ? SPEC_LANE_I64 : SPEC_LANE_I32);
		if (!parse_lane(s, lane, expected, &bits, &out->match[0]))
			break;
		if (wide)
			out->v.i64 = (int64_t)bits;
		else
			out->v.i32 = (int32_t)(uint32_t)bits;
		return true;
	}
	default:
		snprintf(err, errlen, "unknown value type \"%s\"", type ? type : "(none)");
		return false;
	}
	snprintf(err, errlen, "bad %s value \"%s\"", type, s ? s : "(none)");
	return false;
}

