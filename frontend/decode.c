/* frontend/decode.c: the binary module format (spec 5.5) into an IrModule.
 * Checks everything that makes a binary malformed: section ids, order and
 * sizes, every vector's length against the bytes that remain, and the
 * cross-section counts.  Whether indices and types make sense is the
 * validator's job (validate.c); nothing here looks one up.
 */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

/* Where each section may stand: data count sits between element and code,
 * tag (13) between memory and global (3.0 spec 5.5.2). */
static const uint8_t section_rank[IR_SEC_LAST + 1] = {
	[IR_SEC_TYPE] = 1, [IR_SEC_IMPORT] = 2, [IR_SEC_FUNCTION] = 3, [IR_SEC_TABLE] = 4,
	[IR_SEC_MEMORY] = 5, [IR_SEC_TAG] = 6, [IR_SEC_GLOBAL] = 7, [IR_SEC_EXPORT] = 8, [IR_SEC_START] = 9,
	[IR_SEC_ELEMENT] = 10, [IR_SEC_DATA_COUNT] = 11, [IR_SEC_CODE] = 12, [IR_SEC_DATA] = 13,
};

typedef struct Decoder {
	IrModule *m;
	Arena *arena;
	DiagSink *diags;
	CodeScratch scratch;
	/* grown as sections arrive; imports first */
	uint32_t *func_types;
	IrTableType *tables;
	IrLimits *mems;
	IrGlobal *globals;
	uint32_t *tag_types;
	uint32_t nfuncs_declared;  /* function section entries */
	bool saw_function_section;
	bool saw_code;
	bool saw_data;
	IrCustom *customs;
	uint32_t ncustoms, customs_cap;
	uint8_t last_id;
} Decoder;

static bool oom(Reader *r)
{
	fe_reader_fail(r, DIAG_OUT_OF_MEMORY, r->pos, NULL);
	return false;
}

/* An abstract heap type's byte (3.0 spec 5.3.4). */
static bool abstract_heap(uint8_t b)
{
	return b == IR_FUNCREF || b == IR_EXTERNREF || b == IR_NULLFUNCREF || b == IR_NULLEXTERNREF ||
	       b == IR_EXNREF || b == IR_NULLEXNREF || ir_is_gc_heap(b);
}

/* heaptype ::= absheaptype | s33 >= 0 (3.0 spec 5.3.4); an abstract
 * heap type comes back as its nullable reference. */
static bool heaptype(Reader *r, DiagCode code, IrValType *out)
{
	size_t at = r->pos;
	uint8_t b;
	int64_t idx;
	if (!fe_reader_peek(r, &b))
		return false;
	if (abstract_heap(b)) {
		fe_reader_u8(r, &b);
		*out = b;
		return true;
	}
	if (!fe_reader_s33(r, &idx))
		return false;
	if (idx < 0) {
		fe_reader_fail(r, code, at, "heap type %lld", (long long)idx);
		return false;
	}
	if (idx >= 1 << (32 - IR_TYPE_SHIFT)) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, at, "type index %lld", (long long)idx);
		return false;
	}
	*out = ir_ref_typed((uint32_t)idx, true);
	return true;
}

/* reftype ::= 0x63 ht | 0x64 ht | a shorthand byte (3.0 spec 5.3.5). */
static bool reftype(Reader *r, DiagCode code, IrValType *out)
{
	size_t at = r->pos;
	uint8_t b;
	if (!fe_reader_peek(r, &b))
		return false;
	if (b != 0x63 && b != 0x64) {
		/* a shorthand: an abstract heap type's byte, never an index */
		if (abstract_heap(b))
			return heaptype(r, code, out);
		fe_reader_fail(r, code, at, "0x%02x", b);
		return false;
	}
	fe_reader_u8(r, &b);
	if (!heaptype(r, code, out))
		return false;
	if (b == 0x64)
		*out |= IR_REF_NONNULL;
	return true;
}

bool fe_read_valtype(Reader *r, IrValType *out)
{
	uint8_t b;
	if (!fe_reader_peek(r, &b))
		return false;
	if (b == IR_I32 || b == IR_I64 || b == IR_F32 || b == IR_F64 || b == IR_V128) {
		fe_reader_u8(r, &b);
		*out = b;
		return true;
	}
	return reftype(r, DIAG_VALTYPE, out);
}

bool fe_read_reftype(Reader *r, IrValType *out)
{
	return reftype(r, DIAG_REFTYPE, out);
}

