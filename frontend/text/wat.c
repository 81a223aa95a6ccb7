/* frontend/text/wat.c: the parser's entry and the small forms every parse
 * file uses (errors, keywords, indices, strings).  A module's tree becomes
 * a Wasm binary, which the decoder and validator then take like any
 * .wasm: text and binary share one validator.
 */
#include "text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool tx_fail(TxParser *p, const TxNode *at, DiagCode code, const char *fmt, ...)
{
	if (p->failed)
		return false;
	p->failed = true;
	/* a reserved token is no token: it says why (unknown operator, ...) */
	if (code == DIAG_TEXT_UNEXPECTED_TOKEN && at && at->kind == TX_NODE_ATOM && at->tok.kind == TX_RESERVED)
		code = at->tok.why;
	char detail[DIAG_DETAIL_MAX] = "";
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(detail, sizeof detail, fmt, ap);
		va_end(ap);
	}
	diag_report(p->diags, code, at ? at->tok.loc.offset : p->len, DIAG_NO_FUNC, "%s", detail);
	return false;
}

bool tx_is_kw(const TxNode *n, const char *word)
{
	return n && n->kind == TX_NODE_ATOM && n->tok.kind == TX_KEYWORD && n->tok.len == strlen(word) &&
	       !memcmp(n->tok.text, word, n->tok.len);
}

bool tx_is_list(const TxNode *n, const char *head)
{
	return n && n->kind == TX_NODE_LIST && tx_is_kw(n->first, head);
}

bool tx_is_id(const TxNode *n)
{
	return n && n->kind == TX_NODE_ATOM && n->tok.kind == TX_ID;
}

bool tx_parse_u64(TxParser *p, const TxNode *n, uint64_t *out)
{
	if (!n || n->kind != TX_NODE_ATOM || n->tok.kind != TX_NAT)
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a number");
	DiagCode c = tx_lit_uint(n->tok.text, n->tok.len, 64, out);
	return c == DIAG_NONE || tx_fail(p, n, c, "%.*s", (int)n->tok.len, n->tok.text);
}

bool tx_parse_u32(TxParser *p, const TxNode *n, uint32_t *out)
{
	uint64_t v;
	if (!n || n->kind != TX_NODE_ATOM || n->tok.kind != TX_NAT)
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a number");
	DiagCode c = tx_lit_uint(n->tok.text, n->tok.len, 32, &v);
	if (c == DIAG_TEXT_CONST_RANGE)
		c = DIAG_TEXT_I32_CONST_RANGE;
	if (c != DIAG_NONE)
		return tx_fail(p, n, c, "%.*s", (int)n->tok.len, n->tok.text);
	*out = (uint32_t)v;
	return true;
}

/* What an unknown id of each space is, in the spec's words. */
static const DiagCode unknown_code[TX_SP_COUNT] = {
	[TX_SP_TYPE] = DIAG_UNKNOWN_TYPE, [TX_SP_FUNC] = DIAG_UNKNOWN_FUNC,
	[TX_SP_TABLE] = DIAG_UNKNOWN_TABLE, [TX_SP_MEMORY] = DIAG_UNKNOWN_MEMORY,
	[TX_SP_GLOBAL] = DIAG_UNKNOWN_GLOBAL, [TX_SP_ELEM] = DIAG_UNKNOWN_ELEM,
	[TX_SP_DATA] = DIAG_UNKNOWN_DATA, [TX_SP_TAG] = DIAG_TEXT_UNKNOWN_TAG,
	[TX_SP_LOCAL] = DIAG_UNKNOWN_LOCAL,
};

bool tx_parse_index(TxParser *p, const TxNode *n, TxSpace sp, uint32_t *out)
{
	if (!tx_is_id(n))
		return tx_parse_u32(p, n, out);
	const TxNames *t = sp == TX_SP_LOCAL ? &p->locals : &p->names;
	if (tx_names_find(t, sp, n->tok.str, n->tok.str_len, out))
		return true;
	return tx_fail(p, n, unknown_code[sp], "%.*s", (int)n->tok.len, n->tok.text);
}

