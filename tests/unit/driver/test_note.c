/* tests/unit/driver/test_note.c: driver/note.c: the exact layout of an
 * encoded note (nacre/note.h), the round trip, and the decoder's refusal
 * of every malformed note without reading past its buffer. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "driver/driver.h"
#include "runtime-lib/include/nacre/note.h"

static const RtNoteRecord sample[] = {
	{ NACRE_NOTE_KEY_VERSION, "0.1.0" }, { NACRE_NOTE_KEY_TARGET, "x86_64" },
	{ NACRE_NOTE_KEY_DIR, "/tmp::/t" }, { NACRE_NOTE_KEY_ENV, "A=" },
};
enum { NSAMPLE = sizeof sample / sizeof *sample };

static uint8_t *encode_sample(size_t *size)
{
	uint8_t *p = drv_note_encode(sample, NSAMPLE, size);
	cr_assert_not_null(p);
	return p;
}

Test(note, layout)
{
	static const uint8_t want[] = {
		6, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 'n', 'a', 'c', 'r', 'e', 0, 0, 0,
		'k', 0, 'v', 'v', 0, 0, 0, 0,  /* desc "k\0vv\0", padded to 8 */
	};
	size_t size;
	uint8_t *p = drv_note_encode(&(RtNoteRecord){ "k", "vv" }, 1, &size);
	cr_assert_not_null(p);
	cr_assert_eq(size, sizeof want);
	cr_expect(memcmp(p, want, sizeof want) == 0);
	free(p);
}

Test(note, round_trip)
{
	size_t size, n;
	uint8_t *p = encode_sample(&size);
	cr_expect_eq(size % 4, 0);
	RtNoteRecord *r;
	const char *why;
	cr_assert(drv_note_decode(p, size, &r, &n, &why), "%s", why);
	cr_assert_eq(n, NSAMPLE);
	for (size_t i = 0; i < n; i++) {
		cr_expect_str_eq(r[i].key, sample[i].key);
		cr_expect_str_eq(r[i].value, sample[i].value);
	}
	free(r);
	free(p);
}

Test(note, empty_desc)
{
	size_t size, n = 99;
	uint8_t *p = drv_note_encode(NULL, 0, &size);
	RtNoteRecord *r;
	const char *why;
	cr_assert_eq(size, NACRE_NOTE_DESC_OFFSET);
	cr_expect(drv_note_decode(p, size, &r, &n, &why));
	cr_expect_eq(n, 0);
	free(r);
	free(p);
}

static void expect_refused(const uint8_t *p, size_t size, const char *what)
{
	RtNoteRecord *r = (RtNoteRecord *)1;
	size_t n = 99;
	const char *why = NULL;
	cr_expect(!drv_note_decode(p, size, &r, &n, &why), "accepted: %s", what);
	cr_expect_not_null(why, "no reason: %s", what);
	cr_expect_null(r);
	cr_expect_eq(n, 0);
}

/* Every prefix shorter than header + desc is refused; each is copied to
 * a buffer of exactly its size so that a sanitizer build sees overreads. */
Test(note, truncation)
{
	size_t size;
	uint8_t *p = encode_sample(&size);
	size_t desc = p[4] | p[5] << 8;
	for (size_t len = 0; len < NACRE_NOTE_DESC_OFFSET + desc; len++) {
		uint8_t *cut = malloc(len ? len : 1);
		memcpy(cut, p, len);
		expect_refused(cut, len, "a truncated note");
		free(cut);
	}
	free(p);
}

static uint8_t *mutated(size_t *size, size_t at, uint8_t v)
{
	uint8_t *p = encode_sample(size);
	p[at] = v;
	return p;
}

Test(note, bad_header)
{
	static const struct { size_t at; uint8_t v; const char *what; } cases[] = {
		{ 0, 5, "namesz 5" }, { 12, 'N', "name Nacre" }, { 8, 2, "type 2" },
		{ 7, 0x80, "descsz past the end" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t size;
		uint8_t *p = mutated(&size, cases[i].at, cases[i].v);
		expect_refused(p, size, cases[i].what);
		free(p);
	}
}

/* A desc whose NULs do not make whole KEY\0VALUE\0 pairs. */
static void expect_desc_refused(const char *desc, size_t n, const char *what)
{
	uint8_t buf[64] = { 6, 0, 0, 0, (uint8_t)n, 0, 0, 0, 1, 0, 0, 0, 'n', 'a', 'c', 'r', 'e', 0, 0, 0 };
	memcpy(buf + NACRE_NOTE_DESC_OFFSET, desc, n);
	expect_refused(buf, NACRE_NOTE_DESC_OFFSET + n, what);
}

Test(note, bad_records)
{
	expect_desc_refused("key\0value", 9, "an unterminated value");
	expect_desc_refused("key\0", 4, "a key without a value");
	expect_desc_refused("\0value\0", 7, "an empty key");
	expect_desc_refused("k\0v\0k2", 6, "an unterminated key");
}

/* Flipping any byte never makes the decoder read outside the note, and
 * what it accepts is still NUL-terminated inside the buffer. */
Test(note, mutations_stay_inside)
{
	size_t size;
	uint8_t *p = encode_sample(&size);
	for (size_t at = 0; at < size; at++)
		for (unsigned v = 0; v < 256; v += 51) {
			uint8_t *q = malloc(size);
			memcpy(q, p, size);
			q[at] = (uint8_t)v;
			RtNoteRecord *r;
			size_t n;
			const char *why;
			if (drv_note_decode(q, size, &r, &n, &why))
				for (size_t i = 0; i < n; i++) {
					cr_assert((const uint8_t *)r[i].value + strlen(r[i].value) < q + size);
					cr_assert((const uint8_t *)r[i].key + strlen(r[i].key) < q + size);
				}
			free(r);
			free(q);
		}
	free(p);
}

/* A linked component's section: each core module's bare target note,
 * then the build's; the build's is picked wherever it is, the first note
 * when none is a build's or the chain breaks first. */
Test(note, pick_build_note)
{
	size_t bare_size, build_size;
	uint8_t *bare = drv_note_encode(&(RtNoteRecord){ NACRE_NOTE_KEY_TARGET, "x86_64" }, 1, &bare_size);
	uint8_t *build = encode_sample(&build_size);
	cr_assert_not_null(bare);
	uint8_t *section = malloc(2 * bare_size + build_size);
	cr_assert_not_null(section);
	memcpy(section, bare, bare_size);
	memcpy(section + bare_size, bare, bare_size);
	memcpy(section + 2 * bare_size, build, build_size);
	cr_expect_eq(drv_note_pick(section, 2 * bare_size + build_size), 2 * bare_size);
	cr_expect_eq(drv_note_pick(section, 2 * bare_size), 0, "no build note: the first");
	cr_expect_eq(drv_note_pick(section + 2 * bare_size, build_size), 0, "the build note alone");
	section[bare_size + 4] = 0xff; /* the second note's desc runs past the end */
	cr_expect_eq(drv_note_pick(section, 2 * bare_size + build_size), 0, "a broken chain: the first");
	free(section);
	free(build);
	free(bare);
}
