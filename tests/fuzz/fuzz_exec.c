/* tests/fuzz/fuzz_exec.c: nacre-fuzz-exec, nacre's side of the differential
 * fuzz test (run-fuzz-exec).  For each module it does what binaryen's
 * `wasm-opt --fuzz-exec-before` does with a translate-to-fuzz module: calls
 * every exported function in export order with zero arguments, each after
 * `hangLimitInitializer`, in one instance whose memory lives across calls,
 * logging the `fuzzing-support.log-*` imports, and compares the transcript
 * with binaryen's, line by line, knowing each value's type: integers as
 * text, floats by value (any NaN equals any NaN), traps by kind alone.
 *
 *   nacre-fuzz-exec [--bounds=guard|explicit|masked] [-O0..-O3] WORK LIST
 *
 * LIST has a line "NAME MODULE.wasm EXPECTED.txt" per module.  Each module
 * is compiled (into WORK/NAME.so) and run in a child of its own, so a crash
 * is one failure, and its transcript goes to WORK/NAME.out.  One line per
 * module on stdout: "pass NAME", "limit NAME: ..." (binaryen stopped at a
 * host limit; everything before it matched) or "FAIL NAME: ...".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend/backend.h"
#include "frontend/frontend.h"
#include "nacre.h"

enum { LINE_MAX_ = 4096, WHY_MAX = 1024, MAX_VALUES = 32 };

/* One module's run: binaryen's lines, how far they matched, and why not. */
typedef struct Run {
	char **expected;
	size_t nexpected, next;
	bool mismatch, limit;
	char why[WHY_MAX];
	FILE *transcript;
} Run;

/* A value with the type that says how to compare it. */
typedef struct Val {
	uint8_t type;        /* NACRE_I32 ... */
	NacreValue v;
} Val;

static void format_val(const Val *x, char *buf, size_t len)
{
	switch (x->type) {
	case NACRE_I32: snprintf(buf, len, "%d", x->v.i32); return;
	case NACRE_I64: snprintf(buf, len, "%lld", (long long)x->v.i64); return;
	case NACRE_F32: snprintf(buf, len, "%.9g", (double)x->v.f32); return;
	case NACRE_F64: snprintf(buf, len, "%.17g", x->v.f64); return;
	case NACRE_V128: { /* binaryen's form: "i32x4" and four lanes in hex */
		uint32_t l[4];
		memcpy(l, x->v.v128, sizeof l);
		snprintf(buf, len, "i32x4 0x%08x 0x%08x 0x%08x 0x%08x", l[0], l[1], l[2], l[3]);
		return;
	}
	default: snprintf(buf, len, "<type 0x%02x>", x->type); return;
	}
}

/* binaryen prints floats as the shortest text that reads back exactly,
 * "nan" or "-nan:0xPAYLOAD", "inf", "-inf" (Literal::printDouble). */
static bool float_token(const char *tok, double *out)
{
	const char *p = tok + (*tok == '-');
	if (strncmp(p, "nan", 3) == 0) {
		*out = NAN;
		return true;
	}
	if (strncmp(p, "inf", 3) == 0) {
		*out = *tok == '-' ? -INFINITY : INFINITY;
		return true;
	}
	char *end;
	errno = 0;
	*out = strtod(tok, &end);
	return end != tok && *end == 0;
}

static bool same_val(const Val *x, const char *tok)
{
	char mine[64];
	double d;
	if (x->type == NACRE_I32 || x->type == NACRE_I64) {
		format_val(x, mine, sizeof mine);
		return strcmp(mine, tok) == 0;
	}
	if (!float_token(tok, &d))
		return false;
	double v = x->type == NACRE_F32 ? (double)x->v.f32 : x->v.f64;
	if (isnan(v) || isnan(d))
		return isnan(v) && isnan(d);
	if (x->type == NACRE_F32)
		return memcmp(&(float){ (float)d }, &x->v.f32, 4) == 0;
	return memcmp(&d, &x->v.f64, 8) == 0;
}

/* Our line as text, for the transcript and for a mismatch report. */
static void format_line(const char *head, const Val *vals, size_t n, const char *tail, char *buf, size_t len)
{
	size_t k = (size_t)snprintf(buf, len, "%s", head);
	for (size_t i = 0; i < n && k < len; i++) {
		char v[64];
		format_val(&vals[i], v, sizeof v);
		k += (size_t)snprintf(buf + k, len - k, " %s", v);
	}
	if (k < len)
		snprintf(buf + k, len - k, "%s", tail);
}

