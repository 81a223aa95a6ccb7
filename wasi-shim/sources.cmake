# wasi-shim/sources.cmake: the shim's sources but p1/start.c (a standalone
# executable's startup), by absolute path: the embedding library
# (runtime-lib/) builds them in for nacre_wasi.h, and the executables'
# libnacre_wasi.a (wasi-shim/) with p1/start.c.  What every WASI version
# shares is at the top; each version's calls are in its folder.
set(NACRE_WASI_SHIM_SOURCES fdtable.c errno.c grants.c resolve.c stream.c
  p1/bind.c p1/table.c p1/args.c p1/fd.c p1/path.c p1/poll.c p1/sock.c p1/clock.c p1/embed.c)
list(TRANSFORM NACRE_WASI_SHIM_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
set(NACRE_WASI_SHIM_SOURCES ${NACRE_WASI_SHIM_SOURCES} CACHE INTERNAL "the WASI shim but p1/start.c")
