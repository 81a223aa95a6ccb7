/* wast/report.c: the parent's account of each file.  Every
 * result a child sends is judged against the xfail list here and counted;
 * the lines to show under the file gather in memory, so that the file's
 * summary line comes first and files print in the order given.
 */
#include "engine.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool spec_tally_init(SpecTally *t, const char *name, XfailList *xfail, bool verbose)
{
	*t = (SpecTally){ .xfail = xfail, .verbose = verbose };
	t->name = strdup(name);
	t->log = open_memstream(&t->log_buf, &t->log_len);
	return t->name && t->log;
}

void spec_tally_rename(SpecTally *t, const char *name)
{
	char *copy = strdup(name);
	if (copy) {
		free(t->name);
		t->name = copy;
	}
}

void spec_tally_note(SpecTally *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(t->log, fmt, ap);
	va_end(ap);
}

/* Counts a checked command, consulting the xfail list: an entry for its
 * line first, then one for the whole file (which takes failures only).
 * A 3.0 script's module_definition shares its line with the commands that
 * instantiate it (module_instance, assert_unlinkable...): when it passes,
 * an entry for the line is theirs, and they say when it is stale. */
static void record(SpecTally *t, unsigned line, unsigned key_line, const char *type, bool ok,
                   const char *why)
{
	if (ok && strcmp(type, "module_definition") == 0) {
		t->counts.passed++;
		return;
	}
	/* the command's own line, else the one wast2json gives it */
	XfailEntry *e = spec_xfail_line(t->xfail, t->name, line);
	if (!e && key_line != line)
		e = spec_xfail_line(t->xfail, t->name, key_line);
	if (e)
		e->used = true;
	if (ok) {
		t->counts.passed++;
		if (e) {
			t->counts.unexpected++;
			fprintf(t->log, "  UNEXPECTED PASS %s:%u: %s: remove the xfail entry (%s)\n", t->name,
			        line, type, e->reason);
		}
		return;
	}
	if (!e && (e = spec_xfail_whole(t->xfail, t->name)))
		e->used = true;
	if (e) {
		t->counts.xfailed++;
		if (t->verbose)
			fprintf(t->log, "  XFAIL %s:%u: %s: %s (%s)\n", t->name, line, type, why, e->reason);
	} else {
		t->counts.failed++;
		fprintf(t->log, "  FAIL %s:%u: %s: %s\n", t->name, line, type, why);
	}
}

void spec_tally_result(SpecTally *t, unsigned line, unsigned key_line, const char *type, SpecOutcome o,
                       bool wrong_kind, uint64_t us, const char *why)
{
	t->counts.wrong_kind += wrong_kind;
	if (us > t->counts.slowest_us) {
		t->counts.slowest_us = us;
		t->counts.slowest_line = line;
	}
	switch (o) {
	case SPEC_TEXT:
		t->counts.text++;
		return;
	case SPEC_NOT_RUN:
		t->counts.not_run++;
		return;
	case SPEC_PASS:
	case SPEC_FAIL:
		record(t, line, key_line, type, o == SPEC_PASS, why);
		return;
	}
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
	total->crashes += c->crashes;
	total->modules += c->modules;
	total->reused += c->reused;
	total->compile_us += c->compile_us;
	if (c->slowest_us > total->slowest_us) {
		total->slowest_us = c->slowest_us;
		total->slowest_line = c->slowest_line;
		memcpy(total->slowest_file, c->slowest_file, sizeof total->slowest_file);
	}
}

static void print_file_line(FILE *out, const char *name, const SpecCounts *c)
{
	fprintf(out, "%s: %u passed, %u failed", name, c->passed, c->failed);
	if (c->xfailed)
		fprintf(out, ", %u expected failures", c->xfailed);
	if (c->unexpected)
		fprintf(out, ", %u unexpected passes", c->unexpected);
	if (c->stale)
		fprintf(out, ", %u stale xfail entries", c->stale);
	if (c->text)
		fprintf(out, ", %u text not applicable", c->text);
	if (c->not_run)
		fprintf(out, ", %u not run", c->not_run);
	if (c->crashes)
		fprintf(out, ", %u crashes", c->crashes);
	fputc('\n', out);
}

void spec_tally_finish(SpecTally *t, FILE *out, SpecCounts *total)
{
	t->counts.stale = spec_xfail_report_unused(t->xfail, t->name, t->log);
	snprintf(t->counts.slowest_file, sizeof t->counts.slowest_file, "%s", t->name);
	fclose(t->log);
	print_file_line(out, t->name, &t->counts);
	if (t->log_buf)
		fwrite(t->log_buf, 1, t->log_len, out);
	fflush(out);
	add_counts(total, &t->counts);
	free(t->log_buf);
	free(t->name);
	*t = (SpecTally){0};
}
