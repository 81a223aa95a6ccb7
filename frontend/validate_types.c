/* frontend/validate_types.c: the type section under 3.0's typed function
 * references (spec 3.2, 3.4.1): every type index a value type names must
 * exist, and each function type gets its class of equivalent types
 * (IrModule.canon), which the subtyping of ir_valtype_sub compares.
 * Without GC every type is its own recursion group: it may name itself and
 * earlier types, and two types are equivalent when they are equal with
 * earlier indices replaced by their classes and self-references kept.
 */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

enum { SELF = (1u << (32 - IR_TYPE_SHIFT)) - 1 }; /* a type's reference to itself */

bool fe_valtype_known(const IrModule *m, IrValType t, uint32_t limit, size_t offset, DiagSink *diags)
{
	if (ir_heap(t) != IR_HT_INDEX || ir_ref_index(t) < limit)
		return true;
	diag_report(diags, DIAG_UNKNOWN_TYPE, offset, DIAG_NO_FUNC, "type %u of %u", ir_ref_index(t), m->ntypes);
	return false;
}

/* A value type of type `self` with its indices replaced by classes. */
static IrValType normal(const uint32_t *canon, uint32_t self, IrValType t)
{
	if (ir_heap(t) != IR_HT_INDEX)
		return t;
	uint32_t j = ir_ref_index(t);
	return (t & ((1u << IR_TYPE_SHIFT) - 1)) | (j == self ? SELF : canon[j]) << IR_TYPE_SHIFT;
}

static IrValType nth(const IrFuncType *f, uint32_t k)
{
	return k < f->nparams ? f->params[k] : f->results[k - f->nparams];
}

static uint32_t hash_type(const IrModule *m, const uint32_t *canon, uint32_t i)
{
	const IrFuncType *f = &m->types[i];
	uint32_t h = 2166136261u ^ f->nparams;
	h = (h * 16777619u) ^ f->nresults;
	for (uint32_t k = 0; k < f->nparams + f->nresults; k++)
		h = (h * 16777619u) ^ normal(canon, i, nth(f, k));
	return h * 16777619u;
}

static bool equivalent(const IrModule *m, const uint32_t *canon, uint32_t a, uint32_t b)
{
	const IrFuncType *x = &m->types[a], *y = &m->types[b];
	if (x->nparams != y->nparams || x->nresults != y->nresults)
		return false;
	for (uint32_t k = 0; k < x->nparams + x->nresults; k++)
		if (normal(canon, a, nth(x, k)) != normal(canon, b, nth(y, k)))
			return false;
	return true;
}

/* Every value type names a type at or before its own. */
static bool known(const IrModule *m, DiagSink *diags)
{
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const IrFuncType *f = &m->types[i];
		for (uint32_t k = 0; k < f->nparams + f->nresults; k++)
			if (!fe_valtype_known(m, nth(f, k), i + 1, m->section_offsets[IR_SEC_TYPE], diags))
				return false;
	}
	return true;
}

/* The classes, through a hash table of representatives (open addressing,
 * at most half full). */
static bool classes(IrModule *m, uint32_t *canon, DiagSink *diags)
{
	size_t nslots = 16;
	while (nslots < 2 * (size_t)m->ntypes)
		nslots *= 2;
	uint32_t *slots = malloc(nslots * sizeof *slots);
	if (!slots) {
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "type classes");
		return false;
	}
	memset(slots, 0xff, nslots * sizeof *slots);
	for (uint32_t i = 0; i < m->ntypes; i++) {
		size_t s = hash_type(m, canon, i) & (nslots - 1);
		while (slots[s] != UINT32_MAX && !equivalent(m, canon, slots[s], i))
			s = (s + 1) & (nslots - 1);
		if (slots[s] == UINT32_MAX)
			slots[s] = i;
		canon[i] = slots[s];
	}
	free(slots);
	return true;
}

bool fe_validate_types(IrModule *m, DiagSink *diags)
{
	uint32_t *canon = arena_array(m->arena, m->ntypes ? m->ntypes : 1, sizeof *canon);
	if (!canon) {
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "type classes");
		return false;
	}
	if (!known(m, diags) || !classes(m, canon, diags))
		return false;
	m->canon = canon;
	return true;
}
