/* frontend/text/parse_type.c: types in the text format (spec 6.4): value
 * and reference types, function types, type uses with their implicit
 * types, block types.  Types are written in their binary encoding at once,
 * so comparing two function types is comparing bytes.
 */
#include "text.h"

#include <string.h>

static const struct {
	const char *name;
	uint8_t code;
	bool ref;
} type_words[] = {
	{ "i32", 0x7f, false }, { "i64", 0x7e, false }, { "f32", 0x7d, false },
	{ "f64", 0x7c, false }, { "v128", 0x7b, false },
	{ "funcref", 0x70, true }, { "externref", 0x6f, true }, { "exnref", 0x69, true },
	{ "anyref", 0x6e, true }, { "eqref", 0x6d, true }, { "i31ref", 0x6c, true },
	{ "structref", 0x6b, true }, { "arrayref", 0x6a, true }, { "nullref", 0x71, true },
	{ "nullfuncref", 0x73, true }, { "nullexternref", 0x72, true }, { "nullexnref", 0x74, true },
};

/* Abstract heap types (the reference types above without "ref"). */
static const struct {
	const char *name;
	uint8_t code;
} heap_words[] = {
	{ "func", 0x70 }, { "extern", 0x6f }, { "exn", 0x69 }, { "any", 0x6e }, { "eq", 0x6d },
	{ "i31", 0x6c }, { "struct", 0x6b }, { "array", 0x6a }, { "none", 0x71 },
	{ "nofunc", 0x73 }, { "noextern", 0x72 }, { "noexn", 0x74 },
};

static int type_word(const TxNode *n)
{
	for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++)
		if (tx_is_kw(n, type_words[i].name))
			return (int)i;
	return -1;
}

/* A heap type: an abstract one, or a type index (as s33). */
static bool heaptype(TxParser *p, const TxNode *n, TxBuf *out)
{
	for (size_t i = 0; i < sizeof heap_words / sizeof heap_words[0]; i++)
		if (tx_is_kw(n, heap_words[i].name)) {
			tx_buf_u8(out, heap_words[i].code);
			return true;
		}
	uint32_t idx;
	if (!n || (n->kind == TX_NODE_ATOM && n->tok.kind == TX_KEYWORD))
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a heap type");
	if (!tx_parse_index(p, n, TX_SP_TYPE, &idx))
		return false;
	tx_buf_s64(out, idx);
	return true;
}

bool tx_parse_heaptype(TxParser *p, const TxNode *n, TxBuf *out)
{
	return heaptype(p, n, out);
}

/* (ref null? heaptype) */
static bool ref_form(TxParser *p, const TxNode *n, TxBuf *out)
{
	const TxNode *h = n->first->next;
	bool null = tx_is_kw(h, "null");
	if (null)
		h = h->next;
	TxBuf ht = { 0 };
	bool ok = heaptype(p, h, &ht);
	/* (ref null func) is funcref: the one-byte shorthand, as the
	 * reference interpreter writes it */
	if (ok && !(null && ht.n == 1 && ht.p[0] >= 0x69))
		tx_buf_u8(out, null ? 0x63 : 0x64);
	tx_buf_bytes(out, ht.p, ht.n);
	tx_buf_free(&ht);
	if (!ok)
		return false;
	return !h->next || tx_fail(p, h->next, DIAG_TEXT_UNEXPECTED_TOKEN, "after the heap type");
}

bool tx_is_reftype(const TxNode *n)
{
	int w = type_word(n);
	return (w >= 0 && type_words[w].ref) || tx_is_list(n, "ref");
}

bool tx_parse_reftype(TxParser *p, const TxNode *n, TxBuf *out)
{
	if (!tx_is_reftype(n))
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a reference type");
	return tx_parse_valtype(p, n, out);
}

bool tx_parse_valtype(TxParser *p, const TxNode *n, TxBuf *out)
{
	if (tx_is_list(n, "ref"))
		return ref_form(p, n, out);
	int w = type_word(n);
	if (w < 0)
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected a value type");
	tx_buf_u8(out, type_words[w].code);
	return true;
}

/* (param $id t) names one parameter; (param t*) any number. */
static bool params(TxParser *p, const TxNode *list, bool names, TxBuf *out, uint32_t *count)
{
	const TxNode *n = list->first->next;
	if (tx_is_id(n)) {
		if (!names)
			return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "no parameter names here");
		if (!n->next || n->next->next)
			return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "a named parameter has one type");
		if (!tx_names_add(&p->locals, TX_SP_LOCAL, n->tok.str, n->tok.str_len, p->nlocals))
			return tx_fail(p, n, p->locals.failed ? DIAG_OUT_OF_MEMORY : DIAG_TEXT_DUPLICATE_LOCAL,
			               "%.*s", (int)n->tok.len, n->tok.text);
		n = n->next;
	}
	for (; n; n = n->next) {
		if (!tx_parse_valtype(p, n, out))
			return false;
		(*count)++;
		if (names)
			p->nlocals++;
	}
	return true;
}

