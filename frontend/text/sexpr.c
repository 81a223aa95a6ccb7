/* frontend/text/sexpr.c: tokens to a tree of lists and atoms, the shape
 * every text-format construct has (spec 6.1).  The second layer of the
 * text reader, under the parser.  The tree is built with an explicit
 * stack, and nesting beyond a limit is refused, so no input can overflow
 * the C stack here or in a recursive walk of the result.
 */
#include "text.h"

#include <stdlib.h>

typedef struct Frame {
	TxNode *node;
	TxNode *tail;          /* last child so far */
	TxNode *annots, *annots_tail; /* annotations waiting for the next child */
} Frame;

typedef struct Builder {
	TxLexer lx;
	Frame *stack;
	uint32_t depth, max_depth;
	Arena *arena;
	DiagSink *diags;
} Builder;

static TxNode *node_new(Builder *b, TxNodeKind kind, const TxToken *tok)
{
	TxNode *n = arena_alloc(b->arena, sizeof *n);
	if (!n) {
		diag_report(b->diags, DIAG_OUT_OF_MEMORY, tok->loc.offset, DIAG_NO_FUNC, "building the tree");
		return NULL;
	}
	n->kind = kind;
	n->tok = *tok;
	return n;
}

static void append(Frame *f, TxNode *n)
{
	if (n->kind == TX_NODE_ANNOT) { /* aside, for the child after it */
		if (f->annots_tail)
			f->annots_tail->next = n;
		else
			f->annots = n;
		f->annots_tail = n;
		return;
	}
	n->annots = f->annots;
	f->annots = f->annots_tail = NULL;
	if (f->tail)
		f->tail->next = n;
	else
		f->node->first = n;
	f->tail = n;
	f->node->count++;
}

static bool open_list(Builder *b, const TxToken *tok)
{
	if (b->depth >= b->max_depth) {
		diag_report(b->diags, DIAG_TEXT_NESTING, tok->loc.offset, DIAG_NO_FUNC,
		            "more than %u nested lists", b->max_depth);
		return false;
	}
	TxNode *n = node_new(b, tok->kind == TX_ANNOT ? TX_NODE_ANNOT : TX_NODE_LIST, tok);
	if (!n)
		return false;
	append(&b->stack[b->depth], n);
	b->stack[++b->depth] = (Frame){ .node = n };
	return true;
}

static bool close_list(Builder *b, const TxToken *tok)
{
	if (!b->depth) {
		diag_report(b->diags, DIAG_TEXT_UNEXPECTED_TOKEN, tok->loc.offset, DIAG_NO_FUNC,
		            "')' without a matching '('");
		return false;
	}
	Frame *f = &b->stack[b->depth--];
	f->node->end = tok->loc;
	f->node->annots_end = f->annots;
	return true;
}

/* The end of input with lists still open: name the innermost one; an
 * open annotation anywhere is the spec's "unclosed annotation". */
static void unclosed(Builder *b, const TxToken *eof)
{
	DiagCode code = DIAG_TEXT_UNEXPECTED_EOF;
	for (uint32_t d = 1; d <= b->depth; d++)
		if (b->stack[d].node->kind == TX_NODE_ANNOT)
			code = DIAG_TEXT_UNCLOSED_ANNOT;
	const TxLoc *at = &b->stack[b->depth].node->tok.loc;
	diag_report(b->diags, code, eof->loc.offset, DIAG_NO_FUNC,
	            "expected ')' to close the '(' at %u:%u", at->line, at->col);
}

static bool step(Builder *b, const TxToken *tok)
{
	TxNode *n;
	switch (tok->kind) {
	case TX_LPAREN:
	case TX_ANNOT:
		return open_list(b, tok);
	case TX_RPAREN:
		return close_list(b, tok);
	default:
		n = node_new(b, TX_NODE_ATOM, tok);
		if (n)
			append(&b->stack[b->depth], n);
		return n != NULL;
	}
}

static TxNode *build(Builder *b, TxNode *root)
{
	TxToken tok;
	for (;;) {
		if (!tx_lexer_next(&b->lx, &tok))
			return NULL;
		if (tok.kind == TX_EOF)
			break;
		if (!step(b, &tok))
			return NULL;
	}
	if (b->depth) {
		unclosed(b, &tok);
		return NULL;
	}
	root->end = tok.loc;
	root->annots_end = b->stack[0].annots;
	return root;
}

TxNode *tx_sexpr_read(const uint8_t *src, size_t len, uint32_t max_depth, Arena *arena,
                      DiagSink *diags)
{
	if (max_depth > TX_SEXPR_MAX_DEPTH) /* the stack below is max_depth frames */
		max_depth = TX_SEXPR_MAX_DEPTH;
	Builder b = { .max_depth = max_depth, .arena = arena, .diags = diags };
	tx_lexer_init(&b.lx, src, len, arena, diags);
	TxToken start = { .kind = TX_LPAREN, .loc = { 0, 1, 1 }, .text = (const char *)src };
	TxNode *root = node_new(&b, TX_NODE_LIST, &start);
	b.stack = malloc(((size_t)max_depth + 1) * sizeof *b.stack);
	if (!root || !b.stack) {
		free(b.stack);
		if (root)
			diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "building the tree");
		return NULL;
	}
	b.stack[0] = (Frame){ .node = root };
	TxNode *result = build(&b, root);
	free(b.stack);
	return result;
}
