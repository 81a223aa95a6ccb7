/* frontend/text/lexer.c: source text to tokens (spec 6.2, 6.3).  The first
 * layer of the text reader: sexpr.c pulls tokens from here.  A token is
 * the longest run of token characters (idchars, strings, and , ; [ ] { })
 * between white space, parentheses and comments; the run is then
 * classified, and a run that is no keyword, number, id or string is one
 * reserved token, so "0$x" or "a""b" never split into two.  Only the
 * ASCII subset may appear outside strings and comments.
 */
#include "text.h"

static const char *const kind_names[TX_TOK_COUNT] = {
	[TX_EOF] = "end of input", [TX_LPAREN] = "'('", [TX_RPAREN] = "')'",
	[TX_ANNOT] = "annotation", [TX_KEYWORD] = "keyword", [TX_ID] = "identifier",
	[TX_STRING] = "string", [TX_NAT] = "natural number", [TX_INT] = "integer",
	[TX_FLOAT] = "float", [TX_RESERVED] = "reserved token",
};

const char *tx_tok_kind_name(TxTokKind kind)
{
	return kind < TX_TOK_COUNT ? kind_names[kind] : "?";
}

/* What each byte may be outside strings and comments: one table, so the
 * hot loop over a token's characters is one load per byte. */
enum { ID = 1, PUNCT = 2 };

static const uint8_t char_class[256] = {
	['0' ... '9'] = ID, ['a' ... 'z'] = ID, ['A' ... 'Z'] = ID,
	/* 6.3.6: printable ASCII except space, quotes, comma, semicolon, brackets */
	['!'] = ID, ['#'] = ID, ['$'] = ID, ['%'] = ID, ['&'] = ID, ['\''] = ID, ['*'] = ID,
	['+'] = ID, ['-'] = ID, ['.'] = ID, ['/'] = ID, [':'] = ID, ['<'] = ID, ['='] = ID,
	['>'] = ID, ['?'] = ID, ['@'] = ID, ['\\'] = ID, ['^'] = ID, ['_'] = ID, ['`'] = ID,
	['|'] = ID, ['~'] = ID,
	/* what may join a reserved token besides idchars and strings (6.2.1) */
	[','] = PUNCT, [';'] = PUNCT, ['['] = PUNCT, [']'] = PUNCT, ['{'] = PUNCT, ['}'] = PUNCT,
};

bool tx_is_idchar(uint8_t c)
{
	return char_class[c] == ID;
}

void tx_lexer_init(TxLexer *lx, const uint8_t *src, size_t len, Arena *arena, DiagSink *diags)
{
	*lx = (TxLexer){ .src = src, .len = len, .line = 1, .arena = arena, .diags = diags };
}

static bool fail(TxLexer *lx, DiagCode code, size_t at, const char *detail)
{
	if (!lx->failed)
		diag_report(lx->diags, code, at, DIAG_NO_FUNC, detail ? "%s" : NULL, detail);
	lx->failed = true;
	return false;
}

static int peek(const TxLexer *lx, size_t ahead)
{
	size_t i = lx->pos + ahead;
	return i < lx->len ? lx->src[i] : -1;
}

/* Past one line break at pos (CR, LF or CR LF, 6.2.2). */
static void newline(TxLexer *lx)
{
	if (lx->src[lx->pos] == '\r' && peek(lx, 1) == '\n')
		lx->pos++;
	lx->pos++;
	lx->line++;
	lx->line_start = lx->pos;
}

/* Past one character of a comment: any Unicode scalar value (6.2.3). */
static bool comment_char(TxLexer *lx)
{
	uint8_t c = lx->src[lx->pos];
	if (c == '\n' || c == '\r') {
		newline(lx);
		return true;
	}
	size_t k = tx_utf8_len(lx->src + lx->pos, lx->len - lx->pos);
	if (!k)
		return fail(lx, DIAG_UTF8, lx->pos, "in a comment");
	lx->pos += k;
	return true;
}

static bool line_comment(TxLexer *lx)
{
	while (lx->pos < lx->len && lx->src[lx->pos] != '\n' && lx->src[lx->pos] != '\r')
		if (!comment_char(lx))
			return false;
	return true;
}

