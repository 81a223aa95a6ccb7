/* ir/arena.c: chunked bump allocator (see arena.h). */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK_MIN = 64 * 1024, ALIGN = 16 };

struct ArenaChunk {
	ArenaChunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

Arena *arena_new(void)
{
	return calloc(1, sizeof(Arena));
}

void arena_reset(Arena *a)
{
	ArenaChunk *c = a->head;
	while (c) {
		ArenaChunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

void arena_free(Arena *a)
{
	if (!a)
		return;
	arena_reset(a);
	free(a);
}

void *arena_alloc(Arena *a, size_t size)
{
	size_t need;
	if (!size_add(size, ALIGN - 1, &need))
		return NULL;
	need &= ~(size_t)(ALIGN - 1);
	ArenaChunk *c = a->head;
	if (!c || c->size - c->used < need) {
		size_t csize = need > CHUNK_MIN ? need : CHUNK_MIN;
		/* grow chunks geometrically so large modules need few of them */
		if (c && csize < c->size * 2 && c->size * 2 <= 64u * 1024 * 1024)
			csize = c->size * 2;
		size_t total;
		if (!size_add(sizeof(ArenaChunk), csize, &total))
			return NULL;
		c = malloc(total);
		if (!c)
			return NULL;
		c->size = csize;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->used += need;
	memset(p, 0, size);
	return p;
}

void *arena_array(Arena *a, size_t n, size_t size)
{
	size_t total;
	if (!size_mul(n, size, &total))
		return NULL;
	return arena_alloc(a, total ? total : 1);
}

void *arena_dup(Arena *a, const void *p, size_t size)
{
	void *q = arena_alloc(a, size ? size : 1);
	if (q && size)
		memcpy(q, p, size);
	return q;
}
