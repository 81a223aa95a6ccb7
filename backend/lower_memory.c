/* backend/lower_memory.c: loads, stores, memory.size/grow and bulk memory.
 * be_lower_addr is the one place that owns the bounds policy: with guard
 * pages an effective address (a 32-bit index plus a 32-bit offset, below
 * 8 GiB) needs no check, the reservation faults; with explicit checks it
 * is compared against the current size first; masked (explicit plus
 * bounds_mask) then also clamps the address to the memory's base,
 * branch-free, for a CPU that guesses the check wrong.  An access that
 * always fits in the memory's minimum size needs no check, no clamp, and
 * a load no trap point.
 */
#include "backend.h"

#include <stdlib.h>
#include <string.h>

/* An upper bound of the unsigned i32 value v as lowering built it, from
 * constants, masks, shifts, extensions and the like (UINT32_MAX when
 * nothing is known).  Sound for any operands: every rule holds for all
 * values below the operands' bounds, and a result that could wrap is
 * unknown.  Locals are allocas here, so this sees one expression deep
 * into the operand stack, which is where table lookups and fields at
 * constant addresses compute their index. */
static uint64_t bound(LLVMValueRef v, int depth)
{
	if (LLVMIsAConstantInt(v))
		return LLVMConstIntGetZExtValue(v);
	if (!LLVMIsAInstruction(v) || depth == 0)
		return UINT32_MAX;
	LLVMValueRef a = LLVMGetOperand(v, 0);
	LLVMValueRef b = LLVMGetNumOperands(v) > 1 ? LLVMGetOperand(v, 1) : NULL;
	uint64_t k = b && LLVMIsAConstantInt(b) ? LLVMConstIntGetZExtValue(b) : UINT64_MAX;
	uint64_t ba = bound(a, depth - 1), bb = b ? bound(b, depth - 1) : UINT32_MAX, r = UINT32_MAX;
	switch (LLVMGetInstructionOpcode(v)) {
	case LLVMZExt: r = (UINT64_C(1) << LLVMGetIntTypeWidth(LLVMTypeOf(a))) - 1; break;
	case LLVMAnd: r = ba < bb ? ba : bb; break;
	case LLVMLShr: r = k < 32 ? ba >> k : ba; break;
	case LLVMShl: r = k < 32 ? ba << k : UINT32_MAX; break;
	case LLVMAdd: r = ba + bb; break;
	case LLVMURem: r = k && k != UINT64_MAX ? k - 1 : UINT32_MAX; break;
	case LLVMUDiv: r = k && k != UINT64_MAX ? ba / k : UINT32_MAX; break;
	default: break;
	}
	return r > UINT32_MAX ? UINT32_MAX : r;
}

/* Whether index + offset + size fits in the memory's minimum size, which
 * it never shrinks below (an import is at least what it declares). */
static bool always_in_bounds(FuncCtx *c, uint32_t mem, LLVMValueRef index, uint64_t offset, uint32_t size)
{
	uint64_t min_bytes = (uint64_t)c->m->mems[mem].min * 65536;
	return bound(index, 4) + offset + size <= min_bytes;
}

/* A 64-bit memory (memory64) is checked in every bounds strategy: no
 * guard region covers a 64-bit index.  index + offset + size <= memsize,
 * written as need <= memsize and index <= memsize - need (need = offset +
 * size, a constant), so that no term wraps; offset + size past 2^64 never
 * fits.  After the check index + offset is below memsize.  Masked: the
 * same two compares again on the opaque size, branch-free. */
