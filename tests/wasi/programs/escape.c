/* tests/wasi/programs/escape.c: the sandbox-escape suite.  Every route
 * out of the preopen /sandbox must fail with ENOTCAPABLE or EPERM
 * (symlink loops with ELOOP, fds never granted with EBADF), while the
 * same calls on paths that stay inside work.  run-wasi builds the tree
 * (T is its temporary directory; the program never sees it):
 *   T/outside/secret ("SENTINEL"), T/outside/dir/keep
 *   T/sandbox = /sandbox: file ("inside"), a/up -> ../file,
 *     abs_link -> T/outside/secret, rel_link -> ../outside/secret,
 *     deep_rel -> a/../../outside/secret, dir_link -> ../outside,
 *     abs_dir_link -> T/outside, root_link -> /,
 *     dangling_out -> ../outside/created, abs_dangling_out -> T/outside/created_abs,
 *     loop1 -> loop2, loop2 -> loop1, self -> self
 * and afterwards checks that nothing outside T/sandbox changed and that
 * /tmp/nacre-wasi-escape-canary was not created.
 */
#include "check.h"

static int sb;

/* Paths that lead outside, by every route; each is tried with each call. */
static const char *const outward[] = {
	"..", "../outside/secret", "a/../../outside/secret", "a/../a/../../outside", "/", "/etc/passwd",
	"/tmp/nacre-wasi-escape-canary", "abs_link", "rel_link", "deep_rel", "dir_link/secret",
	"abs_dir_link/secret", "root_link/etc/passwd", "dir_link/dir", "a/../dir_link/secret",
	"./abs_link", "a/../rel_link", /* a final symlink after a slash */
};
enum { NOUT = sizeof outward / sizeof *outward };

