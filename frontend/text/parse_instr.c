/* frontend/text/parse_instr.c: instructions (spec 6.5), plain and folded,
 * into their binary encoding.  Plain blocks are tracked on the label
 * stack, not by recursion; only folded instructions recurse, and they
 * nest no deeper than the tree, whose depth sexpr.c caps.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "../../ir/module.h"

static bool is_arg(const TxNode *n)
{
	return n && n->kind == TX_NODE_ATOM && (n->tok.kind == TX_NAT || n->tok.kind == TX_ID);
}

static bool is_num(const TxNode *n)
{
	return n && n->kind == TX_NODE_ATOM &&
	       (n->tok.kind == TX_NAT || n->tok.kind == TX_INT || n->tok.kind == TX_FLOAT);
}

/* The keyword's text after a prefix such as "offset=", or NULL. */
static const char *kw_value(const TxNode *n, const char *prefix, size_t *len)
{
	size_t k = strlen(prefix);
	if (!n || n->kind != TX_NODE_ATOM || n->tok.kind != TX_KEYWORD || n->tok.len <= k ||
	    memcmp(n->tok.text, prefix, k))
		return NULL;
	*len = n->tok.len - k;
	return n->tok.text + k;
}

/* Not the token expected: a reserved token says why it is none (in
 * tx_fail); a keyword where a number belongs is an unknown operator, as
 * the reference interpreter calls it. */
static bool unexpected(TxParser *p, const TxNode *n, const char *what)
{
	if (n && n->kind == TX_NODE_ATOM && n->tok.kind == TX_KEYWORD && !tx_is_kw(n, "nan:canonical") &&
	    !tx_is_kw(n, "nan:arithmetic"))
		return tx_fail(p, n, DIAG_TEXT_UNKNOWN_OPERATOR, "%.*s where %s belongs", (int)n->tok.len,
		               n->tok.text, what);
	return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected %s", what);
}

/* ---- labels ---- */

/* A block's label; its id, when it has one, now names it (shadowing an
 * outer block of the same id until pop_label). */
static bool push_label(TxParser *p, const TxNode *id, bool is_if)
{
	if (p->nlabels == p->cap_labels) {
		uint32_t cap = p->cap_labels ? p->cap_labels * 2 : 16;
		TxLabel *l = realloc(p->labels, cap * sizeof *l);
		if (!l)
			return tx_fail(p, id, DIAG_OUT_OF_MEMORY, "labels");
		p->labels = l;
		p->cap_labels = cap;
	}
	TxLabel l = { .is_if = is_if };
	if (tx_is_id(id)) {
		l.id = id->tok.str;
		l.len = id->tok.str_len;
		if (!tx_names_find(&p->label_ids, TX_SP_LABEL, l.id, l.len, &l.shadowed))
			l.shadowed = 0;
		if (!tx_names_set(&p->label_ids, TX_SP_LABEL, l.id, l.len, p->nlabels + 1))
			return tx_fail(p, id, DIAG_OUT_OF_MEMORY, "labels");
	}
	p->labels[p->nlabels++] = l;
	return true;
}

static void pop_label(TxParser *p)
{
	const TxLabel *l = &p->labels[--p->nlabels];
	if (l->id) /* the binding exists, so this cannot fail */
		tx_names_set(&p->label_ids, TX_SP_LABEL, l->id, l->len, l->shadowed);
}

/* A label: a depth, or an id bound to its innermost block. */
static bool label_index(TxParser *p, const TxNode *n, uint32_t *out)
{
	if (!tx_is_id(n))
		return tx_parse_u32(p, n, out);
	uint32_t at;
	if (tx_names_find(&p->label_ids, TX_SP_LABEL, n->tok.str, n->tok.str_len, &at) && at) {
		*out = p->nlabels - at;
		return true;
	}
	return tx_fail(p, n, DIAG_UNKNOWN_LABEL, "%.*s", (int)n->tok.len, n->tok.text);
}

/* end $l / else $l must repeat the block's label. */
static bool check_label(TxParser *p, const TxNode **at)
{
	const TxNode *n = *at;
	if (!tx_is_id(n))
		return true;
	*at = n->next;
	const TxLabel *l = &p->labels[p->nlabels - 1];
	if (l->id && l->len == n->tok.str_len && !memcmp(l->id, n->tok.str, l->len))
		return true;
	return tx_fail(p, n, DIAG_TEXT_MISMATCHING_LABEL, "%.*s", (int)n->tok.len, n->tok.text);
}

