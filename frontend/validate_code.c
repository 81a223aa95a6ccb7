/* frontend/validate_code.c: the typing rules of function bodies (spec 3.3),
 * by the operand/control stack algorithm of the spec's validation appendix.
 * Instructions with a fixed signature are checked from the opcode table;
 * the rest (control, locals, globals, tables, references, select) by hand,
 * and garbage collection's in validate_gc.c.
 */
#include "validate_code.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

CodeValidator *fe_code_validator_new(void)
{
	return calloc(1, sizeof(CodeValidator));
}

void fe_code_validator_free(CodeValidator *v)
{
	if (!v)
		return;
	free(v->vals);
	free(v->ctrls);
	free(v->locals);
	free(v->set);
	free(v->inits);
	free(v);
}

static bool fail(CodeValidator *v, DiagCode code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(CodeValidator *v, DiagCode code, const char *fmt, ...)
{
	char buf[DIAG_DETAIL_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!v->failed)
		diag_report(v->diags, code, v->in->offset, v->func, "%s in %s", buf,
		            ir_op_info[v->in->op].name);
	v->failed = true;
	return false;
}

static const char *tname(IrValType t)
{
	return t == UNKNOWN ? "nothing" : ir_valtype_name(t);
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t ncap = *cap ? *cap : 64;
	while (ncap < need)
		ncap *= 2;
	void *q = realloc(*p, ncap * elem);
	if (!q)
		return false;
	*p = q;
	*cap = ncap;
	return true;
}

static inline bool push(CodeValidator *v, IrValType t)
{
	if (__builtin_expect(v->nvals < v->vals_cap, 1)) {
		v->vals[v->nvals++] = t;
		return true;
	}
	if (!grow((void **)&v->vals, &v->vals_cap, v->nvals + 1, sizeof *v->vals))
		return fail(v, DIAG_OUT_OF_MEMORY, "operand stack");
	v->vals[v->nvals++] = t;
	return true;
}

static bool push_all(CodeValidator *v, uint32_t n, const IrValType *ts)
{
	for (uint32_t i = 0; i < n; i++)
		if (!push(v, ts[i]))
			return false;
	return true;
}

/* Pops one operand; in unreachable code an empty frame yields UNKNOWN. */
static bool pop(CodeValidator *v, IrValType *out)
{
	Frame *f = &v->ctrls[v->nctrls - 1];
	if (v->nvals == f->height) {
		if (f->unreachable) {
			*out = UNKNOWN;
			return true;
		}
		return fail(v, DIAG_TYPE_MISMATCH, "expected an operand, the stack is empty");
	}
	*out = v->vals[--v->nvals];
	return true;
}

static inline bool pop_expect(CodeValidator *v, IrValType want)
{
	IrValType got;
	/* the common case: a matching operand above the frame's base */
	if (__builtin_expect(v->nvals > v->ctrls[v->nctrls - 1].height && v->vals[v->nvals - 1] == want, 1)) {
		v->nvals--;
		return true;
	}
	if (!pop(v, &got))
		return false;
	if (got != UNKNOWN && want != UNKNOWN && !ir_valtype_sub(v->m, got, want))
		return fail(v, DIAG_TYPE_MISMATCH, "expected %s, got %s", tname(want), tname(got));
	return true;
}

static bool pop_all(CodeValidator *v, uint32_t n, const IrValType *ts)
{
	for (uint32_t i = n; i-- > 0;)
		if (!pop_expect(v, ts[i]))
			return false;
	return true;
}

static bool push_frame(CodeValidator *v, uint16_t op, uint32_t np, const IrValType *p,
                       uint32_t nr, const IrValType *r)
{
	if (!grow((void **)&v->ctrls, &v->ctrls_cap, v->nctrls + 1, sizeof *v->ctrls))
		return fail(v, DIAG_OUT_OF_MEMORY, "control stack");
	v->ctrls[v->nctrls++] = (Frame){
		.op = op, .height = (uint32_t)v->nvals, .inits = (uint32_t)v->ninits,
		.nparams = np, .params = p, .nresults = nr, .results = r,
	};
	return push_all(v, np, p);
}

/* Checks the frame's results are exactly what is left, and pops it. */
static bool pop_frame(CodeValidator *v, Frame *out)
{
	Frame *f = &v->ctrls[v->nctrls - 1];
	if (!pop_all(v, f->nresults, f->results))
		return false;
	if (v->nvals != f->height)
		return fail(v, DIAG_TYPE_MISMATCH, "%zu values left on the stack at the end of the block",
		            v->nvals - f->height);
	*out = *f;
	while (v->ninits > f->inits)
		v->set[v->inits[--v->ninits]] = 0;
	v->nctrls--;
	return true;
}

static void set_unreachable(CodeValidator *v)
{
	Frame *f = &v->ctrls[v->nctrls - 1];
	v->nvals = f->height;
	f->unreachable = true;
}

/* A branch target's types: a loop's parameters, any other frame's results. */
static bool label(CodeValidator *v, uint32_t depth, uint32_t *n, const IrValType **ts)
{
	if (depth >= v->nctrls)
		return fail(v, DIAG_UNKNOWN_LABEL, "label %u, %zu in scope", depth, v->nctrls);
	const Frame *f = &v->ctrls[v->nctrls - 1 - depth];
	if (f->op == IR_OP_LOOP)
		*n = f->nparams, *ts = f->params;
	else
		*n = f->nresults, *ts = f->results;
	return true;
}

/* Type index x exists and is a function type. */
static bool func_type(CodeValidator *v, uint32_t x)
{
	if (x >= v->m->ntypes)
		return fail(v, DIAG_UNKNOWN_TYPE, "type %u", x);
	if (v->m->types[x].kind != IR_COMP_FUNC)
		return fail(v, DIAG_TYPE_MISMATCH, "type %u is not a function type", x);
	return true;
}

/* A value type's type index exists. */
static bool known(CodeValidator *v, IrValType t)
{
	if (ir_heap(t) != IR_HT_INDEX || ir_ref_index(t) < v->m->ntypes)
		return true;
	return fail(v, DIAG_UNKNOWN_TYPE, "type %u", ir_ref_index(t));
}

static bool block_start(CodeValidator *v, const IrInstr *in)
{
	uint32_t np, nr;
	const IrValType *p, *r;
	const IrBlockType *bt = &in->u.block.type;
	if (bt->kind == IR_BT_INDEX && !func_type(v, bt->index))
		return false;
	if (bt->kind == IR_BT_VAL && !known(v, bt->val))
		return false;
	ir_block_sig(v->m, bt, &np, &p, &nr, &r);
	if (in->op == IR_OP_IF && !pop_expect(v, IR_I32))
		return false;
	return pop_all(v, np, p) && push_frame(v, in->op, np, p, nr, r);
}

static bool block_else(CodeValidator *v)
{
	Frame f;
	if (!pop_frame(v, &f))
		return false;
	return push_frame(v, IR_OP_ELSE, f.nparams, f.params, f.nresults, f.results);
}

static bool block_end(CodeValidator *v)
{
	Frame f;
	if (!pop_frame(v, &f))
		return false;
	/* an if without else passes its parameters through the missing arm */
	if (f.op == IR_OP_IF) {
		bool same = f.nparams == f.nresults;
		for (uint32_t i = 0; same && i < f.nparams; i++)
			same = ir_valtype_sub(v->m, f.params[i], f.results[i]);
		if (!same)
			return fail(v, DIAG_TYPE_MISMATCH, "if without else must produce its parameters");
	}
	return v->nctrls == 0 || push_all(v, f.nresults, f.results);
}

static bool br_table(CodeValidator *v, const IrInstr *in, const uint32_t *labels)
{
	uint32_t n = in->u.br_table.count, arity, k;
	const uint32_t *ls = labels + in->u.br_table.first;
	const IrValType *ts;
	if (!pop_expect(v, IR_I32) || !label(v, ls[n], &arity, &ts))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (!label(v, ls[i], &k, &ts))
			return false;
		if (k != arity)
			return fail(v, DIAG_TYPE_MISMATCH, "label %u takes %u values, the default %u", ls[i], k, arity);
		/* push_vals(pop_vals(...)) of the spec's algorithm puts back what
		 * was popped, unknowns included: restoring the height does that */
		size_t height = v->nvals;
		if (!pop_all(v, k, ts))
			return false;
		v->nvals = height;
	}
	label(v, ls[n], &k, &ts);
	if (!pop_all(v, k, ts))
		return false;
	set_unreachable(v);
	return true;
}

