/* frontend/component/cm_canon.c: canonical definitions: lift and lower
 * with their options, resource.new, resource.drop, resource.rep.  The core
 * signature of each follows from the canonical ABI (cm_flat.c). */
#include "cm.h"

#include <string.h>

typedef struct Opts {
	IrCmCanon c;
	bool has_encoding;
	uint32_t realloc_type;  /* core func type of realloc */
	uint32_t post_type;     /* core func type of post-return */
	size_t at;
} Opts;

static bool opt_index(CmScope *s, bool *has, uint32_t *idx, IrCmSort sort, const char *what, uint32_t *type)
{
	size_t at = s->r->pos;
	if (*has)
		return cm_fail(s, DIAG_CM_CANON, at, "canonical option `%s` is specified more than once", what);
	if (!fe_reader_u32(s->r, idx) || !(*type = cm_space_get(s, sort, *idx, at)))
		return false;
	*has = true;
	return true;
}

static bool read_opt(CmScope *s, Opts *o)
{
	static const char *const enc[] = { "utf8", "utf16", "latin1-utf16" };
	size_t at = s->r->pos;
	uint8_t b;
	uint32_t unused;
	if (!fe_reader_u8(s->r, &b))
		return false;
	switch (b) {
	case 0x00: case 0x01: case 0x02:
		if (o->has_encoding)
			return cm_fail(s, DIAG_CM_CANON, at, "canonical encoding option `%s` conflicts with option `%s`",
			               enc[o->c.encoding], enc[b]);
		o->has_encoding = true;
		o->c.encoding = b;
		return true;
	case 0x03: return opt_index(s, &o->c.has_memory, &o->c.memory, IR_CM_CORE_MEMORY, "memory", &unused);
	case 0x04: return opt_index(s, &o->c.has_realloc, &o->c.realloc, IR_CM_CORE_FUNC, "realloc", &o->realloc_type);
	case 0x05:
		return opt_index(s, &o->c.has_post_return, &o->c.post_return, IR_CM_CORE_FUNC, "post-return", &o->post_type);
	case 0x06: case 0x07: case 0x08:
		return cm_fail(s, DIAG_CM_GATED, at, "canonical option 0x%02x (async, callback, core type)", b);
	default: return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a canonical option", b);
	}
}

static bool read_opts(CmScope *s, Opts *o)
{
	uint32_t count;
	o->at = s->r->pos;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!read_opt(s, o))
			return false;
	return true;
}

static bool sig_is(const IrFuncType *f, uint32_t np, const IrValType *p, uint32_t nr, const IrValType *r)
{
	return f->nparams == np && f->nresults == nr && cm_bytes_eq(f->params, p, np * sizeof *p) &&
	       cm_bytes_eq(f->results, r, nr * sizeof *r);
}

static bool check_realloc(CmScope *s, const Opts *o, bool needed, bool memory)
{
	static const IrValType i32x4[4] = { IR_I32, IR_I32, IR_I32, IR_I32 };
	if (memory && !o->c.has_memory)
		return cm_fail(s, DIAG_CM_CANON, o->at, "canonical option `memory` is required");
	if (needed && !o->c.has_realloc)
		return cm_fail(s, DIAG_CM_CANON, o->at, "canonical option `realloc` is required");
	if (o->c.has_realloc && !sig_is(&cm_type(s->L, o->realloc_type)->core, 4, i32x4, 1, i32x4))
		return cm_fail(s, DIAG_CM_CANON, o->at, "canonical option `realloc` uses a core function with an incorrect signature");
	return true;
}

/* The flattened parameters and results of a component function type. */
typedef struct Sig {
	CmFlat params, results;
} Sig;

