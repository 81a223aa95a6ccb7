/* frontend/component/cm_instance.c: component instances, by
 * instantiating a component (its imports matched against the arguments,
 * by name and subtyping) or from inline exports. */
#include "cm.h"

#include <string.h>

static bool read_args(CmScope *s, bool exports, CmNames *taken, IrCmArg **out, uint32_t *n)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 3, &count))
		return false;
	IrCmArg *a = arena_array(s->L->arena, count ? count : 1, sizeof *a);
	if (!a)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, s->r->pos, "arguments");
	for (uint32_t i = 0; i < count; i++) {
		size_t at = s->r->pos, iat;
		IrCmSort sort;
		if (exports) {
			if (!cm_read_extern_name(s, &a[i].name, &at))
				return false;
		} else if (!fe_reader_name(s->r, &a[i].name)) {
			return false;
		}
		if (!cm_read_sort(s, &sort))
			return false;
		iat = s->r->pos;
		if (!fe_reader_u32(s->r, &a[i].index) || !cm_space_get(s, sort, a[i].index, iat))
			return false;
		a[i].sort = (uint8_t)sort;
		const char *why;
		if (exports && !cm_extern_name_valid(a[i].name, false, &why))
			return cm_fail(s, DIAG_CM_NAME, at, "export name `%.*s`: %s", (int)a[i].name.len, a[i].name.p, why);
		if (exports && sort != IR_CM_CORE_MODULE && sort < IR_CM_FUNC)
			return cm_fail(s, DIAG_CM_EXPORT, at, "a %s cannot be exported from an instance", cm_sort_name(sort));
		IrName clash;
		int added = cm_names_add(taken, a[i].name, exports ? CM_NAMES_EXTERN : CM_NAMES_EXACT, i, &clash);
		if (added < 0)
			return cm_fail(s, DIAG_OUT_OF_MEMORY, at, "names");
		if (!added)
			return cm_fail(s, DIAG_CM_DUPLICATE_NAME, at, "%s `%.*s` conflicts with previous `%.*s`",
			               exports ? "instance export" : "instantiation argument",
			               (int)a[i].name.len, a[i].name.p, (int)clash.len, clash.p);
	}
	*out = a;
	*n = count;
	return true;
}

static uint32_t arg_type(CmScope *s, const IrCmArg *a)
{
	return ((const uint32_t *)s->space[a->sort].v)[a->index];
}

/* Each import needs an argument of its name whose type is a subtype. */
static bool check_args(CmScope *s, const IrCmType *ct, const IrCmArg *a, const CmNames *args, size_t at, CmSubst *m)
{
	for (uint32_t i = 0; i < ct->nimports; i++) {
		const IrCmExtern *im = &ct->imports[i];
		uint32_t k;
		const IrCmArg *arg = cm_names_find(args, im->name, &k) ? &a[k] : NULL;
		if (!arg)
			return cm_fail(s, DIAG_CM_INSTANTIATE, at, "missing import named `%.*s`", (int)im->name.len, im->name.p);
		if (arg->sort != im->sort)
			return cm_fail(s, DIAG_CM_TYPE_MISMATCH, at, "argument `%.*s`: expected %s, found %s",
			               (int)im->name.len, im->name.p, cm_sort_name(im->sort), cm_sort_name(arg->sort));
		if (!cm_subtype_extern(s->L, im->sort, arg_type(s, arg), im->type, m))
			return cm_fail(s, DIAG_CM_TYPE_MISMATCH, at, "type mismatch in instantiation argument `%.*s`",
			               (int)im->name.len, im->name.p);
	}
	return true;
}

static bool push_instance(CmScope *s, const IrCmInstance *in, uint32_t nexports, const IrCmExtern *exports)
{
	IrCmInstance *slot = cm_vec_push(&s->instances, sizeof *slot);
	if (!slot)
		return cm_fail(s, DIAG_OUT_OF_MEMORY, in->offset, "instances");
	*slot = *in;
	uint32_t id;
	IrCmType *t = cm_type_new(s, IR_CMT_INSTANCE, &id);
	if (!t)
		return false;
	t->nexports = nexports;
	t->exports = exports;
	return cm_externs_summarise(s, id, in->offset) && cm_space_push(s, IR_CM_INSTANCE, id, cm_def(IR_CM_DEF_ITEM, s->instances.n - 1));
}

static bool instantiate(CmScope *s, IrCmInstance *in)
{
	size_t at = s->r->pos;
	uint32_t ct;
	IrCmArg *a;
	CmNames args = { 0 };
	if (!fe_reader_u32(s->r, &in->of) || !(ct = cm_space_get(s, IR_CM_COMPONENT, in->of, at)) ||
	    !read_args(s, false, &args, &a, &in->nargs)) {
		cm_names_free(&args);
		return false;
	}
	in->args = a;
	CmSubst m = { 0 };
	bool ok = check_args(s, cm_type(s->L, ct), a, &args, in->offset, &m);
	cm_names_free(&args);
	const IrCmExtern *ex = NULL;
	uint32_t nex = 0;
	if (ok)
		ok = cm_subst_exports(s, ct, &m, &ex, &nex);
	cm_vec_free(&m.from);
	cm_vec_free(&m.to);
	return ok && push_instance(s, in, nex, ex);
}

IrCmExtern *cm_inline_exports(CmScope *s, IrCmInstance *in, IrCmArg *a)
{
	in->args = a;
	in->inline_exports = true;
	IrCmExtern *e = arena_array(s->L->arena, in->nargs + 1, sizeof *e);
	if (!e)
		cm_fail(s, DIAG_OUT_OF_MEMORY, in->offset, "instance");
	return e;
}

static bool from_exports(CmScope *s, IrCmInstance *in)
{
	IrCmArg *a;
	CmNames names = { 0 };
	bool ok = read_args(s, true, &names, &a, &in->nargs);
	cm_names_free(&names);
	if (!ok)
		return false;
	IrCmExtern *e = cm_inline_exports(s, in, a);
	if (!e)
		return false;
	/* like a component's exports: types get names of their own, and
	 * annotated names are checked against the exports before them */
	for (uint32_t i = 0; i < in->nargs; i++) {
		e[i] = (IrCmExtern){ .name = a[i].name, .sort = a[i].sort, .type = arg_type(s, &a[i]) };
		if (e[i].sort == IR_CM_TYPE && !(e[i].type = cm_name_type(s, e[i].type)))
			return false;
		CmVec before = { .v = e, .n = i, .cap = i };
		if (!cm_check_annotated(s, &before, e[i].name, e[i].sort, e[i].type, in->offset))
			return false;
	}
	return push_instance(s, in, in->nargs, e);
}

bool cm_read_instance_section(CmScope *s)
{
	uint32_t count;
	if (!fe_reader_count(s->r, 1, &count))
		return false;
	for (uint32_t i = 0; i < count; i++) {
		IrCmInstance in = { .offset = (uint32_t)s->r->pos };
		uint8_t b;
		if (!fe_reader_u8(s->r, &b))
			return false;
		bool ok = b == 0x00 ? instantiate(s, &in) : b == 0x01 ? from_exports(s, &in)
		          : cm_fail(s, DIAG_CM_ENCODING, in.offset, "invalid leading byte 0x%02x for an instance", b);
		if (!ok)
			return false;
	}
	return true;
}