static BeAddr addr64(FuncCtx *c, const BeMem *m, LLVMValueRef index, uint64_t offset, uint32_t size)
{
	uint64_t need = offset + size;
	LLVMValueRef bytes = LLVMBuildLoad2(c->b, c->t->i64, m->size, "memsize");
	LLVMValueRef fits = need < offset ? LLVMConstInt(c->t->i1, 0, false) : NULL;
	if (!fits) {
		LLVMValueRef limit = LLVMBuildSub(c->b, bytes, be_i64(c, need), "limit");
		fits = LLVMBuildAnd(c->b, LLVMBuildICmp(c->b, LLVMIntUGE, bytes, be_i64(c, need), ""),
		                    LLVMBuildICmp(c->b, LLVMIntULE, index, limit, ""), "fits");
	}
	be_trap_if(c, LLVMBuildNot(c->b, fits, ""), NACRE_TRAP_OOB_MEMORY);
	LLVMValueRef ea = offset ? LLVMBuildAdd(c->b, index, be_i64(c, offset), "ea") : index;
	if (m->size_opaque && need >= offset) {
		LLVMValueRef opaque = LLVMBuildLoad2(c->b, c->t->i64, m->size_opaque, "memsize.opaque");
		LLVMValueRef limit = LLVMBuildSub(c->b, opaque, be_i64(c, need), "limit.opaque");
		LLVMValueRef ok = LLVMBuildAnd(c->b, LLVMBuildICmp(c->b, LLVMIntUGE, opaque, be_i64(c, need), ""),
		                               LLVMBuildICmp(c->b, LLVMIntULE, index, limit, ""), "");
		ea = LLVMBuildSelect(c->b, ok, ea, be_i64(c, 0), "clamped");
	}
	return (BeAddr){ LLVMBuildInBoundsGEP2(c->b, c->t->i8, m->base, &ea, 1, "addr"), false };
}

/* Each memory has its own base and its own size slots (multi-memory): the
 * policy is the same for every one. */
BeAddr be_lower_addr(FuncCtx *c, uint32_t mem, LLVMValueRef index, uint64_t offset, uint32_t size)
{
	const BeMem *m = &c->mems[mem];
	if (c->m->mems[mem].is64)
		return addr64(c, m, index, offset, size);
	bool in_bounds = always_in_bounds(c, mem, index, offset, size);
	LLVMValueRef ea = LLVMBuildZExt(c->b, index, c->t->i64, ""), index64 = ea;
	if (LLVMIsAInstruction(ea)) /* for nowrap.c: this index is an access's */
		LLVMSetMetadata(ea, be_nowrap_tag(c->ctx), LLVMMDNodeInContext(c->ctx, NULL, 0));
	bool checked = m->size && !in_bounds;
	if (checked) {
		/* index + offset + size > memsize, written as index > memsize -
		 * (offset + size): the right side is loop-invariant, so the check
		 * in a loop is one compare with the index.  Signed, as it goes
		 * negative when the access cannot fit at all (memsize <= 4 GiB
		 * and offset + size <= 4 GiB + 16, so nothing overflows). */
		LLVMValueRef bytes = LLVMBuildLoad2(c->b, c->t->i64, m->size, "memsize");
		LLVMValueRef limit = LLVMBuildSub(c->b, bytes, be_i64(c, (uint64_t)offset + size), "limit");
		be_trap_if(c, LLVMBuildICmp(c->b, LLVMIntSGT, index64, limit, ""), NACRE_TRAP_OOB_MEMORY);
	}
	if (offset)
		ea = LLVMBuildAdd(c->b, ea, be_i64(c, offset), "ea");
	/* masked: past a mispredicted check the access goes to the base, the
	 * offset included (it is the module's to choose), so nothing outside
	 * the memory is read or written however far the index points; only
	 * a memory smaller than the access (0 pages) has no byte there */
	if (checked && m->size_opaque) {
		/* the check again, as index + offset <= memsize - size: one
		 * limit per access size, not per offset, so fewer registers */
		LLVMValueRef bytes = LLVMBuildLoad2(c->b, c->t->i64, m->size_opaque, "memsize.opaque");
		LLVMValueRef limit = LLVMBuildSub(c->b, bytes, be_i64(c, size), "limit.opaque");
		ea = be_spectre_select(c, LLVMIntSLE, ea, limit, ea, be_i64(c, 0));
	}
	/* with explicit checks the check (or the proof) comes first */
	bool may_fault = !m->size && !in_bounds;
	return (BeAddr){ LLVMBuildInBoundsGEP2(c->b, c->t->i8, m->base, &ea, 1, "addr"), may_fault };
}

