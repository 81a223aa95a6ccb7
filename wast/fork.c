/* wast/fork.c: runs each script in a forked child, so that a
 * crash in the compiler, in compiled code or in the runtime costs one
 * command, not the run.  The parent reads the child's records
 * (child.c) as they come, up to o->jobs files at once.  When a child
 * (or its executor, which runs the compiled code) dies inside a command,
 * that command fails with the signal, and a new child replays the file's
 * earlier commands silently to rebuild the state, then goes on after it.
 */
#define _GNU_SOURCE
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { MAX_RESTARTS = 100 };

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
static volatile sig_atomic_t stop_signal; /* one of them came: stop the run */

typedef struct Job {
	const char *path;     /* the script file */
	char *module_dir;     /* WORK/<stem>, or NULL with --validate-only */
	unsigned same_stem;   /* earlier files of the same stem: WORK/<stem>.<n> */
	SpecTally tally;
	bool done;
	unsigned start;       /* the first command the running child reports */
	unsigned crashed[MAX_RESTARTS]; /* commands that killed a child: never run again */
	unsigned restarts;
	/* the running child */
	pid_t pid;
	int fd;
	char *buf;            /* bytes read but not yet a whole line */
	size_t len, cap;
	bool in_cmd;          /* an S came without its R */
	bool finished;        /* D came */
	bool restart;         /* C came: the command died, go on after it */
	unsigned cmd_index, cmd_line, cmd_key;
	char cmd_type[32];
} Job;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) != 0 && errno != ENOENT;
}

bool spec_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT;
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0;
}

/* "dir/name.json" or "dir/name.wast" -> "name" (malloc'd). */
static char *stem(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	if (n > 5 && (strcmp(base + n - 5, ".json") == 0 || strcmp(base + n - 5, ".wast") == 0))
		n -= 5;
	return strndup(base, n);
}

/* An empty WORK/<stem> for the file's shared objects. */
static bool prepare_dir(Job *j, const SpecOptions *o)
{
	char *s = stem(j->path);
	size_t n = s ? strlen(o->work) + strlen(s) + 16 : 0;
	j->module_dir = s ? malloc(n) : NULL;
	if (!j->module_dir) {
		free(s);
		return false;
	}
	if (j->same_stem)
		snprintf(j->module_dir, n, "%s/%s.%u", o->work, s, j->same_stem);
	else
		snprintf(j->module_dir, n, "%s/%s", o->work, s);
	free(s);
	return spec_remove_tree(j->module_dir) && mkdir(j->module_dir, 0777) == 0;
}

static bool spawn(Job *j, const SpecOptions *o)
{
	int fds[2];
	j->in_cmd = j->finished = j->restart = false;
	j->len = 0;
	fflush(stdout);
	fflush(stderr);
	/* close-on-exec: the linker the backend spawns must not hold the pipe */
	if (pipe2(fds, O_CLOEXEC) != 0)
		return false;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++)
			signal(stop_signals[i], SIG_DFL);
		close(fds[0]);
		dup2(STDERR_FILENO, STDOUT_FILENO); /* stray output must not mix into the report */
		_exit(spec_child_run(j->path, o, j->module_dir ? j->module_dir : "", j->start, j->crashed,
		                       j->restarts, fds[1]));
	}
	close(fds[1]);
	j->pid = pid;
	j->fd = fds[0];
	return true;
}

static bool start(Job *j, const SpecOptions *o, XfailList *xfail)
{
	char *name = o->paths_as_given && !o->suite ? strdup(j->path) : wast_script_name(o->suite, j->path);
	bool ok = name && spec_tally_init(&j->tally, name, xfail, o->verbose);
	free(name);
	if (!ok) {
		fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
		exit(2);
	}
	const char *why = NULL;
	if (!o->validate_only && !prepare_dir(j, o))
		why = "cannot make the directory for its shared objects";
	else if (!spawn(j, o))
		why = "cannot start a child process";
	if (why) {
		spec_tally_note(&j->tally, "  ERROR: %s: %s: %s\n", j->path, why, strerror(errno));
		j->tally.counts.failed++;
		j->done = true;
	}
	return !why;
}

