/* backend/descriptor.c: the NacreModuleDesc a compiled module carries
 * (abi.h), as LLVM constant data: types, imports, index spaces, exports,
 * segments, names, entries and host adapters.  The LLVM struct types
 * mirror the C structs; layout() checks them against sizeof/offsetof so
 * the two can never drift apart silently.
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
} Desc;

static LLVMTypeRef strukt(Desc *d, LLVMTypeRef *fields, unsigned n)
{
	return LLVMStructTypeInContext(d->bm->ctx, fields, n, false);
}

static void define_types(Desc *d)
{
	const BeTypes *t = d->t;
	LLVMTypeRef i32 = t->i32, p = t->ptr;
	d->value = LLVMArrayType2(t->i64, 2);
	d->type_desc = strukt(d, (LLVMTypeRef[]){ i32, i32, p }, 3);
	d->const_expr = strukt(d, (LLVMTypeRef[]){ i32, i32, d->value }, 3);
	d->import_desc = strukt(d, (LLVMTypeRef[]){ p, p, i32, i32, i32, i32 }, 6);
	d->export_desc = strukt(d, (LLVMTypeRef[]){ p, i32, i32, i32 }, 4);
	d->limits_desc = strukt(d, (LLVMTypeRef[]){ i32, i32, i32, i32 }, 4);
	d->global_desc = strukt(d, (LLVMTypeRef[]){ i32, i32, d->const_expr }, 3);
	d->elem_desc = strukt(d, (LLVMTypeRef[]){ i32, i32, i32, i32, d->const_expr, p }, 6);
	d->data_desc = strukt(d, (LLVMTypeRef[]){ i32, i32, i32, i32, d->const_expr, p }, 6);
	d->module_desc = strukt(d, (LLVMTypeRef[]){
		i32, i32, i32, p, p, p,          /* abi, bounds, ntypes, types, entries, adapters */
		i32, p,                          /* imports */
		i32, i32, p, p, p,               /* functions */
		i32, i32, p, i32, i32, p,        /* tables, memories */
		i32, i32, p,                     /* globals */
		i32, p, i32, p, i32, p,          /* exports, elems, datas */
		i32, i32 }, 30);
}

/* The LLVM layouts must be the C layouts, field by field. */
static bool layout(Desc *d, LLVMTargetDataRef td)
{
	struct { LLVMTypeRef ty; size_t size; size_t last_off; unsigned last; } checks[] = {
		{ d->type_desc, sizeof(NacreTypeDesc), offsetof(NacreTypeDesc, types), 2 },
		{ d->const_expr, sizeof(NacreConstExpr), offsetof(NacreConstExpr, value), 2 },
		{ d->import_desc, sizeof(NacreImportDesc), offsetof(NacreImportDesc, index), 5 },
		{ d->export_desc, sizeof(NacreExportDesc), offsetof(NacreExportDesc, index), 3 },
		{ d->limits_desc, sizeof(NacreLimitsDesc), offsetof(NacreLimitsDesc, elem), 3 },
		{ d->global_desc, sizeof(NacreGlobalDesc), offsetof(NacreGlobalDesc, init), 2 },
		{ d->elem_desc, sizeof(NacreElemDesc), offsetof(NacreElemDesc, items), 5 },
		{ d->data_desc, sizeof(NacreDataDesc), offsetof(NacreDataDesc, bytes), 5 },
		{ d->module_desc, sizeof(NacreModuleDesc), offsetof(NacreModuleDesc, start), 29 },
	};
	for (size_t i = 0; i < sizeof checks / sizeof *checks; i++)
		if (LLVMABISizeOfType(td, checks[i].ty) != checks[i].size ||
		    LLVMOffsetOfElement(td, checks[i].ty, checks[i].last) != checks[i].last_off)
			return false;
	return true;
}

