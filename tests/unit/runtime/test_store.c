/* tests/unit/runtime/test_store.c: the store (runtime-lib/store.c): type
 * interning, so that equal signatures get equal ids whatever module or
 * host function they come from and whatever their type index, and the
 * store's own lifetime and settings.
 */
#include "fixture.h"
#include "runtime-lib/rt.h"

static int32_t zero(void *vm)
{
	(void)vm;
	return 0;
}

static void nothing(void *env, NacreValue *v)
{
	(void)env;
	v[0].i32 = 0;
}

/* The fixture's types in another order, with a duplicate. */
static const NacreTypeDesc other_types[] = {
	{ 2, 1, fx_iii, NULL }, { 0, 1, fx_i, NULL }, { 0, 0, NULL, NULL }, { 0, 1, fx_i, NULL },
};
static const NacreEntry other_entries[] = { fx_entry_i_ii, fx_entry_i_v, fx_entry_v_v, fx_entry_i_v };
static const uint32_t other_func_types[] = { 3 };
static void *const other_code[] = { (void *)zero };
static const NacreExportDesc other_exports[] = { { FX_NAME("zero"), NACRE_EXTERN_FUNC, 0 } };
static const NacreModuleDesc other_desc = {
	.abi_version = NACRE_ABI_VERSION,
	.ntypes = 4, .types = other_types, .entries = other_entries,
	.nfuncs = 1, .func_types = other_func_types, .func_code = other_code,
	.nexports = 1, .exports = other_exports,
};
static const NacreModuleDesc fx_desc = { FX_DESC };

Test(store, types_interned_across_modules)
{
	NacreStore *s = nacre_store_new();
	NacreModule *a = fx_module(&fx_desc), *b = fx_module(&other_desc);
	const uint32_t *ia = fx_instance(s, a, NULL, 0)->vmctx.type_ids;
	const uint32_t *ib = fx_instance(s, b, NULL, 0)->vmctx.type_ids;
	cr_assert_eq(ia[FX_I_II], ib[0]);
	cr_assert_eq(ia[FX_I_V], ib[1]);
	cr_assert_eq(ia[FX_V_V], ib[2]);
	cr_assert_eq(ib[1], ib[3]);
	for (int i = 0; i < FX_NTYPES; i++)
		for (int j = 0; j < i; j++)
			cr_assert_neq(ia[i], ia[j], "types %d and %d share an id", i, j);
	NacreFuncRef *h = nacre_host_func_new(s, &fx_type_i_v, nothing, NULL);
	cr_assert_eq(h->type_id, ia[FX_I_V]);
	nacre_store_free(s);
	nacre_module_close(a);
	nacre_module_close(b);
}

Test(store, func_type_reports_the_signature)
{
	NacreStore *s = nacre_store_new();
	NacreModule *b = fx_module(&other_desc);
	NacreInstance *inst = fx_instance(s, b, NULL, 0);
	NacreFuncType t;
	cr_assert(nacre_func_type(s, fx_func(inst, "zero"), &t));
	cr_assert(t.nparams == 0 && t.nresults == 1 && t.results[0] == NACRE_I32);
	NacreFuncRef bogus = { NULL, NULL, 12345, 0 };
	cr_assert_not(nacre_func_type(s, &bogus, &t));
	cr_assert_not(nacre_func_type(s, NULL, &t));
	NacreError err;
	NacreValue v[1];
	cr_assert_eq(nacre_call(s, &bogus, v, v, &err), NACRE_ERROR);
	nacre_store_free(s);
	nacre_module_close(b);
}

Test(store, many_types_stay_distinct)
{
	NacreStore *s = nacre_store_new();
	static uint32_t ids[2000];
	uint8_t sig[8];
	for (uint32_t i = 0; i < 2000; i++) {
		for (int k = 0; k < 8; k++)
			sig[k] = (uint8_t)(0x7c + ((i >> (k * 2)) & 3)); /* i in base 4 over the 4 number types */
		ids[i] = rt_store_intern(s, 5, 3, sig, NULL);
		cr_assert_neq(ids[i], 0);
	}
	for (uint32_t i = 0; i < 2000; i++) {
		for (int k = 0; k < 8; k++)
			sig[k] = (uint8_t)(0x7c + ((i >> (k * 2)) & 3));
		cr_assert_eq(rt_store_intern(s, 5, 3, sig, NULL), ids[i]);
		cr_assert_eq(rt_store_intern(s, 4, 4, sig, NULL) == ids[i], false);
	}
	nacre_store_free(s);
}

Test(store, settings_and_free)
{
	NacreStore *s = nacre_store_new();
	cr_assert_eq(s->stack_size, 1 << 20);
	nacre_store_set_stack_size(s, 256 << 10);
	cr_assert_eq(s->stack_size, 256 << 10);
	nacre_store_free(s);
	nacre_store_free(NULL);
}
