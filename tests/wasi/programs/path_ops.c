/* tests/wasi/programs/path_ops.c: every path_* call, and its errnos:
 * open, create_directory, remove_directory, filestat_get,
 * filestat_set_times, link, readlink, rename, symlink, unlink_file.
 * run-wasi grants /sandbox holding
 *   f ("hello"), dir/inner ("in"), empty/, sl -> f, dangle -> nowhere,
 *   d1/x, full/y
 */
#include "check.h"

static int sb;

static __wasi_filestat_t stat_of(const char *path, int follow)
{
	__wasi_filestat_t st;
	memset(&st, 0, sizeof st);
	if (__wasi_path_filestat_get(sb, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, &st) != 0)
		st.filetype = 0xff;
	return st;
}

static int exists(const char *path)
{
	return stat_of(path, 0).filetype != 0xff;
}

static void check_open(void)
{
	__wasi_fd_t fd = 99;
	expect_errno("open a missing file is ENOENT", open_at(sb, "missing", 0, 0, &fd), __WASI_ERRNO_NOENT);
	expect_errno("open in a missing directory is ENOENT", open_at(sb, "nodir/x", 0, 0, &fd), __WASI_ERRNO_NOENT);
	expect_errno("open the empty path is ENOENT", open_at(sb, "", 0, 0, &fd), __WASI_ERRNO_NOENT);
	expect_ok("open CREAT a new file", open_at(sb, "new", __WASI_OFLAGS_CREAT, 0, &fd));
	expect_ok("write the new file", write_all(fd, "12345"));
	expect_ok("close it", __wasi_fd_close(fd));
	expect_u64("the new file has what was written", stat_of("new", 0).size, 5);
	expect_errno("open CREAT|EXCL an existing file is EEXIST",
	             open_at(sb, "new", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, 0, &fd), __WASI_ERRNO_EXIST);
	expect_errno("open CREAT|EXCL a directory is EEXIST",
	             open_at(sb, "dir", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, 0, &fd), __WASI_ERRNO_EXIST);
	expect_ok("open TRUNC", open_at(sb, "new", __WASI_OFLAGS_TRUNC, 0, &fd));
	expect_ok("close it", __wasi_fd_close(fd));
	expect_u64("TRUNC empties the file", stat_of("new", 0).size, 0);
	expect_errno("open DIRECTORY on a file is ENOTDIR", open_at(sb, "f", __WASI_OFLAGS_DIRECTORY, 0, &fd),
	             __WASI_ERRNO_NOTDIR);
	expect_errno("open through a file (f/x) is ENOTDIR", open_at(sb, "f/x", 0, 0, &fd), __WASI_ERRNO_NOTDIR);
	expect_errno("open a file with a trailing slash is ENOTDIR", open_at(sb, "f/", 0, 0, &fd), __WASI_ERRNO_NOTDIR);
	expect_ok("open a directory", open_dir(sb, "dir", &fd));
	__wasi_fd_t in = 99;
	expect_ok("open relative to a directory fd", open_at(fd, "inner", 0, 0, &in));
	char buf[8];
	__wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
	__wasi_size_t n = 0;
	expect_ok("read dir/inner", __wasi_fd_read(in, &iov, 1, &n));
	expect_str("dir/inner holds 'in'", buf, n, "in");
	expect_ok("close dir/inner", __wasi_fd_close(in));
	expect_ok("close dir", __wasi_fd_close(fd));
	expect_ok("open through a symlink (following)", open_at(sb, "sl", 0, 0, &fd));
	expect_ok("close it", __wasi_fd_close(fd));
	expect_errno("open a symlink without SYMLINK_FOLLOW is ELOOP",
	             __wasi_path_open(sb, 0, "sl", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), __WASI_ERRNO_LOOP);
	expect_errno("open a dangling symlink is ENOENT", open_at(sb, "dangle", 0, 0, &fd), __WASI_ERRNO_NOENT);
	static char longpath[70000];
	memset(longpath, 'a', sizeof longpath - 1);
	expect_errno("open a 69999-byte path is ENAMETOOLONG", open_at(sb, longpath, 0, 0, &fd),
	             __WASI_ERRNO_NAMETOOLONG);
	expect_errno("path_create_directory of a 69999-byte path is ENAMETOOLONG",
	             __wasi_path_create_directory(sb, longpath), __WASI_ERRNO_NAMETOOLONG);
	longpath[300] = 0;
	expect_errno("open a 300-byte name is ENAMETOOLONG", open_at(sb, longpath, __WASI_OFLAGS_CREAT, 0, &fd),
	             __WASI_ERRNO_NAMETOOLONG);
	/* stdout may lack PATH_OPEN altogether. */
	expect_errno2("path_open relative to stdout", open_at(1, "x", 0, 0, &fd), __WASI_ERRNO_NOTDIR,
	              __WASI_ERRNO_NOTCAPABLE);
}

