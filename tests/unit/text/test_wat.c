/* tests/unit/text/test_wat.c: the parser (frontend/text/parse_*.c, wat.c):
 * each abbreviation of the text format gives the same bytes as the form
 * it abbreviates, encodings are checked byte for byte where they are the
 * point, and each text-level error gives its code at its line:column.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/frontend.h"
#include "frontend/text/text.h"

static DiagSink diags;

static uint8_t *convert(const char *src, size_t *n)
{
	memset(&diags, 0, sizeof diags);
	return tx_wat_to_wasm((const uint8_t *)src, strlen(src), &diags, n);
}

static uint8_t *ok(const char *src, size_t *n)
{
	uint8_t *bin = convert(src, n);
	cr_assert(bin, "%s: %s: %s", src, diags.n ? diag_text(diags.items[0].code) : "?",
	          diags.n ? diags.items[0].detail : "");
	return bin;
}

/* An abbreviation and what it stands for: the same binary. */
static void same(const char *abbrev, const char *full)
{
	size_t na, nb;
	uint8_t *a = ok(abbrev, &na), *b = ok(full, &nb);
	cr_expect(na == nb && !memcmp(a, b, na), "%s\n  differs from\n%s", abbrev, full);
	free(a);
	free(b);
}

/* The whole binary after the 8-byte header. */
static void bytes(const char *src, const uint8_t *want, size_t nwant)
{
	size_t n;
	uint8_t *bin = ok(src, &n);
	cr_expect_eq(n, 8 + nwant, "%s: %zu bytes", src, n);
	cr_expect(n == 8 + nwant && !memcmp(bin + 8, want, nwant), "%s: other bytes", src);
	free(bin);
}
#define BYTES(src, ...) \
	do { \
		static const uint8_t want_[] = { __VA_ARGS__ }; \
		bytes(src, want_, sizeof want_); \
	} while (0)

/* An error: its code, and where tx_diag_print puts it. */
static void error(const char *src, DiagCode code, const char *where)
{
	size_t n;
	uint8_t *bin = convert(src, &n);
	cr_assert_null(bin, "%s converts", src);
	cr_assert_geq(diags.n, 1);
	cr_expect_eq(diags.items[0].code, code, "%s: %s, not %s", src, diag_text(diags.items[0].code),
	             diag_text(code));
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	tx_diag_print(&diags.items[0], "x.wat", (const uint8_t *)src, strlen(src), f);
	fclose(f);
	cr_expect(!strncmp(text, where, strlen(where)), "%s: printed %s, expected %s...", src, text, where);
	free(text);
}

/* Converts, and the validator then refuses it. */
static void invalid(const char *src)
{
	size_t n;
	uint8_t *bin = ok(src, &n);
	DiagSink d = { 0 };
	IrModule *m = fe_module_load(bin, n, &d);
	cr_expect_null(m, "%s validates", src);
	ir_module_free(m);
	free(bin);
}

/* ---- modules ---- */

Test(module, empty_module_and_empty_file)
{
	BYTES("(module)");
	BYTES("");
	BYTES("(module $m)");
}

Test(module, bare_fields_are_a_module)
{
	same("(func) (memory 1)", "(module (func) (memory 1))");
}

Test(module, binary_module_is_its_bytes)
{
	BYTES("(module binary \"\\00asm\" \"\\01\\00\\00\\00\" \"\\05\\03\\01\\00\\01\")", 0x05, 0x03, 0x01, 0x00, 0x01);
}

Test(module, quoted_module_is_read_as_text)
{
	same("(module quote \"(memory 1)\" \"(func)\")", "(module (memory 1) (func))");
	error("(module quote \"(func bogus)\")", DIAG_TEXT_UNKNOWN_OPERATOR, "x.wat:1:15:");
}