static bool check_memory(CodeValidator *v, uint32_t mem)
{
	return mem < v->m->nmems ? true : fail(v, DIAG_UNKNOWN_MEMORY, "memory %u", mem);
}

static bool table_type(CodeValidator *v, uint32_t t, IrValType *out)
{
	if (t >= v->m->ntables)
		return fail(v, DIAG_UNKNOWN_TABLE, "table %u", t);
	*out = v->m->tables[t].elem;
	return true;
}

static bool elem_type(CodeValidator *v, uint32_t e, IrValType *out)
{
	if (e >= v->m->nelems)
		return fail(v, DIAG_UNKNOWN_ELEM, "elem %u", e);
	*out = v->m->elems[e].type;
	return true;
}

static bool check_data(CodeValidator *v, uint32_t d)
{
	/* the data count section declares C.datas (spec 3.4.10) */
	return d < v->m->data_count ? true : fail(v, DIAG_UNKNOWN_DATA, "data %u", d);
}

/* Immediate checks shared by the table-driven instructions. */
static bool immediates(CodeValidator *v, const IrInstr *in, const IrOpInfo *info)
{
	IrValType a, b;
	switch ((IrImm)info->imm) {
	case IR_IMM_MEMARG_LANE:
		if (in->u.mem.lane >= 16 >> info->extra)
			return fail(v, DIAG_LANE_INDEX, "lane %u", in->u.mem.lane);
		/* fall through */
	case IR_IMM_MEMARG:
		if (in->u.mem.align > info->extra)
			return fail(v, DIAG_ALIGNMENT, "2^%u > %u bytes", in->u.mem.align, 1u << info->extra);
		if (!check_memory(v, in->u.mem.memory))
			return false;
		if (in->u.mem.offset > UINT32_MAX && !v->m->mems[in->u.mem.memory].is64)
			return fail(v, DIAG_OFFSET_RANGE, "offset %" PRIu64 " on a 32-bit memory", in->u.mem.offset);
		return true;
	case IR_IMM_MEMIDX:
		return check_memory(v, in->u.idx.a);
	case IR_IMM_MEM_COPY:
		return check_memory(v, in->u.idx.a) && check_memory(v, in->u.idx.b);
	case IR_IMM_MEM_INIT:
		return check_memory(v, in->u.idx.b) && check_data(v, in->u.idx.a);
	case IR_IMM_DATA:
		return check_data(v, in->u.idx.a);
	case IR_IMM_SHUFFLE:
		for (int i = 0; i < 16; i++)
			if (in->u.v128[i] >= 32)
				return fail(v, DIAG_LANE_INDEX, "shuffle lane %u of 32", in->u.v128[i]);
		return true;
	case IR_IMM_LANE:
		if (in->u.lane >= info->extra)
			return fail(v, DIAG_LANE_INDEX, "lane %u of %u", in->u.lane, info->extra);
		return true;
	case IR_IMM_TABLE_INIT:
		if (!elem_type(v, in->u.idx.a, &a) || !table_type(v, in->u.idx.b, &b))
			return false;
		if (ir_valtype_sub(v->m, a, b))
			return true;
		return fail(v, DIAG_TYPE_MISMATCH, "%s segment into %s table", tname(a), tname(b));
	case IR_IMM_TABLE_COPY:
		if (!table_type(v, in->u.idx.a, &a) || !table_type(v, in->u.idx.b, &b))
			return false;
		if (ir_valtype_sub(v->m, b, a)) /* the source's elements fit the destination */
			return true;
		return fail(v, DIAG_TYPE_MISMATCH, "%s table from %s table", tname(a), tname(b));
	case IR_IMM_ELEM:
		return elem_type(v, in->u.idx.a, &a);
	default:
		return true;
	}
}

