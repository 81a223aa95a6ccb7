/* wast/exec.c: the execution half of the spec runner.  Each
 * module of a script is validated and compiled by nacre's backend for the
 * run's target into a shared object; nacre-wast-target (remote.c),
 * on the target, loads and instantiates it against the registry
 * (`spectest`, then the instances `register` named) and runs the actions,
 * and the assertions here judge what comes back (spec appendix "Script"
 * semantics: a module without a name becomes the current one).
 */
#include "engine.h"

#include "backend/backend.h"
#include "ir/sha256.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { NO_INSTANCE = -1 };

/* An instance under a name: a module's $name, or a `register` name.  A
 * module that failed keeps its name with inst NO_INSTANCE, so that later
 * commands can say why they cannot run. */
typedef struct Named {
	char *name;
	long inst;            /* the executor's instance ID */
	unsigned line;        /* the command that made it */
} Named;

typedef struct NameList {
	Named *items;
	size_t n, cap;
} NameList;

/* A module definition (3.0 scripts: `module_definition`, instantiated by
 * `module_instance` and the link and instantiation assertions after it):
 * its compiled object, or none when it failed. */
typedef struct Definition {
	char *name;           /* its $name, or NULL */
	char *so;             /* the cached shared object, or NULL */
	unsigned line;
} Definition;

typedef struct DefList {
	Definition *items;
	size_t n, cap;
} DefList;

struct SpecExec {
	const SpecOptions *o;
	char *module_dir;
	BeOptions be;
	SpecRemote *remote;
	long current;            /* the last unnamed or named module, NO_INSTANCE if it failed */
	unsigned current_line;   /* the command that made it, 0 before any */
	NameList names;          /* module $names */
	DefList defs;            /* module definitions, the latest last */
	unsigned compiled, reused;
	uint64_t compile_us;
};

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- names */

static Named *name_find(const NameList *l, const char *name, size_t len)
{
	for (size_t i = l->n; i-- > 0;)
		if (strlen(l->items[i].name) == len && memcmp(l->items[i].name, name, len) == 0)
			return &l->items[i];
	return NULL;
}

static bool name_add(NameList *l, const char *name, long inst, unsigned line)
{
	if (!wast_grow(&l->items, &l->cap, l->n, sizeof *l->items, 8))
		return false;
	char *copy = strdup(name);
	if (!copy)
		return false;
	l->items[l->n++] = (Named){ copy, inst, line };
	return true;
}

static void names_free(NameList *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i].name);
	free(l->items);
}

/* Records a definition (so NULL: it failed); false when out of memory. */
static bool def_add(DefList *l, const char *name, const char *so, unsigned line)
{
	if (!wast_grow(&l->items, &l->cap, l->n, sizeof *l->items, 8))
		return false;
	Definition d = { name ? strdup(name) : NULL, so ? strdup(so) : NULL, line };
	if ((name && !d.name) || (so && !d.so)) {
		free(d.name);
		free(d.so);
		return false;
	}
	l->items[l->n++] = d;
	return true;
}

/* The definition named `name`, or the latest one when name is NULL. */
static const Definition *def_find(const DefList *l, const char *name)
{
	for (size_t i = l->n; i-- > 0;)
		if (!name || (l->items[i].name && strcmp(l->items[i].name, name) == 0))
			return &l->items[i];
	return NULL;
}

static void defs_free(DefList *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].name);
		free(l->items[i].so);
	}
	free(l->items);
}

/* ---- set-up */

