/* backend/component/plan_bytes.c: the frontend's IrCpPlan as the bytes a
 * component executable carries (runtime-lib/cm_plan_codec.h), with each
 * instance's module numbered among the plan's distinct modules, each
 * lowered and lifted function's type as a canonical ABI descriptor
 * (canon_type.c), and the resources those descriptors number, named by
 * the host interface that gives them. */
#include "component.h"

#include <stdlib.h>
#include <string.h>

#include "../../runtime-lib/cm_plan_codec.h"
#include "canon_type.h"

/* The resources the descriptors name, numbered in order of first use. */
typedef struct Resources {
	uint32_t *ids;
	uint32_t n, cap;
	bool failed;
} Resources;

static uint32_t resource_number(void *env, uint32_t id)
{
	Resources *r = env;
	for (uint32_t i = 0; i < r->n; i++)
		if (r->ids[i] == id)
			return i;
	if (r->n == r->cap) {
		uint32_t cap = r->cap ? 2 * r->cap : 16;
		uint32_t *ids = realloc(r->ids, cap * sizeof *ids);
		if (!ids) {
			r->failed = true;
			return NACRE_CANON_MAX_RESOURCES;
		}
		r->ids = ids;
		r->cap = cap;
	}
	r->ids[r->n] = id;
	return r->n++;
}

/* A type's descriptor in its own allocation; NULL (said so) if it does
 * not fit the format. */
static NacreCmName descriptor(const IrComponent *c, uint32_t type, Resources *r, bool *ok)
{
	uint8_t *buf = malloc(NACRE_CANON_MAX_BYTES);
	size_t n = 0;
	if (!buf || !be_canon_encode(c, type, resource_number, r, buf, &n) || r->failed) {
		free(buf);
		*ok = false;
		return (NacreCmName){ "", 0 };
	}
	uint8_t *fit = realloc(buf, n); /* descriptors are small; the room was the format's limit */
	return (NacreCmName){ (const char *)(fit ? fit : buf), (uint32_t)n };
}

/* own<r>, what a resource built-in's descriptor says. */
static NacreCmName own(uint32_t number, bool *ok)
{
	uint8_t *buf = malloc(8);
	uint32_t n = 0;
	if (!buf) {
		*ok = false;
		return (NacreCmName){ "", 0 };
	}
	buf[n++] = NACRE_CANON_VERSION;
	buf[n++] = NACRE_CANON_OWN;
	do {
		buf[n++] = (uint8_t)((number & 0x7f) | (number > 0x7f ? 0x80 : 0));
		number >>= 7;
	} while (number);
	return (NacreCmName){ (const char *)buf, n };
}

static bool same_resource(const IrComponent *c, uint32_t id, uint32_t want)
{
	for (unsigned hops = 0; id && id < c->ntypes && hops < 64; hops++) {
		if (id == want)
			return true;
		id = c->types[id].same;
	}
	return false;
}

/* A host resource's names: the import that gives it (an instance's
 * export, or a type imported alone); both empty for the component's own. */
static NacreCmResource resource_names(const IrComponent *c, uint32_t id)
{
	for (uint32_t i = 0; i < c->nimports; i++) {
		const IrCmExtern *im = &c->imports[i];
		if (im->sort == IR_CM_TYPE && same_resource(c, im->type, id))
			return (NacreCmResource){ { "", 0 }, { im->name.p, im->name.len } };
		if (im->sort != IR_CM_INSTANCE)
			continue;
		const IrCmType *t = &c->types[im->type];
		for (uint32_t k = 0; k < t->nexports; k++)
			if (t->exports[k].sort == IR_CM_TYPE && same_resource(c, t->exports[k].type, id))
				return (NacreCmResource){ { im->name.p, im->name.len },
				                          { t->exports[k].name.p, t->exports[k].name.len } };
	}
	return (NacreCmResource){ { "", 0 }, { "", 0 } };
}

static NacreCmName name(IrName n)
{
	return (NacreCmName){ n.p, n.len };
}

static NacreCmRef ref(IrCpRef r)
{
	return (NacreCmRef){ r.kind == IR_CP_LOWER ? NACRE_CM_LOWER : NACRE_CM_EXPORT, r.index, name(r.name) };
}

static NacreCmOptions options(const IrCpOptions *o)
{
	return (NacreCmOptions){
		.encoding = o->encoding,
		.has = (uint8_t)((o->has_memory ? NACRE_CM_HAS_MEMORY : 0) | (o->has_realloc ? NACRE_CM_HAS_REALLOC : 0) |
		                 (o->has_post_return ? NACRE_CM_HAS_POST_RETURN : 0)),
		.memory = ref(o->memory), .realloc = ref(o->realloc), .post_return = ref(o->post_return),
	};
}

