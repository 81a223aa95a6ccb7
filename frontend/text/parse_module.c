/* frontend/text/parse_module.c: a module's fields (spec 6.6) into the
 * sections of its binary.  Two passes: the first gives every field its
 * index and binds its id, so that any field may name any other; the
 * second encodes the fields in order, expanding the abbreviations (inline
 * imports and exports, inline elem and data segments, implicit types).
 * Imports must precede definitions, so order of appearance is index
 * order, as in the binary.
 */
#include "text.h"

#include <string.h>

/* Binary section ids (5.5). */
enum { S_TYPE = 1, S_IMPORT, S_FUNC, S_TABLE, S_MEMORY, S_GLOBAL, S_EXPORT, S_START, S_ELEM,
       S_CODE, S_DATA, S_DATACOUNT, S_TAG };

static const DiagCode duplicate_code[TX_SP_COUNT] = {
	[TX_SP_TYPE] = DIAG_TEXT_DUPLICATE_TYPE, [TX_SP_FUNC] = DIAG_TEXT_DUPLICATE_FUNC,
	[TX_SP_TABLE] = DIAG_TEXT_DUPLICATE_TABLE, [TX_SP_MEMORY] = DIAG_TEXT_DUPLICATE_MEMORY,
	[TX_SP_GLOBAL] = DIAG_TEXT_DUPLICATE_GLOBAL, [TX_SP_ELEM] = DIAG_TEXT_DUPLICATE_ELEM,
	[TX_SP_DATA] = DIAG_TEXT_DUPLICATE_DATA, [TX_SP_TAG] = DIAG_TEXT_DUPLICATE_TAG,
};

static const DiagCode import_after_code[TX_SP_COUNT] = {
	[TX_SP_FUNC] = DIAG_TEXT_IMPORT_AFTER_FUNC, [TX_SP_TABLE] = DIAG_TEXT_IMPORT_AFTER_TABLE,
	[TX_SP_MEMORY] = DIAG_TEXT_IMPORT_AFTER_MEMORY, [TX_SP_GLOBAL] = DIAG_TEXT_IMPORT_AFTER_GLOBAL,
	[TX_SP_TAG] = DIAG_TEXT_IMPORT_AFTER_TAG,
};

/* Import and export kinds (5.5.5, 5.5.10), by space. */
static const struct {
	const char *word;
	TxSpace space;
	uint8_t kind;
} extern_kinds[] = {
	{ "func", TX_SP_FUNC, 0 }, { "table", TX_SP_TABLE, 1 }, { "memory", TX_SP_MEMORY, 2 },
	{ "global", TX_SP_GLOBAL, 3 }, { "tag", TX_SP_TAG, 4 },
};

static int extern_kind(const TxNode *n)
{
	for (size_t i = 0; i < sizeof extern_kinds / sizeof extern_kinds[0]; i++)
		if (n && n->kind == TX_NODE_LIST && tx_is_kw(n->first, extern_kinds[i].word))
			return (int)i;
	return -1;
}

static const char *head_text(const TxNode *f, int *len)
{
	*len = (int)f->first->tok.len;
	return f->first->tok.text;
}

/* ---- pass 1: indices and ids ---- */

static bool bind(TxParser *p, const TxNode *field, TxSpace sp, const TxNode *id, bool import)
{
	bool externs = sp == TX_SP_FUNC || sp == TX_SP_TABLE || sp == TX_SP_MEMORY ||
	               sp == TX_SP_GLOBAL || sp == TX_SP_TAG;
	if (import && p->defined)
		return tx_fail(p, field, import_after_code[p->defined_space], NULL);
	if (!import && externs && !p->defined) {
		p->defined = field;
		p->defined_space = sp;
	}
	uint32_t index = p->count[sp]++;
	if (import)
		p->imports[sp]++;
	if (!tx_is_id(id))
		return true;
	if (tx_names_add(&p->names, sp, id->tok.str, id->tok.str_len, index))
		return true;
	return tx_fail(p, id, p->names.failed ? DIAG_OUT_OF_MEMORY : duplicate_code[sp], "%.*s",
	               (int)id->tok.len, id->tok.text);
}

/* The first child after the head, its id and inline exports. */
static const TxNode *skip_exports(const TxNode *n)
{
	while (tx_is_list(n, "export"))
		n = n->next;
	return n;
}

