/* tests/unit/frontend/test_component.c: the component frontend
 * (frontend/component/).  Hand-written bytes for each way a component can
 * be malformed, with the code and offset it must report; the limits that
 * keep hostile input bounded (counts, nesting); the name rules, table by
 * table; and a small component whose IR is checked field by field.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend/component/cm.h"
#include "ir/component.h"

#include "../wasm_builder.h"

static WasmBuf b;
static DiagSink diags;
static IrComponent *comp;

static void teardown(void)
{
	ir_component_free(comp);
	comp = NULL;
	wb_free(&b);
}

TestSuite(component, .fini = teardown);

#define PREAMBLE 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00

static IrComponent *load(void)
{
	memset(&diags, 0, sizeof diags);
	comp = fe_component_load(b.p, b.n, &diags);
	return comp;
}

static void expect_valid(void)
{
	load();
	cr_assert_not_null(comp, "rejected: %s at 0x%zx: %s", diag_code_name(diags.items[0].code),
	                   diags.items[0].offset, diags.items[0].detail);
	cr_assert_eq(diags.n, 0);
}

/* Loading b fails with exactly this first diagnostic. */
static void expect_error(DiagCode code, size_t offset)
{
	cr_assert_null(load(), "accepted; expected %s", diag_code_name(code));
	cr_assert_geq(diags.n, 1);
	cr_assert_eq(diags.items[0].code, code, "got %s (%s), expected %s", diag_code_name(diags.items[0].code),
	             diags.items[0].detail, diag_code_name(code));
	cr_assert_eq(diags.items[0].offset, offset, "reported at 0x%zx, expected 0x%zx", diags.items[0].offset, offset);
}

Test(component, empty_component_is_valid)
{
	wb_bytes(&b, WB(PREAMBLE));
	expect_valid();
	cr_assert_eq(comp->nmodules, 0);
	cr_assert_eq(comp->nimports + comp->nexports, 0);
	cr_assert(ir_is_component(b.p, b.n));
}

Test(component, layer_tells_a_component_from_a_module)
{
	static const uint8_t module[] = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };
	static const uint8_t later[] = { 0x00, 0x61, 0x73, 0x6d, 0x0e, 0x00, 0x01, 0x00 };
	cr_assert_not(ir_is_component(module, sizeof module));
	cr_assert(ir_is_component(later, sizeof later)); /* then refused for its version */
	cr_assert_not(ir_is_component(module, 7));
}

Test(component, unknown_version)
{
	wb_bytes(&b, WB(0x00, 0x61, 0x73, 0x6d, 0x0e, 0x00, 0x01, 0x00));
	expect_error(DIAG_VERSION, 4);
}

Test(component, truncated_section)
{
	wb_bytes(&b, WB(PREAMBLE, 0x07, 0x05, 0x01));
	expect_error(DIAG_LENGTH, 10);
}

Test(component, unknown_section_id)
{
	wb_bytes(&b, WB(PREAMBLE, 0x0d, 0x00));
	expect_error(DIAG_CM_SECTION_ID, 8);
}

Test(component, start_section_is_gated)
{
	wb_bytes(&b, WB(PREAMBLE, 0x09, 0x00));
	expect_error(DIAG_CM_GATED, 8);
}

Test(component, section_with_bytes_left_over)
{
	/* one type (u32), then a stray byte inside the section */
	wb_bytes(&b, WB(PREAMBLE, 0x07, 0x03, 0x01, 0x79, 0x00));
	expect_error(DIAG_SECTION_SIZE, 12);
}

Test(component, count_beyond_the_bytes_left_fails_before_allocating)
{
	/* 2^32-1 types in a 6-byte section */
	wb_bytes(&b, WB(PREAMBLE, 0x07, 0x06, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x79));
	expect_error(DIAG_UNEXPECTED_END_SECTION, 10);
}

Test(component, empty_record_is_invalid)
{
	wb_bytes(&b, WB(PREAMBLE, 0x07, 0x03, 0x01, 0x72, 0x00));
	expect_error(DIAG_CM_INVALID_TYPE, 11);
}

Test(component, thirty_three_flags_are_too_many)
{
	WasmBuf p = { 0 };
	wb_byte(&p, 0x01);
	wb_byte(&p, 0x6e);
	wb_u32leb(&p, 33);
	for (int i = 0; i < 33; i++) {
		char name[4] = { 'f', (char)('a' + i / 26), (char)('a' + i % 26), 0 };
		wb_name(&p, name);
	}
	wb_bytes(&b, WB(PREAMBLE));
	wb_section_buf(&b, 0x07, &p);
	wb_free(&p);
	expect_error(DIAG_CM_INVALID_TYPE, 12); /* the section size takes two bytes */
}

