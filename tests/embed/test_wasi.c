/* tests/embed/test_wasi.c: WASI for embedders (nacre_wasi.h).  WASI
 * programs built with wasi-libc (wasi/tenant.c, and tests/wasi/programs'
 * args_env.c, escape.c and proc.c) and two small .wat plugins are
 * compiled with --emit=obj and linked in; each test runs them through
 * the API: captured stdout and stderr, stdin from bytes, arguments and
 * environment, a preopened temporary directory read and written, every
 * escape from it refused with the host unchanged, proc_exit as
 * NACRE_EXITED with the store still usable, host imports beside WASI
 * ones, and two tenants on two threads at once.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nacre_wasi.h"
#include "args_env.h"
#include "badwasi.h"
#include "escape.h"
#include "mixed.h"
#include "proc.h"
#include "tenant.h"
#include "tenant_explicit.h"
#include "tenant_masked.h"

enum { THREAD_RUNS = 8 };

/* ---- Helpers */

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* The file's text, in buf ("<missing>" if there is none). */
static const char *get_file(const char *dir, const char *name, char *buf, size_t n)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return snprintf(buf, n, "<missing>"), buf;
	size_t got = fread(buf, 1, n - 1, f);
	buf[got] = 0;
	fclose(f);
	return buf;
}

