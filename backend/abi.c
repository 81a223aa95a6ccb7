/* backend/abi.c: the contract with the runtime, from abi.h's tables and
 * nowhere else.  The runtime entries (NACRE_RUNTIME_ENTRIES) become LLVM
 * declarations on first use, their types from the token table below and
 * their attributes by name; the structs generated code shares with the
 * runtime (NACRE_ABI_STRUCTS) become LLVM struct types, and their layout
 * under the target's data layout is checked against the C one.
 */
#include "backend.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* The NACRE_ABI_CTYPE_* tokens. */
typedef enum Kind { KIND_VOID, KIND_U32, KIND_U64, KIND_PTR, KIND_VMCTX, KIND_VALUE, KIND_CONST } Kind;

typedef struct Entry {
	const char *name;
	Kind result;
	const Kind *params;
	size_t nparams;
	const char *const *attrs;    /* LLVM's names; "" for none */
	size_t nattrs;
} Entry;

#define KIND(t) KIND_##t
#define NAME(a) #a
#define ENTRY(id, name, result, params, attrs) \
	[BE_RT_##id] = { #name, KIND_##result, (const Kind[]){ NACRE_ABI_EACH(KIND, params) }, \
	                 sizeof((const Kind[]){ NACRE_ABI_EACH(KIND, params) }) / sizeof(Kind), \
	                 (const char *const[]){ NACRE_ABI_EACH(NAME, attrs) }, \
	                 sizeof((const char *const[]){ NACRE_ABI_EACH(NAME, attrs) }) / sizeof(char *) },
static const Entry entries[BE_RT_COUNT] = { NACRE_RUNTIME_ENTRIES(ENTRY) };
#undef ENTRY

typedef struct Field {
	const char *name;
	size_t offset, size;         /* in the C compiler that built nacre */
	Kind kind;
} Field;

typedef struct Struct {
	const char *name;
	const Field *fields;
	size_t nfields;
	size_t size, align;
} Struct;

#define FIELD(s, f, k) { #f, offsetof(s, f), sizeof(((s *)0)->f), KIND_##k },
#define FIELDS(s) static const Field fields_##s[] = { NACRE_ABI_FIELDS_##s(FIELD) };
NACRE_ABI_STRUCTS(FIELDS)
#define STRUCT(s) [BE_ABI_##s] = { #s, fields_##s, sizeof fields_##s / sizeof(Field), sizeof(s), _Alignof(s) },
static const Struct structs[BE_ABI_STRUCT_COUNT] = { NACRE_ABI_STRUCTS(STRUCT) };

/* What the field kinds are in C, for checking their LLVM types. */
static const struct {
	Kind kind;
	const char *name;
	size_t size, align;
} scalars[] = {
	{ KIND_U32, "uint32_t", sizeof(uint32_t), _Alignof(uint32_t) },
	{ KIND_U64, "uint64_t", sizeof(uint64_t), _Alignof(uint64_t) },
	{ KIND_PTR, "void *", sizeof(void *), _Alignof(void *) },
	{ KIND_VALUE, "NacreValue", sizeof(NacreValue), _Alignof(NacreValue) },
};

static LLVMTypeRef kind_type(const BeTypes *t, Kind k)
{
	switch (k) {
	case KIND_VOID: return t->void_;
	case KIND_U32: return t->i32;
	case KIND_U64: return t->i64;
	case KIND_PTR:
	case KIND_VMCTX: return t->ptr;
	case KIND_VALUE: return LLVMArrayType2(t->i64, 2); /* 16 bytes, as aligned as an i64 */
	case KIND_CONST: return be_abi_type(t, BE_ABI_NacreConstExpr);
	}
	return NULL;
}

LLVMTypeRef be_abi_type(const BeTypes *t, BeAbiStruct s)
{
	const Struct *st = &structs[s];
	LLVMTypeRef fields[st->nfields];
	for (size_t i = 0; i < st->nfields; i++)
		fields[i] = kind_type(t, st->fields[i].kind);
	return LLVMStructTypeInContext(LLVMGetTypeContext(t->i32), fields, (unsigned)st->nfields, false);
}

static bool scalars_ok(const BeTypes *t, LLVMTargetDataRef td, char bad[BE_ABI_BAD])
{
	for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++) {
		LLVMTypeRef ty = kind_type(t, scalars[i].kind);
		if (LLVMABISizeOfType(td, ty) != scalars[i].size || LLVMABIAlignmentOfType(td, ty) != scalars[i].align) {
			snprintf(bad, BE_ABI_BAD, "%s: %zu bytes aligned to %zu, the target's %llu aligned to %u",
			         scalars[i].name, scalars[i].size, scalars[i].align,
			         (unsigned long long)LLVMABISizeOfType(td, ty), LLVMABIAlignmentOfType(td, ty));
			return false;
		}
	}
	return true;
}

