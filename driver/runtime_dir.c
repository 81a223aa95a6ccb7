/* driver/runtime_dir.c: where the runtime archives (<dir>/<target>/
 * libnacre_*.a) are: --runtime-dir=DIR, else $NACRE_RUNTIME_DIR, else
 * found from nacre's own location, never a path compiled in, so that an
 * installed tree works wherever it is copied. */
#include "driver.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

/* Relative to the folder nacre is in: an install (<prefix>/bin/nacre
 * beside <prefix>/lib/nacre), then the build tree (build/nacre beside
 * build/lib/nacre); the first that exists wins. */
static const char *const beside_exe[] = { "../lib/nacre", "lib/nacre" };

/* nacre's own folder: /proc/self/exe, else the path the kernel ran
 * (AT_EXECFN), resolved; false when neither tells. */
static bool exe_dir(char dir[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", dir, PATH_MAX - 1);
	if (n > 0) {
		dir[n] = 0;
	} else {
		const char *fn = (const char *)getauxval(AT_EXECFN);
		if (!fn || !realpath(fn, dir))
			return false;
	}
	char *slash = strrchr(dir, '/');
	if (!slash)
		return false;
	*slash = 0;
	return true;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The first folder of beside_exe that exists, resolved; if none does,
 * the install's, which the error then names. */
static void from_exe(char out[BE_PATH_MAX])
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	if (!exe_dir(dir)) {
		snprintf(out, BE_PATH_MAX, "%s", "(nacre's own location is unknown)");
		return;
	}
	for (size_t i = 0; i < sizeof beside_exe / sizeof *beside_exe; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, beside_exe[i]);
		if (is_dir(path) && realpath(path, dir)) {
			snprintf(out, BE_PATH_MAX, "%s", dir);
			return;
		}
	}
	snprintf(out, BE_PATH_MAX, "%s/%s", dir, beside_exe[0]);
}

void drv_runtime_dir(const char *flag, char out[BE_PATH_MAX])
{
	const char *env = getenv("NACRE_RUNTIME_DIR");
	if (flag)
		snprintf(out, BE_PATH_MAX, "%s", flag);
	else if (env && *env)
		snprintf(out, BE_PATH_MAX, "%s", env);
	else
		from_exe(out);
}
