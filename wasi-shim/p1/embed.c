/* wasi-shim/p1/embed.c: WASI for embedding hosts (nacre_wasi.h).  A
 * NacreWasi is a WasiCtx with its own copy of the arguments; everything
 * else (descriptors, grants, streams, bindings) is the context's, as in
 * an executable, but nothing of the host's process is given by default.
 */
#include <string.h>

#include "p1.h"
#include "nacre_wasi.h"

struct NacreWasi {
	WasiCtx ctx;
	char **args;                 /* owned copies, ctx.argv */
	int nargs;
};

static NacreStatus fail(NacreError *err, NacreStatus st, const char *msg)
{
	if (err) {
		err->trap = NACRE_TRAP_NONE;
		rt_sys_format(err->message, sizeof err->message, "%s", msg);
	}
	return st;
}

static NacreStatus ok(NacreError *err)
{
	if (err) {
		err->trap = NACRE_TRAP_NONE;
		err->exit_code = 0;
		err->message[0] = 0;
	}
	return NACRE_OK;
}

static bool is_stream(int stream)
{
	return stream >= NACRE_WASI_STDIN && stream <= NACRE_WASI_STDERR;
}

NacreWasi *nacre_wasi_new(void)
{
	NacreWasi *w = rt_sys_zalloc(sizeof *w);
	if (!w)
		return NULL;
	if (!wasi_ctx_init_bare(&w->ctx, 0, NULL)) {
		rt_sys_free(w);
		return NULL;
	}
	w->ctx.embedded = true;
	return w;
}

static void free_args(NacreWasi *w)
{
	for (int i = 0; i < w->nargs; i++)
		rt_sys_free(w->args[i]);
	rt_sys_free(w->args);
	w->args = NULL;
	w->nargs = w->ctx.argc = 0;
	w->ctx.argv = NULL;
}

void nacre_wasi_free(NacreWasi *w)
{
	if (!w)
		return;
	free_args(w);
	wasi_ctx_free(&w->ctx);
	rt_sys_free(w);
}

static char *copy(const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = rt_sys_alloc(n);
	if (c)
		memcpy(c, s, n);
	return c;
}

NacreStatus nacre_wasi_set_args(NacreWasi *w, int argc, const char *const *argv, NacreError *err)
{
	free_args(w);
	if (argc < 0 || (argc && !argv))
		return fail(err, NACRE_ERROR, "WASI arguments: argc < 0 or argv NULL");
	w->args = rt_sys_zalloc((size_t)(argc ? argc : 1) * sizeof *w->args);
	if (!w->args)
		return fail(err, NACRE_ERROR, "out of memory");
	for (; w->nargs < argc; w->nargs++) {
		const char *arg = argv[w->nargs];
		if (!arg || !(w->args[w->nargs] = copy(arg))) {
			free_args(w);
			return fail(err, NACRE_ERROR, arg ? "out of memory" : "WASI arguments: argv[i] NULL");
		}
	}
	w->ctx.argc = argc;
	w->ctx.argv = w->args;
	return ok(err);
}

NacreStatus nacre_wasi_add_env(NacreWasi *w, const char *name, const char *value, NacreError *err)
{
	if (!name || !value || !name[0] || strchr(name, '='))
		return fail(err, NACRE_ERROR, "WASI environment: a name must be non-empty, without '='");
	if (!wasi_ctx_env(&w->ctx, name, strlen(name), value))
		return fail(err, NACRE_ERROR, "out of memory");
	return ok(err);
}

NacreStatus nacre_wasi_preopen(NacreWasi *w, const char *host_dir, const char *guest_path, bool read_only,
                               NacreError *err)
{
	NacreError local;
	if (!host_dir || !guest_path || !guest_path[0])
		return fail(err, NACRE_ERROR, "WASI preopen: a host directory and a guest path are needed");
	if (wasi_ctx_preopen(&w->ctx, host_dir, guest_path, read_only, err ? err : &local) != NACRE_OK)
		return NACRE_ERROR;
	return ok(err);
}

NacreStatus nacre_wasi_stdio_fd(NacreWasi *w, int stream, int host_fd, NacreError *err)
{
	if (!is_stream(stream) || host_fd < 0)
		return fail(err, NACRE_ERROR, "WASI stdio: no such stream, or a negative descriptor");
	wasi_stream_free(&w->ctx.streams[stream]);
	if (!wasi_ctx_stdio(&w->ctx, stream, host_fd))
		return fail(err, NACRE_ERROR, "WASI stdio: the host descriptor is not open");
	return ok(err);
}

