/* wasi-shim/resolve.c: opening a program's path strictly beneath a
 * directory.  openat2(RESOLVE_BENEATH) makes the kernel refuse every
 * escape; where that call is missing, walk() resolves the path one
 * component at a time: each directory is opened with O_NOFOLLOW relative
 * to the one before, every symlink is read and its target spliced into
 * the rest of the path (an absolute target is an escape), and ".." pops a
 * stack of open directories, so it can never rise above the start.
 */
#include <string.h>

#include "wasi.h"
#include "resolve.h"

enum { EPERM_ = 1, ENOENT_ = 2, EAGAIN_ = 11, EINVAL_ = 22, ENOSYS_ = 38, EXDEV_ = 18, MAX_DEPTH = 256, MAX_LINKS = 40 };

/* The process's only shared state, both atomic: a test's switch to the
 * walk, and what the kernel said of openat2 (the same for every thread). */
static bool force_walk;
static bool no_openat2;

void wasi_resolve_force_walk(bool on) { __atomic_store_n(&force_walk, on, __ATOMIC_RELAXED); }

static bool is_dots(const char *s, size_t n, size_t dots)
{
	return n == dots && (dots == 1 ? s[0] == '.' : s[0] == '.' && s[1] == '.');
}

/* The walk.  stack[0..depth) are the directories entered below root. */
static uint32_t walk(int root, const char *path, uint32_t flags, int *host)
{
	char bufs[2][WASI_PATH_MAX];
	char *rest = bufs[0];
	size_t len = strlen(path);
	memcpy(rest, path, len + 1);
	int stack[MAX_DEPTH], depth = 0, links = 0;
	uint32_t e = WASI_ESUCCESS;
	size_t i = 0;
	if (!len)
		return WASI_ENOENT;
	for (;;) {
		if (rest[0] == '/') {
			e = WASI_ENOTCAPABLE;
			break;
		}
		while (rest[i] == '/')
			i++;
		size_t start = i;
		while (rest[i] && rest[i] != '/')
			i++;
		size_t n = i - start, j = i;
		while (rest[j] == '/')
			j++;
		bool last = rest[j] == 0, slash = rest[i] == '/';
		int cur = depth ? stack[depth - 1] : root;
		char comp[WASI_PATH_MAX];
		memcpy(comp, rest + start, n);
		comp[n] = 0;
		if (n == 0 || is_dots(comp, n, 1) || is_dots(comp, n, 2)) {
			if (is_dots(comp, n, 2)) {
				if (depth == 0) {
					e = WASI_ENOTCAPABLE;
					break;
				}
				rt_sys_close(stack[--depth]);
				cur = depth ? stack[depth - 1] : root;
			}
			if (last) {
				long r = rt_sys_open(cur, ".", flags & ~(uint32_t)(RT_SYS_O_CREATE | RT_SYS_O_EXCL), false);
				e = r < 0 ? wasi_errno(-r) : WASI_ESUCCESS;
				*host = (int)r;
				break;
			}
			continue;
		}
		/* A symlink is followed unless it is the last component, not
		 * followed by a slash, and the caller asked not to. */
		if (!last || slash || !(flags & RT_SYS_O_NOFOLLOW)) {
			char target[WASI_PATH_MAX];
			long t = rt_sys_readlink(cur, comp, target, sizeof target - 1);
			if (t >= 0) {
				if (++links > MAX_LINKS) {
					e = WASI_ELOOP;
					break;
				}
				char *next = rest == bufs[0] ? bufs[1] : bufs[0];
				size_t tail = strlen(rest + i);
				if ((size_t)t + tail + 1 > WASI_PATH_MAX) {
					e = WASI_ENAMETOOLONG;
					break;
				}
				memcpy(next, target, (size_t)t);
				memcpy(next + t, rest + i, tail + 1); /* the rest keeps its leading slash */
				rest = next;
				i = 0;
				if (t == 0) {
					e = WASI_ENOENT;
					break;
				}
				continue;
			}
			if (t != -EINVAL_ && !(t == -ENOENT_ && last)) {
				e = wasi_errno(-t);
				break;
			}
		}
		if (last) {
			uint32_t f = flags | RT_SYS_O_NOFOLLOW | (slash ? RT_SYS_O_DIRECTORY : 0);
			long r = rt_sys_open(cur, comp, f, false);
			e = r < 0 ? wasi_errno(-r) : WASI_ESUCCESS;
			*host = (int)r;
			break;
		}
		if (depth == MAX_DEPTH) {
			e = WASI_ENAMETOOLONG;
			break;
		}
		long r = rt_sys_open(cur, comp, RT_SYS_O_PATH | RT_SYS_O_DIRECTORY | RT_SYS_O_NOFOLLOW, false);
		if (r < 0) {
			e = wasi_errno(-r);
			break;
		}
		stack[depth++] = (int)r;
	}
	while (depth)
		rt_sys_close(stack[--depth]);
	return e;
}

