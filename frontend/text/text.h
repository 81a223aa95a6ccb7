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
 * top-level forms; an annotation is an ANNOT node holding its tokens,
 * kept out of the children (annotations are ignored where they are not
 * read): it hangs on the node after it (annots) or, last in a list, on
 * the list (annots_end), chained by next.
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
	TxNode *annots;        /* the annotations just before this node */
	TxNode *annots_end;    /* LIST, ANNOT: those after its last child */
};

/* NULL after reporting the first error (lexical, or unbalanced parentheses).
 * max_depth is at most TX_SEXPR_MAX_DEPTH (a larger one is that). */
TxNode *tx_sexpr_read(const uint8_t *src, size_t len, uint32_t max_depth, Arena *arena,
                      DiagSink *diags);

/* loc.c: offsets to line:column, and diagnostics printed with them. */
TxLoc tx_loc_of(const uint8_t *src, size_t len, size_t offset);
/* "FILE:LINE:COL: error: text: detail" on one line. */
void tx_diag_print(const Diagnostic *d, const char *file, const uint8_t *src, size_t len, FILE *out);

/* ---- The parser: a module's tree to a Wasm binary (spec 6.4-6.6), which
 * then goes through the decoder and validator like any .wasm. ---- */

/* encode.c: a growing byte buffer (malloc'd) and the binary format's
 * integers.  A failed allocation sets failed and later writes do nothing. */
typedef struct TxBuf {
	uint8_t *p;
	size_t n, cap;
	bool failed;
} TxBuf;

void tx_buf_free(TxBuf *b);
void tx_buf_bytes(TxBuf *b, const void *p, size_t n);
void tx_buf_u8(TxBuf *b, uint8_t v);
void tx_buf_u32(TxBuf *b, uint64_t v);           /* unsigned LEB128 */
void tx_buf_s64(TxBuf *b, int64_t v);            /* signed LEB128 */
void tx_buf_fixed(TxBuf *b, uint64_t v, unsigned bytes); /* little-endian */
void tx_buf_name(TxBuf *b, const uint8_t *p, size_t n);  /* vec(byte) */
/* Appends "id size content" (a section, or a subsection). */
void tx_buf_section(TxBuf *b, uint8_t id, const TxBuf *content);

/* names.c: identifiers to indices, one table per scope (module spaces,
 * one function's locals), open addressing in the arena: linear in the
 * number of ids. */
typedef enum TxSpace {
	TX_SP_TYPE, TX_SP_FUNC, TX_SP_TABLE, TX_SP_MEMORY, TX_SP_GLOBAL, TX_SP_ELEM, TX_SP_DATA,
	TX_SP_TAG, TX_SP_LOCAL, TX_SP_COUNT,
	TX_SP_SIG = TX_SP_COUNT, /* function types by their encoding */
	TX_SP_LABEL,             /* block labels: 1 + their place on the label stack, 0 unbound */
	TX_SP_FIELD              /* struct field names, keyed by tx_field_key */
} TxSpace;

typedef struct TxNameSlot {
	const uint8_t *name;   /* NULL: empty */
	size_t len;
	uint32_t space, index;
} TxNameSlot;

typedef struct TxNames {
	TxNameSlot *slots;
	size_t cap, used;      /* cap is a power of two, or 0 */
	Arena *arena;          /* grows here, doubling */
	bool failed;           /* out of memory */
} TxNames;

void tx_names_init(TxNames *t, Arena *a);
/* false when the id is already there (a duplicate) or memory ran out
 * (then t->failed). */
bool tx_names_add(TxNames *t, TxSpace sp, const uint8_t *name, size_t len, uint32_t index);
bool tx_names_find(const TxNames *t, TxSpace sp, const uint8_t *name, size_t len, uint32_t *index);
/* Adds or rebinds; false when memory ran out. */
bool tx_names_set(TxNames *t, TxSpace sp, const uint8_t *name, size_t len, uint32_t index);

