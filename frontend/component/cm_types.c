/* frontend/component/cm_types.c: the type section's definitions: defined
 * value types, function types, resource types (component and instance
 * types are cm_decls.c's).  Primitive types are nodes 1..13, made once. */
#include "cm.h"

#include <string.h>

enum { PRIM_FIRST = IR_CM_STRING, PRIM_LAST = IR_CM_BOOL };

IrCmType *cm_type(CmLoad *L, uint32_t id)
{
	return &((IrCmType *)L->types.v)[id];
}

uint32_t cm_same(CmLoad *L, uint32_t id)
{
	uint32_t same = cm_type(L, id)->same;
	return same ? same : id;
}

bool cm_size_add(CmScope *s, uint32_t *acc, uint32_t id, size_t at)
{
	uint32_t add = id ? cm_type(s->L, id)->size : 1;
	if (add > CM_MAX_TYPE_SIZE - *acc)
		return cm_fail(s, DIAG_CM_INVALID_TYPE, at, "effective type size exceeds the limit of %d", CM_MAX_TYPE_SIZE);
	*acc += add;
	return true;
}

/* A component or instance type's size and whether it mentions
 * resources, from its imports and exports. */
bool cm_externs_summarise(CmScope *s, uint32_t id, size_t at)
{
	IrCmType *t = cm_type(s->L, id);
	uint32_t size = 1, depth = 1;
	bool handles = false;
	for (int k = 0; k < 2; k++) {
		const IrCmExtern *e = k ? t->exports : t->imports;
		uint32_t n = k ? t->nexports : t->nimports;
		for (uint32_t i = 0; i < n; i++) {
			const IrCmType *c = cm_type(s->L, e[i].type);
			handles |= c->handles || c->kind == IR_CMT_RESOURCE;
			if (c->depth + 1 > depth)
				depth = c->depth + 1;
			if (!cm_size_add(s, &size, e[i].type, at))
				return false;
		}
	}
	if (depth > CM_MAX_TYPE_DEPTH)
		return cm_fail(s, DIAG_CM_NESTING, at, "component and instance types nested more than %d deep",
		               CM_MAX_TYPE_DEPTH);
	t = cm_type(s->L, id);
	t->size = size;
	t->depth = depth;
	t->handles = handles;
	return true;
}

IrCmType *cm_type_new(CmScope *s, IrCmKind kind, uint32_t *id)
{
	IrCmType *t = cm_vec_push(&s->L->types, sizeof *t);
	if (!t) {
		cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "type table");
		return NULL;
	}
	t->kind = (uint8_t)kind;
	*id = s->L->types.n - 1;
	return t;
}

bool cm_types_init(CmLoad *L)
{
	if (!cm_vec_push(&L->types, sizeof(IrCmType)))
		return false;
	for (int code = PRIM_FIRST; code <= PRIM_LAST; code++) {
		IrCmType *t = cm_vec_push(&L->types, sizeof *t);
		if (!t)
			return false;
		t->kind = IR_CMT_PRIM;
		t->prim = (uint8_t)code;
		t->lists = code == IR_CM_STRING;
		t->size = 1;
		t->depth = 1;
	}
	return true;
}

static uint32_t prim_id(uint8_t code)
{
	return (uint32_t)(code - PRIM_FIRST) + 1;
}

bool cm_is_valtype(CmLoad *L, uint32_t id)
{
	return id && cm_type(L, id)->kind <= IR_CMT_BORROW;
}

/* Value-type codes of later proposals (error-context, fixed lists,
 * streams, futures, maps): named so the error says what they are. */
static bool gated_valtype(CmScope *s, uint8_t b, size_t at)
{
	static const char *const names[] = {
		[0x63] = "map", [0x64] = "error-context", [0x65] = "future", [0x66] = "stream", [0x67] = "fixed-length list",
	};
	if (b >= 0x63 && b <= 0x67)
		return cm_fail(s, DIAG_CM_GATED, at, "%s types", names[b]);
	return true;
}

