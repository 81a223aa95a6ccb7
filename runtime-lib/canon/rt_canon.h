/* runtime-lib/canon/rt_canon.h: the canonical ABI in the runtime, one
 * banner per file.  A descriptor (nacre/canon.h) is checked into a tree
 * of RtCanonType nodes with their layout; lift and lower move values
 * between core values or guest memory and RtCanonVal trees in a per-call
 * arena.  Guest input that breaks a rule makes the call fail with an
 * RtCanonError, which rt_canon_trap turns into a trap.
 * CanonicalABI.md of the component model is the reference throughout.
 */
#ifndef NACRE_RT_CANON_H
#define NACRE_RT_CANON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nacre/abi.h"
#include "nacre/canon.h"

/* Why a lift, lower or handle operation failed: a closed list, one text
 * each (error.c), so tests compare codes. */
#define RT_CANON_ERRORS(X) \
	X(NONE, "no error") \
	X(BOUNDS, "pointer or length out of bounds of guest memory") \
	X(ALIGN, "misaligned pointer") \
	X(LENGTH, "list or string too long") \
	X(UTF8, "invalid utf-8 string") \
	X(UTF16, "invalid utf-16 string") \
	X(CHAR, "invalid char (surrogate or above 0x10ffff)") \
	X(DISCRIMINANT, "invalid variant discriminant") \
	X(HANDLE, "unknown handle index") \
	X(HANDLE_TYPE, "handle of another resource type") \
	X(HANDLE_BORROWED, "own handle expected, got a borrow") \
	X(HANDLE_LENT, "handle still lent out") \
	X(BORROWS_LEFT, "borrow handles remain at the end of the call") \
	X(TABLE_FULL, "handle table full") \
	X(NO_MEMORY, "no memory canonical option") \
	X(NO_REALLOC, "no realloc canonical option") \
	X(CALLEE, "realloc or post-return failed") \
	X(HOST_VALUE, "host value does not match its type") \
	X(NOMEM, "out of host memory")

typedef enum RtCanonError {
#define X(name, text) RT_CANON_E_##name,
	RT_CANON_ERRORS(X)
#undef X
	RT_CANON_E_COUNT
} RtCanonError;

/* ---- arena.c: a per-call bump allocator for lifted values. */
typedef struct RtCanonChunk RtCanonChunk;
typedef struct RtCanonArena {
	RtCanonChunk *chunks;        /* newest first */
	size_t used, limit;          /* bytes handed out; the most allowed */
} RtCanonArena;
/* limit: the most bytes the arena hands out (0: 1 GiB). */
void rt_canon_arena_init(RtCanonArena *a, size_t limit);
/* 8-aligned, zeroed; NULL past the limit or out of memory. */
void *rt_canon_arena_alloc(RtCanonArena *a, size_t bytes);
/* Frees everything handed out. */
void rt_canon_arena_reset(RtCanonArena *a);

/* ---- check.c, layout.c: a checked type.  Tuples are records; enum,
 * option and result are variants (CanonicalABI.md despecialize), with
 * `code` keeping the descriptor's own code. */
enum { RT_CANON_I32 = 1, RT_CANON_I64, RT_CANON_F32, RT_CANON_F64 };

typedef struct RtCanonType {
	uint8_t kind;                /* NACRE_CANON_*: bool..string, LIST, RECORD, VARIANT, FLAGS, OWN, BORROW */
	uint8_t code;                /* the descriptor's code (TUPLE, ENUM, OPTION, RESULT too) */
	uint8_t align;               /* alignment in guest memory */
	uint8_t disc;                /* variants: discriminant bytes; flags: bytes */
	uint32_t size;               /* elem_size, below 2^28 */
	uint32_t payload;            /* variants: payload offset past the discriminant */
	uint32_t n;                  /* fields, cases or flags (a list: 1) */
	uint32_t resource;           /* own and borrow */
	uint32_t nflat;              /* flat core values */
	const uint8_t *flat;         /* their RT_CANON_I32.. types */
	const struct RtCanonType *const *elems; /* n fields or cases (NULL: no payload), or a list's element */
} RtCanonType;

typedef struct RtCanonFunc {
	uint32_t nparams;
	const RtCanonType *const *params;
	const RtCanonType *result;   /* NULL: none */
	const RtCanonType *tuple;    /* the params as one record, for spilling (NULL if none) */
	uint32_t nflat_params;       /* before spilling */
	uint32_t nflat_results;
} RtCanonFunc;

/* Checks a descriptor and builds its tree in a (which must outlive it).
 * false if the bytes are not a valid descriptor of that kind, or if a
 * runs out; never reads outside bytes[0..n). */
bool rt_canon_check_func(const uint8_t *bytes, size_t n, RtCanonArena *a, const RtCanonFunc **out);
bool rt_canon_check_type(const uint8_t *bytes, size_t n, RtCanonArena *a, const RtCanonType **out);
/* layout.c: fills t's align, size, payload and flat from its elements;
 * false if the size reaches 2^28 or a runs out. */
