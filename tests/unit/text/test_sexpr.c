/* tests/unit/text/test_sexpr.c: tokens to a tree (frontend/text/sexpr.c).
 * The shape and locations of lists, atoms and annotations; unbalanced
 * parentheses and unclosed annotations with the line:column they report;
 * the nesting limit, which must hold for input far deeper than the C
 * stack could recurse.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/text/text.h"

static Arena *arena;
static DiagSink diags;

static void setup(void)
{
	arena = arena_new();
}

static void teardown(void)
{
	arena_free(arena);
}

TestSuite(sexpr, .init = setup, .fini = teardown);

static TxNode *read_n(const char *src, size_t n, uint32_t max_depth)
{
	memset(&diags, 0, sizeof diags);
	return tx_sexpr_read((const uint8_t *)src, n, max_depth, arena, &diags);
}

static TxNode *read_ok(const char *src)
{
	TxNode *root = read_n(src, strlen(src), TX_SEXPR_MAX_DEPTH);
	cr_assert(root, "read failed: %s", diags.n ? diag_text(diags.items[0].code) : "");
	cr_assert_eq(diags.n, 0);
	return root;
}

/* Fails with this code at this line:column. */
static void read_fails(const char *src, DiagCode code, uint32_t line, uint32_t col)
{
	cr_assert_null(read_n(src, strlen(src), TX_SEXPR_MAX_DEPTH), "'%s' was read", src);
	cr_assert_eq(diags.n, 1);
	cr_assert_eq(diags.items[0].code, code, "'%s': %s, expected %s", src, diag_code_name(diags.items[0].code),
	             diag_code_name(code));
	TxLoc at = tx_loc_of((const uint8_t *)src, strlen(src), diags.items[0].offset);
	cr_assert(at.line == line && at.col == col, "'%s': at %u:%u, expected %u:%u", src, at.line, at.col, line, col);
}

static bool atom_is(const TxNode *n, TxTokKind kind, const char *text)
{
	return n && n->kind == TX_NODE_ATOM && n->tok.kind == kind && n->tok.len == strlen(text) &&
	       !memcmp(n->tok.text, text, n->tok.len);
}

Test(sexpr, shape)
{
	TxNode *root = read_ok("(module $m\n  (func (result i32) (i32.const 1)))\n(assert_return (invoke \"f\"))");
	cr_assert_eq(root->kind, TX_NODE_LIST);
	cr_assert_eq(root->count, 2);
	TxNode *mod = root->first;
	cr_assert_eq(mod->kind, TX_NODE_LIST);
	cr_assert_eq(mod->count, 3);
	cr_assert(atom_is(mod->first, TX_KEYWORD, "module"));
	cr_assert(atom_is(mod->first->next, TX_ID, "$m"));
	TxNode *func = mod->first->next->next;
	cr_assert_eq(func->kind, TX_NODE_LIST);
	cr_assert_eq(func->count, 3);
	cr_assert_eq(func->tok.loc.line, 2);
	cr_assert_eq(func->tok.loc.col, 3);
	cr_assert_eq(func->end.line, 2);
	cr_assert_eq(func->end.col, 35);
	cr_assert_null(func->next);
	TxNode *konst = func->first->next->next;
	cr_assert(atom_is(konst->first, TX_KEYWORD, "i32.const"));
	cr_assert(atom_is(konst->first->next, TX_NAT, "1"));
	TxNode *assert = mod->next;
	cr_assert(atom_is(assert->first, TX_KEYWORD, "assert_return"));
	cr_assert_eq(assert->first->next->first->next->tok.kind, TX_STRING);
	cr_assert_null(assert->next);
}

Test(sexpr, empty_and_comment_only)
{
	cr_assert_eq(read_ok("")->count, 0);
	cr_assert_eq(read_ok(" ;; x\n (; y ;) ")->count, 0);
	cr_assert_eq(read_ok("()")->first->count, 0);
	cr_assert_eq(read_ok("a b c")->count, 3);
}

