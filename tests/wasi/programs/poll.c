/* tests/wasi/programs/poll.c: poll_oneoff with clock subscriptions
 * (relative and absolute, monotonic and realtime), fd_read and fd_write
 * subscriptions (a regular file, stdin as a pipe that run-wasi writes
 * "ping\n" into, stdout), a bad fd, and no subscription at all.
 * run-wasi grants /sandbox holding data.txt ("0123456789").
 */
#include "check.h"

static __wasi_timestamp_t now(__wasi_clockid_t c)
{
	__wasi_timestamp_t t = 0;
	return __wasi_clock_time_get(c, 1, &t) ? 0 : t;
}

static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t timeout, int abs)
{
	__wasi_subscription_t s;
	memset(&s, 0, sizeof s);
	s.userdata = userdata;
	s.u.tag = __WASI_EVENTTYPE_CLOCK;
	s.u.u.clock.id = id;
	s.u.u.clock.timeout = timeout;
	s.u.u.clock.precision = 0;
	s.u.u.clock.flags = abs ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
	return s;
}

static __wasi_subscription_t fd_sub(uint64_t userdata, uint8_t type, __wasi_fd_t fd)
{
	__wasi_subscription_t s;
	memset(&s, 0, sizeof s);
	s.userdata = userdata;
	s.u.tag = type;
	s.u.u.fd_read.file_descriptor = fd;
	return s;
}

static void check_clocks(void)
{
	__wasi_subscription_t in[2];
	__wasi_event_t out[2];
	__wasi_size_t n = 99;
	in[0] = clock_sub(0x1234, __WASI_CLOCKID_MONOTONIC, 30000000, 0);
	__wasi_timestamp_t t0 = now(__WASI_CLOCKID_MONOTONIC);
	expect_ok("poll_oneoff on a 30 ms relative monotonic clock", __wasi_poll_oneoff(in, out, 1, &n));
	__wasi_timestamp_t t1 = now(__WASI_CLOCKID_MONOTONIC);
	expect_u64("one event", n, 1);
	expect_true("the clock event carries its userdata, type and no error",
	            out[0].userdata == 0x1234 && out[0].type == __WASI_EVENTTYPE_CLOCK && out[0].error == 0);
	expect_true("it slept at least 30 ms", t1 - t0 >= 30000000);
	expect_true("it slept less than 2 s", t1 - t0 < 2000000000);
	t0 = now(__WASI_CLOCKID_MONOTONIC);
	in[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, t0 + 20000000, 1);
	expect_ok("poll_oneoff until an absolute monotonic time", __wasi_poll_oneoff(in, out, 1, &n));
	t1 = now(__WASI_CLOCKID_MONOTONIC);
	expect_true("it woke at or after the deadline", n == 1 && out[0].userdata == 7 && t1 >= t0 + 20000000);
	in[0] = clock_sub(8, __WASI_CLOCKID_MONOTONIC, t0, 1);
	expect_ok("poll_oneoff on a deadline in the past", __wasi_poll_oneoff(in, out, 1, &n));
	expect_true("it returns at once with the event", n == 1 && out[0].userdata == 8 && out[0].error == 0);
	t0 = now(__WASI_CLOCKID_MONOTONIC);
	in[0] = clock_sub(9, __WASI_CLOCKID_REALTIME, 15000000, 0);
	expect_ok("poll_oneoff on a 15 ms relative realtime clock", __wasi_poll_oneoff(in, out, 1, &n));
	t1 = now(__WASI_CLOCKID_MONOTONIC);
	expect_true("the realtime clock fired after 15 ms", n == 1 && out[0].userdata == 9 && t1 - t0 >= 15000000);
	in[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 10000000, 0);
	in[1] = clock_sub(2, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
	t0 = now(__WASI_CLOCKID_MONOTONIC);
	expect_ok("poll_oneoff on 10 ms and 5 s clocks", __wasi_poll_oneoff(in, out, 2, &n));
	t1 = now(__WASI_CLOCKID_MONOTONIC);
	expect_true("only the 10 ms clock fires", n == 1 && out[0].userdata == 1);
	expect_true("the 5 s clock is not waited for", t1 - t0 < 2000000000);
	expect_errno("poll_oneoff with no subscriptions is EINVAL", __wasi_poll_oneoff(in, out, 0, &n),
	             __WASI_ERRNO_INVAL);
}

static const __wasi_event_t *find(const __wasi_event_t *e, __wasi_size_t n, uint64_t userdata)
{
	for (__wasi_size_t i = 0; i < n; i++)
		if (e[i].userdata == userdata)
			return &e[i];
	return NULL;
}

static void check_fds(int sb)
{
	__wasi_fd_t file = 99;
	expect_ok("open data.txt", open_at(sb, "data.txt", 0, 0, &file));
	__wasi_subscription_t in[4];
	__wasi_event_t out[4];
	__wasi_size_t n = 99;
	in[0] = fd_sub(10, __WASI_EVENTTYPE_FD_READ, file);
	in[1] = clock_sub(11, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
	__wasi_timestamp_t t0 = now(__WASI_CLOCKID_MONOTONIC);
	expect_ok("poll_oneoff fd_read on a regular file", __wasi_poll_oneoff(in, out, 2, &n));
	expect_true("a regular file is readable at once", now(__WASI_CLOCKID_MONOTONIC) - t0 < 2000000000);
	const __wasi_event_t *e = find(out, n, 10);
	expect_true("the file's event is fd_read with no error", n == 1 && e && e->type == __WASI_EVENTTYPE_FD_READ &&
	            e->error == 0);
	in[0] = fd_sub(20, __WASI_EVENTTYPE_FD_WRITE, 1);
	expect_ok("poll_oneoff fd_write on stdout", __wasi_poll_oneoff(in, out, 2, &n));
	e = find(out, n, 20);
	expect_true("stdout is writable", e && e->type == __WASI_EVENTTYPE_FD_WRITE && e->error == 0);
	in[0] = fd_sub(30, __WASI_EVENTTYPE_FD_READ, 0);
	expect_ok("poll_oneoff fd_read on stdin (a pipe with data)", __wasi_poll_oneoff(in, out, 2, &n));
	e = find(out, n, 30);
	expect_true("stdin is readable", e && e->type == __WASI_EVENTTYPE_FD_READ && e->error == 0);
	expect_true("stdin's event reports bytes to read", e && e->fd_readwrite.nbytes >= 1);
	in[0] = fd_sub(40, __WASI_EVENTTYPE_FD_READ, 77);
	/* The spec allows the call itself to fail, or an event to carry the error. */
	__wasi_errno_t err = __wasi_poll_oneoff(in, out, 2, &n);
	e = err ? NULL : find(out, n, 40);
	expect_errno("poll_oneoff fd_read on fd 77 (never opened) is EBADF", err ? err : e ? e->error : 0xffff,
	             __WASI_ERRNO_BADF);
	in[0] = fd_sub(50, __WASI_EVENTTYPE_FD_READ, file);
	in[1] = fd_sub(51, __WASI_EVENTTYPE_FD_WRITE, 1);
	in[2] = clock_sub(52, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
	expect_ok("poll_oneoff on a file, stdout and a clock", __wasi_poll_oneoff(in, out, 3, &n));
	expect_true("both fds are ready, the clock is not", n == 2 && find(out, n, 50) && find(out, n, 51));
	expect_ok("close data.txt", __wasi_fd_close(file));
}

int main(void)
{
	int sb = preopen("/sandbox");
	expect_true("/sandbox is preopened", sb >= 0);
	check_clocks();
	check_fds(sb);
	return finish();
}
