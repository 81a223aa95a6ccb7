/* bench/wast_read_throughput.c: how fast nacre wast's script reader
 * (wast/read.c: the text reader, every module encoded to its binary)
 * reads .wast scripts, in MB of .wast per second on one core.  Loads the
 * files once, reads them all repeatedly, and reports the median run.
 * usage: wast-read-throughput [-n RUNS] FILE.wast...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "throughput.h"

#include "wast/script.h"

/* Reads every file once; the commands and modules made, or -1 on an
 * unreadable script. */
static long read_all(uint8_t **src, const size_t *size, int n, long *modules)
{
	long commands = 0;
	*modules = 0;
	for (int i = 0; i < n; i++) {
		WastScript s;
		char err[256];
		if (!wast_read_text(src[i], size[i], &s, err, sizeof err)) {
			fprintf(stderr, "file %d: %s\n", i, err);
			return -1;
		}
		commands += (long)s.n;
		for (size_t k = 0; k < s.n; k++)
			*modules += s.cmds[k].has_module;
		wast_script_free(&s);
	}
	return commands;
}

int main(int argc, char **argv)
{
	int runs = 5, first = 1;
	if (argc > 2 && strcmp(argv[1], "-n") == 0)
		runs = atoi(argv[2]), first = 3;
	int n = argc - first;
	if (n <= 0 || runs <= 0 || runs > 1000) {
		fprintf(stderr, "usage: wast-read-throughput [-n RUNS] FILE.wast...\n");
		return 2;
	}
	uint8_t **src = calloc((size_t)n, sizeof *src);
	size_t *size = calloc((size_t)n, sizeof *size), total = 0;
	double *t = calloc((size_t)runs, sizeof *t);
	if (!src || !size || !t)
		return 2;
	for (int i = 0; i < n; i++) {
		if (!(src[i] = bench_slurp(argv[first + i], &size[i]))) {
			fprintf(stderr, "cannot read %s\n", argv[first + i]);
			return 2;
		}
		total += size[i];
	}
	long commands = 0, modules = 0;
	for (int r = 0; r < runs; r++) {
		double t0 = bench_now();
		commands = read_all(src, size, n, &modules);
		t[r] = bench_now() - t0;
		if (commands < 0)
			return 1;
	}
	double med = bench_median(t, runs);
	printf("%d files, %.1f MB of .wast, %ld commands, %ld modules: %.3f s (median of %d), %.1f MB/s\n", n,
	       total / 1e6, commands, modules, med, runs, total / 1e6 / med);
	for (int i = 0; i < n; i++)
		free(src[i]);
	free(src);
	free(size);
	free(t);
	return 0;
}
