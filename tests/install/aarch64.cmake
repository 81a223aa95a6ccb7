# tests/install/aarch64.cmake: a CMake toolchain for aarch64 Linux with
# clang and Debian's cross C library (libc6-dev-arm64-cross), as a user
# cross-compiling a project that uses find_package(nacre) would have.
# NACRE_CROSS_PREFIX: where <arch>-linux-gnu/ is (default /usr).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
if(NOT NACRE_CROSS_PREFIX)
  set(NACRE_CROSS_PREFIX /usr)
endif()
set(root ${NACRE_CROSS_PREFIX}/aarch64-linux-gnu)
set(CMAKE_C_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_C_FLAGS_INIT "-nostdlibinc -isystem ${root}/include")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld -nostartfiles -nodefaultlibs -Wl,-dynamic-linker,/lib/ld-linux-aarch64.so.1 \
${root}/lib/Scrt1.o ${root}/lib/crti.o -L${root}/lib")
set(CMAKE_C_STANDARD_LIBRARIES "-lc ${root}/lib/crtn.o")
set(CMAKE_FIND_ROOT_PATH ${root})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
