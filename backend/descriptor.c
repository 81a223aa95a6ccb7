/* backend/descriptor.c: the NacreModuleDesc a compiled module carries
 * (abi.h), as LLVM constant data: types, imports, index spaces, exports,
 * segments, names, entries and host adapters.  The LLVM struct types
 * come from abi.h's field lists; before emitting, every shared struct's
 * layout under the target's data layout is checked against the C one
 * (backend/abi.c), so the two can never drift apart silently.
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Target.h>

typedef struct Desc {
	BeModule *bm;
	const BeTypes *t;
	LLVMTypeRef value, type_desc, const_expr, import_desc, export_desc, limits_desc,
		global_desc, elem_desc, data_desc, module_desc;
	unsigned counter;
	const IrElem *elem;          /* the segment whose items are being built */
} Desc;

/* The LLVM types come from abi.h's field lists (backend/abi.c), which
 * also checks them against the C layout. */
static void define_types(Desc *d)
{
	const BeTypes *t = d->t;
	d->value = LLVMArrayType2(t->i64, 2);
	d->type_desc = be_abi_type(t, BE_ABI_NacreTypeDesc);
	d->const_expr = be_abi_type(t, BE_ABI_NacreConstExpr);
	d->import_desc = be_abi_type(t, BE_ABI_NacreImportDesc);
	d->export_desc = be_abi_type(t, BE_ABI_NacreExportDesc);
	d->limits_desc = be_abi_type(t, BE_ABI_NacreLimitsDesc);
	d->global_desc = be_abi_type(t, BE_ABI_NacreGlobalDesc);
	d->elem_desc = be_abi_type(t, BE_ABI_NacreElemDesc);
	d->data_desc = be_abi_type(t, BE_ABI_NacreDataDesc);
	d->module_desc = be_abi_type(t, BE_ABI_NacreModuleDesc);
}

static LLVMValueRef u32(Desc *d, uint64_t v)
{
	return LLVMConstInt(d->t->i32, v, false);
}

static LLVMValueRef u64(Desc *d, uint64_t v)
{
	return LLVMConstInt(d->t->i64, v, false);
}

static LLVMValueRef cstruct(Desc *d, LLVMTypeRef ty, LLVMValueRef *v, unsigned n)
{
	(void)ty;
	return LLVMConstStructInContext(d->bm->ctx, v, n, false);
}

/* A private constant global holding v; returns its address. */
static LLVMValueRef global(Desc *d, LLVMValueRef v, const char *what)
{
	char name[48];
	snprintf(name, sizeof name, "nacre.%s.%u", what, d->counter++);
	LLVMValueRef g = LLVMAddGlobal(d->bm->mod, LLVMTypeOf(v), name);
	LLVMSetInitializer(g, v);
	LLVMSetGlobalConstant(g, true);
	LLVMSetLinkage(g, LLVMPrivateLinkage);
	LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
	return g;
}

static LLVMValueRef array(Desc *d, LLVMTypeRef elem, LLVMValueRef *v, uint32_t n, const char *what)
{
	if (!n)
		return LLVMConstNull(d->t->ptr);
	return global(d, LLVMConstArray2(elem, v, n), what);
}

/* n bytes and a terminating NUL, so names can be used as C strings. */
static LLVMValueRef bytes(Desc *d, const void *p, size_t n, const char *what)
{
	return global(d, LLVMConstStringInContext2(d->bm->ctx, p ? p : "", n, false), what);
}

static LLVMValueRef value(Desc *d, uint64_t lo, uint64_t hi)
{
	LLVMValueRef v[] = { LLVMConstInt(d->t->i64, lo, false), LLVMConstInt(d->t->i64, hi, false) };
	return LLVMConstArray2(d->t->i64, v, 2);
}

/* Arithmetic of extended constant expressions, as the runtime's ops. */
static const struct {
	IrOp ir;
	uint32_t op;
} arith[] = {
	{ IR_OP_I32_ADD, NACRE_CONST_I32_ADD }, { IR_OP_I32_SUB, NACRE_CONST_I32_SUB },
	{ IR_OP_I32_MUL, NACRE_CONST_I32_MUL }, { IR_OP_I64_ADD, NACRE_CONST_I64_ADD },
	{ IR_OP_I64_SUB, NACRE_CONST_I64_SUB }, { IR_OP_I64_MUL, NACRE_CONST_I64_MUL },
};

