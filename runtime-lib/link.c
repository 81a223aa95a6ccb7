/* runtime-lib/link.c: binding an instance's imports (spec 4.5.4 step 4,
 * and the import matching of 4.5.2).  Function types must be equal (equal
 * interned ids), tables and memories must have limits at least as tight as
 * declared, globals the same type and mutability, tags the same type.  Nothing here changes
 * anything outside the new instance, so a failure leaves no trace.
 */
#include "rt.h"

static const char *const kind_names[] = { "function", "table", "memory", "global", "tag" };

static const char *kind_name(uint32_t kind)
{
	return kind <= NACRE_EXTERN_TAG ? kind_names[kind] : "unknown kind";
}

static NacreStatus unknown(NacreError *err, const NacreImportDesc *im)
{
	return rt_fail(err, NACRE_UNLINKABLE, "unknown import: \"%.*s\" \"%.*s\"", (int)im->module_len,
	               im->module, (int)im->name_len, im->name);
}

static NacreStatus incompatible(NacreError *err, const NacreImportDesc *im, const char *why)
{
	return rt_fail(err, NACRE_UNLINKABLE, "incompatible import type: \"%.*s\" \"%.*s\": %s",
	               (int)im->module_len, im->module, (int)im->name_len, im->name, why);
}

/* Spec 4.5.2.3, limits: the actual minimum is at least the declared one,
 * and a declared maximum needs an actual maximum no greater. */
static bool limits_match(uint64_t min, bool has_max, uint64_t max, const NacreLimitsDesc *want)
{
	return min >= want->min && (!want->has_max || (has_max && max <= want->max));
}

/* Heap types h1 <: h2: equal, a bottom below its hierarchy, a function
 * type below func; ids compare types across modules. */
static bool heap_sub(uint32_t t1, uint32_t t2)
{
	uint8_t h1 = (uint8_t)t1, h2 = (uint8_t)t2;
	if (h1 == NACRE_HEAP_INDEX && h2 == NACRE_HEAP_INDEX)
		return t1 >> NACRE_TYPE_SHIFT == t2 >> NACRE_TYPE_SHIFT;
	if (h1 == h2)
		return true;
	switch (h1) {
	case NACRE_NULLFUNCREF: return h2 == NACRE_FUNCREF || h2 == NACRE_HEAP_INDEX;
	case NACRE_HEAP_INDEX: return h2 == NACRE_FUNCREF;
	case NACRE_NULLEXTERNREF: return h2 == NACRE_EXTERNREF;
	}
	return false;
}

static bool is_ref(uint32_t t)
{
	uint8_t h = (uint8_t)t;
	return h == NACRE_FUNCREF || h == NACRE_EXTERNREF || h == NACRE_NULLFUNCREF ||
	       h == NACRE_NULLEXTERNREF || h == NACRE_HEAP_INDEX;
}

bool rt_type_sub(uint32_t t1, uint32_t t2)
{
	if (t1 == t2)
		return true;
	if (!is_ref(t1) || !is_ref(t2))
		return false;
	if (!(t1 & NACRE_REF_NONNULL) && (t2 & NACRE_REF_NONNULL))
		return false;
	return heap_sub(t1, t2);
}

static NacreStatus link_func(NacreInstance *inst, const NacreImportDesc *im, NacreFuncRef *f,
                             NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	uint32_t type = d->func_types[im->index];
	if (f->type_id != inst->type_ids[type])
		return incompatible(err, im, "function type");
	if (!(f->reserved & NACRE_FUNCREF_HOST)) {
		inst->funcs[im->index] = f;
		return NACRE_OK;
	}
	/* A host function gets a record of this instance: this module's
	 * adapter for the type, called with the host function as context. */
	void *adapter = d->host_adapters ? d->host_adapters[type] : NULL;
	if (!adapter)
		return rt_fail(err, NACRE_ERROR, "module has no host adapter for type %u", type);
	inst->records[im->index] = (NacreFuncRef){ adapter, f->vmctx, f->type_id, NACRE_FUNCREF_HOST };
	inst->funcs[im->index] = &inst->records[im->index];
	return NACRE_OK;
}

