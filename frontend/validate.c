/* frontend/validate.c: the module-level validation rules (spec 3.4):
 * index spaces, limits, constant expressions, segments, the start
 * function, exports, and the set of declared function references; then
 * every body through validate_code.c.
 */
#include "frontend.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Validator {
	IrModule *m;
	DiagSink *diags;
	uint8_t *refs;          /* refs[f]: function f may be named by ref.func */
} Validator;

static bool fail(Validator *v, DiagCode code, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool fail(Validator *v, DiagCode code, size_t offset, const char *fmt, ...)
{
	char buf[DIAG_DETAIL_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_report(v->diags, code, offset, DIAG_NO_FUNC, "%s", buf);
	return false;
}

/* A function's or a tag's type: an index of a function type. */
static bool type_index(Validator *v, uint32_t t, size_t offset)
{
	if (t >= v->m->ntypes)
		return fail(v, DIAG_UNKNOWN_TYPE, offset, "type %u of %u", t, v->m->ntypes);
	if (v->m->types[t].kind != IR_COMP_FUNC)
		return fail(v, DIAG_TYPE_MISMATCH, offset, "type %u is not a function type", t);
	return true;
}

/* Limits within range k, minimum not above maximum (3.2.1). */
static bool limits(Validator *v, const IrLimits *l, uint64_t k, DiagCode too_big, size_t offset)
{
	if (l->min > k || (l->has_max && l->max > k))
		return fail(v, too_big, offset, "limit %" PRIu64, l->has_max && l->max > k ? l->max : l->min);
	if (l->has_max && l->min > l->max)
		return fail(v, DIAG_LIMITS_ORDER, offset, "%" PRIu64 " > %" PRIu64, l->min, l->max);
	return true;
}

/* A memory's pages: at most 2^16 (4 GiB) addressed by i32, 2^48 (2^64
 * bytes) by i64 (3.0 spec 3.2.8). */
static bool mem_limits(Validator *v, const IrLimits *l, size_t offset)
{
	return limits(v, l, l->is64 ? UINT64_C(1) << 48 : 65536, DIAG_MEMORY_SIZE, offset);
}

static bool table_limits(Validator *v, const IrLimits *l, size_t offset)
{
	return limits(v, l, l->is64 ? UINT64_MAX : UINT32_MAX, DIAG_LIMITS_ORDER, offset);
}

static IrValType addr_type(const IrLimits *l)
{
	return l->is64 ? IR_I64 : IR_I32;
}

/* The arithmetic of extended constant expressions (3.0): two operands of
 * the type, one result of it. */
static const struct {
	IrOp op;
	IrValType type;
} const_arith[] = {
	{ IR_OP_I32_ADD, IR_I32 }, { IR_OP_I32_SUB, IR_I32 }, { IR_OP_I32_MUL, IR_I32 },
	{ IR_OP_I64_ADD, IR_I64 }, { IR_OP_I64_SUB, IR_I64 }, { IR_OP_I64_MUL, IR_I64 },
};

static IrValType arith_type(IrOp op)
{
	for (size_t i = 0; i < sizeof const_arith / sizeof *const_arith; i++)
		if (const_arith[i].op == op)
			return const_arith[i].type;
	return 0;
}

/* global.get x in a constant expression (3.0): x among the first `scope`
 * globals (for a global's initialiser the imports and the globals defined
 * before it; for segments all of them), and immutable. */
static bool const_global(Validator *v, const IrInstr *in, uint32_t scope, IrValType *t)
{
	uint32_t x = in->u.idx.a;
	if (x >= scope)
		return fail(v, DIAG_UNKNOWN_GLOBAL, in->offset, "global %u in a constant expression", x);
	if (v->m->globals[x].type.mut)
		return fail(v, DIAG_CONST_REQUIRED, in->offset, "global %u is mutable", x);
	*t = v->m->globals[x].type.type;
	return true;
}

/* The type an instruction that pushes a value leaves; false (reported)
 * when it is not constant. */
static bool const_value(Validator *v, const IrInstr *in, uint32_t scope, IrValType *t)
{
	switch (in->op) {
	case IR_OP_I32_CONST: *t = IR_I32; return true;
	case IR_OP_I64_CONST: *t = IR_I64; return true;
	case IR_OP_F32_CONST: *t = IR_F32; return true;
	case IR_OP_F64_CONST: *t = IR_F64; return true;
	case IR_OP_V128_CONST: *t = IR_V128; return true;
	case IR_OP_REF_NULL:
		*t = in->u.reftype;
		return fe_valtype_known(v->m, *t, v->m->ntypes, in->offset, v->diags);
	case IR_OP_REF_FUNC:
		if (in->u.idx.a >= v->m->nfuncs)
			return fail(v, DIAG_UNKNOWN_FUNC, in->offset, "function %u", in->u.idx.a);
		*t = ir_ref_typed(v->m->func_types[in->u.idx.a], false);
		return true;
	case IR_OP_GLOBAL_GET:
		return const_global(v, in, scope, t);
	default:
		return fail(v, DIAG_CONST_REQUIRED, in->offset, "%s", ir_op_info[in->op].name);
	}
}

/* An operator of an extended constant expression on the stack: its two
 * operands replaced by its result. */
static bool const_apply(Validator *v, const IrInstr *in, IrValType type, IrValType *stack, unsigned *n)
{
	if (*n < 2 || stack[*n - 1] != type || stack[*n - 2] != type)
		return fail(v, DIAG_TYPE_MISMATCH, in->offset, "%s needs two %s operands",
		            ir_op_info[in->op].name, ir_valtype_name(type));
	--*n;
	return true;
}

/* The stack of a constant expression. */
typedef struct ConstStack { IrValType t[FE_MAX_CONST_STACK]; unsigned n; } ConstStack;

static bool const_pop(Validator *v, const IrInstr *in, ConstStack *s, IrValType want)
{
	if (!s->n || !ir_valtype_sub(v->m, s->t[s->n - 1], want))
		return fail(v, DIAG_TYPE_MISMATCH, in->offset, "%s expects %s, got %s", ir_op_info[in->op].name,
		            ir_valtype_name(want), s->n ? ir_valtype_name(s->t[s->n - 1]) : "nothing");
	s->n--;
	return true;
}

static IrValType unpacked(IrField f)
{
	return f.type == IR_I8 || f.type == IR_I16 ? IR_I32 : f.type;
}

/* The composite type x of an allocation, of kind `kind`. */
static bool const_comp(Validator *v, const IrInstr *in, uint8_t kind, const IrFuncType **t)
{
	if (in->u.idx.a >= v->m->ntypes)
		return fail(v, DIAG_UNKNOWN_TYPE, in->offset, "type %u", in->u.idx.a);
	*t = &v->m->types[in->u.idx.a];
	if ((*t)->kind != kind)
		return fail(v, DIAG_TYPE_MISMATCH, in->offset, "%s of type %u", ir_op_info[in->op].name, in->u.idx.a);
	for (uint32_t k = 0; k < (*t)->nfields; k++)
		if (in->op != IR_OP_STRUCT_NEW && in->op != IR_OP_ARRAY_NEW && in->op != IR_OP_ARRAY_NEW_FIXED &&
		    !ir_is_defaultable((*t)->fields[k].type))
			return fail(v, DIAG_TYPE_MISMATCH, in->offset, "field %u has no default", k);
	return true;
}

/* The operands garbage collection's constant instructions pop (3.0 spec
 * 3.3.10); false (reported) when they are missing or wrong. */
static bool const_gc_operands(Validator *v, const IrInstr *in, ConstStack *s, IrValType *result)
{
	const IrFuncType *t;
	IrValType top;
	switch (in->op) {
	case IR_OP_REF_I31: *result = IR_I31REF | IR_REF_NONNULL; return const_pop(v, in, s, IR_I32);
	case IR_OP_ANY_CONVERT_EXTERN: case IR_OP_EXTERN_CONVERT_ANY:
		top = s->n ? s->t[s->n - 1] : IR_EXTERNREF;
		*result = (in->op == IR_OP_ANY_CONVERT_EXTERN ? IR_ANYREF : IR_EXTERNREF) | (top & IR_REF_NONNULL);
		return const_pop(v, in, s, in->op == IR_OP_ANY_CONVERT_EXTERN ? IR_EXTERNREF : IR_ANYREF);
	}
	bool is_struct = in->op == IR_OP_STRUCT_NEW || in->op == IR_OP_STRUCT_NEW_DEFAULT;
	if (!const_comp(v, in, is_struct ? IR_COMP_STRUCT : IR_COMP_ARRAY, &t))
		return false;
	*result = ir_ref_typed(in->u.idx.a, false);
	switch (in->op) {
	case IR_OP_STRUCT_NEW:
		for (uint32_t k = t->nfields; k-- > 0;)
			if (!const_pop(v, in, s, unpacked(t->fields[k])))
				return false;
		return true;
	case IR_OP_ARRAY_NEW: return const_pop(v, in, s, IR_I32) && const_pop(v, in, s, unpacked(t->fields[0]));
	case IR_OP_ARRAY_NEW_DEFAULT: return const_pop(v, in, s, IR_I32);
	case IR_OP_ARRAY_NEW_FIXED:
		for (uint32_t k = 0; k < in->u.idx.b; k++)
			if (!const_pop(v, in, s, unpacked(t->fields[0])))
				return false;
		return true;
	default: return true; /* struct.new_default */
	}
}

static bool const_gc_op(IrOp op)
{
	switch (op) {
	case IR_OP_STRUCT_NEW: case IR_OP_STRUCT_NEW_DEFAULT: case IR_OP_ARRAY_NEW: case IR_OP_ARRAY_NEW_DEFAULT:
	case IR_OP_ARRAY_NEW_FIXED: case IR_OP_REF_I31: case IR_OP_ANY_CONVERT_EXTERN: case IR_OP_EXTERN_CONVERT_ANY:
		return true;
	default: return false;
	}
}

/* A constant expression of type want (3.3.10): constants, ref.null,
 * ref.func, global.get of an immutable global in scope, and (3.0) i32
 * and i64 add, sub and mul, garbage collection's allocations, i31 and
 * conversions, then end.  Its stack is bounded by what the
 * runtime evaluates on (FE_MAX_CONST_STACK). */
static bool const_expr(Validator *v, const IrExpr *e, IrValType want, uint32_t scope)
{
	ConstStack s;
	IrValType *stack = s.t;
	unsigned n = 0;
	for (uint32_t i = 0; i + 1 < e->n; i++) {
		const IrInstr *in = &e->code[i];
		IrValType t = arith_type(in->op);
		if (t) {
			if (!const_apply(v, in, t, stack, &n))
				return false;
			continue;
		}
		s.n = n;
		if (const_gc_op(in->op) ? !const_gc_operands(v, in, &s, &t) : !const_value(v, in, scope, &t))
			return false;
		n = s.n;
		if (n == FE_MAX_CONST_STACK)
			return fail(v, DIAG_IMPL_LIMIT, in->offset, "constant expression holds more than %u values",
			            (unsigned)FE_MAX_CONST_STACK);
		stack[n++] = t;
	}
	size_t end = e->code[e->n - 1].offset;
	if (n != 1)
		return fail(v, DIAG_TYPE_MISMATCH, end, "constant expression must leave one %s, leaves %u values",
		            ir_valtype_name(want), n);
	if (!ir_valtype_sub(v->m, stack[0], want))
		return fail(v, DIAG_TYPE_MISMATCH, end, "expected %s, got %s", ir_valtype_name(want),
		            ir_valtype_name(stack[0]));
	return true;
}

static bool known(Validator *v, IrValType t, size_t offset)
{
	return fe_valtype_known(v->m, t, v->m->ntypes, offset, v->diags);
}

/* A defined table (3.0 spec 3.4.5): an element type without a default
 * needs an initialiser, which is a constant of that type over the
 * imported globals. */
static bool table(Validator *v, const IrTableType *t)
{
	size_t at = v->m->section_offsets[IR_SEC_TABLE];
	if (!known(v, t->elem, at) || !table_limits(v, &t->limits, at))
		return false;
	if (!t->init.n)
		return ir_is_defaultable(t->elem) ? true : fail(v, DIAG_TYPE_MISMATCH, at,
		                                                 "a table of %s needs an initialiser",
		                                                 ir_valtype_name(t->elem));
	return const_expr(v, &t->init, t->elem, v->m->nimported_globals);
}

/* A tag's type (3.0 spec 3.2.10): a function type with no results. */
static bool tag_type(Validator *v, uint32_t type, size_t offset)
{
	if (!type_index(v, type, offset))
		return false;
	if (v->m->types[type].nresults)
		return fail(v, DIAG_TAG_RESULT, offset, "type %u", type);
	return true;
}

static bool imports(Validator *v)
{
	const IrModule *m = v->m;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const IrImport *im = &m->imports[i];
		bool ok = true;
		if (im->kind == IR_EXTERN_FUNC)
			ok = type_index(v, m->func_types[im->index], im->offset);
		else if (im->kind == IR_EXTERN_TABLE)
			ok = known(v, m->tables[im->index].elem, im->offset) &&
			     table_limits(v, &m->tables[im->index].limits, im->offset);
		else if (im->kind == IR_EXTERN_MEMORY)
			ok = mem_limits(v, &m->mems[im->index], im->offset);
		else if (im->kind == IR_EXTERN_TAG)
			ok = tag_type(v, m->tag_types[im->index], im->offset);
		else
			ok = known(v, m->globals[im->index].type.type, im->offset);
		if (!ok)
			return false;
	}
	return true;
}

/* Tables, memories and the start function have no offsets of their own in
 * the IR: diagnostics point at their section. */
static bool definitions(Validator *v)
{
	const IrModule *m = v->m;
	for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++)
		if (!type_index(v, m->func_types[i], m->funcs[i - m->nimported_funcs].body_offset))
			return false;
	for (uint32_t i = m->nimported_tables; i < m->ntables; i++)
		if (!table(v, &m->tables[i]))
			return false;
	for (uint32_t i = m->nimported_mems; i < m->nmems; i++)
		if (!mem_limits(v, &m->mems[i], m->section_offsets[IR_SEC_MEMORY]))
			return false;
	for (uint32_t i = m->nimported_tags; i < m->ntags; i++)
		if (!tag_type(v, m->tag_types[i], m->section_offsets[IR_SEC_TAG]))
			return false;
	for (uint32_t i = m->nimported_globals; i < m->nglobals; i++)
		if (!known(v, m->globals[i].type.type, m->globals[i].init.code[0].offset) ||
		    !const_expr(v, &m->globals[i].init, m->globals[i].type.type, i))
			return false;
	return true;
}