Test(module, inline_exports)
{
	same("(module (func (export \"a\") (export \"b\")))",
	     "(module (func $f) (export \"a\" (func $f)) (export \"b\" (func $f)))");
	same("(module (memory (export \"m\") 1) (table (export \"t\") 1 funcref) (global (export \"g\") i32 (i32.const 0)))",
	     "(module (memory 1) (table 1 funcref) (global i32 (i32.const 0))"
	     " (export \"m\" (memory 0)) (export \"t\" (table 0)) (export \"g\" (global 0)))");
}

Test(module, inline_imports)
{
	same("(module (func $f (import \"m\" \"f\") (param i32)))",
	     "(module (import \"m\" \"f\" (func $f (param i32))))");
	same("(module (memory (import \"m\" \"mem\") 1 2) (table (import \"m\" \"t\") 1 funcref)"
	     " (global (import \"m\" \"g\") (mut i32)))",
	     "(module (import \"m\" \"mem\" (memory 1 2)) (import \"m\" \"t\" (table 1 funcref))"
	     " (import \"m\" \"g\" (global (mut i32))))");
	same("(module (func (export \"e\") (import \"m\" \"f\")))",
	     "(module (import \"m\" \"f\" (func)) (export \"e\" (func 0)))");
}

Test(module, imports_come_first)
{
	error("(module (func) (import \"m\" \"f\" (func)))", DIAG_TEXT_IMPORT_AFTER_FUNC, "x.wat:1:16:");
	error("(module (global i32 (i32.const 0)) (memory (import \"m\" \"m\") 1))", DIAG_TEXT_IMPORT_AFTER_GLOBAL,
	      "x.wat:1:36:");
	error("(module (memory 1) (table (import \"m\" \"t\") 1 funcref))", DIAG_TEXT_IMPORT_AFTER_MEMORY, "x.wat:1:20:");
	error("(module (table 1 funcref) (global (import \"m\" \"g\") i32))", DIAG_TEXT_IMPORT_AFTER_TABLE, "x.wat:1:27:");
}

Test(module, implicit_types_reuse_the_first_match_and_follow_explicit_ones)
{
	/* the explicit type 0 is [] -> []; (param i32) is new: type 1, once */
	same("(module (type (func)) (func (param i32)) (func (param i32)) (func))",
	     "(module (type (func)) (type (func (param i32))) (func (type 1)) (func (type 1)) (func (type 0)))");
	/* an explicit type later in the text is still found */
	same("(module (func (result i32) (i32.const 0)) (type (func (result i32))))",
	     "(module (type (func (result i32))) (func (type 0) (i32.const 0)))");
	same("(module (type $t (func (param i32))) (func (type $t) (param i32)))",
	     "(module (type $t (func (param i32))) (func (type $t)))");
}

Test(module, inline_type_must_match)
{
	error("(module (type $t (func (param i32))) (func (type $t) (param i64)))", DIAG_TEXT_INLINE_TYPE,
	      "x.wat:1:54:");
	error("(module (func (type 3) (param i32)))", DIAG_UNKNOWN_TYPE, "x.wat:1:21:");
	invalid("(module (func (type 3)))"); /* a bare index is the validator's */
}

Test(module, params_and_locals_are_named)
{
	same("(module (func (param $a i32) (param $b i64) (local $c f32) (local.get $b) (drop) (local.get $c) (drop)))",
	     "(module (func (param i32 i64) (local f32) (local.get 1) (drop) (local.get 2) (drop)))");
	/* with (type x) alone the parameters still take local indices */
	same("(module (type (func (param i32 i32))) (func (type 0) (local $x i32) (local.set $x (local.get 0))))",
	     "(module (type (func (param i32 i32))) (func (type 0) (local i32) (local.set 2 (local.get 0))))");
	/* runs of equal local types are grouped */
	BYTES("(module (func (local i32 i32 i64)))", 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
	      0x0a, 0x08, 0x01, 0x06, 0x02, 0x02, 0x7f, 0x01, 0x7e, 0x0b);
}