/* ref.null's immediate: a heap type, the reference nullable. */
bool fe_read_heaptype(Reader *r, IrValType *out)
{
	return heaptype(r, DIAG_REFTYPE, out);
}

/* Limits flags (3.0 spec 5.3.7): bit 0 a maximum follows, bit 2 the
 * memory or table is 64-bit (memory64, table64: u64 limits); bit 1
 * (shared memory, threads) is not supported. */
static bool limits(Reader *r, IrLimits *out)
{
	size_t at = r->pos;
	uint8_t flag;
	if (!fe_reader_u8(r, &flag))
		return false;
	if (flag & ~5u) {
		const char *proposal = fe_proposal_limits(flag);
		fe_reader_fail(r, DIAG_LIMITS_FLAGS, at, "limits flag 0x%02x%s%s%s", flag, proposal ? " (" : "",
		               proposal ? proposal : "", proposal ? " not supported yet)" : "");
		return false;
	}
	out->has_max = flag & 1;
	out->is64 = flag & 4;
	if (out->is64)
		return fe_reader_u64(r, &out->min) && (!out->has_max || fe_reader_u64(r, &out->max));
	uint32_t min, max = 0;
	if (!fe_reader_u32(r, &min) || (out->has_max && !fe_reader_u32(r, &max)))
		return false;
	out->min = min;
	out->max = max;
	return true;
}

static bool tabletype(Reader *r, IrTableType *out)
{
	return fe_read_reftype(r, &out->elem) && limits(r, &out->limits);
}

static bool globaltype(Reader *r, IrGlobalType *out)
{
	uint8_t mut;
	size_t at;
	if (!fe_read_valtype(r, &out->type))
		return false;
	at = r->pos;
	if (!fe_reader_u8(r, &mut))
		return false;
	if (mut > 1) {
		fe_reader_fail(r, DIAG_MUTABILITY, at, "0x%02x", mut);
		return false;
	}
	out->mut = mut;
	return true;
}

/* tagtype ::= 0x00 typeidx (3.0 spec 5.3.10): attribute 0, an exception. */
static bool tagtype(Reader *r, uint32_t *type)
{
	size_t at = r->pos;
	uint8_t attr;
	if (!fe_reader_u8(r, &attr))
		return false;
	if (attr != 0) {
		fe_reader_fail(r, DIAG_MALFORMED_TAG, at, "attribute 0x%02x", attr);
		return false;
	}
	return fe_reader_u32(r, type);
}

/* Appends to one of the index-space arrays, bounded by a limit. */
static void *grow(Decoder *d, Reader *r, void *old, uint32_t oldn, uint32_t add,
                  size_t elem, uint32_t limit, const char *what)
{
	if (add > limit || oldn > limit - add) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, r->pos, "more than %u %s", limit, what);
		return NULL;
	}
	void *p = arena_array(d->arena, (size_t)oldn + add, elem);
	if (!p) {
		oom(r);
		return NULL;
	}
	if (oldn)
		memcpy(p, old, (size_t)oldn * elem);
	return p;
}

/* functype ::= vec(valtype) vec(valtype), after its 0x60 */
static bool functype(Decoder *d, Reader *r, size_t at, IrFuncType *t)
{
	for (int side = 0; side < 2; side++) {
		uint32_t k;
		if (!fe_reader_count(r, 1, &k))
			return false;
		if (k > (side ? FE_MAX_RESULTS : FE_MAX_PARAMS)) {
			fe_reader_fail(r, DIAG_IMPL_LIMIT, at, "more than %u %s", side ? FE_MAX_RESULTS : FE_MAX_PARAMS,
			               side ? "results" : "parameters");
			return false;
		}
		IrValType *v = arena_array(d->arena, k, sizeof *v);
		if (!v)
			return oom(r);
		for (uint32_t j = 0; j < k; j++)
			if (!fe_read_valtype(r, &v[j]))
				return false;
		if (side)
			t->nresults = k, t->results = v;
		else
			t->nparams = k, t->params = v;
	}
	return true;
}

/* fieldtype ::= storagetype mut (3.0 spec 5.3.8); storagetype is a value
 * type or a packed type, i8 or i16. */