bool cm_read_valtype(CmScope *s, uint32_t *out)
{
	size_t at = s->r->pos;
	uint8_t b;
	if (!fe_reader_peek(s->r, &b))
		return false;
	if (b >= PRIM_FIRST && b <= PRIM_LAST) {
		s->r->pos++;
		*out = prim_id(b);
		return true;
	}
	if (!gated_valtype(s, b, at))
		return false;
	int64_t idx;
	if (!fe_reader_s33(s->r, &idx))
		return false;
	if (idx < 0)
		return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a value type", b);
	uint32_t t = cm_space_get(s, IR_CM_TYPE, (uint32_t)idx, at);
	if (!t)
		return false;
	if (!cm_is_valtype(s->L, t))
		return cm_fail(s, DIAG_CM_INVALID_TYPE, at, "type index %u is not a defined value type", (uint32_t)idx);
	*out = t;
	return true;
}

static bool read_label(CmScope *s, IrName *out)
{
	return fe_reader_name(s->r, out);
}

/* vec(label' valtype?): record fields (type required), variant cases. */
static bool read_fields(CmScope *s, bool cases, bool named, bool typed, IrCmField **out, uint32_t *n)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	IrCmField *f = arena_array(s->L->arena, count ? count : 1, sizeof *f);
	if (!f)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "fields");
	for (uint32_t i = 0; i < count; i++) {
		if (named && !read_label(s, &f[i].name))
			return false;
		if (cases) {
			uint8_t has, refines;
			if (!fe_reader_u8(s->r, &has))
				return false;
			if (has > 1)
				return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "invalid optional type flag 0x%02x", has);
			if (has && !cm_read_valtype(s, &f[i].type))
				return false;
			if (!fe_reader_u8(s->r, &refines))
				return false;
			if (refines != 0)
				return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "variant case refinement is not supported");
		} else if (typed && !cm_read_valtype(s, &f[i].type)) {
			return false;
		}
	}
	*out = f;
	*n = count;
	return true;
}

static bool read_opt_valtype(CmScope *s, bool *has, uint32_t *out)
{
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	if (b > 1)
		return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "invalid optional type flag 0x%02x", b);
	*has = b;
	return !b || cm_read_valtype(s, out);
}

/* own and borrow name a resource type by index. */
static bool read_handle(CmScope *s, IrCmType *t)
{
	size_t at = s->r->pos;
	uint32_t idx;
	if (!fe_reader_u32(s->r, &idx))
		return false;
	uint32_t res = cm_space_get(s, IR_CM_TYPE, idx, at);
	if (!res)
		return false;
	if (cm_type(s->L, res)->kind != IR_CMT_RESOURCE)
		return cm_fail(s, DIAG_CM_RESOURCE, at, "type index %u is not a resource type", idx);
	t->a = res;
	t->has_a = true;
	return true;
}

static bool check_nonempty(CmScope *s, uint32_t n, size_t at, const char *what)
{
	if (n == 0)
		return cm_fail(s, DIAG_CM_INVALID_TYPE, at, "%s type must have at least one %s", what,
		               strcmp(what, "record") == 0 ? "field" : strcmp(what, "tuple") == 0 ? "type" :
		               strcmp(what, "flags") == 0 ? "flag" : "case");
	return true;
}

