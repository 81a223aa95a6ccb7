/* frontend/text/number.c: which numeric token a run of idchars is (spec
 * 6.3.1 integers, 6.3.2 floats).  The lexer uses it to classify tokens;
 * literal.c uses the spans it finds to compute values.  Digits may be
 * separated by single underscores, never leading or trailing.
 */
#include "text.h"

#include <string.h>

static bool is_digit(char c, bool hex)
{
	if (c >= '0' && c <= '9')
		return true;
	return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

/* num or hexnum from s[i]: where it ends, or i when there is none. */
static size_t digits(const char *s, size_t n, size_t i, bool hex)
{
	if (i >= n || !is_digit(s[i], hex))
		return i;
	i++;
	while (i < n) {
		if (is_digit(s[i], hex))
			i++;
		else if (s[i] == '_' && i + 1 < n && is_digit(s[i + 1], hex))
			i += 2;
		else
			break;
	}
	return i;
}

static bool is(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* inf, nan, nan:0x<hexnum> after the sign. */
static bool special(const char *s, size_t n, TxNumber *out)
{
	if (is(s, n, "inf") || is(s, n, "nan")) {
		out->form = s[0] == 'i' ? TX_FLOAT_INF : TX_FLOAT_NAN;
		return true;
	}
	if (n <= 6 || memcmp(s, "nan:0x", 6) != 0 || digits(s, n, 6, true) != n)
		return false;
	out->form = TX_FLOAT_NAN_PAYLOAD;
	out->hex = true;
	out->digits = s + 6;
	out->ndigits = n - 6;
	return true;
}

/* The fraction and exponent after the integer part at s[i]; true when
 * they reach the end.  *frac says whether there were any. */
static bool float_tail(const char *s, size_t n, size_t i, bool hex, bool *frac)
{
	*frac = false;
	if (i < n && s[i] == '.') {
		i = digits(s, n, i + 1, hex);
		*frac = true;
	}
	char e = hex ? 'p' : 'e';
	if (i < n && (s[i] == e || s[i] == e - 32)) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t end = digits(s, n, i, false);
		if (end == i)
			return false;
		i = end;
		*frac = true;
	}
	return i == n;
}

void tx_number_scan(const char *text, size_t len, TxNumber *out)
{
	*out = (TxNumber){ .kind = TX_RESERVED };
	bool sign = len && (text[0] == '+' || text[0] == '-');
	const char *s = text + sign;
	size_t n = len - sign;
	out->negative = sign && text[0] == '-';
	if (n && special(s, n, out)) {
		out->kind = TX_FLOAT;
		return;
	}
	bool hex = n > 2 && s[0] == '0' && s[1] == 'x';
	size_t start = hex ? 2 : 0, end = digits(s, n, start, hex);
	bool frac;
	if (end == start || !float_tail(s, n, end, hex, &frac))
		return;
	out->hex = hex;
	out->digits = s + start;
	out->ndigits = end - start;
	out->body = s;
	out->nbody = n;
	out->form = TX_FLOAT_FINITE;
	out->kind = frac ? TX_FLOAT : sign ? TX_INT : TX_NAT;
}
