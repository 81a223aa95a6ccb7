/* frontend/text/names.c: identifiers to indices (and function types to
 * their first index).  One open-addressing table per scope that doubles
 * as it fills, so lookups stay constant time and memory linear in the
 * input.
 */
#include "text.h"

#include <string.h>

static uint64_t hash(TxSpace sp, const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)sp; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

void tx_names_init(TxNames *t, Arena *a)
{
	*t = (TxNames){ .arena = a };
}

static TxNameSlot *slot(const TxNames *t, TxSpace sp, const uint8_t *p, size_t n)
{
	size_t mask = t->cap - 1;
	for (size_t i = hash(sp, p, n) & mask;; i = (i + 1) & mask) {
		TxNameSlot *s = &t->slots[i];
		if (!s->name || (s->space == (uint32_t)sp && s->len == n && !memcmp(s->name, p, n)))
			return s;
	}
}

/* Kept at most half full; the old slots stay in the arena (the sizes
 * double, so all of them together are less than twice the last). */
static bool grow(TxNames *t)
{
	size_t cap = t->cap ? t->cap * 2 : 16;
	TxNameSlot *old = t->slots;
	size_t oldcap = t->cap;
	t->slots = arena_array(t->arena, cap, sizeof *t->slots);
	if (!t->slots) {
		t->slots = old;
		t->failed = true;
		return false;
	}
	t->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].name)
			*slot(t, old[i].space, old[i].name, old[i].len) = old[i];
	return true;
}

bool tx_names_add(TxNames *t, TxSpace sp, const uint8_t *p, size_t n, uint32_t index)
{
	if (2 * (t->used + 1) > t->cap && !grow(t))
		return false;
	TxNameSlot *s = slot(t, sp, p, n);
	if (s->name)
		return false;
	*s = (TxNameSlot){ .name = p, .len = n, .space = sp, .index = index };
	t->used++;
	return true;
}
bool tx_names_find(const TxNames *t, TxSpace sp, const uint8_t *p, size_t n, uint32_t *index)
{
	if (!t->cap)
		return false;
	const TxNameSlot *s = slot(t, sp, p, n);
	if (!s->name)
		return false;
	*index = s->index;
	return true;
}

bool tx_names_set(TxNames *t, TxSpace sp, const uint8_t *p, size_t n, uint32_t index)
{
	if (t->cap) {
		TxNameSlot *s = slot(t, sp, p, n);
		if (s->name) {
			s->index = index;
			return true;
		}
	}
	return tx_names_add(t, sp, p, n, index);
}
