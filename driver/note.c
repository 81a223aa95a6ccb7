/* driver/note.c: the .note.nacre note in malloc'd buffers, over the one
 * codec (runtime-lib/note.c): `nacre build` hands the encoded bytes to
 * the backend, which places them in the object; `nacre inspect` decodes
 * whatever a file holds. */
#include "driver.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime-lib/include/nacre/note.h"

uint8_t *drv_note_encode(const RtNoteRecord *recs, size_t n, size_t *size)
{
	*size = rt_note_size(recs, n);
	uint8_t *p = *size ? malloc(*size) : NULL;
	if (p)
		rt_note_write(p, recs, n);
	return p;
}

bool drv_note_decode(const uint8_t *p, size_t size, RtNoteRecord **recs, size_t *n, const char **why)
{
	RtNoteReader r;
	RtNoteRecord rec;
	*recs = NULL;
	*n = 0;
	if ((*why = rt_note_open(&r, p, size)))
		return false;
	size_t count = 0;
	for (RtNoteReader scan = r; rt_note_next(&scan, &rec);)
		count++;
	RtNoteRecord *all = malloc((count ? count : 1) * sizeof *all);
	if (!all) {
		*why = "out of memory";
		return false;
	}
	while (rt_note_next(&r, &all[*n]))
		++*n;
	*recs = all;
	return true;
}

/* Whether the note at p (already checked) is a build's: its first record
 * is the version (a bare target note starts with the target). */
static bool is_build_note(const uint8_t *p, size_t size)
{
	RtNoteReader r;
	RtNoteRecord first;
	return !rt_note_open(&r, p, size) && rt_note_next(&r, &first) && strcmp(first.key, NACRE_NOTE_KEY_VERSION) == 0;
}

size_t drv_note_pick(const uint8_t *p, size_t size)
{
	RtNoteReader r;
	for (size_t at = 0; at < size && !rt_note_open(&r, p + at, size - at);) {
		if (is_build_note(p + at, size - at))
			return at;
		at += (rt_note_own_size(p + at) + 3) & ~(size_t)3;
	}
	return 0;
}
