/* ir/module.h: the validated WebAssembly module every later stage reads.
 * The frontend builds it (decode.c fills it, validate.c proves it), then it
 * is immutable: the backend never reads bytes again.  All storage belongs to
 * the module's arena; names and data payloads point into the input bytes,
 * which must outlive the module.
 */
#ifndef NACRE_IR_MODULE_H
#define NACRE_IR_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Value types (spec 5.3.3-5.3.5 of Wasm 3.0), 32 bits each.  The low byte
 * is the binary code of a number or vector type, or of a reference's heap
 * type: func, extern, their bottoms nofunc and noextern, or IR_HT_INDEX
 * for a type index, which sits above IR_TYPE_SHIFT.  IR_REF_NONNULL marks
 * a reference without null.  The nullable abstract references keep their
 * one-byte codes (funcref is IR_FUNCREF), so 2.0 types read as before and
 * equal types are equal integers. */
enum {
	IR_I32 = 0x7f,
	IR_I64 = 0x7e,
	IR_F32 = 0x7d,
	IR_F64 = 0x7c,
	IR_V128 = 0x7b,
	IR_FUNCREF = 0x70,
	IR_EXTERNREF = 0x6f,
	IR_NULLFUNCREF = 0x73,   /* (ref null nofunc) */
	IR_NULLEXTERNREF = 0x72, /* (ref null noextern) */
	IR_EXNREF = 0x69,        /* (ref null exn): exception handling */
	IR_NULLEXNREF = 0x74,    /* (ref null noexn) */
	/* garbage collection: the any hierarchy (any, eq, i31, struct, array
	 * and their bottom none) */
	IR_ANYREF = 0x6e,
	IR_EQREF = 0x6d,
	IR_I31REF = 0x6c,
	IR_STRUCTREF = 0x6b,
	IR_ARRAYREF = 0x6a,
	IR_NULLREF = 0x71,       /* (ref null none) */
	/* packed storage types: struct and array fields only */
	IR_I8 = 0x78,
	IR_I16 = 0x77,
	IR_HT_INDEX = 0x60,      /* heap type: the type index above IR_TYPE_SHIFT */
	IR_REF_NONNULL = 0x100,
	IR_TYPE_SHIFT = 9,
};
typedef uint32_t IrValType;

static inline uint8_t ir_heap(IrValType t) { return (uint8_t)t; }
static inline uint32_t ir_ref_index(IrValType t) { return t >> IR_TYPE_SHIFT; }
static inline bool ir_ref_nullable(IrValType t) { return !(t & IR_REF_NONNULL); }
static inline IrValType ir_ref_typed(uint32_t index, bool nullable)
{
	return IR_HT_INDEX | (nullable ? 0 : IR_REF_NONNULL) | index << IR_TYPE_SHIFT;
}
/* An abstract heap type of the any hierarchy (garbage collection). */
static inline bool ir_is_gc_heap(uint8_t h)
{
	return (h >= IR_ARRAYREF && h <= IR_ANYREF) || h == IR_NULLREF;
}
static inline bool ir_is_reftype(IrValType t)
{
	uint8_t h = ir_heap(t);
	return h == IR_FUNCREF || h == IR_EXTERNREF || h == IR_NULLFUNCREF || h == IR_NULLEXTERNREF ||
	       h == IR_HT_INDEX || h == IR_EXNREF || h == IR_NULLEXNREF || ir_is_gc_heap(h);
}
static inline bool ir_is_exn(IrValType t)
{
	return ir_heap(t) == IR_EXNREF || ir_heap(t) == IR_NULLEXNREF;
}
/* The runtime representation: funcref for the func hierarchy (a typed
 * reference is a NacreFuncRef * too), externref for the extern one and
 * for exnref (both an opaque pointer to the runtime). */
