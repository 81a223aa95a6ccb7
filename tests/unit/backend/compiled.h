/* tests/unit/backend/compiled.h: a Wasm file compiled by nacre's real
 * pipeline into a shared object, loaded and instantiated, for tests that
 * call its exports. */
#ifndef NACRE_TEST_COMPILED_H
#define NACRE_TEST_COMPILED_H

#include <stdint.h>

#include "frontend/frontend.h"
#include "nacre.h"

typedef struct Compiled {
	uint8_t *bytes;
	IrModule *ir;
	char so[64];
	NacreStore *store;
	NacreModule *module;
	NacreInstance *inst;
} Compiled;

/* Reads and validates a Wasm file; the module points into *bytes. */
IrModule *compiled_load(const char *path, uint8_t **bytes);
/* Compiles path with the bounds strategy and instantiates it (no imports). */
void compiled_open(Compiled *c, const char *path, uint32_t bounds);
void compiled_close(Compiled *c);
/* Calls an export; returns its trap, NACRE_TRAP_NONE when it returned. */
NacreTrap compiled_call(Compiled *c, const char *name, const NacreValue *args, NacreValue *results);
/* The whole of a temporary file the test wrote (open as fd) as a string,
 * the file removed. */
char *compiled_text(int fd, const char *path);
/* The Wasm file at path compiled with o (emit: LLVM IR or assembly) as
 * a string. */
struct BeOptions;
char *compiled_emit(const char *path, const struct BeOptions *o);

/* Runs the body (the rest of the arguments) once per bounds strategy with
 * fx opened on path. */
#define COMPILED_BOTH_STRATEGIES(fx, path, ...) \
	for (uint32_t bounds_ = 0; bounds_ < 2; bounds_++) { \
		Compiled fx = { 0 }; \
		compiled_open(&fx, path, bounds_ ? NACRE_BOUNDS_EXPLICIT : NACRE_BOUNDS_GUARD); \
		__VA_ARGS__; \
		compiled_close(&fx); \
	}

#endif
