/* wasi-shim/p1/poll.c: poll_oneoff, sched_yield and proc_raise.
 * poll_oneoff waits for the earliest clock subscription or for any
 * descriptor subscription to become ready, with one ppoll; a descriptor
 * the program may not poll gets its event at once, with the error. */
#include <string.h>

#include "p1.h"

enum {
	SUB_SIZE = 48, EVENT_SIZE = 32, TAG_CLOCK = 0, TAG_FD_READ = 1, TAG_FD_WRITE = 2,
	ABSTIME = 1, HANGUP = 1, POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 0x10, POLLNVAL = 0x20,
	CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1,
};

/* The program may point its events at its own subscriptions: the
 * subscription is read whole before the event is written. */
static void event(uint8_t *out, const uint8_t *sub, uint32_t error, uint64_t nbytes, uint16_t flags)
{
	uint8_t userdata[8], tag = sub[8];
	memcpy(userdata, sub, 8);
	memset(out, 0, EVENT_SIZE);
	memcpy(out, userdata, 8);
	wasi_put_u16(out + 8, (uint16_t)error);
	out[10] = tag;
	wasi_put_u64(out + 16, nbytes);
	wasi_put_u16(out + 24, flags);
}

/* A clock subscription's wait in ns from now, or an error. */
static uint32_t clock_wait(const uint8_t *sub, int64_t *wait)
{
	uint32_t id = wasi_get_u32(sub + 16);
	uint64_t timeout = wasi_get_u64(sub + 24), now;
	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return WASI_EINVAL;
	if (!(wasi_get_u32(sub + 40) & ABSTIME)) {
		*wait = timeout > INT64_MAX ? INT64_MAX : (int64_t)timeout;
		return WASI_ESUCCESS;
	}
	int r = rt_sys_clock_time(id, &now);
	if (r < 0)
		return wasi_errno(-r);
	*wait = timeout <= now ? 0 : timeout - now > INT64_MAX ? INT64_MAX : (int64_t)(timeout - now);
	return WASI_ESUCCESS;
}