Test(component, async_function_type_is_gated)
{
	wb_bytes(&b, WB(PREAMBLE, 0x07, 0x04, 0x01, 0x43, 0x00, 0x00));
	expect_error(DIAG_CM_GATED, 11);
}

Test(component, value_type_index_out_of_range)
{
	/* (type (list 5)) with no type 5 */
	wb_bytes(&b, WB(PREAMBLE, 0x07, 0x03, 0x01, 0x70, 0x05));
	expect_error(DIAG_CM_UNKNOWN_INDEX, 12);
}

Test(component, duplicate_import_names_ignore_case)
{
	/* (type (func)) (import "a-b" (func (type 0))) (import "A-B" (func (type 0))) */
	wb_bytes(&b, WB(PREAMBLE, 0x07, 0x05, 0x01, 0x40, 0x00, 0x01, 0x00,
	                0x0a, 0x0f, 0x02, 0x00, 0x03, 'a', '-', 'b', 0x01, 0x00,
	                0x00, 0x03, 'A', '-', 'B', 0x01, 0x00));
	expect_error(DIAG_CM_DUPLICATE_NAME, 26); /* the second name's length */
}

/* A core module section holding m; its own offsets start after the
 * section header. */
static void core_module_section(const uint8_t *m, size_t n)
{
	wb_section(&b, 0x01, m, n);
}

Test(component, nested_core_module_errors_have_file_offsets)
{
	/* a module whose type section claims 1 byte more than it holds */
	wb_bytes(&b, WB(PREAMBLE));
	core_module_section(WB(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00));
	load();
	cr_assert_null(comp);
	/* the module starts at 10: preamble (8), id, size */
	cr_assert_geq(diags.items[0].offset, 10 + 8, "offset 0x%zx is relative to the module", diags.items[0].offset);
	cr_assert_leq(diags.items[0].offset, b.n);
}

Test(component, a_component_in_a_core_module_section_is_refused)
{
	wb_bytes(&b, WB(PREAMBLE));
	core_module_section(WB(PREAMBLE));
	cr_assert_null(load());
	cr_assert_eq(diags.items[0].code, DIAG_VERSION);
	cr_assert_eq(diags.items[0].offset, 10 + 4);
}

/* depth components, each the only section of the one around it. */
static void nested_components(WasmBuf *out, int depth)
{
	WasmBuf inner = { 0 };
	wb_bytes(&inner, WB(PREAMBLE));
	for (int i = 0; i < depth; i++) {
		WasmBuf outer = { 0 };
		wb_bytes(&outer, WB(PREAMBLE));
		wb_section_buf(&outer, 0x04, &inner);
		wb_free(&inner);
		inner = outer;
	}
	*out = inner;
}

Test(component, nesting_is_capped)
{
	nested_components(&b, CM_MAX_DEPTH + 5);
	cr_assert_null(load());
	cr_assert_eq(diags.items[0].code, DIAG_CM_NESTING);
}

Test(component, nesting_below_the_cap_is_fine)
{
	nested_components(&b, 20);
	expect_valid();
	cr_assert_eq(comp->ncomponents, 1);
	cr_assert_eq(comp->components[0]->ncomponents, 1);
}

Test(component, nested_instance_types_are_capped)
{
	/* (type (instance (type (instance ... ))))), 0x42 count 1, decl 0x01 type */
	WasmBuf p = { 0 };
	int depth = CM_MAX_DEPTH + 5;
	wb_byte(&p, 0x01);
	for (int i = 0; i < depth; i++) {
		wb_byte(&p, 0x42);
		wb_byte(&p, 0x01);
		wb_byte(&p, 0x01);
	}
	wb_byte(&p, 0x79);
	wb_bytes(&b, WB(PREAMBLE));
	wb_section_buf(&b, 0x07, &p);
	wb_free(&p);
	cr_assert_null(load());
	cr_assert_eq(diags.items[0].code, DIAG_CM_NESTING);
}

/* core module exporting f: [] -> [i32]; core instance of it; lift it as
 * (func (result u32)); export it as "f". */
