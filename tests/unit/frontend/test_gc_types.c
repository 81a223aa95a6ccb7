/* tests/unit/frontend/test_gc_types.c: garbage collection's types in the
 * frontend: iso-recursive canonicalisation (IrModule.canon), subtyping
 * (ir_valtype_sub with declared supertypes and the abstract hierarchies),
 * the rules of declared supertypes, a few instruction rules, and
 * ir_module_uses_gc, which the lowering refuses by.  Modules are written
 * in the text format. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/frontend.h"
#include "frontend/text/text.h"

static DiagSink diags;
static IrModule *mod;

static void teardown(void)
{
	ir_module_free(mod);
	mod = NULL;
}

TestSuite(gc_types, .fini = teardown);

static IrModule *load(const char *wat)
{
	size_t size;
	memset(&diags, 0, sizeof diags);
	uint8_t *bin = tx_wat_to_wasm((const uint8_t *)wat, strlen(wat), &diags, &size);
	cr_assert_not_null(bin, "text rejected: %s (%s)", diags.n ? diag_code_name(diags.items[0].code) : "?",
	                   diags.n ? diags.items[0].detail : "");
	IrModule *m = fe_module_load(bin, size, &diags);
	if (m)
		m->owned_bytes = bin;
	else
		free(bin);
	return m;
}

static void valid(const char *wat)
{
	mod = load(wat);
	cr_assert_not_null(mod, "rejected: %s (%s)", diag_code_name(diags.items[0].code), diags.items[0].detail);
}

static void invalid(const char *wat, DiagCode code)
{
	mod = load(wat);
	cr_assert_null(mod, "accepted; expected %s", diag_code_name(code));
	cr_assert_eq(diags.items[0].code, code, "got %s (%s), expected %s", diag_code_name(diags.items[0].code),
	             diags.items[0].detail, diag_code_name(code));
}

static IrValType ref(uint32_t x, bool nullable)
{
	return ir_ref_typed(x, nullable);
}

Test(gc_types, equal_groups_share_a_class)
{
	valid("(module (rec (type $a (struct (field (ref null $b)))) (type $b (struct (field (ref null $a)))))"
	      "        (rec (type $c (struct (field (ref null $d)))) (type $d (struct (field (ref null $c))))))");
	cr_assert_eq(mod->ntypes, 4);
	cr_assert_eq(mod->canon[2], 0);
	cr_assert_eq(mod->canon[3], 1);
	cr_assert(ir_valtype_sub(mod, ref(3, false), ref(1, true)));
}

Test(gc_types, a_type_alone_differs_from_it_in_a_group)
{
	valid("(module (type (struct)) (rec (type (struct)) (type (struct))) (rec (type (struct)) (type (struct))))");
	cr_assert_neq(mod->canon[1], mod->canon[0]);
	cr_assert_neq(mod->canon[2], mod->canon[1]); /* second of its group, not the first */
	cr_assert_eq(mod->canon[3], 1);
	cr_assert_eq(mod->canon[4], 2);
}

Test(gc_types, inner_references_are_relative)
{
	/* $a names itself; $b names $a from outside its group: different */
	valid("(module (type $a (struct (field (ref null $a)))) (type $b (struct (field (ref null $a))))"
	      "        (type $c (struct (field (ref null $c)))))");
	cr_assert_neq(mod->canon[1], mod->canon[0]);
	cr_assert_eq(mod->canon[2], 0);
}

Test(gc_types, finality_and_supertypes_are_part_of_the_type)
{
	valid("(module (type (sub (func))) (type (func)) (type (sub final (func))) (type (sub 0 (func))))");
	cr_assert_neq(mod->canon[0], mod->canon[1]);
	cr_assert_eq(mod->canon[2], 1); /* (func) is (sub final (func)) */
	cr_assert_neq(mod->canon[3], mod->canon[0]);
}

Test(gc_types, declared_subtypes)
{
	valid("(module (type $s (sub (struct (field i32))))"
	      "        (type $t (sub $s (struct (field i32) (field i64))))"
	      "        (type $u (sub $t (struct (field i32) (field i64))))"
	      "        (type $a (array i8)) (type $f (func)))");
	cr_assert(ir_valtype_sub(mod, ref(1, false), ref(0, false)));
	cr_assert(ir_valtype_sub(mod, ref(2, false), ref(0, true)));
	cr_assert_not(ir_valtype_sub(mod, ref(0, false), ref(1, false)));
	cr_assert_not(ir_valtype_sub(mod, ref(1, true), ref(0, false)));
	cr_assert(ir_valtype_sub(mod, ref(2, false), IR_STRUCTREF));
	cr_assert(ir_valtype_sub(mod, ref(3, false), IR_ARRAYREF | IR_REF_NONNULL));
	cr_assert_not(ir_valtype_sub(mod, ref(3, false), IR_STRUCTREF));
	cr_assert(ir_valtype_sub(mod, ref(0, false), IR_EQREF));
	cr_assert(ir_valtype_sub(mod, ref(0, false), IR_ANYREF));
	cr_assert_not(ir_valtype_sub(mod, ref(0, false), IR_FUNCREF));
	cr_assert(ir_valtype_sub(mod, ref(4, false), IR_FUNCREF));
	cr_assert(ir_valtype_sub(mod, IR_NULLREF, ref(2, true)));
	cr_assert_not(ir_valtype_sub(mod, IR_NULLREF, ref(2, false)));
	cr_assert_not(ir_valtype_sub(mod, IR_NULLREF, ref(4, true)));
	cr_assert(ir_valtype_sub(mod, IR_NULLFUNCREF, ref(4, true)));
}

