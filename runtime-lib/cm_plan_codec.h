/* runtime-lib/cm_plan_codec.h: the one encoder and decoder of a compiled
 * component's plan, what a component executable does at start-up: which
 * core modules it instantiates in what order, each import bound to an
 * earlier instance's export or to a lowered host function, and which
 * functions it exports.  The compiler (backend/component/) turns the
 * frontend's IrCpPlan into these structs and bytes; the WASI 0.2 start-up
 * (wasi-shim/p2/start.c) decodes them.  The bytes are checked whole on
 * decoding (every index in range, every instance bound only to earlier
 * ones), so a forged plan is refused, not followed.  Freestanding: the
 * decoder allocates through the caller.
 *
 * Layout, little-endian, u32 unless said, name = u32 length + bytes:
 *   "NCPL" version nmodules ninstances nlowers nresources
 *   resources  { name interface, name name }
 *   lowers     { u8 kind, name interface, name name, name type, options }
 *   instances  { module, nimports, ref... }
 *   nlifts, lifts { name interface, name name, name type, ref core, options }
 * ref = u8 kind (NACRE_CM_EXPORT: index instance, name; NACRE_CM_LOWER:
 * index), options = u8 encoding, u8 has (1 memory, 2 realloc, 4
 * post-return), then those refs in that order.  A type is a canonical
 * ABI type descriptor (nacre/canon.h): a lowered host function's or a
 * lifted function's function type, a resource built-in's own<r>.  The
 * resources are what the descriptors' resource numbers stand for: a host
 * resource by its interface and name, one of the component's own with
 * both empty.
 */
#ifndef NACRE_CM_PLAN_CODEC_H
#define NACRE_CM_PLAN_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { NACRE_CM_PLAN_VERSION = 1 };
enum { NACRE_CM_EXPORT = 0, NACRE_CM_LOWER = 1 };
enum { NACRE_CM_HOST_FUNC, NACRE_CM_RESOURCE_NEW, NACRE_CM_RESOURCE_DROP, NACRE_CM_RESOURCE_REP, NACRE_CM_LOWER_KINDS };
enum { NACRE_CM_HAS_MEMORY = 1, NACRE_CM_HAS_REALLOC = 2, NACRE_CM_HAS_POST_RETURN = 4 };

typedef struct NacreCmName {
	const char *p;
	uint32_t len;
} NacreCmName;

typedef struct NacreCmRef {
	uint8_t kind;                /* NACRE_CM_EXPORT or NACRE_CM_LOWER */
	uint32_t index;              /* the instance, or the lower */
	NacreCmName name;            /* NACRE_CM_EXPORT: the instance's export */
} NacreCmRef;

typedef struct NacreCmOptions {
	uint8_t encoding;            /* 0 utf8, 1 utf16, 2 latin1+utf16 */
	uint8_t has;                 /* NACRE_CM_HAS_* */
	NacreCmRef memory, realloc, post_return;
} NacreCmOptions;

typedef struct NacreCmResource {
	NacreCmName interface, name;
} NacreCmResource;

typedef struct NacreCmLower {
	uint8_t kind;                /* NACRE_CM_HOST_FUNC ... */
	NacreCmName interface, name, type;
	NacreCmOptions opts;
} NacreCmLower;

typedef struct NacreCmInstance {
	uint32_t module;             /* index in the component's module descriptors */
	uint32_t nimports;           /* the module's, in its order */
	NacreCmRef *imports;
} NacreCmInstance;

typedef struct NacreCmLift {
	NacreCmName interface, name, type;
	NacreCmRef core;
	NacreCmOptions opts;
} NacreCmLift;

typedef struct NacreCmPlan {
	uint32_t nmodules, nlowers, ninstances, nlifts, nresources;
	NacreCmResource *resources;
	NacreCmLower *lowers;
	NacreCmInstance *instances;
	NacreCmLift *lifts;
} NacreCmPlan;

/* Writes p's bytes to out when they fit in cap; returns how many they
 * are (0: more than a u32 can count). */
size_t rt_cm_plan_encode(const NacreCmPlan *p, uint8_t *out, size_t cap);

/* Decodes and checks size bytes into *p, its arrays from alloc (zeroed
 * memory or NULL; the caller frees what it gave, also on failure): NULL,
 * or why the plan is refused.  Names point into the bytes. */
const char *rt_cm_plan_decode(const uint8_t *bytes, size_t size, NacreCmPlan *p,
                              void *(*alloc)(void *ctx, size_t size), void *ctx);

#endif
