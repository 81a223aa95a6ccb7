/* wast/target.c: nacre-wast-target, the side of the spec runner
 * that runs on the target (natively, or under qemu-user for another
 * architecture).  It reads commands from stdin and answers each with one
 * line on stdout (wire.h): it opens the shared objects the engine
 * compiled, links them against `spectest` and the registered instances,
 * instantiates them and calls their exports through the embedding API.
 * One process serves a whole script; judging is the engine's (exec.c).
 */
#include "wire.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Registered {
	char *name;
	size_t len;
	NacreInstance *inst;
} Registered;

typedef struct Target {
	NacreStore *store;
	Spectest *spectest;
	NacreInstance **insts;   /* by the ID the engine gave; NULL: none */
	size_t ninsts;
	Registered *registered;  /* the latest registration of a name wins */
	size_t nregistered;
	NacreModule **modules;   /* every module opened, closed after the store */
	size_t nmodules;
	FILE *out;               /* the replies; stdout is stderr's, for stray output */
} Target;

static const char *const status_names[] = {
	[NACRE_OK] = "ok", [NACRE_ERROR] = "error", [NACRE_UNLINKABLE] = "unlinkable",
	[NACRE_TRAPPED] = "trapped",
};

static void oom(void)
{
	fputs("nacre-wast-target: out of memory\n", stderr);
	exit(2);
}

/* Room for item n of an array that grows one item at a time: 8 items,
 * then twice as many whenever n reaches a power of two. */
static void *grow(void *p, size_t n, size_t size)
{
	if (n & (n - 1) || (n && n < 8))
		return p;
	p = realloc(p, (n ? n * 2 : 8) * size);
	if (!p)
		oom();
	return p;
}

