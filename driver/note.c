/* driver/note.c: encoding and decoding the .note.nacre ELF note
 * (runtime-lib/include/nacre/note.h has the layout).  `nacre build` hands
 * the encoded bytes to the backend, which places them in the object;
 * `nacre inspect` decodes whatever a file holds, so the decoder trusts
 * no size and no terminator it has not checked. */
#include "driver.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime-lib/include/nacre/note.h"

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

uint8_t *drv_note_encode(const NoteRecord *recs, size_t n, size_t *size)
{
	size_t desc = 0;
	for (size_t i = 0; i < n; i++) { /* desc and its padding must fit a u32 */
		size_t len = strlen(recs[i].key) + strlen(recs[i].value) + 2;
		if (len > UINT32_MAX - 3 - desc)
			return NULL;
		desc += len;
	}
	*size = NACRE_NOTE_DESC_OFFSET + pad4(desc);
	uint8_t *p = calloc(1, *size); /* zeros: the padding */
	if (!p)
		return NULL;
	put_u32(p, NACRE_NOTE_NAMESZ);
	put_u32(p + 4, (uint32_t)desc);
	put_u32(p + 8, NACRE_NOTE_TYPE);
	memcpy(p + NACRE_NOTE_HEADER, NACRE_NOTE_NAME, NACRE_NOTE_NAMESZ);
	uint8_t *d = p + NACRE_NOTE_DESC_OFFSET;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(recs[i].key) + 1, v = strlen(recs[i].value) + 1;
		memcpy(d, recs[i].key, k);
		memcpy(d + k, recs[i].value, v);
		d += k + v;
	}
	return p;
}

/* The header: the right name and type, and a desc inside the buffer. */
static const char *check_header(const uint8_t *p, size_t size, size_t *desc)
{
	if (size < NACRE_NOTE_DESC_OFFSET)
		return "note truncated: no room for its header";
	if (get_u32(p) != NACRE_NOTE_NAMESZ || memcmp(p + NACRE_NOTE_HEADER, NACRE_NOTE_NAME, NACRE_NOTE_NAMESZ) != 0)
		return "not a nacre note: wrong name";
	if (get_u32(p + 8) != NACRE_NOTE_TYPE)
		return "unknown nacre note type";
	*desc = get_u32(p + 4);
	if (*desc > size - NACRE_NOTE_DESC_OFFSET)
		return "note truncated: its description runs past the end";
	return NULL;
}

/* Records are KEY\0VALUE\0 pairs that fill the desc exactly. */
bool drv_note_decode(const uint8_t *p, size_t size, NoteRecord **recs, size_t *n, const char **why)
{
	size_t desc;
	*recs = NULL;
	*n = 0;
	if ((*why = check_header(p, size, &desc)))
		return false;
	const uint8_t *d = p + NACRE_NOTE_DESC_OFFSET;
	size_t strings = 0;
	for (size_t i = 0; i < desc; i++)
		strings += d[i] == 0;
	if (desc && d[desc - 1] != 0) {
		*why = "malformed note: its last record is not terminated";
		return false;
	}
	if (strings % 2) {
		*why = "malformed note: a key without a value";
		return false;
	}
	NoteRecord *r = malloc((strings / 2 ? strings / 2 : 1) * sizeof *r);
	if (!r) {
		*why = "out of memory";
		return false;
	}
	size_t at = 0;
	for (size_t k = 0; k < strings / 2; k++) {
		r[k].key = (const char *)d + at;
		at += strlen(r[k].key) + 1;  /* a NUL lies before desc's end: counted above */
		r[k].value = (const char *)d + at;
		at += strlen(r[k].value) + 1;
		if (!r[k].key[0]) {
			free(r);
			*why = "malformed note: an empty key";
			return false;
		}
	}
	*recs = r;
	*n = strings / 2;
	return true;
}