static void inside(void)
{
	__wasi_fd_t fd = 99;
	char buf[4096];
	__wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
	__wasi_size_t n = 0;
	expect_ok("inside: open file", open_at(sb, "file", 0, 0, &fd));
	expect_ok("inside: read file", __wasi_fd_read(fd, &iov, 1, &n));
	expect_str("inside: file holds 'inside'", buf, n, "inside");
	expect_ok("inside: close file", __wasi_fd_close(fd));
	expect_ok("inside: open a/up (a symlink to ../file that stays inside)", open_at(sb, "a/up", 0, 0, &fd));
	expect_ok("inside: close a/up", __wasi_fd_close(fd));
	expect_ok("inside: open a/../file", open_at(sb, "a/../file", 0, 0, &fd));
	expect_ok("inside: close a/../file", __wasi_fd_close(fd));
	expect_ok("inside: open ./a/./../file", open_at(sb, "./a/./../file", 0, 0, &fd));
	expect_ok("inside: close it", __wasi_fd_close(fd));
	__wasi_filestat_t st;
	expect_ok("inside: path_filestat_get abs_link without following",
	          __wasi_path_filestat_get(sb, 0, "abs_link", &st));
	expect_u64("inside: abs_link itself is a symlink", st.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
	expect_ok("inside: path_readlink abs_link", __wasi_path_readlink(sb, "abs_link", (uint8_t *)buf, sizeof buf, &n));
	expect_ok("inside: path_filestat_get loop1 without following", __wasi_path_filestat_get(sb, 0, "loop1", &st));
}

static void opens(void)
{
	char what[128];
	__wasi_fd_t fd = 99;
	for (int i = 0; i < NOUT; i++) {
		snprintf(what, sizeof what, "path_open %s", outward[i]);
		expect_escape(what, open_at(sb, outward[i], 0, 0, &fd));
		snprintf(what, sizeof what, "path_open %s as a directory", outward[i]);
		expect_escape(what, open_dir(sb, outward[i], &fd));
		snprintf(what, sizeof what, "path_open %s with CREAT|TRUNC", outward[i]);
		expect_escape(what, open_at(sb, outward[i], __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0, &fd));
	}
	expect_escape("path_open dangling_out with CREAT (would create outside/created)",
	              open_at(sb, "dangling_out", __WASI_OFLAGS_CREAT, 0, &fd));
	expect_escape("path_open abs_dangling_out with CREAT",
	              open_at(sb, "abs_dangling_out", __WASI_OFLAGS_CREAT, 0, &fd));
	expect_escape("path_open dir_link/secret without following symlinks (intermediate components still count)",
	              __wasi_path_open(sb, 0, "dir_link/secret", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd));
	expect_errno("path_open loop1 is ELOOP", open_at(sb, "loop1", 0, 0, &fd), __WASI_ERRNO_LOOP);
	expect_errno("path_open self is ELOOP", open_at(sb, "self", 0, 0, &fd), __WASI_ERRNO_LOOP);
	expect_errno("path_open loop1/x is ELOOP", open_at(sb, "loop1/x", 0, 0, &fd), __WASI_ERRNO_LOOP);
	expect_errno("path_open loop1 with CREAT is ELOOP", open_at(sb, "loop1", __WASI_OFLAGS_CREAT, 0, &fd),
	             __WASI_ERRNO_LOOP);
	/* Each directory fd is a capability of its own: .. from a/ leaves it. */
	__wasi_fd_t a = 99;
	expect_ok("open a as a directory", open_dir(sb, "a", &a));
	expect_escape("path_open ../file from a's fd", open_at(a, "../file", 0, 0, &fd));
	expect_escape("path_open up (-> ../file) from a's fd", open_at(a, "up", 0, 0, &fd));
	expect_escape("path_open .. from a's fd", open_dir(a, "..", &fd));
	expect_escape("path_filestat_get ../file from a's fd", __wasi_path_filestat_get(a, 0, "../file",
	              &(__wasi_filestat_t){ 0 }));
	expect_ok("close a", __wasi_fd_close(a));
}

static void stats_and_times(void)
{
	char what[128];
	__wasi_filestat_t st;
	for (int i = 0; i < NOUT; i++) {
		snprintf(what, sizeof what, "path_filestat_get %s (following)", outward[i]);
		expect_escape(what, __wasi_path_filestat_get(sb, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, outward[i], &st));
		snprintf(what, sizeof what, "path_filestat_set_times %s (following)", outward[i]);
		expect_escape(what, __wasi_path_filestat_set_times(sb, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, outward[i], 0, 0,
		              __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
	}
	expect_escape("path_filestat_set_times dir_link/secret (not following)", __wasi_path_filestat_set_times(sb, 0,
	              "dir_link/secret", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
	expect_escape("path_filestat_get dir_link/secret (not following)",
	              __wasi_path_filestat_get(sb, 0, "dir_link/secret", &st));
	/* A trailing slash makes the kernel follow a final symlink anyway. */
	static const char *const slashed[] = { "dir_link/", "a/../abs_dir_link/", "dir_link//" };
	for (int i = 0; i < 3; i++) {
		snprintf(what, sizeof what, "path_filestat_get %s (not following)", slashed[i]);
		expect_escape(what, __wasi_path_filestat_get(sb, 0, slashed[i], &st));
		snprintf(what, sizeof what, "path_filestat_set_times %s (not following)", slashed[i]);
		expect_escape(what, __wasi_path_filestat_set_times(sb, 0, slashed[i], 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
	}
	expect_errno("path_filestat_get loop1 (following) is ELOOP",
	             __wasi_path_filestat_get(sb, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "loop1", &st), __WASI_ERRNO_LOOP);
	char buf[64];
	__wasi_size_t n;
	expect_escape("path_readlink abs_dir_link/x (through a symlink out)",
	              __wasi_path_readlink(sb, "abs_dir_link/x", (uint8_t *)buf, sizeof buf, &n));
	expect_escape("path_readlink ../sandbox/abs_link", __wasi_path_readlink(sb, "../sandbox/abs_link",
	              (uint8_t *)buf, sizeof buf, &n));
}

static void changes(void)
{
	expect_escape("path_create_directory ../outside/newdir", __wasi_path_create_directory(sb, "../outside/newdir"));
	expect_escape("path_create_directory dir_link/newdir", __wasi_path_create_directory(sb, "dir_link/newdir"));
	expect_escape("path_create_directory /tmp/nacre-wasi-escape-canary",
	              __wasi_path_create_directory(sb, "/tmp/nacre-wasi-escape-canary"));
	expect_escape("path_create_directory dangling_out", __wasi_path_create_directory(sb, "dangling_out/x"));
	expect_escape("path_remove_directory ../outside/dir", __wasi_path_remove_directory(sb, "../outside/dir"));
	expect_escape("path_remove_directory dir_link/dir", __wasi_path_remove_directory(sb, "dir_link/dir"));
	expect_escape("path_unlink_file ../outside/secret", __wasi_path_unlink_file(sb, "../outside/secret"));
	expect_escape("path_unlink_file dir_link/secret", __wasi_path_unlink_file(sb, "dir_link/secret"));
	expect_escape("path_unlink_file abs_dir_link/secret", __wasi_path_unlink_file(sb, "abs_dir_link/secret"));
	expect_escape("path_unlink_file /tmp/x", __wasi_path_unlink_file(sb, "/tmp/x"));
}

/* The preopen itself cannot be removed or moved away: that would change
 * its parent, which is outside.  Any refusal will do; run-wasi checks that
 * the directory is still there and its parent unchanged. */
static void the_preopen_itself(void)
{
	static const char *const self[] = { ".", "a/..", "./", "a/../." };
	char what[96];
	for (int i = 0; i < 4; i++) {
		snprintf(what, sizeof what, "path_remove_directory '%s' fails", self[i]);
		expect_true(what, __wasi_path_remove_directory(sb, self[i]) != 0);
		snprintf(what, sizeof what, "path_rename '%s' away fails", self[i]);
		expect_true(what, __wasi_path_rename(sb, self[i], sb, "moved_preopen") != 0);
		snprintf(what, sizeof what, "path_unlink_file '%s' fails", self[i]);
		expect_true(what, __wasi_path_unlink_file(sb, self[i]) != 0);
	}
	expect_true("path_rename a directory onto '.' fails", __wasi_path_rename(sb, "a", sb, ".") != 0);
	__wasi_filestat_t st;
	expect_ok("the preopen is still there", __wasi_path_filestat_get(sb, 0, ".", &st));
}

static void moves(void)
{
	expect_escape("path_rename file out to ../outside/moved", __wasi_path_rename(sb, "file", sb, "../outside/moved"));
	expect_escape("path_rename file out to dir_link/moved", __wasi_path_rename(sb, "file", sb, "dir_link/moved"));
	expect_escape("path_rename file out to /tmp/nacre-wasi-escape-canary",
	              __wasi_path_rename(sb, "file", sb, "/tmp/nacre-wasi-escape-canary"));
	expect_escape("path_rename directory a out to ../outside/a", __wasi_path_rename(sb, "a", sb, "../outside/a"));
	expect_escape("path_rename ../outside/secret in", __wasi_path_rename(sb, "../outside/secret", sb, "stolen"));
	expect_escape("path_rename dir_link/secret in", __wasi_path_rename(sb, "dir_link/secret", sb, "stolen"));
	expect_escape("path_rename file over ../outside/secret", __wasi_path_rename(sb, "file", sb, "../outside/secret"));
	expect_escape("path_link file out to ../outside/hard", __wasi_path_link(sb, 0, "file", sb, "../outside/hard"));
	expect_escape("path_link file out to abs_dir_link/hard", __wasi_path_link(sb, 0, "file", sb,
	              "abs_dir_link/hard"));
	expect_escape("path_link ../outside/secret in", __wasi_path_link(sb, 0, "../outside/secret", sb, "hard"));
	expect_escape("path_link dir_link/secret in", __wasi_path_link(sb, 0, "dir_link/secret", sb, "hard"));
	/* A runtime may refuse SYMLINK_FOLLOW in path_link altogether (EINVAL,
	 * as wasmtime does); run-wasi checks that no link was made. */
	static const char *const follow[] = { "abs_link", "rel_link", "dir_link/secret" };
	for (int i = 0; i < 3; i++) {
		char what[96];
		snprintf(what, sizeof what, "path_link %s in, following symlinks", follow[i]);
		__wasi_errno_t e = __wasi_path_link(sb, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, follow[i], sb, "hard");
		if (e == __WASI_ERRNO_INVAL)
			expect_errno(what, e, e);
		else
			expect_escape(what, e);
	}
}

/* A symlink made by the program whose target leads out: making it may
 * be refused; if it is made, opening through it must be. */
static void made_symlink(const char *target, const char *name)
{
	char what[128];
	__wasi_errno_t e = __wasi_path_symlink(target, sb, name);
	if (e != 0) {
		snprintf(what, sizeof what, "path_symlink %s -> %s refused", name, target);
		expect_escape(what, e);
		return;
	}
	__wasi_fd_t fd;
	snprintf(what, sizeof what, "path_open through the new %s -> %s", name, target);
	expect_escape(what, open_at(sb, name, 0, 0, &fd));
	snprintf(what, sizeof what, "path_open CREAT through the new %s -> %s", name, target);
	expect_escape(what, open_at(sb, name, __WASI_OFLAGS_CREAT, 0, &fd));
	snprintf(what, sizeof what, "path_filestat_set_times through the new %s", name);
	expect_escape(what, __wasi_path_filestat_set_times(sb, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, name, 0, 0,
	              __WASI_FSTFLAGS_MTIM_NOW));
	snprintf(what, sizeof what, "path_unlink_file the new %s (inside)", name);
	expect_ok(what, __wasi_path_unlink_file(sb, name));
}

static void symlinks(void)
{
	made_symlink("../outside/secret", "made_rel");
	made_symlink("../outside", "made_dir");
	made_symlink("/tmp/nacre-wasi-escape-canary", "made_abs");
	made_symlink("a/../../outside/created_via_made", "made_deep");
	expect_escape("path_symlink placed at ../outside/newlink", __wasi_path_symlink("x", sb, "../outside/newlink"));
	expect_escape("path_symlink placed at dir_link/newlink", __wasi_path_symlink("x", sb, "dir_link/newlink"));
}

static void fds_never_granted(void)
{
	static const __wasi_fd_t bad[] = { 42, 1000, 0x7fffffff, 0xffffffff };
	char what[96];
	for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
		__wasi_fd_t fd;
		__wasi_filestat_t st;
		__wasi_prestat_t ps;
		snprintf(what, sizeof what, "path_open on fd %d is EBADF", (int)bad[i]);
		expect_errno(what, __wasi_path_open(bad[i], 0, "file", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd),
		             __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "path_filestat_get on fd %d is EBADF", (int)bad[i]);
		expect_errno(what, __wasi_path_filestat_get(bad[i], 0, ".", &st), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "fd_prestat_get on fd %d is EBADF", (int)bad[i]);
		expect_errno(what, __wasi_fd_prestat_get(bad[i], &ps), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "fd_write on fd %d is EBADF", (int)bad[i]);
		expect_errno(what, write_all(bad[i], "x"), __WASI_ERRNO_BADF);
		snprintf(what, sizeof what, "fd_renumber stdout onto fd %d is EBADF", (int)bad[i]);
		expect_errno(what, __wasi_fd_renumber(1, bad[i]), __WASI_ERRNO_BADF);
	}
	__wasi_fdstat_t st;
	expect_ok("stdout survives the renumber attempts", __wasi_fd_fdstat_get(1, &st));
}

int main(void)
{
	sb = preopen("/sandbox");
	expect_true("/sandbox is preopened", sb >= 0);
	inside();
	opens();
	stats_and_times();
	changes();
	the_preopen_itself();
	moves();
	symlinks();
	fds_never_granted();
	inside();
	return finish();
}