/* ---- immediates ---- */

static void opcode(TxBuf *out, const TxOp *op)
{
	if (op->prefix) {
		tx_buf_u8(out, op->prefix);
		tx_buf_u32(out, op->code);
	} else {
		tx_buf_u8(out, (uint8_t)op->code);
	}
}

static bool index_imm(TxParser *p, const TxNode **at, TxSpace sp, TxBuf *out)
{
	uint32_t idx;
	if (!tx_parse_index(p, *at, sp, &idx))
		return false;
	*at = (*at)->next;
	tx_buf_u32(out, idx);
	return true;
}

/* An index that may be left out (table.get, memory.size): 0 then. */
static bool opt_index(TxParser *p, const TxNode **at, TxSpace sp, uint32_t *idx)
{
	*idx = 0;
	if (!is_arg(*at))
		return true;
	if (!tx_parse_index(p, *at, sp, idx))
		return false;
	*at = (*at)->next;
	return true;
}

static bool label_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	uint32_t idx;
	if (!label_index(p, *at, &idx))
		return false;
	*at = (*at)->next;
	tx_buf_u32(out, idx);
	return true;
}

static bool br_table_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	uint32_t n = 0;
	for (const TxNode *a = *at; is_arg(a); a = a->next)
		n++;
	if (!n)
		return tx_fail(p, *at, DIAG_TEXT_UNEXPECTED_TOKEN, "br_table needs a label");
	tx_buf_u32(out, n - 1);
	for (uint32_t i = 0; i < n; i++)
		if (!label_imm(p, at, out))
			return false;
	return true;
}

static bool call_indirect_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	uint32_t table, type;
	if (!opt_index(p, at, TX_SP_TABLE, &table) || !tx_parse_typeuse(p, at, false, &type))
		return false;
	tx_buf_u32(out, type);
	tx_buf_u32(out, table);
	return true;
}

static bool is_i64_memory(const TxParser *p, uint32_t mem)
{
	return mem < p->mem64.n && p->mem64.p[mem];
}

/* memidx? offset=N? align=N?  (N defaults: 0, the natural alignment) */
static bool memarg(TxParser *p, const TxNode **at, const TxOp *op, TxBuf *out)
{
	uint32_t mem = 0;
	const TxNode *n = *at;
	if (is_arg(n) && (op->imm != IR_IMM_MEMARG_LANE || tx_is_id(n) || is_arg(n->next) ||
	                  kw_value(n->next, "offset=", &(size_t){ 0 }) || kw_value(n->next, "align=", &(size_t){ 0 }))) {
		if (!tx_parse_index(p, n, TX_SP_MEMORY, &mem))
			return false;
		n = n->next;
	}
	uint64_t offset = 0, align = 1ull << op->x;
	size_t len;
	const char *v = kw_value(n, "offset=", &len);
	if (v) {
		DiagCode c = tx_lit_uint(v, len, is_i64_memory(p, mem) ? 64 : 32, &offset);
		if (c != DIAG_NONE)
			return tx_fail(p, n, c == DIAG_TEXT_CONST_RANGE ? DIAG_TEXT_I32_CONST_RANGE : c, "%.*s",
			               (int)n->tok.len, n->tok.text);
		n = n->next;
	}
	v = kw_value(n, "align=", &len);
	if (v) {
		DiagCode c = tx_lit_uint(v, len, 32, &align);
		if (c != DIAG_NONE)
			return tx_fail(p, n, c == DIAG_TEXT_CONST_RANGE ? DIAG_TEXT_I32_CONST_RANGE : c, "%.*s",
			               (int)n->tok.len, n->tok.text);
		if (!align || (align & (align - 1)))
			return tx_fail(p, n, DIAG_TEXT_ALIGNMENT, "%.*s", (int)n->tok.len, n->tok.text);
		n = n->next;
	}
	tx_buf_u32(out, (uint64_t)__builtin_ctzll(align) | (mem ? 0x40 : 0));
	if (mem)
		tx_buf_u32(out, mem);
	tx_buf_u32(out, offset);
	*at = n;
	return true;
}

/* A lane index is a u8: a larger number is a malformed one, anything
 * else no lane index at all, except among a shuffle's 16. */
