/* runtime-lib/instance.c: instantiation (spec 4.5.4): bind imports
 * (link.c), allocate functions, tables, memory and globals, fill the
 * vmctx, then run active element and data segments in order and the start
 * function.  Once allocation begins the store owns the instance: if a
 * segment or the start function traps, what it wrote stays reachable.
 */
#include <string.h>

#include "rt.h"

/* Every function index has a record slot, so that a record's index in its
 * own instance is its offset in `records`: defined functions use theirs,
 * imported host functions get this instance's adapter record there, and
 * imported Wasm functions leave theirs unused (funcs[] points to the
 * exporter's record). */
/* The vmctx's spill slots (abi.h, calling convention): enough for any
 * call this module's code makes, whatever its type. */
static uint32_t spill_slots(const NacreModuleDesc *d)
{
	uint32_t n = 1;
	for (uint32_t i = 0; i < d->ntypes; i++) {
		const NacreTypeDesc *t = &d->types[i];
		uint32_t k = t->nparams > t->nresults ? t->nparams : t->nresults;
		n = k > n ? k : n;
	}
	return n;
}

static bool alloc_arrays(NacreInstance *inst)
{
	const NacreModuleDesc *d = inst->desc;
	inst->records = rt_sys_zalloc(d->nfuncs * sizeof *inst->records);
	inst->funcs = rt_sys_zalloc(d->nfuncs * sizeof *inst->funcs);
	inst->globals = rt_sys_zalloc(d->nglobals * sizeof *inst->globals);
	inst->cells = rt_sys_zalloc(d->nglobals * sizeof *inst->cells);
	inst->tables = rt_sys_zalloc(d->ntables * sizeof *inst->tables);
	inst->table_data = rt_sys_zalloc(d->ntables * sizeof *inst->table_data);
	inst->memories = rt_sys_zalloc(d->nmems * sizeof *inst->memories);
	if (d->nmems > 1 && !(inst->views = rt_sys_zalloc(d->nmems * sizeof *inst->views)))
		return false;
	inst->type_ids = rt_sys_zalloc(d->ntypes * sizeof *inst->type_ids);
	inst->tags = rt_sys_zalloc(d->ntags * sizeof *inst->tags);
	inst->elems = rt_sys_zalloc(d->nelems * sizeof *inst->elems);
	inst->data_dropped = rt_sys_zalloc(d->ndatas * sizeof *inst->data_dropped);
	inst->spill = rt_sys_zalloc(spill_slots(d) * sizeof *inst->spill);
	return inst->spill && inst->records && inst->funcs && inst->globals && inst->cells && inst->tables &&
	       inst->table_data && inst->memories && inst->type_ids && inst->elems && inst->data_dropped && inst->tags;
}

/* An exact type of this instance's with its type index replaced by the
 * type's interned id (self: the type being interned refers to itself),
 * so that types compare across instances. */
static uint32_t interned(const NacreInstance *inst, uint32_t t, uint32_t self)
{
	if ((uint8_t)t != NACRE_HEAP_INDEX)
		return t;
	uint32_t j = t >> NACRE_TYPE_SHIFT, low = t & ((1u << NACRE_TYPE_SHIFT) - 1);
	uint32_t id = j == self ? (1u << (32 - NACRE_TYPE_SHIFT)) - 1 : inst->type_ids[j];
	return low | id << NACRE_TYPE_SHIFT;
}

uint32_t rt_instance_type(const NacreInstance *inst, uint32_t t)
{
	return interned(inst, t, UINT32_MAX);
}

/* Types in order: a type names only itself and types before it (the
 * validator checked), so their ids are known when it is interned. */
static bool intern_types(NacreInstance *inst)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = 0; i < d->ntypes; i++) {
		const NacreTypeDesc *t = &d->types[i];
		uint32_t n = t->nparams + t->nresults, *exact = NULL;
		if (t->exact) {
			exact = rt_sys_alloc((n ? n : 1) * sizeof *exact);
			if (!exact)
				return false;
			for (uint32_t k = 0; k < n; k++)
				exact[k] = interned(inst, t->exact[k], i);
		}
		inst->type_ids[i] = rt_store_intern(inst->store, t->nparams, t->nresults, t->types, exact);
		rt_sys_free(exact);
		if (!inst->type_ids[i])
			return false;
	}
	return true;
}

