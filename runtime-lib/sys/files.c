/* runtime-lib/sys/files.c: files, directories, sockets and polling for
 * the WASI shim (sys.h), as Linux system calls made directly.  Built into
 * both the freestanding runtime and the libc one: these calls keep no
 * state in libc, and making them directly gives both builds the same
 * numbers, flags and structure layouts (statx, linux_dirent64 and open_how
 * are the same on every architecture).  <arch>/arch.h has the call
 * numbers and the few open flags that differ.
 */
#include "sys.h"
#include "arch.h"

enum {
	AT_FDCWD_ = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_SYMLINK_FOLLOW = 0x400,
	AT_EMPTY_PATH = 0x1000, STATX_BASIC = 0x7ff,
	O_WRONLY_ = 1, O_RDWR_ = 2, O_CREAT_ = 0100, O_EXCL_ = 0200, O_NOCTTY_ = 0400, O_TRUNC_ = 01000,
	O_APPEND_ = 02000, O_NONBLOCK_ = 04000, O_DSYNC_ = 010000, O_SYNC_ = 04010000,
	O_CLOEXEC_ = 02000000, O_PATH_ = 010000000,
	RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_BENEATH = 0x08,
	F_GETFL = 3, F_SETFL = 4, FIONREAD = 0x541b,
	SOL_SOCKET = 1, SO_TYPE = 3, MSG_NOSIGNAL = 0x4000, SOCK_CLOEXEC = 02000000, SOCK_NONBLOCK = 04000,
	UTIME_NOW = (1 << 30) - 1, UTIME_OMIT = (1 << 30) - 2,
	EINVAL_ = 22,
};

typedef struct OpenHow { uint64_t flags, mode, resolve; } OpenHow;
typedef struct Timespec { long sec, nsec; } Timespec;
typedef struct MsgHdr {
	void *name;
	uint32_t namelen;
	const RtSysIovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
} MsgHdr;

#define sys3(nr, a, b, c) rt_syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(nr, a, b, c, d) rt_syscall6((nr), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys5(nr, a, b, c, d, e) rt_syscall6((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

