/* tests/wasi/programs/sock_inherited.c: the sock_* calls on a socket the
 * program inherited as its stdin, which sock-run.cjs provides:
 *   sock_inherited stream   fd 0 is a connected TCP socket; the peer
 *                           sends "hello from the runner\n" and expects
 *                           "reply\n", then end of stream
 *   sock_inherited listen   fd 0 is a listening TCP socket; once this
 *                           prints "ready", the peer connects, sends
 *                           "ping\n" and expects "pong\n", then the end
 */
#include "check.h"

static __wasi_errno_t recv_all(__wasi_fd_t fd, char *buf, size_t want, __wasi_riflags_t flags, size_t *got)
{
	*got = 0;
	while (*got < want) {
		__wasi_iovec_t iov = { (uint8_t *)buf + *got, want - *got };
		__wasi_size_t n = 0;
		__wasi_roflags_t ro = 0;
		__wasi_errno_t e = __wasi_sock_recv(fd, &iov, 1, flags, &n, &ro);
		if (e || n == 0)
			return e;
		*got += n;
		if (flags & __WASI_RIFLAGS_RECV_PEEK)
			return 0;
	}
	return 0;
}

static __wasi_errno_t send_str(__wasi_fd_t fd, const char *s)
{
	__wasi_ciovec_t iov = { (const uint8_t *)s, strlen(s) };
	__wasi_size_t n = 0;
	__wasi_errno_t e = __wasi_sock_send(fd, &iov, 1, 0, &n);
	return e ? e : n == iov.buf_len ? 0 : __WASI_ERRNO_IO;
}

static void stream(void)
{
	__wasi_fdstat_t st;
	expect_ok("fd_fdstat_get on stdin", __wasi_fd_fdstat_get(0, &st));
	expect_u64("stdin is a stream socket", st.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM);
	char buf[64];
	size_t n;
	const char *hello = "hello from the runner\n";
	expect_ok("sock_recv with RECV_PEEK", recv_all(0, buf, 5, __WASI_RIFLAGS_RECV_PEEK, &n));
	expect_true("peeking sees the start of the message", n >= 1 && n <= 5 && !memcmp(buf, hello, n));
	expect_ok("sock_recv with RECV_WAITALL", recv_all(0, buf, strlen(hello), __WASI_RIFLAGS_RECV_WAITALL, &n));
	expect_str("sock_recv gets the whole message after the peek", buf, n, hello);
	expect_ok("sock_send", send_str(0, "reply\n"));
	__wasi_fd_t got;
	expect_errno("sock_accept on a connected socket is EINVAL", __wasi_sock_accept(0, 0, &got), __WASI_ERRNO_INVAL);
	expect_errno("sock_shutdown with no direction is EINVAL", __wasi_sock_shutdown(0, 0), __WASI_ERRNO_INVAL);
	expect_errno("sock_shutdown with an unknown flag is EINVAL", __wasi_sock_shutdown(0, 4), __WASI_ERRNO_INVAL);
	expect_ok("sock_shutdown WR", __wasi_sock_shutdown(0, __WASI_SDFLAGS_WR));
	expect_errno("sock_send after shutting down writing is EPIPE", send_str(0, "late\n"), __WASI_ERRNO_PIPE);
	expect_ok("sock_recv at the end of the stream", recv_all(0, buf, sizeof buf, 0, &n));
	expect_u64("the peer's end of stream reads 0 bytes", n, 0);
}

/* Waits (up to 10 s) until fd has something to read. */
static __wasi_errno_t wait_readable(__wasi_fd_t fd)
{
	__wasi_subscription_t in[2];
	__wasi_event_t out[2];
	__wasi_size_t n = 0;
	memset(in, 0, sizeof in);
	in[0].userdata = 1;
	in[0].u.tag = __WASI_EVENTTYPE_FD_READ;
	in[0].u.u.fd_read.file_descriptor = fd;
	in[1].userdata = 2;
	in[1].u.tag = __WASI_EVENTTYPE_CLOCK;
	in[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
	in[1].u.u.clock.timeout = 10000000000ull;
	__wasi_errno_t e = __wasi_poll_oneoff(in, out, 2, &n);
	if (e)
		return e;
	for (__wasi_size_t i = 0; i < n; i++)
		if (out[i].userdata == 1)
			return out[i].error;
	return __WASI_ERRNO_TIMEDOUT;
}

static void listening(void)
{
	__wasi_fd_t c = 99;
	__wasi_fdstat_t st;
	/* sock_accept's flags are the new descriptor's: a non-blocking accept
	 * needs a non-blocking listener. */
	expect_ok("fd_fdstat_set_flags NONBLOCK on the listener", __wasi_fd_fdstat_set_flags(0, __WASI_FDFLAGS_NONBLOCK));
	expect_errno("sock_accept on a non-blocking listener with nobody connecting is EAGAIN",
	             __wasi_sock_accept(0, 0, &c), __WASI_ERRNO_AGAIN);
	expect_ok("fd_fdstat_set_flags 0 on the listener", __wasi_fd_fdstat_set_flags(0, 0));
	expect_errno("sock_accept with an unknown flag is EINVAL", __wasi_sock_accept(0, __WASI_FDFLAGS_APPEND, &c),
	             __WASI_ERRNO_INVAL);
	char r[8];
	size_t n;
	expect_errno("sock_recv on a listening socket is ENOTCONN", recv_all(0, r, 1, 0, &n), __WASI_ERRNO_NOTCONN);
	printf("ready\n");
	fflush(stdout);
	expect_ok("sock_accept NONBLOCK (blocks until the peer connects)", __wasi_sock_accept(0, __WASI_FDFLAGS_NONBLOCK, &c));
	expect_ok("fd_fdstat_get on the accepted fd", __wasi_fd_fdstat_get(c, &st));
	expect_u64("the accepted fd is a stream socket", st.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM);
	expect_u64("the accepted fd is non-blocking", st.fs_flags, __WASI_FDFLAGS_NONBLOCK);
	char buf[16];
	size_t got = 0;
	__wasi_errno_t e = 0;
	for (int round = 0; got < 5 && round < 20 && !e; round++) {
		__wasi_iovec_t iov = { (uint8_t *)buf + got, 5 - got };
		__wasi_size_t k = 0;
		__wasi_roflags_t ro;
		e = wait_readable(c);
		if (!e)
			e = __wasi_sock_recv(c, &iov, 1, 0, &k, &ro);
		if (e == __WASI_ERRNO_AGAIN)
			e = 0;
		else
			got += k;
	}
	expect_ok("poll_oneoff and sock_recv on the accepted fd", e);
	expect_str("the peer said ping", buf, got, "ping\n");
	expect_ok("sock_send on the accepted fd", send_str(c, "pong\n"));
	expect_ok("sock_shutdown RD|WR on the accepted fd", __wasi_sock_shutdown(c, __WASI_SDFLAGS_RD |
	          __WASI_SDFLAGS_WR));
	expect_ok("fd_close on the accepted fd", __wasi_fd_close(c));
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "stream") == 0)
		stream();
	else if (argc == 2 && strcmp(argv[1], "listen") == 0)
		listening();
	else
		fail("arguments", "usage: sock_inherited stream|listen");
	return finish();
}
