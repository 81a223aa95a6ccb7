/* tests/unit/text/test_spec_text.c: the text reader's first layers over the
 * whole staged spec testsuite (../shared/conformance/spec and spec3/wast).
 * Every script must read into a tree whose top-level forms are script
 * commands, with no reserved token outside annotations and quoted text;
 * every numeric constant outside malformed text must convert; the text of
 * (module quote ...) must read cleanly unless an assert_malformed expects a
 * lexical error there, which it must then report in the same words; and
 * the literal pairs of const.wast and float_literals.wast must give the
 * bits they assert.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "frontend/text/text.h"

#ifndef NACRE_CONFORMANCE_DIR
#error "text.cmake defines NACRE_CONFORMANCE_DIR"
#endif

typedef struct Stats {
	size_t files, bytes, tokens, consts, quotes, lexical_malformed, pairs, bit_pairs;
} Stats;

static Stats st;

static bool kw(const TxNode *n, const char *word)
{
	return n && n->kind == TX_NODE_ATOM && n->tok.kind == TX_KEYWORD && n->tok.len == strlen(word) &&
	       !memcmp(n->tok.text, word, n->tok.len);
}

static bool is_number(const TxNode *n)
{
	return n && n->kind == TX_NODE_ATOM &&
	       (n->tok.kind == TX_NAT || n->tok.kind == TX_INT || n->tok.kind == TX_FLOAT);
}

/* A constant's value by its type: i32 i64 f32 f64, or a v128 lane shape. */
static DiagCode convert(const char *type, size_t tlen, const TxToken *t, uint64_t *v)
{
	static const struct {
		const char *type;
		unsigned bits;
		bool is_float;
	} types[] = {
		{ "i32", 32, false }, { "i64", 64, false }, { "f32", 32, true }, { "f64", 64, true },
		{ "i8x16", 8, false }, { "i16x8", 16, false }, { "i32x4", 32, false }, { "i64x2", 64, false },
		{ "f32x4", 32, true }, { "f64x2", 64, true },
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		if (tlen != strlen(types[i].type) || memcmp(type, types[i].type, tlen))
			continue;
		if (!types[i].is_float)
			return tx_lit_int(t->text, t->len, types[i].bits, v);
		if (types[i].bits == 64)
			return tx_lit_f64(t->text, t->len, v);
		uint32_t b;
		DiagCode c = tx_lit_f32(t->text, t->len, &b);
		*v = b;
		return c;
	}
	return DIAG_NONE; /* some other .const (none in the suite) */
}

/* The constants in one list's children: "T.const N" and "v128.const S N..." */
static void list_consts(const TxNode *list, bool malformed, unsigned *range_errors, const char *file)
{
	for (const TxNode *n = list->first; n; n = n->next) {
		if (n->kind != TX_NODE_ATOM || n->tok.kind != TX_KEYWORD || n->tok.len < 7 ||
		    memcmp(n->tok.text + n->tok.len - 6, ".const", 6))
			continue;
		const char *type = n->tok.text;
		size_t tlen = n->tok.len - 6;
		const TxNode *arg = n->next;
		if (tlen == 4 && !memcmp(type, "v128", 4) && arg && arg->kind == TX_NODE_ATOM) {
			type = arg->tok.text, tlen = arg->tok.len;
			arg = arg->next;
		}
		for (; is_number(arg); arg = arg->next) {
			uint64_t v;
			DiagCode c = convert(type, tlen, &arg->tok, &v);
			st.consts++;
			if (c == DIAG_TEXT_CONST_RANGE)
				++*range_errors;
			if (!malformed)
				cr_expect_eq(c, DIAG_NONE, "%s:%u:%u: %.*s %.*s: %s", file, arg->tok.loc.line,
				             arg->tok.loc.col, (int)tlen, type, (int)arg->tok.len, arg->tok.text,
				             diag_code_name(c));
			if (tlen < 4)
				break; /* scalar: one operand */
		}
	}
}

