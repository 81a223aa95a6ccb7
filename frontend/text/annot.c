/* frontend/text/annot.c: the annotations the text reader turns into
 * custom sections (the annotations proposal's appendix): (@custom "name"
 * (before|after SECTION)? "bytes"*), (@name "x") on the module and on
 * functions (the name section), and (@metadata.code.branch_hint "\00" or
 * "\01") before an if or br_if (the branch-hint section).  Every other
 * annotation, and one of these that is malformed, is ignored: an
 * annotation never makes a module malformed. */
#include "text.h"

#include <string.h>

/* Section ids in binary order, as assemble() writes them: custom sections
 * go in slots around them (slot 0 first, 2i+1 before section i, 2i+2 after). */
static const struct {
	const char *name;
	uint8_t id;
} sections[] = {
	{ "type", 1 }, { "import", 2 }, { "func", 3 }, { "table", 4 }, { "memory", 5 }, { "tag", 13 },
	{ "global", 6 }, { "export", 7 }, { "start", 8 }, { "elem", 9 }, { "datacount", 12 }, { "code", 10 },
	{ "data", 11 },
};
enum {
	NSECTIONS = sizeof sections / sizeof *sections,
	SLOT_LAST = 2 * NSECTIONS,
	SLOT_BEFORE_CODE = 2 * 11 + 1, /* sections[11] is code: hints precede it */
};

static bool is_annot(const TxNode *a, const char *id)
{
	return a->kind == TX_NODE_ANNOT && a->tok.str_len == strlen(id) && !memcmp(a->tok.str, id, a->tok.str_len);
}

static bool is_string(const TxNode *n)
{
	return n && n->kind == TX_NODE_ATOM && n->tok.kind == TX_STRING;
}

/* A custom section (name, then payload) into slot; false out of memory. */
static bool add_custom(TxParser *p, unsigned slot, const uint8_t *name, size_t nlen, const TxBuf *payload)
{
	TxCustom *c = arena_alloc(p->arena, sizeof *c);
	if (!c)
		return false;
	*c = (TxCustom){ .slot = slot };
	tx_buf_name(&c->bytes, name, nlen);
	tx_buf_bytes(&c->bytes, payload->p, payload->n);
	TxCustom **tail = &p->customs;
	while (*tail)
		tail = &(*tail)->next;
	*tail = c;
	return !c->bytes.failed;
}

/* (before X) or (after X), X a section or first/last; false when malformed. */
static bool placement(const TxNode *n, unsigned *slot)
{
	bool before = tx_is_list(n, "before");
	if ((!before && !tx_is_list(n, "after")) || n->count != 2 || n->first->next->kind != TX_NODE_ATOM)
		return false;
	const TxNode *x = n->first->next;
	if (tx_is_kw(x, "first") || tx_is_kw(x, "last"))
		return *slot = tx_is_kw(x, "first") ? 0 : SLOT_LAST, true;
	for (unsigned i = 0; i < NSECTIONS; i++)
		if (tx_is_kw(x, sections[i].name))
			return *slot = before ? 2 * i + 1 : 2 * i + 2, true;
	return false;
}

/* One (@custom ...); a malformed one is left out. */
static bool custom(TxParser *p, const TxNode *a)
{
	const TxNode *name = a->first, *n = name ? name->next : NULL;
	unsigned slot = SLOT_LAST;
	if (!is_string(name) || !tx_name_valid(name->tok.str, name->tok.str_len))
		return true;
	if (n && n->kind == TX_NODE_LIST && !placement(n, &slot))
		return true;
	if (n && n->kind == TX_NODE_LIST)
		n = n->next;
	TxBuf payload = { 0 };
	for (; is_string(n); n = n->next)
		tx_buf_bytes(&payload, n->tok.str, n->tok.str_len);
	bool ok = n || add_custom(p, slot, (const uint8_t *)name->tok.str, name->tok.str_len, &payload);
	ok = ok && !payload.failed;
	tx_buf_free(&payload);
	return ok;
}

static bool customs_of(TxParser *p, const TxNode *chain)
{
	for (const TxNode *a = chain; a; a = a->next)
		if (is_annot(a, "custom") && !custom(p, a))
			return false;
	return true;
}

bool tx_annot_customs(TxParser *p, const TxNode *form, const TxNode *first_field)
{
	bool ok = true;
	for (const TxNode *n = first_field; ok && n; n = n->next)
		ok = customs_of(p, n->annots);
	return (ok && customs_of(p, form->annots_end)) || tx_fail(p, form, DIAG_OUT_OF_MEMORY, "custom sections");
}