SpecExec *spec_exec_new(const SpecOptions *o, const char *module_dir, char *err, size_t errlen)
{
	SpecExec *x = calloc(1, sizeof *x);
	if (!x || !(x->module_dir = strdup(module_dir)) || !(x->remote = spec_remote_new(o))) {
		snprintf(err, errlen, "out of memory");
		spec_exec_free(x);
		return NULL;
	}
	x->o = o;
	x->current = NO_INSTANCE;
	be_options_default(&x->be);
	if (o->target)
		x->be.target = be_target_find(o->target);
	x->be.bounds = o->bounds;
	x->be.bounds_mask = o->bounds_mask;
	x->be.spectre = o->spectre;
	x->be.interruptible = o->interruptible;
	x->be.metered = o->metered;
	x->be.opt = (BeOptLevel)o->opt;
	x->be.emit = BE_EMIT_SO;
	x->be.verify = true;
	x->be.partition_bytes = o->partition_bytes;
	if (!x->be.target) {
		snprintf(err, errlen, "the backend has no target %s", o->target ? o->target : "for this machine");
		spec_exec_free(x);
		return NULL;
	}
	return x;
}

void spec_exec_free(SpecExec *x)
{
	if (!x)
		return;
	spec_remote_free(x->remote);
	names_free(&x->names);
	defs_free(&x->defs);
	free(x->module_dir);
	free(x);
}

bool spec_exec_close(SpecExec *x, char *why, size_t len)
{
	return spec_remote_close(x->remote, why, len);
}

void spec_exec_stats(const SpecExec *x, unsigned *modules, unsigned *reused, uint64_t *compile_us)
{
	*modules = x->compiled;
	*reused = x->reused;
	*compile_us = x->compile_us;
}

/* ---- modules */

/* WORK/cache/<SHA-256 of the module>.so: one compilation for every command
 * of the run that carries the same bytes (wast2json writes a file per
 * command, and scripts repeat modules). */
static bool cache_path(const SpecExec *x, const uint8_t *bytes, size_t size, char *path, size_t len)
{
	char hex[IR_SHA256_HEX];
	ir_sha256_hex(bytes, size, hex);
	return (size_t)snprintf(path, len, "%s/%s.so", x->o->cache, hex) < len;
}

/* MODULE_DIR/<module file without .wasm>.so, a link to the cached object
 * (WORK/cache beside MODULE_DIR = WORK/<stem>), so that a kept work
 * directory shows each command's module. */
static void link_module(const SpecExec *x, const char *filename, const char *cached)
{
	char path[4096], target[128];
	size_t n = strlen(filename);
	if (n > 5 && strcmp(filename + n - 5, ".wasm") == 0)
		n -= 5;
	snprintf(target, sizeof target, "../cache/%s", strrchr(cached, '/') + 1);
	if (x->o->keep && (size_t)snprintf(path, sizeof path, "%s/%.*s.so", x->module_dir, (int)n, filename) < sizeof path) {
		unlink(path);
		if (symlink(target, path) != 0)
			perror(path);
	}
}

/* Validates and compiles the module (bytes) into path, through a name of
 * this process's own, since another file's child may compile the same
 * bytes at the same time. */
static bool compile(SpecExec *x, SpecCmd *c, const char *path)
{
	IrModule *m = spec_module_load(c);
	if (!m)
		return false;
	char tmp[4096 + 32];
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	DiagSink diags = {0};
	uint64_t t0 = now_us();
	bool ok = be_compile(m, &x->be, tmp, &diags);
	x->compile_us += now_us() - t0;
	x->compiled++;
	ir_module_free(m);
	if (ok && rename(tmp, path) != 0) {
		spec_fail(c, "cannot rename %s to %s", tmp, path);
		ok = false;
	} else if (!ok) {
		spec_fail_diag(c, "compile failed", diags.n ? &diags.items[0] : &(Diagnostic){0});
	}
	if (!ok)
		unlink(tmp);
	return ok;
}

/* The shared object of the command's module, compiled unless the run has
 * it already (the same bytes earlier, or before a crash). */
static bool module_so(SpecExec *x, SpecCmd *c, char *path, size_t len)
{
	const WastModule *mod = &c->cmd->mod;
	if (!c->cmd->has_module) {
		spec_fail(c, "command without a \"filename\"");
		return false;
	}
	if (mod->error || mod->rejected) {
		spec_module_load(c); /* fails c with why */
		return false;
	}
	if (!cache_path(x, mod->bytes, mod->size, path, len)) {
		spec_fail(c, "path too long for %s", mod->filename);
		return false;
	}
	struct stat st;
	if (stat(path, &st) == 0)
		x->reused++;
	else if (!compile(x, c, path))
		return false;
	link_module(x, mod->filename, path);
	return true;
}

