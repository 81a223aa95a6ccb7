/* backend/component/canon_type.h: the canonical ABI type descriptors the
 * compiler emits as constant data for the runtime (runtime-lib/canon/),
 * from a component's types (ir/component.h).  Plain C, no LLVM.
 */
#ifndef NACRE_BE_CANON_TYPE_H
#define NACRE_BE_CANON_TYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir/component.h"
#include "runtime-lib/include/nacre/canon.h"

/* The resource number the caller assigns to a resource type id (an
 * IR_CMT_RESOURCE node of the root's type table); a number at or past
 * NACRE_CANON_MAX_RESOURCES makes the encoding fail. */
typedef uint32_t (*BeCanonResourceFn)(void *env, uint32_t resource_type);

/* ---- canon_type.c */
/* Encodes type id `type` of c's type table (a value type, or a function
 * type) as a descriptor (nacre/canon.h) into out[0..*n).  false if the
 * type is neither, or does not fit the descriptor's limits (size, depth,
 * resource numbers). */
bool be_canon_encode(const IrComponent *c, uint32_t type, BeCanonResourceFn resource, void *env,
                     uint8_t out[NACRE_CANON_MAX_BYTES], size_t *n);

#endif