static bool fieldtype(Reader *r, IrField *f)
{
	size_t at = r->pos;
	uint8_t b, mut;
	if (!fe_reader_peek(r, &b))
		return false;
	if (b == IR_I8 || b == IR_I16) {
		fe_reader_u8(r, &b);
		f->type = b;
	} else if (!fe_read_valtype(r, &f->type))
		return false;
	if (!fe_reader_u8(r, &mut))
		return false;
	if (mut > 1) {
		fe_reader_fail(r, DIAG_MUTABILITY, at + 1, "0x%02x", mut);
		return false;
	}
	f->mut = mut;
	return true;
}

/* 0x5f vec(fieldtype) (struct) or 0x5e fieldtype (array), after the byte */
static bool fields(Decoder *d, Reader *r, size_t at, bool array, IrFuncType *t)
{
	uint32_t n = 1;
	if (!array && !fe_reader_count(r, 2, &n))
		return false;
	if (n > FE_MAX_FIELDS) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, at, "more than %u fields", FE_MAX_FIELDS);
		return false;
	}
	IrField *f = arena_array(d->arena, n ? n : 1, sizeof *f);
	if (!f)
		return oom(r);
	for (uint32_t i = 0; i < n; i++)
		if (!fieldtype(r, &f[i]))
			return false;
	t->kind = array ? IR_COMP_ARRAY : IR_COMP_STRUCT;
	t->nfields = n;
	t->fields = f;
	return true;
}

/* comptype (3.0 spec 5.3.8): func, struct or array */
static bool comptype(Decoder *d, Reader *r, IrFuncType *t)
{
	size_t at = r->pos;
	uint8_t form;
	if (!fe_reader_u8(r, &form))
		return false;
	if (form == 0x60)
		return functype(d, r, at, t);
	if (form == 0x5f || form == 0x5e)
		return fields(d, r, at, form == 0x5e, t);
	fe_reader_fail(r, DIAG_FUNCTYPE, at, "0x%02x, expected 0x60, 0x5f or 0x5e", form);
	return false;
}

/* subtype ::= 0x50 vec(typeidx) comptype | 0x4f vec(typeidx) comptype
 * (final) | comptype (final, no supertypes).  More than one supertype is
 * the validator's to refuse (nsupers > 1). */
static bool subtype(Decoder *d, Reader *r, IrFuncType *t)
{
	uint8_t b;
	uint32_t n;
	if (!fe_reader_peek(r, &b))
		return false;
	if (b != 0x50 && b != 0x4f)
		return comptype(d, r, t);
	fe_reader_u8(r, &b);
	t->open = b == 0x50;
	if (!fe_reader_count(r, 1, &n))
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!fe_reader_u32(r, &t->super))
			return false;
	t->nsupers = n;
	return comptype(d, r, t);
}

/* The types decoded so far, growing by recursion groups. */
typedef struct TypeVec { IrFuncType *p; uint32_t n, cap; } TypeVec;

static IrFuncType *type_push(Reader *r, TypeVec *v)
{
	if (v->n == FE_MAX_TYPES) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, r->pos, "more than %u types", FE_MAX_TYPES);
		return NULL;
	}
	if (v->n == v->cap) {
		uint32_t ncap = v->cap ? 2 * v->cap : 16;
		IrFuncType *p = realloc(v->p, ncap * sizeof *p);
		if (!p) {
			oom(r);
			return NULL;
		}
		v->p = p, v->cap = ncap;
	}
	IrFuncType *t = &v->p[v->n++];
	memset(t, 0, sizeof *t);
	return t;
}

/* rectype ::= 0x4e vec(subtype) | subtype (3.0 spec 5.3.9) */
static bool rectype(Decoder *d, Reader *r, TypeVec *v)
{
	uint8_t b;
	uint32_t n = 1, first = v->n;
	if (!fe_reader_peek(r, &b))
		return false;
	if (b == 0x4e) {
		fe_reader_u8(r, &b);
		if (!fe_reader_count(r, 1, &n))
			return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		IrFuncType *t = type_push(r, v);
		if (!t || !subtype(d, r, t))
			return false;
		t->rec_first = first;
		t->rec_size = n;
	}
	return true;
}

static bool type_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	uint32_t n;
	TypeVec v = { 0 };
	if (!fe_reader_count(r, 1, &n))
		return false;
	bool ok = true;
	for (uint32_t i = 0; ok && i < n; i++)
		ok = rectype(d, r, &v);
	IrFuncType *types = ok ? arena_array(d->arena, v.n ? v.n : 1, sizeof *types) : NULL;
	if (types && v.n)
		memcpy(types, v.p, v.n * sizeof *types);
	free(v.p);
	if (ok && !types)
		return oom(r);
	m->ntypes = v.n;
	m->types = types;
	return ok;
}