static void temp_dir(char *out, size_t n)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(out, n, "%s/nacre-embed-wasi-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	cr_assert(mkdtemp(out), "mkdtemp");
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static bool same(const uint8_t *got, size_t len, const char *want)
{
	return len == strlen(want) && (len == 0 || memcmp(got, want, len) == 0);
}

/* Captured stream as a C string (for messages), in buf. */
static const char *text(const NacreWasi *w, int stream, char *buf, size_t n)
{
	size_t len;
	const uint8_t *p = nacre_wasi_captured(w, stream, &len);
	len = len < n - 1 ? len : n - 1;
	if (len)
		memcpy(buf, p, len);
	buf[len] = 0;
	return buf;
}

/* A check program's output: every check passed, and there were some. */
static bool checks_pass(const char *out)
{
	return !strstr(out, "FAIL") && strstr(out, "ok: ") && strstr(out, " checks, 0 failed\n");
}

typedef struct Plugin {
	NacreStore *store;
	NacreModule *module;
	NacreWasi *wasi;
} Plugin;

static void plugin_open(Plugin *p, const NacreModuleDesc *desc)
{
	NacreError err;
	p->store = nacre_store_new();
	p->wasi = nacre_wasi_new();
	cr_assert(p->store && p->wasi);
	cr_assert_eq(nacre_module_from_desc(desc, &p->module, &err), NACRE_OK, "%s", err.message);
}

static void plugin_close(Plugin *p)
{
	nacre_store_free(p->store);
	nacre_module_close(p->module);
	nacre_wasi_free(p->wasi);
}

static void set_args(NacreWasi *w, int argc, const char *const *argv)
{
	NacreError err;
	cr_assert_eq(nacre_wasi_set_args(w, argc, argv, &err), NACRE_OK, "%s", err.message);
}

static void capture(NacreWasi *w)
{
	NacreError err;
	cr_assert_eq(nacre_wasi_stdio_capture(w, NACRE_WASI_STDOUT, 0, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(nacre_wasi_stdio_capture(w, NACRE_WASI_STDERR, 0, &err), NACRE_OK, "%s", err.message);
}

/* ---- The tests */

/* The tenant as built in each bounds mode: the shim checks every guest
 * pointer itself, whichever way the code checks its own accesses. */
static void run_tenant(const NacreModuleDesc *desc)
{
	char dir[256], buf[4096], file[256];
	temp_dir(dir, sizeof dir);
	put_file(dir, "in.txt", "from the host");
	Plugin p;
	plugin_open(&p, desc);
	NacreError err;
	set_args(p.wasi, 2, (const char *[]){ "tenant", "alpha" });
	cr_assert_eq(nacre_wasi_add_env(p.wasi, "COLOUR", "blue", &err), NACRE_OK);
	cr_assert_eq(nacre_wasi_add_env(p.wasi, "EMPTY", "", &err), NACRE_OK);
	cr_assert_eq(nacre_wasi_stdin_bytes(p.wasi, "line one\nline two\n", 18, &err), NACRE_OK);
	cr_assert_eq(nacre_wasi_preopen(p.wasi, dir, "/data", false, &err), NACRE_OK, "%s", err.message);
	capture(p.wasi);
	NacreStatus st = nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err);
	cr_expect_eq(st, NACRE_OK, "status %d: %s; stdout: %s", (int)st, err.message,
	             text(p.wasi, NACRE_WASI_STDOUT, buf, sizeof buf));
	cr_expect_eq(err.exit_code, 0);
	cr_expect(strcmp(text(p.wasi, NACRE_WASI_STDOUT, buf, sizeof buf),
	                 "arg 0: tenant\narg 1: alpha\nenv: COLOUR=blue\nenv: EMPTY=\n"
	                 "stdin: line one\nline two\nin.txt: from the host\n") == 0,
	          "stdout: %s", buf);
	cr_expect(strcmp(text(p.wasi, NACRE_WASI_STDERR, buf, sizeof buf), "done\n") == 0, "stderr: %s", buf);
	cr_expect(strcmp(get_file(dir, "out.txt", file, sizeof file), "alpha was here\n") == 0, "out.txt: %s", file);
	plugin_close(&p);
	remove_tree(dir);
}

Test(wasi, stdout_stdin_args_env_and_a_preopen) { run_tenant(&tenant_module); }
Test(wasi, the_same_with_explicit_bounds) { run_tenant(&tenant_explicit_module); }
Test(wasi, the_same_with_masked_bounds) { run_tenant(&tenant_masked_module); }

/* Nothing granted: no streams, no directory; main returns 2 (no in.txt),
 * which wasi-libc turns into proc_exit(2). */
Test(wasi, streams_are_closed_until_given)
{
	Plugin p;
	plugin_open(&p, &tenant_module);
	NacreError err;
	NacreStatus st = nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err);
	cr_expect_eq(st, NACRE_EXITED, "status %d: %s", (int)st, err.message);
	cr_expect_eq(err.exit_code, 2);
	size_t len = 99;
	cr_expect_null(nacre_wasi_captured(p.wasi, NACRE_WASI_STDOUT, &len));
	cr_expect_eq(len, 0);
	plugin_close(&p);
}

Test(wasi, capture_stops_at_its_limit)
{
	Plugin p;
	plugin_open(&p, &tenant_module);
	NacreError err;
	set_args(p.wasi, 2, (const char *[]){ "tenant", "alpha" });
	cr_assert_eq(nacre_wasi_stdio_capture(p.wasi, NACRE_WASI_STDOUT, 20, &err), NACRE_OK);
	nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err);
	size_t len;
	const uint8_t *out = nacre_wasi_captured(p.wasi, NACRE_WASI_STDOUT, &len);
	cr_expect(out && same(out, len, "arg 0: tenant\narg 1:"), "captured %zu bytes", len);
	plugin_close(&p);
}

Test(wasi, args_env_program)
{
	char buf[8192];
	Plugin p;
	plugin_open(&p, &args_env_module);
	NacreError err;
	set_args(p.wasi, 6, (const char *[]){ "args_env", "granted", "two words", "", "quo\"te", "tab\there" });
	cr_assert_eq(nacre_wasi_add_env(p.wasi, "GREETING", "hello world", &err), NACRE_OK);
	cr_assert_eq(nacre_wasi_add_env(p.wasi, "EMPTY", "", &err), NACRE_OK);
	cr_assert_eq(nacre_wasi_add_env(p.wasi, "PASSED", "from-host", &err), NACRE_OK);
	capture(p.wasi);
	NacreStatus st = nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err);
	cr_expect_eq(st, NACRE_OK, "status %d: %s", (int)st, err.message);
	cr_expect(checks_pass(text(p.wasi, NACRE_WASI_STDOUT, buf, sizeof buf)), "stdout: %s", buf);
	plugin_close(&p);
}