/* The string of a (@name "x") in chain, or NULL. */
static const TxNode *name_of(const TxNode *chain)
{
	for (const TxNode *a = chain; a; a = a->next)
		if (is_annot(a, "name") && a->count == 1 && is_string(a->first) &&
		    tx_name_valid(a->first->tok.str, a->first->tok.str_len))
			return a->first;
	return NULL;
}

/* The annotations right after a field's keyword and id: on its next
 * node, or at the end of the list when nothing follows. */
static const TxNode *head_annots(const TxNode *list, const TxNode *after)
{
	return after ? after->annots : list->annots_end;
}

void tx_annot_module_name(TxParser *p, const TxNode *list, const TxNode *after_id)
{
	p->module_name = name_of(head_annots(list, after_id));
}

void tx_annot_func_name(TxParser *p, const TxNode *field, const TxNode *after_id, uint32_t index)
{
	const TxNode *s = name_of(head_annots(field, after_id));
	if (!s)
		return;
	tx_buf_u32(&p->func_names, index);
	tx_buf_name(&p->func_names, (const uint8_t *)s->tok.str, s->tok.str_len);
	p->nfunc_names++;
}

/* ---- Branch hints: a hint read from the annotations before an
 * instruction waits in p->hint until that instruction's opcode is
 * written (tx_annot_hint_at), whatever operands come first. */
int tx_annot_hint_take(TxParser *p, const TxNode *n)
{
	p->hint = -1;
	for (const TxNode *a = n->annots; a; a = a->next)
		if (is_annot(a, "metadata.code.branch_hint") && a->count == 1 && is_string(a->first) &&
		    a->first->tok.str_len == 1 && (uint8_t)a->first->tok.str[0] <= 1)
			p->hint = (uint8_t)a->first->tok.str[0];
	return p->hint;
}

void tx_annot_hint_at(TxParser *p, int hint, size_t offset)
{
	if (hint < 0 || (p->nhints && offset <= p->last_hint))
		return;
	tx_buf_u32(&p->func_hints, offset);
	tx_buf_u32(&p->func_hints, 1);
	tx_buf_u8(&p->func_hints, (uint8_t)hint);
	p->nhints++;
	p->last_hint = offset;
}

void tx_annot_hints_end(TxParser *p, uint32_t funcidx)
{
	if (p->nhints) {
		tx_buf_u32(&p->hints, funcidx);
		tx_buf_u32(&p->hints, p->nhints);
		tx_buf_bytes(&p->hints, p->func_hints.p, p->func_hints.n);
		p->nhint_funcs++;
	}
	p->func_hints.n = 0;
	p->nhints = 0;
}

/* The name and branch-hint sections, once every field is encoded. */
static bool name_section(TxParser *p)
{
	TxBuf s = { 0 }, sub = { 0 };
	if (p->module_name) {
		tx_buf_name(&sub, (const uint8_t *)p->module_name->tok.str, p->module_name->tok.str_len);
		tx_buf_section(&s, 0, &sub);
	}
	if (p->nfunc_names) {
		sub.n = 0;
		tx_buf_u32(&sub, p->nfunc_names);
		tx_buf_bytes(&sub, p->func_names.p, p->func_names.n);
		tx_buf_section(&s, 1, &sub);
	}
	bool ok = add_custom(p, SLOT_LAST, (const uint8_t *)"name", 4, &s) && !s.failed && !sub.failed;
	tx_buf_free(&s);
	tx_buf_free(&sub);
	return ok;
}

bool tx_annot_sections(TxParser *p)
{
	bool ok = true;
	if (p->nhint_funcs) {
		TxBuf s = { 0 };
		tx_buf_u32(&s, p->nhint_funcs);
		tx_buf_bytes(&s, p->hints.p, p->hints.n);
		ok = add_custom(p, SLOT_BEFORE_CODE, (const uint8_t *)"metadata.code.branch_hint", 25, &s) && !s.failed;
		tx_buf_free(&s);
	}
	if (ok && (p->module_name || p->nfunc_names))
		ok = name_section(p);
	return ok || tx_fail(p, NULL, DIAG_OUT_OF_MEMORY, "custom sections");
}

void tx_annot_free(TxParser *p)
{
	for (TxCustom *c = p->customs; c; c = c->next)
		tx_buf_free(&c->bytes);
	tx_buf_free(&p->func_hints);
	tx_buf_free(&p->hints);
	tx_buf_free(&p->func_names);
}
