/* frontend/decode_code.c: instruction sequences (spec 5.4) into IrInstr
 * arrays.  Opcodes are looked up in tables built from ir/opcodes.def;
 * immediates are read by their shape; block nesting is matched here so
 * each block knows its else and end, and the expression ends exactly at its
 * closing end.  Typing is validate_code.c's job.
 */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

/* opcode byte -> IrOp + 1 (0: no such instruction) */
static const uint16_t single_op[256] = {
#define OP(n, code, ...) [code] = IR_OP_##n + 1,
#define OP_FC(...)
#define OP_FD(...)
#include "../ir/opcodes.def"
#undef OP
#undef OP_FC
#undef OP_FD
};

static const uint16_t fc_op[32] = {
#define OP(...)
#define OP_FC(n, code, ...) [code] = IR_OP_##n + 1,
#define OP_FD(...)
#include "../ir/opcodes.def"
#undef OP
#undef OP_FC
#undef OP_FD
};

/* GC sub-opcodes run to 0x1e. */
enum { FB_OPS = 0x1f };
static const uint16_t fb_op[FB_OPS] = {
#define OP(...)
#define OP_FC(...)
#define OP_FD(...)
#define OP_FB(n, code, ...) [code] = IR_OP_##n + 1,
#include "../ir/opcodes.def"
#undef OP
#undef OP_FC
#undef OP_FD
#undef OP_FB
};

/* SIMD sub-opcodes run to 0x113 (relaxed SIMD). */
enum { FD_OPS = 0x114 };
static const uint16_t fd_op[FD_OPS] = {
#define OP(...)
#define OP_FC(...)
#define OP_FD(n, code, ...) [code] = IR_OP_##n + 1,
#include "../ir/opcodes.def"
#undef OP
#undef OP_FC
#undef OP_FD
};

void fe_scratch_free(CodeScratch *s)
{
	free(s->instrs);
	free(s->labels);
	free(s->open);
	memset(s, 0, sizeof *s);
}

/* Makes room for one more element in a malloc'd growable array. */
static bool reserve(void **p, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 256;
	void *q = realloc(*p, ncap * elem);
	if (!q)
		return false;
	*p = q;
	*cap = ncap;
	return true;
}

static bool opcode(Reader *r, IrOp *out)
{
	size_t at = r->pos;
	uint8_t b;
	uint32_t sub;
	uint16_t op;
	if (!fe_reader_u8(r, &b))
		return false;
	if (b == 0xfc || b == 0xfd || b == 0xfb) {
		if (!fe_reader_u32(r, &sub))
			return false;
		if (b == 0xfc)
			op = sub < 32 ? fc_op[sub] : 0;
		else if (b == 0xfb)
			op = sub < FB_OPS ? fb_op[sub] : 0;
		else
			op = sub < FD_OPS ? fd_op[sub] : 0;
		if (!op) {
			fe_reader_fail(r, DIAG_ILLEGAL_OPCODE, at, "0x%02x 0x%x", b, sub);
			return false;
		}
	} else if (!(op = single_op[b])) {
		const char *proposal = fe_proposal_opcode(b);
		if (proposal)
			fe_reader_fail(r, DIAG_ILLEGAL_OPCODE, at, "0x%02x: %s not supported yet", b, proposal);
		else
			fe_reader_fail(r, DIAG_ILLEGAL_OPCODE, at, "0x%02x", b);
		return false;
	}
	*out = (IrOp)(op - 1);
	return true;
}

/* blocktype ::= 0x40 | valtype | s33 >= 0 (spec 5.4.1) */
static bool blocktype(Reader *r, IrBlockType *bt)
{
	size_t at = r->pos;
	uint8_t b;
	int64_t idx;
	if (!fe_reader_peek(r, &b))
		return false;
	if (b == 0x40) {
		fe_reader_u8(r, &b);
		bt->kind = IR_BT_EMPTY;
		return true;
	}
	if (ir_is_valtype(b) || b == 0x63 || b == 0x64) {
		bt->kind = IR_BT_VAL;
		return fe_read_valtype(r, &bt->val);
	}
	if (!fe_reader_s33(r, &idx))
		return false;
	if (idx < 0) {
		fe_reader_fail(r, DIAG_VALTYPE, at, "block type %lld", (long long)idx);
		return false;
	}
	if (idx > UINT32_MAX) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, at, "type index %lld", (long long)idx);
		return false;
	}
	bt->kind = IR_BT_INDEX;
	bt->index = (uint32_t)idx;
	return true;
}

