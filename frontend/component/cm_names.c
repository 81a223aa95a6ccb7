/* frontend/component/cm_names.c: the name rules of the component model:
 * kebab-case labels, plain names with [constructor]/[method]/[static]
 * annotations, interface names `ns:pkg/iface@version` (semver), the
 * import-only forms (url=, integrity=, locked-dep=, unlocked-dep=), and
 * which pairs of names may not share a scope. */
#include "cm.h"

#include <ctype.h>
#include <string.h>

typedef struct Cursor {
	const char *p, *end;
} Cursor;

static bool lower_frag(const char *p, const char *e)
{
	for (; p < e; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p)))
			return false;
	return true;
}

static bool upper_frag(const char *p, const char *e)
{
	for (; p < e; p++)
		if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p)))
			return false;
	return true;
}

/* fragments joined by '-': each all lower case or all upper case (digits
 * anywhere); the first starts with a letter.  lower_only for packages. */
static bool label_in(const char *p, const char *end, bool lower_only)
{
	if (p == end || !isalpha((unsigned char)*p))
		return false;
	while (p < end) {
		const char *e = memchr(p, '-', (size_t)(end - p));
		if (!e)
			e = end;
		if (e == p || !(lower_frag(p, e) || (!lower_only && upper_frag(p, e))))
			return false;
		p = e < end ? e + 1 : e;
		if (p == end && e < end)
			return false; /* trailing '-' */
	}
	return true;
}

bool cm_label_valid(IrName n)
{
	return label_in(n.p, n.p + n.len, false);
}

static bool starts(IrName n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n.len >= k && memcmp(n.p, prefix, k) == 0;
}

/* R.m after an annotation: two labels. */
static bool dotted(const char *p, const char *end)
{
	const char *dot = memchr(p, '.', (size_t)(end - p));
	return dot && label_in(p, dot, false) && label_in(dot + 1, end, false);
}

static bool plain_valid(IrName n)
{
	const char *end = n.p + n.len;
	if (starts(n, "[constructor]"))
		return label_in(n.p + 13, end, false);
	if (starts(n, "[method]"))
		return dotted(n.p + 8, end);
	if (starts(n, "[static]"))
		return dotted(n.p + 8, end);
	return cm_label_valid(n);
}

static bool numeric(const char *p, const char *e, bool no_leading_zero)
{
	if (p == e)
		return false;
	for (const char *q = p; q < e; q++)
		if (!isdigit((unsigned char)*q))
			return false;
	return !no_leading_zero || e - p == 1 || *p != '0';
}

/* dot-separated identifiers of [0-9A-Za-z-], none empty. */
static bool idents(const char *p, const char *e, bool pre)
{
	while (true) {
		const char *d = memchr(p, '.', (size_t)(e - p));
		const char *s = d ? d : e;
		if (s == p)
			return false;
		bool digits = true;
		for (const char *q = p; q < s; q++) {
			if (!isalnum((unsigned char)*q) && *q != '-')
				return false;
			digits &= isdigit((unsigned char)*q) != 0;
		}
		if (pre && digits && !numeric(p, s, true))
			return false;
		if (!d)
			return true;
		p = d + 1;
	}
}

static bool semver_valid(const char *p, const char *e)
{
	const char *plus = memchr(p, '+', (size_t)(e - p));
	const char *core_end = plus ? plus : e;
	const char *dash = memchr(p, '-', (size_t)(core_end - p));
	const char *num_end = dash ? dash : core_end;
	for (int i = 0; i < 3; i++) {
		const char *d = i < 2 ? memchr(p, '.', (size_t)(num_end - p)) : num_end;
		if (!d || !numeric(p, d, true))
			return false;
		p = d + 1;
	}
	if (p - 1 != num_end)
		return false;
	if (dash && !idents(dash + 1, core_end, true))
		return false;
	return !plus || idents(plus + 1, e, false);
}

