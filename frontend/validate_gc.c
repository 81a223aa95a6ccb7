/* frontend/validate_gc.c: the typing rules of garbage collection's
 * instructions (3.0 spec 3.3.3-3.3.4 and 3.3.8): structs and arrays by
 * their type immediates, i31, casts and the conversions between the any
 * and extern hierarchies.  Nothing here executes them: the lowering
 * refuses a module that uses garbage collection.
 */
#include "validate_code.h"

enum { MAX_NEW_FIXED = 10000 }; /* array.new_fixed's operands, as browsers limit them */

/* Type x is of composite kind `kind`. */
static bool comp(CodeValidator *v, uint32_t x, uint8_t kind, const IrFuncType **t)
{
	static const char *const names[] = { "function", "struct", "array" };
	if (x >= v->m->ntypes)
		return fe_code_fail(v, DIAG_UNKNOWN_TYPE, "type %u", x);
	*t = &v->m->types[x];
	if ((*t)->kind != kind)
		return fe_code_fail(v, DIAG_TYPE_MISMATCH, "type %u is not %s %s type", x, kind == IR_COMP_ARRAY ? "an" : "a",
		               names[kind]);
	return true;
}

/* A field's type on the operand stack: packed fields are i32 there. */
static IrValType unpacked(IrField f)
{
	return f.type == IR_I8 || f.type == IR_I16 ? IR_I32 : f.type;
}

static bool packed(IrField f)
{
	return f.type == IR_I8 || f.type == IR_I16;
}

/* get reads an unpacked field, get_s and get_u a packed one. */
static bool read_form(CodeValidator *v, IrField f, bool signed_or_unsigned)
{
	if (packed(f) != signed_or_unsigned)
		return fe_code_fail(v, DIAG_TYPE_MISMATCH, packed(f) ? "a packed field needs _s or _u" : "%s is not packed",
		               fe_code_tname(f.type));
	return true;
}

static bool struct_field(CodeValidator *v, const IrInstr *in, IrField *f)
{
	const IrFuncType *t;
	if (!comp(v, in->u.idx.a, IR_COMP_STRUCT, &t))
		return false;
	if (in->u.idx.b >= t->nfields)
		return fe_code_fail(v, DIAG_UNKNOWN_FIELD, "field %u of %u", in->u.idx.b, t->nfields);
	*f = t->fields[in->u.idx.b];
	return true;
}

static bool struct_new(CodeValidator *v, const IrInstr *in, bool dflt)
{
	const IrFuncType *t;
	if (!comp(v, in->u.idx.a, IR_COMP_STRUCT, &t))
		return false;
	for (uint32_t k = t->nfields; k-- > 0;) {
		if (dflt && !ir_is_defaultable(t->fields[k].type))
			return fe_code_fail(v, DIAG_TYPE_MISMATCH, "field %u of type %s has no default", k,
			               fe_code_tname(t->fields[k].type));
		if (!dflt && !fe_code_pop_expect(v, unpacked(t->fields[k])))
			return false;
	}
	return fe_code_push(v, ir_ref_typed(in->u.idx.a, false));
}

static bool struct_access(CodeValidator *v, const IrInstr *in)
{
	IrField f;
	IrValType ref = ir_ref_typed(in->u.idx.a, true);
	if (!struct_field(v, in, &f))
		return false;
	if (in->op == IR_OP_STRUCT_SET) {
		if (!f.mut)
			return fe_code_fail(v, DIAG_IMMUTABLE_FIELD, "field %u of type %u", in->u.idx.b, in->u.idx.a);
		return fe_code_pop_expect(v, unpacked(f)) && fe_code_pop_expect(v, ref);
	}
	return read_form(v, f, in->op != IR_OP_STRUCT_GET) && fe_code_pop_expect(v, ref) && fe_code_push(v, unpacked(f));
}

/* The element of array type x; mutable when `write`. */
static bool element(CodeValidator *v, uint32_t x, bool write, IrField *f)
{
	const IrFuncType *t;
	if (!comp(v, x, IR_COMP_ARRAY, &t))
		return false;
	*f = t->fields[0];
	if (write && !f->mut)
		return fe_code_fail(v, DIAG_IMMUTABLE_ARRAY, "type %u", x);
	return true;
}

/* array.new_data and array.init_data: numeric or vector elements. */
static bool data_element(CodeValidator *v, const IrInstr *in, bool write, IrField *f)
{
	if (!element(v, in->u.idx.a, write, f))
		return false;
	if (ir_is_reftype(f->type))
		return fe_code_fail(v, DIAG_ARRAY_NOT_NUMERIC, "type %u holds %s", in->u.idx.a, fe_code_tname(f->type));
	return fe_code_check_data(v, in->u.idx.b);
}