bool tx_parse_strings(TxParser *p, const TxNode *first, const TxNode **end, uint8_t **out, size_t *len)
{
	size_t total = 0;
	const TxNode *n = first;
	for (; n && n->kind == TX_NODE_ATOM && n->tok.kind == TX_STRING; n = n->next)
		if (!size_add(total, n->tok.str_len, &total))
			return tx_fail(p, n, DIAG_OUT_OF_MEMORY, "strings");
	uint8_t *buf = arena_alloc(p->arena, total + 1);
	if (!buf)
		return tx_fail(p, first, DIAG_OUT_OF_MEMORY, "strings");
	size_t at = 0;
	for (const TxNode *s = first; s != n; s = s->next) {
		memcpy(buf + at, s->tok.str, s->tok.str_len);
		at += s->tok.str_len;
	}
	*out = buf;
	*len = total;
	*end = n;
	return true;
}

/* Section order in the binary (spec 5.5.2): tags (13) sit between memories
 * and globals, the data count (12) before the code. */
static const uint8_t section_order[] = { 1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11 };

/* The custom sections from annotations in slot (annot.c numbers them:
 * 0 first, 2i+1 before section_order[i], 2i+2 after it). */
static void customs(const TxParser *p, unsigned slot, TxBuf *out)
{
	for (const TxCustom *c = p->customs; c; c = c->next)
		if (c->slot == slot) {
			tx_buf_section(out, 0, &c->bytes);
			out->failed |= c->bytes.failed;
		}
}

static uint8_t *assemble(TxParser *p, size_t *size)
{
	TxBuf out = { 0 }, sec = { 0 };
	tx_buf_bytes(&out, "\0asm\1\0\0\0", 8);
	customs(p, 0, &out);
	for (size_t i = 0; i < sizeof section_order; i++) {
		uint8_t id = section_order[i];
		bool present = id == 8 ? p->has_start : id == 12 ? p->uses_data_count : p->items[id] > 0;
		customs(p, 2 * (unsigned)i + 1, &out);
		if (!present) {
			customs(p, 2 * (unsigned)i + 2, &out);
			continue;
		}
		sec.n = 0;
		if (id == 12)
			tx_buf_u32(&sec, p->count[TX_SP_DATA]);
		else if (id != 8)
			tx_buf_u32(&sec, p->items[id]);
		tx_buf_bytes(&sec, p->sec[id].p, p->sec[id].n);
		sec.failed |= p->sec[id].failed;
		tx_buf_section(&out, id, &sec);
		customs(p, 2 * (unsigned)i + 2, &out);
	}
	tx_buf_free(&sec);
	if (out.failed) {
		tx_buf_free(&out);
		tx_fail(p, NULL, DIAG_OUT_OF_MEMORY, "writing the binary");
		return NULL;
	}
	*size = out.n;
	return out.p;
}

static uint8_t *encode_fields(TxParser *p, const TxNode *first, size_t *size)
{
	if (!tx_optab_init(&p->ops, p->arena)) {
		tx_fail(p, first, DIAG_OUT_OF_MEMORY, "opcode table");
		return NULL;
	}
	tx_names_init(&p->names, p->arena);
	tx_names_init(&p->locals, p->arena);
	tx_names_init(&p->label_ids, p->arena);
	uint8_t *bin = NULL;
	if (tx_parse_fields(p, first) && tx_annot_customs(p, p->form, first) && tx_annot_sections(p))
		bin = assemble(p, size);
	tx_annot_free(p);
	for (int i = 0; i < TX_SEC_COUNT; i++)
		tx_buf_free(&p->sec[i]);
	free(p->labels);
	return bin;
}

static uint8_t *copy_out(TxParser *p, const uint8_t *bytes, size_t n, size_t *size)
{
	uint8_t *out = malloc(n ? n : 1);
	if (!out) {
		tx_fail(p, NULL, DIAG_OUT_OF_MEMORY, "module binary");
		return NULL;
	}
	memcpy(out, bytes, n);
	*size = n;
	return out;
}

