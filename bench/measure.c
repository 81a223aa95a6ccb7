/* bench/measure.c: runs a command N times (after W warm-up runs) and
 * prints one JSON line: wall-clock seconds per run (CLOCK_MONOTONIC
 * around fork/exec/wait), each run's CPU seconds (user + system, of the
 * command and its threads) and peak resident memory (wait4's rusage).  The command's stdout goes to a file so that bench/run can
 * compare checksums; its stderr passes through.
 * Usage: measure [-n RUNS] [-w WARMUPS] [-o FILE] -- CMD [ARGS...] */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 1000

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One run; returns the exit status (128 + signal if killed, 127 if the
 * command could not be started). */
static int run_once(char **cmd, const char *out, double *wall, double *cpu, long *rss_kb)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0)
		return perror("measure: fork"), 127;
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			_exit(127);
		close(fd);
		execvp(cmd[0], cmd);
		fprintf(stderr, "measure: cannot run %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return perror("measure: wait4"), 127;
	*wall = now() - t0;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
	*rss_kb = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	int runs = 1, warmups = 0, i = 1;
	const char *out = "/dev/null";
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (i + 1 >= argc)
			break;
		if (strcmp(argv[i], "-n") == 0)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-w") == 0)
			warmups = atoi(argv[++i]);
		else if (strcmp(argv[i], "-o") == 0)
			out = argv[++i];
		else
			break;
	}
	if (i + 1 >= argc || strcmp(argv[i], "--") != 0 || runs < 1 || runs > MAX_RUNS || warmups < 0) {
		fprintf(stderr, "usage: measure [-n RUNS] [-w WARMUPS] [-o FILE] -- CMD [ARGS...]\n");
		return 2;
	}
	char **cmd = argv + i + 1;
	static double wall[MAX_RUNS], cpu[MAX_RUNS];
	static long rss[MAX_RUNS];
	int status = 0, done = 0;
	for (int r = 0; r < warmups + runs && status == 0; r++) {
		double w, c;
		long kb;
		status = run_once(cmd, out, &w, &c, &kb);
		if (r >= warmups) {
			wall[done] = w;
			cpu[done] = c;
			rss[done++] = kb;
		}
	}
	printf("{\"status\":%d,\"wall_s\":[", status);
	for (int r = 0; r < done; r++)
		printf("%s%.6f", r ? "," : "", wall[r]);
	printf("],\"cpu_s\":[");
	for (int r = 0; r < done; r++)
		printf("%s%.6f", r ? "," : "", cpu[r]);
	printf("],\"max_rss_kb\":[");
	for (int r = 0; r < done; r++)
		printf("%s%ld", r ? "," : "", rss[r]);
	printf("]}\n");
	return 0;
}