/* One instruction of a constant expression as a NacreConstExpr (its
 * `ops` null). */
static LLVMValueRef const_instr(Desc *d, const IrInstr *in)
{
	uint32_t op = NACRE_CONST_VALUE, index = 0;
	uint64_t lo = 0, hi = 0;
	switch (in ? in->op : IR_OP_END) {
	case IR_OP_I32_CONST: lo = in->u.i32; break;
	case IR_OP_F32_CONST: lo = in->u.f32; break;
	case IR_OP_I64_CONST: lo = in->u.i64; break;
	case IR_OP_F64_CONST: lo = in->u.f64; break;
	case IR_OP_V128_CONST: memcpy(&lo, in->u.v128, 8); memcpy(&hi, in->u.v128 + 8, 8); break;
	case IR_OP_REF_NULL: op = NACRE_CONST_REF_NULL; break;
	case IR_OP_REF_FUNC: op = NACRE_CONST_REF_FUNC; index = in->u.idx.a; break;
	case IR_OP_GLOBAL_GET: op = NACRE_CONST_GLOBAL_GET; index = in->u.idx.a; break;
	case IR_OP_END: break; /* an import's: no expression */
	default:
		for (size_t i = 0; i < sizeof arith / sizeof *arith; i++)
			if (arith[i].ir == in->op)
				op = arith[i].op;
		break;
	}
	LLVMValueRef f[] = { u32(d, op), u32(d, index), value(d, lo, hi), LLVMConstNull(d->t->ptr) };
	return cstruct(d, d->const_expr, f, 4);
}

/* A constant expression: its one instruction before end, or (3.0's
 * extended ones) a NACRE_CONST_PROGRAM of all of them. */
static LLVMValueRef const_expr(Desc *d, const IrExpr *e)
{
	uint32_t n = e->n ? e->n - 1 : 0; /* without the end */
	if (n <= 1)
		return const_instr(d, n ? &e->code[0] : NULL);
	LLVMValueRef *v = calloc(n, sizeof *v);
	if (!v)
		return NULL;
	for (uint32_t i = 0; i < n; i++)
		v[i] = const_instr(d, &e->code[i]);
	LLVMValueRef ops = array(d, d->const_expr, v, n, "const");
	free(v);
	LLVMValueRef f[] = { u32(d, NACRE_CONST_PROGRAM), u32(d, n), value(d, 0, 0), ops };
	return cstruct(d, d->const_expr, f, 4);
}

/* One array of descriptors, built element by element on the heap (module
 * counts can be large: nothing sized by them goes on the stack). */
typedef LLVMValueRef (*Element)(Desc *d, uint32_t i);

static LLVMValueRef vector(Desc *d, LLVMTypeRef ty, uint32_t n, Element one, const char *what)
{
	LLVMValueRef *v = calloc(n ? n : 1, sizeof *v);
	if (!v)
		return NULL;
	for (uint32_t i = 0; i < n; i++)
		if (!(v[i] = one(d, i))) {
			free(v);
			return NULL;
		}
	LLVMValueRef r = array(d, ty, v, n, what);
	free(v);
	return r;
}

/* The exact types of a signature, or null when its representation bytes
 * say everything (no typed or bottom reference in it). */
static LLVMValueRef exact_types(Desc *d, const IrFuncType *ft)
{
	uint32_t n = ft->nparams + ft->nresults;
	bool plain = true;
	for (uint32_t k = 0; k < n; k++) {
		IrValType t = k < ft->nparams ? ft->params[k] : ft->results[k - ft->nparams];
		plain = plain && t == ir_ref_repr(t);
	}
	if (plain)
		return LLVMConstNull(d->t->ptr);
	LLVMValueRef *v = calloc(n, sizeof *v);
	if (!v)
		return NULL;
	for (uint32_t k = 0; k < n; k++)
		v[k] = u32(d, k < ft->nparams ? ft->params[k] : ft->results[k - ft->nparams]);
	LLVMValueRef r = array(d, d->t->i32, v, n, "exact");
	free(v);
	return r;
}

