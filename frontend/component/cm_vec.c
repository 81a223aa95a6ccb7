/* frontend/component/cm_vec.c: growable arrays, index spaces, and the one
 * way the component frontend reports. */
#include "cm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *cm_vec_push(CmVec *v, size_t size)
{
	if (v->n == v->cap) {
		uint32_t cap = v->cap ? v->cap * 2 : 8;
		if (cap < v->cap)
			return NULL;
		void *grown = realloc(v->v, (size_t)cap * size);
		if (!grown)
			return NULL;
		v->v = grown;
		v->cap = cap;
	}
	void *slot = (char *)v->v + (size_t)v->n++ * size;
	memset(slot, 0, size);
	return slot;
}

void cm_vec_free(CmVec *v)
{
	free(v->v);
	*v = (CmVec){ 0 };
}

void *cm_vec_to_arena(Arena *a, const CmVec *v, size_t size)
{
	if (!v->n)
		return NULL;
	return arena_dup(a, v->v, (size_t)v->n * size);
}

static uint32_t mix(uint32_t id)
{
	id ^= id >> 16;
	id *= 0x45d9f3bu;
	return id ^ (id >> 16);
}

bool cm_set_has(const CmSet *s, uint32_t id)
{
	if (!s->cap)
		return false;
	for (uint32_t i = mix(id) & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == id + 1)
			return true;
	return false;
}

static bool set_put(uint32_t *slots, uint32_t cap, uint32_t id)
{
	uint32_t i = mix(id) & (cap - 1);
	while (slots[i] && slots[i] != id + 1)
		i = (i + 1) & (cap - 1);
	bool fresh = !slots[i];
	slots[i] = id + 1;
	return fresh;
}

bool cm_set_add(CmSet *s, uint32_t id)
{
	if ((s->n + 1) * 2 > s->cap) {
		uint32_t cap = s->cap ? s->cap * 2 : 16;
		uint32_t *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return false;
		for (uint32_t i = 0; i < s->cap; i++)
			if (s->slots[i])
				set_put(slots, cap, s->slots[i] - 1);
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	s->n += set_put(s->slots, s->cap, id);
	return true;
}

void cm_set_free(CmSet *s)
{
	free(s->slots);
	*s = (CmSet){ 0 };
}

void cm_scope_init(CmScope *s, CmScope *parent, CmLoad *L, Reader *r, CmScopeKind kind)
{
	*s = (CmScope){ .parent = parent, .L = L, .r = r, .kind = (uint8_t)kind };
}

void cm_scope_free(CmScope *s)
{
	for (int i = 0; i < IR_CM_SORT_COUNT; i++) {
		cm_vec_free(&s->space[i]);
		cm_vec_free(&s->defs[i]);
	}
	cm_vec_free(&s->imports);
	cm_vec_free(&s->exports);
	cm_vec_free(&s->resources);
	cm_set_free(&s->named_imports);
	cm_set_free(&s->named_exports);
	cm_names_free(&s->import_names);
	cm_names_free(&s->export_names);
	cm_vec_free(&s->modules);
	cm_vec_free(&s->components);
	cm_vec_free(&s->instances);
	cm_vec_free(&s->canons);
}

bool cm_fail(CmScope *s, DiagCode code, size_t offset, const char *fmt, ...)
{
	char buf[DIAG_DETAIL_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!s->r->failed)
		diag_report(s->L->diags, code, offset, DIAG_NO_FUNC, "%s", buf);
	s->r->failed = true;
	return false;
}

bool cm_space_push(CmScope *s, IrCmSort sort, uint32_t type, IrCmDef def)
{
	uint32_t *slot = cm_vec_push(&s->space[sort], sizeof *slot);
	IrCmDef *d = slot ? cm_vec_push(&s->defs[sort], sizeof *d) : NULL;
	if (!d)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "index space");
	*slot = type;
	*d = def;
	return true;
}

bool cm_bytes_eq(const void *a, const void *b, size_t n)
{
	return n == 0 || memcmp(a, b, n) == 0;
}

bool cm_name_eq(IrName a, IrName b)
{
	return a.len == b.len && cm_bytes_eq(a.p, b.p, a.len);
}

const char *cm_sort_name(IrCmSort sort)
{
	static const char *const names[IR_CM_SORT_COUNT] = {
		"core func", "core table", "core memory", "core global", "core type",
		"core module", "core instance", "func", "value", "type", "component", "instance",
	};
	return names[sort];
}

uint32_t cm_space_get(CmScope *s, IrCmSort sort, uint32_t idx, size_t offset)
{
	const CmVec *v = &s->space[sort];
	if (idx >= v->n) {
		cm_fail(s, DIAG_CM_UNKNOWN_INDEX, offset, "%s %u (%u defined)", cm_sort_name(sort), idx, v->n);
		return 0;
	}
	return ((const uint32_t *)v->v)[idx];
}
