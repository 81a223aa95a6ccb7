/* runtime-lib/note.c: encoding and decoding the .note.nacre note
 * (note_codec.h).  The decoder trusts no size and no terminator it has
 * not checked: `nacre inspect` and nacre_module_open read notes from
 * files anyone may have written. */
#include "note_codec.h"

#include <string.h>

#include "include/nacre/note.h"

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

/* The desc's bytes; SIZE_MAX when it (and its padding) overflows a u32. */
static size_t desc_size(const RtNoteRecord *recs, size_t n)
{
	size_t desc = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(recs[i].key) + strlen(recs[i].value) + 2;
		if (len > UINT32_MAX - 3 - desc)
			return SIZE_MAX;
		desc += len;
	}
	return desc;
}

size_t rt_note_size(const RtNoteRecord *recs, size_t n)
{
	size_t desc = desc_size(recs, n);
	return desc == SIZE_MAX ? 0 : NACRE_NOTE_DESC_OFFSET + pad4(desc);
}

void rt_note_write(uint8_t *out, const RtNoteRecord *recs, size_t n)
{
	size_t desc = desc_size(recs, n);
	memset(out, 0, NACRE_NOTE_DESC_OFFSET + pad4(desc)); /* zeros: the padding */
	put_u32(out, NACRE_NOTE_NAMESZ);
	put_u32(out + 4, (uint32_t)desc);
	put_u32(out + 8, NACRE_NOTE_TYPE);
	memcpy(out + NACRE_NOTE_HEADER, NACRE_NOTE_NAME, NACRE_NOTE_NAMESZ);
	uint8_t *d = out + NACRE_NOTE_DESC_OFFSET;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(recs[i].key) + 1, v = strlen(recs[i].value) + 1;
		memcpy(d, recs[i].key, k);
		memcpy(d + k, recs[i].value, v);
		d += k + v;
	}
}

/* The next NUL-terminated string of [r->at, r->end), or NULL. */
static const char *next_string(RtNoteReader *r)
{
	const char *s = r->at, *z = s < r->end ? memchr(s, 0, (size_t)(r->end - s)) : NULL;
	if (z)
		r->at = z + 1;
	return z ? s : NULL;
}

bool rt_note_next(RtNoteReader *r, RtNoteRecord *rec)
{
	RtNoteReader at = *r;
	const char *key = next_string(&at), *value = key ? next_string(&at) : NULL;
	if (!value)
		return false;
	*rec = (RtNoteRecord){ key, value };
	*r = at;
	return true;
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

/* Records must fill the desc exactly. */
const char *rt_note_open(RtNoteReader *r, const uint8_t *note, size_t size)
{
	size_t desc;
	const char *why = check_header(note, size, &desc);
	if (why)
		return why;
	const char *d = (const char *)note + NACRE_NOTE_DESC_OFFSET;
	*r = (RtNoteReader){ d, d + desc };
	RtNoteReader scan = *r;
	RtNoteRecord rec;
	while (rt_note_next(&scan, &rec))
		if (!rec.key[0])
			return "malformed note: an empty key";
	if (scan.at == scan.end)
		return NULL;
	if (d[desc - 1] != 0)
		return "malformed note: its last record is not terminated";
	return "malformed note: a key without a value";
}

size_t rt_note_own_size(const uint8_t *note)
{
	return NACRE_NOTE_DESC_OFFSET + (size_t)get_u32(note + 4);
}

bool rt_note_number(RtNoteReader r, const char *key, uint64_t max, uint64_t *out)
{
	RtNoteRecord rec;
	while (rt_note_next(&r, &rec)) {
		if (strcmp(rec.key, key) != 0)
			continue;
		uint64_t n = 0;
		for (const char *d = rec.value; *d; d++) {
			uint64_t digit = (uint64_t)(*d - '0');
			if (*d < '0' || *d > '9' || n > (max - digit) / 10)
				return false;
			n = n * 10 + digit;
		}
		*out = n;
		return *rec.value != 0;
	}
	return false;
}
