# tests/unit/text: the text reader's lexer, literals and tree.  The corpus
# test reads the staged spec testsuites beside the source tree.
target_compile_definitions(text_test_spec_text PRIVATE
  NACRE_CONFORMANCE_DIR="${CMAKE_SOURCE_DIR}/../shared/conformance")
