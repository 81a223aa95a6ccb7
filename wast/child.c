/* wast/child.c: the forked child that runs one script.  It
 * judges each command (validate.c, exec.c, which runs the
 * modules in the file's executor) and writes one record a line to the pipe
 * the parent (fork.c) reads:
 *   N name                      the .wast name
 *   S index line:key type       a command starts (written before it runs);
 *                               key: the line xfail entries name it by
 *   R index outcome kind us why its result: P, F, T (text), N (not run),
 *                               whether the error was of the wrong kind,
 *                               the microseconds it took, what went wrong
 *   V text                      a note for --verbose
 *   T modules microseconds reused  modules compiled since the last T, how long
 *                               it took, and modules found compiled already
 *   C index why                 the executor died in command index: it failed,
 *                               and a new child goes on after it
 *   E text                      the file could not be run
 *   D                           the end, reached normally
 * A command that kills the child leaves an S without its R behind.
 */
#include "engine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct SpecChannel {
	int fd;
};

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3); /* the parent is gone */
		p += w;
		n -= (size_t)w;
	}
}

/* Writes one record; the last field is free text, so line breaks in it
 * become spaces. */
static void send(SpecChannel *ch, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void send(SpecChannel *ch, const char *fmt, ...)
{
	char buf[SPEC_WHY_MAX + 128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof buf - 1 ? (size_t)n : sizeof buf - 2;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\n' || buf[i] == '\r')
			buf[i] = ' ';
	buf[len++] = '\n';
	write_all(ch->fd, buf, len);
}

void spec_note(SpecCmd *c, const char *fmt, ...)
{
	if (!c->chan || !c->verbose)
		return;
	char text[SPEC_WHY_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	send(c->chan, "V\t%s", text);
}

/* Commands that change no state need not run again while replaying. */
static bool changes_state(const char *type)
{
	return strcmp(type, "assert_invalid") != 0 && strcmp(type, "assert_malformed") != 0;
}

static const char outcome_codes[] = { [SPEC_PASS] = 'P', [SPEC_FAIL] = 'F', [SPEC_TEXT] = 'T',
	                              [SPEC_NOT_RUN] = 'N' };

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Runs and judges one command; returns how long it took. */
static uint64_t run_command(SpecExec *x, SpecCmd *c, const SpecOptions *o)
{
	uint64_t t0 = now_us();
	alarm(o->timeout);
	if (c->cmd->error)
		spec_fail(c, "%s", c->cmd->error);
	else if (strcmp(c->type, "?") == 0)
		spec_fail(c, "command without a \"type\"");
	else if (x)
		spec_exec_command(x, c);
	else
		spec_validate_command(c);
	alarm(0);
	return now_us() - t0;
}

typedef struct Stats {
	unsigned modules, reused;
	uint64_t us;
} Stats;

/* The modules compiled since the last call, as they come: a child that
 * dies later must not take them along. */
static void send_stats(SpecChannel *ch, const SpecExec *x, Stats *sent)
{
	Stats now;
	if (!x)
		return;
	spec_exec_stats(x, &now.modules, &now.reused, &now.us);
	if (now.modules == sent->modules && now.reused == sent->reused)
		return;
	send(ch, "T\t%u\t%llu\t%u", now.modules - sent->modules, (unsigned long long)(now.us - sent->us),
	     now.reused - sent->reused);
	*sent = now;
}

static bool listed(const unsigned *list, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

int spec_child_run(const char *path, const SpecOptions *o, const char *module_dir,
                   unsigned start, const unsigned *crashed, size_t ncrashed, int fd)
{
	SpecChannel ch = { fd };
	char err[SPEC_WHY_MAX];
	WastScript f;
	if (!o->read(path, o->suite, &f, err, sizeof err)) {
		send(&ch, "E\t%s: %s", path, err);
		send(&ch, "D");
		return 0;
	}
	send(&ch, "N\t%s", f.name);
	SpecExec *x = NULL;
	if (!o->validate_only && !(x = spec_exec_new(o, module_dir, err, sizeof err))) {
		send(&ch, "E\t%s", err);
		send(&ch, "D");
		wast_script_free(&f);
		return 0;
	}
	Stats stats = {0};
	for (size_t i = 0; i < f.n; i++) {
		const WastCommand *cmd = &f.cmds[i];
		SpecCmd c = { .script = &f, .cmd = cmd, .index = (unsigned)i, .line = cmd->line,
			      .type = cmd->type, .verbose = o->verbose, .features = o->features,
			      .outcome = SPEC_FAIL };
		bool replay = i < start;
		if (replay && !changes_state(c.type))
			continue;
		if (replay && listed(crashed, ncrashed, (unsigned)i)) {
			if (x)
				spec_exec_skip(x, &c);
			continue;
		}
		if (!replay) {
			c.chan = &ch;
			send(&ch, "S\t%zu\t%u:%u\t%s", i, c.line, cmd->key_line ? cmd->key_line : c.line, c.type);
		}
		uint64_t us = run_command(x, &c, o);
		if (c.crashed) {
			if (replay)
				send(&ch, "E\tthe executor died while replaying line %u: %s", c.line, c.why);
			else
				send(&ch, "C\t%zu\t%s", i, c.why);
			break;
		}
		if (!replay)
			send(&ch, "R\t%zu\t%c\t%d\t%llu\t%s", i, outcome_codes[c.outcome], c.wrong_kind,
			     (unsigned long long)us, c.outcome == SPEC_FAIL ? c.why : "");
		if (replay && x) /* counted by the child that ran them first */
			spec_exec_stats(x, &stats.modules, &stats.reused, &stats.us);
		send_stats(&ch, x, &stats);
	}
	if (x && !spec_exec_close(x, err, sizeof err))
		send(&ch, "E\tat the end of the file: %s", err);
	spec_exec_free(x);
	wast_script_free(&f);
	send(&ch, "D");
	return 0;
}
