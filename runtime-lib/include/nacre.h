/* nacre.h: the embedding API.  Load a module compiled by nacre (a shared
 * object, or a descriptor linked into the program), instantiate it with
 * imports, call its exports with typed values, and read traps.  One store
 * holds instances that may import from each other; use a store from one
 * thread at a time.  Every create has its destroy; nothing here aborts the
 * host: failures come back as a status with a message.  These functions
 * and abi.h's entries are all a program sees of the runtime (NACRE_API).
 */
#ifndef NACRE_H
#define NACRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nacre/abi.h"

typedef struct NacreStore NacreStore;
typedef struct NacreModule NacreModule;
typedef struct NacreInstance NacreInstance;
typedef struct NacreMemory NacreMemory;
typedef struct NacreTable NacreTable;
typedef struct NacreGlobal NacreGlobal;
typedef struct NacreTag NacreTag;

typedef enum NacreStatus {
	NACRE_OK,
	NACRE_ERROR,         /* a usage or resource failure; see the message */
	NACRE_UNLINKABLE,    /* an import is missing or has the wrong type */
	NACRE_TRAPPED,       /* Wasm code trapped; see the trap */
	NACRE_EXITED,        /* a host function ended the call (nacre_host_exit); see exit_code */
} NacreStatus;

/* What a failed call reports. */
typedef struct NacreError {
	NacreTrap trap;      /* NACRE_TRAP_NONE unless the status is NACRE_TRAPPED */
	char message[256];   /* "wasm trap: out of bounds memory access (in func 3 'load')" */
	int32_t exit_code;   /* NACRE_EXITED only: the code given to nacre_host_exit */
} NacreError;

NACRE_API const char *nacre_trap_text(NacreTrap trap);

/* An external value: what imports take and exports give. */
typedef struct NacreExtern {
	uint32_t kind;       /* NACRE_EXTERN_* */
	union {
		NacreFuncRef *func;
		NacreTable *table;
		NacreMemory *memory;
		NacreGlobal *global;
		NacreTag *tag;
	} u;
} NacreExtern;

/* A function type, for host functions and for checking exports. */
typedef struct NacreFuncType {
	uint32_t nparams, nresults;
	const uint8_t *params, *results; /* NACRE_I32 ... */
} NacreFuncType;

NACRE_API NacreStore *nacre_store_new(void);
/* Frees the store and every instance, memory, table, global and host
 * function made in it.  Not from inside a call into the store. */
NACRE_API void nacre_store_free(NacreStore *store);
/* Native stack the Wasm code of this store may use (default 1 MiB);
 * deeper recursion traps with NACRE_TRAP_STACK_EXHAUSTED. */
NACRE_API void nacre_store_set_stack_size(NacreStore *store, size_t bytes);

/* ---- Interruption, for code built --interruptible (checks at function
 * entries and loop back-edges) or --metered (fuel).  Code built without
 * them is stopped by an interrupt only at a function entry (whose stack
 * check sees the request), and a loop without calls runs to its end;
 * fuel it ignores. */
/* Makes the store's running call trap with NACRE_TRAP_INTERRUPTED at its
 * next check, or its next call if none runs.  Safe from any thread and
 * from a signal handler; the trap clears the request and the store stays
 * usable (what the interrupted call wrote stays, as after any trap). */
NACRE_API void nacre_store_interrupt(NacreStore *store);
/* Fuel for metered code: each instruction executed consumes about one
 * unit, deterministically; a call that runs out traps with
 * NACRE_TRAP_OUT_OF_FUEL.  A new store has UINT64_MAX. */
NACRE_API void nacre_store_set_fuel(NacreStore *store, uint64_t fuel);
NACRE_API uint64_t nacre_store_fuel(const NacreStore *store);

/* ---- Limits of one store, checked at instantiation and at every grow:
 * a module whose declared minimum exceeds one fails to instantiate
 * (NACRE_ERROR, "limit: ..."), a memory.grow or table.grow past one
 * returns -1 as the spec allows, and creating one object too many fails
 * cleanly.  0 in a field means no limit beyond the implementation's. */
