# runtime-lib/sys/aarch64/target.cmake: how runtime-lib/CMakeLists.txt
# builds the runtime archives for aarch64: the ARMv8.0 baseline, BTI and
# PAC (hint-space instructions, no-ops on CPUs without them) so that an
# executable can be marked BTI-compatible, and no outline atomics (their
# helpers live in libgcc, which a static executable does not link).
set(NACRE_ARCH_CFLAGS -march=armv8-a -mbranch-protection=standard -mno-outline-atomics)
set(NACRE_ARCH_LIBC_PACKAGE libc6-dev-arm64-cross)