/* ---- the executor's replies */

/* One reply, split: its status (NACRE_OK for "ok") and, when it failed,
 * the trap's text and the message, else the values. */
typedef struct Reply {
	NacreStatus status;
	char text[256];
	char message[512];
	uint32_t nresults;
	uint8_t *types;
	NacreValue *results;
} Reply;

static void reply_free(Reply *r)
{
	free(r->types);
	free(r->results);
}

static const struct {
	const char *name;
	NacreStatus status;
} statuses[] = {
	{ "ok", NACRE_OK }, { "error", NACRE_ERROR }, { "unlinkable", NACRE_UNLINKABLE },
	{ "trapped", NACRE_TRAPPED },
};

static const char *status_name(NacreStatus s)
{
	for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
		if (statuses[i].status == s)
			return statuses[i].name;
	return "?";
}

static void copy_field(char *field, char *out, size_t len)
{
	spec_wire_unescape(field);
	snprintf(out, len, "%s", field);
}

/* "ok V..." into r. */
static bool parse_values(char **f, int n, Reply *r)
{
	r->nresults = (uint32_t)(n - 1);
	r->types = malloc(r->nresults + 1);
	r->results = calloc(r->nresults + 1, sizeof *r->results);
	if (!r->types || !r->results)
		return false;
	for (uint32_t i = 0; i < r->nresults; i++)
		if (!spec_wire_value_get(f[i + 1], &r->types[i], &r->results[i]))
			return false;
	return true;
}

/* Sends a command and reads its reply into r; false (c failed) when the
 * command could not be run: the executor said "bad", or died (c crashed). */
static bool call(SpecExec *x, SpecCmd *c, const char *cmd, Reply *r)
{
	*r = (Reply){0};
	char why[SPEC_WHY_MAX];
	char *line = spec_remote_call(x->remote, cmd, why, sizeof why);
	if (!line) {
		spec_fail(c, "%s", why);
		c->crashed = true;
		return false;
	}
	size_t len = strlen(line);
	char **f = malloc((len / 2 + 2) * sizeof *f);
	int n = f ? spec_wire_split(line, f, (int)(len / 2 + 2)) : 0;
	bool ok = false;
	if (n >= 1 && strcmp(f[0], "ok") == 0) {
		ok = parse_values(f, n, r);
	} else if (n == 4 && strcmp(f[0], "fail") == 0) {
		r->status = NACRE_ERROR;
		for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
			if (strcmp(f[1], statuses[i].name) == 0)
				r->status = statuses[i].status;
		copy_field(f[2], r->text, sizeof r->text);
		copy_field(f[3], r->message, sizeof r->message);
		ok = r->status != NACRE_OK;
	} else if (n == 2 && strcmp(f[0], "bad") == 0) {
		spec_wire_unescape(f[1]);
		spec_fail(c, "%s", f[1]);
		free(f);
		return false;
	}
	if (!ok)
		spec_fail(c, "the executor's reply is not understood: %.200s", cmd);
	free(f);
	return ok;
}

/* Appends a space and s escaped to buf; false (c failed) when too long. */
static bool put_field(SpecCmd *c, char *buf, size_t len, const char *s, size_t n)
{
	size_t o = strlen(buf);
	if (o + 2 < len) {
		buf[o] = ' ';
		buf[o + 1] = 0;
		if (spec_wire_escape(s, n, buf, len))
			return true;
	}
	spec_fail(c, "command too long for the executor");
	return false;
}

enum { STAGE_FAILED = -1 };

/* Compiles the command's module, and has the executor load it and
 * instantiate it as instance c->index.  Returns STAGE_FAILED (c failed)
 * when it never got to instantiation, else the status of instantiating
 * it, with r filled. */