Test(module, duplicate_ids)
{
	error("(module (func $f) (func $f))", DIAG_TEXT_DUPLICATE_FUNC, "x.wat:1:25:");
	error("(module (func (param $x i32) (local $x i32)))", DIAG_TEXT_DUPLICATE_LOCAL, "x.wat:1:37:");
	error("(module (memory $m 1) (memory $m 1))", DIAG_TEXT_DUPLICATE_MEMORY, "x.wat:1:31:");
	error("(module (global $g i32 (i32.const 0)) (global $g i32 (i32.const 0)))", DIAG_TEXT_DUPLICATE_GLOBAL,
	      "x.wat:1:47:");
	error("(module (table $t 1 funcref) (table $t 1 funcref))", DIAG_TEXT_DUPLICATE_TABLE, "x.wat:1:37:");
}

Test(module, unknown_ids)
{
	error("(module (func call $g))", DIAG_UNKNOWN_FUNC, "x.wat:1:20:");
	error("(module (func (local.get $x)))", DIAG_UNKNOWN_LOCAL, "x.wat:1:26:");
	error("(module (export \"g\" (global $g)))", DIAG_UNKNOWN_GLOBAL, "x.wat:1:29:");
	error("(module (func (type $t)))", DIAG_UNKNOWN_TYPE, "x.wat:1:21:");
}

Test(module, start_once)
{
	same("(module (func $s) (start $s))", "(module (func) (start 0))");
	error("(module (func) (start 0) (start 0))", DIAG_TEXT_MULTIPLE_START, "x.wat:1:26:");
}

Test(module, table_with_inline_elements)
{
	same("(module (func $f) (table funcref (elem $f $f)))",
	     "(module (func $f) (table 2 2 funcref) (elem (table 0) (i32.const 0) func $f $f))");
	same("(module (func $f) (table funcref (elem (ref.func $f))))",
	     "(module (func $f) (table 1 1 funcref) (elem (i32.const 0) funcref (ref.func $f)))");
}

Test(module, memory_with_inline_data)
{
	same("(module (memory (data \"ab\" \"c\")))",
	     "(module (memory 1 1) (data (memory 0) (i32.const 0) \"abc\"))");
	same("(module (memory (data)))", "(module (memory 0 0) (data (i32.const 0) \"\"))");
}

Test(module, segment_forms)
{
	same("(module (memory 1) (data (i32.const 8) \"x\"))", "(module (memory 1) (data (offset (i32.const 8)) \"x\"))");
	same("(module (memory 1) (data 0 (i32.const 8) \"x\"))", "(module (memory 1) (data (memory 0) (i32.const 8) \"x\"))");
	same("(module (func) (table 1 funcref) (elem (i32.const 0) 0))",
	     "(module (func) (table 1 funcref) (elem (table 0) (offset (i32.const 0)) func 0))");
	same("(module (func) (elem funcref (item ref.func 0) (ref.null func)))",
	     "(module (func) (elem funcref (item (ref.func 0)) (item ref.null func)))");
	/* passive and declarative */
	BYTES("(module (elem func) (elem declare func))", 0x09, 0x07, 0x02, 0x01, 0x00, 0x00, 0x03, 0x00, 0x00);
	BYTES("(module (data \"hi\"))", 0x0b, 0x05, 0x01, 0x01, 0x02, 'h', 'i');
}

Test(module, names_must_be_utf8)
{
	error("(module (func (export \"\\ff\")))", DIAG_UTF8, "x.wat:1:23:");
}

/* ---- instructions ---- */

Test(instr, folded_is_plain_in_operand_order)
{
	same("(module (func (result i32) (i32.add (i32.const 1) (i32.mul (i32.const 2) (i32.const 3)))))",
	     "(module (func (result i32) i32.const 1 i32.const 2 i32.const 3 i32.mul i32.add))");
	same("(module (func (param i32) (if (local.get 0) (then (nop)) (else (unreachable)))))",
	     "(module (func (param i32) local.get 0 if nop else unreachable end))");
	same("(module (func (block $b (loop $l (br $l) (br $b)))))",
	     "(module (func block $b loop $l br $l br $b end end))");
}

