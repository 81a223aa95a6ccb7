/* frontend/component/cm.h: the component frontend's internal header.
 * cm_load.c reads the preamble and the sections of one component (and,
 * through the component section, its nested ones); each section's file
 * decodes its items and checks them against the scope's index spaces as
 * it goes, which is how the component model defines validation: every
 * definition may only refer to what precedes it.  Type scopes (component,
 * instance and core module types) are scopes too, so outer aliases walk
 * one chain of parents.
 */
#ifndef NACRE_CM_H
#define NACRE_CM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../ir/component.h"
#include "../frontend.h"

enum {
	CM_MAX_DEPTH = 100,   /* nested components and types together */
	CM_MAX_FLAGS = 32,    /* WASI 0.2: flags fit in one i32 */
	CM_MAX_FLAT_PARAMS = 16,
	CM_MAX_FLAT_RESULTS = 1,
	CM_MAX_TYPE_SIZE = 1000000, /* effective size of a type, as wasm-tools counts */
	CM_MAX_TYPE_DEPTH = 1000,   /* nesting of value types */
};

typedef struct CmVec {
	void *v;
	uint32_t n, cap;
} CmVec;

/* cm_nameset.c: names taken in a scope (a hash table). */
typedef struct CmNameSlot CmNameSlot;
typedef struct CmNames {
	CmNameSlot *slots;
	uint32_t cap, n;
} CmNames;

typedef enum CmNamesMode {
	CM_NAMES_EXTERN,       /* import and export names: the strong-uniqueness rule */
	CM_NAMES_LABEL,        /* labels of fields, cases, flags: case-insensitive */
	CM_NAMES_EXACT,        /* anything else: byte for byte */
} CmNamesMode;

/* Takes name (with a value for cm_names_find): 1, or 0 with *clash the
 * earlier name it conflicts with, or -1 out of memory. */
int cm_names_add(CmNames *s, IrName name, CmNamesMode mode, uint32_t value, IrName *clash);
/* A two-level core import name, exactly (its key goes in the arena). */
int cm_names_add_pair(CmNames *s, Arena *a, IrName module, IrName name, uint32_t value);
/* The value of a name added with CM_NAMES_EXACT. */
bool cm_names_find(const CmNames *s, IrName name, uint32_t *value);
void cm_names_free(CmNames *s);

/* cm_vec.c: a set of type ids (a hash table). */
typedef struct CmSet {
	uint32_t *slots;       /* id + 1; 0 is empty */
	uint32_t cap, n;
} CmSet;

bool cm_set_add(CmSet *s, uint32_t id);
bool cm_set_has(const CmSet *s, uint32_t id);
void cm_set_free(CmSet *s);

/* The whole load: the input, the shared type table, the diagnostics. */
typedef struct CmLoad {
	Arena *arena;
	DiagSink *diags;
	const uint8_t *bytes;
	size_t size;
	CmVec types;           /* IrCmType, by id; [0] unused, then primitives */
	CmVec indexes, index_of; /* cm_index.c's tables, and which type has which */
	unsigned depth;
} CmLoad;

typedef enum CmScopeKind {
	CM_SCOPE_COMPONENT, CM_SCOPE_COMPONENT_TYPE, CM_SCOPE_INSTANCE_TYPE, CM_SCOPE_MODULE_TYPE,
} CmScopeKind;

typedef struct CmScope {
	struct CmScope *parent;
	CmLoad *L;
	Reader *r;
	uint8_t kind;          /* CmScopeKind */
	uint32_t first;        /* components: the first type id made inside */
	CmVec space[IR_CM_SORT_COUNT]; /* uint32_t type ids */
	CmVec defs[IR_CM_SORT_COUNT];  /* IrCmDef: where each index comes from */
	CmVec imports, exports;        /* IrCmExtern */
	CmVec resources;       /* uint32_t: resource types defined right here */
	CmSet named_imports;   /* types named by an import */
	CmSet named_exports;   /* types named by an import or export */
	CmNames import_names, export_names; /* for uniqueness */
	/* components only */
	CmVec modules, components;     /* IrModule *, IrComponent * */
	CmVec instances, canons;       /* IrCmInstance, IrCmCanon */
} CmScope;

