/* driver/output.c: where `nacre build` writes.  The output is checked
 * before any work (not stdout, not a directory, not an input, its
 * directory there and writable), written under a temporary name beside
 * it and renamed only when whole, so a failed or interrupted build
 * leaves neither a partial file nor the backend's partition objects
 * (TMP.PID.N.o, backend/compile.c) behind.  Errors name the user's path. */
#include "driver.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The temporaries of this build and its running linker, for the signal
 * handler: the one piece of process state, as a handler can reach
 * nothing else.  Written only with the signals blocked. */
enum { MAX_TEMPS = 2 };
static char temps[MAX_TEMPS][DRV_PATH_MAX];
static volatile sig_atomic_t ntemps;
static volatile sig_atomic_t linker; /* the backend's linker while it runs */
static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* Appends the decimal n to p; async-signal-safe. */
static char *put_number(char *p, unsigned long n)
{
	char digits[24];
	int k = 0;
	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10) && k < 24);
	while (k)
		*p++ = digits[--k];
	return p;
}

/* TMP and the partition objects the backend names after it. */
static void remove_temp(const char *tmp)
{
	char part[DRV_PATH_MAX + 48];
	size_t n = strlen(tmp);
	unlink(tmp);
	memcpy(part, tmp, n);
	part[n] = '.';
	for (unsigned k = 0; k < BE_MAX_PARTS; k++) {
		char *p = put_number(part + n + 1, (unsigned long)getpid());
		*p++ = '.';
		p = put_number(p, k);
		memcpy(p, ".o", 3);
		unlink(part);
	}
}

/* A linker still running would go on writing the temporary after it is
 * removed: it is stopped first (with SIGTERM, on which ld.lld removes its
 * own temporary file) and waited for. */
static void stop_linker(void)
{
	pid_t pid = (pid_t)linker;
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void on_signal(int sig)
{
	stop_linker();
	for (int i = 0; i < ntemps; i++)
		remove_temp(temps[i]);
	signal(sig, SIG_DFL); /* then die of it, so the parent sees the signal */
	raise(sig);
}

static void block(bool on, sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
		sigaddset(&set, signals[i]);
	sigprocmask(on ? SIG_BLOCK : SIG_SETMASK, on ? &set : old, on ? old : NULL);
}

static void watch(const char *tmp)
{
	sigset_t old;
	block(true, &old);
	if (ntemps < MAX_TEMPS) {
		snprintf(temps[ntemps], DRV_PATH_MAX, "%s", tmp);
		ntemps++;
	}
	if (ntemps == 1)
		for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
			struct sigaction sa = { .sa_handler = on_signal };
			sigaction(signals[i], &sa, NULL);
		}
	block(false, &old);
}

static void unwatch(const char *tmp)
{
	sigset_t old;
	block(true, &old);
	for (int i = 0; i < ntemps; i++)
		if (strcmp(temps[i], tmp) == 0) {
			memmove(temps[i], temps[i + 1], (size_t)(ntemps - i - 1) * sizeof *temps);
			ntemps--;
			break;
		}
	block(false, &old);
}

static int refuse(const char *path, const char *why)
{
	fprintf(stderr, "%s: error: cannot write %s: %s\n", drv_command(), path, why);
	return EXIT_USAGE;
}

/* The directory part of path ("." for none), into dir. */
static void dir_of(const char *path, char dir[DRV_PATH_MAX])
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, DRV_PATH_MAX, ".");
	else
		snprintf(dir, DRV_PATH_MAX, "%.*s", slash == path ? 1 : (int)(slash - path), path);
}

int drv_output_check(const char *path, const char *const *inputs, size_t ninputs)
{
	struct stat st, in;
	char dir[DRV_PATH_MAX];
	if (strcmp(path, "-") == 0)
		return refuse("-", "output to stdout is not supported (give a file name)");
	if (strlen(path) + 64 >= DRV_PATH_MAX)
		return refuse(path, "path too long");
	bool exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode))
		return refuse(path, "it is a directory");
	for (size_t i = 0; exists && i < ninputs; i++)
		if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == st.st_dev && in.st_ino == st.st_ino)
			return refuse(path, "it is an input of this build (give another -o)");
	dir_of(path, dir);
	if (stat(dir, &st) != 0)
		return refuse(path, errno == ENOENT ? "no such directory" : strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return refuse(path, "not a directory on its path");
	if (access(dir, W_OK | X_OK) != 0)
		return refuse(path, strerror(errno));
	return EXIT_OK;
}

volatile sig_atomic_t *drv_output_linker(void)
{
	return &linker;
}

void drv_output_begin(Output *o, const char *path)
{
	o->path = path;
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path + 1) : 0;
	snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.nacre-%ld.tmp", dir, path, path + dir, (long)getpid());
	watch(o->tmp);
}

int drv_output_commit(Output *o)
{
	int status = EXIT_OK;
	if (rename(o->tmp, o->path) != 0)
		status = refuse(o->path, strerror(errno));
	drv_output_abort(o);
	return status;
}

void drv_output_abort(Output *o)
{
	remove_temp(o->tmp);
	unwatch(o->tmp);
}

/* The backend names the file it was given: show the user's instead. */
void drv_output_name_diags(const Output *o, DiagSink *d)
{
	size_t n = strlen(o->tmp);
	for (unsigned i = 0; i < d->n; i++) {
		char *at = strstr(d->items[i].detail, o->tmp), rest[DIAG_DETAIL_MAX];
		if (!at)
			continue;
		snprintf(rest, sizeof rest, "%s", at + n);
		snprintf(at, sizeof d->items[i].detail - (size_t)(at - d->items[i].detail), "%s%s", o->path, rest);
	}
}
