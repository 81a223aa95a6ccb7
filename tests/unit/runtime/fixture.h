/* tests/unit/runtime/fixture.h: what the compiler would generate, written
 * by hand in C, for the runtime's tests: a table of function types with
 * their entry trampolines and host adapters (type indices FX_*), and
 * helpers to load a hand-built NacreModuleDesc and reach its exports.
 * Functions follow abi.h's convention with `void *` as the context.
 */
#ifndef NACRE_TEST_RT_FIXTURE_H
#define NACRE_TEST_RT_FIXTURE_H

#include <criterion/criterion.h>
#include <string.h>

#include "nacre.h"

typedef void (*FnVV)(void *);
typedef int32_t (*FnIV)(void *);
typedef int32_t (*FnII)(void *, int32_t);
typedef int32_t (*FnIII)(void *, int32_t, int32_t);
typedef void (*FnVI)(void *, int32_t);
typedef int32_t (*FnIIII)(void *, int32_t, int32_t, int32_t);

/* Type indices of every fixture module. */
enum { FX_V_V, FX_I_V, FX_I_I, FX_I_II, FX_V_I, FX_I_III, FX_NTYPES };

static const uint8_t fx_i[] = { NACRE_I32 };
static const uint8_t fx_ii[] = { NACRE_I32, NACRE_I32 };
static const uint8_t fx_iii[] = { NACRE_I32, NACRE_I32, NACRE_I32 };
static const uint8_t fx_iiii[] = { NACRE_I32, NACRE_I32, NACRE_I32, NACRE_I32 };

static const NacreTypeDesc fx_types[FX_NTYPES] = {
	[FX_V_V] = { 0, 0, NULL, NULL }, [FX_I_V] = { 0, 1, fx_i, NULL }, [FX_I_I] = { 1, 1, fx_ii, NULL },
	[FX_I_II] = { 2, 1, fx_iii, NULL }, [FX_V_I] = { 1, 0, fx_i, NULL }, [FX_I_III] = { 3, 1, fx_iiii, NULL },
};

/* The same signatures as NacreFuncType, for host functions. */
static const NacreFuncType fx_type_v_v = { 0, 0, NULL, NULL };
static const NacreFuncType fx_type_i_v = { 0, 1, NULL, fx_i };
static const NacreFuncType fx_type_i_i = { 1, 1, fx_i, fx_i };
static const NacreFuncType fx_type_i_ii = { 2, 1, fx_ii, fx_i };

static inline void fx_entry_v_v(void *vm, void *fn, NacreValue *v)
{
	(void)v;
	((FnVV)fn)(vm);
}

static inline void fx_entry_i_v(void *vm, void *fn, NacreValue *v)
{
	v[0].i32 = ((FnIV)fn)(vm);
}

static inline void fx_entry_i_i(void *vm, void *fn, NacreValue *v)
{
	v[0].i32 = ((FnII)fn)(vm, v[0].i32);
}

static inline void fx_entry_i_ii(void *vm, void *fn, NacreValue *v)
{
	v[0].i32 = ((FnIII)fn)(vm, v[0].i32, v[1].i32);
}

static inline void fx_entry_v_i(void *vm, void *fn, NacreValue *v)
{
	((FnVI)fn)(vm, v[0].i32);
}

static inline void fx_entry_i_iii(void *vm, void *fn, NacreValue *v)
{
	v[0].i32 = ((FnIIII)fn)(vm, v[0].i32, v[1].i32, v[2].i32);
}

static const NacreEntry fx_entries[FX_NTYPES] = {
	[FX_V_V] = fx_entry_v_v, [FX_I_V] = fx_entry_i_v, [FX_I_I] = fx_entry_i_i,
	[FX_I_II] = fx_entry_i_ii, [FX_V_I] = fx_entry_v_i, [FX_I_III] = fx_entry_i_iii,
};

static inline void fx_adapt_v_v(void *hf)
{
	NacreHostFunc *h = hf;
	NacreValue v[1];
	h->callback(h->env, v);
}

static inline int32_t fx_adapt_i_v(void *hf)
{
	NacreHostFunc *h = hf;
	NacreValue v[1];
	h->callback(h->env, v);
	return v[0].i32;
}

static inline int32_t fx_adapt_i_i(void *hf, int32_t a)
{
	NacreHostFunc *h = hf;
	NacreValue v[1] = { { .i32 = a } };
	h->callback(h->env, v);
	return v[0].i32;
}

static inline int32_t fx_adapt_i_ii(void *hf, int32_t a, int32_t b)
{
	NacreHostFunc *h = hf;
	NacreValue v[2] = { { .i32 = a }, { .i32 = b } };
	h->callback(h->env, v);
	return v[0].i32;
}

static inline void fx_adapt_v_i(void *hf, int32_t a)
{
	NacreHostFunc *h = hf;
	NacreValue v[1] = { { .i32 = a } };
	h->callback(h->env, v);
}

static inline int32_t fx_adapt_i_iii(void *hf, int32_t a, int32_t b, int32_t c)
{
	NacreHostFunc *h = hf;
	NacreValue v[3] = { { .i32 = a }, { .i32 = b }, { .i32 = c } };
	h->callback(h->env, v);
	return v[0].i32;
}

static void *const fx_adapters[FX_NTYPES] = {
	[FX_V_V] = (void *)fx_adapt_v_v, [FX_I_V] = (void *)fx_adapt_i_v, [FX_I_I] = (void *)fx_adapt_i_i,
	[FX_I_II] = (void *)fx_adapt_i_ii, [FX_V_I] = (void *)fx_adapt_v_i, [FX_I_III] = (void *)fx_adapt_i_iii,
};