static uint64_t open_flags(uint32_t f)
{
	if (f & RT_SYS_O_PATH)
		return O_PATH_ | O_CLOEXEC_ | (f & RT_SYS_O_DIRECTORY ? RT_O_DIRECTORY : 0) |
		       (f & RT_SYS_O_NOFOLLOW ? RT_O_NOFOLLOW : 0);
	uint64_t o = O_CLOEXEC_ | O_NOCTTY_;
	if ((f & RT_SYS_O_READ) && (f & RT_SYS_O_WRITE))
		o |= O_RDWR_;
	else if (f & RT_SYS_O_WRITE)
		o |= O_WRONLY_;
	static const struct { uint32_t ours; uint64_t sys; } map[] = {
		{ RT_SYS_O_CREATE, O_CREAT_ }, { RT_SYS_O_EXCL, O_EXCL_ }, { RT_SYS_O_TRUNC, O_TRUNC_ },
		{ RT_SYS_O_APPEND, O_APPEND_ }, { RT_SYS_O_DIRECTORY, RT_O_DIRECTORY },
		{ RT_SYS_O_NOFOLLOW, RT_O_NOFOLLOW }, { RT_SYS_O_NONBLOCK, O_NONBLOCK_ },
		{ RT_SYS_O_DSYNC, O_DSYNC_ }, { RT_SYS_O_SYNC, O_SYNC_ }, { RT_SYS_O_RSYNC, O_SYNC_ },
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (f & map[i].ours)
			o |= map[i].sys;
	return o;
}

long rt_sys_open(int dirfd, const char *path, uint32_t flags, bool beneath)
{
	OpenHow how = { open_flags(flags), flags & RT_SYS_O_CREATE ? 0666 : 0, 0 };
	if (!beneath)
		return sys4(RT_NR_OPENAT, dirfd, path, how.flags, how.mode);
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	return sys4(RT_NR_OPENAT2, dirfd, path, &how, sizeof how);
}

int rt_sys_close(int fd) { return (int)sys3(RT_NR_CLOSE, fd, 0, 0); }
long rt_sys_readv(int fd, const RtSysIovec *iov, int n) { return sys3(RT_NR_READV, fd, iov, n); }
long rt_sys_writev(int fd, const RtSysIovec *iov, int n) { return sys3(RT_NR_WRITEV, fd, iov, n); }

/* The offset goes as (low, high) halves of a long: on a 64-bit target
 * the low one holds all of it. */
long rt_sys_preadv(int fd, const RtSysIovec *iov, int n, uint64_t offset)
{
	return sys5(RT_NR_PREADV, fd, iov, n, offset, 0);
}

long rt_sys_pwritev(int fd, const RtSysIovec *iov, int n, uint64_t offset)
{
	return sys5(RT_NR_PWRITEV, fd, iov, n, offset, 0);
}

int64_t rt_sys_seek(int fd, int64_t offset, int whence) { return sys3(RT_NR_LSEEK, fd, offset, whence); }
int rt_sys_truncate(int fd, uint64_t size) { return (int)sys3(RT_NR_FTRUNCATE, fd, size, 0); }
int rt_sys_allocate(int fd, uint64_t offset, uint64_t len)
{
	return (int)sys4(RT_NR_FALLOCATE, fd, 0, offset, len);
}
int rt_sys_sync(int fd, bool data_only) { return (int)sys3(data_only ? RT_NR_FDATASYNC : RT_NR_FSYNC, fd, 0, 0); }
int rt_sys_advise(int fd, uint64_t offset, uint64_t len, int advice)
{
	return (int)sys4(RT_NR_FADVISE, fd, offset, len, advice);
}

long rt_sys_get_flags(int fd)
{
	long o = sys3(RT_NR_FCNTL, fd, F_GETFL, 0);
	if (o < 0)
		return o;
	long f = 0;
	if (o & O_APPEND_)
		f |= RT_SYS_O_APPEND;
	if (o & O_NONBLOCK_)
		f |= RT_SYS_O_NONBLOCK;
	if ((o & O_SYNC_) == O_SYNC_)
		f |= RT_SYS_O_SYNC | RT_SYS_O_RSYNC;
	if (o & O_DSYNC_)
		f |= RT_SYS_O_DSYNC;
	return f;
}

int rt_sys_set_flags(int fd, uint32_t flags)
{
	long o = sys3(RT_NR_FCNTL, fd, F_GETFL, 0);
	if (o < 0)
		return (int)o;
	o &= ~(long)(O_APPEND_ | O_NONBLOCK_);
	o |= (flags & RT_SYS_O_APPEND ? O_APPEND_ : 0) | (flags & RT_SYS_O_NONBLOCK ? O_NONBLOCK_ : 0);
	return (int)sys3(RT_NR_FCNTL, fd, F_SETFL, o);
}

/* ---- Metadata: statx, whose layout is the same on every architecture. */

static uint64_t u64_at(const uint8_t *p, size_t off)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[off + (size_t)i];
	return v;
}

static uint32_t u32_at(const uint8_t *p, size_t off) { return (uint32_t)u64_at(p, off); }

static uint64_t time_at(const uint8_t *p, size_t off)
{
	return u64_at(p, off) * 1000000000u + u32_at(p, off + 8);
}

/* glibc's makedev, so that st_dev reads as it does natively. */
static uint64_t device(uint32_t major, uint32_t minor)
{
	return ((uint64_t)(major & 0xfffff000u) << 32) | ((uint64_t)(major & 0xfffu) << 8) |
	       ((uint64_t)(minor & 0xffffff00u) << 12) | (minor & 0xffu);
}

int rt_sys_stat(int dirfd, const char *path, bool follow, RtSysStat *st)
{
	uint8_t b[256];
	int flags = (path[0] ? 0 : AT_EMPTY_PATH) | (follow ? 0 : AT_SYMLINK_NOFOLLOW);
	long r = sys5(RT_NR_STATX, dirfd, path, flags, STATX_BASIC, b);
	if (r < 0)
		return (int)r;
	st->mode = u32_at(b, 28) & 0xffff;
	st->nlink = u32_at(b, 16);
	st->ino = u64_at(b, 32);
	st->size = u64_at(b, 40);
	st->atim = time_at(b, 64);
	st->ctim = time_at(b, 96);
	st->mtim = time_at(b, 112);
	st->dev = device(u32_at(b, 136), u32_at(b, 140));
	return 0;
}

