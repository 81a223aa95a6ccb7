/* wasi-shim/p2/paths.c: the wasi:filesystem/types calls that act on a
 * name beneath a directory: create-directory-at, remove-directory-at,
 * unlink-file-at, rename-at, link-at, symlink-at, readlink-at and
 * set-times-at.  As in preview1 (p1/path.c), the name's parent is opened
 * beneath the directory (../resolve.c) and the call acts on the last
 * component relative to it, so the kernel never follows anything the
 * check did not see; the rights are preview1's. */
#include <string.h>

#include "../resolve.h"
#include "p2.h"

#define R(name) WASI_RIGHT(WASI_R_##name)

enum { FOLLOW = 1, NO_CHANGE = 0, NOW = 1 /* new-timestamp's cases */ };

typedef struct Named {
	char path[WASI_PATH_MAX];
	WasiAt at;
} Named;

/* (directory rep, path) to a parent opened beneath it and a last name. */
static uint32_t named(P2Ctx *p, uint64_t rep, uint64_t rights, const RtCanonVal *path, Named *n)
{
	WasiFd *d;
	n->at = (WasiAt){ .dir = -1 };
	uint32_t e = p2_dir(p, rep, rights, &d);
	if (!e)
		e = p2_path(path, n->path);
	return e ? e : wasi_resolve_parent(d->host, n->path, &n->at);
}

static bool done(RtCanonCx *cx, RtCanonVal *result, uint32_t e, Named *a, Named *b)
{
	wasi_at_close(&a->at);
	if (b)
		wasi_at_close(&b->at);
	return e ? p2_fs_err(cx, result, e) : p2_ok(cx, result, NULL);
}

bool p2_create_directory_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	Named n;
	uint32_t e = named(env, params[0].u, R(PATH_CREATE_DIRECTORY), &params[1], &n);
	return done(cx, result, e ? e : wasi_result(rt_sys_mkdir(n.at.dir, n.at.name)), &n, NULL);
}

bool p2_remove_directory_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	Named n;
	uint32_t e = named(env, params[0].u, R(PATH_REMOVE_DIRECTORY), &params[1], &n);
	return done(cx, result, e ? e : wasi_result(rt_sys_unlink(n.at.dir, n.at.name, true)), &n, NULL);
}

bool p2_unlink_file_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	Named n;
	uint32_t e = named(env, params[0].u, R(PATH_UNLINK_FILE), &params[1], &n);
	return done(cx, result, e ? e : wasi_result(rt_sys_unlink(n.at.dir, n.at.name, false)), &n, NULL);
}

/* rename-at: func(self, old-path, new-descriptor: borrow<descriptor>, new-path). */
bool p2_rename_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	Named from, to;
	to.at = (WasiAt){ .dir = -1 };
	uint32_t e = named(env, params[0].u, R(PATH_RENAME_SOURCE), &params[1], &from);
	if (!e)
		e = named(env, params[2].u, R(PATH_RENAME_TARGET), &params[3], &to);
	if (!e)
		e = wasi_result(rt_sys_rename(from.at.dir, from.at.name, to.at.dir, to.at.name));
	return done(cx, result, e, &from, &to);
}

/* link-at: func(self, old-path-flags, old-path, new-descriptor, new-path).
 * Following a symlink would let the kernel resolve its target unchecked:
 * refused, as preview1's path_link does. */
bool p2_link_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	Named from, to;
	from.at = to.at = (WasiAt){ .dir = -1 };
	uint32_t e = params[1].u & FOLLOW ? WASI_EINVAL : 0;
	if (!e)
		e = named(env, params[0].u, R(PATH_LINK_SOURCE), &params[2], &from);
	if (!e)
		e = named(env, params[3].u, R(PATH_LINK_TARGET), &params[4], &to);
	if (!e)
		e = wasi_result(rt_sys_link(from.at.dir, from.at.name, to.at.dir, to.at.name, false));
	return done(cx, result, e, &from, &to);
}

/* symlink-at: func(self, old-path: string, new-path: string): only a
 * relative target, so nothing it names lies outside by construction. */
bool p2_symlink_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	char target[WASI_PATH_MAX];
	Named n;
	n.at = (WasiAt){ .dir = -1 };
	uint32_t e = p2_path(&params[1], target);
	if (!e && target[0] == '/')
		e = WASI_EPERM;
	if (!e)
		e = named(env, params[0].u, R(PATH_SYMLINK), &params[2], &n);
	if (!e)
		e = wasi_result(rt_sys_symlink(target, n.at.dir, n.at.name));
	return done(cx, result, e, &n, NULL);
}

/* readlink-at: func(self, path) -> result<string, error-code>. */
bool p2_readlink_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	Named n;
	uint32_t e = named(env, params[0].u, R(PATH_READLINK), &params[1], &n);
	char *target = rt_canon_arena_alloc(cx->arena, WASI_PATH_MAX);
	RtCanonVal *s = p2_vals(cx, 1);
	if (!target || !s) {
		wasi_at_close(&n.at);
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	}
	long r = e ? 0 : rt_sys_readlink(n.at.dir, n.at.name, target, WASI_PATH_MAX);
	wasi_at_close(&n.at);
	if (!e && r < 0)
		e = wasi_errno(-r);
	if (!e && !rt_canon_utf8_valid((const uint8_t *)target, (size_t)r))
		e = 25; /* illegal-byte-sequence */
	if (e)
		return p2_fs_err(cx, result, e);
	s->str.ptr = target;
	s->str.len = (uint32_t)r;
	return p2_ok(cx, result, s);
}

/* new-timestamp (no-change, now, timestamp(datetime)) as the OS layer's
 * (ns, how). */
void p2_new_timestamp(const RtCanonVal *v, uint64_t *ns, int *how)
{
	*ns = 0;
	*how = v->var.index == NO_CHANGE ? RT_SYS_TIME_OMIT : v->var.index == NOW ? RT_SYS_TIME_NOW : 0;
	if (v->var.index > NOW)
		*ns = v->var.payload->fields[0].u * 1000000000u + v->var.payload->fields[1].u;
}

/* set-times-at: func(self, path-flags, path, atim, mtim).  Following a
 * symlink: the whole path is first checked to stay beneath. */
bool p2_set_times_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	uint64_t ns[2];
	int how[2];
	Named n;
	n.at = (WasiAt){ .dir = -1 };
	p2_new_timestamp(&params[3], &ns[0], &how[0]);
	p2_new_timestamp(&params[4], &ns[1], &how[1]);
	WasiFd *d;
	uint32_t e = p2_dir(p, params[0].u, R(PATH_FILESTAT_SET_TIMES), &d);
	if (!e && (params[1].u & FOLLOW)) {
		char path[WASI_PATH_MAX];
		int host;
		e = p2_path(&params[2], path);
		if (!e)
			e = wasi_resolve_open(d->host, path, RT_SYS_O_PATH, &host);
		if (!e)
			rt_sys_close(host);
	}
	if (!e)
		e = named(p, params[0].u, R(PATH_FILESTAT_SET_TIMES), &params[2], &n);
	if (!e)
		e = wasi_result(rt_sys_set_times(n.at.dir, n.at.name, params[1].u & FOLLOW, ns, how));
	return done(cx, result, e, &n, NULL);
}
