/* wasi-shim/fdtable.c: the program's descriptors and what it was granted.
 * A guest descriptor is an index into the table; each slot holds a host
 * descriptor and its preview1 rights.  Rights only ever shrink: a new
 * descriptor gets at most its directory's inheriting rights, and
 * fd_fdstat_set_rights can only drop some.  The calls that work on the
 * table itself (close, renumber, prestat, fdstat) are here too.
 */
#include <string.h>

#include "wasi.h"

enum { AT_FDCWD = -100, MAX_FDS = 1 << 16, FDSTAT_SIZE = 24, PRESTAT_SIZE = 8 };

#define R(name) WASI_RIGHT(WASI_R_##name)
/* What a descriptor of each kind can do at all. */
static const uint64_t FILE_RIGHTS = R(FD_DATASYNC) | R(FD_READ) | R(FD_SEEK) | R(FD_FDSTAT_SET_FLAGS) |
	R(FD_SYNC) | R(FD_TELL) | R(FD_WRITE) | R(FD_ADVISE) | R(FD_ALLOCATE) | R(FD_FILESTAT_GET) |
	R(FD_FILESTAT_SET_SIZE) | R(FD_FILESTAT_SET_TIMES) | R(POLL_FD_READWRITE);
static const uint64_t DIR_RIGHTS = R(FD_DATASYNC) | R(FD_FDSTAT_SET_FLAGS) | R(FD_SYNC) |
	R(PATH_CREATE_DIRECTORY) | R(PATH_CREATE_FILE) | R(PATH_LINK_SOURCE) | R(PATH_LINK_TARGET) |
	R(PATH_OPEN) | R(FD_READDIR) | R(PATH_READLINK) | R(PATH_RENAME_SOURCE) | R(PATH_RENAME_TARGET) |
	R(PATH_FILESTAT_GET) | R(PATH_FILESTAT_SET_SIZE) | R(PATH_FILESTAT_SET_TIMES) | R(FD_FILESTAT_GET) |
	R(FD_FILESTAT_SET_TIMES) | R(PATH_SYMLINK) | R(PATH_REMOVE_DIRECTORY) | R(PATH_UNLINK_FILE);
/* A terminal or pipe: no seek or tell, which is how wasi-libc's isatty
 * tells a terminal from a character device it could seek. */
static const uint64_t STREAM_RIGHTS = R(FD_READ) | R(FD_WRITE) | R(FD_FDSTAT_SET_FLAGS) | R(FD_FILESTAT_GET) |
	R(POLL_FD_READWRITE);
static const uint64_t SOCKET_RIGHTS = R(FD_READ) | R(FD_WRITE) | R(FD_FDSTAT_SET_FLAGS) | R(FD_FILESTAT_GET) |
	R(POLL_FD_READWRITE) | R(SOCK_SHUTDOWN) | R(SOCK_ACCEPT);
/* What a read-only grant withholds from the directory and all it opens. */
static const uint64_t CHANGE_RIGHTS = R(FD_WRITE) | R(FD_ALLOCATE) | R(FD_FILESTAT_SET_SIZE) |
	R(FD_FILESTAT_SET_TIMES) | R(PATH_CREATE_DIRECTORY) | R(PATH_CREATE_FILE) | R(PATH_LINK_SOURCE) |
	R(PATH_LINK_TARGET) | R(PATH_RENAME_SOURCE) | R(PATH_RENAME_TARGET) | R(PATH_FILESTAT_SET_SIZE) |
	R(PATH_FILESTAT_SET_TIMES) | R(PATH_SYMLINK) | R(PATH_REMOVE_DIRECTORY) | R(PATH_UNLINK_FILE);
#undef R

uint64_t wasi_rights_for(uint8_t type)
{
	switch (type) {
	case WASI_FILETYPE_REGULAR_FILE:
	case WASI_FILETYPE_BLOCK_DEVICE: return FILE_RIGHTS;
	case WASI_FILETYPE_DIRECTORY: return DIR_RIGHTS;
	case WASI_FILETYPE_SOCKET_STREAM:
	case WASI_FILETYPE_SOCKET_DGRAM: return SOCKET_RIGHTS;
	default: return STREAM_RIGHTS;
	}
}