static bool lane_index(TxParser *p, const TxNode **at, bool shuffle, TxBuf *out)
{
	const TxNode *n = *at;
	uint64_t v;
	if (!n || n->kind != TX_NODE_ATOM || (n->tok.kind != TX_NAT && !(shuffle && n->tok.kind == TX_INT)))
		return unexpected(p, n, "a lane index");
	if (tx_lit_uint(n->tok.text, n->tok.len, 8, &v) != DIAG_NONE)
		return tx_fail(p, n, DIAG_TEXT_LANE_INDEX, "%.*s", (int)n->tok.len, n->tok.text);
	tx_buf_u8(out, (uint8_t)v);
	*at = n->next;
	return true;
}

static bool lane_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	return lane_index(p, at, false, out);
}

static bool shuffle_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	unsigned count = 0;
	for (const TxNode *c = *at; is_num(c); c = c->next)
		count++;
	if (count != 16)
		return tx_fail(p, *at, DIAG_TEXT_LANE_LENGTH, "%u lane indices, not 16", count);
	for (int i = 0; i < 16; i++)
		if (!lane_index(p, at, true, out))
			return false;
	return true;
}

static bool literal(TxParser *p, const TxNode *n, unsigned bits, bool is_float, uint64_t *v)
{
	if (!is_num(n))
		return unexpected(p, n, "a number");
	DiagCode c;
	if (!is_float) {
		c = tx_lit_int(n->tok.text, n->tok.len, bits, v);
	} else if (bits == 64) {
		c = tx_lit_f64(n->tok.text, n->tok.len, v);
	} else {
		uint32_t b = 0;
		c = tx_lit_f32(n->tok.text, n->tok.len, &b);
		*v = b;
	}
	return c == DIAG_NONE || tx_fail(p, n, c, "%.*s", (int)n->tok.len, n->tok.text);
}

static bool const_imm(TxParser *p, const TxNode **at, unsigned bits, bool is_float, TxBuf *out)
{
	uint64_t v;
	if (!literal(p, *at, bits, is_float, &v))
		return false;
	*at = (*at)->next;
	if (is_float)
		tx_buf_fixed(out, v, bits / 8);
	else
		tx_buf_s64(out, bits == 32 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v);
	return true;
}

static const struct {
	const char *shape;
	unsigned bits;
	bool is_float;
} shapes[] = {
	{ "i8x16", 8, false }, { "i16x8", 16, false }, { "i32x4", 32, false }, { "i64x2", 64, false },
	{ "f32x4", 32, true }, { "f64x2", 64, true },
};

/* Meant as a lane literal though it is none: 0x, nan:1 */
static bool lane_like(const TxNode *n)
{
	return n && n->kind == TX_NODE_ATOM &&
	       (n->tok.kind == TX_RESERVED || (n->tok.kind == TX_KEYWORD && n->tok.len > 4 && !memcmp(n->tok.text, "nan:", 4)));
}

static bool v128_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	const TxNode *n = *at;
	size_t s = 0;
	while (s < sizeof shapes / sizeof shapes[0] && !tx_is_kw(n, shapes[s].shape))
		s++;
	if (s == sizeof shapes / sizeof shapes[0])
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a vector shape");
	n = n->next;
	unsigned lanes = 128 / shapes[s].bits, count = 0;
	for (const TxNode *c = n; is_num(c) || lane_like(c); c = c->next)
		count++;
	if (count != lanes)
		return tx_fail(p, *at, DIAG_TEXT_LANE_LITERALS, "%u for %s", count, shapes[s].shape);
	for (unsigned i = 0; i < lanes; i++, n = n->next) {
		uint64_t v;
		if (!literal(p, n, shapes[s].bits, shapes[s].is_float, &v))
			return false;
		tx_buf_fixed(out, v, shapes[s].bits / 8);
	}
	*at = n;
	return true;
}

/* Two optional indices (memory.copy, table.copy): both or neither. */
static bool pair_imm(TxParser *p, const TxNode **at, TxSpace sp, TxBuf *out)
{
	uint32_t a = 0, b = 0;
	if (is_arg(*at)) {
		if (!opt_index(p, at, sp, &a) || !is_arg(*at) || !opt_index(p, at, sp, &b))
			return p->failed ? false : tx_fail(p, *at, DIAG_TEXT_UNEXPECTED_TOKEN, "two indices");
	}
	tx_buf_u32(out, a);
	tx_buf_u32(out, b);
	return true;
}

