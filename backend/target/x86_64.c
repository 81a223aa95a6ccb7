/* backend/target/x86_64.c: x86-64 Linux as data.  The baseline CPU is the
 * psABI's level 2 (SSE4.1, POPCNT: every x86-64 server since 2009), so
 * that Wasm's ceil, floor, trunc, nearest and popcnt are instructions,
 * not calls into a libm the sandboxed code must not need.  Its
 * instructions, but generic tuning: LLVM's x86-64-v2 model writes every
 * rotate as `shld r, r`, which is several times slower on AMD cores
 * (SHA-256 ran at 1.8x native time on EPYC; with generic tuning, 1.06x). */
#include "../backend.h"

const Target be_target_x86_64 = {
	.name = "x86_64",
	.triple = "x86_64-unknown-linux-gnu",
	.baseline_cpu = "x86-64-v2",
	.baseline_llvm_cpu = "x86-64",
	.baseline_features = "+cx16,+popcnt,+sahf,+sse3,+ssse3,+sse4.1,+sse4.2",
	.lld_emulation = "elf_x86_64",
	.swizzle_intrinsic = "llvm.x86.ssse3.pshuf.b.128", /* x86-64-v2 has SSSE3 */
	.float_reg_constraint = "x",
	.vector_reg_constraint = "x",
};
