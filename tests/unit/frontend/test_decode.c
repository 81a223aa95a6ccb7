/* tests/unit/frontend/test_decode.c: the binary decoder (frontend/decode.c
 * and decode_code.c).  One test per way a binary can be malformed, each
 * with hand-written bytes and the exact code and offset it must report;
 * then a module with every section, to check where the fields land.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend/frontend.h"

#include "../wasm_builder.h"

static WasmBuf b;
static DiagSink diags;
static IrModule *mod;

static void teardown(void)
{
	ir_module_free(mod);
	mod = NULL;
	wb_free(&b);
}

TestSuite(decode, .fini = teardown);

#define T_VOID 0x60, 0x00, 0x00 /* the functype [] -> [] */

static IrModule *decode(void)
{
	memset(&diags, 0, sizeof diags);
	mod = fe_decode(b.p, b.n, &diags);
	return mod;
}

static void expect_decodes(void)
{
	decode();
	cr_assert_not_null(mod, "decode failed: %s at 0x%zx: %s", diag_code_name(diags.items[0].code),
	                   diags.items[0].offset, diags.items[0].detail);
	cr_assert_eq(diags.n, 0, "%u diagnostics for a good module", diags.n);
}

/* Decoding b fails with exactly this diagnostic. */
static void expect_malformed(DiagCode code, size_t offset)
{
	cr_assert_null(decode(), "decoded; expected %s", diag_code_name(code));
	cr_assert_eq(diags.n, 1, "%u diagnostics, expected 1", diags.n);
	cr_assert_eq(diags.items[0].code, code, "got %s (%s), expected %s",
	             diag_code_name(diags.items[0].code), diags.items[0].detail, diag_code_name(code));
	cr_assert_eq(diags.items[0].offset, offset, "reported at 0x%zx, expected 0x%zx",
	             diags.items[0].offset, offset);
	cr_assert_eq(diags.items[0].func, DIAG_NO_FUNC);
}

/* Appends a section; returns the offset of its payload's first byte. */
static size_t section(uint8_t id, const uint8_t *payload, size_t n)
{
	wb_section(&b, id, payload, n);
	return b.n - n;
}

/* A header, the type [] -> [] and n functions of that type. */
static void type_and_funcs(uint8_t n)
{
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, T_VOID));
	wb_byte(&b, WB_SEC_FUNCTION);
	wb_byte(&b, (uint8_t)(1 + n));
	wb_byte(&b, n);
	for (uint8_t i = 0; i < n; i++)
		wb_byte(&b, 0x00);
}

/* ---- header ---- */

Test(decode, accepts_an_empty_module)
{
	wb_header(&b);
	expect_decodes();
	cr_assert_eq(mod->nfuncs, 0);
	cr_assert_eq(mod->ncustoms, 0);
}

Test(decode, rejects_bad_magic)
{
	wb_bytes(&b, WB(0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00));
	expect_malformed(DIAG_MAGIC, 0);
}

Test(decode, reports_input_shorter_than_the_magic_as_unexpected_end)
{
	/* as the reference interpreter, which reads the magic as one word */
	wb_bytes(&b, WB(0x00, 0x61, 0x73));
	expect_malformed(DIAG_UNEXPECTED_END, 0);
}

Test(decode, rejects_unknown_version)
{
	wb_bytes(&b, WB(0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00));
	expect_malformed(DIAG_VERSION, 4);
}

Test(decode, rejects_truncated_version)
{
	wb_bytes(&b, WB(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00));
	expect_malformed(DIAG_UNEXPECTED_END, 4);
}

Test(decode, hints_that_a_component_is_not_a_core_module)
{
	wb_bytes(&b, WB(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00));
	expect_malformed(DIAG_VERSION, 4);
	cr_assert_not_null(strstr(diags.items[0].detail, "component"), "detail: %s", diags.items[0].detail);
}

/* ---- sections ---- */

Test(decode, rejects_unknown_section_id)
{
	wb_header(&b);
	wb_bytes(&b, WB(0x0e, 0x00)); /* 13 is the tag section (3.0) */
	expect_malformed(DIAG_SECTION_ID, 8);
}

Test(decode, rejects_truncated_section_header)
{
	wb_header(&b);
	wb_byte(&b, WB_SEC_TYPE);
	expect_malformed(DIAG_UNEXPECTED_END, 9);
}

Test(decode, rejects_out_of_order_sections)
{
	wb_header(&b);
	section(WB_SEC_FUNCTION, WB(0x00));
	size_t at = b.n;
	section(WB_SEC_TYPE, WB(0x00));
	expect_malformed(DIAG_SECTION_ORDER, at);
}

Test(decode, rejects_duplicate_sections)
{
	wb_header(&b);
	section(WB_SEC_MEMORY, WB(0x00));
	size_t at = b.n;
	section(WB_SEC_MEMORY, WB(0x00));
	expect_malformed(DIAG_SECTION_ORDER, at);
}

Test(decode, rejects_data_count_after_code)
{
	wb_header(&b);
	section(WB_SEC_CODE, WB(0x00));
	size_t at = b.n;
	section(WB_SEC_DATA_COUNT, WB(0x00));
	expect_malformed(DIAG_SECTION_ORDER, at);
}