/* Memory 0's size straight from the vmctx; another memory's from its
 * view (abi.h: NacreMemView), one load further. */
static LLVMValueRef load_size(FuncCtx *c, uint32_t mem)
{
	if (mem == 0)
		return be_vmctx_load(c, offsetof(NacreVmctx, mem_size), c->t->i64, "memsize");
	LLVMValueRef views = be_vmctx_load(c, offsetof(NacreVmctx, memories), c->t->ptr, "memviews");
	return be_load_at(c, views, mem * sizeof(NacreMemView) + offsetof(NacreMemView, size), c->t->i64);
}

static LLVMValueRef load_base(FuncCtx *c, uint32_t mem)
{
	if (mem == 0)
		return be_vmctx_load(c, offsetof(NacreVmctx, mem_base), c->t->ptr, "membase");
	LLVMValueRef views = be_vmctx_load(c, offsetof(NacreVmctx, memories), c->t->ptr, "memviews");
	return be_invariant(c, be_load_at(c, views, mem * sizeof(NacreMemView) + offsetof(NacreMemView, base), c->t->ptr));
}

void be_lower_mem_size_reload(FuncCtx *c)
{
	for (uint32_t i = 0; i < c->m->nmems; i++) {
		const BeMem *m = &c->mems[i];
		if (!m->size)
			continue;
		LLVMValueRef bytes = load_size(c, i);
		LLVMBuildStore(c->b, bytes, m->size);
		if (m->size_opaque)
			LLVMBuildStore(c->b, be_spectre_opaque(c, bytes), m->size_opaque);
	}
}

/* Marks the memories in's immediates name. */
static void mark_used(const IrInstr *in, bool *used)
{
	switch ((IrImm)ir_op_info[in->op].imm) {
	case IR_IMM_MEMARG: case IR_IMM_MEMARG_LANE: used[in->u.mem.memory] = true; break;
	case IR_IMM_MEMIDX: used[in->u.idx.a] = true; break;
	case IR_IMM_MEM_COPY: used[in->u.idx.a] = used[in->u.idx.b] = true; break;
	case IR_IMM_MEM_INIT: used[in->u.idx.b] = true; break;
	default: break;
	}
}

/* Only the memories the function names get loads and slots, so a module
 * with many memories does not reload them all after every call. */
bool be_lower_mem_setup(FuncCtx *c)
{
	uint32_t n = c->m->nmems;
	if (n == 0)
		return true;
	bool *used = calloc(n, sizeof *used);
	c->mems = calloc(n, sizeof *c->mems);
	if (!used || !c->mems) {
		free(used);
		return false;
	}
	used[0] = true;
	for (uint32_t i = 0; i < c->f->ncode; i++)
		mark_used(&c->f->code[i], used);
	bool checks = c->bm->opt->bounds == NACRE_BOUNDS_EXPLICIT;
	for (uint32_t i = 0; i < n; i++) {
		if (!used[i])
			continue;
		BeMem *m = &c->mems[i];
		m->base = load_base(c, i);
		if (checks || c->m->mems[i].is64) /* memory64: checked in every strategy */
			m->size = LLVMBuildAlloca(c->b, c->t->i64, "memsize.slot");
		if (checks && c->bm->opt->bounds_mask)
			m->size_opaque = LLVMBuildAlloca(c->b, c->t->i64, "memsize.opaque.slot");
	}
	free(used);
	be_lower_mem_size_reload(c);
	return true;
}