static NacreInstance *alloc_instance(NacreStore *s, const NacreModule *m)
{
	NacreInstance *inst = rt_sys_zalloc(sizeof *inst);
	if (!inst)
		return NULL;
	inst->store = s;
	inst->module = (NacreModule *)m; /* the reference count is not part of the module's value */
	inst->desc = m->desc;
	rt_module_hold(inst->module);
	if (!alloc_arrays(inst) || !intern_types(inst)) {
		rt_instance_free(inst);
		return NULL;
	}
	inst->vmctx = (NacreVmctx){
		.stack_limit = &s->stack_limit,
		.globals = inst->cells,
		.tables = inst->table_data,
		.funcs = inst->funcs,
		.type_ids = inst->type_ids,
		.instance = inst,
		.fuel = &s->fuel,
		.exn = &s->exn,
		.spill = inst->spill,
		.memories = inst->views,
		.tags = (void **)inst->tags,
	};
	return inst;
}

void rt_instance_free(NacreInstance *inst)
{
	if (inst->elems)
		for (uint32_t i = 0; i < inst->desc->nelems; i++)
			rt_sys_free(inst->elems[i].items);
	rt_sys_free(inst->records);
	rt_sys_free(inst->funcs);
	rt_sys_free(inst->globals);
	rt_sys_free(inst->cells);
	rt_sys_free(inst->tables);
	rt_sys_free(inst->table_data);
	rt_sys_free(inst->memories);
	rt_sys_free(inst->views);
	rt_sys_free(inst->type_ids);
	rt_sys_free(inst->tags);
	rt_sys_free(inst->elems);
	rt_sys_free(inst->data_dropped);
	rt_sys_free(inst->spill);
	rt_module_release(inst->module);
	rt_sys_free(inst);
}

/* One instruction of a constant expression that makes a value. */
static NacreValue eval_one(const NacreInstance *inst, const NacreConstExpr *e)
{
	NacreValue v;
	memset(&v, 0, sizeof v);
	switch (e->op) {
	case NACRE_CONST_VALUE:
		return e->value;
	case NACRE_CONST_GLOBAL_GET:
		if (inst->cells[e->index])
			v = *inst->cells[e->index];
		break;
	case NACRE_CONST_REF_FUNC:
		v.ref = inst->funcs[e->index];
		break;
	}
	return v;
}

/* The arithmetic of extended constant expressions, wrapping as the
 * instructions do (computed unsigned: no signed overflow in C). */
static NacreValue arith(uint32_t op, NacreValue a, NacreValue b)
{
	uint32_t x = (uint32_t)a.i32, y = (uint32_t)b.i32;
	uint64_t p = (uint64_t)a.i64, q = (uint64_t)b.i64;
	NacreValue v;
	memset(&v, 0, sizeof v);
	switch (op) {
	case NACRE_CONST_I32_ADD: v.i32 = (int32_t)(x + y); break;
	case NACRE_CONST_I32_SUB: v.i32 = (int32_t)(x - y); break;
	case NACRE_CONST_I32_MUL: v.i32 = (int32_t)(x * y); break;
	case NACRE_CONST_I64_ADD: v.i64 = (int64_t)(p + q); break;
	case NACRE_CONST_I64_SUB: v.i64 = (int64_t)(p - q); break;
	case NACRE_CONST_I64_MUL: v.i64 = (int64_t)(p * q); break;
	}
	return v;
}

static bool is_arith(uint32_t op)
{
	return op >= NACRE_CONST_I32_ADD && op <= NACRE_CONST_I64_MUL;
}

/* Spec 3.3.10: a constant expression, over imported globals, globals
 * defined before it, and function references; a program runs on a stack
 * module.c has checked (never deeper than NACRE_CONST_STACK_MAX, one
 * value left). */
static NacreValue eval(const NacreInstance *inst, const NacreConstExpr *e)
{
	if (e->op != NACRE_CONST_PROGRAM)
		return eval_one(inst, e);
	NacreValue stack[NACRE_CONST_STACK_MAX];
	uint32_t n = 0;
	for (uint32_t i = 0; i < e->index; i++) {
		const NacreConstExpr *in = &e->ops[i];
		if (is_arith(in->op)) {
			n--;
			stack[n - 1] = arith(in->op, stack[n - 1], stack[n]);
		} else {
			stack[n++] = eval_one(inst, in);
		}
	}
	return stack[0];
}

/* ---- Allocation (spec 4.5.3) */

static void define_funcs(NacreInstance *inst)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = d->nimported_funcs; i < d->nfuncs; i++) {
		inst->records[i] = (NacreFuncRef){ d->func_code[i - d->nimported_funcs], &inst->vmctx,
		                                   inst->type_ids[d->func_types[i]], 0 };
		inst->funcs[i] = &inst->records[i];
	}
}

static NacreStatus define_tables(NacreInstance *inst, NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = d->nimported_tables; i < d->ntables; i++) {
		const NacreLimitsDesc *l = &d->tables[i];
		NacreStatus st = rt_table_create64(inst->store, (uint8_t)l->elem, l->min, l->max, l->has_max,
		                                   l->addr64, &inst->tables[i], err);
		if (st != NACRE_OK)
			return st;
		inst->tables[i]->exact = rt_instance_type(inst, l->exact ? l->exact : l->elem);
		if (l->has_init)
			rt_table_fill_all(inst->tables[i], eval(inst, &l->init).ref);
		inst->table_data[i] = &inst->tables[i]->data;
	}
	return NACRE_OK;
}

