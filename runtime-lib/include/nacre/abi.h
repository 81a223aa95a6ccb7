/* nacre/abi.h: the contract between code nacre generates and the runtime.
 * The backend takes every offset and layout from this header (offsetof),
 * never from copied numbers; the runtime builds these structures.  Two
 * tables are the one source for the rest: NACRE_RUNTIME_ENTRIES (the
 * functions generated code calls) and NACRE_ABI_STRUCTS (the fields of
 * every shared struct).  Changing anything here changes NACRE_ABI_VERSION.
 *
 * Calling convention of a compiled Wasm function (C calling convention):
 *   R fn(NacreVmctx *vmctx, P.., [NacreValue *resp])
 * with i32/i64 as integers, f32/f64 as float/double, funcref/externref as
 * pointers, and R void (no result), the one result, or a struct of the
 * results in order (multi-value).  Every call fits the target's
 * registers, so that a tail call (return_call) never needs the stack:
 * parameters that do not fit (backend/sig.c decides, from the type and
 * the target's register counts alone) are left out of P.. and stored by
 * the caller in the callee context's spill slots (vmctx->spill[i], i the
 * parameter's index; every callee context, NacreVmctx or NacreHostFunc,
 * starts with that pointer), which the callee reads on entry before it
 * calls anything.  Results that do not fit are all written to resp[i]
 * (R void): a caller passes its own vmctx->spill, a tail call its own
 * resp.  A store runs one call at a time, so the slots are never shared.
 */
#ifndef NACRE_ABI_H
#define NACRE_ABI_H

#include <stddef.h>
#include <stdint.h>

enum { NACRE_ABI_VERSION = 8 };

/* The most pages a memory of nacre's holds: one short of the 65536 (4 GiB)
 * a 32-bit memory may reach, so that an index that has just been accessed
 * plus up to 64 KiB never wraps (backend/nowrap.c relies on it).  Wasm
 * lets memory.grow fail for any reason; a memory that starts with 65536
 * pages cannot be made. */
enum { NACRE_MEMORY_PAGES_MAX = 65535 };

/* Value types, by their binary encoding. */
enum {
	NACRE_I32 = 0x7f, NACRE_I64 = 0x7e, NACRE_F32 = 0x7d, NACRE_F64 = 0x7c,
	NACRE_V128 = 0x7b, NACRE_FUNCREF = 0x70, NACRE_EXTERNREF = 0x6f,
};

/* The exact value types of 3.0's typed function references, 32 bits (as
 * the compiler's IrValType): the low byte a type code above, or a heap
 * type (func 0x70, extern 0x6f, nofunc 0x73, noextern 0x72, or
 * NACRE_HEAP_INDEX: a type, its index above NACRE_TYPE_SHIFT);
 * NACRE_REF_NONNULL a reference without null.  In a descriptor the index
 * is the module's; the runtime replaces it by the type's interned id. */