static bool import_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	uint32_t n;
	if (!fe_reader_count(r, 4, &n))
		return false;
	if (n > FE_MAX_IMPORTS) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, r->pos, "more than %u imports", FE_MAX_IMPORTS);
		return false;
	}
	IrImport *imps = arena_array(d->arena, n, sizeof *imps);
	/* at most n of each kind: size the index spaces once */
	d->func_types = arena_array(d->arena, n, sizeof *d->func_types);
	d->tables = arena_array(d->arena, n, sizeof *d->tables);
	d->mems = arena_array(d->arena, n, sizeof *d->mems);
	d->globals = arena_array(d->arena, n, sizeof *d->globals);
	d->tag_types = arena_array(d->arena, n, sizeof *d->tag_types);
	if (!imps || !d->func_types || !d->tables || !d->mems || !d->globals || !d->tag_types)
		return oom(r);
	for (uint32_t i = 0; i < n; i++) {
		IrImport *im = &imps[i];
		im->offset = (uint32_t)r->pos;
		if (!fe_reader_name(r, &im->module) || !fe_reader_name(r, &im->name))
			return false;
		size_t at = r->pos;
		if (!fe_reader_u8(r, &im->kind))
			return false;
		switch (im->kind) {
		case IR_EXTERN_FUNC:
			im->index = m->nimported_funcs++;
			if (!fe_reader_u32(r, &d->func_types[im->index]))
				return false;
			break;
		case IR_EXTERN_TABLE:
			im->index = m->nimported_tables++;
			if (!tabletype(r, &d->tables[im->index]))
				return false;
			break;
		case IR_EXTERN_MEMORY:
			im->index = m->nimported_mems++;
			if (!limits(r, &d->mems[im->index]))
				return false;
			break;
		case IR_EXTERN_GLOBAL:
			im->index = m->nimported_globals++;
			if (!globaltype(r, &d->globals[im->index].type))
				return false;
			break;
		case IR_EXTERN_TAG:
			im->index = m->nimported_tags++;
			if (!tagtype(r, &d->tag_types[im->index]))
				return false;
			break;
		default:
			fe_reader_fail(r, DIAG_IMPORT_KIND, at, "0x%02x", im->kind);
			return false;
		}
	}
	m->nimports = n;
	m->imports = imps;
	m->nfuncs = m->nimported_funcs;
	m->ntables = m->nimported_tables;
	m->nmems = m->nimported_mems;
	m->nglobals = m->nimported_globals;
	m->ntags = m->nimported_tags;
	return true;
}

static bool function_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	uint32_t n;
	if (!fe_reader_count(r, 1, &n))
		return false;
	uint32_t *ft = grow(d, r, d->func_types, m->nfuncs, n, sizeof *ft, FE_MAX_FUNCS, "functions");
	if (!ft)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!fe_reader_u32(r, &ft[m->nfuncs + i]))
			return false;
	d->func_types = ft;
	m->nfuncs += n;
	d->nfuncs_declared = n;
	d->saw_function_section = true;
	return true;
}

static bool const_expr(Decoder *d, Reader *r, IrExpr *out)
{
	const uint32_t *labels;
	return fe_decode_expr(r, d->arena, &d->scratch, d->m->has_data_count, out, &labels);
}

/* table ::= tabletype | 0x40 0x00 tabletype expr (3.0 spec 5.5.7): the
 * second form gives the initial value of every element. */
static bool table(Decoder *d, Reader *r, IrTableType *out)
{
	size_t at = r->pos;
	uint8_t b;
	if (!fe_reader_peek(r, &b))
		return false;
	out->init = (IrExpr){ NULL, 0 };
	if (b != 0x40)
		return tabletype(r, out);
	fe_reader_u8(r, &b);
	if (!fe_reader_u8(r, &b))
		return false;
	if (b != 0x00) {
		fe_reader_fail(r, DIAG_ZERO_BYTE, at + 1, "0x%02x after a table's 0x40", b);
		return false;
	}
	return tabletype(r, out) && const_expr(d, r, &out->init);
}

static bool table_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	uint32_t n;
	if (!fe_reader_count(r, 3, &n))
		return false;
	IrTableType *t = grow(d, r, d->tables, m->ntables, n, sizeof *t, FE_MAX_TABLES, "tables");
	if (!t)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!table(d, r, &t[m->ntables + i]))
			return false;
	d->tables = t;
	m->ntables += n;
	return true;
}

