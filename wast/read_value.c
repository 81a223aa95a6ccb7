/* wast/read_value.c: the constants of a script (spec "Scripts": const and
 * result), with the text reader's literals: (i32.const 1), (f32.const
 * nan:canonical), (v128.const f32x4 1 nan:arithmetic 2 3), (ref.null func),
 * (ref.null any) and the other GC heap types, (ref.extern 3), and,
 * expected, (ref.func), (ref.extern), (ref.struct) and the other GC kinds:
 * any non-null reference.  `ref.extern N` is the pointer N + 1, so that ref.extern 0
 * stays distinct from null.
 */
#include "read.h"

#include <string.h>

#include "ir/module.h"

enum { KIND_INT, KIND_F32, KIND_F64 };

/* The lane shapes of v128.const, and how each lane is read. */
static const struct {
	const char *name;
	uint8_t lane, count, bytes, kind;
} shapes[] = {
	{ "i8x16", SPEC_LANE_I8, 16, 1, KIND_INT },  { "i16x8", SPEC_LANE_I16, 8, 2, KIND_INT },
	{ "i32x4", SPEC_LANE_I32, 4, 4, KIND_INT },  { "i64x2", SPEC_LANE_I64, 2, 8, KIND_INT },
	{ "f32x4", SPEC_LANE_F32, 4, 4, KIND_F32 },  { "f64x2", SPEC_LANE_F64, 2, 8, KIND_F64 },
};

/* The scalar constants: instruction, value type, lane bytes and kind. */
static const struct {
	const char *name;
	uint8_t type, bytes, kind;
} scalars[] = {
	{ "i32.const", NACRE_I32, 4, KIND_INT }, { "i64.const", NACRE_I64, 8, KIND_INT },
	{ "f32.const", NACRE_F32, 4, KIND_F32 }, { "f64.const", NACRE_F64, 8, KIND_F64 },
};

/* Heap types a reference may name, and the value type of a reference to
 * one: nacre's for func and extern, else the IR's (the binary
 * abbreviation's code: the GC types, which the frontend validates and the
 * runner matches with nothing until the collector comes, issue 14). */
static const struct {
	const char *name;
	uint8_t type;
} heaps[] = {
	{ "func", NACRE_FUNCREF }, { "nofunc", NACRE_FUNCREF }, { "extern", NACRE_EXTERNREF },
	{ "noextern", NACRE_EXTERNREF }, { "any", IR_ANYREF }, { "eq", IR_EQREF }, { "i31", IR_I31REF },
	{ "struct", IR_STRUCTREF }, { "array", IR_ARRAYREF }, { "none", IR_NULLREF }, { "exn", IR_EXNREF },
	{ "noexn", IR_NULLEXNREF },
};

/* Expected non-null references of a GC kind: (ref.struct) and the like. */
static const struct {
	const char *name;
	uint8_t type;
} kinds[] = {
	{ "ref.any", IR_ANYREF }, { "ref.eq", IR_EQREF }, { "ref.i31", IR_I31REF }, { "ref.struct", IR_STRUCTREF },
	{ "ref.array", IR_ARRAYREF },
};

static bool is_atom(const TxNode *n)
{
	return n && n->kind == TX_NODE_ATOM;
}

/* One number (or, expected and a float, a NaN pattern) of `bytes` bytes. */
static bool read_lane(const TxNode *n, unsigned bytes, unsigned kind, bool expected, uint64_t *bits,
                      uint8_t *match)
{
	*match = SPEC_MATCH_EXACT;
	*bits = 0;
	if (!is_atom(n))
		return false;
	if (expected && kind != KIND_INT && tx_is_kw(n, "nan:canonical"))
		return *match = SPEC_MATCH_NAN_CANONICAL, true;
	if (expected && kind != KIND_INT && tx_is_kw(n, "nan:arithmetic"))
		return *match = SPEC_MATCH_NAN_ARITHMETIC, true;
	const char *t = n->tok.text;
	size_t len = n->tok.len;
	if (kind == KIND_F32) {
		uint32_t v;
		if (tx_lit_f32(t, len, &v) != DIAG_NONE)
			return false;
		*bits = v;
		return true;
	}
	if (kind == KIND_F64)
		return tx_lit_f64(t, len, bits) == DIAG_NONE;
	return tx_lit_int(t, len, bytes * 8, bits) == DIAG_NONE;
}