/* array.new_elem and array.init_elem: the segment's references fit. */
static bool elem_element(CodeValidator *v, const IrInstr *in, bool write, IrField *f)
{
	IrValType et;
	if (!element(v, in->u.idx.a, write, f) || !fe_code_elem_type(v, in->u.idx.b, &et))
		return false;
	if (!ir_valtype_sub(v->m, et, f->type))
		return fe_code_fail(v, DIAG_TYPE_MISMATCH, "%s segment into an array of %s", fe_code_tname(et),
		                    fe_code_tname(f->type));
	return true;
}

static bool array_new(CodeValidator *v, const IrInstr *in)
{
	IrField f;
	IrValType result = ir_ref_typed(in->u.idx.a, false);
	switch (in->op) {
	case IR_OP_ARRAY_NEW:
		return element(v, in->u.idx.a, false, &f) && fe_code_pop_expect(v, IR_I32) &&
		       fe_code_pop_expect(v, unpacked(f)) && fe_code_push(v, result);
	case IR_OP_ARRAY_NEW_DEFAULT:
		if (!element(v, in->u.idx.a, false, &f))
			return false;
		if (!ir_is_defaultable(f.type))
			return fe_code_fail(v, DIAG_TYPE_MISMATCH, "%s has no default", fe_code_tname(f.type));
		return fe_code_pop_expect(v, IR_I32) && fe_code_push(v, result);
	case IR_OP_ARRAY_NEW_FIXED:
		if (!element(v, in->u.idx.a, false, &f))
			return false;
		if (in->u.idx.b > MAX_NEW_FIXED)
			return fe_code_fail(v, DIAG_IMPL_LIMIT, "%u operands, more than %u", in->u.idx.b, MAX_NEW_FIXED);
		for (uint32_t k = 0; k < in->u.idx.b; k++)
			if (!fe_code_pop_expect(v, unpacked(f)))
				return false;
		return fe_code_push(v, result);
	case IR_OP_ARRAY_NEW_DATA:
		return data_element(v, in, false, &f) && fe_code_pop_expect(v, IR_I32) && fe_code_pop_expect(v, IR_I32) &&
		       fe_code_push(v, result);
	default: /* array.new_elem */
		return elem_element(v, in, false, &f) && fe_code_pop_expect(v, IR_I32) && fe_code_pop_expect(v, IR_I32) &&
		       fe_code_push(v, result);
	}
}

/* array.copy x y: x mutable, y's element a subtype of x's. */
static bool array_copy(CodeValidator *v, const IrInstr *in)
{
	IrField dst, src;
	if (!element(v, in->u.idx.a, true, &dst) || !element(v, in->u.idx.b, false, &src))
		return false;
	bool fits = packed(dst) || packed(src) ? dst.type == src.type : ir_valtype_sub(v->m, src.type, dst.type);
	if (!fits)
		return fe_code_fail(v, DIAG_ARRAY_TYPES, "%s into %s", fe_code_tname(src.type), fe_code_tname(dst.type));
	return fe_code_pop_expect(v, IR_I32) && fe_code_pop_expect(v, IR_I32) &&
	       fe_code_pop_expect(v, ir_ref_typed(in->u.idx.b, true)) && fe_code_pop_expect(v, IR_I32) &&
	       fe_code_pop_expect(v, ir_ref_typed(in->u.idx.a, true));
}

static bool array_access(CodeValidator *v, const IrInstr *in)
{
	IrField f;
	IrValType ref = ir_ref_typed(in->u.idx.a, true);
	bool ok;
	switch (in->op) {
	case IR_OP_ARRAY_GET: case IR_OP_ARRAY_GET_S: case IR_OP_ARRAY_GET_U:
		return element(v, in->u.idx.a, false, &f) && read_form(v, f, in->op != IR_OP_ARRAY_GET) &&
		       fe_code_pop_expect(v, IR_I32) && fe_code_pop_expect(v, ref) && fe_code_push(v, unpacked(f));
	case IR_OP_ARRAY_SET:
		return element(v, in->u.idx.a, true, &f) && fe_code_pop_expect(v, unpacked(f)) && fe_code_pop_expect(v, IR_I32) &&
		       fe_code_pop_expect(v, ref);
	case IR_OP_ARRAY_FILL:
		return element(v, in->u.idx.a, true, &f) && fe_code_pop_expect(v, IR_I32) &&
		       fe_code_pop_expect(v, unpacked(f)) && fe_code_pop_expect(v, IR_I32) && fe_code_pop_expect(v, ref);
	case IR_OP_ARRAY_COPY: return array_copy(v, in);
	default: /* array.init_data, array.init_elem: [ref i32 i32 i32] */
		ok = in->op == IR_OP_ARRAY_INIT_DATA ? data_element(v, in, true, &f) : elem_element(v, in, true, &f);
		return ok && fe_code_pop_expect(v, IR_I32) && fe_code_pop_expect(v, IR_I32) && fe_code_pop_expect(v, IR_I32) &&
		       fe_code_pop_expect(v, ref);
	}
}

/* The nullable top of rt's hierarchy: what ref.test and ref.cast take. */
static IrValType top_of(CodeValidator *v, IrValType rt)
{
	return ir_heap_top(v->m, rt);
}

