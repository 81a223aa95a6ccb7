/* tests/embed/mini-criterion/runner.c: main() for tests written against
 * mini-criterion's criterion.h: runs every registered test in a forked
 * child, in the order the tests appear, reports each, and exits 1 if any
 * failed or crashed.  Arguments (Criterion's --jobs and the like) are
 * accepted and ignored.
 */
#define _POSIX_C_SOURCE 200809L
#include "criterion/criterion.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static MiniTest *first, **last = &first;
static MiniSuite *suites;
static int failed; /* in the child: a cr_expect failed */

void mini_test_register(MiniTest *t)
{
	*last = t;
	last = &t->next;
}

void mini_suite_register(MiniSuite *s)
{
	s->next = suites;
	suites = s;
}

int mini_str_eq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static const MiniSuite *suite_of(const MiniTest *t)
{
	for (const MiniSuite *s = suites; s; s = s->next)
		if (!strcmp(s->name, t->suite))
			return s;
	return NULL;
}

void mini_check(int fatal, const char *file, int line, const char *expr, int ok, const char *fmt, ...)
{
	if (ok)
		return;
	fprintf(stderr, "%s:%d: %s failed: %s", file, line, fatal ? "assertion" : "expectation", expr);
	if (*fmt) {
		va_list ap;
		va_start(ap, fmt);
		fputs(": ", stderr);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
	fflush(stderr);
	if (fatal)
		_exit(1);
	failed = 1;
}

/* Runs one test in a child; 0 if it passed. */
static int run(const MiniTest *t)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		const MiniSuite *s = suite_of(t);
		if (s && s->init)
			s->init();
		t->fn();
		if (s && s->fini)
			s->fini();
		fflush(NULL);
		_exit(failed);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	if (WIFSIGNALED(status)) {
		printf("[CRASH] %s::%s: signal %d\n", t->suite, t->name, WTERMSIG(status));
		return 1;
	}
	printf("[%s] %s::%s\n", WEXITSTATUS(status) ? "FAIL" : "PASS", t->suite, t->name);
	return WEXITSTATUS(status) != 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int tested = 0, bad = 0;
	for (const MiniTest *t = first; t; t = t->next) {
		tested++;
		bad += run(t);
	}
	printf("Synthesis: Tested: %d | Passing: %d | Failing: %d\n", tested, tested - bad, bad);
	return bad ? 1 : 0;
}