typedef struct Walk {
	const char *file;
	bool malformed;        /* inside text an assert_malformed expects to fail */
	unsigned reserved;     /* reserved tokens outside annotations */
	unsigned range_errors; /* constants out of range */
	unsigned not_names;    /* strings that are no UTF-8 (some are names) */
	DiagCode why;          /* the first reserved token's reason */
} Walk;

static void walk(const TxNode *n, Walk *w)
{
	st.tokens++;
	if (n->kind == TX_NODE_ANNOT)
		return;
	if (n->kind == TX_NODE_ATOM) {
		if (n->tok.kind == TX_STRING && !tx_name_valid(n->tok.str, n->tok.str_len))
			w->not_names++;
		if (n->tok.kind == TX_RESERVED) {
			if (!w->reserved++)
				w->why = n->tok.why;
			if (!w->malformed)
				cr_expect(false, "%s:%u:%u: reserved token %.*s", w->file, n->tok.loc.line, n->tok.loc.col,
				          (int)n->tok.len, n->tok.text);
		}
		return;
	}
	list_consts(n, w->malformed, &w->range_errors, w->file);
	for (const TxNode *c = n->first; c; c = c->next)
		walk(c, w);
}

/* The messages of assert_malformed that the lexer or the tree must give,
 * and the code that says so. */
static const struct {
	const char *words;
	DiagCode code;
} lexical[] = {
	{ "unclosed string", DIAG_TEXT_UNCLOSED_STRING },
	{ "illegal character", DIAG_TEXT_ILLEGAL_CHAR },
	{ "malformed UTF-8", DIAG_UTF8 },
	{ "unclosed comment", DIAG_TEXT_UNCLOSED_COMMENT },
	{ "illegal escape", DIAG_TEXT_ILLEGAL_ESCAPE },
	{ "empty annotation id", DIAG_TEXT_EMPTY_ANNOT_ID },
	{ "unclosed annotation", DIAG_TEXT_UNCLOSED_ANNOT },
	{ "empty identifier", DIAG_TEXT_EMPTY_ID },
	{ "constant out of range", DIAG_TEXT_CONST_RANGE },
};

static DiagCode lexical_code(const TxNode *msg)
{
	if (!msg || msg->tok.kind != TX_STRING)
		return DIAG_NONE;
	for (size_t i = 0; i < sizeof lexical / sizeof lexical[0]; i++) {
		size_t n = strlen(lexical[i].words);
		if (msg->tok.str_len >= n && !memcmp(msg->tok.str, lexical[i].words, n))
			return lexical[i].code;
	}
	return DIAG_NONE;
}

/* The reference interpreter calls $"a<newline>b" and (@"<newline>") an
 * empty id (its rule for a quoted id fails to match); we name the string's
 * own error, which is more precise. */
static bool same_error(DiagCode got, DiagCode want)
{
	bool in_string = got == DIAG_TEXT_UNCLOSED_STRING || got == DIAG_TEXT_ILLEGAL_CHAR;
	if (in_string && (want == DIAG_TEXT_EMPTY_ID || want == DIAG_TEXT_EMPTY_ANNOT_ID))
		return true;
	return got == want;
}

/* (module [$id] [definition] quote "..."*): the strings' bytes, joined. */
static uint8_t *quote_text(const TxNode *mod, size_t *len)
{
	const TxNode *n = mod->first ? mod->first->next : NULL;
	while (n && !kw(n, "quote"))
		n = n->next;
	if (!n)
		return NULL;
	size_t total = 0;
	for (const TxNode *s = n->next; s; s = s->next)
		total += s->tok.kind == TX_STRING ? s->tok.str_len : 0;
	uint8_t *buf = malloc(total + 1), *p = buf;
	for (const TxNode *s = n->next; s; s = s->next) {
		if (s->tok.kind != TX_STRING)
			continue;
		memcpy(p, s->tok.str, s->tok.str_len);
		p += s->tok.str_len;
	}
	*len = total;
	return buf;
}