static inline IrValType ir_ref_repr(IrValType t)
{
	if (!ir_is_reftype(t))
		return t;
	uint8_t h = ir_heap(t);
	return h == IR_EXTERNREF || h == IR_NULLEXTERNREF || ir_is_exn(t) ? IR_EXTERNREF : IR_FUNCREF;
}
/* Locals of these types start as zero/null; (ref ht) has no default. */
static inline bool ir_is_defaultable(IrValType t) { return !(t & IR_REF_NONNULL); }
/* A one-byte 2.0 value type code (block types, the opcode table). */
static inline bool ir_is_valtype(uint8_t b)
{
	return b == IR_I32 || b == IR_I64 || b == IR_F32 || b == IR_F64 || b == IR_V128 || b == IR_FUNCREF ||
	       b == IR_EXTERNREF || b == IR_NULLFUNCREF || b == IR_NULLEXTERNREF || b == IR_EXNREF ||
	       b == IR_NULLEXNREF || ir_is_gc_heap(b);
}
struct IrModule;
/* t1 <: t2 (3.0 spec 3.3.1-3.3.3): type indices compare through
 * m->canon and the declared supertypes of m->types. */
bool ir_valtype_sub(const struct IrModule *m, IrValType t1, IrValType t2);
/* The top of a reference type's hierarchy (any, func, extern or exn) as
 * a nullable heap type; a type index's by its composite type. */
IrValType ir_heap_top(const struct IrModule *m, IrValType t);
/* The bottom of the same hierarchy (none, nofunc, noextern, noexn). */
IrValType ir_heap_bottom(const struct IrModule *m, IrValType t);
const char *ir_valtype_name(IrValType t);

/* The instruction table, expanded into enums (see opcodes.def). */
typedef enum IrOp {
#define OP(n, ...) IR_OP_##n,
#define OP_FC(n, ...) IR_OP_##n,
#define OP_FD(n, ...) IR_OP_##n,
#define OP_FB(n, ...) IR_OP_##n,
#include "opcodes.def"
#undef OP
#undef OP_FC
#undef OP_FD
#undef OP_FB
	IR_OP_COUNT
} IrOp;

/* The shapes of immediates (the IMM column). */
typedef enum IrImm {
	IR_IMM_NONE, IR_IMM_BLOCK, IR_IMM_LABEL, IR_IMM_BR_TABLE, IR_IMM_FUNC,
	IR_IMM_CALL_INDIRECT, IR_IMM_LOCAL, IR_IMM_GLOBAL, IR_IMM_TABLE,
	IR_IMM_MEMARG, IR_IMM_MEMIDX, IR_IMM_I32, IR_IMM_I64, IR_IMM_F32,
	IR_IMM_F64, IR_IMM_V128, IR_IMM_SHUFFLE, IR_IMM_LANE, IR_IMM_MEMARG_LANE,
	IR_IMM_SELECT_T, IR_IMM_REFTYPE, IR_IMM_MEM_INIT, IR_IMM_DATA,
	IR_IMM_MEM_COPY, IR_IMM_TABLE_INIT, IR_IMM_ELEM, IR_IMM_TABLE_COPY,
	IR_IMM_TYPE, IR_IMM_TAG, IR_IMM_TRY_TABLE,
	/* garbage collection: a = type and b = field, count, data, elem or
	 * source type; a cast's heap type; br_on_cast's */
	IR_IMM_STRUCT_FIELD, IR_IMM_ARRAY_FIXED, IR_IMM_ARRAY_DATA, IR_IMM_ARRAY_ELEM,
	IR_IMM_ARRAY_COPY, IR_IMM_CAST, IR_IMM_BR_ON_CAST,
} IrImm;

/* Instruction families (the FAMILY column): one lowering file each. */
typedef enum IrFamily {
	IR_FAM_CONTROL, IR_FAM_CALL, IR_FAM_PARAMETRIC, IR_FAM_VARIABLE,
	IR_FAM_TABLE, IR_FAM_MEMORY, IR_FAM_NUMERIC, IR_FAM_CONVERT,
	IR_FAM_REFERENCE, IR_FAM_SIMD,
} IrFamily;