Test(decode, rejects_section_content_shorter_than_its_size)
{
	wb_header(&b);
	size_t p = section(WB_SEC_TYPE, WB(0x00, 0x00)); /* zero types, then a stray byte */
	expect_malformed(DIAG_SECTION_SIZE, p + 1);
}

Test(decode, rejects_section_content_longer_than_its_size)
{
	wb_header(&b);
	/* the start section claims one byte; its index needs two */
	wb_bytes(&b, WB(WB_SEC_START, 0x01, 0x80, 0x01));
	expect_malformed(DIAG_UNEXPECTED_END_SECTION, 11);
}

Test(decode, rejects_section_size_beyond_the_input)
{
	wb_header(&b);
	wb_bytes(&b, WB(WB_SEC_TYPE, 0x05, 0x00));
	expect_malformed(DIAG_LENGTH, 10);
}

Test(decode, rejects_hostile_counts_in_a_tiny_file)
{
	static const uint8_t ids[] = {
		WB_SEC_TYPE, WB_SEC_IMPORT, WB_SEC_FUNCTION, WB_SEC_TABLE, WB_SEC_MEMORY,
		WB_SEC_GLOBAL, WB_SEC_EXPORT, WB_SEC_ELEMENT, WB_SEC_CODE, WB_SEC_DATA,
	};
	for (size_t i = 0; i < sizeof ids; i++) {
		wb_free(&b);
		wb_header(&b);
		/* 0xffffffff entries in a five-byte section */
		size_t p = section(ids[i], WB(0xff, 0xff, 0xff, 0xff, 0x0f));
		expect_malformed(DIAG_UNEXPECTED_END_SECTION, p);
	}
}

Test(decode, rejects_hostile_counts_inside_a_body)
{
	/* 0xffffffff local runs */
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b));
	expect_malformed(DIAG_UNEXPECTED_END_SECTION, at);

	/* br_table with 0xffffffff labels */
	wb_free(&b);
	at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x00, 0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b));
	expect_malformed(DIAG_UNEXPECTED_END_SECTION, at + 4);
}

/* ---- cross-section counts ---- */

Test(decode, rejects_functions_without_a_code_section)
{
	type_and_funcs(1);
	expect_malformed(DIAG_FUNC_CODE_MISMATCH, b.n);
}

Test(decode, rejects_fewer_bodies_than_functions)
{
	type_and_funcs(2);
	size_t p = section(WB_SEC_CODE, WB(0x01, 0x02, 0x00, 0x0b));
	expect_malformed(DIAG_FUNC_CODE_MISMATCH, p);
}

Test(decode, rejects_more_bodies_than_functions)
{
	type_and_funcs(1);
	size_t p = section(WB_SEC_CODE, WB(0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b));
	expect_malformed(DIAG_FUNC_CODE_MISMATCH, p);
}

Test(decode, rejects_bodies_without_a_function_section)
{
	wb_header(&b);
	size_t p = section(WB_SEC_CODE, WB(0x01, 0x02, 0x00, 0x0b));
	expect_malformed(DIAG_FUNC_CODE_MISMATCH, p);
}

Test(decode, rejects_data_count_unlike_the_data_section)
{
	wb_header(&b);
	section(WB_SEC_DATA_COUNT, WB(0x02));
	size_t p = section(WB_SEC_DATA, WB(0x01, 0x01, 0x00)); /* one passive, empty segment */
	expect_malformed(DIAG_DATA_COUNT_MISMATCH, p);
}

Test(decode, rejects_data_count_without_a_data_section)
{
	wb_header(&b);
	section(WB_SEC_DATA_COUNT, WB(0x01));
	expect_malformed(DIAG_DATA_COUNT_MISMATCH, b.n);
}

Test(decode, rejects_data_drop_without_a_data_count)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xfc, 0x09, 0x00, 0x0b));
	expect_malformed(DIAG_DATA_COUNT_REQUIRED, at + 1);
}

Test(decode, rejects_memory_init_without_a_data_count)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00,
	                                              0xfc, 0x08, 0x00, 0x00, 0x0b));
	expect_malformed(DIAG_DATA_COUNT_REQUIRED, at + 7);
}

/* ---- instructions ---- */

Test(decode, rejects_illegal_one_byte_opcode)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x01, 0x06, 0x0b));
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 2);
}

/* A later proposal's opcode keeps the spec's code and names the proposal. */
Test(decode, names_the_proposal_of_a_later_opcode)
{
	static const struct { uint8_t op; const char *words; } cases[] = {
		{ 0x06, "legacy exception handling" }, { 0x19, "legacy exception handling" },
		{ 0xfe, "threads" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		wb_free(&b);
		size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, cases[i].op, 0x00, 0x0b));
		expect_malformed(DIAG_ILLEGAL_OPCODE, at + 1);
		cr_assert(strstr(diags.items[0].detail, cases[i].words), "0x%02x: '%s' lacks '%s'", cases[i].op,
		          diags.items[0].detail, cases[i].words);
		memset(&diags, 0, sizeof diags);
	}
}

Test(decode, rejects_illegal_0xfc_opcode)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xfc, 0x12, 0x0b));
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 1);

	wb_free(&b);
	at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xfc, 0x80, 0x01, 0x0b)); /* 128 */
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 1);
}

