/* wasi-shim/p1/sock.c: the sock_* calls, on sockets the program inherited
 * (a standard stream that is a socket) or accepted from one.  preview1
 * cannot create or connect sockets. */
#include <string.h>

#include "p1.h"

enum {
	RECV_PEEK = 1, RECV_WAITALL = 2, RECV_DATA_TRUNCATED = 1, SHUT_RD = 1, SHUT_WR = 2,
	MSG_PEEK = 2, MSG_TRUNC = 0x20, MSG_WAITALL = 0x100, MAX_IOVECS = 1024,
};

/* The socket descriptor fd: ENOTSOCK for anything else, before rights. */
static uint32_t socket_lookup(WasiCtx *w, int32_t fd, uint64_t rights, WasiFd **f)
{
	static const uint8_t sock[2] = { WASI_FILETYPE_SOCKET_STREAM, WASI_FILETYPE_SOCKET_DGRAM };
	return wasi_fd_lookup_as(w, fd, rights, sock, WASI_ENOTSOCK, f);
}

/* sock_accept(fd, fdflags, fd_ptr) */
uint32_t wasi_sock_accept(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t flags = (uint32_t)a[1].i32 & 0xffff, e = socket_lookup(w, a[0].i32, WASI_RIGHT(WASI_R_SOCK_ACCEPT), &f);
	if (e)
		return e;
	if (flags & ~(uint32_t)WASI_FD_NONBLOCK)
		return WASI_EINVAL;
	uint8_t *out = wasi_span(w, (uint32_t)a[2].i32, 4);
	if (!out)
		return WASI_EFAULT;
	long s = rt_sys_accept(f->host, flags & WASI_FD_NONBLOCK);
	if (s < 0)
		return wasi_errno(-s);
	uint8_t type = f->type;
	uint32_t fd;
	e = wasi_fd_insert(w, (int)s, type, wasi_rights_for(type) & ~WASI_RIGHT(WASI_R_SOCK_ACCEPT), 0, &fd);
	if (!e)
		wasi_put_u32(out, fd);
	return e;
}

/* sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr) */
uint32_t wasi_sock_recv(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t in = (uint32_t)a[3].i32 & 0xffff, e = socket_lookup(w, a[0].i32, WASI_RIGHT(WASI_R_FD_READ), &f);
	if (e)
		return e;
	if (in & ~(uint32_t)(RECV_PEEK | RECV_WAITALL))
		return WASI_EINVAL;
	uint8_t *len = wasi_span(w, (uint32_t)a[4].i32, 4), *flags = wasi_span(w, (uint32_t)a[5].i32, 2);
	if (!len || !flags)
		return WASI_EFAULT;
	RtSysIovec iov[MAX_IOVECS];
	int n;
	e = wasi_iovecs(w, (uint32_t)a[1].i32, (uint32_t)a[2].i32, iov, MAX_IOVECS, &n);
	if (e)
		return e;
	uint32_t got;
	long r = rt_sys_recv(f->host, iov, n, (in & RECV_PEEK ? MSG_PEEK : 0) | (in & RECV_WAITALL ? MSG_WAITALL : 0), &got);
	if (r < 0)
		return wasi_errno(-r);
	wasi_put_u32(len, (uint32_t)r);
	wasi_put_u16(flags, got & MSG_TRUNC ? RECV_DATA_TRUNCATED : 0);
	return WASI_ESUCCESS;
}

/* sock_send(fd, si_data, si_data_len, si_flags, so_datalen_ptr) */
uint32_t wasi_sock_send(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = socket_lookup(w, a[0].i32, WASI_RIGHT(WASI_R_FD_WRITE), &f);
	if (e)
		return e;
	if ((uint32_t)a[3].i32 & 0xffff)
		return WASI_EINVAL; /* preview1 defines no send flags */
	uint8_t *len = wasi_span(w, (uint32_t)a[4].i32, 4);
	if (!len)
		return WASI_EFAULT;
	RtSysIovec iov[MAX_IOVECS];
	int n;
	e = wasi_iovecs(w, (uint32_t)a[1].i32, (uint32_t)a[2].i32, iov, MAX_IOVECS, &n);
	if (e)
		return e;
	long r = rt_sys_send(f->host, iov, n, 0);
	if (r < 0)
		return wasi_errno(-r);
	wasi_put_u32(len, (uint32_t)r);
	return WASI_ESUCCESS;
}

/* sock_shutdown(fd, how): RD 1, WR 2, or both. */
uint32_t wasi_sock_shutdown(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t how = (uint32_t)a[1].i32 & 0xff, e = socket_lookup(w, a[0].i32, WASI_RIGHT(WASI_R_SOCK_SHUTDOWN), &f);
	if (e)
		return e;
	if (how == 0 || how > (SHUT_RD | SHUT_WR))
		return WASI_EINVAL;
	return wasi_result(rt_sys_shutdown(f->host, how == (SHUT_RD | SHUT_WR) ? 2 : how == SHUT_WR ? 1 : 0));
}
