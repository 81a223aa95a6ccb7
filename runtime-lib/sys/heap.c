/* runtime-lib/sys/heap.c: the freestanding runtime's heap (sys.h's
 * rt_sys_alloc family) on anonymous mappings.  Small blocks come in
 * power-of-two classes carved from 1 MiB chunks and are kept on one free
 * list per class; big ones get a mapping each.  Single-threaded.
 */
#include "sys.h"

#include <string.h>

enum {
	HEADER = 16,                 /* keeps blocks 16-byte aligned */
	MIN_SHIFT = 5, MAX_SHIFT = 16, /* classes 32 B .. 64 KiB, header included */
	CHUNK = 1 << 20,
};

typedef struct Free { struct Free *next; } Free;

static Free *lists[MAX_SHIFT + 1];
static uint8_t *chunk_next, *chunk_end;

/* The header holds the block's total size (class or mapping). */
static size_t *header(void *p) { return (size_t *)((uint8_t *)p - HEADER); }

static unsigned class_of(size_t total)
{
	unsigned k = MIN_SHIFT;
	while (((size_t)1 << k) < total)
		k++;
	return k;
}

static void *carve(size_t size)
{
	if (chunk_end - chunk_next < (ptrdiff_t)size) {
		uint8_t *c = rt_sys_reserve(CHUNK);
		if (!c || !rt_sys_commit(c, CHUNK)) {
			rt_sys_release(c, CHUNK);
			return NULL;
		}
		chunk_next = c, chunk_end = c + CHUNK; /* the old tail is left unused */
	}
	void *p = chunk_next;
	chunk_next += size;
	return p;
}

/* Returns a block and whether its memory is fresh (still zero). */
static void *take(size_t bytes, bool *fresh)
{
	if (bytes > ((size_t)1 << MAX_SHIFT) - HEADER) {
		size_t page = rt_sys_page_size();
		size_t total = (bytes + HEADER + page - 1) & ~(page - 1);
		if (total < bytes)
			return NULL;
		uint8_t *m = rt_sys_reserve(total);
		if (!m || !rt_sys_commit(m, total)) {
			rt_sys_release(m, total);
			return NULL;
		}
		*(size_t *)m = total;
		*fresh = true;
		return m + HEADER;
	}
	unsigned k = class_of(bytes + HEADER);
	uint8_t *m;
	*fresh = !lists[k];
	if (lists[k]) {
		m = (uint8_t *)lists[k];
		lists[k] = lists[k]->next;
	} else if (!(m = carve((size_t)1 << k))) {
		return NULL;
	}
	*(size_t *)m = (size_t)1 << k;
	return m + HEADER;
}

void *rt_sys_alloc(size_t bytes)
{
	bool fresh;
	return take(bytes, &fresh);
}

void *rt_sys_zalloc(size_t bytes)
{
	bool fresh;
	void *p = take(bytes, &fresh);
	if (p && !fresh)
		memset(p, 0, bytes);
	return p;
}

void rt_sys_free(void *p)
{
	if (!p)
		return;
	size_t total = *header(p);
	if (total > ((size_t)1 << MAX_SHIFT)) {
		rt_sys_release(header(p), total);
		return;
	}
	Free *f = (Free *)header(p);
	unsigned k = class_of(total);
	f->next = lists[k];
	lists[k] = f;
}

void *rt_sys_realloc(void *p, size_t bytes)
{
	if (!p)
		return rt_sys_alloc(bytes);
	size_t have = *header(p) - HEADER;
	if (bytes <= have)
		return p;
	void *q = rt_sys_alloc(bytes);
	if (q) {
		memcpy(q, p, have);
		rt_sys_free(p);
	}
	return q;
}
