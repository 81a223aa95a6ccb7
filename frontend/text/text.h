/* frontend/text/text.h: the first layers of the text-format reader
 * (.wat/.wast, spec chapter 6).  lexer.c cuts source text into tokens,
 * string.c scans and decodes string literals, number.c recognises numeric
 * token syntax, literal.c (with hexfloat.c) turns numeric tokens into
 * values, sexpr.c builds the S-expression tree the parser walks, loc.c
 * turns byte offsets into line:column for diagnostics.  Prefix tx_.
 */
#ifndef NACRE_FRONTEND_TEXT_H
#define NACRE_FRONTEND_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../../ir/arena.h"
#include "../../ir/diag.h"

/* A place in the source: line and column count from 1; the column counts
 * bytes, as the reference interpreter does. */
typedef struct TxLoc {
	size_t offset;     /* absolute byte offset */
	uint32_t line, col;
} TxLoc;

typedef enum TxTokKind {
	TX_EOF,
	TX_LPAREN,         /* ( */
	TX_RPAREN,         /* ) */
	TX_ANNOT,          /* (@name: opens an annotation, closed by its ) */
	TX_KEYWORD,        /* a-z idchar*, e.g. i32.add, offset=8, nan:canonical */
	TX_ID,             /* $name or $"name" */
	TX_STRING,         /* "..." */
	TX_NAT,            /* unsigned integer syntax: 42, 0xff, 1_000 */
	TX_INT,            /* signed integer syntax: +1, -0x10 */
	TX_FLOAT,          /* float-only syntax: 1.5, 1e3, 0x1p-2, inf, -nan:0x1 */
	TX_RESERVED,       /* any other run of token characters (6.2.1) */
	TX_TOK_COUNT
} TxTokKind;

typedef struct TxToken {
	TxTokKind kind;
	TxLoc loc;
	const char *text;      /* the token's source text (not NUL-terminated) */
	size_t len;
	/* STRING, ID, ANNOT: the name or the string's bytes, escapes decoded
	 * (points into the source when there were none, else into the arena).
	 * Names are not checked for UTF-8 here except in quoted identifiers
	 * and annotation ids; tx_name_valid checks a string used as a name. */
	const uint8_t *str;
	size_t str_len;
	DiagCode why;          /* RESERVED: the spec's words for why it is no
	                        * token (UNKNOWN_OPERATOR, EMPTY_ID, UTF8) */
} TxToken;

/* lexer.c: one token at a time.  White space and comments are skipped;
 * annotations come as ANNOT, then their tokens, then RPAREN.  A lexical
 * error reports one diagnostic and makes every later call fail. */
typedef struct TxLexer {
	const uint8_t *src;
	size_t len, pos;
	uint32_t line;         /* line of pos */
	size_t line_start;     /* offset where that line starts */
	uint32_t depth;        /* open parentheses, annotations included */
	uint32_t annot_depth;  /* depth inside the outermost annotation, 0 outside */
	bool failed;
	Arena *arena;          /* decoded strings live here */
	DiagSink *diags;
} TxLexer;

void tx_lexer_init(TxLexer *lx, const uint8_t *src, size_t len, Arena *arena, DiagSink *diags);
/* The next token (EOF at the end, repeatedly); false after an error. */
bool tx_lexer_next(TxLexer *lx, TxToken *out);
const char *tx_tok_kind_name(TxTokKind kind);
/* The characters of idchar (6.3.6): what a keyword, id or number is made of. */
bool tx_is_idchar(uint8_t c);

/* string.c: a string literal at src[pos] (the opening quote).  Scanning
 * checks every character and escape (6.3.3) and finds the end; decoding
 * writes the bytes it denotes. */
typedef struct TxStringScan {
	size_t end;            /* one past the closing quote */
	size_t bytes;          /* decoded length */
	bool escaped;          /* any escape: the bytes differ from the source */
	DiagCode error;        /* DIAG_NONE, or what is wrong ... */
	size_t error_at;       /* ... and where */
} TxStringScan;