static bool memory_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	uint32_t n;
	if (!fe_reader_count(r, 2, &n))
		return false;
	IrLimits *l = grow(d, r, d->mems, m->nmems, n, sizeof *l, FE_MAX_MEMORIES, "memories");
	if (!l)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!limits(r, &l[m->nmems + i]))
			return false;
	d->mems = l;
	m->nmems += n;
	return true;
}

static bool global_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	uint32_t n;
	if (!fe_reader_count(r, 3, &n))
		return false;
	IrGlobal *g = grow(d, r, d->globals, m->nglobals, n, sizeof *g, FE_MAX_GLOBALS, "globals");
	if (!g)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		IrGlobal *gl = &g[m->nglobals + i];
		if (!globaltype(r, &gl->type) || !const_expr(d, r, &gl->init))
			return false;
	}
	d->globals = g;
	m->nglobals += n;
	return true;
}

static bool tag_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	uint32_t n;
	if (!fe_reader_count(r, 2, &n))
		return false;
	uint32_t *t = grow(d, r, d->tag_types, m->ntags, n, sizeof *t, FE_MAX_TAGS, "tags");
	if (!t)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!tagtype(r, &t[m->ntags + i]))
			return false;
	d->tag_types = t;
	m->ntags += n;
	return true;
}

static bool export_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	uint32_t n;
	if (!fe_reader_count(r, 3, &n))
		return false;
	if (n > FE_MAX_EXPORTS) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, r->pos, "more than %u exports", FE_MAX_EXPORTS);
		return false;
	}
	IrExport *e = arena_array(d->arena, n, sizeof *e);
	if (!e)
		return oom(r);
	for (uint32_t i = 0; i < n; i++) {
		e[i].offset = (uint32_t)r->pos;
		if (!fe_reader_name(r, &e[i].name))
			return false;
		size_t at = r->pos;
		if (!fe_reader_u8(r, &e[i].kind))
			return false;
		if (e[i].kind > IR_EXTERN_TAG) {
			fe_reader_fail(r, DIAG_EXPORT_KIND, at, "0x%02x", e[i].kind);
			return false;
		}
		if (!fe_reader_u32(r, &e[i].index))
			return false;
	}
	m->nexports = n;
	m->exports = e;
	return true;
}

static bool start_section(Decoder *d, Reader *r)
{
	d->m->has_start = true;
	return fe_reader_u32(r, &d->m->start);
}

/* Element items given as bare function indices become ref.func exprs, so
 * that every segment has one representation. */
static bool elem_funcs(Decoder *d, Reader *r, IrElem *e)
{
	uint32_t n;
	if (!fe_reader_count(r, 1, &n))
		return false;
	IrExpr *items = arena_array(d->arena, n, sizeof *items);
	IrInstr *code = arena_array(d->arena, (size_t)n * 2, sizeof *code);
	if (!items || !code)
		return oom(r);
	for (uint32_t i = 0; i < n; i++) {
		IrInstr *c = &code[2 * i];
		c[0].op = IR_OP_REF_FUNC;
		c[0].offset = (uint32_t)r->pos;
		if (!fe_reader_u32(r, &c[0].u.idx.a))
			return false;
		c[1].op = IR_OP_END;
		c[1].offset = (uint32_t)r->pos;
		items[i].code = c;
		items[i].n = 2;
	}
	e->nitems = n;
	e->items = items;
	return true;
}

static bool elem_exprs(Decoder *d, Reader *r, IrElem *e)
{
	uint32_t n;
	if (!fe_reader_count(r, 2, &n))
		return false;
	IrExpr *items = arena_array(d->arena, n, sizeof *items);
	if (!items)
		return oom(r);
	for (uint32_t i = 0; i < n; i++)
		if (!const_expr(d, r, &items[i]))
			return false;
	e->nitems = n;
	e->items = items;
	return true;
}

static bool elemkind(Reader *r)
{
	size_t at = r->pos;
	uint8_t k;
	if (!fe_reader_u8(r, &k))
		return false;
	if (k != 0x00) {
		fe_reader_fail(r, DIAG_ELEM_KIND, at, "0x%02x", k);
		return false;
	}
	return true;
}

/* One element segment: the flag's three bits say passive-or-declarative,
 * explicit table index, and expressions instead of function indices (5.5.12). */
