/* wasi-shim/p2/slots.c: the tables whose index is a host resource's rep
 * (streams, pollables).  A dropped entry's slot is reused, so a program
 * that makes and drops resources in a loop keeps its table small. */
#include <string.h>

#include "p2.h"

static bool used(const void *table, size_t size, uint32_t i)
{
	return *(const bool *)((const char *)table + (size_t)i * size);
}

void *p2_slot_new(void **table, uint32_t *n, size_t size, uint32_t *index)
{
	uint32_t i = 0;
	while (i < *n && used(*table, size, i))
		i++;
	if (i == *n) {
		uint32_t grown = *n ? 2 * *n : 8;
		char *t = grown > *n ? rt_sys_realloc(*table, (size_t)grown * size) : NULL;
		if (!t)
			return NULL;
		memset(t + (size_t)*n * size, 0, (size_t)(grown - *n) * size);
		*table = t;
		*n = grown;
	}
	*index = i;
	return (char *)*table + (size_t)i * size;
}
