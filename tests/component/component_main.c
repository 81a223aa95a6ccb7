/* tests/component/component_main.c: nacre-component-validate.
 *   nacre-component-validate [--xfail FILE] [--verbose] ROOT FOLDER...
 * Runs every JSON script under ROOT/FOLDER (recursively) and prints one
 * summary line per folder.  xfail entries are `FOLDER/PATH.wast:LINE
 * reason`, PATH as the JSON's source_filename says.  Exits 1 when a case
 * is wrong and not listed, a listed case passes, or an entry matches
 * nothing; 2 on a usage or I/O error. */
#define _XOPEN_SOURCE 700
#include "component.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>

typedef struct Run {
	XfailList xfail;
	bool verbose;
	CompCounts counts;
	const char *folder;
	bool io_error;
	char **files;          /* the unused-entry check needs every key once */
	size_t nfiles, cap;
} Run;

static Run run; /* nftw's callback takes no context */

static void note_file(const char *key)
{
	if (run.nfiles == run.cap) {
		size_t cap = run.cap ? run.cap * 2 : 64;
		char **grown = realloc(run.files, cap * sizeof *grown);
		if (!grown)
			return;
		run.files = grown;
		run.cap = cap;
	}
	run.files[run.nfiles++] = strdup(key);
}

static void judge(const char *key, const WastCommand *cmd)
{
	char why[SPEC_WHY_MAX] = "";
	unsigned line = cmd->line;
	if (comp_is_text(cmd)) {
		run.counts.text++;
		return;
	}
	bool ok = comp_judge(cmd, why, sizeof why);
	XfailEntry *x = spec_xfail_line(&run.xfail, key, line);
	if (x)
		x->used = true;
	if (ok && x) {
		run.counts.unexpected++;
		printf("  %s:%u: passes but is listed as an expected failure (%s)\n", key, line, x->reason);
	} else if (ok) {
		run.counts.passed++;
		if (run.verbose && why[0])
			printf("  %s:%u: %s: %s (expected \"%s\")\n", key, line, cmd->type, why,
			       cmd->text ? cmd->text : "");
	} else if (x) {
		run.counts.xfailed++;
		if (run.verbose)
			printf("  %s:%u: expected failure: %s\n", key, line, why);
	} else {
		run.counts.failed++;
		printf("  %s:%u: %s: %s\n", key, line, cmd->type, why);
	}
}

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	size_t n = strlen(path);
	if (flag != FTW_F || n < 5 || strcmp(path + n - 5, ".json") != 0)
		return 0;
	WastScript f;
	char err[256];
	if (!spec_json_read(path, NULL, &f, err, sizeof err)) {
		printf("  %s: %s\n", path, err);
		run.io_error = true;
		return 0;
	}
	char key[1024];
	snprintf(key, sizeof key, "%s/%s", run.folder, f.source ? f.source : f.name);
	note_file(key);
	for (size_t i = 0; i < f.n; i++)
		judge(key, &f.cmds[i]);
	wast_script_free(&f);
	return 0;
}

static void summary(const char *folder, const CompCounts *c)
{
	unsigned total = c->passed + c->failed + c->xfailed + c->unexpected;
	printf("%-16s %4u/%-4u passed, %u failed, %u expected failures, %u listed but passing, "
	       "%u text cases skipped by design\n",
	       folder, c->passed + c->unexpected, total, c->failed, c->xfailed, c->unexpected, c->text);
}

static int usage(void)
{
	fprintf(stderr, "usage: nacre-component-validate [--xfail FILE] [--verbose] ROOT FOLDER...\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *xfail = NULL, *root = NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--xfail") == 0 && i + 1 < argc)
			xfail = argv[++i];
		else if (strcmp(argv[i], "--verbose") == 0)
			run.verbose = true;
		else
			return usage();
	}
	if (i + 1 >= argc)
		return usage();
	root = argv[i++];
	if (xfail && !spec_xfail_load(xfail, XFAIL_ANY_BOUNDS, &run.xfail, stderr))
		return 2;
	bool bad = false;
	for (; i < argc; i++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/%s", root, argv[i]);
		run.folder = argv[i];
		run.counts = (CompCounts){ 0 };
		if (nftw(dir, visit, 16, FTW_PHYS) != 0) {
			fprintf(stderr, "nacre-component-validate: cannot walk %s\n", dir);
			return 2;
		}
		summary(argv[i], &run.counts);
		bad |= run.counts.failed || run.counts.unexpected;
	}
	unsigned stale = 0;
	for (size_t k = 0; k < run.xfail.n; k++)
		if (!run.xfail.items[k].used) {
			printf("  %s:%u: xfail entry matches no case: remove it\n", run.xfail.items[k].file,
			       run.xfail.items[k].line);
			stale++;
		}
	for (size_t k = 0; k < run.nfiles; k++)
		free(run.files[k]);
	free(run.files);
	spec_xfail_free(&run.xfail);
	if (run.io_error)
		return 2;
	return bad || stale ? 1 : 0;
}
