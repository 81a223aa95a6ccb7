/* examples/plugin-host/main.c: a C program that hosts two tenant modules
 * compiled by `nacre build --emit=obj --interruptible` and linked into
 * it, and then a WASI plugin loaded from a shared object (`--emit=so`).
 * Each tenant gets a store of its own, limited to 1 MiB of memory per
 * memory and a few objects, and the host's env.log; the host calls them
 * through their generated headers, with a deadline where a call might
 * not return, and when one traps, runs out of time or is refused memory
 * it prints that and carries on with both.  The WASI plugin (report.c,
 * built with wasi-libc) gets a scratch directory as /data and its stdout
 * captured (nacre_wasi.h).
 *
 * usage: plugin-host REPORT.so
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "counter.h"
#include "lookup.h"
#include "nacre_wasi.h"

typedef struct Tenant {
	const char *name;
	const NacreModuleDesc *desc;
	NacreStore *store;
	NacreModule *module;
	NacreInstance *inst;
} Tenant;

/* env.log: env is the tenant's name, so one callback serves them all. */
static void host_log(void *env, NacreValue *args_results)
{
	printf("  [%s] log %d\n", (const char *)env, (int)args_results[0].i32);
}

enum { MEMORY_PAGES = 16, DEADLINE_MS = 100 };

/* Every plugin's store is made here: at most 16 pages (1 MiB) per memory,
 * 1,000 table elements, 2 instances, 64 host functions (a WASI plugin's
 * imports are host functions too). */
static NacreStore *store_new(void)
{
	NacreStore *s = nacre_store_new();
	if (s)
		nacre_store_set_limits(s, &(NacreLimits){ .memory_pages = MEMORY_PAGES, .table_elements = 1000,
		                                          .instances = 2, .host_funcs = 64 });
	return s;
}

/* A deadline for one call: a thread that interrupts the store unless the
 * call ends first.  Only code built --interruptible checks in loops. */
typedef struct Deadline {
	NacreStore *store;
	pthread_mutex_t lock;
	pthread_cond_t ended;
	bool done;
	pthread_t thread;
} Deadline;

static void *watch(void *arg)
{
	Deadline *d = arg;
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_nsec += DEADLINE_MS * 1000000L;
	at.tv_sec += at.tv_nsec / 1000000000L;
	at.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&d->lock);
	while (!d->done && pthread_cond_timedwait(&d->ended, &d->lock, &at) == 0)
		;
	if (!d->done)
		nacre_store_interrupt(d->store); /* safe from any thread */
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

static bool deadline_start(Deadline *d, NacreStore *store)
{
	*d = (Deadline){ .store = store };
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->ended, NULL);
	return pthread_create(&d->thread, NULL, watch, d) == 0;
}

/* The call ended: the watcher must not interrupt a later one. */
static void deadline_stop(Deadline *d)
{
	pthread_mutex_lock(&d->lock);
	d->done = true;
	pthread_cond_signal(&d->ended);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	pthread_cond_destroy(&d->ended);
	pthread_mutex_destroy(&d->lock);
}

