/* tests/wasi/programs/sock.c: sock_accept, sock_recv, sock_send and
 * sock_shutdown on descriptors that are not sockets (ENOTSOCK: stdin,
 * stdout, a file, a directory) and on descriptors never opened (EBADF).
 * run-wasi grants /sandbox holding data.txt.
 */
#include "check.h"

static void on(const char *name, __wasi_fd_t fd, __wasi_errno_t want)
{
	char what[96];
	char buf[8];
	__wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
	__wasi_ciovec_t ciov = { (const uint8_t *)"x", 1 };
	__wasi_size_t n;
	__wasi_roflags_t ro;
	__wasi_fd_t got;
	const char *e = want == __WASI_ERRNO_NOTSOCK ? "ENOTSOCK" : "EBADF";
	snprintf(what, sizeof what, "sock_shutdown on %s is %s", name, e);
	expect_errno(what, __wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), want);
	snprintf(what, sizeof what, "sock_recv on %s is %s", name, e);
	expect_errno(what, __wasi_sock_recv(fd, &iov, 1, 0, &n, &ro), want);
	snprintf(what, sizeof what, "sock_send on %s is %s", name, e);
	expect_errno(what, __wasi_sock_send(fd, &ciov, 1, 0, &n), want);
	snprintf(what, sizeof what, "sock_accept on %s is %s", name, e);
	expect_errno(what, __wasi_sock_accept(fd, 0, &got), want);
}

int main(void)
{
	int sb = preopen("/sandbox");
	expect_true("/sandbox is preopened", sb >= 0);
	__wasi_fd_t file = 99;
	expect_ok("open data.txt", open_at(sb, "data.txt", 0, 0, &file));
	on("stdin", 0, __WASI_ERRNO_NOTSOCK);
	on("stdout", 1, __WASI_ERRNO_NOTSOCK);
	on("a regular file", file, __WASI_ERRNO_NOTSOCK);
	on("a directory", (__wasi_fd_t)sb, __WASI_ERRNO_NOTSOCK);
	on("fd 42", 42, __WASI_ERRNO_BADF);
	on("fd -1", (__wasi_fd_t)-1, __WASI_ERRNO_BADF);
	expect_ok("close data.txt", __wasi_fd_close(file));
	on("a closed fd", file, __WASI_ERRNO_BADF);
	return finish();
}