static void check_quote(const TxNode *mod, const TxNode *msg, const char *file)
{
	size_t len;
	uint8_t *text = quote_text(mod, &len);
	if (!text)
		return;
	st.quotes++;
	Arena *arena = arena_new();
	DiagSink diags = { 0 };
	TxNode *root = tx_sexpr_read(text, len, TX_SEXPR_MAX_DEPTH, arena, &diags);
	Walk w = { .file = file, .malformed = msg != NULL };
	if (root)
		walk(root, &w);
	if (!msg) {
		cr_expect(root, "%s:%u: module quote fails: %s", file, mod->tok.loc.line,
		          diags.n ? diag_text(diags.items[0].code) : "");
	} else if (lexical_code(msg)) {
		st.lexical_malformed++;
		DiagCode got = !root ? diags.items[0].code
		               : w.reserved ? w.why
		               : w.range_errors ? DIAG_TEXT_CONST_RANGE
		               : w.not_names ? DIAG_UTF8 : DIAG_NONE;
		cr_expect(same_error(got, lexical_code(msg)), "%s:%u: expected \"%.*s\", got %s", file, mod->tok.loc.line,
		             (int)msg->tok.str_len, msg->tok.str, got ? diag_text(got) : "nothing");
	}
	arena_free(arena);
	free(text);
}

static const char *const commands[] = {
	"module", "register", "invoke", "get", "assert_return", "assert_trap", "assert_exhaustion",
	"assert_malformed", "assert_invalid", "assert_unlinkable", "assert_uninstantiable",
	"assert_exception", "assert_suspension", "assert_malformed_custom", "assert_invalid_custom",
	/* a file may be one bare module: inline-module.wast */
	"func", "memory", "table", "global", "type", "import", "export", "elem", "data", "start", "tag", "rec",
};

static bool command(const TxNode *n)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (kw(n, commands[i]))
			return true;
	return false;
}

/* A list's first child that is no annotation: ((@a) module ...) is a module. */
static const TxNode *head(const TxNode *n)
{
	const TxNode *c = n->kind == TX_NODE_LIST ? n->first : NULL;
	while (c && c->kind == TX_NODE_ANNOT)
		c = c->next;
	return c;
}

/* One top-level form: a command; quoted text checked on its own. */
static void form(const TxNode *n, const char *file)
{
	if (n->kind == TX_NODE_ANNOT)
		return;
	cr_expect(n->kind == TX_NODE_LIST && command(head(n)), "%s:%u:%u: not a script command", file,
	          n->tok.loc.line, n->tok.loc.col);
	if (n->kind != TX_NODE_LIST)
		return;
	Walk w = { .file = file };
	walk(n, &w);
	const TxNode *cmd = head(n), *arg = cmd ? cmd->next : NULL;
	if (kw(cmd, "module"))
		check_quote(n, NULL, file);
	if (kw(cmd, "assert_malformed") && arg && kw(head(arg), "module"))
		check_quote(arg, arg->next, file);
}

/* The first "T.const N" in a tree, depth first. */
static const TxNode *first_const(const TxNode *n, const char **type)
{
	for (const TxNode *c = n->first; c; c = c->next) {
		if (c->kind == TX_NODE_LIST) {
			const TxNode *r = first_const(c, type);
			if (r)
				return r;
		} else if (c->tok.kind == TX_KEYWORD && c->tok.len == 9 && !memcmp(c->tok.text + 3, ".const", 6) &&
		           is_number(c->next)) {
			*type = c->tok.text;
			return c->next;
		}
	}
	return NULL;
}

static uint64_t value(const char *type, const TxToken *t)
{
	uint64_t v = 0;
	cr_assert_eq(convert(type, 3, t, &v), DIAG_NONE, "%.*s", (int)t->len, t->text);
	return v;
}

/* const.wast: (module ... (T.const A)) then (assert_return (invoke "f")
 * (T.const B)), B exact: A must round to B's bits.  float_literals.wast:
 * an export returns (iN.reinterpret_fN (fN.const A)), and the assertion
 * gives the bits as (iN.const B). */
