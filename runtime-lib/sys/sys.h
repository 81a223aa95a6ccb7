/* runtime-lib/sys/sys.h: the operating-system layer, the only way the rest
 * of the runtime reaches the OS: address space, the heap, the fault
 * handler and its alternate stack, stack bounds, loading shared objects and
 * text formatting, and the few services WASI needs.  libc.c implements it on
 * libc (embedding, tests); linux.c on raw system calls for freestanding
 * static executables (built with NACRE_SYS_FREESTANDING; see heap.c,
 * format.c, string.c, math.c and the per-architecture <arch>/ folder).
 */
#ifndef NACRE_RT_SYS_H
#define NACRE_RT_SYS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Non-local exits for trap delivery.  The signal mask is not saved: traps
 * never jump out of a signal handler (see rt_sys_fault_install).  The
 * freestanding build has its own, in <arch>/entry.S: callee-saved
 * registers, stack pointer and return address (32 slots fit every
 * architecture we target). */
#ifdef NACRE_SYS_FREESTANDING
typedef uint64_t RtSysJump[32];
__attribute__((returns_twice)) int rt_sys_jump_set(RtSysJump j);
__attribute__((noreturn)) void rt_sys_jump_to(RtSysJump j);
#define rt_sys_setjmp(j) rt_sys_jump_set(j)
#define rt_sys_longjmp(j) rt_sys_jump_to(j)
#else
#include <setjmp.h>
typedef sigjmp_buf RtSysJump;
#define rt_sys_setjmp(j) sigsetjmp((j), 0)
#define rt_sys_longjmp(j) siglongjmp((j), 1)
#endif

/* Per-thread state.  A freestanding executable is single-threaded and
 * sets up no thread pointer, so there it is a plain static. */
#ifdef NACRE_SYS_FREESTANDING
#define RT_THREAD_LOCAL
#else
#define RT_THREAD_LOCAL __thread
#endif

/* Address space.  reserve gives inaccessible, uncommitted space (NULL on
 * failure); commit makes [addr, addr+bytes) read/write and zero on first
 * touch; release returns a whole reservation.  Sizes are multiples of the
 * page size. */
size_t rt_sys_page_size(void);
void *rt_sys_reserve(size_t bytes);
bool rt_sys_commit(void *addr, size_t bytes);
void rt_sys_release(void *addr, size_t bytes);
/* Makes committed [addr, addr+bytes) inaccessible and uncommitted again,
 * its contents gone: one call, the reservation kept. */
bool rt_sys_decommit(void *addr, size_t bytes);

/* The heap.  zalloc zero-fills; all return NULL on failure. */
void *rt_sys_alloc(size_t bytes);
void *rt_sys_zalloc(size_t bytes);
void *rt_sys_realloc(void *p, size_t bytes);
void rt_sys_free(void *p);

/* Memory faults (SIGSEGV, SIGBUS).  The handler is installed once per
 * process.  For each fault it asks is_trap(address, faulting instruction);
 * if so, it returns into raise(pc) on the interrupted thread's own stack,
 * as if the faulting instruction had called it (raise must not return),
 * so that no trap is ever delivered from inside the signal handler or on
 * the alternate stack.  Otherwise the fault goes on to the handler that
 * was installed before (or the default action: the process dies).
 * fault_stack gives the calling thread an alternate signal stack if it has
 * none, so that a fault on an exhausted stack still reaches the handler. */
typedef bool (*RtSysFaultFn)(uintptr_t addr, uintptr_t pc);
typedef void (*RtSysRaiseFn)(uintptr_t pc);
bool rt_sys_fault_install(RtSysFaultFn is_trap, RtSysRaiseFn raise);
bool rt_sys_fault_stack(void);

/* Lowest usable address of the calling thread's stack, or 0 if unknown. */
uintptr_t rt_sys_stack_low(void);

/* The Wasm stack of a standalone executable (`nacre build --stack-size`):
 * stack_run calls fn(arg) on a stack of its own, wasm_bytes for Wasm code
 * plus RT_SYS_STACK_HOST for the host frames above the first entry and
 * the runtime's margin below the limit, above a PROT_NONE guard of
 * RT_SYS_STACK_GUARD; it returns fn's result, or -1 if the stack cannot
 * be mapped.  The size of the thread's own stack (ulimit -s) no longer
 * matters.  libc.c, for embedders, calls fn on the thread's own stack.
 * stack_guard_holds says whether addr lies in that guard: a fault there
 * is stack exhaustion, delivered on a stack of its own. */
enum { RT_SYS_STACK_HOST = 128 << 10, RT_SYS_STACK_GUARD = 1 << 20 };
int rt_sys_stack_run(size_t wasm_bytes, int (*fn)(void *), void *arg);
bool rt_sys_stack_guard_holds(uintptr_t addr);

