/* tests/unit/frontend/test_validate.c: the validator (frontend/validate.c
 * and validate_code.c).  One minimal module per validation rule, checked
 * for the exact code, the offset of the offending instruction and the
 * function index; then the stack-polymorphic cases that must validate.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend/frontend.h"

#include "../wasm_builder.h"

static WasmBuf b;   /* the module */
static WasmBuf mid; /* sections between the function and code sections */
static DiagSink diags;
static IrModule *mod;

static void teardown(void)
{
	ir_module_free(mod);
	mod = NULL;
	wb_free(&b);
	wb_free(&mid);
}

TestSuite(validate, .fini = teardown);

/* Function types, as the bytes of a functype. */
#define T_VOID 0x60, 0x00, 0x00           /* [] -> [] */
#define T_I32_VOID 0x60, 0x01, 0x7f, 0x00 /* [i32] -> [] */
#define T_VOID_I32 0x60, 0x00, 0x01, 0x7f /* [] -> [i32] */
/* v128.const 0 */
#define V128_ZERO 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

static void load(void)
{
	memset(&diags, 0, sizeof diags);
	mod = fe_module_load(b.p, b.n, &diags);
}

static void expect_valid(void)
{
	load();
	cr_assert_not_null(mod, "rejected: %s (%s) at 0x%zx", diag_code_name(diags.items[0].code),
	                   diags.items[0].detail, diags.items[0].offset);
	cr_assert_eq(diags.n, 0);
}

/* Loading b fails with exactly this diagnostic, in function func (or
 * DIAG_NO_FUNC for a module-level rule). */
static void expect_invalid(DiagCode code, size_t offset, uint32_t func)
{
	load();
	cr_assert_null(mod, "accepted; expected %s", diag_code_name(code));
	cr_assert_eq(diags.n, 1, "%u diagnostics, expected 1", diags.n);
	cr_assert_eq(diags.items[0].code, code, "got %s (%s), expected %s",
	             diag_code_name(diags.items[0].code), diags.items[0].detail, diag_code_name(code));
	cr_assert_eq(diags.items[0].offset, offset, "reported at 0x%zx, expected 0x%zx",
	             diags.items[0].offset, offset);
	cr_assert_eq(diags.items[0].func, func, "in func %u, expected %u", diags.items[0].func, func);
}

/* Appends a section to b; returns the offset of its payload. */
static size_t section(uint8_t id, const uint8_t *payload, size_t n)
{
	wb_section(&b, id, payload, n);
	return b.n - n;
}

/* Adds a section to mid, for wb_func_module_with. */
static void mid_section(uint8_t id, const uint8_t *payload, size_t n)
{
	wb_section(&mid, id, payload, n);
}

static void memory(void)
{
	mid_section(WB_SEC_MEMORY, WB(0x01, 0x00, 0x01));
}

Test(validate, accepts_a_minimal_function)
{
	wb_func_module(&b, WB(T_VOID), WB(0x00, 0x0b));
	expect_valid();
}

/* ---- type mismatch ---- */

Test(validate, rejects_operand_of_the_wrong_type)
{
	/* f32.const 0; i32.eqz */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x43, 0, 0, 0, 0, 0x45, 0x1a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 6, 0);
}

Test(validate, rejects_operand_missing_from_the_stack)
{
	/* i32.const 1; i32.add */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x01, 0x6a, 0x1a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 3, 0);
}

Test(validate, rejects_block_missing_its_result)
{
	/* block (result i32) end */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x7f, 0x0b, 0x1a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 3, 0);
}

Test(validate, rejects_values_left_at_block_end)
{
	/* block i32.const 1 end */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x40, 0x41, 0x01, 0x0b, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 5, 0);
}

Test(validate, rejects_function_result_of_the_wrong_type)
{
	size_t at = wb_func_module(&b, WB(T_VOID_I32), WB(0x00, 0x42, 0x00, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 3, 0);
}

Test(validate, rejects_branch_value_of_the_wrong_type)
{
	/* block (result i32) i64.const 0 br 0 end */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x7f, 0x42, 0x00, 0x0c, 0x00, 0x0b,
	                                              0x1a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 5, 0);
}

Test(validate, rejects_if_without_else_whose_params_differ_from_results)
{
	/* i32.const 1; if (result i32) i32.const 2 end: the missing else
	 * cannot produce the i32 */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x01, 0x04, 0x7f, 0x41, 0x02,
	                                              0x0b, 0x1a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 7, 0);
}

