/* bench/frontend_throughput.c: how fast the frontend decodes and validates,
 * in MB of Wasm per second on one core.  Loads each file once, then runs
 * fe_module_load on it repeatedly and reports the median of the runs.
 * usage: frontend-throughput [-n RUNS] FILE.wasm...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "throughput.h"

#include "frontend/frontend.h"

static int measure(const char *path, int runs)
{
	size_t size;
	uint8_t *bytes = bench_slurp(path, &size);
	if (!bytes) {
		fprintf(stderr, "frontend-throughput: cannot read %s\n", path);
		return 1;
	}
	double *t = calloc((size_t)runs, sizeof *t);
	int status = 0;
	for (int i = 0; i < runs && t; i++) {
		DiagSink diags = { 0 };
		double t0 = bench_now();
		IrModule *m = fe_module_load(bytes, size, &diags);
		t[i] = bench_now() - t0;
		if (!m) {
			fprintf(stderr, "frontend-throughput: %s does not validate: %s\n", path,
			        diag_text(diags.items[0].code));
			status = 1;
			break;
		}
		ir_module_free(m);
	}
	if (!status && t) {
		double med = bench_median(t, runs);
		printf("%s: %.2f MB in %.2f ms (median of %d): %.0f MB/s\n", path, size / 1e6,
		       med * 1e3, runs, size / 1e6 / med);
	}
	free(t);
	free(bytes);
	return status;
}

int main(int argc, char **argv)
{
	int runs = 11, status = 0, i = 1;
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		runs = atoi(argv[2]);
		i = 3;
	}
	if (i >= argc || runs < 1) {
		fprintf(stderr, "usage: frontend-throughput [-n RUNS] FILE.wasm...\n");
		return 2;
	}
	for (; i < argc; i++)
		status |= measure(argv[i], runs);
	return status;
}
