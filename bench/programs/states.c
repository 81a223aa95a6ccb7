/* bench/programs/states.c: the call-heavy state machine: a lexer and a
 * recursive-descent parser for generated JSON-like text, written as
 * many small functions kept out of line (noinline) that each switch
 * over a character class, a lexer state or a token type, with counters
 * folded into the checksum.  Calls, returns and switch dispatch
 * (br_table in Wasm) dominate, as in CPU benchmark suites built from
 * small calls and state machines; not a loop a vectoriser can touch. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define NOINLINE __attribute__((noinline))

enum { C_SPACE, C_DIGIT, C_ALPHA, C_QUOTE, C_BACKSLASH, C_MINUS, C_PLUS, C_DOT, C_PUNCT, C_OTHER, C_END };
enum { S_START, S_SIGN, S_INT, S_DOT, S_FRAC, S_EXP, S_EXP_SIGN, S_EXP_DIGITS, S_STRING, S_ESCAPE, S_WORD, S_DONE, S_COUNT };
enum { T_LBRACE, T_RBRACE, T_LBRACK, T_RBRACK, T_COLON, T_COMMA, T_STRING, T_NUMBER, T_TRUE, T_FALSE, T_NULL,
       T_END, T_ERROR, T_COUNT };

typedef struct {
	int type;
	uint32_t value; /* a number's digits, a string's hash, a word's letters */
	uint32_t len;
} Token;

typedef struct {
	const char *p, *end;
	uint32_t visits[S_COUNT]; /* state visits, for the checksum */
} Lexer;

typedef struct {
	Lexer lx;
	Token tok;
	uint32_t tokens[T_COUNT];
	uint32_t objects, arrays, members, max_depth, errors;
	uint32_t number_sum, string_hash;
} Parser;

/* ---- generating the input ---- */

typedef struct {
	char *out;
	size_t len, cap;
	uint64_t seed;
} Gen;

static void put(Gen *g, const char *s)
{
	while (*s && g->len < g->cap)
		g->out[g->len++] = *s++;
}

/* Decimal digits of v, most significant first (no printf: its speed is
 * the C library's, not the compiler's). */
static void put_uint(Gen *g, uint32_t v)
{
	char buf[12];
	int n = 0;
	do
		buf[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n > 0 && g->len < g->cap)
		g->out[g->len++] = buf[--n];
}

static void gen_number(Gen *g, uint64_t r)
{
	put(g, r & 1 ? "-" : "");
	put_uint(g, (uint32_t)(r >> 8 & 0xfffff) >> (r >> 4 & 15));
	if (r >> 30 & 1) {
		put(g, ".");
		put_uint(g, (uint32_t)(r >> 32 & 0xffff));
	}
	if ((r >> 50 & 7) == 0) {
		put(g, r >> 53 & 1 ? "e-" : "e+");
		put_uint(g, (uint32_t)(r >> 54 & 31));
	}
}

static void gen_string(Gen *g, uint64_t r)
{
	static const char *parts[] = { "id", "name", "value", "x", "items", "\\n", "count", "\\\"q\\\"", "type", "\\u00e9",
				       "enabled", "k", "data", " ", "path", "/" };
	put(g, "\"");
	for (int n = 1 + (int)(r & 3); n > 0; n--, r >>= 4)
		put(g, parts[r >> 2 & 15]);
	put(g, "\"");
}

static void gen_value(Gen *g, int depth)
{
	uint64_t r = bench_rand(&g->seed);
	int kind = depth > 5 ? (int)(r % 6) + 2 : (int)(r % 8);
	if (g->len + 1024 > g->cap)
		kind = 7; /* room left for the open containers to close */
	switch (kind) {
	case 0: case 1: {
		int open = kind == 0, n = (int)(r >> 8 & 7);
		put(g, open ? "{" : "[");
		for (int i = 0; i < n; i++) {
			if (i)
				put(g, (r >> 12 & 1) ? ", " : ",\n");
			if (open) {
				gen_string(g, bench_rand(&g->seed));
				put(g, ": ");
			}
			gen_value(g, depth + 1);
		}
		put(g, open ? "}" : "]");
		break;
	}
	case 2: case 3: gen_number(g, r); break;
	case 4: case 5: gen_string(g, r); break;
	case 6: put(g, (r >> 8 & 1) ? "true" : "false"); break;
	default: put(g, "null"); break;
	}
}

/* ---- the lexer: one state machine, one function per state ---- */

