/* wasi-shim/p2/cli.c: wasi:cli's standard streams, exit and environment,
 * on the context's descriptors, arguments and granted variables
 * (terminals are terminal.c). */
#include <string.h>

#include "p2.h"

/* A standard stream is a stream on its WASI descriptor (0-2), whether or
 * not that is open: if not, the stream is closed. */
static bool standard(P2Ctx *p, RtCanonCx *cx, uint32_t fd, RtCanonVal *result)
{
	uint32_t rep;
	if (!p2_stream_new(p, fd, P2_PIPE, 0, &rep))
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	result->u = rep;
	return true;
}

bool p2_get_stdin(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return standard(env, cx, 0, result);
}

bool p2_get_stdout(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return standard(env, cx, 1, result);
}

bool p2_get_stderr(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return standard(env, cx, 2, result);
}

/* exit: func(status: result): ok exits 0, err 1. */
bool p2_exit(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	nacre_host_exit(p->store, params[0].var.index == 0 ? 0 : 1);
}

/* exit-with-code: func(status-code: u8), unstable in 0.2: exits so. */
bool p2_exit_with_code(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	nacre_host_exit(p->store, (int)(params[0].u & 0xff));
}

static RtCanonVal text(const char *s)
{
	RtCanonVal v;
	v.str.ptr = s;
	v.str.len = (uint32_t)strlen(s);
	return v;
}

/* get-arguments: func() -> list<string>. */
bool p2_get_arguments(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	uint32_t n = (uint32_t)p->w->argc;
	RtCanonVal *items = rt_canon_arena_alloc(cx->arena, (n + 1) * sizeof *items);
	if (!items)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	for (uint32_t i = 0; i < n; i++)
		items[i] = text(p->w->argv[i]);
	result->list.items = items;
	result->list.n = n;
	return true;
}

/* get-environment: func() -> list<tuple<string, string>>, the granted
 * variables only. */
bool p2_get_environment(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	uint32_t n = (uint32_t)p->w->envc;
	RtCanonVal *items = rt_canon_arena_alloc(cx->arena, (n + 1) * sizeof *items);
	RtCanonVal *pairs = rt_canon_arena_alloc(cx->arena, (2 * n + 1) * sizeof *pairs);
	if (!items || !pairs)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	for (uint32_t i = 0; i < n; i++) {
		const char *kv = p->w->envp[i], *eq = strchr(kv, '=');
		size_t k = eq ? (size_t)(eq - kv) : strlen(kv);
		pairs[2 * i].str.ptr = kv;
		pairs[2 * i].str.len = (uint32_t)k;
		pairs[2 * i + 1] = text(eq ? eq + 1 : "");
		items[i].fields = &pairs[2 * i];
	}
	result->list.items = items;
	result->list.n = n;
	return true;
}

/* initial-cwd: func() -> option<string>.  A program sees only the
 * directories it was granted, by the names they were granted as, and no
 * working directory among them: none. */
bool p2_initial_cwd(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	p2_case(result, 0);
	return true;
}
