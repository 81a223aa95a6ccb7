/* runtime-lib/note_codec.h: the one encoder and decoder of the
 * .note.nacre note (layout in include/nacre/note.h).  The driver writes
 * a build's note with it, the backend a bare target note, the runtime
 * checks a shared object's target with it and the WASI shims read an
 * executable's grants with it.  Freestanding: no allocation, only the
 * string functions every runtime flavour has. */
#ifndef NACRE_NOTE_CODEC_H
#define NACRE_NOTE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct RtNoteRecord {
	const char *key, *value;
} RtNoteRecord;

/* The whole note holding recs, header to padding, in bytes; 0 when its
 * desc would not fit the header's u32. */
size_t rt_note_size(const RtNoteRecord *recs, size_t n);
/* Writes that note to out, which holds rt_note_size(recs, n) bytes. */
void rt_note_write(uint8_t *out, const RtNoteRecord *recs, size_t n);

/* The records of a desc, KEY\0VALUE\0 each. */
typedef struct RtNoteReader {
	const char *at, *end;
} RtNoteReader;

/* Checks a whole note of size bytes (header, name, type, a desc inside
 * the buffer made of whole records with non-empty keys) and sets r on its
 * records: NULL, or why the note is refused. */
const char *rt_note_open(RtNoteReader *r, const uint8_t *note, size_t size);
/* The size of a note whose header is trusted (an executable's own
 * constant data): header and name, and desc as the header gives it. */
size_t rt_note_own_size(const uint8_t *note);
/* The next whole record, or false (rec untouched) at the end or where a
 * record is cut short, as in a prefix of a desc. */
bool rt_note_next(RtNoteReader *r, RtNoteRecord *rec);
/* The value of the first record named key, as a decimal number up to
 * max: false when there is none or it is not such a number. */
bool rt_note_number(RtNoteReader r, const char *key, uint64_t max, uint64_t *out);

#endif