NOINLINE static int char_class(int c)
{
	switch (c) {
	case ' ': case '\t': case '\n': case '\r': return C_SPACE;
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': return C_DIGIT;
	case '"': return C_QUOTE;
	case '\\': return C_BACKSLASH;
	case '-': return C_MINUS;
	case '+': return C_PLUS;
	case '.': return C_DOT;
	case '{': case '}': case '[': case ']': case ':': case ',': return C_PUNCT;
	case 0: return C_END;
	default: return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? C_ALPHA : C_OTHER;
	}
}

NOINLINE static int punct_token(int c)
{
	switch (c) {
	case '{': return T_LBRACE;
	case '}': return T_RBRACE;
	case '[': return T_LBRACK;
	case ']': return T_RBRACK;
	case ':': return T_COLON;
	default: return T_COMMA;
	}
}

NOINLINE static uint32_t hash_step(uint32_t h, int c)
{
	return (h ^ (uint32_t)c) * 16777619u;
}

/* What a word is: the keywords by length and first letter. */
NOINLINE static int keyword(uint32_t first, uint32_t len)
{
	switch (len) {
	case 4: return first == 't' ? T_TRUE : first == 'n' ? T_NULL : T_ERROR;
	case 5: return first == 'f' ? T_FALSE : T_ERROR;
	default: return T_ERROR;
	}
}

NOINLINE static int on_start(Token *t, int cls, int c)
{
	switch (cls) {
	case C_SPACE: return S_START;
	case C_DIGIT: t->type = T_NUMBER; t->value = (uint32_t)(c - '0'); return S_INT;
	case C_MINUS: t->type = T_NUMBER; return S_SIGN;
	case C_QUOTE: t->type = T_STRING; t->value = 2166136261u; return S_STRING;
	case C_ALPHA: t->value = (uint32_t)c; return S_WORD;
	case C_PUNCT: t->type = punct_token(c); return S_DONE;
	case C_END: t->type = T_END; return S_DONE;
	default: t->type = T_ERROR; return S_DONE;
	}
}

NOINLINE static int on_number(Token *t, int state, int cls, int c)
{
	int digit = cls == C_DIGIT;
	switch (state) {
	case S_SIGN: if (!digit) break; t->value = (uint32_t)(c - '0'); return S_INT;
	case S_INT:
		if (digit) { t->value = t->value * 10 + (uint32_t)(c - '0'); return S_INT; }
		if (cls == C_DOT) return S_DOT;
		if ((c | 0x20) == 'e') return S_EXP;
		return -1;
	case S_DOT: if (!digit) break; return S_FRAC;
	case S_FRAC:
		if (digit) { t->value += (uint32_t)(c - '0'); return S_FRAC; }
		if ((c | 0x20) == 'e') return S_EXP;
		return -1;
	case S_EXP: if (cls == C_MINUS || cls == C_PLUS) return S_EXP_SIGN; /* fall through */
	case S_EXP_SIGN: if (!digit) break; return S_EXP_DIGITS;
	case S_EXP_DIGITS: return digit ? S_EXP_DIGITS : -1;
	}
	t->type = T_ERROR;
	return S_DONE;
}

NOINLINE static int on_string(Token *t, int state, int cls, int c)
{
	if (cls == C_END) {
		t->type = T_ERROR;
		return S_DONE;
	}
	t->len++;
	if (state == S_ESCAPE) {
		t->value = hash_step(t->value, c | 0x100);
		return S_STRING;
	}
	switch (cls) {
	case C_QUOTE: return S_DONE;
	case C_BACKSLASH: return S_ESCAPE;
	default: t->value = hash_step(t->value, c); return S_STRING;
	}
}

NOINLINE static int on_word(Token *t, int cls)
{
	if (cls == C_ALPHA) {
		t->len++;
		return S_WORD;
	}
	t->type = keyword(t->value, t->len + 1);
	return -1;
}

/* One character through the machine: the next state, or -1 when the
 * token ended just before this character (which then starts the next). */
NOINLINE static int step(Token *t, int state, int c)
{
	int cls = char_class(c);
	switch (state) {
	case S_START: return on_start(t, cls, c);
	case S_SIGN: case S_INT: case S_DOT: case S_FRAC: case S_EXP: case S_EXP_SIGN: case S_EXP_DIGITS:
		return on_number(t, state, cls, c);
	case S_STRING: case S_ESCAPE: return on_string(t, state, cls, c);
	case S_WORD: return on_word(t, cls);
	default: return S_DONE;
	}
}