static bool elems(Validator *v)
{
	const IrModule *m = v->m;
	for (uint32_t i = 0; i < m->nelems; i++) {
		const IrElem *e = &m->elems[i];
		if (!known(v, e->type, e->offset_in_file))
			return false;
		if (e->mode == IR_SEG_ACTIVE) {
			if (e->table >= m->ntables)
				return fail(v, DIAG_UNKNOWN_TABLE, e->offset_in_file, "table %u", e->table);
			if (!ir_valtype_sub(m, e->type, m->tables[e->table].elem))
				return fail(v, DIAG_TYPE_MISMATCH, e->offset_in_file, "%s segment in a %s table",
				            ir_valtype_name(e->type), ir_valtype_name(m->tables[e->table].elem));
			if (!const_expr(v, &e->offset, addr_type(&m->tables[e->table].limits), m->nglobals))
				return false;
		}
		for (uint32_t k = 0; k < e->nitems; k++)
			if (!const_expr(v, &e->items[k], e->type, m->nglobals))
				return false;
	}
	return true;
}

static bool datas(Validator *v)
{
	const IrModule *m = v->m;
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const IrData *d = &m->datas[i];
		if (d->mode != IR_SEG_ACTIVE)
			continue;
		if (d->memory >= m->nmems)
			return fail(v, DIAG_UNKNOWN_MEMORY, d->offset_in_file, "memory %u", d->memory);
		if (!const_expr(v, &d->offset, addr_type(&m->mems[d->memory]), m->nglobals))
			return false;
	}
	return true;
}

