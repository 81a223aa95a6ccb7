# The backend's unit tests (included from tests/unit/CMakeLists.txt): they
# compile Wasm through the real pipeline and run it in the runtime.
#  - lower.wat: lowering edge cases (traps, NaN rules), assembled by wabt;
#  - spectre.wat: the accesses --bounds=masked and --spectre clamp;
#  - nowrap.wat: the address additions nowrap.c may and may not mark;
#  - simd_kernels.c: wasm_simd128.h kernels and their scalar twins, built
#    for wasm32 with clang-19 -msimd128 (no libc).
set(backend_out ${CMAKE_CURRENT_BINARY_DIR}/backend)
add_custom_command(OUTPUT ${backend_out}/lower.wasm
  COMMAND ${CMAKE_COMMAND} -E make_directory ${backend_out}
  COMMAND ${NACRE_WAT2WASM} ${CMAKE_CURRENT_LIST_DIR}/lower.wat -o ${backend_out}/lower.wasm
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/lower.wat)
add_custom_command(OUTPUT ${backend_out}/simd_kernels.wasm
  COMMAND ${CMAKE_COMMAND} -E make_directory ${backend_out}
  COMMAND ${NACRE_CLANG} --target=wasm32 -msimd128 -O2 -nostdlib -fvisibility=hidden
          -Wl,--no-entry -Wl,--export-dynamic ${CMAKE_CURRENT_LIST_DIR}/simd_kernels.c
          -o ${backend_out}/simd_kernels.wasm
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/simd_kernels.c)
add_custom_command(OUTPUT ${backend_out}/spectre.wasm
  COMMAND ${CMAKE_COMMAND} -E make_directory ${backend_out}
  COMMAND ${NACRE_WAT2WASM} --enable-multi-memory ${CMAKE_CURRENT_LIST_DIR}/spectre.wat -o ${backend_out}/spectre.wasm
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/spectre.wat)
add_custom_command(OUTPUT ${backend_out}/nowrap.wasm
  COMMAND ${CMAKE_COMMAND} -E make_directory ${backend_out}
  COMMAND ${NACRE_WAT2WASM} ${CMAKE_CURRENT_LIST_DIR}/nowrap.wat -o ${backend_out}/nowrap.wasm
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/nowrap.wat)
add_custom_target(backend_test_wasm DEPENDS ${backend_out}/lower.wasm ${backend_out}/simd_kernels.wasm
  ${backend_out}/spectre.wasm ${backend_out}/nowrap.wasm)

foreach(test backend_test_lower backend_test_simd backend_test_target backend_test_spectre backend_test_nowrap
    backend_test_branch_hint)
  add_dependencies(${test} backend_test_wasm)
  target_sources(${test} PRIVATE ${CMAKE_CURRENT_LIST_DIR}/compiled.c)
  target_link_libraries(${test} PRIVATE nacre_backend)
  target_include_directories(${test} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_compile_definitions(${test} PRIVATE
    NACRE_LOWER_WASM="${backend_out}/lower.wasm"
    NACRE_SIMD_WASM="${backend_out}/simd_kernels.wasm"
    NACRE_SPECTRE_WASM="${backend_out}/spectre.wasm"
    NACRE_NOWRAP_WASM="${backend_out}/nowrap.wasm")
endforeach()
set_tests_properties(unit-backend-test_lower unit-backend-test_simd PROPERTIES
  ENVIRONMENT "ASAN_OPTIONS=handle_segv=1:allow_user_segv_handler=1:use_sigaltstack=1")

# test_target.c compiles both modules for every target, test_spectre.c
# spectre.wat, test_nowrap.c nowrap.wat; they run nothing.
set_tests_properties(unit-backend-test_target unit-backend-test_spectre unit-backend-test_nowrap PROPERTIES TIMEOUT 600)

# test_audit.c builds its objects with clang-19 at test time, reads the
# freestanding runtime's archive with libelf and compiles lower.wasm.
add_dependencies(backend_test_audit backend_test_wasm nacre_runtime_static)
target_sources(backend_test_audit PRIVATE ${CMAKE_CURRENT_LIST_DIR}/compiled.c ${CMAKE_CURRENT_LIST_DIR}/../elf_symbols.c)
target_include_directories(backend_test_audit PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(backend_test_audit PRIVATE nacre_backend ${NACRE_LIBELF})
target_include_directories(backend_test_audit PRIVATE ${NACRE_LIBELF_INCLUDE})
target_compile_definitions(backend_test_audit PRIVATE NACRE_RUNTIME_DIR="${NACRE_RUNTIME_DIR}")
target_compile_definitions(backend_test_audit PRIVATE
  NACRE_CLANG="${NACRE_CLANG}" NACRE_LOWER_WASM="${backend_out}/lower.wasm")

# test_abi.c makes a target machine for every target.
target_link_libraries(backend_test_abi PRIVATE nacre_backend)

# test_sig.c: the split of function types between registers and spill
# slots, per target (nothing is compiled).
target_link_libraries(backend_test_sig PRIVATE nacre_backend)

# test_plan.c: the partition plan and the partition cache's key, on
# synthetic modules (nothing is compiled).
target_link_libraries(backend_test_plan PRIVATE nacre_backend)

# test_part_key.c: every BeOptions field against the partition cache's
# key, and simd_kernels.wasm compiled to see that the fields left out of
# it change no byte.
add_dependencies(backend_test_part_key backend_test_wasm)
target_link_libraries(backend_test_part_key PRIVATE nacre_backend nacre_frontend)
target_compile_definitions(backend_test_part_key PRIVATE NACRE_SIMD_WASM="${backend_out}/simd_kernels.wasm")

# test_canon_type.c: canonical ABI descriptors from component types,
# checked by the runtime's checker too.
target_link_libraries(backend_test_canon_type PRIVATE nacre_backend)
# test_component_bytes.c: the plan a component executable carries, for
# the staged commands beside the source tree.
target_link_libraries(backend_test_component_bytes PRIVATE nacre_backend)
target_compile_definitions(backend_test_component_bytes PRIVATE
  NACRE_CONFORMANCE_DIR="${CMAKE_SOURCE_DIR}/../shared/conformance")
