/* driver/run.c: `nacre run FILE [build flags] [-- ARGS...]`: builds the
 * executable `nacre build` would, into a cache keyed by everything that
 * decides its bytes, then becomes it (execv), so that its exit status,
 * signals and stdio are the program's own.  A second run with the same
 * input, flags, compiler and runtime skips compilation (cache.c). */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PATH_SIZE = 4096 };

/* -v or NACRE_RUN_VERBOSE=1: say whether the cache had it. */
static bool verbose(const BuildFlags *f)
{
	const char *v = getenv("NACRE_RUN_VERBOSE");
	return f->verbose || (v && v[0] && strcmp(v, "0") != 0);
}

/* Compiles to a private name, then renames: a concurrent run sees either
 * no file or a whole one, and the last rename wins with equal bytes. */
static int compile_into(const BuildFlags *f, const Input *in, const char *path)
{
	char tmp[PATH_SIZE + 32];
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	int status = drv_build_compile(f, in, tmp);
	if (status == EXIT_OK && rename(tmp, path) != 0) {
		fprintf(stderr, "nacre run: error: cannot write %s: %s\n", path, strerror(errno));
		status = EXIT_USAGE;
	}
	if (status != EXIT_OK)
		unlink(tmp);
	return status;
}

/* The cached executable for f's input, compiled if it is not there. */
static int cached(const BuildFlags *f, char *path, size_t size)
{
	Input in;
	if (!drv_input_read(f->in_path, &in))
		return EXIT_USAGE;
	in.features = f->wasm_features;
	char dir[PATH_SIZE], key[IR_SHA256_HEX];
	int status = EXIT_USAGE;
	if (!drv_cache_key(f, &f->o, &in, key)) {
		fprintf(stderr, "nacre run: error: out of memory\n");
		status = EXIT_INTERNAL;
	} else if (drv_cache_dir(dir, sizeof dir) && drv_cache_make_dir(dir)) {
		snprintf(path, size, "%s/%s", dir, key);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0) {
			status = EXIT_OK;
			drv_cache_touch(path);
			if (verbose(f))
				fprintf(stderr, "nacre run: cached %s\n", path);
		} else {
			status = compile_into(f, &in, path);
			if (status == EXIT_OK && verbose(f))
				fprintf(stderr, "nacre run: compiled %s\n", path);
			drv_cache_trim(dir, key);
		}
	}
	drv_input_free(&in);
	return status;
}

int drv_cmd_run(int argc, char **argv)
{
	BuildFlags f;
	int status = drv_flags_parse(&f, argc, argv, true);
	if (status)
		return status;
	char path[PATH_SIZE + 72];
	status = cached(&f, path, sizeof path);
	char **args = status == EXIT_OK ? calloc((size_t)f.nargs + 2, sizeof *args) : NULL;
	if (status == EXIT_OK && !args) {
		fprintf(stderr, "nacre run: error: out of memory\n");
		status = EXIT_INTERNAL;
	}
	if (status == EXIT_OK) {
		args[0] = (char *)f.in_path; /* the program sees the module's name as given */
		for (int i = 0; i < f.nargs; i++)
			args[i + 1] = f.args[i];
		fflush(NULL);
		execv(path, args);
		fprintf(stderr, "nacre run: error: cannot run %s: %s\n", path, strerror(errno));
		status = EXIT_USAGE;
	}
	free(args);
	drv_flags_free(&f);
	return status;
}