Test(validate, accepts_if_without_else_passing_its_params_through)
{
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x02, T_VOID, 0x60, 0x01, 0x7f, 0x01, 0x7f));
	section(WB_SEC_FUNCTION, WB(0x01, 0x00));
	/* i32.const 5; i32.const 1; if (type 1) end; drop */
	wb_code_section(&b, WB(0x00, 0x41, 0x05, 0x41, 0x01, 0x04, 0x01, 0x0b, 0x1a, 0x0b));
	expect_valid();
}

/* ---- unknown indices ---- */

Test(validate, rejects_unknown_local)
{
	/* locals: the i32 parameter and one i64; local.get 2 */
	size_t at = wb_func_module(&b, WB(T_I32_VOID), WB(0x01, 0x01, 0x7e, 0x20, 0x02, 0x1a, 0x0b));
	expect_invalid(DIAG_UNKNOWN_LOCAL, at + 3, 0);
}

Test(validate, rejects_unknown_global)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x23, 0x00, 0x1a, 0x0b));
	expect_invalid(DIAG_UNKNOWN_GLOBAL, at + 1, 0);
}

Test(validate, rejects_unknown_function)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x10, 0x01, 0x0b));
	expect_invalid(DIAG_UNKNOWN_FUNC, at + 1, 0);
}

Test(validate, rejects_unknown_table)
{
	/* table.size 0 */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xfc, 0x10, 0x00, 0x1a, 0x0b));
	expect_invalid(DIAG_UNKNOWN_TABLE, at + 1, 0);
}

Test(validate, rejects_unknown_memory)
{
	/* i32.const 0; i32.load */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b));
	expect_invalid(DIAG_UNKNOWN_MEMORY, at + 3, 0);
}

Test(validate, rejects_unknown_block_type)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x05, 0x0b, 0x0b));
	expect_invalid(DIAG_UNKNOWN_TYPE, at + 1, 0);
}

Test(validate, rejects_unknown_function_type)
{
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, T_VOID));
	section(WB_SEC_FUNCTION, WB(0x01, 0x03));
	size_t at = wb_code_section(&b, WB(0x00, 0x0b));
	expect_invalid(DIAG_UNKNOWN_TYPE, at - 1, DIAG_NO_FUNC); /* the body's size field */
}

Test(validate, rejects_unknown_label)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x0c, 0x01, 0x0b));
	expect_invalid(DIAG_UNKNOWN_LABEL, at + 1, 0);
}

Test(validate, rejects_unknown_data_segment)
{
	mid_section(WB_SEC_DATA_COUNT, WB(0x00));
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0xfc, 0x09, 0x00, 0x0b));
	expect_invalid(DIAG_UNKNOWN_DATA, at + 1, 0);
}

Test(validate, rejects_unknown_elem_segment)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xfc, 0x0d, 0x00, 0x0b));
	expect_invalid(DIAG_UNKNOWN_ELEM, at + 1, 0);
}

/* ---- memory immediates ---- */

Test(validate, rejects_alignment_beyond_natural)
{
	memory();
	/* i32.load align=2^3 */
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x41, 0x00, 0x28, 0x03, 0x00,
	                                                         0x1a, 0x0b));
	expect_invalid(DIAG_ALIGNMENT, at + 3, 0);
}

Test(validate, rejects_simd_alignment_beyond_natural)
{
	memory();
	/* v128.load align=2^5 */
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x41, 0x00, 0xfd, 0x00, 0x05,
	                                                         0x00, 0x1a, 0x0b));
	expect_invalid(DIAG_ALIGNMENT, at + 3, 0);
}

Test(validate, rejects_extract_lane_beyond_the_lanes)
{
	/* i8x16.extract_lane_s 16 */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, V128_ZERO, 0xfd, 0x15, 0x10, 0x1a, 0x0b));
	expect_invalid(DIAG_LANE_INDEX, at + 19, 0);
}

Test(validate, rejects_load_lane_beyond_the_lanes)
{
	memory();
	/* i32.const 0; v128.const 0; v128.load16_lane align=2 offset=0 lane 8 */
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x41, 0x00, V128_ZERO,
	                                                         0xfd, 0x55, 0x01, 0x00, 0x08,
	                                                         0x1a, 0x0b));
	expect_invalid(DIAG_LANE_INDEX, at + 21, 0);
}