enum {
	NACRE_NULLFUNCREF = 0x73, NACRE_NULLEXTERNREF = 0x72, NACRE_HEAP_INDEX = 0x60,
	NACRE_REF_NONNULL = 0x100, NACRE_TYPE_SHIFT = 9,
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
	NACRE_TRAP_INTERRUPTED,           /* "interrupted": nacre_store_interrupt, --timeout */
	NACRE_TRAP_OUT_OF_FUEL,           /* "out of fuel": a metered store's fuel ran out */
	NACRE_TRAP_NULL_FUNC_REF,         /* "null function reference": call_ref of null */
	NACRE_TRAP_NULL_REF,              /* "null reference": ref.as_non_null of null */
	NACRE_TRAP_UNCAUGHT_EXCEPTION,    /* "uncaught exception": a Wasm exception reached the host */
	NACRE_TRAP_NULL_EXN_REF,          /* "null exception reference": throw_ref of null */
	NACRE_TRAP_EXN_LIMIT,             /* "too many exceptions kept": exnrefs past the store's limit */
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

/* An element of a funcref table: the function's record copied inline, so
 * that call_indirect reads code, context and type id from the element
 * itself (one dependent load fewer than through a pointer), and the
 * record's address, which table.get returns.  A null element is all
 * zeros: type id 0 is never interned, so the type check alone turns it
 * away, and ref tells the two traps apart.  Records never change once
 * made, so a copy never goes stale. */
typedef struct NacreFuncElem {
	void *code;          /* the record's fields, as in NacreFuncRef */
	void *vmctx;
	uint32_t type_id;
	uint32_t reserved;
	NacreFuncRef *ref;   /* the record; NULL: the null reference */
} NacreFuncElem;

/* A table's storage.  Elements are NacreFuncElem (funcref) or opaque
 * pointers (externref; NULL is the null reference). */
typedef struct NacreTableData {
	void *elems;
	uint32_t size;       /* current element count */
	uint32_t max;        /* the most it may grow to */
} NacreTableData;

/* A host function bound to an import.  The module's host adapter for the
 * import's type receives this as its vmctx, spills its arguments into an
 * array, calls callback, and returns what it wrote back. */
typedef struct NacreHostFunc {
	NacreValue *spill;           /* as NacreVmctx.spill: first, for callers */
	void (*callback)(void *env, NacreValue *args_results);
	void *env;
} NacreHostFunc;

/* Where one memory is, for code of an instance that uses it as memory i
 * (multi-memory): NacreVmctx.memories[i].  base never moves; size follows
 * every grow, as mem_size does for memory 0. */
typedef struct NacreMemView {
	uint8_t *base;
	uint64_t size;               /* current size in bytes */
} NacreMemView;

/* The instance context: first argument of every compiled function. */
typedef struct NacreVmctx {
	/* the parameters that do not fit in registers, stored by the caller
	 * (see the calling convention above); also the caller's results
	 * area: as many slots as the module's longest parameter or result
	 * list.  First, as in NacreHostFunc, so callers need not know which
	 * one they call */
	NacreValue *spill;
	uint8_t *mem_base;           /* memory 0; never moves once created */
	uint64_t mem_size;           /* memory 0's current size in bytes */
	/* the store's limit: a stack pointer below it traps; UINTPTR_MAX is
	 * an interrupt request (nacre_store_interrupt), which every
	 * function's entry check then meets and --interruptible code also
	 * tests at each loop header (with an atomic load, never hoisted) */
	const uintptr_t *stack_limit;
	NacreValue **globals;        /* every global's cell, imports included */
	NacreTableData **tables;     /* every table, imports included */
	NacreFuncRef **funcs;        /* every function, imports resolved */
	const uint32_t *type_ids;    /* interned id of each type index */
	void *instance;              /* the runtime's instance */
	/* the store's fuel: --metered code subtracts each block's instruction
	 * count and traps at an entry or loop header once it is below 0 */
	int64_t *fuel;
	/* the store's pending exception (a NacreExn *, NULL: none): throw
	 * sets it and returns; after a call that may throw, code that can
	 * see exceptions tests it (ARCHITECTURE.md, "Exception handling") */
	void **exn;
	/* every memory, imports included (memories[0] repeats mem_base and
	 * mem_size, which code for memory 0 reads without this indirection);
	 * NULL when the module has fewer than two */
	NacreMemView *memories;
	/* every tag's identity, imports included: the runtime's object for
	 * the tag instance, which an exception carries and a catch compares */
	void **tags;
} NacreVmctx;

/* A Wasm exception (what an exnref points to), made by nacre_rt_exn_new.
 * Its tag is the tag instance's identity (vmctx->tags[i] of every
 * instance that defines or imports it).  One that a catch without _ref takes is freed there
 * (nacre_rt_exn_drop); one handed out as an exnref is kept by the store
 * until it is destroyed (nacre_rt_exn_keep), since it may be stored
 * anywhere, up to the store's limit (NacreLimits.exception_bytes). */
typedef struct NacreExn {
	void *tag;                   /* the tag instance (a NacreTag *) */
	NacreValue *payload;         /* the tag's parameters, in order */
	uint32_t nvalues;
	uint32_t kept;               /* 1 once an exnref to it exists */
	struct NacreExn *next;       /* the store's list of kept exceptions */
} NacreExn;

/* ---- The one table of the runtime entries generated code may call (the
 * audit's allow-list); vmctx is the caller's, tables and segments are
 * indices in the caller's instance, memory is the caller's memory 0 (the
 * _AT entries take a memory index: multi-memory).
 * X(ID, name, result, (parameters), (attributes)): ID names the entry in
 * the backend (BE_RT_ID); result and parameters are NACRE_ABI_CTYPE_*
 * tokens, which the backend maps to LLVM types; the attributes are names
 * that GNU C and LLVM spell alike.  Expanded below into the C prototypes
 * (which the runtime's definitions are compiled against) and in the
 * backend into its enum and declarations (backend/abi.c). */
#define NACRE_RUNTIME_ENTRIES(X) \
	/* (vmctx, trap code): unwinds to the host */ \
	X(TRAP, nacre_rt_trap, VOID, (VMCTX, U32), (noreturn, cold)) \
	/* (vmctx, delta) -> old size in pages, or -1 */ \
	X(MEMORY_GROW, nacre_rt_memory_grow, U32, (VMCTX, U32), ()) \
	/* (vmctx, dst, val, n) */ \
	X(MEMORY_FILL, nacre_rt_memory_fill, VOID, (VMCTX, U32, U32, U32), ()) \
	/* (vmctx, dst, src, n) */ \
	X(MEMORY_COPY, nacre_rt_memory_copy, VOID, (VMCTX, U32, U32, U32), ()) \
	/* (vmctx, seg, dst, src, n) */ \
	X(MEMORY_INIT, nacre_rt_memory_init, VOID, (VMCTX, U32, U32, U32, U32), ()) \
	/* (vmctx, memory, delta) -> old size in pages, or -1 */ \
	X(MEMORY_GROW_AT, nacre_rt_memory_grow_at, U32, (VMCTX, U32, U32), ()) \
	/* (vmctx, memory, dst, val, n) */ \
	X(MEMORY_FILL_AT, nacre_rt_memory_fill_at, VOID, (VMCTX, U32, U32, U32, U32), ()) \
	/* (vmctx, dst memory, src memory, dst, src, n) */ \
	X(MEMORY_COPY_AT, nacre_rt_memory_copy_at, VOID, (VMCTX, U32, U32, U32, U32, U32), ()) \
	/* (vmctx, memory, seg, dst, src, n) */ \
	X(MEMORY_INIT_AT, nacre_rt_memory_init_at, VOID, (VMCTX, U32, U32, U32, U32, U32), ()) \
	/* a 64-bit memory (memory64), any index; an i32 operand zero-extended: \
	 * (vmctx, memory, delta) -> old size in pages, or -1 */ \
	X(MEMORY_GROW64, nacre_rt_memory_grow64, U64, (VMCTX, U32, U64), ()) \
	/* (vmctx, memory, dst, val, n) */ \
	X(MEMORY_FILL64, nacre_rt_memory_fill64, VOID, (VMCTX, U32, U64, U32, U64), ()) \
	/* (vmctx, dst memory, src memory, dst, src, n) */ \
	X(MEMORY_COPY64, nacre_rt_memory_copy64, VOID, (VMCTX, U32, U32, U64, U64, U64), ()) \
	/* (vmctx, memory, seg, dst, src, n) */ \
	X(MEMORY_INIT64, nacre_rt_memory_init64, VOID, (VMCTX, U32, U32, U64, U32, U32), ()) \
	/* (vmctx, seg) */ \
	X(DATA_DROP, nacre_rt_data_drop, VOID, (VMCTX, U32), ()) \
	/* (vmctx, table, init, delta) -> old size, or -1 */ \
	X(TABLE_GROW, nacre_rt_table_grow, U32, (VMCTX, U32, PTR, U32), ()) \
	/* (vmctx, table, i, val, n) */ \
	X(TABLE_FILL, nacre_rt_table_fill, VOID, (VMCTX, U32, U32, PTR, U32), ()) \
	/* (vmctx, dst_table, src_table, dst, src, n) */ \
	X(TABLE_COPY, nacre_rt_table_copy, VOID, (VMCTX, U32, U32, U32, U32, U32), ()) \
	/* (vmctx, table, seg, dst, src, n) */ \
	X(TABLE_INIT, nacre_rt_table_init, VOID, (VMCTX, U32, U32, U32, U32, U32), ()) \
	/* (vmctx, seg) */ \
	X(ELEM_DROP, nacre_rt_elem_drop, VOID, (VMCTX, U32), ()) \
	/* (vmctx, tag, payload count) -> a new NacreExn, its payload to fill */ \
	X(EXN_NEW, nacre_rt_exn_new, PTR, (VMCTX, U32, U32), ()) \
	/* (vmctx, exception): caught without _ref: freed unless kept */ \
	X(EXN_DROP, nacre_rt_exn_drop, VOID, (VMCTX, PTR), ()) \
	/* (vmctx, exception): caught with _ref: the store keeps it */ \
	X(EXN_KEEP, nacre_rt_exn_keep, VOID, (VMCTX, PTR), ())

/* The C types of the table's tokens (entries above, fields below). */
#define NACRE_ABI_CTYPE_VOID void
#define NACRE_ABI_CTYPE_U32 uint32_t
#define NACRE_ABI_CTYPE_U64 uint64_t
#define NACRE_ABI_CTYPE_PTR void *
#define NACRE_ABI_CTYPE_VMCTX NacreVmctx *
#define NACRE_ABI_CTYPE_VALUE NacreValue
#define NACRE_ABI_CTYPE_CONST NacreConstExpr
#define NACRE_ABI_CTYPE(t) NACRE_ABI_CTYPE_##t

/* NACRE_ABI_EACH(f, (a, b, ...)) is f(a), f(b), ...: one to six items;
 * of () it is f() once. */
#define NACRE_ABI_EACH(f, list) NACRE_ABI_EACH_(f, NACRE_ABI_ITEMS list)
#define NACRE_ABI_ITEMS(...) __VA_ARGS__
#define NACRE_ABI_EACH_(f, ...) NACRE_ABI_COUNT(__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0)(f, __VA_ARGS__)
#define NACRE_ABI_COUNT(_1, _2, _3, _4, _5, _6, n, ...) NACRE_ABI_EACH_##n
#define NACRE_ABI_EACH_1(f, a) f(a)
#define NACRE_ABI_EACH_2(f, a, ...) f(a), NACRE_ABI_EACH_1(f, __VA_ARGS__)
#define NACRE_ABI_EACH_3(f, a, ...) f(a), NACRE_ABI_EACH_2(f, __VA_ARGS__)
#define NACRE_ABI_EACH_4(f, a, ...) f(a), NACRE_ABI_EACH_3(f, __VA_ARGS__)
#define NACRE_ABI_EACH_5(f, a, ...) f(a), NACRE_ABI_EACH_4(f, __VA_ARGS__)
#define NACRE_ABI_EACH_6(f, a, ...) f(a), NACRE_ABI_EACH_5(f, __VA_ARGS__)

/* What a program embedding the runtime sees of it: the API of nacre.h
 * and the entries.  The runtime is built with -fvisibility=hidden, so
 * everything else stays inside the archive (or the shared object). */
#define NACRE_API __attribute__((visibility("default")))

/* The entries as C declarations: the runtime's definitions must match
 * them, and C code that plays the part of generated code (tests,
 * hand-written modules) calls them. */
#define NACRE_RT_PROTOTYPE(id, name, result, params, attrs) \
	NACRE_API __attribute__(attrs) NACRE_ABI_CTYPE_##result name(NACRE_ABI_EACH(NACRE_ABI_CTYPE, params));
NACRE_RUNTIME_ENTRIES(NACRE_RT_PROTOTYPE)

/* The C library functions LLVM may call from generated code on its own
 * (memory intrinsics; rounding without SSE4.1), and so the rest of the
 * audit's allow-list.  A static executable gets them from the
 * freestanding runtime: runtime-lib/sys/string.c and sys/math.c define
 * exactly these, and a unit test checks that its archive does. */
#define NACRE_RUNTIME_LIBCALLS(X) \
	X(memcpy) X(memmove) X(memset) \
	X(trunc) X(truncf) X(floor) X(floorf) X(ceil) X(ceilf) X(nearbyint) X(nearbyintf) X(roundeven) X(roundevenf)

/* ---- The module descriptor: what a compiled module tells the runtime.
 * The backend emits one, named NACRE_MODULE_SYMBOL, as constant data. */
#define NACRE_MODULE_SYMBOL "nacre_module"

typedef struct NacreTypeDesc {
	uint32_t nparams, nresults;
	const uint8_t *types;        /* params then results, as represented:
	                              * typed references as funcref/externref */
	const uint32_t *exact;       /* the exact types, NULL when types says all */
} NacreTypeDesc;

/* A constant expression.  One instruction before end (all Wasm 2.0 has)
 * is that instruction; a longer one (3.0's extended constant expressions:
 * i32/i64 add, sub and mul over constants and global.get) is
 * NACRE_CONST_PROGRAM, its instructions in `ops`, `index` of them, run
 * on a stack of at most NACRE_CONST_STACK_MAX values. */
enum {
	NACRE_CONST_VALUE, NACRE_CONST_GLOBAL_GET, NACRE_CONST_REF_NULL, NACRE_CONST_REF_FUNC,
	NACRE_CONST_I32_ADD, NACRE_CONST_I32_SUB, NACRE_CONST_I32_MUL,
	NACRE_CONST_I64_ADD, NACRE_CONST_I64_SUB, NACRE_CONST_I64_MUL,
	NACRE_CONST_PROGRAM,
};
enum { NACRE_CONST_STACK_MAX = 64 };
typedef struct NacreConstExpr {
	uint32_t op;                 /* NACRE_CONST_* */
	uint32_t index;              /* global or function index; PROGRAM: its length */
	NacreValue value;            /* NACRE_CONST_VALUE */
	const struct NacreConstExpr *ops; /* PROGRAM: its instructions, none a PROGRAM */
} NacreConstExpr;

enum { NACRE_EXTERN_FUNC, NACRE_EXTERN_TABLE, NACRE_EXTERN_MEMORY, NACRE_EXTERN_GLOBAL, NACRE_EXTERN_TAG };

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
	uint64_t min, max;           /* i64-addressed: up to 2^48 pages, 2^64 elements */
	uint32_t has_max;
	uint32_t elem;               /* tables: NACRE_FUNCREF or NACRE_EXTERNREF */
	uint32_t exact;              /* tables: the exact element type */
	uint32_t has_init;           /* tables: every element starts as init */
	NacreConstExpr init;
	uint32_t addr64;             /* addressed by i64 (memory64, table64) */
	uint32_t reserved;
} NacreLimitsDesc;

