/* ir/module.c: queries every stage makes of a validated module. */
#include "module.h"

#include <stdlib.h>
#include <string.h>

const IrFuncType *ir_func_type(const IrModule *m, uint32_t funcidx)
{
	return &m->types[m->func_types[funcidx]];
}

/* A function's name from the name section, or an empty name. */
IrName ir_func_name(const IrModule *m, uint32_t funcidx)
{
	uint32_t lo = 0, hi = m->nfunc_names;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->func_names[mid].index == funcidx)
			return m->func_names[mid].name;
		if (m->func_names[mid].index < funcidx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (IrName){ NULL, 0 };
}

/* A block type's parameters and results (spec 3.2.2). */
void ir_block_sig(const IrModule *m, IrBlockType bt, uint32_t *nparams,
                  const IrValType **params, uint32_t *nresults,
                  const IrValType **results)
{
	static const IrValType vals[256] = {
		[IR_I32] = IR_I32, [IR_I64] = IR_I64, [IR_F32] = IR_F32, [IR_F64] = IR_F64,
		[IR_V128] = IR_V128, [IR_FUNCREF] = IR_FUNCREF, [IR_EXTERNREF] = IR_EXTERNREF,
	};
	*nparams = 0;
	*params = NULL;
	*nresults = 0;
	*results = NULL;
	if (bt.kind == IR_BT_VAL) {
		*nresults = 1;
		*results = &vals[bt.val];
	} else if (bt.kind == IR_BT_INDEX) {
		const IrFuncType *t = &m->types[bt.index];
		*nparams = t->nparams;
		*params = t->params;
		*nresults = t->nresults;
		*results = t->results;
	}
}

void ir_module_free(IrModule *m)
{
	if (!m)
		return;
	free(m->owned_bytes);
	arena_free(m->arena);
}

const IrBranchHint *ir_branch_hint(const IrModule *m, uint32_t offset)
{
	uint32_t lo = 0, hi = m->nbranch_hints;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->branch_hints[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nbranch_hints && m->branch_hints[lo].offset == offset ? &m->branch_hints[lo] : NULL;
}
