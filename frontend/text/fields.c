/* frontend/text/fields.c: struct field names (3.0 spec 6.4.8, GC).  A
 * field's id is scoped by its type, so the names table keys it by the
 * type's index (4 bytes) followed by the id.  Pass 1 binds them, so that
 * an instruction may name a field of a type defined after it. */
#include "text.h"

#include <string.h>

/* The key of (typeidx, name), in the arena. */
static const uint8_t *field_key(TxParser *p, uint32_t typeidx, const TxNode *id, size_t *len)
{
	*len = 4 + id->tok.str_len;
	uint8_t *k = arena_alloc(p->arena, *len);
	if (k) {
		memcpy(k, &typeidx, 4);
		memcpy(k + 4, id->tok.str, id->tok.str_len);
	}
	return k;
}

/* (struct ...) of a (type id? (sub ... (struct ...)) | (struct ...)) */
static const TxNode *struct_of(const TxNode *type)
{
	const TxNode *c = type->first->next;
	if (tx_is_id(c))
		c = c->next;
	if (tx_is_list(c, "sub"))
		for (c = c->first->next; c && !tx_is_list(c, "struct"); c = c->next)
			;
	return tx_is_list(c, "struct") ? c : NULL;
}

bool tx_bind_fields(TxParser *p, const TxNode *type, uint32_t typeidx)
{
	const TxNode *s = struct_of(type);
	uint32_t index = 0;
	for (const TxNode *f = s ? s->first->next : NULL; f; f = f->next) {
		if (!tx_is_list(f, "field"))
			continue; /* the encoder reports it */
		const TxNode *t = f->first->next;
		if (!tx_is_id(t)) {
			for (; t; t = t->next)
				index++;
			continue;
		}
		size_t len;
		const uint8_t *key = field_key(p, typeidx, t, &len);
		if (!key)
			return tx_fail(p, t, DIAG_OUT_OF_MEMORY, "field names");
		if (!tx_names_add(&p->names, TX_SP_FIELD, key, len, index++))
			return tx_fail(p, t, p->names.failed ? DIAG_OUT_OF_MEMORY : DIAG_TEXT_DUPLICATE_FIELD, "%.*s",
			               (int)t->tok.len, t->tok.text);
	}
	return true;
}

bool tx_find_field(TxParser *p, uint32_t typeidx, const TxNode *id, uint32_t *field)
{
	if (!tx_is_id(id))
		return tx_parse_u32(p, id, field);
	size_t len;
	const uint8_t *key = field_key(p, typeidx, id, &len);
	if (!key)
		return tx_fail(p, id, DIAG_OUT_OF_MEMORY, "field names");
	if (tx_names_find(&p->names, TX_SP_FIELD, key, len, field))
		return true;
	return tx_fail(p, id, DIAG_TEXT_UNKNOWN_FIELD, "%.*s", (int)id->tok.len, id->tok.text);
}
