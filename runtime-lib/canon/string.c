/* runtime-lib/canon/string.c: strings between guest memory, in the
 * instance's encoding (utf8, utf16 or latin1+utf16), and host strings,
 * always UTF-8.  Loading validates and transcodes (CanonicalABI.md
 * load_string_from_range: ill-formed input traps); storing follows
 * store_string_into_range's allocation scheme for a UTF-8 source.
 */
#include <string.h>

#include "rt_canon.h"

enum { MAX_STRING_BYTES = (1 << 28) - 1 };
#define UTF16_TAG 0x80000000u

/* One code point at *i, or UINT32_MAX if ill-formed (overlong forms,
 * surrogates and values past 0x10ffff included). */
uint32_t rt_canon_utf8_next(const uint8_t *s, size_t n, size_t *i)
{
	static const uint32_t min[4] = { 0, 0x80, 0x800, 0x10000 };
	uint8_t b = s[(*i)++];
	unsigned more = b < 0x80 ? 0 : b >= 0xc0 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf8 ? 3 : 4;
	if (more == 4 || more > n - *i)
		return UINT32_MAX;
	uint32_t cp = more ? b & (0x3f >> more) : b;
	for (unsigned k = 0; k < more; k++) {
		uint8_t c = s[(*i)++];
		if ((c & 0xc0) != 0x80)
			return UINT32_MAX;
		cp = cp << 6 | (c & 0x3f);
	}
	if (cp < min[more] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return UINT32_MAX;
	return cp;
}

/* ASCII runs are skipped eight bytes at a time: most strings are. */
bool rt_canon_utf8_valid(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint64_t w;
		if (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull))) {
			i += 8;
			continue;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (rt_canon_utf8_next(s, n, &i) == UINT32_MAX)
			return false;
	}
	return true;
}

