/* frontend/component/cm_index.c: finding an import or export of a type
 * by name.  Small lists are searched; a long one gets a hash table the
 * first time it is asked (exports: what aliases and instantiations look
 * up), kept for the rest of the load, so that many aliases of one big
 * instance stay linear. */
#include "cm.h"

#include <stdlib.h>

enum { INDEX_MIN = 16 };

typedef struct CmIndex {
	CmNames names;         /* name -> position */
} CmIndex;

static const IrCmExtern *scan(const IrCmExtern *e, uint32_t n, IrName name)
{
	for (uint32_t i = 0; i < n; i++)
		if (cm_name_eq(e[i].name, name))
			return &e[i];
	return NULL;
}

static CmIndex *build(CmLoad *L, const IrCmExtern *e, uint32_t n)
{
	CmIndex *x = cm_vec_push(&L->indexes, sizeof *x);
	if (!x)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		IrName clash;
		if (cm_names_add(&x->names, e[i].name, CM_NAMES_EXACT, i, &clash) < 0)
			return NULL;
	}
	return x;
}

/* The index built for a type's exports, if any (a type's lists never
 * change once it exists). */
static CmIndex *lookup(CmLoad *L, uint32_t type)
{
	if (type >= L->index_of.n)
		return NULL;
	uint32_t slot = ((const uint32_t *)L->index_of.v)[type];
	return slot ? &((CmIndex *)L->indexes.v)[slot - 1] : NULL;
}

const IrCmExtern *cm_find_extern(CmLoad *L, uint32_t type, bool imports, IrName name)
{
	const IrCmType *t = cm_type(L, type);
	const IrCmExtern *e = imports ? t->imports : t->exports;
	uint32_t n = imports ? t->nimports : t->nexports, pos;
	if (n < INDEX_MIN || imports)
		return scan(e, n, name);
	CmIndex *x = lookup(L, type);
	if (!x) {
		while (L->index_of.n <= type)
			if (!cm_vec_push(&L->index_of, sizeof(uint32_t)))
				return scan(e, n, name);
		if (!(x = build(L, e, n)))
			return scan(e, n, name);
		((uint32_t *)L->index_of.v)[type] = L->indexes.n;
	}
	return cm_names_find(&x->names, name, &pos) ? &e[pos] : NULL;
}

void cm_index_free(CmLoad *L)
{
	CmIndex *x = L->indexes.v;
	for (uint32_t i = 0; i < L->indexes.n; i++)
		cm_names_free(&x[i].names);
	cm_vec_free(&L->indexes);
	cm_vec_free(&L->index_of);
}