/* The common head of every fixture descriptor. */
#define FX_DESC                                                                              \
	.abi_version = NACRE_ABI_VERSION, .ntypes = FX_NTYPES, .types = fx_types,            \
	.entries = fx_entries, .host_adapters = fx_adapters

#define FX_NAME(s) s, sizeof(s) - 1
#define FX_IMPORT(mod, name, kind, index) { mod, name, sizeof(mod) - 1, sizeof(name) - 1, kind, index }

/* How generated code calls function index i of its instance. */
#define FX_CALL(vm, i, Fn, ...) ((Fn)(vm)->funcs[i]->code)((vm)->funcs[i]->vmctx, __VA_ARGS__)
#define FX_CALL0(vm, i, Fn) ((Fn)(vm)->funcs[i]->code)((vm)->funcs[i]->vmctx)

static inline NacreModule *fx_module(const NacreModuleDesc *desc)
{
	NacreModule *m = NULL;
	NacreError err;
	NacreStatus st = nacre_module_from_desc(desc, &m, &err);
	cr_assert_eq(st, NACRE_OK, "nacre_module_from_desc: %s", err.message);
	return m;
}

static inline NacreInstance *fx_instance(NacreStore *s, const NacreModule *m, const NacreExtern *imports,
                                         size_t n)
{
	NacreInstance *inst = NULL;
	NacreError err;
	NacreStatus st = nacre_instantiate(s, m, imports, n, &inst, &err);
	cr_assert_eq(st, NACRE_OK, "nacre_instantiate: %d %s", st, err.message);
	return inst;
}

static inline NacreExtern fx_export(NacreInstance *inst, const char *name)
{
	NacreExtern ex;
	cr_assert(nacre_instance_export(inst, name, strlen(name), &ex), "no export '%s'", name);
	return ex;
}

static inline NacreFuncRef *fx_func(NacreInstance *inst, const char *name)
{
	NacreExtern ex = fx_export(inst, name);
	cr_assert_eq(ex.kind, NACRE_EXTERN_FUNC, "export '%s' is not a function", name);
	return ex.u.func;
}

/* Calls an i32 function of up to two i32 parameters, expecting success. */
static inline int32_t fx_call_i(NacreStore *s, NacreFuncRef *f, int32_t a, int32_t b)
{
	NacreValue v[2] = { { .i32 = a }, { .i32 = b } };
	NacreError err;
	NacreStatus st = nacre_call(s, f, v, v, &err);
	cr_assert_eq(st, NACRE_OK, "nacre_call: %d %s", st, err.message);
	return v[0].i32;
}

/* Calls an i32 function of three i32 parameters, expecting success. */
static inline int32_t fx_call3(NacreStore *s, NacreFuncRef *f, int32_t a, int32_t b, int32_t c)
{
	NacreValue v[3] = { { .i32 = a }, { .i32 = b }, { .i32 = c } };
	NacreError err;
	NacreStatus st = nacre_call(s, f, v, v, &err);
	cr_assert_eq(st, NACRE_OK, "nacre_call: %d %s", st, err.message);
	return v[0].i32;
}

/* Calls f (of up to three i32 parameters) expecting a trap; returns it
 * and leaves the message in err. */
static inline NacreTrap fx_trap3(NacreStore *s, NacreFuncRef *f, int32_t a, int32_t b, int32_t c,
                                 NacreError *err)
{
	NacreValue v[3] = { { .i32 = a }, { .i32 = b }, { .i32 = c } };
	NacreStatus st = nacre_call(s, f, v, v, err);
	cr_assert_eq(st, NACRE_TRAPPED, "expected a trap, got status %d", st);
	return err->trap;
}

/* Calls f expecting a trap; returns it and leaves the message in err. */
static inline NacreTrap fx_call_trap(NacreStore *s, NacreFuncRef *f, int32_t a, int32_t b, NacreError *err)
{
	NacreValue v[2] = { { .i32 = a }, { .i32 = b } };
	NacreStatus st = nacre_call(s, f, v, v, err);
	cr_assert_eq(st, NACRE_TRAPPED, "expected a trap, got status %d", st);
	return err->trap;
}

/* call_indirect (type FX_I_V) on funcref table 0, as the backend lowers
 * it: bounds and type id checked before the call (a null element's type
 * id is 0, which no type has). */
static inline int32_t fx_call_indirect_i_v(void *vmv, int32_t i)
{
	NacreVmctx *vm = vmv;
	NacreTableData *t = vm->tables[0];
	if ((uint32_t)i >= t->size)
		nacre_rt_trap(vm, NACRE_TRAP_UNDEFINED_ELEMENT);
	const NacreFuncElem *f = (const NacreFuncElem *)t->elems + i;
	if (f->type_id != vm->type_ids[FX_I_V])
		nacre_rt_trap(vm, f->ref ? NACRE_TRAP_INDIRECT_CALL_TYPE : NACRE_TRAP_UNINITIALIZED_ELEMENT);
	return ((FnIV)f->code)(f->vmctx);
}

/* A suite whose every test starts from desc instantiated alone in a fresh
 * store, reachable as store, module and inst. */
#define FX_INSTANCE_SUITE(suite, desc) \
	static NacreStore *store; \
	static NacreModule *module; \
	static NacreInstance *inst; \
	static void suite##_setup(void) \
	{ \
		store = nacre_store_new(); \
		cr_assert(store); \
		module = fx_module(&desc); \
		inst = fx_instance(store, module, NULL, 0); \
	} \
	static void suite##_teardown(void) \
	{ \
		nacre_store_free(store); \
		nacre_module_close(module); \
	} \
	TestSuite(suite, .init = suite##_setup, .fini = suite##_teardown)

#endif
