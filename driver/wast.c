/* driver/wast.c: `nacre wast [OPTIONS] FILE.wast...`: runs spec scripts
 * with the engine of wast/: each module is validated, compiled to a
 * shared object for the target, and loaded and run by nacre-wast-target
 * (beside the target's runtime archives, under qemu-user for another
 * architecture); every assertion is checked.  Prints each failure as
 * FILE:LINE with what was expected and what came, then "N passed, N
 * failed"; exits 0 only when nothing failed. */
#include "driver.h"
#include "wast/engine.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A command may take this long (seconds), five times that under qemu:
 * generous, since a loaded machine must not turn a pass into a hang. */
enum { DEFAULT_TIMEOUT = 60, EMULATED_TIMEOUT_FACTOR = 5, MAX_XFAIL = 8 };

typedef struct WastFlags {
	SpecOptions run;
	const char *xfail[MAX_XFAIL];
	int nxfail;
	char **files;
	int nfiles;
	const char *runtime_flag;
	char executor[BE_PATH_MAX + 64];
	char emulator[DRV_PATH_MAX];
	char sysroot[DRV_PATH_MAX];
} WastFlags;

static int usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "nacre wast: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see nacre help wast)\n");
	return EXIT_USAGE;
}

static const struct {
	const char *name;
	uint32_t bounds;
	bool mask;
} strategies[] = {
	{ "guard", NACRE_BOUNDS_GUARD, false },
	{ "explicit", NACRE_BOUNDS_EXPLICIT, false },
	{ "masked", NACRE_BOUNDS_EXPLICIT, true },
};

static int bounds(SpecOptions *o, const char *v)
{
	for (size_t i = 0; i < sizeof strategies / sizeof *strategies; i++)
		if (strcmp(v, strategies[i].name) == 0) {
			o->bounds = strategies[i].bounds;
			o->bounds_mask = strategies[i].mask;
			return 0;
		}
	return usage("unknown --bounds strategy '%s' (guard, explicit, masked)", v);
}

/* A numeric option's value, or the usage error. */
static int count(const char *v, const char *what, unsigned min, unsigned max, unsigned *out)
{
	return wast_option_number(v, min, max, out) ? 0 : usage("bad value for %s", what);
}

/* One option at argv[*i]; 0, or the exit status after saying why. */
static int option(WastFlags *f, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *v;
	SpecOptions *o = &f->run;
	if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
		return o->verbose = true, 0;
	if (a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3])
		return o->opt = a[2] - '0', 0;
	if (strcmp(a, "--validate-only") == 0) /* the frontend alone: nothing runs */
		return o->validate_only = true, 0;
	if (strcmp(a, "--spectre") == 0)
		return o->spectre = true, 0;
	if (strcmp(a, "--interruptible") == 0)
		return o->interruptible = true, 0;
	if (strcmp(a, "--metered") == 0) /* the executor's store has fuel to spare */
		return o->metered = true, 0;
	if ((v = wast_option_value(argc, argv, i, "--bounds")))
		return bounds(o, v);
	if ((v = wast_option_value(argc, argv, i, "--features")))
		return drv_features_flag("nacre wast", v, &o->features);
	if ((v = wast_option_value(argc, argv, i, "--target")))
		return o->target = v, 0;
	if ((v = wast_option_value(argc, argv, i, "--runtime-dir")))
		return f->runtime_flag = v, 0;
	if ((v = wast_option_value(argc, argv, i, "--root")))
		return o->suite = v, 0;
	if ((v = wast_option_value(argc, argv, i, "--work")))
		return o->work = v, o->keep = true, 0;
	if ((v = wast_option_value(argc, argv, i, "--xfail")))
		return f->nxfail < MAX_XFAIL ? (f->xfail[f->nxfail++] = v, 0) : usage("%s", "too many --xfail lists");
	if ((v = wast_option_value(argc, argv, i, "--timeout")))
		return count(v, "--timeout", 1, 86400, &o->timeout);
	if ((v = wast_option_value(argc, argv, i, "--partition-bytes")))
		return count(v, "--partition-bytes", 1, 1u << 30, &o->partition_bytes);
	if (strncmp(a, "-j", 2) == 0 && a[2] >= '0' && a[2] <= '9')
		return count(a + 2, "-j", 1, 64, &o->jobs);
	if ((v = wast_option_value(argc, argv, i, "--jobs")) || (v = wast_option_value(argc, argv, i, "-j")))
		return count(v, "--jobs", 1, 64, &o->jobs);
	return usage("unknown option '%s'", a);
}

static int parse(WastFlags *f, int argc, char **argv)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	*f = (WastFlags){ .files = argv + 1 };
	f->run = (SpecOptions){ .bounds = NACRE_BOUNDS_GUARD, .opt = 2, .timeout = DEFAULT_TIMEOUT,
		                .jobs = cpus > 0 && cpus <= 64 ? (unsigned)cpus : 1, .read = wast_read_file,
		                .paths_as_given = true, .features = FE_FEATURES_3_0 };
	bool options = true;
	for (int i = 1; i < argc; i++) {
		int rc;
		if (!options || argv[i][0] != '-' || argv[i][1] == 0)
			f->files[f->nfiles++] = argv[i];
		else if (strcmp(argv[i], "--") == 0)
			options = false;
		else if ((rc = option(f, argc, argv, &i)))
			return rc;
	}
	if (f->run.spectre) /* it implies masked bounds, as for nacre build */
		f->run.bounds = NACRE_BOUNDS_EXPLICIT, f->run.bounds_mask = true;
	return f->nfiles ? 0 : usage("%s", "no .wast file given");
}

