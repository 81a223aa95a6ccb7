/* backend/backend.h: lowering a validated IrModule to native code through
 * the LLVM C API.  lower.c walks each function and hands every instruction
 * to its family's file (lower_<family>.c); descriptor.c and trampoline.c
 * emit what the runtime needs; pipeline.c optimises, object.c emits,
 * audit.c checks the objects, link.c links.  Nothing here keeps global
 * LLVM state: every LLVMContext is handed in, so partitions can be
 * lowered on separate threads.
 */
#ifndef NACRE_BACKEND_H
#define NACRE_BACKEND_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "../ir/diag.h"
#include "../ir/component_plan.h"
#include "../ir/module.h"
#include "../runtime-lib/include/nacre/abi.h"

/* ---- target/<arch>.c: a target is data, never a string comparison;
 * hooks only where data is not enough.  target.c holds the table. */
typedef struct FuncCtx FuncCtx;

/* Control-flow integrity as a target does it (cfi.c): the module flags
 * (each set to 1) that make LLVM put landing pads in and emit the GNU
 * property note; the string attributes every defined function needs as
 * well (LLVM 19's AArch64 reads branch protection per function); the
 * property bits the audit then requires of every object and program;
 * and the instructions a function that may be called indirectly starts
 * with. */
typedef struct BeAttr {
	const char *key, *value;
} BeAttr;
typedef struct BeCfi {
	const char *name;            /* what inspect calls it: "ibt", "bti+pac" */
	const char *const *module_flags; /* NULL-terminated */
	const BeAttr *function_attrs;   /* ends at a NULL key; NULL: none */
	uint32_t property;           /* GNU_PROPERTY_*_FEATURE_1_AND */
	uint32_t property_bits;      /* all of which must be set */
	const uint32_t *landing_pads; /* first instructions, as little-endian words; ends at 0 */
	unsigned pad_bytes;          /* how many bytes of each to compare */
} BeCfi;

/* The registers the C calling convention gives a call's arguments and
 * results, counted so that a call (and so a tail call) of any Wasm type
 * passes nothing on the stack and never has its results demoted to
 * memory (sig.c): what does not fit goes through the vmctx's spill slots
 * instead.  Numbers are the convention's, never more. */
typedef struct BeCallRegs {
	uint8_t int_args, fp_args;   /* vmctx included in int_args */
	uint8_t int_results, fp_results;
	uint8_t v128_ints;           /* 0: a v128 takes one fp register; n: n integer ones */
} BeCallRegs;

typedef struct Target {
	const char *name;            /* "x86_64": the --target spelling, the runtime's folder */
	const char *const *aliases;  /* the triples people type for it, NULL-terminated */
	const char *triple;
	const char *abi;             /* LLVM's ABI name (riscv64: lp64d); NULL: the triple's */
	const char *baseline_cpu;    /* the portable default for --cpu, by its name */
	const char *baseline_llvm_cpu; /* what LLVM is told for it: the tuning model */
	const char *baseline_features; /* and the baseline's instruction set, always enabled */
	/* what --cpu-features may add to the baseline, by LLVM's names,
	 * NULL-terminated: instruction-set extensions only, none that
	 * changes the ABI or removes what the baseline has */
	const char *const *features;
	/* what the list alone cannot say: false (with the item in bad) for
	 * items LLVM would abort on together; NULL: any combination */
	bool (*features_check)(const char *const *items, size_t n, char bad[64]);
	const char *lld_emulation;   /* ld.lld -m */
	uint16_t elf_machine;        /* e_machine of what it emits (EM_*) */
	bool host;                   /* nacre itself runs on it: executables run here */
	void (*init)(void);          /* registers LLVM's target (info, MC, printer, parser) */
	/* i8x16.swizzle (spec 4.4.3.2) in the target's own instructions:
	 * bytes[idx] per lane, 0 for an index of 16 or more; NULL (or a NULL
	 * hook) for lane-by-lane code in lower_simd.c */
	LLVMValueRef (*swizzle)(FuncCtx *c, LLVMValueRef bytes, LLVMValueRef idx);
	/* inline-asm register classes for a float and a v128 (guard mode's
	 * trap points, lower_memory.c); NULL vector: none holds 128 bits */
	const char *float_reg_constraint, *vector_reg_constraint;
	/* ceil, floor, trunc and nearest may hand a signalling NaN operand
	 * back unquieted (no rounding instruction: LLVM's expansion returns
	 * a NaN as it is), so the lowering quiets their results */
	bool round_keeps_snan;
	/* a misaligned store across a page boundary may write the bytes
	 * before a faulting page (the architecture allows splitting it), so
	 * guard mode probes a store's last byte first (lower_memory.c) */
	bool store_may_tear;
	const BeCfi *cfi;            /* control-flow integrity; NULL: none LLVM 19 can emit */
	BeCallRegs call_regs;
} Target;

