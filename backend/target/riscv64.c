/* backend/target/riscv64.c: 64-bit RISC-V Linux as data.  The baseline is
 * RV64GC with the lp64d ABI, what Linux distributions require.  The
 * triple alone would give RV64I and quietly use the soft-float ABI, so
 * both the extensions and the ABI are spelt out.  Without V, LLVM takes
 * v128 apart lane by lane; without Zfa, nearest is an fcvt pair with
 * round-to-nearest-even, not a call, and ceil, floor, trunc and nearest
 * return a NaN operand as it is, signalling ones included.
 *
 * Wasm promises no alignment, so every access is align 1 to LLVM, and
 * without unaligned-scalar-mem LLVM splits each into byte loads, shifts
 * and ors (an i32 load: 4 loads, 6 ALU ops).  The RVA20/RVA22 profiles
 * Linux distributions target require misaligned accesses to main memory
 * to work (Zicclsm), in hardware or emulated by the firmware or kernel,
 * so the baseline says so: one instruction per access, which is as fast
 * as ever when the address is aligned, as it almost always is, and slow
 * only on a core that traps the rare misaligned one (bench/ under
 * qemu, instructions executed: matmul 6.3 times fewer, sha256 30%, lz 15%). */
#include "../backend.h"

#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <llvm-c/Target.h>

static void init(void)
{
	LLVMInitializeRISCVTargetInfo();
	LLVMInitializeRISCVTarget();
	LLVMInitializeRISCVTargetMC();
	LLVMInitializeRISCVAsmPrinter();
	LLVMInitializeRISCVAsmParser();
}

static const char *const aliases[] = { "riscv64-linux-gnu", "riscv64-unknown-linux-gnu",
	                               "riscv64gc-unknown-linux-gnu", NULL };

/* Unprivileged extensions, by LLVM's names (RVA22/RVA23's among them);
 * nothing experimental, nothing that reserves registers or changes the
 * memory model (Ztso).  Not Zfa: LLVM 19 cannot select f32 roundeven
 * with it ("Cannot select: froundeven", an abort), which f32.nearest
 * needs. */
static const char *const features[] = {
	"a", "b", "c", "d", "f", "m", "v", "za64rs", "zaamo", "zabha", "zalrsc", "zawrs", "zba", "zbb",
	"zbc", "zbkb", "zbkc", "zbkx", "zbs", "zca", "zcb", "zcd", "zcmop", "zfh", "zfhmin",
	"zic64b", "zicbom", "zicbop", "zicboz", "zicond", "zicsr", "zifencei", "zihintntl",
	"zihintpause", "zimop", "zk", "zkn", "zknd", "zkne", "zknh", "zks", "zksed", "zksh", "zkt",
	"zvbb", "zvbc", "zve32f", "zve32x", "zve64d", "zve64f", "zve64x", "zvfh", "zvfhmin", "zvkb",
	"zvkg", "zvkned", "zvknha", "zvknhb", "zvksed", "zvksh", "zvkt", "zvl128b", "zvl256b",
	"zvl512b", "zvl1024b", NULL,
};

/* LLVM aborts ("'zvbb' requires 'v' or 'zve*'") on a vector extension
 * (Zvl*b, Zvb*, Zvk*) without a vector base: refuse it here instead. */
static bool features_check(const char *const *items, size_t n, char bad[64])
{
	bool base = false;
	for (size_t i = 0; i < n; i++)
		base |= strcmp(items[i], "+v") == 0 || strncmp(items[i], "+zve", 4) == 0;
	for (size_t i = 0; i < n && !base; i++)
		if (strncmp(items[i], "+zvl", 4) == 0 || strncmp(items[i], "+zvb", 4) == 0 ||
		    strncmp(items[i], "+zvk", 4) == 0) {
			snprintf(bad, 64, "%s (needs +v or +zve*)", items[i]);
			return false;
		}
	return true;
}

const Target be_target_riscv64 = {
	.name = "riscv64",
	.aliases = aliases,
	.triple = "riscv64-unknown-linux-gnu",
	.abi = "lp64d",
	.baseline_cpu = "rv64gc",
	.baseline_llvm_cpu = "generic-rv64",
	.baseline_features = "+m,+a,+f,+d,+c,+zicsr,+zifencei,+unaligned-scalar-mem",
	.features = features,
	.features_check = features_check,
	.lld_emulation = "elf64lriscv",
	.elf_machine = EM_RISCV,
#if defined(__riscv) && __riscv_xlen == 64
	.host = true,
#endif
	.init = init,
	.float_reg_constraint = "f",
	.vector_reg_constraint = NULL,
	.round_keeps_snan = true,
	.store_may_tear = true,
	/* lp64d: a0-7, fa0-7; a0-1, fa0-1 back; a v128 without V is two integers */
	.call_regs = { .int_args = 8, .fp_args = 8, .int_results = 2, .fp_results = 2, .v128_ints = 2 },
};
