/* ir/arena.c: chunked bump allocator (see arena.h). */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { CHUNK_MIN = 64 * 1024, ALIGN = 16, HUGE_CHUNK = 2 * 1024 * 1024 };

struct ArenaChunk {
	ArenaChunk *next;
	size_t size, used;
	size_t mapped;      /* bytes mmap'd for this chunk, 0 when malloc'd */
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
		if (c->mapped)
			munmap(c, c->mapped);
		else
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

/* Large chunks are mapped and advised into huge pages: the IR of a big
 * module is tens of megabytes, and 4 KiB page faults would cost more than
 * decoding it. */
static ArenaChunk *chunk_new(size_t csize)
{
	size_t total;
	ArenaChunk *c;
	if (!size_add(sizeof(ArenaChunk), csize, &total))
		return NULL;
	if (total >= HUGE_CHUNK) {
		/* huge pages need a 2 MiB-aligned range: map more, trim the ends */
		total = (total + HUGE_CHUNK - 1) & ~(size_t)(HUGE_CHUNK - 1);
		size_t span = total + HUGE_CHUNK;
		uint8_t *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		uint8_t *start = (uint8_t *)(((uintptr_t)p + HUGE_CHUNK - 1) & ~(uintptr_t)(HUGE_CHUNK - 1));
		if (start > p)
			munmap(p, (size_t)(start - p));
		if (p + span > start + total)
			munmap(start + total, (size_t)(p + span - (start + total)));
		madvise(start, total, MADV_HUGEPAGE);
		c = (ArenaChunk *)start;
		c->mapped = total;
		csize = total - sizeof(ArenaChunk);
	} else {
		c = malloc(total);
		if (!c)
			return NULL;
		c->mapped = 0;
	}
	c->size = csize;
	c->used = 0;
	c->next = NULL;
	return c;
}

static void *bump(Arena *a, size_t size)
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
		c = chunk_new(csize);
		if (!c)
			return NULL;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->used += need;
	return p;
}

void *arena_alloc(Arena *a, size_t size)
{
	void *p = bump(a, size);
	if (p)
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
	void *q = bump(a, size ? size : 1); /* overwritten at once: no zeroing */
	if (q && size)
		memcpy(q, p, size);
	return q;
}
