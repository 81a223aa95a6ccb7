/* frontend/component/cm_plan.c: a validated component flattened into an
 * IrCpPlan (ir/component_plan.h).  Instantiation is evaluated
 * symbolically: an Env is one instantiation of one component with what
 * its imports were given; its instances are made in order (a core
 * instantiation appends an IrCpInstance to the plan) and an index is
 * resolved by following where it comes from (IrCmDef) to a value.  A
 * definition only refers to earlier ones, so the walk ends; budgets bound
 * what a hostile input can make it do (instances multiplied by nesting,
 * long alias chains).
 */
#include "cm.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../ir/component_plan.h"

enum {
	CP_MAX_INSTANCES = 10000, /* core instances of one plan */
	CP_MAX_ENVS = 10000,      /* component instantiations */
	CP_MAX_STEPS = 1000000,   /* resolutions, in all */
	CP_MAX_DEPTH = 1000,      /* resolutions within one another */
};

typedef enum PvKind {
	PV_NONE,          /* failed (the plan says why) */
	PV_HOST,          /* a host instance (name empty), or a member of one */
	PV_CORE_INSTANCE, /* index: a core instance of the plan */
	PV_CORE_INLINE,   /* index: env's core instance made of inline exports */
	PV_CORE_REF,      /* ref: a core entity */
	PV_MODULE,
	PV_COMPONENT,     /* env: the instantiation it was defined in */
	PV_INSTANCE,      /* env: the instantiation */
	PV_INLINE,        /* index: env's component instance made of inline exports */
	PV_LIFT,          /* index: env's canon that lifts it */
	PV_TYPE,          /* index: a type id */
} PvKind;

typedef struct Env Env;

/* What an index of some sort stands for in one instantiation. */
typedef struct Pv {
	uint8_t kind;     /* PvKind */
	uint32_t index;
	IrName interface, name;
	IrCpRef ref;
	const IrModule *module;
	const IrComponent *component;
	Env *env;
} Pv;

struct Env {
	const IrComponent *c;
	Env *lexical;     /* the instantiation c was defined in (outer aliases) */
	Pv *args;         /* one per import of c */
	Pv *made;         /* one per instance of c, in order */
	uint32_t *lowered; /* one per canon: the lowers entry + 1, once made */
};

typedef struct Plan {
	Arena *arena;     /* the plan's own */
	Arena *scratch;   /* envs and values */
	DiagSink *diags;
	CmVec instances, lowers, lifts; /* IrCpInstance, IrCpLower, IrCpLift */
	uint32_t envs, steps, depth;
	bool failed;
} Plan;

