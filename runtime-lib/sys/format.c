/* runtime-lib/sys/format.c: rt_sys_vformat for the freestanding runtime,
 * snprintf's contract for the conversions the runtime uses: %s, %.*s,
 * %c, %d, %u, %x, with the l, ll and z length modifiers.
 */
#include "sys.h"

typedef struct Out { char *buf; size_t cap, len; } Out;

static void put(Out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void put_unsigned(Out *o, uint64_t v, unsigned base)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(o, digits[--n]);
}

static void put_string(Out *o, const char *s, int prec)
{
	if (!s)
		s = "(null)";
	for (int i = 0; s[i] && (prec < 0 || i < prec); i++)
		put(o, s[i]);
}

/* One conversion after its '%'; returns the rest of the format. */
static const char *convert(Out *o, const char *f, va_list *ap)
{
	int prec = -1, longs = 0;
	if (f[0] == '.' && f[1] == '*')
		prec = va_arg(*ap, int), f += 2;
	for (; *f == 'l' || *f == 'z'; f++)
		longs++;
	switch (*f) {
	case 's': put_string(o, va_arg(*ap, const char *), prec); break;
	case 'c': put(o, (char)va_arg(*ap, int)); break;
	case 'd': {
		int64_t v = longs ? va_arg(*ap, long) : va_arg(*ap, int);
		if (v < 0)
			put(o, '-');
		put_unsigned(o, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10);
		break;
	}
	case 'u':
	case 'x': {
		uint64_t v = longs ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
		put_unsigned(o, v, *f == 'x' ? 16 : 10);
		break;
	}
	case '%': put(o, '%'); break;
	default: return f; /* unsupported: printed as is */
	}
	return f + 1;
}

int rt_sys_vformat(char *buf, size_t n, const char *fmt, va_list ap)
{
	Out o = { buf, n, 0 };
	va_list cp;
	va_copy(cp, ap);
	while (*fmt) {
		if (*fmt != '%')
			put(&o, *fmt++);
		else
			fmt = convert(&o, fmt + 1, &cp);
	}
	va_end(cp);
	if (n)
		buf[o.len < n ? o.len : n - 1] = 0;
	return (int)o.len;
}
