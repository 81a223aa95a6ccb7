/* backend/target/x86_64.c: x86-64 Linux as data.  The baseline CPU is the
 * x86-64 psABI's first level, so output runs on any x86-64 machine. */
#include "../backend.h"

const Target be_target_x86_64 = {
	.name = "x86_64",
	.triple = "x86_64-unknown-linux-gnu",
	.baseline_cpu = "x86-64",
	.baseline_features = "",
	.lld_emulation = "elf_x86_64",
};