typedef struct NacreGlobalDesc {
	uint32_t type;               /* the exact type */
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
	uint32_t ntags, nimported_tags;
	const uint32_t *tag_types;   /* type index of every tag */
} NacreModuleDesc;

/* A component executable's descriptor: the core modules it was compiled
 * from, and its plan (runtime-lib/cm_plan_codec.h: which instances to
 * make in what order, each import bound, and what it exports).  The
 * backend emits it, named NACRE_COMPONENT_SYMBOL; the WASI 0.2 start-up
 * reads it. */
typedef struct NacreComponentDesc {
	uint32_t abi_version;        /* NACRE_ABI_VERSION */
	uint32_t nmodules;
	const NacreModuleDesc *const *modules;
	const uint8_t *plan;
	uint32_t plan_size;
	uint32_t reserved;
} NacreComponentDesc;

#define NACRE_COMPONENT_SYMBOL "nacre_component"

/* ---- The layout generated code relies on, field by field: every struct
 * above that the backend reads, writes or emits, each field with its
 * NACRE_ABI_CTYPE token (PTR: any pointer), in order.  backend/abi.c builds
 * the LLVM types from these lists and checks every field's offset and
 * size, and each struct's size and alignment, under the target's data
 * layout against offsetof here; runtime-lib/sys/abi_check.c checks, in
 * each target's own build, that the C layout is the LP64 one they
 * describe.  Adding a field to one of these structs means adding its row. */