/* The tree of run-wasi's escape suite (see escape.c); T/outside must
 * not change. */
static void escape_tree(const char *t)
{
	char s[512], path[600], target[600];
	snprintf(s, sizeof s, "%s/sandbox", t);
	static const char *const dirs[] = { "outside", "outside/dir", "sandbox", "sandbox/a" };
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		snprintf(path, sizeof path, "%s/%s", t, dirs[i]);
		cr_assert_eq(mkdir(path, 0755), 0, "mkdir %s", path);
	}
	put_file(t, "outside/secret", "SENTINEL");
	put_file(t, "outside/dir/keep", "");
	put_file(s, "file", "inside");
	static const char *const links[][2] = {
		{ "a/up", "../file" }, { "rel_link", "../outside/secret" }, { "deep_rel", "a/../../outside/secret" },
		{ "dir_link", "../outside" }, { "root_link", "/" }, { "dangling_out", "../outside/created" },
		{ "loop1", "loop2" }, { "loop2", "loop1" }, { "self", "self" },
		{ "abs_link", "@/outside/secret" }, { "abs_dir_link", "@/outside" },
		{ "abs_dangling_out", "@/outside/created_abs" },
	};
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		snprintf(path, sizeof path, "%s/%s", s, links[i][0]);
		if (links[i][1][0] == '@') /* absolute, into T */
			snprintf(target, sizeof target, "%s%s", t, links[i][1] + 1);
		else
			snprintf(target, sizeof target, "%s", links[i][1]);
		cr_assert_eq(symlink(target, path), 0, "symlink %s", path);
	}
}

/* The names in a directory, sorted, space-separated. */
static void listing(const char *dir, char *out, size_t n)
{
	struct dirent **names;
	int count = scandir(dir, &names, NULL, alphasort);
	out[0] = 0;
	for (int i = 0; i < count; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			snprintf(out + strlen(out), n - strlen(out), "%s ", names[i]->d_name);
		free(names[i]);
	}
	if (count >= 0)
		free(names);
}

Test(wasi, escapes_from_a_preopen_are_refused)
{
	char t[256], sandbox[300], outside[300], buf[65536], file[64];
	temp_dir(t, sizeof t);
	escape_tree(t);
	snprintf(sandbox, sizeof sandbox, "%s/sandbox", t);
	Plugin p;
	plugin_open(&p, &escape_module);
	NacreError err;
	set_args(p.wasi, 1, (const char *[]){ "escape" });
	cr_assert_eq(nacre_wasi_preopen(p.wasi, sandbox, "/sandbox", false, &err), NACRE_OK, "%s", err.message);
	capture(p.wasi);
	NacreStatus st = nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err);
	cr_expect_eq(st, NACRE_OK, "status %d: %s", (int)st, err.message);
	cr_expect(checks_pass(text(p.wasi, NACRE_WASI_STDOUT, buf, sizeof buf)), "stdout: %s", buf);
	plugin_close(&p);
	cr_expect(strcmp(get_file(t, "outside/secret", file, sizeof file), "SENTINEL") == 0, "secret: %s", file);
	snprintf(outside, sizeof outside, "%s/outside", t);
	listing(outside, buf, sizeof buf);
	cr_expect(strcmp(buf, "dir secret ") == 0, "outside holds: %s", buf);
	snprintf(outside, sizeof outside, "%s/outside/dir", t);
	listing(outside, buf, sizeof buf);
	cr_expect(strcmp(buf, "keep ") == 0, "outside/dir holds: %s", buf);
	cr_expect(access("/tmp/nacre-wasi-escape-canary", F_OK) != 0, "the canary was created");
	remove_tree(t);
}

/* proc_exit(3) ends the call, not the process; the store runs another
 * instance afterwards, with a context of its own. */
