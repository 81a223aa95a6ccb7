# tests/unit/frontend: the plan test reads the staged components beside
# the source tree.
target_compile_definitions(frontend_test_component_plan PRIVATE
  NACRE_CONFORMANCE_DIR="${CMAKE_SOURCE_DIR}/../shared/conformance")
