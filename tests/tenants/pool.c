/* tests/tenants/pool.c: the memory pool (nacre_pool_new).  A slot comes
 * back zeroed however its last tenant left it, grown or not; the pool's
 * page limit caps memory.grow; a full pool refuses the next memory and
 * takes it once a store is freed; slots without guard refuse guard-page
 * code and serve explicit-bounds code.  Prints each check; exit status 0
 * when all held.
 */
#include <stdio.h>
#include <string.h>

#include "nacre.h"

extern const NacreModuleDesc tenant_guard_module, tenant_explicit_module;

enum { SLOTS = 2, PAGES = 4, ROUNDS = 50 };

static int failures;

static void check(bool ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
	failures += !ok;
}

typedef struct Tenant {
	NacreStore *s;
	NacreInstance *inst;
} Tenant;

static NacreStatus make(NacrePool *pool, const NacreModule *m, Tenant *t, NacreError *err)
{
	t->s = nacre_store_new_in(pool);
	return t->s ? nacre_instantiate(t->s, m, NULL, 0, &t->inst, err) : NACRE_ERROR;
}

static int32_t call_i32(Tenant *t, const char *name)
{
	NacreExtern fn;
	NacreValue r[1] = { { .i32 = -1 } };
	NacreError err;
	if (!nacre_instance_export(t->inst, name, strlen(name), &fn) ||
	    nacre_call(t->s, fn.u.func, NULL, r, &err) != NACRE_OK)
		return -1;
	return r[0].i32;
}

static bool call_void(Tenant *t, const char *name)
{
	NacreExtern fn;
	NacreError err;
	return nacre_instance_export(t->inst, name, strlen(name), &fn) &&
	       nacre_call(t->s, fn.u.func, NULL, NULL, &err) == NACRE_OK;
}

/* Every round finds its memory zero, grows it to the pool's limit,
 * scribbles over all of it and frees the store. */
static void reuse(NacrePool *pool, const NacreModule *m, const char *what)
{
	bool zero = true, capped = true, made = true;
	for (int i = 0; i < ROUNDS && made; i++) {
		Tenant t;
		NacreError err;
		made = make(pool, m, &t, &err) == NACRE_OK;
		zero = zero && made && call_i32(&t, "clean") == 1;
		/* hog grows one page at a time: from 1 page to the limit */
		capped = capped && made && (i % 2 == 0 || call_i32(&t, "hog") == PAGES - 1);
		made = made && call_void(&t, "scribble");
		nacre_store_free(t.s);
	}
	char line[160];
	snprintf(line, sizeof line, "%s: %d rounds made, every slot zero when taken, grow stops at %d pages", what,
	         ROUNDS, PAGES);
	check(made && zero && capped, line);
}

/* With every slot taken the next memory is refused; freeing one makes room. */
static void full(NacrePool *pool, const NacreModule *m)
{
	Tenant t[SLOTS + 1];
	NacreError err = { 0 };
	bool all = true;
	for (int i = 0; i < SLOTS; i++)
		all = make(pool, m, &t[i], &err) == NACRE_OK && all;
	bool refused = make(pool, m, &t[SLOTS], &err) == NACRE_ERROR && strstr(err.message, "limit: ");
	check(all && refused, "a full pool refuses the next memory with a limit error");
	nacre_store_free(t[SLOTS].s);
	nacre_store_free(t[0].s);
	bool again = make(pool, m, &t[0], &err) == NACRE_OK;
	check(again, "a freed store's slot is taken again");
	for (int i = 0; i < SLOTS; i++)
		nacre_store_free(t[i].s);
}

static NacrePool *pool_of(bool guard)
{
	NacreError err;
	NacrePoolConfig c = { .memories = SLOTS, .memory_pages = PAGES, .guard = guard, .keep_resident = 65536 };
	NacrePool *p = nacre_pool_new(&c, &err);
	if (!p)
		fprintf(stderr, "nacre_pool_new: %s\n", err.message);
	return p;
}

int main(void)
{
	NacreModule *guard, *explicit;
	NacreError err;
	NacrePool *guarded = pool_of(true), *plain = pool_of(false);
	if (!guarded || !plain || nacre_module_from_desc(&tenant_guard_module, &guard, &err) != NACRE_OK ||
	    nacre_module_from_desc(&tenant_explicit_module, &explicit, &err) != NACRE_OK)
		return 1;
	reuse(guarded, guard, "guard slots, guard code");
	reuse(guarded, explicit, "guard slots, explicit code");
	reuse(plain, explicit, "plain slots, explicit code");
	full(guarded, guard);
	full(plain, explicit);
	Tenant t;
	bool refused = make(plain, guard, &t, &err) == NACRE_ERROR && strstr(err.message, "guard");
	check(refused, "slots without guard refuse guard-page code");
	nacre_store_free(t.s);
	NacrePoolConfig zero = { 0 };
	check(!nacre_pool_new(&zero, &err), "a pool of no slots is refused");
	nacre_module_close(guard);
	nacre_module_close(explicit);
	nacre_pool_free(guarded);
	nacre_pool_free(plain);
	return failures ? 1 : 0;
}