static const TxNode *after_id(const TxNode *f)
{
	const TxNode *n = f->first->next;
	return tx_is_id(n) ? n->next : n;
}

/* A memory's index type: i64 after the id, exports and import. */
static bool is_i64(const TxNode *f)
{
	const TxNode *n = skip_exports(after_id(f));
	if (tx_is_list(n, "import"))
		n = n->next;
	return tx_is_kw(n, "i64");
}

static bool collect_extern(TxParser *p, const TxNode *f, TxSpace sp, const TxNode *desc, bool import)
{
	if (!bind(p, f, sp, desc->first->next, import))
		return false;
	if (sp == TX_SP_MEMORY)
		tx_buf_u8(&p->mem64, is_i64(desc));
	const TxNode *body = skip_exports(after_id(desc));
	if (import || !body)
		return true;
	if (tx_is_kw(body, "i64"))
		body = body->next;
	/* (table reftype (elem ...)) and (memory (data ...)) define a segment too */
	if (sp == TX_SP_TABLE && body && body->next && tx_is_list(body->next, "elem"))
		return bind(p, f, TX_SP_ELEM, NULL, false);
	if (sp == TX_SP_MEMORY && tx_is_list(body, "data"))
		return bind(p, f, TX_SP_DATA, NULL, false);
	return true;
}

static bool collect(TxParser *p, const TxNode *f)
{
	if (f->kind == TX_NODE_ANNOT)
		return true;
	if (f->kind != TX_NODE_LIST || !f->first || f->first->kind != TX_NODE_ATOM ||
	    f->first->tok.kind != TX_KEYWORD)
		return tx_fail(p, f->kind == TX_NODE_LIST && f->first ? f->first : f, DIAG_TEXT_UNEXPECTED_TOKEN,
		               "expected a module field");
	if (tx_is_list(f, "type"))
		return bind(p, f, TX_SP_TYPE, f->first->next, false) && tx_bind_fields(p, f, p->count[TX_SP_TYPE] - 1);
	if (tx_is_list(f, "rec")) {
		bool ok = true;
		for (const TxNode *t = f->first->next; ok && t; t = t->next)
			ok = !tx_is_list(t, "type") || (bind(p, t, TX_SP_TYPE, t->first->next, false) &&
			                                tx_bind_fields(p, t, p->count[TX_SP_TYPE] - 1));
		return ok;
	}
	if (tx_is_list(f, "elem"))
		return bind(p, f, TX_SP_ELEM, f->first->next, false);
	if (tx_is_list(f, "data"))
		return bind(p, f, TX_SP_DATA, f->first->next, false);
	if (tx_is_list(f, "export") || tx_is_list(f, "start"))
		return true;
	if (tx_is_list(f, "import")) {
		const TxNode *desc = f->first->next && f->first->next->next ? f->first->next->next->next : NULL;
		int k = extern_kind(desc);
		if (k < 0)
			return tx_fail(p, desc ? desc : f, DIAG_TEXT_UNEXPECTED_TOKEN, "expected an import description");
		return collect_extern(p, f, extern_kinds[k].space, desc, true);
	}
	int k = extern_kind(f);
	if (k < 0) {
		int n;
		const char *h = head_text(f, &n);
		return tx_fail(p, f->first, DIAG_TEXT_UNEXPECTED_TOKEN, "unknown module field %.*s", n, h);
	}
	bool import = tx_is_list(skip_exports(after_id(f)), "import");
	return collect_extern(p, f, extern_kinds[k].space, f, import);
}

/* ---- explicit types, before any implicit one ---- */

static void locals_reset(TxParser *p)
{
	tx_names_init(&p->locals, p->arena);
	p->nlocals = 0;
}

static bool type_field(TxParser *p, const TxNode *f)
{
	bool ok = tx_parse_typedef(p, f);
	locals_reset(p);
	return ok;
}

/* ---- pass 2: the fields ---- */

static bool name_string(TxParser *p, const TxNode *n, TxBuf *out)
{
	if (!n || n->kind != TX_NODE_ATOM || n->tok.kind != TX_STRING)
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a name string");
	if (!tx_name_valid(n->tok.str, n->tok.str_len))
		return tx_fail(p, n, DIAG_UTF8, "in a name");
	tx_buf_name(out, n->tok.str, n->tok.str_len);
	return true;
}

