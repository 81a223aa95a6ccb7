/* backend/cpus.c: how many CPUs this process may use, the default for
 * how many threads compile: those in its affinity mask (taskset, a CI
 * runner's cpuset), fewer when a cgroup v2 CPU quota (a container's
 * --cpus) allows less time than that.  Never more than the machine has. */
#define _GNU_SOURCE
#include "backend.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { CG_PATH_MAX = 1024 };

/* cpu.max is "QUOTA PERIOD" or "max PERIOD": QUOTA/PERIOD CPUs' worth of
 * time, rounded up (1.5 CPUs keep two threads busy part of the time). */
static long quota_cpus(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	long quota = 0, period = 0;
	int n = fscanf(f, "%ld %ld", &quota, &period);
	fclose(f);
	if (n != 2 || quota <= 0 || period <= 0)
		return 0; /* "max", or unreadable: no limit */
	return (quota + period - 1) / period;
}

/* This process's cgroup v2 path ("0::/PATH" in /proc/self/cgroup). */
static bool own_cgroup(char *path, size_t size)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
	if (!f)
		return false;
	char line[CG_PATH_MAX];
	bool found = false;
	while (!found && fgets(line, sizeof line, f))
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = 0;
			found = snprintf(path, size, "%s", line + 3) < (int)size;
		}
	fclose(f);
	return found;
}

/* The tightest quota on the way from this process's cgroup to the root
 * (a parent's limit binds its children); 0: none. */
static long cgroup_cpus(void)
{
	char cg[CG_PATH_MAX], file[CG_PATH_MAX + 32];
	if (!own_cgroup(cg, sizeof cg))
		cg[0] = 0;
	long best = 0;
	for (;;) {
		snprintf(file, sizeof file, "/sys/fs/cgroup%s/cpu.max", cg);
		long n = quota_cpus(file);
		if (n && (!best || n < best))
			best = n;
		char *slash = strrchr(cg, '/');
		if (!slash)
			return best;
		*slash = 0; /* "/a/b" -> "/a" -> "" (the root) */
	}
}

unsigned be_cpus_available(void)
{
	cpu_set_t set;
	long n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : sysconf(_SC_NPROCESSORS_ONLN);
	long quota = cgroup_cpus();
	if (quota && quota < n)
		n = quota;
	return n < 1 ? 1 : (unsigned)n;
}