Test(validate, rejects_shuffle_lane_32)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, V128_ZERO, V128_ZERO,
	                                              0xfd, 0x0d, 0, 1, 2, 3, 4, 5, 6, 7,
	                                              8, 9, 10, 11, 12, 13, 31, 32, 0x1a, 0x0b));
	expect_invalid(DIAG_LANE_INDEX, at + 37, 0);
}

/* ---- globals and constant expressions ---- */

Test(validate, rejects_set_of_an_immutable_global)
{
	mid_section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x00, 0x41, 0x00, 0x0b));
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x41, 0x01, 0x24, 0x00, 0x0b));
	expect_invalid(DIAG_IMMUTABLE_GLOBAL, at + 3, 0);
}

Test(validate, rejects_non_constant_instruction_in_an_initializer)
{
	wb_header(&b);
	/* global i32 = i32.const 1; i32.const 2; i32.div_s: only add, sub and mul are constant */
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6d, 0x0b));
	expect_invalid(DIAG_CONST_REQUIRED, p + 7, DIAG_NO_FUNC);
}

Test(validate, rejects_float_arithmetic_in_an_initializer)
{
	wb_header(&b);
	/* global f32 = f32.const 0; f32.const 0; f32.add */
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7d, 0x00, 0x43, 0, 0, 0, 0, 0x43, 0, 0, 0, 0, 0x92, 0x0b));
	expect_invalid(DIAG_CONST_REQUIRED, p + 13, DIAG_NO_FUNC);
}

Test(validate, rejects_mutable_global_in_an_initializer)
{
	wb_header(&b);
	section(WB_SEC_IMPORT, WB(0x01, 0x01, 'm', 0x01, 'g', 0x03, 0x7f, 0x01));
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b));
	expect_invalid(DIAG_CONST_REQUIRED, p + 3, DIAG_NO_FUNC);
}

Test(validate, accepts_earlier_defined_global_in_an_initializer)
{
	wb_header(&b);
	/* global 0 = 0; global 1 = global.get 0 (3.0: the globals before it are in scope) */
	section(WB_SEC_GLOBAL, WB(0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f, 0x00, 0x23, 0x00, 0x0b));
	expect_valid();
}

Test(validate, rejects_own_or_later_global_in_an_initializer)
{
	wb_header(&b);
	/* global 0 = global.get 0 */
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b));
	expect_invalid(DIAG_UNKNOWN_GLOBAL, p + 3, DIAG_NO_FUNC);
	teardown();
	wb_header(&b);
	/* global 0 = global.get 1; global 1 = 0 */
	p = section(WB_SEC_GLOBAL, WB(0x02, 0x7f, 0x00, 0x23, 0x01, 0x0b, 0x7f, 0x00, 0x41, 0x00, 0x0b));
	expect_invalid(DIAG_UNKNOWN_GLOBAL, p + 3, DIAG_NO_FUNC);
}

Test(validate, rejects_defined_mutable_global_in_a_data_offset)
{
	wb_header(&b);
	section(WB_SEC_MEMORY, WB(0x01, 0x00, 0x01));
	section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b));
	/* data (global.get 0) "" */
	size_t p = section(WB_SEC_DATA, WB(0x01, 0x00, 0x23, 0x00, 0x0b, 0x00));
	expect_invalid(DIAG_CONST_REQUIRED, p + 2, DIAG_NO_FUNC);
}

Test(validate, accepts_defined_immutable_global_in_a_data_offset)
{
	wb_header(&b);
	section(WB_SEC_MEMORY, WB(0x01, 0x00, 0x01));
	section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x00, 0x41, 0x00, 0x0b));
	/* data (i32.add (global.get 0) (i32.const 1)) "" */
	section(WB_SEC_DATA, WB(0x01, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x0b, 0x00));
	expect_valid();
}

Test(validate, accepts_extended_arithmetic_in_initializers)
{
	wb_header(&b);
	section(WB_SEC_IMPORT, WB(0x01, 0x01, 'm', 0x01, 'g', 0x03, 0x7e, 0x00));
	/* i32 = (20 * 2 - 2) + 4; i64 = g * 3 - 1 + 1 */
	section(WB_SEC_GLOBAL, WB(0x02,
	                          0x7f, 0x00, 0x41, 20, 0x41, 2, 0x6c, 0x41, 2, 0x6b, 0x41, 4, 0x6a, 0x0b,
	                          0x7e, 0x00, 0x23, 0x00, 0x42, 3, 0x7e, 0x42, 1, 0x7d, 0x42, 1, 0x7c, 0x0b));
	expect_valid();
}

