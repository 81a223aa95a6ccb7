/* tests/embed/test_typedref.c: typed function references (Wasm 3.0)
 * between two compiled modules and through the generated headers.
 * typedref_provider exports a table of (ref null $ii), a (ref $ii) global
 * and functions taking and returning typed references; typedref_user
 * imports them and calls through them with call_ref (built for guard and
 * explicit bounds); typedref_other imports the global at another function
 * type and must not link.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "typedref_other.h"
#include "typedref_provider.h"
#include "typedref_user_explicit.h"
#include "typedref_user_guard.h"

typedef struct Pair {
	NacreStore *store;
	NacreModule *pm, *um;
	NacreInstance *provider, *user;
} Pair;

static NacreExtern export_of(NacreInstance *inst, const char *name)
{
	NacreExtern ex = { 0 };
	cr_assert(nacre_instance_export(inst, name, strlen(name), &ex), "no export %s", name);
	return ex;
}

/* The provider, then a user module (desc) bound to its exports; the
 * user's status comes back, its instance in p->user. */
static NacreStatus link_user(Pair *p, const NacreModuleDesc *desc, NacreError *err)
{
	*p = (Pair){ .store = nacre_store_new() };
	cr_assert(p->store);
	cr_assert_eq(nacre_module_from_desc(&typedref_provider_module, &p->pm, err), NACRE_OK, "%s", err->message);
	cr_assert_eq(nacre_instantiate(p->store, p->pm, NULL, 0, &p->provider, err), NACRE_OK, "%s", err->message);
	cr_assert_eq(nacre_module_from_desc(desc, &p->um, err), NACRE_OK, "%s", err->message);
	NacreExtern imports[3] = { export_of(p->provider, "fns"), export_of(p->provider, "inc"),
	                           export_of(p->provider, "inc") };
	return nacre_instantiate(p->store, p->um, imports, desc->nimports, &p->user, err);
}

static void unlink_pair(Pair *p)
{
	nacre_store_free(p->store);
	nacre_module_close(p->pm);
	if (p->um)
		nacre_module_close(p->um);
}

/* One user build's exports, so each test runs for guard and explicit. */
typedef struct User {
	const NacreModuleDesc *desc;
	NacreStatus (*call_elem)(NacreStore *, NacreInstance *, int32_t, int32_t, int32_t *, NacreError *);
	NacreStatus (*call_global)(NacreStore *, NacreInstance *, int32_t, int32_t *, NacreError *);
	NacreStatus (*try_elem)(NacreStore *, NacreInstance *, int32_t, int32_t, int32_t *, NacreError *);
	NacreStatus (*non_null)(NacreStore *, NacreInstance *, int32_t, int32_t *, NacreError *);
	NacreStatus (*as_non_null)(NacreStore *, NacreInstance *, int32_t, int32_t *, NacreError *);
	NacreStatus (*global_is_null)(NacreStore *, NacreInstance *, int32_t *, NacreError *);
} User;

