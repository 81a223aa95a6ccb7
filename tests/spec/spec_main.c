/* tests/spec/spec_main.c: nacre-spec, the spec testsuite runner.
 *   nacre-spec [options] FILE.json...
 * Runs each wast2json file: every module is validated, compiled to a
 * shared object, loaded and instantiated, and every assertion checked
 * (with --validate-only, only the frontend's part).  Prints one line per
 * file with its failures below it, then the totals.  Exits 0 only when
 * nothing failed and the xfail lists matched exactly; 2 on a usage error.
 */
#include "spec.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct Options {
	SpecOptions run;
	const char *xfail[8]; /* expected-failure lists */
	int nxfail;
	char **files;         /* the JSON files, in order */
	int nfiles;
} Options;

static void usage(FILE *out)
{
	fputs("usage: nacre-spec [options] FILE.json...\n"
	      "  Runs wast2json output: compiles each module with nacre, loads and\n"
	      "  instantiates it, and checks every assertion.\n"
	      "  --bounds=guard|explicit  how compiled code checks memory accesses (default guard)\n"
	      "  -O0 .. -O3               optimisation level for the modules (default -O2)\n"
	      "  --partition-bytes N      compile in parallel partitions of N bytes of code\n"
	      "  --validate-only          check the modules against the frontend only\n"
	      "  --work DIR               keep the shared objects in DIR/<file>/ (default: a\n"
	      "                           temporary directory, removed at the end)\n"
	      "  --xfail FILE             expected failures: 'file.wast:LINE reason' or\n"
	      "                           'file.wast * reason' a line, 'bounds=guard' or\n"
	      "                           'bounds=explicit' before the reason for one strategy\n"
	      "                           only (may be repeated)\n"
	      "  --timeout SECS           a command taking longer counts as hung (default 10)\n"
	      "  -j N, --jobs N           files run at the same time (default: the CPUs)\n"
	      "  --verbose                also show each rejection's diagnostic and each expected failure\n",
	      out);
}

/* The argument of an option given as "--opt VALUE" or "--opt=VALUE", or NULL. */
static const char *value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == 0 && *i + 1 < argc)
		return argv[++*i];
	if (name[1] != '-' && argv[*i][n]) /* -j4 */
		return argv[*i] + n;
	return NULL;
}

static bool number(const char *s, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

/* One option at argv[*i]; false when it is unknown or its value is bad. */
static bool option(int argc, char **argv, int *i, Options *o)
{
	const char *a = argv[*i], *v;
	unsigned n;
	if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
		o->run.verbose = true;
	else if (strcmp(a, "--validate-only") == 0)
		o->run.validate_only = true;
	else if (strcmp(a, "--bounds=guard") == 0)
		o->run.bounds = NACRE_BOUNDS_GUARD;
	else if (strcmp(a, "--bounds=explicit") == 0)
		o->run.bounds = NACRE_BOUNDS_EXPLICIT;
	else if (a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3])
		o->run.opt = a[2] - '0';
	else if ((v = value(argc, argv, i, "--xfail")) && o->nxfail < 8)
		o->xfail[o->nxfail++] = v;
	else if ((v = value(argc, argv, i, "--work")))
		o->run.work = v, o->run.keep = true;
	else if ((v = value(argc, argv, i, "--partition-bytes")) && number(v, 1, 1u << 30, &n))
		o->run.partition_bytes = n;
	else if ((v = value(argc, argv, i, "--timeout")) && number(v, 1, 86400, &n))
		o->run.timeout = n;
	else if (((v = value(argc, argv, i, "--jobs")) || (v = value(argc, argv, i, "-j"))) &&
	         number(v, 1, 64, &n))
		o->run.jobs = n;
	else
		return false;
	return true;
}

/* Fills o from argv (options may come anywhere before "--"); returns 0 to
 * run, 1 when --help was answered, 2 on a usage error. */