Test(validate, rejects_arithmetic_on_the_wrong_type)
{
	wb_header(&b);
	/* global i64 = i32.const 1; i32.const 2; i64.add */
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7e, 0x00, 0x41, 0x01, 0x41, 0x02, 0x7c, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, p + 7, DIAG_NO_FUNC);
}

Test(validate, rejects_arithmetic_without_two_operands)
{
	wb_header(&b);
	/* global i32 = i32.const 1; i32.mul */
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x00, 0x41, 0x01, 0x6c, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, p + 5, DIAG_NO_FUNC);
}

Test(validate, rejects_arithmetic_leaving_two_values)
{
	wb_header(&b);
	/* global i32 = i32.const 1; i32.const 2; i32.const 3; i32.sub: two values at the end */
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x00, 0x41, 1, 0x41, 2, 0x41, 3, 0x6b, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, p + 10, DIAG_NO_FUNC);
}

/* n i32.const 1 then n - 1 i32.add: a stack n values deep; returns the
 * offset of the global section's payload. */
static size_t deep_global(unsigned n)
{
	uint8_t payload[4 + 3 * 100];
	size_t k = 0;
	payload[k++] = 0x01;
	payload[k++] = 0x7f;
	payload[k++] = 0x00;
	for (unsigned i = 0; i < n; i++)
		payload[k++] = 0x41, payload[k++] = 0x01;
	for (unsigned i = 1; i < n; i++)
		payload[k++] = 0x6a;
	payload[k++] = 0x0b;
	wb_header(&b);
	return section(WB_SEC_GLOBAL, payload, k);
}

Test(validate, bounds_the_stack_of_a_constant_expression)
{
	deep_global(FE_MAX_CONST_STACK);
	expect_valid();
	teardown();
	size_t p = deep_global(FE_MAX_CONST_STACK + 1);
	expect_invalid(DIAG_IMPL_LIMIT, p + 3 + 2 * FE_MAX_CONST_STACK, DIAG_NO_FUNC); /* the last const */
}

Test(validate, rejects_initializer_of_the_wrong_type)
{
	wb_header(&b);
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x00, 0x42, 0x00, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, p + 5, DIAG_NO_FUNC); /* at its end */
}

/* ---- module-level rules ---- */

Test(validate, rejects_duplicate_export)
{
	wb_header(&b);
	section(WB_SEC_MEMORY, WB(0x01, 0x00, 0x01));
	size_t p = section(WB_SEC_EXPORT, WB(0x02, 0x01, 'a', 0x02, 0x00, 0x01, 'a', 0x02, 0x00));
	expect_invalid(DIAG_DUPLICATE_EXPORT, p + 5, DIAG_NO_FUNC); /* the second entry */
}

/* Multi-memory (3.0): any number of memories, each instruction naming
 * one of them; an index past the last is unknown. */
static size_t two_memories(const uint8_t *body, size_t n)
{
	mid_section(WB_SEC_MEMORY, WB(0x02, 0x00, 0x01, 0x00, 0x01));
	return wb_func_module_with(&b, WB(T_VOID), &mid, body, n);
}

Test(validate, accepts_two_memories_and_their_indices)
{
	/* i32.load memory 1; memory.size 1; memory.copy 0 1 */
	two_memories(WB(0x00, 0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a, 0x3f, 0x01, 0x1a, 0x41, 0x00, 0x41, 0x00,
	                0x41, 0x00, 0xfc, 0x0a, 0x00, 0x01, 0x0b));
	expect_valid();
}

Test(validate, rejects_a_load_from_an_unknown_second_memory)
{
	size_t at = two_memories(WB(0x00, 0x41, 0x00, 0x28, 0x42, 0x02, 0x00, 0x1a, 0x0b));
	expect_invalid(DIAG_UNKNOWN_MEMORY, at + 3, 0);
}

Test(validate, rejects_memory_copy_from_an_unknown_memory)
{
	size_t at = two_memories(WB(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x01, 0x02, 0x0b));
	expect_invalid(DIAG_UNKNOWN_MEMORY, at + 7, 0);
}

