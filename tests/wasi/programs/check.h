/* tests/wasi/programs/check.h: what every WASI test program shares.  Each
 * check prints "ok: WHAT" or "FAIL: WHAT: got X, expected Y" (errnos by
 * their WASI names); finish() returns the exit status, 0 only if every
 * check passed.  The programs call the preview1 imports directly through
 * <wasi/api.h>, so that what is tested is the runtime, not wasi-libc.
 */
#ifndef WASI_TEST_CHECK_H
#define WASI_TEST_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static int failures, checks;

/* preview1 `errno`, in the order of its enumeration (0 to 76). */
static const char *const errno_names[] = {
	"SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY",
	"BADF", "BADMSG", "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET",
	"DEADLK", "DESTADDRREQ", "DOM", "DQUOT", "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM",
	"ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO", "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK",
	"MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET", "NETUNREACH", "NFILE", "NOBUFS",
	"NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM", "NOMSG", "NOPROTOOPT", "NOSPC",
	"NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY",
	"NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT", "PROTOTYPE",
	"RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV", "NOTCAPABLE",
};

static inline const char *errno_name(unsigned e)
{
	return e < sizeof errno_names / sizeof *errno_names ? errno_names[e] : "?";
}

/* Line-buffered output, so that a program killed by run-wasi's timeout
 * still shows how far it got. */
__attribute__((constructor)) static inline void line_buffered(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline void pass(const char *what)
{
	checks++;
	printf("ok: %s\n", what);
}

static inline void fail(const char *what, const char *why)
{
	checks++;
	failures++;
	printf("FAIL: %s: %s\n", what, why);
}

/* A call's errno must be `want`. */
static inline int expect_errno(const char *what, unsigned got, unsigned want)
{
	char why[96];
	if (got == want)
		return pass(what), 1;
	snprintf(why, sizeof why, "got errno %u (%s), expected %u (%s)", got, errno_name(got), want,
	         errno_name(want));
	return fail(what, why), 0;
}

/* A call's errno must be one of a, b (escapes: ENOTCAPABLE or EPERM, say). */
static inline int expect_errno2(const char *what, unsigned got, unsigned a, unsigned b)
{
	char why[128];
	if (got == a || got == b) {
		snprintf(why, sizeof why, "%s (E%s)", what, errno_name(got));
		return pass(why), 1;
	}
	snprintf(why, sizeof why, "got errno %u (%s), expected %s or %s", got, errno_name(got), errno_name(a),
	         errno_name(b));
	return fail(what, why), 0;
}

/* An escape from a preopen, refused: ENOTCAPABLE (uvwasi, older
 * wasmtime) or EPERM (cap-std based wasmtime). */
static inline int expect_escape(const char *what, unsigned got)
{
	return expect_errno2(what, got, __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_PERM);
}

/* A call must succeed: shorthand for expect_errno(what, got, 0). */
static inline int expect_ok(const char *what, unsigned got)
{
	return expect_errno(what, got, __WASI_ERRNO_SUCCESS);
}

static inline int expect_u64(const char *what, uint64_t got, uint64_t want)
{
	char why[96];
	if (got == want)
		return pass(what), 1;
	snprintf(why, sizeof why, "got %llu, expected %llu", (unsigned long long)got, (unsigned long long)want);
	return fail(what, why), 0;
}

static inline int expect_true(const char *what, int cond)
{
	if (cond)
		return pass(what), 1;
	return fail(what, "condition false"), 0;
}

static inline int expect_str(const char *what, const char *got, size_t got_len, const char *want)
{
	char why[256];
	if (got_len == strlen(want) && memcmp(got, want, got_len) == 0)
		return pass(what), 1;
	snprintf(why, sizeof why, "got \"%.*s\", expected \"%s\"", (int)got_len, got, want);
	return fail(what, why), 0;
}

static inline int finish(void)
{
	printf("%d checks, %d failed\n", checks, failures);
	fflush(stdout);
	return failures ? 1 : 0;
}

/* The fd of the preopened directory the program sees as `name`, or -1. */
static inline int preopen(const char *name)
{
	for (__wasi_fd_t fd = 3; fd < 64; fd++) {
		__wasi_prestat_t ps;
		char buf[256];
		if (__wasi_fd_prestat_get(fd, &ps) != 0)
			continue;
		size_t n = ps.u.dir.pr_name_len;
		if (n >= sizeof buf || __wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, n) != 0)
			continue;
		if (n == strlen(name) && memcmp(buf, name, n) == 0)
			return (int)fd;
	}
	return -1;
}

/* Every right preview1 defines (bits 0 to 29). */
#define ALL_RIGHTS ((__wasi_rights_t)0x3fffffff)

/* What a directory fd lets its children have (its inheriting rights), or
 * 0 if it cannot say. */
static inline __wasi_rights_t inheritable(int dir)
{
	__wasi_fdstat_t st;
	return __wasi_fd_fdstat_get((__wasi_fd_t)dir, &st) == 0 ? st.fs_rights_inheriting : 0;
}

/* path_open (following symlinks) asking for every right the directory can
 * pass on, as wasi-libc does; *fd is set on success. */
static inline __wasi_errno_t open_at(int dir, const char *path, __wasi_oflags_t of, __wasi_fdflags_t ff, __wasi_fd_t *fd)
{
	__wasi_rights_t r = inheritable(dir);
	return __wasi_path_open((__wasi_fd_t)dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, of, r, r, ff, fd);
}

/* The rights that make a runtime open for writing, which a directory
 * refuses (EISDIR). */
#define WRITE_RIGHTS (__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_ALLOCATE | \
                      __WASI_RIGHTS_FD_FILESTAT_SET_SIZE)

/* path_open of a directory, with every right but the writing ones. */
static inline __wasi_errno_t open_dir(int dir, const char *path, __wasi_fd_t *fd)
{
	__wasi_rights_t r = inheritable(dir);
	return __wasi_path_open((__wasi_fd_t)dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, __WASI_OFLAGS_DIRECTORY,
	                        r & ~WRITE_RIGHTS, r, 0, fd);
}

static inline __wasi_errno_t write_all(__wasi_fd_t fd, const char *s)
{
	__wasi_ciovec_t iov = { (const uint8_t *)s, strlen(s) };
	__wasi_size_t n;
	__wasi_errno_t e = __wasi_fd_write(fd, &iov, 1, &n);
	return e ? e : n == iov.buf_len ? 0 : __WASI_ERRNO_IO;
}

#endif