static IrValType mem_addr(CodeValidator *v, uint32_t mem)
{
	return v->m->mems[mem].is64 ? IR_I64 : IR_I32;
}

static IrValType table_addr(CodeValidator *v, uint32_t t)
{
	return v->m->tables[t].limits.is64 ? IR_I64 : IR_I32;
}

/* A copy's length between a 32- and a 64-bit memory or table is i32, the
 * smaller address type. */
static IrValType min_addr(IrValType a, IrValType b)
{
	return a == IR_I64 && b == IR_I64 ? IR_I64 : IR_I32;
}

/* The opcode table types addresses, sizes and lengths as i32; with a
 * 64-bit memory or table (memory64, table64) they are i64.  Runs after
 * immediates() checked the indices. */
static void address_types(CodeValidator *v, const IrInstr *in, IrValType *ps, IrValType *r)
{
	IrValType a = 0, b = 0;
	switch ((IrImm)ir_op_info[in->op].imm) {
	case IR_IMM_MEMARG: case IR_IMM_MEMARG_LANE: ps[0] = mem_addr(v, in->u.mem.memory); return;
	case IR_IMM_MEMIDX: a = mem_addr(v, in->u.idx.a); break;
	case IR_IMM_MEM_COPY: a = mem_addr(v, in->u.idx.a), b = mem_addr(v, in->u.idx.b); break;
	case IR_IMM_MEM_INIT: ps[0] = mem_addr(v, in->u.idx.b); return;
	case IR_IMM_TABLE_INIT: ps[0] = table_addr(v, in->u.idx.b); return;
	case IR_IMM_TABLE_COPY: a = table_addr(v, in->u.idx.a), b = table_addr(v, in->u.idx.b); break;
	default: return;
	}
	if (b) { /* the copies: dst, src, length */
		ps[0] = a, ps[1] = b, ps[2] = min_addr(a, b);
	} else if (in->op == IR_OP_MEMORY_FILL) { /* dst, value, length */
		ps[0] = ps[2] = a;
	} else { /* memory.size, memory.grow */
		ps[0] = ps[0] ? a : 0;
		*r = a;
	}
}

