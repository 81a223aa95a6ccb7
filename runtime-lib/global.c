/* runtime-lib/global.c: globals.  Each is one NacreValue cell that
 * generated code reads and writes through vmctx->globals; an imported
 * global is the exporter's cell itself, so a write is seen by all.
 */
#include "rt.h"

static bool value_type(uint8_t type)
{
	switch (type) {
	case NACRE_I32: case NACRE_I64: case NACRE_F32: case NACRE_F64:
	case NACRE_V128: case NACRE_FUNCREF: case NACRE_EXTERNREF:
		return true;
	}
	return false;
}

/* NULL when out of memory or for a type that is not a value type. */
NacreGlobal *nacre_global_new(NacreStore *s, uint8_t type, bool mut, NacreValue value)
{
	if (!value_type(type))
		return NULL;
	NacreGlobal *g = rt_sys_zalloc(sizeof *g);
	if (!g)
		return NULL;
	g->cell = value;
	g->type = type;
	g->exact = type;
	g->mut = mut;
	g->next = s->globals;
	s->globals = g;
	return g;
}

NacreValue nacre_global_get(const NacreGlobal *g)
{
	return g->cell;
}

bool nacre_global_type(const NacreGlobal *g, uint8_t *type, bool *mut)
{
	if (!g)
		return false;
	if (type)
		*type = g->type;
	if (mut)
		*mut = g->mut;
	return true;
}