/* How each load and store moves its bytes. */
typedef enum { KEEP, SEXT, ZEXT } Ext;
typedef struct Access {
	char mem;                    /* in-memory type: b h w d (8/16/32/64-bit int), f F (float/double) */
	Ext ext;                     /* how a narrow load widens */
} Access;

static const Access accesses[IR_OP_COUNT] = {
	[IR_OP_I32_LOAD] = { 'w', KEEP }, [IR_OP_I64_LOAD] = { 'd', KEEP },
	[IR_OP_F32_LOAD] = { 'f', KEEP }, [IR_OP_F64_LOAD] = { 'F', KEEP },
	[IR_OP_I32_LOAD8_S] = { 'b', SEXT }, [IR_OP_I32_LOAD8_U] = { 'b', ZEXT },
	[IR_OP_I32_LOAD16_S] = { 'h', SEXT }, [IR_OP_I32_LOAD16_U] = { 'h', ZEXT },
	[IR_OP_I64_LOAD8_S] = { 'b', SEXT }, [IR_OP_I64_LOAD8_U] = { 'b', ZEXT },
	[IR_OP_I64_LOAD16_S] = { 'h', SEXT }, [IR_OP_I64_LOAD16_U] = { 'h', ZEXT },
	[IR_OP_I64_LOAD32_S] = { 'w', SEXT }, [IR_OP_I64_LOAD32_U] = { 'w', ZEXT },
	[IR_OP_I32_STORE] = { 'w', KEEP }, [IR_OP_I64_STORE] = { 'd', KEEP },
	[IR_OP_F32_STORE] = { 'f', KEEP }, [IR_OP_F64_STORE] = { 'F', KEEP },
	[IR_OP_I32_STORE8] = { 'b', KEEP }, [IR_OP_I32_STORE16] = { 'h', KEEP },
	[IR_OP_I64_STORE8] = { 'b', KEEP }, [IR_OP_I64_STORE16] = { 'h', KEEP },
	[IR_OP_I64_STORE32] = { 'w', KEEP },
};

/* Guard pages make every access a potential trap that LLVM cannot see: to
 * LLVM a load that faults is undefined behaviour, so it may delete a load
 * whose value dies, sink it into the branch that uses it (x86's cmov
 * conversion does), or move stores across it, and a module that must trap
 * runs on.  So in guard mode each access is followed by a trap point: an
 * empty inline-asm statement that takes the loaded value in a register,
 * so the load must happen and happen first, and that LLVM must assume may
 * read any memory and may not return.  That keeps the access, keeps the
 * stores before it before it and the stores, calls and traps after it
 * after it, and in the code generator an asm with side effects is a
 * barrier to the scheduler.  It still lets LLVM merge and hoist loads
 * (the point only reads), and costs no instruction (bench/: see
 * docs/ARCHITECTURE.md).  With explicit checks the branch to the trap
 * orders everything already. */
static void trap_point(FuncCtx *c, LLVMValueRef *vals, unsigned n, const char *constraints)
{
	LLVMTypeRef types[2];
	for (unsigned i = 0; i < n; i++)
		types[i] = LLVMTypeOf(vals[i]);
	LLVMTypeRef fnty = LLVMFunctionType(c->t->void_, types, n, false);
	LLVMValueRef asm_ = LLVMGetInlineAsm(fnty, "", 0, constraints, strlen(constraints), true, false,
	                                     LLVMInlineAsmDialectATT, false);
	LLVMValueRef call = LLVMBuildCall2(c->b, fnty, asm_, vals, n, "");
	unsigned nounwind = LLVMGetEnumAttributeKindForName("nounwind", 8);
	unsigned memory = LLVMGetEnumAttributeKindForName("memory", 6);
	/* memory(read, inaccessiblemem: readwrite): two bits (1 read, 2 write)
	 * each for argument, inaccessible and other memory.  Reading is what
	 * orders it with stores; the write, to memory no load sees, keeps it
	 * from FastISel's skipping of "dead" instructions at -O0. */
	LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->ctx, nounwind, 0));
	LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(c->ctx, memory, 0x1d));
}

