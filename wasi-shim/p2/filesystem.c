/* wasi-shim/p2/filesystem.c: wasi:filesystem/types' descriptors: opening
 * beneath one (open-at), streams on one, its flags and type, and what
 * dropping one does.  A descriptor's rep is its WASI descriptor in the
 * context's table (../fdtable.c), so the grants, the rights and the path
 * resolution beneath a directory (../resolve.c) are preview1's, checked
 * the same way: a component reaches only the directories granted to it.
 * (stat.c and dirs.c are the rest of the interface.) */
#include <string.h>

#include "../resolve.h"
#include "p2.h"

#define R(name) WASI_RIGHT(WASI_R_##name)

enum {
	FOLLOW = 1,                                            /* path-flags */
	O_CREATE_ = 1, O_DIRECTORY_ = 2, O_EXCLUSIVE_ = 4, O_TRUNCATE_ = 8, /* open-flags */
	D_READ = 1, D_WRITE = 2, D_FILE_SYNC = 4, D_DATA_SYNC = 8, D_READ_SYNC = 16, D_MUTATE = 32, /* descriptor-flags */
};

/* What opening a file for writing adds (preview1's path_open opens for
 * writing with any of them). */
static const uint64_t WRITE_RIGHTS = R(FD_WRITE) | R(FD_ALLOCATE) | R(FD_FILESTAT_SET_SIZE);

uint32_t p2_desc(P2Ctx *p, uint64_t rep, uint64_t rights, WasiFd **f)
{
	return rep > INT32_MAX ? WASI_EBADF : wasi_fd_lookup(p->w, (int32_t)rep, rights, f);
}

uint32_t p2_dir(P2Ctx *p, uint64_t rep, uint64_t rights, WasiFd **d)
{
	static const uint8_t dir[2] = { WASI_FILETYPE_DIRECTORY, WASI_FILETYPE_DIRECTORY };
	return rep > INT32_MAX ? WASI_EBADF : wasi_fd_lookup_as(p->w, (int32_t)rep, rights, dir, WASI_ENOTDIR, d);
}