Test(validate, rejects_memory_beyond_65536_pages)
{
	wb_header(&b);
	/* an imported memory with max 65537: reported at the import */
	size_t p = section(WB_SEC_IMPORT, WB(0x01, 0x01, 'm', 0x01, 'm', 0x02, 0x01, 0x00,
	                                     0x81, 0x80, 0x04));
	expect_invalid(DIAG_MEMORY_SIZE, p + 1, DIAG_NO_FUNC);

	wb_free(&b);
	wb_header(&b);
	size_t at = b.n;
	section(WB_SEC_MEMORY, WB(0x01, 0x00, 0x81, 0x80, 0x04)); /* min 65537 */
	expect_invalid(DIAG_MEMORY_SIZE, at, DIAG_NO_FUNC);
}

Test(validate, accepts_memory_of_exactly_65536_pages)
{
	wb_header(&b);
	section(WB_SEC_MEMORY, WB(0x01, 0x01, 0x00, 0x80, 0x80, 0x04));
	expect_valid();
}

Test(validate, rejects_minimum_above_maximum)
{
	wb_header(&b);
	size_t p = section(WB_SEC_IMPORT, WB(0x01, 0x01, 'm', 0x01, 't', 0x01, 0x70, 0x01, 0x02, 0x01));
	expect_invalid(DIAG_LIMITS_ORDER, p + 1, DIAG_NO_FUNC);

	wb_free(&b);
	wb_header(&b);
	size_t at = b.n;
	section(WB_SEC_MEMORY, WB(0x01, 0x01, 0x02, 0x01));
	expect_invalid(DIAG_LIMITS_ORDER, at, DIAG_NO_FUNC);
}

Test(validate, rejects_start_function_with_params)
{
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, T_I32_VOID));
	section(WB_SEC_FUNCTION, WB(0x01, 0x00));
	size_t at = b.n;
	section(WB_SEC_START, WB(0x00));
	wb_code_section(&b, WB(0x00, 0x0b));
	expect_invalid(DIAG_START_FUNCTION, at, DIAG_NO_FUNC);
}

/* ---- references, select, tables ---- */

Test(validate, rejects_undeclared_function_reference)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xd2, 0x00, 0x1a, 0x0b));
	expect_invalid(DIAG_UNDECLARED_REF, at + 1, 0);
}

Test(validate, accepts_function_reference_declared_by_elem_or_export)
{
	mid_section(WB_SEC_ELEMENT, WB(0x01, 0x03, 0x00, 0x01, 0x00)); /* declarative: func 0 */
	wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0xd2, 0x00, 0x1a, 0x0b));
	expect_valid();

	teardown();
	mid_section(WB_SEC_EXPORT, WB(0x01, 0x01, 'f', 0x00, 0x00));
	wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0xd2, 0x00, 0x1a, 0x0b));
	expect_valid();
}

Test(validate, rejects_untyped_select_of_references)
{
	/* ref.null func; ref.null func; i32.const 1; select */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xd0, 0x70, 0xd0, 0x70, 0x41, 0x01,
	                                              0x1b, 0x1a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 7, 0);
}

Test(validate, accepts_typed_select_of_references)
{
	wb_func_module(&b, WB(T_VOID), WB(0x00, 0xd0, 0x70, 0xd0, 0x70, 0x41, 0x01,
	                                  0x1c, 0x01, 0x70, 0x1a, 0x0b));
	expect_valid();
}

Test(validate, rejects_typed_select_with_two_types)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x01, 0x41, 0x02, 0x41, 0x03,
	                                              0x1c, 0x02, 0x7f, 0x7f, 0x1a, 0x0b));
	expect_invalid(DIAG_RESULT_ARITY, at + 7, 0);
}

Test(validate, rejects_call_indirect_through_an_externref_table)
{
	mid_section(WB_SEC_TABLE, WB(0x01, 0x6f, 0x00, 0x01));
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x41, 0x00, 0x11, 0x00, 0x00,
	                                                         0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 3, 0);
}

Test(validate, rejects_table_init_of_funcref_segment_into_externref_table)
{
	mid_section(WB_SEC_TABLE, WB(0x01, 0x6f, 0x00, 0x01));
	mid_section(WB_SEC_ELEMENT, WB(0x01, 0x01, 0x00, 0x00)); /* passive, no functions */
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x41, 0x00, 0x41, 0x00,
	                                                         0x41, 0x00, 0xfc, 0x0c, 0x00,
	                                                         0x00, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 7, 0);
}

Test(validate, rejects_table_copy_between_tables_of_different_types)
{
	mid_section(WB_SEC_TABLE, WB(0x02, 0x70, 0x00, 0x01, 0x6f, 0x00, 0x01));
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x41, 0x00, 0x41, 0x00,
	                                                         0x41, 0x00, 0xfc, 0x0e, 0x00,
	                                                         0x01, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 7, 0);
}