bool rt_canon_layout(RtCanonType *t, RtCanonArena *a);
/* Whether a list of t is held as bytes (1-byte integers). */
bool rt_canon_is_bytes(const RtCanonType *t);

/* ---- a host value, by its type:
 *   bool, integers, char, flags (bit i: flag i), handles (the rep): u / s
 *   f32, f64: f32 / f64 (bits as they came)
 *   string: str, UTF-8, not terminated
 *   list: list.items, n elements: uint8_t[] if rt_canon_is_bytes(element),
 *         else RtCanonVal[]
 *   record, tuple: fields[n]
 *   variant, enum, option, result: var.index and var.payload (NULL: none);
 *         option: 0 none, 1 some; result: 0 ok, 1 err */
typedef struct RtCanonVal {
	union {
		uint64_t u;
		int64_t s;
		float f32;
		double f64;
		struct { const char *ptr; uint32_t len; } str;
		struct { void *items; uint32_t n; } list;
		struct RtCanonVal *fields;
		struct { uint32_t index; struct RtCanonVal *payload; } var;
	};
} RtCanonVal;

/* ---- handles.c: a component instance's handle table. */
typedef struct RtCanonResource {
	void (*dtor)(void *env, uint32_t rep); /* on drop of the last own handle, or NULL */
	void *env;
	bool local;                  /* implemented by the guest instance itself */
} RtCanonResource;

typedef struct RtCanonHandle {
	uint32_t rep;
	uint32_t resource;
	uint32_t lends;              /* borrows of it live in calls */
	uint32_t next_free;          /* free slots: the next free index, 0: none */
	struct RtCanonCx *scope;     /* a borrow: the call it belongs to */
	bool used, own;
} RtCanonHandle;

typedef struct RtCanonHandles {
	RtCanonHandle *slots;        /* [0] never used: index 0 is no handle */
	uint32_t n, cap;             /* slots in use (with holes), allocated */
	uint32_t free;               /* first free hole, 0: none */
	const RtCanonResource *types;
	uint32_t ntypes;
} RtCanonHandles;

/* types: the instance's resource types, by resource number (borrowed). */
bool rt_canon_handles_init(RtCanonHandles *h, const RtCanonResource *types, uint32_t ntypes);
/* Drops every own handle left (their destructors run) and frees h. */
void rt_canon_handles_free(RtCanonHandles *h);
/* A new handle for rep; scope: the call a borrow belongs to. */
RtCanonError rt_canon_handle_add(RtCanonHandles *h, uint32_t resource, uint32_t rep, bool own,
                                 struct RtCanonCx *scope, uint32_t *index);
/* canon resource.drop and resource.rep. */
RtCanonError rt_canon_handle_drop(RtCanonHandles *h, uint32_t index, uint32_t resource);
RtCanonError rt_canon_handle_rep(const RtCanonHandles *h, uint32_t index, uint32_t resource, uint32_t *rep);

/* ---- a call's context: the canonical options and what the caller
 * provides.  call runs core function `func` of the guest (realloc,
 * post-return) and returns false if it trapped. */
typedef bool (*RtCanonCallFn)(void *env, uint32_t func, const NacreValue *args, uint32_t nargs,
                              NacreValue *results, uint32_t nresults);

typedef struct RtCanonOptions {
	uint8_t encoding;            /* NACRE_CANON_UTF8 .. */
	uint8_t *memory;             /* guest memory's base (never moves), NULL: none */
	const uint64_t *memory_size; /* its current size in bytes (read after every call) */
	bool has_realloc, has_post_return;
	uint32_t realloc, post_return; /* core functions, for call */
	RtCanonCallFn call;
	void *env;
} RtCanonOptions;

typedef struct RtCanonCx {
	const RtCanonOptions *opts;
	RtCanonArena *arena;         /* where lifted values go */
	RtCanonHandles *handles;     /* the guest instance's, or NULL */
	RtCanonError error;          /* the first failure */
	uint32_t *lent;              /* handles lent by lifted borrows (handles.c) */
	uint32_t nlent, cap_lent;
	uint32_t borrows;            /* borrow handles given to the guest, not yet dropped */
} RtCanonCx;

void rt_canon_cx_init(RtCanonCx *cx, const RtCanonOptions *opts, RtCanonArena *arena, RtCanonHandles *handles);
/* The end of the call (handles.c): returns every lent handle, and fails
 * with BORROWS_LEFT if the guest kept a borrow it was given. */
RtCanonError rt_canon_cx_end(RtCanonCx *cx);
/* Records e as the call's failure (the first one sticks); returns false. */
bool rt_canon_fail(RtCanonCx *cx, RtCanonError e);

/* handles.c, for lift and lower: a handle value of t. */
bool rt_canon_lift_handle(RtCanonCx *cx, const RtCanonType *t, uint32_t index, uint32_t *rep);
bool rt_canon_lower_handle(RtCanonCx *cx, const RtCanonType *t, uint32_t rep, uint32_t *index);

