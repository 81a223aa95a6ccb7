/* backend/target/x86_64.c: x86-64 Linux as data.  The baseline CPU is the
 * psABI's level 2 (SSE4.1, POPCNT: every x86-64 server since 2009), so
 * that Wasm's ceil, floor, trunc, nearest and popcnt are instructions,
 * not calls into a libm the sandboxed code must not need.  Its
 * instructions, but generic tuning: LLVM's x86-64-v2 model writes every
 * rotate as `shld r, r`, which is several times slower on AMD cores
 * (SHA-256 ran at 1.8x native time on EPYC; with generic tuning, 1.06x). */
#include "../backend.h"

#include <elf.h>
#include <string.h>

#include <llvm-c/Target.h>

static void init(void)
{
	LLVMInitializeX86TargetInfo();
	LLVMInitializeX86Target();
	LLVMInitializeX86TargetMC();
	LLVMInitializeX86AsmPrinter();
	LLVMInitializeX86AsmParser();
}

/* pshufb zeroes a lane whose index has bit 7 set and otherwise takes
 * bytes[index & 15]; a saturating add of 0x70 maps 0..15 to 0x70..0x7f
 * and everything above to 0x80 or more: two instructions.  On the
 * baseline only (SSSE3 is in it); for another CPU, the lane-by-lane
 * form, which LLVM turns into pshufb itself where it can. */
static LLVMValueRef swizzle(FuncCtx *c, LLVMValueRef bytes, LLVMValueRef idx)
{
	const BeOptions *o = c->bm->opt;
	if (o->cpu && strcmp(o->cpu, o->target->baseline_cpu) != 0)
		return NULL;
	LLVMTypeRef vt = LLVMTypeOf(idx);
	LLVMValueRef bias[] = { idx, be_simd_splat(c, LLVMConstInt(c->t->i8, 0x70, false), vt) };
	LLVMValueRef args[] = { bytes, be_call_intrinsic(c, "llvm.uadd.sat", vt, bias, 2) };
	return be_call_intrinsic(c, "llvm.x86.ssse3.pshuf.b.128", NULL, args, 2);
}

static const char *const aliases[] = { "x86_64-linux-gnu", "x86_64-unknown-linux-gnu", NULL };

/* Instruction-set extensions beyond x86-64-v2 (v3 and v4 among them);
 * nothing that changes the ABI (soft-float) or code generation policy. */
static const char *const features[] = {
	"adx", "aes", "avx", "avx2", "avx512bitalg", "avx512bw", "avx512cd", "avx512dq", "avx512f",
	"avx512ifma", "avx512vbmi", "avx512vbmi2", "avx512vl", "avx512vnni", "avx512vpopcntdq",
	"avxvnni", "bmi", "bmi2", "cmov", "crc32", "cx16", "cx8", "f16c", "fma", "gfni", "lzcnt",
	"movbe", "pclmul", "popcnt", "prfchw", "sahf", "sha", "sse", "sse2", "sse3", "sse4.1", "sse4.2",
	"ssse3", "vaes", "vpclmulqdq", NULL,
};

/* Indirect branch tracking: endbr64 where an indirect call or jump may
 * land (jump tables use notrack jumps instead). */
static const char *const cfi_flags[] = { "cf-protection-branch", NULL };
static const uint32_t endbr64[] = { 0xfa1e0ff3, 0 };
static const BeCfi cfi = {
	.name = "ibt",
	.module_flags = cfi_flags,
	.property = GNU_PROPERTY_X86_FEATURE_1_AND,
	.property_bits = GNU_PROPERTY_X86_FEATURE_1_IBT,
	.landing_pads = endbr64,
	.pad_bytes = 4,
};

const Target be_target_x86_64 = {
	.name = "x86_64",
	.aliases = aliases,
	.triple = "x86_64-unknown-linux-gnu",
	.baseline_cpu = "x86-64-v2",
	.baseline_llvm_cpu = "x86-64",
	.baseline_features = "+cx16,+popcnt,+sahf,+sse3,+ssse3,+sse4.1,+sse4.2",
	.features = features,
	.lld_emulation = "elf_x86_64",
	.elf_machine = EM_X86_64,
#if defined(__x86_64__)
	.host = true,
#endif
	.init = init,
	.swizzle = swizzle,
	.float_reg_constraint = "x",
	.vector_reg_constraint = "x",
	.cfi = &cfi,
	/* SysV: rdi..r9, xmm0-7; rax, rdx and xmm0-1 back */
	.call_regs = { .int_args = 6, .fp_args = 8, .int_results = 2, .fp_results = 2 },
};