/* The aggregates: a vector of labelled or plain members. */
static bool read_aggregate(CmScope *s, uint8_t b, IrCmType *t, size_t at)
{
	static const struct { uint8_t code, kind; bool cases, named, typed; const char *what; } rows[] = {
		{ 0x72, IR_CMT_RECORD, false, true, true, "record" },
		{ 0x71, IR_CMT_VARIANT, true, true, false, "variant" },
		{ 0x6f, IR_CMT_TUPLE, false, false, true, "tuple" },
		{ 0x6e, IR_CMT_FLAGS, false, true, false, "flags" },
		{ 0x6d, IR_CMT_ENUM, false, true, false, "enum" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (rows[i].code != b)
			continue;
		IrCmField *f;
		t->kind = rows[i].kind;
		if (!read_fields(s, rows[i].cases, rows[i].named, rows[i].typed, &f, &t->n))
			return false;
		t->fields = f;
		if (!check_nonempty(s, t->n, at, rows[i].what))
			return false;
		if (b == 0x6e && t->n > CM_MAX_FLAGS)
			return cm_fail(s, DIAG_CM_INVALID_TYPE, at, "cannot have more than %d flags", CM_MAX_FLAGS);
		return !rows[i].named || cm_check_labels(s, f, t->n, at, rows[i].what);
	}
	return cm_fail(s, DIAG_CM_ENCODING, at, "invalid leading byte 0x%02x for a component type", b);
}

static void absorb(CmLoad *L, IrCmType *t, bool has, uint32_t id)
{
	if (!has || !id)
		return;
	const IrCmType *c = cm_type(L, id);
	t->lists |= c->lists;
	t->handles |= c->handles || c->kind == IR_CMT_RESOURCE;
	t->borrows |= c->borrows;
	t->size = t->size + c->size > CM_MAX_TYPE_SIZE ? CM_MAX_TYPE_SIZE + 1 : t->size + c->size;
	if (c->depth + 1 > t->depth)
		t->depth = c->depth + 1;
}

/* What a value type holds, from its members: kept on the node so that
 * no later question has to walk the type again. */
static void summarise(CmLoad *L, IrCmType *t)
{
	t->handles = t->kind == IR_CMT_OWN || t->kind == IR_CMT_BORROW;
	t->borrows = t->kind == IR_CMT_BORROW;
	t->lists = t->kind == IR_CMT_LIST;
	t->size = 1;
	t->depth = 1;
	if (t->kind == IR_CMT_OWN || t->kind == IR_CMT_BORROW)
		return;
	absorb(L, t, t->has_a, t->a);
	absorb(L, t, t->has_b, t->b);
	for (uint32_t i = 0; i < t->n; i++)
		absorb(L, t, true, t->fields[i].type);
}

static bool check_bounds(CmScope *s, const IrCmType *t, size_t at)
{
	if (t->size > CM_MAX_TYPE_SIZE)
		return cm_fail(s, DIAG_CM_INVALID_TYPE, at, "effective type size exceeds the limit of %d", CM_MAX_TYPE_SIZE);
	if (t->depth > CM_MAX_TYPE_DEPTH)
		return cm_fail(s, DIAG_CM_NESTING, at, "value types nested more than %d deep", CM_MAX_TYPE_DEPTH);
	return true;
}

/* A defvaltype whose first byte b has been read. */
static bool read_defvaltype(CmScope *s, uint8_t b, size_t at, uint32_t *out)
{
	if (b >= PRIM_FIRST && b <= PRIM_LAST) {
		*out = prim_id(b);
		return true;
	}
	if (!gated_valtype(s, b, at))
		return false;
	IrCmType tmp = { 0 };
	bool ok;
	switch (b) {
	case 0x70: tmp.kind = IR_CMT_LIST; tmp.has_a = true; ok = cm_read_valtype(s, &tmp.a); break;
	case 0x6b: tmp.kind = IR_CMT_OPTION; tmp.has_a = true; ok = cm_read_valtype(s, &tmp.a); break;
	case 0x6a:
		tmp.kind = IR_CMT_RESULT;
		ok = read_opt_valtype(s, &tmp.has_a, &tmp.a) && read_opt_valtype(s, &tmp.has_b, &tmp.b);
		break;
	case 0x69: tmp.kind = IR_CMT_OWN; ok = read_handle(s, &tmp); break;
	case 0x68: tmp.kind = IR_CMT_BORROW; ok = read_handle(s, &tmp); break;
	default: ok = read_aggregate(s, b, &tmp, at); break;
	}
	if (!ok)
		return false;
	summarise(s->L, &tmp);
	if (!check_bounds(s, &tmp, at))
		return false;
	IrCmType *t = cm_type_new(s, tmp.kind, out);
	if (!t)
		return false;
	*t = tmp;
	return true;
}

/* 0x40 paramlist resultlist. */
static bool read_functype(CmScope *s, size_t at, uint32_t *out)
{
	IrCmType tmp = { .kind = IR_CMT_FUNC };
	IrCmField *f;
	if (!read_fields(s, false, true, true, &f, &tmp.n))
		return false;
	tmp.fields = f;
	if (!cm_check_labels(s, f, tmp.n, at, "function parameter"))
		return false;
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	if (b == 0x00) {
		tmp.has_a = true;
		if (!cm_read_valtype(s, &tmp.a))
			return false;
	} else if (b == 0x01) {
		uint32_t n;
		size_t nat = s->r->pos;
		if (!fe_reader_u32(s->r, &n))
			return false;
		if (n != 0)
			return cm_fail(s, DIAG_CM_ENCODING, nat, "named results are not supported (WASI 0.2 has none)");
	} else {
		return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "invalid result list byte 0x%02x", b);
	}
	summarise(s->L, &tmp);
	if (!check_bounds(s, &tmp, at))
		return false;
	if (tmp.has_a && cm_type(s->L, tmp.a)->borrows)
		return cm_fail(s, DIAG_CM_RESOURCE, at, "function result cannot contain a `borrow` type");
	IrCmType *t = cm_type_new(s, IR_CMT_FUNC, out);
	if (!t)
		return false;
	*t = tmp;
	return true;
}

