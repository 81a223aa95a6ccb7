/* runtime-lib/table.c: tables of references.  Generated code reads and
 * writes elements in place through NacreTableData; grow may move the
 * element array, so code reloads `elems` after any call.  A funcref
 * table's elements are NacreFuncElem (the record inline, abi.h), an
 * externref table's pointers; put() is the one writer of either.  The
 * table entries generated code calls check the spec's bounds before
 * writing.
 */
#include <string.h>

#include "rt.h"

static size_t elem_size(uint8_t elem)
{
	return elem == NACRE_FUNCREF ? sizeof(NacreFuncElem) : sizeof(void *);
}

static NacreTable *table_of_data(NacreTableData *d)
{
	return RT_CONTAINER(d, NacreTable, data);
}

/* Element i becomes the reference val (a NacreFuncRef * or an externref). */
static void put(NacreTable *t, uint32_t i, void *val)
{
	if (t->elem != NACRE_FUNCREF) {
		((void **)t->data.elems)[i] = val;
		return;
	}
	const NacreFuncRef *r = val;
	((NacreFuncElem *)t->data.elems)[i] =
		r ? (NacreFuncElem){ r->code, r->vmctx, r->type_id, r->reserved, val } : (NacreFuncElem){ 0 };
}

void rt_table_fill_all(NacreTable *t, void *val)
{
	for (uint32_t i = 0; i < t->data.size; i++)
		put(t, i, val);
}

void *rt_table_get(const NacreTable *t, uint32_t i)
{
	return t->elem == NACRE_FUNCREF ? (void *)((NacreFuncElem *)t->data.elems)[i].ref
	                                : ((void **)t->data.elems)[i];
}

NacreStatus rt_table_create(NacreStore *s, uint8_t elem, uint32_t min, uint32_t max, bool has_max,
                            NacreTable **out, NacreError *err)
{
	*out = NULL;
	if (elem != NACRE_FUNCREF && elem != NACRE_EXTERNREF)
		return rt_fail(err, NACRE_ERROR, "table element type must be a reference type");
	if (has_max && max < min)
		return rt_fail(err, NACRE_ERROR, "size minimum must not be greater than maximum");
	if (min > RT_MAX_TABLE)
		return rt_fail(err, NACRE_ERROR, "table of %u elements exceeds the limit of %u", min,
		               (uint32_t)RT_MAX_TABLE);
	NacreStatus st = rt_limit_count(s, RT_COUNT_TABLES, 1, err);
	if (st == NACRE_OK)
		st = rt_limit_table(s, min, err);
	if (st != NACRE_OK)
		return st;
	NacreTable *t = rt_sys_zalloc(sizeof *t);
	void *elems = rt_sys_zalloc((size_t)min * elem_size(elem)); /* zeros: null */
	if (!t || !elems) {
		rt_sys_free(t);
		rt_sys_free(elems);
		return rt_fail(err, NACRE_ERROR, "out of memory");
	}
	t->data = (NacreTableData){ elems, min, has_max ? max : UINT32_MAX };
	t->elem = elem;
	t->exact = elem;
	t->has_max = has_max;
	t->max = t->data.max;
	t->store = s;
	t->next = s->tables;
	s->tables = t;
	s->counts[RT_COUNT_TABLES]++;
	*out = t;
	return NACRE_OK;
}

void rt_table_free(NacreTable *t)
{
	rt_sys_free(t->data.elems);
	rt_sys_free(t);
}

/* The old size, or UINT32_MAX (-1) past the maximum, past the store's
 * limit (or the implementation's), or out of memory. */
static uint32_t grow(NacreTable *t, void *init, uint32_t delta)
{
	uint32_t old = t->data.size;
	uint64_t want = (uint64_t)old + delta;
	if (delta == 0)
		return old;
	if (want > t->data.max || want > rt_limit_elements(t->store))
		return UINT32_MAX;
	void *elems = rt_sys_realloc(t->data.elems, (size_t)want * elem_size(t->elem));
	if (!elems)
		return UINT32_MAX;
	t->data.elems = elems;
	t->data.size = (uint32_t)want;
	for (uint64_t i = old; i < want; i++)
		put(t, (uint32_t)i, init);
	return old;
}