/* Splits line at its first nf - 1 tabs (the last field is free text);
 * returns the number of fields found. */
static int split(char *line, char **f, int nf)
{
	int n = 1;
	f[0] = line;
	for (char *p = line; *p && n < nf; p++)
		if (*p == '\t') {
			*p = 0;
			f[n++] = p + 1;
		}
	return n;
}

/* One record from the child (see child.c). */
static void handle(Job *j, char *line)
{
	static const char *const fields = "N2S4R6V2T4E2D1C3";
	const char *spec = strchr(fields, line[0]);
	if (line[0] < 'A' || line[0] > 'Z' || !spec)
		return;
	char *f[6], *end;
	int want = spec[1] - '0';
	if (split(line, f, want) != want)
		return;
	switch (line[0]) {
	case 'N':
		spec_tally_rename(&j->tally, f[1]);
		break;
	case 'S':
		j->in_cmd = true;
		j->cmd_index = (unsigned)strtoul(f[1], NULL, 10);
		j->cmd_line = (unsigned)strtoul(f[2], &end, 10);
		j->cmd_key = *end == ':' ? (unsigned)strtoul(end + 1, NULL, 10) : j->cmd_line;
		snprintf(j->cmd_type, sizeof j->cmd_type, "%s", f[3]);
		break;
	case 'R': {
		SpecOutcome o = f[2][0] == 'P' ? SPEC_PASS : f[2][0] == 'T' ? SPEC_TEXT :
		                f[2][0] == 'N' ? SPEC_NOT_RUN : SPEC_FAIL;
		spec_tally_result(&j->tally, j->cmd_line, j->cmd_key, j->cmd_type, o, f[3][0] == '1',
		                  strtoull(f[4], NULL, 10), f[5]);
		j->in_cmd = false;
		break;
	}
	case 'V':
		spec_tally_note(&j->tally, "  %s\n", f[1]);
		break;
	case 'T':
		j->tally.counts.modules += (unsigned)strtoul(f[1], NULL, 10);
		j->tally.counts.compile_us += strtoull(f[2], NULL, 10);
		j->tally.counts.reused += (unsigned)strtoul(f[3], NULL, 10);
		break;
	case 'C':
		j->cmd_index = (unsigned)strtoul(f[1], NULL, 10);
		spec_tally_result(&j->tally, j->cmd_line, j->cmd_key, j->cmd_type, SPEC_FAIL, false, 0, f[2]);
		j->tally.counts.crashes++;
		j->in_cmd = false;
		j->restart = true;
		break;
	case 'E':
		spec_tally_note(&j->tally, "  ERROR: %s\n", f[1]);
		j->tally.counts.failed++;
		break;
	case 'D':
		j->finished = true;
		break;
	}
}

/* Reads what the child wrote; false at the end of the pipe. */
static bool drain(Job *j)
{
	if (j->cap - j->len < 4096) {
		size_t cap = j->cap ? j->cap * 2 : 16384;
		char *buf = realloc(j->buf, cap);
		if (!buf) {
			fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
			exit(2);
		}
		j->buf = buf;
		j->cap = cap;
	}
	ssize_t got = read(j->fd, j->buf + j->len, j->cap - j->len - 1);
	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (got <= 0)
		return false;
	j->len += (size_t)got;
	char *p = j->buf, *end = j->buf + j->len, *nl;
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		*nl = 0;
		handle(j, p);
		p = nl + 1;
	}
	j->len = (size_t)(end - p);
	memmove(j->buf, p, j->len);
	return true;
}

static void describe_death(int status, const SpecOptions *o, char *buf, size_t len)
{
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(buf, len, "timed out after %u s", o->timeout);
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "crashed: signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(buf, len, "the child exited with status %d", WEXITSTATUS(status));
	else
		snprintf(buf, len, "the child stopped without finishing the file");
}

