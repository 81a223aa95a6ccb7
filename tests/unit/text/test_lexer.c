/* tests/unit/text/test_lexer.c: the text-format lexer (frontend/text/lexer.c
 * and string.c).  Every token kind with its text, decoded bytes and
 * line:column; the longest-run rule that makes "0$x" one reserved token;
 * comments, annotations, string escapes; and each lexical error with its
 * exact code and offset.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend/text/text.h"

static Arena *arena;
static DiagSink diags;
static TxLexer lx;

static void setup(void)
{
	arena = arena_new();
}

static void teardown(void)
{
	arena_free(arena);
}

TestSuite(lexer, .init = setup, .fini = teardown);

static void lex(const char *src)
{
	memset(&diags, 0, sizeof diags);
	tx_lexer_init(&lx, (const uint8_t *)src, strlen(src), arena, &diags);
}

/* Like lex, for sources with NUL bytes. */
static void lex_n(const char *src, size_t n)
{
	memset(&diags, 0, sizeof diags);
	tx_lexer_init(&lx, (const uint8_t *)src, n, arena, &diags);
}

static TxToken next(void)
{
	TxToken t;
	cr_assert(tx_lexer_next(&lx, &t), "lexer failed: %s %s", diags.n ? diag_text(diags.items[0].code) : "",
	          diags.n ? diags.items[0].detail : "");
	return t;
}

static void expect(TxTokKind kind, const char *text)
{
	TxToken t = next();
	cr_assert_eq(t.kind, kind, "got %s '%.*s', expected %s '%s'", tx_tok_kind_name(t.kind),
	             (int)t.len, t.text, tx_tok_kind_name(kind), text);
	cr_assert_eq(t.len, strlen(text), "token '%.*s', expected '%s'", (int)t.len, t.text, text);
	cr_assert(!memcmp(t.text, text, t.len));
}

static void expect_eof(void)
{
	expect(TX_EOF, "");
}

/* The next token is a string or id (or annotation) decoding to bytes. */
static void expect_str(TxTokKind kind, const char *bytes, size_t n)
{
	TxToken t = next();
	cr_assert_eq(t.kind, kind, "got %s '%.*s'", tx_tok_kind_name(t.kind), (int)t.len, t.text);
	cr_assert_eq(t.str_len, n, "decoded %zu bytes, expected %zu", t.str_len, n);
	cr_assert(!memcmp(t.str, bytes, n), "decoded bytes differ");
}

static void expect_reserved(const char *text, DiagCode why)
{
	TxToken t = next();
	cr_assert_eq(t.kind, TX_RESERVED, "'%s' is %s", text, tx_tok_kind_name(t.kind));
	cr_assert_eq(t.len, strlen(text));
	cr_assert_eq(t.why, why, "why %s, expected %s", diag_code_name(t.why), diag_code_name(why));
}

/* Lexing to the end fails with exactly this diagnostic. */
static void expect_error(DiagCode code, size_t offset)
{
	TxToken t;
	while (tx_lexer_next(&lx, &t) && t.kind != TX_EOF)
		;
	cr_assert_eq(diags.n, 1, "%u diagnostics, expected 1", diags.n);
	cr_assert_eq(diags.items[0].code, code, "got %s, expected %s", diag_code_name(diags.items[0].code),
	             diag_code_name(code));
	cr_assert_eq(diags.items[0].offset, offset, "at %zu, expected %zu", diags.items[0].offset, offset);
	cr_assert(!tx_lexer_next(&lx, &t), "a failed lexer must stay failed");
}

Test(lexer, every_token_kind)
{
	lex("(module $m \"s\" 42 -7 1.5 0$x (@ann))");
	expect(TX_LPAREN, "(");
	expect(TX_KEYWORD, "module");
	expect(TX_ID, "$m");
	expect(TX_STRING, "\"s\"");
	expect(TX_NAT, "42");
	expect(TX_INT, "-7");
	expect(TX_FLOAT, "1.5");
	expect(TX_RESERVED, "0$x");
	expect(TX_ANNOT, "(@ann");
	expect(TX_RPAREN, ")");
	expect(TX_RPAREN, ")");
	expect_eof();
	expect_eof();
}

Test(lexer, line_and_column)
{
	lex("(a\n  b\r\n\tc\rd (;x\ny;) e ;; f\n\"g\"");
	TxLoc want[] = { { 0, 1, 1 }, { 1, 1, 2 }, { 5, 2, 3 }, { 9, 3, 2 }, { 11, 4, 1 },
	                 { 21, 5, 5 }, { 28, 6, 1 } };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		TxToken t = next();
		cr_assert_eq(t.loc.offset, want[i].offset, "token %zu at %zu", i, t.loc.offset);
		cr_assert_eq(t.loc.line, want[i].line, "token %zu on line %u", i, t.loc.line);
		cr_assert_eq(t.loc.col, want[i].col, "token %zu at column %u", i, t.loc.col);
		TxLoc again = tx_loc_of(lx.src, lx.len, t.loc.offset);
		cr_assert(again.line == t.loc.line && again.col == t.loc.col, "tx_loc_of disagrees");
	}
	expect_eof();
}

