/* backend/component/canon_type.c: a component type (the root
 * IrComponent's type table) to its canonical ABI descriptor
 * (nacre/canon.h), the constant data lowered and lifted functions carry
 * for the runtime.  Names are left out; type names (`same`) are followed
 * to what they name; resources become the numbers the caller assigns.
 */
#include "backend/component/canon_type.h"

typedef struct Out {
	uint8_t *p;
	size_t n;
	const IrComponent *c;
	BeCanonResourceFn resource;
	void *env;
} Out;

static bool put(Out *o, uint8_t b)
{
	if (o->n >= NACRE_CANON_MAX_BYTES)
		return false;
	o->p[o->n++] = b;
	return true;
}

static bool put_u32(Out *o, uint32_t v)
{
	do {
		uint8_t b = v & 0x7f;
		v >>= 7;
		if (!put(o, (uint8_t)(b | (v ? 0x80 : 0))))
			return false;
	} while (v);
	return true;
}

/* The node a type id stands for, names followed. */
static const IrCmType *node(const IrComponent *c, uint32_t id)
{
	for (unsigned hops = 0; id && id < c->ntypes && c->types[id].same && hops < 64; hops++)
		id = c->types[id].same;
	return id && id < c->ntypes ? &c->types[id] : NULL;
}

static uint32_t resolve(const IrComponent *c, uint32_t id)
{
	const IrCmType *t = node(c, id);
	return t ? (uint32_t)(t - c->types) : 0;
}

/* Binary primitive codes (0x73 string .. 0x7f bool) to descriptor codes. */
static bool prim(Out *o, uint8_t code)
{
	static const uint8_t codes[] = {
		[IR_CM_BOOL - IR_CM_STRING] = NACRE_CANON_BOOL, [IR_CM_S8 - IR_CM_STRING] = NACRE_CANON_S8,
		[IR_CM_U8 - IR_CM_STRING] = NACRE_CANON_U8,     [IR_CM_S16 - IR_CM_STRING] = NACRE_CANON_S16,
		[IR_CM_U16 - IR_CM_STRING] = NACRE_CANON_U16,   [IR_CM_S32 - IR_CM_STRING] = NACRE_CANON_S32,
		[IR_CM_U32 - IR_CM_STRING] = NACRE_CANON_U32,   [IR_CM_S64 - IR_CM_STRING] = NACRE_CANON_S64,
		[IR_CM_U64 - IR_CM_STRING] = NACRE_CANON_U64,   [IR_CM_F32 - IR_CM_STRING] = NACRE_CANON_F32,
		[IR_CM_F64 - IR_CM_STRING] = NACRE_CANON_F64,   [IR_CM_CHAR - IR_CM_STRING] = NACRE_CANON_CHAR,
		[IR_CM_STRING - IR_CM_STRING] = NACRE_CANON_STRING,
	};
	if (code < IR_CM_STRING || code > IR_CM_BOOL)
		return false;
	return put(o, codes[code - IR_CM_STRING]);
}

static bool valtype(Out *o, uint32_t id, unsigned depth);

static bool members(Out *o, const IrCmType *t, uint8_t code, unsigned depth)
{
	if (!put(o, code) || !put_u32(o, t->n))
		return false;
	for (uint32_t i = 0; i < t->n; i++)
		if (!valtype(o, t->fields[i].type, depth + 1))
			return false;
	return true;
}

static bool cases(Out *o, const IrCmType *t, unsigned depth)
{
	if (!put(o, NACRE_CANON_VARIANT) || !put_u32(o, t->n))
		return false;
	for (uint32_t i = 0; i < t->n; i++) {
		bool has = t->fields[i].type != 0;
		if (!put(o, has) || (has && !valtype(o, t->fields[i].type, depth + 1)))
			return false;
	}
	return true;
}

static bool handle(Out *o, const IrCmType *t, uint8_t code)
{
	uint32_t r = o->resource ? o->resource(o->env, resolve(o->c, t->a)) : NACRE_CANON_MAX_RESOURCES;
	return r < NACRE_CANON_MAX_RESOURCES && put(o, code) && put_u32(o, r);
}

static bool result(Out *o, const IrCmType *t, unsigned depth)
{
	if (!put(o, NACRE_CANON_RESULT) || !put(o, (uint8_t)(t->has_a | t->has_b << 1)))
		return false;
	return (!t->has_a || valtype(o, t->a, depth + 1)) && (!t->has_b || valtype(o, t->b, depth + 1));
}

static bool valtype(Out *o, uint32_t id, unsigned depth)
{
	const IrCmType *t = node(o->c, id);
	if (!t || depth > NACRE_CANON_MAX_DEPTH)
		return false;
	switch (t->kind) {
	case IR_CMT_PRIM: return prim(o, t->prim);
	case IR_CMT_LIST: return put(o, NACRE_CANON_LIST) && valtype(o, t->a, depth + 1);
	case IR_CMT_OPTION: return put(o, NACRE_CANON_OPTION) && valtype(o, t->a, depth + 1);
	case IR_CMT_RECORD: return members(o, t, NACRE_CANON_RECORD, depth);
	case IR_CMT_TUPLE: return members(o, t, NACRE_CANON_TUPLE, depth);
	case IR_CMT_VARIANT: return cases(o, t, depth);
	case IR_CMT_ENUM: return put(o, NACRE_CANON_ENUM) && put_u32(o, t->n);
	case IR_CMT_FLAGS: return put(o, NACRE_CANON_FLAGS) && put_u32(o, t->n);
	case IR_CMT_RESULT: return result(o, t, depth);
	case IR_CMT_OWN: return handle(o, t, NACRE_CANON_OWN);
	case IR_CMT_BORROW: return handle(o, t, NACRE_CANON_BORROW);
	default: return false;
	}
}

static bool func(Out *o, const IrCmType *t)
{
	if (!put(o, NACRE_CANON_FUNC) || !put_u32(o, t->n))
		return false;
	for (uint32_t i = 0; i < t->n; i++)
		if (!valtype(o, t->fields[i].type, 1))
			return false;
	return put(o, t->has_a) && (!t->has_a || valtype(o, t->a, 1));
}

bool be_canon_encode(const IrComponent *c, uint32_t type, BeCanonResourceFn resource, void *env,
                     uint8_t out[NACRE_CANON_MAX_BYTES], size_t *n)
{
	Out o = { out, 0, c, resource, env };
	const IrCmType *t = node(c, type);
	if (!t || !put(&o, NACRE_CANON_VERSION))
		return false;
	bool ok = t->kind == IR_CMT_FUNC ? func(&o, t) : valtype(&o, type, 0);
	*n = o.n;
	return ok;
}