Test(instr, labels_resolve_innermost_first)
{
	same("(module (func block $a block $b br $a br $b end end))", "(module (func block block br 1 br 0 end end))");
	same("(module (func block $a block $a br $a end end))", "(module (func block block br 0 end end))");
	same("(module (func block $a end $a))", "(module (func block end))");
	error("(module (func block $a end $b))", DIAG_TEXT_MISMATCHING_LABEL, "x.wat:1:28:");
	error("(module (func block end $b))", DIAG_TEXT_MISMATCHING_LABEL, "x.wat:1:25:");
	error("(module (func br $nowhere))", DIAG_UNKNOWN_LABEL, "x.wat:1:18:");
	error("(module (func block))", DIAG_TEXT_UNEXPECTED_TOKEN, "x.wat:1:");
	error("(module (func end))", DIAG_TEXT_UNEXPECTED_TOKEN, "x.wat:1:15:");
}

/* Ids are looked up in constant time whatever the nesting, shadowing
 * included: 20000 blocks, a br to each level's own and to the outermost. */
Test(instr, labels_deep)
{
	enum { DEPTH = 20000 };
	char *a = malloc(DEPTH * 80 + 64), *b = malloc(DEPTH * 80 + 64), *pa = a, *pb = b;
	pa += sprintf(pa, "(module (func ");
	pb += sprintf(pb, "(module (func ");
	for (int i = 0; i < DEPTH; i++) {
		pa += sprintf(pa, "block $b%d block $s br $s br $b0 end ", i);
		pb += sprintf(pb, "block block br 0 br %d end ", i + 1);
	}
	for (int i = 0; i < DEPTH; i++) {
		pa += sprintf(pa, "end $b%d ", DEPTH - 1 - i);
		pb += sprintf(pb, "end ");
	}
	sprintf(pa, "))");
	sprintf(pb, "))");
	size_t na, nb;
	uint8_t *ba = convert(a, &na), *bb = convert(b, &nb); /* messages without the megabytes */
	cr_expect(ba && bb && na == nb && !memcmp(ba, bb, na), "ids and depths differ");
	free(ba);
	free(bb);
	free(a);
	free(b);
}

Test(instr, br_table)
{
	/* vec(labels) then the default */
	BYTES("(module (func block block (br_table 0 1 0 (i32.const 0)) end end))", 0x01, 0x04, 0x01, 0x60, 0x00,
	      0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x11, 0x01, 0x0f, 0x00, 0x02, 0x40, 0x02, 0x40, 0x41, 0x00,
	      0x0e, 0x02, 0x00, 0x01, 0x00, 0x0b, 0x0b, 0x0b);
}

Test(instr, block_types)
{
	/* [] -> [i32] is the value type; anything else a type index */
	same("(module (func (result i32) (block (result i32) (i32.const 1))))",
	     "(module (func (result i32) block (result i32) i32.const 1 end))");
	same("(module (func (param i32) (result i32) (local.get 0) (block (param i32) (result i32))))",
	     "(module (type (func (param i32) (result i32))) (func (type 0) (local.get 0) (block (type 0))))");
}

Test(instr, memarg)
{
	same("(module (memory 1) (func (drop (i32.load (i32.const 0)))))",
	     "(module (memory 1) (func (drop (i32.load offset=0 align=4 (i32.const 0)))))");
	BYTES("(module (memory 1) (func (drop (i64.load16_s offset=0x10 align=1 (i32.const 0)))))", 0x01, 0x04,
	      0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0a, 0x0a, 0x01,
	      0x08, 0x00, 0x41, 0x00, 0x32, 0x00, 0x10, 0x1a, 0x0b);
	error("(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))", DIAG_TEXT_ALIGNMENT, "x.wat:1:42:");
	error("(module (memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0)))))",
	      DIAG_TEXT_I32_CONST_RANGE, "x.wat:1:42:");
	invalid("(module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))");
}