/* Whether binaryen's line `want` is head, then the values, then tail. */
static bool line_matches(const char *want, const char *head, const Val *vals, size_t n, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail), wl = strlen(want);
	if (wl < hl + tl || strncmp(want, head, hl) != 0 || strcmp(want + wl - tl, tail) != 0)
		return false;
	char body[LINE_MAX_];
	snprintf(body, sizeof body, "%.*s", (int)(wl - hl - tl), want + hl);
	for (char *p = body; *p; p++) /* several results are a tuple: "(1, 2)" */
		if (*p == '(' || *p == ')' || *p == ',')
			*p = ' ';
	char *save = NULL, *tok = strtok_r(body, " ", &save);
	for (size_t i = 0; i < n; i++, tok = strtok_r(NULL, " ", &save)) {
		if (tok && vals[i].type == NACRE_V128) { /* five tokens, compared as text */
			char mine[64], theirs[64] = "";
			format_val(&vals[i], mine, sizeof mine);
			for (int k = 0; k < 5 && tok; k++, tok = k < 5 ? strtok_r(NULL, " ", &save) : tok)
				snprintf(theirs + strlen(theirs), sizeof theirs - strlen(theirs), "%s%s", k ? " " : "", tok);
			if (strcmp(mine, theirs) != 0)
				return false;
			continue;
		}
		if (!tok || !same_val(&vals[i], tok))
			return false;
	}
	return tok == NULL;
}

static void mismatch(Run *r, const char *got)
{
	r->mismatch = true;
	if (r->next < r->nexpected)
		snprintf(r->why, sizeof r->why, "line %zu: expected \"%s\", got \"%s\"", r->next + 1,
		         r->expected[r->next], got);
	else
		snprintf(r->why, sizeof r->why, "line %zu: expected the end, got \"%s\"", r->next + 1, got);
}

/* Checks one line of ours against binaryen's next; a trap matches any
 * "[trap ...]" (the texts differ between the two). */
static void emit(Run *r, const char *head, const Val *vals, size_t n, const char *tail)
{
	char got[LINE_MAX_];
	format_line(head, vals, n, tail, got, sizeof got);
	fprintf(r->transcript, "%s\n", got);
	if (r->mismatch || r->limit)
		return;
	const char *want = r->next < r->nexpected ? r->expected[r->next] : NULL;
	if (want && strncmp(want, "[host limit", 11) == 0) {
		r->limit = true;
		snprintf(r->why, sizeof r->why, "binaryen hit a host limit at line %zu", r->next + 1);
		return;
	}
	bool ok = want && (strcmp(head, "[trap") == 0 ? strncmp(want, "[trap", 5) == 0
	                                              : line_matches(want, head, vals, n, tail));
	if (!ok) {
		mismatch(r, got);
		return;
	}
	r->next++;
}

/* ---- the fuzzing-support imports */

typedef struct Logger {
	Run *run;
	uint32_t nparams;
	uint8_t params[MAX_VALUES];
} Logger;

static void log_call(void *env, NacreValue *args)
{
	Logger *l = env;
	Val vals[2 * MAX_VALUES];
	size_t n = 0;
	for (uint32_t i = 0; i < l->nparams; i++) {
		if (l->params[i] != NACRE_I64) {
			vals[n++] = (Val){ .type = l->params[i], .v = args[i] };
			continue;
		}
		/* binaryen logs an i64 as two i32s, the low half first */
		uint64_t x = (uint64_t)args[i].i64;
		vals[n++] = (Val){ .type = NACRE_I32, .v.i32 = (int32_t)(uint32_t)x };
		vals[n++] = (Val){ .type = NACRE_I32, .v.i32 = (int32_t)(uint32_t)(x >> 32) };
	}
	emit(l->run, "[LoggingExternalInterface logging", vals, n, "]");
}

static bool make_logger(NacreStore *store, Run *r, const NacreTypeDesc *t, Logger *l, NacreExtern *out)
{
	if (t->nresults != 0 || t->nparams > MAX_VALUES)
		return false;
	*l = (Logger){ .run = r, .nparams = t->nparams };
	memcpy(l->params, t->types, t->nparams);
	NacreFuncType ft = { .nparams = t->nparams, .params = l->params };
	out->kind = NACRE_EXTERN_FUNC;
	out->u.func = nacre_host_func_new(store, &ft, log_call, l);
	return out->u.func != NULL;
}