Test(lexer, keywords_take_any_idchar)
{
	lex("i32.load offset=4 align=0x8 nan:canonical v128.const i8x16.shuffle memory.atomic.wait32 a!#$%&'*+-./:<=>?@\\^_`|~");
	const char *kw[] = { "i32.load", "offset=4", "align=0x8", "nan:canonical", "v128.const",
	                     "i8x16.shuffle", "memory.atomic.wait32", "a!#$%&'*+-./:<=>?@\\^_`|~" };
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		expect(TX_KEYWORD, kw[i]);
	expect_eof();
}

Test(lexer, numbers)
{
	lex("0 007 1_000 0x0 0xDEAD_beef +0 -0x1 +1_0 "
	    "1. 1.5 1e5 1E+5 1.e-5 1_0.0_1e1_0 0x1p3 0x1.8P-3 0x.p1 0xa. inf -inf +nan nan:0xf_f -nan:0x1");
	const char *nat[] = { "0", "007", "1_000", "0x0", "0xDEAD_beef" };
	for (size_t i = 0; i < 5; i++)
		expect(TX_NAT, nat[i]);
	expect(TX_INT, "+0");
	expect(TX_INT, "-0x1");
	expect(TX_INT, "+1_0");
	const char *fl[] = { "1.", "1.5", "1e5", "1E+5", "1.e-5", "1_0.0_1e1_0", "0x1p3", "0x1.8P-3" };
	for (size_t i = 0; i < 8; i++)
		expect(TX_FLOAT, fl[i]);
	expect_reserved("0x.p1", DIAG_TEXT_UNKNOWN_OPERATOR);
	const char *fl2[] = { "0xa.", "inf", "-inf", "+nan", "nan:0xf_f", "-nan:0x1" };
	for (size_t i = 0; i < 6; i++)
		expect(TX_FLOAT, fl2[i]);
	expect_eof();
}