uint8_t wasi_filetype(int host, uint32_t mode)
{
	switch (mode & RT_SYS_S_IFMT) {
	case RT_SYS_S_IFREG: return WASI_FILETYPE_REGULAR_FILE;
	case RT_SYS_S_IFDIR: return WASI_FILETYPE_DIRECTORY;
	case RT_SYS_S_IFCHR: return WASI_FILETYPE_CHARACTER_DEVICE;
	case RT_SYS_S_IFBLK: return WASI_FILETYPE_BLOCK_DEVICE;
	case RT_SYS_S_IFLNK: return WASI_FILETYPE_SYMBOLIC_LINK;
	case RT_SYS_S_IFSOCK:
		return host >= 0 && rt_sys_socket_type(host) == 2 ? WASI_FILETYPE_SOCKET_DGRAM
		                                                   : WASI_FILETYPE_SOCKET_STREAM;
	default: return WASI_FILETYPE_UNKNOWN; /* a pipe */
	}
}

static bool grow(WasiCtx *w, uint32_t n)
{
	if (n <= w->nfds)
		return true;
	WasiFd *fds = rt_sys_realloc(w->fds, (size_t)n * sizeof *fds);
	if (!fds)
		return false;
	for (uint32_t i = w->nfds; i < n; i++)
		fds[i] = (WasiFd){ .host = WASI_HOST_FREE };
	w->fds = fds;
	w->nfds = n;
	return true;
}

bool wasi_ctx_init_bare(WasiCtx *w, int argc, char **argv)
{
	*w = (WasiCtx){ .argc = argc, .argv = argv };
	return grow(w, 3);
}

static void release(WasiFd *f)
{
	if (f->host >= 0 && !f->shared)
		rt_sys_close(f->host);
	rt_sys_free(f->preopen);
	*f = (WasiFd){ .host = WASI_HOST_FREE };
}

bool wasi_ctx_stdio(WasiCtx *w, int fd, int host)
{
	release(&w->fds[fd]);
	RtSysStat st;
	if (host < 0)
		return true;
	if (rt_sys_stat(host, "", false, &st) != 0)
		return false;
	uint8_t type = wasi_filetype(host, st.mode);
	w->fds[fd] = (WasiFd){ .host = host, .type = type, .shared = true, .base = wasi_rights_for(type) };
	return true;
}

/* A memory stream reads or writes, like a pipe, and nothing else. */
bool wasi_ctx_stdio_stream(WasiCtx *w, int fd)
{
	release(&w->fds[fd]);
	uint64_t io = WASI_RIGHT(w->streams[fd].input ? WASI_R_FD_READ : WASI_R_FD_WRITE);
	w->fds[fd] = (WasiFd){ .host = WASI_HOST_STREAM, .type = WASI_FILETYPE_UNKNOWN, .stream = &w->streams[fd],
	                       .base = io | WASI_RIGHT(WASI_R_FD_FILESTAT_GET) | WASI_RIGHT(WASI_R_POLL_FD_READWRITE) };
	return true;
}

bool wasi_ctx_init(WasiCtx *w, int argc, char **argv)
{
	if (!wasi_ctx_init_bare(w, argc, argv))
		return false;
	for (int fd = 0; fd < 3; fd++)
		wasi_ctx_stdio(w, fd, fd); /* one not open in this process is not open for the program either */
	return true;
}

void wasi_ctx_free(WasiCtx *w)
{
	for (uint32_t i = 0; i < w->nfds; i++)
		release(&w->fds[i]);
	for (int i = 0; i < w->envc; i++)
		rt_sys_free(w->envp[i]);
	rt_sys_free(w->envp);
	rt_sys_free(w->fds);
	rt_sys_free(w->bindings);
	for (int i = 0; i < 3; i++)
		wasi_stream_free(&w->streams[i]);
	*w = (WasiCtx){ 0 };
}

/* 0-2 stay the standard streams' even when closed, so that preopens are
 * 3, 4, ..., where wasi-libc looks for them. */