static bool struct_ok(const BeTypes *t, LLVMTargetDataRef td, const Struct *st, LLVMTypeRef ty,
                      char bad[BE_ABI_BAD])
{
	for (unsigned i = 0; i < st->nfields; i++) {
		const Field *f = &st->fields[i];
		unsigned long long off = LLVMOffsetOfElement(td, ty, i);
		unsigned long long size = LLVMABISizeOfType(td, kind_type(t, f->kind));
		if (off != f->offset || size != f->size) {
			snprintf(bad, BE_ABI_BAD, "%s.%s: %zu bytes at %zu, the target's %llu at %llu", st->name,
			         f->name, f->size, f->offset, size, off);
			return false;
		}
	}
	if (LLVMABISizeOfType(td, ty) != st->size || LLVMABIAlignmentOfType(td, ty) != st->align) {
		snprintf(bad, BE_ABI_BAD, "%s: %zu bytes aligned to %zu, the target's %llu aligned to %u", st->name,
		         st->size, st->align, (unsigned long long)LLVMABISizeOfType(td, ty),
		         LLVMABIAlignmentOfType(td, ty));
		return false;
	}
	return true;
}

/* The offsets are offsetof in the C compiler that built nacre, and the
 * generated code is for any target: that is sound only because every
 * target (x86_64, aarch64, riscv64) is LP64 and little-endian, with the
 * same C layout rules.  This checks that the target's data layout agrees,
 * field by field; runtime-lib/sys/abi_check.c checks in each target's
 * own build that its C layout is the LP64 layout of the same lists. */
bool be_abi_layout_check(const BeTypes *t, LLVMTargetDataRef td, char bad[BE_ABI_BAD])
{
	if (LLVMByteOrder(td) != LLVMLittleEndian) { /* descriptor.c's NacreValue constants */
		snprintf(bad, BE_ABI_BAD, "big-endian");
		return false;
	}
	if (!scalars_ok(t, td, bad))
		return false;
	for (unsigned s = 0; s < BE_ABI_STRUCT_COUNT; s++)
		if (!struct_ok(t, td, &structs[s], be_abi_type(t, s), bad))
			return false;
	return true;
}

static LLVMTypeRef runtime_type(const BeTypes *t, BeRuntime rt)
{
	const Entry *e = &entries[rt];
	LLVMTypeRef params[e->nparams];
	for (size_t i = 0; i < e->nparams; i++)
		params[i] = kind_type(t, e->params[i]);
	return LLVMFunctionType(kind_type(t, e->result), params, (unsigned)e->nparams, false);
}

static void add_attributes(LLVMContextRef ctx, LLVMValueRef fn, const Entry *e)
{
	for (size_t i = 0; i < e->nattrs; i++) {
		size_t len = strlen(e->attrs[i]);
		if (!len)
			continue;
		unsigned kind = LLVMGetEnumAttributeKindForName(e->attrs[i], len);
		assert(kind && "abi.h names an attribute LLVM does not know");
		LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, kind, 0));
	}
}

LLVMValueRef be_runtime(BeModule *bm, BeRuntime rt)
{
	if (bm->rt[rt])
		return bm->rt[rt];
	LLVMValueRef fn = LLVMAddFunction(bm->mod, entries[rt].name, runtime_type(&bm->t, rt));
	add_attributes(bm->ctx, fn, &entries[rt]);
	return bm->rt[rt] = fn;
}

LLVMValueRef be_runtime_call(FuncCtx *c, BeRuntime rt, LLVMValueRef *args, unsigned nargs)
{
	return LLVMBuildCall2(c->b, runtime_type(c->t, rt), be_runtime(c->bm, rt), args, nargs, "");
}

bool be_abi_layout_ok(BeModule *bm)
{
	LLVMTargetDataRef td = LLVMCreateTargetDataLayout(bm->tm);
	char bad[BE_ABI_BAD];
	bool same = be_abi_layout_check(&bm->t, td, bad);
	LLVMDisposeTargetData(td);
	if (!same)
		diag_report(bm->diags, DIAG_CODEGEN, 0, DIAG_NO_FUNC, "the target's layout differs from abi.h: %s", bad);
	return same;
}
