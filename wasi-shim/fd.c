/* wasi-shim/fd.c: the descriptor calls.  For now the program has only the
 * standard streams, 0-2, and no preopened directories (fd_prestat_get says
 * EBADF, which is how wasi-libc learns that the preopens end); fd_write
 * writes to 1 and 2, anything else is EBADF. */
#include <string.h>

#include "../runtime-lib/sys/sys.h"
#include "wasi.h"

enum {
	FILETYPE_UNKNOWN = 0, FILETYPE_CHARACTER_DEVICE = 2,
	RIGHT_FD_READ = 1u << 1, RIGHT_FD_WRITE = 1u << 6,
	IOVEC_SIZE = 8, FDSTAT_SIZE = 24,
};

static bool open_std(const WasiCtx *w, int32_t fd)
{
	return fd >= 0 && fd <= 2 && !w->closed[fd];
}

uint32_t wasi_errno(long e)
{
	switch (e) {
	case 4: return WASI_EINTR;
	case 9: return WASI_EBADF;
	case 11: return WASI_EAGAIN;
	case 14: return WASI_EFAULT;
	case 22: return WASI_EINVAL;
	case 28: return WASI_ENOSPC;
	case 32: return WASI_EPIPE;
	default: return WASI_EIO;
	}
}

/* Writes one buffer whole, unless the stream fails part way. */
static uint32_t write_all(int fd, const uint8_t *p, uint32_t n, uint32_t *done)
{
	while (n) {
		long r = rt_sys_write(fd, p, n);
		if (r == -4)
			continue;
		if (r < 0)
			return wasi_errno(-r);
		p += r, n -= (uint32_t)r, *done += (uint32_t)r;
	}
	return WASI_ESUCCESS;
}

/* fd_write(fd, iovs, iovs_len, nwritten) */
uint32_t wasi_fd_write(WasiCtx *w, const NacreValue *a)
{
	int32_t fd = a[0].i32;
	uint32_t iovs = (uint32_t)a[1].i32, n = (uint32_t)a[2].i32, done = 0;
	if (!open_std(w, fd) || fd == 0)
		return WASI_EBADF;
	uint8_t *out = wasi_span(w, (uint32_t)a[3].i32, 4), *vec = wasi_span(w, iovs, (uint64_t)n * IOVEC_SIZE);
	if (!out || !vec)
		return WASI_EFAULT;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t base, len;
		memcpy(&base, vec + i * IOVEC_SIZE, 4);
		memcpy(&len, vec + i * IOVEC_SIZE + 4, 4);
		const uint8_t *buf = wasi_span(w, base, len);
		if (!buf)
			return WASI_EFAULT;
		uint32_t e = write_all(fd, buf, len, &done);
		if (e)
			return done ? (wasi_put_u32(out, done), WASI_ESUCCESS) : e;
	}
	wasi_put_u32(out, done);
	return WASI_ESUCCESS;
}

uint32_t wasi_fd_close(WasiCtx *w, const NacreValue *a)
{
	if (!open_std(w, a[0].i32))
		return WASI_EBADF;
	w->closed[a[0].i32] = true; /* the host's stream stays open for the runtime */
	return WASI_ESUCCESS;
}

/* fd_fdstat_get(fd, buf): filetype u8, flags u16 at 2, rights_base u64 at
 * 8, rights_inheriting u64 at 16.  A terminal is a character device, so
 * that wasi-libc line-buffers it; other streams are of unknown type. */
uint32_t wasi_fd_fdstat_get(WasiCtx *w, const NacreValue *a)
{
	int32_t fd = a[0].i32;
	if (!open_std(w, fd))
		return WASI_EBADF;
	uint8_t *p = wasi_span(w, (uint32_t)a[1].i32, FDSTAT_SIZE);
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, FDSTAT_SIZE);
	p[0] = rt_sys_isatty(fd) ? FILETYPE_CHARACTER_DEVICE : FILETYPE_UNKNOWN;
	wasi_put_u64(p + 8, fd == 0 ? RIGHT_FD_READ : RIGHT_FD_WRITE);
	return WASI_ESUCCESS;
}

uint32_t wasi_fd_prestat_get(WasiCtx *w, const NacreValue *a)
{
	(void)w, (void)a;
	return WASI_EBADF;
}
