/* tests/spec/spec_exec.c: the execution half of the spec runner.  Each
 * module of a script is validated, compiled by nacre's backend into a
 * shared object, loaded and instantiated against the registry (`spectest`,
 * then the instances `register` named); actions call exports through the
 * embedding API and the assertions judge what comes back (spec appendix
 * "Script" semantics: a module without a name becomes the current one).
 */
#include "spec.h"

#include "backend/backend.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* An instance under a name: a module's $name, or a `register` name.  A
 * module that failed keeps its name with inst NULL, so that later commands
 * can say why they cannot run. */
typedef struct Named {
	char *name;
	NacreInstance *inst;
	unsigned line;        /* the command that made it */
} Named;

typedef struct NameList {
	Named *items;
	size_t n, cap;
} NameList;

struct SpecExec {
	char *module_dir;
	BeOptions be;
	NacreStore *store;
	Spectest *spectest;
	NacreInstance *current;  /* the last unnamed or named module, NULL if it failed */
	unsigned current_line;   /* the command that made it, 0 before any */
	NameList names;          /* module $names */
	NameList registered;     /* import module names */
	NacreModule **modules;   /* every module loaded; closed after the store */
	size_t nmodules, modules_cap;
	unsigned compiled;
	uint64_t compile_us;
};

static const char *status_names[] = {
	[NACRE_OK] = "ok", [NACRE_ERROR] = "error", [NACRE_UNLINKABLE] = "unlinkable",
	[NACRE_TRAPPED] = "trapped",
};

static const char *status_name(NacreStatus s)
{
	return (unsigned)s < sizeof status_names / sizeof *status_names ? status_names[s] : "?";
}

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

static bool name_add(NameList *l, const char *name, NacreInstance *inst, unsigned line)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		Named *items = realloc(l->items, cap * sizeof *items);
		if (!items)
			return false;
		l->items = items;
		l->cap = cap;
	}
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

/* ---- set-up */

SpecExec *spec_exec_new(const SpecOptions *o, const char *module_dir, char *err, size_t errlen)
{
	SpecExec *x = calloc(1, sizeof *x);
	if (!x || !(x->module_dir = strdup(module_dir))) {
		snprintf(err, errlen, "out of memory");
		free(x);
		return NULL;
	}
	be_options_default(&x->be);
	x->be.bounds = o->bounds;
	x->be.opt = (BeOptLevel)o->opt;
	x->be.emit = BE_EMIT_SO;
	x->be.verify = true;
	x->be.partition_bytes = o->partition_bytes;
	if (!x->be.target) {
		snprintf(err, errlen, "the backend has no target for this machine");
		spec_exec_free(x);
		return NULL;
	}
	x->store = nacre_store_new();
	if (!x->store) {
		snprintf(err, errlen, "nacre_store_new failed");
		spec_exec_free(x);
		return NULL;
	}
	x->spectest = spectest_new(x->store, err, errlen);
	if (!x->spectest) {
		spec_exec_free(x);
		return NULL;
	}
	return x;
}

void spec_exec_free(SpecExec *x)
{
	if (!x)
		return;
	spectest_free(x->spectest);
	if (x->store)
		nacre_store_free(x->store);
	for (size_t i = 0; i < x->nmodules; i++)
		nacre_module_close(x->modules[i]);
	free(x->modules);
	names_free(&x->names);
	names_free(&x->registered);
	free(x->module_dir);
	free(x);
}

void spec_exec_stats(const SpecExec *x, unsigned *modules, uint64_t *compile_us)
{
	*modules = x->compiled;
	*compile_us = x->compile_us;
}

/* ---- modules */

/* MODULE_DIR/<module file without .wasm>.so */
static bool so_path(const SpecExec *x, const char *filename, char *path, size_t len)
{
	size_t n = strlen(filename);
	if (n > 5 && strcmp(filename + n - 5, ".wasm") == 0)
		n -= 5;
	return (size_t)snprintf(path, len, "%s/%.*s.so", x->module_dir, (int)n, filename) < len;
}

/* Validates and compiles the command's module into path.  After a crash
 * the replaying child finds it already there (the parent emptied the
 * directory before this file's first child), so it is not rebuilt. */