static void put_lane(NacreValue *v, unsigned bytes, unsigned i, uint64_t bits)
{
	for (unsigned b = 0; b < bytes; b++)
		v->v128[i * bytes + b] = (uint8_t)(bits >> (8 * b));
}

static bool read_v128(const TxNode *shape, bool expected, SpecValue *out, const char **why)
{
	for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
		if (!tx_is_kw(shape, shapes[s].name))
			continue;
		out->type = NACRE_V128;
		out->lane = shapes[s].lane;
		out->nlanes = shapes[s].count;
		const TxNode *n = shape->next;
		for (unsigned i = 0; i < shapes[s].count; i++, n = n->next) {
			uint64_t bits;
			if (!read_lane(n, shapes[s].bytes, shapes[s].kind, expected, &bits, &out->match[i]))
				return *why = "bad v128 lane", false;
			put_lane(&out->v, shapes[s].bytes, i, bits);
		}
		return n == NULL || (*why = "too many v128 lanes", false);
	}
	return *why = "unknown v128 shape", false;
}

static bool read_scalar(size_t s, const TxNode *arg, bool expected, SpecValue *out, const char **why)
{
	uint64_t bits;
	out->type = scalars[s].type;
	if (!arg || arg->next || !read_lane(arg, scalars[s].bytes, scalars[s].kind, expected, &bits, &out->match[0]))
		return *why = "bad constant", false;
	if (scalars[s].bytes == 8)
		out->v.i64 = (int64_t)bits;
	else
		out->v.i32 = (int32_t)(uint32_t)bits;
	return true;
}

/* (ref.null HEAP), and expected without HEAP: any null. */
static bool read_null(const TxNode *heap, bool expected, SpecValue *out, const char **why)
{
	if (!heap && expected) {
		out->type = NACRE_FUNCREF;
		out->match[0] = SPEC_MATCH_ANY_NULL;
		return true;
	}
	for (size_t i = 0; i < sizeof heaps / sizeof *heaps; i++)
		if (tx_is_kw(heap, heaps[i].name) && !heap->next) {
			out->type = heaps[i].type;
			return true;
		}
	return *why = "unsupported reference type", false;
}

/* (ref.extern N) or (ref.host N), and expected without N: non-null. */
static bool read_host(const TxNode *arg, bool expected, SpecValue *out, const char **why)
{
	uint64_t n;
	out->type = NACRE_EXTERNREF;
	if (!arg && expected)
		return out->match[0] = SPEC_MATCH_NON_NULL, true;
	if (!is_atom(arg) || arg->next || tx_lit_uint(arg->tok.text, arg->tok.len, 64, &n) != DIAG_NONE ||
	    n >= UINTPTR_MAX)
		return *why = "bad host reference", false;
	out->v.ref = (void *)(uintptr_t)(n + 1);
	return true;
}

bool wast_value_read(const TxNode *n, bool expected, SpecValue *out, const char **why)
{
	*out = (SpecValue){ .nlanes = 1 };
	const TxNode *head = n && n->kind == TX_NODE_LIST ? n->first : NULL;
	if (!head)
		return *why = "expected a constant", false;
	for (size_t s = 0; s < sizeof scalars / sizeof *scalars; s++)
		if (tx_is_kw(head, scalars[s].name))
			return read_scalar(s, head->next, expected, out, why);
	if (tx_is_kw(head, "v128.const"))
		return read_v128(head->next, expected, out, why);
	if (tx_is_kw(head, "ref.null"))
		return read_null(head->next, expected, out, why);
	if (tx_is_kw(head, "ref.extern") || tx_is_kw(head, "ref.host"))
		return read_host(head->next, expected, out, why);
	if (expected && tx_is_kw(head, "ref.func") && !head->next) {
		out->type = NACRE_FUNCREF;
		out->match[0] = SPEC_MATCH_NON_NULL;
		return true;
	}
	for (size_t i = 0; expected && !head->next && i < sizeof kinds / sizeof *kinds; i++)
		if (tx_is_kw(head, kinds[i].name)) {
			out->type = kinds[i].type;
			out->match[0] = SPEC_MATCH_NON_NULL;
			return true;
		}
	return *why = "unsupported constant", false;
}
