/* wast/xfail.c: the expected-failure list of the spec runner.
 * Each entry names one command as file.wast:LINE, or a whole file as
 * `file.wast *`, and says why it fails.  The runner counts a listed failure
 * as expected and a listed pass as an error, so the list always says
 * exactly what is broken; in a whole-listed file passes are just passes,
 * but the entry must still catch at least one failure.  An entry may hold
 * for one bounds strategy only (`bounds=guard` after the location).
 */
#include "engine.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* s without its leading and trailing white space (modified in place). */
static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

/* Cuts the first word off *s and returns it. */
static char *word(char **s)
{
	char *w = *s;
	char *rest = w + strcspn(w, " \t");
	if (*rest)
		*rest++ = 0;
	while (isspace((unsigned char)*rest))
		rest++;
	*s = rest;
	return w;
}

/* The location: "file.wast:LINE" or "file.wast *" (two words). */
static const char *parse_location(char *text, char **rest, XfailEntry *e)
{
	if (!strchr(text, ':') && (*rest)[0] == '*' && ((*rest)[1] == 0 || isspace((unsigned char)(*rest)[1]))) {
		word(rest);
		e->file = text;
		e->line = XFAIL_WHOLE_FILE;
		return NULL;
	}
	char *colon = strrchr(text, ':');
	if (!colon || colon == text)
		return "expected file.wast:LINE or file.wast * at the start of the entry";
	*colon = 0;
	char *end;
	errno = 0;
	unsigned long line = strtoul(colon + 1, &end, 10);
	if (!isdigit((unsigned char)colon[1]) || *end || errno || line == 0 || line > UINT_MAX)
		return "bad line number after the colon";
	e->file = text;
	e->line = (unsigned)line;
	return NULL;
}

/* Splits "LOCATION [bounds=guard|explicit] reason text" into e's fields
 * (still pointing into text); returns NULL or what is wrong. */
static const char *parse(char *text, XfailEntry *e)
{
	char *rest = text;
	const char *why = parse_location(word(&rest), &rest, e);
	if (why)
		return why;
	e->bounds = XFAIL_ANY_BOUNDS;
	if (strncmp(rest, "bounds=", 7) == 0) {
		const char *b = word(&rest) + 7;
		if (strcmp(b, "guard") == 0)
			e->bounds = NACRE_BOUNDS_GUARD;
		else if (strcmp(b, "explicit") == 0)
			e->bounds = NACRE_BOUNDS_EXPLICIT;
		else
			return "bounds= takes guard or explicit";
	}
	e->reason = trim(rest);
	return *e->reason ? NULL : "entry has no reason; say why it fails";
}

static XfailEntry *lookup(const XfailList *l, const char *file, unsigned line)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].line == line && strcmp(l->items[i].file, file) == 0)
			return &l->items[i];
	return NULL;
}

/* Appends copies of e's strings; returns NULL or what went wrong. */
static const char *add(XfailList *l, const XfailEntry *e)
{
	if (lookup(l, e->file, e->line))
		return "duplicate entry";
	if (!wast_grow(&l->items, &l->cap, l->n, sizeof *l->items, 64))
		return "out of memory";
	XfailEntry copy = { strdup(e->file), e->line, e->bounds, strdup(e->reason), false };
	if (!copy.file || !copy.reason) {
		free(copy.file);
		free(copy.reason);
		return "out of memory";
	}
	l->items[l->n++] = copy;
	return NULL;
}

/* Reads entries from fp, reporting the first bad line to err; keeps those
 * for the run's bounds strategy (XFAIL_ANY_BOUNDS: the unqualified ones). */
static bool read_entries(FILE *fp, const char *path, int bounds, XfailList *l, FILE *err)
{
	char *buf = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	const char *why = NULL;
	while (!why && getline(&buf, &cap, fp) >= 0) {
		lineno++;
		char *text = trim(buf);
		if (*text == 0 || *text == '#')
			continue;
		XfailEntry e;
		why = parse(text, &e);
		if (!why && (e.bounds == XFAIL_ANY_BOUNDS || e.bounds == bounds))
			why = add(l, &e);
	}
	free(buf);
	if (!why && ferror(fp))
		why = "read error";
	if (why)
		fprintf(err, "%s:%u: error: %s\n", path, lineno, why);
	return !why;
}

bool spec_xfail_load(const char *path, int bounds, XfailList *out, FILE *err)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(err, "%s: error: cannot open: %s\n", path, strerror(errno));
		return false;
	}
	bool ok = read_entries(fp, path, bounds, out, err);
	fclose(fp);
	if (!ok)
		spec_xfail_free(out);
	return ok;
}

void spec_xfail_free(XfailList *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].file);
		free(l->items[i].reason);
	}
	free(l->items);
	*l = (XfailList){0};
}

XfailEntry *spec_xfail_line(XfailList *l, const char *file, unsigned line)
{
	return line == XFAIL_WHOLE_FILE ? NULL : lookup(l, file, line);
}

XfailEntry *spec_xfail_whole(XfailList *l, const char *file)
{
	return lookup(l, file, XFAIL_WHOLE_FILE);
}

unsigned spec_xfail_report_unused(const XfailList *l, const char *file, FILE *out)
{
	unsigned n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const XfailEntry *e = &l->items[i];
		if (e->used || strcmp(e->file, file) != 0)
			continue;
		if (e->line == XFAIL_WHOLE_FILE)
			fprintf(out, "  STALE XFAIL %s *: nothing in the file failed; remove the entry (%s)\n",
			        e->file, e->reason);
		else
			fprintf(out, "  STALE XFAIL line %u: no command is checked there; remove the entry (%s)\n",
			        e->line, e->reason);
		n++;
	}
	return n;
}
