/* backend/link.c: ld.lld turns the object into a shared library whose
 * undefined nacre_rt_* symbols the loading runtime provides. */
#include "backend.h"

#include <errno.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

#ifndef NACRE_LLD
#define NACRE_LLD "ld.lld-19"
#endif

bool be_link_shared(const BeOptions *o, const char *obj, const char *out, DiagSink *diags)
{
	char *argv[] = {
		(char *)NACRE_LLD, (char *)"-m", (char *)o->target->lld_emulation, (char *)"-shared",
		(char *)"--no-undefined-version", (char *)"-z", (char *)"noexecstack", (char *)"--build-id=none",
		(char *)"-o", (char *)out, (char *)obj, NULL,
	};
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
