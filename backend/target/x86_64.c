/* backend/target/x86_64.c: x86-64 Linux as data.  The baseline CPU is the
 * psABI's level 2 (SSE4.1, POPCNT: every x86-64 server since 2009), so
 * that Wasm's ceil, floor, trunc, nearest and popcnt are instructions,
 * not calls into a libm the sandboxed code must not need. */
#include "../backend.h"

const Target be_target_x86_64 = {
	.name = "x86_64",
	.triple = "x86_64-unknown-linux-gnu",
	.baseline_cpu = "x86-64-v2",
	.baseline_features = "",
	.lld_emulation = "elf_x86_64",
	.swizzle_intrinsic = "llvm.x86.ssse3.pshuf.b.128", /* x86-64-v2 has SSSE3 */
};