void tx_string_scan(const uint8_t *src, size_t len, size_t pos, TxStringScan *out);
/* Writes scan->bytes bytes to out; the string must have scanned clean. */
void tx_string_decode(const uint8_t *src, size_t pos, const TxStringScan *scan, uint8_t *out);
/* A string used as a name (6.3.4) must be UTF-8. */
bool tx_name_valid(const uint8_t *p, size_t n);
/* A hex digit's value, or -1. */
int tx_hexval(uint8_t c);
/* One UTF-8 character at p[0..n): its length, or 0 when malformed. */
size_t tx_utf8_len(const uint8_t *p, size_t n);

/* number.c: the syntax of numeric tokens (6.3.1, 6.3.2). */
typedef enum TxFloatForm {
	TX_FLOAT_FINITE, TX_FLOAT_INF, TX_FLOAT_NAN, TX_FLOAT_NAN_PAYLOAD
} TxFloatForm;

typedef struct TxNumber {
	TxTokKind kind;        /* NAT, INT, FLOAT, or RESERVED: not a number */
	bool negative;
	bool hex;              /* 0x form (a NaN payload is always hex) */
	TxFloatForm form;
	const char *digits;    /* integer magnitude or NaN payload, '_' included */
	size_t ndigits;
	const char *body;      /* a finite float without its sign */
	size_t nbody;
} TxNumber;

void tx_number_scan(const char *text, size_t len, TxNumber *out);

/* literal.c: numeric tokens to values.  Each returns DIAG_NONE, or the
 * reason the text is no such literal: UNKNOWN_OPERATOR (wrong syntax) or
 * TEXT_CONST_RANGE ("constant out of range", including a finite float
 * that rounds to infinity). */
/* uN: unsigned syntax only (indices, offsets, alignments, limits). */
DiagCode tx_lit_uint(const char *text, size_t len, unsigned bits, uint64_t *out);
/* iN: unsigned or signed syntax, the result as N-bit two's complement. */
DiagCode tx_lit_int(const char *text, size_t len, unsigned bits, uint64_t *out);
/* fN: any numeric syntax; the IEEE bits, correctly rounded. */
DiagCode tx_lit_f32(const char *text, size_t len, uint32_t *out);
DiagCode tx_lit_f64(const char *text, size_t len, uint64_t *out);

/* hexfloat.c: a finite hex float body ("0x..." without sign, syntax
 * checked) as the bits of a format with mant_bits and exp_bits, rounded to
 * nearest, ties to even; TEXT_CONST_RANGE when it rounds to infinity. */
DiagCode tx_hexfloat_bits(const char *body, size_t n, unsigned mant_bits, unsigned exp_bits, uint64_t *out);

/* sexpr.c: the token stream as a tree.  The root is a LIST of the
 * top-level forms; an annotation is an ANNOT node holding its tokens.
 * Nesting beyond max_depth is refused, so the tree can be walked
 * recursively without overflowing the C stack. */
enum { TX_SEXPR_MAX_DEPTH = 2048 };

typedef enum TxNodeKind { TX_NODE_ATOM, TX_NODE_LIST, TX_NODE_ANNOT } TxNodeKind;

typedef struct TxNode TxNode;
struct TxNode {
	TxNodeKind kind;
	TxToken tok;           /* ATOM: the token; LIST, ANNOT: the opening one */
	TxLoc end;             /* LIST, ANNOT: the closing parenthesis */
	TxNode *first;         /* LIST, ANNOT: the children, in order */
	TxNode *next;          /* the next sibling */
	uint32_t count;        /* number of children */
};

/* NULL after reporting the first error (lexical, or unbalanced parentheses).
 * max_depth is at most TX_SEXPR_MAX_DEPTH (a larger one is that). */
TxNode *tx_sexpr_read(const uint8_t *src, size_t len, uint32_t max_depth, Arena *arena,
                      DiagSink *diags);

/* loc.c: offsets to line:column, and diagnostics printed with them. */
TxLoc tx_loc_of(const uint8_t *src, size_t len, size_t offset);
/* "FILE:LINE:COL: error: text: detail" on one line. */
void tx_diag_print(const Diagnostic *d, const char *file, const uint8_t *src, size_t len, FILE *out);

#endif