static LLVMValueRef type_one(Desc *d, uint32_t i)
{
	const IrFuncType *ft = &d->bm->m->types[i];
	uint8_t *buf = malloc(ft->nparams + ft->nresults + 1);
	LLVMValueRef exact = exact_types(d, ft);
	if (!buf || !exact) {
		free(buf);
		return NULL;
	}
	for (uint32_t k = 0; k < ft->nparams; k++)
		buf[k] = (uint8_t)ir_ref_repr(ft->params[k]);
	for (uint32_t k = 0; k < ft->nresults; k++)
		buf[ft->nparams + k] = (uint8_t)ir_ref_repr(ft->results[k]);
	LLVMValueRef f[] = { u32(d, ft->nparams), u32(d, ft->nresults),
	                     bytes(d, buf, ft->nparams + ft->nresults, "sig"), exact };
	free(buf);
	return cstruct(d, d->type_desc, f, 4);
}

static LLVMValueRef import_one(Desc *d, uint32_t i)
{
	const IrImport *im = &d->bm->m->imports[i];
	LLVMValueRef f[] = { bytes(d, im->module.p, im->module.len, "str"), bytes(d, im->name.p, im->name.len, "str"),
	                     u32(d, im->module.len), u32(d, im->name.len), u32(d, im->kind), u32(d, im->index) };
	return cstruct(d, d->import_desc, f, 6);
}

static LLVMValueRef export_one(Desc *d, uint32_t i)
{
	const IrExport *e = &d->bm->m->exports[i];
	LLVMValueRef f[] = { bytes(d, e->name.p, e->name.len, "str"), u32(d, e->name.len),
	                     u32(d, e->kind), u32(d, e->index) };
	return cstruct(d, d->export_desc, f, 4);
}

/* A memory's limits (t NULL) or a table's, with its element type and
 * initialiser. */
static LLVMValueRef limits(Desc *d, const IrLimits *l, const IrTableType *t)
{
	static const IrExpr none = { NULL, 0 };
	LLVMValueRef init = const_expr(d, t ? &t->init : &none);
	if (!init)
		return NULL;
	LLVMValueRef f[] = { u64(d, l->min), u64(d, l->max), u32(d, l->has_max),
	                     u32(d, t ? ir_ref_repr(t->elem) : 0), u32(d, t ? t->elem : 0),
	                     u32(d, t && t->init.n), init, u32(d, l->is64), u32(d, 0) };
	return cstruct(d, d->limits_desc, f, 9);
}

static LLVMValueRef table_one(Desc *d, uint32_t i)
{
	const IrTableType *t = &d->bm->m->tables[i];
	return limits(d, &t->limits, t);
}

static LLVMValueRef mem_one(Desc *d, uint32_t i)
{
	return limits(d, &d->bm->m->mems[i], NULL);
}

static LLVMValueRef global_one(Desc *d, uint32_t i)
{
	const IrGlobal *g = &d->bm->m->globals[i];
	LLVMValueRef init = const_expr(d, &g->init);
	if (!init)
		return NULL;
	LLVMValueRef f[] = { u32(d, g->type.type), u32(d, g->type.mut), init };
	return cstruct(d, d->global_desc, f, 3);
}

static LLVMValueRef item_one(Desc *d, uint32_t k)
{
	return const_expr(d, &d->elem->items[k]);
}

static LLVMValueRef elem_one(Desc *d, uint32_t i)
{
	const IrElem *e = &d->bm->m->elems[i];
	d->elem = e;
	LLVMValueRef items = vector(d, d->const_expr, e->nitems, item_one, "items");
	LLVMValueRef offset = const_expr(d, &e->offset);
	if (!items || !offset)
		return NULL;
	LLVMValueRef f[] = { u32(d, e->mode), u32(d, ir_ref_repr(e->type)), u32(d, e->table), u32(d, e->nitems),
	                     offset, items };
	return cstruct(d, d->elem_desc, f, 6);
}

static LLVMValueRef data_one(Desc *d, uint32_t i)
{
	const IrData *s = &d->bm->m->datas[i];
	LLVMValueRef offset = const_expr(d, &s->offset);
	if (!offset)
		return NULL;
	LLVMValueRef f[] = { u32(d, s->mode), u32(d, s->memory), u32(d, s->size), u32(d, 0),
	                     offset, bytes(d, s->bytes, s->size, "data") };
	return cstruct(d, d->data_desc, f, 6);
}

