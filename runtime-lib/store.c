/* runtime-lib/store.c: the store, which owns every instance, memory,
 * table, global, tag and host function made in it, holds the stack limit its
 * Wasm code checks (and interrupt.c its fuel), and interns function types so that equal signatures
 * get equal ids across all its modules (what call_indirect compares).
 */
#include <string.h>

#include "rt.h"

NacreStore *nacre_store_new(void)
{
	if (!rt_trap_setup())
		return NULL;
	NacreStore *s = rt_sys_zalloc(sizeof *s);
	if (!s)
		return NULL;
	s->stack_size = RT_STACK_DEFAULT;
	s->stack_limit = 0;           /* the first entry sets it (UINTPTR_MAX: interrupted) */
	nacre_store_set_fuel(s, UINT64_MAX);
	s->ntypes = 1;                /* id 0 means "no type" */
	return s;
}

static void free_objects(NacreStore *s)
{
	for (NacreInstance *i = s->instances, *next; i; i = next) {
		next = i->next;
		rt_instance_free(i);
	}
	for (NacreMemory *m = s->memories, *next; m; m = next) {
		next = m->next;
		rt_memory_free(m);
	}
	for (NacreTable *t = s->tables, *next; t; t = next) {
		next = t->next;
		rt_table_free(t);
	}
	for (NacreGlobal *g = s->globals, *next; g; g = next) {
		next = g->next;
		rt_sys_free(g);
	}
	for (RtHostFunc *h = s->hosts, *next; h; h = next) {
		next = h->next;
		rt_host_free(h);
	}
}

void nacre_store_free(NacreStore *s)
{
	if (!s)
		return;
	free_objects(s);
	rt_exn_free_all(s);
	rt_tag_free_all(s);
	for (uint32_t i = 1; i < s->ntypes; i++) {
		rt_sys_free(s->types[i].types);
		rt_sys_free(s->types[i].exact);
	}
	rt_sys_free(s->types);
	rt_sys_free(s->slots);
	rt_sys_free(s);
}

NacreStore *nacre_store_new_in(NacrePool *pool)
{
	NacreStore *s = nacre_store_new();
	if (s)
		s->pool = pool;
	return s;
}

void nacre_store_set_stack_size(NacreStore *s, size_t bytes)
{
	s->stack_size = bytes;
}

/* ---- Type interning */

static uint32_t hash_type(uint32_t nparams, uint32_t nresults, const uint8_t *types, const uint32_t *exact)
{
	uint32_t h = 2166136261u;
	uint32_t words[2] = { nparams, nresults };
	for (size_t i = 0; i < sizeof words; i++)
		h = (h ^ ((const uint8_t *)words)[i]) * 16777619u;
	for (uint32_t i = 0; i < nparams + nresults; i++)
		h = (h ^ types[i]) * 16777619u;
	for (uint32_t i = 0; exact && i < nparams + nresults; i++)
		h = (h ^ exact[i]) * 16777619u;
	return h;
}

static bool same_type(const RtType *t, uint32_t nparams, uint32_t nresults, const uint8_t *types,
                      const uint32_t *exact)
{
	size_t n = (size_t)nparams + nresults;
	if (t->nparams != nparams || t->nresults != nresults || !t->exact != !exact)
		return false;
	return (n == 0 || memcmp(t->types, types, n) == 0) &&
	       (!exact || memcmp(t->exact, exact, n * sizeof *exact) == 0);
}

/* The slot holding this type's id, or the empty slot where it belongs. */
static uint32_t *find_slot(const NacreStore *s, uint32_t hash, uint32_t nparams, uint32_t nresults,
                           const uint8_t *types, const uint32_t *exact)
{
	uint32_t mask = s->nslots - 1;
	for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
		uint32_t id = s->slots[i];
		if (!id || (s->types[id].hash == hash && same_type(&s->types[id], nparams, nresults, types, exact)))
			return &s->slots[i];
	}
}

/* Keeps the hash table at most half full, and room for one more type. */
static bool make_room(NacreStore *s)
{
	if (s->ntypes >= s->cap_types) {
		uint32_t cap = s->cap_types ? s->cap_types * 2 : 16;
		RtType *types = rt_sys_realloc(s->types, cap * sizeof *types);
		if (!types)
			return false;
		s->types = types;
		s->cap_types = cap;
	}
	if (2 * (s->ntypes + 1) <= s->nslots)
		return true;
	uint32_t nslots = s->nslots ? s->nslots * 2 : 32;
	uint32_t *slots = rt_sys_zalloc(nslots * sizeof *slots);
	if (!slots)
		return false;
	rt_sys_free(s->slots);
	s->slots = slots;
	s->nslots = nslots;
	for (uint32_t id = 1; id < s->ntypes; id++) {
		const RtType *t = &s->types[id];
		*find_slot(s, t->hash, t->nparams, t->nresults, t->types, t->exact) = id;
	}
	return true;
}

uint32_t rt_store_intern(NacreStore *s, uint32_t nparams, uint32_t nresults, const uint8_t *types,
                         const uint32_t *exact)
{
	if (!make_room(s))
		return 0;
	uint32_t hash = hash_type(nparams, nresults, types, exact);
	uint32_t *slot = find_slot(s, hash, nparams, nresults, types, exact);
	if (*slot)
		return *slot;
	size_t n = (size_t)nparams + nresults;
	uint8_t *copy = rt_sys_alloc(n ? n : 1);
	uint32_t *exact_copy = exact ? rt_sys_alloc((n ? n : 1) * sizeof *exact) : NULL;
	if (!copy || (exact && !exact_copy)) {
		rt_sys_free(copy);
		rt_sys_free(exact_copy);
		return 0;
	}
	if (n)
		memcpy(copy, types, n);
	if (exact && n)
		memcpy(exact_copy, exact, n * sizeof *exact);
	s->types[s->ntypes] = (RtType){ nparams, nresults, copy, exact_copy, hash };
	*slot = s->ntypes;
	return s->ntypes++;
}

const RtType *rt_store_type(const NacreStore *s, uint32_t id)
{
	return id && id < s->ntypes ? &s->types[id] : NULL;
}

bool nacre_func_type(NacreStore *s, const NacreFuncRef *f, NacreFuncType *out)
{
	const RtType *t = f ? rt_store_type(s, f->type_id) : NULL;
	if (!t)
		return false;
	*out = (NacreFuncType){ t->nparams, t->nresults, t->types, t->types + t->nparams };
	return true;
}

NacreStatus rt_fail(NacreError *err, NacreStatus status, const char *fmt, ...)
{
	if (!err)
		return status;
	va_list ap;
	va_start(ap, fmt);
	err->trap = NACRE_TRAP_NONE;
	rt_sys_vformat(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return status;
}