Test(instr, constants)
{
	same("(module (func (drop (i32.const 0xffffffff))))", "(module (func (drop (i32.const -1))))");
	error("(module (func (drop (i32.const 0x100000000))))", DIAG_TEXT_CONST_RANGE, "x.wat:1:32:");
	error("(module (func (drop (i32.const 0x))))", DIAG_TEXT_UNKNOWN_OPERATOR, "x.wat:1:32:");
	error("(module (func (drop (f32.const nan:0x800000))))", DIAG_TEXT_CONST_RANGE, "x.wat:1:32:");
	BYTES("(module (func (drop (f32.const -0x1p-1))))", 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01,
	      0x00, 0x0a, 0x0a, 0x01, 0x08, 0x00, 0x43, 0x00, 0x00, 0x00, 0xbf, 0x1a, 0x0b);
}

Test(instr, select_and_references)
{
	BYTES("(module (func (result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0))))",
	      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00,
	      0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1c, 0x01, 0x7f, 0x0b);
	same("(module (func (drop (ref.null extern))))", "(module (func ref.null extern drop))");
	invalid("(module (func (result i32 i32) (select (result i32 i32) (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 0))))");
}

Test(instr, tables_and_bulk)
{
	same("(module (table $t 1 funcref) (elem $e func) (func (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0))))",
	     "(module (table 1 funcref) (elem func) (func (table.init 0 (i32.const 0) (i32.const 0) (i32.const 0))))");
	same("(module (table 1 funcref) (func (drop (table.size))))", "(module (table 1 funcref) (func (drop (table.size 0))))");
	same("(module (table 1 funcref) (func (table.copy (i32.const 0) (i32.const 0) (i32.const 0))))",
	     "(module (table 1 funcref) (func (table.copy 0 0 (i32.const 0) (i32.const 0) (i32.const 0))))");
	/* memory.init needs the data count section */
	BYTES("(module (memory 1) (data \"\") (func (data.drop 0)))", 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
	      0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0c, 0x01, 0x01, 0x0a, 0x07, 0x01, 0x05, 0x00, 0xfc,
	      0x09, 0x00, 0x0b, 0x0b, 0x03, 0x01, 0x01, 0x00);
}

Test(instr, simd)
{
	same("(module (func (drop (v128.const i32x4 1 2 3 4))))",
	     "(module (func (drop (v128.const i8x16 1 0 0 0 2 0 0 0 3 0 0 0 4 0 0 0))))");
	error("(module (func (drop (v128.const i32x4 1 2 3))))", DIAG_TEXT_LANE_LITERALS, "x.wat:1:33:");
	error("(module (func (drop (i8x16.shuffle 0 1 2 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))))",
	      DIAG_TEXT_LANE_LENGTH, "x.wat:1:36:");
	error("(module (func (drop (i8x16.extract_lane_s 256 (v128.const i64x2 0 0)))))", DIAG_TEXT_LANE_INDEX,
	      "x.wat:1:43:");
	invalid("(module (func (drop (i8x16.extract_lane_s 16 (v128.const i64x2 0 0)))))");
}

Test(instr, unknown_operator)
{
	error("(module (func i32.bogus))", DIAG_TEXT_UNKNOWN_OPERATOR, "x.wat:1:15:");
	error("(module\n  (func\n    (nop) (i64.frob)))", DIAG_TEXT_UNKNOWN_OPERATOR, "x.wat:3:12:");
	error("(module (func (param i32) (result i32) (local.get 0) (block (result i32) (param i32))))",
	      DIAG_TEXT_UNEXPECTED_TOKEN, "x.wat:1:");
}

/* ---- 3.0 syntax: encoded here, though the decoder does not read it yet ---- */