/* memory.init / table.init: a segment, after an optional memory or table. */
static bool init_imm(TxParser *p, const TxNode **at, TxSpace target, TxSpace seg, TxBuf *out)
{
	uint32_t t = 0, s;
	if (is_arg(*at) && is_arg((*at)->next) && !opt_index(p, at, target, &t))
		return false;
	if (!tx_parse_index(p, *at, seg, &s))
		return false;
	*at = (*at)->next;
	tx_buf_u32(out, s);
	tx_buf_u32(out, t);
	return true;
}

static bool select_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	TxBuf types = { 0 };
	uint32_t n = 0;
	bool ok = true, typed = tx_is_list(*at, "result");
	for (; ok && tx_is_list(*at, "result"); *at = (*at)->next)
		for (const TxNode *t = (*at)->first->next; ok && t; t = t->next, n++)
			ok = tx_parse_valtype(p, t, &types);
	if (ok && tx_is_list(*at, "param"))
		ok = tx_fail(p, *at, DIAG_TEXT_UNEXPECTED_TOKEN, "select takes results only");
	if (ok && typed) {
		out->p[out->n - 1] = 0x1c; /* typed select */
		tx_buf_u32(out, n);
		tx_buf_bytes(out, types.p, types.n);
	}
	tx_buf_free(&types);
	return ok;
}

/* ---- garbage collection ---- */

/* x then a second immediate: a field (a number or the type's field id),
 * a count, or an index of space sp. */
static bool type_and(TxParser *p, const TxNode **at, TxSpace sp, TxBuf *out)
{
	uint32_t x, b;
	if (!tx_parse_index(p, *at, TX_SP_TYPE, &x))
		return false;
	*at = (*at)->next;
	tx_buf_u32(out, x);
	bool ok = sp == TX_SP_FIELD ? tx_find_field(p, x, *at, &b)
	          : sp == TX_SP_COUNT ? tx_parse_u32(p, *at, &b) : tx_parse_index(p, *at, sp, &b);
	if (!ok)
		return false;
	*at = (*at)->next;
	tx_buf_u32(out, b);
	return true;
}

/* A reference type as a heap type and whether it is nullable: (ref null?
 * ht) or a shorthand such as anyref. */
static bool cast_type(TxParser *p, const TxNode **at, TxBuf *ht, bool *null)
{
	TxBuf rt = { 0 };
	bool ok = tx_parse_reftype(p, *at, &rt);
	if (ok) {
		bool full = rt.p[0] == 0x63 || rt.p[0] == 0x64;
		*null = !full || rt.p[0] == 0x63;
		tx_buf_bytes(ht, rt.p + full, rt.n - full);
		*at = (*at)->next;
	}
	tx_buf_free(&rt);
	return ok;
}

/* ref.test and ref.cast: the nullable form is the next opcode, whose
 * one-byte code replaces the one written. */
static bool cast_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	TxBuf ht = { 0 };
	bool null = false, ok = cast_type(p, at, &ht, &null);
	if (ok) {
		out->p[out->n - 1] += null;
		tx_buf_bytes(out, ht.p, ht.n);
	}
	tx_buf_free(&ht);
	return ok;
}

/* br_on_cast[_fail] l rt1 rt2: flags (bit 0: rt1 nullable, bit 1: rt2),
 * l, then the two heap types. */
static bool br_on_cast_imm(TxParser *p, const TxNode **at, TxBuf *out)
{
	TxBuf l = { 0 }, h1 = { 0 }, h2 = { 0 };
	bool n1 = false, n2 = false;
	bool ok = label_imm(p, at, &l) && cast_type(p, at, &h1, &n1) && cast_type(p, at, &h2, &n2);
	if (ok) {
		tx_buf_u8(out, (uint8_t)(n1 | n2 << 1));
		tx_buf_bytes(out, l.p, l.n);
		tx_buf_bytes(out, h1.p, h1.n);
		tx_buf_bytes(out, h2.p, h2.n);
	}
	tx_buf_free(&l);
	tx_buf_free(&h1);
	tx_buf_free(&h2);
	return ok;
}

