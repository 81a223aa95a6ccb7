/* ir/component.h: a decoded and validated component (component model,
 * WASI 0.2 level).  Everything is immutable once fe_component_load returns
 * it.  Types of every nesting level live in one table (IrComponent.types of
 * the root) and are named by their index there; index spaces map a sort's
 * index to such a type.  Core modules are ordinary IrModules.
 */
#ifndef NACRE_IR_COMPONENT_H
#define NACRE_IR_COMPONENT_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "module.h"

/* The sorts, each with its own index space. */
typedef enum IrCmSort {
	IR_CM_CORE_FUNC, IR_CM_CORE_TABLE, IR_CM_CORE_MEMORY, IR_CM_CORE_GLOBAL,
	IR_CM_CORE_TYPE, IR_CM_CORE_MODULE, IR_CM_CORE_INSTANCE,
	IR_CM_FUNC, IR_CM_VALUE, IR_CM_TYPE, IR_CM_COMPONENT, IR_CM_INSTANCE,
	IR_CM_SORT_COUNT
} IrCmSort;

/* What a type node is. */
typedef enum IrCmKind {
	IR_CMT_PRIM,          /* a primitive value type: prim holds its code */
	IR_CMT_RECORD, IR_CMT_VARIANT, IR_CMT_LIST, IR_CMT_TUPLE, IR_CMT_FLAGS,
	IR_CMT_ENUM, IR_CMT_OPTION, IR_CMT_RESULT, IR_CMT_OWN, IR_CMT_BORROW,
	IR_CMT_FUNC,          /* fields: params; a/has_a: the result */
	IR_CMT_COMPONENT,     /* imports and exports */
	IR_CMT_INSTANCE,      /* exports */
	IR_CMT_RESOURCE,      /* a resource: each node is a distinct resource */
	IR_CMT_CORE_FUNC, IR_CMT_CORE_TABLE, IR_CMT_CORE_MEMORY, IR_CMT_CORE_GLOBAL,
	IR_CMT_CORE_MODULE,   /* core imports and exports */
	IR_CMT_CORE_INSTANCE, /* core exports */
} IrCmKind;

/* Primitive value type codes, as in the binary (0x73..0x7f). */
enum {
	IR_CM_STRING = 0x73, IR_CM_CHAR = 0x74, IR_CM_F64 = 0x75, IR_CM_F32 = 0x76,
	IR_CM_U64 = 0x77, IR_CM_S64 = 0x78, IR_CM_U32 = 0x79, IR_CM_S32 = 0x7a,
	IR_CM_U16 = 0x7b, IR_CM_S16 = 0x7c, IR_CM_U8 = 0x7d, IR_CM_S8 = 0x7e, IR_CM_BOOL = 0x7f,
};

/* A named field, case, parameter or flag; type is a type id (0: none). */
typedef struct IrCmField {
	IrName name;
	uint32_t type;
} IrCmField;

/* An import or export of a component, instance, or core module type.
 * type is the entity's type id; for IR_CM_TYPE it is the type itself. */
typedef struct IrCmExtern {
	IrName name;
	IrName module;        /* core imports only: the module name */
	uint8_t sort;         /* IrCmSort */
	uint32_t type;
	uint32_t index;       /* a component's own exports: the index of sort exported */
} IrCmExtern;

/* Where an index of a component's index space comes from: what lets a
 * compiler follow the instantiation graph down to core instances. */
typedef enum IrCmDefKind {
	IR_CM_DEF_NONE,       /* a declaration in a type: no entity */
	IR_CM_DEF_IMPORT,     /* a: the index in the component's imports */
	IR_CM_DEF_EXPORT,     /* a: the index in its exports (an export re-enters the space) */
	IR_CM_DEF_ALIAS,      /* a: the component instance, name: its export */
	IR_CM_DEF_ALIAS_CORE, /* a: the core instance, name: its export */
	IR_CM_DEF_OUTER,      /* a: how many scopes out, b: the index there */
	IR_CM_DEF_CANON,      /* a: the index in canons */
	IR_CM_DEF_ITEM,       /* a: the index in modules, components or instances
	                       * (by sort; a type: the type section's own) */
} IrCmDefKind;