typedef struct NacreLimits {
	uint64_t memory_pages;       /* per memory, in 64 KiB pages */
	uint32_t table_elements;     /* per table */
	uint32_t instances;          /* live instances in the store */
	uint32_t memories, tables;   /* in the store, standalone ones included */
	uint32_t host_funcs;         /* host functions made in the store */
	/* the bytes of exceptions the store keeps because an exnref to them
	 * was handed out (catch_ref, catch_all_ref), which live until the
	 * store is freed: one more traps with NACRE_TRAP_EXN_LIMIT.  0: 16 MiB
	 * (NACRE_EXN_BYTES_DEFAULT), any other value replaces that */
	uint64_t exception_bytes;
} NacreLimits;
enum { NACRE_EXN_BYTES_DEFAULT = 16 << 20 };
NACRE_API void nacre_store_set_limits(NacreStore *store, const NacreLimits *limits);

/* ---- A pool of linear-memory slots, for hosts that make many short-lived
 * stores: the address space is reserved once, up front, and cut into
 * equal slots; a memory made in a store of the pool takes a free slot and
 * gives it back, zeroed, when its store is freed, so instantiating maps
 * nothing.  The first keep_resident bytes a memory used are zeroed in
 * place (a memset, cheaper than the kernel's remapping for small
 * memories); the rest is returned to the OS.  Slots are guard-sized (8 GiB
 * each, for modules built with guard pages; they serve explicit-bounds
 * modules too) or, without guard, memory_pages large (explicit-bounds
 * modules only, and then thousands fit where guard slots would not).
 * Every memory of a pooled store is at most memory_pages large: a larger
 * minimum fails to instantiate, grow stops there.  The pool is safe to
 * share between threads; free it after the last store made in it. */
typedef struct NacrePoolConfig {
	uint32_t memories;           /* slots: the most memories alive at once */
	uint64_t memory_pages;       /* the most pages one memory may have */
	bool guard;                  /* guard-sized slots */
	size_t keep_resident;        /* bytes zeroed in place on release */
} NacrePoolConfig;
typedef struct NacrePool NacrePool;
NACRE_API NacrePool *nacre_pool_new(const NacrePoolConfig *config, NacreError *err);
NACRE_API void nacre_pool_free(NacrePool *pool);
/* A store whose instances' memories come from pool (standalone memories,
 * nacre_memory_new, do not). */
NACRE_API NacreStore *nacre_store_new_in(NacrePool *pool);

/* A compiled module: from a shared object nacre built (--emit=so), or from
 * a descriptor linked into this program (which must outlive the module and
 * its instances).  Closing a module that still has instances only drops
 * the caller's reference: it stays loaded until its last instance's store
 * is freed.
 *
 * nacre_module_open takes a path; one without a slash is a file in the
 * working directory (the library path is never searched).  It reads the
 * file before the dynamic loader sees it and refuses, saying which rule
 * broke ("not a nacre module: has constructors (DT_INIT_ARRAY)"),
 * anything but a nacre module for this architecture: not ELF64
 * little-endian ET_DYN of this machine, an interpreter, constructors or
 * destructors, IFUNC resolvers, another library to load (DT_NEEDED,
 * filters, audit), a segment past the end of the file, no .note.nacre
 * naming this target.
 * Then it loads that same file through its descriptor's /proc/self/fd
 * name, so that no other file takes its place; without /proc mounted it
 * fails.  (It guards against swapped paths and foreign files, not against
 * someone who may write the checked file itself.)
 * The module's code calls the runtime entries (nacre_rt_*) by name, bound
 * against the program: a program that opens modules must export them
 * dynamically, -Wl,--export-dynamic-symbol=nacre_rt_* (what nacre.pc's
 * Libs and the CMake package's nacre::runtime give; -rdynamic also
 * does), or loading fails with "undefined symbol: nacre_rt_...". */
NACRE_API NacreStatus nacre_module_open(const char *path, NacreModule **out, NacreError *err);
NACRE_API NacreStatus nacre_module_from_desc(const NacreModuleDesc *desc, NacreModule **out, NacreError *err);
NACRE_API void nacre_module_close(NacreModule *module);
NACRE_API const NacreModuleDesc *nacre_module_desc(const NacreModule *module);

/* Imports are given in the module's import order (desc->imports).  A
 * start function that traps returns NACRE_TRAPPED, and any instance state
 * the spec says survives (memory and table writes) stays in place. */
NACRE_API NacreStatus nacre_instantiate(NacreStore *store, const NacreModule *module,
                              const NacreExtern *imports, size_t nimports,
                              NacreInstance **out, NacreError *err);
/* Looks an export up by name (bytes, not NUL-terminated). */
NACRE_API bool nacre_instance_export(NacreInstance *inst, const char *name, size_t name_len, NacreExtern *out);