#define USER(b)                                                                                      \
	{ &typedref_user_##b##_module, typedref_user_##b##_call_elem, typedref_user_##b##_call_global, \
	  typedref_user_##b##_try_elem, typedref_user_##b##_non_null, typedref_user_##b##_as_non_null, \
	  typedref_user_##b##_global_is_null }
static const User users[] = { USER(guard), USER(explicit) };

Test(typedref, call_ref_through_imported_table_and_global)
{
	for (size_t k = 0; k < sizeof users / sizeof *users; k++) {
		const User *u = &users[k];
		Pair p;
		NacreError err;
		int32_t r = 0;
		cr_assert_eq(link_user(&p, u->desc, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(u->call_elem(p.store, p.user, 0, 41, &r, &err), NACRE_OK, "%s", err.message);
		cr_expect_eq(r, 42);
		cr_assert_eq(u->call_elem(p.store, p.user, 2, 21, &r, &err), NACRE_OK, "%s", err.message);
		cr_expect_eq(r, 42);
		cr_assert_eq(u->call_global(p.store, p.user, 9, &r, &err), NACRE_OK, "%s", err.message);
		cr_expect_eq(r, 10);
		cr_assert_eq(u->global_is_null(p.store, p.user, &r, &err), NACRE_OK, "%s", err.message);
		cr_expect_eq(r, 0);
		unlink_pair(&p);
	}
}

/* The null element of another module's table: call_ref traps, and the
 * instance stays usable. */
Test(typedref, call_ref_of_null_element_traps)
{
	for (size_t k = 0; k < sizeof users / sizeof *users; k++) {
		const User *u = &users[k];
		Pair p;
		NacreError err;
		int32_t r = -7;
		cr_assert_eq(link_user(&p, u->desc, &err), NACRE_OK, "%s", err.message);
		cr_assert_eq(u->call_elem(p.store, p.user, 1, 5, &r, &err), NACRE_TRAPPED);
		cr_expect_eq(err.trap, NACRE_TRAP_NULL_FUNC_REF);
		cr_expect(strstr(err.message, "null function reference"), "%s", err.message);
		cr_expect_eq(r, -7, "no result written");
		cr_assert_eq(u->as_non_null(p.store, p.user, 1, &r, &err), NACRE_TRAPPED);
		cr_expect_eq(err.trap, NACRE_TRAP_NULL_REF);
		cr_assert_eq(u->as_non_null(p.store, p.user, 0, &r, &err), NACRE_OK, "%s", err.message);
		cr_expect_eq(r, 0);
		cr_assert_eq(u->call_elem(p.store, p.user, 0, 5, &r, &err), NACRE_OK, "%s", err.message);
		cr_expect_eq(r, 6);
		unlink_pair(&p);
	}
}

Test(typedref, br_on_null_and_br_on_non_null)
{
	for (size_t k = 0; k < sizeof users / sizeof *users; k++) {
		const User *u = &users[k];
		Pair p;
		NacreError err;
		int32_t r = 0;
		cr_assert_eq(link_user(&p, u->desc, &err), NACRE_OK, "%s", err.message);
		static const int32_t want_try[] = { 4, -1, 6 }, want_some[] = { 1, 0, 1 };
		for (int32_t i = 0; i < 3; i++) {
			cr_assert_eq(u->try_elem(p.store, p.user, i, 3, &r, &err), NACRE_OK, "%s", err.message);
			cr_expect_eq(r, want_try[i], "element %d", i);
			cr_assert_eq(u->non_null(p.store, p.user, i, &r, &err), NACRE_OK, "%s", err.message);
			cr_expect_eq(r, want_some[i], "element %d", i);
		}
		unlink_pair(&p);
	}
}

/* A global of (ref $ii) imported as a reference to (func (param f32)
 * (result f32)): the function types differ, so it does not link. */
Test(typedref, import_of_another_function_type_is_unlinkable)
{
	Pair p;
	NacreError err;
	cr_expect_eq(link_user(&p, &typedref_other_module, &err), NACRE_UNLINKABLE);
	cr_expect(strstr(err.message, "incompatible import type") && strstr(err.message, "global type"), "%s",
	          err.message);
	unlink_pair(&p);
}

/* Typed references pass through the header as NacreFuncRef *; the
 * runtime refuses a null or a function of another type where the
 * parameter's type rules it out, before any code runs. */
Test(typedref, header_passes_typed_references)
{
	Pair p;
	NacreError err;
	int32_t r = 0;
	NacreFuncRef *f = NULL, *g = NULL;
	cr_assert_eq(link_user(&p, &typedref_user_guard_module, &err), NACRE_OK, "%s", err.message);
	cr_assert_eq(typedref_provider_get(p.store, p.provider, 0, &f, &err), NACRE_OK, "%s", err.message);
	cr_assert(f);
	cr_assert_eq(typedref_provider_get(p.store, p.provider, 1, &g, &err), NACRE_OK, "%s", err.message);
	cr_expect_null(g);
	cr_assert_eq(typedref_provider_apply(p.store, p.provider, f, 1, &r, &err), NACRE_OK, "%s", err.message);
	cr_expect_eq(r, 2);
	cr_expect_eq(typedref_provider_apply(p.store, p.provider, NULL, 1, &r, &err), NACRE_ERROR);
	NacreFuncRef *wrong = export_of(p.provider, "apply_all").u.func;
	cr_expect_eq(typedref_provider_apply(p.store, p.provider, wrong, 1, &r, &err), NACRE_ERROR);
	cr_expect(strstr(err.message, "argument 0"), "%s", err.message);
	/* the initialiser filled the non-nullable table with $dbl */
	cr_assert_eq(typedref_provider_apply_all(p.store, p.provider, 1, 8, &r, &err), NACRE_OK, "%s", err.message);
	cr_expect_eq(r, 16);
	unlink_pair(&p);
}