Test(wasi, proc_exit_returns_its_code_and_the_store_goes_on)
{
	char buf[4096];
	Plugin p;
	plugin_open(&p, &proc_module);
	NacreError err;
	set_args(p.wasi, 3, (const char *[]){ "proc", "exit", "3" });
	capture(p.wasi);
	NacreStatus st = nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err);
	cr_expect_eq(st, NACRE_EXITED, "status %d: %s", (int)st, err.message);
	cr_expect_eq(err.exit_code, 3);
	cr_expect_eq(err.trap, NACRE_TRAP_NONE);
	cr_expect(strcmp(text(p.wasi, NACRE_WASI_STDOUT, buf, sizeof buf), "before exit\n") == 0, "stdout: %s", buf);

	NacreWasi *again = nacre_wasi_new();
	cr_assert(again);
	set_args(again, 3, (const char *[]){ "proc", "return", "5" });
	cr_assert_eq(nacre_wasi_stdio_capture(again, NACRE_WASI_STDOUT, 0, &err), NACRE_OK);
	st = nacre_wasi_run(again, p.store, p.module, NULL, &err);
	cr_expect_eq(st, NACRE_EXITED, "status %d: %s", (int)st, err.message);
	cr_expect_eq(err.exit_code, 5);
	cr_expect(strcmp(text(again, NACRE_WASI_STDOUT, buf, sizeof buf), "before return\n") == 0, "stdout: %s", buf);

	NacreModule *tenant;
	NacreWasi *third = nacre_wasi_new();
	cr_assert_eq(nacre_module_from_desc(&tenant_module, &tenant, &err), NACRE_OK);
	set_args(third, 2, (const char *[]){ "tenant", "after" });
	cr_assert_eq(nacre_wasi_stdio_capture(third, NACRE_WASI_STDOUT, 0, &err), NACRE_OK);
	st = nacre_wasi_run(third, p.store, tenant, NULL, &err);
	cr_expect_eq(st, NACRE_EXITED); /* no /data: main returns 2 */
	cr_expect_eq(err.exit_code, 2);
	cr_expect(strcmp(text(third, NACRE_WASI_STDOUT, buf, sizeof buf), "arg 0: tenant\narg 1: after\n") == 0,
	          "stdout: %s", buf);
	plugin_close(&p);
	nacre_module_close(tenant);
	nacre_wasi_free(again);
	nacre_wasi_free(third);
}

/* proc_raise would signal the host's process: an embedded plugin gets
 * ENOSYS instead, and the process lives on. */
Test(wasi, proc_raise_stays_out_of_the_host)
{
	char buf[4096];
	Plugin p;
	plugin_open(&p, &proc_module);
	NacreError err;
	set_args(p.wasi, 2, (const char *[]){ "proc", "raise" });
	capture(p.wasi);
	NacreStatus st = nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err);
	cr_expect_eq(st, NACRE_EXITED, "status %d: %s", (int)st, err.message);
	cr_expect_eq(err.exit_code, 101); /* main carried on after the raise */
	cr_expect(strstr(text(p.wasi, NACRE_WASI_STDOUT, buf, sizeof buf), "after exit\n"), "stdout: %s", buf);
	plugin_close(&p);
}

static void answer(void *env, NacreValue *args_results)
{
	args_results[0].i32 = *(const int32_t *)env;
}

