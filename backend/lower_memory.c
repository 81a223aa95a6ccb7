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
static bool always_in_bounds(FuncCtx *c, LLVMValueRef index, uint32_t offset, uint32_t size)
{
	uint64_t min_bytes = (uint64_t)c->m->mems[0].min * 65536;
	return bound(index, 4) + offset + size <= min_bytes;
}

BeAddr be_lower_addr(FuncCtx *c, LLVMValueRef index, uint32_t offset, uint32_t size)
{
	bool in_bounds = always_in_bounds(c, index, offset, size);
	LLVMValueRef ea = LLVMBuildZExt(c->b, index, c->t->i64, ""), index64 = ea;
	if (LLVMIsAInstruction(ea)) /* for nowrap.c: this index is an access's */
		LLVMSetMetadata(ea, be_nowrap_tag(c->ctx), LLVMMDNodeInContext(c->ctx, NULL, 0));
	bool checked = c->mem_size && !in_bounds;
	if (checked) {
		/* index + offset + size > memsize, written as index > memsize -
		 * (offset + size): the right side is loop-invariant, so the check
		 * in a loop is one compare with the index.  Signed, as it goes
		 * negative when the access cannot fit at all (memsize <= 4 GiB
		 * and offset + size <= 4 GiB + 16, so nothing overflows). */
		LLVMValueRef bytes = LLVMBuildLoad2(c->b, c->t->i64, c->mem_size, "memsize");
		LLVMValueRef limit = LLVMBuildSub(c->b, bytes, be_i64(c, (uint64_t)offset + size), "limit");
		be_trap_if(c, LLVMBuildICmp(c->b, LLVMIntSGT, index64, limit, ""), NACRE_TRAP_OOB_MEMORY);
	}
	if (offset)
		ea = LLVMBuildAdd(c->b, ea, be_i64(c, offset), "ea");
	/* masked: past a mispredicted check the access goes to the base, the
	 * offset included (it is the module's to choose), so nothing outside
	 * the memory is read or written however far the index points; only
	 * a memory smaller than the access (0 pages) has no byte there */
	if (checked && c->mem_size_opaque) {
		/* the check again, as index + offset <= memsize - size: one
		 * limit per access size, not per offset, so fewer registers */
		LLVMValueRef bytes = LLVMBuildLoad2(c->b, c->t->i64, c->mem_size_opaque, "memsize.opaque");
		LLVMValueRef limit = LLVMBuildSub(c->b, bytes, be_i64(c, size), "limit.opaque");
		ea = be_spectre_select(c, LLVMIntSLE, ea, limit, ea, be_i64(c, 0));
	}
	/* with explicit checks the check (or the proof) comes first */
	bool may_fault = !c->mem_size && !in_bounds;
	return (BeAddr){ LLVMBuildInBoundsGEP2(c->b, c->t->i8, c->mem_base, &ea, 1, "addr"), may_fault };
}

void be_lower_mem_size_reload(FuncCtx *c)
{
	if (!c->mem_size)
		return;
	LLVMValueRef bytes = be_vmctx_load(c, offsetof(NacreVmctx, mem_size), c->t->i64, "memsize");
	LLVMBuildStore(c->b, bytes, c->mem_size);
	if (c->mem_size_opaque)
		LLVMBuildStore(c->b, be_spectre_opaque(c, bytes), c->mem_size_opaque);
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
	if (!c->mem_size)
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
	BeAddr p = be_lower_addr(c, be_pop(c), in->u.mem.offset, 1u << info->extra);
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
	BeAddr p = be_lower_addr(c, be_pop(c), in->u.mem.offset, 1u << info->extra);
	LLVMTypeRef mt = mem_type(c, a.mem);
	if (LLVMTypeOf(v) != mt)
		v = LLVMBuildTrunc(c->b, v, mt, "");
	be_lower_store(c, v, p);
}

static void lower_size(FuncCtx *c)
{
	LLVMValueRef bytes = be_vmctx_load(c, offsetof(NacreVmctx, mem_size), c->t->i64, "memsize");
	LLVMValueRef pages = LLVMBuildLShr(c->b, bytes, be_i64(c, 16), "");
	be_push(c, LLVMBuildTrunc(c->b, pages, c->t->i32, ""));
}

/* Runtime calls taking (vmctx, [immediate,] operands...). */
static void runtime_op(FuncCtx *c, BeRuntime rt, int has_imm, uint32_t imm, unsigned nops, bool result)
{
	LLVMValueRef args[6];
	unsigned n = 0;
	args[n++] = c->vmctx;
	if (has_imm)
		args[n++] = be_i32(c, imm);
	for (unsigned i = nops; i > 0; i--)
		args[n + i - 1] = be_pop(c);
	LLVMValueRef r = be_runtime_call(c, rt, args, n + nops);
	if (result)
		be_push(c, r);
}

bool be_lower_memory(FuncCtx *c, const IrInstr *in)
{
	switch (in->op) {
	case IR_OP_MEMORY_SIZE: lower_size(c); return true;
	case IR_OP_MEMORY_GROW:
		runtime_op(c, BE_RT_MEMORY_GROW, 0, 0, 1, true);
		be_lower_mem_size_reload(c);
		return true;
	case IR_OP_MEMORY_FILL: runtime_op(c, BE_RT_MEMORY_FILL, 0, 0, 3, false); return true;
	case IR_OP_MEMORY_COPY: runtime_op(c, BE_RT_MEMORY_COPY, 0, 0, 3, false); return true;
	case IR_OP_MEMORY_INIT: runtime_op(c, BE_RT_MEMORY_INIT, 1, in->u.idx.a, 3, false); return true;
	case IR_OP_DATA_DROP: runtime_op(c, BE_RT_DATA_DROP, 1, in->u.idx.a, 0, false); return true;
	}
	if (!accesses[in->op].mem)
		return false;
	if (ir_op_info[in->op].result)
		lower_load(c, in);
	else
		lower_store(c, in);
	return true;
}