Test(decode, rejects_illegal_0xfd_opcode)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xfd, 0x9a, 0x01, 0x0b)); /* 0x9a: a gap */
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 1);

	wb_free(&b);
	at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xfd, 0x94, 0x02, 0x0b)); /* 0x114: past relaxed SIMD */
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 1);

	wb_free(&b);
	at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0xfd, 0x80, 0x80, 0x04, 0x0b)); /* 0x10000 */
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 1);
}

/* 0xfd 0x113, the last relaxed SIMD opcode, decodes. */
Test(decode, accepts_relaxed_simd_opcodes)
{
	static const uint8_t code[] = {
		0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* v128.const 0 */
		0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xfd, 0x93, 0x02, 0x1a, 0x0b, /* i32x4.relaxed_dot_i8x16_i7x16_add_s, drop */
	};
	wb_func_module(&b, WB(T_VOID), code, sizeof code);
	expect_decodes();
	cr_assert_eq(mod->funcs[0].code[3].op, IR_OP_I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S);
}

/* Multi-memory: memory indices where 2.0 had zero bytes. */
Test(decode, reads_memory_indices_of_size_copy_and_init)
{
	static const uint8_t code[] = {
		0x00, 0x3f, 0x81, 0x01, 0x1a,                   /* memory.size 129, drop */
		0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x02, 0x03, /* memory.copy 2 3 */
		0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x04, /* memory.init 0 4 */
		0x0b,
	};
	wb_header(&b);
	wb_section(&b, WB_SEC_TYPE, WB(0x01, 0x60, 0x00, 0x00));
	wb_section(&b, WB_SEC_FUNCTION, WB(0x01, 0x00));
	wb_section(&b, WB_SEC_DATA_COUNT, WB(0x01));
	wb_code_section(&b, code, sizeof code);
	wb_section(&b, WB_SEC_DATA, WB(0x01, 0x01, 0x00)); /* one passive segment */
	expect_decodes();
	const IrInstr *in = mod->funcs[0].code;
	cr_assert_eq(in[0].u.idx.a, 129);
	cr_assert_eq(in[5].u.idx.a, 2);
	cr_assert_eq(in[5].u.idx.b, 3);
	cr_assert_eq(in[9].u.idx.a, 0);
	cr_assert_eq(in[9].u.idx.b, 4);
}

/* memarg flags: bit 6 says a memory index follows the alignment. */
Test(decode, reads_a_memarg_memory_index)
{
	wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x00, 0x28, 0x42, 0x05, 0x10, 0x1a, 0x0b));
	expect_decodes();
	const IrInstr *in = &mod->funcs[0].code[1];
	cr_assert_eq(in->u.mem.align, 2);
	cr_assert_eq(in->u.mem.memory, 5);
	cr_assert_eq(in->u.mem.offset, 16);
}

Test(decode, rejects_memarg_flags_of_128_and_more)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1a, 0x0b));
	expect_malformed(DIAG_MEMOP_FLAGS, at + 4);
}

Test(decode, rejects_negative_block_type)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x7a, 0x0b, 0x0b));
	expect_malformed(DIAG_VALTYPE, at + 2);
}

Test(decode, rejects_else_without_if)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x05, 0x0b));
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 1);

	wb_free(&b); /* else directly inside a block */
	at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x40, 0x05, 0x0b, 0x0b));
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 3);
}

Test(decode, rejects_second_else)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41, 0x00, 0x04, 0x40, 0x05, 0x05,
	                                              0x0b, 0x0b));
	expect_malformed(DIAG_ILLEGAL_OPCODE, at + 6);
}

Test(decode, rejects_body_without_end)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x01));
	expect_malformed(DIAG_END_EXPECTED, at + 2);
}

Test(decode, rejects_body_whose_end_only_closes_a_block)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x02, 0x40, 0x0b));
	expect_malformed(DIAG_END_EXPECTED, at + 4);
}

Test(decode, rejects_immediate_running_off_the_body)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x41));
	expect_malformed(DIAG_UNEXPECTED_END_SECTION, at + 2);
}

Test(decode, rejects_body_continuing_after_its_end)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x0b, 0x01));
	expect_malformed(DIAG_SECTION_SIZE, at + 2);
}

/* ---- locals ---- */

Test(decode, rejects_locals_summing_past_u32)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f,
	                                              0x01, 0x7f, 0x0b));
	expect_malformed(DIAG_TOO_MANY_LOCALS, at + 7);
}

Test(decode, accepts_locals_up_to_the_implementation_limit)
{
	WasmBuf body = { 0 };
	wb_byte(&body, 0x01);
	wb_u32leb(&body, FE_MAX_LOCALS);
	wb_bytes(&body, WB(0x7f, 0x0b));
	wb_func_module(&b, WB(T_VOID), body.p, body.n);
	wb_free(&body);
	expect_decodes();
	cr_assert_eq(mod->funcs[0].nlocals, FE_MAX_LOCALS);
}

Test(decode, rejects_locals_beyond_the_implementation_limit)
{
	WasmBuf body = { 0 };
	wb_byte(&body, 0x01);
	wb_u32leb(&body, FE_MAX_LOCALS + 1);
	wb_bytes(&body, WB(0x7f, 0x0b));
	size_t at = wb_func_module(&b, WB(T_VOID), body.p, body.n);
	wb_free(&body);
	expect_malformed(DIAG_IMPL_LIMIT, at - 1); /* the body's size field */
}