/* cm_vec.c: growable arrays (their growth follows bytes read, so they are
 * bounded by the input) and the scope's bookkeeping. */
void *cm_vec_push(CmVec *v, size_t size);
void cm_vec_free(CmVec *v);
void *cm_vec_to_arena(Arena *a, const CmVec *v, size_t size);
void cm_scope_init(CmScope *s, CmScope *parent, CmLoad *L, Reader *r, CmScopeKind kind);
void cm_scope_free(CmScope *s);
/* Appends to a sort's index space, with where the entity comes from;
 * false (reported) when memory fails. */
bool cm_space_push(CmScope *s, IrCmSort sort, uint32_t type, IrCmDef def);
static inline IrCmDef cm_def(IrCmDefKind kind, uint32_t a)
{
	return (IrCmDef){ .kind = (uint8_t)kind, .a = a };
}
/* The type id at idx of sort, or 0 after reporting an unknown index. */
uint32_t cm_space_get(CmScope *s, IrCmSort sort, uint32_t idx, size_t offset);
const char *cm_sort_name(IrCmSort sort);
/* n bytes equal (either pointer may be NULL when n is 0). */
bool cm_bytes_eq(const void *a, const void *b, size_t n);
bool cm_name_eq(IrName a, IrName b);
bool cm_fail(CmScope *s, DiagCode code, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* cm_types.c: type nodes. */
IrCmType *cm_type(CmLoad *L, uint32_t id);
/* The type an import or export names (itself for any other type). */
uint32_t cm_same(CmLoad *L, uint32_t id);
/* Adds a member's effective size to *acc; false (reported) beyond the limit. */
bool cm_size_add(CmScope *s, uint32_t *acc, uint32_t id, size_t at);
bool cm_externs_summarise(CmScope *s, uint32_t id, size_t at);
/* A new node (zeroed but for kind); its id in *id; NULL (reported) on failure. */
IrCmType *cm_type_new(CmScope *s, IrCmKind kind, uint32_t *id);
bool cm_types_init(CmLoad *L);
bool cm_is_valtype(CmLoad *L, uint32_t id);
/* A valtype: a primitive or the index of a defined value type. */
bool cm_read_valtype(CmScope *s, uint32_t *out);
/* One type definition (the type section's item, or a type declaration). */
bool cm_read_type(CmScope *s, uint32_t *out);
bool cm_read_type_section(CmScope *s);
/* A core:type (functype or moduletype). */
bool cm_read_core_type(CmScope *s, uint32_t *out);
bool cm_read_core_type_section(CmScope *s);

/* cm_decls.c: component and instance type declarations, externdescs. */
bool cm_read_decl_type(CmScope *s, IrCmKind kind, uint32_t *out);
bool cm_read_externdesc(CmScope *s, IrCmSort *sort, uint32_t *type);
bool cm_read_extern_name(CmScope *s, IrName *out, size_t *offset);
/* Adds an import or export: its name checked and unique in the scope;
 * the entity enters its index space. */
bool cm_add_import(CmScope *s, IrName name, size_t offset, IrCmSort sort, uint32_t type);
/* index: what a component's export section exports (0 in a type). */
bool cm_add_export(CmScope *s, IrName name, size_t offset, IrCmSort sort, uint32_t type, uint32_t index);
/* A new name for a type (what importing or exporting it makes). */
uint32_t cm_name_type(CmScope *s, uint32_t type);
bool cm_read_import_section(CmScope *s);
bool cm_read_export_section(CmScope *s);

/* cm_sort.c: sorts as the binary writes them. */
bool cm_read_core_sort(CmScope *s, IrCmSort *out);
bool cm_read_sort(CmScope *s, IrCmSort *out);

/* cm_index.c: an import or export of type by name, or NULL. */
const IrCmExtern *cm_find_extern(CmLoad *L, uint32_t type, bool imports, IrName name);
void cm_index_free(CmLoad *L);

/* cm_alias.c */
bool cm_read_alias(CmScope *s);
bool cm_read_alias_section(CmScope *s);

/* cm_core.c: core module and core instance sections. */
bool cm_read_core_module_section(CmScope *s, size_t size);
bool cm_read_core_instance_section(CmScope *s);
/* The core module type of a validated module. */
uint32_t cm_module_type(CmScope *s, const IrModule *m);

/* cm_instance.c: component instances. */
bool cm_read_instance_section(CmScope *s);
/* An instance made of inline exports (core or component): takes args a
 * into in and gives room for its nargs exports; NULL (said why) when out
 * of memory. */
IrCmExtern *cm_inline_exports(CmScope *s, IrCmInstance *in, IrCmArg *a);

/* cm_canon.c */
bool cm_read_canon_section(CmScope *s);

/* cm_subtype.c: is a a subtype of b (a may stand where b is expected). */
typedef struct CmSubst {
	CmVec from, to;        /* uint32_t pairs: expected resource -> actual */
	uint32_t steps;        /* work done; a budget bounds shared type graphs */
} CmSubst;
bool cm_subtype(CmLoad *L, uint32_t a, uint32_t b, CmSubst *m);
bool cm_subtype_extern(CmLoad *L, IrCmSort sort, uint32_t a, uint32_t b, CmSubst *m);
bool cm_core_func_eq(const IrFuncType *a, const IrFuncType *b);
/* The exports of an instantiated component type: imported resources
 * replaced by the arguments', exported ones made fresh. */
bool cm_subst_exports(CmScope *s, uint32_t ct, CmSubst *m, const IrCmExtern **out, uint32_t *n);
/* An instance type with the resources it declares made fresh: what
 * importing an instance of that type gives. */
uint32_t cm_fresh_instance(CmScope *s, uint32_t type);

/* cm_named.c: external visibility: an import or export may only refer to
 * records, variants, enums, flags and resources that were themselves
 * imported (or, for exports, exported) by name before. */
bool cm_check_named(CmScope *s, bool import, IrCmSort sort, uint32_t type, size_t at);
/* Registers the types an import or export names (its own, and those an
 * instance brings). */
bool cm_register_named(CmScope *s, bool import, IrCmSort sort, uint32_t type);

/* cm_annotated.c: [constructor], [method] and [static] names against the
 * function they name, in the namespace ns (imports or exports). */
bool cm_check_annotated(CmScope *s, const CmVec *ns, IrName name, IrCmSort sort, uint32_t type, size_t at);

/* cm_names.c: the name rules. */
bool cm_label_valid(IrName n);
/* An import or export name; why says what is wrong when false. */
bool cm_extern_name_valid(IrName n, bool import, const char **why);
/* Two names that may not both appear in one scope. */
bool cm_names_clash(IrName a, IrName b);
/* Labels of fields, cases, params: valid, unique (case-insensitive). */
bool cm_check_labels(CmScope *s, const IrCmField *f, uint32_t n, size_t offset, const char *what);

/* cm_flat.c: the canonical ABI's flattening, for lift and lower. */
typedef struct CmFlat {
	IrValType v[CM_MAX_FLAT_PARAMS + 1];
	uint32_t n;
	bool overflow;         /* more than fits */
	bool memory;           /* strings or lists somewhere */
} CmFlat;
void cm_flatten(CmLoad *L, uint32_t type, uint32_t max, CmFlat *out);

/* cm_load.c */
IrComponent *cm_component_read(CmScope *parent, CmLoad *L, Reader *r);

#endif