static void check_directories(void)
{
	expect_ok("path_create_directory", __wasi_path_create_directory(sb, "newdir"));
	expect_u64("it is a directory", stat_of("newdir", 0).filetype, __WASI_FILETYPE_DIRECTORY);
	expect_errno("path_create_directory again is EEXIST", __wasi_path_create_directory(sb, "newdir"),
	             __WASI_ERRNO_EXIST);
	expect_errno("path_create_directory over a file is EEXIST", __wasi_path_create_directory(sb, "f"),
	             __WASI_ERRNO_EXIST);
	expect_errno("path_create_directory under a file is ENOTDIR", __wasi_path_create_directory(sb, "f/x"),
	             __WASI_ERRNO_NOTDIR);
	expect_errno("path_create_directory in a missing directory is ENOENT",
	             __wasi_path_create_directory(sb, "nodir/x"), __WASI_ERRNO_NOENT);
	expect_errno("path_remove_directory of a non-empty one is ENOTEMPTY", __wasi_path_remove_directory(sb, "dir"),
	             __WASI_ERRNO_NOTEMPTY);
	expect_errno("path_remove_directory of a file is ENOTDIR", __wasi_path_remove_directory(sb, "f"),
	             __WASI_ERRNO_NOTDIR);
	expect_errno("path_remove_directory of a symlink is ENOTDIR", __wasi_path_remove_directory(sb, "sl"),
	             __WASI_ERRNO_NOTDIR);
	expect_errno("path_remove_directory of a missing one is ENOENT", __wasi_path_remove_directory(sb, "missing"),
	             __WASI_ERRNO_NOENT);
	expect_ok("path_remove_directory", __wasi_path_remove_directory(sb, "newdir"));
	expect_true("the directory is gone", !exists("newdir"));
	expect_ok("path_remove_directory of empty/", __wasi_path_remove_directory(sb, "empty"));
}