#define NACRE_ABI_STRUCTS(S) \
	S(NacreFuncRef) S(NacreFuncElem) S(NacreTableData) S(NacreHostFunc) S(NacreMemView) S(NacreVmctx) S(NacreExn) S(NacreTypeDesc) \
	S(NacreConstExpr) S(NacreImportDesc) S(NacreExportDesc) S(NacreLimitsDesc) S(NacreGlobalDesc) \
	S(NacreElemDesc) S(NacreDataDesc) S(NacreModuleDesc) S(NacreComponentDesc)

#define NACRE_ABI_FIELDS_NacreFuncRef(F) \
	F(NacreFuncRef, code, PTR) F(NacreFuncRef, vmctx, PTR) F(NacreFuncRef, type_id, U32) \
	F(NacreFuncRef, reserved, U32)

#define NACRE_ABI_FIELDS_NacreFuncElem(F) \
	F(NacreFuncElem, code, PTR) F(NacreFuncElem, vmctx, PTR) F(NacreFuncElem, type_id, U32) \
	F(NacreFuncElem, reserved, U32) F(NacreFuncElem, ref, PTR)

#define NACRE_ABI_FIELDS_NacreTableData(F) \
	F(NacreTableData, elems, PTR) F(NacreTableData, size, U32) F(NacreTableData, max, U32)