/* optab.c: instruction names to opcodes, from ir/opcodes.def. */
/* Immediate kinds beyond IrImm's, for the parser's own use. */
enum { TX_IMM_TYPE = 64 };

typedef struct TxOp {
	const char *name;
	uint8_t prefix, imm, x;  /* prefix 0 for one-byte opcodes; imm: IrImm or
	                          * TX_IMM_x; x: natural alignment log2 or lanes */
	uint32_t code;
} TxOp;

typedef struct TxOpTable {
	const TxOp *rows;      /* the IR's rows, copied */
	const TxOp **slots;
	size_t cap;
} TxOpTable;

bool tx_optab_init(TxOpTable *t, Arena *a);
const TxOp *tx_optab_find(const TxOpTable *t, const char *name, size_t len);

/* wat.c, parse_*.c: the parser's state, shared by its files. */
typedef struct TxSig {
	const uint8_t *bytes;  /* a function type: 0x60 vec(params) vec(results),
	                        * as encoded; NULL for struct and array types */
	size_t len;
	uint32_t nparams, nresults;
	const uint8_t *entry;  /* for tx_type_add: the type section entry to
	                        * append (NULL: a rec group's, written after) */
	size_t entry_len;
	bool matchable;        /* a final function type alone in its group:
	                        * what an inline type use may stand for */
} TxSig;

typedef struct TxLabel {
	const uint8_t *id;     /* NULL when the block has none */
	size_t len;
	bool is_if;            /* else may follow */
	size_t else_at;        /* where else was written, or 0 */
	uint32_t shadowed;     /* the id's binding before this block */
} TxLabel;

enum { TX_SEC_COUNT = 14, TX_MAX_QUOTES = 8 };

/* A custom section from an annotation (annot.c): its name and payload,
 * and the slot it goes in among the sections (assemble in wat.c). */
typedef struct TxCustom TxCustom;
struct TxCustom {
	unsigned slot;
	TxBuf bytes;
	TxCustom *next;
};

typedef struct TxParser {
	const uint8_t *src;
	size_t len;
	Arena *arena;
	DiagSink *diags;
	bool failed;
	TxOpTable ops;
	TxNames names;                 /* the module's index spaces */
	uint32_t count[TX_SP_COUNT];   /* entries so far, per space */
	uint32_t imports[TX_SP_COUNT]; /* imports, per space */
	uint32_t next[TX_SP_COUNT];    /* the index the next entry takes (encoding) */
	const TxNode *defined;         /* the first definition (imports must precede) */
	TxSpace defined_space;
	TxBuf mem64;                   /* one byte per memory: 1 when it is i64 */
	TxSig *types;
	uint32_t ntypes, cap_types;
	TxBuf sec[TX_SEC_COUNT];       /* section contents by section id */
	uint32_t items[TX_SEC_COUNT];
	bool has_start, uses_data_count;
	uint32_t quotes;               /* (module quote) levels around this text */
	/* the function being encoded */
	TxNames locals;
	uint32_t nlocals;
	TxLabel *labels;
	uint32_t nlabels, cap_labels;
	TxNames label_ids;             /* id to its innermost label, constant time */
	/* what annotations add (annot.c) */
	const TxNode *form;            /* the module list (or the root of bare fields) */
	TxCustom *customs;             /* in text order */
	const TxNode *module_name;     /* (@name "x") of the module: the string */
	TxBuf func_names;              /* the name section's function names so far */
	uint32_t nfunc_names;
	int hint;                      /* the branch hint read last: -1, 0 or 1 */
	TxBuf func_hints, hints;       /* this function's hints; the section's entries */
	uint32_t nhints, nhint_funcs;
	size_t last_hint;
} TxParser;

/* annot.c: annotations read into custom sections.  Customs from the
 * module's fields and its end; names of the module and a function (after
 * their keyword and id: after_id is the next node, or NULL); branch hints
 * (take the one before node n, then place it at the opcode's offset in the
 * body; hints_end closes the function).  tx_annot_sections adds the name
 * and branch-hint sections; all fail only when out of memory. */