static void check_filestat(void)
{
	__wasi_filestat_t st = stat_of("f", 0);
	expect_u64("path_filestat_get f: regular file", st.filetype, __WASI_FILETYPE_REGULAR_FILE);
	expect_u64("path_filestat_get f: size", st.size, 5);
	expect_u64("path_filestat_get f: nlink", st.nlink, 1);
	__wasi_filestat_t l = stat_of("sl", 1);
	expect_true("following sl gives f", l.filetype == __WASI_FILETYPE_REGULAR_FILE && l.ino == st.ino && l.size == 5);
	l = stat_of("sl", 0);
	expect_u64("sl itself is a symlink", l.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
	expect_u64("sl's size is its target's length", l.size, 1);
	expect_u64("dir is a directory", stat_of("dir", 0).filetype, __WASI_FILETYPE_DIRECTORY);
	expect_u64("dangle itself is a symlink", stat_of("dangle", 0).filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
	__wasi_filestat_t x;
	expect_errno("following dangle is ENOENT", __wasi_path_filestat_get(sb, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
	             "dangle", &x), __WASI_ERRNO_NOENT);
	expect_errno("path_filestat_get of a missing file is ENOENT", __wasi_path_filestat_get(sb, 0, "missing", &x),
	             __WASI_ERRNO_NOENT);
	expect_errno("path_filestat_get through a file is ENOTDIR", __wasi_path_filestat_get(sb, 0, "f/x", &x),
	             __WASI_ERRNO_NOTDIR);
	const __wasi_timestamp_t at = 1000000000ull * 1111111111 + 1, mt = 1000000000ull * 1222222222 + 999999999;
	expect_ok("path_filestat_set_times f", __wasi_path_filestat_set_times(sb, 0, "f", at, mt,
	          __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
	st = stat_of("f", 0);
	expect_true("f's times are what was set, to the nanosecond", st.atim == at && st.mtim == mt);
	expect_ok("path_filestat_set_times on sl without following", __wasi_path_filestat_set_times(sb, 0, "sl", at + 7,
	          mt + 7, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
	expect_u64("not following sl changes the link's mtim", stat_of("sl", 0).mtim, mt + 7);
	expect_u64("not following sl leaves f's mtim", stat_of("f", 0).mtim, mt);
	expect_ok("path_filestat_set_times following sl", __wasi_path_filestat_set_times(sb,
	          __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "sl", 0, mt + 9, __WASI_FSTFLAGS_MTIM));
	expect_u64("following sl changes f's mtim", stat_of("f", 0).mtim, mt + 9);
	expect_errno("path_filestat_set_times ATIM|ATIM_NOW is EINVAL", __wasi_path_filestat_set_times(sb, 0, "f", 1, 1,
	             __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), __WASI_ERRNO_INVAL);
	expect_errno("path_filestat_set_times of a missing file is ENOENT", __wasi_path_filestat_set_times(sb, 0,
	             "missing", 0, 0, __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_NOENT);
}

static void check_links(void)
{
	expect_ok("path_link f to f2", __wasi_path_link(sb, 0, "f", sb, "f2"));
	expect_u64("f now has 2 links", stat_of("f", 0).nlink, 2);
	expect_u64("f2 is the same file", stat_of("f2", 0).ino, stat_of("f", 0).ino);
	expect_errno("path_link onto an existing name is EEXIST", __wasi_path_link(sb, 0, "f", sb, "f2"),
	             __WASI_ERRNO_EXIST);
	expect_errno("path_link from a missing file is ENOENT", __wasi_path_link(sb, 0, "missing", sb, "m2"),
	             __WASI_ERRNO_NOENT);
	expect_errno("path_link of a directory is EPERM", __wasi_path_link(sb, 0, "dir", sb, "dir2"), __WASI_ERRNO_PERM);
	expect_errno("path_link into a missing directory is ENOENT", __wasi_path_link(sb, 0, "f", sb, "nodir/f"),
	             __WASI_ERRNO_NOENT);
	char buf[64];
	__wasi_size_t n = 0;
	expect_ok("path_readlink sl", __wasi_path_readlink(sb, "sl", (uint8_t *)buf, sizeof buf, &n));
	expect_str("sl points to f", buf, n, "f");
	expect_ok("path_readlink dangle", __wasi_path_readlink(sb, "dangle", (uint8_t *)buf, sizeof buf, &n));
	expect_str("dangle points to nowhere", buf, n, "nowhere");
	expect_errno("path_readlink of a file is EINVAL", __wasi_path_readlink(sb, "f", (uint8_t *)buf, sizeof buf, &n),
	             __WASI_ERRNO_INVAL);
	expect_errno("path_readlink of a missing file is ENOENT",
	             __wasi_path_readlink(sb, "missing", (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_NOENT);
	expect_ok("path_symlink", __wasi_path_symlink("dir/inner", sb, "sym"));
	expect_ok("path_readlink the new symlink", __wasi_path_readlink(sb, "sym", (uint8_t *)buf, sizeof buf, &n));
	expect_str("it points where it was told", buf, n, "dir/inner");
	expect_u64("following it reaches dir/inner", stat_of("sym", 1).size, 2);
	expect_errno("path_symlink onto an existing name is EEXIST", __wasi_path_symlink("f", sb, "f2"),
	             __WASI_ERRNO_EXIST);
	expect_errno("path_symlink into a missing directory is ENOENT", __wasi_path_symlink("f", sb, "nodir/s"),
	             __WASI_ERRNO_NOENT);
}

static void check_rename(void)
{
	expect_ok("path_rename f2 to g", __wasi_path_rename(sb, "f2", sb, "g"));
	expect_true("f2 is gone and g is there", !exists("f2") && exists("g"));
	expect_errno("path_rename of a missing file is ENOENT", __wasi_path_rename(sb, "f2", sb, "h"),
	             __WASI_ERRNO_NOENT);
	expect_ok("path_create_directory e2", __wasi_path_create_directory(sb, "e2"));
	expect_errno("path_rename a file over a directory is EISDIR", __wasi_path_rename(sb, "g", sb, "e2"),
	             __WASI_ERRNO_ISDIR);
	expect_errno("path_rename a directory over a file is ENOTDIR", __wasi_path_rename(sb, "e2", sb, "g"),
	             __WASI_ERRNO_NOTDIR);
	expect_errno("path_rename a directory over a non-empty one is ENOTEMPTY",
	             __wasi_path_rename(sb, "d1", sb, "full"), __WASI_ERRNO_NOTEMPTY);
	expect_ok("path_rename a directory over an empty one", __wasi_path_rename(sb, "d1", sb, "e2"));
	expect_true("e2 now holds x", exists("e2/x") && !exists("d1"));
	expect_errno("path_rename into a file is ENOTDIR", __wasi_path_rename(sb, "g", sb, "f/g"), __WASI_ERRNO_NOTDIR);
	expect_ok("path_rename a file over a file", __wasi_path_rename(sb, "g", sb, "new"));
	expect_u64("the replaced name now has the moved file", stat_of("new", 0).size, 5);
	__wasi_fd_t d = 99;
	expect_ok("open dir", open_dir(sb, "dir", &d));
	expect_ok("path_rename between two directory fds", __wasi_path_rename(sb, "new", d, "moved"));
	expect_true("dir/moved is there", exists("dir/moved") && !exists("new"));
	expect_ok("close dir", __wasi_fd_close(d));
}

static void check_unlink(void)
{
	expect_errno("path_unlink_file of a directory is EISDIR", __wasi_path_unlink_file(sb, "dir"), __WASI_ERRNO_ISDIR);
	expect_errno("path_unlink_file of a missing file is ENOENT", __wasi_path_unlink_file(sb, "missing"),
	             __WASI_ERRNO_NOENT);
	expect_errno("path_unlink_file with a trailing slash is ENOTDIR", __wasi_path_unlink_file(sb, "f/"),
	             __WASI_ERRNO_NOTDIR);
	expect_ok("path_unlink_file of a symlink", __wasi_path_unlink_file(sb, "sym"));
	expect_true("the symlink is gone, its target stays", !exists("sym") && exists("dir/inner"));
	expect_ok("path_unlink_file dir/moved", __wasi_path_unlink_file(sb, "dir/moved"));
	expect_u64("f is down to 1 link", stat_of("f", 0).nlink, 1);
	expect_ok("path_unlink_file f", __wasi_path_unlink_file(sb, "f"));
	__wasi_fd_t fd;
	expect_errno("f cannot be opened any more", open_at(sb, "f", 0, 0, &fd), __WASI_ERRNO_NOENT);
	expect_errno("sl now dangles", open_at(sb, "sl", 0, 0, &fd), __WASI_ERRNO_NOENT);
}

int main(void)
{
	sb = preopen("/sandbox");
	expect_true("/sandbox is preopened", sb >= 0);
	check_open();
	check_directories();
	check_filestat();
	check_links();
	check_rename();
	check_unlink();
	return finish();
}