Test(instr, three_point_oh)
{
	/* return_call 0x12 (from ir/opcodes.def now), a memory index in a
	 * memarg (flag bit 6), i64 memories */
	BYTES("(module (func return_call 0))", 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
	      0x06, 0x01, 0x04, 0x00, 0x12, 0x00, 0x0b);
	BYTES("(module (memory 1) (memory $m i64 1) (func (drop (i32.load $m offset=8 (i64.const 0)))))", 0x01,
	      0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x05, 0x02, 0x00, 0x01, 0x04, 0x01,
	      0x0a, 0x0b, 0x01, 0x09, 0x00, 0x42, 0x00, 0x28, 0x42, 0x01, 0x08, 0x1a, 0x0b);
	/* a tag, throw, and try_table's catch clauses (labels outside the block) */
	BYTES("(module (tag $e) (func block $h (try_table (catch $e $h) (catch_all 0) (throw $e)) end))", 0x01,
	      0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0d, 0x03, 0x01, 0x00, 0x00, 0x0a, 0x12,
	      0x01, 0x10, 0x00, 0x02, 0x40, 0x1f, 0x40, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x08, 0x00, 0x0b,
	      0x0b, 0x0b);
}

/* Tail calls: both forms, with their abbreviations, decode and validate;
 * the callee's results must be the caller's. */
static void valid(const char *src)
{
	size_t n;
	uint8_t *bin = ok(src, &n);
	DiagSink d = { 0 };
	IrModule *m = fe_module_load(bin, n, &d);
	cr_expect_not_null(m, "%s: %s", src, d.n ? d.items[0].detail : "");
	ir_module_free(m);
	free(bin);
}

Test(instr, tail_calls)
{
	BYTES("(module (type (func)) (table 1 funcref) (func (return_call_indirect (type 0) (i32.const 0))))",
	      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
	      0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x00, 0x13, 0x00, 0x00, 0x0b);
	same("(module (table 1 funcref) (func (result i32) (return_call_indirect (param i64) (result i32) (i64.const 1) (i32.const 0))))",
	     "(module (type (func (result i32))) (type (func (param i64) (result i32))) (table 1 funcref)"
	     " (func (type 0) i64.const 1 i32.const 0 return_call_indirect 0 (type 1)))");
	valid("(module (func $f (param i64) (result i32) (return_call $f (local.get 0))))");
	valid("(module (table $t 1 funcref) (func (param i32) (result i64 f32)"
	      " (return_call_indirect $t (param i32) (result i64 f32) (local.get 0) (i32.const 0)) (drop)))");
	invalid("(module (func $f (result i32) (return_call $g)) (func $g (result i64) (i64.const 0)))");
	invalid("(module (func $f (result i32) (return_call $g)) (func $g))");
	invalid("(module (func $f (param i32) (return_call $f)))");
	invalid("(module (table 1 externref) (func (return_call_indirect (i32.const 0))))");
}

Test(module, gc_type_definitions)
{
	/* a struct, an array, a subtype chain in a rec group, a singleton
	 * group written as its type alone: four entries for five types */
	BYTES("(module (type $s (struct (field $x i32) (field (mut i64) i8))) (type (array (mut i16)))"
	      " (rec (type $a (sub (func))) (type $b (sub final $a (func)))) (rec (type (func))))",
	      0x01, 0x1c, 0x04, 0x5f, 0x03, 0x7f, 0x00, 0x7e, 0x01, 0x78, 0x00, 0x5e, 0x77, 0x01, 0x4e, 0x02,
	      0x50, 0x00, 0x60, 0x00, 0x00, 0x4f, 0x01, 0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00);
	/* an inline type use takes only a final function type alone in its group */
	same("(module (rec (type (func)) (type (func))) (func))",
	     "(module (rec (type (func)) (type (func))) (type (func)) (func (type 2)))");
	same("(module (rec (type (func))) (func))", "(module (type (func)) (func (type 0)))");
	same("(module (type (sub (func))) (func))", "(module (type (sub (func))) (type (func)) (func (type 1)))");
}

/* ---- limits of the input ---- */