uint32_t p2_path(const RtCanonVal *s, char buf[WASI_PATH_MAX])
{
	if (s->str.len >= WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	if (memchr(s->str.ptr, 0, s->str.len))
		return WASI_EINVAL;
	memcpy(buf, s->str.ptr, s->str.len);
	buf[s->str.len] = 0;
	return 0;
}

/* The host's open flags for a request. */
static uint32_t host_flags(uint32_t pflags, uint32_t oflags, uint32_t dflags)
{
	uint32_t f = oflags & O_DIRECTORY_ ? RT_SYS_O_READ | RT_SYS_O_DIRECTORY : 0;
	f |= (dflags & D_READ ? RT_SYS_O_READ : 0) | (dflags & D_WRITE ? RT_SYS_O_WRITE : 0);
	f |= (oflags & O_CREATE_ ? RT_SYS_O_CREATE : 0) | (oflags & O_EXCLUSIVE_ ? RT_SYS_O_EXCL : 0) |
	     (oflags & O_TRUNCATE_ ? RT_SYS_O_TRUNC : 0);
	f |= (dflags & D_FILE_SYNC ? RT_SYS_O_SYNC : 0) | (dflags & D_DATA_SYNC ? RT_SYS_O_DSYNC : 0) |
	     (dflags & D_READ_SYNC ? RT_SYS_O_RSYNC : 0);
	return f | (pflags & FOLLOW ? 0 : RT_SYS_O_NOFOLLOW);
}

/* open-at's work: the new descriptor gets the rights its flags ask for,
 * cut to what the directory passes on; asking to write where the grant
 * is read-only is not-permitted, not a descriptor that cannot write. */
static uint32_t open_at(P2Ctx *p, uint64_t rep, uint32_t pflags, const RtCanonVal *path, uint32_t oflags,
                        uint32_t dflags, uint32_t *fd)
{
	WasiFd *d;
	char name[WASI_PATH_MAX];
	uint64_t need = R(PATH_OPEN) | (oflags & O_CREATE_ ? R(PATH_CREATE_FILE) : 0) |
	                (oflags & O_TRUNCATE_ ? R(PATH_FILESTAT_SET_SIZE) : 0);
	uint32_t e = p2_dir(p, rep, need, &d);
	if (!e)
		e = p2_path(path, name);
	if (e)
		return e;
	if (pflags & ~1u || oflags & ~15u || dflags & ~63u)
		return WASI_EINVAL;
	uint64_t inheriting = d->inheriting;
	if ((dflags & D_WRITE) && !(inheriting & R(FD_WRITE)))
		return WASI_EPERM;
	uint64_t base = WASI_RIGHTS_ALL & ~(dflags & D_READ ? 0 : R(FD_READ)) & ~(dflags & D_WRITE ? 0 : WRITE_RIGHTS);
	return wasi_fd_open_at(p->w, d->host, name, host_flags(pflags, oflags, dflags), base & inheriting, inheriting, fd);
}

static bool own_result(RtCanonCx *cx, RtCanonVal *result, uint32_t e, uint32_t rep)
{
	if (e)
		return p2_fs_err(cx, result, e);
	RtCanonVal *h = p2_vals(cx, 1);
	if (!h)
		return false;
	h->u = rep;
	return p2_ok(cx, result, h);
}

/* [method]descriptor.open-at: func(self, path-flags, path: string,
 * open-flags, descriptor-flags) -> result<own<descriptor>, error-code>. */
bool p2_open_at(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	uint32_t fd = 0;
	uint32_t e = open_at(env, params[0].u, (uint32_t)params[1].u, &params[2], (uint32_t)params[3].u,
	                     (uint32_t)params[4].u, &fd);
	return own_result(cx, result, e, fd);
}

/* A stream on a descriptor that holds `right` (a descriptor not opened
 * for it is bad-descriptor, as in other WASI 0.2 hosts). */
static bool via_stream(P2Ctx *p, RtCanonCx *cx, const RtCanonVal *params, uint64_t right, uint8_t how,
                       uint64_t offset, RtCanonVal *result)
{
	WasiFd *f;
	uint32_t rep = 0, e = p2_desc(p, params[0].u, right, &f);
	if (e == WASI_ENOTCAPABLE)
		e = f->type == WASI_FILETYPE_DIRECTORY ? WASI_EISDIR : WASI_EBADF;
	if (!e && !p2_stream_new(p, (uint32_t)params[0].u, how, offset, &rep))
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	return own_result(cx, result, e, rep);
}

/* read-via-stream, write-via-stream: func(self, offset: filesize) ->
 * result<own<input-stream|output-stream>, error-code>. */
bool p2_read_via_stream(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return via_stream(env, cx, params, R(FD_READ), P2_AT, params[1].u, result);
}

bool p2_write_via_stream(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return via_stream(env, cx, params, R(FD_WRITE), P2_AT, params[1].u, result);
}

bool p2_append_via_stream(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return via_stream(env, cx, params, R(FD_WRITE), P2_APPEND, 0, result);
}

/* get-flags: func(self) -> result<descriptor-flags, error-code>: what
 * its rights allow. */
bool p2_get_flags(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	WasiFd *f;
	uint32_t e = p2_desc(env, params[0].u, 0, &f);
	if (e)
		return p2_fs_err(cx, result, e);
	RtCanonVal *flags = p2_vals(cx, 1);
	if (!flags)
		return false;
	flags->u = (f->base & (R(FD_READ) | R(FD_READDIR)) ? D_READ : 0) | (f->base & R(FD_WRITE) ? D_WRITE : 0) |
	           (f->base & R(PATH_CREATE_FILE) ? D_MUTATE : 0);
	return p2_ok(cx, result, flags);
}

/* The last handle on a descriptor is gone: a preopen stays (get-directories
 * gives it again); a descriptor a stream still reads or writes closes
 * with the last such stream. */
void p2_descriptor_drop(void *env, uint32_t rep)
{
	P2Ctx *p = env;
	if (rep >= p->w->nfds || p->w->fds[rep].host == WASI_HOST_FREE || p->w->fds[rep].preopen || rep < 3)
		return;
	if (!p2_streams_adopt(p, rep))
		wasi_fd_release(&p->w->fds[rep]);
}
