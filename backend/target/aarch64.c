/* backend/target/aarch64.c: AArch64 Linux as data.  The baseline is
 * Armv8.0-A with FP and AdvSIMD, which every 64-bit Arm server and board
 * has, with LLVM's generic tuning; Wasm's rounding and popcnt are
 * instructions there (frintm/frintp/frintz/frintn, cnt), so the code
 * calls no libm.  Later extensions (LSE atomics, dot products, SVE) come
 * with --cpu or --cpu-features. */
#include "../backend.h"

#include <elf.h>

#include <llvm-c/Target.h>

static void init(void)
{
	LLVMInitializeAArch64TargetInfo();
	LLVMInitializeAArch64Target();
	LLVMInitializeAArch64TargetMC();
	LLVMInitializeAArch64AsmPrinter();
	LLVMInitializeAArch64AsmParser();
}

/* tbl with one table register gives 0 for any index of 16 or more,
 * exactly Wasm's rule: one instruction, no bias. */
static LLVMValueRef swizzle(FuncCtx *c, LLVMValueRef bytes, LLVMValueRef idx)
{
	LLVMValueRef args[] = { bytes, idx };
	return be_call_intrinsic(c, "llvm.aarch64.neon.tbl1", LLVMTypeOf(idx), args, 2);
}

static const char *const aliases[] = { "aarch64-linux-gnu", "aarch64-unknown-linux-gnu", NULL };

/* Instruction-set extensions and architecture levels, by LLVM's names;
 * none that reserves registers or removes FP/AdvSIMD. */
static const char *const features[] = {
	"aes", "bf16", "complxnum", "crc", "crypto", "dotprod", "f32mm", "f64mm", "flagm", "fp-armv8",
	"fp16fml", "fullfp16", "i8mm", "jsconv", "lse", "lse2", "neon", "rcpc", "rcpc-immo", "rdm",
	"sb", "sha2", "sha3", "sm4", "ssbs", "sve", "sve2", "sve2-aes", "sve2-bitperm", "sve2-sha3",
	"sve2-sm4", "v8.1a", "v8.2a", "v8.3a", "v8.4a", "v8.5a", "v8.6a", "v9a", NULL,
};

/* BTI landing pads (bti c where calls land, bti j at jump-table targets)
 * and return addresses signed with the A key in every function that
 * saves one (pac-ret); both are hint-space instructions, no-ops on CPUs
 * without them.  The module flags give the property note, the function
 * attributes the code. */
static const char *const cfi_flags[] = { "branch-target-enforcement", "sign-return-address", NULL };
static const BeAttr cfi_attrs[] = {
	{ "branch-target-enforcement", "" },
	{ "sign-return-address", "non-leaf" },
	{ "sign-return-address-key", "a_key" },
	{ NULL, NULL },
};
/* bti c, bti jc, paciasp, pacibsp: each is a landing pad for a call */
static const uint32_t call_pads[] = { 0xd503245f, 0xd50324df, 0xd503233f, 0xd503237f, 0 };
static const BeCfi cfi = {
	.name = "bti+pac",
	.module_flags = cfi_flags,
	.function_attrs = cfi_attrs,
	.property = GNU_PROPERTY_AARCH64_FEATURE_1_AND,
	.property_bits = GNU_PROPERTY_AARCH64_FEATURE_1_BTI | GNU_PROPERTY_AARCH64_FEATURE_1_PAC,
	.landing_pads = call_pads,
	.pad_bytes = 4,
};

const Target be_target_aarch64 = {
	.name = "aarch64",
	.aliases = aliases,
	.triple = "aarch64-unknown-linux-gnu",
	.baseline_cpu = "armv8-a",
	.baseline_llvm_cpu = "generic",
	.baseline_features = "+fp-armv8,+neon",
	.features = features,
	.lld_emulation = "aarch64linux",
	.elf_machine = EM_AARCH64,
#if defined(__aarch64__)
	.host = true,
#endif
	.init = init,
	.float_reg_constraint = "w",
	.vector_reg_constraint = "w",
	.swizzle = swizzle,
	.store_may_tear = true,
	.cfi = &cfi,
	/* AAPCS64: x0-7, v0-7; two of each back (it allows more) */
	.call_regs = { .int_args = 8, .fp_args = 8, .int_results = 2, .fp_results = 2 },
};
