/* ir/module.c: queries every stage makes of a validated module. */
#include "module.h"

#include <stdlib.h>
#include <string.h>

const IrFuncType *ir_func_type(const IrModule *m, uint32_t funcidx)
{
	return &m->types[m->func_types[funcidx]];
}

/* A function's name from the name section, or an empty name. */
IrName ir_func_name(const IrModule *m, uint32_t funcidx)
{
	uint32_t lo = 0, hi = m->nfunc_names;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->func_names[mid].index == funcidx)
			return m->func_names[mid].name;
		if (m->func_names[mid].index < funcidx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (IrName){ NULL, 0 };
}

/* A block type's parameters and results (spec 3.2.2); a single result
 * points into bt, which must outlive them. */
void ir_block_sig(const IrModule *m, const IrBlockType *bt, uint32_t *nparams,
                  const IrValType **params, uint32_t *nresults,
                  const IrValType **results)
{
	*nparams = 0;
	*params = NULL;
	*nresults = 0;
	*results = NULL;
	if (bt->kind == IR_BT_VAL) {
		*nresults = 1;
		*results = &bt->val;
	} else if (bt->kind == IR_BT_INDEX) {
		const IrFuncType *t = &m->types[bt->index];
		*nparams = t->nparams;
		*params = t->params;
		*nresults = t->nresults;
		*results = t->results;
	}
}

uint32_t ir_try_ncatches(const IrFunc *f, const IrInstr *in)
{
	return f->labels[in->u.block.else_at];
}

IrCatch ir_try_catch(const IrFunc *f, const IrInstr *in, uint32_t i)
{
	const uint32_t *c = &f->labels[in->u.block.else_at + 1 + 3 * i];
	return (IrCatch){ .kind = c[0], .tag = c[1], .label = c[2] };
}

/* Type index a <: type index b: b is a, or one of a's declared
 * supertypes, up to equivalence.  The walk is bounded by the depth the
 * validator limits (FE_MAX_SUBTYPE_DEPTH). */
static bool index_sub(const IrModule *m, uint32_t a, uint32_t b)
{
	const uint32_t *canon = m->canon;
	uint32_t want = canon ? canon[b] : b, db = m->types[b].depth;
	for (;;) {
		if ((canon ? canon[a] : a) == want)
			return true;
		const IrFuncType *t = &m->types[a];
		if (!t->nsupers || t->depth <= db)
			return false;
		a = t->super;
	}
}

/* The abstract heap type a type index sits under. */
static uint8_t index_abstract(const IrModule *m, IrValType t)
{
	static const uint8_t by_kind[] = { [IR_COMP_FUNC] = IR_FUNCREF, [IR_COMP_STRUCT] = IR_STRUCTREF,
	                                   [IR_COMP_ARRAY] = IR_ARRAYREF };
	return by_kind[m->types[ir_ref_index(t)].kind];
}

/* Abstract h1 <: h2 (3.0 spec 3.3.2): the any hierarchy is
 * none <: i31, struct, array <: eq <: any; the others a bottom under
 * its top. */
static bool abstract_sub(uint8_t h1, uint8_t h2)
{
	if (h1 == h2)
		return true;
	switch (h1) {
	case IR_NULLREF: return ir_is_gc_heap(h2);
	case IR_I31REF: case IR_STRUCTREF: case IR_ARRAYREF: return h2 == IR_EQREF || h2 == IR_ANYREF;
	case IR_EQREF: return h2 == IR_ANYREF;
	case IR_NULLFUNCREF: return h2 == IR_FUNCREF;
	case IR_NULLEXTERNREF: return h2 == IR_EXTERNREF;
	case IR_NULLEXNREF: return h2 == IR_EXNREF;
	}
	return false;
}

static bool heap_sub(const IrModule *m, IrValType t1, IrValType t2)
{
	uint8_t h1 = ir_heap(t1), h2 = ir_heap(t2);
	if (h1 == IR_HT_INDEX && h2 == IR_HT_INDEX)
		return index_sub(m, ir_ref_index(t1), ir_ref_index(t2));
	if (h1 == IR_HT_INDEX)
		return abstract_sub(index_abstract(m, t1), h2);
	if (h2 == IR_HT_INDEX) /* only a bottom is below a defined type */
		return h1 == ir_heap(ir_heap_bottom(m, t2));
	return abstract_sub(h1, h2);
}

bool ir_valtype_sub(const IrModule *m, IrValType t1, IrValType t2)
{
	if (t1 == t2)
		return true;
	if (!ir_is_reftype(t1) || !ir_is_reftype(t2))
		return false;
	if (ir_ref_nullable(t1) && !ir_ref_nullable(t2))
		return false;
	return heap_sub(m, t1, t2);
}

IrValType ir_heap_top(const IrModule *m, IrValType t)
{
	uint8_t h = ir_heap(t) == IR_HT_INDEX ? index_abstract(m, t) : ir_heap(t);
	if (ir_is_gc_heap(h))
		return IR_ANYREF;
	if (h == IR_NULLFUNCREF)
		return IR_FUNCREF;
	if (h == IR_NULLEXTERNREF)
		return IR_EXTERNREF;
	return h == IR_NULLEXNREF ? IR_EXNREF : h;
}

IrValType ir_heap_bottom(const IrModule *m, IrValType t)
{
	switch (ir_heap(ir_heap_top(m, t))) {
	case IR_ANYREF: return IR_NULLREF;
	case IR_FUNCREF: return IR_NULLFUNCREF;
	case IR_EXTERNREF: return IR_NULLEXTERNREF;
	default: return IR_NULLEXNREF;
	}
}

void ir_module_free(IrModule *m)
{
	if (!m)
		return;
	free(m->owned_bytes);
	arena_free(m->arena);
}

const IrBranchHint *ir_branch_hint(const IrModule *m, uint32_t offset)
{
	uint32_t lo = 0, hi = m->nbranch_hints;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->branch_hints[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nbranch_hints && m->branch_hints[lo].offset == offset ? &m->branch_hints[lo] : NULL;
}
