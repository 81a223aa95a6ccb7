/* runtime-lib/cm_plan_codec.c: a compiled component's plan to bytes and
 * back (the layout is in cm_plan_codec.h). */
#include "cm_plan_codec.h"

#include <string.h>

/* ---- encoding: a cursor that counts everything and writes what fits */

typedef struct Out {
	uint8_t *p;
	size_t cap, n;
} Out;

static void put(Out *o, const void *b, size_t n)
{
	if (o->p && o->n + n <= o->cap)
		memcpy(o->p + o->n, b, n);
	o->n += n;
}

static void u8(Out *o, uint8_t v)
{
	put(o, &v, 1);
}

static void u32(Out *o, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	put(o, b, 4);
}

static void name(Out *o, NacreCmName n)
{
	u32(o, n.len);
	put(o, n.p, n.len);
}

static void ref(Out *o, const NacreCmRef *r)
{
	u8(o, r->kind);
	u32(o, r->index);
	if (r->kind == NACRE_CM_EXPORT)
		name(o, r->name);
}

static void options(Out *o, const NacreCmOptions *c)
{
	u8(o, c->encoding);
	u8(o, c->has);
	if (c->has & NACRE_CM_HAS_MEMORY)
		ref(o, &c->memory);
	if (c->has & NACRE_CM_HAS_REALLOC)
		ref(o, &c->realloc);
	if (c->has & NACRE_CM_HAS_POST_RETURN)
		ref(o, &c->post_return);
}

size_t rt_cm_plan_encode(const NacreCmPlan *p, uint8_t *out, size_t cap)
{
	Out o = { out, cap, 0 };
	put(&o, "NCPL", 4);
	u32(&o, NACRE_CM_PLAN_VERSION);
	u32(&o, p->nmodules);
	u32(&o, p->ninstances);
	u32(&o, p->nlowers);
	u32(&o, p->nresources);
	for (uint32_t i = 0; i < p->nresources; i++) {
		name(&o, p->resources[i].interface);
		name(&o, p->resources[i].name);
	}
	for (uint32_t i = 0; i < p->nlowers; i++) {
		const NacreCmLower *l = &p->lowers[i];
		u8(&o, l->kind);
		name(&o, l->interface);
		name(&o, l->name);
		name(&o, l->type);
		options(&o, &l->opts);
	}
	for (uint32_t i = 0; i < p->ninstances; i++) {
		u32(&o, p->instances[i].module);
		u32(&o, p->instances[i].nimports);
		for (uint32_t k = 0; k < p->instances[i].nimports; k++)
			ref(&o, &p->instances[i].imports[k]);
	}
	u32(&o, p->nlifts);
	for (uint32_t i = 0; i < p->nlifts; i++) {
		const NacreCmLift *l = &p->lifts[i];
		name(&o, l->interface);
		name(&o, l->name);
		name(&o, l->type);
		ref(&o, &l->core);
		options(&o, &l->opts);
	}
	return o.n > UINT32_MAX ? 0 : o.n;
}

/* ---- decoding: a bounded cursor; the first thing wrong is kept */

typedef struct In {
	const uint8_t *p, *end;
	const char *why;
	void *(*alloc)(void *ctx, size_t size);
	void *ctx;
	uint32_t ninstances;         /* what a ref may name: all of them, or
	                              * within an instance those made before it */
	uint32_t nlowers;
} In;

static bool bad(In *in, const char *why)
{
	if (!in->why)
		in->why = why;
	return false;
}

static bool get(In *in, void *out, size_t n)
{
	if (in->why || (size_t)(in->end - in->p) < n)
		return bad(in, "the plan is cut short");
	memcpy(out, in->p, n);
	in->p += n;
	return true;
}

static bool get8(In *in, uint8_t *v)
{
	return get(in, v, 1);
}

static bool get32(In *in, uint32_t *v)
{
	uint8_t b[4];
	if (!get(in, b, 4))
		return false;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return true;
}

static bool get_name(In *in, NacreCmName *n)
{
	if (!get32(in, &n->len))
		return false;
	if ((size_t)(in->end - in->p) < n->len)
		return bad(in, "a name runs past the plan");
	n->p = (const char *)in->p;
	in->p += n->len;
	return true;
}

/* A ref names an instance made before the one being made, or a lower. */
static bool get_ref(In *in, NacreCmRef *r)
{
	if (!get8(in, &r->kind) || !get32(in, &r->index))
		return false;
	if (r->kind == NACRE_CM_LOWER)
		return r->index < in->nlowers || bad(in, "a reference to a lowered function out of range");
	if (r->kind != NACRE_CM_EXPORT)
		return bad(in, "an unknown kind of reference");
	if (r->index >= in->ninstances)
		return bad(in, "a reference to an instance out of range or not made before it");
	return get_name(in, &r->name);
}

