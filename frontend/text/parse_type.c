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
	/* the first type of an encoding is the one implicit uses take */
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
		if (t && t->nparams == 0 && t->nresults <= 1) /* the short form, as wabt writes it */
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
	if (!tx_names_find(&p->names, TX_SP_SIG, sig.bytes, sig.len, &index))
		index = tx_type_add(p, &sig);
	tx_buf_s64(out, index);
	return !p->failed;
}