uint32_t wasi_resolve_open(int root, const char *path, uint32_t flags, int *host)
{
	if (path[0] == '/')
		return WASI_ENOTCAPABLE;
	if (!path[0])
		return WASI_ENOENT;
	if (!__atomic_load_n(&force_walk, __ATOMIC_RELAXED) && !__atomic_load_n(&no_openat2, __ATOMIC_RELAXED)) {
		long r;
		int tries = 0;
		do /* the kernel asks again when a rename raced a ".." */
			r = rt_sys_open(root, path, flags, true);
		while (r == -EAGAIN_ && ++tries < 8);
		if (r >= 0) {
			*host = (int)r;
			return WASI_ESUCCESS;
		}
		/* Some filters answer EPERM for a call they do not know; the
		 * kernel's own EPERM (an immutable file) comes back from the
		 * walk as well, so this call asks the walk, the next openat2. */
		if (r != -ENOSYS_ && r != -EPERM_)
			return r == -EXDEV_ ? WASI_ENOTCAPABLE : wasi_errno(-r);
		__atomic_store_n(&no_openat2, r == -ENOSYS_, __ATOMIC_RELAXED);
	}
	return walk(root, path, flags, host);
}

/* A trailing slash makes the kernel follow a final symlink even where
 * the call itself would not, so such a path is first resolved beneath
 * root, symlink and all: false only for an escape.  Any other error
 * (ENOENT for a name still to be made) is the kernel's to report. */
static bool beneath(int root, const char *path)
{
	int fd;
	uint32_t e = wasi_resolve_open(root, path, RT_SYS_O_PATH, &fd);
	if (!e)
		rt_sys_close(fd);
	return e != WASI_ENOTCAPABLE;
}

uint32_t wasi_resolve_parent(int root, char *path, WasiAt *at)
{
	*at = (WasiAt){ .dir = -1 };
	if (path[0] == '/')
		return WASI_ENOTCAPABLE;
	size_t end = strlen(path);
	while (end && path[end - 1] == '/')
		end--;
	if (end == 0)
		return WASI_ENOENT;
	size_t start = end;
	while (start && path[start - 1] != '/')
		start--;
	const char *comp = path + start;
	size_t n = end - start;
	if (is_dots(comp, n, 1) || is_dots(comp, n, 2)) {
		int fd;
		uint32_t e = wasi_resolve_open(root, path, RT_SYS_O_PATH | RT_SYS_O_DIRECTORY, &fd);
		if (!e)
			*at = (WasiAt){ fd, true, "." };
		return e;
	}
	if (path[end] && !beneath(root, path))
		return WASI_ENOTCAPABLE;
	if (start == 0) {
		*at = (WasiAt){ root, false, path };
		return WASI_ESUCCESS;
	}
	path[start - 1] = 0;
	int fd;
	uint32_t e = wasi_resolve_open(root, path, RT_SYS_O_PATH | RT_SYS_O_DIRECTORY, &fd);
	if (!e)
		*at = (WasiAt){ fd, true, path + start };
	return e;
}

void wasi_at_close(WasiAt *at)
{
	if (at->owned && at->dir >= 0)
		rt_sys_close(at->dir);
	*at = (WasiAt){ .dir = -1 };
}