/* ns:pkg/iface(@version)? */
static bool interface_valid(IrName n, const char **why)
{
	const char *p = n.p, *end = n.p + n.len;
	const char *colon = memchr(p, ':', n.len);
	const char *slash = colon ? memchr(colon, '/', (size_t)(end - colon)) : NULL;
	const char *at = slash ? memchr(slash, '@', (size_t)(end - slash)) : NULL;
	*why = "is not a valid interface name";
	if (!colon || !slash)
		return false;
	if (!label_in(p, colon, true) || !label_in(colon + 1, slash, true)) {
		*why = "namespace and package must be lower-case kebab labels (one `:` and one `/`)";
		return false;
	}
	const char *iend = at ? at : end;
	if (!label_in(slash + 1, iend, false)) {
		*why = "interface is not in kebab case";
		return false;
	}
	if (at && !semver_valid(at + 1, end)) {
		*why = "is not a valid semver version";
		return false;
	}
	return true;
}

/* ns:pkg, both lower-case labels. */
static bool pkg_valid(const char *p, const char *e)
{
	const char *colon = memchr(p, ':', (size_t)(e - p));
	return colon && label_in(p, colon, true) && label_in(colon + 1, e, true);
}

static bool is_base64(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '/';
}

/* sha256|sha384|sha512 '-' base64 ('?' options)? */
static bool hash_expr_valid(const char *p, const char *e)
{
	static const char *const algos[] = { "sha256-", "sha384-", "sha512-" };
	bool known = false;
	for (int i = 0; i < 3 && !known; i++)
		if (e - p >= 7 && memcmp(p, algos[i], 7) == 0)
			known = true;
	if (!known)
		return false;
	p += 7;
	const char *q = memchr(p, '?', (size_t)(e - p));
	const char *v = q ? q : e, *pad = p;
	while (pad < v && is_base64(*pad))
		pad++;
	if (pad == p || v - pad > 2)
		return false;
	for (const char *c = pad; c < v; c++)
		if (*c != '=')
			return false;
	return true;
}

/* integrity metadata: hash expressions separated by spaces, at least one. */
static bool integrity_valid(const char *p, const char *e)
{
	int n = 0;
	while (p < e) {
		while (p < e && *p == ' ')
			p++;
		const char *w = p;
		while (p < e && *p != ' ')
			p++;
		if (w < p) {
			if (!hash_expr_valid(w, p))
				return false;
			n++;
		}
	}
	return n > 0;
}

/* After prefix: "<...>" then optionally ",integrity=<...>" (when allowed). */
static bool angle(IrName n, size_t k, bool hash_ok, const char **in, const char **in_end)
{
	const char *p = n.p + k, *end = n.p + n.len;
	if (p == end || *p != '<')
		return false;
	const char *close = memchr(p, '>', (size_t)(end - p));
	if (!close || memchr(p + 1, '<', (size_t)(close - p - 1)))
		return false;
	*in = p + 1;
	*in_end = close;
	const char *rest = close + 1;
	if (rest == end)
		return true;
	if (!hash_ok || *rest != ',')
		return false;
	IrName h = { rest + 1, (uint32_t)(end - rest - 1) };
	const char *hp, *he;
	return starts(h, "integrity=") && angle(h, 10, false, &hp, &he) && integrity_valid(hp, he);
}

/* {>=V}, {<V}, {>=V <V} or '*' */
static bool range_valid(const char *p, const char *e)
{
	if (e - p == 1 && *p == '*')
		return true;
	if (e - p < 2 || *p != '{' || e[-1] != '}')
		return false;
	p++, e--;
	const char *sp = memchr(p, ' ', (size_t)(e - p));
	if (e - p >= 2 && memcmp(p, ">=", 2) == 0) {
		if (!sp)
			return semver_valid(p + 2, e);
		return semver_valid(p + 2, sp) && e - sp > 2 && sp[1] == '<' && semver_valid(sp + 2, e);
	}
	return p < e && *p == '<' && !sp && semver_valid(p + 1, e);
}

static bool dep_valid(const char *p, const char *e, bool locked)
{
	const char *at = memchr(p, '@', (size_t)(e - p));
	if (!pkg_valid(p, at ? at : e))
		return false;
	if (!at)
		return true;
	return locked ? semver_valid(at + 1, e) : range_valid(at + 1, e);
}