Test(module, quotes_nest_only_so_deep)
{
	/* each level quotes the next with \22 for its quotation marks, and
	 * \5c for the backslashes of the levels inside */
	char src[4096] = "(module)", next[4096];
	for (int level = 0; level < 12; level++) {
		char *o = next;
		o += sprintf(o, "(module quote \"");
		for (const char *c = src; *c; c++)
			o += *c == '"' ? sprintf(o, "\\22") : *c == '\\' ? sprintf(o, "\\5c") : sprintf(o, "%c", *c);
		sprintf(o, "\")");
		strcpy(src, next);
		size_t n;
		uint8_t *bin = convert(src, &n);
		if (level < TX_MAX_QUOTES) {
			cr_expect_not_null(bin, "%d levels", level + 1);
		} else {
			cr_expect_null(bin, "%d levels", level + 1);
			cr_expect_eq(diags.items[0].code, DIAG_TEXT_NESTING);
		}
		free(bin);
	}
}

Test(instr, deep_plain_nesting_needs_no_recursion)
{
	enum { DEPTH = 100000 };
	size_t cap = 32 + DEPTH * 10;
	char *src = malloc(cap), *p = src;
	p += sprintf(p, "(module (func ");
	for (int i = 0; i < DEPTH; i++)
		p += sprintf(p, "block ");
	for (int i = 0; i < DEPTH; i++)
		p += sprintf(p, "end ");
	sprintf(p, "))");
	size_t n;
	free(ok(src, &n));
	free(src);
}

Test(instr, deep_folded_nesting_stops_at_the_tree_limit)
{
	size_t cap = 64 + TX_SEXPR_MAX_DEPTH * 16;
	char *src = malloc(cap), *p = src;
	p += sprintf(p, "(module (func ");
	for (int i = 0; i < TX_SEXPR_MAX_DEPTH; i++)
		p += sprintf(p, "(block ");
	for (int i = 0; i < TX_SEXPR_MAX_DEPTH; i++)
		p += sprintf(p, ")");
	sprintf(p, "))");
	size_t n;
	cr_expect_null(convert(src, &n));
	cr_expect_eq(diags.items[0].code, DIAG_TEXT_NESTING);
	/* just inside the limit: the recursion over it fits the stack */
	p = src + sprintf(src, "(module (func ");
	for (int i = 0; i < TX_SEXPR_MAX_DEPTH - 3; i++)
		p += sprintf(p, "(block ");
	for (int i = 0; i < TX_SEXPR_MAX_DEPTH - 3; i++)
		p += sprintf(p, ")");
	sprintf(p, "))");
	free(ok(src, &n));
	free(src);
}

/* ---- typed function references (3.0) ---- */

Test(typedref, reference_types_by_id_and_their_shorthands)
{
	same("(module (type $t (func)) (func (local (ref null $t) (ref $t) (ref func) (ref null func))))",
	     "(module (type (func)) (func (local (ref null 0) (ref 0) (ref func) funcref)))");
	/* (ref null 0) is 0x63 0x00, (ref func) 0x64 0x70, (ref null func) the byte 0x70 */
	BYTES("(module (type (func)) (func (local (ref null 0) (ref func) (ref null func))))",
	      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
	      0x0a, 0x0c, 0x01, 0x0a, 0x03, 0x01, 0x63, 0x00, 0x01, 0x64, 0x70, 0x01, 0x70, 0x0b);
}

Test(typedref, instructions_take_type_ids_and_labels)
{
	same("(module (type $t (func (param i32))) (func $f (param (ref $t))"
	     " (block $l (br_on_null $l (local.get 0)) (call_ref $t (i32.const 1)))"
	     " (ref.as_non_null (ref.null $t)) drop))",
	     "(module (type (func (param i32))) (func (param (ref 0))"
	     " block local.get 0 br_on_null 0 i32.const 1 call_ref 0 end"
	     " ref.null 0 ref.as_non_null drop))");
}