typedef struct IrCmDef {
	uint8_t kind;         /* IrCmDefKind */
	uint32_t a, b;
	IrName name;
} IrCmDef;

typedef struct IrCmType {
	uint8_t kind;         /* IrCmKind */
	uint8_t prim;         /* IR_CMT_PRIM: the code */
	bool has_a, has_b;
	bool lists;           /* value types: strings or lists inside */
	bool handles;         /* value types: own or borrow inside */
	bool borrows;         /* value types: borrow inside */
	uint32_t same;        /* an import or export of a type: the type it
	                       * names (equal to it, yet a name of its own) */
	uint32_t size;        /* effective size, bounded by CM_MAX_TYPE_SIZE */
	uint32_t depth;       /* nesting, bounded by CM_MAX_TYPE_DEPTH */
	uint32_t first;       /* component and instance types: the first type
	                       * id made inside them (their own resources are
	                       * those from here up to the type's id) */
	uint32_t a, b;        /* list/option element, result ok/err, own/borrow
	                       * resource, func result, resource destructor */
	uint32_t n;
	const IrCmField *fields;
	uint32_t nimports, nexports;
	const IrCmExtern *imports, *exports;
	IrFuncType core;      /* IR_CMT_CORE_FUNC */
	IrTableType table;    /* IR_CMT_CORE_TABLE */
	IrLimits mem;         /* IR_CMT_CORE_MEMORY */
	IrGlobalType global;  /* IR_CMT_CORE_GLOBAL */
} IrCmType;

typedef enum IrCmCanonKind {
	IR_CM_CANON_LIFT, IR_CM_CANON_LOWER, IR_CM_CANON_RESOURCE_NEW,
	IR_CM_CANON_RESOURCE_DROP, IR_CM_CANON_RESOURCE_REP,
} IrCmCanonKind;

enum { IR_CM_UTF8, IR_CM_UTF16, IR_CM_LATIN1_UTF16 };

typedef struct IrCmCanon {
	uint8_t kind;         /* IrCmCanonKind */
	uint8_t encoding;     /* IR_CM_UTF8 ... */
	bool has_memory, has_realloc, has_post_return;
	uint32_t func;        /* lift: core func; lower: func */
	uint32_t type;        /* lift: func type index; resource.*: type index */
	uint32_t memory, realloc, post_return;
	uint32_t offset;
} IrCmCanon;

/* An instantiation argument or inline export: a name and a sort's index. */
typedef struct IrCmArg {
	IrName name;
	uint8_t sort;
	uint32_t index;
} IrCmArg;

typedef struct IrCmInstance {
	bool core;            /* a core instance */
	bool inline_exports;  /* made of exports, not by instantiation */
	uint32_t of;          /* the module or component instantiated */
	uint32_t nargs;
	const IrCmArg *args;
	uint32_t offset;
} IrCmInstance;

typedef struct IrComponent IrComponent;

typedef struct IrCmSpace {
	uint32_t n;
	const uint32_t *types; /* type id of each index */
	const IrCmDef *defs;   /* where each index comes from */
} IrCmSpace;

struct IrComponent {
	Arena *arena;          /* the root's owns every nested part */
	const uint8_t *bytes;  /* the input, borrowed */
	size_t size;
	uint32_t offset;       /* where this component starts in bytes */

	uint32_t ntypes;       /* the root's: every type node; [0] is unused */
	const IrCmType *types;

	uint32_t nmodules;
	IrModule **modules;    /* the core module sections, in order; each one's
	                        * bytes point into the file, its offsets count
	                        * from its own first byte */
	uint32_t ncomponents;
	IrComponent **components; /* nested component sections, in order */
	uint32_t ninstances;
	const IrCmInstance *instances; /* core and component, in order */
	uint32_t ncanons;
	const IrCmCanon *canons;
	uint32_t nimports, nexports;
	const IrCmExtern *imports, *exports;
	IrCmSpace spaces[IR_CM_SORT_COUNT];
	uint32_t type;         /* this component's component type */
};

/* Frees a root component and everything it holds (NULL is fine). */
void ir_component_free(IrComponent *c);
/* True when bytes start with a component's preamble (layer 1). */
bool ir_is_component(const uint8_t *bytes, size_t size);

#endif
