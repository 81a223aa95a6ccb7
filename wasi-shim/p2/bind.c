/* wasi-shim/p2/bind.c: a component executable's lowered functions as host
 * functions.  Each gets a Binding: its checked canonical ABI type, its
 * canonical options and the row of calls.h that implements it; the host
 * function's body resolves the options' memory and realloc (exports of
 * instances that may be made after the binding, so on the first call),
 * then crosses the canonical ABI (rt_canon_import).  Resource built-ins
 * work on the component instance's handle table. */
#include <string.h>

#include "calls.h"
#include "p2.h"

typedef struct Row {
	const char *interface, *name;
	RtCanonHostFn fn;
	const uint8_t *shape;        /* its type (calls.h) */
	size_t shape_len;
} Row;

static const Row rows[] = {
#define ROW(interface, name, fn, ...) \
	{ interface, name, fn, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }) },
	WASI_P2_FUNCS(ROW)
#undef ROW
};

typedef struct Binding {
	P2Ctx *p;
	const NacreCmLower *lower;
	RtCanonImport imp;
	RtCanonOptions opts;
	NacreMemory *memory;
	uint64_t memory_size;
	NacreFuncRef *callees[2];    /* realloc, post-return, once resolved */
	uint32_t resource;           /* resource built-ins */
} Binding;

static bool named(NacreCmName n, const char *s)
{
	return n.len == strlen(s) && memcmp(n.p, s, n.len) == 0;
}

/* "wasi:cli/stdout@0.2.12" is row interface "wasi:cli/stdout" at 0.2.x. */
static bool interface_is(NacreCmName n, const char *interface)
{
	size_t k = strlen(interface), v = sizeof WASI_P2_VERSION - 1;
	return n.len > k + v && memcmp(n.p, interface, k) == 0 && memcmp(n.p + k, WASI_P2_VERSION, v) == 0;
}

static const Row *find_row(const NacreCmLower *l)
{
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		if (interface_is(l->interface, rows[i].interface) && named(l->name, rows[i].name))
			return &rows[i];
	return NULL;
}

static bool fail(NacreError *err, const char *why)
{
	size_t n = strlen(why);
	n = n < sizeof err->message - 1 ? n : sizeof err->message - 1;
	memcpy(err->message, why, n);
	err->message[n] = 0;
	return false;
}

/* An export of an instance of the plan, once that instance is made. */
static bool export_of(Binding *b, const NacreCmRef *r, uint32_t kind, NacreExtern *out)
{
	NacreInstance *in = r->kind == NACRE_CM_EXPORT ? b->p->instances[r->index] : NULL;
	return in && nacre_instance_export(in, r->name.p, r->name.len, out) && out->kind == kind;
}

static void refresh_memory(Binding *b)
{
	if (b->memory)
		b->opts.memory = nacre_memory_data(b->memory, &b->memory_size);
}

/* realloc (0) and post-return (1) in the guest, for the canonical ABI. */
static bool call_guest(void *env, uint32_t func, const NacreValue *args, uint32_t nargs, NacreValue *results,
                       uint32_t nresults)
{
	Binding *b = env;
	NacreError err;
	(void)nargs;
	(void)nresults;
	bool ok = func < 2 && b->callees[func] && nacre_call(b->p->store, b->callees[func], args, results, &err) == NACRE_OK;
	refresh_memory(b);
	return ok;
}

/* The options' entities, on the first call. */
static bool resolve(Binding *b)
{
	const NacreCmOptions *o = &b->lower->opts;
	NacreExtern x;
	if ((o->has & NACRE_CM_HAS_MEMORY) && !b->memory) {
		if (!export_of(b, &o->memory, NACRE_EXTERN_MEMORY, &x))
			return false;
		b->memory = x.u.memory;
	}
	if ((o->has & NACRE_CM_HAS_REALLOC) && !b->callees[0]) {
		if (!export_of(b, &o->realloc, NACRE_EXTERN_FUNC, &x))
			return false;
		b->callees[0] = x.u.func;
	}
	refresh_memory(b);
	return true;
}

static void host_call(void *env, NacreValue *args_results)
{
	Binding *b = env;
	if (!resolve(b))
		nacre_host_trap(b->p->store, "canonical ABI: a lowered function's memory or realloc is not there yet");
	rt_canon_import(&b->imp, args_results);
}

static void resource_call(void *env, NacreValue *args_results)
{
	Binding *b = env;
	uint32_t out = 0;
	RtCanonError e;
	switch (b->lower->kind) {
	case NACRE_CM_RESOURCE_DROP: e = rt_canon_handle_drop(&b->p->handles, (uint32_t)args_results[0].i32, b->resource); break;
	case NACRE_CM_RESOURCE_REP: e = rt_canon_handle_rep(&b->p->handles, (uint32_t)args_results[0].i32, b->resource, &out); break;
	default:
		e = rt_canon_handle_add(&b->p->handles, b->resource, (uint32_t)args_results[0].i32, true, NULL, &out);
	}
	if (e != RT_CANON_E_NONE)
		nacre_host_trap(b->p->store, rt_canon_error_text(e));
	args_results[0].i32 = (int32_t)out;
}

static uint8_t core_type(uint8_t flat)
{
	static const uint8_t types[] = { [RT_CANON_I32] = NACRE_I32, [RT_CANON_I64] = NACRE_I64,
		                         [RT_CANON_F32] = NACRE_F32, [RT_CANON_F64] = NACRE_F64 };
	return types[flat];
}