/* ---- function indices ---- */

Test(validate, reports_the_index_of_the_failing_function)
{
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, T_VOID));
	section(WB_SEC_IMPORT, WB(0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x00));
	section(WB_SEC_FUNCTION, WB(0x02, 0x00, 0x00));
	/* function 1 is fine; function 2 adds with an empty stack */
	size_t p = section(WB_SEC_CODE, WB(0x02, 0x02, 0x00, 0x0b, 0x04, 0x00, 0x6a, 0x1a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, p + 6, 2);
}

/* ---- unreachable code is stack-polymorphic ---- */

Test(validate, accepts_operators_after_unreachable)
{
	/* unreachable; i32.add; drop */
	wb_func_module(&b, WB(T_VOID), WB(0x00, 0x00, 0x6a, 0x1a, 0x0b));
	expect_valid();
}

Test(validate, accepts_operators_after_br_and_return)
{
	/* block br 0 i32.add drop end; i32.const 1; return; i32.add */
	wb_func_module(&b, WB(T_VOID_I32), WB(0x00, 0x02, 0x40, 0x0c, 0x00, 0x6a, 0x1a, 0x0b,
	                                      0x41, 0x01, 0x0f, 0x6a, 0x0b));
	expect_valid();
}

Test(validate, accepts_br_table_meeting_at_the_bottom)
{
	/* the spec's unreached-valid "meet-bottom": labels [f32] and [f64]
	 * after unreachable */
	wb_func_module(&b, WB(T_VOID), WB(0x00,
	                                  0x02, 0x7c,                   /* block (result f64) */
	                                  0x02, 0x7d,                   /*   block (result f32) */
	                                  0x00,                         /*     unreachable */
	                                  0x41, 0x01,                   /*     i32.const 1 */
	                                  0x0e, 0x02, 0x00, 0x01, 0x01, /*     br_table 0 1 1 */
	                                  0x0b,                         /*   end */
	                                  0x1a,                         /*   drop */
	                                  0x44, 0, 0, 0, 0, 0, 0, 0, 0, /*   f64.const 0 */
	                                  0x0b,                         /* end */
	                                  0x1a, 0x0b));
	expect_valid();
}

Test(validate, rejects_br_table_labels_of_different_arity)
{
	/* block block (result i32) unreachable br_table 0 1: even unreachable,
	 * [i32] and [] do not agree */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x40, 0x02, 0x7f, 0x00,
	                                              0x0e, 0x01, 0x00, 0x01, 0x0b, 0x1a, 0x0b, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 6, 0);
}

/* ---- typed function references (3.0) ---- */

/* (ref func), (ref null 0), (ref 0) as value type bytes */
#define REF_FUNC 0x64, 0x70
#define REF_NULL_0 0x63, 0x00
#define REF_0 0x64, 0x00

/* Export function 0, so that ref.func 0 is declared. */
static void export_func0(void)
{
	mid_section(WB_SEC_EXPORT, WB(0x01, 0x01, 'f', 0x00, 0x00));
}

Test(validate, rejects_get_of_an_unset_non_defaultable_local)
{
	/* (local (ref func)) local.get 0 */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x01, 0x01, REF_FUNC, 0x20, 0x00, 0x1a, 0x0b));
	expect_invalid(DIAG_UNINITIALIZED_LOCAL, at + 4, 0);
}

Test(validate, a_local_set_lasts_until_the_end_of_its_block)
{
	/* block ref.func 0 local.set 0 local.get 0 drop end local.get 0 */
	export_func0();
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid,
	                                WB(0x01, 0x01, REF_FUNC, 0x02, 0x40, 0xd2, 0x00, 0x21, 0x00, 0x20, 0x00,
	                                   0x1a, 0x0b, 0x20, 0x00, 0x1a, 0x0b));
	expect_invalid(DIAG_UNINITIALIZED_LOCAL, at + 14, 0);
}

Test(validate, a_local_set_outside_a_block_holds_inside_it)
{
	/* ref.func 0 local.tee 0 drop block local.get 0 drop end */
	export_func0();
	wb_func_module_with(&b, WB(T_VOID), &mid,
	                    WB(0x01, 0x01, REF_FUNC, 0xd2, 0x00, 0x22, 0x00, 0x1a, 0x02, 0x40, 0x20, 0x00, 0x1a,
	                       0x0b, 0x0b));
	expect_valid();
}

