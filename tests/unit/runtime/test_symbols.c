/* tests/unit/runtime/test_symbols.c: what a program embedding the runtime
 * sees of it.  In every runtime and WASI archive, for every target and
 * the host's own, a defined global symbol of default visibility is
 * nacre.h's API, an abi.h runtime entry, a C library function generated
 * code may call (abi.h NACRE_RUNTIME_LIBCALLS), or _start; everything
 * else (rt_*, wasi_*) is hidden, so it cannot clash with the program's
 * names or be called from a loaded module. */
#include <criterion/criterion.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nacre/abi.h"
#include "../elf_symbols.h"

extern char **environ;

TestSuite(symbols);

static const char *const abi_names[] = {
#define ENTRY(id, name, ...) #name,
#define NAME(name) #name,
	NACRE_RUNTIME_ENTRIES(ENTRY) NACRE_RUNTIME_LIBCALLS(NAME) "_start",
#undef ENTRY
#undef NAME
};

static bool allowed(const char *name)
{
	for (size_t i = 0; i < sizeof abi_names / sizeof *abi_names; i++)
		if (strcmp(name, abi_names[i]) == 0)
			return true;
	/* the API's prefix; the entries' own prefix only for the entries */
	return strncmp(name, "nacre_", 6) == 0 && strncmp(name, "nacre_rt_", 9) != 0;
}

typedef struct Outsiders {
	char *out;
	size_t n;
	unsigned count;
} Outsiders;

/* Appends a visible symbol that is not allowed to the list. */
static void note_outsider(const char *name, const GElf_Sym *s, void *ctx)
{
	Outsiders *o = ctx;
	if (GELF_ST_VISIBILITY(s->st_other) != STV_DEFAULT || allowed(name))
		return;
	size_t len = strlen(o->out);
	snprintf(o->out + len, o->n - len, " %s", name);
	o->count++;
}

/* Writes to out (size n) every visible symbol of the archive or object
 * that is not allowed; returns how many there were. */
static unsigned outsiders(const char *path, char *out, size_t n)
{
	Outsiders o = { out, n, 0 };
	out[0] = 0;
	elf_symbols_walk(path, note_outsider, &o);
	return o.count;
}

static void expect_only_api(const char *path)
{
	char names[4096];
	cr_expect_eq(outsiders(path, names, sizeof names), 0, "%s makes visible:%s", path, names);
}

Test(symbols, target_archives_show_only_the_api)
{
	char targets[] = NACRE_TARGET_LIST;
	static const char *const archives[] = { "libnacre_runtime.a", "libnacre_embed.a", "libnacre_wasi.a",
	                                        "libnacre_wasi_p2.a" };
	unsigned checked = 0;
	for (char *save, *arch = strtok_r(targets, ",", &save); arch; arch = strtok_r(NULL, ",", &save))
		for (size_t i = 0; i < sizeof archives / sizeof *archives; i++) {
			char path[1024];
			snprintf(path, sizeof path, "%s/%s/%s", NACRE_RUNTIME_DIR, arch, archives[i]);
			expect_only_api(path);
			checked++;
		}
	cr_expect_geq(checked, 3);
}

Test(symbols, host_archives_show_only_the_api)
{
	expect_only_api(NACRE_HOST_RUNTIME);
	expect_only_api(NACRE_HOST_WASI);
}

/* The check sees a leak: an object with one internal function left
 * visible and one hidden. */
Test(symbols, a_visible_internal_symbol_is_found)
{
	char dir[] = "/tmp/nacre-symbols-XXXXXX", src[64], obj[64];
	cr_assert(mkdtemp(dir));
	snprintf(src, sizeof src, "%s/leak.c", dir);
	snprintf(obj, sizeof obj, "%s/leak.o", dir);
	FILE *f = fopen(src, "w");
	cr_assert(f);
	fputs("int rt_leak(void) { return 1; }\n"
	      "__attribute__((visibility(\"hidden\"))) int rt_kept(void) { return 2; }\n"
	      "int nacre_api(void) { return 3; }\n", f);
	fclose(f);
	char *argv[] = { NACRE_CLANG, "-c", "-O1", "-fPIC", src, "-o", obj, NULL };
	pid_t pid;
	int status;
	cr_assert(posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) == 0);
	cr_assert(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	char names[256];
	cr_expect_eq(outsiders(obj, names, sizeof names), 1);
	cr_expect_str_eq(names, " rt_leak");
	unlink(src);
	unlink(obj);
	rmdir(dir);
}
