/* wast/wire.c: the encoding of the protocol between the engine
 * and nacre-wast-target (wire.h): escaped names and messages, and
 * values as their type and bits, so that both sides see the same bits
 * whatever the architecture.
 */
#include "wire.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	uint8_t type;
	unsigned bytes; /* of the bits sent; 0: a pointer */
} types[] = {
	{ "i32", NACRE_I32, 4 }, { "i64", NACRE_I64, 8 }, { "f32", NACRE_F32, 4 },
	{ "f64", NACRE_F64, 8 }, { "v128", NACRE_V128, 16 }, { "funcref", NACRE_FUNCREF, 0 },
	{ "externref", NACRE_EXTERNREF, 0 },
};

enum { NTYPES = sizeof types / sizeof types[0] };

static int type_index(uint8_t type)
{
	for (int i = 0; i < NTYPES; i++)
		if (types[i].type == type)
			return i;
	return -1;
}

const char *spec_type_name(uint8_t type)
{
	int i = type_index(type);
	return i < 0 ? "?" : types[i].name;
}

static const char hexdigits[] = "0123456789abcdef";

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Spaces, control bytes, bytes past ASCII and '%' become %XX; the empty
 * string is "%" alone, so that it still makes a field. */
bool spec_wire_escape(const char *s, size_t n, char *out, size_t len)
{
	size_t o = strlen(out);
	if (n == 0) {
		if (o + 2 > len)
			return false;
		memcpy(out + o, "%", 2);
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool plain = ch > ' ' && ch < 0x7f && ch != '%';
		if (o + (plain ? 1 : 3) + 1 > len) {
			out[o] = 0;
			return false;
		}
		if (plain) {
			out[o++] = (char)ch;
		} else {
			out[o++] = '%';
			out[o++] = hexdigits[ch >> 4];
			out[o++] = hexdigits[ch & 15];
		}
	}
	out[o] = 0;
	return true;
}

size_t spec_wire_unescape(char *s)
{
	size_t o = 0;
	for (size_t i = 0; s[i]; i++) {
		int hi, lo;
		if (s[i] == '%' && (hi = hexval(s[i + 1])) >= 0 && (lo = hexval(s[i + 2])) >= 0) {
			s[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] != '%' || s[i + 1]) { /* a lone "%" is the empty string */
			s[o++] = s[i];
		}
	}
	s[o] = 0;
	return o;
}

void spec_wire_value_put(uint8_t type, const NacreValue *v, char *out)
{
	int t = type_index(type);
	if (t < 0) {
		strcpy(out, "?:0");
		return;
	}
	size_t o = strlen(types[t].name);
	memcpy(out, types[t].name, o);
	out[o++] = ':';
	uint64_t bits;
	unsigned digits;
	switch (types[t].bytes) {
	case 16:
		for (unsigned i = 0; i < 16; i++) {
			out[o++] = hexdigits[v->v128[i] >> 4];
			out[o++] = hexdigits[v->v128[i] & 15];
		}
		out[o] = 0;
		return;
	case 4:
		bits = (uint32_t)v->i32, digits = 8;
		break;
	case 8:
		bits = (uint64_t)v->i64, digits = 16;
		break;
	default:
		bits = (uintptr_t)v->ref, digits = 16;
		break;
	}
	for (unsigned i = digits; i-- > 0;)
		out[o++] = hexdigits[(bits >> (4 * i)) & 15];
	out[o] = 0;
}

/* Exactly `digits` hex digits, then the end of s. */
static bool hex_bits(const char *s, unsigned digits, uint64_t *out)
{
	uint64_t bits = 0;
	for (unsigned i = 0; i < digits; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return false;
		bits = bits << 4 | (unsigned)d;
	}
	*out = bits;
	return s[digits] == 0;
}

bool spec_wire_value_get(const char *s, uint8_t *type, NacreValue *v)
{
	const char *colon = strchr(s, ':');
	int t = -1;
	for (int i = 0; colon && i < NTYPES; i++)
		if (strlen(types[i].name) == (size_t)(colon - s) && memcmp(s, types[i].name, (size_t)(colon - s)) == 0)
			t = i;
	if (t < 0)
		return false;
	*type = types[t].type;
	*v = (NacreValue){0};
	const char *h = colon + 1;
	uint64_t bits;
	switch (types[t].bytes) {
	case 16:
		for (unsigned i = 0; i < 16; i++) {
			int hi = hexval(h[2 * i]), lo = hi < 0 ? -1 : hexval(h[2 * i + 1]);
			if (lo < 0)
				return false;
			v->v128[i] = (uint8_t)(hi << 4 | lo);
		}
		return h[32] == 0;
	case 4:
		if (!hex_bits(h, 8, &bits))
			return false;
		v->i32 = (int32_t)(uint32_t)bits;
		return true;
	case 8:
		if (!hex_bits(h, 16, &bits))
			return false;
		v->i64 = (int64_t)bits;
		return true;
	default:
		if (!hex_bits(h, 16, &bits) || bits > UINTPTR_MAX)
			return false;
		v->ref = (void *)(uintptr_t)bits;
		return true;
	}
}

int spec_wire_split(char *line, char **f, int nf)
{
	int n = 0;
	char *p = line;
	while (*p && n < nf) {
		f[n++] = p;
		char *sp = strchr(p, ' ');
		if (!sp)
			break;
		*sp = 0;
		p = sp + 1;
	}
	return n;
}