#define NACRE_ABI_FIELDS_NacreHostFunc(F) \
	F(NacreHostFunc, spill, PTR) F(NacreHostFunc, callback, PTR) F(NacreHostFunc, env, PTR)

#define NACRE_ABI_FIELDS_NacreMemView(F) \
	F(NacreMemView, base, PTR) F(NacreMemView, size, U64)

#define NACRE_ABI_FIELDS_NacreVmctx(F) \
	F(NacreVmctx, spill, PTR) F(NacreVmctx, mem_base, PTR) F(NacreVmctx, mem_size, U64) \
	F(NacreVmctx, stack_limit, PTR) F(NacreVmctx, globals, PTR) F(NacreVmctx, tables, PTR) \
	F(NacreVmctx, funcs, PTR) F(NacreVmctx, type_ids, PTR) F(NacreVmctx, instance, PTR) \
	F(NacreVmctx, fuel, PTR) F(NacreVmctx, exn, PTR) F(NacreVmctx, memories, PTR) \
	F(NacreVmctx, tags, PTR)

#define NACRE_ABI_FIELDS_NacreExn(F) \
	F(NacreExn, tag, PTR) F(NacreExn, payload, PTR) F(NacreExn, nvalues, U32) \
	F(NacreExn, kept, U32) F(NacreExn, next, PTR)