static bool gc_immediates(TxParser *p, const TxOp *op, const TxNode **at, TxBuf *out)
{
	switch (op->imm) {
	case IR_IMM_STRUCT_FIELD: return type_and(p, at, TX_SP_FIELD, out);
	case IR_IMM_ARRAY_FIXED: return type_and(p, at, TX_SP_COUNT, out);
	case IR_IMM_ARRAY_DATA:
		p->uses_data_count = true;
		return type_and(p, at, TX_SP_DATA, out);
	case IR_IMM_ARRAY_ELEM: return type_and(p, at, TX_SP_ELEM, out);
	case IR_IMM_ARRAY_COPY: return type_and(p, at, TX_SP_TYPE, out);
	case IR_IMM_CAST: return cast_imm(p, at, out);
	default: return br_on_cast_imm(p, at, out); /* IR_IMM_BR_ON_CAST */
	}
}

static bool immediates(TxParser *p, const TxOp *op, const TxNode **at, TxBuf *out)
{
	uint32_t idx;
	switch (op->imm) {
	case IR_IMM_NONE: /* select may have result types: the typed 0x1c */
		return op->code != 0x1b || op->prefix || select_imm(p, at, out);
	case IR_IMM_LABEL: return label_imm(p, at, out);
	case IR_IMM_BR_TABLE: return br_table_imm(p, at, out);
	case IR_IMM_FUNC: return index_imm(p, at, TX_SP_FUNC, out);
	case IR_IMM_CALL_INDIRECT: return call_indirect_imm(p, at, out);
	case IR_IMM_LOCAL: return index_imm(p, at, TX_SP_LOCAL, out);
	case IR_IMM_GLOBAL: return index_imm(p, at, TX_SP_GLOBAL, out);
	case IR_IMM_TABLE:
	case IR_IMM_MEMIDX:
		if (!opt_index(p, at, op->imm == IR_IMM_TABLE ? TX_SP_TABLE : TX_SP_MEMORY, &idx))
			return false;
		tx_buf_u32(out, idx);
		return true;
	case IR_IMM_MEMARG: return memarg(p, at, op, out);
	case IR_IMM_MEMARG_LANE: return memarg(p, at, op, out) && lane_imm(p, at, out);
	case IR_IMM_I32: return const_imm(p, at, 32, false, out);
	case IR_IMM_I64: return const_imm(p, at, 64, false, out);
	case IR_IMM_F32: return const_imm(p, at, 32, true, out);
	case IR_IMM_F64: return const_imm(p, at, 64, true, out);
	case IR_IMM_V128: return v128_imm(p, at, out);
	case IR_IMM_SHUFFLE:
		return shuffle_imm(p, at, out);
	case IR_IMM_LANE: return lane_imm(p, at, out);
	case IR_IMM_SELECT_T: return select_imm(p, at, out);
	case IR_IMM_REFTYPE:
		if (!tx_parse_heaptype(p, *at, out))
			return false;
		*at = (*at)->next;
		return true;
	case IR_IMM_MEM_INIT:
		p->uses_data_count = true;
		return init_imm(p, at, TX_SP_MEMORY, TX_SP_DATA, out);
	case IR_IMM_DATA:
		p->uses_data_count = true;
		return index_imm(p, at, TX_SP_DATA, out);
	case IR_IMM_MEM_COPY: return pair_imm(p, at, TX_SP_MEMORY, out);
	case IR_IMM_TABLE_INIT: return init_imm(p, at, TX_SP_TABLE, TX_SP_ELEM, out);
	case IR_IMM_ELEM: return index_imm(p, at, TX_SP_ELEM, out);
	case IR_IMM_TABLE_COPY: return pair_imm(p, at, TX_SP_TABLE, out);
	case IR_IMM_TYPE: case TX_IMM_TYPE: return index_imm(p, at, TX_SP_TYPE, out);
	case IR_IMM_TAG: return index_imm(p, at, TX_SP_TAG, out);
	case IR_IMM_STRUCT_FIELD: case IR_IMM_ARRAY_FIXED: case IR_IMM_ARRAY_DATA: case IR_IMM_ARRAY_ELEM:
	case IR_IMM_ARRAY_COPY: case IR_IMM_CAST: case IR_IMM_BR_ON_CAST:
		return gc_immediates(p, op, at, out);
	}
	return tx_fail(p, *at, DIAG_TEXT_UNKNOWN_OPERATOR, "%s", op->name);
}