static bool compile(SpecExec *x, SpecCmd *c, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return true;
	uint8_t *bytes;
	IrModule *m = spec_module_load(c, &bytes);
	if (!m)
		return false;
	char tmp[4096 + 8];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	DiagSink diags = {0};
	uint64_t t0 = now_us();
	bool ok = be_compile(m, &x->be, tmp, &diags);
	x->compile_us += now_us() - t0;
	x->compiled++;
	ir_module_free(m);
	free(bytes);
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

/* The import's value from a registered instance or spectest; false with
 * the spec's "unknown import" when there is none.  Kinds and types are the
 * runtime's to check. */
static bool resolve(SpecExec *x, const NacreImportDesc *imp, NacreExtern *out, NacreError *err)
{
	Named *r = name_find(&x->registered, imp->module, imp->module_len);
	bool found;
	if (r)
		found = r->inst && nacre_instance_export(r->inst, imp->name, imp->name_len, out);
	else
		found = imp->module_len == 8 && memcmp(imp->module, "spectest", 8) == 0 &&
		        spectest_lookup(x->spectest, imp->name, imp->name_len, out);
	if (!found)
		snprintf(err->message, sizeof err->message, "unknown import \"%.*s\" \"%.*s\"",
		         (int)imp->module_len, imp->module, (int)imp->name_len, imp->name);
	return found;
}

static bool keep_module(SpecExec *x, NacreModule *mod)
{
	if (x->nmodules == x->modules_cap) {
		size_t cap = x->modules_cap ? x->modules_cap * 2 : 16;
		NacreModule **m = realloc(x->modules, cap * sizeof *m);
		if (!m)
			return false;
		x->modules = m;
		x->modules_cap = cap;
	}
	x->modules[x->nmodules++] = mod;
	return true;
}

enum { STAGE_FAILED = -1 };

/* Compiles, loads and instantiates the command's module.  Returns
 * STAGE_FAILED (c failed) when it never got to instantiation, else the
 * status of nacre_instantiate (or NACRE_UNLINKABLE for an import the
 * registry does not have), with *err filled. */
static int instantiate(SpecExec *x, SpecCmd *c, NacreInstance **inst, NacreError *err)
{
	const char *filename = spec_cmd_str(c->json, "filename");
	char path[4096];
	*inst = NULL;
	*err = (NacreError){0};
	if (!filename) {
		spec_fail(c, "command without a \"filename\"");
		return STAGE_FAILED;
	}
	if (!so_path(x, filename, path, sizeof path)) {
		spec_fail(c, "path too long for %s", filename);
		return STAGE_FAILED;
	}
	if (!compile(x, c, path))
		return STAGE_FAILED;
	NacreModule *mod;
	if (nacre_module_open(path, &mod, err) != NACRE_OK) {
		spec_fail(c, "cannot load %s: %s", path, err->message);
		return STAGE_FAILED;
	}
	if (!keep_module(x, mod)) {
		nacre_module_close(mod);
		spec_fail(c, "out of memory");
		return STAGE_FAILED;
	}
	const NacreModuleDesc *d = nacre_module_desc(mod);
	NacreExtern *imports = calloc(d->nimports ? d->nimports : 1, sizeof *imports);
	if (!imports) {
		spec_fail(c, "out of memory");
		return STAGE_FAILED;
	}
	NacreStatus st = NACRE_UNLINKABLE;
	bool linked = true;
	for (uint32_t i = 0; i < d->nimports && linked; i++)
		linked = resolve(x, &d->imports[i], &imports[i], err);
	if (linked)
		st = nacre_instantiate(x->store, mod, imports, d->nimports, inst, err);
	free(imports);
	return (int)st;
}

static const char *trap_text(const NacreError *e)
{
	return e->trap != NACRE_TRAP_NONE ? nacre_trap_text(e->trap) : e->message;
}

/* The spec's trap texts are prefixes of what an engine may say; a few add
 * a detail nacre's fixed texts leave out ("uninitialized element 2"), so
 * the text also matches when it is the expected one up to a space. */
static bool trap_matches(const NacreError *e, const char *want)
{
	const char *got = trap_text(e);
	if (!got)
		return false;
	size_t n = strlen(got), m = strlen(want);
	return strncmp(got, want, m) == 0 || (m > n && strncmp(got, want, n) == 0 && want[n] == ' ');
}

/* A module command makes the current instance (NULL when it failed) and,
 * with a $name, a named one. */
static bool set_current(SpecExec *x, SpecCmd *c, NacreInstance *inst)
{
	const char *name = spec_cmd_str(c->json, "name");
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
	if (strcmp(c->type, "module") == 0)
		set_current(x, c, NULL);
}

static void cmd_module(SpecExec *x, SpecCmd *c)
{
	NacreInstance *inst;
	NacreError err;
	int st = instantiate(x, c, &inst, &err);
	if (!set_current(x, c, st == NACRE_OK ? inst : NULL))
		return;
	if (st == STAGE_FAILED)
		return;
	if (st != NACRE_OK) {
		spec_fail(c, "instantiation: %s: %s", status_name((NacreStatus)st), err.message);
		return;
	}
	c->outcome = SPEC_PASS;
}

/* assert_unlinkable, assert_uninstantiable, and assert_trap on a module:
 * the module compiles, and instantiating it fails with `want` and the
 * expected text (the runtime's message for an unlinkable one). */
static void cmd_module_fails(SpecExec *x, SpecCmd *c, NacreStatus want)
{
	const char *text = spec_cmd_str(c->json, "text");
	NacreInstance *inst;
	NacreError err;
	int st = instantiate(x, c, &inst, &err);
	if (st == STAGE_FAILED)
		return;
	if (st == NACRE_OK) {
		spec_fail(c, "instantiated, expected %s \"%s\"", status_name(want), text ? text : "");
		return;
	}
	if (st != (int)want) {
		spec_fail(c, "instantiation: %s: %s, expected %s \"%s\"", status_name((NacreStatus)st),
		          err.message, status_name(want), text ? text : "");
		return;
	}
	if (text && !trap_matches(&err, text)) {
		spec_fail(c, "%s with \"%s\", expected \"%s\" (%s)", status_name(want), trap_text(&err),
		          text, err.message);
		return;
	}
	c->outcome = SPEC_PASS;
	spec_note(c, "line %u: %s: expected \"%s\", got \"%s\"", c->line, c->type, text ? text : "",
	          err.message);
}

static void cmd_unlinkable(SpecExec *x, SpecCmd *c)
{
	cmd_module_fails(x, c, NACRE_UNLINKABLE);
}

static void cmd_uninstantiable(SpecExec *x, SpecCmd *c)
{
	cmd_module_fails(x, c, NACRE_TRAPPED);
}

/* The instance named by `name` (a $name), or the current one. */
static NacreInstance *instance_for(SpecExec *x, SpecCmd *c, const char *name)
{
	if (name) {
		Named *n = name_find(&x->names, name, strlen(name));
		if (!n)
			spec_fail(c, "unknown module %s", name);
		else if (!n->inst)
			spec_fail(c, "no instance: module %s (line %u) failed", name, n->line);
		return n ? n->inst : NULL;
	}
	if (!x->current) {
		if (x->current_line)
			spec_fail(c, "no instance: the current module (line %u) failed", x->current_line);
		else
			spec_fail(c, "no module before this command");
	}
	return x->current;
}

static void cmd_register(SpecExec *x, SpecCmd *c)
{
	const char *as = spec_cmd_str(c->json, "as");
	if (!as) {
		spec_fail(c, "register without \"as\"");
		return;
	}
	NacreInstance *inst = instance_for(x, c, spec_cmd_str(c->json, "name"));
	if (!inst)
		return;
	if (!name_add(&x->registered, as, inst, c->line)) {
		spec_fail(c, "out of memory");
		return;
	}
	c->outcome = SPEC_PASS;
}

/* ---- actions */

typedef struct Action {
	NacreStatus status;
	NacreError err;
	uint32_t nresults;
	uint8_t *types;       /* of the results */
	NacreValue *results;
} Action;

static void action_free(Action *a)
{
	free(a->types);
	free(a->results);
}

/* Parses the arguments into args[0..ft->nparams), checking their types. */
static bool parse_args(SpecCmd *c, const json_t *list, const NacreFuncType *ft, NacreValue *args)
{
	if (json_array_size(list) != ft->nparams) {
		spec_fail(c, "%zu arguments for a function of %u parameters", json_array_size(list),
		          ft->nparams);
		return false;
	}
	for (uint32_t i = 0; i < ft->nparams; i++) {
		SpecValue v;
		char err[128];
		if (!spec_value_parse(json_array_get(list, i), false, &v, err, sizeof err)) {
			spec_fail(c, "argument %u: %s", i, err);
			return false;
		}
		if (v.type != ft->params[i]) {
			spec_fail(c, "argument %u is %s, the parameter %s", i, spec_type_name(v.type),
			          spec_type_name(ft->params[i]));
			return false;
		}
		args[i] = v.v;
	}
	return true;
}

static bool invoke(SpecExec *x, SpecCmd *c, NacreInstance *inst, const json_t *action, Action *a)
{
	const json_t *field = json_object_get(action, "field");
	NacreExtern e;
	NacreFuncType ft;
	if (!json_is_string(field) ||
	    !nacre_instance_export(inst, json_string_value(field), json_string_length(field), &e) ||
	    e.kind != NACRE_EXTERN_FUNC || !nacre_func_type(x->store, e.u.func, &ft)) {
		spec_fail(c, "no exported function \"%s\"",
		          json_is_string(field) ? json_string_value(field) : "");
		return false;
	}
	NacreValue *args = calloc(ft.nparams + 1, sizeof *args);
	a->results = calloc(ft.nresults + 1, sizeof *a->results);
	a->types = malloc(ft.nresults + 1);
	if (!args || !a->results || !a->types) {
		free(args);
		spec_fail(c, "out of memory");
		return false;
	}
	if (!parse_args(c, json_object_get(action, "args"), &ft, args)) {
		free(args);
		return false;
	}
	a->nresults = ft.nresults;
	memcpy(a->types, ft.results, ft.nresults);
	a->status = nacre_call(x->store, e.u.func, args, a->results, &a->err);
	free(args);
	return true;
}

static bool get(SpecCmd *c, NacreInstance *inst, const json_t *action, Action *a)
{
	const json_t *field = json_object_get(action, "field");
	NacreExtern e;
	bool mut;
	a->results = calloc(1, sizeof *a->results);
	a->types = malloc(1);
	if (!a->results || !a->types) {
		spec_fail(c, "out of memory");
		return false;
	}
	if (!json_is_string(field) ||
	    !nacre_instance_export(inst, json_string_value(field), json_string_length(field), &e) ||
	    e.kind != NACRE_EXTERN_GLOBAL || !nacre_global_type(e.u.global, &a->types[0], &mut)) {
		spec_fail(c, "no exported global \"%s\"",
		          json_is_string(field) ? json_string_value(field) : "");
		return false;
	}
	a->nresults = 1;
	a->results[0] = nacre_global_get(e.u.global);
	a->status = NACRE_OK;
	return true;
}

/* Runs the command's action; false (c failed) when it could not be run. */
static bool run_action(SpecExec *x, SpecCmd *c, Action *a)
{
	*a = (Action){0};
	const json_t *action = json_object_get(c->json, "action");
	const char *type = spec_cmd_str(action, "type");
	NacreInstance *inst = instance_for(x, c, spec_cmd_str(action, "module"));
	if (!inst)
		return false;
	if (type && strcmp(type, "invoke") == 0)
		return invoke(x, c, inst, action, a);
	if (type && strcmp(type, "get") == 0)
		return get(c, inst, action, a);
	spec_fail(c, "unknown action type \"%s\"", type ? type : "");
	return false;
}

/* "(i32:1 f32:2.5 (0x40200000))" of the results. */
static void format_results(const Action *a, const json_t *expected, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "(");
	for (uint32_t i = 0; i < a->nresults && n < len; i++) {
		SpecValue shape = { .type = a->types[i], .nlanes = 1 };
		char err[64];
		/* a v128 is shown in the lanes the expected value is written in */
		if (a->types[i] == NACRE_V128 &&
		    !spec_value_parse(json_array_get(expected, i), true, &shape, err, sizeof err))
			shape = (SpecValue){ .type = NACRE_V128, .lane = SPEC_LANE_I32, .nlanes = 4 };
		shape.type = a->types[i];
		n += (size_t)snprintf(buf + n, len - n, "%s", i ? " " : "");
		if (n < len)
			spec_value_format(&shape, &a->results[i], buf + n, len - n);
		n = strlen(buf);
	}
	if (n + 1 < len)
		strcpy(buf + n, ")");
}

