/* runtime-lib/canon/arena.c: the per-call arena lifted values live in.
 * A bump allocator over chunks from the OS layer's heap, with a limit so
 * that a guest's list length cannot make the host allocate without end.
 */
#include <string.h>

#include "rt_canon.h"
#include "../sys/sys.h"

struct RtCanonChunk {
	RtCanonChunk *next;
	size_t size, used;           /* bytes in data, bytes handed out */
	_Alignas(16) unsigned char data[];
};

enum { CHUNK = 16 << 10 };
#define DEFAULT_LIMIT ((size_t)1 << 30)

void rt_canon_arena_init(RtCanonArena *a, size_t limit)
{
	*a = (RtCanonArena){ .limit = limit ? limit : DEFAULT_LIMIT };
}

static RtCanonChunk *grow(RtCanonArena *a, size_t bytes)
{
	size_t size = bytes > CHUNK ? bytes : CHUNK;
	RtCanonChunk *c = rt_sys_alloc(sizeof *c + size);
	if (!c)
		return NULL;
	c->next = a->chunks;
	c->size = size;
	c->used = 0;
	a->chunks = c;
	return c;
}

void *rt_canon_arena_alloc(RtCanonArena *a, size_t bytes)
{
	bytes = (bytes + 7) & ~(size_t)7;
	if (bytes > a->limit - a->used)
		return NULL;
	RtCanonChunk *c = a->chunks;
	if (!c || c->size - c->used < bytes)
		c = grow(a, bytes);
	if (!c)
		return NULL;
	void *p = c->data + c->used;
	c->used += bytes;
	a->used += bytes;
	memset(p, 0, bytes);
	return p;
}

void rt_canon_arena_reset(RtCanonArena *a)
{
	while (a->chunks) {
		RtCanonChunk *c = a->chunks;
		a->chunks = c->next;
		rt_sys_free(c);
	}
	a->used = 0;
}