/* ---- blocks ---- */

static const TxOp *lookup(TxParser *p, const TxNode *n)
{
	if (!n || n->kind != TX_NODE_ATOM || n->tok.kind != TX_KEYWORD) {
		unexpected(p, n, "an instruction");
		return NULL;
	}
	const TxOp *op = tx_optab_find(&p->ops, n->tok.text, n->tok.len);
	static const char *const misplaced[] = { "type", "param", "result", "local", "then", "else", "item" };
	for (size_t i = 0; !op && i < sizeof misplaced / sizeof misplaced[0]; i++)
		if (tx_is_kw(n, misplaced[i])) {
			tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "%s here", misplaced[i]);
			return NULL;
		}
	if (!op)
		tx_fail(p, n, DIAG_TEXT_UNKNOWN_OPERATOR, "%.*s", (int)n->tok.len, n->tok.text);
	return op;
}

static bool is_block(const TxOp *op)
{
	return op->imm == IR_IMM_BLOCK || op->imm == IR_IMM_TRY_TABLE;
}

/* (catch x l) (catch_ref x l) (catch_all l) (catch_all_ref l) */
static const char *const catch_words[] = { "catch", "catch_ref", "catch_all", "catch_all_ref" };

static bool catches(TxParser *p, const TxNode **at, TxBuf *out)
{
	TxBuf list = { 0 };
	uint32_t n = 0;
	bool ok = true;
	for (;;) {
		int k = 0;
		while (k < 4 && !tx_is_list(*at, catch_words[k]))
			k++;
		if (k == 4 || !ok)
			break;
		const TxNode *a = (*at)->first->next;
		tx_buf_u8(&list, (uint8_t)k);
		if (k < 2)
			ok = index_imm(p, &a, TX_SP_TAG, &list);
		ok = ok && label_imm(p, &a, &list);
		if (ok && a)
			ok = tx_fail(p, a, DIAG_TEXT_UNEXPECTED_TOKEN, "in a catch clause");
		*at = (*at)->next;
		n++;
	}
	tx_buf_u32(out, n);
	tx_buf_bytes(out, list.p, list.n);
	tx_buf_free(&list);
	return ok;
}

/* block/loop/if/try_table label? blocktype (catches): written, label pushed */
static bool block_head(TxParser *p, const TxOp *op, const TxNode **at, TxBuf *out)
{
	const TxNode *label = tx_is_id(*at) ? *at : NULL;
	if (label)
		*at = label->next;
	opcode(out, op);
	if (!tx_parse_blocktype(p, at, out))
		return false;
	if (op->imm == IR_IMM_TRY_TABLE && !catches(p, at, out))
		return false;
	return push_label(p, label, op->code == 0x04);
}

/* if and br_if take a branch hint (annot.c). */
static bool hintable(const TxOp *op)
{
	return !op->prefix && (op->code == 0x04 || op->code == 0x0d);
}

static bool plain(TxParser *p, const TxNode **at, uint32_t base, TxBuf *out)
{
	const TxNode *n = *at;
	int hint = tx_annot_hint_take(p, n);
	if (tx_is_kw(n, "end") || tx_is_kw(n, "else")) {
		bool is_else = tx_is_kw(n, "else");
		if (p->nlabels == base || (is_else && !p->labels[p->nlabels - 1].is_if))
			return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "%s without a block", is_else ? "else" : "end");
		*at = n->next;
		if (!check_label(p, at))
			return false;
		TxLabel *l = &p->labels[p->nlabels - 1];
		if (is_else) {
			l->is_if = false;
			l->else_at = out->n;
		} else {
			/* an empty else is left out, as other tools do */
			if (l->else_at && l->else_at + 1 == out->n)
				out->n--;
			pop_label(p);
		}
		tx_buf_u8(out, is_else ? 0x05 : 0x0b);
		return true;
	}
	const TxOp *op = lookup(p, n);
	if (!op)
		return false;
	*at = n->next;
	if (hintable(op))
		tx_annot_hint_at(p, hint, out->n);
	if (is_block(op))
		return block_head(p, op, at, out);
	opcode(out, op);
	return immediates(p, op, at, out);
}

static bool folded(TxParser *p, const TxNode *list, TxBuf *out);