static int load_so(SpecExec *x, SpecCmd *c, const char *path, Reply *r)
{
	char cmd[3 * 4096 + 32];
	*r = (Reply){0};
	snprintf(cmd, sizeof cmd, "load %u", c->index);
	if (!put_field(c, cmd, sizeof cmd, path, strlen(path)) || !call(x, c, cmd, r))
		return STAGE_FAILED;
	return (int)r->status;
}

/* The definition a command instantiates: the one it names in `module`,
 * or the latest; NULL (c failed) when there is none or it failed. */
static const Definition *definition_for(SpecExec *x, SpecCmd *c)
{
	const char *name = c->cmd->module;
	const Definition *d = def_find(&x->defs, name);
	if (!d)
		spec_fail(c, "no module definition%s%s before this command", name ? " " : "", name ? name : "");
	else if (!d->so)
		spec_fail(c, "its module definition (line %u) failed", d->line);
	return d && d->so ? d : NULL;
}

/* Instantiates the command's own module or, in a 3.0 script's commands
 * without one, its definition. */
static int instantiate(SpecExec *x, SpecCmd *c, Reply *r)
{
	char path[4096];
	*r = (Reply){0};
	if (!c->cmd->has_module) {
		const Definition *d = definition_for(x, c);
		return d ? load_so(x, c, d->so, r) : STAGE_FAILED;
	}
	if (!module_so(x, c, path, sizeof path))
		return STAGE_FAILED;
	return load_so(x, c, path, r);
}

/* The spec's trap texts are prefixes of what an engine may say; a few add
 * a detail nacre's fixed texts leave out ("uninitialized element 2"), so
 * the text also matches when it is the expected one up to a space. */
static bool trap_matches(const Reply *r, const char *want)
{
	const char *got = r->text;
	size_t n = strlen(got), m = strlen(want);
	return strncmp(got, want, m) == 0 || (m > n && strncmp(got, want, n) == 0 && want[n] == ' ');
}

/* A module command makes the current instance (NO_INSTANCE when it
 * failed) and, with a $name, a named one. */
static bool set_current(SpecExec *x, SpecCmd *c, long inst)
{
	bool is_instance = strcmp(c->type, "module_instance") == 0;
	const char *name = is_instance ? c->cmd->instance : c->cmd->name;
	x->current = inst;
	x->current_line = c->line;
	if (name && !name_add(&x->names, name, inst, c->line)) {
		spec_fail(c, "out of memory");
		return false;
	}
	return true;
}

void spec_exec_skip(SpecExec *x, SpecCmd *c)
{
	if (strcmp(c->type, "module") == 0 || strcmp(c->type, "module_instance") == 0)
		set_current(x, c, NO_INSTANCE);
}

static void cmd_module(SpecExec *x, SpecCmd *c)
{
	Reply r;
	int st = instantiate(x, c, &r);
	if (set_current(x, c, st == NACRE_OK ? (long)c->index : NO_INSTANCE) && st != STAGE_FAILED) {
		if (st != NACRE_OK)
			spec_fail(c, "instantiation: %s: %s", status_name((NacreStatus)st), r.message);
		else
			c->outcome = SPEC_PASS;
	}
	reply_free(&r);
}

/* module_definition: the module validates and compiles; it is kept for
 * the commands that instantiate it. */
static void cmd_definition(SpecExec *x, SpecCmd *c)
{
	char path[4096];
	bool ok = module_so(x, c, path, sizeof path);
	if (!def_add(&x->defs, c->cmd->name, ok ? path : NULL, c->line))
		spec_fail(c, "out of memory");
	else if (ok)
		c->outcome = SPEC_PASS;
}

/* assert_unlinkable, assert_uninstantiable, and assert_trap on a module:
 * the module compiles, and instantiating it fails with `want` and the
 * expected text (the runtime's message for an unlinkable one). */