/* The lowered function's core signature (CanonicalABI.md flatten_functype
 * for lower): the flat params, or one pointer past MAX_FLAT_PARAMS; the
 * flat result, or a return pointer param past MAX_FLAT_RESULTS. */
static void signature(const RtCanonFunc *f, uint8_t *params, uint32_t *np, uint8_t *results, uint32_t *nr)
{
	*np = *nr = 0;
	if (f->nflat_params > NACRE_CANON_MAX_FLAT_PARAMS)
		params[(*np)++] = NACRE_I32;
	for (uint32_t i = 0; f->nflat_params <= NACRE_CANON_MAX_FLAT_PARAMS && i < f->nparams; i++)
		for (uint32_t k = 0; k < f->params[i]->nflat; k++)
			params[(*np)++] = core_type(f->params[i]->flat[k]);
	if (f->result && f->nflat_results > NACRE_CANON_MAX_FLAT_RESULTS)
		params[(*np)++] = NACRE_I32;
	else if (f->result)
		for (uint32_t k = 0; k < f->result->nflat; k++)
			results[(*nr)++] = core_type(f->result->flat[k]);
}

static bool bind_func(Binding *b, const Row *row, NacreFuncRef **out, NacreError *err)
{
	const RtCanonFunc *f;
	const NacreCmLower *l = b->lower;
	if (!rt_canon_check_func((const uint8_t *)l->type.p, l->type.len, &b->p->types, &f))
		return fail(err, "a lowered function's canonical ABI type is malformed");
	if (!p2_shape_ok(b->p->plan, (const uint8_t *)l->type.p, l->type.len, row->shape, row->shape_len))
		return fail(err, "the component lowers a WASI 0.2 function at another type than WASI 0.2 gives it");
	b->opts = (RtCanonOptions){ .encoding = l->opts.encoding, .memory_size = &b->memory_size,
		                    .has_realloc = (l->opts.has & NACRE_CM_HAS_REALLOC) != 0, .realloc = 0,
		                    .call = call_guest, .env = b };
	b->imp = (RtCanonImport){ .func = f, .opts = &b->opts, .handles = &b->p->handles, .fn = row->fn, .env = b->p };
	uint8_t params[NACRE_CANON_MAX_FLAT_PARAMS + 1], results[NACRE_CANON_MAX_FLAT_RESULTS];
	NacreFuncType ft = { 0, 0, params, results };
	signature(f, params, &ft.nparams, results, &ft.nresults);
	return nacre_host_func_create(b->p->store, &ft, host_call, b, out, err) == NACRE_OK;
}

static bool bind_resource(Binding *b, NacreFuncRef **out, NacreError *err)
{
	static const uint8_t i32[1] = { NACRE_I32 };
	const RtCanonType *t;
	const NacreCmLower *l = b->lower;
	if (!rt_canon_check_type((const uint8_t *)l->type.p, l->type.len, &b->p->types, &t) ||
	    t->kind != NACRE_CANON_OWN || t->resource >= b->p->plan->nresources)
		return fail(err, "a resource built-in names no resource of the component");
	b->resource = t->resource;
	NacreFuncType ft = { 1, l->kind == NACRE_CM_RESOURCE_DROP ? 0 : 1, i32, i32 };
	return nacre_host_func_create(b->p->store, &ft, resource_call, b, out, err) == NACRE_OK;
}

bool p2_bind(P2Ctx *p, uint32_t i, NacreExtern *out, NacreError *err)
{
	const NacreCmLower *l = &p->plan->lowers[i];
	const Row *row = l->kind == NACRE_CM_HOST_FUNC ? find_row(l) : NULL;
	if (l->kind == NACRE_CM_HOST_FUNC && !row)
		return fail(err, "the component lowers a WASI 0.2 function this runtime does not provide");
	Binding *b = rt_canon_arena_alloc(&p->types, sizeof *b);
	if (!b)
		return fail(err, "out of memory");
	*b = (Binding){ .p = p, .lower = l };
	out->kind = NACRE_EXTERN_FUNC;
	return row ? bind_func(b, row, &out->u.func, err) : bind_resource(b, &out->u.func, err);
}

/* What dropping the last own handle of each host resource frees: a
 * stream's slot, a descriptor, a listing, a pollable's slot; the others (io/error's rep is
 * an errno, a terminal's a descriptor number) hold nothing.  The
 * component's own resources are the guest's. */
static void (*const dtors[])(void *, uint32_t) = {
	[P2_OUT] = p2_stream_drop, [P2_IN] = p2_stream_drop, [P2_DESC] = p2_descriptor_drop,
	[P2_DIRS] = p2_dir_stream_drop, [P2_POLL] = p2_poll_drop,
};

bool p2_handles_init(P2Ctx *p, NacreError *err)
{
	uint32_t n = p->plan->nresources;
	RtCanonResource *types = rt_canon_arena_alloc(&p->types, (n + 1) * sizeof *types);
	if (!types)
		return fail(err, "out of memory");
	for (uint32_t i = 0; i < n; i++) {
		int k = p2_host_resource(p->plan, i);
		types[i] = (RtCanonResource){ .local = p->plan->resources[i].name.len == 0 };
		if (k >= 0 && (size_t)k < sizeof dtors / sizeof *dtors && dtors[k])
			types[i] = (RtCanonResource){ .dtor = dtors[k], .env = p };
	}
	return rt_canon_handles_init(&p->handles, types, n) || fail(err, "out of memory");
}

void p2_case(RtCanonVal *v, uint32_t index)
{
	v->var.index = index;
	v->var.payload = NULL;
}