Test(validate, a_local_set_in_one_arm_does_not_hold_in_the_other)
{
	/* i32.const 1 if ref.func 0 local.set 0 else local.get 0 drop end */
	export_func0();
	size_t at = wb_func_module_with(&b, WB(T_VOID), &mid,
	                                WB(0x01, 0x01, REF_FUNC, 0x41, 0x01, 0x04, 0x40, 0xd2, 0x00, 0x21, 0x00,
	                                   0x05, 0x20, 0x00, 0x1a, 0x0b, 0x0b));
	expect_invalid(DIAG_UNINITIALIZED_LOCAL, at + 13, 0);
}

Test(validate, a_typed_reference_is_a_funcref)
{
	/* (local funcref) ref.func 0 local.set 0: (ref 0) <: funcref */
	export_func0();
	wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x01, 0x01, 0x70, 0xd2, 0x00, 0x21, 0x00, 0x0b));
	expect_valid();
}

Test(validate, a_funcref_is_not_a_typed_reference)
{
	/* (local (ref null 0)) ref.null func local.set 0 */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x01, 0x01, REF_NULL_0, 0xd0, 0x70, 0x21, 0x00, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 6, 0);
}

Test(validate, a_nullable_reference_is_not_a_non_null_one)
{
	/* (local (ref 0)) ref.null 0 local.set 0 */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x01, 0x01, REF_0, 0xd0, 0x00, 0x21, 0x00, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 6, 0);
}

Test(validate, nofunc_is_below_every_function_type)
{
	/* (local (ref null 0)) ref.null nofunc local.set 0 */
	wb_func_module(&b, WB(T_VOID), WB(0x01, 0x01, REF_NULL_0, 0xd0, 0x73, 0x21, 0x00, 0x0b));
	expect_valid();
}

/* Types 0 and 1 are both [i32] -> []: a reference to one is a reference
 * to the other; type 2, [] -> [], is not. */
static size_t three_types_module(uint8_t local_type, uint8_t null_type)
{
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x03, T_I32_VOID, T_I32_VOID, T_VOID));
	section(WB_SEC_FUNCTION, WB(0x01, 0x02));
	/* (local (ref null local_type)) ref.null null_type local.set 0 */
	return wb_code_section(&b, WB(0x01, 0x01, 0x63, local_type, 0xd0, null_type, 0x21, 0x00, 0x0b));
}

Test(validate, equal_function_types_are_equivalent)
{
	three_types_module(0x01, 0x00);
	expect_valid();
}

Test(validate, different_function_types_are_not)
{
	size_t at = three_types_module(0x02, 0x00);
	expect_invalid(DIAG_TYPE_MISMATCH, at + 6, 0);
}

Test(validate, rejects_reference_to_an_unknown_type)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x01, 0x01, 0x63, 0x05, 0x0b));
	expect_invalid(DIAG_UNKNOWN_TYPE, at + 4, 0);
}

Test(validate, a_type_names_itself_and_earlier_types_only)
{
	/* type 0: [(ref null 0)] -> [] */
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, 0x60, 0x01, 0x63, 0x00, 0x00));
	expect_valid();

	teardown();
	wb_header(&b);
	size_t at = section(WB_SEC_TYPE, WB(0x02, 0x60, 0x01, 0x63, 0x01, 0x00, T_VOID));
	expect_invalid(DIAG_UNKNOWN_TYPE, at - 2, DIAG_NO_FUNC);
}

Test(validate, rejects_br_on_non_null_to_a_label_without_a_reference)
{
	/* block ref.null func br_on_non_null 0 end */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x40, 0xd0, 0x70, 0xd6, 0x00, 0x0b, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 5, 0);
}

Test(validate, br_on_null_leaves_a_non_null_reference)
{
	/* type 1: [(ref null 0)] -> []; (local (ref 0))
	 * block local.get 0 br_on_null 0 local.set 1 end */
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x02, T_VOID, 0x60, 0x01, REF_NULL_0, 0x00));
	section(WB_SEC_FUNCTION, WB(0x01, 0x01));
	wb_code_section(&b, WB(0x01, 0x01, REF_0, 0x02, 0x40, 0x20, 0x00, 0xd5, 0x00, 0x21, 0x01, 0x0b, 0x0b));
	expect_valid();
}

