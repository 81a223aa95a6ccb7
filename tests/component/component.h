/* tests/component/component.h: nacre-component-validate, the runner for
 * the staged component-model validation suites.  It reuses the spec
 * runner's JSON reader (spec_json.c) and expected-failure list
 * (spec_xfail.c): component_main.c walks the folders and prints the
 * summary, component_judge.c judges one command with the frontend. */
#ifndef NACRE_COMPONENT_TEST_H
#define NACRE_COMPONENT_TEST_H

#include "spec_json.h"

/* What happened to one folder's commands. */
typedef struct CompCounts {
	unsigned passed;      /* right (an xfail-listed one counts in unexpected too) */
	unsigned failed;      /* wrong and not listed, or unreadable */
	unsigned xfailed;     /* wrong and listed */
	unsigned unexpected;  /* listed, yet right */
	unsigned text;        /* text-format cases: skipped by design */
} CompCounts;

/* Judges one command: true when the frontend does what it expects.
 * why gets the reason for a wrong answer. */
bool comp_judge(const WastCommand *cmd, char *why, size_t whylen);
/* True for a text-format case (module_type "text"), which is skipped. */
bool comp_is_text(const WastCommand *cmd);

#endif