static bool br_table(Reader *r, CodeScratch *s, IrInstr *in)
{
	uint32_t n;
	if (!fe_reader_count(r, 1, &n))
		return false;
	in->u.br_table.count = n;
	in->u.br_table.first = (uint32_t)s->nlabels;
	for (uint64_t i = 0; i <= n; i++) { /* n targets, then the default */
		if (!reserve((void **)&s->labels, &s->labels_cap, s->nlabels, sizeof *s->labels)) {
			fe_reader_fail(r, DIAG_OUT_OF_MEMORY, r->pos, NULL);
			return false;
		}
		if (!fe_reader_u32(r, &s->labels[s->nlabels++]))
			return false;
	}
	return true;
}

/* Appends one u32 to the function's label store. */
static bool put_label(Reader *r, CodeScratch *s, uint32_t v)
{
	if (!reserve((void **)&s->labels, &s->labels_cap, s->nlabels, sizeof *s->labels)) {
		fe_reader_fail(r, DIAG_OUT_OF_MEMORY, r->pos, NULL);
		return false;
	}
	s->labels[s->nlabels++] = v;
	return true;
}

/* try_table bt catch* (3.0 spec 5.4.1): the clauses go to the label
 * store as a count then kind, tag, label each; else_at points there. */
static bool try_table(Reader *r, CodeScratch *s, IrInstr *in)
{
	uint32_t n;
	if (!blocktype(r, &in->u.block.type) || !fe_reader_count(r, 2, &n))
		return false;
	uint32_t first = (uint32_t)s->nlabels;
	if (!put_label(r, s, n))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		size_t at = r->pos;
		uint8_t kind;
		uint32_t tag = 0, label;
		if (!fe_reader_u8(r, &kind))
			return false;
		if (kind > IR_CATCH_ALL_REF) {
			fe_reader_fail(r, DIAG_CATCH_KIND, at, "0x%02x", kind);
			return false;
		}
		if (kind < IR_CATCH_ALL && !fe_reader_u32(r, &tag))
			return false;
		if (!fe_reader_u32(r, &label) || !put_label(r, s, kind) || !put_label(r, s, tag) ||
		    !put_label(r, s, label))
			return false;
	}
	in->u.block.else_at = first;
	return true;
}

/* memarg ::= n:u32 (x:memidx if bit 6 of n) o:u64 (3.0 spec 5.4.7): bit 6
 * says a memory index follows, as multi-memory added it; n below 2^6 is
 * the alignment of an access to memory 0.  The offset is u64 for every
 * memory (memory64); validation limits it to the memory's address type. */
static bool memarg(Reader *r, IrInstr *in)
{
	size_t at = r->pos;
	uint32_t n;
	in->u.mem.memory = 0;
	if (!fe_reader_u32(r, &n))
		return false;
	if (n >= 128) {
		fe_reader_fail(r, DIAG_MEMOP_FLAGS, at, "0x%x", n);
		return false;
	}
	in->u.mem.align = (uint8_t)(n & 63);
	return (n < 64 || fe_reader_u32(r, &in->u.mem.memory)) && fe_reader_u64(r, &in->u.mem.offset);
}

static bool lane(Reader *r, uint8_t *out)
{
	return fe_reader_u8(r, out);
}

static bool v128_bytes(Reader *r, uint8_t out[16])
{
	const uint8_t *p;
	if (!fe_reader_bytes(r, 16, &p))
		return false;
	memcpy(out, p, 16);
	return true;
}