static bool by_signature(CodeValidator *v, const IrInstr *in)
{
	const IrOpInfo *info = &ir_op_info[in->op];
	if (!immediates(v, in, info))
		return false;
	IrValType ps[3] = { info->params[0], info->params[1], info->params[2] }, r = info->result;
	address_types(v, in, ps, &r);
	for (int i = 2; i >= 0; i--)
		if (ps[i] && !pop_expect(v, ps[i]))
			return false;
	return !r || push(v, r);
}

static bool select_untyped(CodeValidator *v)
{
	IrValType t1, t2;
	if (!pop_expect(v, IR_I32) || !pop(v, &t1) || !pop(v, &t2))
		return false;
	if (ir_is_reftype(t1) || ir_is_reftype(t2))
		return fail(v, DIAG_TYPE_MISMATCH, "select without a type cannot choose %s values",
		            tname(ir_is_reftype(t1) ? t1 : t2));
	if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN)
		return fail(v, DIAG_TYPE_MISMATCH, "%s and %s", tname(t2), tname(t1));
	return push(v, t1 == UNKNOWN ? t2 : t1);
}

static bool select_typed(CodeValidator *v, const IrInstr *in)
{
	if (in->u.select.count != 1)
		return fail(v, DIAG_RESULT_ARITY, "%u types", in->u.select.count);
	IrValType t = in->u.select.type;
	if (!known(v, t))
		return false;
	return pop_expect(v, IR_I32) && pop_expect(v, t) && pop_expect(v, t) && push(v, t);
}

static bool local(CodeValidator *v, const IrInstr *in, IrValType *t)
{
	if (in->u.idx.a >= v->nlocals)
		return fail(v, DIAG_UNKNOWN_LOCAL, "local %u of %zu", in->u.idx.a, v->nlocals);
	*t = v->locals[in->u.idx.a];
	return true;
}

/* local.get of a non-defaultable local needs a set before it (3.0 spec
 * 3.3.5: the local's initialisation status in the context). */
static bool local_get(CodeValidator *v, const IrInstr *in, IrValType *t)
{
	if (!local(v, in, t))
		return false;
	if (!v->set[in->u.idx.a])
		return fail(v, DIAG_UNINITIALIZED_LOCAL, "local %u of type %s", in->u.idx.a, tname(*t));
	return true;
}

