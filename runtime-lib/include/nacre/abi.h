/* nacre/abi.h: the contract between code nacre generates and the runtime.
 * The backend takes every offset and layout from this header (offsetof),
 * never from copied numbers; the runtime builds these structures.  Changing
 * anything here changes NACRE_ABI_VERSION.
 *
 * Calling convention of a compiled Wasm function (C calling convention):
 *   R fn(NacreVmctx *vmctx, P1 p1, ..., Pn pn)
 * with i32/i64 as integers, f32/f64 as float/double, funcref/externref as
 * pointers, and R void (no result), the one result, or a struct of the
 * results in order (multi-value).
 */
#ifndef NACRE_ABI_H
#define NACRE_ABI_H

#include <stddef.h>
#include <stdint.h>

enum { NACRE_ABI_VERSION = 1 };

/* Value types, by their binary encoding. */
enum {
	NACRE_I32 = 0x7f, NACRE_I64 = 0x7e, NACRE_F32 = 0x7d, NACRE_F64 = 0x7c,
	NACRE_V128 = 0x7b, NACRE_FUNCREF = 0x70, NACRE_EXTERNREF = 0x6f,
};

/* One value in an argument/result array or a global's cell: 16 bytes so
 * that every type, v128 included, has the same slot. */
typedef union NacreValue {
	int32_t i32;
	int64_t i64;
	float f32;
	double f64;
	uint8_t v128[16];
	void *ref;           /* NacreFuncRef * for funcref, opaque for externref */
} NacreValue;

/* Traps, in the spec testsuite's words (nacre_trap_text). */
typedef enum NacreTrap {
	NACRE_TRAP_NONE,
	NACRE_TRAP_UNREACHABLE,           /* "unreachable" */
	NACRE_TRAP_INT_DIV_ZERO,          /* "integer divide by zero" */
	NACRE_TRAP_INT_OVERFLOW,          /* "integer overflow" */
	NACRE_TRAP_INVALID_CONVERSION,    /* "invalid conversion to integer" */
	NACRE_TRAP_OOB_MEMORY,            /* "out of bounds memory access" */
	NACRE_TRAP_OOB_TABLE,             /* "out of bounds table access" */
	NACRE_TRAP_UNDEFINED_ELEMENT,     /* "undefined element" */
	NACRE_TRAP_UNINITIALIZED_ELEMENT, /* "uninitialized element" */
	NACRE_TRAP_INDIRECT_CALL_TYPE,    /* "indirect call type mismatch" */
	NACRE_TRAP_STACK_EXHAUSTED,       /* "call stack exhausted" */
	NACRE_TRAP_HOST,                  /* a host function failed */
	NACRE_TRAP_COUNT
} NacreTrap;

/* A function as a value: what funcref values, table elements and the
 * import table point to.  The runtime makes one per function per instance
 * (and per host function), so its address is the function's identity. */
typedef struct NacreFuncRef {
	void *code;          /* native entry, the convention above */
	void *vmctx;         /* first argument to pass to code */
	uint32_t type_id;    /* interned signature id, equal across modules */
	uint32_t reserved;   /* NACRE_FUNCREF_* flags, set by the runtime */
} NacreFuncRef;

/* NacreFuncRef.reserved: the record is a host function (vmctx is its
 * NacreHostFunc, code the importing module's host adapter, or a stub that
 * traps for a host function that no module imported). */
enum { NACRE_FUNCREF_HOST = 1u << 0 };

/* A table's storage.  Elements are NacreFuncRef * (funcref) or opaque
 * pointers (externref); NULL is the null reference. */
typedef struct NacreTableData {
	void **elems;
	uint32_t size;       /* current element count */
	uint32_t max;        /* the most it may grow to */
} NacreTableData;

/* A host function bound to an import.  The module's host adapter for the
 * import's type receives this as its vmctx, spills its arguments into an
 * array, calls callback, and returns what it wrote back. */
typedef struct NacreHostFunc {
	void (*callback)(void *env, NacreValue *args_results);
	void *env;
} NacreHostFunc;

