/* tests/wasi/programs/fd_dir.c: preopens (fd_prestat_get,
 * fd_prestat_dir_name) and fd_readdir.  run-wasi builds it with
 * --dir SANDBOX::/sandbox and --dir rel (a path relative to the directory
 * the program runs in, so the guest name is "rel"), with
 *   /sandbox/d: a ("A"), bb, ccc, sub/, ln -> a
 *   /sandbox/big: f000 to f399
 *   rel/marker: "relative"
 */
#include <stdlib.h>

#include "check.h"

typedef struct Entry {
	char name[32];
	uint8_t type;
	uint64_t ino;
} Entry;

static const struct {
	const char *name;
	uint8_t type;
} want[] = {
	{ ".", __WASI_FILETYPE_DIRECTORY }, { "..", __WASI_FILETYPE_DIRECTORY }, { "a", __WASI_FILETYPE_REGULAR_FILE },
	{ "bb", __WASI_FILETYPE_REGULAR_FILE }, { "ccc", __WASI_FILETYPE_REGULAR_FILE },
	{ "sub", __WASI_FILETYPE_DIRECTORY }, { "ln", __WASI_FILETYPE_SYMBOLIC_LINK },
};
enum { NWANT = sizeof want / sizeof *want };

static void check_prestat(int sandbox)
{
	__wasi_prestat_t ps;
	char name[64];
	expect_ok("fd_prestat_get on /sandbox", __wasi_fd_prestat_get(sandbox, &ps));
	expect_u64("prestat tag is dir", ps.tag, __WASI_PREOPENTYPE_DIR);
	expect_u64("prestat name length", ps.u.dir.pr_name_len, 8);
	memset(name, '#', sizeof name);
	expect_ok("fd_prestat_dir_name", __wasi_fd_prestat_dir_name(sandbox, (uint8_t *)name, 8));
	expect_str("fd_prestat_dir_name gives the guest name", name, 8, "/sandbox");
	expect_true("fd_prestat_dir_name writes no terminator past the length", name[8] == '#');
	/* The spec names no errno for a short buffer: wasmtime says ENAMETOOLONG, uvwasi ENOBUFS. */
	expect_errno2("fd_prestat_dir_name with a short buffer", __wasi_fd_prestat_dir_name(sandbox, (uint8_t *)name, 3),
	              __WASI_ERRNO_NAMETOOLONG, __WASI_ERRNO_NOBUFS);
	expect_errno("fd_prestat_get on stdin is EBADF", __wasi_fd_prestat_get(0, &ps), __WASI_ERRNO_BADF);
	expect_errno("fd_prestat_get on fd 99 is EBADF", __wasi_fd_prestat_get(99, &ps), __WASI_ERRNO_BADF);
	expect_errno("fd_prestat_dir_name on fd 99 is EBADF", __wasi_fd_prestat_dir_name(99, (uint8_t *)name, 8),
	             __WASI_ERRNO_BADF);
	__wasi_fdstat_t st;
	expect_ok("fd_fdstat_get on the preopen", __wasi_fd_fdstat_get(sandbox, &st));
	expect_u64("the preopen is a directory", st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
	expect_true("the preopen can open paths and read directories",
	            (st.fs_rights_base & (__WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR)) ==
	                    (__WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR));
}

/* Reads the directory from `cookie` with a buffer of `cap` bytes,
 * restarting from the last whole entry until the end. */
static int list(__wasi_fd_t fd, size_t cap, Entry *out, int max)
{
	uint8_t *buf = malloc(cap);
	__wasi_dircookie_t cookie = __WASI_DIRCOOKIE_START;
	int n = 0, rounds = 0;
	for (;;) {
		__wasi_size_t used = 0;
		if (__wasi_fd_readdir(fd, buf, cap, cookie, &used) != 0 || ++rounds > 1000)
			return free(buf), -1;
		size_t off = 0;
		while (off + sizeof(__wasi_dirent_t) <= used) {
			__wasi_dirent_t d;
			memcpy(&d, buf + off, sizeof d);
			if (off + sizeof d + d.d_namlen > used)
				break; /* a cut entry: read it again from its cookie */
			if (n < max && d.d_namlen < sizeof out[n].name) {
				memcpy(out[n].name, buf + off + sizeof d, d.d_namlen);
				out[n].name[d.d_namlen] = 0;
				out[n].type = d.d_type;
				out[n].ino = d.d_ino;
			}
			n++;
			cookie = d.d_next;
			off += sizeof d + d.d_namlen;
		}
		if (used < cap)
			return free(buf), n;
	}
}

static const Entry *find(const Entry *e, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(e[i].name, name) == 0)
			return &e[i];
	return NULL;
}

static void check_listing(const char *how, const Entry *e, int n)
{
	char what[96];
	snprintf(what, sizeof what, "fd_readdir (%s) finds 7 entries", how);
	expect_u64(what, n, NWANT);
	for (int i = 0; i < NWANT; i++) {
		const Entry *f = find(e, n > 16 ? 16 : n, want[i].name);
		snprintf(what, sizeof what, "fd_readdir (%s) lists '%s' with type %u", how, want[i].name, want[i].type);
		expect_true(what, f && f->type == want[i].type);
	}
}

