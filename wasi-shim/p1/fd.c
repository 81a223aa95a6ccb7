/* wasi-shim/p1/fd.c: the calls on an open descriptor: reading and writing
 * (scatter/gather straight between the program's memory and the kernel),
 * offsets, metadata, advice, allocation, syncing and directory listing.
 * Each checks the descriptor's rights first (fdtable.c).
 */
#include <string.h>

#include "p1.h"

enum {
	IOVEC_SIZE = 8, MAX_IOVECS = 1024 /* IOV_MAX */, FILESTAT_SIZE = 64, DIRENT_SIZE = 24,
	WHENCE_END = 2, DENTS_BUF = 4096,
};

#define R(name) WASI_RIGHT(WASI_R_##name)

uint32_t wasi_iovecs(WasiCtx *w, uint32_t iovs, uint32_t n, RtSysIovec *out, int max, int *count)
{
	uint32_t take = n < (uint32_t)max ? n : (uint32_t)max; /* a short transfer is allowed */
	const uint8_t *vec = wasi_span(w, iovs, (uint64_t)n * IOVEC_SIZE);
	if (!vec)
		return WASI_EFAULT;
	for (uint32_t i = 0; i < take; i++) {
		uint32_t base = wasi_get_u32(vec + i * IOVEC_SIZE), len = wasi_get_u32(vec + i * IOVEC_SIZE + 4);
		uint8_t *p = wasi_span(w, base, len);
		if (!p)
			return WASI_EFAULT;
		out[i] = (RtSysIovec){ p, len };
	}
	*count = (int)take;
	return WASI_ESUCCESS;
}

/* Pipes, terminals and sockets cannot seek: say ESPIPE, as the kernel
 * would, rather than that the descriptor lacks the right. */
static uint32_t lookup_seekable(WasiCtx *w, int32_t fd, uint64_t rights, WasiFd **f)
{
	uint32_t e = wasi_fd_lookup(w, fd, rights, f);
	if (e == WASI_ENOTCAPABLE && (*f)->type != WASI_FILETYPE_DIRECTORY &&
	    !(wasi_rights_for((*f)->type) & R(FD_SEEK)))
		return WASI_ESPIPE;
	return e;
}

typedef long (*Transfer)(int fd, const RtSysIovec *iov, int n, uint64_t offset);
static long readv_at(int fd, const RtSysIovec *iov, int n, uint64_t o) { (void)o; return rt_sys_readv(fd, iov, n); }
static long writev_at(int fd, const RtSysIovec *iov, int n, uint64_t o) { (void)o; return rt_sys_writev(fd, iov, n); }

/* (fd, iovs, iovs_len, [offset,] done_ptr): one system call, retried
 * only if a signal interrupted it before anything moved. */
static uint32_t transfer(WasiCtx *w, const NacreValue *a, uint64_t rights, Transfer fn, bool positioned)
{
	WasiFd *f;
	uint32_t e = positioned ? lookup_seekable(w, a[0].i32, rights, &f) : wasi_fd_lookup(w, a[0].i32, rights, &f);
	if (e)
		return e;
	RtSysIovec iov[MAX_IOVECS];
	int n;
	uint8_t *done = wasi_span(w, (uint32_t)a[positioned ? 4 : 3].i32, 4);
	if (!done)
		return WASI_EFAULT;
	e = wasi_iovecs(w, (uint32_t)a[1].i32, (uint32_t)a[2].i32, iov, MAX_IOVECS, &n);
	if (e)
		return e;
	long r;
	if (f->stream) {
		r = wasi_stream_transfer(f->stream, iov, n, rights & R(FD_WRITE));
		if (r < 0)
			return (uint32_t)-r;
		wasi_put_u32(done, (uint32_t)r);
		return WASI_ESUCCESS;
	}
	do
		r = fn(f->host, iov, n, positioned ? (uint64_t)a[3].i64 : 0);
	while (r == -4 /* EINTR */);
	if (r < 0)
		return wasi_errno(-r);
	wasi_put_u32(done, (uint32_t)r);
	return WASI_ESUCCESS;
}

uint32_t wasi_fd_read(WasiCtx *w, const NacreValue *a) { return transfer(w, a, R(FD_READ), readv_at, false); }
uint32_t wasi_fd_write(WasiCtx *w, const NacreValue *a) { return transfer(w, a, R(FD_WRITE), writev_at, false); }
uint32_t wasi_fd_pread(WasiCtx *w, const NacreValue *a)
{
	return (int64_t)a[3].i64 < 0 ? WASI_EINVAL : transfer(w, a, R(FD_READ) | R(FD_SEEK), rt_sys_preadv, true);
}
uint32_t wasi_fd_pwrite(WasiCtx *w, const NacreValue *a)
{
	return (int64_t)a[3].i64 < 0 ? WASI_EINVAL : transfer(w, a, R(FD_WRITE) | R(FD_SEEK), rt_sys_pwritev, true);
}