/* One row of the table, for code that wants it as data. */
typedef struct IrOpInfo {
	const char *name;     /* text format name, e.g. "i32.add" */
	uint8_t prefix;       /* 0, 0xfc or 0xfd */
	uint32_t code;        /* opcode byte, or sub-opcode after the prefix */
	uint8_t imm;          /* IrImm */
	uint8_t family;       /* IrFamily */
	uint8_t params[3];    /* operand types, 0 where none */
	uint8_t result;       /* result type, 0 where none */
	uint8_t extra;        /* natural alignment log2, or lane count */
} IrOpInfo;

extern const IrOpInfo ir_op_info[IR_OP_COUNT];

/* Block types (5.3.6): empty, one value type, or a type index. */
enum { IR_BT_EMPTY, IR_BT_VAL, IR_BT_INDEX };
typedef struct IrBlockType {
	uint8_t kind;        /* IR_BT_* */
	union {
		IrValType val;   /* with IR_BT_VAL */
		uint32_t index;  /* with IR_BT_INDEX: a type index */
	};
} IrBlockType;

/* A decoded instruction: 24 bytes, immediates resolved. */
typedef struct IrInstr {
	uint16_t op;         /* IrOp */
	uint32_t offset;     /* absolute byte offset of the opcode in the input */
	union {
		struct { IrBlockType type; uint32_t else_at, end_at; } block;
		                     /* try_table: else_at indexes its catches in
		                      * IrFunc.labels (ir_try_catch) */
		struct { uint64_t offset; uint32_t memory; uint8_t align, lane; } mem; /* offset: u64 (memory64) */
		struct { uint32_t count, first; } br_table; /* labels in IrFunc.labels */
		struct { uint32_t a, b; } idx;  /* label, func, local, global, table, type
		                                  * (call_ref: a = type)
		                                  * (call_indirect: a = type, b = table;
		                                  * table.init: a = elem, b = table;
		                                  * table.copy: a = dst, b = src;
		                                  * memory.size/grow/fill: a = memory;
		                                  * memory.copy: a = dst, b = src memory;
		                                  * memory.init: a = data, b = memory) */
		struct { uint32_t count; IrValType type; } select; /* select t* */
		IrValType reftype;   /* ref.null: the nullable reference type;
		                      * ref.test, ref.cast: the target type */
		struct { uint32_t label; IrValType from, to; } cast; /* br_on_cast[_fail] */
		uint8_t lane;
		uint32_t i32;
		uint64_t i64;
		uint32_t f32;        /* bits */
		uint64_t f64;        /* bits */
		uint8_t v128[16];    /* v128.const bytes, or i8x16.shuffle lanes */
	} u;
} IrInstr;

/* A constant expression (globals, segment offsets, element items). */
typedef struct IrExpr {
	const IrInstr *code;
	uint32_t n;          /* instruction count, the final end included */
} IrExpr;

/* A struct or array field (3.0 spec 2.3.6): a value type, or IR_I8 or
 * IR_I16 packed. */
typedef struct IrField { IrValType type; bool mut; } IrField;

/* A defined type (3.0 spec 2.3.7-2.3.9): its composite type (a function,
 * struct or array type) and its place among subtypes and recursion
 * groups.  Zero is a final function type alone in its group, so 2.0
 * types need only params and results. */
enum { IR_COMP_FUNC, IR_COMP_STRUCT, IR_COMP_ARRAY };
typedef struct IrFuncType {
	uint32_t nparams, nresults;
	const IrValType *params;
	const IrValType *results;
	uint8_t kind;        /* IR_COMP_* */
	bool open;           /* (sub x*) without final: may have subtypes */
	uint32_t nsupers;    /* declared supertypes: 0, or 1 in a valid module */
	uint32_t super;      /* the (last) declared supertype's index */
	uint32_t rec_first;  /* the first type of its recursion group, with rec_size */
	uint32_t rec_size;   /* the group's size; 0: alone (a group of one) */
	uint32_t nfields;    /* struct: its fields; array: 1, the element */
	const IrField *fields;
	uint32_t depth;      /* supertypes above it (the validator sets it) */
} IrFuncType;