Test(validate, rejects_call_ref_of_another_type)
{
	/* type 1: [(ref 0)] -> []; local.get 0 call_ref 1 wants a (ref null 1) */
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x02, T_VOID, 0x60, 0x01, REF_0, 0x00));
	section(WB_SEC_FUNCTION, WB(0x01, 0x01));
	size_t at = wb_code_section(&b, WB(0x00, 0x20, 0x00, 0x14, 0x01, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 3, 0);
}

Test(validate, a_non_nullable_table_needs_an_initialiser)
{
	/* (table 1 (ref func)): reported at the table section's id */
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, T_VOID));
	section(WB_SEC_FUNCTION, WB(0x01, 0x00));
	size_t at = section(WB_SEC_TABLE, WB(0x01, REF_FUNC, 0x00, 0x01));
	wb_code_section(&b, WB(0x00, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at - 2, DIAG_NO_FUNC);
}

Test(validate, accepts_a_non_nullable_table_with_an_initialiser)
{
	/* (table 1 (ref func) (ref.func 0)) */
	mid_section(WB_SEC_TABLE, WB(0x01, 0x40, 0x00, REF_FUNC, 0x00, 0x01, 0xd2, 0x00, 0x0b));
	wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x0b));
	expect_valid();
}

/* ---- exception handling (3.0) ---- */

static void tag_of_type_0(void)
{
	mid_section(13, WB(0x01, 0x00, 0x00));
}

/* (block (result i32) (try_table (catch 0 0) (throw 0 (local.get 0))) (i32.const 0)) drop */
Test(validate, accepts_throw_caught_by_try_table)
{
	tag_of_type_0();
	wb_func_module_with(&b, WB(T_I32_VOID), &mid,
	                    WB(0x00, 0x02, 0x7f, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x08, 0x00, 0x0b,
	                       0x41, 0x00, 0x0b, 0x1a, 0x0b));
	expect_valid();
}

/* The tag passes an i32, the label takes nothing. */
Test(validate, rejects_catch_whose_label_does_not_take_the_payload)
{
	tag_of_type_0();
	size_t at = wb_func_module_with(&b, WB(T_I32_VOID), &mid,
	                                WB(0x00, 0x02, 0x40, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x0b, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 3, 0);
}

/* catch_all_ref passes (ref exn), which throw_ref takes back. */
Test(validate, accepts_catch_all_ref_then_throw_ref)
{
	wb_func_module(&b, WB(T_VOID),
	               WB(0x00, 0x02, 0x69, 0x1f, 0x40, 0x01, 0x03, 0x00, 0x0b, 0x00, 0x0b, 0x0a, 0x0b));
	expect_valid();
}

/* catch_all to a label that wants exnref: nothing is passed. */
Test(validate, rejects_catch_all_to_a_label_taking_exnref)
{
	size_t at = wb_func_module(&b, WB(T_VOID),
	                           WB(0x00, 0x02, 0x69, 0x1f, 0x40, 0x01, 0x02, 0x00, 0x0b, 0x00, 0x0b, 0x1a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 3, 0);
}

Test(validate, rejects_throw_of_unknown_tag)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x08, 0x00, 0x0b));
	expect_invalid(DIAG_UNKNOWN_TAG, at + 1, 0);
}

Test(validate, rejects_throw_without_its_payload)
{
	tag_of_type_0();
	size_t at = wb_func_module_with(&b, WB(T_I32_VOID), &mid, WB(0x00, 0x08, 0x00, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 1, 0);
}

Test(validate, rejects_throw_ref_of_a_non_reference)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x00, 0x0a, 0x0b));
	expect_invalid(DIAG_TYPE_MISMATCH, at + 3, 0);
}

/* A tag's type has no results (3.0 spec 3.2.10). */
Test(validate, rejects_tag_type_with_results)
{
	tag_of_type_0();
	wb_func_module_with(&b, WB(T_VOID_I32), &mid, WB(0x00, 0x41, 0x00, 0x0b));
	/* header 8, type section 7, function section 4: the tag section's id */
	expect_invalid(DIAG_TAG_RESULT, 8 + 7 + 4, DIAG_NO_FUNC);
}

Test(validate, rejects_export_of_unknown_tag)
{
	mid_section(WB_SEC_EXPORT, WB(0x01, 0x01, 'e', 0x04, 0x00));
	size_t body = wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x0b));
	/* the export entry: after the export section's id, size and count,
	 * and before the code section (id, size, count, body size) */
	expect_invalid(DIAG_UNKNOWN_TAG, body - 4 - 7 + 3, DIAG_NO_FUNC);
}