/* qemu-<arch> on PATH, into out; false when there is none. */
static bool find_on_path(const char *name, char *out, size_t len)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/bin:/bin";
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, ":");
		if (n && (size_t)snprintf(out, len, "%.*s/%s", (int)n, p, name) < len && access(out, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* Where qemu-user finds the target's C library: $QEMU_LD_PREFIX, else
 * Debian's /usr/<arch>-linux-gnu. */
static void find_sysroot(const char *arch, char *out, size_t len)
{
	const char *env = getenv("QEMU_LD_PREFIX");
	if (env && *env)
		snprintf(out, len, "%s", env);
	else
		snprintf(out, len, "/usr/%s-linux-gnu", arch);
}

/* The target, its executor beside its runtime archives and, for another
 * architecture, qemu-user; 0 or the exit status after saying why. */
static int find_executor(WastFlags *f)
{
	SpecOptions *o = &f->run;
	const Target *t = o->target ? be_target_find(o->target) : be_target_host();
	if (!t)
		return usage("unknown target '%s' (x86_64, aarch64, riscv64)",
		             o->target ? o->target : "(this machine's)");
	o->target = t->name;
	char dir[BE_PATH_MAX];
	drv_runtime_dir(f->runtime_flag, dir);
	snprintf(f->executor, sizeof f->executor, "%s/%s/nacre-wast-target", dir, t->name);
	o->executor = f->executor;
	if (access(f->executor, X_OK) != 0) {
		fprintf(stderr, "nacre wast: error: no executor for %s: %s: %s (see --runtime-dir)\n", t->name,
		        f->executor, strerror(errno));
		return EXIT_USAGE;
	}
	if (t->host)
		return 0;
	char qemu[64];
	snprintf(qemu, sizeof qemu, "qemu-%s", t->name);
	if (!find_on_path(qemu, f->emulator, sizeof f->emulator)) {
		fprintf(stderr, "nacre wast: error: no %s on PATH to run %s code (install 'qemu-user')\n", qemu,
		        t->name);
		return EXIT_USAGE;
	}
	find_sysroot(t->name, f->sysroot, sizeof f->sysroot);
	o->emulator = f->emulator;
	o->sysroot = f->sysroot;
	o->timeout *= EMULATED_TIMEOUT_FACTOR;
	return 0;
}

/* --work (made if missing) or a fresh temporary folder, and its cache/. */
static int make_dirs(SpecOptions *o, char *tmp, size_t len, char *cache, size_t clen)
{
	const char *base = getenv("TMPDIR");
	if (o->work && mkdir(o->work, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "nacre wast: error: cannot make %s: %s\n", o->work, strerror(errno));
		return EXIT_USAGE;
	}
	if (!o->work) {
		snprintf(tmp, len, "%s/nacre-wast-XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(tmp)) {
			fprintf(stderr, "nacre wast: error: cannot make a temporary folder: %s\n", strerror(errno));
			return EXIT_USAGE;
		}
		o->work = tmp;
	}
	snprintf(cache, clen, "%s/cache", o->work);
	if (!spec_remove_tree(cache) || mkdir(cache, 0777) != 0) {
		fprintf(stderr, "nacre wast: error: cannot make %s: %s\n", cache, strerror(errno));
		return EXIT_USAGE;
	}
	o->cache = cache;
	return 0;
}

static void summary(const SpecCounts *t, bool xfail)
{
	if (xfail)
		printf("expected failures: %u\n", t->xfailed);
	if (t->crashes)
		printf("crashes: %u (the executor died in a command)\n", t->crashes);
	if (t->unexpected)
		printf("UNEXPECTED PASSES: %u (remove them from the xfail list)\n", t->unexpected);
	if (t->stale)
		printf("STALE XFAIL ENTRIES: %u (they match no checked command)\n", t->stale);
	printf("%u passed, %u failed\n", t->passed, t->failed);
}

static int run(WastFlags *f, XfailList *xfail)
{
	char tmp[DRV_PATH_MAX], cache[DRV_PATH_MAX + 8];
	int rc = make_dirs(&f->run, tmp, sizeof tmp, cache, sizeof cache);
	if (rc)
		return rc;
	SpecCounts total = {0};
	int sig = spec_run_files(&f->run, f->files, f->nfiles, xfail, &total);
	if (!f->run.keep)
		spec_remove_tree(f->run.work);
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
		return EXIT_USAGE;
	}
	summary(&total, f->nxfail > 0);
	return total.failed || total.unexpected || total.stale ? EXIT_INPUT : EXIT_OK;
}

int drv_cmd_wast(int argc, char **argv)
{
	WastFlags f;
	int rc = parse(&f, argc, argv);
	if (!rc)
		rc = find_executor(&f);
	if (rc)
		return rc;
	XfailList xfail = {0};
	int bounds = f.run.validate_only ? XFAIL_ANY_BOUNDS : (int)f.run.bounds; /* as nacre-spec */
	for (int i = 0; i < f.nxfail; i++)
		if (!spec_xfail_load(f.xfail[i], bounds, &xfail, stderr)) {
			spec_xfail_free(&xfail);
			return EXIT_USAGE;
		}
	rc = run(&f, &xfail);
	spec_xfail_free(&xfail);
	return rc;
}