static bool export_entry(TxParser *p, const TxNode *name, uint8_t kind, uint32_t index)
{
	if (!name_string(p, name, &p->sec[S_EXPORT]))
		return false;
	tx_buf_u8(&p->sec[S_EXPORT], kind);
	tx_buf_u32(&p->sec[S_EXPORT], index);
	p->items[S_EXPORT]++;
	return true;
}

/* (export "n")* after the id; returns what follows. */
static const TxNode *inline_exports(TxParser *p, const TxNode *n, uint8_t kind, uint32_t index)
{
	for (; tx_is_list(n, "export"); n = n->next) {
		if (!n->first->next || n->first->next->next) {
			tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "(export \"name\")");
			return NULL;
		}
		if (!export_entry(p, n->first->next, kind, index))
			return NULL;
	}
	return n;
}

/* "module" "name" kind: the start of an import entry. */
static bool import_head(TxParser *p, const TxNode *names, uint8_t kind)
{
	if (!name_string(p, names, &p->sec[S_IMPORT]) ||
	    !name_string(p, names ? names->next : NULL, &p->sec[S_IMPORT]))
		return false;
	tx_buf_u8(&p->sec[S_IMPORT], kind);
	p->items[S_IMPORT]++;
	return true;
}

static bool limits(TxParser *p, const TxNode **at, bool i64, TxBuf *out)
{
	const TxNode *n = *at;
	uint64_t min, max = 0;
	uint32_t v;
	bool has_max = n && n->next && n->next->kind == TX_NODE_ATOM && n->next->tok.kind == TX_NAT;
	bool ok = i64 ? tx_parse_u64(p, n, &min) : tx_parse_u32(p, n, &v);
	if (ok && !i64)
		min = v;
	if (ok && has_max) {
		ok = i64 ? tx_parse_u64(p, n->next, &max) : tx_parse_u32(p, n->next, &v);
		if (ok && !i64)
			max = v;
	}
	if (!ok)
		return false;
	tx_buf_u8(out, (uint8_t)((has_max ? 1 : 0) | (i64 ? 4 : 0)));
	tx_buf_u32(out, min);
	if (has_max)
		tx_buf_u32(out, max);
	*at = has_max ? n->next->next : n->next;
	return true;
}

static bool expect_end(TxParser *p, const TxNode *n)
{
	return !n || tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "at the end of the field");
}

/* Imports: names is the module name's string, n what follows the
 * description's id (or its inline import). */
static bool func_import(TxParser *p, const TxNode *names, const TxNode *n)
{
	uint32_t type;
	locals_reset(p);
	if (!import_head(p, names, 0) || !tx_parse_typeuse(p, &n, true, &type))
		return false;
	tx_buf_u32(&p->sec[S_IMPORT], type);
	return expect_end(p, n);
}

/* One local's type in its binary encoding (at most 6 bytes: ref + s33). */
typedef struct LocalType {
	uint8_t bytes[7];
	uint8_t n;
} LocalType;

static bool local_list(TxParser *p, const TxNode *list, TxBuf *types)
{
	const TxNode *n = list->first->next;
	if (tx_is_id(n)) {
		if (!n->next || n->next->next)
			return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "a named local has one type");
		if (!tx_names_add(&p->locals, TX_SP_LOCAL, n->tok.str, n->tok.str_len, p->nlocals))
			return tx_fail(p, n, p->locals.failed ? DIAG_OUT_OF_MEMORY : DIAG_TEXT_DUPLICATE_LOCAL,
			               "%.*s", (int)n->tok.len, n->tok.text);
		n = n->next;
	}
	for (; n; n = n->next) {
		TxBuf t = { 0 };
		bool ok = tx_parse_valtype(p, n, &t);
		LocalType lt = { .n = (uint8_t)t.n };
		if (ok && !t.failed && t.n <= sizeof lt.bytes)
			memcpy(lt.bytes, t.p, t.n);
		tx_buf_free(&t);
		if (!ok)
			return false;
		tx_buf_bytes(types, &lt, sizeof lt);
		p->nlocals++;
	}
	return true;
}

/* Runs of equal types, as the binary groups them. */
static void write_locals(const TxBuf *types, TxBuf *out)
{
	const LocalType *lt = (const LocalType *)types->p;
	size_t n = types->n / sizeof *lt, runs = 0;
	for (size_t i = 0; i < n; i++)
		runs += i == 0 || lt[i].n != lt[i - 1].n || memcmp(lt[i].bytes, lt[i - 1].bytes, lt[i].n);
	tx_buf_u32(out, runs);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && lt[j].n == lt[i].n && !memcmp(lt[j].bytes, lt[i].bytes, lt[i].n))
			j++;
		tx_buf_u32(out, j - i);
		tx_buf_bytes(out, lt[i].bytes, lt[i].n);
		i = j;
	}
}