/* ---- malformed encodings of types, kinds and flags ---- */

Test(decode, rejects_malformed_value_type)
{
	wb_header(&b);
	size_t p = section(WB_SEC_TYPE, WB(0x01, 0x60, 0x01, 0x7a, 0x00));
	expect_malformed(DIAG_VALTYPE, p + 3);
}

Test(decode, rejects_malformed_local_type)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x01, 0x01, 0x40, 0x0b));
	expect_malformed(DIAG_VALTYPE, at + 2);
}

Test(decode, rejects_malformed_function_type_form)
{
	wb_header(&b);
	size_t p = section(WB_SEC_TYPE, WB(0x01, 0x61, 0x00, 0x00));
	expect_malformed(DIAG_FUNCTYPE, p + 1);
}

Test(decode, rejects_malformed_reference_type)
{
	wb_header(&b);
	size_t p = section(WB_SEC_TABLE, WB(0x01, 0x7f, 0x00, 0x00));
	expect_malformed(DIAG_REFTYPE, p + 1);
}

Test(decode, rejects_malformed_import_kind)
{
	wb_header(&b);
	size_t p = section(WB_SEC_IMPORT, WB(0x01, 0x01, 'm', 0x01, 'f', 0x05, 0x00)); /* 4 is a tag */
	expect_malformed(DIAG_IMPORT_KIND, p + 5);
}

Test(decode, rejects_malformed_export_kind)
{
	wb_header(&b);
	size_t p = section(WB_SEC_EXPORT, WB(0x01, 0x01, 'e', 0x05, 0x00));
	expect_malformed(DIAG_EXPORT_KIND, p + 3);
}

Test(decode, rejects_malformed_mutability)
{
	wb_header(&b);
	size_t p = section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x02, 0x41, 0x00, 0x0b));
	expect_malformed(DIAG_MUTABILITY, p + 2);
}

Test(decode, rejects_malformed_limits_flags)
{
	wb_header(&b);
	size_t p = section(WB_SEC_MEMORY, WB(0x01, 0x02, 0x00));
	expect_malformed(DIAG_LIMITS_FLAGS, p + 1);
	cr_assert(strstr(diags.items[0].detail, "threads"), "'%s'", diags.items[0].detail);
}

Test(decode, reads_memory64_limits_as_u64)
{
	wb_header(&b);
	/* flags 5: i64, with a maximum; min 1, max 2^40 (six LEB128 bytes) */
	section(WB_SEC_MEMORY, WB(0x01, 0x05, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20));
	expect_decodes();
	cr_assert(mod->mems[0].is64 && mod->mems[0].has_max);
	cr_assert_eq(mod->mems[0].min, 1);
	cr_assert_eq(mod->mems[0].max, UINT64_C(1) << 40);
}

Test(decode, reads_table64_limits_as_u64)
{
	wb_header(&b);
	/* funcref, flags 4: i64, no maximum; min 2^35 (six LEB128 bytes) */
	section(WB_SEC_TABLE, WB(0x01, 0x70, 0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01));
	expect_decodes();
	cr_assert(mod->tables[0].limits.is64 && !mod->tables[0].limits.has_max);
	cr_assert_eq(mod->tables[0].limits.min, UINT64_C(1) << 35);
}

Test(decode, rejects_malformed_elem_segment_flag)
{
	wb_header(&b);
	size_t p = section(WB_SEC_ELEMENT, WB(0x01, 0x08, 0x00));
	expect_malformed(DIAG_ELEM_SEG_KIND, p + 1);
}

Test(decode, rejects_malformed_data_segment_flag)
{
	wb_header(&b);
	size_t p = section(WB_SEC_DATA, WB(0x01, 0x03, 0x00));
	expect_malformed(DIAG_DATA_SEG_KIND, p + 1);
}

Test(decode, rejects_malformed_elem_kind)
{
	wb_header(&b);
	/* a passive segment of function indices whose elemkind is not 0x00 */
	size_t p = section(WB_SEC_ELEMENT, WB(0x01, 0x01, 0x01, 0x00));
	expect_malformed(DIAG_ELEM_KIND, p + 2);
}

Test(decode, rejects_data_segment_longer_than_its_section)
{
	wb_header(&b);
	size_t p = section(WB_SEC_DATA, WB(0x01, 0x01, 0x05, 'a'));
	expect_malformed(DIAG_UNEXPECTED_END_SECTION, p + 2);
}

/* ---- a module with every section ---- */

static size_t hello_at; /* offset of the "hello" custom section's id */
static size_t start_at; /* offset of the start section's id */

/* Functions: 0 imported ([i32] -> [i32]), 1 = [] -> [] (data.drop 0),
 * 2 = [i32] -> [i32] (nested blocks, br_table, if/else). */
