/* tests/spec/spec_main.c: nacre-spec, the spec testsuite runner.
 *   nacre-spec [--xfail FILE] [--verbose] FILE.json...
 * Checks each wast2json file (spec_validate.c), prints one line per file
 * with its failures below it, then the totals.  Exits 0 only when nothing
 * failed and the xfail list matched exactly; 2 on a usage error.
 */
#include "spec.h"

#include <stdlib.h>
#include <string.h>

typedef struct Options {
	const char *xfail; /* expected-failure list, or NULL */
	bool verbose;      /* show every rejection and expected failure */
	char **files;      /* the JSON files, in order */
	int nfiles;
} Options;

static void usage(FILE *out)
{
	fputs("usage: nacre-spec [--xfail FILE] [--verbose] FILE.json...\n"
	      "  Checks the modules of wast2json output against nacre's frontend.\n"
	      "  --xfail FILE  expected failures, one 'file.wast:LINE reason' a line\n"
	      "  --verbose     also show each rejection's diagnostic and each expected failure\n",
	      out);
}

/* Fills o from argv (options may come anywhere before "--"); returns 0 to
 * run, 1 when --help was answered, 2 on a usage error. */
static int parse_args(int argc, char **argv, Options *o)
{
	bool options = true;
	*o = (Options){ .files = argv + 1 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options || a[0] != '-' || a[1] == 0)
			o->files[o->nfiles++] = argv[i];
		else if (strcmp(a, "--") == 0)
			options = false;
		else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
			o->verbose = true;
		else if (strcmp(a, "--xfail") == 0 && i + 1 < argc)
			o->xfail = argv[++i];
		else if (strncmp(a, "--xfail=", 8) == 0)
			o->xfail = a + 8;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 1;
		} else {
			fprintf(stderr, "nacre-spec: unknown option or missing argument: %s\n", a);
			return 2;
		}
	}
	if (o->nfiles == 0) {
		usage(stderr);
		return 2;
	}
	return 0;
}

static void add_counts(SpecCounts *total, const SpecCounts *c)
{
	total->passed += c->passed;
	total->failed += c->failed;
	total->xfailed += c->xfailed;
	total->unexpected += c->unexpected;
	total->stale += c->stale;
	total->text += c->text;
	total->not_run += c->not_run;
	total->wrong_kind += c->wrong_kind;
}

static void print_file_line(const char *name, const SpecCounts *c)
{
	printf("%s: %u passed, %u failed", name, c->passed, c->failed);
	if (c->xfailed)
		printf(", %u expected failures", c->xfailed);
	if (c->unexpected)
		printf(", %u unexpected passes", c->unexpected);
	if (c->stale)
		printf(", %u stale xfail entries", c->stale);
	if (c->text)
		printf(", %u text not applicable", c->text);
	if (c->not_run)
		printf(", %u not run yet", c->not_run);
	putchar('\n');
}

/* Checks one JSON file and prints its line, then its failures (gathered in
 * memory so that they come below the line). */
static void run_file(const char *path, const Options *o, XfailList *xfail, SpecCounts *total)
{
	char err[512];
	SpecFile f;
	if (!spec_file_open(path, &f, err, sizeof err)) {
		printf("%s: error: %s\n", path, err);
		total->failed++;
		return;
	}
	SpecCounts c = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *log = open_memstream(&buf, &len);
	spec_validate_file(&f, xfail, o->verbose, &c, log ? log : stdout);
	c.stale = spec_xfail_report_unused(xfail, f.name, log ? log : stdout);
	if (log)
		fclose(log);
	print_file_line(f.name, &c);
	if (buf)
		fwrite(buf, 1, len, stdout);
	fflush(stdout);
	free(buf);
	spec_file_close(&f);
	add_counts(total, &c);
}

static void print_summary(const SpecCounts *t)
{
	printf("\nexpected failures: %u\n", t->xfailed);
	printf("text not applicable: %u (text-format assert_malformed)\n", t->text);
	printf("not run yet: %u (commands for the execution runner)\n", t->not_run);
	printf("wrong kind: %u (rejected as INVALID when MALFORMED was expected, or the reverse)\n",
	       t->wrong_kind);
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
	if (o.xfail && !spec_xfail_load(o.xfail, &xfail, stderr))
		return 2;
	SpecCounts total = {0};
	for (int i = 0; i < o.nfiles; i++)
		run_file(o.files[i], &o, &xfail, &total);
	print_summary(&total);
	spec_xfail_free(&xfail);
	return total.failed == 0 && total.unexpected == 0 && total.stale == 0 ? 0 : 1;
}
