/* tests/unit/backend/test_canon_type.c: the canonical ABI descriptors
 * the compiler emits (backend/component/canon_type.c), from a component
 * whose type section holds every kind of value type and two function
 * types: the exact bytes, the runtime's checker accepting them
 * (runtime-lib/canon/check.c), and the refusals (a resource, depth past
 * the descriptor's limit, a resource number out of range).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "backend/component/canon_type.h"
#include "frontend/frontend.h"
#include "ir/diag.h"
#include "runtime-lib/canon/rt_canon.h"

#include "../wasm_builder.h"

#define C(x) NACRE_CANON_##x
#define V NACRE_CANON_VERSION
#define REC C(RECORD), 2, C(U8), C(STRING)
#define VAR C(VARIANT), 2, 1, C(U32), 0

static WasmBuf b;
static IrComponent *comp;

static uint32_t resource_number(void *env, uint32_t type)
{
	*(uint32_t *)env = type;
	return 3;
}

static uint32_t too_many(void *env, uint32_t type)
{
	(void)env, (void)type;
	return NACRE_CANON_MAX_RESOURCES;
}

static void load(const uint8_t *types, size_t n)
{
	wb_bytes(&b, WB(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x07));
	wb_u32leb(&b, (uint32_t)n);
	wb_bytes(&b, types, n);
	DiagSink diags = { 0 };
	comp = fe_component_load(b.p, b.n, &diags);
	cr_assert_not_null(comp, "component refused: %s", diags.n ? diags.items[0].detail : "?");
}

static void teardown(void)
{
	ir_component_free(comp);
	comp = NULL;
	wb_free(&b);
}

TestSuite(canon_type, .fini = teardown);

static const uint8_t all_kinds[] = {
	13,
	0x3f, 0x7f, 0x00,                                      /* 0: resource */
	0x72, 0x02, 0x01, 'a', 0x7d, 0x01, 'b', 0x73,          /* 1: record { a: u8, b: string } */
	0x71, 0x02, 0x01, 'x', 0x01, 0x79, 0x00, 0x01, 'y', 0x00, 0x00, /* 2: variant { x(u32), y } */
	0x70, 0x01,                                            /* 3: list<1> */
	0x69, 0x00,                                            /* 4: own<0> */
	0x6b, 0x04,                                            /* 5: option<4> */
	0x6a, 0x01, 0x03, 0x01, 0x02,                          /* 6: result<3, 2> */
	0x6f, 0x02, 0x75, 0x74,                                /* 7: tuple<f64, char> */
	0x6e, 0x02, 0x01, 'p', 0x01, 'q',                      /* 8: flags { p, q } */
	0x6d, 0x03, 0x01, 'r', 0x01, 's', 0x01, 't',           /* 9: enum { r, s, t } */
	0x68, 0x00,                                            /* 10: borrow<0> */
	0x40, 0x02, 0x01, 'p', 0x01, 0x01, 'q', 0x0a, 0x00, 0x06, /* 11: func(p: 1, q: 10) -> 6 */
	0x40, 0x00, 0x01, 0x00,                                /* 12: func() */
};

/* Encodes type index i and compares with the expected bytes; the runtime
 * must accept what the compiler emits. */
static void expect(uint32_t index, const uint8_t *want, size_t n)
{
	static uint8_t out[NACRE_CANON_MAX_BYTES];
	uint32_t seen = 0;
	size_t len = 0;
	uint32_t id = comp->spaces[IR_CM_TYPE].types[index];
	cr_assert(be_canon_encode(comp, id, resource_number, &seen, out, &len), "type %u not encoded", index);
	cr_assert_eq(len, n, "type %u: %zu bytes, expected %zu", index, len, n);
	cr_assert(!memcmp(out, want, n), "type %u: bytes differ", index);
	RtCanonArena a;
	rt_canon_arena_init(&a, 0);
	const RtCanonType *t;
	const RtCanonFunc *f;
	bool func = comp->types[id].kind == IR_CMT_FUNC;
	cr_expect(func ? rt_canon_check_func(out, len, &a, &f) : rt_canon_check_type(out, len, &a, &t),
	          "type %u: the runtime refuses the descriptor", index);
	rt_canon_arena_reset(&a);
}

#define EXPECT(index, ...) expect(index, (const uint8_t[]){ V, __VA_ARGS__ }, sizeof((const uint8_t[]){ V, __VA_ARGS__ }))

Test(canon_type, every_kind)
{
	load(all_kinds, sizeof all_kinds);
	EXPECT(1, REC);
	EXPECT(2, VAR);
	EXPECT(3, C(LIST), REC);
	EXPECT(4, C(OWN), 3);
	EXPECT(5, C(OPTION), C(OWN), 3);
	EXPECT(6, C(RESULT), 3, C(LIST), REC, VAR);
	EXPECT(7, C(TUPLE), 2, C(F64), C(CHAR));
	EXPECT(8, C(FLAGS), 2);
	EXPECT(9, C(ENUM), 3);
	EXPECT(10, C(BORROW), 3);
	EXPECT(11, C(FUNC), 2, REC, C(BORROW), 3, 1, C(RESULT), 3, C(LIST), REC, VAR);
	EXPECT(12, C(FUNC), 0, 0);
}

Test(canon_type, resources_get_the_callers_numbers)
{
	load(all_kinds, sizeof all_kinds);
	uint8_t out[NACRE_CANON_MAX_BYTES];
	size_t n;
	uint32_t seen = 0;
	cr_assert(be_canon_encode(comp, comp->spaces[IR_CM_TYPE].types[4], resource_number, &seen, out, &n));
	cr_expect_eq(seen, comp->spaces[IR_CM_TYPE].types[0], "asked for the resource type's id");
	cr_expect(!be_canon_encode(comp, comp->spaces[IR_CM_TYPE].types[4], too_many, NULL, out, &n));
	cr_expect(!be_canon_encode(comp, comp->spaces[IR_CM_TYPE].types[4], NULL, NULL, out, &n));
	cr_expect(!be_canon_encode(comp, comp->spaces[IR_CM_TYPE].types[0], resource_number, &seen, out, &n),
	          "a resource is not a value type");
	cr_expect(!be_canon_encode(comp, 0, resource_number, &seen, out, &n));
	cr_expect(!be_canon_encode(comp, comp->ntypes, resource_number, &seen, out, &n));
}

/* option<option<...<u8>>>, nested past what a descriptor may hold. */
Test(canon_type, too_deep)
{
	uint8_t types[1 + 2 + 2 * 40];
	size_t n = 0;
	types[n++] = 41;
	types[n++] = 0x6b, types[n++] = 0x7d;
	for (uint32_t i = 1; i <= 40; i++)
		types[n++] = 0x6b, types[n++] = (uint8_t)(i - 1);
	load(types, n);
	uint8_t out[NACRE_CANON_MAX_BYTES];
	size_t len;
	/* type i is i + 1 options deep */
	cr_expect(be_canon_encode(comp, comp->spaces[IR_CM_TYPE].types[NACRE_CANON_MAX_DEPTH - 1], NULL, NULL, out, &len));
	cr_expect(!be_canon_encode(comp, comp->spaces[IR_CM_TYPE].types[NACRE_CANON_MAX_DEPTH], NULL, NULL, out, &len));
}
