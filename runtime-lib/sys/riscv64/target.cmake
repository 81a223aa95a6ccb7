# runtime-lib/sys/riscv64/target.cmake: how runtime-lib/CMakeLists.txt
# builds the runtime archives for riscv64: RV64GC with the hard-float
# ABI, which is what Linux distributions use (the linker refuses to mix
# objects of different float ABIs, so generated code must use lp64d too).
set(NACRE_ARCH_CFLAGS -march=rv64gc -mabi=lp64d)
set(NACRE_ARCH_LIBC_PACKAGE libc6-dev-riscv64-cross)
# Programs that embed modules (cmake/Cross.cmake) link as PIEs against
# Debian's cross glibc: ld.lld's emulation and the dynamic loader.
set(NACRE_ARCH_LLD_EMULATION elf64lriscv)
set(NACRE_ARCH_DYNAMIC_LINKER /lib/ld-linux-riscv64-lp64d.so.1)