static bool select_types(Reader *r, IrInstr *in)
{
	uint32_t n;
	if (!fe_reader_count(r, 1, &n))
		return false;
	in->u.select.count = n;
	for (uint32_t i = 0; i < n; i++) {
		IrValType t;
		if (!fe_read_valtype(r, &t))
			return false;
		if (i == 0)
			in->u.select.type = t;
	}
	return true;
}

/* ref.test and ref.cast: a heap type, nullable in the rows whose X is 1 */
static bool cast_target(Reader *r, IrInstr *in)
{
	if (!fe_read_heaptype(r, &in->u.reftype))
		return false;
	if (!ir_op_info[in->op].extra)
		in->u.reftype |= IR_REF_NONNULL;
	return true;
}

/* br_on_cast[_fail] castflags l ht1 ht2 (3.0 spec 5.4.1): bit 0 makes
 * the first type nullable, bit 1 the second. */
static bool br_on_cast(Reader *r, IrInstr *in)
{
	size_t at = r->pos;
	uint8_t flags;
	if (!fe_reader_u8(r, &flags))
		return false;
	if (flags > 3) {
		fe_reader_fail(r, DIAG_ZERO_BYTE, at, "cast flags 0x%02x", flags);
		return false;
	}
	if (!fe_reader_u32(r, &in->u.cast.label) || !fe_read_heaptype(r, &in->u.cast.from) ||
	    !fe_read_heaptype(r, &in->u.cast.to))
		return false;
	in->u.cast.from |= flags & 1 ? 0 : IR_REF_NONNULL;
	in->u.cast.to |= flags & 2 ? 0 : IR_REF_NONNULL;
	return true;
}

static bool immediates(Reader *r, CodeScratch *s, IrInstr *in)
{
	switch ((IrImm)ir_op_info[in->op].imm) {
	case IR_IMM_NONE: return true;
	case IR_IMM_BLOCK: return blocktype(r, &in->u.block.type);
	case IR_IMM_LABEL: case IR_IMM_FUNC: case IR_IMM_LOCAL: case IR_IMM_GLOBAL:
	case IR_IMM_TABLE: case IR_IMM_DATA: case IR_IMM_ELEM: case IR_IMM_TYPE: case IR_IMM_TAG:
		return fe_reader_u32(r, &in->u.idx.a);
	case IR_IMM_TRY_TABLE: return try_table(r, s, in);
	case IR_IMM_BR_TABLE: return br_table(r, s, in);
	case IR_IMM_CALL_INDIRECT: case IR_IMM_TABLE_INIT: case IR_IMM_TABLE_COPY:
	case IR_IMM_STRUCT_FIELD: case IR_IMM_ARRAY_FIXED: case IR_IMM_ARRAY_DATA:
	case IR_IMM_ARRAY_ELEM: case IR_IMM_ARRAY_COPY:
		return fe_reader_u32(r, &in->u.idx.a) && fe_reader_u32(r, &in->u.idx.b);
	case IR_IMM_CAST: return cast_target(r, in);
	case IR_IMM_BR_ON_CAST: return br_on_cast(r, in);
	case IR_IMM_MEMARG: return memarg(r, in);
	case IR_IMM_MEMARG_LANE: return memarg(r, in) && lane(r, &in->u.mem.lane);
	case IR_IMM_MEMIDX: return fe_reader_u32(r, &in->u.idx.a);
	/* memory.copy: a = destination, b = source; memory.init: a = data,
	 * b = memory (multi-memory: indices where 2.0 had zero bytes) */
	case IR_IMM_MEM_COPY: case IR_IMM_MEM_INIT:
		return fe_reader_u32(r, &in->u.idx.a) && fe_reader_u32(r, &in->u.idx.b);
	case IR_IMM_I32: {
		int32_t v;
		if (!fe_reader_s32(r, &v))
			return false;
		in->u.i32 = (uint32_t)v;
		return true;
	}
	case IR_IMM_I64: {
		int64_t v;
		if (!fe_reader_s64(r, &v))
			return false;
		in->u.i64 = (uint64_t)v;
		return true;
	}
	case IR_IMM_F32: return fe_reader_fixed32(r, &in->u.f32);
	case IR_IMM_F64: return fe_reader_fixed64(r, &in->u.f64);
	case IR_IMM_V128: case IR_IMM_SHUFFLE: return v128_bytes(r, in->u.v128);
	case IR_IMM_LANE: return lane(r, &in->u.lane);
	case IR_IMM_SELECT_T: return select_types(r, in);
	case IR_IMM_REFTYPE: return fe_read_heaptype(r, &in->u.reftype);
	}
	return false;
}