/* Block comments nest; the depth is a counter, so no recursion. */
static bool block_comment(TxLexer *lx)
{
	size_t start = lx->pos;
	size_t depth = 0;
	do {
		if (lx->pos >= lx->len)
			return fail(lx, DIAG_TEXT_UNCLOSED_COMMENT, start, NULL);
		if (peek(lx, 0) == '(' && peek(lx, 1) == ';') {
			depth++, lx->pos += 2;
		} else if (peek(lx, 0) == ';' && peek(lx, 1) == ')') {
			depth--, lx->pos += 2;
		} else if (!comment_char(lx)) {
			return false;
		}
	} while (depth);
	return true;
}

/* White space and comments (6.2.2, 6.2.3). */
static bool skip_space(TxLexer *lx)
{
	while (lx->pos < lx->len) {
		int c = peek(lx, 0), d = peek(lx, 1);
		if (c == ' ' || c == '\t')
			lx->pos++;
		else if (c == '\n' || c == '\r')
			newline(lx);
		else if (c == ';' && d == ';') {
			if (!line_comment(lx))
				return false;
		} else if (c == '(' && d == ';') {
			if (!block_comment(lx))
				return false;
		} else
			break;
	}
	return true;
}

/* What a run of token characters holds, for classifying it. */
typedef struct Run {
	size_t start, end;
	unsigned strings;      /* string literals in it */
	bool only_idchars;     /* no strings, no , ; [ ] { } */
	TxStringScan last;     /* the last string scanned */
	size_t last_at;        /* where it starts */
} Run;

/* The longest run of token characters from pos; ";;" starts a comment,
 * so it ends a run too. */
static bool scan_run(TxLexer *lx, Run *r)
{
	*r = (Run){ .start = lx->pos, .only_idchars = true };
	while (lx->pos < lx->len) {
		uint8_t c = lx->src[lx->pos];
		if (c == '"') {
			tx_string_scan(lx->src, lx->len, lx->pos, &r->last);
			if (r->last.error)
				return fail(lx, r->last.error, r->last.error_at, "in a string");
			r->last_at = lx->pos;
			r->strings++;
			r->only_idchars = false;
			lx->pos = r->last.end;
		} else if (char_class[c] == ID) {
			lx->pos++;
		} else if (char_class[c] == PUNCT && !(c == ';' && peek(lx, 1) == ';')) {
			r->only_idchars = false;
			lx->pos++;
		} else {
			break;
		}
	}
	r->end = lx->pos;
	return true;
}

/* A token ends at white space, a parenthesis, a comment or the end; any
 * other character may not appear outside strings and comments at all. */
static bool check_follow(TxLexer *lx)
{
	int c = peek(lx, 0);
	if (c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == ';')
		return true;
	if (c >= 0x80 && !tx_utf8_len(lx->src + lx->pos, lx->len - lx->pos))
		return fail(lx, DIAG_UTF8, lx->pos, NULL);
	return fail(lx, DIAG_TEXT_ILLEGAL_CHAR, lx->pos, c >= 0x80 ? "outside strings and comments" : NULL);
}

/* The run's one string, decoded into out (pointing into the source when
 * it has no escapes). */
static bool string_bytes(TxLexer *lx, const Run *r, TxToken *out)
{
	out->str_len = r->last.bytes;
	if (!r->last.escaped) {
		out->str = lx->src + r->last_at + 1;
		return true;
	}
	uint8_t *buf = arena_alloc(lx->arena, r->last.bytes ? r->last.bytes : 1);
	if (!buf)
		return fail(lx, DIAG_OUT_OF_MEMORY, r->start, "decoding a string");
	tx_string_decode(lx->src, r->last_at, &r->last, buf);
	out->str = buf;
	return true;
}

/* $"name": a quoted id must be a non-empty UTF-8 name (6.3.5). */
static bool quoted_id(TxLexer *lx, const Run *r, TxToken *out)
{
	if (!string_bytes(lx, r, out))
		return false;
	if (!out->str_len)
		out->why = DIAG_TEXT_EMPTY_ID;
	else if (!tx_name_valid(out->str, out->str_len))
		out->why = DIAG_UTF8;
	else
		out->kind = TX_ID;
	return true;
}

static bool classify_id(TxLexer *lx, const Run *r, TxToken *out)
{
	size_t n = r->end - r->start;
	if (n == 1)
		out->why = DIAG_TEXT_EMPTY_ID;
	else if (r->only_idchars) {
		out->kind = TX_ID;
		out->str = lx->src + r->start + 1;
		out->str_len = n - 1;
	} else if (r->strings == 1 && r->last_at == r->start + 1 && r->last.end == r->end)
		return quoted_id(lx, r, out);
	return true;
}

