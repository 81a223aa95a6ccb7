/* wast/spectest.c: the `spectest` module that spec scripts import
 * from, as the reference interpreter defines it (interpreter/host/spectest.ml):
 * print functions that print nothing here (the suite never checks their
 * output), four globals of value 666 / 666.6, funcref tables of 10..20
 * elements ("table", and "table64" indexed by i64) and a memory of 1..2
 * pages.  One per store, shared by every module of the script.
 */
#include "wire.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

struct Spectest {
	NacreFuncRef *print, *print_i32, *print_i64, *print_f32, *print_f64;
	NacreFuncRef *print_i32_f32, *print_f64_f64;
	NacreGlobal *global_i32, *global_i64, *global_f32, *global_f64;
	NacreTable *table, *table64;
	NacreMemory *memory;
};

static void print_nothing(void *env, NacreValue *args_results)
{
	(void)env;
	(void)args_results;
}

static NacreFuncRef *printer(NacreStore *store, uint32_t nparams, uint8_t p0, uint8_t p1)
{
	const uint8_t params[2] = { p0, p1 };
	NacreFuncType type = { .nparams = nparams, .params = params };
	return nacre_host_func_new(store, &type, print_nothing, NULL);
}

static NacreGlobal *global(NacreStore *store, uint8_t type, NacreValue v)
{
	return nacre_global_new(store, type, false, v);
}

Spectest *spectest_new(NacreStore *store, char *err, size_t errlen)
{
	Spectest *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->print = printer(store, 0, 0, 0);
	s->print_i32 = printer(store, 1, NACRE_I32, 0);
	s->print_i64 = printer(store, 1, NACRE_I64, 0);
	s->print_f32 = printer(store, 1, NACRE_F32, 0);
	s->print_f64 = printer(store, 1, NACRE_F64, 0);
	s->print_i32_f32 = printer(store, 2, NACRE_I32, NACRE_F32);
	s->print_f64_f64 = printer(store, 2, NACRE_F64, NACRE_F64);
	s->global_i32 = global(store, NACRE_I32, (NacreValue){ .i32 = 666 });
	s->global_i64 = global(store, NACRE_I64, (NacreValue){ .i64 = 666 });
	s->global_f32 = global(store, NACRE_F32, (NacreValue){ .f32 = 666.6f });
	s->global_f64 = global(store, NACRE_F64, (NacreValue){ .f64 = 666.6 });
	NacreError e = {0};
	if (nacre_table_new(store, NACRE_FUNCREF, 10, 20, true, &s->table, &e) != NACRE_OK ||
	    nacre_table_new64(store, NACRE_FUNCREF, 10, 20, true, &s->table64, &e) != NACRE_OK ||
	    nacre_memory_new(store, 1, 2, true, &s->memory, &e) != NACRE_OK) {
		snprintf(err, errlen, "spectest: %s", e.message);
		free(s);
		return NULL;
	}
	if (!s->print || !s->print_i32 || !s->print_i64 || !s->print_f32 || !s->print_f64 ||
	    !s->print_i32_f32 || !s->print_f64_f64 || !s->global_i32 || !s->global_i64 ||
	    !s->global_f32 || !s->global_f64) {
		snprintf(err, errlen, "spectest: cannot make its functions and globals");
		free(s);
		return NULL;
	}
	return s;
}

/* The store owns what spectest_new made. */
void spectest_free(Spectest *s)
{
	free(s);
}

bool spectest_lookup(const Spectest *s, const char *name, size_t len, NacreExtern *out)
{
	const struct {
		const char *name;
		uint32_t kind;
		void *p;
	} exports[] = {
		{ "print", NACRE_EXTERN_FUNC, s->print },
		{ "print_i32", NACRE_EXTERN_FUNC, s->print_i32 },
		{ "print_i64", NACRE_EXTERN_FUNC, s->print_i64 },
		{ "print_f32", NACRE_EXTERN_FUNC, s->print_f32 },
		{ "print_f64", NACRE_EXTERN_FUNC, s->print_f64 },
		{ "print_i32_f32", NACRE_EXTERN_FUNC, s->print_i32_f32 },
		{ "print_f64_f64", NACRE_EXTERN_FUNC, s->print_f64_f64 },
		{ "global_i32", NACRE_EXTERN_GLOBAL, s->global_i32 },
		{ "global_i64", NACRE_EXTERN_GLOBAL, s->global_i64 },
		{ "global_f32", NACRE_EXTERN_GLOBAL, s->global_f32 },
		{ "global_f64", NACRE_EXTERN_GLOBAL, s->global_f64 },
		{ "table", NACRE_EXTERN_TABLE, s->table },
		{ "table64", NACRE_EXTERN_TABLE, s->table64 },
		{ "memory", NACRE_EXTERN_MEMORY, s->memory },
	};
	for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++) {
		if (strlen(exports[i].name) != len || memcmp(exports[i].name, name, len) != 0)
			continue;
		out->kind = exports[i].kind;
		switch (exports[i].kind) {
		case NACRE_EXTERN_FUNC: out->u.func = exports[i].p; break;
		case NACRE_EXTERN_GLOBAL: out->u.global = exports[i].p; break;
		case NACRE_EXTERN_TABLE: out->u.table = exports[i].p; break;
		default: out->u.memory = exports[i].p; break;
		}
		return true;
	}
	return false;
}
