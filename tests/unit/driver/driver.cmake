# tests/unit/driver: the driver's self-contained pieces (SHA-256, now in
# nacre_ir, and the .note.nacre encoder and decoder); the backend is
# linked for its headers, which driver.h includes.
target_sources(driver_test_note PRIVATE ${CMAKE_SOURCE_DIR}/driver/note.c)
target_link_libraries(driver_test_sha256 PRIVATE nacre_backend)
target_link_libraries(driver_test_note PRIVATE nacre_backend)
