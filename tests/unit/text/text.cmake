# tests/unit/text: the text reader's lexer, literals and tree.  The corpus
# test reads the staged spec testsuites beside the source tree.
target_compile_definitions(text_test_spec_text PRIVATE
  NACRE_CONFORMANCE_DIR="${CMAKE_SOURCE_DIR}/../shared/conformance")
target_compile_definitions(text_test_spec_wat PRIVATE
  NACRE_CONFORMANCE_DIR="${CMAKE_SOURCE_DIR}/../shared/conformance")
target_include_directories(text_test_spec_wat PRIVATE ${NACRE_JANSSON_INCLUDE})
target_link_libraries(text_test_spec_wat PRIVATE ${NACRE_JANSSON})
# wast2json (wabt) converts each script for comparison
set_tests_properties(unit-text-test_spec_wat PROPERTIES TIMEOUT 1800)
