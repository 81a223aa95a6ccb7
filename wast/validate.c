/* wast/validate.c: the validation half of the spec runner.  Each
 * command that carries a binary module is fed to fe_module_load, which must
 * accept it (module, and the modules of the link, instantiate and trap
 * assertions) or reject it (assert_invalid, assert_malformed).  Text modules
 * are not applicable; with --validate-only, actions are only counted.
 */
#include "engine.h"

#include "frontend/frontend.h"

#include <stdarg.h>
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
	{ "module_definition", EXPECT_LOAD, true, 0 },
	/* a custom section's contents do not make a module invalid */
	{ "assert_invalid_custom", EXPECT_LOAD, true, 0 },
	{ "assert_malformed_custom", EXPECT_LOAD, true, 0 },
	{ "assert_invalid", EXPECT_REJECT, true, DIAG_KIND_INVALID },
	{ "assert_malformed", EXPECT_REJECT, true, DIAG_KIND_MALFORMED },
	/* 3.0 scripts give these no module: their module_definition has it */
	{ "assert_unlinkable", EXPECT_LOAD, false, 0 },
	{ "assert_uninstantiable", EXPECT_LOAD, false, 0 },
	{ "assert_trap", EXPECT_LOAD, false, 0 },
	{ "assert_exhaustion", EXPECT_LOAD, false, 0 },
};

enum { NRULES = sizeof rules / sizeof rules[0] };

void spec_fail(SpecCmd *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
	c->outcome = SPEC_FAIL;
}

static Expect classify(const SpecCmd *c, int *rule)
{
	bool has_module = c->cmd->has_module;
	*rule = -1;
	if (has_module && c->cmd->mod.text)
		return EXPECT_TEXT;
	for (int i = 0; i < NRULES; i++) {
		if (strcmp(c->type, rules[i].type) != 0)
			continue;
		*rule = i;
		if (has_module)
			return rules[i].expect;
		return rules[i].module_required ? EXPECT_BROKEN : EXPECT_NOT_RUN;
	}
	return EXPECT_NOT_RUN;
}

/* Loads the command's module; the first diagnostic lands in *d (code
 * DIAG_NONE when the module loaded or the frontend gave none).  The
 * module points into the script's bytes, which outlive it.  Returns
 * false, with c failed, when the command has no module to load. */
static bool load(SpecCmd *c, IrModule **out, Diagnostic *d)
{
	const WastModule *mod = &c->cmd->mod;
	if (!c->cmd->has_module) {
		spec_fail(c, "command without a \"filename\"");
		return false;
	}
	if (mod->error) {
		spec_fail(c, "%s", mod->error);
		return false;
	}
	if (mod->rejected) { /* malformed text: the text reader said so */
		*out = NULL;
		*d = mod->diag;
		return true;
	}
	DiagSink diags = {0};
	*out = fe_module_load_features(mod->bytes ? mod->bytes : (const uint8_t *)"", mod->size, c->features,
	                               &diags);
	*d = diags.n > 0 && !*out ? diags.items[0] : (Diagnostic){ .code = DIAG_NONE };
	return true;
}

void spec_fail_diag(SpecCmd *c, const char *what, const Diagnostic *d)
{
	const WastModule *mod = &c->cmd->mod;
	const char *filename = mod->filename ? mod->filename : "(no module)";
	if (d->code == DIAG_NONE) {
		spec_fail(c, "%s %s without a diagnostic", what, filename);
		return;
	}
	c->outcome = SPEC_FAIL;
	FILE *s = fmemopen(c->why, sizeof c->why, "w");
	if (!s) {
		spec_fail(c, "%s: %s", what, diag_text(d->code));
		return;
	}
	fprintf(s, "%s: ", what);
	if (mod->rejected)
		fprintf(s, "%s:%u:%u: error: %s%s%s\n", c->script->name, mod->diag_line, mod->diag_col,
		        diag_text(d->code), d->detail[0] ? ": " : "", d->detail);
	else
		diag_print(d, filename, NULL, s);
	fclose(s);
	c->why[sizeof c->why - 1] = 0;
	c->why[strcspn(c->why, "\n")] = 0;
}

IrModule *spec_module_load(SpecCmd *c)
{
	IrModule *m;
	Diagnostic d;
	if (!load(c, &m, &d))
		return NULL;
	if (!m)
		spec_fail_diag(c, "rejected", &d);
	return m;
}

/* Judges a rejection the command expected: always a pass, but notes when
 * the error's kind is the other one, and shows the texts with verbose. */
static void judge_rejection(SpecCmd *c, int rule, const Diagnostic *d)
{
	const char *expected = c->cmd->text;
	if (d->code != DIAG_NONE) {
		DiagKind kind = diag_kind(d->code);
		DiagKind want = rules[rule].kind;
		c->wrong_kind = (kind == DIAG_KIND_MALFORMED || kind == DIAG_KIND_INVALID) && kind != want;
	}
	spec_note(c, "line %u: %s: expected \"%s\", got \"%s\"%s", c->line, c->type,
	          expected ? expected : "", d->code == DIAG_NONE ? "(no diagnostic)" : diag_text(d->code),
	          c->wrong_kind ? " (wrong kind)" : "");
}

/* Runs the frontend on the command's module and judges it. */
static void check(SpecCmd *c, Expect expect, int rule)
{
	IrModule *m;
	Diagnostic d;
	if (!load(c, &m, &d))
		return;
	bool loaded = m != NULL;
	ir_module_free(m);
	if (expect == EXPECT_LOAD) {
		c->outcome = loaded ? SPEC_PASS : SPEC_FAIL;
		if (!loaded)
			spec_fail_diag(c, "rejected", &d);
		return;
	}
	if (loaded) {
		const char *expected = c->cmd->text;
		spec_fail(c, "loaded, expected \"%s\"", expected ? expected : "");
		return;
	}
	c->outcome = SPEC_PASS;
	judge_rejection(c, rule, &d);
}

void spec_validate_command(SpecCmd *c)
{
	int rule;
	Expect expect = classify(c, &rule);
	switch (expect) {
	case EXPECT_NOT_RUN:
		c->outcome = SPEC_NOT_RUN;
		return;
	case EXPECT_TEXT:
		c->outcome = SPEC_TEXT;
		return;
	case EXPECT_BROKEN:
		spec_fail(c, "command without a \"filename\"");
		return;
	case EXPECT_LOAD:
	case EXPECT_REJECT:
		check(c, expect, rule);
		return;
	}
}