int rt_sys_set_times(int dirfd, const char *path, bool follow, const uint64_t ns[2], const int how[2])
{
	Timespec ts[2];
	for (int i = 0; i < 2; i++) {
		ts[i].sec = (long)(ns[i] / 1000000000u);
		ts[i].nsec = how[i] == RT_SYS_TIME_NOW ? UTIME_NOW : how[i] == RT_SYS_TIME_OMIT ? UTIME_OMIT
		                                                                                : (long)(ns[i] % 1000000000u);
	}
	return (int)sys4(RT_NR_UTIMENSAT, dirfd, path, ts, path && !follow ? AT_SYMLINK_NOFOLLOW : 0);
}

/* ---- Directories */

long rt_sys_getdents(int fd, void *buf, size_t n) { return sys3(RT_NR_GETDENTS64, fd, buf, n); }
int rt_sys_mkdir(int dirfd, const char *path) { return (int)sys3(RT_NR_MKDIRAT, dirfd, path, 0777); }
int rt_sys_unlink(int dirfd, const char *path, bool dir)
{
	return (int)sys3(RT_NR_UNLINKAT, dirfd, path, dir ? AT_REMOVEDIR : 0);
}
int rt_sys_rename(int olddir, const char *oldpath, int newdir, const char *newpath)
{
	return (int)sys5(RT_NR_RENAMEAT2, olddir, oldpath, newdir, newpath, 0);
}
int rt_sys_link(int olddir, const char *oldpath, int newdir, const char *newpath, bool follow)
{
	return (int)sys5(RT_NR_LINKAT, olddir, oldpath, newdir, newpath, follow ? AT_SYMLINK_FOLLOW : 0);
}
int rt_sys_symlink(const char *target, int dirfd, const char *path)
{
	return (int)sys3(RT_NR_SYMLINKAT, target, dirfd, path);
}
long rt_sys_readlink(int dirfd, const char *path, char *buf, size_t n)
{
	return sys4(RT_NR_READLINKAT, dirfd, path, buf, n);
}

/* ---- Polling, scheduling, signals */

int rt_sys_poll(RtSysPollFd *fds, size_t n, int64_t timeout_ns)
{
	Timespec ts = { (long)(timeout_ns / 1000000000), (long)(timeout_ns % 1000000000) };
	return (int)sys5(RT_NR_PPOLL, fds, n, timeout_ns < 0 ? NULL : &ts, 0, 8);
}

long rt_sys_readable(int fd)
{
	int n = 0;
	long r = sys3(RT_NR_IOCTL, fd, FIONREAD, &n);
	return r < 0 ? r : n;
}

int rt_sys_yield(void) { return (int)sys3(RT_NR_SCHED_YIELD, 0, 0, 0); }

int rt_sys_raise(int sig)
{
	return (int)sys3(RT_NR_TGKILL, sys3(RT_NR_GETPID, 0, 0, 0), sys3(RT_NR_GETTID, 0, 0, 0), sig);
}

/* ---- Sockets */

int rt_sys_socket_type(int fd)
{
	int type = 0;
	uint32_t len = sizeof type;
	long r = sys5(RT_NR_GETSOCKOPT, fd, SOL_SOCKET, SO_TYPE, &type, &len);
	return r < 0 ? (int)r : type;
}

long rt_sys_accept(int fd, bool nonblock)
{
	return sys4(RT_NR_ACCEPT4, fd, 0, 0, SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0));
}

long rt_sys_recv(int fd, const RtSysIovec *iov, int n, uint32_t flags, uint32_t *out_flags)
{
	MsgHdr m = { .iov = iov, .iovlen = (size_t)n };
	long r = sys3(RT_NR_RECVMSG, fd, &m, flags);
	*out_flags = r < 0 ? 0 : (uint32_t)m.flags;
	return r;
}

long rt_sys_send(int fd, const RtSysIovec *iov, int n, uint32_t flags)
{
	MsgHdr m = { .iov = iov, .iovlen = (size_t)n };
	return sys3(RT_NR_SENDMSG, fd, &m, flags | MSG_NOSIGNAL);
}

int rt_sys_shutdown(int fd, int how)
{
	return how < 0 || how > 2 ? -EINVAL_ : (int)sys3(RT_NR_SHUTDOWN, fd, how, 0);
}
