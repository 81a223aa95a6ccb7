/* wasi-shim/p2/stat.c: what wasi:filesystem/types says about a file:
 * get-type, stat and stat-at (descriptor-stat), metadata-hash and
 * metadata-hash-at (the same object gives the same hash: its device and
 * inode).  Names resolve beneath the directory as preview1's
 * path_filestat_get does (../resolve.c). */
#include "../resolve.h"
#include "p2.h"

#define R(name) WASI_RIGHT(WASI_R_##name)

enum { FOLLOW = 1, NS = 1000000000 };

uint32_t p2_dtype(uint32_t mode)
{
	switch (mode & RT_SYS_S_IFMT) {
	case RT_SYS_S_IFBLK: return 1;
	case RT_SYS_S_IFCHR: return 2;
	case RT_SYS_S_IFDIR: return 3;
	case RT_SYS_S_IFIFO: return 4;
	case RT_SYS_S_IFLNK: return 5;
	case RT_SYS_S_IFREG: return 6;
	case RT_SYS_S_IFSOCK: return 7;
	default: return 0; /* unknown */
	}
}

/* The descriptor's own stat (a stream kept in memory has none). */
static uint32_t stat_fd(P2Ctx *p, uint64_t rep, RtSysStat *st)
{
	WasiFd *f;
	uint32_t e = p2_desc(p, rep, R(FD_FILESTAT_GET), &f);
	if (!e && f->host < 0)
		e = WASI_EBADF;
	return e ? e : wasi_result(rt_sys_stat(f->host, "", false, st));
}

/* stat-at's and metadata-hash-at's (self, path-flags, path). */
static uint32_t stat_at(P2Ctx *p, const RtCanonVal *params, RtSysStat *st)
{
	WasiFd *d;
	char path[WASI_PATH_MAX];
	uint32_t e = p2_dir(p, params[0].u, R(PATH_FILESTAT_GET), &d);
	if (!e)
		e = params[1].u & ~1u ? WASI_EINVAL : p2_path(&params[2], path);
	if (e)
		return e;
	if (params[1].u & FOLLOW) {
		int host;
		e = wasi_resolve_open(d->host, path, RT_SYS_O_PATH, &host);
		if (e)
			return e;
		e = wasi_result(rt_sys_stat(host, "", false, st));
		rt_sys_close(host);
		return e;
	}
	WasiAt at;
	e = wasi_resolve_parent(d->host, path, &at);
	if (!e)
		e = wasi_result(rt_sys_stat(at.dir, at.name, false, st));
	wasi_at_close(&at);
	return e;
}

/* option<datetime> of a time in nanoseconds. */
static void when(RtCanonVal *opt, RtCanonVal *dt, uint64_t ns)
{
	dt[0].u = ns / NS;
	dt[1].u = ns % NS;
	dt[2].fields = dt;
	opt->var.index = 1;
	opt->var.payload = &dt[2];
}

/* descriptor-stat: record { type, link-count, size, data-access-,
 * data-modification-, status-change-timestamp: option<datetime> }. */
static bool stat_result(RtCanonCx *cx, uint32_t e, const RtSysStat *st, RtCanonVal *result)
{
	if (e)
		return p2_fs_err(cx, result, e);
	RtCanonVal *v = p2_vals(cx, 7 + 9);
	if (!v)
		return false;
	RtCanonVal *f = &v[1];
	p2_case(&f[0], p2_dtype(st->mode));
	f[1].u = st->nlink;
	f[2].u = st->size;
	when(&f[3], &v[7], st->atim);
	when(&f[4], &v[10], st->mtim);
	when(&f[5], &v[13], st->ctim);
	v[0].fields = f;
	return p2_ok(cx, result, v);
}

bool p2_stat(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	RtSysStat st;
	return stat_result(cx, stat_fd(env, params[0].u, &st), &st, result);
}

bool p2_stat_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	RtSysStat st;
	return stat_result(cx, stat_at(env, params, &st), &st, result);
}

/* get-type: func(self) -> result<descriptor-type, error-code>. */
bool p2_get_type(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	RtSysStat st;
	WasiFd *f;
	uint32_t e = p2_desc(env, params[0].u, 0, &f);
	if (!e)
		e = f->host < 0 ? WASI_EBADF : wasi_result(rt_sys_stat(f->host, "", false, &st));
	if (e)
		return p2_fs_err(cx, result, e);
	RtCanonVal *t = p2_vals(cx, 1);
	if (!t)
		return false;
	p2_case(t, p2_dtype(st.mode));
	return p2_ok(cx, result, t);
}

/* metadata-hash-value: record { lower: u64, upper: u64 }. */
static bool hash_result(RtCanonCx *cx, uint32_t e, const RtSysStat *st, RtCanonVal *result)
{
	if (e)
		return p2_fs_err(cx, result, e);
	RtCanonVal *v = p2_vals(cx, 3);
	if (!v)
		return false;
	v[1].u = st->ino;
	v[2].u = st->dev;
	v[0].fields = &v[1];
	return p2_ok(cx, result, v);
}

bool p2_metadata_hash(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	RtSysStat st;
	return hash_result(cx, stat_fd(env, params[0].u, &st), &st, result);
}

bool p2_metadata_hash_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	RtSysStat st;
	return hash_result(cx, stat_at(env, params, &st), &st, result);
}