static bool link_imports(NacreStore *store, Run *r, const NacreModuleDesc *d, Logger *loggers, NacreExtern *imports)
{
	for (uint32_t i = 0; i < d->nimports; i++) {
		const NacreImportDesc *imp = &d->imports[i];
		bool ours = imp->kind == NACRE_EXTERN_FUNC && imp->module_len == 15 &&
		            memcmp(imp->module, "fuzzing-support", 15) == 0;
		if (!ours || !make_logger(store, r, &d->types[d->func_types[imp->index]], &loggers[i], &imports[i])) {
			snprintf(r->why, sizeof r->why, "unsupported import \"%.*s\" \"%.*s\"", (int)imp->module_len,
			         imp->module, (int)imp->name_len, imp->name);
			return false;
		}
	}
	return true;
}

/* ---- calling the exports as binaryen's ExecutionResults does */

static NacreFuncRef *export_func(NacreInstance *inst, const char *name, size_t len)
{
	NacreExtern e;
	return nacre_instance_export(inst, name, len, &e) && e.kind == NACRE_EXTERN_FUNC ? e.u.func : NULL;
}

static bool call_zeros(NacreStore *store, NacreFuncRef *f, NacreFuncType *ft, NacreValue *results)
{
	NacreValue args[MAX_VALUES * 32] = {0};
	NacreError err;
	return nacre_func_type(store, f, ft) && ft->nparams <= sizeof args / sizeof *args &&
	       nacre_call(store, f, args, results, &err) == NACRE_OK;
}

static void call_export(NacreStore *store, NacreInstance *inst, Run *r, const NacreExportDesc *e)
{
	char head[LINE_MAX_];
	snprintf(head, sizeof head, "[fuzz-exec] calling %.*s", (int)e->name_len, e->name);
	emit(r, head, NULL, 0, "");
	NacreFuncRef *hang = export_func(inst, "hangLimitInitializer", 20);
	NacreFuncRef *f = export_func(inst, e->name, e->name_len);
	NacreFuncType ft, hft;
	NacreValue results[MAX_VALUES];
	if ((hang && !call_zeros(store, hang, &hft, results)) || !call_zeros(store, f, &ft, results)) {
		emit(r, "[trap", NULL, 0, "]");
		return;
	}
	if (ft.nresults == 0 || ft.nresults > MAX_VALUES || ft.results[0] == NACRE_FUNCREF)
		return;
	Val vals[MAX_VALUES];
	for (uint32_t i = 0; i < ft.nresults; i++)
		vals[i] = (Val){ .type = ft.results[i], .v = results[i] };
	snprintf(head, sizeof head, "[fuzz-exec] note result: %.*s =>", (int)e->name_len, e->name);
	emit(r, head, vals, ft.nresults, "");
}

static void run_instance(const NacreModule *mod, Run *r)
{
	const NacreModuleDesc *d = nacre_module_desc(mod);
	NacreStore *store = nacre_store_new();
	Logger *loggers = calloc(d->nimports + 1, sizeof *loggers);
	NacreExtern *imports = calloc(d->nimports + 1, sizeof *imports);
	NacreInstance *inst = NULL;
	NacreError err;
	if (!store || !loggers || !imports) {
		snprintf(r->why, sizeof r->why, "out of memory");
		r->mismatch = true;
	} else if (!link_imports(store, r, d, loggers, imports)) {
		r->mismatch = true;
	} else if (nacre_instantiate(store, mod, imports, d->nimports, &inst, &err) != NACRE_OK) {
		emit(r, "[trap", NULL, 0, "]"); /* binaryen: a trap while instantiating ends the run */
	} else {
		for (uint32_t i = 0; i < d->nexports; i++)
			if (d->exports[i].kind == NACRE_EXTERN_FUNC)
				call_export(store, inst, r, &d->exports[i]);
	}
	if (store)
		nacre_store_free(store);
	free(loggers);
	free(imports);
}

/* ---- one module, in a child */

static char **read_lines(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char **lines = calloc(1, sizeof *lines), buf[LINE_MAX_]; /* not NULL, even when empty */
	*n = 0;
	if (!f || !lines) {
		if (f)
			fclose(f);
		free(lines);
		return NULL;
	}
	while (fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = 0;
		char **l = realloc(lines, (*n + 1) * sizeof *l);
		if (!l)
			break;
		lines = l;
		lines[(*n)++] = strdup(buf);
	}
	fclose(f);
	return lines;
}

static bool compile(const char *wasm, const BeOptions *o, const char *so, char *why)
{
	FILE *f = fopen(wasm, "rb");
	uint8_t *bytes = NULL;
	long size = -1;
	if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (bytes = malloc((size_t)size + 1)) && fread(bytes, 1, (size_t)size, f) != (size_t)size)
		size = -1;
	if (f)
		fclose(f);
	DiagSink diags = {0};
	IrModule *m = size >= 0 && bytes ? fe_module_load(bytes, (size_t)size, &diags) : NULL;
	bool ok = m && be_compile(m, o, so, &diags);
	if (!ok)
		snprintf(why, WHY_MAX, "%s: %s", m ? "compile failed" : "rejected or unreadable",
		         diags.n ? diag_text(diags.items[0].code) : "no diagnostic");
	if (m)
		ir_module_free(m);
	free(bytes);
	return ok;
}