/* local.set/tee: the local is set until the end of the enclosing block. */
static bool local_set(CodeValidator *v, const IrInstr *in, IrValType *t)
{
	uint32_t x = in->u.idx.a;
	if (!local(v, in, t))
		return false;
	if (v->set[x])
		return true;
	if (!grow((void **)&v->inits, &v->inits_cap, v->ninits + 1, sizeof *v->inits))
		return fail(v, DIAG_OUT_OF_MEMORY, "locals");
	v->set[x] = 1;
	v->inits[v->ninits++] = x;
	return true;
}

static bool global(CodeValidator *v, const IrInstr *in, const IrGlobalType **g)
{
	if (in->u.idx.a >= v->m->nglobals)
		return fail(v, DIAG_UNKNOWN_GLOBAL, "global %u of %u", in->u.idx.a, v->m->nglobals);
	*g = &v->m->globals[in->u.idx.a].type;
	return true;
}

static bool call(CodeValidator *v, const IrFuncType *t)
{
	return pop_all(v, t->nparams, t->params) && push_all(v, t->nresults, t->results);
}

/* call_indirect's table and type: the table must hold funcref. */
static bool indirect_target(CodeValidator *v, const IrInstr *in)
{
	IrValType et;
	if (!table_type(v, in->u.idx.b, &et))
		return false;
	if (!ir_valtype_sub(v->m, et, IR_FUNCREF))
		return fail(v, DIAG_TYPE_MISMATCH, "table %u holds %s", in->u.idx.b, tname(et));
	return func_type(v, in->u.idx.a);
}

static bool call_indirect(CodeValidator *v, const IrInstr *in)
{
	return indirect_target(v, in) && pop_expect(v, table_addr(v, in->u.idx.b)) && call(v, &v->m->types[in->u.idx.a]);
}

/* return_call, return_call_indirect (spec 3.3.8.12): the callee's
 * results must match the caller's (subtypes of them), then its arguments go and the rest of
 * the block is unreachable. */
static bool return_call(CodeValidator *v, const IrFuncType *callee, const IrFuncType *self)
{
	bool same = callee->nresults == self->nresults;
	for (uint32_t i = 0; same && i < self->nresults; i++)
		same = ir_valtype_sub(v->m, callee->results[i], self->results[i]);
	if (!same)
		return fail(v, DIAG_TYPE_MISMATCH, "the callee's results are not the function's");
	if (!pop_all(v, callee->nparams, callee->params))
		return false;
	set_unreachable(v);
	return true;
}

static bool return_call_indirect(CodeValidator *v, const IrInstr *in, const IrFuncType *self)
{
	return indirect_target(v, in) && pop_expect(v, table_addr(v, in->u.idx.b)) &&
	       return_call(v, &v->m->types[in->u.idx.a], self);
}

static bool ref_func(CodeValidator *v, const IrInstr *in)
{
	uint32_t f = in->u.idx.a;
	if (f >= v->m->nfuncs)
		return fail(v, DIAG_UNKNOWN_FUNC, "function %u", f);
	if (!v->refs[f])
		return fail(v, DIAG_UNDECLARED_REF, "function %u", f);
	return push(v, ir_ref_typed(v->m->func_types[f], false));
}

/* Pops a reference of any type (3.0's pop_ref); UNKNOWN in unreachable code. */
static bool pop_ref(CodeValidator *v, IrValType *t)
{
	if (!pop(v, t))
		return false;
	if (*t != UNKNOWN && !ir_is_reftype(*t))
		return fail(v, DIAG_TYPE_MISMATCH, "expected a reference, got %s", tname(*t));
	return true;
}

static IrValType non_null(IrValType t)
{
	return t == UNKNOWN ? UNKNOWN : t | IR_REF_NONNULL;
}

/* br_on_null l: [t* (ref null ht)] -> [t* (ref ht)], branching with t*
 * when the reference is null. */
static bool br_on_null(CodeValidator *v, const IrInstr *in)
{
	uint32_t n;
	const IrValType *ts;
	IrValType t;
	return pop_ref(v, &t) && label(v, in->u.idx.a, &n, &ts) && pop_all(v, n, ts) &&
	       push_all(v, n, ts) && push(v, non_null(t));
}

/* br_on_non_null l: [t* (ref null ht)] -> [t*], branching with the
 * reference, non-null, when it is not null; l's last type takes it. */