extern const Target be_target_x86_64, be_target_aarch64, be_target_riscv64;
/* Every target, in a fixed order; *n gets their number. */
const Target *const *be_targets(size_t *n);
/* By name or alias; NULL when unknown. */
const Target *be_target_find(const char *name);
const Target *be_target_host(void);  /* NULL: nacre runs on none of them */
/* --cpu-features: a comma-separated list of +NAME, each one t->features
 * holds, made canonical (sorted, without repeats) into out.  False with
 * the offending item in bad when one is not. */
enum { BE_FEATURES_MAX = 512 };
bool be_target_features(const Target *t, const char *list, char out[BE_FEATURES_MAX], char bad[64]);

/* ---- Options a build is made with (they go into .note.nacre later). */
typedef enum BeOptLevel { BE_O0, BE_O1, BE_O2, BE_O3, BE_OS } BeOptLevel;
typedef enum BeEmit { BE_EMIT_OBJ, BE_EMIT_SO, BE_EMIT_LLVM, BE_EMIT_ASM, BE_EMIT_EXE } BeEmit;

/* The most partitions a build is split into (compile.c, plan.c), each
 * its own object TMP.PID.N.o beside the output until linked
 * (driver/output.c removes them when a build is interrupted). */
enum { BE_MAX_PARTS = 64 };

/* What a partition cache's fetch found: nothing, the object, or an entry
 * it dropped as damaged (-v says so). */
typedef enum BeFetch { BE_FETCH_MISS, BE_FETCH_HIT, BE_FETCH_DAMAGED } BeFetch;

/* The partition cache (driver/part_cache.c): partition objects stored
 * under the SHA-256 of everything their bytes depend on (part_key.c).
 * Both calls come from worker threads, several at once. */
typedef struct BePartCache {
	/* what the backend cannot see of the compiler's identity: its
	 * binary, LLVM's version, the CPU --cpu=native resolved to */
	uint8_t salt[32];
	/* copies the object stored under key (64 hex digits) to path, once
	 * it has checked that the entry is whole and is key's: a damaged one
	 * is dropped, and the partition compiled and kept anew */
	BeFetch (*fetch)(void *ctx, const char *key, const char *path);
	/* stores the object at path under key */
	void (*keep)(void *ctx, const char *key, const char *path);
	void *ctx;
} BePartCache;

/* -v and the progress line: what each phase of be_compile took, in
 * seconds, and who to tell when a partition is done.  Timing goes to the
 * caller only, never into the output. */
typedef struct BePartTimes {
	uint32_t first, end;         /* its functions, by function index */
	double lower, optimise, codegen;
	bool cached;                 /* its object came from the partition cache */
	char damaged[65];            /* the key of its damaged cache entry, so compiled; "": none */
} BePartTimes;
typedef struct BeTimes {
	unsigned cpus;               /* the CPUs this process may use */
	unsigned threads;            /* the threads that compiled */
	unsigned nparts;
	BePartTimes parts[BE_MAX_PARTS];
	double audit, link;
	/* called from the worker that finished a partition, one at a time;
	 * NULL: nobody asked */
	void (*progress)(void *ctx, unsigned done, unsigned total);
	void *ctx;
} BeTimes;

/* A field that changes generated code must go into the partition cache's
 * key (part_key.c: options()), or cached objects go stale. */
/* ---- world/: the host worlds an executable can be built for (world.c
 * has the table; one file per world).  A world says what makes a module
 * its program and what an executable of it links. */
enum { BE_WORLD_MAX_ARCHIVES = 4 };
typedef struct World {
	const char *name;            /* "wasi-preview1" */
	const char *entry;           /* the executable's entry symbol */
	/* linked after the module's objects, in this order, from
	 * <runtime dir>/<target>/: the world's shim, then the runtime */
	const char *archives[BE_WORLD_MAX_ARCHIVES];
	unsigned narchives;
	/* whether m is a program (its entry); reports why not */
	bool (*runnable)(const IrModule *m, DiagSink *d);
	/* NULL when an executable of this world can satisfy im, else why not */
	const char *(*unsatisfied)(const IrModule *m, const IrImport *im);
	const char *imports_hint;    /* what a program may import, in a sentence */
	/* components (NULL: the world runs none): whether the plan is this
	 * world's program, and NULL when an executable of it can provide a
	 * lowered function, else why not */
	bool (*component_runnable)(const IrComponent *c, const IrCpPlan *p, DiagSink *d);
	const char *(*lower_unsatisfied)(const IrCpLower *l);
} World;