/* Spec 4.4.6, table.init: the whole range is checked before anything
 * moves; a dropped segment has length 0. */
bool rt_table_init(NacreInstance *inst, uint32_t table, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n)
{
	if (table >= inst->desc->ntables || seg >= inst->desc->nelems)
		return false;
	NacreTable *t = table_of_data(inst->table_data[table]);
	const RtElemSeg *e = &inst->elems[seg];
	if ((uint64_t)src + n > e->n || (uint64_t)dst + n > t->data.size)
		return false;
	for (uint32_t k = 0; k < n; k++)
		put(t, dst + k, e->items[src + k]);
	return true;
}

/* ---- Entries from generated code: tables and segments of the caller. */

static NacreTable *table_of(NacreVmctx *vm, uint32_t index)
{
	return table_of_data(vm->tables[index]);
}

static void check_range(const NacreTableData *t, uint32_t at, uint32_t n, uintptr_t pc)
{
	if ((uint64_t)at + n > t->size)
		rt_trap_raise(NACRE_TRAP_OOB_TABLE, pc, NULL);
}

uint32_t nacre_rt_table_grow(NacreVmctx *vm, uint32_t table, void *init, uint32_t delta)
{
	return grow(table_of(vm, table), init, delta);
}

void nacre_rt_table_fill(NacreVmctx *vm, uint32_t table, uint32_t i, void *val, uint32_t n)
{
	NacreTable *t = table_of(vm, table);
	check_range(&t->data, i, n, RT_CALLER_PC());
	for (uint32_t k = 0; k < n; k++)
		put(t, i + k, val);
}

void nacre_rt_table_copy(NacreVmctx *vm, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                         uint32_t src, uint32_t n)
{
	uintptr_t pc = RT_CALLER_PC();
	NacreTable *d = table_of(vm, dst_table), *s = table_of(vm, src_table);
	check_range(&s->data, src, n, pc);
	check_range(&d->data, dst, n, pc);
	size_t size = elem_size(d->elem); /* validation: both tables hold the same type */
	if (n)
		memmove((char *)d->data.elems + dst * size, (char *)s->data.elems + src * size, n * size);
}

void nacre_rt_table_init(NacreVmctx *vm, uint32_t table, uint32_t seg, uint32_t dst, uint32_t src,
                         uint32_t n)
{
	if (!rt_table_init(vm->instance, table, seg, dst, src, n))
		rt_trap_raise(NACRE_TRAP_OOB_TABLE, RT_CALLER_PC(), NULL);
}

void nacre_rt_elem_drop(NacreVmctx *vm, uint32_t seg)
{
	NacreInstance *inst = vm->instance;
	if (seg >= inst->desc->nelems)
		return;
	rt_sys_free(inst->elems[seg].items);
	inst->elems[seg] = (RtElemSeg){ NULL, 0 };
}

NacreStatus rt_table_create64(NacreStore *s, uint8_t elem, uint64_t min, uint64_t max, bool has_max,
                              bool addr64, NacreTable **out, NacreError *err)
{
	if (has_max && max < min)
		return rt_fail(err, NACRE_ERROR, "size minimum must not be greater than maximum");
	if (min > RT_MAX_TABLE)
		return rt_fail(err, NACRE_ERROR, "table of %llu elements exceeds the limit of %u",
		               (unsigned long long)min, (uint32_t)RT_MAX_TABLE);
	uint32_t cap = has_max && max < UINT32_MAX ? (uint32_t)max : UINT32_MAX;
	NacreStatus st = rt_table_create(s, elem, (uint32_t)min, cap, has_max, out, err);
	if (st == NACRE_OK) {
		(*out)->addr64 = addr64;
		(*out)->max = has_max ? max : UINT64_MAX;
	}
	return st;
}

/* ---- Embedding API */

NacreStatus nacre_table_new(NacreStore *s, uint8_t elem, uint32_t min, uint32_t max, bool has_max,
                            NacreTable **out, NacreError *err)
{
	return rt_table_create(s, elem, min, max, has_max, out, err);
}

NacreStatus nacre_table_new64(NacreStore *s, uint8_t elem, uint64_t min, uint64_t max, bool has_max,
                              NacreTable **out, NacreError *err)
{
	return rt_table_create64(s, elem, min, max, has_max, true, out, err);
}