static bool br_on_non_null(CodeValidator *v, const IrInstr *in)
{
	uint32_t n;
	const IrValType *ts;
	IrValType t;
	if (!label(v, in->u.idx.a, &n, &ts) || !pop_ref(v, &t))
		return false;
	if (n == 0 || !ir_is_reftype(ts[n - 1]))
		return fail(v, DIAG_TYPE_MISMATCH, "label %u does not take a reference", in->u.idx.a);
	if (t != UNKNOWN && !ir_valtype_sub(v->m, non_null(t), ts[n - 1]))
		return fail(v, DIAG_TYPE_MISMATCH, "expected %s, got %s", tname(ts[n - 1]), tname(non_null(t)));
	return pop_all(v, n - 1, ts) && push_all(v, n - 1, ts);
}

/* call_ref $t: [t1* (ref null $t)] -> [t2*]; a null traps. */
static bool call_ref(CodeValidator *v, const IrInstr *in)
{
	uint32_t x = in->u.idx.a;
	if (!func_type(v, x))
		return false;
	return pop_expect(v, ir_ref_typed(x, true)) && call(v, &v->m->types[x]);
}

/* return_call_ref $t: call_ref's operands, return_call's results. */
static bool return_call_ref(CodeValidator *v, const IrInstr *in, const IrFuncType *self)
{
	uint32_t x = in->u.idx.a;
	if (!func_type(v, x))
		return false;
	return pop_expect(v, ir_ref_typed(x, true)) && return_call(v, &v->m->types[x], self);
}

static bool ref_is_null(CodeValidator *v)
{
	IrValType t;
	if (!pop(v, &t))
		return false;
	if (t != UNKNOWN && !ir_is_reftype(t))
		return fail(v, DIAG_TYPE_MISMATCH, "expected a reference, got %s", tname(t));
	return push(v, IR_I32);
}

/* table.get/set/size/grow/fill: typed by the table's element type. */
static bool table_op(CodeValidator *v, const IrInstr *in)
{
	IrValType et;
	if (!table_type(v, in->u.idx.a, &et))
		return false;
	IrValType at = table_addr(v, in->u.idx.a);
	switch (in->op) {
	case IR_OP_TABLE_GET: return pop_expect(v, at) && push(v, et);
	case IR_OP_TABLE_SET: return pop_expect(v, et) && pop_expect(v, at);
	case IR_OP_TABLE_SIZE: return push(v, at);
	case IR_OP_TABLE_GROW: return pop_expect(v, at) && pop_expect(v, et) && push(v, at);
	default: /* table.fill */
		return pop_expect(v, at) && pop_expect(v, et) && pop_expect(v, at);
	}
}

static bool variable(CodeValidator *v, const IrInstr *in)
{
	IrValType t;
	const IrGlobalType *g;
	switch (in->op) {
	case IR_OP_LOCAL_GET: return local_get(v, in, &t) && push(v, t);
	case IR_OP_LOCAL_SET: return local_set(v, in, &t) && pop_expect(v, t);
	case IR_OP_LOCAL_TEE: return local_set(v, in, &t) && pop_expect(v, t) && push(v, t);
	case IR_OP_GLOBAL_GET: return global(v, in, &g) && push(v, g->type);
	default: /* global.set */
		if (!global(v, in, &g))
			return false;
		if (!g->mut)
			return fail(v, DIAG_IMMUTABLE_GLOBAL, "global %u", in->u.idx.a);
		return pop_expect(v, g->type);
	}
}

static bool tag(CodeValidator *v, uint32_t x, const IrFuncType **t)
{
	if (x >= v->m->ntags)
		return fail(v, DIAG_UNKNOWN_TAG, "tag %u", x);
	*t = &v->m->types[v->m->tag_types[x]];
	return true;
}

/* throw x: [t* ] -> [t'*], t* the tag's parameters (3.0 spec 3.3.8.6). */
static bool throw_tag(CodeValidator *v, const IrInstr *in)
{
	const IrFuncType *t;
	if (!tag(v, in->u.idx.a, &t) || !pop_all(v, t->nparams, t->params))
		return false;
	set_unreachable(v);
	return true;
}

/* One catch clause (3.0 spec 3.3.8.8): what it passes, the tag's
 * parameters and/or the exception, must match its label's types. */
