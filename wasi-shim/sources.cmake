# wasi-shim/sources.cmake: the shim's sources but start.c (a standalone
# executable's startup), by absolute path: the embedding library
# (runtime-lib/) builds them in for nacre_wasi.h, and the executables'
# libnacre_wasi.a (wasi-shim/) with start.c.
set(NACRE_WASI_SHIM_SOURCES bind.c fdtable.c errno.c grants.c args.c fd.c path.c resolve.c poll.c sock.c clock.c
  stream.c embed.c)
list(TRANSFORM NACRE_WASI_SHIM_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
set(NACRE_WASI_SHIM_SOURCES ${NACRE_WASI_SHIM_SOURCES} CACHE INTERNAL "the WASI shim but start.c")