static Pv fail(Plan *P, DiagCode code, size_t at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static Pv fail(Plan *P, DiagCode code, size_t at, const char *fmt, ...)
{
	char buf[DIAG_DETAIL_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!P->failed)
		diag_report(P->diags, code, at, DIAG_NO_FUNC, "%s", buf);
	P->failed = true;
	return (Pv){ .kind = PV_NONE };
}

static Pv resolve(Plan *P, Env *e, IrCmSort sort, uint32_t idx);

static bool name_is(IrName a, IrName b)
{
	return cm_name_eq(a, b);
}

static const IrCmArg *find_arg(const IrCmInstance *in, IrName name)
{
	for (uint32_t i = 0; i < in->nargs; i++)
		if (name_is(in->args[i].name, name))
			return &in->args[i];
	return NULL;
}

static const IrCmExtern *find_export(const IrComponent *c, IrName name)
{
	for (uint32_t i = 0; i < c->nexports; i++)
		if (name_is(c->exports[i].name, name))
			return &c->exports[i];
	return NULL;
}

/* A member of a component instance: an alias of its export. */
static Pv member(Plan *P, Pv in, IrCmSort sort, IrName name)
{
	const IrCmExtern *x;
	const IrCmArg *a;
	switch (in.kind) {
	case PV_HOST:
		return (Pv){ .kind = PV_HOST, .interface = in.interface.len ? in.interface : in.name, .name = name };
	case PV_INSTANCE:
		if (!(x = find_export(in.env->c, name)) || x->sort != sort)
			break;
		return resolve(P, in.env, sort, x->index);
	case PV_INLINE:
		if (!(a = find_arg(&in.env->c->instances[in.index], name)) || a->sort != sort)
			break;
		return resolve(P, in.env, sort, a->index);
	case PV_NONE:
		return in;
	}
	return fail(P, DIAG_CM_PLAN, 0, "no %s `%.*s` in the instance aliased", cm_sort_name(sort), (int)name.len, name.p);
}

/* A member of a core instance: an export of a module's instance, or what
 * an instance of inline exports names. */
static Pv core_member(Plan *P, Pv in, IrName name)
{
	const IrCmArg *a;
	switch (in.kind) {
	case PV_CORE_INSTANCE:
		return (Pv){ .kind = PV_CORE_REF, .ref = { IR_CP_EXPORT, in.index, name } };
	case PV_CORE_INLINE:
		if (!(a = find_arg(&in.env->c->instances[in.index], name)))
			break;
		return resolve(P, in.env, (IrCmSort)a->sort, a->index);
	case PV_NONE:
		return in;
	}
	return fail(P, DIAG_CM_PLAN, 0, "no export `%.*s` in the core instance aliased", (int)name.len, name.p);
}

static bool core_ref(Plan *P, Env *e, IrCmSort sort, uint32_t idx, IrCpRef *out)
{
	Pv v = resolve(P, e, sort, idx);
	if (v.kind == PV_CORE_REF) {
		*out = v.ref;
		return true;
	}
	if (v.kind != PV_NONE)
		fail(P, DIAG_CM_PLAN, 0, "%s %u is not a core entity", cm_sort_name(sort), idx);
	return false;
}

static bool options(Plan *P, Env *e, const IrCmCanon *c, IrCpOptions *o)
{
	*o = (IrCpOptions){ .encoding = c->encoding, .has_memory = c->has_memory, .has_realloc = c->has_realloc,
	                    .has_post_return = c->has_post_return };
	return (!c->has_memory || core_ref(P, e, IR_CM_CORE_MEMORY, c->memory, &o->memory)) &&
	       (!c->has_realloc || core_ref(P, e, IR_CM_CORE_FUNC, c->realloc, &o->realloc)) &&
	       (!c->has_post_return || core_ref(P, e, IR_CM_CORE_FUNC, c->post_return, &o->post_return));
}

/* What a lowering or resource built-in makes: a host function or
 * resource by its names, or a resource of the component by its type. */
static bool lower_target(Plan *P, Env *e, const IrCmCanon *c, IrCpLower *l)
{
	bool res = c->kind != IR_CM_CANON_LOWER;
	IrCmSort sort = res ? IR_CM_TYPE : IR_CM_FUNC;
	uint32_t idx = res ? c->type : c->func;
	Pv v = resolve(P, e, sort, idx);
	l->type = e->c->spaces[sort].types[idx];
	if (v.kind == PV_HOST) {
		l->interface = v.interface;
		l->name = v.name;
		return true;
	}
	if (v.kind == PV_LIFT)
		fail(P, DIAG_CM_PLAN, c->offset, "a function lifted by one component and lowered into another (composition) is not supported yet");
	else if (v.kind != PV_NONE && !(res && v.kind == PV_TYPE))
		fail(P, DIAG_CM_PLAN, c->offset, "lowers a function nothing provides");
	return res && v.kind == PV_TYPE;
}

static Pv lowered(Plan *P, Env *e, uint32_t k)
{
	const IrCmCanon *c = &e->c->canons[k];
	if (!e->lowered[k]) {
		static const uint8_t kinds[] = {
			[IR_CM_CANON_LOWER] = IR_CP_HOST_FUNC, [IR_CM_CANON_RESOURCE_NEW] = IR_CP_RESOURCE_NEW,
			[IR_CM_CANON_RESOURCE_DROP] = IR_CP_RESOURCE_DROP, [IR_CM_CANON_RESOURCE_REP] = IR_CP_RESOURCE_REP,
		};
		IrCpLower l = { .kind = kinds[c->kind] };
		if (!lower_target(P, e, c, &l) || !options(P, e, c, &l.opts))
			return (Pv){ .kind = PV_NONE };
		IrCpLower *slot = cm_vec_push(&P->lowers, sizeof *slot);
		if (!slot)
			return fail(P, DIAG_OUT_OF_MEMORY, c->offset, "lowered functions");
		*slot = l;
		e->lowered[k] = P->lowers.n;
	}
	return (Pv){ .kind = PV_CORE_REF, .ref = { IR_CP_LOWER, e->lowered[k] - 1, { 0 } } };
}

static Pv canon(Plan *P, Env *e, uint32_t k)
{
	if (e->c->canons[k].kind == IR_CM_CANON_LIFT)
		return (Pv){ .kind = PV_LIFT, .index = k, .env = e };
	return lowered(P, e, k);
}

static Pv item(Plan *P, Env *e, IrCmSort sort, uint32_t a, uint32_t idx)
{
	switch (sort) {
	case IR_CM_CORE_MODULE:
		return (Pv){ .kind = PV_MODULE, .module = e->c->modules[a] };
	case IR_CM_COMPONENT:
		return (Pv){ .kind = PV_COMPONENT, .component = e->c->components[a], .env = e };
	case IR_CM_CORE_INSTANCE:
	case IR_CM_INSTANCE:
		return e->made[a];
	case IR_CM_TYPE:
	case IR_CM_CORE_TYPE:
		return (Pv){ .kind = PV_TYPE, .index = e->c->spaces[sort].types[idx] };
	default:
		return fail(P, DIAG_CM_PLAN, 0, "a %s cannot be compiled", cm_sort_name(sort));
	}
}

static Pv outer(Plan *P, Env *e, const IrCmDef *d, IrCmSort sort)
{
	for (uint32_t i = 0; i < d->a && e; i++)
		e = e->lexical;
	if (!e)
		return fail(P, DIAG_CM_PLAN, 0, "outer alias beyond the outermost component");
	return resolve(P, e, sort, d->b);
}

static Pv follow(Plan *P, Env *e, IrCmSort sort, uint32_t idx)
{
	const IrCmDef *d = &e->c->spaces[sort].defs[idx];
	switch (d->kind) {
	case IR_CM_DEF_IMPORT: return e->args[d->a];
	case IR_CM_DEF_EXPORT: return resolve(P, e, sort, e->c->exports[d->a].index);
	case IR_CM_DEF_ALIAS: return member(P, resolve(P, e, IR_CM_INSTANCE, d->a), sort, d->name);
	case IR_CM_DEF_ALIAS_CORE: return core_member(P, resolve(P, e, IR_CM_CORE_INSTANCE, d->a), d->name);
	case IR_CM_DEF_OUTER: return outer(P, e, d, sort);
	case IR_CM_DEF_CANON: return canon(P, e, d->a);
	case IR_CM_DEF_ITEM: return item(P, e, sort, d->a, idx);
	default: return fail(P, DIAG_CM_PLAN, 0, "%s %u has no definition", cm_sort_name(sort), idx);
	}
}

static Pv resolve(Plan *P, Env *e, IrCmSort sort, uint32_t idx)
{
	if (P->failed)
		return (Pv){ .kind = PV_NONE };
	if (++P->steps > CP_MAX_STEPS || P->depth >= CP_MAX_DEPTH)
		return fail(P, DIAG_IMPL_LIMIT, 0, "component graph: more than %u resolution steps or %u levels",
		            CP_MAX_STEPS, CP_MAX_DEPTH);
	if (idx >= e->c->spaces[sort].n)
		return fail(P, DIAG_CM_PLAN, 0, "%s %u out of range", cm_sort_name(sort), idx);
	P->depth++;
	Pv v = follow(P, e, sort, idx);
	P->depth--;
	return v;
}

static Pv instantiate(Plan *P, const IrComponent *c, Env *lexical, Pv *args);

/* A core instantiation: every import of the module bound to the export
 * of the instance its module name is given. */
static Pv instantiate_module(Plan *P, Env *e, const IrCmInstance *in)
{
	Pv m = resolve(P, e, IR_CM_CORE_MODULE, in->of);
	if (m.kind != PV_MODULE)
		return m.kind == PV_NONE ? m : fail(P, DIAG_CM_PLAN, in->offset, "instantiates a core module nothing provides");
	if (P->instances.n >= CP_MAX_INSTANCES)
		return fail(P, DIAG_IMPL_LIMIT, in->offset, "more than %u core instances", CP_MAX_INSTANCES);
	uint32_t n = m.module->nimports;
	IrCpRef *imports = arena_array(P->arena, n ? n : 1, sizeof *imports);
	if (!imports)
		return fail(P, DIAG_OUT_OF_MEMORY, in->offset, "core instance");
	for (uint32_t i = 0; i < n; i++) {
		const IrImport *im = &m.module->imports[i];
		const IrCmArg *a = find_arg(in, im->module);
		Pv v = a ? core_member(P, resolve(P, e, IR_CM_CORE_INSTANCE, a->index), im->name) : (Pv){ 0 };
		if (v.kind != PV_CORE_REF)
			return v.kind == PV_NONE && P->failed ? v : fail(P, DIAG_CM_PLAN, in->offset, "import `%.*s` `%.*s` is not given",
			                                                 (int)im->module.len, im->module.p, (int)im->name.len, im->name.p);
		imports[i] = v.ref;
	}
	IrCpInstance *slot = cm_vec_push(&P->instances, sizeof *slot);
	if (!slot)
		return fail(P, DIAG_OUT_OF_MEMORY, in->offset, "core instances");
	*slot = (IrCpInstance){ m.module, imports };
	return (Pv){ .kind = PV_CORE_INSTANCE, .index = P->instances.n - 1 };
}

static Pv instantiate_component(Plan *P, Env *e, const IrCmInstance *in)
{
	Pv c = resolve(P, e, IR_CM_COMPONENT, in->of);
	if (c.kind != PV_COMPONENT)
		return c.kind == PV_NONE ? c : fail(P, DIAG_CM_PLAN, in->offset, "instantiates a component nothing provides");
	uint32_t n = c.component->nimports;
	Pv *args = arena_array(P->scratch, n ? n : 1, sizeof *args);
	if (!args)
		return fail(P, DIAG_OUT_OF_MEMORY, in->offset, "instantiation");
	for (uint32_t i = 0; i < n; i++) {
		const IrCmExtern *im = &c.component->imports[i];
		const IrCmArg *a = find_arg(in, im->name);
		args[i] = a ? resolve(P, e, (IrCmSort)a->sort, a->index) : (Pv){ .kind = PV_TYPE };
	}
	return instantiate(P, c.component, c.env, args);
}

static Pv make(Plan *P, Env *e, uint32_t k)
{
	const IrCmInstance *in = &e->c->instances[k];
	if (in->inline_exports)
		return (Pv){ .kind = in->core ? PV_CORE_INLINE : PV_INLINE, .index = k, .env = e };
	return in->core ? instantiate_module(P, e, in) : instantiate_component(P, e, in);
}

static Pv instantiate(Plan *P, const IrComponent *c, Env *lexical, Pv *args)
{
	if (++P->envs > CP_MAX_ENVS)
		return fail(P, DIAG_IMPL_LIMIT, c->offset, "more than %u component instantiations", CP_MAX_ENVS);
	Env *e = arena_alloc(P->scratch, sizeof *e);
	Pv *made = arena_array(P->scratch, c->ninstances + 1, sizeof *made);
	uint32_t *low = arena_array(P->scratch, c->ncanons + 1, sizeof *low);
	if (!e || !made || !low)
		return fail(P, DIAG_OUT_OF_MEMORY, c->offset, "instantiation");
	memset(low, 0, (c->ncanons + 1) * sizeof *low);
	*e = (Env){ c, lexical, args, made, low };
	for (uint32_t k = 0; k < c->ninstances && !P->failed; k++)
		made[k] = make(P, e, k);
	return P->failed ? (Pv){ .kind = PV_NONE } : (Pv){ .kind = PV_INSTANCE, .env = e };
}

/* The root's imports come from the host: instances, functions and types
 * by name; nothing can give a compiled component a module or component. */
static Pv *host_args(Plan *P, const IrComponent *c)
{
	Pv *args = arena_array(P->scratch, c->nimports + 1, sizeof *args);
	if (!args) {
		fail(P, DIAG_OUT_OF_MEMORY, c->offset, "imports");
		return NULL;
	}
	for (uint32_t i = 0; i < c->nimports; i++) {
		const IrCmExtern *im = &c->imports[i];
		if (im->sort != IR_CM_INSTANCE && im->sort != IR_CM_FUNC && im->sort != IR_CM_TYPE) {
			fail(P, DIAG_CM_PLAN, c->offset, "imports a %s (`%.*s`): no host provides one", cm_sort_name(im->sort),
			     (int)im->name.len, im->name.p);
			return NULL;
		}
		args[i] = (Pv){ .kind = PV_HOST, .name = im->name };
	}
	return args;
}

static void lift(Plan *P, Pv f, IrName interface, IrName name)
{
	if (f.kind != PV_LIFT) {
		if (f.kind != PV_NONE)
			fail(P, DIAG_CM_PLAN, 0, "export `%.*s` is not a function the component lifts", (int)name.len, name.p);
		return;
	}
	const IrCmCanon *c = &f.env->c->canons[f.index];
	IrCpLift l = { .interface = interface, .name = name, .type = f.env->c->spaces[IR_CM_TYPE].types[c->type] };
	if (!core_ref(P, f.env, IR_CM_CORE_FUNC, c->func, &l.core) || !options(P, f.env, c, &l.opts))
		return;
	IrCpLift *slot = cm_vec_push(&P->lifts, sizeof *slot);
	if (!slot) {
		fail(P, DIAG_OUT_OF_MEMORY, c->offset, "exports");
		return;
	}
	*slot = l;
}

/* The functions of an exported instance, in its export order. */
static void lift_instance(Plan *P, Pv in, IrName interface)
{
	if (in.kind == PV_INSTANCE) {
		const IrComponent *c = in.env->c;
		for (uint32_t i = 0; i < c->nexports && !P->failed; i++)
			if (c->exports[i].sort == IR_CM_FUNC)
				lift(P, resolve(P, in.env, IR_CM_FUNC, c->exports[i].index), interface, c->exports[i].name);
	} else if (in.kind == PV_INLINE) {
		const IrCmInstance *ci = &in.env->c->instances[in.index];
		for (uint32_t i = 0; i < ci->nargs && !P->failed; i++)
			if (ci->args[i].sort == IR_CM_FUNC)
				lift(P, resolve(P, in.env, IR_CM_FUNC, ci->args[i].index), interface, ci->args[i].name);
	} else if (in.kind != PV_NONE) {
		fail(P, DIAG_CM_PLAN, 0, "exports instance `%.*s`, which it does not make", (int)interface.len, interface.p);
	}
}

static void lift_exports(Plan *P, Env *root)
{
	const IrComponent *c = root->c;
	for (uint32_t i = 0; i < c->nexports && !P->failed; i++) {
		const IrCmExtern *x = &c->exports[i];
		if (x->sort == IR_CM_FUNC)
			lift(P, resolve(P, root, IR_CM_FUNC, x->index), (IrName){ 0 }, x->name);
		else if (x->sort == IR_CM_INSTANCE)
			lift_instance(P, resolve(P, root, IR_CM_INSTANCE, x->index), x->name);
	}
}

static IrCpPlan *finish(Plan *P, const IrComponent *c)
{
	IrCpPlan *p = arena_alloc(P->arena, sizeof *p);
	if (!p)
		return NULL;
	*p = (IrCpPlan){
		.arena = P->arena,
		.component = c,
		.ninstances = P->instances.n,
		.nlowers = P->lowers.n,
		.nlifts = P->lifts.n,
		.instances = cm_vec_to_arena(P->arena, &P->instances, sizeof(IrCpInstance)),
		.lowers = cm_vec_to_arena(P->arena, &P->lowers, sizeof(IrCpLower)),
		.lifts = cm_vec_to_arena(P->arena, &P->lifts, sizeof(IrCpLift)),
	};
	bool ok = (p->instances || !p->ninstances) && (p->lowers || !p->nlowers) && (p->lifts || !p->nlifts);
	return ok ? p : NULL;
}

IrCpPlan *fe_component_plan(const IrComponent *c, DiagSink *diags)
{
	Plan P = { .arena = arena_new(), .scratch = arena_new(), .diags = diags };
	IrCpPlan *plan = NULL;
	if (!P.arena || !P.scratch) {
		fail(&P, DIAG_OUT_OF_MEMORY, 0, "plan");
	} else {
		Pv *args = host_args(&P, c);
		Pv root = args ? instantiate(&P, c, NULL, args) : (Pv){ .kind = PV_NONE };
		if (root.kind == PV_INSTANCE)
			lift_exports(&P, root.env);
		if (!P.failed && !(plan = finish(&P, c)))
			fail(&P, DIAG_OUT_OF_MEMORY, 0, "plan");
	}
	cm_vec_free(&P.instances);
	cm_vec_free(&P.lowers);
	cm_vec_free(&P.lifts);
	arena_free(P.scratch);
	if (!plan)
		arena_free(P.arena);
	return plan;
}
