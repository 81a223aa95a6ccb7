/* tests/fuzz/fuzz_text.c: libFuzzer target for the text reader
 * (frontend/text: lexer, literals, S-expression tree, parser).  Any byte
 * string is lexed token by token, read as a tree, then parsed as a module
 * into a binary that the decoder and validator read.  Besides the
 * sanitizers it checks: tokens lie inside the input in order, with the
 * line:column tx_loc_of computes; numeric syntax the lexer accepted is
 * syntax the literal converters accept (number.c and the C library
 * agree); the lexer and the tree reader agree on lexical errors; text
 * that does not lex never converts; the same text makes the same binary
 * twice; and the diagnostic
 * contract of fuzz_module.c.  Built only with NACRE_FUZZ.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "frontend/frontend.h"
#include "frontend/text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { CHECK_LOCS = 32, FUZZ_DEPTH = 64 };

static void broken(const char *what, const DiagSink *d, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz_text: contract broken: %s\n", what);
	for (unsigned i = 0; d && i < d->n; i++)
		tx_diag_print(&d->items[i], "input", data, size, stderr);
	__builtin_trap();
}

static void check_diags(const DiagSink *d, bool ok, const uint8_t *data, size_t size)
{
	if (ok && (d->n || d->dropped))
		broken("success with diagnostics", d, data, size);
	if (!ok && !d->n)
		broken("failure without a diagnostic", d, data, size);
	for (unsigned i = 0; i < d->n; i++)
		if (d->items[i].code == DIAG_NONE || d->items[i].code >= DIAG_COUNT || d->items[i].offset > size)
			broken("diagnostic without a valid code or offset", d, data, size);
}

/* Every numeric token converts, or is out of range: never a syntax error. */
static void check_number(const TxToken *t, const uint8_t *data, size_t size)
{
	uint64_t v;
	uint32_t f;
	DiagCode c[] = {
		tx_lit_f32(t->text, t->len, &f),
		tx_lit_f64(t->text, t->len, &v),
		t->kind == TX_FLOAT ? DIAG_NONE : tx_lit_int(t->text, t->len, 32, &v),
		t->kind == TX_FLOAT ? DIAG_NONE : tx_lit_int(t->text, t->len, 64, &v),
		t->kind != TX_NAT ? DIAG_NONE : tx_lit_uint(t->text, t->len, 8, &v),
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		if (c[i] != DIAG_NONE && c[i] != DIAG_TEXT_CONST_RANGE && c[i] != DIAG_OUT_OF_MEMORY)
			broken("a numeric token the converters reject as syntax", NULL, data, size);
}

static void check_token(const TxToken *t, size_t *last, unsigned i, const uint8_t *data, size_t size)
{
	if (t->loc.offset < *last || t->loc.offset + t->len > size)
		broken("token outside the input or out of order", NULL, data, size);
	*last = t->loc.offset + t->len;
	if (i < CHECK_LOCS) {
		TxLoc at = tx_loc_of(data, size, t->loc.offset);
		if (at.line != t->loc.line || at.col != t->loc.col)
			broken("token line:column differs from tx_loc_of", NULL, data, size);
	}
	if (t->kind == TX_NAT || t->kind == TX_INT || t->kind == TX_FLOAT)
		check_number(t, data, size);
	if (t->kind == TX_RESERVED && t->why == DIAG_NONE)
		broken("a reserved token without a reason", NULL, data, size);
}

/* The whole input through the lexer: true when it lexes. */
static bool lex_all(const uint8_t *data, size_t size, Arena *arena)
{
	DiagSink d = { 0 };
	TxLexer lx;
	tx_lexer_init(&lx, data, size, arena, &d);
	TxToken t;
	size_t last = 0;
	unsigned i = 0;
	bool ok;
	while ((ok = tx_lexer_next(&lx, &t)) && t.kind != TX_EOF)
		check_token(&t, &last, i++, data, size);
	check_diags(&d, ok, data, size);
	return ok;
}

static bool tree_error(DiagCode c)
{
	return c == DIAG_TEXT_UNEXPECTED_TOKEN || c == DIAG_TEXT_UNEXPECTED_EOF ||
	       c == DIAG_TEXT_UNCLOSED_ANNOT || c == DIAG_TEXT_NESTING || c == DIAG_OUT_OF_MEMORY;
}

/* The parser, and what the decoder and validator make of its binary. */
static void parse(const uint8_t *data, size_t size, bool lexes)
{
	DiagSink d = { 0 };
	size_t n = 0, n2 = 0;
	uint8_t *bin = tx_wat_to_wasm(data, size, &d, &n);
	check_diags(&d, bin != NULL, data, size);
	if (!bin)
		return;
	if (!lexes)
		broken("a binary from text that does not lex", NULL, data, size);
	DiagSink d2 = { 0 };
	uint8_t *again = tx_wat_to_wasm(data, size, &d2, &n2);
	if (!again || n2 != n || memcmp(bin, again, n))
		broken("the same text made two binaries", NULL, data, size);
	DiagSink dv = { 0 };
	IrModule *m = fe_module_load(bin, n, &dv);
	check_diags(&dv, m != NULL, bin, n);
	ir_module_free(m);
	free(again);
	free(bin);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *arena = arena_new();
	if (!arena)
		return 0;
	bool lexes = lex_all(data, size, arena);
	DiagSink d = { 0 };
	TxNode *root = tx_sexpr_read(data, size, FUZZ_DEPTH, arena, &d);
	check_diags(&d, root != NULL, data, size);
	if (!lexes && root)
		broken("a tree from input that does not lex", &d, data, size);
	if (lexes && !root && !tree_error(d.items[0].code))
		broken("a lexical error from the tree reader only", &d, data, size);
	arena_free(arena);
	parse(data, size, lexes);
	return 0;
}
