/* ir/arena.h: bump allocation for the compiler.  One arena per module, one
 * scratch arena per function; freed all at once.  Every size that comes
 * from the input goes through the checked helpers, so a hostile count fails
 * cleanly instead of wrapping.
 */
#ifndef NACRE_IR_ARENA_H
#define NACRE_IR_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
	ArenaChunk *head;
	size_t used;        /* bytes handed out, for limits and reports */
} Arena;

Arena *arena_new(void);
void arena_free(Arena *a);
void arena_reset(Arena *a);
/* Zeroed, 16-byte aligned; NULL when out of memory. */
void *arena_alloc(Arena *a, size_t size);
/* n * size bytes, NULL on overflow or out of memory. */
void *arena_array(Arena *a, size_t n, size_t size);
void *arena_dup(Arena *a, const void *p, size_t size);

/* Checked size arithmetic: false on overflow. */
static inline bool size_mul(size_t a, size_t b, size_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}
static inline bool size_add(size_t a, size_t b, size_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

#endif
