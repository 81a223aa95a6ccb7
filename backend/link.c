/* backend/link.c: ld.lld turns the object into a shared library whose
 * undefined nacre_rt_* symbols the loading runtime provides, or into a
 * static executable with the freestanding runtime and the WASI shim
 * (no libc, no interpreter, entry _start in runtime-lib/sys/<arch>/). */
#include "backend.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

#ifndef NACRE_LLD
#define NACRE_LLD "ld.lld-19"
#endif
#ifndef NACRE_RUNTIME_DIR
#define NACRE_RUNTIME_DIR "/usr/lib/nacre"
#endif

static bool run_lld(char **argv, DiagSink *diags)
{
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc != 0) {
		diag_report(diags, DIAG_LINK_FAILED, 0, DIAG_NO_FUNC, "cannot run %s: %s", argv[0], strerror(rc));
		return false;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			diag_report(diags, DIAG_LINK_FAILED, 0, DIAG_NO_FUNC, "waiting for %s: %s", argv[0], strerror(errno));
			return false;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		diag_report(diags, DIAG_LINK_FAILED, 0, DIAG_NO_FUNC, "%s failed (status %d)", argv[0], status);
		return false;
	}
	return true;
}

bool be_link_shared(const BeOptions *o, const char *obj, const char *out, DiagSink *diags)
{
	char *argv[] = {
		(char *)NACRE_LLD, (char *)"-m", (char *)o->target->lld_emulation, (char *)"-shared",
		(char *)"--no-undefined-version", (char *)"-z", (char *)"noexecstack", (char *)"--build-id=none",
		(char *)"-o", (char *)out, (char *)obj, NULL,
	};
	return run_lld(argv, diags);
}

/* The runtime comes after the module and the shim, which use it; the
 * shim's start.c pulls in the module's descriptor.  Unused sections go,
 * and the runtime's debug information with them; symbols stay, for
 * profilers and debuggers. */
bool be_link_exe(const BeOptions *o, const char *obj, const char *out, DiagSink *diags)
{
	char rt[4096], wasi[4096];
	snprintf(rt, sizeof rt, "%s/%s/libnacre_runtime.a", NACRE_RUNTIME_DIR, o->target->name);
	snprintf(wasi, sizeof wasi, "%s/%s/libnacre_wasi.a", NACRE_RUNTIME_DIR, o->target->name);
	char *argv[] = {
		(char *)NACRE_LLD, (char *)"-m", (char *)o->target->lld_emulation, (char *)"-static",
		(char *)"-nostdlib", (char *)"-e", (char *)"_start", (char *)"--gc-sections", (char *)"--strip-debug",
		(char *)"-z", (char *)"noexecstack", (char *)"--build-id=none",
		(char *)"-o", (char *)out, (char *)obj, wasi, rt, NULL,
	};
	return run_lld(argv, diags);
}
