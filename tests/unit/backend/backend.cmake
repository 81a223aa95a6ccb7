# The backend's unit tests (included from tests/unit/CMakeLists.txt): they
# compile lower.wat through the real pipeline and run it in the runtime.
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/backend/lower.wasm
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/backend
  COMMAND ${NACRE_WAT2WASM} ${CMAKE_CURRENT_LIST_DIR}/lower.wat -o ${CMAKE_CURRENT_BINARY_DIR}/backend/lower.wasm
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/lower.wat)
add_custom_target(backend_lower_wasm DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/backend/lower.wasm)
add_dependencies(backend_test_lower backend_lower_wasm)
target_link_libraries(backend_test_lower PRIVATE nacre_backend)
target_compile_definitions(backend_test_lower PRIVATE
  NACRE_LOWER_WASM="${CMAKE_CURRENT_BINARY_DIR}/backend/lower.wasm")
set_tests_properties(unit-backend-test_lower PROPERTIES
  ENVIRONMENT "ASAN_OPTIONS=handle_segv=1:allow_user_segv_handler=1:use_sigaltstack=1")