/* "bad MESSAGE". */
static void reply_bad(Target *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply_bad(Target *t, const char *fmt, ...)
{
	char msg[512], line[3 * sizeof msg + 8] = "bad ";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	spec_wire_escape(msg, strlen(msg), line, sizeof line);
	fprintf(t->out, "%s\n", line);
}

/* "fail STATUS TEXT MESSAGE": the text is the trap's, or the message. */
static void reply_fail(Target *t, NacreStatus st, const NacreError *err)
{
	const char *text = err->trap != NACRE_TRAP_NONE ? nacre_trap_text(err->trap) : err->message;
	char line[3 * 2 * sizeof err->message + 64];
	snprintf(line, sizeof line, "fail %s ",
	         (unsigned)st < sizeof status_names / sizeof *status_names ? status_names[st] : "error");
	spec_wire_escape(text ? text : "", text ? strlen(text) : 0, line, sizeof line);
	strcat(line, " ");
	spec_wire_escape(err->message, strlen(err->message), line, sizeof line);
	fprintf(t->out, "%s\n", line);
}

static void reply_values(Target *t, uint32_t n, const uint8_t *types, const NacreValue *v)
{
	fputs("ok", t->out);
	for (uint32_t i = 0; i < n; i++) {
		char buf[SPEC_WIRE_VALUE_MAX];
		spec_wire_value_put(types[i], &v[i], buf);
		fprintf(t->out, " %s", buf);
	}
	fputc('\n', t->out);
}

/* Instance `id` as the engine wrote it, or NULL (with a reply) when none. */
static NacreInstance *instance(Target *t, const char *id)
{
	char *end;
	unsigned long i = strtoul(id, &end, 10);
	if (*end || i >= t->ninsts || !t->insts[i]) {
		reply_bad(t, "no instance %s", id);
		return NULL;
	}
	return t->insts[i];
}

/* The import's value from a registered instance or spectest; false with
 * the spec's "unknown import" when there is none.  Kinds and types are the
 * runtime's to check. */
static bool resolve(Target *t, const NacreImportDesc *imp, NacreExtern *out, NacreError *err)
{
	const Registered *r = NULL;
	for (size_t i = t->nregistered; i-- > 0 && !r;)
		if (t->registered[i].len == imp->module_len &&
		    memcmp(t->registered[i].name, imp->module, imp->module_len) == 0)
			r = &t->registered[i];
	bool found;
	if (r)
		found = nacre_instance_export(r->inst, imp->name, imp->name_len, out);
	else
		found = imp->module_len == 8 && memcmp(imp->module, "spectest", 8) == 0 &&
		        spectest_lookup(t->spectest, imp->name, imp->name_len, out);
	if (!found)
		snprintf(err->message, sizeof err->message, "unknown import \"%.*s\" \"%.*s\"",
		         (int)imp->module_len, imp->module, (int)imp->name_len, imp->name);
	return found;
}

/* load ID PATH */
static void cmd_load(Target *t, char **f, int n)
{
	char *end;
	unsigned long id = n == 3 ? strtoul(f[1], &end, 10) : 0;
	if (n != 3 || *end || id > 1u << 24) {
		reply_bad(t, "usage: load ID PATH");
		return;
	}
	spec_wire_unescape(f[2]);
	NacreModule *mod;
	NacreError err = {0};
	if (nacre_module_open(f[2], &mod, &err) != NACRE_OK) {
		reply_bad(t, "cannot load %s: %s", f[2], err.message);
		return;
	}
	t->modules = grow(t->modules, t->nmodules, sizeof *t->modules);
	t->modules[t->nmodules++] = mod;
	const NacreModuleDesc *d = nacre_module_desc(mod);
	NacreExtern *imports = calloc(d->nimports ? d->nimports : 1, sizeof *imports);
	if (!imports)
		oom();
	NacreStatus st = NACRE_UNLINKABLE;
	bool linked = true;
	NacreInstance *inst = NULL;
	for (uint32_t i = 0; i < d->nimports && linked; i++)
		linked = resolve(t, &d->imports[i], &imports[i], &err);
	if (linked)
		st = nacre_instantiate(t->store, mod, imports, d->nimports, &inst, &err);
	free(imports);
	if (st != NACRE_OK) {
		reply_fail(t, st, &err);
		return;
	}
	while (t->ninsts <= id) {
		t->insts = grow(t->insts, t->ninsts, sizeof *t->insts);
		t->insts[t->ninsts++] = NULL;
	}
	t->insts[id] = inst;
	fputs("ok\n", t->out);
}

/* register NAME ID */
static void cmd_register(Target *t, char **f, int n)
{
	if (n != 3) {
		reply_bad(t, "usage: register NAME ID");
		return;
	}
	NacreInstance *inst = instance(t, f[2]);
	if (!inst)
		return;
	size_t len = spec_wire_unescape(f[1]);
	char *name = malloc(len + 1);
	if (!name)
		oom();
	memcpy(name, f[1], len + 1);
	t->registered = grow(t->registered, t->nregistered, sizeof *t->registered);
	t->registered[t->nregistered++] = (Registered){ name, len, inst };
	fputs("ok\n", t->out);
}

/* The export FIELD of instance ID, of the given kind; NULL (with a reply)
 * when there is none. */
static bool find_export(Target *t, char **f, uint32_t kind, NacreExtern *e)
{
	NacreInstance *inst = instance(t, f[1]);
	if (!inst)
		return false;
	size_t len = spec_wire_unescape(f[2]);
	if (nacre_instance_export(inst, f[2], len, e) && e->kind == kind)
		return true;
	reply_bad(t, "no exported %s \"%s\"", kind == NACRE_EXTERN_FUNC ? "function" : "global", f[2]);
	return false;
}

/* The arguments f[0..n) into args, checked against the parameters. */
static bool parse_args(Target *t, char **f, uint32_t n, const NacreFuncType *ft, NacreValue *args)
{
	if (n != ft->nparams) {
		reply_bad(t, "%u arguments for a function of %u parameters", n, ft->nparams);
		return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint8_t type;
		if (!spec_wire_value_get(f[i], &type, &args[i])) {
			reply_bad(t, "argument %u: bad value %s", i, f[i]);
			return false;
		}
		if (type != ft->params[i]) {
			reply_bad(t, "argument %u is %s, the parameter %s", i, spec_type_name(type),
			          spec_type_name(ft->params[i]));
			return false;
		}
	}
	return true;
}

/* invoke ID FIELD V... */
static void cmd_invoke(Target *t, char **f, int n)
{
	NacreExtern e;
	NacreFuncType ft;
	if (n < 3) {
		reply_bad(t, "usage: invoke ID FIELD VALUE...");
		return;
	}
	if (!find_export(t, f, NACRE_EXTERN_FUNC, &e))
		return;
	if (!nacre_func_type(t->store, e.u.func, &ft)) {
		reply_bad(t, "no type for export \"%s\"", f[2]);
		return;
	}
	NacreValue *args = calloc(ft.nparams + 1, sizeof *args);
	NacreValue *results = calloc(ft.nresults + 1, sizeof *results);
	if (!args || !results)
		oom();
	if (parse_args(t, f + 3, (uint32_t)(n - 3), &ft, args)) {
		NacreError err = {0};
		NacreStatus st = nacre_call(t->store, e.u.func, args, results, &err);
		if (st == NACRE_OK)
			reply_values(t, ft.nresults, ft.results, results);
		else
			reply_fail(t, st, &err);
	}
	free(args);
	free(results);
}

/* get ID FIELD */
static void cmd_get(Target *t, char **f, int n)
{
	NacreExtern e;
	uint8_t type;
	bool mut;
	if (n != 3) {
		reply_bad(t, "usage: get ID FIELD");
		return;
	}
	if (!find_export(t, f, NACRE_EXTERN_GLOBAL, &e))
		return;
	if (!nacre_global_type(e.u.global, &type, &mut)) {
		reply_bad(t, "no type for global \"%s\"", f[2]);
		return;
	}
	NacreValue v = nacre_global_get(e.u.global);
	reply_values(t, 1, &type, &v);
}

static const struct {
	const char *name;
	void (*run)(Target *t, char **f, int n);
} commands[] = {
	{ "load", cmd_load },
	{ "register", cmd_register },
	{ "invoke", cmd_invoke },
	{ "get", cmd_get },
};

static void command(Target *t, char *line, size_t len, char **f)
{
	int n = spec_wire_split(line, f, (int)(len / 2 + 2));
	for (size_t i = 0; n > 0 && i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(f[0], commands[i].name) == 0) {
			commands[i].run(t, f, n);
			return;
		}
	}
	reply_bad(t, "unknown command \"%s\"", n > 0 ? f[0] : "");
}