bool tx_annot_customs(TxParser *p, const TxNode *form, const TxNode *first_field);
void tx_annot_module_name(TxParser *p, const TxNode *list, const TxNode *after_id);
void tx_annot_func_name(TxParser *p, const TxNode *field, const TxNode *after_id, uint32_t index);
int tx_annot_hint_take(TxParser *p, const TxNode *n);
void tx_annot_hint_at(TxParser *p, int hint, size_t offset);
void tx_annot_hints_end(TxParser *p, uint32_t funcidx);
bool tx_annot_sections(TxParser *p);
void tx_annot_free(TxParser *p);

/* wat.c: errors, tokens and small forms every parse file uses. */
bool tx_fail(TxParser *p, const TxNode *at, DiagCode code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool tx_is_kw(const TxNode *n, const char *word);
bool tx_is_list(const TxNode *n, const char *head);    /* (head ...) */
bool tx_is_id(const TxNode *n);
/* A u32 literal (index, offset): "i32 constant out of range" beyond. */
bool tx_parse_u32(TxParser *p, const TxNode *n, uint32_t *out);
bool tx_parse_u64(TxParser *p, const TxNode *n, uint64_t *out);
/* An index: a number, or an id of the space. */
bool tx_parse_index(TxParser *p, const TxNode *n, TxSpace sp, uint32_t *out);
/* Strings concatenated (data, module binary/quote): in the arena. */
bool tx_parse_strings(TxParser *p, const TxNode *first, const TxNode **end, uint8_t **out, size_t *len);

/* parse_type.c: value, reference, block and function types, type uses. */
bool tx_parse_valtype(TxParser *p, const TxNode *n, TxBuf *out);
bool tx_parse_reftype(TxParser *p, const TxNode *n, TxBuf *out);
bool tx_is_reftype(const TxNode *n);
/* An abstract heap type (func, extern, ...) or a type index (s33). */
bool tx_parse_heaptype(TxParser *p, const TxNode *n, TxBuf *out);
/* (param ...)* (result ...)* from *at on, as a signature; ids of params
 * go to p->locals when names is set. */
bool tx_parse_functype(TxParser *p, const TxNode **at, bool names, TxSig *out);
/* A type use: (type x)? then params and results, the implicit type added
 * when new.  Leaves *at after it; the type's index in *index. */
bool tx_parse_typeuse(TxParser *p, const TxNode **at, bool names, uint32_t *index);
uint32_t tx_type_add(TxParser *p, const TxSig *sig);
/* A type definition's (type id? ...) or a rec group's (rec (type ...)*):
 * its types added in order. */
bool tx_parse_typedef(TxParser *p, const TxNode *field);
/* A block type: empty, one result, or a type use. */
bool tx_parse_blocktype(TxParser *p, const TxNode **at, TxBuf *out);

/* parse_instr.c: instruction sequences, plain and folded, up to end. */
bool tx_parse_instrs(TxParser *p, const TxNode *first, const TxNode *end, TxBuf *out);
/* A constant expression: instructions then 0x0b. */
bool tx_parse_expr(TxParser *p, const TxNode *first, TxBuf *out);

/* fields.c: struct field names (GC), bound per type in pass 1 and looked
 * up by struct.get/set: (type index, field id) -> field index. */
bool tx_bind_fields(TxParser *p, const TxNode *type, uint32_t typeidx);
bool tx_find_field(TxParser *p, uint32_t typeidx, const TxNode *id, uint32_t *field);

/* parse_module.c: a module's fields into p->sec. */
bool tx_parse_fields(TxParser *p, const TxNode *first);

/* wat.c: the entry.  node is a (module ...) form, or the root of a file
 * holding bare fields.  The binary is malloc'd; NULL after reporting. */
uint8_t *tx_module_encode(const TxNode *node, const uint8_t *src, size_t len, DiagSink *diags,
                          size_t *size);
/* A whole .wat text: read, parse, encode. */
uint8_t *tx_wat_to_wasm(const uint8_t *src, size_t len, DiagSink *diags, size_t *size);

#endif