static NacreStatus link_table(NacreInstance *inst, const NacreImportDesc *im, NacreTable *t,
                              NacreError *err)
{
	const NacreLimitsDesc *want = &inst->desc->tables[im->index];
	/* tables are read and written: their element types must be equal */
	uint32_t exact = rt_instance_type(inst, want->exact ? want->exact : want->elem);
	if (t->elem != want->elem || !rt_type_sub(t->exact, exact) || !rt_type_sub(exact, t->exact))
		return incompatible(err, im, "table element type");
	if (t->addr64 != (want->addr64 != 0))
		return incompatible(err, im, "table address type (i32 or i64)");
	if (!limits_match(t->data.size, t->has_max, t->max, want))
		return incompatible(err, im, "table limits");
	inst->tables[im->index] = t;
	inst->table_data[im->index] = &t->data;
	return NACRE_OK;
}

static NacreStatus link_memory(NacreInstance *inst, const NacreImportDesc *im, NacreMemory *m,
                               NacreError *err)
{
	if (m->addr64 != (inst->desc->mems[im->index].addr64 != 0))
		return incompatible(err, im, "memory address type (i32 or i64)");
	if (!limits_match(m->pages, m->has_max, m->max, &inst->desc->mems[im->index]))
		return incompatible(err, im, "memory limits");
	/* Code compiled for guard pages does no bounds checks of its own. */
	if (inst->desc->bounds == NACRE_BOUNDS_GUARD && !m->guarded)
		return incompatible(err, im, "memory has no guard region");
	inst->memories[im->index] = m;
	return NACRE_OK;
}

static NacreStatus link_global(NacreInstance *inst, const NacreImportDesc *im, NacreGlobal *g,
                               NacreError *err)
{
	const NacreGlobalDesc *want = &inst->desc->globals[im->index];
	/* 3.0 spec 4.5.2.3: an immutable global may be of a subtype, a
	 * mutable one must be of the same type */
	uint32_t exact = rt_instance_type(inst, want->type);
	bool ok = want->mut ? rt_type_sub(g->exact, exact) && rt_type_sub(exact, g->exact)
	                    : rt_type_sub(g->exact, exact);
	if (!ok || g->mut != (bool)want->mut)
		return incompatible(err, im, "global type");
	inst->globals[im->index] = g;
	inst->cells[im->index] = &g->cell;
	return NACRE_OK;
}

/* 3.0 spec 4.5.2.3: a tag's type must be the same (equal ids); its
 * identity is shared, not copied. */
static NacreStatus link_tag(NacreInstance *inst, const NacreImportDesc *im, NacreTag *t, NacreError *err)
{
	if (t->type_id != inst->type_ids[inst->desc->tag_types[im->index]])
		return incompatible(err, im, "tag type");
	inst->tags[im->index] = t;
	return NACRE_OK;
}

static NacreStatus link_one(NacreInstance *inst, const NacreImportDesc *im, const NacreExtern *ex,
                            NacreError *err)
{
	if (!ex || !ex->u.func)
		return unknown(err, im);
	if (ex->kind != im->kind)
		return rt_fail(err, NACRE_UNLINKABLE,
		               "incompatible import type: \"%.*s\" \"%.*s\": expected %s, got %s",
		               (int)im->module_len, im->module, (int)im->name_len, im->name,
		               kind_names[im->kind], kind_name(ex->kind));
	switch (im->kind) {
	case NACRE_EXTERN_FUNC:
		return link_func(inst, im, ex->u.func, err);
	case NACRE_EXTERN_TABLE:
		return link_table(inst, im, ex->u.table, err);
	case NACRE_EXTERN_MEMORY:
		return link_memory(inst, im, ex->u.memory, err);
	case NACRE_EXTERN_TAG:
		return link_tag(inst, im, ex->u.tag, err);
	default:
		return link_global(inst, im, ex->u.global, err);
	}
}

/* imports[i] binds the module's i-th import; fewer than the module has
 * leaves the rest unknown. */
NacreStatus rt_link_imports(NacreInstance *inst, const NacreExtern *imports, size_t n, NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = 0; i < d->nimports; i++) {
		NacreStatus st = link_one(inst, &d->imports[i], i < n ? &imports[i] : NULL, err);
		if (st != NACRE_OK)
			return st;
	}
	return NACRE_OK;
}
