/* frontend/reader.c: the bounded cursor every byte of input passes through.
 * LEB128 with the spec's exact rules (5.2.2: at most ceil(N/7) bytes, unused
 * bits zero or sign copies), fixed-width values, names checked as UTF-8.
 * The only file in the frontend that does byte arithmetic.
 */
#include "frontend.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fe_reader_init(Reader *r, const uint8_t *bytes, size_t size, DiagSink *diags)
{
	r->base = bytes;
	r->pos = 0;
	r->end = size;
	r->diags = diags;
	r->failed = false;
	r->eof_code = DIAG_UNEXPECTED_END;
}

void fe_reader_fail(Reader *r, DiagCode code, size_t offset, const char *detail, ...)
{
	if (r->failed)
		return; /* the first error is the one that counts */
	r->failed = true;
	char buf[DIAG_DETAIL_MAX];
	buf[0] = 0;
	if (detail) {
		va_list ap;
		va_start(ap, detail);
		vsnprintf(buf, sizeof buf, detail, ap);
		va_end(ap);
	}
	diag_report(r->diags, code, offset, DIAG_NO_FUNC, buf[0] ? "%s" : NULL, buf);
}

static bool need(Reader *r, size_t n)
{
	if (r->failed)
		return false;
	if (r->end - r->pos < n) {
		fe_reader_fail(r, r->eof_code, r->end, NULL);
		return false;
	}
	return true;
}

bool fe_reader_sub(Reader *r, size_t len, Reader *sub)
{
	if (r->failed)
		return false;
	if (r->end - r->pos < len) {
		fe_reader_fail(r, DIAG_LENGTH, r->pos, "%zu bytes declared, %zu left",
		               len, r->end - r->pos);
		return false;
	}
	*sub = *r;
	sub->end = r->pos + len;
	sub->eof_code = DIAG_UNEXPECTED_END_SECTION;
	return true;
}

bool fe_reader_peek(Reader *r, uint8_t *out)
{
	if (!need(r, 1))
		return false;
	*out = r->base[r->pos];
	return true;
}

bool fe_reader_u8_slow(Reader *r, uint8_t *out)
{
	if (!need(r, 1))
		return false;
	*out = r->base[r->pos++];
	return true;
}

/* Reads an N-bit LEB128.  The last permitted byte may use only the bits
 * left; the rest must be zero (unsigned) or copies of the sign bit. */
static bool leb(Reader *r, unsigned bits, bool is_signed, uint64_t *out)
{
	size_t start = r->pos;
	unsigned maxbytes = (bits + 6) / 7;
	uint64_t v = 0;
	for (unsigned i = 0; i < maxbytes; i++) {
		uint8_t b;
		if (!fe_reader_u8(r, &b))
			return false;
		unsigned shift = 7 * i;
		if (i == maxbytes - 1) {
			if (b & 0x80) {
				fe_reader_fail(r, DIAG_INT_TOO_LONG, start, NULL);
				return false;
			}
			unsigned used = bits - shift;          /* 1..7 value bits here */
			uint8_t rest = (uint8_t)(b & 0x7f) >> used;
			uint8_t mask = (uint8_t)(0x7f >> used);
			bool neg = is_signed && (b >> (used - 1)) & 1;
			if (rest != (neg ? mask : 0)) {
				fe_reader_fail(r, DIAG_INT_TOO_LARGE, start, NULL);
				return false;
			}
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			unsigned total = shift + 7;
			if (is_signed && total < 64 && (b & 0x40))
				v |= ~(uint64_t)0 << total;
			*out = v;
			return true;
		}
	}
	return false; /* unreachable: the last byte returns above */
}

bool fe_reader_u32_slow(Reader *r, uint32_t *out)
{
	uint64_t v;
	if (!leb(r, 32, false, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

bool fe_reader_u64(Reader *r, uint64_t *out)
{
	return leb(r, 64, false, out);
}

bool fe_reader_s32(Reader *r, int32_t *out)
{
	uint64_t v;
	if (!leb(r, 32, true, &v))
		return false;
	*out = (int32_t)(uint32_t)v;
	return true;
}

bool fe_reader_s33(Reader *r, int64_t *out)
{
	uint64_t v;
	if (!leb(r, 33, true, &v))
		return false;
	*out = (int64_t)v;
	return true;
}

bool fe_reader_s64(Reader *r, int64_t *out)
{
	uint64_t v;
	if (!leb(r, 64, true, &v))
		return false;
	*out = (int64_t)v;
	return true;
}

bool fe_reader_fixed32(Reader *r, uint32_t *out)
{
	if (!need(r, 4))
		return false;
	const uint8_t *p = r->base + r->pos;
	*out = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	r->pos += 4;
	return true;
}

bool fe_reader_fixed64(Reader *r, uint64_t *out)
{
	uint32_t lo, hi;
	if (!fe_reader_fixed32(r, &lo) || !fe_reader_fixed32(r, &hi))
		return false;
	*out = (uint64_t)hi << 32 | lo;
	return true;
}

bool fe_reader_bytes(Reader *r, size_t n, const uint8_t **out)
{
	if (r->failed)
		return false;
	if (r->end - r->pos < n) {
		fe_reader_fail(r, r->eof_code, r->end, "%zu bytes needed, %zu left", n, r->end - r->pos);
		return false;
	}
	*out = r->base + r->pos;
	r->pos += n;
	return true;
}

bool fe_reader_count(Reader *r, size_t min_size, uint32_t *out)
{
	size_t at = r->pos;
	if (!fe_reader_u32(r, out))
		return false;
	size_t left = r->end - r->pos;
	if (min_size && *out > left / min_size) {
		fe_reader_fail(r, r->eof_code, at, "count %u needs at least %zu bytes, %zu left",
		               *out, (size_t)*out * min_size, left);
		return false;
	}
	return true;
}

/* UTF-8 as the spec defines it (5.2.4): shortest form, no surrogates, at
 * most U+10FFFF. */
bool fe_utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t b = p[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		unsigned len;
		uint32_t cp, min;
		if ((b & 0xe0) == 0xc0)
			len = 2, cp = b & 0x1f, min = 0x80;
		else if ((b & 0xf0) == 0xe0)
			len = 3, cp = b & 0x0f, min = 0x800;
		else if ((b & 0xf8) == 0xf0)
			len = 4, cp = b & 0x07, min = 0x10000;
		else
			return false;
		if (n - i < len)
			return false;
		for (unsigned k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

bool fe_reader_name(Reader *r, IrName *out)
{
	uint32_t len;
	const uint8_t *p;
	size_t at;
	if (!fe_reader_u32(r, &len))
		return false;
	at = r->pos;
	if (r->end - r->pos < len) {
		fe_reader_fail(r, DIAG_LENGTH, at, "name of %u bytes, %zu left", len, r->end - r->pos);
		return false;
	}
	if (!fe_reader_bytes(r, len, &p))
		return false;
	if (!fe_utf8_valid(p, len)) {
		fe_reader_fail(r, DIAG_UTF8, at, NULL);
		return false;
	}
	out->p = (const char *)p;
	out->len = len;
	return true;
}