static NacreStatus set_stream(NacreWasi *w, int stream, bool input, const void *data, size_t len, size_t max,
                              NacreError *err)
{
	if (!wasi_stream_reset(&w->ctx.streams[stream], input, data, len, max)) {
		nacre_wasi_stdio_close(w, stream);
		return fail(err, NACRE_ERROR, "out of memory");
	}
	wasi_ctx_stdio_stream(&w->ctx, stream);
	return ok(err);
}

NacreStatus nacre_wasi_stdin_bytes(NacreWasi *w, const void *data, size_t len, NacreError *err)
{
	if (len && !data)
		return fail(err, NACRE_ERROR, "WASI stdin: no data");
	return set_stream(w, NACRE_WASI_STDIN, true, data, len, 0, err);
}

NacreStatus nacre_wasi_stdio_capture(NacreWasi *w, int stream, size_t max_bytes, NacreError *err)
{
	if (stream != NACRE_WASI_STDOUT && stream != NACRE_WASI_STDERR)
		return fail(err, NACRE_ERROR, "WASI stdio: only stdout and stderr are captured");
	return set_stream(w, stream, false, NULL, 0, max_bytes, err);
}

void nacre_wasi_stdio_close(NacreWasi *w, int stream)
{
	if (!is_stream(stream))
		return;
	wasi_stream_free(&w->ctx.streams[stream]);
	wasi_ctx_stdio(&w->ctx, stream, -1);
}

const uint8_t *nacre_wasi_captured(const NacreWasi *w, int stream, size_t *len)
{
	const WasiStream *s = is_stream(stream) && !w->ctx.streams[stream].input ? &w->ctx.streams[stream] : NULL;
	*len = s ? s->len : 0;
	return s && s->len ? s->data : NULL;
}

NacreStatus nacre_wasi_bind(NacreWasi *w, NacreStore *store, const NacreModule *module, NacreExtern *imports,
                            NacreError *err)
{
	return wasi_bind(&w->ctx, store, nacre_module_desc(module), imports, true, err);
}

NacreStatus nacre_wasi_attach(NacreWasi *w, NacreInstance *inst, NacreError *err)
{
	NacreExtern mem;
	if (!nacre_instance_export(inst, "memory", 6, &mem) || mem.kind != NACRE_EXTERN_MEMORY)
		return fail(err, NACRE_UNLINKABLE, "a WASI module must export its memory as \"memory\"");
	w->ctx.memory = mem.u.memory;
	return ok(err);
}

NacreStatus nacre_wasi_instantiate(NacreWasi *w, NacreStore *store, const NacreModule *module,
                                   const NacreExtern *imports, NacreInstance **out, NacreError *err)
{
	const NacreModuleDesc *desc = nacre_module_desc(module);
	size_t n = desc->nimports;
	NacreExtern *all = rt_sys_zalloc((n ? n : 1) * sizeof *all);
	if (!all)
		return fail(err, NACRE_ERROR, "out of memory");
	if (imports && n)
		memcpy(all, imports, n * sizeof *all);
	NacreStatus st = wasi_bind(&w->ctx, store, desc, all, imports != NULL, err);
	if (st == NACRE_OK)
		st = nacre_instantiate(store, module, all, n, out, err);
	rt_sys_free(all);
	return st == NACRE_OK ? nacre_wasi_attach(w, *out, err) : st;
}

NacreStatus nacre_wasi_run(NacreWasi *w, NacreStore *store, const NacreModule *module, const NacreExtern *imports,
                           NacreError *err)
{
	NacreInstance *inst;
	NacreStatus st = nacre_wasi_instantiate(w, store, module, imports, &inst, err);
	if (st != NACRE_OK)
		return st;
	NacreExtern start;
	NacreFuncType ft;
	if (!nacre_instance_export(inst, "_start", 6, &start) || start.kind != NACRE_EXTERN_FUNC ||
	    !nacre_func_type(store, start.u.func, &ft) || ft.nparams || ft.nresults)
		return fail(err, NACRE_UNLINKABLE, "a WASI command must export \"_start\" of type [] -> []");
	return nacre_call(store, start.u.func, NULL, NULL, err);
}
