/* frontend/feature_check.c: what a decoded module uses beyond a feature
 * set (frontend/features.c), reported as the earlier Wasm version defines
 * it: an opcode or type code it lacks is malformed, a second memory or a
 * wider constant expression is invalid, 2.0's memory.size/grow take a
 * zero byte, not a memory index, and a memarg's offset is a u32 without
 * memory64.  GC's codes are found by ir/gc_use.c.  It runs between decoding and validation,
 * so it bounds every index it follows itself. */
#include "frontend.h"

typedef struct Check {
	const IrModule *m;
	uint32_t features;
	DiagSink *diags;
	bool ok;
} Check;

/* Opcodes of the proposals a feature set can leave out. */
static const struct {
	uint16_t op;
	uint32_t feature;
} gated_ops[] = {
	{ IR_OP_RETURN_CALL, FE_FEAT_TAIL_CALL },
	{ IR_OP_RETURN_CALL_INDIRECT, FE_FEAT_TAIL_CALL },
	{ IR_OP_RETURN_CALL_REF, FE_FEAT_TAIL_CALL },
	{ IR_OP_RETURN_CALL_REF, FE_FEAT_FUNCTION_REFERENCES },
	{ IR_OP_CALL_REF, FE_FEAT_FUNCTION_REFERENCES },
	{ IR_OP_REF_AS_NON_NULL, FE_FEAT_FUNCTION_REFERENCES },
	{ IR_OP_BR_ON_NULL, FE_FEAT_FUNCTION_REFERENCES },
	{ IR_OP_BR_ON_NON_NULL, FE_FEAT_FUNCTION_REFERENCES },
	{ IR_OP_THROW, FE_FEAT_EXCEPTIONS },
	{ IR_OP_THROW_REF, FE_FEAT_EXCEPTIONS },
	{ IR_OP_TRY_TABLE, FE_FEAT_EXCEPTIONS },
};

/* Extended constant expressions' arithmetic. */
static const uint16_t const_arith[] = {
	IR_OP_I32_ADD, IR_OP_I32_SUB, IR_OP_I32_MUL, IR_OP_I64_ADD, IR_OP_I64_SUB, IR_OP_I64_MUL,
};

static bool has(const Check *c, uint32_t feature)
{
	return (c->features & feature) == feature;
}

static void fail(Check *c, DiagCode code, size_t offset, const char *what, uint32_t feature)
{
	diag_report(c->diags, code, offset, DIAG_NO_FUNC, "%s: %s is not enabled (--features)", what,
	            fe_feature_name(feature));
	c->ok = false;
}

/* The proposal a value type needs, or 0. */
static uint32_t valtype_feature(IrValType t)
{
	if (!ir_is_reftype(t))
		return 0;
	if (ir_is_exn(t))
		return FE_FEAT_EXCEPTIONS;
	if (ir_heap(t) == IR_HT_INDEX || !ir_ref_nullable(t))
		return FE_FEAT_FUNCTION_REFERENCES;
	if (ir_heap(t) == IR_NULLFUNCREF || ir_heap(t) == IR_NULLEXTERNREF)
		return FE_FEAT_GC;
	return 0;
}

static void valtype(Check *c, IrValType t, size_t offset)
{
	uint32_t f = valtype_feature(t);
	if (f && !has(c, f))
		fail(c, DIAG_VALTYPE, offset, ir_valtype_name(t), f);
}

static void valtypes(Check *c, const IrValType *t, uint32_t n, size_t offset)
{
	for (uint32_t i = 0; i < n && c->ok; i++)
		valtype(c, t[i], offset);
}

static void types(Check *c)
{
	size_t at = c->m->section_offsets[IR_SEC_TYPE];
	for (uint32_t i = 0; i < c->m->ntypes && c->ok; i++) {
		valtypes(c, c->m->types[i].params, c->m->types[i].nparams, at);
		valtypes(c, c->m->types[i].results, c->m->types[i].nresults, at);
	}
}

/* 2.0 has the zero byte after memory.size and memory.grow's opcode. */
static void zero_byte(Check *c, const IrInstr *in)
{
	size_t at = (size_t)in->offset + 1;
	if (at < c->m->size && c->m->bytes[at] != 0)
		fail(c, DIAG_ZERO_BYTE, at, "a memory index", FE_FEAT_MULTI_MEMORY);
}

/* 2.0 reads a memarg's offset as a u32 (memory64 made it a u64): the
 * memarg read again from its instruction's bytes, as 2.0's decoder would,
 * which reports a longer or larger offset itself. */
static void offset_u32(Check *c, const IrInstr *in)
{
	Reader r;
	uint8_t op;
	uint32_t sub, flags, memory, offset;
	fe_reader_init(&r, c->m->bytes, c->m->size, c->diags);
	r.pos = in->offset;
	bool ok = fe_reader_u8(&r, &op) && ((op != 0xfc && op != 0xfd) || fe_reader_u32(&r, &sub)) &&
	          fe_reader_u32(&r, &flags) && (!(flags & 0x40) || fe_reader_u32(&r, &memory)) &&
	          fe_reader_u32(&r, &offset);
	c->ok = c->ok && ok;
}