/* Limits in pages (memories) or elements (tables); is64: the memory or
 * table is addressed by i64 (memory64, table64), its limits up to 2^64. */
typedef struct IrLimits {
	uint64_t min, max;
	bool has_max, is64;
} IrLimits;

typedef struct IrTableType {
	IrValType elem;
	IrLimits limits;
	IrExpr init;         /* 3.0's table initialiser; n == 0: null elements */
} IrTableType;
typedef struct IrGlobalType { IrValType type; bool mut; } IrGlobalType;

typedef struct IrName { const char *p; uint32_t len; } IrName;

/* Section ids (spec 5.5.2). */
enum {
	IR_SEC_CUSTOM, IR_SEC_TYPE, IR_SEC_IMPORT, IR_SEC_FUNCTION, IR_SEC_TABLE,
	IR_SEC_MEMORY, IR_SEC_GLOBAL, IR_SEC_EXPORT, IR_SEC_START, IR_SEC_ELEMENT,
	IR_SEC_CODE, IR_SEC_DATA, IR_SEC_DATA_COUNT, IR_SEC_TAG, IR_SEC_LAST = IR_SEC_TAG
};

enum { IR_EXTERN_FUNC = 0, IR_EXTERN_TABLE = 1, IR_EXTERN_MEMORY = 2, IR_EXTERN_GLOBAL = 3, IR_EXTERN_TAG = 4 };

/* try_table's catch clauses (3.0 spec 5.4.1), by their binary codes. */
enum { IR_CATCH, IR_CATCH_REF, IR_CATCH_ALL, IR_CATCH_ALL_REF };
typedef struct IrCatch {
	uint32_t kind;       /* IR_CATCH_* */
	uint32_t tag;        /* IR_CATCH and IR_CATCH_REF only */
	uint32_t label;      /* relative to the try_table's enclosing frame */
} IrCatch;

typedef struct IrImport {
	IrName module, name;
	uint8_t kind;        /* IR_EXTERN_* */
	uint32_t index;      /* index in the kind's index space */
	uint32_t offset;     /* byte offset of the import entry */
} IrImport;

typedef struct IrExport {
	IrName name;
	uint8_t kind;        /* IR_EXTERN_* */
	uint32_t index;
	uint32_t offset;
} IrExport;

/* Locals as the binary gives them: runs of one type. */
typedef struct IrLocalRun { uint32_t count; IrValType type; } IrLocalRun;

typedef struct IrFunc {
	uint32_t type;               /* type index */
	uint32_t nruns;
	const IrLocalRun *runs;      /* declared locals, parameters excluded */
	uint32_t nlocals;            /* declared locals in all runs */
	const IrInstr *code;
	uint32_t ncode;              /* instructions, the final end included */
	const uint32_t *labels;      /* br_table targets of this function, and
	                              * try_table catches: a count, then
	                              * kind, tag, label of each */
	uint32_t body_offset;        /* offset of the body's size field */
	uint32_t body_size;
} IrFunc;

typedef struct IrGlobal {
	IrGlobalType type;
	IrExpr init;                 /* empty for imports */
} IrGlobal;

enum { IR_SEG_ACTIVE, IR_SEG_PASSIVE, IR_SEG_DECLARATIVE };

typedef struct IrElem {
	uint8_t mode;                /* IR_SEG_* */
	IrValType type;              /* funcref or externref */
	uint32_t table;              /* active only */
	IrExpr offset;               /* active only */
	uint32_t nitems;
	const IrExpr *items;         /* each a constant expression; a bare
	                              * function index becomes ref.func */
	uint32_t offset_in_file;
} IrElem;

typedef struct IrData {
	uint8_t mode;                /* IR_SEG_ACTIVE or IR_SEG_PASSIVE */
	uint32_t memory;
	IrExpr offset;
	const uint8_t *bytes;        /* into the input */
	uint32_t size;
	uint32_t offset_in_file;
} IrData;

/* A branch hint (the branch-hinting proposal's code metadata): the if or
 * br_if at `offset` (absolute, as IrInstr.offset) is likely taken or not;
 * for an if, taken is its then arm. */
