/* tests/wasi/programs/fd_file.c: the fd_* calls on a regular file:
 * read, write, pread, pwrite, seek, tell, filestat get/set size/set times,
 * fdstat get/set flags/set rights, advise, allocate, sync, datasync,
 * renumber, close; and ESPIPE on stdin, which run-wasi makes a pipe.
 * run-wasi grants /sandbox holding data.txt = "0123456789".
 */
#include "check.h"

static int dir;

static __wasi_errno_t readn(__wasi_fd_t fd, char *buf, size_t cap, size_t *n)
{
	__wasi_iovec_t iov = { (uint8_t *)buf, cap };
	__wasi_size_t got = 0;
	__wasi_errno_t e = __wasi_fd_read(fd, &iov, 1, &got);
	*n = got;
	return e;
}

static uint64_t tell(__wasi_fd_t fd)
{
	__wasi_filesize_t pos = 999;
	return __wasi_fd_tell(fd, &pos) ? 999 : pos;
}

static uint64_t size_of(__wasi_fd_t fd)
{
	__wasi_filestat_t st;
	return __wasi_fd_filestat_get(fd, &st) ? 999 : st.size;
}

static void read_seek_tell(__wasi_fd_t fd)
{
	char buf[32];
	size_t n;
	__wasi_filesize_t pos;
	expect_ok("fd_read 4 bytes", readn(fd, buf, 4, &n));
	expect_str("fd_read gives the start of the file", buf, n, "0123");
	expect_u64("fd_tell after reading 4", tell(fd), 4);
	expect_ok("fd_seek +2 from the current position", __wasi_fd_seek(fd, 2, __WASI_WHENCE_CUR, &pos));
	expect_u64("fd_seek returns the new offset", pos, 6);
	expect_ok("fd_read to the end", readn(fd, buf, sizeof buf, &n));
	expect_str("fd_read after the seek", buf, n, "6789");
	expect_ok("fd_read at the end of the file", readn(fd, buf, sizeof buf, &n));
	expect_u64("fd_read at the end reads 0 bytes", n, 0);
	expect_ok("fd_seek -3 from the end", __wasi_fd_seek(fd, -3, __WASI_WHENCE_END, &pos));
	expect_u64("fd_seek from the end", pos, 7);
	expect_errno("fd_seek before the start is EINVAL", __wasi_fd_seek(fd, -100, __WASI_WHENCE_CUR, &pos),
	             __WASI_ERRNO_INVAL);
	expect_errno("fd_seek with whence 3 is EINVAL", __wasi_fd_seek(fd, 0, 3, &pos), __WASI_ERRNO_INVAL);
	expect_u64("a failed seek leaves the offset", tell(fd), 7);
	expect_ok("fd_seek to 0", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
	char a[3], b[5];
	__wasi_iovec_t iovs[2] = { { (uint8_t *)a, 3 }, { (uint8_t *)b, 5 } };
	__wasi_size_t got = 0;
	expect_ok("fd_read into two buffers", __wasi_fd_read(fd, iovs, 2, &got));
	expect_u64("fd_read fills both buffers", got, 8);
	expect_true("scattered bytes land in order", !memcmp(a, "012", 3) && !memcmp(b, "34567", 5));
}

static void pread_pwrite(__wasi_fd_t fd)
{
	char buf[16];
	__wasi_iovec_t iov = { (uint8_t *)buf, 3 };
	__wasi_size_t n = 0;
	uint64_t before = tell(fd);
	expect_ok("fd_pread 3 bytes at offset 2", __wasi_fd_pread(fd, &iov, 1, 2, &n));
	expect_str("fd_pread reads at its offset", buf, n, "234");
	__wasi_ciovec_t w = { (const uint8_t *)"AB", 2 };
	expect_ok("fd_pwrite 2 bytes at offset 8", __wasi_fd_pwrite(fd, &w, 1, 8, &n));
	expect_u64("fd_pwrite writes both", n, 2);
	expect_u64("fd_pread and fd_pwrite leave the offset", tell(fd), before);
	iov.buf_len = sizeof buf;
	expect_ok("fd_pread the whole file", __wasi_fd_pread(fd, &iov, 1, 0, &n));
	expect_str("fd_pwrite changed the file", buf, n, "01234567AB");
	expect_ok("fd_pread past the end", __wasi_fd_pread(fd, &iov, 1, 100, &n));
	expect_u64("fd_pread past the end reads 0 bytes", n, 0);
	__wasi_filesize_t pos;
	expect_ok("fd_seek to the end", __wasi_fd_seek(fd, 0, __WASI_WHENCE_END, &pos));
	expect_ok("fd_write at the end", write_all(fd, "xyz"));
	expect_u64("the file grew", size_of(fd), 13);
	expect_u64("fd_write moved the offset", tell(fd), 13);
}

static void filestat(__wasi_fd_t fd)
{
	__wasi_filestat_t st;
	expect_ok("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
	expect_u64("filestat filetype is regular file", st.filetype, __WASI_FILETYPE_REGULAR_FILE);
	expect_u64("filestat nlink", st.nlink, 1);
	expect_ok("fd_filestat_set_size 5", __wasi_fd_filestat_set_size(fd, 5));
	expect_u64("size after truncating", size_of(fd), 5);
	expect_ok("fd_filestat_set_size 100", __wasi_fd_filestat_set_size(fd, 100));
	expect_u64("size after extending", size_of(fd), 100);
	char buf[4] = { 1, 1, 1, 1 };
	__wasi_iovec_t iov = { (uint8_t *)buf, 4 };
	__wasi_size_t n;
	expect_ok("fd_pread in the extension", __wasi_fd_pread(fd, &iov, 1, 50, &n));
	expect_true("the extension reads as zeros", n == 4 && !buf[0] && !buf[1] && !buf[2] && !buf[3]);
	const __wasi_timestamp_t at = 1000000000ull * 1234567890 + 111, mt = 1000000000ull * 1500000000 + 987654321;
	expect_ok("fd_filestat_set_times both", __wasi_fd_filestat_set_times(fd, at, mt,
	          __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
	expect_ok("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
	expect_u64("atim is what was set, to the nanosecond", st.atim, at);
	expect_u64("mtim is what was set, to the nanosecond", st.mtim, mt);
	expect_ok("fd_filestat_set_times mtim only", __wasi_fd_filestat_set_times(fd, 0, mt + 5, __WASI_FSTFLAGS_MTIM));
	expect_ok("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
	expect_true("setting mtim leaves atim", st.atim == at && st.mtim == mt + 5);
	__wasi_timestamp_t now = 0;
	expect_ok("clock_time_get", __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &now));
	expect_ok("fd_filestat_set_times mtim now", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
	expect_ok("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
	expect_true("mtim now is within 10 s of realtime", st.mtim + 10000000000ull > now && st.mtim < now + 10000000000ull);
	expect_errno("ATIM with ATIM_NOW is EINVAL", __wasi_fd_filestat_set_times(fd, 1, 0,
	             __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), __WASI_ERRNO_INVAL);
	expect_errno("MTIM with MTIM_NOW is EINVAL", __wasi_fd_filestat_set_times(fd, 0, 1,
	             __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_INVAL);
}

static void fdstat_flags(__wasi_fd_t fd)
{
	__wasi_fdstat_t st;
	expect_ok("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &st));
	expect_u64("fdstat filetype is regular file", st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
	expect_u64("fdstat flags start empty", st.fs_flags, 0);
	expect_true("fdstat rights include read, write, seek, tell",
	            (st.fs_rights_base & (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
	                                  __WASI_RIGHTS_FD_TELL)) == (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE |
	                                                              __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL));
	expect_ok("fd_fdstat_set_flags APPEND", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
	expect_ok("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &st));
	expect_u64("fdstat shows APPEND", st.fs_flags, __WASI_FDFLAGS_APPEND);
	__wasi_filesize_t pos;
	uint64_t size = size_of(fd);
	expect_ok("fd_seek", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
	expect_ok("fd_write with APPEND", write_all(fd, "tail"));
	expect_u64("APPEND writes at the end whatever the offset", size_of(fd), size + 4);
	expect_ok("fd_fdstat_set_flags 0", __wasi_fd_fdstat_set_flags(fd, 0));
	expect_ok("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &st));
	expect_u64("fdstat flags cleared", st.fs_flags, 0);
	expect_ok("fd_seek", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
	expect_ok("fd_write without APPEND", write_all(fd, "H"));
	expect_u64("without APPEND the write lands at the offset", size_of(fd), size + 4);
}

static void advise_allocate_sync(__wasi_fd_t fd)
{
	char what[48];
	for (__wasi_advice_t a = 0; a <= __WASI_ADVICE_NOREUSE; a++) {
		snprintf(what, sizeof what, "fd_advise advice %u", a);
		expect_ok(what, __wasi_fd_advise(fd, 0, 10, a));
	}
	expect_errno("fd_advise advice 6 is EINVAL", __wasi_fd_advise(fd, 0, 10, 6), __WASI_ERRNO_INVAL);
	expect_ok("fd_filestat_set_size 10", __wasi_fd_filestat_set_size(fd, 10));
	expect_ok("fd_allocate 0..200", __wasi_fd_allocate(fd, 0, 200));
	expect_u64("fd_allocate extends the file", size_of(fd), 200);
	expect_ok("fd_allocate inside the file", __wasi_fd_allocate(fd, 10, 20));
	expect_u64("fd_allocate inside the file keeps its size", size_of(fd), 200);
	expect_ok("fd_sync", __wasi_fd_sync(fd));
	expect_ok("fd_datasync", __wasi_fd_datasync(fd));
}

static void rights(void)
{
	__wasi_fd_t fd = 99;
	__wasi_fdstat_t st;
	expect_ok("open data.txt again", open_at(dir, "data.txt", 0, 0, &fd));
	expect_ok("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &st));
	expect_ok("fd_fdstat_set_rights dropping FD_WRITE",
	          __wasi_fd_fdstat_set_rights(fd, st.fs_rights_base & ~__WASI_RIGHTS_FD_WRITE, 0));
	expect_ok("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &st));
	expect_true("fdstat no longer has FD_WRITE", !(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
	expect_errno("fd_write without FD_WRITE is ENOTCAPABLE", write_all(fd, "x"), __WASI_ERRNO_NOTCAPABLE);
	expect_errno("fd_fdstat_set_rights cannot add FD_WRITE back",
	             __wasi_fd_fdstat_set_rights(fd, st.fs_rights_base | __WASI_RIGHTS_FD_WRITE, 0),
	             __WASI_ERRNO_NOTCAPABLE);
	expect_ok("fd_fdstat_set_rights to FD_READ alone", __wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ, 0));
	__wasi_filesize_t pos;
	expect_errno("fd_seek without FD_SEEK is ENOTCAPABLE", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos),
	             __WASI_ERRNO_NOTCAPABLE);
	char c;
	size_t n;
	expect_ok("fd_read with FD_READ alone", readn(fd, &c, 1, &n));
	expect_ok("fd_close", __wasi_fd_close(fd));
	expect_ok("open data.txt with FD_READ and FD_FILESTAT_GET",
	          __wasi_path_open(dir, 0, "data.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd));
	expect_errno2("fd_write on a file opened without FD_WRITE", write_all(fd, "x"), __WASI_ERRNO_NOTCAPABLE,
	              __WASI_ERRNO_BADF);
	expect_errno2("fd_filestat_set_size on a file opened without the right", __wasi_fd_filestat_set_size(fd, 0),
	              __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_BADF);
	expect_u64("the file kept its size", size_of(fd), 200);
	expect_ok("fd_close", __wasi_fd_close(fd));
}

static void renumber_close(__wasi_fd_t fd)
{
	__wasi_fd_t other = 99;
	expect_ok("open a second fd", open_at(dir, "data.txt", 0, 0, &other));
	__wasi_filesize_t pos;
	expect_ok("fd_seek", __wasi_fd_seek(fd, 3, __WASI_WHENCE_SET, &pos));
	expect_ok("fd_renumber onto an open fd", __wasi_fd_renumber(fd, other));
	expect_u64("the target fd now has the source's offset", tell(other), 3);
	__wasi_fdstat_t st;
	expect_errno("the source fd is closed", __wasi_fd_fdstat_get(fd, &st), __WASI_ERRNO_BADF);
	expect_errno("fd_renumber from a closed fd is EBADF", __wasi_fd_renumber(fd, other), __WASI_ERRNO_BADF);
	expect_errno("fd_renumber onto a fd never opened is EBADF", __wasi_fd_renumber(other, 77), __WASI_ERRNO_BADF);
	expect_ok("fd_renumber onto itself", __wasi_fd_renumber(other, other));
	expect_ok("the fd survives renumbering onto itself", __wasi_fd_fdstat_get(other, &st));
	expect_ok("fd_close", __wasi_fd_close(other));
	expect_errno("fd_close twice is EBADF", __wasi_fd_close(other), __WASI_ERRNO_BADF);
	char c;
	size_t n;
	expect_errno("fd_read on a closed fd is EBADF", readn(other, &c, 1, &n), __WASI_ERRNO_BADF);
	expect_errno("fd_write on a closed fd is EBADF", write_all(other, "x"), __WASI_ERRNO_BADF);
	expect_errno("fd_close(-1) is EBADF", __wasi_fd_close((__wasi_fd_t)-1), __WASI_ERRNO_BADF);
}

static void pipe_stdin(void)
{
	__wasi_filesize_t pos;
	/* A runtime that withholds FD_SEEK from a pipe says ENOTCAPABLE first. */
	expect_errno2("fd_seek on stdin (a pipe)", __wasi_fd_seek(0, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_SPIPE,
	              __WASI_ERRNO_NOTCAPABLE);
	expect_errno2("fd_tell on stdin (a pipe)", __wasi_fd_tell(0, &pos), __WASI_ERRNO_SPIPE, __WASI_ERRNO_NOTCAPABLE);
	char buf[8];
	__wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
	__wasi_size_t n;
	expect_errno2("fd_pread on stdin (a pipe)", __wasi_fd_pread(0, &iov, 1, 0, &n), __WASI_ERRNO_SPIPE,
	              __WASI_ERRNO_NOTCAPABLE);
	expect_ok("fd_read on stdin (a pipe)", __wasi_fd_read(0, &iov, 1, &n));
	expect_str("stdin carries what run-wasi sent", buf, n, "ping\n");
}

/* Opening until the host runs out of descriptors (run-wasi sets
 * ulimit -n 64) must fail cleanly with EMFILE or ENFILE, and closing
 * them must make room again. */
static void exhaust(void)
{
	static __wasi_fd_t fds[4096];
	int n = 0;
	__wasi_errno_t e = 0;
	while (n < 4096 && !(e = open_at(dir, "data.txt", 0, 0, &fds[n])))
		n++;
	expect_errno2("opening files until none is left", e, __WASI_ERRNO_MFILE, __WASI_ERRNO_NFILE);
	expect_true("dozens of files could be opened first", n >= 32);
	int closed = 0;
	for (int i = 0; i < n; i++)
		closed += __wasi_fd_close(fds[i]) == 0;
	expect_u64("each of them closes", closed, n);
	__wasi_fd_t fd = 99;
	expect_ok("a file opens again after closing them", open_at(dir, "data.txt", 0, 0, &fd));
	expect_ok("and closes", __wasi_fd_close(fd));
}

int main(void)
{
	dir = preopen("/sandbox");
	expect_true("/sandbox is preopened", dir >= 0);
	__wasi_fd_t fd = 99;
	expect_ok("path_open data.txt", open_at(dir, "data.txt", 0, 0, &fd));
	read_seek_tell(fd);
	pread_pwrite(fd);
	filestat(fd);
	fdstat_flags(fd);
	advise_allocate_sync(fd);
	rights();
	renumber_close(fd);
	pipe_stdin();
	exhaust();
	fflush(stdout);
	expect_ok("fd_write to stdout", write_all(1, "ok: written by fd_write to stdout\n"));
	return finish();
}
