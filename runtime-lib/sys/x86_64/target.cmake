# runtime-lib/sys/x86_64/target.cmake: how runtime-lib/CMakeLists.txt
# builds the runtime archives for x86-64 (clang's default CPU, the
# portable baseline; endbr64 landing pads, no-ops on CPUs without IBT, so
# that an executable can be marked IBT-compatible), which Debian package
# has its C library, and how programs against that library are linked
# (ld.lld -m, the interpreter).
set(NACRE_ARCH_CFLAGS -fcf-protection=branch)
set(NACRE_ARCH_LIBC_PACKAGE libc6-dev-amd64-cross)
# Programs that embed modules (cmake/Cross.cmake) link as PIEs against
# Debian's cross glibc: ld.lld's emulation and the dynamic loader.
set(NACRE_ARCH_LLD_EMULATION elf_x86_64)
set(NACRE_ARCH_DYNAMIC_LINKER /lib64/ld-linux-x86-64.so.2)