/* Calls a function with args[0..nparams) and writes results[0..nresults). */
NACRE_API NacreStatus nacre_call(NacreStore *store, NacreFuncRef *func, const NacreValue *args,
                       NacreValue *results, NacreError *err);
/* The type of a function value (from any module of the store, or a host). */
NACRE_API bool nacre_func_type(NacreStore *store, const NacreFuncRef *func, NacreFuncType *out);

/* Host functions: callback receives the arguments in args_results and
 * writes the results there.  It may call nacre_host_trap to trap.  On
 * NACRE_ERROR (no callback, a type with an unknown value type, the store's
 * host-function limit, out of memory) err says why and *out is NULL. */
NACRE_API NacreStatus nacre_host_func_create(NacreStore *store, const NacreFuncType *type,
                                             void (*callback)(void *env, NacreValue *args_results),
                                             void *env, NacreFuncRef **out, NacreError *err);
/* The same, NULL on any failure (without the reason). */
NACRE_API NacreFuncRef *nacre_host_func_new(NacreStore *store, const NacreFuncType *type,
                                  void (*callback)(void *env, NacreValue *args_results),
                                  void *env);
NACRE_API void nacre_host_trap(NacreStore *store, const char *message) __attribute__((noreturn));
/* Ends the call into the store from inside a host function, as WASI's
 * proc_exit does: the Wasm stack unwinds as for a trap, and the host's
 * nacre_call (or nacre_instantiate, for a start function) returns
 * NACRE_EXITED with the code in err->exit_code.  The store stays usable. */
NACRE_API void nacre_host_exit(NacreStore *store, int32_t code) __attribute__((noreturn));

/* Standalone memories, tables and globals (the spec runner's `spectest`).
 * A memory holds at most NACRE_MEMORY_PAGES_MAX pages (abi.h), 4 GiB less
 * one: a larger min is an error, growth stops there. */
NACRE_API NacreStatus nacre_memory_new(NacreStore *store, uint32_t min, uint32_t max, bool has_max,
                             NacreMemory **out, NacreError *err);
NACRE_API uint8_t *nacre_memory_data(NacreMemory *mem, uint64_t *size);
NACRE_API NacreStatus nacre_table_new(NacreStore *store, uint8_t elem, uint32_t min, uint32_t max,
                            bool has_max, NacreTable **out, NacreError *err);
/* The same, addressed by i64 (memory64, table64): limits up to 2^48 pages
 * or 2^64 elements may be declared; what nacre makes is capped as above
 * (a memory at NACRE_MEMORY_PAGES_MAX pages, a table at its element
 * limit), and such a memory or table matches only an import of its
 * address type. */
NACRE_API NacreStatus nacre_memory_new64(NacreStore *store, uint64_t min, uint64_t max, bool has_max,
                                         NacreMemory **out, NacreError *err);
NACRE_API NacreStatus nacre_table_new64(NacreStore *store, uint8_t elem, uint64_t min, uint64_t max,
                                        bool has_max, NacreTable **out, NacreError *err);
NACRE_API NacreGlobal *nacre_global_new(NacreStore *store, uint8_t type, bool mut, NacreValue value);
NACRE_API NacreValue nacre_global_get(const NacreGlobal *g);
NACRE_API bool nacre_global_type(const NacreGlobal *g, uint8_t *type, bool *mut);
/* A standalone tag (exceptions, 3.0) of type's parameters (it has no
 * results), for a module's tag import: every tag is its own, even when
 * types are equal.  NULL for a type with results or unknown value types,
 * or when out of memory. */
NACRE_API NacreTag *nacre_tag_new(NacreStore *store, const NacreFuncType *type);
/* A host function throws a Wasm exception of tag (this store's, from
 * nacre_tag_new or an instance's export) with payload (the tag's
 * parameters) by calling this and then returning: its results are
 * ignored and the exception goes to its Wasm caller's handlers as if
 * thrown there.  NACRE_ERROR, and nothing thrown, outside a call into
 * the store. */
NACRE_API NacreStatus nacre_host_throw(NacreStore *store, NacreTag *tag, const NacreValue *payload,
                                       NacreError *err);
/* The last exception that no handler caught (a call that returned
 * NACRE_TRAPPED with NACRE_TRAP_UNCAUGHT_EXCEPTION): its tag (compare
 * with a NacreTag *) and payload, valid until another one escapes or the
 * store is freed; NULL if none has. */
NACRE_API const NacreExn *nacre_store_exception(const NacreStore *store);

#endif