static uint8_t *wat_to_wasm(const uint8_t *src, size_t len, DiagSink *diags, uint32_t quotes, size_t *size);
static uint8_t *module_encode(const TxNode *node, const uint8_t *src, size_t len, DiagSink *diags,
                              uint32_t quotes, size_t *size);

/* (module quote "...") is text again: read it as a file of its own and
 * point its errors at the quote.  A quote inside a quote is allowed, but
 * only so deep: each level is a few bytes longer than the one it holds,
 * so without a cap a large input could recurse past the C stack. */
static uint8_t *quoted(TxParser *p, const TxNode *at, const uint8_t *text, size_t n, size_t *size)
{
	if (p->quotes >= TX_MAX_QUOTES) {
		tx_fail(p, at, DIAG_TEXT_NESTING, "more than %u nested (module quote ...)", TX_MAX_QUOTES);
		return NULL;
	}
	unsigned before = p->diags->n;
	uint8_t *bin = wat_to_wasm(text, n, p->diags, p->quotes + 1, size);
	for (unsigned i = before; i < p->diags->n; i++)
		p->diags->items[i].offset = at->tok.loc.offset;
	return bin;
}

/* (module id? binary|quote string*) or (module id? field*) */
static uint8_t *module_form(TxParser *p, const TxNode *node, size_t *size)
{
	const TxNode *n = node->first->next;
	if (tx_is_id(n))
		n = n->next;
	bool binary = tx_is_kw(n, "binary"), quote = tx_is_kw(n, "quote");
	tx_annot_module_name(p, node, n);
	if (!binary && !quote)
		return encode_fields(p, n, size);
	uint8_t *bytes;
	size_t len;
	const TxNode *end;
	if (!tx_parse_strings(p, n->next, &end, &bytes, &len))
		return NULL;
	if (end) {
		tx_fail(p, end, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a string");
		return NULL;
	}
	return binary ? copy_out(p, bytes, len, size) : quoted(p, n->next ? n->next : n, bytes, len, size);
}

uint8_t *tx_module_encode(const TxNode *node, const uint8_t *src, size_t len, DiagSink *diags, size_t *size)
{
	return module_encode(node, src, len, diags, 0, size);
}

static uint8_t *module_encode(const TxNode *node, const uint8_t *src, size_t len, DiagSink *diags,
                              uint32_t quotes, size_t *size)
{
	Arena *arena = arena_new();
	if (!arena) {
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "parser arena");
		return NULL;
	}
	TxParser p = { .src = src, .len = len, .arena = arena, .diags = diags, .quotes = quotes, .form = node,
		       .hint = -1 };
	uint8_t *bin = tx_is_list(node, "module") ? module_form(&p, node, size)
	                                          : encode_fields(&p, node->first, size);
	arena_free(arena);
	return bin;
}

uint8_t *tx_wat_to_wasm(const uint8_t *src, size_t len, DiagSink *diags, size_t *size)
{
	return wat_to_wasm(src, len, diags, 0, size);
}

static uint8_t *wat_to_wasm(const uint8_t *src, size_t len, DiagSink *diags, uint32_t quotes, size_t *size)
{
	Arena *arena = arena_new();
	if (!arena) {
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "parser arena");
		return NULL;
	}
	uint8_t *bin = NULL;
	TxNode *root = tx_sexpr_read(src, len, TX_SEXPR_MAX_DEPTH, arena, diags);
	if (root) {
		/* one (module ...), or the fields of one without it */
		const TxNode *n = root->first;
		while (n && n->kind == TX_NODE_ANNOT)
			n = n->next;
		bool one = tx_is_list(n, "module");
		for (const TxNode *m = n ? n->next : NULL; one && m; m = m->next)
			one = m->kind == TX_NODE_ANNOT;
		bin = module_encode(one ? n : root, src, len, diags, quotes, size);
	}
	arena_free(arena);
	return bin;
}