static void cmd_module_fails(SpecExec *x, SpecCmd *c, NacreStatus want)
{
	const char *text = c->cmd->text;
	Reply r;
	int st = instantiate(x, c, &r);
	if (st == STAGE_FAILED) {
	} else if (st == NACRE_OK) {
		spec_fail(c, "instantiated, expected %s \"%s\"", status_name(want), text ? text : "");
	} else if (st != (int)want) {
		spec_fail(c, "instantiation: %s: %s, expected %s \"%s\"", status_name((NacreStatus)st),
		          r.message, status_name(want), text ? text : "");
	} else if (text && !trap_matches(&r, text)) {
		spec_fail(c, "%s with \"%s\", expected \"%s\" (%s)", status_name(want), r.text, text,
		          r.message);
	} else {
		c->outcome = SPEC_PASS;
		spec_note(c, "line %u: %s: expected \"%s\", got \"%s\"", c->line, c->type,
		          text ? text : "", r.message);
	}
	reply_free(&r);
}

static void cmd_unlinkable(SpecExec *x, SpecCmd *c)
{
	cmd_module_fails(x, c, NACRE_UNLINKABLE);
}

static void cmd_uninstantiable(SpecExec *x, SpecCmd *c)
{
	cmd_module_fails(x, c, NACRE_TRAPPED);
}

/* The instance named by `name` (a $name), or the current one;
 * NO_INSTANCE (c failed) when there is none. */
static long instance_for(SpecExec *x, SpecCmd *c, const char *name)
{
	if (name) {
		Named *n = name_find(&x->names, name, strlen(name));
		if (!n)
			spec_fail(c, "unknown module %s", name);
		else if (n->inst == NO_INSTANCE)
			spec_fail(c, "no instance: module %s (line %u) failed", name, n->line);
		return n ? n->inst : NO_INSTANCE;
	}
	if (x->current == NO_INSTANCE) {
		if (x->current_line)
			spec_fail(c, "no instance: the current module (line %u) failed", x->current_line);
		else
			spec_fail(c, "no module before this command");
	}
	return x->current;
}

static void cmd_register(SpecExec *x, SpecCmd *c)
{
	const char *as = c->cmd->as;
	if (!as) {
		spec_fail(c, "register without \"as\"");
		return;
	}
	long inst = instance_for(x, c, c->cmd->name);
	if (inst == NO_INSTANCE)
		return;
	char cmd[4096] = "register";
	Reply r;
	if (put_field(c, cmd, sizeof cmd, as, strlen(as))) {
		snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " %ld", inst);
		if (call(x, c, cmd, &r))
			c->outcome = SPEC_PASS;
		reply_free(&r);
	}
}

/* ---- actions */

/* "invoke ID FIELD V..." or "get ID FIELD" for the action into a malloc'd
 * string; NULL (c failed) when it cannot be written. */
static char *action_command(SpecCmd *c, const WastAction *action, long inst)
{
	bool invoke = strcmp(action->type, "invoke") == 0;
	if (!action->field) {
		spec_fail(c, "action without a \"field\"");
		return NULL;
	}
	if (invoke && action->error) {
		spec_fail(c, "%s", action->error);
		return NULL;
	}
	size_t len = 3 * action->field_len + 64 + action->nargs * (SPEC_WIRE_VALUE_MAX + 1);
	char *cmd = malloc(len);
	if (!cmd) {
		spec_fail(c, "out of memory");
		return NULL;
	}
	snprintf(cmd, len, "%s %ld", invoke ? "invoke" : "get", inst);
	put_field(c, cmd, len, action->field, action->field_len);
	for (uint32_t i = 0; invoke && i < action->nargs; i++) {
		const SpecValue *v = &action->args[i];
		size_t o = strlen(cmd);
		cmd[o++] = ' ';
		spec_wire_value_put(v->type, &v->v, cmd + o);
	}
	return cmd;
}