static LLVMValueRef u32(Desc *d, uint64_t v)
{
	return LLVMConstInt(d->t->i32, v, false);
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

static LLVMValueRef bytes(Desc *d, const void *p, size_t n, const char *what)
{
	return global(d, LLVMConstStringInContext2(d->bm->ctx, p ? p : "", n, false), what);
}

static LLVMValueRef value(Desc *d, uint64_t lo, uint64_t hi)
{
	LLVMValueRef v[] = { LLVMConstInt(d->t->i64, lo, false), LLVMConstInt(d->t->i64, hi, false) };
	return LLVMConstArray2(d->t->i64, v, 2);
}

/* A Wasm 2.0 constant expression is one instruction before end. */
static LLVMValueRef const_expr(Desc *d, const IrExpr *e)
{
	uint32_t op = NACRE_CONST_VALUE, index = 0;
	uint64_t lo = 0, hi = 0;
	const IrInstr *in = e->n ? &e->code[0] : NULL;
	switch (in ? in->op : IR_OP_END) {
	case IR_OP_I32_CONST: lo = in->u.i32; break;
	case IR_OP_F32_CONST: lo = in->u.f32; break;
	case IR_OP_I64_CONST: lo = in->u.i64; break;
	case IR_OP_F64_CONST: lo = in->u.f64; break;
	case IR_OP_V128_CONST: memcpy(&lo, in->u.v128, 8); memcpy(&hi, in->u.v128 + 8, 8); break;
	case IR_OP_REF_NULL: op = NACRE_CONST_REF_NULL; break;
	case IR_OP_REF_FUNC: op = NACRE_CONST_REF_FUNC; index = in->u.idx.a; break;
	case IR_OP_GLOBAL_GET: op = NACRE_CONST_GLOBAL_GET; index = in->u.idx.a; break;
	default: break;
	}
	LLVMValueRef f[] = { u32(d, op), u32(d, index), value(d, lo, hi) };
	return cstruct(d, d->const_expr, f, 3);
}

static LLVMValueRef types(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef v[m->ntypes ? m->ntypes : 1];
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const IrFuncType *ft = &m->types[i];
		uint8_t buf[ft->nparams + ft->nresults + 1];
		memcpy(buf, ft->params, ft->nparams);
		memcpy(buf + ft->nparams, ft->results, ft->nresults);
		LLVMValueRef f[] = { u32(d, ft->nparams), u32(d, ft->nresults),
		                     bytes(d, buf, ft->nparams + ft->nresults, "sig") };
		v[i] = cstruct(d, d->type_desc, f, 3);
	}
	return array(d, d->type_desc, v, m->ntypes, "types");
}

static LLVMValueRef imports(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef *v = calloc(m->nimports ? m->nimports : 1, sizeof *v);
	for (uint32_t i = 0; v && i < m->nimports; i++) {
		const IrImport *im = &m->imports[i];
		LLVMValueRef f[] = { bytes(d, im->module.p, im->module.len, "str"), bytes(d, im->name.p, im->name.len, "str"),
		                     u32(d, im->module.len), u32(d, im->name.len), u32(d, im->kind), u32(d, im->index) };
		v[i] = cstruct(d, d->import_desc, f, 6);
	}
	LLVMValueRef r = v ? array(d, d->import_desc, v, m->nimports, "imports") : NULL;
	free(v);
	return r;
}

static LLVMValueRef exports(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef *v = calloc(m->nexports ? m->nexports : 1, sizeof *v);
	for (uint32_t i = 0; v && i < m->nexports; i++) {
		const IrExport *e = &m->exports[i];
		LLVMValueRef f[] = { bytes(d, e->name.p, e->name.len, "str"), u32(d, e->name.len),
		                     u32(d, e->kind), u32(d, e->index) };
		v[i] = cstruct(d, d->export_desc, f, 4);
	}
	LLVMValueRef r = v ? array(d, d->export_desc, v, m->nexports, "exports") : NULL;
	free(v);
	return r;
}

static LLVMValueRef limits(Desc *d, const IrLimits *l, uint32_t elem)
{
	LLVMValueRef f[] = { u32(d, l->min), u32(d, l->max), u32(d, l->has_max), u32(d, elem) };
	return cstruct(d, d->limits_desc, f, 4);
}

static LLVMValueRef tables(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef v[m->ntables ? m->ntables : 1];
	for (uint32_t i = 0; i < m->ntables; i++)
		v[i] = limits(d, &m->tables[i].limits, m->tables[i].elem);
	return array(d, d->limits_desc, v, m->ntables, "tables");
}

static LLVMValueRef mems(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef v[m->nmems ? m->nmems : 1];
	for (uint32_t i = 0; i < m->nmems; i++)
		v[i] = limits(d, &m->mems[i], 0);
	return array(d, d->limits_desc, v, m->nmems, "mems");
}