#define NACRE_ABI_FIELDS_NacreTypeDesc(F) \
	F(NacreTypeDesc, nparams, U32) F(NacreTypeDesc, nresults, U32) \
	F(NacreTypeDesc, types, PTR) F(NacreTypeDesc, exact, PTR)

#define NACRE_ABI_FIELDS_NacreConstExpr(F) \
	F(NacreConstExpr, op, U32) F(NacreConstExpr, index, U32) \
	F(NacreConstExpr, value, VALUE) F(NacreConstExpr, ops, PTR)

#define NACRE_ABI_FIELDS_NacreImportDesc(F) \
	F(NacreImportDesc, module, PTR) F(NacreImportDesc, name, PTR) \
	F(NacreImportDesc, module_len, U32) F(NacreImportDesc, name_len, U32) \
	F(NacreImportDesc, kind, U32) F(NacreImportDesc, index, U32)

#define NACRE_ABI_FIELDS_NacreExportDesc(F) \
	F(NacreExportDesc, name, PTR) F(NacreExportDesc, name_len, U32) \
	F(NacreExportDesc, kind, U32) F(NacreExportDesc, index, U32)

#define NACRE_ABI_FIELDS_NacreLimitsDesc(F) \
	F(NacreLimitsDesc, min, U64) F(NacreLimitsDesc, max, U64) \
	F(NacreLimitsDesc, has_max, U32) F(NacreLimitsDesc, elem, U32) \
	F(NacreLimitsDesc, exact, U32) F(NacreLimitsDesc, has_init, U32) \
	F(NacreLimitsDesc, init, CONST) F(NacreLimitsDesc, addr64, U32) F(NacreLimitsDesc, reserved, U32)

