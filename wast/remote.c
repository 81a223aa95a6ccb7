/* wast/remote.c: the child's end of nacre-wast-target (target.c),
 * the process that runs the compiled modules of one script: natively
 * for this machine's target, else under qemu-user.  It is started on the
 * first command that needs it, gets one command line and answers one line
 * (wire.h).  If it dies in a command, the command fails with how it
 * died and the file goes on in a new child (fork.c).
 */
#define _GNU_SOURCE
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

struct SpecRemote {
	const SpecOptions *o;
	pid_t pid;           /* 0: not started; -1: dead */
	int to;              /* its stdin */
	FILE *from;          /* its stdout */
	char *line;          /* the last reply */
	size_t cap;
};

SpecRemote *spec_remote_new(const SpecOptions *o)
{
	SpecRemote *r = calloc(1, sizeof *r);
	if (r) {
		r->o = o;
		r->to = -1;
	}
	/* a dead executor must fail its command, not kill us on write */
	signal(SIGPIPE, SIG_IGN);
	return r;
}

/* In the forked process: the pipes become stdin and stdout, it dies with
 * its parent (a child killed for a timeout must not leave it running),
 * dumps no core, and becomes the executor, under the emulator if any. */
static void exec_executor(const SpecOptions *o, int in, int out)
{
	if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0)
		_exit(127);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	signal(SIGPIPE, SIG_DFL);
	const char *argv[5];
	int n = 0;
	if (o->emulator) {
		argv[n++] = o->emulator;
		argv[n++] = "-L";
		argv[n++] = o->sysroot;
	}
	argv[n++] = o->executor;
	argv[n] = NULL;
	execv(argv[0], (char *const *)argv);
	fprintf(stderr, "%s: cannot run %s: %s\n", program_invocation_short_name, argv[0], strerror(errno));
	_exit(127);
}

static bool start(SpecRemote *r, char *why, size_t len)
{
	int in[2], out[2];
	if (pipe2(in, O_CLOEXEC) != 0)
		goto fail;
	if (pipe2(out, O_CLOEXEC) != 0) {
		close(in[0]);
		close(in[1]);
		goto fail;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0)
		exec_executor(r->o, in[0], out[1]);
	close(in[0]);
	close(out[1]);
	if (pid < 0 || !(r->from = fdopen(out[0], "r"))) {
		close(in[1]);
		close(out[0]);
		goto fail;
	}
	r->pid = pid;
	r->to = in[1];
	return true;
fail:
	snprintf(why, len, "cannot start %s: %s", r->o->executor, strerror(errno));
	r->pid = -1;
	return false;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* The executor is gone: reaps it and says how it died; false when it
 * did not exit with status 0. */
static bool reap(SpecRemote *r, char *why, size_t len)
{
	int status;
	fclose(r->from);
	close(r->to);
	r->from = NULL;
	r->to = -1;
	while (waitpid(r->pid, &status, 0) < 0 && errno == EINTR)
		;
	r->pid = -1;
	if (WIFSIGNALED(status))
		snprintf(why, len, "crashed: signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(why, len, "the executor exited with status %d", WEXITSTATUS(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

char *spec_remote_call(SpecRemote *r, const char *cmd, char *why, size_t len)
{
	if (r->pid < 0) {
		snprintf(why, len, "the executor is gone");
		return NULL;
	}
	if (r->pid == 0 && !start(r, why, len))
		return NULL;
	size_t n = strlen(cmd);
	ssize_t got = -1;
	if (write_all(r->to, cmd, n) && write_all(r->to, "\n", 1))
		got = getline(&r->line, &r->cap, r->from);
	if (got <= 0 || r->line[got - 1] != '\n') {
		reap(r, why, len);
		return NULL;
	}
	r->line[got - 1] = 0;
	return r->line;
}

bool spec_remote_close(SpecRemote *r, char *why, size_t len)
{
	bool ok = true;
	if (r && r->pid > 0) {
		close(r->to); /* the end of its commands: it exits */
		r->to = -1;
		while (getline(&r->line, &r->cap, r->from) > 0)
			;
		ok = reap(r, why, len);
	}
	return ok;
}

void spec_remote_free(SpecRemote *r)
{
	char why[128];
	if (!r)
		return;
	spec_remote_close(r, why, sizeof why);
	free(r->line);
	free(r);
}