/* A trap point taking v: integers in a general register, floats and
 * v128s in the target's FP/vector class; a 64-bit vector (the extending
 * loads) as one integer, and a v128 where no register holds one as two
 * 64-bit halves. */
static void keep_value(FuncCtx *c, LLVMValueRef v)
{
	const Target *t = c->bm->opt->target;
	LLVMTypeRef ty = LLVMTypeOf(v);
	LLVMTypeKind kind = LLVMGetTypeKind(ty);
	if (kind == LLVMFloatTypeKind || kind == LLVMDoubleTypeKind) {
		trap_point(c, &v, 1, t->float_reg_constraint);
	} else if (kind != LLVMVectorTypeKind) {
		trap_point(c, &v, 1, "r");
	} else if (ty != c->t->v128 && LLVMGetVectorSize(ty) * LLVMGetIntTypeWidth(LLVMGetElementType(ty)) == 64) {
		LLVMValueRef whole = LLVMBuildBitCast(c->b, v, c->t->i64, "");
		trap_point(c, &whole, 1, "r");
	} else if (t->vector_reg_constraint) {
		trap_point(c, &v, 1, t->vector_reg_constraint);
	} else {
		LLVMValueRef halves = LLVMBuildBitCast(c->b, v, c->t->v128, "");
		LLVMValueRef parts[] = { LLVMBuildExtractElement(c->b, halves, be_i32(c, 0), ""),
		                         LLVMBuildExtractElement(c->b, halves, be_i32(c, 1), "") };
		trap_point(c, parts, 2, "r,r");
	}
}

LLVMValueRef be_lower_load(FuncCtx *c, LLVMTypeRef ty, BeAddr a)
{
	LLVMValueRef v = LLVMBuildLoad2(c->b, ty, a.ptr, "");
	LLVMSetAlignment(v, 1);
	if (a.may_fault)
		keep_value(c, v);
	return v;
}

/* The bytes a store of type ty writes (integers, floats, vectors). */
static unsigned store_bytes(LLVMTypeRef ty)
{
	switch (LLVMGetTypeKind(ty)) {
	case LLVMIntegerTypeKind: return LLVMGetIntTypeWidth(ty) / 8;
	case LLVMFloatTypeKind: return 4;
	case LLVMDoubleTypeKind: return 8;
	case LLVMVectorTypeKind: return LLVMGetVectorSize(ty) * store_bytes(LLVMGetElementType(ty));
	default: return 1;
	}
}

/* A store that reaches past the end of memory traps and writes nothing
 * (spec 4.4.7: the bounds check covers the whole access).  x86 checks
 * every page a store touches before writing any byte; Arm and RISC-V may
 * split a misaligned store and write the part before the guard page
 * first (Target.store_may_tear).  There, in guard mode, a load of the
 * store's last byte, kept by a trap point, faults first.  Memory ends on
 * a 64 KiB boundary, so that byte is in the guard page whenever any is. */
static void probe_last_byte(FuncCtx *c, LLVMValueRef p, unsigned bytes)
{
	LLVMValueRef last = be_i64(c, bytes - 1);
	LLVMValueRef q = LLVMBuildInBoundsGEP2(c->b, c->t->i8, p, &last, 1, "last");
	LLVMValueRef v = LLVMBuildLoad2(c->b, c->t->i8, q, "probe");
	LLVMSetAlignment(v, 1);
	trap_point(c, &v, 1, "r");
}

void be_lower_store(FuncCtx *c, LLVMValueRef v, BeAddr a)
{
	unsigned bytes = store_bytes(LLVMTypeOf(v));
	if (a.may_fault && bytes > 1 && c->bm->opt->target->store_may_tear)
		probe_last_byte(c, a.ptr, bytes);
	LLVMSetAlignment(LLVMBuildStore(c->b, v, a.ptr), 1);
	/* Every store in guard mode, even one that cannot fault: its effect
	 * must stay before any later access that can, and LLVM or the
	 * scheduler would otherwise hoist such a load above it. */
	if (c->bm->opt->bounds != NACRE_BOUNDS_EXPLICIT)
		trap_point(c, NULL, 0, "");
}

