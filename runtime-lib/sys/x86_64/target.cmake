# runtime-lib/sys/x86_64/target.cmake: how runtime-lib/CMakeLists.txt
# builds the runtime archives for x86-64 (clang's default CPU, the
# portable baseline) and which Debian package has its C library.
set(NACRE_ARCH_CFLAGS)
set(NACRE_ARCH_LIBC_PACKAGE libc6-dev-amd64-cross)
