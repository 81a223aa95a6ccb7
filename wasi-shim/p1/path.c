/* wasi-shim/p1/path.c: path resolution and the path_* calls.
 *
 * Every path resolves strictly beneath the directory descriptor it is
 * given: an absolute path, a ".." that climbs out, or a symlink (final or
 * intermediate) whose target lies outside fails with ENOTCAPABLE and
 * never touches what lies outside.  The kernel enforces this with
 * openat2(RESOLVE_BENEATH); where it cannot (before Linux 5.6, or under a
 * filter that forbids openat2) resolve.c walks the path one component at
 * a time instead.
 *
 * A call on a name (unlink, mkdir, rename, link, symlink, readlink, lstat)
 * opens the name's parent directory beneath the descriptor and then acts
 * on the last component relative to that parent, so the kernel never
 * follows anything the check did not see.  A call that follows the final
 * symlink opens the whole path beneath the descriptor instead.
 */
#include <string.h>

#include "p1.h"
#include "../resolve.h"

enum {
	LOOKUP_FOLLOW = 1,
	O_CREAT_ = 1, O_DIRECTORY_ = 2, O_EXCL_ = 4, O_TRUNC_ = 8,
};

#define R(name) WASI_RIGHT(WASI_R_##name)

/* The path argument (ptr, len) as a C string in buf. */
static uint32_t guest_path(WasiCtx *w, int32_t ptr, int32_t len, char buf[WASI_PATH_MAX])
{
	uint32_t n = (uint32_t)len;
	const uint8_t *p = wasi_span(w, (uint32_t)ptr, n);
	if (!p)
		return WASI_EFAULT;
	if (n >= WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	if (memchr(p, 0, n))
		return WASI_EINVAL;
	memcpy(buf, p, n);
	buf[n] = 0;
	return WASI_ESUCCESS;
}

/* The directory descriptor fd with `rights`: ENOTDIR for anything that
 * is not a directory, whatever its rights. */
static uint32_t dir_lookup(WasiCtx *w, int32_t fd, uint64_t rights, WasiFd **d)
{
	static const uint8_t dir[2] = { WASI_FILETYPE_DIRECTORY, WASI_FILETYPE_DIRECTORY };
	return wasi_fd_lookup_as(w, fd, rights, dir, WASI_ENOTDIR, d);
}

/* Argument order of a call naming one path: (fd, [flags,] path, len). */
typedef struct Named {
	WasiFd *dir;
	char path[WASI_PATH_MAX];
	WasiAt at;
} Named;

static uint32_t named(WasiCtx *w, int32_t fd, uint64_t rights, int32_t ptr, int32_t len, Named *n)
{
	n->at = (WasiAt){ .dir = -1 };
	uint32_t e = dir_lookup(w, fd, rights, &n->dir);
	if (!e)
		e = guest_path(w, ptr, len, n->path);
	if (!e)
		e = wasi_resolve_parent(n->dir->host, n->path, &n->at);
	return e;
}

/* ---- path_open */

/* path_open(fd, dirflags, path, len, oflags, base, inheriting, fdflags,
 * fd_ptr).  The new descriptor's rights are what was asked for, cut to
 * what the directory passes on and what its type allows; they decide
 * whether the host file is opened for reading, writing or both. */
uint32_t wasi_path_open(WasiCtx *w, const NacreValue *a)
{
	WasiFd *d;
	char path[WASI_PATH_MAX];
	uint32_t oflags = (uint32_t)a[4].i32 & 0xffff, fdflags = (uint32_t)a[7].i32 & 0xffff;
	uint64_t need = R(PATH_OPEN) | (oflags & O_CREAT_ ? R(PATH_CREATE_FILE) : 0) |
	                (oflags & O_TRUNC_ ? R(PATH_FILESTAT_SET_SIZE) : 0);
	uint32_t e = dir_lookup(w, a[0].i32, need, &d);
	if (!e)
		e = guest_path(w, a[2].i32, a[3].i32, path);
	if (e)
		return e;
	if (oflags & ~15u || fdflags & ~31u)
		return WASI_EINVAL;
	uint64_t base = (uint64_t)a[5].i64 & d->inheriting, inheriting = (uint64_t)a[6].i64 & d->inheriting;
	if (((fdflags & WASI_FD_DSYNC) && !(d->inheriting & R(FD_DATASYNC))) ||
	    ((fdflags & (WASI_FD_RSYNC | WASI_FD_SYNC)) && !(d->inheriting & R(FD_SYNC))))
		return WASI_ENOTCAPABLE;
	uint8_t *out = wasi_span(w, (uint32_t)a[8].i32, 4);
	if (!out)
		return WASI_EFAULT;

	/* A directory opened for writing fails with EISDIR, from the kernel. */
	uint32_t flags = oflags & O_DIRECTORY_ ? RT_SYS_O_READ | RT_SYS_O_DIRECTORY : 0;
	if (base & (R(FD_READ) | R(FD_READDIR)))
		flags |= RT_SYS_O_READ;
	if (base & (R(FD_WRITE) | R(FD_ALLOCATE) | R(FD_FILESTAT_SET_SIZE)))
		flags |= RT_SYS_O_WRITE;
	flags |= (oflags & O_CREAT_ ? RT_SYS_O_CREATE : 0) | (oflags & O_EXCL_ ? RT_SYS_O_EXCL : 0) |
	         (oflags & O_TRUNC_ ? RT_SYS_O_TRUNC : 0) | (fdflags & WASI_FD_APPEND ? RT_SYS_O_APPEND : 0) |
	         (fdflags & WASI_FD_NONBLOCK ? RT_SYS_O_NONBLOCK : 0) | (fdflags & WASI_FD_DSYNC ? RT_SYS_O_DSYNC : 0) |
	         (fdflags & WASI_FD_RSYNC ? RT_SYS_O_RSYNC : 0) | (fdflags & WASI_FD_SYNC ? RT_SYS_O_SYNC : 0);
	if (!((uint32_t)a[1].i32 & LOOKUP_FOLLOW))
		flags |= RT_SYS_O_NOFOLLOW;

	uint32_t fd;
	e = wasi_fd_open_at(w, d->host, path, flags, base, inheriting, &fd);
	if (!e)
		wasi_put_u32(out, fd);
	return e;
}

/* ---- Calls on names */

/* path_create_directory(fd, path, len) */
uint32_t wasi_path_create_directory(WasiCtx *w, const NacreValue *a)
{
	Named n;
	uint32_t e = named(w, a[0].i32, R(PATH_CREATE_DIRECTORY), a[1].i32, a[2].i32, &n);
	if (!e)
		e = wasi_result(rt_sys_mkdir(n.at.dir, n.at.name));
	wasi_at_close(&n.at);
	return e;
}

/* path_remove_directory(fd, path, len) */
uint32_t wasi_path_remove_directory(WasiCtx *w, const NacreValue *a)
{
	Named n;
	uint32_t e = named(w, a[0].i32, R(PATH_REMOVE_DIRECTORY), a[1].i32, a[2].i32, &n);
	if (!e)
		e = wasi_result(rt_sys_unlink(n.at.dir, n.at.name, true));
	wasi_at_close(&n.at);
	return e;
}

/* path_unlink_file(fd, path, len) */
uint32_t wasi_path_unlink_file(WasiCtx *w, const NacreValue *a)
{
	Named n;
	uint32_t e = named(w, a[0].i32, R(PATH_UNLINK_FILE), a[1].i32, a[2].i32, &n);
	if (!e)
		e = wasi_result(rt_sys_unlink(n.at.dir, n.at.name, false));
	wasi_at_close(&n.at);
	return e;
}

/* path_filestat_get(fd, flags, path, len, buf) */
uint32_t wasi_path_filestat_get(WasiCtx *w, const NacreValue *a)
{
	WasiFd *d;
	char path[WASI_PATH_MAX];
	uint32_t e = dir_lookup(w, a[0].i32, R(PATH_FILESTAT_GET), &d);
	if (!e)
		e = guest_path(w, a[2].i32, a[3].i32, path);
	if (e)
		return e;
	RtSysStat st;
	if ((uint32_t)a[1].i32 & LOOKUP_FOLLOW) {
		int host;
		e = wasi_resolve_open(d->host, path, RT_SYS_O_PATH, &host);
		if (e)
			return e;
		e = wasi_result(rt_sys_stat(host, "", false, &st));
		rt_sys_close(host);
	} else {
		WasiAt at;
		e = wasi_resolve_parent(d->host, path, &at);
		if (!e)
			e = wasi_result(rt_sys_stat(at.dir, at.name, false, &st));
		wasi_at_close(&at);
	}
	return e ? e : wasi_filestat_put(w, (uint32_t)a[4].i32, &st);
}

/* path_filestat_set_times(fd, flags, path, len, atim, mtim, fst_flags).
 * Following a symlink: the target is opened beneath the directory and
 * its times set through that descriptor. */
uint32_t wasi_path_filestat_set_times(WasiCtx *w, const NacreValue *a)
{
	WasiFd *d;
	char path[WASI_PATH_MAX];
	uint64_t ns[2];
	int how[2];
	uint32_t e = dir_lookup(w, a[0].i32, R(PATH_FILESTAT_SET_TIMES), &d);
	if (!e)
		e = wasi_times((uint32_t)a[6].i32 & 0xffff, (uint64_t)a[4].i64, (uint64_t)a[5].i64, ns, how);
	if (!e)
		e = guest_path(w, a[2].i32, a[3].i32, path);
	if (e)
		return e;
	if ((uint32_t)a[1].i32 & LOOKUP_FOLLOW) {
		/* Checks that the whole path, final symlink and all, stays
		 * beneath (before resolve_parent cuts it at its last slash),
		 * then lets the kernel follow it from the parent checked. */
		int host;
		e = wasi_resolve_open(d->host, path, RT_SYS_O_PATH, &host);
		if (e)
			return e;
		rt_sys_close(host);
	}
	WasiAt at;
	e = wasi_resolve_parent(d->host, path, &at);
	if (!e)
		e = wasi_result(rt_sys_set_times(at.dir, at.name, (uint32_t)a[1].i32 & LOOKUP_FOLLOW, ns, how));
	wasi_at_close(&at);
	return e;
}

/* path_readlink(fd, path, len, buf, buf_len, bufused_ptr): the target,
 * cut to the buffer, without a NUL. */
uint32_t wasi_path_readlink(WasiCtx *w, const NacreValue *a)
{
	Named n;
	uint32_t e = named(w, a[0].i32, R(PATH_READLINK), a[1].i32, a[2].i32, &n);
	uint32_t len = (uint32_t)a[4].i32;
	uint8_t *buf = e ? NULL : wasi_span(w, (uint32_t)a[3].i32, len), *used = wasi_span(w, (uint32_t)a[5].i32, 4);
	if (!e && (!buf || !used))
		e = WASI_EFAULT;
	if (!e) {
		char target[WASI_PATH_MAX];
		long r = rt_sys_readlink(n.at.dir, n.at.name, target, sizeof target);
		if (r < 0)
			e = wasi_errno(-r);
		else {
			uint32_t k = (uint32_t)r < len ? (uint32_t)r : len;
			memcpy(buf, target, k);
			wasi_put_u32(used, k);
		}
	}
	wasi_at_close(&n.at);
	return e;
}

/* path_symlink(target, target_len, fd, path, len): a symlink may hold
 * only a relative target, so that nothing it names lies outside by
 * construction (following one is checked again anyway). */
uint32_t wasi_path_symlink(WasiCtx *w, const NacreValue *a)
{
	char target[WASI_PATH_MAX];
	uint32_t e = guest_path(w, a[0].i32, a[1].i32, target);
	if (e)
		return e;
	if (target[0] == '/')
		return WASI_ENOTCAPABLE;
	Named n;
	e = named(w, a[2].i32, R(PATH_SYMLINK), a[3].i32, a[4].i32, &n);
	if (!e)
		e = wasi_result(rt_sys_symlink(target, n.at.dir, n.at.name));
	wasi_at_close(&n.at);
	return e;
}

/* path_rename(fd, path, len, new_fd, new_path, new_len) */
uint32_t wasi_path_rename(WasiCtx *w, const NacreValue *a)
{
	Named from, to;
	from.at = to.at = (WasiAt){ .dir = -1 };
	uint32_t e = named(w, a[0].i32, R(PATH_RENAME_SOURCE), a[1].i32, a[2].i32, &from);
	if (!e)
		e = named(w, a[3].i32, R(PATH_RENAME_TARGET), a[4].i32, a[5].i32, &to);
	if (!e)
		e = wasi_result(rt_sys_rename(from.at.dir, from.at.name, to.at.dir, to.at.name));
	wasi_at_close(&from.at);
	wasi_at_close(&to.at);
	return e;
}

/* path_link(fd, flags, path, len, new_fd, new_path, new_len).  Following
 * a symlink would let the kernel resolve its target unchecked, so it is
 * refused (as other runtimes do). */
uint32_t wasi_path_link(WasiCtx *w, const NacreValue *a)
{
	if ((uint32_t)a[1].i32 & LOOKUP_FOLLOW)
		return WASI_EINVAL;
	Named from, to;
	from.at = to.at = (WasiAt){ .dir = -1 };
	uint32_t e = named(w, a[0].i32, R(PATH_LINK_SOURCE), a[2].i32, a[3].i32, &from);
	if (!e)
		e = named(w, a[4].i32, R(PATH_LINK_TARGET), a[5].i32, a[6].i32, &to);
	if (!e)
		e = wasi_result(rt_sys_link(from.at.dir, from.at.name, to.at.dir, to.at.name, false));
	wasi_at_close(&from.at);
	wasi_at_close(&to.at);
	return e;
}