static void every_section(void)
{
	WasmBuf code = { 0 }, names = { 0 };
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x02, T_VOID, 0x60, 0x01, 0x7f, 0x01, 0x7f));
	hello_at = b.n;
	section(WB_SEC_CUSTOM, WB(0x05, 'h', 'e', 'l', 'l', 'o', 0x01, 0x02, 0x03));
	section(WB_SEC_IMPORT, WB(0x03,
	                          0x01, 'm', 0x01, 'f', 0x00, 0x01,              /* func, type 1 */
	                          0x01, 'm', 0x01, 't', 0x01, 0x70, 0x00, 0x01,  /* table funcref 1 */
	                          0x01, 'm', 0x01, 'g', 0x03, 0x7f, 0x00));      /* global i32 */
	section(WB_SEC_FUNCTION, WB(0x02, 0x00, 0x01));
	section(WB_SEC_TABLE, WB(0x01, 0x70, 0x01, 0x02, 0x0a));
	section(WB_SEC_MEMORY, WB(0x01, 0x00, 0x01));
	section(WB_SEC_GLOBAL, WB(0x01, 0x7f, 0x01, 0x41, 0x2a, 0x0b));
	section(WB_SEC_EXPORT, WB(0x02, 0x03, 'r', 'u', 'n', 0x00, 0x02, 0x03, 'm', 'e', 'm', 0x02, 0x00));
	start_at = b.n;
	section(WB_SEC_START, WB(0x01));
	section(WB_SEC_ELEMENT, WB(0x02,
	                           0x00, 0x41, 0x00, 0x0b, 0x02, 0x01, 0x02,  /* active, funcs 1 2 */
	                           0x05, 0x70, 0x02, 0xd2, 0x02, 0x0b,        /* passive, exprs: */
	                           0xd0, 0x70, 0x0b));                        /* ref.func 2, ref.null */
	section(WB_SEC_DATA_COUNT, WB(0x01));
	wb_bytes(&code, WB(0x02,
	                   0x05, 0x00, 0xfc, 0x09, 0x00, 0x0b,
	                   0x1a, 0x01, 0x01, 0x7f,   /* one local i32 */
	                   0x02, 0x40,               /*  0 block */
	                   0x02, 0x40,               /*  1   block */
	                   0x20, 0x00,               /*  2     local.get 0 */
	                   0x0e, 0x01, 0x01, 0x00,   /*  3     br_table 1 0 */
	                   0x0b,                     /*  4   end */
	                   0x0b,                     /*  5 end */
	                   0x20, 0x00,               /*  6 local.get 0 */
	                   0x04, 0x7f,               /*  7 if (result i32) */
	                   0x41, 0x01,               /*  8   i32.const 1 */
	                   0x05,                     /*  9 else */
	                   0x41, 0x02,               /* 10   i32.const 2 */
	                   0x0b,                     /* 11 end */
	                   0x0b));                   /* 12 end */
	wb_section_buf(&b, WB_SEC_CODE, &code);
	section(WB_SEC_DATA, WB(0x01, 0x00, 0x41, 0x08, 0x0b, 0x02, 'h', 'i'));
	wb_name(&names, "name");
	wb_bytes(&names, WB(0x01, 0x0b, 0x02, 0x01, 0x03, 'o', 'n', 'e', 0x02, 0x03, 't', 'w', 'o'));
	wb_section_buf(&b, WB_SEC_CUSTOM, &names);
	wb_free(&code);
	wb_free(&names);
}

static bool name_is(IrName n, const char *s)
{
	return n.len == strlen(s) && memcmp(n.p, s, n.len) == 0;
}

Test(decode, decodes_every_section_into_its_index_space)
{
	every_section();
	memset(&diags, 0, sizeof diags);
	mod = fe_module_load(b.p, b.n, &diags); /* and it is valid */
	cr_assert_not_null(mod, "%s at 0x%zx", diag_code_name(diags.items[0].code), diags.items[0].offset);
	cr_assert_eq(mod->ntypes, 2);
	cr_assert_eq(mod->types[1].nparams, 1);
	cr_assert_eq(mod->types[1].params[0], IR_I32);
	cr_assert_eq(mod->nimports, 3);
	cr_assert(name_is(mod->imports[1].name, "t"));
	cr_assert_eq(mod->imports[1].kind, IR_EXTERN_TABLE);
	cr_assert_eq(mod->imports[2].kind, IR_EXTERN_GLOBAL);
	cr_assert_eq(mod->imports[2].index, 0);
	cr_assert_eq(mod->nfuncs, 3);
	cr_assert_eq(mod->nimported_funcs, 1);
	cr_assert_eq(mod->func_types[0], 1);
	cr_assert_eq(mod->func_types[1], 0);
	cr_assert_eq(mod->func_types[2], 1);
	cr_assert_eq(mod->ntables, 2);
	cr_assert_eq(mod->nimported_tables, 1);
	cr_assert_eq(mod->tables[1].limits.min, 2);
	cr_assert_eq(mod->tables[1].limits.max, 10);
	cr_assert(mod->tables[1].limits.has_max);
	cr_assert_eq(mod->nmems, 1);
	cr_assert_eq(mod->nimported_mems, 0);
	cr_assert_eq(mod->mems[0].min, 1);
	cr_assert_not(mod->mems[0].has_max);
	cr_assert_eq(mod->nglobals, 2);
	cr_assert_eq(mod->nimported_globals, 1);
	cr_assert(mod->globals[1].type.mut);
	cr_assert_eq(mod->globals[1].init.n, 2);
	cr_assert_eq(mod->globals[1].init.code[0].op, IR_OP_I32_CONST);
	cr_assert_eq(mod->globals[1].init.code[0].u.i32, 42);
}