/* Runs the command's action; false (c failed) when it could not be run. */
static bool run_action(SpecExec *x, SpecCmd *c, Reply *r)
{
	*r = (Reply){0};
	const WastAction *action = &c->cmd->action;
	const char *type = action->type;
	if (!c->cmd->has_action) {
		spec_fail(c, "command without an \"action\"");
		return false;
	}
	long inst = instance_for(x, c, action->module);
	if (inst == NO_INSTANCE)
		return false;
	if (!type || (strcmp(type, "invoke") != 0 && strcmp(type, "get") != 0)) {
		spec_fail(c, "unknown action type \"%s\"", type ? type : "");
		return false;
	}
	char *cmd = action_command(c, action, inst);
	bool ok = cmd && call(x, c, cmd, r);
	free(cmd);
	return ok;
}

/* "(i32:1 f32:2.5 (0x40200000))" of the results. */
static void format_results(const Reply *a, const WastCommand *cmd, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "(");
	for (uint32_t i = 0; i < a->nresults && n < len; i++) {
		SpecValue shape = { .type = a->types[i], .nlanes = 1 };
		/* a v128 is shown in the lanes the expected value is written in */
		if (a->types[i] == NACRE_V128) {
			const WastExpect *e = cmd && i < cmd->nexpected ? &cmd->expected[i] : NULL;
			if (e && e->n && e->values[0].type == NACRE_V128)
				shape = e->values[0];
			else
				shape = (SpecValue){ .type = NACRE_V128, .lane = SPEC_LANE_I32, .nlanes = 4 };
		}
		shape.type = a->types[i];
		n += (size_t)snprintf(buf + n, len - n, "%s", i ? " " : "");
		if (n < len)
			spec_value_format(&shape, &a->results[i], buf + n, len - n);
		n = strlen(buf);
	}
	if (n + 1 < len)
		strcpy(buf + n, ")");
}

static void format_expected(const WastCommand *cmd, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "(");
	for (uint32_t i = 0; i < cmd->nexpected && n < len; i++) {
		const WastExpect *e = &cmd->expected[i];
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? " " : "", e->either ? "(either " : "");
		for (uint32_t k = 0; k < e->n && n < len; k++) {
			n += (size_t)snprintf(buf + n, len - n, "%s", k ? " " : "");
			if (n < len)
				spec_expected_format(&e->values[k], buf + n, len - n);
			n = strlen(buf);
		}
		if (e->error && n < len)
			snprintf(buf + n, len - n, "<%s>", e->error);
		if (e->either && n < len)
			snprintf(buf + n, len - n, ")");
		n = strlen(buf);
	}
	if (n + 1 < len)
		strcpy(buf + n, ")");
}

/* Whether result i is the expected value, or one of an `either`'s; false
 * with c failed when the expectation cannot be read. */
static bool result_matches(SpecCmd *c, const Reply *a, uint32_t i, const WastExpect *e, bool *ok)
{
	*ok = false;
	if (e->error) {
		spec_fail(c, "%s", e->error);
		return false;
	}
	for (uint32_t k = 0; k < e->n && !*ok; k++) {
		const SpecValue *want = &e->values[k];
		bool any_ref = want->match[0] == SPEC_MATCH_ANY_NULL &&
		               (a->types[i] == NACRE_FUNCREF || a->types[i] == NACRE_EXTERNREF);
		*ok = (want->type == a->types[i] || any_ref) && spec_value_matches(want, &a->results[i]);
	}
	return true;
}

/* Whether the results are the expected ones; c failed (with what was
 * wrong) when not. */
static bool results_match(SpecCmd *c, const Reply *a)
{
	const WastCommand *cmd = c->cmd;
	bool ok = cmd->nexpected == a->nresults;
	for (uint32_t i = 0; ok && i < a->nresults; i++)
		if (!result_matches(c, a, i, &cmd->expected[i], &ok))
			return false;
	if (!ok) {
		char got[SPEC_WHY_MAX / 2], exp[SPEC_WHY_MAX / 2];
		format_results(a, cmd, got, sizeof got);
		format_expected(cmd, exp, sizeof exp);
		spec_fail(c, "got %s, expected %s", got, exp);
	}
	return ok;
}