extern const World be_world_wasi_p1, be_world_wasi_p2;
/* The world that runs components (WASI 0.2). */
const World *be_world_component(void);
const World *be_world_find(const char *name);
const World *be_world_default(void);
/* Whether m is w's program and all its imports are satisfied; reports
 * every reason it is not (the entry's first, then each import). */
bool be_world_fits(const World *w, const IrModule *m, DiagSink *d);
/* The same for a component's plan: its entry, then each lowered function. */
bool be_world_fits_component(const World *w, const IrComponent *c, const IrCpPlan *p, DiagSink *d);

typedef struct BeOptions {
	const Target *target;
	const char *cpu;             /* NULL: the target's baseline; "native" allowed */
	const char *cpu_features;    /* canonical +a,+b added to the baseline; NULL: none */
	unsigned threads;            /* compiling threads at most; 0: be_cpus_available() */
	BeOptLevel opt;
	uint32_t bounds;             /* NACRE_BOUNDS_GUARD or NACRE_BOUNDS_EXPLICIT */
	bool cfi;                    /* the target's control-flow integrity (--cfi=none: off) */
	BeEmit emit;
	bool verify;                 /* run LLVMVerifyModule (debug builds always do) */
	uint32_t partition_bytes;    /* code per parallel partition; 0: the default */
	/* the whole .note.nacre note (nacre/note.h); NULL: one naming only
	 * the target, which nacre_module_open needs */
	const uint8_t *note;
	size_t note_size;
	/* --emit=obj: the descriptor is NAME_module and functions shared
	 * between partitions are NAME.fN, so that several modules' objects
	 * link into one program; NULL: nacre_module and wasm_fN */
	const char *module_name;
	/* --bounds=masked (with bounds NACRE_BOUNDS_EXPLICIT): every checked
	 * address is also clamped branch-free, so that a mispredicted check
	 * cannot reach outside the memory (Spectre v1; spectre.c) */
	bool bounds_mask;
	/* --spectre: bounds_mask, table indices and br_table clamped too, and
	 * LLVM's speculative load hardening where the target has it */
	bool spectre;
	/* --interruptible: loop headers test the store's interrupt request;
	 * --metered: blocks consume the store's fuel (interrupt.c) */
	bool interruptible, metered;
	/* --emit=exe: the folder holding <target>/ with the world's archives
	 * (nacre's lib/nacre); NULL: the working directory */
	const char *runtime_dir;
	const World *world;          /* --emit=exe: what the executable runs */
	BeTimes *times;              /* -v: filled in by be_compile; NULL: not measured */
	const BePartCache *cache;    /* partition objects to reuse and fill; NULL: none */
	/* While the linker runs, its process id (else 0), for a signal
	 * handler that must stop it before removing what it writes
	 * (driver/output.c); NULL: no one asks */
	volatile sig_atomic_t *linker_pid;
} BeOptions;

void be_options_default(BeOptions *o);
/* cpus.c: the CPUs this process may use (affinity, cgroup v2 quota);
 * threads 0 means this many. */
unsigned be_cpus_available(void);

/* ---- LLVM types used everywhere. */
typedef struct BeTypes {
	LLVMTypeRef void_, i1, i8, i16, i32, i64, f32, f64, v128, ptr;
	const BeCallRegs *regs;      /* the target's, for function types (sig.c) */
} BeTypes;

void be_types_init(BeTypes *t, LLVMContextRef ctx, const BeCallRegs *regs);
LLVMTypeRef be_valtype(const BeTypes *t, IrValType v);
/* The results as LLVM returns them: void, the one, or a struct. */
LLVMTypeRef be_result_type(const BeTypes *t, const IrFuncType *ft);

/* ---- sig.c: a Wasm function type as a native signature (abi.h's
 * calling convention): vmctx, the parameters that fit in registers, then
 * resp when the results do not fit (all of them go in its slots, and the
 * function returns void).  The other parameters go in the callee
 * context's spill slots, by parameter index. */
typedef struct BeSig {
	bool spill, resp;
} BeSig;
/* in_reg (nparams entries; NULL: not wanted): which parameters are in
 * registers. */