static bool results(TxParser *p, const TxNode *list, TxBuf *out, uint32_t *count)
{
	for (const TxNode *n = list->first->next; n; n = n->next) {
		if (!tx_parse_valtype(p, n, out))
			return false;
		(*count)++;
	}
	return true;
}

static bool make_sig(TxParser *p, const TxNode *at, const TxBuf *ps, const TxBuf *rs, TxSig *out)
{
	TxBuf b = { 0 };
	tx_buf_u8(&b, 0x60);
	tx_buf_u32(&b, out->nparams);
	tx_buf_bytes(&b, ps->p, ps->n);
	tx_buf_u32(&b, out->nresults);
	tx_buf_bytes(&b, rs->p, rs->n);
	bool ok = !b.failed && !ps->failed && !rs->failed;
	out->bytes = ok ? arena_dup(p->arena, b.p, b.n) : NULL;
	out->len = b.n;
	tx_buf_free(&b);
	return out->bytes || tx_fail(p, at, DIAG_OUT_OF_MEMORY, "function type");
}

bool tx_parse_functype(TxParser *p, const TxNode **at, bool names, TxSig *out)
{
	TxBuf ps = { 0 }, rs = { 0 };
	*out = (TxSig){ 0 };
	const TxNode *n = *at;
	bool ok = true;
	for (; ok && tx_is_list(n, "param"); n = n->next)
		ok = params(p, n, names, &ps, &out->nparams);
	for (; ok && tx_is_list(n, "result"); n = n->next)
		ok = results(p, n, &rs, &out->nresults);
	if (ok && tx_is_list(n, "param"))
		ok = tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "param after result");
	ok = ok && make_sig(p, *at, &ps, &rs, out);
	tx_buf_free(&ps);
	tx_buf_free(&rs);
	*at = n;
	return ok;
}

uint32_t tx_type_add(TxParser *p, const TxSig *sig)
{
	if (p->ntypes == p->cap_types) {
		uint32_t cap = p->cap_types ? p->cap_types * 2 : 16;
		TxSig *t = arena_array(p->arena, cap, sizeof *t);
		if (!t) {
			tx_fail(p, NULL, DIAG_OUT_OF_MEMORY, "types");
			return 0;
		}
		if (p->ntypes)
			memcpy(t, p->types, p->ntypes * sizeof *t);
		p->types = t;
		p->cap_types = cap;
	}
	p->types[p->ntypes] = *sig;
	if (sig->entry) { /* the type section in index order; a group's after its types */
		tx_buf_bytes(&p->sec[1], sig->entry, sig->entry_len);
		p->items[1]++;
	}
	/* the first type of an encoding is the one implicit uses take */
	if (sig->matchable)
		tx_names_add(&p->names, TX_SP_SIG, sig->bytes, sig->len, p->ntypes);
	return p->ntypes++;
}

static bool same_sig(const TxSig *a, const TxSig *b)
{
	return a->len == b->len && !memcmp(a->bytes, b->bytes, a->len);
}

/* Ids of parameters in a use with only (type x) cannot be named, but
 * they still take local indices. */
static bool explicit_use(TxParser *p, const TxNode *ref, const TxNode **at, bool names, uint32_t *index)
{
	if (!ref->first->next || ref->first->next->next)
		return tx_fail(p, ref, DIAG_TEXT_UNEXPECTED_TOKEN, "(type x) takes one index");
	if (!tx_parse_index(p, ref->first->next, TX_SP_TYPE, index))
		return false;
	/* a number beyond the types is the validator's to refuse */
	bool known = *index < p->ntypes && p->types[*index].bytes;
	const TxNode *start = *at;
	uint32_t before = p->nlocals;
	TxSig inline_sig;
	if (!tx_parse_functype(p, at, names, &inline_sig))
		return false;
	if (*at == start) {
		if (names && known)
			p->nlocals = before + p->types[*index].nparams;
		return true;
	}
	/* with inline types the text itself needs the type to compare */
	if (!known)
		return tx_fail(p, ref->first->next, DIAG_UNKNOWN_TYPE, "%u", *index);
	return same_sig(&inline_sig, &p->types[*index]) ||
	       tx_fail(p, start, DIAG_TEXT_INLINE_TYPE, "it differs from type %u", *index);
}