/* Each memory its own reservation (guard) or bounds; memory 0 goes into
 * the vmctx's own fields, every memory into the views when there are
 * several (abi.h: NacreMemView). */
static NacreStatus define_memories(NacreInstance *inst, NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = d->nimported_mems; i < d->nmems; i++) {
		const NacreLimitsDesc *l = &d->mems[i];
		RtMemType t = { l->min, l->max, l->has_max, l->addr64 };
		NacreStatus st = rt_memory_create(inst->store, t, d->bounds == NACRE_BOUNDS_GUARD, true,
		                                  &inst->memories[i], err);
		if (st != NACRE_OK)
			return st;
	}
	bool ok = d->nmems == 0 || rt_memory_attach(inst->memories[0], &inst->vmctx.mem_base, &inst->vmctx.mem_size);
	for (uint32_t i = 0; ok && inst->views && i < d->nmems; i++)
		ok = rt_memory_attach(inst->memories[i], &inst->views[i].base, &inst->views[i].size);
	return ok ? NACRE_OK : rt_fail(err, NACRE_ERROR, "out of memory");
}

/* A typed reference is held as a funcref, an extern bottom as externref. */
static uint8_t represented(uint32_t t)
{
	switch ((uint8_t)t) {
	case NACRE_EXTERNREF: case NACRE_NULLEXTERNREF: return NACRE_EXTERNREF;
	case NACRE_FUNCREF: case NACRE_NULLFUNCREF: case NACRE_HEAP_INDEX: return NACRE_FUNCREF;
	}
	return (uint8_t)t;
}

static NacreStatus define_globals(NacreInstance *inst, NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = d->nimported_globals; i < d->nglobals; i++) {
		const NacreGlobalDesc *g = &d->globals[i];
		inst->globals[i] = nacre_global_new(inst->store, represented(g->type), g->mut, eval(inst, &g->init));
		if (!inst->globals[i])
			return rt_fail(err, NACRE_ERROR, "cannot create global %u", i);
		inst->globals[i]->exact = rt_instance_type(inst, g->type);
		inst->cells[i] = &inst->globals[i]->cell;
	}
	return NACRE_OK;
}

/* Element segments hold evaluated references (spec 4.5.3.9); declarative
 * ones are dropped from the start. */
static NacreStatus define_elems(NacreInstance *inst, NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = 0; i < d->nelems; i++) {
		const NacreElemDesc *e = &d->elems[i];
		if (e->mode == NACRE_SEG_DECLARATIVE || e->nitems == 0)
			continue;
		void **items = rt_sys_alloc((size_t)e->nitems * sizeof *items);
		if (!items)
			return rt_fail(err, NACRE_ERROR, "out of memory");
		for (uint32_t j = 0; j < e->nitems; j++)
			items[j] = eval(inst, &e->items[j]).ref;
		inst->elems[i] = (RtElemSeg){ items, e->nitems };
	}
	return NACRE_OK;
}

/* Each defined tag a new identity, even where types are equal. */
static NacreStatus define_tags(NacreInstance *inst, NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = d->nimported_tags; i < d->ntags; i++)
		if (!(inst->tags[i] = rt_tag_create(inst->store, inst->type_ids[d->tag_types[i]], i)))
			return rt_fail(err, NACRE_ERROR, "out of memory");
	return NACRE_OK;
}

static NacreStatus define(NacreInstance *inst, NacreError *err)
{
	define_funcs(inst);
	NacreStatus st = define_tags(inst, err);
	if (st == NACRE_OK)
		st = define_tables(inst, err);
	if (st == NACRE_OK)
		st = define_memories(inst, err);
	if (st == NACRE_OK)
		st = define_globals(inst, err);
	if (st == NACRE_OK)
		st = define_elems(inst, err);
	return st;
}

/* ---- Initialization (spec 4.5.4 steps 14-16) */

static NacreStatus trapped(NacreError *err, NacreTrap trap)
{
	rt_fail(err, NACRE_TRAPPED, "wasm trap: %s", nacre_trap_text(trap));
	if (err)
		err->trap = trap;
	return NACRE_TRAPPED;
}

static void drop_elem(NacreInstance *inst, uint32_t i)
{
	rt_sys_free(inst->elems[i].items);
	inst->elems[i] = (RtElemSeg){ NULL, 0 };
}

/* Each active segment is table.init then elem.drop, in order; a segment
 * out of bounds traps, and the ones before it stay written. */