void be_sig(const BeCallRegs *r, const IrFuncType *ft, BeSig *s, bool *in_reg);
LLVMTypeRef be_func_type(const BeTypes *t, const IrFuncType *ft);
/* ctx's spill slots (a NacreVmctx or NacreHostFunc), and &base[i] of
 * such an array of NacreValue slots */
LLVMValueRef be_sig_spill(LLVMBuilderRef b, const BeTypes *t, LLVMValueRef ctx);
LLVMValueRef be_slot(LLVMBuilderRef b, const BeTypes *t, LLVMValueRef base, uint32_t i);
/* A call's operands: the callee's context, its parameters, and resp,
 * used only when the type's results do not fit. */
typedef struct BeSigArgs {
	LLVMValueRef vmctx, resp;
	LLVMValueRef *vals;
} BeSigArgs;
/* The call's argument list into out (nparams + 2 entries), spilled
 * values stored into the callee context's slots; returns how many. */
unsigned be_sig_args(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft, const BeSigArgs *a,
                     LLVMValueRef *out);
/* The results of call r (resp: the one it was passed) as nresults values. */
void be_sig_results(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft, LLVMValueRef r,
                    LLVMValueRef resp, LLVMValueRef *out);
/* Inside fn (of type ft): its parameters as nparams values, the spilled
 * ones loaded (in the entry block, before any call); its resp or NULL;
 * and the return of vals, the results. */
void be_sig_params(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft, LLVMValueRef fn,
                   LLVMValueRef *out);
LLVMValueRef be_sig_resp(const BeTypes *t, const IrFuncType *ft, LLVMValueRef fn);
void be_sig_return(LLVMBuilderRef b, const BeTypes *t, const IrFuncType *ft, LLVMValueRef fn,
                   LLVMValueRef *vals);

/* Runtime entries (abi.h NACRE_RUNTIME_ENTRIES), declared on first use. */
typedef enum BeRuntime {
#define BE_RT_ID(id, ...) BE_RT_##id,
	NACRE_RUNTIME_ENTRIES(BE_RT_ID)
#undef BE_RT_ID
	BE_RT_COUNT
} BeRuntime;

/* The structs generated code shares with the runtime (abi.h
 * NACRE_ABI_STRUCTS), by their C names: BE_ABI_NacreVmctx, ... */
typedef enum BeAbiStruct {
#define BE_ABI_ID(s) BE_ABI_##s,
	NACRE_ABI_STRUCTS(BE_ABI_ID)
#undef BE_ABI_ID
	BE_ABI_STRUCT_COUNT
} BeAbiStruct;

/* ---- One module being lowered. */
typedef struct BeModule {
	LLVMContextRef ctx;
	LLVMModuleRef mod;
	LLVMTargetMachineRef tm;
	const IrModule *m;
	const BeOptions *opt;
	BeTypes t;
	LLVMValueRef *funcs;         /* LLVM function of each defined function (by funcidx, imports NULL) */
	uint32_t first, end;         /* the defined functions this partition lowers */
	bool partitioned;            /* other partitions hold the rest: symbols are shared */
	LLVMValueRef rt[BE_RT_COUNT]; /* runtime entry declarations */
	DiagSink *diags;
	bool exn;                    /* its code may see an exception: calls test for one */
	uint8_t *quiet;              /* exn_quiet.c: functions of first..end that never
	                              * return with one pending (NULL: none known) */
	/* leaf.c: functions of first..end that keep their stack check
	 * whatever their shape (their frame proved too large without);
	 * recheck: code generation found another; llvm_error: LLVM
	 * reported an error */
	uint8_t *checked;
	bool recheck, llvm_error;
} BeModule;

/* ---- A control frame of the function being lowered.  A branch goes to
 * `target` (a loop's header, any other frame's end) carrying values into
 * its phis; falling off the end goes to `end`. */
typedef struct BeLabel {
	uint16_t op;                 /* IR_OP_BLOCK, LOOP, IF, or END for the function */
	uint32_t nparams, nresults;
	const IrValType *params, *results;
	size_t height;               /* operand stack height below the parameters */
	LLVMBasicBlockRef target;
	LLVMValueRef *target_phis;   /* a loop's parameters, otherwise = end_phis */
	LLVMBasicBlockRef end;
	LLVMValueRef *end_phis;      /* the results */
	LLVMBasicBlockRef else_bb;   /* if: the else arm, until it is lowered */
	LLVMValueRef *if_params;     /* if: the parameters, again for the else arm */
	bool end_reached;            /* something branches to or falls into end */
	LLVMBasicBlockRef dispatch;  /* try_table: where an exception inside goes */
} BeLabel;