static void format_expected(const json_t *expected, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "(");
	for (size_t i = 0; i < json_array_size(expected) && n < len; i++) {
		SpecValue v;
		char err[64];
		n += (size_t)snprintf(buf + n, len - n, "%s", i ? " " : "");
		if (n >= len)
			break;
		if (spec_value_parse(json_array_get(expected, i), true, &v, err, sizeof err))
			spec_expected_format(&v, buf + n, len - n);
		else
			snprintf(buf + n, len - n, "<%s>", err);
		n = strlen(buf);
	}
	if (n + 1 < len)
		strcpy(buf + n, ")");
}

/* Whether the results are the expected ones; c failed (with what was
 * wrong) when not. */
static bool results_match(SpecCmd *c, const Action *a, const json_t *expected)
{
	bool ok = json_array_size(expected) == a->nresults;
	for (uint32_t i = 0; ok && i < a->nresults; i++) {
		SpecValue want;
		char err[128];
		if (!spec_value_parse(json_array_get(expected, i), true, &want, err, sizeof err)) {
			spec_fail(c, "expected result %u: %s", i, err);
			return false;
		}
		ok = want.type == a->types[i] && spec_value_matches(&want, &a->results[i]);
	}
	if (!ok) {
		char got[SPEC_WHY_MAX / 2], exp[SPEC_WHY_MAX / 2];
		format_results(a, expected, got, sizeof got);
		format_expected(expected, exp, sizeof exp);
		spec_fail(c, "got %s, expected %s", got, exp);
	}
	return ok;
}

