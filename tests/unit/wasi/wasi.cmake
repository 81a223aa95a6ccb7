# tests/unit/wasi: the WASI shim's pieces that decide what a program may
# reach, tested directly on the libc build of the shim.
target_link_libraries(wasi_test_resolve PRIVATE nacre_wasi)
target_link_libraries(wasi_test_grants PRIVATE nacre_wasi)
