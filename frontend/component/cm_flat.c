/* frontend/component/cm_flat.c: the canonical ABI's flattening of value
 * types into core value types, which fixes the core signature a lifted or
 * lowered function must have. */
#include "cm.h"

enum { FLAT_MAX_DEPTH = 1000 };

static void push(CmFlat *f, uint32_t max, IrValType v)
{
	if (f->n < max)
		f->v[f->n] = v;
	if (f->n <= max)
		f->n++;
	if (f->n > max)
		f->overflow = true;
}

static IrValType join(IrValType a, IrValType b)
{
	if (a == b)
		return a;
	if ((a == IR_I32 && b == IR_F32) || (a == IR_F32 && b == IR_I32))
		return IR_I32;
	return IR_I64;
}

static void flat(CmLoad *L, uint32_t id, uint32_t max, CmFlat *f, unsigned depth);

/* A variant's payloads share slots after the discriminant, joined. */
static void flat_cases(CmLoad *L, const IrCmField *cases, uint32_t n, uint32_t max, CmFlat *f, unsigned depth)
{
	push(f, max, IR_I32);
	uint32_t start = f->n, width = 0;
	IrValType joined[CM_MAX_FLAT_PARAMS + 1];
	for (uint32_t i = 0; i < n && !f->overflow; i++) {
		if (!cases[i].type)
			continue;
		CmFlat c = { .n = 0 };
		flat(L, cases[i].type, max, &c, depth + 1);
		if (c.overflow || start + c.n > max) {
			f->overflow = true;
			return;
		}
		for (uint32_t k = 0; k < c.n; k++)
			joined[k] = k < width ? join(joined[k], c.v[k]) : c.v[k];
		if (c.n > width)
			width = c.n;
	}
	for (uint32_t k = 0; k < width && !f->overflow; k++)
		push(f, max, joined[k]);
}

static void flat_variant(CmLoad *L, const IrCmType *t, uint32_t max, CmFlat *f, unsigned depth)
{
	IrCmField two[2] = { { .type = 0 }, { .type = 0 } };
	if (t->kind == IR_CMT_VARIANT) {
		flat_cases(L, t->fields, t->n, max, f, depth);
		return;
	}
	if (t->kind == IR_CMT_OPTION) {
		two[1].type = t->a;
	} else {
		two[0].type = t->has_a ? t->a : 0;
		two[1].type = t->has_b ? t->b : 0;
	}
	flat_cases(L, two, 2, max, f, depth);
}

static void flat_prim(uint8_t prim, uint32_t max, CmFlat *f)
{
	switch (prim) {
	case IR_CM_S64: case IR_CM_U64: push(f, max, IR_I64); break;
	case IR_CM_F32: push(f, max, IR_F32); break;
	case IR_CM_F64: push(f, max, IR_F64); break;
	case IR_CM_STRING: push(f, max, IR_I32); push(f, max, IR_I32); break;
	default: push(f, max, IR_I32); break;
	}
}

static void flat(CmLoad *L, uint32_t id, uint32_t max, CmFlat *f, unsigned depth)
{
	const IrCmType *t = cm_type(L, id);
	if (depth > FLAT_MAX_DEPTH) {
		f->overflow = true;
		return;
	}
	switch (t->kind) {
	case IR_CMT_PRIM: flat_prim(t->prim, max, f); break;
	case IR_CMT_LIST: push(f, max, IR_I32); push(f, max, IR_I32); break;
	case IR_CMT_RECORD: case IR_CMT_TUPLE:
		for (uint32_t i = 0; i < t->n && !f->overflow; i++)
			flat(L, t->fields[i].type, max, f, depth + 1);
		break;
	case IR_CMT_VARIANT: case IR_CMT_OPTION: case IR_CMT_RESULT: flat_variant(L, t, max, f, depth); break;
	default: push(f, max, IR_I32); break; /* flags, enum, own, borrow */
	}
}

void cm_flatten(CmLoad *L, uint32_t type, uint32_t max, CmFlat *out)
{
	flat(L, type, max, out, 0);
	out->memory |= cm_type(L, type)->lists;
}