Test(lexer, malformed_numbers_are_reserved_or_keywords)
{
	lex("_1 1_ 1__0 0x 0x_1 1x 0xg 1e 1e+ 1.5.5 +_1 - + .5 1._5 0x1p 0x1pA +inf:0x1 nan:0x nan:0xg -nan:canonical");
	const char *bad[] = { "_1", "1_", "1__0", "0x", "0x_1", "1x", "0xg", "1e", "1e+", "1.5.5", "+_1",
	                      "-", "+", ".5", "1._5", "0x1p", "0x1pA", "+inf:0x1" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_reserved(bad[i], DIAG_TEXT_UNKNOWN_OPERATOR);
	expect(TX_KEYWORD, "nan:0x");
	expect(TX_KEYWORD, "nan:0xg");
	expect_reserved("-nan:canonical", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_eof();
}

Test(lexer, identifiers)
{
	lex("$x $0 $!?@#a$%^&*b-+_.:9'`|/\\<=>~ $l$l $\"a b\" $\"\\41B\" $\"\\u{f61a}\"");
	expect_str(TX_ID, "x", 1);
	expect_str(TX_ID, "0", 1);
	expect_str(TX_ID, "!?@#a$%^&*b-+_.:9'`|/\\<=>~", 26);
	expect_str(TX_ID, "l$l", 3);
	expect_str(TX_ID, "a b", 3);
	expect_str(TX_ID, "AB", 2);
	expect_str(TX_ID, "\xef\x98\x9a", 3);
	expect_eof();
}

Test(lexer, bad_identifiers_are_reserved_with_the_reason)
{
	lex("$ $\"\" $\"\\ef\" $\"l\"0 $\"l\"$l 0$x $x\"y\" $,");
	expect_reserved("$", DIAG_TEXT_EMPTY_ID);
	expect_reserved("$\"\"", DIAG_TEXT_EMPTY_ID);
	expect_reserved("$\"\\ef\"", DIAG_UTF8);
	expect_reserved("$\"l\"0", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_reserved("$\"l\"$l", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_reserved("0$x", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_reserved("$x\"y\"", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_reserved("$,", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_eof();
}

Test(lexer, string_escapes)
{
	lex("\"\" \"a\\t\\n\\r\\\"\\'\\\\z\" \"\\00\\ff\\7F\" \"\\u{0}\\u{7f}\\u{80}\\u{7ff}\\u{800}\\u{ffff}\\u{10000}\\u{10FFFF}\" "
	    "\"\\u{1_F600}\" \"Heiße\"");
	expect_str(TX_STRING, "", 0);
	expect_str(TX_STRING, "a\t\n\r\"'\\z", 8);
	expect_str(TX_STRING, "\0\xff\x7f", 3);
	expect_str(TX_STRING, "\0\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 20);
	expect_str(TX_STRING, "\xf0\x9f\x98\x80", 4);
	expect_str(TX_STRING, "Hei\xc3\x9f" "e", 6);
	expect_eof();
}

Test(lexer, unescaped_string_points_into_the_source)
{
	const char *src = "\"plain\"";
	lex(src);
	TxToken t = next();
	cr_assert_eq((const char *)t.str, src + 1);
	cr_assert_eq(t.str_len, 5);
}

Test(lexer, string_runs_are_reserved)
{
	lex("\"a\"\"b\" \"a\"x x\"a\" \"a\"0 \"a\",");
	expect_reserved("\"a\"\"b\"", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_reserved("\"a\"x", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_reserved("x\"a\"", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_reserved("\"a\"0", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_reserved("\"a\",", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_eof();
}

Test(lexer, reserved_punctuation)
{
	lex(", ; ] [ }} }x{ {;} a;b");
	const char *r[] = { ",", ";", "]", "[", "}}", "}x{", "{;}", "a;b" };
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		expect_reserved(r[i], DIAG_TEXT_UNKNOWN_OPERATOR);
	expect_eof();
}

Test(lexer, tokens_end_at_parens_and_comments)
{
	lex("(func(nop)nop)$f(;c;)0;;bla\n\"a\"(;c;)x;)");
	expect(TX_LPAREN, "(");
	expect(TX_KEYWORD, "func");
	expect(TX_LPAREN, "(");
	expect(TX_KEYWORD, "nop");
	expect(TX_RPAREN, ")");
	expect(TX_KEYWORD, "nop");
	expect(TX_RPAREN, ")");
	expect(TX_ID, "$f");
	expect(TX_NAT, "0");
	expect(TX_STRING, "\"a\"");
	expect_reserved("x;", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect(TX_RPAREN, ")");
	expect_eof();
}

Test(lexer, comments)
{
	lex(";;c\n;;;;\n(;;) (;;;;) (;(((( ;) (;))));) (;\"\"\";) (;a(;b(;c;)b;)a;) (;x;;y\n;) ;; (; \n"
	    "(; \x01\x7f\t Hei\xc3\x9f" "e ;) ;;\xf0\x9f\x98\x80\r\nend ;; no newline at the end");
	expect(TX_KEYWORD, "end");
	expect_eof();
	lex_n("(;\0;)a", 6);
	expect(TX_KEYWORD, "a");
	expect_eof();
}

Test(lexer, annotations)
{
	lex("(@a) (@\"a b\" x) (@a (@) (@ x) (@(@(@)))) (@x$y\"z\" , ;) (@0) (@$)");
	expect_str(TX_ANNOT, "a", 1);
	expect(TX_RPAREN, ")");
	expect_str(TX_ANNOT, "a b", 3);
	expect(TX_KEYWORD, "x");
	expect(TX_RPAREN, ")");
	expect_str(TX_ANNOT, "a", 1);
	expect(TX_LPAREN, "(");
	expect_reserved("@", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect(TX_RPAREN, ")");
	expect(TX_LPAREN, "(");
	expect_reserved("@", DIAG_TEXT_UNKNOWN_OPERATOR);
	expect(TX_KEYWORD, "x");
	expect(TX_RPAREN, ")");
	for (int i = 0; i < 3; i++) {
		expect(TX_LPAREN, "(");
		expect_reserved("@", DIAG_TEXT_UNKNOWN_OPERATOR);
	}
	for (int i = 0; i < 4; i++)
		expect(TX_RPAREN, ")");
	cr_assert_eq(lx.annot_depth, 0, "the annotation is closed");
	/* x$y"z" is no annotation id: outside an annotation that is an error */
	lex("(@x$y\"z\" , ;)");
	expect_error(DIAG_TEXT_EMPTY_ANNOT_ID, 0);
	lex("(@0) (@$)");
	expect_str(TX_ANNOT, "0", 1);
	expect(TX_RPAREN, ")");
	expect_str(TX_ANNOT, "$", 1);
	expect(TX_RPAREN, ")");
	expect_eof();
}

Test(lexer, annotation_errors)
{
	const struct {
		const char *src;
		DiagCode code;
		size_t offset;
	} cases[] = {
		{ "(@)", DIAG_TEXT_EMPTY_ANNOT_ID, 0 },
		{ " (@ x)", DIAG_TEXT_EMPTY_ANNOT_ID, 1 },
		{ "(@(@a)x)", DIAG_TEXT_EMPTY_ANNOT_ID, 0 },
		{ "(@\"\")", DIAG_TEXT_EMPTY_ANNOT_ID, 0 },
		{ "(@\"\\ef\")", DIAG_UTF8, 2 },
		{ "(@a \x01)", DIAG_TEXT_ILLEGAL_CHAR, 4 },
		{ "(@a \x7f)", DIAG_TEXT_ILLEGAL_CHAR, 4 },
		{ "(@a \x80)", DIAG_UTF8, 4 },
		{ "(@a Hei\xc3\x9f" "e)", DIAG_TEXT_ILLEGAL_CHAR, 7 },
		{ "(@x \"", DIAG_TEXT_UNCLOSED_STRING, 4 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lex(cases[i].src);
		expect_error(cases[i].code, cases[i].offset);
	}
}

Test(lexer, string_errors)
{
	const struct {
		const char *src;
		DiagCode code;
		size_t offset;
	} cases[] = {
		{ "\"abc", DIAG_TEXT_UNCLOSED_STRING, 0 },
		{ "x \"ab\ncd\"", DIAG_TEXT_UNCLOSED_STRING, 5 },
		{ "\"ab\rcd\"", DIAG_TEXT_UNCLOSED_STRING, 3 },
		{ "\"a\\", DIAG_TEXT_UNCLOSED_STRING, 2 },
		{ "\"a\\q\"", DIAG_TEXT_ILLEGAL_ESCAPE, 2 },
		{ "\"\\0\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\0g\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u{}\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u{d800}\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u{dfff}\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u{110000}\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u{ffffffffffffffffffff41}\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u{_1}\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u{1_}\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u41\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"\\u{41\"", DIAG_TEXT_ILLEGAL_ESCAPE, 1 },
		{ "\"a\tb\"", DIAG_TEXT_ILLEGAL_CHAR, 2 },
		{ "\"\x7f\"", DIAG_TEXT_ILLEGAL_CHAR, 1 },
		{ "\"\xc0\x80\"", DIAG_UTF8, 1 },
		{ "\"\xed\xa0\x80\"", DIAG_UTF8, 1 },
		{ "\"\xf4\x90\x80\x80\"", DIAG_UTF8, 1 },
		{ "\"\xe2\x82\"", DIAG_UTF8, 1 },
		{ "\"\xff\"", DIAG_UTF8, 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lex(cases[i].src);
		expect_error(cases[i].code, cases[i].offset);
	}
}

Test(lexer, characters_outside_tokens)
{
	const struct {
		const char *src;
		DiagCode code;
		size_t offset;
	} cases[] = {
		{ "a\x01", DIAG_TEXT_ILLEGAL_CHAR, 1 },
		{ "\x0b", DIAG_TEXT_ILLEGAL_CHAR, 0 },
		{ "\x0c", DIAG_TEXT_ILLEGAL_CHAR, 0 },
		{ "(a \x7f)", DIAG_TEXT_ILLEGAL_CHAR, 3 },
		{ "\xc3\x9f", DIAG_TEXT_ILLEGAL_CHAR, 0 },
		{ "a\xff", DIAG_UTF8, 1 },
		{ "(; \xff ;)", DIAG_UTF8, 3 },
		{ ";; \xed\xa0\x80", DIAG_UTF8, 3 },
		{ "(; (; ;)", DIAG_TEXT_UNCLOSED_COMMENT, 0 },
		{ "x (;", DIAG_TEXT_UNCLOSED_COMMENT, 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lex(cases[i].src);
		expect_error(cases[i].code, cases[i].offset);
	}
	lex_n("a\0", 2);
	expect_error(DIAG_TEXT_ILLEGAL_CHAR, 1);
}

Test(lexer, names_must_be_utf8)
{
	cr_assert(tx_name_valid((const uint8_t *)"", 0));
	cr_assert(tx_name_valid((const uint8_t *)"a\xc3\x9f\xe2\x82\xac\xf0\x9f\x98\x80", 10));
	cr_assert(!tx_name_valid((const uint8_t *)"\xef", 1));
	cr_assert(!tx_name_valid((const uint8_t *)"\xc1\xbf", 2));       /* overlong */
	cr_assert(!tx_name_valid((const uint8_t *)"\xe0\x9f\xbf", 3));   /* overlong */
	cr_assert(!tx_name_valid((const uint8_t *)"\xed\xbf\xbf", 3));   /* surrogate */
	cr_assert(!tx_name_valid((const uint8_t *)"\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	cr_assert(!tx_name_valid((const uint8_t *)"\xf0\x80\x80", 3));   /* truncated */
}
