/* wasi-shim/p2/fileops.c: the wasi:filesystem/types calls on an open
 * descriptor itself: read and write at an offset, set-size, set-times,
 * sync, sync-data, advise, is-same-object.  Each checks the descriptor's
 * rights (preview1's): a descriptor not opened for reading or writing is
 * bad-descriptor, as in other WASI 0.2 hosts. */
#include "p2.h"

#define R(name) WASI_RIGHT(WASI_R_##name)

enum { READ_MAX = 1 << 20, EINTR_ = 4 };

/* The descriptor with `rights`; not holding them is bad-descriptor (or
 * is-directory, for a directory). */
static uint32_t file(P2Ctx *p, uint64_t rep, uint64_t rights, WasiFd **f)
{
	uint32_t e = p2_desc(p, rep, rights, f);
	if (e == WASI_ENOTCAPABLE)
		e = (*f)->type == WASI_FILETYPE_DIRECTORY ? WASI_EISDIR : WASI_EBADF;
	return !e && (*f)->host < 0 ? WASI_EBADF : e;
}

static bool status(RtCanonCx *cx, RtCanonVal *result, uint32_t e)
{
	return e ? p2_fs_err(cx, result, e) : p2_ok(cx, result, NULL);
}

static long positioned(int host, void *bytes, uint32_t n, uint64_t offset, bool write)
{
	RtSysIovec iov = { bytes, n };
	long k;
	do
		k = write ? rt_sys_pwritev(host, &iov, 1, offset) : rt_sys_preadv(host, &iov, 1, offset);
	while (k == -EINTR_);
	return k;
}

/* read: func(self, length: filesize, offset: filesize) ->
 * result<tuple<list<u8>, bool>, error-code>: the bool says the end of
 * the file was reached. */
bool p2_file_read(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	WasiFd *f;
	uint32_t e = file(env, params[0].u, R(FD_READ) | R(FD_SEEK), &f);
	uint32_t want = params[1].u < READ_MAX ? (uint32_t)params[1].u : READ_MAX;
	if (e || (int64_t)params[2].u < 0)
		return p2_fs_err(cx, result, e ? e : WASI_EINVAL);
	RtCanonVal *v = p2_vals(cx, 3);
	uint8_t *buf = rt_canon_arena_alloc(cx->arena, want + 1);
	if (!v || !buf)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	long k = want ? positioned(f->host, buf, want, params[2].u, false) : 0;
	if (k < 0)
		return p2_fs_err(cx, result, wasi_errno(-k));
	v[1].list.items = buf;
	v[1].list.n = (uint32_t)k;
	v[2].u = want && k == 0;
	v[0].fields = &v[1];
	return p2_ok(cx, result, v);
}

/* write: func(self, buffer: list<u8>, offset: filesize) ->
 * result<filesize, error-code>: the bytes written. */
bool p2_file_write(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	WasiFd *f;
	uint32_t e = file(env, params[0].u, R(FD_WRITE) | R(FD_SEEK), &f);
	if (e || (int64_t)params[2].u < 0)
		return p2_fs_err(cx, result, e ? e : WASI_EINVAL);
	RtCanonVal *n = p2_vals(cx, 1);
	if (!n)
		return false;
	long k = params[1].list.n ? positioned(f->host, params[1].list.items, params[1].list.n, params[2].u, true) : 0;
	if (k < 0)
		return p2_fs_err(cx, result, wasi_errno(-k));
	n->u = (uint64_t)k;
	return p2_ok(cx, result, n);
}

bool p2_set_size(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	WasiFd *f;
	uint32_t e = file(env, params[0].u, R(FD_FILESTAT_SET_SIZE), &f);
	if (!e)
		e = (int64_t)params[1].u < 0 ? WASI_EINVAL : wasi_result(rt_sys_truncate(f->host, params[1].u));
	return status(cx, result, e);
}

/* set-times: func(self, atim: new-timestamp, mtim: new-timestamp). */
bool p2_set_times(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	WasiFd *f;
	uint64_t ns[2];
	int how[2];
	p2_new_timestamp(&params[1], &ns[0], &how[0]);
	p2_new_timestamp(&params[2], &ns[1], &how[1]);
	/* times are metadata: a descriptor without the right is not-permitted */
	uint32_t e = p2_desc(env, params[0].u, R(FD_FILESTAT_SET_TIMES), &f);
	if (!e && f->host < 0)
		e = WASI_EBADF;
	return status(cx, result, e ? e : wasi_result(rt_sys_set_times(f->host, NULL, true, ns, how)));
}

static bool sync_fd(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result, bool data_only)
{
	WasiFd *f;
	uint32_t e = file(env, params[0].u, data_only ? R(FD_DATASYNC) : R(FD_SYNC), &f);
	return status(cx, result, e ? e : wasi_result(rt_sys_sync(f->host, data_only)));
}

bool p2_sync(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return sync_fd(env, cx, params, result, false);
}

bool p2_sync_data(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return sync_fd(env, cx, params, result, true);
}

/* advise: func(self, offset, length, advice): WASI orders the advice
 * normal, sequential, random, ...; POSIX swaps the second and third. */
bool p2_advise(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	static const int posix[] = { 0, 2, 1, 3, 4, 5 };
	WasiFd *f;
	uint32_t advice = params[3].var.index, e = file(env, params[0].u, R(FD_ADVISE), &f);
	if (!e && (advice >= sizeof posix / sizeof *posix || (int64_t)params[1].u < 0 || (int64_t)params[2].u < 0))
		e = WASI_EINVAL;
	if (!e)
		e = wasi_result(rt_sys_advise(f->host, params[1].u, params[2].u, posix[advice]));
	return status(cx, result, e);
}

/* is-same-object: func(self, other: borrow<descriptor>) -> bool. */
bool p2_is_same_object(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	WasiFd *a, *b;
	RtSysStat sa, sb;
	result->u = !p2_desc(env, params[0].u, 0, &a) && a->host >= 0 && rt_sys_stat(a->host, "", false, &sa) == 0 &&
	            !p2_desc(env, params[1].u, 0, &b) && b->host >= 0 && rt_sys_stat(b->host, "", false, &sb) == 0 &&
	            sa.dev == sb.dev && sa.ino == sb.ino;
	return true;
}