static bool elem_segment(Decoder *d, Reader *r, IrElem *e)
{
	size_t at = r->pos;
	uint32_t flag;
	e->offset_in_file = (uint32_t)at;
	if (!fe_reader_u32(r, &flag))
		return false;
	if (flag > 7) {
		fe_reader_fail(r, DIAG_ELEM_SEG_KIND, at, "flag %u", flag);
		return false;
	}
	bool passive_or_decl = flag & 1, explicit_table = flag & 2, exprs = flag & 4;
	/* 3.0: function indices cannot be null, expressions default to funcref */
	e->type = exprs ? IR_FUNCREF : IR_FUNCREF | IR_REF_NONNULL;
	if (passive_or_decl) {
		e->mode = explicit_table ? IR_SEG_DECLARATIVE : IR_SEG_PASSIVE;
	} else {
		e->mode = IR_SEG_ACTIVE;
		if (explicit_table && !fe_reader_u32(r, &e->table))
			return false;
		if (!const_expr(d, r, &e->offset))
			return false;
	}
	if (passive_or_decl || explicit_table) {
		if (exprs ? !fe_read_reftype(r, &e->type) : !elemkind(r))
			return false;
	}
	return exprs ? elem_exprs(d, r, e) : elem_funcs(d, r, e);
}

static bool element_section(Decoder *d, Reader *r)
{
	uint32_t n;
	if (!fe_reader_count(r, 2, &n))
		return false;
	if (n > FE_MAX_ELEM_SEGMENTS) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, r->pos, "more than %u element segments", FE_MAX_ELEM_SEGMENTS);
		return false;
	}
	IrElem *e = arena_array(d->arena, n, sizeof *e);
	if (!e)
		return oom(r);
	for (uint32_t i = 0; i < n; i++)
		if (!elem_segment(d, r, &e[i]))
			return false;
	d->m->nelems = n;
	d->m->elems = e;
	return true;
}

static bool data_count_section(Decoder *d, Reader *r)
{
	d->m->has_data_count = true;
	return fe_reader_u32(r, &d->m->data_count);
}

/* Declared locals as runs; their sum must fit in u32 (spec 5.5.13), and
 * beyond FE_MAX_LOCALS is our limit. */
static bool locals(Decoder *d, Reader *r, IrFunc *f)
{
	uint32_t n;
	if (!fe_reader_count(r, 2, &n))
		return false;
	IrLocalRun *runs = arena_array(d->arena, n, sizeof *runs);
	if (!runs)
		return oom(r);
	uint64_t total = 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t at = r->pos;
		if (!fe_reader_u32(r, &runs[i].count) || !fe_read_valtype(r, &runs[i].type))
			return false;
		total += runs[i].count;
		if (total > UINT32_MAX) {
			fe_reader_fail(r, DIAG_TOO_MANY_LOCALS, at, NULL);
			return false;
		}
	}
	if (total > FE_MAX_LOCALS) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, f->body_offset, "%llu locals, at most %u",
		               (unsigned long long)total, FE_MAX_LOCALS);
		return false;
	}
	f->nruns = n;
	f->runs = runs;
	f->nlocals = (uint32_t)total;
	return true;
}

static bool code_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	size_t at = r->pos;
	uint32_t n;
	if (!fe_reader_count(r, 2, &n))
		return false;
	if (n != d->nfuncs_declared) {
		fe_reader_fail(r, DIAG_FUNC_CODE_MISMATCH, at, "%u functions, %u bodies",
		               d->nfuncs_declared, n);
		return false;
	}
	IrFunc *funcs = arena_array(d->arena, n, sizeof *funcs);
	if (!funcs)
		return oom(r);
	for (uint32_t i = 0; i < n; i++) {
		IrFunc *f = &funcs[i];
		Reader body;
		f->body_offset = (uint32_t)r->pos;
		f->type = d->func_types[m->nimported_funcs + i];
		if (!fe_reader_u32(r, &f->body_size))
			return false;
		if (f->body_size > FE_MAX_FUNC_SIZE) {
			fe_reader_fail(r, DIAG_IMPL_LIMIT, f->body_offset, "function body of %u bytes", f->body_size);
			return false;
		}
		if (!fe_reader_sub(r, f->body_size, &body))
			return false;
		IrExpr e;
		if (!locals(d, &body, f) ||
		    !fe_decode_expr(&body, d->arena, &d->scratch, m->has_data_count, &e, &f->labels))
			goto fail;
		if (!fe_reader_at_end(&body)) {
			fe_reader_fail(&body, DIAG_SECTION_SIZE, body.pos, "function body continues after its end");
			goto fail;
		}
		f->code = e.code;
		f->ncode = e.n;
		r->pos = body.end;
		continue;
	fail:
		r->failed = true;
		return false;
	}
	m->funcs = funcs;
	d->saw_code = true;
	return true;
}

