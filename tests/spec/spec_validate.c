/* tests/spec/spec_validate.c: the validation half of the spec runner.  Each
 * command that carries a binary module is fed to fe_module_load, which must
 * accept it (module, and the modules of the link, instantiate and trap
 * assertions) or reject it (assert_invalid, assert_malformed).  The rest is
 * counted: text modules are not applicable, actions wait for the executor.
 */
#include "spec.h"

#include "frontend/frontend.h"

#include <stdlib.h>
#include <string.h>

typedef enum Expect {
	EXPECT_NOT_RUN, /* an action for the execution runner */
	EXPECT_TEXT,    /* a text module: tests the text parser, not us */
	EXPECT_LOAD,    /* a valid module: fe_module_load must accept it */
	EXPECT_REJECT,  /* malformed or invalid: fe_module_load must reject it */
	EXPECT_BROKEN,  /* a command that should carry a module but does not */
} Expect;

/* Which commands carry a module and what must happen to it.  The link,
 * instantiate and trap assertions hold valid modules: they fail later. */
static const struct {
	const char *type;
	Expect expect;
	bool module_required; /* false: without "filename" it is an action */
	DiagKind kind;        /* for EXPECT_REJECT: the kind of error expected */
} rules[] = {
	{ "module", EXPECT_LOAD, true, 0 },
	{ "assert_invalid", EXPECT_REJECT, true, DIAG_KIND_INVALID },
	{ "assert_malformed", EXPECT_REJECT, true, DIAG_KIND_MALFORMED },
	{ "assert_unlinkable", EXPECT_LOAD, true, 0 },
	{ "assert_uninstantiable", EXPECT_LOAD, true, 0 },
	{ "assert_trap", EXPECT_LOAD, false, 0 },
	{ "assert_exhaustion", EXPECT_LOAD, false, 0 },
};

enum { NRULES = sizeof rules / sizeof rules[0], WHY_MAX = 512 };

/* Everything needed to judge and report one command. */
typedef struct Check {
	const SpecFile *file;
	const json_t *cmd;
	const char *type;  /* the command's "type" */
	unsigned line;
	int rule;          /* index into rules, or -1 */
	bool ok;
	char why[WHY_MAX]; /* for a failure: what went wrong */
} Check;

static Expect classify(Check *c)
{
	const char *mtype = spec_cmd_str(c->cmd, "module_type");
	bool has_module = spec_cmd_str(c->cmd, "filename") != NULL;
	if (mtype && strcmp(mtype, "text") == 0)
		return EXPECT_TEXT;
	for (int i = 0; i < NRULES; i++) {
		if (strcmp(c->type, rules[i].type) != 0)
			continue;
		c->rule = i;
		if (has_module)
			return rules[i].expect;
		return rules[i].module_required ? EXPECT_BROKEN : EXPECT_NOT_RUN;
	}
	return EXPECT_NOT_RUN;
}

/* Reads and loads the command's module; the first diagnostic lands in *d
 * (code DIAG_NONE when the module loaded or the frontend gave none).
 * Returns false, with c->why set, when the module file cannot be read. */
static bool load(Check *c, bool *loaded, Diagnostic *d)
{
	const char *filename = spec_cmd_str(c->cmd, "filename");
	uint8_t *bytes;
	size_t size;
	const char *err = spec_module_read(c->file, filename, &bytes, &size);
	if (err) {
		snprintf(c->why, sizeof c->why, "cannot read %s: %s", filename, err);
		return false;
	}
	DiagSink diags = {0};
	IrModule *m = fe_module_load(bytes, size, &diags);
	free(bytes);
	*loaded = m != NULL;
	if (m)
		ir_module_free(m);
	*d = diags.n > 0 && !*loaded ? diags.items[0] : (Diagnostic){ .code = DIAG_NONE };
	return true;
}

/* "rejected: FILE:0xOFFSET: error: text: detail (func N)", as nacre prints it. */
static void describe_rejection(Check *c, const Diagnostic *d)
{
	const char *filename = spec_cmd_str(c->cmd, "filename");
	if (d->code == DIAG_NONE) {
		snprintf(c->why, sizeof c->why, "rejected %s without a diagnostic", filename);
		return;
	}
	FILE *s = fmemopen(c->why, sizeof c->why, "w");
	if (!s) {
		snprintf(c->why, sizeof c->why, "rejected: %s", diag_text(d->code));
		return;
	}
	fputs("rejected: ", s);
	diag_print(d, filename, NULL, s);
	fclose(s);
	c->why[sizeof c->why - 1] = 0;
	c->why[strcspn(c->why, "\n")] = 0;
}

