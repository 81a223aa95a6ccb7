/* wasi-shim/bind.c: the preview1 function table and the binding of a
 * module's imports to it.  Every function of wasi_snapshot_preview1 is
 * here with its core type, so that any WASI program links; the ones not
 * implemented yet return ENOSYS.  Types are checked against the module's
 * declaration, so a wrong one is a link error, not a bad call.
 */
#include <string.h>

#include "../runtime-lib/sys/sys.h"
#include "wasi.h"

typedef uint32_t (*WasiFn)(WasiCtx *w, const NacreValue *a);

/* sig: parameters ('i' i32, 'I' i64), then ':' and the result, if any. */
typedef struct WasiCall {
	const char *name;
	const char *sig;
	WasiFn fn;                   /* NULL: not implemented, ENOSYS */
} WasiCall;

struct WasiBinding {
	WasiCtx *w;
	const WasiCall *call;
};

static const char MODULE[] = "wasi_snapshot_preview1";

static const WasiCall calls[] = {
	{ "args_get", "ii:i", wasi_args_get },
	{ "args_sizes_get", "ii:i", wasi_args_sizes_get },
	{ "environ_get", "ii:i", wasi_environ_get },
	{ "environ_sizes_get", "ii:i", wasi_environ_sizes_get },
	{ "clock_res_get", "ii:i", wasi_clock_res_get },
	{ "clock_time_get", "iIi:i", wasi_clock_time_get },
	{ "fd_advise", "iIIi:i", NULL },
	{ "fd_allocate", "iII:i", NULL },
	{ "fd_close", "i:i", wasi_fd_close },
	{ "fd_datasync", "i:i", NULL },
	{ "fd_fdstat_get", "ii:i", wasi_fd_fdstat_get },
	{ "fd_fdstat_set_flags", "ii:i", NULL },
	{ "fd_fdstat_set_rights", "iII:i", NULL },
	{ "fd_filestat_get", "ii:i", NULL },
	{ "fd_filestat_set_size", "iI:i", NULL },
	{ "fd_filestat_set_times", "iIIi:i", NULL },
	{ "fd_pread", "iiiIi:i", NULL },
	{ "fd_prestat_get", "ii:i", wasi_fd_prestat_get },
	{ "fd_prestat_dir_name", "iii:i", NULL },
	{ "fd_pwrite", "iiiIi:i", NULL },
	{ "fd_read", "iiii:i", NULL },
	{ "fd_readdir", "iiiIi:i", NULL },
	{ "fd_renumber", "ii:i", NULL },
	{ "fd_seek", "iIii:i", NULL },
	{ "fd_sync", "i:i", NULL },
	{ "fd_tell", "ii:i", NULL },
	{ "fd_write", "iiii:i", wasi_fd_write },
	{ "path_create_directory", "iii:i", NULL },
	{ "path_filestat_get", "iiiii:i", NULL },
	{ "path_filestat_set_times", "iiiiIIi:i", NULL },
	{ "path_link", "iiiiiii:i", NULL },
	{ "path_open", "iiiiiIIii:i", NULL },
	{ "path_readlink", "iiiiii:i", NULL },
	{ "path_remove_directory", "iii:i", NULL },
	{ "path_rename", "iiiiii:i", NULL },
	{ "path_symlink", "iiiii:i", NULL },
	{ "path_unlink_file", "iii:i", NULL },
	{ "poll_oneoff", "iiii:i", NULL },
	{ "proc_exit", "i:", wasi_proc_exit },
	{ "proc_raise", "i:i", NULL },
	{ "sched_yield", ":i", NULL },
	{ "random_get", "ii:i", wasi_random_get },
	{ "sock_accept", "iii:i", NULL },
	{ "sock_recv", "iiiiii:i", NULL },
	{ "sock_send", "iiiii:i", NULL },
	{ "sock_shutdown", "ii:i", NULL },
};

static void dispatch(void *env, NacreValue *args_results)
{
	const WasiBinding *b = env;
	uint32_t e = b->call->fn ? b->call->fn(b->w, args_results) : WASI_ENOSYS;
	args_results[0].i32 = (int32_t)e; /* proc_exit never gets here */
}

static const WasiCall *find(const NacreImportDesc *im)
{
	if (im->module_len != sizeof MODULE - 1 || memcmp(im->module, MODULE, im->module_len) != 0)
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

static NacreStatus bind_one(WasiBinding *b, NacreStore *s, const NacreModuleDesc *desc,
                            const NacreImportDesc *im, NacreExtern *out, NacreError *err)
{
	const WasiCall *call = im->kind == NACRE_EXTERN_FUNC ? find(im) : NULL;
	const NacreTypeDesc *t = call ? &desc->types[desc->func_types[im->index]] : NULL;
	if (!call || !same_type(call->sig, t))
		return fail(err, NACRE_UNLINKABLE, "%s import %.*s::%.*s", call ? "wrongly typed" : "unknown",
		            (int)im->module_len, im->module, (int)im->name_len, im->name);
	NacreFuncType ft = { t->nparams, t->nresults, t->types, t->types + t->nparams };
	out->kind = NACRE_EXTERN_FUNC;
	out->u.func = nacre_host_func_new(s, &ft, dispatch, b);
	b->call = call;
	return out->u.func ? NACRE_OK : fail(err, NACRE_ERROR, "out of memory");
}

NacreStatus wasi_bind(WasiCtx *w, NacreStore *s, const NacreModuleDesc *desc, NacreExtern *imports,
                      NacreError *err)
{
	w->bindings = rt_sys_zalloc((desc->nimports ? desc->nimports : 1) * sizeof *w->bindings);
	if (!w->bindings)
		return fail(err, NACRE_ERROR, "out of memory");
	for (uint32_t i = 0; i < desc->nimports; i++) {
		w->bindings[i].w = w;
		NacreStatus st = bind_one(&w->bindings[i], s, desc, &desc->imports[i], &imports[i], err);
		if (st != NACRE_OK)
			return st;
	}
	return NACRE_OK;
}

void wasi_ctx_free(WasiCtx *w)
{
	rt_sys_free(w->bindings);
	w->bindings = NULL;
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
void wasi_put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
void wasi_put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
