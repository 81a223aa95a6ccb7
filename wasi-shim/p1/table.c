/* wasi-shim/p1/table.c: the preview1 calls on the descriptor table
 * itself: close, renumber, prestat (a preopen's name) and fdstat (type,
 * flags and rights; rights can only be dropped).
 */
#include <string.h>

#include "p1.h"

enum { FDSTAT_SIZE = 24, PRESTAT_SIZE = 8 };

/* A preopened directory's descriptor: EBADF for any other. */
static uint32_t preopen_lookup(WasiCtx *w, int32_t fd, WasiFd **f)
{
	uint32_t e = wasi_fd_lookup(w, fd, 0, f);
	return e ? e : (*f)->preopen ? WASI_ESUCCESS : WASI_EBADF;
}

uint32_t wasi_fd_close(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, 0, &f);
	if (e)
		return e;
	wasi_fd_release(f);
	return WASI_ESUCCESS;
}

/* fd_renumber(from, to): `to` is closed and becomes `from`. */
uint32_t wasi_fd_renumber(WasiCtx *w, const NacreValue *a)
{
	WasiFd *from, *to;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, 0, &from);
	if (!e)
		e = wasi_fd_lookup(w, a[1].i32, 0, &to);
	if (e || from == to)
		return e;
	wasi_fd_release(to);
	*to = *from;
	*from = (WasiFd){ .host = WASI_HOST_FREE };
	return WASI_ESUCCESS;
}

/* fd_prestat_get(fd, buf): tag 0 (a directory) and the name's length. */
uint32_t wasi_fd_prestat_get(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = preopen_lookup(w, a[0].i32, &f);
	if (e)
		return e;
	uint8_t *p = wasi_span(w, (uint32_t)a[1].i32, PRESTAT_SIZE);
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, PRESTAT_SIZE);
	wasi_put_u32(p + 4, (uint32_t)strlen(f->preopen));
	return WASI_ESUCCESS;
}

/* fd_prestat_dir_name(fd, buf, len): the name, not NUL-terminated. */
uint32_t wasi_fd_prestat_dir_name(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = preopen_lookup(w, a[0].i32, &f);
	if (e)
		return e;
	size_t n = strlen(f->preopen);
	if ((uint32_t)a[2].i32 < n)
		return WASI_ENAMETOOLONG;
	uint8_t *p = wasi_span(w, (uint32_t)a[1].i32, n);
	if (!p)
		return WASI_EFAULT;
	memcpy(p, f->preopen, n);
	return WASI_ESUCCESS;
}

static uint16_t fdflags(long sys)
{
	uint16_t f = 0;
	f |= sys & RT_SYS_O_APPEND ? WASI_FD_APPEND : 0;
	f |= sys & RT_SYS_O_DSYNC ? WASI_FD_DSYNC : 0;
	f |= sys & RT_SYS_O_NONBLOCK ? WASI_FD_NONBLOCK : 0;
	f |= sys & RT_SYS_O_RSYNC ? WASI_FD_RSYNC : 0;
	f |= sys & RT_SYS_O_SYNC ? WASI_FD_SYNC : 0;
	return f;
}

/* fd_fdstat_get(fd, buf): filetype u8, flags u16 at 2, rights_base u64
 * at 8, rights_inheriting u64 at 16. */
uint32_t wasi_fd_fdstat_get(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, 0, &f);
	if (e)
		return e;
	uint8_t *p = wasi_span(w, (uint32_t)a[1].i32, FDSTAT_SIZE);
	if (!p)
		return WASI_EFAULT;
	long flags = f->stream ? 0 : rt_sys_get_flags(f->host);
	if (flags < 0)
		return wasi_errno(-flags);
	memset(p, 0, FDSTAT_SIZE);
	p[0] = f->type;
	wasi_put_u16(p + 2, fdflags(flags));
	wasi_put_u64(p + 8, f->base);
	wasi_put_u64(p + 16, f->inheriting);
	return WASI_ESUCCESS;
}

/* fd_fdstat_set_flags(fd, flags): Linux can change append and
 * non-blocking on an open descriptor, not the synchronous modes. */
uint32_t wasi_fd_fdstat_set_flags(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, WASI_RIGHT(WASI_R_FD_FDSTAT_SET_FLAGS), &f);
	if (e)
		return e;
	uint32_t flags = (uint32_t)a[1].i32 & 0xffff;
	if (flags & ~(uint32_t)(WASI_FD_APPEND | WASI_FD_DSYNC | WASI_FD_NONBLOCK | WASI_FD_RSYNC | WASI_FD_SYNC))
		return WASI_EINVAL;
	if (flags & (WASI_FD_DSYNC | WASI_FD_RSYNC | WASI_FD_SYNC))
		return WASI_ENOTSUP;
	uint32_t sys = (flags & WASI_FD_APPEND ? RT_SYS_O_APPEND : 0) | (flags & WASI_FD_NONBLOCK ? RT_SYS_O_NONBLOCK : 0);
	return wasi_result(rt_sys_set_flags(f->host, sys));
}

/* fd_fdstat_set_rights(fd, base, inheriting): may only drop rights. */
uint32_t wasi_fd_fdstat_set_rights(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, 0, &f);
	if (e)
		return e;
	uint64_t base = (uint64_t)a[1].i64, inheriting = (uint64_t)a[2].i64;
	if ((base & ~f->base) || (inheriting & ~f->inheriting))
		return WASI_ENOTCAPABLE;
	f->base = base;
	f->inheriting = inheriting;
	return WASI_ESUCCESS;
}
