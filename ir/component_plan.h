/* ir/component_plan.h: a component flattened for compilation.  What a
 * component does when it is instantiated is fixed by its bytes: which core
 * modules it instantiates, in what order, each import bound to what.
 * fe_component_plan follows the instantiation graph once, at compile time
 * (nested components instantiated, aliases and inline instances seen
 * through), and leaves what a backend needs: the core instances in order,
 * every import bound to another instance's export or to a lowered host
 * function, and the functions the component exports, lifted out of core
 * code.  The plan has its own arena and points into the component (and
 * its modules), which must outlive it.
 */
#ifndef NACRE_IR_COMPONENT_PLAN_H
#define NACRE_IR_COMPONENT_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "component.h"
#include "module.h"

/* What provides a core entity. */
typedef enum IrCpRefKind {
	IR_CP_EXPORT,        /* index: a core instance of the plan; name: its export */
	IR_CP_LOWER,         /* index: an entry of IrCpPlan.lowers (core functions only) */
} IrCpRefKind;

typedef struct IrCpRef {
	uint8_t kind;        /* IrCpRefKind */
	uint32_t index;
	IrName name;
} IrCpRef;

typedef struct IrCpInstance {
	const IrModule *module;
	const IrCpRef *imports;  /* one for each of the module's imports, in order */
} IrCpInstance;

/* Canonical options with their core entities resolved. */
typedef struct IrCpOptions {
	uint8_t encoding;        /* IR_CM_UTF8 ... */
	bool has_memory, has_realloc, has_post_return;
	IrCpRef memory, realloc, post_return;
} IrCpOptions;

typedef enum IrCpLowerKind {
	IR_CP_HOST_FUNC,         /* a function the host provides, lowered */
	IR_CP_RESOURCE_NEW, IR_CP_RESOURCE_DROP, IR_CP_RESOURCE_REP,
} IrCpLowerKind;

/* A core function made by a canonical definition.  A host function or a
 * host resource is named by the host instance it comes from (interface,
 * "wasi:io/streams@0.2.12"; empty for a function imported alone) and its
 * name there; a resource the component defines has no names, only its
 * type. */
typedef struct IrCpLower {
	uint8_t kind;            /* IrCpLowerKind */
	IrName interface, name;
	uint32_t type;           /* the function type, or the resource type */
	IrCpOptions opts;
} IrCpLower;

/* A function the component exports, lifted from a core function. */
typedef struct IrCpLift {
	IrName interface;        /* the exported instance; empty for a function exported alone */
	IrName name;
	uint32_t type;           /* its function type */
	IrCpRef core;
	IrCpOptions opts;
} IrCpLift;

typedef struct IrCpPlan {
	Arena *arena;
	const IrComponent *component; /* the root it plans: its type table names the types */
	uint32_t ninstances, nlowers, nlifts;
	const IrCpInstance *instances; /* in instantiation order */
	const IrCpLower *lowers;
	const IrCpLift *lifts;
} IrCpPlan;

void ir_component_plan_free(IrCpPlan *p);

#endif
