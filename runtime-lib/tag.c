/* runtime-lib/tag.c: tag instances (exceptions, 3.0 spec 4.5.3.7).  A
 * tag's identity is its object's address: every instance that defines or
 * imports it holds the same pointer in vmctx->tags, an exception carries
 * it, and a catch compares it, so two tags of one type stay distinct.
 * The store owns them all.
 */
#include "rt.h"

NacreTag *rt_tag_create(NacreStore *s, uint32_t type_id, uint32_t index)
{
	NacreTag *t = rt_sys_zalloc(sizeof *t);
	if (!t)
		return NULL;
	*t = (NacreTag){ .next = s->tags, .store = s, .type_id = type_id, .index = index };
	s->tags = t;
	return t;
}

void rt_tag_free_all(NacreStore *s)
{
	for (NacreTag *t = s->tags, *next; t; t = next) {
		next = t->next;
		rt_sys_free(t);
	}
	s->tags = NULL;
}

NacreTag *nacre_tag_new(NacreStore *s, const NacreFuncType *type)
{
	if (!type || type->nresults || (type->nparams && !type->params))
		return NULL;
	for (uint32_t i = 0; i < type->nparams; i++)
		if (!rt_value_type(type->params[i]))
			return NULL;
	uint32_t id = rt_store_intern(s, type->nparams, 0, type->params, NULL);
	return id ? rt_tag_create(s, id, 0) : NULL;
}