/* ---- memory.c: guest memory access, checked. */
/* Whether [ptr, ptr+bytes) lies in guest memory and ptr is aligned; fails cx if not. */
bool rt_canon_mem_check(RtCanonCx *cx, uint64_t ptr, uint64_t bytes, uint32_t align);
uint8_t *rt_canon_mem_at(const RtCanonCx *cx, uint32_t ptr);
/* realloc(old, old_size, align, size) in the guest, checked (CanonicalABI.md cx.reallocate). */
bool rt_canon_realloc(RtCanonCx *cx, uint32_t old, uint32_t old_size, uint32_t align, uint32_t size,
                      uint32_t *ptr);

/* ---- string.c: strings in guest memory <-> UTF-8 host strings. */
bool rt_canon_load_string(RtCanonCx *cx, uint32_t ptr, uint32_t tagged_units, RtCanonVal *out);
bool rt_canon_store_string(RtCanonCx *cx, const RtCanonVal *v, uint32_t *ptr, uint32_t *tagged_units);
/* Whether s[0..n) is well-formed UTF-8; decodes one code point at *i. */
bool rt_canon_utf8_valid(const uint8_t *s, size_t n);
uint32_t rt_canon_utf8_next(const uint8_t *s, size_t n, size_t *i);

/* ---- lift.c, lower.c: one value. */
bool rt_canon_load(RtCanonCx *cx, const RtCanonType *t, uint32_t ptr, RtCanonVal *out);
bool rt_canon_store(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, uint32_t ptr);
/* Flat: t->nflat core values from core[*i], *i advanced. */
bool rt_canon_lift_flat(RtCanonCx *cx, const RtCanonType *t, const NacreValue *core, uint32_t *i, RtCanonVal *out);
bool rt_canon_lower_flat(RtCanonCx *cx, const RtCanonType *t, const RtCanonVal *v, NacreValue *core, uint32_t *i);

/* ---- func.c: a whole call.  Import direction (the guest calls the
 * host, canon lower): lift_args from the guest's core arguments, then
 * lower_results into core (or through the return pointer the guest
 * passed as its last argument).  Export direction (the host calls the
 * guest, canon lift): lower_args into core arguments (spilled through
 * realloc past MAX_FLAT_PARAMS), lift_results from the guest's core
 * results, then post_return.  Core counts come from
 * rt_canon_core_params / _results. */
uint32_t rt_canon_core_params(const RtCanonFunc *f, bool lower);
uint32_t rt_canon_core_results(const RtCanonFunc *f, bool lower);
bool rt_canon_lift_args(RtCanonCx *cx, const RtCanonFunc *f, const NacreValue *core, RtCanonVal *params);
bool rt_canon_lower_results(RtCanonCx *cx, const RtCanonFunc *f, const RtCanonVal *result, const NacreValue *core_args,
                            NacreValue *core_results);
bool rt_canon_lower_args(RtCanonCx *cx, const RtCanonFunc *f, const RtCanonVal *params, NacreValue *core);
bool rt_canon_lift_results(RtCanonCx *cx, const RtCanonFunc *f, const NacreValue *core, RtCanonVal *result);
bool rt_canon_post_return(RtCanonCx *cx, const RtCanonFunc *f, const NacreValue *core_results);

/* ---- call.c */
/* A host function across the canonical ABI.  fn gets the params lifted
 * and fills *result (when the type has one) with values that live until
 * it returns (the call's arena, cx->arena, is a good place); returning
 * false traps the guest's call (with cx's error, else HOST_VALUE). */
typedef bool (*RtCanonHostFn)(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result);

typedef struct RtCanonImport {
	const RtCanonFunc *func;     /* its checked type */
	const RtCanonOptions *opts;  /* the lowering's canonical options */
	RtCanonHandles *handles;     /* the calling instance's table, or NULL */
	size_t arena_limit;          /* bytes the call's values may take (0: 1 GiB) */
	RtCanonHostFn fn;
	void *env;
} RtCanonImport;

/* The body of a NacreHostFunc callback: lifts args_results' arguments,
 * runs imp->fn, lowers the result into args_results; traps on failure. */
void rt_canon_import(const RtCanonImport *imp, NacreValue *args_results);
/* Calls the guest's core function func (through cx's call) as a lifted
 * export of type f: lower params, call, lift *result into cx's arena,
 * post-return, end the call.  false: cx->error says why (CALLEE if the
 * guest trapped). */
bool rt_canon_export(RtCanonCx *cx, const RtCanonFunc *f, uint32_t func, const RtCanonVal *params,
                     RtCanonVal *result);

/* ---- error.c */
const char *rt_canon_error_text(RtCanonError e);
/* Traps the current call with cx's failure (NACRE_TRAP_HOST, "canonical
 * ABI: <text>"); needs an entry (a call in progress). */
__attribute__((noreturn)) void rt_canon_trap(const RtCanonCx *cx);

#endif