static void cmd_assert_return(SpecExec *x, SpecCmd *c)
{
	Action a;
	if (run_action(x, c, &a)) {
		if (a.status != NACRE_OK)
			spec_fail(c, "%s: %s", status_name(a.status), a.err.message);
		else if (results_match(c, &a, json_object_get(c->json, "expected")))
			c->outcome = SPEC_PASS;
	}
	action_free(&a);
}

static void cmd_action(SpecExec *x, SpecCmd *c)
{
	Action a;
	if (run_action(x, c, &a)) {
		if (a.status != NACRE_OK)
			spec_fail(c, "%s: %s", status_name(a.status), a.err.message);
		else
			c->outcome = SPEC_PASS;
	}
	action_free(&a);
}

/* assert_trap and assert_exhaustion on an action. */
static void cmd_assert_trap(SpecExec *x, SpecCmd *c)
{
	if (spec_cmd_str(c->json, "filename")) {
		cmd_uninstantiable(x, c);
		return;
	}
	const char *text = spec_cmd_str(c->json, "text");
	Action a;
	if (!run_action(x, c, &a)) {
		action_free(&a);
		return;
	}
	char got[SPEC_WHY_MAX / 2];
	if (a.status == NACRE_OK) {
		format_results(&a, NULL, got, sizeof got);
		spec_fail(c, "returned %s, expected trap \"%s\"", got, text ? text : "");
	} else if (a.status != NACRE_TRAPPED) {
		spec_fail(c, "%s: %s, expected trap \"%s\"", status_name(a.status), a.err.message,
		          text ? text : "");
	} else if (text && !trap_matches(&a.err, text)) {
		spec_fail(c, "trapped with \"%s\", expected \"%s\" (%s)", trap_text(&a.err), text,
		          a.err.message);
	} else {
		c->outcome = SPEC_PASS;
	}
	action_free(&a);
}

static const struct {
	const char *type;
	void (*run)(SpecExec *x, SpecCmd *c);
} handlers[] = {
	{ "module", cmd_module },
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
	const char *mtype = spec_cmd_str(c->json, "module_type");
	if (strcmp(c->type, "assert_invalid") == 0 || strcmp(c->type, "assert_malformed") == 0 ||
	    (mtype && strcmp(mtype, "text") == 0)) {
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
