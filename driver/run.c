/* driver/run.c: `nacre run FILE [build flags] [-- ARGS...]`: builds the
 * executable `nacre build` would, into a cache keyed by everything that
 * decides its bytes, then becomes it (execv), so that its exit status,
 * signals and stdio are the program's own.  A second run with the same
 * input, flags, compiler and runtime skips compilation. */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PATH_SIZE = 4096 };

/* $NACRE_CACHE_DIR, else $XDG_CACHE_HOME/nacre, else $HOME/.cache/nacre. */
static bool cache_dir(char *buf, size_t size)
{
	const char *own = getenv("NACRE_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;
	if (own && own[0])
		n = snprintf(buf, size, "%s", own);
	else if (xdg && xdg[0] == '/') /* the XDG spec ignores relative paths */
		n = snprintf(buf, size, "%s/nacre", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.cache/nacre", home);
	else {
		fprintf(stderr, "nacre run: error: no cache directory: set NACRE_CACHE_DIR or HOME\n");
		return false;
	}
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "nacre run: error: cache directory path too long\n");
		return false;
	}
	return true;
}

/* mkdir -p, private to the user: the cache holds runnable code. */
static bool make_dirs(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;
		*p = 0;
		int rc = mkdir(path, 0700);
		int err = errno;
		*p = c;
		if (rc != 0 && err != EEXIST) {
			*p = 0;
			fprintf(stderr, "nacre run: error: cannot create %s: %s\n", path, strerror(err));
			return false;
		}
		if (!c)
			return true;
	}
}

/* A file's identity as far as the cache cares: where, how big, when. */
static void hash_file(Sha256 *s, const char *path)
{
	struct stat st;
	char id[PATH_SIZE + 96];
	if (stat(path, &st) != 0)
		snprintf(id, sizeof id, "%s missing", path);
	else
		snprintf(id, sizeof id, "%s %lld %lld.%09ld", path, (long long)st.st_size,
		         (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	drv_sha256_update(s, id, strlen(id) + 1);
}

/* The key: the note (version, target, input hash, options, grants), the
 * runtime archives it links, and this compiler binary itself, so that a
 * rebuilt nacre of the same version does not reuse stale code. */
static bool cache_key(const BuildFlags *f, const Input *in, char hex[DRV_SHA256_HEX])
{
	size_t size;
	uint8_t *note = drv_flags_note(f, &f->o, in, &size);
	if (!note)
		return false;
	Sha256 s;
	drv_sha256_init(&s);
	drv_sha256_update(&s, "nacre run cache 1", 18);
	drv_sha256_update(&s, note, size);
	char wasi[BE_PATH_MAX], rt[BE_PATH_MAX];
	be_link_archives(&f->o, wasi, rt);
	hash_file(&s, wasi);
	hash_file(&s, rt);
	hash_file(&s, "/proc/self/exe");
	uint8_t d[DRV_SHA256_SIZE];
	drv_sha256_final(&s, d);
	drv_hex(d, sizeof d, hex);
	free(note);
	return true;
}

static bool verbose(void)
{
	const char *v = getenv("NACRE_RUN_VERBOSE");
	return v && v[0] && strcmp(v, "0") != 0;
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
	char dir[PATH_SIZE], key[DRV_SHA256_HEX];
	int status = EXIT_USAGE;
	if (!cache_key(f, &in, key)) {
		fprintf(stderr, "nacre run: error: out of memory\n");
		status = EXIT_INTERNAL;
	} else if (cache_dir(dir, sizeof dir) && make_dirs(dir)) {
		snprintf(path, size, "%s/%s", dir, key);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0) {
			status = EXIT_OK;
			if (verbose())
				fprintf(stderr, "nacre run: cached %s\n", path);
		} else {
			status = compile_into(f, &in, path);
			if (status == EXIT_OK && verbose())
				fprintf(stderr, "nacre run: compiled %s\n", path);
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
