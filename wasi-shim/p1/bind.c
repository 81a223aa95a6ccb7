/* wasi-shim/p1/bind.c: the preview1 function table and the binding of a
 * module's imports to it.  Every function of wasi_snapshot_preview1 is
 * here with its core type; types are checked against the module's
 * declaration, so a wrong one is a link error, not a bad call.
 */
#include <string.h>

#include "../../runtime-lib/sys/sys.h"
#include "p1.h"

typedef uint32_t (*WasiFn)(WasiCtx *w, const NacreValue *a);

/* sig: as in WASI_CALLS (wasi.h). */
typedef struct WasiCall {
	const char *name;
	const char *sig;
	WasiFn fn;
} WasiCall;

struct WasiBinding {
	WasiCtx *w;
	const WasiCall *call;
};

static const char MODULE[] = WASI_MODULE_NAME;

#define WASI_ROW(name, sig) { #name, sig, wasi_##name },
static const WasiCall calls[] = { WASI_CALLS(WASI_ROW) };
#undef WASI_ROW

static void dispatch(void *env, NacreValue *args_results)
{
	const WasiBinding *b = env;
	args_results[0].i32 = (int32_t)b->call->fn(b->w, args_results); /* proc_exit never returns */
}

enum { NCALLS = sizeof calls / sizeof *calls };

static bool is_wasi(const NacreImportDesc *im)
{
	return im->module_len == sizeof MODULE - 1 && memcmp(im->module, MODULE, im->module_len) == 0;
}

static const WasiCall *find(const NacreImportDesc *im)
{
	if (!is_wasi(im))
		return NULL;
	for (size_t i = 0; i < sizeof calls / sizeof *calls; i++)
		if (strlen(calls[i].name) == im->name_len && memcmp(calls[i].name, im->name, im->name_len) == 0)
			return &calls[i];
	return NULL;
}

static NacreStatus fail(NacreError *err, NacreStatus st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static NacreStatus fail(NacreError *err, NacreStatus st, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		rt_sys_vformat(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
		err->trap = NACRE_TRAP_NONE;
	}
	return st;
}

static uint8_t code_of(char c) { return c == 'I' ? NACRE_I64 : NACRE_I32; }

static bool same_type(const char *sig, const NacreTypeDesc *t)
{
	const char *colon = sig;
	while (*colon != ':')
		colon++;
	uint32_t np = (uint32_t)(colon - sig), nr = (uint32_t)strlen(colon + 1);
	if (t->nparams != np || t->nresults != nr)
		return false;
	for (uint32_t i = 0; i < np + nr; i++)
		if (t->types[i] != code_of(i < np ? sig[i] : colon[1 + i - np]))
			return false;
	return true;
}

/* Each call's binding is made once per context and shared by every
 * import of it, from however many modules. */
static NacreStatus bind_one(WasiCtx *w, NacreStore *s, const NacreModuleDesc *desc, const NacreImportDesc *im,
                            NacreExtern *out, NacreError *err)
{
	const WasiCall *call = im->kind == NACRE_EXTERN_FUNC ? find(im) : NULL;
	const NacreTypeDesc *t = call ? &desc->types[desc->func_types[im->index]] : NULL;
	if (!call || !same_type(call->sig, t))
		return fail(err, NACRE_UNLINKABLE, "%s import %.*s::%.*s", call ? "wrongly typed" : "unknown",
		            (int)im->module_len, im->module, (int)im->name_len, im->name);
	WasiBinding *b = &w->bindings[call - calls];
	*b = (WasiBinding){ w, call };
	NacreFuncType ft = { t->nparams, t->nresults, t->types, t->types + t->nparams };
	out->kind = NACRE_EXTERN_FUNC;
	out->u.func = nacre_host_func_new(s, &ft, dispatch, b);
	if (!out->u.func)
		return fail(err, NACRE_ERROR, "cannot make the host function for %.*s: out of memory, or past the "
		            "store's host_funcs limit", (int)im->name_len, im->name);
	return NACRE_OK;
}

NacreStatus wasi_bind(WasiCtx *w, NacreStore *s, const NacreModuleDesc *desc, NacreExtern *imports, bool others,
                      NacreError *err)
{
	if (w->store && w->store != s)
		return fail(err, NACRE_ERROR, "WASI context already bound in another store");
	if (!w->bindings && !(w->bindings = rt_sys_zalloc(NCALLS * sizeof *w->bindings)))
		return fail(err, NACRE_ERROR, "out of memory");
	w->store = s;
	for (uint32_t i = 0; i < desc->nimports; i++) {
		if (others && !is_wasi(&desc->imports[i]))
			continue;
		NacreStatus st = bind_one(w, s, desc, &desc->imports[i], &imports[i], err);
		if (st != NACRE_OK)
			return st;
	}
	return NACRE_OK;
}

uint8_t *wasi_span(WasiCtx *w, uint32_t ptr, uint64_t len)
{
	uint64_t size;
	uint8_t *base = w->memory ? nacre_memory_data(w->memory, &size) : NULL;
	if (!base || ptr > size || len > size - ptr)
		return NULL;
	return base + ptr;
}

/* Wasm memory is little-endian, as is every target nacre has. */
void wasi_put_u16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
void wasi_put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
void wasi_put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
uint32_t wasi_get_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
uint64_t wasi_get_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