/* A new child for the file, after the command that died (already failed). */
static void restart(Job *j, const SpecOptions *o)
{
	if (j->restarts == MAX_RESTARTS) {
		spec_tally_note(&j->tally, "  CRASH: giving up on the rest of the file after %u crashes\n",
		                MAX_RESTARTS);
		j->tally.counts.failed++;
		j->done = true;
		return;
	}
	j->crashed[j->restarts++] = j->cmd_index;
	j->start = j->cmd_index + 1;
	if (!spawn(j, o)) {
		spec_tally_note(&j->tally, "  ERROR: cannot start a child process: %s\n", strerror(errno));
		j->tally.counts.failed++;
		j->done = true;
	}
}

/* The child is gone: finished, or its executor died in a command (C), or
 * it died in a command itself (which then fails, and a new child carries
 * on after it), or dead elsewhere (the file stops). */
static void reap(Job *j, const SpecOptions *o)
{
	int status;
	while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
		;
	close(j->fd);
	j->fd = -1;
	if (j->restart) {
		restart(j, o);
		return;
	}
	if (j->finished && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		j->done = true;
		return;
	}
	char what[160];
	describe_death(status, o, what, sizeof what);
	j->tally.counts.crashes++;
	if (!j->in_cmd) {
		spec_tally_note(&j->tally, "  CRASH: %s %s\n", what,
		                j->start > 0 ? "while replaying the commands before the one after the last crash"
		                             : "outside any command");
		j->tally.counts.failed++;
		j->done = true;
		return;
	}
	spec_tally_result(&j->tally, j->cmd_line, j->cmd_key, j->cmd_type, SPEC_FAIL, false, 0, what);
	restart(j, o);
}

static void finish(Job *j, const SpecOptions *o, SpecCounts *total)
{
	spec_tally_finish(&j->tally, stdout, total);
	if (j->module_dir && !o->keep)
		spec_remove_tree(j->module_dir);
	free(j->module_dir);
	free(j->buf);
}

/* Waits for output from any running child and handles it. */
static void wait_children(Job *jobs, int n, const SpecOptions *o, unsigned *running)
{
	struct pollfd fds[64];
	int idx[64], nfds = 0;
	for (int i = 0; i < n && nfds < 64; i++)
		if (!jobs[i].done && jobs[i].fd >= 0 && jobs[i].pid > 0) {
			fds[nfds] = (struct pollfd){ .fd = jobs[i].fd, .events = POLLIN };
			idx[nfds++] = i;
		}
	if (nfds == 0 || poll(fds, (nfds_t)nfds, -1) < 0)
		return;
	for (int k = 0; k < nfds; k++) {
		Job *j = &jobs[idx[k]];
		if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)) || drain(j))
			continue;
		reap(j, o);
		if (j->done)
			(*running)--;
	}
}

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* Catches the signals that end a run, without SA_RESTART, so that poll
 * returns and the parent can stop its children and clean up. */
static void catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++)
		sigaction(stop_signals[i], &sa, NULL);
}

static void kill_children(Job *jobs, int n)
{
	for (int i = 0; i < n; i++) {
		if (jobs[i].done || jobs[i].fd < 0)
			continue;
		kill(jobs[i].pid, SIGKILL);
		while (waitpid(jobs[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

int spec_run_files(const SpecOptions *o, char **paths, int n, XfailList *xfail, SpecCounts *total)
{
	Job *jobs = calloc((size_t)n, sizeof *jobs);
	if (!jobs) {
		fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
		exit(2);
	}
	catch_stop_signals();
	unsigned jobs_max = o->jobs < 1 ? 1 : o->jobs > 64 ? 64 : o->jobs;
	unsigned running = 0;
	int next = 0, printed = 0;
	for (int i = 0; i < n; i++) {
		jobs[i] = (Job){ .path = paths[i], .fd = -1 };
		char *si = stem(paths[i]);
		for (int k = 0; si && k < i; k++) {
			char *sk = stem(paths[k]);
			jobs[i].same_stem += sk && strcmp(si, sk) == 0;
			free(sk);
		}
		free(si);
	}
	while (printed < n && !stop_signal) {
		while (running < jobs_max && next < n)
			running += start(&jobs[next++], o, xfail);
		while (printed < n && jobs[printed].done)
			finish(&jobs[printed++], o, total);
		if (printed < n)
			wait_children(jobs, n, o, &running);
	}
	if (stop_signal)
		kill_children(jobs, n);
	free(jobs);
	return stop_signal;
}
