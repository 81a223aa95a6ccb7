/* wasi-shim/fdtable.c: the program's descriptors and what it was granted.
 * A guest descriptor is an index into the table; each slot holds a host
 * descriptor and its rights (preview1's, which every version's calls
 * check).  Rights only ever shrink: a new descriptor gets at most its
 * directory's inheriting rights, and fd_fdstat_set_rights can only drop
 * some.  The calls on the table itself are each version's (p1/table.c).
 */
#include <string.h>

#include "resolve.h"
#include "wasi.h"

enum { AT_FDCWD = -100, MAX_FDS = 1 << 16 };

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

void wasi_fd_release(WasiFd *f)
{
	if (f->host >= 0 && !f->shared)
		rt_sys_close(f->host);
	rt_sys_free(f->preopen);
	*f = (WasiFd){ .host = WASI_HOST_FREE };
}

bool wasi_ctx_stdio(WasiCtx *w, int fd, int host)
{
	wasi_fd_release(&w->fds[fd]);
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
	wasi_fd_release(&w->fds[fd]);
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
		wasi_fd_release(&w->fds[i]);
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

uint32_t wasi_fd_open_at(WasiCtx *w, int root, const char *path, uint32_t flags, uint64_t base, uint64_t inheriting,
                         uint32_t *fd)
{
	int host;
	uint32_t e = wasi_resolve_open(root, path, flags, &host);
	if (e)
		return e;
	RtSysStat st;
	int r = rt_sys_stat(host, "", false, &st);
	if (r < 0) {
		rt_sys_close(host);
		return wasi_errno(-r);
	}
	uint8_t type = wasi_filetype(host, st.mode);
	return wasi_fd_insert(w, host, type, base & wasi_rights_for(type), inheriting, fd);
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
