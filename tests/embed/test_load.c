/* tests/embed/test_load.c: nacre_module_open checks a shared object
 * before anything in it runs (runtime-lib/module_check.c).  $NACRE_LOAD_DIR
 * holds, built for this program's target: good.so (nacre build --emit=so
 * of other.wat), other-arch.so (the same for another target), ctor.so
 * and init.so (load_hostile.c: a constructor, and DT_INIT only, that would
 * create $NACRE_LOAD_MARKER), ifunc.so and ifunc-sym.so (an IFUNC
 * resolver run for a relocation, and for binding the symbol).  Truncated
 * and non-ELF files are made here.  $NACRE_LOAD_NO_DT_INIT,
 * $NACRE_LOAD_NO_IFUNC: this target's loader never calls those.
 */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nacre.h"

static const char *in_dir(const char *name)
{
	static char path[4096];
	const char *dir = getenv("NACRE_LOAD_DIR");
	cr_assert(dir, "NACRE_LOAD_DIR is not set");
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static void expect_refused(const char *path, const char *rule)
{
	NacreModule *m = (NacreModule *)1;
	NacreError err = { 0 };
	cr_assert_eq(nacre_module_open(path, &m, &err), NACRE_ERROR, "%s was loaded", path);
	cr_assert_null(m);
	cr_assert(strstr(err.message, rule), "message '%s' lacks '%s'", err.message, rule);
}

static int64_t call_add(NacreModule *m, int64_t a, int64_t b)
{
	NacreStore *s = nacre_store_new();
	NacreInstance *inst;
	NacreError err = { 0 };
	cr_assert_eq(nacre_instantiate(s, m, NULL, 0, &inst, &err), NACRE_OK, "%s", err.message);
	NacreExtern add;
	cr_assert(nacre_instance_export(inst, "add_i32", 7, &add));
	NacreValue args[2] = { { .i64 = a }, { .i64 = b } }, res[1];
	cr_assert_eq(nacre_call(s, add.u.func, args, res, &err), NACRE_OK, "%s", err.message);
	nacre_store_free(s);
	return res[0].i64;
}

Test(load, nacre_module_loads_and_runs)
{
	NacreModule *m;
	NacreError err = { 0 };
	cr_assert_eq(nacre_module_open(in_dir("good.so"), &m, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(call_add(m, 40, 2), 42);
	nacre_module_close(m);
}

/* The file is refused for rule, its code never ran (no marker); and the
 * same file given to dlopen does run it, so the marker's absence means
 * something (unless control is false: glibc calls DT_INIT only on the
 * architectures that had it before DT_INIT_ARRAY, so not on riscv64). */
static void expect_never_runs(const char *name, const char *rule, bool control)
{
	char marker[4096];
	snprintf(marker, sizeof marker, "%s.marker", in_dir(name));
	unlink(marker);
	setenv("NACRE_LOAD_MARKER", marker, 1);
	expect_refused(in_dir(name), rule);
	cr_assert_neq(access(marker, F_OK), 0, "%s ran code on nacre_module_open", name);
	void *dl = dlopen(in_dir(name), RTLD_NOW | RTLD_LOCAL);
	cr_assert(dl, "%s", dlerror());
	if (control)
		cr_assert_eq(access(marker, F_OK), 0, "%s: the control load did not create the marker", name);
	dlclose(dl);
	unlink(marker);
}

Test(load, constructor_refused_before_it_runs)
{
	expect_never_runs("ctor.so", "not a nacre module: has constructors (DT_INIT_ARRAY)", true);
}

Test(load, init_function_refused_before_it_runs)
{
	expect_never_runs("init.so", "not a nacre module: has constructors (DT_INIT)",
	                  !getenv("NACRE_LOAD_NO_DT_INIT"));
}

/* The IFUNC's resolver would run while the loader relocates: refused,
 * and never loaded (the loader does not know the file); loaded by dlopen,
 * the resolver did run, where this target's C library has IFUNCs (not
 * riscv64's glibc 2.36: its loader crashed on them under qemu). */
static void expect_resolver_never_runs(const char *name, const char *rule, bool control)
{
	expect_refused(in_dir(name), rule);
	cr_assert_null(dlopen(in_dir(name), RTLD_NOW | RTLD_NOLOAD), "%s was loaded", name);
	if (!control)
		return;
	void *dl = dlopen(in_dir(name), RTLD_NOW | RTLD_LOCAL);
	cr_assert(dl, "%s", dlerror());
	int (*was_resolved)(void) = (int (*)(void))dlsym(dl, "was_resolved");
	cr_assert(was_resolved);
	cr_assert_eq(was_resolved(), 1, "%s: the control load did not run the resolver", name);
	dlclose(dl);
}

Test(load, ifunc_resolver_refused_before_it_runs)
{
	bool control = !getenv("NACRE_LOAD_NO_IFUNC");
	expect_resolver_never_runs("ifunc.so", "not a nacre module: has an IFUNC resolver (IRELATIVE", control);
	expect_resolver_never_runs("ifunc-sym.so", "not a nacre module: has an IFUNC symbol", control);
}

Test(load, other_architecture_refused)
{
	expect_refused(in_dir("other-arch.so"), "not a nacre module: built for another architecture");
}

static void write_file(const char *path, const void *bytes, size_t n)
{
	unlink(path); /* a new file each time: the loader knows files by inode */
	FILE *f = fopen(path, "wb");
	cr_assert(f, "%s", path);
	cr_assert_eq(fwrite(bytes, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

Test(load, non_elf_refused)
{
	static const char text[] = "#!/bin/sh\necho this is not a shared object, but it is long enough\n";
	write_file(in_dir("text.so"), text, sizeof text);
	expect_refused(in_dir("text.so"), "not a nacre module: not an ELF file");
	write_file(in_dir("empty.so"), "", 0);
	expect_refused(in_dir("empty.so"), "not a nacre module: not an ELF file");
	expect_refused(getenv("NACRE_LOAD_DIR"), "not a regular file");
}

static unsigned char *read_good(size_t *n)
{
	FILE *f = fopen(in_dir("good.so"), "rb");
	cr_assert(f);
	static unsigned char buf[1 << 20];
	*n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	cr_assert(*n > 64 && *n < sizeof buf);
	return buf;
}

static uint64_t le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Where the last loadable segment's bytes end: cut anywhere before, the
 * file must be refused (the loader would map past its end). */
static size_t load_end(const unsigned char *e)
{
	size_t end = 0;
	for (uint64_t i = 0; i < le(e + 56, 2); i++) {
		const unsigned char *p = e + le(e + 32, 8) + i * 56;
		if (le(p, 4) == 1 && le(p + 8, 8) + le(p + 32, 8) > end)
			end = le(p + 8, 8) + le(p + 32, 8);
	}
	return end;
}

Test(load, truncated_refused)
{
	size_t n;
	const unsigned char *good = read_good(&n);
	size_t end = load_end(good);
	cr_assert(end > 64 && end <= n);
	for (size_t cut = 0; cut < end; cut += cut < 80 ? 1 : 37) {
		write_file(in_dir("cut.so"), good, cut);
		expect_refused(in_dir("cut.so"), "not a nacre module: ");
	}
	write_file(in_dir("cut.so"), good, end - 1);
	expect_refused(in_dir("cut.so"), "not a nacre module: ");
}

/* good.so with the bytes at the first match of what changed to to. */
static void write_patched(const char *name, const void *what, size_t n, const void *to)
{
	size_t size;
	unsigned char *copy = read_good(&size);
	unsigned char *at = memmem(copy, size, what, n);
	cr_assert(at, "good.so lacks the bytes to patch");
	memcpy(at, to, n);
	write_file(in_dir(name), copy, size);
}

/* The note is what makes a nacre module: without one, or naming another
 * target, an ELF file of the right machine is refused. */
Test(load, note_missing_or_for_another_target_refused)
{
	static const char key[] = "target";    /* with its NUL: the record's key */
	write_patched("other-target.so", key, sizeof key, "targex");
	expect_refused(in_dir("other-target.so"), "not a nacre module: its .note.nacre names no target");
	static const char name[] = "nacre";    /* the note's name, with its NUL */
	write_patched("no-note.so", name, sizeof name, "nacrx");
	expect_refused(in_dir("no-note.so"), "not a nacre module: no .note.nacre note");
	size_t size;
	unsigned char *copy = read_good(&size);
	unsigned char *at = memmem(copy, size, key, sizeof key);
	cr_assert(at);
	at[sizeof key] ^= 0x20; /* the target's first letter in the other case */
	write_file(in_dir("wrong-target.so"), copy, size);
	expect_refused(in_dir("wrong-target.so"), "not a nacre module: built for target '");
}

/* A name without a slash is a file in the working directory; the library
 * path is never searched (where libc.so.6 would be found). */
Test(load, bare_name_is_in_working_directory)
{
	char cwd[4096];
	cr_assert(getcwd(cwd, sizeof cwd));
	cr_assert_eq(chdir(getenv("NACRE_LOAD_DIR")), 0);
	NacreModule *good, *libc;
	NacreError err = { 0 }, libc_err = { 0 };
	NacreStatus st = nacre_module_open("good.so", &good, &err);
	NacreStatus libc_st = nacre_module_open("libc.so.6", &libc, &libc_err);
	cr_assert_eq(chdir(cwd), 0);
	cr_assert_eq(st, NACRE_OK, "%s", err.message);
	cr_assert_eq(call_add(good, 1, 2), 3);
	nacre_module_close(good);
	cr_assert_eq(libc_st, NACRE_ERROR);
	cr_assert(strstr(libc_err.message, "libc.so.6: No such file"), "%s", libc_err.message);
}