static bool func_body(TxParser *p, const TxNode *n, uint32_t index)
{
	TxBuf types = { 0 }, body = { 0 };
	bool ok = true;
	for (; ok && tx_is_list(n, "local"); n = n->next)
		ok = local_list(p, n, &types);
	if (ok) {
		write_locals(&types, &body);
		p->nlabels = 0;
		ok = tx_parse_instrs(p, n, NULL, &body);
		tx_buf_u8(&body, 0x0b);
		tx_annot_hints_end(p, index);
	}
	if (ok && (body.failed || types.failed))
		ok = tx_fail(p, n, DIAG_OUT_OF_MEMORY, "function body");
	if (ok) {
		tx_buf_u32(&p->sec[S_CODE], body.n);
		tx_buf_bytes(&p->sec[S_CODE], body.p, body.n);
		p->items[S_CODE]++;
	}
	tx_buf_free(&types);
	tx_buf_free(&body);
	return ok;
}

static bool func_field(TxParser *p, const TxNode *f)
{
	uint32_t index = p->next[TX_SP_FUNC]++, type;
	tx_annot_func_name(p, f, after_id(f), index);
	const TxNode *n = inline_exports(p, after_id(f), 0, index);
	if (!n && p->failed)
		return false;
	if (tx_is_list(n, "import"))
		return func_import(p, n->first->next, n->next);
	locals_reset(p);
	if (!tx_parse_typeuse(p, &n, true, &type))
		return false;
	tx_buf_u32(&p->sec[S_FUNC], type);
	p->items[S_FUNC]++;
	return func_body(p, n, index);
}

/* An offset: (offset instr*) or one folded instruction. */
static bool offset_expr(TxParser *p, const TxNode *n, TxBuf *out)
{
	if (tx_is_list(n, "offset"))
		return tx_parse_expr(p, n->first->next, out);
	TxNode one = *n;
	one.next = NULL; /* only this instruction */
	return tx_parse_expr(p, &one, out);
}

/* Segment bodies written by inline abbreviations: at offset 0. */
static void zero_offset(TxBuf *out, bool i64)
{
	tx_buf_u8(out, i64 ? 0x42 : 0x41);
	tx_buf_u8(out, 0x00);
	tx_buf_u8(out, 0x0b);
}

/* Element items: func x* (indices), or (item expr) / (instr) expressions. */
typedef struct ElemList {
	TxBuf type;      /* the reference type, encoded */
	TxBuf items;
	uint32_t count;
	bool exprs;      /* items are expressions, not function indices */
	bool ref_func;   /* exprs, and a bare index x stands for (ref.func x) */
} ElemList;

static bool elem_items(TxParser *p, const TxNode *n, ElemList *el)
{
	for (; n; n = n->next, el->count++) {
		if (!el->exprs || (el->ref_func && n->kind != TX_NODE_LIST)) {
			uint32_t idx;
			if (!tx_parse_index(p, n, TX_SP_FUNC, &idx))
				return false;
			if (el->exprs)
				tx_buf_u8(&el->items, 0xd2);
			tx_buf_u32(&el->items, idx);
			if (el->exprs)
				tx_buf_u8(&el->items, 0x0b);
		} else if (tx_is_list(n, "item")) {
			if (!tx_parse_expr(p, n->first->next, &el->items))
				return false;
		} else if (n->kind == TX_NODE_LIST) {
			if (!offset_expr(p, n, &el->items))
				return false;
		} else {
			return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected an element expression");
		}
	}
	return true;
}

/* elemlist: reftype item*, or func? funcidx* (the old form) */
static bool elem_list(TxParser *p, const TxNode *n, ElemList *el)
{
	if (tx_is_kw(n, "func")) {
		tx_buf_u8(&el->type, 0x70);
		return elem_items(p, n->next, el);
	}
	if (tx_is_reftype(n)) {
		el->exprs = true;
		return tx_parse_reftype(p, n, &el->type) && elem_items(p, n->next, el);
	}
	tx_buf_u8(&el->type, 0x70);
	return elem_items(p, n, el);
}