typedef struct IrBranchHint {
	uint32_t offset;
	bool likely;
} IrBranchHint;

typedef struct IrCustom {
	IrName name;
	const uint8_t *bytes;        /* payload after the name, into the input */
	uint32_t size;
	uint32_t offset;             /* of the section id */
	uint8_t after;               /* id of the last non-custom section before it */
} IrCustom;

/* The name section's entries (names for diagnostics and traps). */
typedef struct IrNameEntry { uint32_t index; IrName name; } IrNameEntry;
typedef struct IrLocalNames {
	uint32_t func;
	uint32_t n;
	const IrNameEntry *names;    /* sorted by local index */
} IrLocalNames;

typedef struct IrModule {
	Arena *arena;                /* owns everything below */
	const uint8_t *bytes;        /* the input, borrowed */
	size_t size;
	void *owned_bytes;           /* malloc'd input it frees (a binary made from text) */

	uint32_t ntypes;
	const IrFuncType *types;
	/* canon[i]: the least type index whose type is equivalent to type i
	 * (iso-recursively: their recursion groups are structurally equal,
	 * indices into the group relative, other indices through canon), so that
	 * typed references match by integer comparison; set by the validator */
	const uint32_t *canon;

	uint32_t nimports;
	const IrImport *imports;

	/* Index spaces: imports first, then definitions. */
	uint32_t nfuncs, nimported_funcs;
	const uint32_t *func_types;  /* type index of every function */
	const IrFunc *funcs;         /* definitions only: funcs[i - nimported_funcs] */
	uint32_t ntables, nimported_tables;
	const IrTableType *tables;
	uint32_t nmems, nimported_mems;
	const IrLimits *mems;
	uint32_t nglobals, nimported_globals;
	const IrGlobal *globals;
	uint32_t ntags, nimported_tags;
	const uint32_t *tag_types;   /* type index of every tag (exception handling) */

	uint32_t nexports;
	const IrExport *exports;

	bool has_start;
	uint32_t start;

	uint32_t nelems;
	const IrElem *elems;

	bool has_data_count;
	uint32_t data_count;
	uint32_t ndatas;
	const IrData *datas;

	uint32_t ncustoms;
	const IrCustom *customs;

	/* offset of each non-custom section's id byte (0 when absent), for
	 * diagnostics about definitions that have no offset of their own */
	uint32_t section_offsets[IR_SEC_LAST + 1];

	/* metadata.code.branch_hint section: sorted by offset (empty when
	 * the module has none, or a broken one) */
	uint32_t nbranch_hints;
	const IrBranchHint *branch_hints;

	/* name section */
	IrName module_name;
	uint32_t nfunc_names;
	const IrNameEntry *func_names;   /* sorted by function index */
	uint32_t nlocal_names;
	const IrLocalNames *local_names; /* sorted by function index */
} IrModule;

/* module.c */
/* Catch clause i of the try_table in (of function f); n gets their count. */
IrCatch ir_try_catch(const IrFunc *f, const IrInstr *in, uint32_t i);
uint32_t ir_try_ncatches(const IrFunc *f, const IrInstr *in);
/* The branch hint for the instruction at offset, or NULL. */
const IrBranchHint *ir_branch_hint(const IrModule *m, uint32_t offset);
const IrFuncType *ir_func_type(const IrModule *m, uint32_t funcidx);
IrName ir_func_name(const IrModule *m, uint32_t funcidx);
void ir_block_sig(const IrModule *m, const IrBlockType *bt, uint32_t *nparams,
                  const IrValType **params, uint32_t *nresults,
                  const IrValType **results);
/* gc_use.c: the module uses garbage collection (types, references of
 * the any hierarchy or GC instructions), which no backend runs yet. */
bool ir_module_uses_gc(const IrModule *m);
void ir_module_free(IrModule *m);

/* dump.c */
#include <stdio.h>
void ir_module_dump(const IrModule *m, FILE *out);

#endif
