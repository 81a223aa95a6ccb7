/* runtime-lib/rt.h: the runtime's internal declarations, one banner per
 * file.  The public side is include/nacre.h (embedding) and
 * include/nacre/abi.h (generated code); everything here is what those
 * opaque types hold and how the files share them.
 */
#ifndef NACRE_RT_H
#define NACRE_RT_H

#include "nacre.h"
#include "sys/sys.h"

#define RT_CONTAINER(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))
/* The Wasm code that called the current runtime entry: the return
 * address, minus one so that it lies inside the caller even when the call
 * is the caller's last instruction (a call to a noreturn entry). */
#define RT_CALLER_PC() ((uintptr_t)__builtin_return_address(0) - 1)

/* 4 GiB reachable by an i32 index + 4 GiB of offset, + one 64 KiB page:
 * the highest effective address is 2^33 - 2 and an access reaches up to
 * 16 bytes past it, which must still land inside the reservation */
#define RT_GUARD_RESERVE (((size_t)8 << 30) + 65536)
enum {
	RT_PAGE = 65536,             /* a Wasm page */
	RT_MAX_PAGES = 65536,        /* 4 GiB: the most a 32-bit memory holds */
	RT_MAX_TABLE = 10000000,     /* implementation limit on table size */
	RT_STACK_DEFAULT = 1 << 20,
	RT_STACK_MARGIN = 64 << 10,  /* kept free below the limit for host calls and traps */
};

typedef struct RtHostFunc RtHostFunc;

/* What a store counts against its limits (limits.c). */
typedef enum RtCount {
	RT_COUNT_INSTANCES, RT_COUNT_MEMORIES, RT_COUNT_TABLES, RT_COUNT_HOST_FUNCS, RT_NCOUNTS
} RtCount;

/* ---- store.c */
typedef struct RtType {
	uint32_t nparams, nresults;
	uint8_t *types;              /* params then results (owned) */
	uint32_t *exact;             /* exact types, interned ids for type
	                              * indices (owned); NULL: types say all */
	uint32_t hash;
} RtType;

struct NacreStore {
	size_t stack_size;
	/* every vmctx->stack_limit points here; UINTPTR_MAX while an
	 * interrupt is requested (atomic: other threads and signal handlers
	 * write it), else stack_real once an entry has set it */
	uintptr_t stack_limit;
	uintptr_t stack_real;        /* the limit the outermost entry computed */
	int64_t fuel;                /* every vmctx->fuel points here; below 0: out */
	uint64_t fuel_reserve;       /* fuel set beyond INT64_MAX, never consumed */
	void *exn;                   /* every vmctx->exn points here: the pending NacreExn */
	NacreExn *exns;              /* the exceptions kept (exnrefs handed out), newest first (exn.c) */
	uint64_t exn_bytes;          /* what they take, against limits.exception_bytes */
	NacreExn *escaped;           /* the last one no handler caught (nacre_store_exception) */
	uint32_t depth;              /* live entries into this store */
	RtType *types;               /* by type id; id 0 is never used */
	uint32_t ntypes, cap_types;
	uint32_t *slots;             /* open-addressing hash of type ids, 0 = empty */
	uint32_t nslots;
	NacreInstance *instances;    /* everything the store owns, newest first */
	NacreMemory *memories;
	NacreTable *tables;
	NacreGlobal *globals;
	RtHostFunc *hosts;
	NacreTag *tags;
	NacrePool *pool;             /* where instances' memories come from, or NULL */
	NacreLimits limits;          /* nacre_store_set_limits; zeros: none */
	uint32_t counts[RT_NCOUNTS]; /* objects made, by RtCount */
};

/* The trap code for a stack-limit trap (STACK_EXHAUSTED or INTERRUPTED)
 * in s: INTERRUPTED if an interrupt was requested, which it clears. */
NacreTrap rt_store_limit_trap(NacreStore *s, NacreTrap trap);
/* The outermost entry's limit, kept if an interrupt is pending. */
void rt_store_set_limit(NacreStore *s, uintptr_t limit);

/* 0 when out of memory. */
uint32_t rt_store_intern(NacreStore *s, uint32_t nparams, uint32_t nresults, const uint8_t *types,
                         const uint32_t *exact);
/* Exact value type t1 <: t2, their type indices interned ids (3.0 spec
 * 3.3.3 without GC's declared subtypes). */
