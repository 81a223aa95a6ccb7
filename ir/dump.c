/* ir/dump.c: a readable listing of a module (`nacre dump`), one line per
 * import, export and instruction, for debugging the frontend and later
 * for comparing what the backend is handed. */
#include "module.h"

#include <inttypes.h>
#include <string.h>

static void print_name(FILE *out, IrName n)
{
	fprintf(out, "\"%.*s\"", (int)n.len, n.p ? n.p : "");
}

static void print_types(FILE *out, uint32_t n, const IrValType *ts)
{
	for (uint32_t i = 0; i < n; i++)
		fprintf(out, " %s", ir_valtype_name(ts[i]));
}

/* try_table's clauses as stored in IrFunc.labels: count, then triples. */
static void print_catches(FILE *out, const uint32_t *c)
{
	static const char *const kinds[] = { "catch", "catch_ref", "catch_all", "catch_all_ref" };
	for (uint32_t i = 0; i < c[0]; i++) {
		const uint32_t *k = c + 1 + 3 * i;
		fprintf(out, " (%s", kinds[k[0] & 3]);
		if (k[0] < 2)
			fprintf(out, " %" PRIu32, k[1]);
		fprintf(out, " %" PRIu32 ")", k[2]);
	}
}

/* A defined type: its supertype, then a function's signature or a struct's
 * or array's fields (mut marks a mutable one). */
static void print_type(FILE *out, const IrFuncType *t, uint32_t i)
{
	fprintf(out, "type %" PRIu32 ":", i);
	if (t->nsupers)
		fprintf(out, " (sub%s %" PRIu32 ")", t->open ? "" : " final", t->super);
	else if (t->open)
		fprintf(out, " (sub)");
	if (t->kind == IR_COMP_FUNC) {
		fprintf(out, " (param");
		print_types(out, t->nparams, t->params);
		fprintf(out, ") (result");
		print_types(out, t->nresults, t->results);
		fprintf(out, ")\n");
		return;
	}
	fprintf(out, " (%s", t->kind == IR_COMP_STRUCT ? "struct" : "array");
	for (uint32_t k = 0; k < t->nfields; k++)
		fprintf(out, " %s%s", t->fields[k].mut ? "mut " : "", ir_valtype_name(t->fields[k].type));
	fprintf(out, ")\n");
}