static bool data_section(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	size_t at = r->pos;
	uint32_t n;
	if (!fe_reader_count(r, 2, &n))
		return false;
	if (n > FE_MAX_DATA_SEGMENTS) {
		fe_reader_fail(r, DIAG_IMPL_LIMIT, at, "more than %u data segments", FE_MAX_DATA_SEGMENTS);
		return false;
	}
	if (m->has_data_count && n != m->data_count) {
		fe_reader_fail(r, DIAG_DATA_COUNT_MISMATCH, at, "data count %u, %u segments", m->data_count, n);
		return false;
	}
	IrData *ds = arena_array(d->arena, n, sizeof *ds);
	if (!ds)
		return oom(r);
	for (uint32_t i = 0; i < n; i++) {
		IrData *s = &ds[i];
		size_t sat = r->pos;
		uint32_t flag;
		s->offset_in_file = (uint32_t)sat;
		if (!fe_reader_u32(r, &flag))
			return false;
		if (flag > 2) {
			fe_reader_fail(r, DIAG_DATA_SEG_KIND, sat, "flag %u", flag);
			return false;
		}
		s->mode = flag == 1 ? IR_SEG_PASSIVE : IR_SEG_ACTIVE;
		if (flag == 2 && !fe_reader_u32(r, &s->memory))
			return false;
		if (flag != 1 && !const_expr(d, r, &s->offset))
			return false;
		uint32_t len;
		size_t lat = r->pos;
		if (!fe_reader_u32(r, &len))
			return false;
		if (r->end - r->pos < len) {
			fe_reader_fail(r, DIAG_UNEXPECTED_END_SECTION, lat, "data segment of %u bytes, %zu left",
			               len, r->end - r->pos);
			return false;
		}
		if (!fe_reader_bytes(r, len, &s->bytes))
			return false;
		s->size = len;
	}
	m->ndatas = n;
	m->datas = ds;
	d->saw_data = true;
	return true;
}

static bool custom_section(Decoder *d, Reader *r, size_t id_offset)
{
	IrCustom c = { .offset = (uint32_t)id_offset, .after = d->last_id };
	if (!fe_reader_name(r, &c.name))
		return false;
	c.size = (uint32_t)(r->end - r->pos);
	if (!fe_reader_bytes(r, c.size, &c.bytes))
		return false;
	if (d->ncustoms == d->customs_cap) {
		uint32_t cap = d->customs_cap ? d->customs_cap * 2 : 8;
		IrCustom *p = arena_array(d->arena, cap, sizeof *p);
		if (!p)
			return oom(r);
		if (d->ncustoms)
			memcpy(p, d->customs, d->ncustoms * sizeof *p);
		d->customs = p;
		d->customs_cap = cap;
	}
	d->customs[d->ncustoms++] = c;
	return true;
}

static bool section(Decoder *d, Reader *r, uint8_t id, size_t id_offset)
{
	switch (id) {
	case IR_SEC_CUSTOM: return custom_section(d, r, id_offset);
	case IR_SEC_TYPE: return type_section(d, r);
	case IR_SEC_IMPORT: return import_section(d, r);
	case IR_SEC_FUNCTION: return function_section(d, r);
	case IR_SEC_TABLE: return table_section(d, r);
	case IR_SEC_MEMORY: return memory_section(d, r);
	case IR_SEC_GLOBAL: return global_section(d, r);
	case IR_SEC_EXPORT: return export_section(d, r);
	case IR_SEC_START: return start_section(d, r);
	case IR_SEC_ELEMENT: return element_section(d, r);
	case IR_SEC_CODE: return code_section(d, r);
	case IR_SEC_DATA: return data_section(d, r);
	case IR_SEC_DATA_COUNT: return data_count_section(d, r);
	case IR_SEC_TAG: return tag_section(d, r);
	}
	return false;
}