bool rt_type_sub(uint32_t t1, uint32_t t2);
const RtType *rt_store_type(const NacreStore *s, uint32_t id);
/* Fills err (which may be NULL) and returns status. */
NacreStatus rt_fail(NacreError *err, NacreStatus status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- pool.c */
/* A slot for a memory of `pages` pages (committed and zero), or false
 * with err filled; rt_pool_give returns it with the bytes it used. */
bool rt_pool_take(NacrePool *p, bool guarded, uint32_t pages, uint8_t **base, uint32_t *slot, NacreError *err);
void rt_pool_give(NacrePool *p, uint32_t slot, size_t used);
size_t rt_pool_slot_bytes(const NacrePool *p);
uint64_t rt_pool_max_pages(const NacrePool *p);
/* ---- limits.c: each check returns NACRE_OK, or NACRE_ERROR with a
 * message starting "limit: ". */
/* The most pages one memory, or elements one table, of s may reach. */
uint32_t rt_limit_pages(const NacreStore *s);
uint32_t rt_limit_elements(const NacreStore *s);
/* Whether s may make `more` objects of a kind. */
NacreStatus rt_limit_count(const NacreStore *s, RtCount kind, uint32_t more, NacreError *err);
/* The most bytes of exceptions s may keep. */
uint64_t rt_limit_exn_bytes(const NacreStore *s);
/* Whether s may make a memory or table of min pages or elements. */
NacreStatus rt_limit_memory(const NacreStore *s, uint32_t min, NacreError *err);
NacreStatus rt_limit_table(const NacreStore *s, uint32_t min, NacreError *err);
/* Whether s may make an instance of d, with its memories and tables. */
NacreStatus rt_limit_module(const NacreStore *s, const NacreModuleDesc *d, NacreError *err);

/* ---- module.c */
struct NacreModule {
	const NacreModuleDesc *desc;
	void *library;               /* from rt_sys_library_open, or NULL */
	uintptr_t code_base;         /* object holding the code, to name trapping functions */
	uint32_t refs;               /* the opener's, plus one per instance */
};
void rt_module_hold(NacreModule *m);
void rt_module_release(NacreModule *m);

/* ---- module_check.c: whether a shared object may be loaded as a nacre
 * module (an RtSysLibraryCheck); if not, why says which rule it breaks. */
bool rt_module_check(const RtSysFile *f, char *why, size_t n);

/* ---- instance.c, link.c */
typedef struct RtElemSeg {
	void **items;                /* evaluated references; NULL once dropped */
	uint32_t n;
} RtElemSeg;

struct NacreInstance {
	NacreVmctx vmctx;
	NacreInstance *next;
	NacreStore *store;
	NacreModule *module;
	const NacreModuleDesc *desc;
	NacreFuncRef *records;       /* one per function index; see instance.c */
	NacreFuncRef **funcs;
	NacreGlobal **globals;
	NacreValue **cells;
	NacreTable **tables;
	NacreTableData **table_data;
	NacreMemory **memories;      /* every memory, imports included */
	NacreMemView *views;         /* vmctx.memories: with two or more */
	NacreTag **tags;             /* vmctx.tags: every tag, imports included */
	uint32_t *type_ids;
	NacreValue *spill;           /* vmctx.spill */
	RtElemSeg *elems;
	bool *data_dropped;
};
void rt_instance_free(NacreInstance *inst);
/* The entry trampoline for a function record of a Wasm instance. */
NacreEntry rt_instance_entry(const NacreFuncRef *f);
/* Which defined function of which instance holds code address pc. */
bool rt_instance_func_at(const NacreStore *s, uintptr_t pc, const NacreInstance **inst, uint32_t *index);
/* instance.c: an exact type of the instance's module with its type
 * index replaced by the interned id. */
uint32_t rt_instance_type(const NacreInstance *inst, uint32_t t);
NacreStatus rt_link_imports(NacreInstance *inst, const NacreExtern *imports, size_t n, NacreError *err);

/* ---- memory.c */
struct NacreMemory {
	NacreMemory *next;
	NacreStore *store;           /* the owner, whose limits apply */
	uint8_t *base;               /* never moves */
	size_t reserved;             /* bytes of address space held from base */
	uint64_t size;               /* bytes accessible: pages * RT_PAGE */
	uint32_t pages;
	uint64_t max;                /* the declared one, or RT_MAX_PAGES (2^48: i64) */
	bool has_max;
	bool addr64;                 /* addressed by i64 (memory64) */
	bool guarded;                /* reserved RT_GUARD_RESERVE: code may skip checks */
	NacrePool *pool;             /* the pool its slot came from, or NULL: its own */
	uint32_t slot;
	uint64_t **users;            /* size fields (a vmctx's mem_size, a view's
	                              * size) that follow this memory */
	uint32_t nusers, cap_users;
};
/* pooled: from the store's pool, if it has one (instances' memories). */
typedef struct RtMemType {
	uint64_t min, max;           /* pages */
	bool has_max, addr64;
} RtMemType;
NacreStatus rt_memory_create(NacreStore *s, RtMemType type, bool guarded, bool pooled, NacreMemory **out,
                             NacreError *err);
/* Points *base at mem and makes *size follow its size. */
bool rt_memory_attach(NacreMemory *mem, uint8_t **base, uint64_t *size);
uint32_t rt_memory_grow(NacreMemory *mem, uint32_t delta);
/* memory.init of inst's memory mem from its data segment seg; false if out of bounds. */
bool rt_memory_init(NacreInstance *inst, uint32_t mem, uint32_t seg, uint64_t dst, uint32_t src, uint32_t n);
/* Whether addr lies in the reservation of one of s's memories (signal-safe). */
bool rt_memory_holds(const NacreStore *s, uintptr_t addr);
void rt_memory_free(NacreMemory *mem);

/* ---- tag.c: a tag instance, whose address is its identity (what an
 * exception carries and a catch compares). */
struct NacreTag {
	NacreTag *next;
	NacreStore *store;           /* the owner: a host throws only into it */
	uint32_t type_id;            /* interned, no results */
	uint32_t index;              /* in its defining instance, for messages */
};
/* A new tag of s, or NULL when out of memory. */
NacreTag *rt_tag_create(NacreStore *s, uint32_t type_id, uint32_t index);
void rt_tag_free_all(NacreStore *s);

/* ---- table.c */
struct NacreTable {
	NacreTableData data;         /* vmctx->tables[i] points here */
	NacreTable *next;
	NacreStore *store;           /* the owner, whose limits apply */
	uint8_t elem;                /* NACRE_FUNCREF or NACRE_EXTERNREF */
	bool has_max;
	bool addr64;                 /* indexed by i64 (table64) */
	uint32_t exact;              /* the exact element type (interned ids) */
	uint64_t max;                /* the declared maximum (data.max caps it at 2^32 - 1) */
};
/* A table64 one: its limits u64, of which nacre makes at most RT_MAX_TABLE
 * elements; its declared maximum kept for import matching. */
NacreStatus rt_table_create64(NacreStore *s, uint8_t elem, uint64_t min, uint64_t max, bool has_max,
                              bool addr64, NacreTable **out, NacreError *err);
NacreStatus rt_table_create(NacreStore *s, uint8_t elem, uint32_t min, uint32_t max, bool has_max,
                            NacreTable **out, NacreError *err);
/* table.init from inst's element segment seg; false if out of bounds. */
bool rt_table_init(NacreInstance *inst, uint32_t table, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n);
void rt_table_free(NacreTable *t);
/* Every element becomes val (a table initialiser, 3.0). */
void rt_table_fill_all(NacreTable *t, void *val);
/* Element i's reference (i below the size): a NacreFuncRef * or an
 * externref, NULL for null. */
void *rt_table_get(const NacreTable *t, uint32_t i);

/* ---- global.c */
struct NacreGlobal {
	NacreValue cell;             /* vmctx->globals[i] points here */
	NacreGlobal *next;
	uint8_t type;
	bool mut;
	uint32_t exact;              /* the exact type (interned ids) */
};

/* ---- host.c */
struct RtHostFunc {
	NacreHostFunc hf;            /* what host records' vmctx points to */
	NacreFuncRef ref;            /* the record nacre_host_func_new returns */
	void (*callback)(void *env, NacreValue *args_results);
	void *env;
	RtHostFunc *next;
};
RtHostFunc *rt_host_of(const NacreFuncRef *f);
/* Whether t is a value type a host function or tag may take. */
bool rt_value_type(uint8_t t);
void rt_host_invoke(RtHostFunc *h, NacreValue *args_results);
void rt_host_free(RtHostFunc *h);

/* ---- trap.c */
typedef struct RtEntry {
	RtSysJump jump;
	struct RtEntry *prev;        /* the next outer entry on this thread */
	NacreStore *store;
	bool was_in_wasm;
} RtEntry;

/* exn.c */
NacreExn *rt_exn_escaped(NacreStore *s);
void rt_exn_release(NacreExn *e);
/* Keeps e, which escaped a call, for nacre_store_exception. */
void rt_exn_set_escaped(NacreStore *s, NacreExn *e);
void rt_exn_free_all(NacreStore *s);

__attribute__((noreturn)) void rt_trap_raise(NacreTrap trap, uintptr_t pc, const char *detail);
bool rt_trap_setup(void);
void rt_entry_push(RtEntry *e, NacreStore *s);
void rt_entry_pop(RtEntry *e);
/* Marks whether this thread runs Wasm code (faults are traps) or host
 * code; returns the previous mark. */
bool rt_trap_in_wasm(bool in);
/* Unwinds to the innermost entry as a trap does, to report an exit. */
__attribute__((noreturn)) void rt_trap_exit(int32_t code);
/* Describes the trap (or exit) just caught by the innermost entry:
 * NACRE_TRAPPED or NACRE_EXITED. */
NacreStatus rt_trap_report(NacreStore *s, NacreError *err);

/* ---- call.c */
/* Calls f with args_results laid out as nacre_call's buffer, under a new
 * entry; NACRE_TRAPPED with err filled if it traps, NACRE_EXITED if a
 * host function exits. */
NacreStatus rt_call(NacreStore *s, const NacreFuncRef *f, NacreValue *args_results, NacreError *err);

#endif
