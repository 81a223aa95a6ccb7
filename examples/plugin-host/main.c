/* examples/plugin-host/main.c: a C program that hosts two tenant modules
 * compiled by `nacre build --emit=obj` and linked into it.  Each tenant
 * gets a store of its own and the host's env.log; the host calls them
 * through their generated headers, and when one traps it prints the trap
 * and carries on with both.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "lookup.h"

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
		imports[i] = (NacreExtern){ .kind = NACRE_EXTERN_FUNC,
		                            .u.func = nacre_host_func_new(t->store, &log_type, host_log,
		                                                          (void *)t->name) };
		if (!imports[i].u.func)
			return NACRE_ERROR;
	}
	return NACRE_OK;
}

static bool load(Tenant *t)
{
	NacreError err = { 0 };
	NacreExtern imports[4];
	t->store = nacre_store_new();
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

int main(void)
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
		status = 0;
	}
	unload(&lookup);
	unload(&counter);
	return status;
}