static void instr(Check *c, const IrInstr *in)
{
	IrImm imm = (IrImm)ir_op_info[in->op].imm;
	if ((imm == IR_IMM_MEMARG || imm == IR_IMM_MEMARG_LANE) && !has(c, FE_FEAT_MEMORY64))
		offset_u32(c, in);
	if (!c->ok)
		return;
	for (size_t i = 0; i < sizeof gated_ops / sizeof *gated_ops; i++)
		if (in->op == gated_ops[i].op && !has(c, gated_ops[i].feature))
			return fail(c, DIAG_ILLEGAL_OPCODE, in->offset, ir_op_info[in->op].name, gated_ops[i].feature);
	if ((in->op == IR_OP_MEMORY_SIZE || in->op == IR_OP_MEMORY_GROW) && !has(c, FE_FEAT_MULTI_MEMORY))
		zero_byte(c, in);
	else if (in->op == IR_OP_REF_NULL || in->op == IR_OP_SELECT_T)
		valtype(c, in->op == IR_OP_REF_NULL ? in->u.reftype : in->u.select.type, in->offset);
	else if ((in->op == IR_OP_BLOCK || in->op == IR_OP_LOOP || in->op == IR_OP_IF) &&
	         in->u.block.type.kind == IR_BT_VAL)
		valtype(c, in->u.block.type.val, in->offset);
}

static void func(Check *c, const IrFunc *f)
{
	for (uint32_t i = 0; i < f->nruns && c->ok; i++)
		valtype(c, f->runs[i].type, f->body_offset);
	for (uint32_t i = 0; i < f->ncode && c->ok; i++)
		instr(c, &f->code[i]);
}

/* A constant expression: 2.0 reads only imported globals (3.0 any
 * global before it: the validator checks that) and has no arithmetic. */
static void const_expr(Check *c, const IrExpr *e)
{
	for (uint32_t i = 0; i < e->n && c->ok; i++) {
		const IrInstr *in = &e->code[i];
		if (in->op == IR_OP_GLOBAL_GET && in->u.idx.a >= c->m->nimported_globals && !has(c, FE_FEAT_GC))
			fail(c, DIAG_UNKNOWN_GLOBAL, in->offset, "a defined global in a constant expression", FE_FEAT_GC);
		for (size_t k = 0; k < sizeof const_arith / sizeof *const_arith && c->ok; k++)
			if (in->op == const_arith[k] && !has(c, FE_FEAT_EXTENDED_CONST))
				fail(c, DIAG_CONST_REQUIRED, in->offset, ir_op_info[in->op].name, FE_FEAT_EXTENDED_CONST);
		if (c->ok)
			instr(c, in);
	}
}

static void memories(Check *c)
{
	if (c->m->nmems > 1 && !has(c, FE_FEAT_MULTI_MEMORY))
		fail(c, DIAG_MULTIPLE_MEMORIES, c->m->section_offsets[IR_SEC_MEMORY], "a second memory",
		     FE_FEAT_MULTI_MEMORY);
	for (uint32_t i = 0; i < c->m->nmems && c->ok; i++)
		if (c->m->mems[i].is64 && !has(c, FE_FEAT_MEMORY64))
			fail(c, DIAG_LIMITS_FLAGS, c->m->section_offsets[IR_SEC_MEMORY], "an i64 memory", FE_FEAT_MEMORY64);
}

/* GC's type forms, heap types and instructions, wherever they are
 * (ir/gc_use.c): 2.0 has none of their codes. */
static void gc(Check *c)
{
	if (!has(c, FE_FEAT_GC) && ir_module_uses_gc(c->m))
		fail(c, DIAG_ILLEGAL_OPCODE, c->m->section_offsets[IR_SEC_TYPE], "garbage collection's types or instructions",
		     FE_FEAT_GC);
}

static void tables_and_tags(Check *c)
{
	const IrModule *m = c->m;
	size_t at = m->section_offsets[IR_SEC_TABLE];
	for (uint32_t i = 0; i < m->ntables && c->ok; i++) {
		valtype(c, m->tables[i].elem, at);
		if (m->tables[i].limits.is64 && !has(c, FE_FEAT_MEMORY64))
			fail(c, DIAG_LIMITS_FLAGS, at, "an i64 table", FE_FEAT_MEMORY64);
		if (m->tables[i].init.n > 0 && !has(c, FE_FEAT_FUNCTION_REFERENCES))
			fail(c, DIAG_ELEM_KIND, at, "a table initialiser", FE_FEAT_FUNCTION_REFERENCES);
	}
	if (m->ntags > 0 && c->ok && !has(c, FE_FEAT_EXCEPTIONS))
		fail(c, DIAG_SECTION_ID, m->section_offsets[IR_SEC_TAG], "a tag", FE_FEAT_EXCEPTIONS);
}

static void globals(Check *c)
{
	const IrModule *m = c->m;
	for (uint32_t i = 0; i < m->nglobals && c->ok; i++) {
		valtype(c, m->globals[i].type.type, m->section_offsets[IR_SEC_GLOBAL]);
		if (i >= m->nimported_globals)
			const_expr(c, &m->globals[i].init);
	}
}

static void segments(Check *c)
{
	const IrModule *m = c->m;
	/* no check of a segment's type: function indices make it (ref func) */
	for (uint32_t i = 0; i < m->nelems && c->ok; i++) {
		const_expr(c, &m->elems[i].offset);
		for (uint32_t k = 0; k < m->elems[i].nitems && c->ok; k++)
			const_expr(c, &m->elems[i].items[k]);
	}
	for (uint32_t i = 0; i < m->ndatas && c->ok; i++)
		const_expr(c, &m->datas[i].offset);
}

bool fe_features_check(const IrModule *m, uint32_t features, DiagSink *diags)
{
	Check c = { .m = m, .features = features, .diags = diags, .ok = true };
	if ((features & FE_FEATURES_3_0) == FE_FEATURES_3_0)
		return true;
	types(&c);
	for (uint32_t i = 0; i + m->nimported_funcs < m->nfuncs && c.ok; i++)
		func(&c, &m->funcs[i]);
	if (c.ok)
		tables_and_tags(&c);
	if (c.ok)
		globals(&c);
	if (c.ok)
		segments(&c);
	if (c.ok)
		memories(&c);
	if (c.ok)
		gc(&c);
	return c.ok;
}
