/* tests/wasi/programs/nogrant.c: with no grant at all, a program has
 * stdin, stdout and stderr and nothing else: fd 3 (the first preopen
 * when there is one), 4, 42 and -1 are EBADF for every call, and
 * wasi-libc finds no directory to open a path in.
 */
#include <errno.h>

#include "check.h"

int main(void)
{
	static const __wasi_fd_t bad[] = { 3, 4, 42, 0xffffffff };
	char what[96];
	__wasi_fdstat_t st;
	for (__wasi_fd_t fd = 0; fd < 3; fd++) {
		snprintf(what, sizeof what, "fd_fdstat_get on standard fd %u", fd);
		expect_ok(what, __wasi_fd_fdstat_get(fd, &st));
	}
	for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
		__wasi_fd_t fd = bad[i], got;
		__wasi_prestat_t ps;
		__wasi_filestat_t fs;
		uint8_t buf[64];
		__wasi_size_t n;
		int f = (int)fd;
		snprintf(what, sizeof what, "fd_prestat_get(%d) is EBADF", f);
		expect_errno(what, __wasi_fd_prestat_get(fd, &ps), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "fd_fdstat_get(%d) is EBADF", f);
		expect_errno(what, __wasi_fd_fdstat_get(fd, &st), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "path_open(%d, \".\") is EBADF", f);
		expect_errno(what, __wasi_path_open(fd, 0, ".", 0, __WASI_RIGHTS_FD_READ, 0, 0, &got), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "path_open(%d, \"/etc/passwd\") is EBADF", f);
		expect_errno(what, __wasi_path_open(fd, 0, "/etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, 0, &got),
		             __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "path_filestat_get(%d) is EBADF", f);
		expect_errno(what, __wasi_path_filestat_get(fd, 0, ".", &fs), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "path_create_directory(%d) is EBADF", f);
		expect_errno(what, __wasi_path_create_directory(fd, "x"), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "fd_readdir(%d) is EBADF", f);
		expect_errno(what, __wasi_fd_readdir(fd, buf, sizeof buf, 0, &n), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "fd_write(%d) is EBADF", f);
		expect_errno(what, write_all(fd, "x"), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "fd_close(%d) is EBADF", f);
		expect_errno(what, __wasi_fd_close(fd), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "fd_renumber(1, %d) is EBADF", f);
		expect_errno(what, __wasi_fd_renumber(1, fd), __WASI_ERRNO_BADF);
	}
	expect_true("fopen(\"/etc/passwd\") fails in wasi-libc", fopen("/etc/passwd", "r") == NULL);
	expect_true("fopen(\".\") fails in wasi-libc", fopen(".", "r") == NULL);
	return finish();
}
