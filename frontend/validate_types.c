/* frontend/validate_types.c: the type section under 3.0's garbage
 * collection types (spec 3.2.9-3.2.12, 3.5).  A type may name any type
 * before its recursion group's end; a declared supertype must come before
 * it, be open (not final) and have a matching composite type.  Each type
 * gets its class of equivalent types (IrModule.canon): two types are
 * equivalent when their recursion groups are, type by type, equal with
 * indices into the group taken relative to its start and other indices
 * replaced by their classes (iso-recursive equivalence, 3.0 spec 3.5.2).
 * Groups are hashed, so canonicalising is linear in the section's size.
 */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

/* A reference into the type's own recursion group, by its position. */
enum { REL = 1u << (31 - IR_TYPE_SHIFT) };

bool fe_valtype_known(const IrModule *m, IrValType t, uint32_t limit, size_t offset, DiagSink *diags)
{
	if (ir_heap(t) != IR_HT_INDEX || ir_ref_index(t) < limit)
		return true;
	diag_report(diags, DIAG_UNKNOWN_TYPE, offset, DIAG_NO_FUNC, "type %u of %u", ir_ref_index(t), m->ntypes);
	return false;
}

static uint32_t group_first(const IrFuncType *t, uint32_t i)
{
	return t->rec_size ? t->rec_first : i;
}

static uint32_t group_size(const IrFuncType *t)
{
	return t->rec_size ? t->rec_size : 1;
}

/* A type index as its group sees it: relative inside, a class outside. */
static uint32_t normal_index(const uint32_t *canon, uint32_t first, uint32_t j)
{
	return j >= first ? REL | (j - first) : canon[j];
}

static IrValType normal(const uint32_t *canon, uint32_t first, IrValType t)
{
	if (ir_heap(t) != IR_HT_INDEX)
		return t;
	return (t & ((1u << IR_TYPE_SHIFT) - 1)) | normal_index(canon, first, ir_ref_index(t)) << IR_TYPE_SHIFT;
}

/* The k-th value type of a type: parameters, results, then fields. */
static uint32_t nvals(const IrFuncType *f)
{
	return f->nparams + f->nresults + f->nfields;
}

static IrValType nth(const IrFuncType *f, uint32_t k)
{
	if (k < f->nparams)
		return f->params[k];
	k -= f->nparams;
	return k < f->nresults ? f->results[k] : f->fields[k - f->nresults].type;
}

/* Everything of a type but its value types, as a few words. */
static uint32_t shape(const uint32_t *canon, uint32_t first, const IrFuncType *f, uint32_t w)
{
	switch (w) {
	case 0: return f->kind | f->open << 2 | (f->nsupers ? 1u : 0) << 3;
	case 1: return f->nsupers ? normal_index(canon, first, f->super) : 0;
	case 2: return f->nparams;
	case 3: return f->nresults;
	default: return f->nfields;
	}
}

static bool field_mut(const IrFuncType *f, uint32_t k)
{
	return k >= f->nparams + f->nresults && f->fields[k - f->nparams - f->nresults].mut;
}

static uint32_t hash_type(const uint32_t *canon, uint32_t first, const IrFuncType *f, uint32_t h)
{
	for (uint32_t w = 0; w < 5; w++)
		h = (h ^ shape(canon, first, f, w)) * 16777619u;
	for (uint32_t k = 0; k < nvals(f); k++)
		h = (h ^ normal(canon, first, nth(f, k)) ^ (uint32_t)field_mut(f, k) << 31) * 16777619u;
	return h;
}

static uint32_t hash_group(const IrModule *m, const uint32_t *canon, uint32_t first, uint32_t n)
{
	uint32_t h = 2166136261u ^ n;
	for (uint32_t i = 0; i < n; i++)
		h = hash_type(canon, first, &m->types[first + i], h);
	return h;
}

static bool same_type(const uint32_t *canon, uint32_t fa, const IrFuncType *x, uint32_t fb, const IrFuncType *y)
{
	for (uint32_t w = 0; w < 5; w++)
		if (shape(canon, fa, x, w) != shape(canon, fb, y, w))
			return false;
	for (uint32_t k = 0; k < nvals(x); k++)
		if (normal(canon, fa, nth(x, k)) != normal(canon, fb, nth(y, k)) || field_mut(x, k) != field_mut(y, k))
			return false;
	return true;
}

/* Groups starting at a and b, both n types long. */
static bool same_group(const IrModule *m, const uint32_t *canon, uint32_t a, uint32_t b, uint32_t n)
{
	if (group_size(&m->types[a]) != n)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!same_type(canon, a, &m->types[a + i], b, &m->types[b + i]))
			return false;
	return true;
}