static int parse_args(int argc, char **argv, Options *o)
{
	bool options = true;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	*o = (Options){ .files = argv + 1 };
	o->run = (SpecOptions){ .bounds = NACRE_BOUNDS_GUARD, .opt = 2, .timeout = 10,
		                .jobs = cpus > 0 && cpus <= 64 ? (unsigned)cpus : 1 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options || a[0] != '-' || a[1] == 0) {
			o->files[o->nfiles++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			options = false;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 1;
		} else if (!option(argc, argv, &i, o)) {
			fprintf(stderr, "nacre-spec: unknown option, bad value or missing argument: %s\n", a);
			return 2;
		}
	}
	if (o->nfiles == 0) {
		usage(stderr);
		return 2;
	}
	return 0;
}

/* The work directory: --work (made if missing) or a fresh temporary one. */
static bool make_work_dir(SpecOptions *o, char *tmp, size_t len)
{
	if (o->validate_only)
		return true;
	if (o->work) {
		if (mkdir(o->work, 0777) == 0 || errno == EEXIST)
			return true;
		fprintf(stderr, "nacre-spec: cannot make %s: %s\n", o->work, strerror(errno));
		return false;
	}
	const char *dir = getenv("TMPDIR");
	snprintf(tmp, len, "%s/nacre-spec-XXXXXX", dir && *dir ? dir : "/tmp");
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "nacre-spec: cannot make a temporary directory: %s\n", strerror(errno));
		return false;
	}
	o->work = tmp;
	return true;
}

static void print_summary(const SpecOptions *o, const SpecCounts *t)
{
	printf("\nexpected failures: %u\n", t->xfailed);
	printf("text not applicable: %u (text-format assert_malformed)\n", t->text);
	if (o->validate_only)
		printf("not run: %u (commands for the execution runner)\n", t->not_run);
	printf("wrong kind: %u (rejected as INVALID when MALFORMED was expected, or the reverse)\n",
	       t->wrong_kind);
	if (t->crashes)
		printf("crashes: %u (a child died in a command; see CRASH and 'crashed' lines)\n",
		       t->crashes);
	if (t->modules)
		printf("compiled: %u modules in %.1f s (%.1f ms each, bounds=%s, -O%d)\n", t->modules,
		       (double)t->compile_us / 1e6, (double)t->compile_us / 1e3 / t->modules,
		       o->bounds == NACRE_BOUNDS_GUARD ? "guard" : "explicit", o->opt);
	if (!o->validate_only && t->slowest_us)
		printf("slowest command: %s:%u, %.1f ms (crashes and timeouts aside)\n", t->slowest_file,
		       t->slowest_line, (double)t->slowest_us / 1e3);
	if (t->unexpected)
		printf("UNEXPECTED PASSES: %u (remove them from the xfail list)\n", t->unexpected);
	if (t->stale)
		printf("STALE XFAIL ENTRIES: %u (they match no checked command)\n", t->stale);
	printf("%u passed, %u failed\n", t->passed, t->failed);
}

int main(int argc, char **argv)
{
	Options o;
	int status = parse_args(argc, argv, &o);
	if (status)
		return status == 1 ? 0 : 2;
	XfailList xfail = {0};
	for (int i = 0; i < o.nxfail; i++)
		if (!spec_xfail_load(o.xfail[i], o.run.validate_only ? XFAIL_ANY_BOUNDS : (int)o.run.bounds,
		                     &xfail, stderr)) {
			spec_xfail_free(&xfail);
			return 2;
		}
	char tmp[4096];
	if (!make_work_dir(&o.run, tmp, sizeof tmp))
		return 2;
	SpecCounts total = {0};
	int sig = spec_run_files(&o.run, o.files, o.nfiles, &xfail, &total);
	if (!sig)
		print_summary(&o.run, &total);
	spec_xfail_free(&xfail);
	if (!o.run.validate_only && !o.run.keep)
		spec_remove_tree(o.run.work);
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
		return 2;
	}
	return total.failed == 0 && total.unexpected == 0 && total.stale == 0 ? 0 : 1;
}
