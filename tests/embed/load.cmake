# tests/embed/load.cmake (included from CMakeLists.txt): nacre_module_open
# refusing what is not a nacre module before anything in it runs
# (test_load.c), on every target in NACRE_TARGETS: embed-load here,
# embed-load-<arch> under qemu-user for the others.  Each target's folder
# holds good.so and other-arch.so (nacre build --emit=so of other.wat,
# for it and for another target) and ctor.so, init.so, ifunc.so and
# ifunc-sym.so (load_hostile.c, by clang and ld.lld).
set(load_other_x86_64 aarch64)
set(load_other_aarch64 riscv64)
set(load_other_riscv64 x86_64)
# glibc calls DT_INIT only where it predates DT_INIT_ARRAY, and runs
# IFUNC resolvers in shared objects on riscv64 only since 2.40
set(load_env_riscv64 NACRE_LOAD_NO_DT_INIT=1 NACRE_LOAD_NO_IFUNC=1)

# load_files(<arch> <dir> <out var>): the shared objects above, for <arch>
# in <dir>; their paths in <out var>.
function(load_files arch dir var)
  set(wasm ${CMAKE_CURRENT_BINARY_DIR}/other.wasm)
  add_custom_command(OUTPUT ${dir}/good.so ${dir}/other-arch.so
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND $<TARGET_FILE:nacre> build ${wasm} --emit=so --target=${arch} -o ${dir}/good.so
    COMMAND $<TARGET_FILE:nacre> build ${wasm} --emit=so --target=${load_other_${arch}} -o ${dir}/other-arch.so
    DEPENDS ${wasm} nacre COMMENT "nacre build (${arch}) load test modules" VERBATIM)
  nacre_arch_flags(${arch} flags)
  set(src ${CMAKE_CURRENT_SOURCE_DIR}/load_hostile.c)
  set(cc ${NACRE_CLANG} --target=${arch}-linux-gnu -fPIC -O1 -c ${src})
  set(ld ${NACRE_LLD} -m ${NACRE_ARCH_LLD_EMULATION} -shared)
  set(hostile ctor init ifunc ifunc-sym)
  list(TRANSFORM hostile PREPEND ${dir}/)
  list(TRANSFORM hostile APPEND .so)
  add_custom_command(OUTPUT ${hostile}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${cc} -DLOAD_MARK -DLOAD_CTOR -o ${dir}/ctor.o
    COMMAND ${ld} ${dir}/ctor.o -o ${dir}/ctor.so
    COMMAND ${cc} -DLOAD_MARK -o ${dir}/init.o
    COMMAND ${ld} -init=mark ${dir}/init.o -o ${dir}/init.so
    COMMAND ${cc} -DLOAD_IFUNC -DLOAD_HIDDEN -o ${dir}/ifunc.o
    COMMAND ${ld} ${dir}/ifunc.o -o ${dir}/ifunc.so
    COMMAND ${cc} -DLOAD_IFUNC -o ${dir}/ifunc-sym.o
    COMMAND ${ld} ${dir}/ifunc-sym.o -o ${dir}/ifunc-sym.so
    DEPENDS ${src} COMMENT "clang (${arch}) load_hostile.c" VERBATIM)
  set(${var} ${dir}/good.so ${dir}/other-arch.so ${hostile} PARENT_SCOPE)
endfunction()

set(dir ${CMAKE_CURRENT_BINARY_DIR}/load)
load_files(${CMAKE_SYSTEM_PROCESSOR} ${dir} files)
add_custom_target(embed_load_files ALL DEPENDS ${files})
add_executable(embed_load test_load.c)
add_dependencies(embed_load embed_load_files)
target_include_directories(embed_load PRIVATE ${NACRE_CRITERION_INCLUDE})
target_link_libraries(embed_load PRIVATE ${NACRE_CRITERION})
nacre_runtime_export_symbols(embed_load)
add_test(NAME embed-load COMMAND embed_load --jobs 1)
set_tests_properties(embed-load PROPERTIES ENVIRONMENT "NACRE_LOAD_DIR=${dir}")

foreach(arch ${NACRE_TARGETS})
  if(NOT arch STREQUAL CMAKE_SYSTEM_PROCESSOR)
    set(dir ${CMAKE_CURRENT_BINARY_DIR}/${arch}/load)
    load_files(${arch} ${dir} files)
    nacre_cross_executable(embed_load_${arch} OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${arch}/embed_load ARCH ${arch}
      SOURCES test_load.c ${CMAKE_CURRENT_SOURCE_DIR}/mini-criterion/runner.c
      INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/mini-criterion DEPENDS ${files} EXPORT_RUNTIME)
    nacre_cross_run(${arch} run)
    add_test(NAME embed-load-${arch} COMMAND ${run} ${CMAKE_CURRENT_BINARY_DIR}/${arch}/embed_load)
    set_tests_properties(embed-load-${arch} PROPERTIES
      ENVIRONMENT "NACRE_LOAD_DIR=${dir};${load_env_${arch}}" TIMEOUT 600)
  endif()
endforeach()