/* Shared objects.  open opens the file at path once (a path without a
 * slash is relative to the working directory: there is no search), lets
 * check read it through that descriptor, and only if check accepts it
 * loads that same file, so that nothing in a refused file ever runs.
 * NULL, with why in err, on failure. */
typedef struct RtSysFile RtSysFile;
struct RtSysFile {
	uint64_t size;
	/* Exactly n bytes at offset (within size), or false. */
	bool (*read)(const RtSysFile *f, uint64_t offset, void *buf, size_t n);
	void *ctx;
};
typedef bool (*RtSysLibraryCheck)(const RtSysFile *f, char *why, size_t n);
void *rt_sys_library_open(const char *path, RtSysLibraryCheck check, char *err, size_t errlen);
void *rt_sys_library_symbol(void *lib, const char *name);
void rt_sys_library_close(void *lib);
/* Base address of the loaded object that holds code address pc, or 0. */
uintptr_t rt_sys_code_base(uintptr_t pc);

/* snprintf's contract for %s, %.*s, %u, %d, %x and %zu. */
int rt_sys_vformat(char *buf, size_t n, const char *fmt, va_list ap);

static inline __attribute__((format(printf, 3, 4))) int rt_sys_format(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = rt_sys_vformat(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

/* errtext.c: a Linux errno value in words ("no such file or directory");
 * "system error" for one it does not know. */
const char *rt_sys_errno_text(int code);

/* The one way out when no caller can be told (a trap with no entry to
 * unwind to): writes msg to the error stream and ends the process with
 * SIGABRT, as an uncaught fault would end it with SIGSEGV. */
__attribute__((noreturn)) void rt_sys_fatal(const char *msg);

/* ---- Services for the WASI shim.  Failures return a negative Linux
 * errno (libc.c converts errno to the same numbers). */
/* Writes up to n bytes; the count written, or -errno. */
long rt_sys_write(int fd, const void *buf, size_t n);
/* Whether fd is a terminal. */
bool rt_sys_isatty(int fd);
/* Clock ids are POSIX's: 0 realtime, 1 monotonic, 2 process CPU, 3 thread
 * CPU.  Nanoseconds, or -errno. */
int rt_sys_clock_time(uint32_t clock, uint64_t *ns);
int rt_sys_clock_res(uint32_t clock, uint64_t *ns);
/* A one-shot timer for `nacre build --timeout`: after ns nanoseconds of
 * real time, fn(arg) runs in a SIGALRM handler (so it must be
 * async-signal-safe; system calls it interrupts restart).  One per
 * process; false if it cannot be armed. */
bool rt_sys_alarm(uint64_t ns, void (*fn)(void *), void *arg);
/* Fills buf with n random bytes; 0 or -errno. */
int rt_sys_random(void *buf, size_t n);
/* Ends the process with status code, at once (WASI proc_exit, or the end
 * of a standalone executable). */
__attribute__((noreturn)) void rt_sys_exit(int code);

/* ---- Files, directories, sockets and polling for the WASI shim
 * (files.c).  These are Linux's own *at system calls, made directly in
 * both builds, since they keep no state in libc.  Every function returns
 * a count or 0 on success and -errno on failure. */
typedef struct RtSysIovec { void *base; size_t len; } RtSysIovec; /* struct iovec */

/* Open flags, translated to each architecture's O_ values. */
enum {
	RT_SYS_O_READ = 1 << 0, RT_SYS_O_WRITE = 1 << 1, RT_SYS_O_CREATE = 1 << 2, RT_SYS_O_EXCL = 1 << 3,
	RT_SYS_O_TRUNC = 1 << 4, RT_SYS_O_APPEND = 1 << 5, RT_SYS_O_DIRECTORY = 1 << 6,
	RT_SYS_O_NOFOLLOW = 1 << 7, RT_SYS_O_NONBLOCK = 1 << 8, RT_SYS_O_DSYNC = 1 << 9,
	RT_SYS_O_SYNC = 1 << 10, RT_SYS_O_RSYNC = 1 << 11, RT_SYS_O_PATH = 1 << 12,
};
/* Opens path relative to dirfd (close-on-exec, never a controlling
 * terminal).  beneath: the kernel refuses, with -EXDEV, any resolution
 * that leaves dirfd's tree (absolute paths, "..", symlinks); -ENOSYS
 * means it cannot (before Linux 5.6, or a seccomp filter's answer). */
long rt_sys_open(int dirfd, const char *path, uint32_t flags, bool beneath);
int rt_sys_close(int fd);
long rt_sys_readv(int fd, const RtSysIovec *iov, int n);
long rt_sys_writev(int fd, const RtSysIovec *iov, int n);
long rt_sys_preadv(int fd, const RtSysIovec *iov, int n, uint64_t offset);
long rt_sys_pwritev(int fd, const RtSysIovec *iov, int n, uint64_t offset);
/* whence: 0 set, 1 current, 2 end; the new offset. */
int64_t rt_sys_seek(int fd, int64_t offset, int whence);
int rt_sys_truncate(int fd, uint64_t size);
int rt_sys_allocate(int fd, uint64_t offset, uint64_t len);
int rt_sys_sync(int fd, bool data_only);
/* advice: POSIX_FADV_* (0 normal, 1 random, 2 sequential, 3 willneed,
 * 4 dontneed, 5 noreuse). */
int rt_sys_advise(int fd, uint64_t offset, uint64_t len, int advice);
/* The descriptor's RT_SYS_O_APPEND/NONBLOCK/DSYNC/SYNC flags, or -errno;
 * set_flags changes APPEND and NONBLOCK (all Linux can change). */
long rt_sys_get_flags(int fd);
int rt_sys_set_flags(int fd, uint32_t flags);

/* What the shim needs of a stat: the type bits of st_mode (S_IFMT) and
 * times in nanoseconds since the epoch. */
typedef struct RtSysStat {
	uint64_t dev, ino, nlink, size, atim, mtim, ctim;
	uint32_t mode;
} RtSysStat;
enum {
	RT_SYS_S_IFMT = 0170000, RT_SYS_S_IFSOCK = 0140000, RT_SYS_S_IFLNK = 0120000,
	RT_SYS_S_IFREG = 0100000, RT_SYS_S_IFBLK = 0060000, RT_SYS_S_IFDIR = 0040000,
	RT_SYS_S_IFCHR = 0020000, RT_SYS_S_IFIFO = 0010000,
};
/* path "" stats dirfd itself; follow: a final symlink is followed. */
int rt_sys_stat(int dirfd, const char *path, bool follow, RtSysStat *st);
/* Times in ns; RT_SYS_TIME_NOW or RT_SYS_TIME_OMIT instead of a time.
 * path NULL sets dirfd's own times. */
enum { RT_SYS_TIME_NOW = 1, RT_SYS_TIME_OMIT = 2 };
int rt_sys_set_times(int dirfd, const char *path, bool follow, const uint64_t ns[2], const int how[2]);

/* Reads directory entries as the kernel lays them out (struct
 * linux_dirent64, the same on every architecture: u64 ino, i64 offset
 * (the position after this entry, for rt_sys_seek), u16 record length,
 * u8 type (DT_*), NUL-terminated name). */
long rt_sys_getdents(int fd, void *buf, size_t n);
int rt_sys_mkdir(int dirfd, const char *path);
int rt_sys_unlink(int dirfd, const char *path, bool dir);
int rt_sys_rename(int olddir, const char *oldpath, int newdir, const char *newpath);
/* follow: a final symlink in oldpath is followed. */
int rt_sys_link(int olddir, const char *oldpath, int newdir, const char *newpath, bool follow);
int rt_sys_symlink(const char *target, int dirfd, const char *path);
long rt_sys_readlink(int dirfd, const char *path, char *buf, size_t n);

/* poll(2): events and revents use POLLIN 1, POLLOUT 4, POLLERR 8, POLLHUP
 * 0x10, POLLNVAL 0x20.  timeout_ns < 0 waits for ever; the number of
 * ready descriptors. */
typedef struct RtSysPollFd { int fd; short events, revents; } RtSysPollFd;
int rt_sys_poll(RtSysPollFd *fds, size_t n, int64_t timeout_ns);
/* Bytes that can be read without blocking (FIONREAD). */
long rt_sys_readable(int fd);
int rt_sys_yield(void);
/* Sends the calling thread Linux signal sig. */
int rt_sys_raise(int sig);

/* Sockets.  socket_type: 1 stream, 2 datagram (SO_TYPE), or -errno
 * (-ENOTSOCK for anything else).  recv/send flags: MSG_PEEK 2, MSG_TRUNC
 * 0x20, MSG_WAITALL 0x100; recv's out_flags gets the message's flags.
 * shutdown's how: 0 read, 1 write, 2 both. */
int rt_sys_socket_type(int fd);
long rt_sys_accept(int fd, bool nonblock);
long rt_sys_recv(int fd, const RtSysIovec *iov, int n, uint32_t flags, uint32_t *out_flags);
long rt_sys_send(int fd, const RtSysIovec *iov, int n, uint32_t flags);
int rt_sys_shutdown(int fd, int how);

/* The freestanding entry point (<arch>/entry.S, then linux.c) calls this
 * with the process's arguments and environment and exits with its result;
 * a standalone executable's startup (wasi-shim/p1/start.c) defines it. */
int nacre_main(int argc, char **argv, char **envp);

#endif