Test(gc_types, abstract_hierarchy)
{
	valid("(module)");
	cr_assert(ir_valtype_sub(mod, IR_I31REF, IR_EQREF));
	cr_assert(ir_valtype_sub(mod, IR_EQREF, IR_ANYREF));
	cr_assert(ir_valtype_sub(mod, IR_NULLREF, IR_I31REF));
	cr_assert_not(ir_valtype_sub(mod, IR_ANYREF, IR_EQREF));
	cr_assert_not(ir_valtype_sub(mod, IR_I31REF, IR_STRUCTREF));
	cr_assert_not(ir_valtype_sub(mod, IR_ANYREF, IR_EXTERNREF));
	cr_assert_not(ir_valtype_sub(mod, IR_NULLEXTERNREF, IR_ANYREF));
	cr_assert_eq(ir_heap_top(mod, IR_I31REF | IR_REF_NONNULL), IR_ANYREF);
	cr_assert_eq(ir_heap_top(mod, IR_NULLFUNCREF), IR_FUNCREF);
	cr_assert_eq(ir_heap_bottom(mod, IR_EXTERNREF), IR_NULLEXTERNREF);
}

Test(gc_types, a_final_supertype_is_invalid)
{
	invalid("(module (type $s (struct)) (type (sub $s (struct))))", DIAG_SUB_TYPE);
}

Test(gc_types, a_mutable_field_is_invariant)
{
	invalid("(module (type $s (sub (struct (field (mut anyref))))) (type (sub $s (struct (field (mut eqref))))))",
	        DIAG_SUB_TYPE);
	teardown();
	valid("(module (type $s (sub (struct (field anyref)))) (type (sub $s (struct (field eqref)))))");
}

Test(gc_types, a_supertype_of_another_kind_is_invalid)
{
	invalid("(module (type $s (sub (array i32))) (type (sub $s (struct (field i32)))))", DIAG_SUB_TYPE);
}

Test(gc_types, a_forward_supertype_is_invalid)
{
	invalid("(module (rec (type (sub 1 (struct))) (type (sub (struct)))))", DIAG_UNKNOWN_TYPE);
}

Test(gc_types, a_reference_beyond_the_group_is_unknown)
{
	invalid("(module (type (struct (field (ref 1)))) (type (struct)))", DIAG_UNKNOWN_TYPE);
}

/* A chain of n subtypes, each of the one before. */
static char *chain(unsigned n)
{
	size_t cap = 64 + 40 * (size_t)n, len = 0;
	char *s = malloc(cap);
	cr_assert_not_null(s);
	len += (size_t)snprintf(s + len, cap - len, "(module (type (sub (struct)))");
	for (unsigned i = 1; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, " (type (sub %u (struct)))", i - 1);
	snprintf(s + len, cap - len, ")");
	return s;
}

Test(gc_types, subtyping_depth_is_bounded)
{
	char *ok = chain(FE_MAX_SUBTYPE_DEPTH + 1), *deep = chain(FE_MAX_SUBTYPE_DEPTH + 2);
	valid(ok);
	cr_assert(ir_valtype_sub(mod, ref(FE_MAX_SUBTYPE_DEPTH, false), ref(0, false)));
	teardown();
	invalid(deep, DIAG_IMPL_LIMIT);
	free(ok);
	free(deep);
}

Test(gc_types, instructions)
{
	valid("(module (type $p (struct (field i8) (field (mut i64)))) (type $a (array (mut i16)))"
	      " (func (param (ref $p)) (result i32) (struct.set $p 1 (local.get 0) (i64.const 1))"
	      "  (struct.get_s $p 0 (local.get 0)))"
	      " (func (result i32) (array.get_u $a (array.new_fixed $a 2 (i32.const 1) (i32.const 2)) (i32.const 0)))"
	      " (func (param anyref) (result (ref null $p)) (ref.cast (ref null $p) (local.get 0)))"
	      " (func (param anyref) (result i32) (ref.test (ref $a) (local.get 0)))"
	      " (func (param externref) (result i32)"
	      "  (ref.eq (ref.i31 (i32.const 1)) (ref.cast eqref (any.convert_extern (local.get 0))))))");
	cr_assert(ir_module_uses_gc(mod));
}