/* Judges a rejection the command expected: always a pass, but notes when
 * the error's kind is the other one, and shows the texts with verbose. */
static void judge_rejection(Check *c, const Diagnostic *d, bool verbose,
                            SpecCounts *counts, FILE *log)
{
	const char *expected = spec_cmd_str(c->cmd, "text");
	bool wrong_kind = false;
	if (d->code != DIAG_NONE) {
		DiagKind kind = diag_kind(d->code);
		DiagKind want = rules[c->rule].kind;
		wrong_kind = (kind == DIAG_KIND_MALFORMED || kind == DIAG_KIND_INVALID) && kind != want;
	}
	counts->wrong_kind += wrong_kind;
	if (!verbose)
		return;
	fprintf(log, "  line %u: %s: expected \"%s\", got \"%s\"%s\n", c->line, c->type,
	        expected ? expected : "", d->code == DIAG_NONE ? "(no diagnostic)" : diag_text(d->code),
	        wrong_kind ? " (wrong kind)" : "");
}

/* Runs the frontend on the command's module and sets c->ok and c->why. */
static void check(Check *c, Expect expect, bool verbose, SpecCounts *counts, FILE *log)
{
	bool loaded;
	Diagnostic d;
	if (!load(c, &loaded, &d)) {
		c->ok = false;
		return;
	}
	if (expect == EXPECT_LOAD) {
		c->ok = loaded;
		if (!loaded)
			describe_rejection(c, &d);
		return;
	}
	c->ok = !loaded;
	if (loaded) {
		const char *expected = spec_cmd_str(c->cmd, "text");
		snprintf(c->why, sizeof c->why, "loaded, expected \"%s\"", expected ? expected : "");
		return;
	}
	judge_rejection(c, &d, verbose, counts, log);
}

/* Counts a judged command, consulting the xfail list. */
static void record(const Check *c, XfailList *xfail, bool verbose, SpecCounts *counts, FILE *log)
{
	const XfailEntry *e = spec_xfail_find(xfail, c->file->name, c->line);
	if (c->ok) {
		counts->passed++;
		if (e) {
			counts->unexpected++;
			fprintf(log, "  UNEXPECTED PASS line %u: %s: remove the xfail entry (%s)\n",
			        c->line, c->type, e->reason);
		}
	} else if (e) {
		counts->xfailed++;
		if (verbose)
			fprintf(log, "  XFAIL line %u: %s: %s (%s)\n", c->line, c->type, c->why, e->reason);
	} else {
		counts->failed++;
		fprintf(log, "  FAIL line %u: %s: %s\n", c->line, c->type, c->why);
	}
}

static void run_command(const SpecFile *f, const json_t *cmd, XfailList *xfail,
                        bool verbose, SpecCounts *counts, FILE *log)
{
	Check c = { .file = f, .cmd = cmd, .line = spec_cmd_line(cmd), .rule = -1 };
	c.type = spec_cmd_str(cmd, "type");
	if (!json_is_object(cmd) || !c.type) {
		c.type = "?";
		snprintf(c.why, sizeof c.why, "command without a \"type\"");
		record(&c, xfail, verbose, counts, log);
		return;
	}
	Expect expect = classify(&c);
	switch (expect) {
	case EXPECT_NOT_RUN:
		counts->not_run++;
		return;
	case EXPECT_TEXT:
		counts->text++;
		return;
	case EXPECT_BROKEN:
		snprintf(c.why, sizeof c.why, "command without a \"filename\"");
		break;
	case EXPECT_LOAD:
	case EXPECT_REJECT:
		check(&c, expect, verbose, counts, log);
		break;
	}
	record(&c, xfail, verbose, counts, log);
}

void spec_validate_file(const SpecFile *f, XfailList *xfail, bool verbose,
                        SpecCounts *counts, FILE *log)
{
	size_t i;
	const json_t *cmd;
	json_array_foreach(f->commands, i, cmd)
		run_command(f, cmd, xfail, verbose, counts, log);
}