uint32_t be_cm_modules(const IrCpPlan *p, const IrModule **mods)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < p->ninstances; i++) {
		uint32_t k = 0;
		while (k < n && mods[k] != p->instances[i].module)
			k++;
		if (k == n)
			mods[n++] = p->instances[i].module;
	}
	return n;
}

static uint32_t module_index(const IrModule *const *mods, uint32_t n, const IrModule *m)
{
	uint32_t k = 0;
	while (k < n && mods[k] != m)
		k++;
	return k;
}

/* The types' descriptors, and the resources they number. */
static bool types(const IrCpPlan *p, NacreCmPlan *v, Resources *r)
{
	bool ok = true;
	const IrComponent *c = p->component;
	for (uint32_t i = 0; i < p->nlowers && ok; i++) {
		const IrCpLower *l = &p->lowers[i];
		v->lowers[i].type = l->kind == IR_CP_HOST_FUNC ? descriptor(c, l->type, r, &ok)
		                                               : own(resource_number(r, l->type), &ok);
	}
	for (uint32_t i = 0; i < p->nlifts && ok; i++)
		v->lifts[i].type = descriptor(c, p->lifts[i].type, r, &ok);
	if (!ok || r->failed || !(v->resources = calloc(r->n + 1, sizeof *v->resources)))
		return false;
	v->nresources = r->n;
	for (uint32_t i = 0; i < r->n; i++)
		v->resources[i] = resource_names(c, r->ids[i]);
	return true;
}

/* The codec's view of p: arrays of its own, names into p. */
static bool view(const IrCpPlan *p, const IrModule *const *mods, uint32_t nmods, NacreCmPlan *v, Resources *r)
{
	*v = (NacreCmPlan){ nmods, p->nlowers, p->ninstances, p->nlifts, 0, NULL,
	                    calloc(p->nlowers + 1, sizeof(NacreCmLower)), calloc(p->ninstances + 1, sizeof(NacreCmInstance)),
	                    calloc(p->nlifts + 1, sizeof(NacreCmLift)) };
	if (!v->lowers || !v->instances || !v->lifts)
		return false;
	for (uint32_t i = 0; i < p->nlowers; i++) {
		const IrCpLower *l = &p->lowers[i];
		v->lowers[i] = (NacreCmLower){ l->kind, name(l->interface), name(l->name), { "", 0 }, options(&l->opts) };
	}
	for (uint32_t i = 0; i < p->ninstances; i++) {
		const IrCpInstance *in = &p->instances[i];
		uint32_t n = in->module->nimports;
		NacreCmRef *refs = calloc(n + 1, sizeof *refs);
		v->instances[i] = (NacreCmInstance){ module_index(mods, nmods, in->module), n, refs };
		if (!refs)
			return false;
		for (uint32_t k = 0; k < n; k++)
			refs[k] = ref(in->imports[k]);
	}
	for (uint32_t i = 0; i < p->nlifts; i++) {
		const IrCpLift *l = &p->lifts[i];
		v->lifts[i] = (NacreCmLift){ name(l->interface), name(l->name), { "", 0 }, ref(l->core), options(&l->opts) };
	}
	return types(p, v, r);
}

static void view_free(NacreCmPlan *v, Resources *r)
{
	for (uint32_t i = 0; v->instances && i < v->ninstances; i++)
		free(v->instances[i].imports);
	for (uint32_t i = 0; v->lowers && i < v->nlowers; i++)
		if (v->lowers[i].type.len)
			free((void *)v->lowers[i].type.p);
	for (uint32_t i = 0; v->lifts && i < v->nlifts; i++)
		if (v->lifts[i].type.len)
			free((void *)v->lifts[i].type.p);
	free(v->lowers);
	free(v->instances);
	free(v->lifts);
	free(v->resources);
	free(r->ids);
}

uint8_t *be_cm_plan_bytes(const IrCpPlan *p, const IrModule *const *mods, uint32_t nmods, size_t *size)
{
	NacreCmPlan v;
	Resources r = { 0 };
	uint8_t *out = NULL;
	if (view(p, mods, nmods, &v, &r) && (*size = rt_cm_plan_encode(&v, NULL, 0)) && (out = malloc(*size)))
		rt_cm_plan_encode(&v, out, *size);
	view_free(&v, &r);
	return out;
}