NOINLINE static void next_token(Lexer *lx, Token *t)
{
	t->type = T_ERROR;
	t->value = 0;
	t->len = 0;
	for (int state = S_START;;) {
		int c = lx->p < lx->end ? (unsigned char)*lx->p : 0;
		int next = step(t, state, c);
		if (next < 0)
			return; /* c belongs to the next token */
		lx->visits[next]++;
		if (c)
			lx->p++;
		if (next == S_DONE)
			return;
		state = next;
	}
}

/* ---- the parser ---- */

NOINLINE static void advance(Parser *ps)
{
	next_token(&ps->lx, &ps->tok);
	ps->tokens[ps->tok.type]++;
}

NOINLINE static int expect(Parser *ps, int type)
{
	if (ps->tok.type != type) {
		ps->errors++;
		return 0;
	}
	advance(ps);
	return 1;
}

NOINLINE static void on_leaf(Parser *ps)
{
	switch (ps->tok.type) {
	case T_NUMBER: ps->number_sum += ps->tok.value; break;
	case T_STRING: ps->string_hash = bench_mix(ps->string_hash, ps->tok.value + ps->tok.len); break;
	case T_TRUE: ps->number_sum += 1; break;
	case T_FALSE: case T_NULL: break;
	default: ps->errors++; break;
	}
	advance(ps);
}

static void parse_value(Parser *ps, uint32_t depth);

NOINLINE static void parse_member(Parser *ps, uint32_t depth)
{
	ps->members++;
	if (ps->tok.type == T_STRING)
		ps->string_hash = bench_mix(ps->string_hash, ps->tok.value ^ depth);
	if (expect(ps, T_STRING) && expect(ps, T_COLON))
		parse_value(ps, depth);
}

/* Members or elements up to `close`, separated by commas. */
NOINLINE static void parse_sequence(Parser *ps, uint32_t depth, int close)
{
	advance(ps);
	if (ps->tok.type == close) {
		advance(ps);
		return;
	}
	for (;;) {
		if (close == T_RBRACE)
			parse_member(ps, depth);
		else
			parse_value(ps, depth);
		if (ps->tok.type != T_COMMA)
			break;
		advance(ps);
	}
	expect(ps, close);
}

NOINLINE static void parse_value(Parser *ps, uint32_t depth)
{
	ps->max_depth = depth > ps->max_depth ? depth : ps->max_depth;
	switch (ps->tok.type) {
	case T_LBRACE: ps->objects++; parse_sequence(ps, depth + 1, T_RBRACE); break;
	case T_LBRACK: ps->arrays++; parse_sequence(ps, depth + 1, T_RBRACK); break;
	case T_END: case T_ERROR: case T_RBRACE: case T_RBRACK: case T_COLON: case T_COMMA:
		ps->errors++;
		advance(ps);
		break;
	default: on_leaf(ps); break;
	}
}

static uint32_t parse_all(const char *text, size_t len, uint32_t mix)
{
	Parser ps;
	memset(&ps, 0, sizeof ps);
	ps.lx.p = text;
	ps.lx.end = text + len;
	advance(&ps);
	while (ps.tok.type != T_END)
		parse_value(&ps, 0);
	for (int i = 0; i < S_COUNT; i++)
		mix = bench_mix(mix, ps.lx.visits[i]);
	for (int i = 0; i < T_COUNT; i++)
		mix = bench_mix(mix, ps.tokens[i]);
	uint32_t stats[] = { ps.objects, ps.arrays, ps.members, ps.max_depth, ps.errors, ps.number_sum, ps.string_hash };
	for (size_t i = 0; i < sizeof stats / sizeof *stats; i++)
		mix = bench_mix(mix, stats[i]);
	return mix;
}

int main(int argc, char **argv)
{
	int quick = bench_quick(argc, argv);
	size_t cap = quick ? 64 << 10 : 1 << 20;
	int passes = quick ? 3 : 48;
	Gen g = { malloc(cap), 0, cap, 3 };
	if (!g.out)
		return 1;
	while (g.len + 2048 < g.cap) {
		gen_value(&g, 0);
		put(&g, "\n");
	}
	uint32_t mix = 2166136261u;
	size_t bytes = 0;
	for (int p = 0; p < passes; p++) {
		/* The whole text, or (every third pass) its first two thirds,
		 * which ends inside open containers: the error paths. */
		size_t len = p % 3 == 2 ? g.len / 3 * 2 : g.len;
		bytes += len;
		mix = parse_all(g.out, len, mix);
	}
	printf("states: text=%zu passes=%d bytes=%zu checksum=%08x\n", g.len, passes, bytes, mix);
	free(g.out);
	return 0;
}