static bool header(Reader *r)
{
	static const uint8_t magic[4] = { 0x00, 0x61, 0x73, 0x6d };
	static const uint8_t version[4] = { 0x01, 0x00, 0x00, 0x00 };
	const uint8_t *p;
	/* as the reference interpreter: the magic is read as one 4-byte word */
	if (r->end < 4 || memcmp(r->base, magic, 4) != 0) {
		fe_reader_fail(r, r->end < 4 ? DIAG_UNEXPECTED_END : DIAG_MAGIC, 0, NULL);
		return false;
	}
	r->pos = 4;
	if (r->end < 8 || memcmp(r->base + 4, version, 4) != 0) {
		if (r->end >= 8 && r->base[4] == 0x0d && r->base[6] == 0x01)
			fe_reader_fail(r, DIAG_VERSION, 4, "this is a component; nacre reads core modules");
		else
			fe_reader_fail(r, r->end < 8 ? DIAG_UNEXPECTED_END : DIAG_VERSION, 4, NULL);
		return false;
	}
	return fe_reader_bytes(r, 4, &p);
}

/* The checks that span sections (5.5.16). */
static bool finish(Decoder *d, Reader *r)
{
	IrModule *m = d->m;
	if (!d->saw_code && d->nfuncs_declared) {
		fe_reader_fail(r, DIAG_FUNC_CODE_MISMATCH, r->end, "%u functions, no code section",
		               d->nfuncs_declared);
		return false;
	}
	if (!d->saw_data && m->has_data_count && m->data_count) {
		fe_reader_fail(r, DIAG_DATA_COUNT_MISMATCH, r->end, "data count %u, no data section",
		               m->data_count);
		return false;
	}
	m->func_types = d->func_types;
	m->tables = d->tables;
	m->mems = d->mems;
	m->globals = d->globals;
	m->tag_types = d->tag_types;
	m->customs = d->customs;
	m->ncustoms = d->ncustoms;
	return true;
}

static bool module(Decoder *d, Reader *r)
{
	uint8_t last_rank = 0;
	if (!header(r))
		return false;
	while (!fe_reader_at_end(r)) {
		size_t id_at = r->pos;
		uint8_t id;
		uint32_t size;
		Reader sub;
		if (!fe_reader_u8(r, &id))
			return false;
		if (id > IR_SEC_LAST) {
			fe_reader_fail(r, DIAG_SECTION_ID, id_at, "%u", id);
			return false;
		}
		if (id != IR_SEC_CUSTOM) {
			if (section_rank[id] <= last_rank) {
				fe_reader_fail(r, DIAG_SECTION_ORDER, id_at, "section %u is out of order or repeated", id);
				return false;
			}
			last_rank = section_rank[id];
		}
		if (!fe_reader_u32(r, &size) || !fe_reader_sub(r, size, &sub))
			return false;
		if (id != IR_SEC_CUSTOM)
			d->m->section_offsets[id] = (uint32_t)id_at;
		if (!section(d, &sub, id, id_at))
			goto fail;
		if (!fe_reader_at_end(&sub)) {
			fe_reader_fail(&sub, DIAG_SECTION_SIZE, sub.pos, "section %u ends at 0x%zx, its content at 0x%zx",
			               id, sub.end, sub.pos);
			goto fail;
		}
		if (id != IR_SEC_CUSTOM)
			d->last_id = id;
		r->pos = sub.end;
		continue;
	fail:
		r->failed = true;
		return false;
	}
	return finish(d, r);
}

IrModule *fe_decode(const uint8_t *bytes, size_t size, DiagSink *diags)
{
	Decoder d = { .diags = diags };
	Reader r;
	fe_reader_init(&r, bytes, size, diags);
	if (size > UINT32_MAX) {
		diag_report(diags, DIAG_IMPL_LIMIT, 0, DIAG_NO_FUNC, "input over 4 GiB");
		return NULL;
	}
	d.arena = arena_new();
	d.m = d.arena ? arena_alloc(d.arena, sizeof *d.m) : NULL;
	if (!d.m) {
		arena_free(d.arena);
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, NULL);
		return NULL;
	}
	d.m->arena = d.arena;
	d.m->bytes = bytes;
	d.m->size = size;
	bool ok = module(&d, &r);
	fe_scratch_free(&d.scratch);
	if (!ok) {
		arena_free(d.arena);
		return NULL;
	}
	for (uint32_t i = 0; i < d.m->ncustoms; i++) {
		if (d.m->customs[i].name.len == 4 && memcmp(d.m->customs[i].name.p, "name", 4) == 0)
			fe_names_parse(d.m, &d.m->customs[i]);
		fe_branch_hints_parse(d.m, &d.m->customs[i]);
	}
	return d.m;
}