int main(int argc, char **argv)
{
	if (argc != 1) {
		fprintf(stderr, "usage: %s (commands on stdin, see wast/wire.h)\n", argv[0]);
		return 2;
	}
	Target t = {0};
	int fd = dup(STDOUT_FILENO);
	if (fd < 0 || !(t.out = fdopen(fd, "w")) || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		perror("nacre-wast-target");
		return 2;
	}
	char err[256];
	if (!(t.store = nacre_store_new()) || !(t.spectest = spectest_new(t.store, err, sizeof err))) {
		fprintf(stderr, "nacre-wast-target: %s\n", t.store ? err : "nacre_store_new failed");
		return 2;
	}
	char *line = NULL, **f = NULL;
	size_t cap = 0, fcap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if ((size_t)len / 2 + 2 > fcap) {
			fcap = (size_t)len / 2 + 2;
			if (!(f = realloc(f, fcap * sizeof *f)))
				oom();
		}
		command(&t, line, (size_t)len, f);
		fflush(t.out);
	}
	free(line);
	free(f);
	spectest_free(t.spectest);
	nacre_store_free(t.store);
	for (size_t i = 0; i < t.nmodules; i++)
		nacre_module_close(t.modules[i]);
	for (size_t i = 0; i < t.nregistered; i++)
		free(t.registered[i].name);
	free(t.registered);
	free(t.insts);
	free(t.modules);
	fclose(t.out);
	return 0;
}