/* The instance context: first argument of every compiled function. */
typedef struct NacreVmctx {
	uint8_t *mem_base;           /* memory 0; never moves once created */
	uint64_t mem_size;           /* memory 0's current size in bytes */
	const uintptr_t *stack_limit; /* the store's limit: a stack pointer below it traps */
	NacreValue **globals;        /* every global's cell, imports included */
	NacreTableData **tables;     /* every table, imports included */
	NacreFuncRef **funcs;        /* every function, imports resolved */
	const uint32_t *type_ids;    /* interned id of each type index */
	void *instance;              /* the runtime's instance */
} NacreVmctx;

/* Runtime entry points the generated code may call (the audit's
 * allow-list).  vmctx is the caller's. */
#define NACRE_RUNTIME_ENTRIES(X) \
	X(nacre_rt_trap)             /* void (vmctx, uint32 trap) noreturn */ \
	X(nacre_rt_memory_grow)      /* uint32 (vmctx, uint32 delta) -> old pages or -1 */ \
	X(nacre_rt_memory_fill)      /* void (vmctx, uint32 dst, uint32 val, uint32 n) */ \
	X(nacre_rt_memory_copy)      /* void (vmctx, uint32 dst, uint32 src, uint32 n) */ \
	X(nacre_rt_memory_init)      /* void (vmctx, uint32 seg, uint32 dst, uint32 src, uint32 n) */ \
	X(nacre_rt_data_drop)        /* void (vmctx, uint32 seg) */ \
	X(nacre_rt_table_grow)       /* uint32 (vmctx, uint32 table, ptr init, uint32 delta) */ \
	X(nacre_rt_table_fill)       /* void (vmctx, uint32 table, uint32 i, ptr val, uint32 n) */ \
	X(nacre_rt_table_copy)       /* void (vmctx, uint32 dst_t, uint32 src_t, uint32 d, uint32 s, uint32 n) */ \
	X(nacre_rt_table_init)       /* void (vmctx, uint32 table, uint32 seg, uint32 d, uint32 s, uint32 n) */ \
	X(nacre_rt_elem_drop)        /* void (vmctx, uint32 seg) */

/* The C library functions LLVM may call from generated code on its own
 * (memory intrinsics; rounding without SSE4.1), and so the rest of the
 * audit's allow-list.  A static executable gets them from the
 * freestanding runtime: runtime-lib/sys/string.c and sys/math.c define
 * exactly these, and a unit test checks that its archive does. */
#define NACRE_RUNTIME_LIBCALLS(X) \
	X(memcpy) X(memmove) X(memset) \
	X(trunc) X(truncf) X(floor) X(floorf) X(ceil) X(ceilf) X(nearbyint) X(nearbyintf) X(roundeven) X(roundevenf)

/* The same entries as C declarations, for C code that plays the part of
 * generated code (tests, hand-written modules).  Tables and segments are
 * indices in the caller's instance; memory is the caller's memory 0. */
__attribute__((noreturn)) void nacre_rt_trap(NacreVmctx *vmctx, uint32_t trap);
uint32_t nacre_rt_memory_grow(NacreVmctx *vmctx, uint32_t delta);
void nacre_rt_memory_fill(NacreVmctx *vmctx, uint32_t dst, uint32_t val, uint32_t n);
void nacre_rt_memory_copy(NacreVmctx *vmctx, uint32_t dst, uint32_t src, uint32_t n);
void nacre_rt_memory_init(NacreVmctx *vmctx, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n);
void nacre_rt_data_drop(NacreVmctx *vmctx, uint32_t seg);
uint32_t nacre_rt_table_grow(NacreVmctx *vmctx, uint32_t table, void *init, uint32_t delta);
void nacre_rt_table_fill(NacreVmctx *vmctx, uint32_t table, uint32_t i, void *val, uint32_t n);
void nacre_rt_table_copy(NacreVmctx *vmctx, uint32_t dst_table, uint32_t src_table,
                         uint32_t dst, uint32_t src, uint32_t n);
void nacre_rt_table_init(NacreVmctx *vmctx, uint32_t table, uint32_t seg,
                         uint32_t dst, uint32_t src, uint32_t n);
