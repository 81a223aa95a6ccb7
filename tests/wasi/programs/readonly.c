/* tests/wasi/programs/readonly.c: a read-only preopen (--dir-ro) refuses
 * every change, made directly or through a subdirectory's fd, and every
 * move or link into or out of it; reading still works.  run-wasi grants
 *   /ro (read-only): rofile ("readonly"), rodir/f, rodir/emptysub/
 *   /sandbox (read-write): file ("inside")
 * and checks afterwards that nothing under /ro changed.
 * Refusals may be ENOTCAPABLE, EPERM, EACCES or EROFS.
 */
#include "check.h"

static int ro, sb;

static int denied(const char *what, __wasi_errno_t e)
{
	if (e == __WASI_ERRNO_ACCES || e == __WASI_ERRNO_ROFS)
		return expect_errno(what, e, e);
	return expect_escape(what, e);
}

/* Opening for writing: refused, or (rights cut to what the directory
 * passes on, as wasi-libc does itself) an fd that cannot write. */
static void no_write_open(const char *what, int dir, const char *path, __wasi_rights_t rights)
{
	char w[128];
	__wasi_fd_t fd = 99;
	__wasi_errno_t e = __wasi_path_open(dir, 0, path, 0, rights, 0, 0, &fd);
	if (e != 0) {
		denied(what, e);
		return;
	}
	__wasi_fdstat_t st;
	snprintf(w, sizeof w, "%s: opened, fdstat", what);
	expect_ok(w, __wasi_fd_fdstat_get(fd, &st));
	snprintf(w, sizeof w, "%s: opened, without FD_WRITE", what);
	expect_true(w, !(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
	snprintf(w, sizeof w, "%s: opened, fd_write refused", what);
	expect_errno2(w, write_all(fd, "x"), __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_BADF);
	snprintf(w, sizeof w, "%s: opened, fd_filestat_set_size refused", what);
	expect_errno2(w, __wasi_fd_filestat_set_size(fd, 0), __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_BADF);
	snprintf(w, sizeof w, "%s: close", what);
	expect_ok(w, __wasi_fd_close(fd));
}

static void reads(void)
{
	__wasi_fd_t fd = 99;
	char buf[16];
	__wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
	__wasi_size_t n = 0;
	expect_ok("open rofile for reading", __wasi_path_open(ro, 0, "rofile", 0, __WASI_RIGHTS_FD_READ |
	          __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_SEEK, 0, 0, &fd));
	expect_ok("read rofile", __wasi_fd_read(fd, &iov, 1, &n));
	expect_str("rofile holds 'readonly'", buf, n, "readonly");
	expect_errno2("fd_write on it", write_all(fd, "x"), __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_BADF);
	__wasi_fdstat_t st;
	expect_ok("fd_fdstat_get on it", __wasi_fd_fdstat_get(fd, &st));
	expect_errno("fd_fdstat_set_rights cannot add FD_WRITE",
	             __wasi_fd_fdstat_set_rights(fd, st.fs_rights_base | __WASI_RIGHTS_FD_WRITE, 0),
	             __WASI_ERRNO_NOTCAPABLE);
	expect_errno2("fd_filestat_set_size on it", __wasi_fd_filestat_set_size(fd, 0), __WASI_ERRNO_NOTCAPABLE,
	              __WASI_ERRNO_BADF);
	expect_errno2("fd_allocate on it", __wasi_fd_allocate(fd, 0, 100), __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_BADF);
	denied("fd_filestat_set_times on it", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
	expect_ok("close rofile", __wasi_fd_close(fd));
	uint8_t dbuf[512];
	__wasi_fd_t d = 99;
	expect_ok("open rodir", open_dir(ro, "rodir", &d));
	expect_ok("fd_readdir on rodir", __wasi_fd_readdir(d, dbuf, sizeof dbuf, 0, &n));
	expect_true("fd_readdir gives entries", n > 0);
	expect_ok("close rodir", __wasi_fd_close(d));
	__wasi_filestat_t fs;
	expect_ok("path_filestat_get rofile", __wasi_path_filestat_get(ro, 0, "rofile", &fs));
}

static void writes(void)
{
	__wasi_fd_t fd = 99;
	no_write_open("open rofile with FD_WRITE", ro, "rofile", __WASI_RIGHTS_FD_WRITE);
	no_write_open("open rofile with every right", ro, "rofile", ALL_RIGHTS);
	denied("open rofile with TRUNC", __wasi_path_open(ro, 0, "rofile", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READ,
	       0, 0, &fd));
	denied("open new with CREAT", __wasi_path_open(ro, 0, "new", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, 0,
	       &fd));
	denied("open rodir/new with CREAT", open_at(ro, "rodir/new", __WASI_OFLAGS_CREAT, 0, &fd));
	denied("path_create_directory", __wasi_path_create_directory(ro, "newdir"));
	denied("path_remove_directory rodir/emptysub", __wasi_path_remove_directory(ro, "rodir/emptysub"));
	denied("path_unlink_file rofile", __wasi_path_unlink_file(ro, "rofile"));
	denied("path_rename within the preopen", __wasi_path_rename(ro, "rofile", ro, "renamed"));
	denied("path_rename out to the read-write preopen", __wasi_path_rename(ro, "rofile", sb, "taken"));
	denied("path_rename in from the read-write preopen", __wasi_path_rename(sb, "file", ro, "given"));
	denied("path_rename over rofile from the read-write preopen", __wasi_path_rename(sb, "file", ro, "rofile"));
	denied("path_link within the preopen", __wasi_path_link(ro, 0, "rofile", ro, "hard"));
	denied("path_link out to the read-write preopen", __wasi_path_link(ro, 0, "rofile", sb, "hard"));
	denied("path_link in from the read-write preopen", __wasi_path_link(sb, 0, "file", ro, "hard"));
	denied("path_symlink", __wasi_path_symlink("rofile", ro, "sym"));
	denied("path_filestat_set_times rofile", __wasi_path_filestat_set_times(ro, 0, "rofile", 0, 0,
	       __WASI_FSTFLAGS_MTIM_NOW));
	__wasi_fd_t d = 99;
	expect_ok("open rodir asking for every right /ro passes on", __wasi_path_open(ro, 0, "rodir", __WASI_OFLAGS_DIRECTORY,
	          inheritable(ro) & ~WRITE_RIGHTS, inheritable(ro), 0, &d));
	no_write_open("through rodir's fd: open f with FD_WRITE", d, "f", __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_READ);
	denied("through rodir's fd: open new with CREAT", __wasi_path_open(d, 0, "new", __WASI_OFLAGS_CREAT,
	       __WASI_RIGHTS_FD_READ, 0, 0, &fd));
	denied("through rodir's fd: path_unlink_file f", __wasi_path_unlink_file(d, "f"));
	denied("through rodir's fd: path_create_directory", __wasi_path_create_directory(d, "x"));
	expect_ok("close rodir", __wasi_fd_close(d));
}

int main(void)
{
	ro = preopen("/ro");
	sb = preopen("/sandbox");
	expect_true("/ro and /sandbox are preopened", ro >= 0 && sb >= 0);
	reads();
	writes();
	return finish();
}