/* Type index per function, code per definition, names per function. */
static void functions(Desc *d, LLVMValueRef *ftypes, LLVMValueRef *code, LLVMValueRef *names)
{
	const IrModule *m = d->bm->m;
	uint32_t n = m->nfuncs, nd = m->nfuncs - m->nimported_funcs;
	LLVMValueRef *tv = calloc(n ? n : 1, sizeof *tv), *cv = calloc(nd ? nd : 1, sizeof *cv);
	LLVMValueRef *nv = calloc(n ? n : 1, sizeof *nv);
	for (uint32_t i = 0; tv && cv && nv && i < n; i++) {
		tv[i] = u32(d, m->func_types[i]);
		if (i >= m->nimported_funcs)
			cv[i - m->nimported_funcs] = d->bm->funcs[i];
		IrName name = ir_func_name(m, i);
		if (name.len) {
			nv[i] = bytes(d, name.p, name.len, "name"); /* NUL-terminated */
		} else {
			nv[i] = LLVMConstNull(d->t->ptr);
		}
	}
	*ftypes = array(d, d->t->i32, tv, n, "functypes");
	*code = array(d, d->t->ptr, cv, nd, "code");
	*names = array(d, d->t->ptr, nv, n, "names");
	free(tv);
	free(cv);
	free(nv);
}

/* The type index of every tag. */
static LLVMValueRef tag_types(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef *v = calloc(m->ntags ? m->ntags : 1, sizeof *v);
	if (!v)
		return NULL;
	for (uint32_t i = 0; i < m->ntags; i++)
		v[i] = u32(d, m->tag_types[i]);
	LLVMValueRef a = array(d, d->t->i32, v, m->ntags, "tagtypes");
	free(v);
	return a;
}

bool be_emit_descriptor(BeModule *bm, LLVMValueRef *entries, LLVMValueRef *adapters)
{
	Desc d = { .bm = bm, .t = &bm->t };
	const IrModule *m = bm->m;
	define_types(&d);
	if (!be_abi_layout_ok(bm))
		return false;
	LLVMValueRef ftypes, code, names;
	functions(&d, &ftypes, &code, &names);
	LLVMValueRef f[] = {
		u32(&d, NACRE_ABI_VERSION), u32(&d, bm->opt->bounds), u32(&d, m->ntypes),
		vector(&d, d.type_desc, m->ntypes, type_one, "types"),
		array(&d, d.t->ptr, entries, m->ntypes, "entries"),
		array(&d, d.t->ptr, adapters, m->ntypes, "adapters"),
		u32(&d, m->nimports), vector(&d, d.import_desc, m->nimports, import_one, "imports"),
		u32(&d, m->nfuncs), u32(&d, m->nimported_funcs), ftypes, code, names,
		u32(&d, m->ntables), u32(&d, m->nimported_tables), vector(&d, d.limits_desc, m->ntables, table_one, "tables"),
		u32(&d, m->nmems), u32(&d, m->nimported_mems), vector(&d, d.limits_desc, m->nmems, mem_one, "mems"),
		u32(&d, m->nglobals), u32(&d, m->nimported_globals),
		vector(&d, d.global_desc, m->nglobals, global_one, "globals"),
		u32(&d, m->nexports), vector(&d, d.export_desc, m->nexports, export_one, "exports"),
		u32(&d, m->nelems), vector(&d, d.elem_desc, m->nelems, elem_one, "elems"),
		u32(&d, m->ndatas), vector(&d, d.data_desc, m->ndatas, data_one, "datas"),
		u32(&d, m->has_start), u32(&d, m->start),
		u32(&d, m->ntags), u32(&d, m->nimported_tags), tag_types(&d),
	};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		if (!f[i]) {
			diag_report(bm->diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "descriptor");
			return false;
		}
	char sym[256];
	if (bm->opt->module_name)
		snprintf(sym, sizeof sym, "%s_module", bm->opt->module_name);
	LLVMValueRef g = LLVMAddGlobal(bm->mod, d.module_desc, bm->opt->module_name ? sym : NACRE_MODULE_SYMBOL);
	LLVMSetInitializer(g, cstruct(&d, d.module_desc, f, sizeof f / sizeof *f));
	LLVMSetGlobalConstant(g, true);
	return true;
}