/* poll_oneoff(in, out, nsubscriptions, nevents_ptr) */
uint32_t wasi_poll_oneoff(WasiCtx *w, const NacreValue *a)
{
	uint32_t n = (uint32_t)a[2].i32;
	if (n == 0)
		return WASI_EINVAL;
	const uint8_t *in = wasi_span(w, (uint32_t)a[0].i32, (uint64_t)n * SUB_SIZE);
	uint8_t *out = wasi_span(w, (uint32_t)a[1].i32, (uint64_t)n * EVENT_SIZE);
	uint8_t *nevents = wasi_span(w, (uint32_t)a[3].i32, 4);
	if (!in || !out || !nevents)
		return WASI_EFAULT;
	RtSysPollFd *fds = rt_sys_alloc((size_t)n * sizeof *fds);
	uint32_t *which = rt_sys_alloc((size_t)n * sizeof *which);
	if (!fds || !which) {
		rt_sys_free(fds);
		rt_sys_free(which);
		return WASI_ENOMEM;
	}
	int64_t timeout = -1;
	uint32_t nfds = 0, nout = 0;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *sub = in + (size_t)i * SUB_SIZE;
		int64_t wait;
		WasiFd *f;
		uint32_t e;
		switch (sub[8]) {
		case TAG_CLOCK:
			e = clock_wait(sub, &wait);
			if (e)
				event(out + (size_t)nout++ * EVENT_SIZE, sub, e, 0, 0);
			else if (timeout < 0 || wait < timeout)
				timeout = wait;
			break;
		case TAG_FD_READ:
		case TAG_FD_WRITE:
			e = wasi_fd_lookup(w, (int32_t)wasi_get_u32(sub + 16), WASI_RIGHT(WASI_R_POLL_FD_READWRITE), &f);
			if (e) {
				event(out + (size_t)nout++ * EVENT_SIZE, sub, e, 0, 0);
				break;
			}
			if (f->stream) { /* memory is always ready */
				event(out + (size_t)nout++ * EVENT_SIZE, sub, 0, wasi_stream_left(f->stream), 0);
				break;
			}
			fds[nfds] = (RtSysPollFd){ f->host, sub[8] == TAG_FD_READ ? POLLIN : POLLOUT, 0 };
			which[nfds++] = i;
			break;
		default:
			event(out + (size_t)nout++ * EVENT_SIZE, sub, WASI_EINVAL, 0, 0);
		}
	}
	int r = 0;
	if (nout == 0) {
		do
			r = rt_sys_poll(fds, nfds, timeout);
		while (r == -4 /* EINTR */);
	}
	uint32_t e = WASI_ESUCCESS;
	if (r < 0)
		e = wasi_errno(-r);
	for (uint32_t k = 0; !e && k < nfds; k++) {
		short rev = fds[k].revents;
		if (!rev)
			continue;
		const uint8_t *sub = in + (size_t)which[k] * SUB_SIZE;
		uint32_t err = rev & POLLNVAL ? WASI_EBADF : (rev & POLLERR) && !(rev & POLLHUP) ? WASI_EIO : 0;
		long avail = sub[8] == TAG_FD_READ ? rt_sys_readable(fds[k].fd) : 0;
		event(out + (size_t)nout++ * EVENT_SIZE, sub, err, avail > 0 ? (uint64_t)avail : 0,
		      rev & POLLHUP ? HANGUP : 0);
	}
	/* Nothing else happened first: the earliest clocks fired. */
	for (uint32_t i = 0; !e && nout == 0 && i < n; i++) {
		const uint8_t *sub = in + (size_t)i * SUB_SIZE;
		int64_t wait;
		if (sub[8] == TAG_CLOCK && clock_wait(sub, &wait) == WASI_ESUCCESS && wait <= 0)
			event(out + (size_t)nout++ * EVENT_SIZE, sub, 0, 0, 0);
	}
	for (uint32_t i = 0; !e && nout == 0 && i < n; i++)
		if (in[(size_t)i * SUB_SIZE + 8] == TAG_CLOCK)
			event(out + (size_t)nout++ * EVENT_SIZE, in + (size_t)i * SUB_SIZE, 0, 0, 0);
	rt_sys_free(fds);
	rt_sys_free(which);
	if (!e)
		wasi_put_u32(nevents, nout);
	return e;
}

uint32_t wasi_sched_yield(WasiCtx *w, const NacreValue *a)
{
	(void)w, (void)a;
	return wasi_result(rt_sys_yield());
}

/* proc_raise(sig): WASI numbers the signals POSIX-style from HUP = 1, as
 * Linux does up to SYS, apart from Linux's gaps (7 is BUS, 10 USR1...). */
uint32_t wasi_proc_raise(WasiCtx *w, const NacreValue *a)
{
	static const uint8_t to_linux[] = {
		0, 1 /* HUP */, 2 /* INT */, 3 /* QUIT */, 4 /* ILL */, 5 /* TRAP */, 6 /* ABRT */, 7 /* BUS */,
		8 /* FPE */, 9 /* KILL */, 10 /* USR1 */, 11 /* SEGV */, 12 /* USR2 */, 13 /* PIPE */, 14 /* ALRM */,
		15 /* TERM */, 17 /* CHLD */, 18 /* CONT */, 19 /* STOP */, 20 /* TSTP */, 21 /* TTIN */,
		22 /* TTOU */, 23 /* URG */, 24 /* XCPU */, 25 /* XFSZ */, 26 /* VTALRM */, 27 /* PROF */,
		28 /* WINCH */, 29 /* POLL */, 30 /* PWR */, 31 /* SYS */,
	};
	uint32_t sig = (uint32_t)a[0].i32 & 0xff;
	if (sig >= sizeof to_linux)
		return WASI_EINVAL;
	if (w->embedded) /* the signal would hit the host's whole process */
		return WASI_ENOSYS;
	return sig ? wasi_result(rt_sys_raise(to_linux[sig])) : WASI_ESUCCESS;
}
