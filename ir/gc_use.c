/* ir/gc_use.c: whether a module uses garbage collection, for the stages
 * that cannot run it yet: a struct or array type, a recursion group or a
 * declared subtype, a reference into the any hierarchy anywhere a value
 * type may appear, or an instruction of the proposal. */
#include "module.h"

static bool gc_valtype(const IrModule *m, IrValType t)
{
	if (ir_heap(t) == IR_HT_INDEX)
		return m->types[ir_ref_index(t)].kind != IR_COMP_FUNC;
	return ir_is_gc_heap(ir_heap(t));
}

static bool gc_types(const IrModule *m)
{
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const IrFuncType *t = &m->types[i];
		if (t->kind != IR_COMP_FUNC || t->rec_size > 1 || t->nsupers || t->open)
			return true;
		for (uint32_t k = 0; k < t->nparams; k++)
			if (gc_valtype(m, t->params[k]))
				return true;
		for (uint32_t k = 0; k < t->nresults; k++)
			if (gc_valtype(m, t->results[k]))
				return true;
	}
	return false;
}

static bool gc_instr(const IrModule *m, const IrInstr *in)
{
	if (ir_op_info[in->op].prefix == 0xfb || in->op == IR_OP_REF_EQ)
		return true;
	switch ((IrImm)ir_op_info[in->op].imm) {
	case IR_IMM_REFTYPE: return gc_valtype(m, in->u.reftype);
	case IR_IMM_SELECT_T: return gc_valtype(m, in->u.select.type);
	case IR_IMM_BLOCK: case IR_IMM_TRY_TABLE:
		return in->u.block.type.kind == IR_BT_VAL && gc_valtype(m, in->u.block.type.val);
	default: return false;
	}
}

static bool gc_code(const IrModule *m, const IrInstr *code, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (gc_instr(m, &code[i]))
			return true;
	return false;
}

static bool gc_funcs(const IrModule *m)
{
	for (uint32_t i = 0; i < m->nfuncs - m->nimported_funcs; i++) {
		const IrFunc *f = &m->funcs[i];
		for (uint32_t k = 0; k < f->nruns; k++)
			if (gc_valtype(m, f->runs[k].type))
				return true;
		if (gc_code(m, f->code, f->ncode))
			return true;
	}
	return false;
}

static bool gc_module_fields(const IrModule *m)
{
	for (uint32_t i = 0; i < m->nglobals; i++)
		if (gc_valtype(m, m->globals[i].type.type) || gc_code(m, m->globals[i].init.code, m->globals[i].init.n))
			return true;
	for (uint32_t i = 0; i < m->ntables; i++)
		if (gc_valtype(m, m->tables[i].elem) || gc_code(m, m->tables[i].init.code, m->tables[i].init.n))
			return true;
	for (uint32_t i = 0; i < m->nelems; i++) {
		if (gc_valtype(m, m->elems[i].type))
			return true;
		for (uint32_t k = 0; k < m->elems[i].nitems; k++)
			if (gc_code(m, m->elems[i].items[k].code, m->elems[i].items[k].n))
				return true;
	}
	return false;
}

bool ir_module_uses_gc(const IrModule *m)
{
	return gc_types(m) || gc_module_fields(m) || gc_funcs(m);
}