static bool catch_clause(CodeValidator *v, IrCatch c)
{
	static const IrValType exn = IR_EXNREF | IR_REF_NONNULL;
	const IrFuncType *t = NULL;
	uint32_t n, np = 0;
	const IrValType *ts;
	if (c.kind < IR_CATCH_ALL && !tag(v, c.tag, &t))
		return false;
	if (!label(v, c.label, &n, &ts))
		return false;
	np = t ? t->nparams : 0;
	bool ref = c.kind == IR_CATCH_REF || c.kind == IR_CATCH_ALL_REF;
	bool ok = n == np + ref;
	for (uint32_t i = 0; ok && i < np; i++)
		ok = ir_valtype_sub(v->m, t->params[i], ts[i]);
	if (ok && ref)
		ok = ir_valtype_sub(v->m, exn, ts[np]);
	return ok ? true : fail(v, DIAG_TYPE_MISMATCH, "catch clause %u does not match label %u", c.kind, c.label);
}

/* try_table bt catch*: the clauses' labels are outside the try_table's
 * own frame, so they are checked before it opens. */
static bool try_table(CodeValidator *v, const IrInstr *in, const IrFunc *f)
{
	uint32_t n = ir_try_ncatches(f, in);
	for (uint32_t i = 0; i < n; i++)
		if (!catch_clause(v, ir_try_catch(f, in, i)))
			return false;
	return block_start(v, in);
}

static bool control(CodeValidator *v, const IrInstr *in, const IrFunc *f, const IrFuncType *ft)
{
	uint32_t n;
	const IrValType *ts;
	switch (in->op) {
	case IR_OP_UNREACHABLE: set_unreachable(v); return true;
	case IR_OP_BLOCK: case IR_OP_LOOP: case IR_OP_IF: return block_start(v, in);
	case IR_OP_ELSE: return block_else(v);
	case IR_OP_END: return block_end(v);
	case IR_OP_BR:
		if (!label(v, in->u.idx.a, &n, &ts) || !pop_all(v, n, ts))
			return false;
		set_unreachable(v);
		return true;
	case IR_OP_BR_IF:
		return pop_expect(v, IR_I32) && label(v, in->u.idx.a, &n, &ts) &&
		       pop_all(v, n, ts) && push_all(v, n, ts);
	case IR_OP_BR_TABLE: return br_table(v, in, f->labels);
	case IR_OP_RETURN:
		if (!pop_all(v, ft->nresults, ft->results))
			return false;
		set_unreachable(v);
		return true;
	case IR_OP_CALL:
		if (in->u.idx.a >= v->m->nfuncs)
			return fail(v, DIAG_UNKNOWN_FUNC, "function %u", in->u.idx.a);
		return call(v, ir_func_type(v->m, in->u.idx.a));
	case IR_OP_CALL_INDIRECT: return call_indirect(v, in);
	case IR_OP_RETURN_CALL:
		if (in->u.idx.a >= v->m->nfuncs)
			return fail(v, DIAG_UNKNOWN_FUNC, "function %u", in->u.idx.a);
		return return_call(v, ir_func_type(v->m, in->u.idx.a), ft);
	case IR_OP_RETURN_CALL_INDIRECT: return return_call_indirect(v, in, ft);
	case IR_OP_CALL_REF: return call_ref(v, in);
	case IR_OP_RETURN_CALL_REF: return return_call_ref(v, in, ft);
	case IR_OP_BR_ON_NULL: return br_on_null(v, in);
	case IR_OP_BR_ON_NON_NULL: return br_on_non_null(v, in);
	case IR_OP_THROW: return throw_tag(v, in);
	case IR_OP_THROW_REF:
		if (!pop_expect(v, IR_EXNREF))
			return false;
		set_unreachable(v);
		return true;
	case IR_OP_TRY_TABLE: return try_table(v, in, f);
	default: return true; /* nop */
	}
}