/* The host fills its own imports; nacre_wasi_bind fills WASI's. */
Test(wasi, host_imports_beside_wasi_ones)
{
	static const uint8_t i32[] = { NACRE_I32 };
	static const int32_t seven = 7;
	Plugin p;
	plugin_open(&p, &mixed_module);
	NacreError err;
	capture(p.wasi);
	NacreExtern imports[2] = { 0 };
	const NacreFuncType type = { .nresults = 1, .results = i32 };
	imports[0] = (NacreExtern){ NACRE_EXTERN_FUNC, { .func = nacre_host_func_new(p.store, &type, answer,
	                                                                               (void *)&seven) } };
	NacreFuncRef *host = imports[0].u.func;
	cr_assert_eq(nacre_wasi_bind(p.wasi, p.store, p.module, imports, &err), NACRE_OK, "%s", err.message);
	cr_expect(imports[0].kind == NACRE_EXTERN_FUNC && imports[0].u.func == host, "the host's import is left alone");
	cr_expect(imports[1].kind == NACRE_EXTERN_FUNC && imports[1].u.func, "fd_write is bound");
	NacreInstance *inst;
	cr_assert_eq(nacre_instantiate(p.store, p.module, imports, 2, &inst, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(nacre_wasi_attach(p.wasi, inst, &err), NACRE_OK, "%s", err.message);
	NacreExtern start;
	cr_assert(nacre_instance_export(inst, "_start", 6, &start));
	cr_expect_eq(nacre_call(p.store, start.u.func, NULL, NULL, &err), NACRE_OK, "%s", err.message);
	char buf[64];
	cr_expect(strcmp(text(p.wasi, NACRE_WASI_STDOUT, buf, sizeof buf), "answer=7\n") == 0, "stdout: %s", buf);

	/* the convenience: the host's array in, WASI's entries filled in a copy */
	NacreWasi *w = nacre_wasi_new();
	cr_assert_eq(nacre_wasi_stdio_capture(w, NACRE_WASI_STDOUT, 0, &err), NACRE_OK);
	NacreExtern mine[2] = { imports[0], { .kind = 99 } };
	cr_expect_eq(nacre_wasi_run(w, p.store, p.module, mine, &err), NACRE_OK, "%s", err.message);
	cr_expect(strcmp(text(w, NACRE_WASI_STDOUT, buf, sizeof buf), "answer=7\n") == 0, "stdout: %s", buf);
	cr_expect_eq(mine[1].kind, 99, "the host's array is not written");
	/* without the host's imports, env.answer is missing */
	cr_expect_eq(nacre_wasi_run(w, p.store, p.module, NULL, &err), NACRE_UNLINKABLE);
	cr_expect(strstr(err.message, "env::answer"), "%s", err.message);
	plugin_close(&p);
	nacre_wasi_free(w);
}

Test(wasi, bad_input_is_a_clear_error)
{
	Plugin p;
	plugin_open(&p, &badwasi_module);
	NacreError err;
	cr_expect_eq(nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err), NACRE_UNLINKABLE);
	cr_expect(strstr(err.message, "wrongly typed import wasi_snapshot_preview1::fd_write"), "%s", err.message);
	cr_expect_eq(nacre_wasi_preopen(p.wasi, "/nonexistent/nacre/dir", "/d", false, &err), NACRE_ERROR);
	cr_expect(strstr(err.message, "/nonexistent/nacre/dir"), "%s", err.message);
	cr_expect_eq(nacre_wasi_stdio_fd(p.wasi, 3, 1, &err), NACRE_ERROR);
	cr_expect_eq(nacre_wasi_stdio_fd(p.wasi, NACRE_WASI_STDOUT, 1000000, &err), NACRE_ERROR);
	cr_expect_eq(nacre_wasi_stdio_capture(p.wasi, NACRE_WASI_STDIN, 0, &err), NACRE_ERROR);
	cr_expect_eq(nacre_wasi_add_env(p.wasi, "A=B", "c", &err), NACRE_ERROR);
	cr_expect_eq(nacre_wasi_set_args(p.wasi, 1, (const char *[]){ NULL }, &err), NACRE_ERROR);
	cr_expect(strstr(err.message, "argv[i] NULL"), "%s", err.message);
	NacreStore *other = nacre_store_new();
	NacreExtern imports[1];
	cr_expect_eq(nacre_wasi_bind(p.wasi, other, p.module, imports, &err), NACRE_ERROR, "another store");
	nacre_store_free(other);
	plugin_close(&p);
}

/* A host descriptor as stdout: a file the host reads afterwards. */
Test(wasi, a_host_descriptor_as_stdout)
{
	char dir[256], path[300], buf[256];
	temp_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/stdout.txt", dir);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	cr_assert(fd >= 0);
	Plugin p;
	plugin_open(&p, &tenant_module);
	NacreError err;
	set_args(p.wasi, 1, (const char *[]){ "tenant" });
	cr_assert_eq(nacre_wasi_stdio_fd(p.wasi, NACRE_WASI_STDOUT, fd, &err), NACRE_OK, "%s", err.message);
	nacre_wasi_run(p.wasi, p.store, p.module, NULL, &err);
	plugin_close(&p);
	cr_expect(fcntl(fd, F_GETFD) != -1, "the host's descriptor stays open");
	close(fd);
	cr_expect(strcmp(get_file(dir, "stdout.txt", buf, sizeof buf), "arg 0: tenant\n") == 0, "file: %s", buf);
	remove_tree(dir);
}

/* ---- Two tenants on two threads at once, each with its own arguments,
 * environment, stdin and directory, each run THREAD_RUNS times in a
 * store of its own. */
typedef struct Tenant {
	const char *name, *colour;
	char dir[256];
	int failures;
	char why[512];
} Tenant;

static void tenant_fail(Tenant *t, const char *what, const char *detail)
{
	if (!t->failures++)
		snprintf(t->why, sizeof t->why, "%s: %s: %s", t->name, what, detail);
}

static void tenant_once(Tenant *t, NacreModule *m)
{
	char want[512], stdin_text[64], file[128];
	NacreStore *s = nacre_store_new();
	NacreWasi *w = nacre_wasi_new();
	NacreError err = { 0 };
	snprintf(stdin_text, sizeof stdin_text, "input of %s\n", t->name);
	bool set = s && w && nacre_wasi_set_args(w, 2, (const char *[]){ "tenant", t->name }, &err) == NACRE_OK &&
	           nacre_wasi_add_env(w, "COLOUR", t->colour, &err) == NACRE_OK &&
	           nacre_wasi_stdin_bytes(w, stdin_text, strlen(stdin_text), &err) == NACRE_OK &&
	           nacre_wasi_preopen(w, t->dir, "/data", false, &err) == NACRE_OK &&
	           nacre_wasi_stdio_capture(w, NACRE_WASI_STDOUT, 0, &err) == NACRE_OK;
	NacreStatus st = set ? nacre_wasi_run(w, s, m, NULL, &err) : NACRE_ERROR;
	snprintf(want, sizeof want, "arg 0: tenant\narg 1: %s\nenv: COLOUR=%s\nstdin: input of %s\nin.txt: for %s\n",
	         t->name, t->colour, t->name, t->name);
	char got[512] = "(none)";
	size_t len;
	const uint8_t *out = w ? nacre_wasi_captured(w, NACRE_WASI_STDOUT, &len) : NULL;
	if (out)
		snprintf(got, sizeof got, "%.*s", (int)len, (const char *)out);
	if (st != NACRE_OK)
		tenant_fail(t, "run", err.message);
	else if (!out || !same(out, len, want))
		tenant_fail(t, "stdout", got);
	snprintf(want, sizeof want, "%s was here\n", t->name);
	if (strcmp(get_file(t->dir, "out.txt", file, sizeof file), want) != 0)
		tenant_fail(t, "out.txt", file);
	nacre_store_free(s);
	nacre_wasi_free(w);
}

static void *tenant_thread(void *arg)
{
	Tenant *t = arg;
	NacreModule *m;
	NacreError err;
	if (nacre_module_from_desc(&tenant_module, &m, &err) != NACRE_OK) {
		tenant_fail(t, "module", err.message);
		return NULL;
	}
	for (int i = 0; i < THREAD_RUNS; i++)
		tenant_once(t, m);
	nacre_module_close(m);
	return NULL;
}

Test(wasi, two_tenants_on_two_threads)
{
	Tenant t[2] = { { .name = "north", .colour = "red" }, { .name = "south", .colour = "green" } };
	pthread_t threads[2];
	for (int i = 0; i < 2; i++) {
		char in[64];
		temp_dir(t[i].dir, sizeof t[i].dir);
		snprintf(in, sizeof in, "for %s", t[i].name);
		put_file(t[i].dir, "in.txt", in);
	}
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&threads[i], NULL, tenant_thread, &t[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	for (int i = 0; i < 2; i++) {
		cr_expect_eq(t[i].failures, 0, "%s", t[i].why);
		remove_tree(t[i].dir);
	}
}