/* rt1 \ rt2 (3.0 spec 3.3.1): rt1 without what passes the cast to rt2. */
static IrValType diff(IrValType rt1, IrValType rt2)
{
	return ir_ref_nullable(rt2) ? rt1 | IR_REF_NONNULL : rt1;
}

/* br_on_cast[_fail] l rt1 rt2: [t* rt1] -> [t* rt1\rt2] (or [t* rt2]),
 * branching with rt2 (or rt1\rt2), which l's last type must take. */
static bool br_on_cast(CodeValidator *v, const IrInstr *in)
{
	IrValType rt1 = in->u.cast.from, rt2 = in->u.cast.to;
	bool fail = in->op == IR_OP_BR_ON_CAST_FAIL;
	uint32_t n;
	const IrValType *ts;
	if (!fe_code_known(v, rt1) || !fe_code_known(v, rt2) || !fe_code_label(v, in->u.cast.label, &n, &ts))
		return false;
	if (!ir_valtype_sub(v->m, rt2, rt1))
		return fe_code_fail(v, DIAG_TYPE_MISMATCH, "%s is not a subtype of %s", fe_code_tname(rt2), fe_code_tname(rt1));
	IrValType taken = fail ? diff(rt1, rt2) : rt2, stays = fail ? rt2 : diff(rt1, rt2);
	if (n == 0 || !ir_valtype_sub(v->m, taken, ts[n - 1]))
		return fe_code_fail(v, DIAG_TYPE_MISMATCH, "label %u does not take %s", in->u.cast.label, fe_code_tname(taken));
	return fe_code_pop_expect(v, rt1) && fe_code_pop_all(v, n - 1, ts) && fe_code_push_all(v, n - 1, ts) &&
	       fe_code_push(v, stays);
}

/* any.convert_extern and extern.convert_any keep the operand's nullability. */
static bool convert(CodeValidator *v, IrValType from, IrValType to)
{
	IrValType t;
	if (!fe_code_pop(v, &t))
		return false;
	if (t != UNKNOWN && !ir_valtype_sub(v->m, t, from))
		return fe_code_fail(v, DIAG_TYPE_MISMATCH, "expected %s, got %s", fe_code_tname(from), fe_code_tname(t));
	return fe_code_push(v, t == UNKNOWN || !ir_ref_nullable(t) ? to | IR_REF_NONNULL : to);
}

static bool cast(CodeValidator *v, const IrInstr *in)
{
	IrValType rt = in->u.reftype;
	if (!fe_code_known(v, rt) || !fe_code_pop_expect(v, top_of(v, rt)))
		return false;
	return fe_code_push(v, in->op == IR_OP_REF_TEST || in->op == IR_OP_REF_TEST_NULL ? IR_I32 : rt);
}

bool fe_validate_gc(CodeValidator *v, const IrInstr *in)
{
	switch (in->op) {
	case IR_OP_STRUCT_NEW: return struct_new(v, in, false);
	case IR_OP_STRUCT_NEW_DEFAULT: return struct_new(v, in, true);
	case IR_OP_STRUCT_GET: case IR_OP_STRUCT_GET_S: case IR_OP_STRUCT_GET_U: case IR_OP_STRUCT_SET:
		return struct_access(v, in);
	case IR_OP_ARRAY_NEW: case IR_OP_ARRAY_NEW_DEFAULT: case IR_OP_ARRAY_NEW_FIXED:
	case IR_OP_ARRAY_NEW_DATA: case IR_OP_ARRAY_NEW_ELEM:
		return array_new(v, in);
	case IR_OP_ARRAY_LEN: return fe_code_pop_expect(v, IR_ARRAYREF) && fe_code_push(v, IR_I32);
	case IR_OP_REF_TEST: case IR_OP_REF_TEST_NULL: case IR_OP_REF_CAST: case IR_OP_REF_CAST_NULL:
		return cast(v, in);
	case IR_OP_BR_ON_CAST: case IR_OP_BR_ON_CAST_FAIL: return br_on_cast(v, in);
	case IR_OP_ANY_CONVERT_EXTERN: return convert(v, IR_EXTERNREF, IR_ANYREF);
	case IR_OP_EXTERN_CONVERT_ANY: return convert(v, IR_ANYREF, IR_EXTERNREF);
	case IR_OP_REF_I31: return fe_code_pop_expect(v, IR_I32) && fe_code_push(v, IR_I31REF | IR_REF_NONNULL);
	case IR_OP_I31_GET_S: case IR_OP_I31_GET_U: return fe_code_pop_expect(v, IR_I31REF) && fe_code_push(v, IR_I32);
	case IR_OP_REF_EQ:
		return fe_code_pop_expect(v, IR_EQREF) && fe_code_pop_expect(v, IR_EQREF) && fe_code_push(v, IR_I32);
	default: return array_access(v, in);
	}
}