/* ---- One function being lowered. */

/* One memory as a function's code sees it; all NULL for a memory the
 * function never uses (memory 0 is always set up). */
typedef struct BeMem {
	LLVMValueRef base;           /* loaded once in the entry block */
	/* --bounds=explicit: the memory's size in bytes, in a slot that mem2reg
	 * makes SSA.  Only a call can change it (memory.grow, or any function
	 * that may grow it), so it is loaded at entry and after each call,
	 * and the checks in between compare against a value LLVM can keep in a
	 * register and hoist, where a load from the vmctx after every store to
	 * memory could not be. */
	LLVMValueRef size;
	/* --bounds=masked: the same size again, through an empty asm when it
	 * is loaded (spectre.c), for the clamps: LLVM cannot tell it equals
	 * size, so no check's branch decides a clamp, and the clamps'
	 * limits stay loop-invariant arithmetic */
	LLVMValueRef size_opaque;
} BeMem;

typedef struct FuncCtx {
	BeModule *bm;
	LLVMContextRef ctx;
	LLVMBuilderRef b;
	const BeTypes *t;
	const IrModule *m;
	uint32_t funcidx;
	const IrFunc *f;
	const IrFuncType *ft;
	LLVMValueRef fn;
	LLVMValueRef vmctx;          /* the first parameter */
	LLVMValueRef *locals;        /* allocas, parameters first */
	IrValType *local_types;
	uint32_t nlocals;
	LLVMValueRef *stack;         /* the operand stack */
	size_t sp, stack_cap;
	BeLabel *labels;
	size_t nlabels, labels_cap;
	bool dead;                   /* the current position is unreachable */
	bool failed;                 /* out of memory inside the backend */
	LLVMBasicBlockRef trap_bb[NACRE_TRAP_COUNT];
	BeMem *mems;                 /* one per memory index (lower_memory.c) */
	LLVMValueRef limit_ptr;      /* the store's stack-limit word (interrupt.c) */
	LLVMValueRef fuel_ptr;       /* --metered: the store's fuel; NULL: not metered */
	uint32_t fuel_pending;       /* instructions of this block not yet charged */
	LLVMValueRef exn_slot;       /* the store's pending exception; NULL: cannot see one */
	LLVMBasicBlockRef unwind_bb; /* returns with the exception pending, made when needed */
} FuncCtx;

/* lower.c */
bool be_lower_module(BeModule *bm);
/* lower_exn.c: exception handling (throw, throw_ref, try_table) */
bool be_exn_observable(const IrModule *m, const BeOptions *o);
bool be_exn_quiet_plan(BeModule *bm);  /* bm->quiet, while lowering; false: out of memory */
bool be_exn_quiet_callee(const BeModule *bm, uint32_t f); /* a direct call to f needs no test */
void be_exn_check(FuncCtx *c);       /* after a call: to the handler when one is pending */
bool be_lower_exn(FuncCtx *c, const IrInstr *in); /* throw, throw_ref */
LLVMBasicBlockRef be_exn_dispatch(FuncCtx *c, const IrInstr *in); /* try_table's, before its label */
/* lower_control.c: the values a branch to label depth carries, and the jump */
void be_branch_to(FuncCtx *c, uint32_t depth);
void be_push(FuncCtx *c, LLVMValueRef v);
LLVMValueRef be_pop(FuncCtx *c);
LLVMValueRef be_peek(FuncCtx *c, size_t depth);  /* 0: the top */
/* cond, marked unlikely (llvm.expect false): the branch a trap takes. */
LLVMValueRef be_expect_false(FuncCtx *c, LLVMValueRef cond);
/* Branches to one shared trap block per code when cond is true. */
void be_trap_if(FuncCtx *c, LLVMValueRef cond, NacreTrap trap);
void be_trap(FuncCtx *c, NacreTrap trap);         /* unconditional; the position becomes dead */
/* Ends the current block with a branch to the trap's block; the caller
 * positions the builder in another block next. */
void be_trap_branch(FuncCtx *c, NacreTrap trap);
/* lower_table.c: the address of element idx of table t after its bounds check
 * (trap when idx is past the end) and, with --spectre, its clamp; a
 * funcref element is a NacreFuncElem, an externref one a pointer. */
LLVMValueRef be_table_elem_addr(FuncCtx *c, uint32_t t, LLVMValueRef idx, NacreTrap trap);
LLVMValueRef be_intrinsic(FuncCtx *c, const char *name, LLVMTypeRef *overloads, unsigned n);
LLVMValueRef be_call_intrinsic(FuncCtx *c, const char *name, LLVMTypeRef overload,
                               LLVMValueRef *args, unsigned nargs);