static void check_readdir(int sandbox)
{
	__wasi_fd_t d = 99;
	expect_ok("open directory d", open_dir(sandbox, "d", &d));
	Entry e[16];
	int n = list(d, 4096, e, 16);
	check_listing("4 KiB buffer", e, n);
	__wasi_filestat_t st;
	expect_ok("path_filestat_get d/a", __wasi_path_filestat_get(sandbox, 0, "d/a", &st));
	const Entry *a = find(e, n > 16 ? 16 : n, "a");
	expect_true("the dirent's d_ino is the file's inode", a && a->ino == st.ino);
	Entry e2[16];
	n = list(d, sizeof(__wasi_dirent_t) + 3, e2, 16);
	check_listing("27-byte buffer, one entry at a time", e2, n);
	Entry e3[16];
	n = list(d, 37, e3, 16);
	check_listing("37-byte buffer", e3, n);
	/* A cookie taken from the last entry reads nothing more. */
	uint8_t buf[4096];
	__wasi_size_t used = 0;
	expect_ok("fd_readdir from the start again", __wasi_fd_readdir(d, buf, sizeof buf, 0, &used));
	__wasi_dircookie_t last = 0;
	for (size_t off = 0; off + sizeof(__wasi_dirent_t) <= used;) {
		__wasi_dirent_t de;
		memcpy(&de, buf + off, sizeof de);
		last = de.d_next;
		off += sizeof de + de.d_namlen;
	}
	expect_ok("fd_readdir from the last cookie", __wasi_fd_readdir(d, buf, sizeof buf, last, &used));
	expect_u64("nothing follows the last entry", used, 0);
	expect_ok("fd_readdir with a 0-byte buffer", __wasi_fd_readdir(d, buf, 0, 0, &used));
	expect_u64("a 0-byte buffer gets 0 bytes", used, 0);
	expect_ok("fd_filestat_get on a directory", __wasi_fd_filestat_get(d, &st));
	expect_u64("its filetype is directory", st.filetype, __WASI_FILETYPE_DIRECTORY);
	__wasi_fd_t f = 99;
	expect_ok("open d/a", open_at(sandbox, "d/a", 0, 0, &f));
	/* A file's fd may lack FD_READDIR altogether. */
	expect_errno2("fd_readdir on a file", __wasi_fd_readdir(f, buf, sizeof buf, 0, &used), __WASI_ERRNO_NOTDIR,
	              __WASI_ERRNO_NOTCAPABLE);
	expect_ok("close d/a", __wasi_fd_close(f));
	expect_ok("close d", __wasi_fd_close(d));
	expect_errno("fd_readdir on a closed fd is EBADF", __wasi_fd_readdir(d, buf, sizeof buf, 0, &used),
	             __WASI_ERRNO_BADF);
}

/* big/ holds 400 files, f000 to f399: more than one host read fills. */
static void check_big(int sandbox)
{
	static char seen[400];
	static uint8_t buf[4096];
	__wasi_fd_t d = 99;
	expect_ok("open big", open_dir(sandbox, "big", &d));
	__wasi_dircookie_t cookie = 0;
	int entries = 0, dup = 0, bad = 0, calls = 0;
	for (;;) {
		__wasi_size_t used = 0;
		if (__wasi_fd_readdir(d, buf, sizeof buf, cookie, &used) != 0 || ++calls > 1000) {
			bad++;
			break;
		}
		size_t off = 0;
		while (off + sizeof(__wasi_dirent_t) <= used) {
			__wasi_dirent_t de;
			memcpy(&de, buf + off, sizeof de);
			if (off + sizeof de + de.d_namlen > used)
				break;
			const char *name = (const char *)buf + off + sizeof de;
			int k = -1;
			if (de.d_namlen == 4 && name[0] == 'f')
				k = (name[1] - '0') * 100 + (name[2] - '0') * 10 + (name[3] - '0');
			if (k >= 0 && k < 400)
				dup += seen[k]++ > 0;
			else if (!(de.d_namlen == 1 && name[0] == '.') && !(de.d_namlen == 2 && !memcmp(name, "..", 2)))
				bad++;
			entries++;
			cookie = de.d_next;
			off += sizeof de + de.d_namlen;
		}
		if (used < sizeof buf)
			break;
	}
	int missing = 0;
	for (int i = 0; i < 400; i++)
		missing += !seen[i];
	expect_true("fd_readdir over 400 files needs several calls", calls > 2);
	expect_u64("fd_readdir lists 402 entries in big/", entries, 402);
	expect_u64("no file is listed twice", dup, 0);
	expect_u64("no file is missing", missing, 0);
	expect_u64("no stray entry or error", bad, 0);
	expect_ok("close big", __wasi_fd_close(d));
}

static void check_relative(void)
{
	int rel = preopen("rel");
	expect_true("--dir rel is preopened as 'rel'", rel >= 0);
	__wasi_fd_t f = 99;
	expect_ok("open rel/marker", open_at(rel, "marker", 0, 0, &f));
	char buf[16];
	__wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
	__wasi_size_t n = 0;
	expect_ok("read rel/marker", __wasi_fd_read(f, &iov, 1, &n));
	expect_str("rel resolves against the working directory at run time", buf, n, "relative");
	expect_ok("close rel/marker", __wasi_fd_close(f));
}

int main(void)
{
	int sandbox = preopen("/sandbox");
	expect_true("/sandbox is preopened", sandbox >= 0);
	check_prestat(sandbox);
	check_readdir(sandbox);
	check_big(sandbox);
	check_relative();
	return finish();
}
