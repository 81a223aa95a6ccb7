/* backend/link.c: ld.lld turns the object into a shared library whose
 * undefined nacre_rt_* symbols the loading runtime provides, or into a
 * static executable with the archives of its world (world/: a WASI shim
 * and the freestanding runtime; no libc, no interpreter, entry _start in
 * runtime-lib/sys/<arch>/). */
#include "backend.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#ifndef NACRE_LLD
#define NACRE_LLD "ld.lld-19"
#endif

/* Starts the linker with every signal blocked here, so that the process
 * id is published before a handler can look for it; the linker itself
 * runs with the caller's mask. */
static int spawn(pid_t *pid, char **argv, const BeOptions *o)
{
	sigset_t all, old;
	posix_spawnattr_t attr;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &old);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	int rc = posix_spawnp(pid, argv[0], NULL, &attr, argv, environ);
	if (rc == 0 && o->linker_pid)
		*o->linker_pid = *pid;
	posix_spawnattr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Waits for the linker to end without reaping it, so that its process id
 * cannot be reused while a handler may still signal it; then unpublishes
 * the id (signals blocked) and reaps. */
static int finish(pid_t pid, const BeOptions *o, int *status)
{
	siginfo_t info;
	while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0)
		if (errno != EINTR)
			return -1;
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (o->linker_pid)
		*o->linker_pid = 0;
	pid_t r = waitpid(pid, status, 0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r == pid ? 0 : -1;
}

static bool run_lld(char **argv, const BeOptions *o, DiagSink *diags)
{
	pid_t pid;
	int rc = spawn(&pid, argv, o);
	if (rc != 0) {
		diag_report(diags, DIAG_LINK_FAILED, 0, DIAG_NO_FUNC, "cannot run %s: %s", argv[0], strerror(rc));
		return false;
	}
	int status;
	if (finish(pid, o, &status) != 0) {
		diag_report(diags, DIAG_LINK_FAILED, 0, DIAG_NO_FUNC, "waiting for %s: %s", argv[0], strerror(errno));
		return false;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		diag_report(diags, DIAG_LINK_FAILED, 0, DIAG_NO_FUNC, "%s failed (status %d)", argv[0], status);
		return false;
	}
	return true;
}

/* The linker's argv: the fixed arguments, the objects, then the trailing
 * ones (archives), NULL-terminated; NULL when out of memory. */
static char **args(const char *const *head, unsigned nhead, char *const *objs, unsigned n,
                   const char *const *tail, unsigned ntail)
{
	char **argv = calloc((size_t)nhead + n + ntail + 1, sizeof *argv);
	if (!argv)
		return NULL;
	unsigned k = 0;
	for (unsigned i = 0; i < nhead; i++)
		argv[k++] = (char *)head[i];
	for (unsigned i = 0; i < n; i++)
		argv[k++] = objs[i];
	for (unsigned i = 0; i < ntail; i++)
		argv[k++] = (char *)tail[i];
	return argv;
}

static bool link_with(const BeOptions *o, const char *const *head, unsigned nhead, char *const *objs,
                      unsigned n, const char *const *tail, unsigned ntail, DiagSink *diags)
{
	char **argv = args(head, nhead, objs, n, tail, ntail);
	if (!argv) {
		diag_report(diags, DIAG_OUT_OF_MEMORY, 0, DIAG_NO_FUNC, "linker arguments");
		return false;
	}
	bool ok = run_lld(argv, o, diags);
	free(argv);
	return ok;
}

bool be_link_shared(const BeOptions *o, char *const *objs, unsigned n, const char *out, DiagSink *diags)
{
	const char *head[] = {
		NACRE_LLD, "-m", o->target->lld_emulation, "-shared", "--no-undefined-version",
		"-z", "noexecstack", "--build-id=none", "-o", out,
	};
	return link_with(o, head, sizeof head / sizeof *head, objs, n, NULL, 0, diags);
}

/* Several partitions' objects as one object (--emit=obj). */
bool be_link_relocatable(const BeOptions *o, char *const *objs, unsigned n, const char *out, DiagSink *diags)
{
	const char *head[] = { NACRE_LLD, "-m", o->target->lld_emulation, "-r", "--build-id=none", "-o", out };
	return link_with(o, head, sizeof head / sizeof *head, objs, n, NULL, 0, diags);
}

/* The world's shim comes after the module and before the runtime,
 * which both use; the shim's startup pulls in the module's descriptor.
 * Unused sections go, and the runtime's debug information with them;
 * symbols stay, for profilers and debuggers. */
unsigned be_link_archives(const BeOptions *o, char paths[BE_WORLD_MAX_ARCHIVES][BE_PATH_MAX])
{
	const char *dir = o->runtime_dir ? o->runtime_dir : ".";
	for (unsigned i = 0; i < o->world->narchives; i++)
		snprintf(paths[i], BE_PATH_MAX, "%s/%s/%s", dir, o->target->name, o->world->archives[i]);
	return o->world->narchives;
}

/* The archives are built per target (NACRE_TARGETS at the project's
 * build); one that is missing is named, with the ways to get it. */
bool be_link_runtime_ready(const BeOptions *o, char why[BE_WHY_MAX])
{
	char paths[BE_WORLD_MAX_ARCHIVES][BE_PATH_MAX];
	unsigned n = be_link_archives(o, paths);
	for (unsigned i = 0; i < n; i++)
		if (access(paths[i], R_OK) != 0) {
			snprintf(why, BE_WHY_MAX, "no runtime for target %s: cannot read %s (give --runtime-dir=DIR or "
			         "set NACRE_RUNTIME_DIR to the folder holding %s/, or build nacre with NACRE_TARGETS "
			         "including it)", o->target->name, paths[i], o->target->name);
			return false;
		}
	return true;
}

bool be_link_exe(const BeOptions *o, char *const *objs, unsigned n, const char *out, DiagSink *diags)
{
	char paths[BE_WORLD_MAX_ARCHIVES][BE_PATH_MAX], why[BE_WHY_MAX];
	if (!be_link_runtime_ready(o, why)) {
		diag_report(diags, DIAG_LINK_FAILED, 0, DIAG_NO_FUNC, "%s", why);
		return false;
	}
	unsigned ntail = be_link_archives(o, paths);
	const char *head[] = {
		NACRE_LLD, "-m", o->target->lld_emulation, "-static", "-nostdlib", "-e", o->world->entry,
		"--gc-sections", "--strip-debug", "--discard-locals", "-z", "noexecstack", "--build-id=none", "-o", out,
	};
	const char *tail[BE_WORLD_MAX_ARCHIVES];
	for (unsigned i = 0; i < ntail; i++)
		tail[i] = paths[i];
	return link_with(o, head, sizeof head / sizeof *head, objs, n, tail, ntail, diags);
}