static size_t put_utf8(uint8_t *d, uint32_t cp)
{
	if (cp < 0x80)
		return d[0] = (uint8_t)cp, 1;
	if (cp < 0x800)
		return d[0] = (uint8_t)(0xc0 | cp >> 6), d[1] = (uint8_t)(0x80 | (cp & 0x3f)), 2;
	if (cp < 0x10000) {
		d[0] = (uint8_t)(0xe0 | cp >> 12);
		d[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		d[2] = (uint8_t)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (uint8_t)(0xf0 | cp >> 18);
	d[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
	d[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
	d[3] = (uint8_t)(0x80 | (cp & 0x3f));
	return 4;
}

static uint16_t unit(const uint8_t *p, size_t i)
{
	return (uint16_t)(p[2 * i] | p[2 * i + 1] << 8);
}

/* Strict UTF-16LE to UTF-8: an unpaired surrogate fails. */
static bool utf16_to_utf8(RtCanonCx *cx, const uint8_t *src, size_t units, RtCanonVal *out)
{
	uint8_t *d = rt_canon_arena_alloc(cx->arena, units * 3 + 1);
	size_t n = 0;
	if (!d)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	for (size_t i = 0; i < units; i++) {
		uint32_t cp = unit(src, i);
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return rt_canon_fail(cx, RT_CANON_E_UTF16);
		if (cp >= 0xd800 && cp <= 0xdbff) {
			uint32_t lo = i + 1 < units ? unit(src, i + 1) : 0;
			if (lo < 0xdc00 || lo > 0xdfff)
				return rt_canon_fail(cx, RT_CANON_E_UTF16);
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		}
		n += put_utf8(d + n, cp);
	}
	out->str.ptr = (const char *)d;
	out->str.len = (uint32_t)n;
	return true;
}

static bool latin1_to_utf8(RtCanonCx *cx, const uint8_t *src, size_t n, RtCanonVal *out)
{
	uint8_t *d = rt_canon_arena_alloc(cx->arena, n * 2 + 1);
	size_t len = 0;
	if (!d)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	for (size_t i = 0; i < n; i++)
		len += put_utf8(d + len, src[i]);
	out->str.ptr = (const char *)d;
	out->str.len = (uint32_t)len;
	return true;
}

static bool utf8_copy(RtCanonCx *cx, const uint8_t *src, size_t n, RtCanonVal *out)
{
	if (!rt_canon_utf8_valid(src, n))
		return rt_canon_fail(cx, RT_CANON_E_UTF8);
	uint8_t *d = rt_canon_arena_alloc(cx->arena, n + 1);
	if (!d)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	memcpy(d, src, n);
	out->str.ptr = (const char *)d;
	out->str.len = (uint32_t)n;
	return true;
}

bool rt_canon_load_string(RtCanonCx *cx, uint32_t ptr, uint32_t tagged_units, RtCanonVal *out)
{
	uint8_t enc = cx->opts->encoding;
	bool utf16 = enc == NACRE_CANON_UTF16 || (enc == NACRE_CANON_LATIN1_UTF16 && (tagged_units & UTF16_TAG));
	uint64_t units = enc == NACRE_CANON_LATIN1_UTF16 ? tagged_units & ~UTF16_TAG : tagged_units;
	uint64_t bytes = utf16 ? 2 * units : units;
	if (bytes > MAX_STRING_BYTES)
		return rt_canon_fail(cx, RT_CANON_E_LENGTH);
	if (!rt_canon_mem_check(cx, ptr, bytes, enc == NACRE_CANON_UTF8 ? 1 : 2))
		return false;
	const uint8_t *src = rt_canon_mem_at(cx, ptr);
	if (utf16)
		return utf16_to_utf8(cx, src, units, out);
	if (enc == NACRE_CANON_LATIN1_UTF16)
		return latin1_to_utf8(cx, src, units, out);
	return utf8_copy(cx, src, units, out);
}

/* store_string_copy from UTF-8 to UTF-8. */
static bool store_utf8(RtCanonCx *cx, const uint8_t *s, uint32_t n, uint32_t *ptr, uint32_t *units)
{
	if (!rt_canon_realloc(cx, 0, 0, 1, n, ptr))
		return false;
	if (n)
		memcpy(rt_canon_mem_at(cx, *ptr), s, n);
	*units = n;
	return true;
}

/* Writes UTF-8 s as UTF-16LE at d; returns the units written. */
static uint32_t put_utf16(uint8_t *d, const uint8_t *s, uint32_t n)
{
	uint32_t u = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp = rt_canon_utf8_next(s, n, &i);
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint16_t hi = (uint16_t)(0xd800 | v >> 10), lo = (uint16_t)(0xdc00 | (v & 0x3ff));
			d[2 * u] = (uint8_t)hi, d[2 * u + 1] = (uint8_t)(hi >> 8), u++;
			cp = lo;
		}
		d[2 * u] = (uint8_t)cp, d[2 * u + 1] = (uint8_t)(cp >> 8), u++;
	}
	return u;
}

/* store_utf8_to_utf16: worst case 2 bytes a UTF-8 byte, then shrink. */
static bool store_utf16(RtCanonCx *cx, const uint8_t *s, uint32_t n, uint32_t *ptr, uint32_t *units)
{
	uint32_t worst = 2 * n;
	if (!rt_canon_realloc(cx, 0, 0, 2, worst, ptr))
		return false;
	uint32_t u = put_utf16(rt_canon_mem_at(cx, *ptr), s, n);
	if (2 * u < worst && !rt_canon_realloc(cx, *ptr, worst, 2, 2 * u, ptr))
		return false;
	*units = u;
	return true;
}

/* store_string_to_latin1_or_utf16: Latin-1 while it fits, else inflate
 * what was written in place and go on in UTF-16. */
static bool store_latin1_utf16(RtCanonCx *cx, const uint8_t *s, uint32_t n, uint32_t *ptr, uint32_t *units)
{
	if (!rt_canon_realloc(cx, 0, 0, 2, n, ptr))
		return false;
	uint32_t len = 0;
	for (size_t i = 0; i < n;) {
		size_t at = i;
		uint32_t cp = rt_canon_utf8_next(s, n, &i);
		if (cp < 0x100) {
			rt_canon_mem_at(cx, *ptr)[len++] = (uint8_t)cp;
			continue;
		}
		uint32_t worst = 2 * n;
		if (!rt_canon_realloc(cx, *ptr, n, 2, worst, ptr))
			return false;
		uint8_t *d = rt_canon_mem_at(cx, *ptr);
		for (uint32_t j = len; j-- > 0;)
			d[2 * j] = d[j], d[2 * j + 1] = 0;
		uint32_t u = len + put_utf16(d + 2 * len, s + at, (uint32_t)(n - at));
		if (2 * u < worst && !rt_canon_realloc(cx, *ptr, worst, 2, 2 * u, ptr))
			return false;
		*units = u | UTF16_TAG;
		return true;
	}
	if (len < n && !rt_canon_realloc(cx, *ptr, n, 2, len, ptr))
		return false;
	*units = len;
	return true;
}

bool rt_canon_store_string(RtCanonCx *cx, const RtCanonVal *v, uint32_t *ptr, uint32_t *units)
{
	const uint8_t *s = (const uint8_t *)v->str.ptr;
	uint32_t n = v->str.len;
	if ((n && !s) || n > MAX_STRING_BYTES || !rt_canon_utf8_valid(s, n))
		return rt_canon_fail(cx, RT_CANON_E_HOST_VALUE);
	switch (cx->opts->encoding) {
	case NACRE_CANON_UTF16: return store_utf16(cx, s, n, ptr, units);
	case NACRE_CANON_LATIN1_UTF16: return store_latin1_utf16(cx, s, n, ptr, units);
	default: return store_utf8(cx, s, n, ptr, units);
	}
}