uint32_t wasi_fd_insert(WasiCtx *w, int host, uint8_t type, uint64_t base, uint64_t inheriting, uint32_t *fd)
{
	uint32_t i = 3;
	while (i < w->nfds && w->fds[i].host != WASI_HOST_FREE)
		i++;
	if (i == w->nfds && (i >= MAX_FDS || !grow(w, i < 8 ? 8 : i * 2 > MAX_FDS ? MAX_FDS : i * 2))) {
		rt_sys_close(host);
		return i >= MAX_FDS ? WASI_EMFILE : WASI_ENOMEM;
	}
	w->fds[i] = (WasiFd){ .host = host, .type = type, .base = base, .inheriting = inheriting };
	*fd = i;
	return WASI_ESUCCESS;
}

static char *copy(const char *s, size_t n)
{
	char *c = rt_sys_alloc(n + 1);
	if (c) {
		memcpy(c, s, n);
		c[n] = 0;
	}
	return c;
}

NacreStatus wasi_ctx_preopen(WasiCtx *w, const char *host, const char *guest, bool read_only, NacreError *err)
{
	long h = rt_sys_open(AT_FDCWD, host, RT_SYS_O_READ | RT_SYS_O_DIRECTORY, false);
	if (h < 0) {
		rt_sys_format(err->message, sizeof err->message, "cannot open granted directory '%s': %s (errno %d)",
		              host, rt_sys_errno_text((int)-h), (int)-h);
		return NACRE_ERROR;
	}
	uint64_t withheld = read_only ? CHANGE_RIGHTS : 0;
	uint32_t fd;
	char *name = copy(guest, strlen(guest));
	if (!name)
		rt_sys_close((int)h);
	if (!name || wasi_fd_insert(w, (int)h, WASI_FILETYPE_DIRECTORY, DIR_RIGHTS & ~withheld,
	                            WASI_RIGHTS_ALL & ~withheld, &fd) != WASI_ESUCCESS) {
		rt_sys_free(name); /* insert closed h */
		rt_sys_format(err->message, sizeof err->message, "out of memory");
		return NACRE_ERROR;
	}
	w->fds[fd].preopen = name;
	return NACRE_OK;
}

bool wasi_ctx_env(WasiCtx *w, const char *name, size_t name_len, const char *value)
{
	size_t vlen = strlen(value);
	char **envp = rt_sys_realloc(w->envp, ((size_t)w->envc + 1) * sizeof *envp);
	if (!envp)
		return false;
	w->envp = envp;
	char *e = rt_sys_alloc(name_len + vlen + 2);
	if (!e)
		return false;
	memcpy(e, name, name_len);
	e[name_len] = '=';
	memcpy(e + name_len + 1, value, vlen + 1);
	envp[w->envc++] = e;
	return true;
}

uint32_t wasi_fd_lookup(WasiCtx *w, int32_t fd, uint64_t rights, WasiFd **out)
{
	if (fd < 0 || (uint32_t)fd >= w->nfds || w->fds[fd].host == WASI_HOST_FREE)
		return WASI_EBADF;
	*out = &w->fds[fd];
	return (w->fds[fd].base & rights) == rights ? WASI_ESUCCESS : WASI_ENOTCAPABLE;
}

uint32_t wasi_fd_lookup_as(WasiCtx *w, int32_t fd, uint64_t rights, const uint8_t types[2], uint32_t wrong,
                           WasiFd **out)
{
	uint32_t e = wasi_fd_lookup(w, fd, 0, out);
	if (e)
		return e;
	if ((*out)->type != types[0] && (*out)->type != types[1])
		return wrong;
	return ((*out)->base & rights) == rights ? WASI_ESUCCESS : WASI_ENOTCAPABLE;
}

/* ---- The calls on the table */

/* A preopened directory's descriptor: EBADF for any other. */
static uint32_t preopen_lookup(WasiCtx *w, int32_t fd, WasiFd **f)
{
	uint32_t e = wasi_fd_lookup(w, fd, 0, f);
	return e ? e : (*f)->preopen ? WASI_ESUCCESS : WASI_EBADF;
}

uint32_t wasi_fd_close(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, 0, &f);
	if (e)
		return e;
	release(f);
	return WASI_ESUCCESS;
}

/* fd_renumber(from, to): `to` is closed and becomes `from`. */
uint32_t wasi_fd_renumber(WasiCtx *w, const NacreValue *a)
{
	WasiFd *from, *to;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, 0, &from);
	if (!e)
		e = wasi_fd_lookup(w, a[1].i32, 0, &to);
	if (e || from == to)
		return e;
	release(to);
	*to = *from;
	*from = (WasiFd){ .host = WASI_HOST_FREE };
	return WASI_ESUCCESS;
}