/* Folded operands: every one a folded instruction. */
static bool operands(TxParser *p, const TxNode *n, const TxNode *end, TxBuf *out)
{
	for (; n != end; n = n->next) {
		if (n->kind == TX_NODE_ANNOT)
			continue;
		if (n->kind != TX_NODE_LIST)
			return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a folded instruction");
		if (!folded(p, n, out))
			return false;
	}
	return true;
}

/* (if label? bt cond* (then instr*) (else instr*)?): the conditions
 * first, outside the block */
static bool folded_if(TxParser *p, const TxOp *op, const TxNode *n, int hint, TxBuf *out)
{
	const TxNode *label = tx_is_id(n) ? n : NULL;
	if (label)
		n = n->next;
	TxBuf bt = { 0 };
	bool ok = tx_parse_blocktype(p, &n, &bt);
	const TxNode *then = n;
	while (then && !tx_is_list(then, "then"))
		then = then->next;
	if (ok && !then)
		ok = tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected (then ...)");
	ok = ok && operands(p, n, then, out);
	tx_annot_hint_at(p, hint, out->n);
	opcode(out, op);
	tx_buf_bytes(out, bt.p, bt.n);
	tx_buf_free(&bt);
	if (!ok || !push_label(p, label, true))
		return false;
	ok = tx_parse_instrs(p, then->first->next, NULL, out);
	const TxNode *els = then->next;
	if (ok && tx_is_list(els, "else")) {
		size_t at = out->n;
		tx_buf_u8(out, 0x05);
		ok = tx_parse_instrs(p, els->first->next, NULL, out);
		if (out->n == at + 1) /* an empty else is left out, as other tools do */
			out->n = at;
		els = els->next;
	}
	if (ok && els)
		ok = tx_fail(p, els, DIAG_TEXT_UNEXPECTED_TOKEN, "after (then ...) (else ...)");
	pop_label(p);
	tx_buf_u8(out, 0x0b);
	return ok;
}

static bool folded(TxParser *p, const TxNode *list, TxBuf *out)
{
	const TxOp *op = lookup(p, list->first);
	if (!op)
		return false;
	const TxNode *n = list->first->next;
	int hint = tx_annot_hint_take(p, list);
	if (op->code == 0x04 && !op->prefix)
		return folded_if(p, op, n, hint, out);
	if (is_block(op)) {
		if (!block_head(p, op, &n, out) || !tx_parse_instrs(p, n, NULL, out))
			return false;
		pop_label(p);
		tx_buf_u8(out, 0x0b);
		return true;
	}
	/* operands first, then the instruction with its immediates */
	size_t start = out->n;
	opcode(out, op);
	if (!immediates(p, op, &n, out))
		return false;
	uint8_t small[64], *saved = small;
	size_t len = out->n - start;
	if (out->failed)
		return tx_fail(p, list, DIAG_OUT_OF_MEMORY, "instructions");
	if (len > sizeof small && !(saved = malloc(len)))
		return tx_fail(p, list, DIAG_OUT_OF_MEMORY, "instructions");
	memcpy(saved, out->p + start, len);
	out->n = start;
	bool ok = operands(p, n, NULL, out);
	if (hintable(op))
		tx_annot_hint_at(p, hint, out->n);
	tx_buf_bytes(out, saved, len);
	if (saved != small)
		free(saved);
	return ok;
}

bool tx_parse_instrs(TxParser *p, const TxNode *n, const TxNode *end, TxBuf *out)
{
	uint32_t base = p->nlabels;
	while (n != end) {
		if (n->kind == TX_NODE_ANNOT) {
			n = n->next;
		} else if (n->kind == TX_NODE_LIST) {
			if (!folded(p, n, out))
				return false;
			n = n->next;
		} else if (!plain(p, &n, base, out)) {
			return false;
		}
	}
	if (p->nlabels > base)
		return tx_fail(p, end, DIAG_TEXT_UNEXPECTED_TOKEN, "a block without end");
	return !out->failed || tx_fail(p, end, DIAG_OUT_OF_MEMORY, "instructions");
}

bool tx_parse_expr(TxParser *p, const TxNode *first, TxBuf *out)
{
	uint32_t saved = p->nlabels;
	p->nlabels = 0;
	bool ok = tx_parse_instrs(p, first, NULL, out);
	tx_buf_u8(out, 0x0b);
	p->nlabels = saved;
	return ok;
}