/* (ref func) items that are all (ref.func x) are written as indices, the
 * shorter form: 0xd2 x 0x0b each.  3.0 types an index segment (ref func),
 * so a funcref segment stays expressions (wabt writes indices for it too,
 * and its segment then validates where funcref would not, into a
 * (ref func) table). */
static void as_indices(ElemList *el)
{
	bool ref_func = el->type.n == 2 && el->type.p[0] == 0x64 && el->type.p[1] == 0x70;
	if (!el->exprs || !ref_func)
		return;
	size_t i = 0, w = 0;
	for (uint32_t k = 0; k < el->count; k++) {
		if (i >= el->items.n || el->items.p[i] != 0xd2)
			return;
		size_t j = i + 1;
		while (j < el->items.n && (el->items.p[j] & 0x80))
			j++;
		if (j + 1 >= el->items.n || el->items.p[j + 1] != 0x0b)
			return;
		i = j + 2;
	}
	if (i != el->items.n)
		return;
	for (i = 0; i < el->items.n;) {
		size_t j = i + 1;
		while (el->items.p[j] & 0x80)
			j++;
		memmove(el->items.p + w, el->items.p + i + 1, j + 1 - (i + 1));
		w += j - i;
		i = j + 2;
	}
	el->items.n = w;
	el->exprs = false;
}

/* The segment's flags (5.5.12): bit 0 passive or declarative, bit 1
 * an explicit table (or declarative), bit 2 expressions. */
static void elem_write(TxParser *p, int mode, uint32_t table, const TxBuf *offset, ElemList *el)
{
	as_indices(el);
	TxBuf *out = &p->sec[S_ELEM];
	bool funcref = el->type.n == 1 && el->type.p[0] == 0x70;
	bool explicit_table = mode == 0 && (table != 0 || (el->exprs && !funcref));
	uint8_t flags = (uint8_t)((mode == 1 ? 1 : mode == 2 ? 3 : explicit_table ? 2 : 0) | (el->exprs ? 4 : 0));
	tx_buf_u8(out, flags);
	if (explicit_table)
		tx_buf_u32(out, table);
	if (mode == 0)
		tx_buf_bytes(out, offset->p, offset->n);
	if (mode != 0 || explicit_table) {
		if (el->exprs)
			tx_buf_bytes(out, el->type.p, el->type.n);
		else
			tx_buf_u8(out, 0x00);
	}
	tx_buf_u32(out, el->count);
	tx_buf_bytes(out, el->items.p, el->items.n);
	p->items[S_ELEM]++;
}

static bool elem_segment(TxParser *p, int mode, uint32_t table, const TxBuf *offset, const TxNode *list)
{
	ElemList el = { 0 };
	bool ok = elem_list(p, list, &el);
	if (ok && (el.type.failed || el.items.failed))
		ok = tx_fail(p, list, DIAG_OUT_OF_MEMORY, "element segment");
	if (ok)
		elem_write(p, mode, table, offset, &el);
	tx_buf_free(&el.type);
	tx_buf_free(&el.items);
	return ok;
}

/* An index abbreviation before an offset: (table x), (memory x) or x. */
static bool target_index(TxParser *p, const TxNode **at, const char *word, TxSpace sp, uint32_t *index)
{
	const TxNode *n = *at;
	*index = 0;
	if (tx_is_list(n, word)) {
		if (!n->first->next || n->first->next->next)
			return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "(%s x)", word);
		*at = n->next;
		return tx_parse_index(p, n->first->next, sp, index);
	}
	if (n && n->kind == TX_NODE_ATOM && (n->tok.kind == TX_NAT || n->tok.kind == TX_ID)) {
		*at = n->next;
		return tx_parse_index(p, n, sp, index);
	}
	return true;
}

/* An active segment's offset, when there is one: (offset ...) or a
 * folded instruction (a list that is no reference type or item). */
static bool is_offset(const TxNode *n)
{
	return n && n->kind == TX_NODE_LIST && !tx_is_list(n, "ref") && !tx_is_list(n, "item");
}