static LLVMTypeRef mem_type(FuncCtx *c, char mem)
{
	switch (mem) {
	case 'b': return c->t->i8;
	case 'h': return c->t->i16;
	case 'w': return c->t->i32;
	case 'd': return c->t->i64;
	case 'f': return c->t->f32;
	default: return c->t->f64;
	}
}

static void lower_load(FuncCtx *c, const IrInstr *in)
{
	const IrOpInfo *info = &ir_op_info[in->op];
	Access a = accesses[in->op];
	BeAddr p = be_lower_addr(c, in->u.mem.memory, be_pop(c), in->u.mem.offset, 1u << info->extra);
	LLVMValueRef v = be_lower_load(c, mem_type(c, a.mem), p);
	LLVMTypeRef rt = be_valtype(c->t, info->result);
	if (a.ext == SEXT)
		v = LLVMBuildSExt(c->b, v, rt, "");
	else if (a.ext == ZEXT)
		v = LLVMBuildZExt(c->b, v, rt, "");
	be_push(c, v);
}

static void lower_store(FuncCtx *c, const IrInstr *in)
{
	const IrOpInfo *info = &ir_op_info[in->op];
	Access a = accesses[in->op];
	LLVMValueRef v = be_pop(c);
	BeAddr p = be_lower_addr(c, in->u.mem.memory, be_pop(c), in->u.mem.offset, 1u << info->extra);
	LLVMTypeRef mt = mem_type(c, a.mem);
	if (LLVMTypeOf(v) != mt)
		v = LLVMBuildTrunc(c->b, v, mt, "");
	be_lower_store(c, v, p);
}

static void lower_size(FuncCtx *c, uint32_t mem)
{
	LLVMValueRef bytes = load_size(c, mem);
	LLVMValueRef pages = LLVMBuildLShr(c->b, bytes, be_i64(c, 16), "");
	be_push(c, c->m->mems[mem].is64 ? pages : LLVMBuildTrunc(c->b, pages, c->t->i32, ""));
}

/* Runtime calls taking (vmctx, immediates..., operands...). */
static void runtime_op(FuncCtx *c, BeRuntime rt, unsigned nimm, const uint32_t *imm, unsigned nops, bool result)
{
	LLVMValueRef args[6];
	unsigned n = 0;
	args[n++] = c->vmctx;
	for (unsigned i = 0; i < nimm; i++)
		args[n++] = be_i32(c, imm[i]);
	for (unsigned i = nops; i > 0; i--)
		args[n + i - 1] = be_pop(c);
	LLVMValueRef r = be_runtime_call(c, rt, args, n + nops);
	if (result)
		be_push(c, r);
}

/* An operand as i64: 64-bit already, or a 32-bit one zero-extended. */
static LLVMValueRef widen(FuncCtx *c, LLVMValueRef v)
{
	return LLVMTypeOf(v) == c->t->i64 ? v : LLVMBuildZExt(c->b, v, c->t->i64, "");
}

/* With a 64-bit memory among its operands' (memory64) an operation calls
 * the 64 entries, which take i64 addresses and lengths: the i32 ones (of
 * a 32-bit memory in a copy, memory.init's source and length) are
 * widened, and their types say which are which. */