Test(typedref, a_table_with_an_initialiser)
{
	/* 0x40 0x00, the element type, the limits, the expression */
	BYTES("(module (type (func)) (func $f) (table 2 (ref 0) (ref.func $f)))",
	      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
	      0x04, 0x0a, 0x01, 0x40, 0x00, 0x64, 0x00, 0x00, 0x02, 0xd2, 0x00, 0x0b,
	      0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b);
	invalid("(module (type (func)) (table 2 (ref 0)))");
}

/* ---- annotations (annot.c) ---- */

/* The module the text makes, loaded (valid). */
static IrModule *load(const char *src)
{
	size_t n;
	uint8_t *bin = ok(src, &n);
	DiagSink d = { 0 };
	IrModule *m = fe_module_load(bin, n, &d);
	cr_assert_not_null(m, "%s: %s", src, d.n ? d.items[0].detail : "");
	m->owned_bytes = bin;
	return m;
}

Test(annot, ignored_where_nothing_reads_them)
{
	same("((@a) module (@a) $m (@a) (func (@a) $f (@a) (param (@a) i32) (@a)) (@a))",
	     "(module $m (func $f (param i32)))");
	same("(module (type (@x \"y\") $t (func)) (func (type $t) (@a) nop (@b)))",
	     "(module (type $t (func)) (func (type $t) nop))");
}

Test(annot, custom_sections_in_their_place)
{
	IrModule *m = load("(module (@custom \"a\" (after func) \"x\" \"y\") (func) (@custom \"b\" \"z\")"
	                   " (@custom \"c\" (before first)) (@custom \"d\" (after nothing)) (@custom 4))");
	cr_assert_eq(m->ncustoms, 3, "the two malformed ones are left out");
	cr_expect(m->customs[0].name.len == 1 && m->customs[0].name.p[0] == 'c');
	cr_expect_eq(m->customs[0].after, 0, "before the first section");
	cr_expect(m->customs[1].name.p[0] == 'a' && m->customs[1].size == 2 && !memcmp(m->customs[1].bytes, "xy", 2));
	cr_expect_eq(m->customs[1].after, IR_SEC_FUNCTION);
	cr_expect(m->customs[2].name.p[0] == 'b' && m->customs[2].after == IR_SEC_CODE);
	ir_module_free(m);
}

Test(annot, names_of_the_module_and_functions)
{
	IrModule *m = load("(module (@name \"Modül\") (func) (func $f (@name \"λ\")) (func (@name \"g\") (result i32)"
	                   " i32.const 0))");
	cr_expect(m->module_name.len == 6 && !memcmp(m->module_name.p, "Modül", 6));
	cr_assert_eq(m->nfunc_names, 2);
	cr_expect(m->func_names[0].index == 1 && !memcmp(m->func_names[0].name.p, "λ", 2));
	cr_expect(m->func_names[1].index == 2 && m->func_names[1].name.p[0] == 'g');
	ir_module_free(m);
}

/* Hints land on the if or br_if they precede, plain or folded, after its
 * operands; the decoder takes them as it takes a binary's. */
Test(annot, branch_hints_reach_the_module)
{
	IrModule *m = load("(module (func (param i32) (result i32)"
	                   " (@metadata.code.branch_hint \"\\01\") (if (local.get 0) (then))"
	                   " (block (@metadata.code.branch_hint \"\\00\") (br_if 0 (local.get 0)))"
	                   " local.get 0 (@metadata.code.branch_hint \"\\00\") if end"
	                   " (@metadata.code.branch_hint \"\\02\") local.get 0 if end i32.const 1))");
	cr_assert_eq(m->nbranch_hints, 3);
	const IrFunc *f = &m->funcs[0];
	bool want[] = { true, false, false };
	uint32_t seen = 0;
	for (uint32_t i = 0; i < f->ncode; i++) {
		const IrBranchHint *h = ir_branch_hint(m, f->code[i].offset);
		if (!h)
			continue;
		cr_expect(f->code[i].op == IR_OP_IF || f->code[i].op == IR_OP_BR_IF);
		cr_expect_eq(h->likely, want[seen]);
		seen++;
	}
	cr_expect_eq(seen, 3);
	ir_module_free(m);
}
