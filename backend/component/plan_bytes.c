/* backend/component/plan_bytes.c: the frontend's IrCpPlan as the bytes a
 * component executable carries (runtime-lib/cm_plan_codec.h), with each
 * instance's module numbered among the plan's distinct modules. */
#include "component.h"

#include <stdlib.h>
#include <string.h>

#include "../../runtime-lib/cm_plan_codec.h"

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

/* The codec's view of p: arrays of its own, names into p. */
static bool view(const IrCpPlan *p, const IrModule *const *mods, uint32_t nmods, NacreCmPlan *v)
{
	*v = (NacreCmPlan){ nmods, p->nlowers, p->ninstances, p->nlifts,
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
		NacreCmRef *r = calloc(n + 1, sizeof *r);
		v->instances[i] = (NacreCmInstance){ module_index(mods, nmods, in->module), n, r };
		if (!r)
			return false;
		for (uint32_t k = 0; k < n; k++)
			r[k] = ref(in->imports[k]);
	}
	for (uint32_t i = 0; i < p->nlifts; i++) {
		const IrCpLift *l = &p->lifts[i];
		v->lifts[i] = (NacreCmLift){ name(l->interface), name(l->name), { "", 0 }, ref(l->core), options(&l->opts) };
	}
	return true;
}

static void view_free(NacreCmPlan *v)
{
	for (uint32_t i = 0; v->instances && i < v->ninstances; i++)
		free(v->instances[i].imports);
	free(v->lowers);
	free(v->instances);
	free(v->lifts);
}

uint8_t *be_cm_plan_bytes(const IrCpPlan *p, const IrModule *const *mods, uint32_t nmods, size_t *size)
{
	NacreCmPlan v;
	uint8_t *out = NULL;
	if (view(p, mods, nmods, &v) && (*size = rt_cm_plan_encode(&v, NULL, 0)) && (out = malloc(*size)))
		rt_cm_plan_encode(&v, out, *size);
	view_free(&v);
	return out;
}