static bool bulk64(FuncCtx *c, const IrInstr *in)
{
	const uint32_t ix[] = { in->u.idx.a, in->u.idx.b };
	LLVMValueRef args[6] = { c->vmctx };
	switch (in->op) {
	case IR_OP_MEMORY_GROW:
		args[1] = be_i32(c, ix[0]), args[2] = be_pop(c);
		be_push(c, be_runtime_call(c, BE_RT_MEMORY_GROW64, args, 3));
		be_lower_mem_size_reload(c);
		return true;
	case IR_OP_MEMORY_FILL:
		args[4] = widen(c, be_pop(c)), args[3] = be_pop(c), args[2] = be_pop(c), args[1] = be_i32(c, ix[0]);
		be_runtime_call(c, BE_RT_MEMORY_FILL64, args, 5);
		return true;
	case IR_OP_MEMORY_COPY:
		args[5] = widen(c, be_pop(c)), args[4] = widen(c, be_pop(c)), args[3] = widen(c, be_pop(c));
		args[1] = be_i32(c, ix[0]), args[2] = be_i32(c, ix[1]);
		be_runtime_call(c, BE_RT_MEMORY_COPY64, args, 6);
		return true;
	case IR_OP_MEMORY_INIT:
		args[5] = be_pop(c), args[4] = be_pop(c), args[3] = be_pop(c);
		args[1] = be_i32(c, ix[1]), args[2] = be_i32(c, ix[0]);
		be_runtime_call(c, BE_RT_MEMORY_INIT64, args, 6);
		return true;
	}
	return false;
}

static bool any64(FuncCtx *c, const IrInstr *in)
{
	const IrLimits *ms = c->m->mems;
	switch (in->op) {
	case IR_OP_MEMORY_GROW: case IR_OP_MEMORY_FILL: return ms[in->u.idx.a].is64;
	case IR_OP_MEMORY_COPY: return ms[in->u.idx.a].is64 || ms[in->u.idx.b].is64;
	case IR_OP_MEMORY_INIT: return ms[in->u.idx.b].is64;
	default: return false;
	}
}

/* memory.grow and the bulk operations call the runtime: memory 0 through
 * the entries that take none (as before multi-memory), any other through
 * the _AT ones, which take the memory indices first. */
static bool bulk(FuncCtx *c, const IrInstr *in)
{
	const uint32_t ix[] = { in->u.idx.a, in->u.idx.b };
	if (any64(c, in))
		return bulk64(c, in);
	switch (in->op) {
	case IR_OP_MEMORY_GROW:
		if (ix[0])
			runtime_op(c, BE_RT_MEMORY_GROW_AT, 1, ix, 1, true);
		else
			runtime_op(c, BE_RT_MEMORY_GROW, 0, NULL, 1, true);
		be_lower_mem_size_reload(c);
		return true;
	case IR_OP_MEMORY_FILL:
		runtime_op(c, ix[0] ? BE_RT_MEMORY_FILL_AT : BE_RT_MEMORY_FILL, ix[0] ? 1 : 0, ix, 3, false);
		return true;
	case IR_OP_MEMORY_COPY:
		if (ix[0] || ix[1])
			runtime_op(c, BE_RT_MEMORY_COPY_AT, 2, ix, 3, false);
		else
			runtime_op(c, BE_RT_MEMORY_COPY, 0, NULL, 3, false);
		return true;
	case IR_OP_MEMORY_INIT: {
		uint32_t mem_seg[] = { ix[1], ix[0] };
		if (ix[1])
			runtime_op(c, BE_RT_MEMORY_INIT_AT, 2, mem_seg, 3, false);
		else
			runtime_op(c, BE_RT_MEMORY_INIT, 1, ix, 3, false);
		return true;
	}
	case IR_OP_DATA_DROP: runtime_op(c, BE_RT_DATA_DROP, 1, ix, 0, false); return true;
	}
	return false;
}

bool be_lower_memory(FuncCtx *c, const IrInstr *in)
{
	if (in->op == IR_OP_MEMORY_SIZE) {
		lower_size(c, in->u.idx.a);
		return true;
	}
	if (bulk(c, in))
		return true;
	if (!accesses[in->op].mem)
		return false;
	if (ir_op_info[in->op].result)
		lower_load(c, in);
	else
		lower_store(c, in);
	return true;
}