/* Every value type names a type before its group's end; a supertype
 * comes before the type, and there is at most one. */
static bool known(const IrModule *m, DiagSink *diags)
{
	size_t at = m->section_offsets[IR_SEC_TYPE];
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const IrFuncType *f = &m->types[i];
		uint32_t end = group_first(f, i) + group_size(f);
		for (uint32_t k = 0; k < nvals(f); k++)
			if (!fe_valtype_known(m, nth(f, k), end, at, diags))
				return false;
		if (f->nsupers > 1) {
			diag_report(diags, DIAG_SUB_TYPE, at, DIAG_NO_FUNC, "type %u has %u supertypes", i, f->nsupers);
			return false;
		}
		if (f->nsupers && f->super >= i) {
			diag_report(diags, DIAG_UNKNOWN_TYPE, at, DIAG_NO_FUNC, "supertype %u of type %u", f->super, i);
			return false;
		}
	}
	return true;
}

/* The classes, a group at a time, through a hash table of the groups
 * seen (open addressing, at most half full). */
static bool classes(const IrModule *m, uint32_t *canon, DiagSink *diags)
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
	for (uint32_t i = 0; i < m->ntypes;) {
		uint32_t n = group_size(&m->types[i]);
		size_t s = hash_group(m, canon, i, n) & (nslots - 1);
		while (slots[s] != UINT32_MAX && !same_group(m, canon, slots[s], i, n))
			s = (s + 1) & (nslots - 1);
		if (slots[s] == UINT32_MAX)
			slots[s] = i;
		for (uint32_t k = 0; k < n; k++)
			canon[i + k] = slots[s] + k;
		i += n;
	}
	free(slots);
	return true;
}

/* Field a of a subtype matches field b of its supertype (3.0 spec
 * 3.3.4): an immutable one covariantly, a mutable one both ways. */
static bool field_sub(const IrModule *m, IrField a, IrField b)
{
	if (a.mut != b.mut)
		return false;
	if (a.type == IR_I8 || a.type == IR_I16 || b.type == IR_I8 || b.type == IR_I16)
		return a.type == b.type;
	return ir_valtype_sub(m, a.type, b.type) && (!a.mut || ir_valtype_sub(m, b.type, a.type));
}

/* Composite type a matches b (3.0 spec 3.3.4): functions contravariant in
 * parameters and covariant in results, structs by a prefix of fields,
 * arrays by the element. */
bool fe_comptype_sub(const IrModule *m, const IrFuncType *a, const IrFuncType *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == IR_COMP_FUNC) {
		if (a->nparams != b->nparams || a->nresults != b->nresults)
			return false;
		for (uint32_t k = 0; k < a->nparams; k++)
			if (!ir_valtype_sub(m, b->params[k], a->params[k]))
				return false;
		for (uint32_t k = 0; k < a->nresults; k++)
			if (!ir_valtype_sub(m, a->results[k], b->results[k]))
				return false;
		return true;
	}
	if (a->nfields < b->nfields)
		return false;
	for (uint32_t k = 0; k < b->nfields; k++)
		if (!field_sub(m, a->fields[k], b->fields[k]))
			return false;
	return true;
}

/* A declared supertype (3.0 spec 3.2.11): open, of a matching composite
 * type, and not too deep for constant-time casts later. */
static bool supertypes(IrModule *m, IrFuncType *types, DiagSink *diags)
{
	size_t at = m->section_offsets[IR_SEC_TYPE];
	for (uint32_t i = 0; i < m->ntypes; i++) { /* depths first: a field may name a later type */
		types[i].depth = types[i].nsupers ? types[types[i].super].depth + 1 : 0;
		if (types[i].depth > FE_MAX_SUBTYPE_DEPTH) {
			diag_report(diags, DIAG_IMPL_LIMIT, at, DIAG_NO_FUNC, "more than %u supertypes above type %u",
			            (unsigned)FE_MAX_SUBTYPE_DEPTH, i);
			return false;
		}
	}
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const IrFuncType *f = &types[i], *s = &types[f->super];
		if (f->nsupers && (!s->open || !fe_comptype_sub(m, f, s))) {
			diag_report(diags, DIAG_SUB_TYPE, at, DIAG_NO_FUNC, "type %u does not match its supertype %u%s", i,
			            f->super, s->open ? "" : " (final)");
			return false;
		}
	}
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
	return supertypes(m, (IrFuncType *)m->types, diags);
}