/* A field of the vmctx (abi.h), loaded with the given type. */
LLVMValueRef be_vmctx_load(FuncCtx *c, size_t offset, LLVMTypeRef type, const char *name);
/* Marks a load of what never changes once the instance exists (vmctx
 * fields, the arrays of cells, tables, functions and type ids they point
 * to): LLVM may then hoist it out of loops and across calls. */
LLVMValueRef be_invariant(FuncCtx *c, LLVMValueRef load);
/* A field at a byte offset from a pointer, loaded or stored. */
LLVMValueRef be_load_at(FuncCtx *c, LLVMValueRef base, size_t offset, LLVMTypeRef type);
void be_store_at(FuncCtx *c, LLVMValueRef base, size_t offset, LLVMValueRef v);
/* element i of an array of pointers at base */
LLVMValueRef be_ptr_elem(FuncCtx *c, LLVMValueRef base, LLVMValueRef index);
LLVMValueRef be_i32(FuncCtx *c, uint32_t v);
LLVMValueRef be_i64(FuncCtx *c, uint64_t v);

/* interrupt.c: --interruptible and --metered.  setup in the entry block
 * (limit_ptr: the loaded vmctx->stack_limit); charge subtracts the
 * current block's pending count before a terminator or a call; the
 * checks go at the entry (fuel) and at each loop header (both). */
void be_interrupt_setup(FuncCtx *c, LLVMValueRef limit_ptr);
void be_fuel_charge(FuncCtx *c);
void be_fuel_check(FuncCtx *c);
void be_loop_checks(FuncCtx *c, uint32_t at); /* at: the loop instruction's index */
void be_interrupt_entry_load(FuncCtx *c, LLVMValueRef load);

/* leaf.c: whether a function may go without the prologue's stack check
 * (it calls nothing and is not in bm->checked); be_leaf_watch has code
 * generation report its frame when that is larger than a leaf's may be,
 * and be_leaf_init installs the context's handler that records it in
 * bm->checked (allocated there when NULL). */
bool be_leaf_unchecked(const BeModule *bm, uint32_t funcidx);
void be_leaf_watch(LLVMValueRef fn);
bool be_leaf_init(BeModule *bm);

/* lower_control.c: the function's own frame, before its body */
bool be_lower_enter_function(FuncCtx *c);

/* One entry per family: each returns false only on an internal error
 * (reported to bm->diags); validation already ruled out bad input. */
bool be_lower_control(FuncCtx *c, const IrInstr *in, uint32_t index);
bool be_lower_call(FuncCtx *c, const IrInstr *in);
bool be_lower_parametric(FuncCtx *c, const IrInstr *in);
bool be_lower_variable(FuncCtx *c, const IrInstr *in);
bool be_lower_memory(FuncCtx *c, const IrInstr *in);
bool be_lower_table(FuncCtx *c, const IrInstr *in);
bool be_lower_numeric(FuncCtx *c, const IrInstr *in);
bool be_lower_convert(FuncCtx *c, const IrInstr *in);
bool be_lower_reference(FuncCtx *c, const IrInstr *in);
bool be_lower_simd(FuncCtx *c, const IrInstr *in);

/* lower_numeric.c: a NaN made quiet where LLVM's folds may not (f32,
 * f64, or a vector of either) */
LLVMValueRef be_quiet_nan(FuncCtx *c, LLVMValueRef f);
bool be_fp_identity_operand(LLVMValueRef *a); /* a constant operand LLVM may fold away */
/* ceil, floor, trunc, nearest: intrinsic on x, quiet where the target
 * needs it (Target.round_keeps_snan) */
LLVMValueRef be_round(FuncCtx *c, const char *intrinsic, LLVMValueRef x);

/* lower_simd.c: <n x elem>, and a scalar in every lane of vt */
LLVMTypeRef be_simd_vec(LLVMTypeRef elem, unsigned n);
LLVMValueRef be_simd_splat(FuncCtx *c, LLVMValueRef x, LLVMTypeRef vt);
/* lower_simd_arith.c: the lane-wise SIMD rows lower_simd.c hands over */
bool be_lower_simd_arith(FuncCtx *c, const IrInstr *in);

/* lower_memory.c: the one place that owns the bounds policy.  An
 * effective address, and whether the access itself may fault (guard
 * pages, not provably in bounds), so that it must keep its trap. */