/* Annotations are nodes kept aside: on the node after them, or last in a
 * list on the list, so that only what reads them sees them. */
Test(sexpr, annotations_hang_on_the_next_node)
{
	TxNode *root = read_ok("(module (@name \"x\" (@a b)) (func) (@c) (@d))");
	TxNode *mod = root->first, *func = mod->first->next;
	cr_assert_eq(mod->count, 2);
	cr_assert_eq(func->kind, TX_NODE_LIST);
	cr_assert_null(func->next);
	TxNode *ann = func->annots;
	cr_assert_eq(ann->kind, TX_NODE_ANNOT);
	cr_assert_eq(ann->tok.str_len, 4);
	cr_assert(!memcmp(ann->tok.str, "name", 4));
	cr_assert_eq(ann->count, 1);
	cr_assert_null(ann->next);
	cr_assert_eq(ann->annots_end->kind, TX_NODE_ANNOT);
	cr_assert_eq(ann->annots_end->count, 1);
	cr_assert_eq(mod->annots_end->tok.str_len, 1);
	cr_assert(!memcmp(mod->annots_end->next->tok.str, "d", 1));
}

Test(sexpr, unbalanced)
{
	read_fails("(module", DIAG_TEXT_UNEXPECTED_EOF, 1, 8);
	read_fails("(module\n  (func\n)", DIAG_TEXT_UNEXPECTED_EOF, 3, 2);
	read_fails("(a))", DIAG_TEXT_UNEXPECTED_TOKEN, 1, 4);
	read_fails(")", DIAG_TEXT_UNEXPECTED_TOKEN, 1, 1);
	read_fails("(@x ", DIAG_TEXT_UNCLOSED_ANNOT, 1, 5);
	read_fails("(@x (y (z))", DIAG_TEXT_UNCLOSED_ANNOT, 1, 12);
	read_fails("(@x (@y )", DIAG_TEXT_UNCLOSED_ANNOT, 1, 10);
	read_fails("(@x))", DIAG_TEXT_UNEXPECTED_TOKEN, 1, 5);
	read_fails("(a\n \"b", DIAG_TEXT_UNCLOSED_STRING, 2, 2);
	cr_assert(strstr(diags.items[0].detail, "string") != NULL);
}

Test(sexpr, error_names_the_open_paren)
{
	read_fails("(a\n (b\n  (c)", DIAG_TEXT_UNEXPECTED_EOF, 3, 6);
	cr_assert_str_eq(diags.items[0].detail, "expected ')' to close the '(' at 2:2");
}

/* A million open parentheses: refused at the limit, without recursion. */
Test(sexpr, depth_limit)
{
	size_t n = 1000000;
	char *deep = malloc(2 * n);
	memset(deep, '(', n);
	memset(deep + n, ')', n);
	cr_assert_null(read_n(deep, 2 * n, TX_SEXPR_MAX_DEPTH));
	cr_assert_eq(diags.items[0].code, DIAG_TEXT_NESTING);
	cr_assert_eq(diags.items[0].offset, TX_SEXPR_MAX_DEPTH);
	TxNode *root = read_n(deep + n - 100, 200, 100);
	cr_assert_not_null(root, "exactly at the limit is fine");
	cr_assert_null(read_n(deep + n - 101, 202, 100));
	free(deep);
}

Test(sexpr, diag_print_uses_line_and_column)
{
	const char *src = "(module\n  \"\\q\")";
	cr_assert_null(read_n(src, strlen(src), TX_SEXPR_MAX_DEPTH));
	char buf[256] = { 0 };
	FILE *f = fmemopen(buf, sizeof buf, "w");
	tx_diag_print(&diags.items[0], "x.wat", (const uint8_t *)src, strlen(src), f);
	fclose(f);
	cr_assert_str_eq(buf, "x.wat:2:4: error: illegal escape: in a string\n");
}
