/* frontend/text/string.c: string literals (spec 6.3.3) and names (6.3.4).
 * The lexer scans a string once to check it and find its end, then
 * decodes it only when it has escapes; everything else points into the
 * source.  Also the strict UTF-8 check the lexer applies to comments and
 * strings, since source text must be UTF-8 (6.2.1).
 */
#include "text.h"

/* The ranges of Unicode's table 3-7: no overlong forms, no surrogates,
 * nothing beyond U+10FFFF.  Indexed by lead byte: sequence length, and the
 * bounds of the second byte. */
size_t tx_utf8_len(const uint8_t *p, size_t n)
{
	uint8_t b = p[0];
	if (b < 0x80)
		return 1;
	size_t len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
	uint8_t lo = 0x80, hi = 0xbf;
	if (b < 0xc2 || b > 0xf4)
		return 0;
	if (b == 0xe0)
		lo = 0xa0;
	else if (b == 0xed)
		hi = 0x9f;
	else if (b == 0xf0)
		lo = 0x90;
	else if (b == 0xf4)
		hi = 0x8f;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

bool tx_name_valid(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = tx_utf8_len(p + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

int tx_hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t utf8_size(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* \u{hexnum} at src[pos] (the 'u'): the code point, and where it ends;
 * -1 when malformed or not a scalar value.  '_' separates digits as in
 * hexnum.  The value saturates so that a long run of digits cannot wrap. */
static int64_t unicode_escape(const uint8_t *src, size_t len, size_t pos, size_t *end)
{
	size_t i = pos + 1;
	if (i >= len || src[i] != '{')
		return -1;
	i++;
	int64_t cp = 0;
	size_t digits = 0;
	for (; i < len && src[i] != '}'; i++) {
		int h = tx_hexval(src[i]);
		if (h >= 0) {
			cp = cp > 0x10ffff ? cp : cp * 16 + h;
			digits++;
		} else if (src[i] != '_' || !digits || i + 1 >= len || tx_hexval(src[i + 1]) < 0) {
			return -1;
		}
	}
	if (i >= len || !digits || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return -1;
	*end = i + 1;
	return cp;
}

static const struct {
	uint8_t c, byte;
} simple_escapes[] = {
	{ 't', '\t' }, { 'n', '\n' }, { 'r', '\r' }, { '"', '"' }, { '\'', '\'' }, { '\\', '\\' },
};

static int simple_escape(uint8_t c)
{
	for (size_t i = 0; i < sizeof simple_escapes / sizeof simple_escapes[0]; i++)
		if (simple_escapes[i].c == c)
			return simple_escapes[i].byte;
	return -1;
}

/* One escape at src[pos] (the backslash): its end and decoded size. */
static bool escape(const uint8_t *src, size_t len, size_t pos, size_t *end, size_t *bytes)
{
	if (pos + 1 >= len)
		return false;
	uint8_t c = src[pos + 1];
	if (simple_escape(c) >= 0) {
		*end = pos + 2, *bytes = 1;
		return true;
	}
	if (c == 'u') {
		int64_t cp = unicode_escape(src, len, pos + 1, end);
		*bytes = cp < 0 ? 0 : utf8_size((uint32_t)cp);
		return cp >= 0;
	}
	if (pos + 2 < len && tx_hexval(c) >= 0 && tx_hexval(src[pos + 2]) >= 0) {
		*end = pos + 3, *bytes = 1;
		return true;
	}
	return false;
}

static void fail(TxStringScan *s, DiagCode code, size_t at)
{
	s->error = code;
	s->error_at = at;
}

/* A raw character inside the quotes: printable, not DEL, UTF-8 (6.3.3).
 * A line break or the end of input means the closing quote is missing. */
static size_t plain_char(const uint8_t *src, size_t len, size_t i, TxStringScan *s)
{
	uint8_t c = src[i];
	if (c == '\n' || c == '\r') {
		fail(s, DIAG_TEXT_UNCLOSED_STRING, i);
		return 0;
	}
	if (c < 0x20 || c == 0x7f) {
		fail(s, DIAG_TEXT_ILLEGAL_CHAR, i);
		return 0;
	}
	size_t k = tx_utf8_len(src + i, len - i);
	if (!k)
		fail(s, DIAG_UTF8, i);
	return k;
}

void tx_string_scan(const uint8_t *src, size_t len, size_t pos, TxStringScan *s)
{
	*s = (TxStringScan){ .error = DIAG_NONE };
	size_t i = pos + 1;
	while (i < len && src[i] != '"') {
		if (src[i] == '\\') {
			size_t end, bytes;
			if (!escape(src, len, i, &end, &bytes)) {
				fail(s, i + 1 >= len ? DIAG_TEXT_UNCLOSED_STRING : DIAG_TEXT_ILLEGAL_ESCAPE, i);
				return;
			}
			s->escaped = true;
			s->bytes += bytes;
			i = end;
			continue;
		}
		size_t k = plain_char(src, len, i, s);
		if (!k)
			return;
		s->bytes += k;
		i += k;
	}
	if (i >= len) {
		fail(s, DIAG_TEXT_UNCLOSED_STRING, pos);
		return;
	}
	s->end = i + 1;
}

static size_t put_utf8(uint32_t cp, uint8_t *out)
{
	size_t n = utf8_size(cp);
	static const uint8_t lead[] = { 0, 0, 0xc0, 0xe0, 0xf0 };
	for (size_t k = n - 1; k > 0; k--, cp >>= 6)
		out[k] = 0x80 | (cp & 0x3f);
	out[0] = (uint8_t)(lead[n] | cp);
	return n;
}

/* Only after a clean scan: every escape is known to be well formed. */
void tx_string_decode(const uint8_t *src, size_t pos, const TxStringScan *s, uint8_t *out)
{
	size_t i = pos + 1, o = 0, end = s->end - 1;
	while (i < end) {
		if (src[i] != '\\') {
			out[o++] = src[i++];
			continue;
		}
		uint8_t c = src[i + 1];
		int simple = simple_escape(c);
		if (simple >= 0) {
			out[o++] = (uint8_t)simple;
			i += 2;
		} else if (c == 'u') {
			size_t next;
			int64_t cp = unicode_escape(src, end, i + 1, &next);
			o += put_utf8((uint32_t)cp, out + o);
			i = next;
		} else {
			out[o++] = (uint8_t)(tx_hexval(c) * 16 + tx_hexval(src[i + 2]));
			i += 3;
		}
	}
}
