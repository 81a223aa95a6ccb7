/* frontend/frontend.h: reading bytes into a validated IrModule.
 * reader.c bounds every read, decode*.c turn sections into IR (malformed
 * input stops here), validate*.c apply the typing rules (invalid input stops
 * here).  fe_module_load runs the whole stage.
 */
#ifndef NACRE_FRONTEND_H
#define NACRE_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ir/diag.h"
#include "../ir/module.h"

/* Limits of this implementation (spec appendix A.2), chosen to match the
 * limits browsers publish so that real modules are never refused. */
enum {
	FE_MAX_TYPES = 1000000,
	FE_MAX_FUNCS = 1000000,
	FE_MAX_IMPORTS = 100000,
	FE_MAX_EXPORTS = 100000,
	FE_MAX_GLOBALS = 1000000,
	FE_MAX_DATA_SEGMENTS = 100000,
	FE_MAX_ELEM_SEGMENTS = 10000000, /* br_table targets and nesting depth are bounded by the body size */
	FE_MAX_TABLES = 100000,
	FE_MAX_MEMORIES = 100000,
	FE_MAX_TAGS = 1000000,
	FE_MAX_PARAMS = 1000,
	FE_MAX_FIELDS = 10000,         /* of a struct type */
	FE_MAX_SUBTYPE_DEPTH = 63,     /* declared supertypes above a type */
	FE_MAX_CONST_STACK = 64, /* a constant expression's stack: the runtime's NACRE_CONST_STACK_MAX */
	FE_MAX_RESULTS = 1000,
	FE_MAX_LOCALS = 50000,
	FE_MAX_FUNC_SIZE = 7654321,
};

/* reader.c: a bounded cursor over the input.  Every read checks bounds
 * and reports with the absolute offset; a failed read leaves r->failed set
 * so that callers can test once after a run of reads. */
typedef struct Reader {
	const uint8_t *base;      /* start of the whole input */
	size_t pos, end;          /* absolute offsets: next byte, one past last */
	DiagSink *diags;
	bool failed;
	DiagCode eof_code;        /* what running off the end reports */
} Reader;

void fe_reader_init(Reader *r, const uint8_t *bytes, size_t size, DiagSink *diags);
/* A reader over [pos, pos + len) of r; fails (LENGTH) when it overhangs. */
bool fe_reader_sub(Reader *r, size_t len, Reader *sub);
bool fe_reader_peek(Reader *r, uint8_t *out);     /* the next byte, not consumed */
bool fe_reader_s32(Reader *r, int32_t *out);      /* signed LEB128, 32-bit */
bool fe_reader_s33(Reader *r, int64_t *out);      /* signed LEB128, 33-bit (block types) */
bool fe_reader_s64(Reader *r, int64_t *out);      /* signed LEB128, 64-bit */
bool fe_reader_fixed32(Reader *r, uint32_t *out); /* little-endian bits */
bool fe_reader_fixed64(Reader *r, uint64_t *out);
bool fe_reader_bytes(Reader *r, size_t n, const uint8_t **out);
/* A name: length-prefixed, checked to be UTF-8 (spec 5.2.4). */
bool fe_reader_name(Reader *r, IrName *out);
/* A vector count that is plausible: each element needs at least min_size
 * bytes, so a count beyond the remaining bytes fails before allocating. */
bool fe_reader_count(Reader *r, size_t min_size, uint32_t *out);
void fe_reader_fail(Reader *r, DiagCode code, size_t offset, const char *detail, ...)
	__attribute__((format(printf, 4, 5)));
bool fe_utf8_valid(const uint8_t *p, size_t n);

/* proposal.c: the post-2.0 proposal an opcode byte or a limits flag
 * belongs to, as the start of a sentence ("exception handling is"), or NULL. */
const char *fe_proposal_opcode(uint8_t b);
const char *fe_proposal_limits(uint8_t flag);
bool fe_reader_u8_slow(Reader *r, uint8_t *out);
bool fe_reader_u32_slow(Reader *r, uint32_t *out);
bool fe_reader_u64(Reader *r, uint64_t *out); /* unsigned LEB128, 64-bit */

/* The two reads that dominate decoding, inline for their common case (a
 * byte in bounds; a one-byte LEB128); the rest goes to reader.c. */
static inline bool fe_reader_u8(Reader *r, uint8_t *out)
{
	if (__builtin_expect(r->pos < r->end && !r->failed, 1)) {
		*out = r->base[r->pos++];
		return true;
	}
	return fe_reader_u8_slow(r, out);
}

static inline bool fe_reader_at_end(const Reader *r)
{
	return r->pos == r->end;
}

static inline bool fe_reader_u32(Reader *r, uint32_t *out) /* unsigned LEB128, 32-bit */
{
	if (__builtin_expect(r->pos < r->end && !r->failed && r->base[r->pos] < 0x80, 1)) {
		*out = r->base[r->pos++];
		return true;
	}
	return fe_reader_u32_slow(r, out);
}