static bool elem_field(TxParser *p, const TxNode *f)
{
	p->next[TX_SP_ELEM]++;
	const TxNode *n = after_id(f);
	if (tx_is_kw(n, "declare"))
		return elem_segment(p, 2, 0, NULL, n->next);
	uint32_t table;
	const TxNode *start = n;
	if (!target_index(p, &n, "table", TX_SP_TABLE, &table))
		return false;
	if (!is_offset(n)) {
		if (n != start)
			return tx_fail(p, n ? n : f, DIAG_TEXT_UNEXPECTED_TOKEN, "expected an offset");
		return elem_segment(p, 1, 0, NULL, n);
	}
	TxBuf offset = { 0 };
	bool ok = offset_expr(p, n, &offset) && elem_segment(p, 0, table, &offset, n->next);
	tx_buf_free(&offset);
	return ok;
}

static bool data_write(TxParser *p, const TxNode *strings, int active, uint32_t mem, const TxBuf *offset)
{
	uint8_t *bytes;
	size_t len;
	const TxNode *end;
	if (!tx_parse_strings(p, strings, &end, &bytes, &len) || !expect_end(p, end))
		return false;
	TxBuf *out = &p->sec[S_DATA];
	tx_buf_u8(out, active ? (mem ? 2 : 0) : 1);
	if (active && mem)
		tx_buf_u32(out, mem);
	if (active)
		tx_buf_bytes(out, offset->p, offset->n);
	tx_buf_name(out, bytes, len);
	p->items[S_DATA]++;
	return true;
}

static bool data_field(TxParser *p, const TxNode *f)
{
	p->next[TX_SP_DATA]++;
	const TxNode *n = after_id(f), *start = n;
	uint32_t mem;
	if (!target_index(p, &n, "memory", TX_SP_MEMORY, &mem))
		return false;
	if (!is_offset(n)) {
		if (n != start)
			return tx_fail(p, n ? n : f, DIAG_TEXT_UNEXPECTED_TOKEN, "expected an offset");
		return data_write(p, n, 0, 0, NULL);
	}
	TxBuf offset = { 0 };
	bool ok = offset_expr(p, n, &offset) && data_write(p, n->next, 1, mem, &offset);
	tx_buf_free(&offset);
	return ok;
}

/* (table ... reftype (elem ...)): a table exactly as large as the list. */
static bool table_inline_elem(TxParser *p, uint32_t index, bool i64, const TxNode *type, const TxNode *elem)
{
	uint32_t count = 0;
	for (const TxNode *n = elem->first->next; n; n = n->next)
		count++;
	TxBuf *out = &p->sec[S_TABLE];
	if (!tx_parse_reftype(p, type, out))
		return false;
	tx_buf_u8(out, i64 ? 5 : 1);
	tx_buf_u32(out, count);
	tx_buf_u32(out, count);
	p->items[S_TABLE]++;
	p->next[TX_SP_ELEM]++;
	TxBuf offset = { 0 };
	zero_offset(&offset, i64);
	/* items are indices unless they are expressions; in a table of another
	 * type than funcref, an index is (ref.func x) of the table's type */
	const TxNode *first = elem->first->next;
	ElemList el = { 0 };
	el.exprs = first && first->kind == TX_NODE_LIST;
	bool ok = tx_parse_valtype(p, type, &el.type);
	if (ok && !(el.type.n == 1 && el.type.p[0] == 0x70))
		el.exprs = el.ref_func = true;
	ok = ok && elem_items(p, first, &el);
	if (ok)
		elem_write(p, 0, index, &offset, &el);
	tx_buf_free(&offset);
	tx_buf_free(&el.type);
	tx_buf_free(&el.items);
	return ok && expect_end(p, elem->next);
}

/* i64? limits reftype: the table type, then what follows */
static bool table_type(TxParser *p, const TxNode **at, TxBuf *out)
{
	const TxNode *n = *at;
	bool i64 = tx_is_kw(n, "i64");
	if (i64)
		n = n->next;
	TxBuf lim = { 0 };
	bool ok = limits(p, &n, i64, &lim) && tx_parse_reftype(p, n, out);
	tx_buf_bytes(out, lim.p, lim.n);
	tx_buf_free(&lim);
	*at = n ? n->next : NULL;
	return ok;
}

static bool table_import(TxParser *p, const TxNode *names, const TxNode *n)
{
	return import_head(p, names, 1) && table_type(p, &n, &p->sec[S_IMPORT]) && expect_end(p, n);
}