static bool instr(CodeValidator *v, const IrInstr *in, const IrFunc *f, const IrFuncType *ft)
{
	switch (in->op) {
	case IR_OP_DROP: { IrValType t; return pop(v, &t); }
	case IR_OP_SELECT: return select_untyped(v);
	case IR_OP_SELECT_T: return select_typed(v, in);
	case IR_OP_REF_NULL: return known(v, in->u.reftype) && push(v, in->u.reftype);
	case IR_OP_REF_AS_NON_NULL: { IrValType t; return pop_ref(v, &t) && push(v, non_null(t)); }
	case IR_OP_REF_IS_NULL: return ref_is_null(v);
	case IR_OP_REF_FUNC: return ref_func(v, in);
	case IR_OP_TABLE_GET: case IR_OP_TABLE_SET: case IR_OP_TABLE_SIZE:
	case IR_OP_TABLE_GROW: case IR_OP_TABLE_FILL:
		return table_op(v, in);
	}
	if (ir_op_info[in->op].prefix == 0xfb || in->op == IR_OP_REF_EQ)
		return fe_validate_gc(v, in);
	switch (ir_op_info[in->op].family) {
	case IR_FAM_CONTROL: case IR_FAM_CALL: return control(v, in, f, ft);
	case IR_FAM_VARIABLE: return variable(v, in);
	default: return by_signature(v, in);
	}
}

/* Parameters then declared locals, expanded for O(1) lookup; parameters
 * and defaultable locals start set. */
static bool expand_locals(CodeValidator *v, const IrFuncType *ft, const IrFunc *f)
{
	size_t n = (size_t)ft->nparams + f->nlocals;
	if (!grow((void **)&v->locals, &v->locals_cap, n ? n : 1, sizeof *v->locals) ||
	    !grow((void **)&v->set, &v->set_cap, n ? n : 1, 1))
		return fail(v, DIAG_OUT_OF_MEMORY, "locals");
	memcpy(v->locals, ft->params, ft->nparams * sizeof *v->locals);
	memset(v->set, 1, ft->nparams);
	size_t k = ft->nparams;
	for (uint32_t i = 0; i < f->nruns; i++) {
		IrValType t = f->runs[i].type;
		if (!known(v, t))
			return false;
		for (uint32_t j = 0; j < f->runs[i].count; j++)
			v->locals[k + j] = t;
		memset(v->set + k, ir_is_defaultable(t), f->runs[i].count);
		k += f->runs[i].count;
	}
	v->nlocals = n;
	v->ninits = 0;
	return true;
}

bool fe_validate_func(CodeValidator *v, const IrModule *m, uint32_t funcidx,
                      const uint8_t *declared_refs, DiagSink *diags)
{
	const IrFunc *f = &m->funcs[funcidx - m->nimported_funcs];
	const IrFuncType *ft = &m->types[f->type];
	v->m = m;
	v->refs = declared_refs;
	v->diags = diags;
	v->func = funcidx;
	v->failed = false;
	v->nvals = v->nctrls = 0;
	v->in = f->code;
	if (!expand_locals(v, ft, f))
		return false;
	if (!push_frame(v, IR_OP_END, 0, NULL, ft->nresults, ft->results))
		return false;
	for (uint32_t i = 0; i < f->ncode; i++) {
		v->in = &f->code[i];
		if (!instr(v, v->in, f, ft))
			return false;
	}
	return true;
}

/* ---- for validate_gc.c (validate_code.h) ---- */

bool fe_code_fail(CodeValidator *v, DiagCode code, const char *fmt, ...)
{
	char buf[DIAG_DETAIL_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return fail(v, code, "%s", buf);
}

const char *fe_code_tname(IrValType t) { return tname(t); }
bool fe_code_push(CodeValidator *v, IrValType t) { return push(v, t); }
bool fe_code_push_all(CodeValidator *v, uint32_t n, const IrValType *ts) { return push_all(v, n, ts); }
bool fe_code_pop(CodeValidator *v, IrValType *out) { return pop(v, out); }
bool fe_code_pop_expect(CodeValidator *v, IrValType want) { return pop_expect(v, want); }
bool fe_code_pop_all(CodeValidator *v, uint32_t n, const IrValType *ts) { return pop_all(v, n, ts); }
bool fe_code_pop_ref(CodeValidator *v, IrValType *t) { return pop_ref(v, t); }
bool fe_code_known(CodeValidator *v, IrValType t) { return known(v, t); }
bool fe_code_label(CodeValidator *v, uint32_t depth, uint32_t *n, const IrValType **ts)
{
	return label(v, depth, n, ts);
}
bool fe_code_elem_type(CodeValidator *v, uint32_t e, IrValType *out) { return elem_type(v, e, out); }
bool fe_code_check_data(CodeValidator *v, uint32_t d) { return check_data(v, d); }