static bool classify(TxLexer *lx, const Run *r, TxToken *out)
{
	const uint8_t *s = lx->src + r->start;
	out->kind = TX_RESERVED;
	out->why = DIAG_TEXT_UNKNOWN_OPERATOR;
	if (r->strings == 1 && r->last_at == r->start && r->last.end == r->end) {
		out->kind = TX_STRING;
		return string_bytes(lx, r, out);
	}
	if (s[0] == '$')
		return classify_id(lx, r, out);
	if (!r->only_idchars)
		return true;
	if (s[0] >= 'a' && s[0] <= 'z' && s[0] != 'i' && s[0] != 'n') {
		out->kind = TX_KEYWORD; /* only inf and nan are numbers that start so */
		return true;
	}
	TxNumber num;
	tx_number_scan(out->text, out->len, &num);
	if (num.kind != TX_RESERVED)
		out->kind = num.kind;
	else if (s[0] >= 'a' && s[0] <= 'z')
		out->kind = TX_KEYWORD;
	return true;
}

static void set_loc(const TxLexer *lx, TxToken *out)
{
	out->loc.offset = lx->pos;
	out->loc.line = lx->line;
	out->loc.col = (uint32_t)(lx->pos - lx->line_start + 1);
}

static bool token_run(TxLexer *lx, TxToken *out)
{
	Run r;
	if (!scan_run(lx, &r))
		return false;
	if (r.end == r.start)
		return check_follow(lx);
	out->text = (const char *)lx->src + r.start;
	out->len = r.end - r.start;
	return classify(lx, &r, out) && check_follow(lx);
}

/* "(@" and an annotation id, idchars or a non-empty UTF-8 name (6.2.4).
 * Inside an annotation anything balanced goes, so there "(@" without an
 * id is just "(" followed by a reserved token. */
static bool annotation(TxLexer *lx, TxToken *out)
{
	size_t open = lx->pos;
	lx->pos += 2;
	Run r;
	if (!scan_run(lx, &r))
		return false;
	bool plain = r.end > r.start && r.only_idchars;
	bool quoted = r.strings == 1 && r.last_at == r.start && r.last.end == r.end;
	if (!plain && !quoted && lx->annot_depth) {
		lx->pos = open + 1;
		out->kind = TX_LPAREN;
		lx->depth++;
		return true;
	}
	if (!plain && !quoted)
		return fail(lx, DIAG_TEXT_EMPTY_ANNOT_ID, open, NULL);
	out->kind = TX_ANNOT;
	if (plain) {
		out->str = lx->src + r.start;
		out->str_len = r.end - r.start;
	} else if (!string_bytes(lx, &r, out)) {
		return false;
	}
	if (!out->str_len)
		return fail(lx, DIAG_TEXT_EMPTY_ANNOT_ID, open, NULL);
	if (!tx_name_valid(out->str, out->str_len))
		return fail(lx, DIAG_UTF8, r.start, "in an annotation id");
	if (!lx->annot_depth)
		lx->annot_depth = lx->depth + 1;
	lx->depth++;
	return check_follow(lx);
}

static bool paren(TxLexer *lx, TxToken *out)
{
	if (lx->src[lx->pos] == '(') {
		if (peek(lx, 1) == '@')
			return annotation(lx, out);
		out->kind = TX_LPAREN;
		lx->depth++;
	} else {
		out->kind = TX_RPAREN;
		if (lx->depth == lx->annot_depth)
			lx->annot_depth = 0;
		if (lx->depth)
			lx->depth--;
	}
	lx->pos++;
	return true;
}

bool tx_lexer_next(TxLexer *lx, TxToken *out)
{
	*out = (TxToken){ .kind = TX_EOF };
	if (lx->failed || !skip_space(lx))
		return false;
	set_loc(lx, out);
	out->text = (const char *)lx->src + lx->pos;
	if (lx->pos >= lx->len)
		return true;
	if (lx->src[lx->pos] == '(' || lx->src[lx->pos] == ')') {
		bool ok = paren(lx, out);
		out->len = lx->pos - out->loc.offset;
		return ok;
	}
	return token_run(lx, out);
}