#define NACRE_ABI_FIELDS_NacreGlobalDesc(F) \
	F(NacreGlobalDesc, type, U32) F(NacreGlobalDesc, mut, U32) \
	F(NacreGlobalDesc, init, CONST)

#define NACRE_ABI_FIELDS_NacreElemDesc(F) \
	F(NacreElemDesc, mode, U32) F(NacreElemDesc, type, U32) F(NacreElemDesc, table, U32) \
	F(NacreElemDesc, nitems, U32) F(NacreElemDesc, offset, CONST) \
	F(NacreElemDesc, items, PTR)

#define NACRE_ABI_FIELDS_NacreDataDesc(F) \
	F(NacreDataDesc, mode, U32) F(NacreDataDesc, memory, U32) F(NacreDataDesc, size, U32) \
	F(NacreDataDesc, reserved, U32) F(NacreDataDesc, offset, CONST) \
	F(NacreDataDesc, bytes, PTR)

#define NACRE_ABI_FIELDS_NacreModuleDesc(F) \
	F(NacreModuleDesc, abi_version, U32) F(NacreModuleDesc, bounds, U32) \
	F(NacreModuleDesc, ntypes, U32) F(NacreModuleDesc, types, PTR) \
	F(NacreModuleDesc, entries, PTR) F(NacreModuleDesc, host_adapters, PTR) \
	F(NacreModuleDesc, nimports, U32) F(NacreModuleDesc, imports, PTR) \
	F(NacreModuleDesc, nfuncs, U32) F(NacreModuleDesc, nimported_funcs, U32) \
	F(NacreModuleDesc, func_types, PTR) F(NacreModuleDesc, func_code, PTR) \
	F(NacreModuleDesc, func_names, PTR) F(NacreModuleDesc, ntables, U32) \
	F(NacreModuleDesc, nimported_tables, U32) F(NacreModuleDesc, tables, PTR) \
	F(NacreModuleDesc, nmems, U32) F(NacreModuleDesc, nimported_mems, U32) \
	F(NacreModuleDesc, mems, PTR) F(NacreModuleDesc, nglobals, U32) \
	F(NacreModuleDesc, nimported_globals, U32) F(NacreModuleDesc, globals, PTR) \
	F(NacreModuleDesc, nexports, U32) F(NacreModuleDesc, exports, PTR) \
	F(NacreModuleDesc, nelems, U32) F(NacreModuleDesc, elems, PTR) \
	F(NacreModuleDesc, ndatas, U32) F(NacreModuleDesc, datas, PTR) \
	F(NacreModuleDesc, has_start, U32) F(NacreModuleDesc, start, U32) \
	F(NacreModuleDesc, ntags, U32) F(NacreModuleDesc, nimported_tags, U32) \
	F(NacreModuleDesc, tag_types, PTR)

#define NACRE_ABI_FIELDS_NacreComponentDesc(F) \
	F(NacreComponentDesc, abi_version, U32) F(NacreComponentDesc, nmodules, U32) \
	F(NacreComponentDesc, modules, PTR) F(NacreComponentDesc, plan, PTR) \
	F(NacreComponentDesc, plan_size, U32) F(NacreComponentDesc, reserved, U32)

#endif
