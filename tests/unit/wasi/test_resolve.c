/* tests/unit/wasi/test_resolve.c: path resolution beneath a directory
 * (wasi-shim/resolve.c), through openat2(RESOLVE_BENEATH) and through the
 * component walk used where the kernel lacks it: both must open what lies
 * inside and refuse, with ENOTCAPABLE, every way out (absolute paths, "..",
 * symlinks final or intermediate, absolute or relative), and stop symlink
 * loops with ELOOP.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi-shim/resolve.h"
#include "wasi-shim/wasi.h"

/* top/outside (a file the program must never reach), top/root (the
 * granted directory) with f, d/g, and symlinks in and out. */
static char top[64];
static int root = -1;

static void put(const char *rel, const char *text)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", top, rel);
	FILE *f = fopen(p, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

static void link_to(const char *target, const char *rel)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", top, rel);
	cr_assert(symlink(target, p) == 0);
}

static void tree(void)
{
	strcpy(top, "/tmp/nacre-resolve-XXXXXX");
	cr_assert(mkdtemp(top));
	char p[256];
	snprintf(p, sizeof p, "%s/root", top);
	cr_assert(mkdir(p, 0700) == 0);
	snprintf(p, sizeof p, "%s/root/d", top);
	cr_assert(mkdir(p, 0700) == 0);
	put("outside", "secret");
	put("root/f", "f");
	put("root/d/g", "g");
	link_to("../outside", "root/up");
	link_to("/etc", "root/abs");
	link_to("d/g", "root/in");
	link_to("d", "root/dl");
	link_to("l2", "root/l1");
	link_to("l1", "root/l2");
	link_to("../f", "root/d/back");
	link_to("../../outside", "root/d/out");
	link_to("..", "root/d/parent");
	snprintf(p, sizeof p, "%s/root", top);
	root = open(p, O_RDONLY | O_DIRECTORY);
	cr_assert(root >= 0);
}

static void untree(void)
{
	close(root);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	cr_assert(system(cmd) == 0);
	wasi_resolve_force_walk(false);
}

/* Opens path for reading; the errno, and what the file holds. */
static uint32_t open_read(const char *path, uint32_t flags, char *text)
{
	int fd;
	uint32_t e = wasi_resolve_open(root, path, RT_SYS_O_READ | flags, &fd);
	if (e)
		return e;
	ssize_t n = read(fd, text, 15);
	text[n < 0 ? 0 : n] = 0;
	close(fd);
	return 0;
}

typedef struct Case { const char *path; uint32_t flags; uint32_t errno_; const char *text; } Case;

static const Case cases[] = {
	{ "f", 0, 0, "f" },
	{ "d/g", 0, 0, "g" },
	{ "d/../f", 0, 0, "f" },
	{ "./d/./g", 0, 0, "g" },
	{ "d//g", 0, 0, "g" },
	{ "in", 0, 0, "g" },             /* a symlink that stays inside */
	{ "dl/g", 0, 0, "g" },           /* an intermediate symlink inside */
	{ "d/back", 0, 0, "f" },         /* a relative symlink up, still inside */
	{ "d/parent/f", 0, 0, "f" },
	{ "/etc/passwd", 0, WASI_ENOTCAPABLE, NULL },
	{ "..", 0, WASI_ENOTCAPABLE, NULL },
	{ "../outside", 0, WASI_ENOTCAPABLE, NULL },
	{ "d/../../outside", 0, WASI_ENOTCAPABLE, NULL },
	{ "up", 0, WASI_ENOTCAPABLE, NULL },        /* a final symlink out */
	{ "abs/passwd", 0, WASI_ENOTCAPABLE, NULL }, /* an absolute intermediate one */
	{ "d/out", 0, WASI_ENOTCAPABLE, NULL },
	{ "d/parent/up", 0, WASI_ENOTCAPABLE, NULL },
	{ "d/parent/../outside", 0, WASI_ENOTCAPABLE, NULL },
	{ "l1", 0, WASI_ELOOP, NULL },
	{ "up", RT_SYS_O_NOFOLLOW, WASI_ELOOP, NULL }, /* not followed: the link itself */
	{ "missing", 0, WASI_ENOENT, NULL },
	{ "f/", 0, WASI_ENOTDIR, NULL },
	{ "", 0, WASI_ENOENT, NULL },
};

static void check_all(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[16] = "";
		uint32_t e = open_read(cases[i].path, cases[i].flags, text);
		cr_expect_eq(e, cases[i].errno_, "'%s': errno %u, want %u", cases[i].path, e, cases[i].errno_);
		if (!e && cases[i].text)
			cr_expect_str_eq(text, cases[i].text, "'%s'", cases[i].path);
	}
}

TestSuite(resolve, .init = tree, .fini = untree);

Test(resolve, openat2_opens_inside_and_refuses_escapes)
{
	check_all();
}

Test(resolve, walk_opens_inside_and_refuses_escapes)
{
	wasi_resolve_force_walk(true);
	check_all();
}

static void check_parent(void)
{
	char path[64];
	WasiAt at;
	strcpy(path, "d/g");
	cr_assert_eq(wasi_resolve_parent(root, path, &at), 0);
	cr_expect_str_eq(at.name, "g");
	struct stat st;
	cr_expect_eq(fstatat(at.dir, at.name, &st, 0), 0);
	wasi_at_close(&at);
	strcpy(path, "f");
	cr_assert_eq(wasi_resolve_parent(root, path, &at), 0);
	cr_expect_eq(at.dir, root);
	wasi_at_close(&at);
	strcpy(path, "up/x");
	cr_expect_eq(wasi_resolve_parent(root, path, &at), WASI_ENOTCAPABLE);
	cr_expect_eq(at.dir, -1);
	strcpy(path, "d/..");
	cr_assert_eq(wasi_resolve_parent(root, path, &at), 0);
	cr_expect_str_eq(at.name, ".");
	wasi_at_close(&at);
	strcpy(path, "d/../..");
	cr_expect_eq(wasi_resolve_parent(root, path, &at), WASI_ENOTCAPABLE);
	strcpy(path, "/f");
	cr_expect_eq(wasi_resolve_parent(root, path, &at), WASI_ENOTCAPABLE);
}

Test(resolve, parent_opens_beneath)
{
	check_parent();
}

Test(resolve, walk_parent_opens_beneath)
{
	wasi_resolve_force_walk(true);
	check_parent();
}