static void flatten_sig(CmLoad *L, const IrCmType *ft, Sig *g)
{
	memset(g, 0, sizeof *g);
	for (uint32_t i = 0; i < ft->n; i++)
		cm_flatten(L, ft->fields[i].type, CM_MAX_FLAT_PARAMS, &g->params);
	if (g->params.overflow)
		g->params.memory = true;
	if (ft->has_a)
		cm_flatten(L, ft->a, CM_MAX_FLAT_PARAMS, &g->results);
	if (g->results.n > CM_MAX_FLAT_RESULTS)
		g->results.overflow = true;
	if (g->results.overflow)
		g->results.memory = g->results.memory || true;
}

static bool lifted_sig_ok(const IrFuncType *core, const Sig *g)
{
	static const IrValType ptr[1] = { IR_I32 };
	uint32_t np = g->params.overflow ? 1 : g->params.n;
	const IrValType *p = g->params.overflow ? ptr : g->params.v;
	uint32_t nr = g->results.overflow ? 1 : g->results.n;
	const IrValType *r = g->results.overflow ? ptr : g->results.v;
	return sig_is(core, np, p, nr, r);
}

static bool lift(CmScope *s, IrCmCanon *c)
{
	uint8_t z;
	uint32_t cf, ft;
	size_t at = s->r->pos;
	Opts o = { 0 };
	if (!fe_reader_u8(s->r, &z) || (z != 0 && cm_fail(s, DIAG_CM_ENCODING, at, "expected 0x00 after lift")) ||
	    !fe_reader_u32(s->r, &c->func) || !(cf = cm_space_get(s, IR_CM_CORE_FUNC, c->func, at + 1)) ||
	    !read_opts(s, &o))
		return false;
	size_t tat = s->r->pos;
	if (!fe_reader_u32(s->r, &c->type) || !(ft = cm_space_get(s, IR_CM_TYPE, c->type, tat)))
		return false;
	const IrCmType *f = cm_type(s->L, ft);
	if (f->kind != IR_CMT_FUNC)
		return cm_fail(s, DIAG_CM_CANON, tat, "type index %u is not a function type", c->type);
	Sig g;
	flatten_sig(s->L, f, &g);
	if (!check_realloc(s, &o, g.params.memory, g.params.memory || g.results.memory))
		return false;
	if (!lifted_sig_ok(&cm_type(s->L, cf)->core, &g))
		return cm_fail(s, DIAG_CM_CANON, at, "lowered function type does not match the core function %u", c->func);
	if (o.c.has_post_return) {
		const IrFuncType *pr = &cm_type(s->L, o.post_type)->core;
		const IrFuncType *core = &cm_type(s->L, cf)->core;
		if (!sig_is(pr, core->nresults, core->results, 0, NULL))
			return cm_fail(s, DIAG_CM_CANON, o.at, "canonical option `post-return` uses a core function with an incorrect signature");
	}
	o.c.kind = IR_CM_CANON_LIFT;
	o.c.func = c->func;
	o.c.type = c->type;
	o.c.offset = c->offset;
	*c = o.c;
	return cm_space_push(s, IR_CM_FUNC, ft, cm_def(IR_CM_DEF_CANON, s->canons.n));
}

static bool push_core_func(CmScope *s, uint32_t np, const IrValType *p, uint32_t nr, const IrValType *r)
{
	uint32_t id;
	IrValType *v = arena_array(s->L->arena, np + nr + 1, sizeof *v);
	IrCmType *t = v ? cm_type_new(s, IR_CMT_CORE_FUNC, &id) : NULL;
	if (!t)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "core function");
	if (np)
		memcpy(v, p, np * sizeof *v);
	if (nr)
		memcpy(v + np, r, nr * sizeof *v);
	t->core = (IrFuncType){ .nparams = np, .nresults = nr, .params = v, .results = v + np };
	return cm_space_push(s, IR_CM_CORE_FUNC, id, cm_def(IR_CM_DEF_CANON, s->canons.n));
}