Test(decode, decodes_exports_start_data_and_bodies)
{
	every_section();
	expect_decodes();
	cr_assert_eq(mod->nexports, 2);
	cr_assert(name_is(mod->exports[0].name, "run"));
	cr_assert_eq(mod->exports[0].index, 2);
	cr_assert_eq(mod->exports[1].kind, IR_EXTERN_MEMORY);
	cr_assert(mod->has_start);
	cr_assert_eq(mod->start, 1);
	cr_assert_eq(mod->section_offsets[WB_SEC_TYPE], 8);
	cr_assert_eq(mod->section_offsets[WB_SEC_START], start_at);
	cr_assert(mod->has_data_count);
	cr_assert_eq(mod->data_count, 1);
	cr_assert_eq(mod->ndatas, 1);
	cr_assert_eq(mod->datas[0].mode, IR_SEG_ACTIVE);
	cr_assert_eq(mod->datas[0].size, 2);
	cr_assert_eq(memcmp(mod->datas[0].bytes, "hi", 2), 0);
	cr_assert_eq(mod->funcs[0].ncode, 2);
	cr_assert_eq(mod->funcs[0].code[0].op, IR_OP_DATA_DROP);
	cr_assert_eq(mod->funcs[1].nlocals, 1);
	cr_assert_eq(mod->funcs[1].ncode, 13);
}

Test(decode, turns_both_element_encodings_into_ref_func_exprs)
{
	every_section();
	expect_decodes();
	cr_assert_eq(mod->nelems, 2);
	const IrElem *e = &mod->elems[0];
	cr_assert_eq(e->mode, IR_SEG_ACTIVE);
	cr_assert_eq(e->table, 0);
	cr_assert_eq(e->type, IR_FUNCREF | IR_REF_NONNULL, "function indices are (ref func) (3.0)");
	cr_assert_eq(e->offset.code[0].op, IR_OP_I32_CONST);
	cr_assert_eq(e->nitems, 2);
	for (uint32_t i = 0; i < 2; i++) {
		cr_assert_eq(e->items[i].n, 2);
		cr_assert_eq(e->items[i].code[0].op, IR_OP_REF_FUNC);
		cr_assert_eq(e->items[i].code[0].u.idx.a, i + 1);
		cr_assert_eq(e->items[i].code[1].op, IR_OP_END);
	}
	e = &mod->elems[1];
	cr_assert_eq(e->mode, IR_SEG_PASSIVE);
	cr_assert_eq(e->nitems, 2);
	cr_assert_eq(e->items[0].code[0].op, IR_OP_REF_FUNC);
	cr_assert_eq(e->items[0].code[0].u.idx.a, 2);
	cr_assert_eq(e->items[0].code[1].op, IR_OP_END);
	cr_assert_eq(e->items[1].code[0].op, IR_OP_REF_NULL);
	cr_assert_eq(e->items[1].code[0].u.reftype, IR_FUNCREF);
}

Test(decode, records_where_blocks_else_and_end)
{
	every_section();
	expect_decodes();
	const IrInstr *c = mod->funcs[1].code;
	cr_assert_eq(c[0].op, IR_OP_BLOCK);
	cr_assert_eq(c[0].u.block.type.kind, IR_BT_EMPTY);
	cr_assert_eq(c[0].u.block.else_at, 0);
	cr_assert_eq(c[0].u.block.end_at, 5);
	cr_assert_eq(c[1].u.block.end_at, 4);
	cr_assert_eq(c[7].op, IR_OP_IF);
	cr_assert_eq(c[7].u.block.type.kind, IR_BT_VAL);
	cr_assert_eq(c[7].u.block.type.val, IR_I32);
	cr_assert_eq(c[7].u.block.else_at, 9);
	cr_assert_eq(c[7].u.block.end_at, 11);
	cr_assert_eq(c[12].op, IR_OP_END);
	/* offsets are absolute: the if's opcode is 8 bytes before the last end */
	cr_assert_eq(c[12].offset - c[7].offset, 8);
}

Test(decode, records_br_table_labels_with_the_default_last)
{
	every_section();
	expect_decodes();
	const IrFunc *f = &mod->funcs[1];
	const IrInstr *bt = &f->code[3];
	cr_assert_eq(bt->op, IR_OP_BR_TABLE);
	cr_assert_eq(bt->u.br_table.count, 1);
	cr_assert_not_null(f->labels);
	cr_assert_eq(f->labels[bt->u.br_table.first], 1);
	cr_assert_eq(f->labels[bt->u.br_table.first + 1], 0);
}

Test(decode, keeps_custom_sections_and_where_they_stood)
{
	every_section();
	expect_decodes();
	cr_assert_eq(mod->ncustoms, 2);
	const IrCustom *c = &mod->customs[0];
	cr_assert(name_is(c->name, "hello"));
	cr_assert_eq(c->offset, hello_at);
	cr_assert_eq(c->after, WB_SEC_TYPE);
	cr_assert_eq(c->size, 3);
	cr_assert_eq(c->bytes, b.p + hello_at + 8);
	cr_assert(name_is(mod->customs[1].name, "name"));
	cr_assert_eq(mod->customs[1].after, WB_SEC_DATA);
}