Test(gc_types, instruction_rules)
{
	invalid("(module (type $p (struct (field i32)))"
	        " (func (param (ref $p)) (struct.set $p 0 (local.get 0) (i32.const 1))))",
	        DIAG_IMMUTABLE_FIELD);
	teardown();
	invalid("(module (type $p (struct (field i8))) (func (param (ref $p)) (result i32) (struct.get $p 0 (local.get 0))))",
	        DIAG_TYPE_MISMATCH);
	teardown();
	invalid("(module (type $a (array i32))"
	        " (func (param (ref $a)) (array.set $a (local.get 0) (i32.const 0) (i32.const 1))))",
	        DIAG_IMMUTABLE_ARRAY);
	teardown();
	invalid("(module (type $a (array (mut anyref))) (data \"\")"
	        " (func (param (ref $a)) (array.init_data $a 0 (local.get 0) (i32.const 0) (i32.const 0) (i32.const 0))))",
	        DIAG_ARRAY_NOT_NUMERIC);
	teardown();
	invalid("(module (type $f (func)) (func (param funcref) (drop (ref.cast (ref $f) (ref.i31 (i32.const 0))))))",
	        DIAG_TYPE_MISMATCH);
}

Test(gc_types, br_on_cast)
{
	valid("(module (type $s (struct)) (func (param anyref) (result anyref)"
	      " (block $l (result (ref $s)) (return (br_on_cast $l anyref (ref $s) (local.get 0)))) ))");
	teardown();
	invalid("(module (type $s (struct)) (func (param anyref) (result anyref)"
	        " (block $l (result (ref $s)) (return (br_on_cast_fail $l anyref (ref $s) (local.get 0)))) ))",
	        DIAG_TYPE_MISMATCH);
}

Test(gc_types, constant_expressions)
{
	valid("(module (type $p (struct (field i32) (field anyref)))"
	      " (global (ref $p) (struct.new $p (i32.const 1) (ref.i31 (i32.const 2)))))");
	teardown();
	invalid("(module (type $p (struct (field i32))) (global (ref $p) (struct.new $p (i32.const 1)))"
	        " (global (ref null $p) (ref.cast (ref null $p) (global.get 0))))", DIAG_CONST_REQUIRED);
}

Test(gc_types, a_plain_module_does_not_use_gc)
{
	valid("(module (type (func (param i32))) (func (type 0)) (table 1 funcref))");
	cr_assert_not(ir_module_uses_gc(mod));
}

/* Field ids are scoped by their struct type; (field t t) counts two. */
Test(gc_types, text_field_names)
{
	valid("(module (func (param (ref $p)) (result f64) (struct.get $p $b (local.get 0)))"
	      " (type $p (struct (field $a i32) (field i64 f32) (field $b (mut f64))))"
	      " (type $q (struct (field $b i32))))");
	const IrInstr *get = &mod->funcs[0].code[1];
	cr_assert_eq(get->op, IR_OP_STRUCT_GET);
	cr_assert_eq(get->u.idx.a, 0); /* implicit function types come after $p and $q */
	cr_assert_eq(get->u.idx.b, 3);
	static const char *const bad[] = {
		"(module (type $p (struct (field $a i32) (field $a i64))))",
		"(module (type $p (struct (field $a i32))) (func (param (ref $p)) (result i32) (struct.get $p $z (local.get 0))))",
	};
	static const DiagCode codes[] = { DIAG_TEXT_DUPLICATE_FIELD, DIAG_TEXT_UNKNOWN_FIELD };
	for (size_t i = 0; i < 2; i++) {
		size_t size;
		memset(&diags, 0, sizeof diags);
		cr_assert_null(tx_wat_to_wasm((const uint8_t *)bad[i], strlen(bad[i]), &diags, &size));
		cr_assert_eq(diags.items[0].code, codes[i], "%s", diag_code_name(diags.items[0].code));
	}
}

/* The text's reference type picks the opcode (null or not) and the cast
 * flags of br_on_cast. */
Test(gc_types, text_cast_forms)
{
	valid("(module (type $p (struct)) (func (param anyref) (result anyref)"
	      " (drop (ref.cast (ref null $p) (local.get 0))) (drop (ref.test (ref $p) (local.get 0)))"
	      " (drop (ref.cast structref (local.get 0))) (drop (ref.test nullref (local.get 0)))"
	      " (block $l (result anyref) (br_on_cast $l anyref (ref null $p) (local.get 0)))))");
	const IrInstr *c = mod->funcs[0].code;
	cr_assert_eq(c[1].op, IR_OP_REF_CAST_NULL);
	cr_assert_eq(c[1].u.reftype, ref(0, true));
	cr_assert_eq(c[4].op, IR_OP_REF_TEST);
	cr_assert_eq(c[4].u.reftype, ref(0, false));
	cr_assert_eq(c[7].op, IR_OP_REF_CAST_NULL);
	cr_assert_eq(c[7].u.reftype, IR_STRUCTREF);
	cr_assert_eq(c[10].op, IR_OP_REF_TEST_NULL);
	cr_assert_eq(c[10].u.reftype, IR_NULLREF);
	cr_assert_eq(c[14].op, IR_OP_BR_ON_CAST);
	cr_assert_eq(c[14].u.cast.from, IR_ANYREF);
	cr_assert_eq(c[14].u.cast.to, ref(0, true));
}