bool tx_parse_typeuse(TxParser *p, const TxNode **at, bool names, uint32_t *index)
{
	if (tx_is_list(*at, "type")) {
		const TxNode *ref = *at;
		*at = ref->next;
		return explicit_use(p, ref, at, names, index);
	}
	TxSig sig;
	if (!tx_parse_functype(p, at, names, &sig))
		return false;
	if (tx_names_find(&p->names, TX_SP_SIG, sig.bytes, sig.len, index))
		return true;
	sig.entry = sig.bytes, sig.entry_len = sig.len, sig.matchable = true;
	*index = tx_type_add(p, &sig);
	return !p->failed;
}

bool tx_parse_blocktype(TxParser *p, const TxNode **at, TxBuf *out)
{
	uint32_t index;
	if (tx_is_list(*at, "type")) {
		if (!tx_parse_typeuse(p, at, false, &index))
			return false;
		const TxSig *t = index < p->ntypes ? &p->types[index] : NULL;
		if (t && t->bytes && t->nparams == 0 && t->nresults <= 1) /* the short form, as wabt writes it */
			tx_buf_bytes(out, t->nresults ? t->bytes + 3 : (const uint8_t *)"\x40", t->nresults ? t->len - 3 : 1);
		else
			tx_buf_s64(out, index);
		return true;
	}
	TxSig sig;
	if (!tx_parse_functype(p, at, false, &sig))
		return false;
	/* [] -> [] and [] -> [t] are written without a type index; the
	 * encoding is 0x60 0x00 0x01 t */
	if (sig.nparams == 0 && sig.nresults <= 1) {
		if (sig.nresults)
			tx_buf_bytes(out, sig.bytes + 3, sig.len - 3);
		else
			tx_buf_u8(out, 0x40);
		return true;
	}
	if (!tx_names_find(&p->names, TX_SP_SIG, sig.bytes, sig.len, &index)) {
		sig.entry = sig.bytes, sig.entry_len = sig.len, sig.matchable = true;
		index = tx_type_add(p, &sig);
	}
	tx_buf_s64(out, index);
	return !p->failed;
}

/* ---- type definitions (3.0): function, struct and array types, subtypes
 * and rec groups.  GC types are parsed and encoded here though nothing
 * after the decoder runs them yet. ---- */

/* storagetype: a value type, i8 or i16; fieldtype: it or (mut it) */
static bool fieldtype(TxParser *p, const TxNode *n, TxBuf *out)
{
	bool mut = tx_is_list(n, "mut");
	const TxNode *t = mut ? n->first->next : n;
	if (mut && (!t || t->next))
		return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "(mut t)");
	if (tx_is_kw(t, "i8") || tx_is_kw(t, "i16"))
		tx_buf_u8(out, tx_is_kw(t, "i8") ? 0x78 : 0x77);
	else if (!tx_parse_valtype(p, t, out))
		return false;
	tx_buf_u8(out, mut);
	return true;
}

/* (struct (field $id? ft) | (field ft*))* : 0x5f vec(fieldtype) */
static bool struct_type(TxParser *p, const TxNode *n, TxBuf *out)
{
	TxBuf fields = { 0 };
	uint32_t count = 0;
	bool ok = true;
	for (const TxNode *f = n->first->next; ok && f; f = f->next) {
		if (!tx_is_list(f, "field")) {
			ok = tx_fail(p, f, DIAG_TEXT_UNEXPECTED_TOKEN, "expected (field ...)");
			break;
		}
		const TxNode *t = f->first->next;
		if (tx_is_id(t)) /* a field name: fields.c binds it */
			t = t->next;
		for (; ok && t; t = t->next, count++)
			ok = fieldtype(p, t, &fields);
	}
	tx_buf_u8(out, 0x5f);
	tx_buf_u32(out, count);
	tx_buf_bytes(out, fields.p, fields.n);
	tx_buf_free(&fields);
	return ok;
}

/* comptype: (func ...), (struct ...) or (array ft); a function type's
 * signature in sig */