Test(decode, parses_function_names)
{
	every_section();
	expect_decodes();
	cr_assert_eq(mod->nfunc_names, 2);
	cr_assert(name_is(ir_func_name(mod, 1), "one"));
	cr_assert(name_is(ir_func_name(mod, 2), "two"));
	cr_assert_eq(ir_func_name(mod, 0).len, 0);
}

Test(decode, ignores_a_broken_name_section)
{
	WasmBuf names = { 0 };
	wb_func_module(&b, WB(T_VOID), WB(0x00, 0x0b));
	wb_name(&names, "name");
	wb_bytes(&names, WB(0x00, 0x02, 0x01, 'm',                            /* module name "m" */
	                    0x01, 0x07, 0x02, 0x01, 0x01, 'a', 0x00, 0x01, 'b')); /* indices 1, 0 */
	wb_section_buf(&b, WB_SEC_CUSTOM, &names);
	wb_free(&names);
	expect_decodes();
	cr_assert_eq(mod->ncustoms, 1);
	cr_assert_eq(mod->nfunc_names, 0);
	cr_assert_eq(mod->module_name.len, 0);
}

Test(decode, ignores_a_truncated_name_subsection)
{
	WasmBuf names = { 0 };
	wb_func_module(&b, WB(T_VOID), WB(0x00, 0x0b));
	wb_name(&names, "name");
	wb_bytes(&names, WB(0x01, 0x09, 0x01, 0x00, 0x03, 'a')); /* size 9, three bytes follow */
	wb_section_buf(&b, WB_SEC_CUSTOM, &names);
	wb_free(&names);
	expect_decodes();
	cr_assert_eq(mod->nfunc_names, 0);
}

/* ---- typed function references (3.0) ---- */

/* A function whose one local has the value type bytes vt. */
static size_t local_of(const uint8_t *vt, size_t n)
{
	uint8_t body[16] = { 0x01, 0x01 };
	memcpy(body + 2, vt, n);
	body[2 + n] = 0x0b;
	return wb_func_module(&b, WB(T_VOID), body, 3 + n);
}

Test(decode, reads_reference_types_of_every_form)
{
	static const struct { uint8_t bytes[3]; size_t n; IrValType want; } cases[] = {
		{ { 0x70 }, 1, IR_FUNCREF }, { { 0x6f }, 1, IR_EXTERNREF }, { { 0x73 }, 1, IR_NULLFUNCREF },
		{ { 0x72 }, 1, IR_NULLEXTERNREF }, { { 0x63, 0x70 }, 2, IR_FUNCREF },
		{ { 0x64, 0x70 }, 2, IR_FUNCREF | IR_REF_NONNULL }, { { 0x64, 0x6f }, 2, IR_EXTERNREF | IR_REF_NONNULL },
		{ { 0x63, 0x00 }, 2, IR_HT_INDEX }, { { 0x64, 0x00 }, 2, IR_HT_INDEX | IR_REF_NONNULL },
		{ { 0x63, 0x81, 0x01 }, 3, IR_HT_INDEX | 129u << IR_TYPE_SHIFT },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		wb_free(&b);
		local_of(cases[i].bytes, cases[i].n);
		expect_decodes();
		cr_assert_eq(mod->funcs[0].runs[0].type, cases[i].want, "case %zu: 0x%x", i, mod->funcs[0].runs[0].type);
		ir_module_free(mod);
		mod = NULL;
	}
}

/* GC's abstract heap types: a shorthand byte, or after 0x63/0x64. */
Test(decode, reads_gc_heap_types)
{
	static const struct { uint8_t bytes[2]; IrValType want; } cases[] = {
		{ { 0x6e, 0 }, IR_ANYREF }, { { 0x64, 0x6d }, IR_EQREF | IR_REF_NONNULL }, { { 0x63, 0x71 }, IR_NULLREF },
		{ { 0x6c, 0 }, IR_I31REF }, { { 0x64, 0x6b }, IR_STRUCTREF | IR_REF_NONNULL }, { { 0x6a, 0 }, IR_ARRAYREF },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		wb_free(&b);
		local_of(cases[i].bytes, cases[i].bytes[1] ? 2 : 1);
		expect_decodes();
		cr_assert_eq(mod->funcs[0].runs[0].type, cases[i].want, "case %zu: 0x%x", i, mod->funcs[0].runs[0].type);
		ir_module_free(mod);
		mod = NULL;
	}
}

Test(decode, refuses_a_type_index_without_its_prefix)
{
	/* 0x05 is no value type: an index needs 0x63 or 0x64 before it */
	size_t at = local_of((const uint8_t[]){ 0x05 }, 1);
	expect_malformed(DIAG_VALTYPE, at + 2);
}