static void cmd_assert_return(SpecExec *x, SpecCmd *c)
{
	Reply a;
	if (run_action(x, c, &a)) {
		if (a.status != NACRE_OK)
			spec_fail(c, "%s: %s", status_name(a.status), a.message);
		else if (results_match(c, &a))
			c->outcome = SPEC_PASS;
	}
	reply_free(&a);
}

static void cmd_action(SpecExec *x, SpecCmd *c)
{
	Reply a;
	if (run_action(x, c, &a)) {
		if (a.status != NACRE_OK)
			spec_fail(c, "%s: %s", status_name(a.status), a.message);
		else
			c->outcome = SPEC_PASS;
	}
	reply_free(&a);
}

/* assert_exception: the action ends in a Wasm exception that no handler
 * caught, which the executor reports as a failure that says so. */
static void cmd_assert_exception(SpecExec *x, SpecCmd *c)
{
	Reply a;
	char got[SPEC_WHY_MAX / 2];
	if (!run_action(x, c, &a)) {
	} else if (a.status == NACRE_OK) {
		format_results(&a, NULL, got, sizeof got);
		spec_fail(c, "returned %s, expected an uncaught exception", got);
	} else if (!strstr(a.text, "exception") && !strstr(a.message, "exception")) {
		spec_fail(c, "%s: %s, expected an uncaught exception", status_name(a.status), a.message);
	} else {
		c->outcome = SPEC_PASS;
	}
	reply_free(&a);
}

/* assert_trap and assert_exhaustion on an action (on a module: 3.0
 * scripts say assert_uninstantiable, 2.0 ones give the module). */
static void cmd_assert_trap(SpecExec *x, SpecCmd *c)
{
	if (c->cmd->has_module || !c->cmd->has_action) {
		cmd_uninstantiable(x, c);
		return;
	}
	const char *text = c->cmd->text;
	Reply a;
	char got[SPEC_WHY_MAX / 2];
	if (!run_action(x, c, &a)) {
	} else if (a.status == NACRE_OK) {
		format_results(&a, NULL, got, sizeof got);
		spec_fail(c, "returned %s, expected trap \"%s\"", got, text ? text : "");
	} else if (a.status != NACRE_TRAPPED) {
		spec_fail(c, "%s: %s, expected trap \"%s\"", status_name(a.status), a.message,
		          text ? text : "");
	} else if (text && !trap_matches(&a, text)) {
		spec_fail(c, "trapped with \"%s\", expected \"%s\" (%s)", a.text, text, a.message);
	} else {
		c->outcome = SPEC_PASS;
	}
	reply_free(&a);
}

static const struct {
	const char *type;
	void (*run)(SpecExec *x, SpecCmd *c);
} handlers[] = {
	{ "module", cmd_module },
	{ "module_definition", cmd_definition },
	{ "module_instance", cmd_module },
	{ "assert_exception", cmd_assert_exception },
	{ "register", cmd_register },
	{ "action", cmd_action },
	{ "assert_return", cmd_assert_return },
	{ "assert_trap", cmd_assert_trap },
	{ "assert_exhaustion", cmd_assert_trap },
	{ "assert_unlinkable", cmd_unlinkable },
	{ "assert_uninstantiable", cmd_uninstantiable },
};

void spec_exec_command(SpecExec *x, SpecCmd *c)
{
	if (strcmp(c->type, "assert_invalid") == 0 || strcmp(c->type, "assert_malformed") == 0 ||
	    strncmp(c->type, "assert_invalid_", 15) == 0 || strncmp(c->type, "assert_malformed_", 17) == 0 ||
	    (c->cmd->has_module && c->cmd->mod.text)) {
		spec_validate_command(c);
		return;
	}
	for (size_t i = 0; i < sizeof handlers / sizeof *handlers; i++) {
		if (strcmp(c->type, handlers[i].type) == 0) {
			handlers[i].run(x, c);
			return;
		}
	}
	spec_fail(c, "unknown command type \"%s\"", c->type);
}