static void pairs(const TxNode *root, const char *file)
{
	const TxNode *mod = NULL;
	for (const TxNode *n = root->first; n; n = n->next) {
		if (kw(n->first, "module")) {
			mod = n;
			continue;
		}
		if (!mod || !kw(n->first, "assert_return") || !n->first->next || !n->first->next->next)
			continue;
		const TxNode *inv = n->first->next, *want = inv->next;
		const char *ta, *tb;
		const TxNode *a = NULL, *b = first_const(want, &tb);
		for (const TxNode *f = mod->first; f && b; f = f->next) {
			const TxNode *ex = f->kind == TX_NODE_LIST && kw(f->first, "func") ? f->first->next : NULL;
			const TxNode *name = ex && ex->kind == TX_NODE_LIST ? ex->first->next : NULL;
			const TxNode *called = inv->first->next;
			if (name && called && name->tok.str_len == called->tok.str_len &&
			    !memcmp(name->tok.str, called->tok.str, name->tok.str_len))
				a = first_const(f, &ta);
		}
		if (!a || !b)
			continue;
		cr_expect_eq(value(ta, &a->tok), value(tb, &b->tok), "%s:%u: %.*s is not %.*s", file,
		             n->tok.loc.line, (int)a->tok.len, a->tok.text, (int)b->tok.len, b->tok.text);
		if (ta[0] == tb[0])
			st.pairs++;
		else
			st.bit_pairs++;
	}
}

static void one_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	size_t len = (size_t)ftell(f);
	rewind(f);
	uint8_t *src = malloc(len + 1);
	cr_assert_eq(fread(src, 1, len, f), len);
	fclose(f);
	Arena *arena = arena_new();
	DiagSink diags = { 0 };
	TxNode *root = tx_sexpr_read(src, len, TX_SEXPR_MAX_DEPTH, arena, &diags);
	if (!root)
		tx_diag_print(&diags.items[0], path, src, len, stderr);
	cr_expect_not_null(root, "%s does not read", path);
	if (root) {
		cr_expect_gt(root->count, 0, "%s: no forms", path);
		for (const TxNode *n = root->first; n; n = n->next)
			form(n, path);
		if (strstr(path, "/const.wast") || strstr(path, "/float_literals.wast"))
			pairs(root, path);
	}
	st.files++;
	st.bytes += len;
	arena_free(arena);
	free(src);
}

static void each_wast(const char *dir)
{
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "cannot open %s", dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat sb;
		if (stat(path, &sb))
			continue;
		size_t n = strlen(e->d_name);
		if (S_ISDIR(sb.st_mode))
			each_wast(path);
		else if (n > 5 && !strcmp(e->d_name + n - 5, ".wast"))
			one_file(path);
	}
	closedir(d);
}

Test(spec_text, every_script_reads)
{
	each_wast(NACRE_CONFORMANCE_DIR "/spec");
	size_t v2 = st.files;
	each_wast(NACRE_CONFORMANCE_DIR "/spec3/wast");
	cr_log_info("%zu files (%zu in spec, %zu in spec3), %zu bytes, %zu nodes, %zu constants, "
	            "%zu quoted modules, %zu lexically malformed, %zu literal pairs, %zu bit pairs",
	            st.files, v2, st.files - v2, st.bytes, st.tokens, st.consts, st.quotes,
	            st.lexical_malformed, st.pairs, st.bit_pairs);
	/* What the staged suites hold: a walk that found less missed files or forms. */
	cr_assert_geq(v2, 140);
	cr_assert_geq(st.files - v2, 200);
	cr_assert_gt(st.tokens, st.bytes / 20, "implausibly few nodes: %zu for %zu bytes", st.tokens, st.bytes);
	cr_assert_gt(st.consts, 50000);
	cr_assert_gt(st.quotes, 1000);
	cr_assert_gt(st.lexical_malformed, 100);
	cr_assert_gt(st.pairs, 300);
	cr_assert_gt(st.bit_pairs, 120);
}
