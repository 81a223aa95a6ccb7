# cmake/Testing.cmake: how the tests share the machine.  scripts/test runs
# ctest with a job per CPU, so single-threaded tests (most of them: one
# nacre or one qemu at a time) run side by side.  A test that keeps every
# CPU busy by itself (a runner forking a job per CPU, libFuzzer -fork, a
# parallel build, a pool of worker threads) says so here and then runs
# alone: ctest counts it as taking every slot.
include(ProcessorCount)
ProcessorCount(NACRE_TEST_CPUS)
if(NACRE_TEST_CPUS LESS 1)
  set(NACRE_TEST_CPUS 1)
endif()

# nacre_tests_use_all_cpus(TEST...): tests of the calling directory (CMake
# sets test properties only there) that use every CPU themselves.
function(nacre_tests_use_all_cpus)
  set_tests_properties(${ARGN} PROPERTIES PROCESSORS ${NACRE_TEST_CPUS})
endfunction()