static bool table_field(TxParser *p, const TxNode *f)
{
	uint32_t index = p->next[TX_SP_TABLE]++;
	const TxNode *n = inline_exports(p, after_id(f), 1, index);
	if (!n && p->failed)
		return false;
	if (tx_is_list(n, "import"))
		return table_import(p, n->first->next, n->next);
	const TxNode *t = tx_is_kw(n, "i64") ? n->next : n;
	if (t && tx_is_list(t->next, "elem"))
		return table_inline_elem(p, index, t != n, t, t->next);
	TxBuf type = { 0 }, init = { 0 };
	bool ok = table_type(p, &n, &type) && (!n || tx_parse_expr(p, n, &init));
	TxBuf *out = &p->sec[S_TABLE];
	/* an initialiser for every element (3.0), unless it is ref.null, the
	 * default (0xd0 heaptype 0x0b), as the reference interpreter writes */
	bool null_init = init.n >= 3 && init.p[0] == 0xd0 && init.p[init.n - 1] == 0x0b && init.n <= 7;
	if (init.n && !null_init)
		tx_buf_bytes(out, "\x40\x00", 2);
	tx_buf_bytes(out, type.p, type.n);
	if (!null_init)
		tx_buf_bytes(out, init.p, init.n);
	p->items[S_TABLE]++;
	tx_buf_free(&type);
	tx_buf_free(&init);
	return ok;
}

/* (memory (data ...)): pages enough for the bytes, min = max. */
static bool memory_inline_data(TxParser *p, uint32_t index, bool i64, const TxNode *data)
{
	uint8_t *bytes;
	size_t len;
	const TxNode *end;
	if (!tx_parse_strings(p, data->first->next, &end, &bytes, &len) || !expect_end(p, end) ||
	    !expect_end(p, data->next))
		return false;
	uint64_t pages = len / 65536 + (len % 65536 != 0);
	TxBuf *out = &p->sec[S_MEMORY];
	tx_buf_u8(out, i64 ? 5 : 1);
	tx_buf_u32(out, pages);
	tx_buf_u32(out, pages);
	p->items[S_MEMORY]++;
	p->next[TX_SP_DATA]++;
	TxBuf offset = { 0 };
	zero_offset(&offset, i64);
	bool ok = data_write(p, data->first->next, 1, index, &offset);
	tx_buf_free(&offset);
	return ok;
}

static bool memory_import(TxParser *p, const TxNode *names, const TxNode *n)
{
	bool i64 = tx_is_kw(n, "i64");
	if (i64)
		n = n->next;
	return import_head(p, names, 2) && limits(p, &n, i64, &p->sec[S_IMPORT]) && expect_end(p, n);
}

static bool memory_field(TxParser *p, const TxNode *f)
{
	uint32_t index = p->next[TX_SP_MEMORY]++;
	const TxNode *n = inline_exports(p, after_id(f), 2, index);
	if (!n && p->failed)
		return false;
	if (tx_is_list(n, "import"))
		return memory_import(p, n->first->next, n->next);
	bool i64 = tx_is_kw(n, "i64");
	if (i64)
		n = n->next;
	if (tx_is_list(n, "data"))
		return memory_inline_data(p, index, i64, n);
	if (!limits(p, &n, i64, &p->sec[S_MEMORY]))
		return false;
	p->items[S_MEMORY]++;
	return expect_end(p, n);
}

/* globaltype: t or (mut t) */
static bool globaltype(TxParser *p, const TxNode *n, TxBuf *out)
{
	bool mut = tx_is_list(n, "mut");
	if (mut && (!n->first->next || n->first->next->next))
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "(mut t)");
	if (!tx_parse_valtype(p, mut ? n->first->next : n, out))
		return false;
	tx_buf_u8(out, mut);
	return true;
}

static bool global_import(TxParser *p, const TxNode *names, const TxNode *n)
{
	return import_head(p, names, 3) && globaltype(p, n, &p->sec[S_IMPORT]) && expect_end(p, n->next);
}

static bool global_field(TxParser *p, const TxNode *f)
{
	uint32_t index = p->next[TX_SP_GLOBAL]++;
	const TxNode *n = inline_exports(p, after_id(f), 3, index);
	if (!n && p->failed)
		return false;
	if (tx_is_list(n, "import"))
		return global_import(p, n->first->next, n->next);
	if (!globaltype(p, n, &p->sec[S_GLOBAL]) || !tx_parse_expr(p, n->next, &p->sec[S_GLOBAL]))
		return false;
	p->items[S_GLOBAL]++;
	return true;
}