/* fd_seek(fd, offset, whence, newoffset_ptr): asking where one is needs
 * only the tell right. */
uint32_t wasi_fd_seek(WasiCtx *w, const NacreValue *a)
{
	int64_t offset = a[1].i64;
	uint32_t whence = (uint32_t)a[2].i32 & 0xff;
	WasiFd *f;
	uint32_t e = lookup_seekable(w, a[0].i32, offset == 0 && whence == 1 ? R(FD_TELL) : R(FD_SEEK), &f);
	if (e)
		return e;
	if (whence > WHENCE_END)
		return WASI_EINVAL;
	uint8_t *out = wasi_span(w, (uint32_t)a[3].i32, 8);
	if (!out)
		return WASI_EFAULT;
	int64_t r = rt_sys_seek(f->host, offset, (int)whence);
	if (r < 0)
		return wasi_errno(-r);
	wasi_put_u64(out, (uint64_t)r);
	return WASI_ESUCCESS;
}

uint32_t wasi_fd_tell(WasiCtx *w, const NacreValue *a)
{
	NacreValue args[4] = { a[0], { .i64 = 0 }, { .i32 = 1 }, a[1] };
	return wasi_fd_seek(w, args);
}

/* filestat: dev, ino, filetype u8 at 16, nlink at 24, size, atim, mtim,
 * ctim. */
uint32_t wasi_filestat_put(WasiCtx *w, uint32_t ptr, const RtSysStat *st)
{
	uint8_t *p = wasi_span(w, ptr, FILESTAT_SIZE);
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, FILESTAT_SIZE);
	wasi_put_u64(p, st->dev);
	wasi_put_u64(p + 8, st->ino);
	p[16] = wasi_filetype(-1, st->mode);
	wasi_put_u64(p + 24, st->nlink);
	wasi_put_u64(p + 32, st->size);
	wasi_put_u64(p + 40, st->atim);
	wasi_put_u64(p + 48, st->mtim);
	wasi_put_u64(p + 56, st->ctim);
	return WASI_ESUCCESS;
}

uint32_t wasi_fd_filestat_get(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, R(FD_FILESTAT_GET), &f);
	if (e)
		return e;
	RtSysStat st = { 0 };
	int r = f->stream ? 0 : rt_sys_stat(f->host, "", false, &st); /* a memory stream: all zero */
	if (r < 0)
		return wasi_errno(-r);
	e = wasi_filestat_put(w, (uint32_t)a[1].i32, &st);
	if (!e && f->type != wasi_filetype(-1, st.mode))
		wasi_span(w, (uint32_t)a[1].i32, FILESTAT_SIZE)[16] = f->type; /* sockets: stream or datagram */
	return e;
}

uint32_t wasi_fd_filestat_set_size(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, R(FD_FILESTAT_SET_SIZE), &f);
	if (e)
		return e;
	return (int64_t)a[1].i64 < 0 ? WASI_EINVAL : wasi_result(rt_sys_truncate(f->host, (uint64_t)a[1].i64));
}

enum { FST_ATIM = 1, FST_ATIM_NOW = 2, FST_MTIM = 4, FST_MTIM_NOW = 8 };

uint32_t wasi_times(uint32_t fst, uint64_t atim, uint64_t mtim, uint64_t ns[2], int how[2])
{
	if ((fst & ~15u) || ((fst & FST_ATIM) && (fst & FST_ATIM_NOW)) || ((fst & FST_MTIM) && (fst & FST_MTIM_NOW)))
		return WASI_EINVAL;
	ns[0] = atim;
	ns[1] = mtim;
	how[0] = fst & FST_ATIM_NOW ? RT_SYS_TIME_NOW : fst & FST_ATIM ? 0 : RT_SYS_TIME_OMIT;
	how[1] = fst & FST_MTIM_NOW ? RT_SYS_TIME_NOW : fst & FST_MTIM ? 0 : RT_SYS_TIME_OMIT;
	return WASI_ESUCCESS;
}

/* fd_filestat_set_times(fd, atim, mtim, fst_flags) */
uint32_t wasi_fd_filestat_set_times(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, R(FD_FILESTAT_SET_TIMES), &f);
	uint64_t ns[2];
	int how[2];
	if (!e)
		e = wasi_times((uint32_t)a[3].i32 & 0xffff, (uint64_t)a[1].i64, (uint64_t)a[2].i64, ns, how);
	return e ? e : wasi_result(rt_sys_set_times(f->host, NULL, true, ns, how));
}