typedef struct BeAddr {
	LLVMValueRef ptr;
	bool may_fault;
} BeAddr;
BeAddr be_lower_addr(FuncCtx *c, uint32_t mem, LLVMValueRef index, uint64_t offset, uint32_t size);
/* Every access to linear memory: a load of ty from a, a store of v to a,
 * each keeping its trap where the bounds policy needs it. */
LLVMValueRef be_lower_load(FuncCtx *c, LLVMTypeRef ty, BeAddr a);
void be_lower_store(FuncCtx *c, LLVMValueRef v, BeAddr a);
/* After a call: the memories may have grown (explicit bounds only). */
void be_lower_mem_size_reload(FuncCtx *c);
/* In the entry block: the bases and size slots of the memories the
 * function uses (memory 0 always); false if out of memory. */
bool be_lower_mem_setup(FuncCtx *c);

/* abi.c: the runtime entries and the shared structs, from abi.h's tables. */
LLVMValueRef be_runtime(BeModule *bm, BeRuntime rt);
LLVMValueRef be_runtime_call(FuncCtx *c, BeRuntime rt, LLVMValueRef *args, unsigned nargs);
LLVMTypeRef be_abi_type(const BeTypes *t, BeAbiStruct s);
enum { BE_ABI_BAD = 160 };
/* Every shared struct's layout under td is the C one; false with what
 * differs in bad. */
bool be_abi_layout_check(const BeTypes *t, LLVMTargetDataRef td, char bad[BE_ABI_BAD]);
/* The same under bm's target machine, reported (CODEGEN) when it differs. */
bool be_abi_layout_ok(BeModule *bm);

/* spectre.c: branch-free clamps against a mispredicted check (Spectre
 * v1).  v itself, through an empty inline asm: a branch that proved
 * something of v proves nothing of the result, so a select on it stays. */
LLVMValueRef be_spectre_opaque(FuncCtx *c, LLVMValueRef v);
/* v if `lhs pred rhs`, otherwise fallback, branch-free; rhs (or what it
 * is computed from) comes from be_spectre_opaque. */
LLVMValueRef be_spectre_select(FuncCtx *c, LLVMIntPredicate pred, LLVMValueRef lhs, LLVMValueRef rhs,
                               LLVMValueRef v, LLVMValueRef fallback);
/* idx if idx < size (unsigned), otherwise 0; with --spectre only. */
LLVMValueRef be_spectre_index(FuncCtx *c, LLVMValueRef idx, LLVMValueRef size);
/* The function attributes --spectre adds (speculative load hardening). */
void be_spectre_function(BeModule *bm, LLVMValueRef fn);

/* trampoline.c: per-type entry trampolines and host adapters. */
bool be_emit_trampolines(BeModule *bm, LLVMValueRef *entries, LLVMValueRef *adapters);
/* descriptor.c: the NacreModuleDesc constant. */
bool be_emit_descriptor(BeModule *bm, LLVMValueRef *entries, LLVMValueRef *adapters);

/* cfi.c: the target's control-flow integrity on every function, before
 * optimising (with --cfi=none nothing calls it). */
void be_cfi_apply(BeModule *bm);
/* pipeline.c */
bool be_optimize(BeModule *bm);
/* nowrap.c */
unsigned be_nowrap_tag(LLVMContextRef ctx); /* marks an access's index extension */
bool be_mark_nowrap(BeModule *bm);
/* object.c */
void be_targets_init(void);  /* once, before any thread makes a target machine */
LLVMTargetMachineRef be_target_machine(const BeOptions *o, DiagSink *diags);
/* Whether LLVM knows cpu for the target (single-threaded: it reads
 * LLVM's stderr). */
bool be_target_cpu_known(const Target *t, const char *cpu);
/* cpu_list.c: prints the CPUs LLVM knows for t, one "  NAME" a line;
 * returns how many (0: LLVM would not say).  Single-threaded, as above. */
unsigned be_target_cpus_print(const Target *t, FILE *out);
bool be_emit_file(BeModule *bm, BeEmit kind, const char *path);
/* link.c: objs are the partitions' objects, in partition order */
bool be_link_shared(const BeOptions *o, char *const *objs, unsigned n, const char *out, DiagSink *diags);
bool be_link_relocatable(const BeOptions *o, char *const *objs, unsigned n, const char *out, DiagSink *diags);
/* A static executable of objs and o->world's archives for o->target,
 * found in o->runtime_dir/<target>/. */
bool be_link_exe(const BeOptions *o, char *const *objs, unsigned n, const char *out, DiagSink *diags);
/* The paths of the archives be_link_exe links, in link order (nacre run
 * keys its cache on them); returns how many. */