static bool comptype(TxParser *p, const TxNode *n, TxBuf *out, TxSig *sig)
{
	*sig = (TxSig){ 0 };
	if (tx_is_list(n, "func")) {
		const TxNode *at = n->first->next;
		if (!tx_parse_functype(p, &at, true, sig))
			return false;
		if (at)
			return tx_fail(p, at, DIAG_TEXT_UNEXPECTED_TOKEN, "in a function type");
		tx_buf_bytes(out, sig->bytes, sig->len);
		return true;
	}
	if (tx_is_list(n, "struct"))
		return struct_type(p, n, out);
	if (tx_is_list(n, "array")) {
		const TxNode *t = n->first->next;
		if (!t || t->next)
			return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "(array fieldtype)");
		tx_buf_u8(out, 0x5e);
		return fieldtype(p, t, out);
	}
	return tx_fail(p, n, DIAG_TEXT_UNEXPECTED_TOKEN, "expected (func ...), (struct ...) or (array ...)");
}

/* subtype: (sub final? x* comptype) or a comptype, which is final without
 * supertypes and written as the comptype alone */
static bool subtype(TxParser *p, const TxNode *n, TxBuf *out, TxSig *sig)
{
	if (!tx_is_list(n, "sub")) {
		bool ok = comptype(p, n, out, sig);
		sig->matchable = sig->bytes != NULL;
		return ok;
	}
	const TxNode *c = n->first->next;
	bool final = tx_is_kw(c, "final");
	if (final)
		c = c->next;
	TxBuf supers = { 0 };
	uint32_t count = 0, idx;
	bool ok = true;
	for (; ok && c && c->kind == TX_NODE_ATOM; c = c->next, count++)
		if ((ok = tx_parse_index(p, c, TX_SP_TYPE, &idx)))
			tx_buf_u32(&supers, idx);
	tx_buf_u8(out, final ? 0x4f : 0x50);
	tx_buf_u32(out, count);
	tx_buf_bytes(out, supers.p, supers.n);
	tx_buf_free(&supers);
	if (ok && (!c || c->next))
		ok = tx_fail(p, c ? c->next : n, DIAG_TEXT_UNEXPECTED_TOKEN, "one composite type in (sub ...)");
	return ok && comptype(p, c, out, sig);
}

/* (type id? subtype): its encoding, appended to out */
static bool one_type(TxParser *p, const TxNode *t, TxBuf *out, TxSig *sig)
{
	const TxNode *n = t->first->next;
	if (tx_is_id(n))
		n = n->next;
	if (!n || n->next)
		return tx_fail(p, n ? n->next : t, DIAG_TEXT_UNEXPECTED_TOKEN, "one type in (type ...)");
	p->nlocals = 0;
	tx_names_init(&p->locals, p->arena); /* parameter names here name nothing */
	return subtype(p, n, out, sig);
}

static bool add_entry(TxParser *p, const TxNode *at, TxSig *sig, const TxBuf *enc)
{
	if (enc->failed)
		return tx_fail(p, at, DIAG_OUT_OF_MEMORY, "types");
	sig->entry = enc->p;
	sig->entry_len = enc->n;
	tx_type_add(p, sig);
	if (p->failed)
		return false;
	p->types[p->ntypes - 1].entry = NULL; /* written; the buffer is the caller's */
	return true;
}

/* (rec (type ...)*): one entry 0x4e vec(subtype) after its types; a group
 * of one is that type alone, the same in the binary. */
static bool rec_group(TxParser *p, const TxNode *rec)
{
	uint32_t count = 0;
	for (const TxNode *t = rec->first->next; t; t = t->next)
		count++;
	if (count == 1 && tx_is_list(rec->first->next, "type"))
		return tx_parse_typedef(p, rec->first->next);
	TxBuf enc = { 0 };
	tx_buf_u8(&enc, 0x4e);
	tx_buf_u32(&enc, count);
	bool ok = true;
	for (const TxNode *t = rec->first->next; ok && t; t = t->next) {
		TxSig sig;
		if (!tx_is_list(t, "type"))
			ok = tx_fail(p, t, DIAG_TEXT_UNEXPECTED_TOKEN, "expected (type ...) in (rec ...)");
		else if ((ok = one_type(p, t, &enc, &sig))) {
			sig.matchable = false; /* not alone in its group */
			tx_type_add(p, &sig);
			ok = !p->failed;
		}
	}
	if (ok && enc.failed)
		ok = tx_fail(p, rec, DIAG_OUT_OF_MEMORY, "types");
	if (ok) {
		tx_buf_bytes(&p->sec[1], enc.p, enc.n);
		p->items[1]++;
	}
	tx_buf_free(&enc);
	return ok;
}

bool tx_parse_typedef(TxParser *p, const TxNode *field)
{
	if (tx_is_list(field, "rec"))
		return rec_group(p, field);
	TxBuf enc = { 0 };
	TxSig sig;
	bool ok = one_type(p, field, &enc, &sig) && add_entry(p, field, &sig, &enc);
	tx_buf_free(&enc);
	return ok;
}