static bool lower(CmScope *s, IrCmCanon *c)
{
	uint8_t z;
	uint32_t ft;
	size_t at = s->r->pos;
	Opts o = { 0 };
	if (!fe_reader_u8(s->r, &z) || (z != 0 && cm_fail(s, DIAG_CM_ENCODING, at, "expected 0x00 after lower")) ||
	    !fe_reader_u32(s->r, &c->func) || !(ft = cm_space_get(s, IR_CM_FUNC, c->func, at + 1)) || !read_opts(s, &o))
		return false;
	if (o.c.has_post_return)
		return cm_fail(s, DIAG_CM_CANON, o.at, "canonical option `post-return` cannot be specified for lowerings");
	Sig g;
	flatten_sig(s->L, cm_type(s->L, ft), &g);
	if (!check_realloc(s, &o, g.results.memory && cm_type(s->L, ft)->has_a && cm_type(s->L, cm_type(s->L, ft)->a)->lists,
	                   g.params.memory || g.results.memory))
		return false;
	IrValType p[CM_MAX_FLAT_PARAMS + 1];
	uint32_t np = g.params.overflow ? 1 : g.params.n;
	memcpy(p, g.params.overflow ? (const IrValType[]){ IR_I32 } : g.params.v, np * sizeof *p);
	if (g.results.overflow)
		p[np++] = IR_I32;
	o.c.kind = IR_CM_CANON_LOWER;
	o.c.func = c->func;
	o.c.offset = c->offset;
	*c = o.c;
	return push_core_func(s, np, p, g.results.overflow ? 0 : g.results.n, g.results.v);
}

static bool is_local_resource(CmScope *s, uint32_t t)
{
	const uint32_t *r = s->resources.v;
	for (uint32_t i = 0; i < s->resources.n; i++)
		if (r[i] == cm_same(s->L, t))
			return true;
	return false;
}

/* resource.new / drop / rep: the operand is a resource type index. */
static bool resource_op(CmScope *s, IrCmCanon *c, uint8_t op)
{
	static const IrValType i32[1] = { IR_I32 };
	static const char *const names[] = { [0x02] = "resource.new", [0x03] = "resource.drop", [0x04] = "resource.rep" };
	size_t at = s->r->pos;
	uint32_t t;
	if (!fe_reader_u32(s->r, &c->type) || !(t = cm_space_get(s, IR_CM_TYPE, c->type, at)))
		return false;
	if (cm_type(s->L, t)->kind != IR_CMT_RESOURCE)
		return cm_fail(s, DIAG_CM_RESOURCE, at, "type index %u is not a resource type", c->type);
	if (op != 0x03 && !is_local_resource(s, t))
		return cm_fail(s, DIAG_CM_RESOURCE, at, "%s: type index %u is not a local resource", names[op], c->type);
	c->kind = op == 0x02 ? IR_CM_CANON_RESOURCE_NEW : op == 0x03 ? IR_CM_CANON_RESOURCE_DROP : IR_CM_CANON_RESOURCE_REP;
	return push_core_func(s, 1, i32, op == 0x03 ? 0 : 1, i32);
}

static bool read_canon(CmScope *s)
{
	IrCmCanon c = { .offset = (uint32_t)s->r->pos };
	uint8_t b;
	bool ok;
	if (!fe_reader_u8(s->r, &b))
		return false;
	switch (b) {
	case 0x00: ok = lift(s, &c); break;
	case 0x01: ok = lower(s, &c); break;
	case 0x02: case 0x03: case 0x04: ok = resource_op(s, &c, b); break;
	default:
		if (b <= 0x40)
			return cm_fail(s, DIAG_CM_GATED, c.offset, "canonical built-in 0x%02x (async, threads, error-context)", b);
		return cm_fail(s, DIAG_CM_ENCODING, c.offset, "invalid leading byte 0x%02x for a canonical definition", b);
	}
	IrCmCanon *slot = ok ? cm_vec_push(&s->canons, sizeof *slot) : NULL;
	if (ok && !slot)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, c.offset, "canonical definitions");
	if (slot)
		*slot = c;
	return ok;
}

bool cm_read_canon_section(CmScope *s)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++)
		if (!read_canon(s))
			return false;
	return true;
}