/* the import-only forms: url=, integrity=, locked-dep=, unlocked-dep= */
static bool import_only_valid(IrName n)
{
	const char *p, *e;
	if (starts(n, "integrity="))
		return angle(n, 10, false, &p, &e) && integrity_valid(p, e);
	if (starts(n, "url="))
		return angle(n, 4, true, &p, &e);
	if (starts(n, "locked-dep="))
		return angle(n, 11, true, &p, &e) && dep_valid(p, e, true);
	if (starts(n, "unlocked-dep=")) /* its version range holds '>' itself */
		return n.len > 14 && n.p[13] == '<' && n.p[n.len - 1] == '>' &&
		       dep_valid(n.p + 14, n.p + n.len - 1, false);
	return false;
}

bool cm_extern_name_valid(IrName n, bool import, const char **why)
{
	*why = "is not in kebab case";
	if (n.len == 0) {
		*why = "name cannot be empty";
		return false;
	}
	if (starts(n, "url=") || starts(n, "integrity=") || starts(n, "locked-dep=") || starts(n, "unlocked-dep=")) {
		*why = import ? "is not a valid url, integrity or dependency name" : "is an import-only name";
		return import && import_only_valid(n);
	}
	if (memchr(n.p, ':', n.len))
		return interface_valid(n, why);
	return plain_valid(n);
}

static bool ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

/* What a name is compared by: its label part and a class. */
typedef struct Key {
	IrName label;
	int cls;        /* 0 plain, 1 constructor, 2 method/static, 3 other */
	IrName method;  /* method/static: the part after the dot */
} Key;

static Key key(IrName n)
{
	Key k = { n, 3, { NULL, 0 } };
	if (starts(n, "[constructor]"))
		return (Key){ { n.p + 13, n.len - 13 }, 1, { NULL, 0 } };
	if (starts(n, "[method]") || starts(n, "[static]")) {
		k = (Key){ { n.p + 8, n.len - 8 }, 2, { NULL, 0 } };
		const char *dot = memchr(k.label.p, '.', k.label.len);
		if (dot)
			k.method = (IrName){ dot + 1, (uint32_t)(k.label.p + k.label.len - dot - 1) };
		return k;
	}
	if (cm_label_valid(n))
		k.cls = 0;
	return k;
}

static bool same_ci(IrName a, IrName b)
{
	return a.len == b.len && ieq(a.p, b.p, a.len);
}

bool cm_names_clash(IrName a, IrName b)
{
	Key x = key(a), y = key(b);
	if (x.cls == 3 || y.cls == 3)
		return cm_name_eq(a, b);
	if (x.cls == y.cls)
		return same_ci(x.label, y.label);
	if (x.cls == 2 && y.cls == 0)
		return same_ci(x.method, y.label);
	if (y.cls == 2 && x.cls == 0)
		return same_ci(y.method, x.label);
	return false;
}

bool cm_check_labels(CmScope *s, const IrCmField *f, uint32_t n, size_t offset, const char *what)
{
	CmNames taken = { 0 };
	bool ok = true;
	for (uint32_t i = 0; ok && i < n; i++) {
		IrName clash;
		int added;
		if (f[i].name.len == 0)
			ok = cm_fail(s, DIAG_CM_NAME, offset, "%s name cannot be empty", what);
		else if (!cm_label_valid(f[i].name))
			ok = cm_fail(s, DIAG_CM_NAME, offset, "%s name `%.*s` is not in kebab case", what,
			             (int)f[i].name.len, f[i].name.p);
		else if ((added = cm_names_add(&taken, f[i].name, CM_NAMES_LABEL, i, &clash)) < 0)
			ok = cm_fail(s, DIAG_OUT_OF_MEMORY, offset, "names");
		else if (!added)
			ok = cm_fail(s, DIAG_CM_DUPLICATE_NAME, offset, "%s name `%.*s` conflicts with `%.*s`", what,
			             (int)f[i].name.len, f[i].name.p, (int)clash.len, clash.p);
	}
	cm_names_free(&taken);
	return ok;
}