/* Tracks block/loop/if nesting; returns true when this end closes the
 * whole expression. */
static bool nest(Reader *r, CodeScratch *s, IrInstr *in, size_t index, bool *done)
{
	switch (in->op) {
	case IR_OP_BLOCK: case IR_OP_LOOP: case IR_OP_IF: case IR_OP_TRY_TABLE:
		if (!reserve((void **)&s->open, &s->open_cap, s->nopen, sizeof *s->open)) {
			fe_reader_fail(r, DIAG_OUT_OF_MEMORY, in->offset, NULL);
			return false;
		}
		if (in->op != IR_OP_TRY_TABLE) /* try_table's else_at holds its catches */
			in->u.block.else_at = 0;
		in->u.block.end_at = 0;
		s->open[s->nopen++] = (uint32_t)index;
		return true;
	case IR_OP_ELSE: {
		IrInstr *top = s->nopen ? &s->instrs[s->open[s->nopen - 1]] : NULL;
		if (!top || top->op != IR_OP_IF || top->u.block.else_at) {
			fe_reader_fail(r, DIAG_ILLEGAL_OPCODE, in->offset, "else without if");
			return false;
		}
		top->u.block.else_at = (uint32_t)index;
		return true;
	}
	case IR_OP_END:
		if (!s->nopen) {
			*done = true;
			return true;
		}
		s->instrs[s->open[--s->nopen]].u.block.end_at = (uint32_t)index;
		return true;
	}
	return true;
}

bool fe_decode_expr(Reader *r, Arena *arena, CodeScratch *s, bool data_count_known,
                    IrExpr *out, const uint32_t **labels)
{
	bool done = false;
	s->n = s->nlabels = s->nopen = 0;
	while (!done) {
		if (fe_reader_at_end(r)) {
			fe_reader_fail(r, r->eof_code == DIAG_UNEXPECTED_END ? DIAG_UNEXPECTED_END : DIAG_END_EXPECTED,
			               r->pos, "expression has no end");
			return false;
		}
		if (!reserve((void **)&s->instrs, &s->cap, s->n, sizeof *s->instrs)) {
			fe_reader_fail(r, DIAG_OUT_OF_MEMORY, r->pos, NULL);
			return false;
		}
		IrInstr *in = &s->instrs[s->n];
		IrOp op;
		memset(in, 0, sizeof *in);
		in->offset = (uint32_t)r->pos;
		if (!opcode(r, &op))
			return false;
		in->op = (uint16_t)op;
		if ((op == IR_OP_MEMORY_INIT || op == IR_OP_DATA_DROP) && !data_count_known) {
			fe_reader_fail(r, DIAG_DATA_COUNT_REQUIRED, in->offset, "%s", ir_op_info[op].name);
			return false;
		}
		if (!immediates(r, s, in))
			return false;
		/* block, loop, if, else and end are adjacent in the table */
		if (((op >= IR_OP_BLOCK && op <= IR_OP_END) || op == IR_OP_TRY_TABLE) && !nest(r, s, in, s->n, &done))
			return false;
		s->n++;
	}
	out->n = (uint32_t)s->n;
	out->code = arena_dup(arena, s->instrs, s->n * sizeof *s->instrs);
	*labels = s->nlabels ? arena_dup(arena, s->labels, s->nlabels * sizeof *s->labels) : NULL;
	if (!out->code || (s->nlabels && !*labels)) {
		fe_reader_fail(r, DIAG_OUT_OF_MEMORY, r->pos, NULL);
		return false;
	}
	return true;
}