static LLVMValueRef globals(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef *v = calloc(m->nglobals ? m->nglobals : 1, sizeof *v);
	for (uint32_t i = 0; v && i < m->nglobals; i++) {
		const IrGlobal *g = &m->globals[i];
		LLVMValueRef f[] = { u32(d, g->type.type), u32(d, g->type.mut), const_expr(d, &g->init) };
		v[i] = cstruct(d, d->global_desc, f, 3);
	}
	LLVMValueRef r = v ? array(d, d->global_desc, v, m->nglobals, "globals") : NULL;
	free(v);
	return r;
}

static LLVMValueRef elems(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef *v = calloc(m->nelems ? m->nelems : 1, sizeof *v);
	for (uint32_t i = 0; v && i < m->nelems; i++) {
		const IrElem *e = &m->elems[i];
		LLVMValueRef *items = calloc(e->nitems ? e->nitems : 1, sizeof *items);
		if (!items) {
			free(v);
			return NULL;
		}
		for (uint32_t k = 0; k < e->nitems; k++)
			items[k] = const_expr(d, &e->items[k]);
		LLVMValueRef f[] = { u32(d, e->mode), u32(d, e->type), u32(d, e->table), u32(d, e->nitems),
		                     const_expr(d, &e->offset), array(d, d->const_expr, items, e->nitems, "items") };
		free(items);
		v[i] = cstruct(d, d->elem_desc, f, 6);
	}
	LLVMValueRef r = v ? array(d, d->elem_desc, v, m->nelems, "elems") : NULL;
	free(v);
	return r;
}

static LLVMValueRef datas(Desc *d)
{
	const IrModule *m = d->bm->m;
	LLVMValueRef *v = calloc(m->ndatas ? m->ndatas : 1, sizeof *v);
	for (uint32_t i = 0; v && i < m->ndatas; i++) {
		const IrData *s = &m->datas[i];
		LLVMValueRef f[] = { u32(d, s->mode), u32(d, s->memory), u32(d, s->size), u32(d, 0),
		                     const_expr(d, &s->offset), bytes(d, s->bytes, s->size, "data") };
		v[i] = cstruct(d, d->data_desc, f, 6);
	}
	LLVMValueRef r = v ? array(d, d->data_desc, v, m->ndatas, "datas") : NULL;
	free(v);
	return r;
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
			char buf[name.len + 1];
			memcpy(buf, name.p, name.len);
			buf[name.len] = 0;
			nv[i] = bytes(d, buf, name.len + 1, "name");
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

bool be_emit_descriptor(BeModule *bm, LLVMValueRef *entries, LLVMValueRef *adapters)
{
	Desc d = { .bm = bm, .t = &bm->t };
	const IrModule *m = bm->m;
	define_types(&d);
	LLVMTargetDataRef td = LLVMCreateTargetDataLayout(bm->tm);
	bool same = layout(&d, td);
	LLVMDisposeTargetData(td);
	if (!same) {
		diag_report(bm->diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "descriptor layout differs from abi.h");
		return false;
	}
	LLVMValueRef ftypes, code, names;
	functions(&d, &ftypes, &code, &names);
	LLVMValueRef f[] = {
		u32(&d, NACRE_ABI_VERSION), u32(&d, bm->opt->bounds), u32(&d, m->ntypes), types(&d),
		array(&d, d.t->ptr, entries, m->ntypes, "entries"),
		array(&d, d.t->ptr, adapters, m->ntypes, "adapters"),
		u32(&d, m->nimports), imports(&d),
		u32(&d, m->nfuncs), u32(&d, m->nimported_funcs), ftypes, code, names,
		u32(&d, m->ntables), u32(&d, m->nimported_tables), tables(&d),
		u32(&d, m->nmems), u32(&d, m->nimported_mems), mems(&d),
		u32(&d, m->nglobals), u32(&d, m->nimported_globals), globals(&d),
		u32(&d, m->nexports), exports(&d), u32(&d, m->nelems), elems(&d),
		u32(&d, m->ndatas), datas(&d),
		u32(&d, m->has_start), u32(&d, m->start),
	};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		if (!f[i]) {
			diag_report(bm->diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "descriptor");
			return false;
		}
	LLVMValueRef g = LLVMAddGlobal(bm->mod, d.module_desc, NACRE_MODULE_SYMBOL);
	LLVMSetInitializer(g, cstruct(&d, d.module_desc, f, 30));
	LLVMSetGlobalConstant(g, true);
	return true;
}