static bool get_options(In *in, NacreCmOptions *c)
{
	if (!get8(in, &c->encoding) || !get8(in, &c->has))
		return false;
	if (c->encoding > 2 || c->has > 7)
		return bad(in, "unknown canonical options");
	return (!(c->has & NACRE_CM_HAS_MEMORY) || get_ref(in, &c->memory)) &&
	       (!(c->has & NACRE_CM_HAS_REALLOC) || get_ref(in, &c->realloc)) &&
	       (!(c->has & NACRE_CM_HAS_POST_RETURN) || get_ref(in, &c->post_return));
}

/* An array of n elements of size bytes; n is bounded by what is left
 * of the input, so a forged count cannot ask for much. */
static void *array(In *in, uint32_t n, size_t size, size_t min_bytes)
{
	if (in->why)
		return NULL;
	if ((size_t)(in->end - in->p) / min_bytes < n) {
		bad(in, "a count larger than the plan");
		return NULL;
	}
	void *a = in->alloc(in->ctx, (n ? n : 1) * size);
	if (!a)
		bad(in, "out of memory");
	return a;
}

/* A lowered function's options may name any instance: it is called only
 * once they are made (the start-up checks, for a forged plan). */
static bool get_resources(In *in, NacreCmPlan *p)
{
	if (!(p->resources = array(in, p->nresources, sizeof *p->resources, 8)))
		return false;
	for (uint32_t i = 0; i < p->nresources; i++)
		if (!get_name(in, &p->resources[i].interface) || !get_name(in, &p->resources[i].name))
			return false;
	return true;
}

static bool get_lowers(In *in, NacreCmPlan *p)
{
	in->ninstances = p->ninstances;
	if (!(p->lowers = array(in, p->nlowers, sizeof *p->lowers, 15)))
		return false;
	for (uint32_t i = 0; i < p->nlowers; i++) {
		NacreCmLower *l = &p->lowers[i];
		if (!get8(in, &l->kind) || !get_name(in, &l->interface) || !get_name(in, &l->name) ||
		    !get_name(in, &l->type))
			return false;
		if (l->kind >= NACRE_CM_LOWER_KINDS)
			return bad(in, "an unknown kind of lowered function");
		if (!get_options(in, &l->opts))
			return false;
	}
	in->nlowers = p->nlowers;
	return true;
}

static bool get_instances(In *in, NacreCmPlan *p)
{
	if (!(p->instances = array(in, p->ninstances, sizeof *p->instances, 8)))
		return false;
	for (uint32_t i = 0; i < p->ninstances; i++) {
		in->ninstances = i;
		NacreCmInstance *s = &p->instances[i];
		if (!get32(in, &s->module) || !get32(in, &s->nimports))
			return false;
		if (s->module >= p->nmodules)
			return bad(in, "an instance of a module out of range");
		if (!(s->imports = array(in, s->nimports, sizeof *s->imports, 5)))
			return false;
		for (uint32_t k = 0; k < s->nimports; k++)
			if (!get_ref(in, &s->imports[k]))
				return false;
	}
	in->ninstances = p->ninstances;
	return true;
}

static bool get_lifts(In *in, NacreCmPlan *p)
{
	if (!get32(in, &p->nlifts) || !(p->lifts = array(in, p->nlifts, sizeof *p->lifts, 19)))
		return false;
	for (uint32_t i = 0; i < p->nlifts; i++) {
		NacreCmLift *l = &p->lifts[i];
		if (!get_name(in, &l->interface) || !get_name(in, &l->name) || !get_name(in, &l->type) ||
		    !get_ref(in, &l->core) || !get_options(in, &l->opts))
			return false;
	}
	return true;
}

const char *rt_cm_plan_decode(const uint8_t *bytes, size_t size, NacreCmPlan *p,
                              void *(*alloc)(void *ctx, size_t size), void *ctx)
{
	In in = { bytes, bytes + size, NULL, alloc, ctx, 0, 0 };
	uint8_t magic[4];
	uint32_t version;
	memset(p, 0, sizeof *p);
	if (get(&in, magic, 4) && memcmp(magic, "NCPL", 4) != 0)
		return "not a component plan";
	if (get32(&in, &version) && version != NACRE_CM_PLAN_VERSION)
		return "a component plan of another version";
	if (get32(&in, &p->nmodules) && get32(&in, &p->ninstances) && get32(&in, &p->nlowers) &&
	    get32(&in, &p->nresources) && get_resources(&in, p) && get_lowers(&in, p) && get_instances(&in, p) &&
	    get_lifts(&in, p) && in.p != in.end)
		bad(&in, "bytes after the plan");
	return in.why;
}