void nacre_rt_elem_drop(NacreVmctx *vmctx, uint32_t seg);

/* ---- The module descriptor: what a compiled module tells the runtime.
 * The backend emits one, named NACRE_MODULE_SYMBOL, as constant data. */
#define NACRE_MODULE_SYMBOL "nacre_module"

typedef struct NacreTypeDesc {
	uint32_t nparams, nresults;
	const uint8_t *types;        /* params then results */
} NacreTypeDesc;

/* A constant expression: in Wasm 2.0 one instruction before end. */
enum { NACRE_CONST_VALUE, NACRE_CONST_GLOBAL_GET, NACRE_CONST_REF_NULL, NACRE_CONST_REF_FUNC };
typedef struct NacreConstExpr {
	uint32_t op;                 /* NACRE_CONST_* */
	uint32_t index;              /* global or function index */
	NacreValue value;            /* NACRE_CONST_VALUE */
} NacreConstExpr;

enum { NACRE_EXTERN_FUNC, NACRE_EXTERN_TABLE, NACRE_EXTERN_MEMORY, NACRE_EXTERN_GLOBAL };

typedef struct NacreImportDesc {
	const char *module, *name;   /* not NUL-terminated: use the lengths */
	uint32_t module_len, name_len;
	uint32_t kind;               /* NACRE_EXTERN_* */
	uint32_t index;              /* in the kind's index space */
} NacreImportDesc;

typedef struct NacreExportDesc {
	const char *name;
	uint32_t name_len;
	uint32_t kind;
	uint32_t index;
} NacreExportDesc;

typedef struct NacreLimitsDesc {
	uint32_t min, max;
	uint32_t has_max;
	uint32_t elem;               /* tables: NACRE_FUNCREF or NACRE_EXTERNREF */
} NacreLimitsDesc;

typedef struct NacreGlobalDesc {
	uint32_t type;
	uint32_t mut;
	NacreConstExpr init;         /* definitions only */
} NacreGlobalDesc;

enum { NACRE_SEG_ACTIVE, NACRE_SEG_PASSIVE, NACRE_SEG_DECLARATIVE };

typedef struct NacreElemDesc {
	uint32_t mode;
	uint32_t type;
	uint32_t table;
	uint32_t nitems;
	NacreConstExpr offset;
	const NacreConstExpr *items;
} NacreElemDesc;

typedef struct NacreDataDesc {
	uint32_t mode;
	uint32_t memory;
	uint32_t size;
	uint32_t reserved;
	NacreConstExpr offset;
	const uint8_t *bytes;
} NacreDataDesc;

/* Calls fn (of the entry's type) with arguments from args_results[0..n)
 * and writes its results to args_results[0..m). */
typedef void (*NacreEntry)(void *vmctx, void *fn, NacreValue *args_results);

enum { NACRE_BOUNDS_GUARD, NACRE_BOUNDS_EXPLICIT };

typedef struct NacreModuleDesc {
	uint32_t abi_version;        /* NACRE_ABI_VERSION */
	uint32_t bounds;             /* NACRE_BOUNDS_*: the memory the code expects */
	uint32_t ntypes;
	const NacreTypeDesc *types;
	const NacreEntry *entries;   /* per type index */
	void *const *host_adapters;  /* per type index: code for a NacreHostFunc */
	uint32_t nimports;
	const NacreImportDesc *imports;
	uint32_t nfuncs, nimported_funcs;
	const uint32_t *func_types;  /* type index of every function */
	void *const *func_code;      /* definitions: code of function nimported_funcs + i */
	const char *const *func_names; /* every function, NULL where unnamed */
	uint32_t ntables, nimported_tables;
	const NacreLimitsDesc *tables;
	uint32_t nmems, nimported_mems;
	const NacreLimitsDesc *mems;
	uint32_t nglobals, nimported_globals;
	const NacreGlobalDesc *globals;
	uint32_t nexports;
	const NacreExportDesc *exports;
	uint32_t nelems;
	const NacreElemDesc *elems;
	uint32_t ndatas;
	const NacreDataDesc *datas;
	uint32_t has_start;
	uint32_t start;
} NacreModuleDesc;

#endif