/* A tag's type use, after the attribute byte 0 (an exception). */
static bool tag_type(TxParser *p, const TxNode *n, TxBuf *out)
{
	uint32_t type;
	locals_reset(p);
	if (!tx_parse_typeuse(p, &n, true, &type))
		return false;
	tx_buf_u8(out, 0x00);
	tx_buf_u32(out, type);
	return expect_end(p, n);
}

static bool tag_import(TxParser *p, const TxNode *names, const TxNode *n)
{
	return import_head(p, names, 4) && tag_type(p, n, &p->sec[S_IMPORT]);
}

static bool tag_field(TxParser *p, const TxNode *f)
{
	uint32_t index = p->next[TX_SP_TAG]++;
	const TxNode *n = inline_exports(p, after_id(f), 4, index);
	if (!n && p->failed)
		return false;
	if (tx_is_list(n, "import"))
		return tag_import(p, n->first->next, n->next);
	p->items[S_TAG]++;
	return tag_type(p, n, &p->sec[S_TAG]);
}

static bool (*const import_kinds[])(TxParser *, const TxNode *, const TxNode *) = {
	func_import, table_import, memory_import, global_import, tag_import,
};

/* (import "m" "n" (kind id? ...)): pass 1 checked the description */
static bool import_field(TxParser *p, const TxNode *f)
{
	const TxNode *names = f->first->next, *desc = names->next->next;
	int k = extern_kind(desc);
	p->next[extern_kinds[k].space]++;
	if (desc->next)
		return tx_fail(p, desc->next, DIAG_TEXT_UNEXPECTED_TOKEN, "after the import description");
	return import_kinds[k](p, names, after_id(desc));
}

static bool export_field(TxParser *p, const TxNode *f)
{
	const TxNode *name = f->first->next, *desc = name ? name->next : NULL;
	int k = extern_kind(desc);
	if (k < 0)
		return tx_fail(p, desc ? desc : f, DIAG_TEXT_UNEXPECTED_TOKEN, "expected an export description");
	uint32_t index;
	if (!desc->first->next || desc->first->next->next)
		return tx_fail(p, desc, DIAG_TEXT_UNEXPECTED_TOKEN, "one index");
	if (!tx_parse_index(p, desc->first->next, extern_kinds[k].space, &index))
		return false;
	return export_entry(p, name, extern_kinds[k].kind, index) && expect_end(p, desc->next);
}

static bool start_field(TxParser *p, const TxNode *f)
{
	uint32_t index;
	if (p->has_start)
		return tx_fail(p, f, DIAG_TEXT_MULTIPLE_START, NULL);
	if (!f->first->next || !tx_parse_index(p, f->first->next, TX_SP_FUNC, &index))
		return tx_fail(p, f, DIAG_TEXT_UNEXPECTED_TOKEN, "(start x)");
	tx_buf_u32(&p->sec[S_START], index);
	p->has_start = true;
	return expect_end(p, f->first->next->next);
}

static bool skip_field(TxParser *p, const TxNode *f)
{
	(void)p, (void)f;
	return true;
}

static const struct {
	const char *head;
	bool (*encode)(TxParser *, const TxNode *);
} field_kinds[] = {
	{ "type", skip_field }, { "rec", skip_field }, { "import", import_field }, { "func", func_field },
	{ "table", table_field }, { "memory", memory_field }, { "global", global_field },
	{ "export", export_field }, { "start", start_field }, { "elem", elem_field },
	{ "data", data_field }, { "tag", tag_field },
};

static bool encode(TxParser *p, const TxNode *f)
{
	if (f->kind == TX_NODE_ANNOT)
		return true;
	for (size_t i = 0; i < sizeof field_kinds / sizeof field_kinds[0]; i++)
		if (tx_is_kw(f->first, field_kinds[i].head))
			return field_kinds[i].encode(p, f);
	return tx_fail(p, f, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a module field");
}

bool tx_parse_fields(TxParser *p, const TxNode *first)
{
	bool ok = true;
	for (const TxNode *f = first; ok && f; f = f->next)
		ok = collect(p, f);
	for (const TxNode *f = first; ok && f; f = f->next)
		if (tx_is_list(f, "type") || tx_is_list(f, "rec"))
			ok = type_field(p, f);
	for (const TxNode *f = first; ok && f; f = f->next)
		ok = encode(p, f);
	tx_buf_free(&p->mem64);
	return ok && !p->failed;
}