/* 0x3f 0x7f dtor?: only a component defines resources. */
static bool read_resource(CmScope *s, size_t at, uint32_t *out)
{
	uint8_t rep;
	if (!fe_reader_u8(s->r, &rep))
		return false;
	if (rep != 0x7f)
		return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "resources can only be represented by i32");
	bool has;
	uint32_t dtor = 0;
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	if (b > 1)
		return cm_fail(s, DIAG_CM_ENCODING, s->r->pos - 1, "invalid optional destructor flag 0x%02x", b);
	has = b;
	size_t dat = s->r->pos;
	if (has && !fe_reader_u32(s->r, &dtor))
		return false;
	if (s->kind != CM_SCOPE_COMPONENT)
		return cm_fail(s, DIAG_CM_RESOURCE, at, "resources can only be defined within a concrete component");
	if (has) {
		uint32_t ft = cm_space_get(s, IR_CM_CORE_FUNC, dtor, dat);
		if (!ft)
			return false;
		const IrCmType *f = cm_type(s->L, ft);
		if (f->core.nparams != 1 || f->core.params[0] != IR_I32 || f->core.nresults != 0)
			return cm_fail(s, DIAG_CM_RESOURCE, dat, "wrong signature for a destructor: expected [i32] -> []");
	}
	IrCmType *t = cm_type_new(s, IR_CMT_RESOURCE, out);
	if (!t)
		return false;
	t->has_a = has;
	t->a = dtor;
	uint32_t *slot = cm_vec_push(&s->resources, sizeof *slot);
	if (!slot)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, at, "resources");
	*slot = *out;
	return true;
}

bool cm_read_type(CmScope *s, uint32_t *out)
{
	size_t at = s->r->pos;
	uint8_t b;
	if (!fe_reader_u8(s->r, &b))
		return false;
	switch (b) {
	case 0x40: return read_functype(s, at, out);
	case 0x41: return cm_read_decl_type(s, IR_CMT_COMPONENT, out);
	case 0x42: return cm_read_decl_type(s, IR_CMT_INSTANCE, out);
	case 0x3f: return read_resource(s, at, out);
	case 0x43: return cm_fail(s, DIAG_CM_GATED, at, "async function types");
	case 0x3e: return cm_fail(s, DIAG_CM_GATED, at, "async resource types");
	default: return read_defvaltype(s, b, at, out);
	}
}

bool cm_read_type_section(CmScope *s)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t t;
		if (!cm_read_type(s, &t) || !cm_space_push(s, IR_CM_TYPE, t, cm_def(IR_CM_DEF_ITEM, 0)))
			return false;
	}
	return true;
}