/* decode.c: the module's sections into an unvalidated IrModule. */
IrModule *fe_decode(const uint8_t *bytes, size_t size, DiagSink *diags);
bool fe_read_valtype(Reader *r, IrValType *out);  /* spec 5.3.4 */
bool fe_read_reftype(Reader *r, IrValType *out);  /* spec 5.3.3 */
bool fe_read_heaptype(Reader *r, IrValType *out); /* 3.0 spec 5.3.4, nullable */

/* decode_code.c: instruction sequences.  Growable scratch storage is
 * reused across functions. */
typedef struct CodeScratch {
	IrInstr *instrs;
	size_t n, cap;
	uint32_t *labels;
	size_t nlabels, labels_cap;
	uint32_t *open;           /* indices of open block/loop/if */
	size_t nopen, open_cap;
} CodeScratch;

void fe_scratch_free(CodeScratch *s);
/* Decodes instructions up to the end that closes the expression; the
 * result lives in the module arena.  data_count_known enables memory.init
 * and data.drop (spec 5.5.13). */
bool fe_decode_expr(Reader *r, Arena *arena, CodeScratch *s,
                    bool data_count_known, IrExpr *out, const uint32_t **labels);

/* name.c: the name section, read leniently (a broken name section is a
 * custom section's problem, not the module's: spec 7.4). */
void fe_names_parse(IrModule *m, const IrCustom *c);
/* branch_hint.c: reads the metadata.code.branch_hint section c into
 * m->branch_hints (other sections, and a broken one, leave m as it is). */
void fe_branch_hints_parse(IrModule *m, const IrCustom *c);

/* validate_types.c: the type section (3.0 spec 3.2): the indices its
 * value types name, and IrModule.canon. */
bool fe_validate_types(IrModule *m, DiagSink *diags);
/* Composite type a matches b (3.0 spec 3.3.4). */
bool fe_comptype_sub(const IrModule *m, const IrFuncType *a, const IrFuncType *b);
/* A value type naming a type index below limit (reported at offset). */
bool fe_valtype_known(const IrModule *m, IrValType t, uint32_t limit, size_t offset, DiagSink *diags);

/* validate.c: module-level rules (spec 3.4). */
bool fe_validate(IrModule *m, DiagSink *diags);
/* validate_code.c: one function body (spec 3.3 and its appendix algorithm). */
typedef struct CodeValidator CodeValidator;
CodeValidator *fe_code_validator_new(void);
void fe_code_validator_free(CodeValidator *v);
bool fe_validate_func(CodeValidator *v, const IrModule *m, uint32_t funcidx,
                      const uint8_t *declared_refs, DiagSink *diags);

/* features.c: feature levels (--features=): a Wasm version, then
 * proposals added or taken away, as a mask of FE_FEAT_* bits. */
enum {
	FE_FEAT_MULTI_MEMORY = 1u << 0,
	FE_FEAT_EXTENDED_CONST = 1u << 1,
	FE_FEAT_TAIL_CALL = 1u << 2,
	FE_FEAT_FUNCTION_REFERENCES = 1u << 3,
	FE_FEAT_EXCEPTIONS = 1u << 4,
	FE_FEAT_GC = 1u << 5,
	FE_FEAT_MEMORY64 = 1u << 6,        /* memory64 and table64 */
	FE_FEATURES_2_0 = 0,
	FE_FEATURES_3_0 = (1u << 7) - 1, /* the default: everything nacre supports */
};
/* "2.0", "3.0,-multi-memory", "2.0,+tail-call": false with err on a bad word. */
bool fe_features_parse(const char *s, uint32_t *out, char *err, size_t errlen);
const char *fe_features_usage(void); /* the syntax, for usage texts */
const char *fe_feature_name(uint32_t bit);
/* feature_check.c: a decoded module against a feature set, reporting what
 * it uses beyond it as the earlier version defines it (malformed or invalid). */
bool fe_features_check(const IrModule *m, uint32_t features, DiagSink *diags);

/* frontend.c: decode then validate; NULL with diagnostics on failure.
 * fe_module_load takes everything nacre supports (FE_FEATURES_3_0). */
IrModule *fe_module_load(const uint8_t *bytes, size_t size, DiagSink *diags);
IrModule *fe_module_load_features(const uint8_t *bytes, size_t size, uint32_t features, DiagSink *diags);

/* component/cm_load.c: a component binary (layer 1) decoded and validated
 * in one pass, its core modules through the functions above; NULL with
 * diagnostics on failure.  The component borrows bytes. */
struct IrComponent;
struct IrComponent *fe_component_load(const uint8_t *bytes, size_t size, DiagSink *diags);
/* The component flattened for compilation (ir/component_plan.h), or NULL
 * after reporting why it cannot be (composition not supported yet, an
 * import no host provides, a limit). */
struct IrCpPlan;
struct IrCpPlan *fe_component_plan(const struct IrComponent *c, DiagSink *diags);

#endif