Test(decode, reads_a_table_with_an_initialiser)
{
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, T_VOID));
	section(WB_SEC_FUNCTION, WB(0x01, 0x00));
	/* (table 2 (ref func) (ref.func 0)) */
	section(WB_SEC_TABLE, WB(0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x02, 0xd2, 0x00, 0x0b));
	wb_code_section(&b, WB(0x00, 0x0b));
	expect_decodes();
	cr_assert_eq(mod->tables[0].elem, IR_FUNCREF | IR_REF_NONNULL);
	cr_assert_eq(mod->tables[0].limits.min, 2);
	cr_assert_eq(mod->tables[0].init.n, 2);
	cr_assert_eq(mod->tables[0].init.code[0].op, IR_OP_REF_FUNC);
}

Test(decode, refuses_a_table_initialiser_without_its_zero_byte)
{
	wb_header(&b);
	size_t at = section(WB_SEC_TABLE, WB(0x01, 0x40, 0x01, 0x70, 0x00, 0x02, 0xd0, 0x70, 0x0b));
	expect_malformed(DIAG_ZERO_BYTE, at + 2);
}

Test(decode, reads_the_typed_reference_instructions)
{
	/* call_ref 0; ref.as_non_null; br_on_null 0; br_on_non_null 0; ref.null 0 */
	wb_func_module(&b, WB(T_VOID), WB(0x00, 0x14, 0x00, 0xd4, 0xd5, 0x00, 0xd6, 0x00, 0xd0, 0x00, 0x0b));
	expect_decodes();
	const IrInstr *c = mod->funcs[0].code;
	cr_assert_eq(c[0].op, IR_OP_CALL_REF);
	cr_assert_eq(c[1].op, IR_OP_REF_AS_NON_NULL);
	cr_assert_eq(c[2].op, IR_OP_BR_ON_NULL);
	cr_assert_eq(c[3].op, IR_OP_BR_ON_NON_NULL);
	cr_assert_eq(c[4].op, IR_OP_REF_NULL);
	cr_assert_eq(c[4].u.reftype, IR_HT_INDEX, "ref.null 0 is (ref null 0)");
}

/* ---- exception handling (3.0) ---- */

/* try_table (catch 0 0) (catch_all_ref 1): the clauses are kept in order. */
Test(decode, keeps_try_table_catch_clauses)
{
	WasmBuf mid = { 0 };
	wb_section(&mid, 13, WB(0x01, 0x00, 0x00)); /* one tag of type 0 */
	wb_func_module_with(&b, WB(T_VOID), &mid,
	                    WB(0x00, 0x02, 0x40, 0x02, 0x40, 0x1f, 0x40, 0x02, 0x00, 0x00, 0x00, 0x03, 0x01, 0x0b,
	                       0x0b, 0x0b, 0x0b));
	wb_free(&mid);
	expect_decodes();
	cr_assert_eq(mod->ntags, 1);
	const IrFunc *f = &mod->funcs[0];
	const IrInstr *in = &f->code[2];
	cr_assert_eq(in->op, IR_OP_TRY_TABLE);
	cr_assert_eq(ir_try_ncatches(f, in), 2);
	IrCatch c0 = ir_try_catch(f, in, 0), c1 = ir_try_catch(f, in, 1);
	cr_assert(c0.kind == IR_CATCH && c0.tag == 0 && c0.label == 0);
	cr_assert(c1.kind == IR_CATCH_ALL_REF && c1.label == 1);
	cr_assert_eq(in->u.block.end_at, 3);
}

Test(decode, rejects_catch_clause_kind_4)
{
	size_t at = wb_func_module(&b, WB(T_VOID), WB(0x00, 0x1f, 0x40, 0x01, 0x04, 0x00, 0x0b, 0x0b));
	expect_malformed(DIAG_CATCH_KIND, at + 4);
}

Test(decode, rejects_tag_attribute_other_than_exception)
{
	WasmBuf mid = { 0 };
	wb_section(&mid, 13, WB(0x01, 0x01, 0x00));
	wb_func_module_with(&b, WB(T_VOID), &mid, WB(0x00, 0x0b));
	wb_free(&mid);
	/* header 8, type section 6, function section 4; then the tag
	 * section's id, size and count before the attribute */
	expect_malformed(DIAG_MALFORMED_TAG, 8 + 6 + 4 + 3);
}

Test(decode, reads_tag_imports_and_exports)
{
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, T_VOID));
	section(WB_SEC_IMPORT, WB(0x01, 0x01, 'm', 0x01, 't', 0x04, 0x00, 0x00));
	section(WB_SEC_EXPORT, WB(0x01, 0x01, 'e', 0x04, 0x00));
	expect_decodes();
	cr_assert_eq(mod->nimported_tags, 1);
	cr_assert_eq(mod->ntags, 1);
	cr_assert_eq(mod->imports[0].kind, IR_EXTERN_TAG);
	cr_assert_eq(mod->exports[0].kind, IR_EXTERN_TAG);
}

Test(decode, reads_exnref_value_types)
{
	/* [exnref (ref exn) nullexnref] -> [] */
	wb_header(&b);
	section(WB_SEC_TYPE, WB(0x01, 0x60, 0x03, 0x69, 0x64, 0x69, 0x74, 0x00));
	expect_decodes();
	cr_assert_eq(mod->types[0].params[0], IR_EXNREF);
	cr_assert_eq(mod->types[0].params[1], IR_EXNREF | IR_REF_NONNULL);
	cr_assert_eq(mod->types[0].params[2], IR_NULLEXNREF);
}