static NacreStatus init_elems(NacreInstance *inst, NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = 0; i < d->nelems; i++) {
		const NacreElemDesc *e = &d->elems[i];
		if (e->mode == NACRE_SEG_PASSIVE)
			continue;
		if (e->mode == NACRE_SEG_ACTIVE) {
			NacreValue v = eval(inst, &e->offset);
			uint64_t at = d->tables[e->table].addr64 ? (uint64_t)v.i64 : (uint32_t)v.i32;
			if (at > UINT32_MAX || !rt_table_init(inst, e->table, i, (uint32_t)at, 0, inst->elems[i].n))
				return trapped(err, NACRE_TRAP_OOB_TABLE);
		}
		drop_elem(inst, i);
	}
	return NACRE_OK;
}

static NacreStatus init_datas(NacreInstance *inst, NacreError *err)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = 0; i < d->ndatas; i++) {
		const NacreDataDesc *s = &d->datas[i];
		if (s->mode != NACRE_SEG_ACTIVE)
			continue;
		NacreValue v = eval(inst, &s->offset);
		uint64_t at = d->mems[s->memory].addr64 ? (uint64_t)v.i64 : (uint32_t)v.i32;
		if (!rt_memory_init(inst, s->memory, i, at, 0, s->size))
			return trapped(err, NACRE_TRAP_OOB_MEMORY);
		inst->data_dropped[i] = true;
	}
	return NACRE_OK;
}

static NacreStatus initialize(NacreInstance *inst, NacreError *err)
{
	NacreStatus st = init_elems(inst, err);
	if (st == NACRE_OK)
		st = init_datas(inst, err);
	if (st == NACRE_OK && inst->desc->has_start) {
		NacreValue none[1];
		st = rt_call(inst->store, inst->funcs[inst->desc->start], none, err);
	}
	return st;
}

NacreStatus nacre_instantiate(NacreStore *s, const NacreModule *m, const NacreExtern *imports,
                              size_t nimports, NacreInstance **out, NacreError *err)
{
	*out = NULL;
	NacreStatus st = rt_limit_module(s, m->desc, err);
	if (st != NACRE_OK)
		return st;
	NacreInstance *inst = alloc_instance(s, m);
	if (!inst)
		return rt_fail(err, NACRE_ERROR, "out of memory");
	st = rt_link_imports(inst, imports, nimports, err);
	if (st != NACRE_OK) {
		rt_instance_free(inst);
		return st;
	}
	inst->next = s->instances;
	s->instances = inst;
	s->counts[RT_COUNT_INSTANCES]++;
	st = define(inst, err);
	if (st == NACRE_OK)
		st = initialize(inst, err);
	if (st == NACRE_OK)
		*out = inst;
	return st;
}

/* ---- Lookups */

bool nacre_instance_export(NacreInstance *inst, const char *name, size_t name_len, NacreExtern *out)
{
	const NacreModuleDesc *d = inst->desc;
	for (uint32_t i = 0; i < d->nexports; i++) {
		const NacreExportDesc *ex = &d->exports[i];
		if (ex->name_len != name_len || (name_len && memcmp(ex->name, name, name_len) != 0))
			continue;
		out->kind = ex->kind;
		if (ex->kind == NACRE_EXTERN_FUNC)
			out->u.func = inst->funcs[ex->index];
		else if (ex->kind == NACRE_EXTERN_TABLE)
			out->u.table = inst->tables[ex->index];
		else if (ex->kind == NACRE_EXTERN_MEMORY)
			out->u.memory = inst->memories[ex->index];
		else if (ex->kind == NACRE_EXTERN_TAG)
			out->u.tag = inst->tags[ex->index];
		else
			out->u.global = inst->globals[ex->index];
		return true;
	}
	return false;
}

NacreEntry rt_instance_entry(const NacreFuncRef *f)
{
	const NacreInstance *inst = ((const NacreVmctx *)f->vmctx)->instance;
	size_t index = (size_t)(f - inst->records);
	return inst->desc->entries[inst->desc->func_types[index]];
}

/* The defined function starting nearest below pc, over the modules whose
 * code lies in the same loaded object as pc.  Only names a trap: a pc
 * that is not in Wasm code at all may get a neighbour's name. */
bool rt_instance_func_at(const NacreStore *s, uintptr_t pc, const NacreInstance **inst, uint32_t *index)
{
	uintptr_t base = rt_sys_code_base(pc), best = 0;
	for (const NacreInstance *i = s->instances; i; i = i->next) {
		const NacreModuleDesc *d = i->desc;
		if (i->module->code_base != base)
			continue;
		for (uint32_t f = d->nimported_funcs; f < d->nfuncs; f++) {
			uintptr_t code = (uintptr_t)d->func_code[f - d->nimported_funcs];
			if (code <= pc && code > best) {
				best = code;
				*inst = i;
				*index = f;
			}
		}
	}
	return best != 0;
}
