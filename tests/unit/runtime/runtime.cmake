# The runtime's unit tests (included from tests/unit/CMakeLists.txt): a
# module written by hand in C and built as a shared object, for
# test_module to open, and the environment the tests run in.

# Built like a module nacre compiles: nacre_rt_* left undefined, to be
# found in the test executable (nacre_runtime_export_symbols).
add_library(runtime_fixture_module MODULE ${CMAKE_CURRENT_LIST_DIR}/fixture_module.c)
target_include_directories(runtime_fixture_module PRIVATE ${PROJECT_SOURCE_DIR}/runtime-lib/include)
set_target_properties(runtime_fixture_module PROPERTIES PREFIX "" OUTPUT_NAME nacre_fixture_module)
# and passes nacre_module_open's checks (runtime-lib/module_check.c) as
# nacre's own output does: no sanitizer (its constructors), no C library
# (DT_NEEDED) or start files (DT_INIT), and a .note.nacre for this target.
target_compile_definitions(runtime_fixture_module PRIVATE NACRE_FIXTURE_TARGET="${CMAKE_SYSTEM_PROCESSOR}")
target_compile_options(runtime_fixture_module PRIVATE -fno-sanitize=all)
target_link_options(runtime_fixture_module PRIVATE -fno-sanitize=all -nostdlib)
add_dependencies(runtime_test_module runtime_fixture_module)
target_compile_definitions(runtime_test_module PRIVATE
  NACRE_FIXTURE_MODULE="$<TARGET_FILE:runtime_fixture_module>")

# Under AddressSanitizer: ASan installs its own SIGSEGV handler and
# alternate signal stack; the runtime installs its handler over ASan's
# (allowed by allow_user_segv_handler=1, ASan's default) and passes every
# fault that is not a trap on to it, so real crashes still get ASan's
# report.  Stated here so a changed default cannot silently break traps.
file(GLOB NACRE_RUNTIME_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/test_*.c)
foreach(src ${NACRE_RUNTIME_TESTS})
  get_filename_component(name ${src} NAME_WE)
  set_tests_properties(unit-runtime-${name} PROPERTIES
    ENVIRONMENT "ASAN_OPTIONS=handle_segv=1:allow_user_segv_handler=1:use_sigaltstack=1")
endforeach()

# test_symbols.c reads every runtime and WASI archive with libelf (and
# compiles one object with clang-19, to see that it notices a leak).
add_dependencies(runtime_test_symbols nacre_runtime_static nacre_wasi_static nacre_wasi)
target_sources(runtime_test_symbols PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../elf_symbols.c)
target_link_libraries(runtime_test_symbols PRIVATE ${NACRE_LIBELF})
target_include_directories(runtime_test_symbols PRIVATE ${NACRE_LIBELF_INCLUDE})
string(REPLACE ";" "," nacre_target_list "${NACRE_TARGETS}")
target_compile_definitions(runtime_test_symbols PRIVATE
  NACRE_CLANG="${NACRE_CLANG}" NACRE_RUNTIME_DIR="${NACRE_RUNTIME_DIR}"
  NACRE_TARGET_LIST="${nacre_target_list}"
  NACRE_HOST_RUNTIME="$<TARGET_FILE:nacre_runtime>" NACRE_HOST_WASI="$<TARGET_FILE:nacre_wasi>")

# The canonical ABI's tests (test_canon_*.c) for every other target in
# NACRE_TARGETS, against the embedding archive built for it and
# tests/embed/mini-criterion, under qemu-user: unit-runtime-canon-<arch>.
file(GLOB canon_tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/test_canon_*.c)
set(mini ${PROJECT_SOURCE_DIR}/tests/embed/mini-criterion)
foreach(arch ${NACRE_TARGETS})
  if(NOT arch STREQUAL CMAKE_SYSTEM_PROCESSOR)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/runtime/${arch}/canon_tests)
    nacre_cross_executable(runtime_canon_${arch} OUTPUT ${out} ARCH ${arch}
      SOURCES ${canon_tests} ${mini}/runner.c INCLUDES ${mini} ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_LIST_DIR})
    nacre_cross_run(${arch} run)
    add_test(NAME unit-runtime-canon-${arch} COMMAND ${run} ${out})
    set_tests_properties(unit-runtime-canon-${arch} PROPERTIES TIMEOUT 600)
  endif()
endforeach()
