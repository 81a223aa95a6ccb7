# runtime-lib/sys/aarch64/target.cmake: how runtime-lib/CMakeLists.txt
# builds the runtime archives for aarch64: the ARMv8.0 baseline, BTI and
# PAC (hint-space instructions, no-ops on CPUs without them) so that an
# executable can be marked BTI-compatible, and no outline atomics (their
# helpers live in libgcc, which a static executable does not link).
set(NACRE_ARCH_CFLAGS -march=armv8-a -mbranch-protection=standard -mno-outline-atomics)
set(NACRE_ARCH_LIBC_PACKAGE libc6-dev-arm64-cross)
# Programs that embed modules (cmake/Cross.cmake) link as PIEs against
# Debian's cross glibc: ld.lld's emulation and the dynamic loader.
set(NACRE_ARCH_LLD_EMULATION aarch64linux)
set(NACRE_ARCH_DYNAMIC_LINKER /lib/ld-linux-aarch64.so.1)