static bool is(const char *p, uint32_t n, const char *s)
{
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

/* Imports come in the module's import order (its header lists them);
 * this host offers one function, env.log (i32) -> (). */
static NacreStatus bind(Tenant *t, NacreExtern *imports, NacreError *err)
{
	static const uint8_t i32[] = { NACRE_I32 };
	const NacreFuncType log_type = { .nparams = 1, .params = i32 };
	for (uint32_t i = 0; i < t->desc->nimports; i++) {
		const NacreImportDesc *im = &t->desc->imports[i];
		if (im->kind != NACRE_EXTERN_FUNC || !is(im->module, im->module_len, "env") ||
		    !is(im->name, im->name_len, "log")) {
			snprintf(err->message, sizeof err->message, "unknown import %.*s::%.*s",
			         (int)im->module_len, im->module, (int)im->name_len, im->name);
			return NACRE_UNLINKABLE;
		}
		imports[i] = (NacreExtern){ .kind = NACRE_EXTERN_FUNC };
		NacreStatus st = nacre_host_func_create(t->store, &log_type, host_log, (void *)t->name,
		                                        &imports[i].u.func, err);
		if (st != NACRE_OK)
			return st;
	}
	return NACRE_OK;
}

static bool load(Tenant *t)
{
	NacreError err = { 0 };
	NacreExtern imports[4];
	t->store = store_new();
	NacreStatus st = !t->store ? NACRE_ERROR
	                 : t->desc->nimports > 4 ? NACRE_UNLINKABLE
	                 : nacre_module_from_desc(t->desc, &t->module, &err);
	if (st == NACRE_OK)
		st = bind(t, imports, &err);
	if (st == NACRE_OK)
		st = nacre_instantiate(t->store, t->module, imports, t->desc->nimports, &t->inst, &err);
	if (st != NACRE_OK)
		fprintf(stderr, "plugin-host: cannot load %s: %s\n", t->name, err.message);
	return st == NACRE_OK;
}

static void unload(Tenant *t)
{
	if (t->store)
		nacre_store_free(t->store); /* the instance, its memory and host functions */
	if (t->module)
		nacre_module_close(t->module);
}

/* Prints what a call did: its result, or the trap that stopped it. */
__attribute__((format(printf, 4, 5)))
static void report(const char *call, NacreStatus st, const NacreError *err, const char *fmt, ...)
{
	printf("%s", call);
	if (st == NACRE_OK) {
		va_list ap;
		va_start(ap, fmt);
		printf(" = ");
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	} else {
		printf(" failed: %s\n", err->message);
	}
}

/* A tenant that never returns is stopped by its deadline, one that takes
 * memory is refused past its limit, and both stay usable. */
static int misbehave(Tenant *t)
{
	NacreError err;
	int32_t n = 0;
	Deadline d;
	if (!deadline_start(&d, t->store))
		return 1;
	NacreStatus st = lookup_spin(t->store, t->inst, &err);
	deadline_stop(&d);
	report("lookup.spin() with a 100 ms deadline", st, &err, "returned");
	st = lookup_grow(t->store, t->inst, &n, &err);
	report("lookup.grow() under a 16-page limit", st, &err, "%d more pages", (int)n);
	st = lookup_get(t->store, t->inst, 2, &n, &err);
	report("lookup.get(2)", st, &err, "%d", (int)n);
	return 0;
}

static int run_tenants(void)
{
	Tenant counter = { .name = "counter", .desc = &counter_module };
	Tenant lookup = { .name = "lookup", .desc = &lookup_module };
	int status = 1;
	if (load(&counter) && load(&lookup)) {
		NacreError err;
		int32_t n = 0;
		double mean = 0;
		NacreStatus st;

		st = counter_bump(counter.store, counter.inst, 5, &n, &err);
		report("counter.bump(5)", st, &err, "%d", (int)n);
		st = lookup_get(lookup.store, lookup.inst, 1, &n, &err);
		report("lookup.get(1)", st, &err, "%d", (int)n);

		/* 1000000 * 4 is past lookup's one page of memory: a trap,
		 * which ends this call and nothing else */
		st = lookup_get(lookup.store, lookup.inst, 1000000, &n, &err);
		report("lookup.get(1000000)", st, &err, "%d", (int)n);

		st = counter_bump(counter.store, counter.inst, 7, &n, &err);
		report("counter.bump(7)", st, &err, "%d", (int)n);
		st = counter_mean(counter.store, counter.inst, 3, 4, &mean, &err);
		report("counter.mean(3, 4)", st, &err, "%.1f", mean);
		st = lookup_get(lookup.store, lookup.inst, 2, &n, &err);
		report("lookup.get(2)", st, &err, "%d", (int)n);
		status = misbehave(&lookup);
	}
	unload(&lookup);
	unload(&counter);
	return status;
}

/* ---- The WASI plugin */

enum { CAPTURE_MAX = 64 << 10 };
static const char NOTES[] = "alpha beta\ngamma delta epsilon\nzeta eta theta iota\n";

/* dir/name, in path. */
static const char *path_of(char *path, size_t n, const char *dir, const char *name)
{
	snprintf(path, n, "%s/%s", dir, name);
	return path;
}

/* Prints text line by line, each prefixed, as the tenants' logs are. */
static void print_lines(const char *prefix, const char *text, size_t n)
{
	while (n) {
		const char *nl = memchr(text, '\n', n);
		size_t len = nl ? (size_t)(nl - text) + 1 : n;
		printf("  %s %.*s%s", prefix, (int)len, text, nl ? "" : "\n");
		text += len;
		n -= len;
	}
}

static bool write_notes(const char *dir)
{
	char path[512];
	FILE *f = fopen(path_of(path, sizeof path, dir, "notes.txt"), "w");
	return f && fputs(NOTES, f) >= 0 && fclose(f) == 0;
}

static void print_file(const char *dir, const char *name)
{
	char path[512], text[256];
	FILE *f = fopen(path_of(path, sizeof path, dir, name), "r");
	size_t n = f ? fread(text, 1, sizeof text, f) : 0;
	if (f)
		fclose(f);
	printf("%s:\n", name);
	print_lines("|", text, n);
}

/* What the plugin is given: its arguments, dir as /data, stdout into a
 * buffer of ours, and our stderr.  Nothing else of the host. */
static NacreStatus grant(NacreWasi *w, const char *dir, NacreError *err)
{
	static const char *const args[] = { "report", "notes" };
	NacreStatus st = nacre_wasi_set_args(w, 2, args, err);
	if (st == NACRE_OK)
		st = nacre_wasi_preopen(w, dir, "/data", false, err);
	if (st == NACRE_OK)
		st = nacre_wasi_stdio_capture(w, NACRE_WASI_STDOUT, CAPTURE_MAX, err);
	if (st == NACRE_OK)
		st = nacre_wasi_stdio_fd(w, NACRE_WASI_STDERR, STDERR_FILENO, err);
	return st;
}

/* Runs the plugin's _start in a store of its own; proc_exit, or main's
 * return, ends the call with the plugin's exit code. */
static int run_report(const char *so, const char *dir)
{
	NacreError err = { .message = "out of memory" };
	NacreStore *store = store_new();
	NacreWasi *wasi = nacre_wasi_new();
	NacreModule *module = NULL;
	NacreStatus st = !store || !wasi ? NACRE_ERROR : nacre_module_open(so, &module, &err);
	if (st == NACRE_OK)
		st = grant(wasi, dir, &err);
	if (st == NACRE_OK)
		st = nacre_wasi_run(wasi, store, module, NULL, &err);
	int status = 1;
	if (st == NACRE_OK || st == NACRE_EXITED) {
		size_t n;
		const uint8_t *out = nacre_wasi_captured(wasi, NACRE_WASI_STDOUT, &n);
		print_lines("[report]", (const char *)out, n);
		printf("report exited with %d\n", (int)err.exit_code);
		status = err.exit_code != 0;
	} else {
		fprintf(stderr, "plugin-host: cannot run report: %s\n", err.message);
	}
	if (store)
		nacre_store_free(store);
	if (module)
		nacre_module_close(module);
	nacre_wasi_free(wasi); /* after the store, whose host functions it serves */
	return status;
}

static int run_wasi_plugin(const char *so)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[512];
	snprintf(dir, sizeof dir, "%s/plugin-host-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || !write_notes(dir)) {
		perror("plugin-host: scratch directory");
		return 1;
	}
	int status = run_report(so, dir);
	if (status == 0)
		print_file(dir, "report.txt");
	remove(path_of(path, sizeof path, dir, "notes.txt"));
	remove(path_of(path, sizeof path, dir, "report.txt"));
	rmdir(dir);
	return status;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: plugin-host REPORT.so\n");
		return 2;
	}
	int status = run_tenants();
	return status ? status : run_wasi_plugin(argv[1]);
}