static void print_instr(FILE *out, const IrInstr *in, const uint32_t *labels)
{
	const IrOpInfo *info = &ir_op_info[in->op];
	fprintf(out, "  %06" PRIx32 ": %s", in->offset, info->name);
	switch ((IrImm)info->imm) {
	case IR_IMM_BLOCK: case IR_IMM_TRY_TABLE:
		if (in->u.block.type.kind == IR_BT_VAL)
			fprintf(out, " (result %s)", ir_valtype_name(in->u.block.type.val));
		else if (in->u.block.type.kind == IR_BT_INDEX)
			fprintf(out, " (type %" PRIu32 ")", in->u.block.type.index);
		if (info->imm == IR_IMM_TRY_TABLE)
			print_catches(out, labels + in->u.block.else_at);
		break;
	case IR_IMM_BR_TABLE:
		for (uint32_t i = 0; i <= in->u.br_table.count; i++)
			fprintf(out, " %" PRIu32, labels[in->u.br_table.first + i]);
		break;
	case IR_IMM_LABEL: case IR_IMM_FUNC: case IR_IMM_LOCAL: case IR_IMM_GLOBAL:
	case IR_IMM_TABLE: case IR_IMM_DATA: case IR_IMM_ELEM: case IR_IMM_TYPE:
	case IR_IMM_TAG:
		fprintf(out, " %" PRIu32, in->u.idx.a);
		break;
	/* memory indices as the text format has them: left out for memory 0 */
	case IR_IMM_MEMIDX:
		if (in->u.idx.a)
			fprintf(out, " %" PRIu32, in->u.idx.a);
		break;
	case IR_IMM_MEM_COPY:
		if (in->u.idx.a || in->u.idx.b)
			fprintf(out, " %" PRIu32 " %" PRIu32, in->u.idx.a, in->u.idx.b);
		break;
	case IR_IMM_MEM_INIT:
		if (in->u.idx.b)
			fprintf(out, " %" PRIu32, in->u.idx.b);
		fprintf(out, " %" PRIu32, in->u.idx.a);
		break;
	case IR_IMM_CALL_INDIRECT: case IR_IMM_TABLE_INIT: case IR_IMM_TABLE_COPY:
	case IR_IMM_STRUCT_FIELD: case IR_IMM_ARRAY_FIXED: case IR_IMM_ARRAY_DATA:
	case IR_IMM_ARRAY_ELEM: case IR_IMM_ARRAY_COPY:
		fprintf(out, " %" PRIu32 " %" PRIu32, in->u.idx.a, in->u.idx.b);
		break;
	case IR_IMM_CAST: fprintf(out, " %s", ir_valtype_name(in->u.reftype)); break;
	case IR_IMM_BR_ON_CAST:
		fprintf(out, " %" PRIu32 " %s %s", in->u.cast.label, ir_valtype_name(in->u.cast.from),
		        ir_valtype_name(in->u.cast.to));
		break;
	case IR_IMM_MEMARG: case IR_IMM_MEMARG_LANE:
		if (in->u.mem.memory)
			fprintf(out, " %" PRIu32, in->u.mem.memory);
		fprintf(out, " offset=%" PRIu64 " align=%u", in->u.mem.offset, 1u << (in->u.mem.align & 31));
		if (info->imm == IR_IMM_MEMARG_LANE)
			fprintf(out, " %u", in->u.mem.lane);
		break;
	case IR_IMM_I32: fprintf(out, " %" PRId32, (int32_t)in->u.i32); break;
	case IR_IMM_I64: fprintf(out, " %" PRId64, (int64_t)in->u.i64); break;
	case IR_IMM_F32: fprintf(out, " 0x%08" PRIx32, in->u.f32); break;
	case IR_IMM_F64: fprintf(out, " 0x%016" PRIx64, in->u.f64); break;
	case IR_IMM_V128: case IR_IMM_SHUFFLE:
		for (int i = 0; i < 16; i++)
			fprintf(out, " %u", in->u.v128[i]);
		break;
	case IR_IMM_LANE: fprintf(out, " %u", in->u.lane); break;
	case IR_IMM_SELECT_T: fprintf(out, " (result %s)", ir_valtype_name(in->u.select.type)); break;
	case IR_IMM_REFTYPE: fprintf(out, " %s", ir_valtype_name(in->u.reftype)); break;
	default: break;
	}
	fputc('\n', out);
}

void ir_module_dump(const IrModule *m, FILE *out)
{
	static const char *const kinds[] = { "func", "table", "memory", "global", "tag" };
	for (uint32_t i = 0; i < m->ntypes; i++)
		print_type(out, &m->types[i], i);
	for (uint32_t i = 0; i < m->nimports; i++) {
		fprintf(out, "import %s %" PRIu32 ": ", kinds[m->imports[i].kind], m->imports[i].index);
		print_name(out, m->imports[i].module);
		fputc(' ', out);
		print_name(out, m->imports[i].name);
		fputc('\n', out);
	}
	for (uint32_t i = 0; i < m->nexports; i++) {
		fprintf(out, "export %s %" PRIu32 ": ", kinds[m->exports[i].kind], m->exports[i].index);
		print_name(out, m->exports[i].name);
		fputc('\n', out);
	}
	for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
		const IrFunc *f = &m->funcs[i - m->nimported_funcs];
		IrName name = ir_func_name(m, i);
		fprintf(out, "func %" PRIu32 " (type %" PRIu32 ")", i, f->type);
		if (name.len) {
			fputc(' ', out);
			print_name(out, name);
		}
		fprintf(out, " locals %" PRIu32 "\n", f->nlocals);
		for (uint32_t k = 0; k < f->ncode; k++)
			print_instr(out, &f->code[k], f->labels);
	}
}