/* fd_advise(fd, offset, len, advice): WASI orders the advice normal,
 * sequential, random, ...; POSIX swaps the second and third. */
uint32_t wasi_fd_advise(WasiCtx *w, const NacreValue *a)
{
	static const int posix[] = { 0, 2, 1, 3, 4, 5 };
	WasiFd *f;
	uint32_t advice = (uint32_t)a[3].i32 & 0xff, e = wasi_fd_lookup(w, a[0].i32, R(FD_ADVISE), &f);
	if (e)
		return e;
	if (advice >= sizeof posix / sizeof *posix || (int64_t)a[1].i64 < 0 || (int64_t)a[2].i64 < 0)
		return WASI_EINVAL;
	return wasi_result(rt_sys_advise(f->host, (uint64_t)a[1].i64, (uint64_t)a[2].i64, posix[advice]));
}

/* fd_allocate(fd, offset, len): file systems without it say ENOTSUP. */
uint32_t wasi_fd_allocate(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, R(FD_ALLOCATE), &f);
	if (e)
		return e;
	if ((int64_t)a[1].i64 < 0 || (int64_t)a[2].i64 <= 0)
		return WASI_EINVAL;
	return wasi_result(rt_sys_allocate(f->host, (uint64_t)a[1].i64, (uint64_t)a[2].i64));
}

static uint32_t sync_fd(WasiCtx *w, const NacreValue *a, uint64_t right, bool data_only)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, right, &f);
	return e ? e : wasi_result(rt_sys_sync(f->host, data_only));
}

uint32_t wasi_fd_sync(WasiCtx *w, const NacreValue *a) { return sync_fd(w, a, R(FD_SYNC), false); }
uint32_t wasi_fd_datasync(WasiCtx *w, const NacreValue *a) { return sync_fd(w, a, R(FD_DATASYNC), true); }

/* The WASI type of a kernel directory entry's DT_ type. */
static uint8_t dirent_type(uint8_t dt)
{
	switch (dt) {
	case 2: return WASI_FILETYPE_CHARACTER_DEVICE;
	case 4: return WASI_FILETYPE_DIRECTORY;
	case 6: return WASI_FILETYPE_BLOCK_DEVICE;
	case 8: return WASI_FILETYPE_REGULAR_FILE;
	case 10: return WASI_FILETYPE_SYMBOLIC_LINK;
	case 12: return WASI_FILETYPE_SOCKET_STREAM;
	default: return WASI_FILETYPE_UNKNOWN;
	}
}

/* fd_readdir(fd, buf, buf_len, cookie, bufused_ptr): entries from
 * `cookie` on, each a 24-byte dirent (d_next, d_ino, d_namlen, d_type)
 * and its name, the last one cut off where the buffer ends (a full
 * buffer tells the program to ask again).  The cookie is the kernel's own
 * directory offset, so no listing is kept between calls. */
uint32_t wasi_fd_readdir(WasiCtx *w, const NacreValue *a)
{
	WasiFd *f;
	uint32_t e = wasi_fd_lookup(w, a[0].i32, R(FD_READDIR), &f);
	if (e)
		return e;
	uint32_t len = (uint32_t)a[2].i32;
	uint8_t *buf = wasi_span(w, (uint32_t)a[1].i32, len), *used = wasi_span(w, (uint32_t)a[4].i32, 4);
	if (!buf || !used)
		return WASI_EFAULT;
	int64_t r = rt_sys_seek(f->host, a[3].i64, 0);
	if (r < 0)
		return wasi_errno(-r);
	uint8_t dents[DENTS_BUF];
	uint32_t n = 0;
	while (n < len) {
		long got = rt_sys_getdents(f->host, dents, sizeof dents);
		if (got < 0)
			return wasi_errno(-got);
		if (got == 0)
			break;
		for (long off = 0; off < got && n < len;) {
			const uint8_t *d = dents + off;
			uint16_t reclen;
			memcpy(&reclen, d + 16, 2);
			const char *name = (const char *)d + 19;
			uint32_t namelen = (uint32_t)strlen(name);
			uint8_t ent[DIRENT_SIZE] = { 0 };
			memcpy(ent, d + 8, 8);  /* d_next: the offset after this entry */
			memcpy(ent + 8, d, 8);  /* d_ino */
			wasi_put_u32(ent + 16, namelen);
			ent[20] = dirent_type(d[18]);
			uint32_t k = len - n < DIRENT_SIZE ? len - n : DIRENT_SIZE;
			memcpy(buf + n, ent, k);
			n += k;
			k = len - n < namelen ? len - n : namelen;
			memcpy(buf + n, name, k);
			n += k;
			off += reclen;
		}
	}
	wasi_put_u32(used, n);
	return WASI_ESUCCESS;
}