/* The child's whole job; its verdict goes to fd as one line. */
static void child(const char *name, const char *wasm, const char *expected, const char *work,
                  const BeOptions *o, int fd)
{
	char so[4096], out[4096], verdict[WHY_MAX + 256];
	Run r = {0};
	snprintf(so, sizeof so, "%s/%s.so", work, name);
	snprintf(out, sizeof out, "%s/%s.out", work, name);
	r.expected = read_lines(expected, &r.nexpected);
	r.transcript = fopen(out, "w");
	NacreModule *mod = NULL;
	NacreError err;
	if (!r.expected || !r.transcript) {
		snprintf(r.why, sizeof r.why, "cannot read %s or write %s", expected, out);
		r.mismatch = true;
	} else if (!compile(wasm, o, so, r.why)) {
		r.mismatch = true;
	} else if (nacre_module_open(so, &mod, &err) != NACRE_OK) {
		snprintf(r.why, sizeof r.why, "cannot load: %s", err.message);
		r.mismatch = true;
	} else {
		run_instance(mod, &r);
		nacre_module_close(mod);
		if (!r.mismatch && !r.limit && r.next < r.nexpected)
			if (strncmp(r.expected[r.next], "[host limit", 11) != 0)
				mismatch(&r, "(the end)");
	}
	if (r.transcript)
		fclose(r.transcript);
	int n = snprintf(verdict, sizeof verdict, "%s %s%s%s\n", r.mismatch ? "FAIL" : r.limit ? "limit" : "pass",
	                 name, r.mismatch || r.limit ? ": " : "", r.mismatch || r.limit ? r.why : "");
	if (write(fd, verdict, (size_t)n) < 0)
		_exit(3);
	if (!r.mismatch)
		unlink(so);
	_exit(0);
}

/* Runs one module in a child and prints its verdict (or how it died). */
static bool run_one(const char *name, const char *wasm, const char *expected, const char *work, const BeOptions *o)
{
	int p[2];
	if (pipe(p) != 0)
		return false;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		child(name, wasm, expected, work, o, p[1]);
	}
	close(p[1]);
	char buf[WHY_MAX + 256];
	ssize_t n = pid > 0 ? read(p[0], buf, sizeof buf - 1) : -1;
	close(p[0]);
	int status = 0;
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (n > 0) {
		fwrite(buf, 1, (size_t)n, stdout);
		return true;
	}
	if (WIFSIGNALED(status))
		printf("FAIL %s: crashed (%s)\n", name, strsignal(WTERMSIG(status)));
	else
		printf("FAIL %s: no verdict (exit %d)\n", name, WEXITSTATUS(status));
	return true;
}

static int usage(void)
{
	fprintf(stderr, "usage: nacre-fuzz-exec [--bounds=guard|explicit|masked] [-O0|-O1|-O2|-O3] WORK LIST\n");
	return 2;
}

static bool parse_option(const char *a, BeOptions *o)
{
	if (strcmp(a, "--bounds=guard") == 0)
		o->bounds = NACRE_BOUNDS_GUARD;
	else if (strcmp(a, "--bounds=explicit") == 0)
		o->bounds = NACRE_BOUNDS_EXPLICIT;
	else if (strcmp(a, "--bounds=masked") == 0)
		o->bounds = NACRE_BOUNDS_EXPLICIT, o->bounds_mask = true;
	else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3])
		o->opt = (BeOptLevel)(a[2] - '0');
	else
		return false;
	return true;
}

int main(int argc, char **argv)
{
	BeOptions o;
	be_options_default(&o);
	o.emit = BE_EMIT_SO;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++)
		if (!parse_option(argv[i], &o))
			return usage();
	if (argc - i != 2 || !o.target)
		return usage();
	FILE *list = fopen(argv[i + 1], "r");
	if (!list) {
		fprintf(stderr, "nacre-fuzz-exec: cannot read %s\n", argv[i + 1]);
		return 2;
	}
	be_targets_init();
	char line[3 * 4096], name[4096], wasm[4096], expected[4096];
	while (fgets(line, sizeof line, list))
		if (sscanf(line, "%4095s %4095s %4095s", name, wasm, expected) == 3)
			run_one(name, wasm, expected, argv[i], &o);
	fclose(list);
	return 0;
}