/* fd_prestat_get(fd, buf): tag 0 (a directory) and the name's length. */
uint32_t wasi_fd_prestat_get(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = preopen_lookup(w, a[0].i32, &f);
	if (e)
		return e;
	uint8_t *p = wasi_span(w, (uint32_t)a[1].i32, PRESTAT_SIZE);
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, PRESTAT_SIZE);
	wasi_put_u32(p + 4, (uint32_t)strlen(f->preopen));
	return WASI_ESUCCESS;
}

/* fd_prestat_dir_name(fd, buf, len): the name, not NUL-terminated. */
uint32_t wasi_fd_prestat_dir_name(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = preopen_lookup(w, a[0].i32, &f);
	if (e)
		return e;
	size_t n = strlen(f->preopen);
	if ((uint32_t)a[2].i32 < n)
		return WASI_ENAMETOOLONG;
	uint8_t *p = wasi_span(w, (uint32_t)a[1].i32, n);
	if (!p)
		return WASI_EFAULT;
	memcpy(p, f->preopen, n);
	return WASI_ESUCCESS;
}

static uint16_t fdflags(long sys)
{
	uint16_t f = 0;
	f |= sys & RT_SYS_O_APPEND ? WASI_FD_APPEND : 0;
	f |= sys & RT_SYS_O_DSYNC ? WASI_FD_DSYNC : 0;
	f |= sys & RT_SYS_O_NONBLOCK ? WASI_FD_NONBLOCK : 0;
	f |= sys & RT_SYS_O_RSYNC ? WASI_FD_RSYNC : 0;
	f |= sys & RT_SYS_O_SYNC ? WASI_FD_SYNC : 0;
	return f;
}

/* fd_fdstat_get(fd, buf): filetype u8, flags u16 at 2, rights_base u64
 * at 8, rights_inheriting u64 at 16. */
uint32_t wasi_fd_fdstat_get(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, 0, &f);
	if (e)
		return e;
	uint8_t *p = wasi_span(w, (uint32_t)a[1].i32, FDSTAT_SIZE);
	if (!p)
		return WASI_EFAULT;
	long flags = f->stream ? 0 : rt_sys_get_flags(f->host);
	if (flags < 0)
		return wasi_errno(-flags);
	memset(p, 0, FDSTAT_SIZE);
	p[0] = f->type;
	wasi_put_u16(p + 2, fdflags(flags));
	wasi_put_u64(p + 8, f->base);
	wasi_put_u64(p + 16, f->inheriting);
	return WASI_ESUCCESS;
}

/* fd_fdstat_set_flags(fd, flags): Linux can change append and
 * non-blocking on an open descriptor, not the synchronous modes. */
uint32_t wasi_fd_fdstat_set_flags(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, WASI_RIGHT(WASI_R_FD_FDSTAT_SET_FLAGS), &f);
	if (e)
		return e;
	uint32_t flags = (uint32_t)a[1].i32 & 0xffff;
	if (flags & ~(uint32_t)(WASI_FD_APPEND | WASI_FD_DSYNC | WASI_FD_NONBLOCK | WASI_FD_RSYNC | WASI_FD_SYNC))
		return WASI_EINVAL;
	if (flags & (WASI_FD_DSYNC | WASI_FD_RSYNC | WASI_FD_SYNC))
		return WASI_ENOTSUP;
	uint32_t sys = (flags & WASI_FD_APPEND ? RT_SYS_O_APPEND : 0) | (flags & WASI_FD_NONBLOCK ? RT_SYS_O_NONBLOCK : 0);
	return wasi_result(rt_sys_set_flags(f->host, sys));
}

/* fd_fdstat_set_rights(fd, base, inheriting): may only drop rights. */
uint32_t wasi_fd_fdstat_set_rights(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, 0, &f);
	if (e)
		return e;
	uint64_t base = (uint64_t)a[1].i64, inheriting = (uint64_t)a[2].i64;
	if ((base & ~f->base) || (inheriting & ~f->inheriting))
		return WASI_ENOTCAPABLE;
	f->base = base;
	f->inheriting = inheriting;
	return WASI_ESUCCESS;
}
