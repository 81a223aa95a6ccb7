/* frontend/component/cm_nameset.c: the names already taken in a scope, as
 * a hash table, so that a component with many imports or a record with
 * many fields is checked in linear time.  The table stores the keys the
 * uniqueness rule compares (cm_names.c: labels case-insensitively, an
 * annotated name by its label, interface and other names exactly). */
#include "cm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { CLS_LABEL, CLS_CTOR, CLS_METHOD, CLS_OTHER, CLS_METHOD_TAIL };

typedef struct CmNameSlot {
	uint32_t hash;
	uint8_t cls;
	bool used;
	IrName key;    /* what is compared */
	IrName name;   /* the whole name, for the message */
	uint32_t value;
} CmNameSlot;

static bool folds(uint8_t cls)
{
	return cls != CLS_OTHER;
}

static uint32_t hash(uint8_t cls, IrName k)
{
	uint32_t h = 2166136261u ^ cls;
	for (uint32_t i = 0; i < k.len; i++) {
		unsigned char c = (unsigned char)k.p[i];
		h = (h ^ (folds(cls) ? (unsigned char)tolower(c) : c)) * 16777619u;
	}
	return h;
}

static bool key_eq(uint8_t cls, IrName a, IrName b)
{
	if (a.len != b.len)
		return false;
	for (uint32_t i = 0; i < a.len; i++) {
		unsigned char x = (unsigned char)a.p[i], y = (unsigned char)b.p[i];
		if (folds(cls) ? tolower(x) != tolower(y) : x != y)
			return false;
	}
	return true;
}

static const CmNameSlot *find(const CmNames *s, uint8_t cls, IrName k)
{
	if (!s->cap)
		return NULL;
	uint32_t h = hash(cls, k);
	for (uint32_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		const CmNameSlot *e = &s->slots[i];
		if (!e->used)
			return NULL;
		if (e->hash == h && e->cls == cls && key_eq(cls, e->key, k))
			return e;
	}
}

static bool grow(CmNames *s)
{
	uint32_t cap = s->cap ? s->cap * 2 : 16;
	CmNameSlot *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	for (uint32_t i = 0; i < s->cap; i++) {
		if (!s->slots[i].used)
			continue;
		uint32_t j = s->slots[i].hash & (cap - 1);
		while (slots[j].used)
			j = (j + 1) & (cap - 1);
		slots[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return true;
}

static bool insert(CmNames *s, uint8_t cls, IrName k, IrName name, uint32_t value)
{
	if ((s->n + 1) * 2 > s->cap && !grow(s))
		return false;
	uint32_t h = hash(cls, k), i = h & (s->cap - 1);
	while (s->slots[i].used)
		i = (i + 1) & (s->cap - 1);
	s->slots[i] = (CmNameSlot){ h, cls, true, k, name, value };
	s->n++;
	return true;
}

/* The class and key of a name, and for [method]/[static] R.m also m. */
static uint8_t classify(IrName n, IrName *key, IrName *tail, CmNamesMode mode)
{
	*key = n;
	*tail = (IrName){ NULL, 0 };
	if (mode != CM_NAMES_EXTERN)
		return mode == CM_NAMES_LABEL ? CLS_LABEL : CLS_OTHER;
	if (n.len >= 13 && memcmp(n.p, "[constructor]", 13) == 0) {
		*key = (IrName){ n.p + 13, n.len - 13 };
		return CLS_CTOR;
	}
	if (n.len >= 8 && (memcmp(n.p, "[method]", 8) == 0 || memcmp(n.p, "[static]", 8) == 0)) {
		*key = (IrName){ n.p + 8, n.len - 8 };
		const char *dot = memchr(key->p, '.', key->len);
		if (dot)
			*tail = (IrName){ dot + 1, (uint32_t)(key->p + key->len - dot - 1) };
		return CLS_METHOD;
	}
	return cm_label_valid(n) ? CLS_LABEL : CLS_OTHER;
}

int cm_names_add(CmNames *s, IrName name, CmNamesMode mode, uint32_t value, IrName *clash)
{
	IrName key, tail;
	uint8_t cls = classify(name, &key, &tail, mode);
	const CmNameSlot *e = find(s, cls, key);
	if (!e && cls == CLS_LABEL)
		e = find(s, CLS_METHOD_TAIL, key);
	if (!e && cls == CLS_METHOD && tail.len)
		e = find(s, CLS_LABEL, tail);
	if (e) {
		*clash = e->name;
		return 0;
	}
	if (!insert(s, cls, key, name, value))
		return -1;
	return cls != CLS_METHOD || !tail.len || insert(s, CLS_METHOD_TAIL, tail, name, value) ? 1 : -1;
}

bool cm_names_find(const CmNames *s, IrName name, uint32_t *value)
{
	const CmNameSlot *e = find(s, CLS_OTHER, name);
	if (e)
		*value = e->value;
	return e != NULL;
}

void cm_names_free(CmNames *s)
{
	free(s->slots);
	*s = (CmNames){ 0 };
}

int cm_names_add_pair(CmNames *s, Arena *a, IrName module, IrName name, uint32_t value)
{
	/* the key: the module name's length, then both names */
	size_t len = sizeof(uint32_t) + (size_t)module.len + name.len;
	char *key = arena_array(a, len, 1);
	IrName clash;
	if (!key)
		return -1;
	memcpy(key, &module.len, sizeof(uint32_t));
	if (module.len)
		memcpy(key + sizeof(uint32_t), module.p, module.len);
	if (name.len)
		memcpy(key + sizeof(uint32_t) + module.len, name.p, name.len);
	return cm_names_add(s, (IrName){ key, (uint32_t)len }, CM_NAMES_EXACT, value, &clash);
}