Test(component, lifted_function_lands_in_the_ir)
{
	wb_bytes(&b, WB(PREAMBLE));
	core_module_section(WB(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	                       0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
	                       0x03, 0x02, 0x01, 0x00,
	                       0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,
	                       0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b));
	wb_bytes(&b, WB(0x02, 0x04, 0x01, 0x00, 0x00, 0x00,                 /* core instance: instantiate module 0 */
	                0x06, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 'f', /* alias core export 0 "f" (core func) */
	                0x07, 0x05, 0x01, 0x40, 0x00, 0x00, 0x79,             /* (type (func (result u32))) */
	                0x08, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,       /* canon lift core func 0, no opts, type 0 */
	                0x0b, 0x07, 0x01, 0x00, 0x01, 'f', 0x01, 0x00, 0x00)); /* export "f" (func 0) */
	expect_valid();
	cr_assert_eq(comp->nmodules, 1);
	cr_assert_eq(comp->modules[0]->nexports, 1);
	cr_assert_eq(comp->ninstances, 1);
	cr_assert(comp->instances[0].core);
	cr_assert_eq(comp->ncanons, 1);
	cr_assert_eq(comp->canons[0].kind, IR_CM_CANON_LIFT);
	cr_assert_eq(comp->nexports, 1);
	cr_assert_eq(comp->exports[0].sort, IR_CM_FUNC);
	cr_assert_eq(comp->spaces[IR_CM_FUNC].n, 2); /* the lift, and the export's new index */
	cr_assert_eq(comp->spaces[IR_CM_CORE_FUNC].n, 1);
	const IrCmType *f = &comp->types[comp->exports[0].type];
	cr_assert_eq(f->kind, IR_CMT_FUNC);
	cr_assert(f->has_a);
	cr_assert_eq(comp->types[f->a].prim, IR_CM_U32);
}

Test(component, lift_needs_the_flattened_core_signature)
{
	/* as above, but the lift claims (func (result string)): needs memory */
	wb_bytes(&b, WB(PREAMBLE));
	core_module_section(WB(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	                       0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
	                       0x03, 0x02, 0x01, 0x00,
	                       0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,
	                       0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b));
	wb_bytes(&b, WB(0x02, 0x04, 0x01, 0x00, 0x00, 0x00,
	                0x06, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 'f',
	                0x07, 0x05, 0x01, 0x40, 0x00, 0x00, 0x73,
	                0x08, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00));
	cr_assert_null(load());
	cr_assert_eq(diags.items[0].code, DIAG_CM_CANON, "got %s: %s", diag_code_name(diags.items[0].code),
	             diags.items[0].detail);
}

static bool name_ok(const char *s, bool import)
{
	const char *why;
	return cm_extern_name_valid((IrName){ s, (uint32_t)strlen(s) }, import, &why);
}

Test(component, extern_names)
{
	static const char *const good[] = {
		"a", "a1", "a-1", "B-1-C", "a11-B11-123-ABC-abc", "[constructor]a", "[method]a.b", "[static]a-b.c-d",
		"wasi:http/types", "ns-1-a:b-1-c/D-2", "a:b/c@1.0.0", "a:b/c@0.0.0-abcd.1.2+efg.4.ee.5",
	};
	static const char *const bad[] = {
		"", "1", "1-a", "a-", "a--b", "aBc", "[method]a", "[method]a.", "[static].a", "[method]a.b.c",
		"A:b/c", "ns:pkg-A/b", "wasi:http/TyPeS", "foo:bar:baz/qux", "foo:bar/baz/qux", "a:b/c@", "a:b/c@1.",
		"a:b/c@01.0.0", "a:b/c@2.0.0+", "url=<a>",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		cr_expect(name_ok(good[i], false), "`%s` should be a valid export name", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_not(name_ok(bad[i], false), "`%s` should be refused", bad[i]);
}

Test(component, import_only_names)
{
	static const char *const good[] = {
		"url=<>", "url=<a>,integrity=<sha256-a>", "integrity=<sha512-a sha256-b>", "locked-dep=<a:b@1.2.3>",
		"unlocked-dep=<a:b@{>=1.2.3 <2.0.0}>", "unlocked-dep=<a:b@*>",
	};
	static const char *const bad[] = {
		"url=<<>", "integrity=<>", "integrity=<sha256>", "integrity=<md5-ABC>", "integrity=<sha256-=>",
		"locked-dep=<a:a", "locked-dep=<a:a@1.2.3>x", "unlocked-dep=<a:a@{xyz}>", "relative-url=<a>",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		cr_expect(name_ok(good[i], true), "`%s` should be a valid import name", good[i]);
		cr_expect_not(name_ok(good[i], false), "`%s` is for imports only", good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_not(name_ok(bad[i], true), "`%s` should be refused", bad[i]);
}

static bool clash(const char *x, const char *y)
{
	return cm_names_clash((IrName){ x, (uint32_t)strlen(x) }, (IrName){ y, (uint32_t)strlen(y) });
}

Test(component, strong_uniqueness)
{
	cr_expect(clash("a-b", "A-B"));
	cr_expect(clash("[method]a.a", "a"));
	cr_expect(clash("[method]r.x", "[static]r.x"));
	cr_expect_not(clash("[constructor]a", "a"));
	cr_expect_not(clash("a:b/c", "a:b/c@1.0.0"));
	cr_expect(clash("a:b/c@1.0.0", "a:b/c@1.0.0"));
}