static bool start(Validator *v)
{
	const IrModule *m = v->m;
	if (!m->has_start)
		return true;
	if (m->start >= m->nfuncs)
		return fail(v, DIAG_UNKNOWN_FUNC, m->section_offsets[IR_SEC_START], "start function %u", m->start);
	const IrFuncType *t = ir_func_type(m, m->start);
	if (t->nparams || t->nresults)
		return fail(v, DIAG_START_FUNCTION, m->section_offsets[IR_SEC_START], "function %u must take and return nothing",
		            m->start);
	return true;
}

static int cmp_export(const void *a, const void *b)
{
	const IrExport *x = *(const IrExport *const *)a, *y = *(const IrExport *const *)b;
	if (x->name.len != y->name.len)
		return x->name.len < y->name.len ? -1 : 1;
	int c = memcmp(x->name.p, y->name.p, x->name.len);
	if (c)
		return c;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static bool exports(Validator *v)
{
	const IrModule *m = v->m;
	static const char *const kinds[] = { "function", "table", "memory", "global", "tag" };
	for (uint32_t i = 0; i < m->nexports; i++) {
		const IrExport *e = &m->exports[i];
		uint32_t limit[] = { m->nfuncs, m->ntables, m->nmems, m->nglobals, m->ntags };
		static const DiagCode codes[] = { DIAG_UNKNOWN_FUNC, DIAG_UNKNOWN_TABLE, DIAG_UNKNOWN_MEMORY,
		                                  DIAG_UNKNOWN_GLOBAL, DIAG_UNKNOWN_TAG };
		if (e->index >= limit[e->kind])
			return fail(v, codes[e->kind], e->offset, "%s %u", kinds[e->kind], e->index);
	}
	const IrExport **sorted = arena_array(m->arena, m->nexports, sizeof *sorted);
	if (!sorted)
		return fail(v, DIAG_OUT_OF_MEMORY, 0, "exports");
	for (uint32_t i = 0; i < m->nexports; i++)
		sorted[i] = &m->exports[i];
	qsort(sorted, m->nexports, sizeof *sorted, cmp_export);
	for (uint32_t i = 1; i < m->nexports; i++) {
		const IrExport *a = sorted[i - 1], *b = sorted[i];
		if (a->name.len == b->name.len && memcmp(a->name.p, b->name.p, a->name.len) == 0)
			return fail(v, DIAG_DUPLICATE_EXPORT, b->offset, "\"%.*s\"", (int)b->name.len, b->name.p);
	}
	return true;
}

static void note_refs(Validator *v, const IrExpr *e)
{
	for (uint32_t i = 0; i < e->n; i++)
		if (e->code[i].op == IR_OP_REF_FUNC)
			v->refs[e->code[i].u.idx.a] = 1;
}

/* C.refs (3.4.10): functions named in element segments, exports, global
 * initialisers and (3.0) table initialisers may be referenced by ref.func
 * in code. */
static bool declared_refs(Validator *v)
{
	const IrModule *m = v->m;
	v->refs = calloc(m->nfuncs ? m->nfuncs : 1, 1);
	if (!v->refs)
		return fail(v, DIAG_OUT_OF_MEMORY, 0, "function references");
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == IR_EXTERN_FUNC)
			v->refs[m->exports[i].index] = 1;
	for (uint32_t i = 0; i < m->nelems; i++)
		for (uint32_t k = 0; k < m->elems[i].nitems; k++)
			note_refs(v, &m->elems[i].items[k]);
	for (uint32_t i = m->nimported_globals; i < m->nglobals; i++)
		note_refs(v, &m->globals[i].init);
	for (uint32_t i = m->nimported_tables; i < m->ntables; i++)
		note_refs(v, &m->tables[i].init);
	return true;
}

static bool bodies(Validator *v)
{
	CodeValidator *cv = fe_code_validator_new();
	if (!cv)
		return fail(v, DIAG_OUT_OF_MEMORY, 0, "validator");
	bool ok = true;
	for (uint32_t i = v->m->nimported_funcs; ok && i < v->m->nfuncs; i++)
		ok = fe_validate_func(cv, v->m, i, v->refs, v->diags);
	fe_code_validator_free(cv);
	return ok;
}

bool fe_validate(IrModule *m, DiagSink *diags)
{
	Validator v = { .m = m, .diags = diags };
	/* declared_refs indexes by function, so the indices it reads must be
	 * checked first: exports, elements and globals come before it */
	bool ok = fe_validate_types(m, diags) && imports(&v) && definitions(&v) && elems(&v) && datas(&v) &&
	          start(&v) && exports(&v) && declared_refs(&v) && bodies(&v);
	free(v.refs);
	return ok;
}
