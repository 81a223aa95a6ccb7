/* driver/verbose.c: what `nacre build -v` says on stderr (the phases'
 * times, the threads that ran them) and the progress line a long compile
 * shows on a terminal.  Both go to stderr only, so the output's bytes
 * never depend on them. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A compile shorter than this shows no progress line. */
#define PROGRESS_AFTER 1.0

double drv_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void phase(const char *name, double secs)
{
	fprintf(stderr, "nacre build: %-9s %8.1f ms\n", name, secs * 1e3);
}

void drv_verbose_times(const BeTimes *t, const double front[2], double total)
{
	phase("decode", front[0]);
	phase("validate", front[1]);
	for (unsigned k = 0; k < t->nparts; k++) {
		const BePartTimes *p = &t->parts[k];
		char funcs[48] = "no functions";
		if (p->end > p->first)
			snprintf(funcs, sizeof funcs, "functions %u-%u", (unsigned)p->first, (unsigned)p->end - 1);
		if (p->damaged[0]) /* dropped by part_cache.c's fetch, then kept anew */
			fprintf(stderr, "nacre build: partition %u (%s): cache entry %s/%s was damaged; recompiled\n", k,
			        funcs, DRV_PARTS_DIR, p->damaged);
		if (p->cached)
			fprintf(stderr, "nacre build: partition %u (%s): from the cache\n", k, funcs);
		else
			fprintf(stderr, "nacre build: partition %u (%s): lower %.1f ms, optimise %.1f ms, codegen %.1f ms\n",
			        k, funcs, p->lower * 1e3, p->optimise * 1e3, p->codegen * 1e3);
	}
	phase("audit", t->audit);
	phase("link", t->link);
	fprintf(stderr, "nacre build: %u partition%s on %u thread%s (%u CPU%s available), %.1f ms in all\n",
	        t->nparts, t->nparts == 1 ? "" : "s", t->threads, t->threads == 1 ? "" : "s", t->cpus,
	        t->cpus == 1 ? "" : "s", total * 1e3);
}

/* A terminal a person watches: not a CI log, not a dumb terminal. */
static bool watched(void)
{
	const char *ci = getenv("CI"), *term = getenv("TERM");
	return isatty(STDERR_FILENO) && !(ci && ci[0]) && !(term && strcmp(term, "dumb") == 0);
}

static void progress(void *ctx, unsigned done, unsigned total)
{
	DrvProgress *p = ctx;
	if (drv_now() - p->start < PROGRESS_AFTER)
		return;
	fprintf(stderr, "\rnacre build: compiling %s: %u/%u partitions", p->what, done, total);
	p->shown = true;
}

void drv_progress_start(DrvProgress *p, BeTimes *t, const char *what)
{
	*p = (DrvProgress){ .start = drv_now(), .what = what };
	if (watched()) {
		t->progress = progress;
		t->ctx = p;
	}
}

void drv_progress_end(const DrvProgress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr); /* the line goes: the terminal shows what follows */
}