enum { BE_PATH_MAX = 4096 };
unsigned be_link_archives(const BeOptions *o, char paths[BE_WORLD_MAX_ARCHIVES][BE_PATH_MAX]);
/* Whether all are there; if not, why in a sentence. */
enum { BE_WHY_MAX = BE_PATH_MAX + 128 };
bool be_link_runtime_ready(const BeOptions *o, char why[BE_WHY_MAX]);

/* header.c: the C header of an --emit=obj object built with module
 * name name (typed exports, the import table); source names the input in
 * its banner.  False when out of memory (o then holds part of it). */
bool be_header_emit(FILE *o, const IrModule *m, const char *name, const char *source);
/* A module name: a C identifier of at most BE_MODULE_NAME_MAX bytes not
 * starting with "nacre" in any case (nacre.h's). */
enum { BE_MODULE_NAME_MAX = 64 };
bool be_module_name_ok(const char *s);
/* "dir/my-plugin.o" -> "my_plugin" (see header.c). */
void be_module_name_from_path(const char *out, char name[BE_MODULE_NAME_MAX + 1]);

/* audit.c: objs are one compile's objects, read back before linking.
 * Each may call only the runtime's ABI (abi.h NACRE_RUNTIME_ENTRIES and
 * NACRE_RUNTIME_LIBCALLS) and the global symbols the others define; no
 * section may be both writable and executable, and none may be one the
 * loader runs by itself (.init_array, .ctors, ...).  With cfi (NULL:
 * none required) each carries the target's GNU property bits and every
 * global function starts with a landing pad.  False: DIAG_AUDIT. */
bool be_audit_objects(char *const *objs, unsigned n, const BeCfi *cfi, DiagSink *diags);
/* audit_program.c: the linked executable or shared library at path: a
 * stack that is not executable, no segment both writable and executable,
 * no text relocations, the CFI property when o->cfi and the target has
 * one, and nothing exported but the module's descriptor and note.  A
 * failure removes the file. */
bool be_audit_program(const BeOptions *o, const char *path, DiagSink *diags);

/* elf_facts.c: protections as an ELF file shows them.  The bits of the
 * GNU property of the given type (GNU_PROPERTY_*_FEATURE_1_AND); false
 * when the file has none. */
struct Elf;
bool be_elf_gnu_property(struct Elf *e, uint32_t type, uint32_t *bits);
typedef struct BeElfFacts {
	bool exec_stack;             /* no PT_GNU_STACK, or an executable one */
	bool wx_segment;             /* a loadable segment writable and executable */
	bool text_relocations;       /* the loader would write into code */
} BeElfFacts;
/* From the program headers; false when they cannot be read. */
bool be_elf_program_facts(struct Elf *e, BeElfFacts *f);
/* t's CFI name ("ibt", "bti+pac") when e carries all its bits; NULL. */
const char *be_elf_cfi(struct Elf *e, const Target *t);

/* plan.c: the defined functions m's partitions lower, cut where the
 * functions' own bytes say (about avg bytes of code each), so that an
 * edit moves only the cuts next to it; at most max ranges, how many. */
typedef struct BeRange {
	uint32_t first, end;         /* by function index */
} BeRange;
unsigned be_plan(const IrModule *m, uint32_t avg, BeRange *ranges, unsigned max);
/* A defined function's bytes in the input (its size field and body);
 * NULL when the module holds none. */
const uint8_t *be_func_bytes(const IrModule *m, const IrFunc *f, size_t *size);

/* part_key.c: the partition cache's key (hex, 64 digits) of the object
 * that lowers r (with the descriptor when descriptor; partitioned: its
 * symbols are shared) under o; false when it cannot be known. */
bool be_part_key(const IrModule *m, const BeOptions *o, BeRange r, bool partitioned, bool descriptor,
                 char hex[65]);

/* compile.c: the whole backend for one validated module. */
bool be_compile(const IrModule *m, const BeOptions *o, const char *out_path, DiagSink *diags);
/* The target's triple and data layout on bm->mod; the build's note
 * (o->note, or the bare target's) as NACRE_NOTE_SYMBOL or NAME_note. */
void be_module_set_target(BeModule *bm);
void be_emit_note(BeModule *bm);

/* component/build.c: a component's executable (--emit=exe), from the
 * frontend's plan; o->world runs it. */
bool be_component_build(const IrCpPlan *plan, const BeOptions *o, const char *out, DiagSink *diags);

#endif
