/* wasi-shim/p2/calls.h: the WASI 0.2 functions and host resources a
 * component executable gets, one row each, by interface (without its
 * version: any 0.2.x binds) and name.  The WASI 0.2 world
 * (backend/world/wasi_p2.c) refuses at build time a component that lowers
 * anything else; the start-up (bind.c) binds each row's C function, which
 * works on canonical ABI host values (runtime-lib/canon/). */
#ifndef NACRE_WASI_P2_CALLS_H
#define NACRE_WASI_P2_CALLS_H

#include "../../runtime-lib/include/nacre/canon.h"

/* Each row: interface, name, the C function, and the function's type as
 * a canonical ABI descriptor (nacre/canon.h) in which a resource is the
 * row number in WASI_P2_RESOURCES: a component's own lowering must have
 * exactly this type (shape.c), or the host would read its values as
 * something else. */
#define P2_V NACRE_CANON_VERSION, NACRE_CANON_FUNC
#define P2_STREAM_ERROR NACRE_CANON_VARIANT, 2, 1, NACRE_CANON_OWN, 1, 0
#define WASI_P2_FUNCS(X) \
	X("wasi:cli/stdout", "get-stdout", p2_get_stdout, P2_V, 0, 1, NACRE_CANON_OWN, 0) \
	X("wasi:cli/stderr", "get-stderr", p2_get_stderr, P2_V, 0, 1, NACRE_CANON_OWN, 0) \
	X("wasi:cli/exit", "exit", p2_exit, P2_V, 1, NACRE_CANON_RESULT, 0, 0) \
	X("wasi:cli/environment", "get-arguments", p2_get_arguments, P2_V, 0, 1, NACRE_CANON_LIST, NACRE_CANON_STRING) \
	X("wasi:cli/environment", "get-environment", p2_get_environment, P2_V, 0, 1, NACRE_CANON_LIST, \
	  NACRE_CANON_TUPLE, 2, NACRE_CANON_STRING, NACRE_CANON_STRING) \
	X("wasi:io/streams", "[method]output-stream.check-write", p2_check_write, P2_V, 1, NACRE_CANON_BORROW, 0, 1, \
	  NACRE_CANON_RESULT, 3, NACRE_CANON_U64, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]output-stream.write", p2_write, P2_V, 2, NACRE_CANON_BORROW, 0, \
	  NACRE_CANON_LIST, NACRE_CANON_U8, 1, NACRE_CANON_RESULT, 2, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]output-stream.blocking-write-and-flush", p2_write, P2_V, 2, NACRE_CANON_BORROW, 0, \
	  NACRE_CANON_LIST, NACRE_CANON_U8, 1, NACRE_CANON_RESULT, 2, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]output-stream.flush", p2_flush, P2_V, 1, NACRE_CANON_BORROW, 0, 1, \
	  NACRE_CANON_RESULT, 2, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]output-stream.blocking-flush", p2_flush, P2_V, 1, NACRE_CANON_BORROW, 0, 1, \
	  NACRE_CANON_RESULT, 2, P2_STREAM_ERROR)

/* Host resources, by row number (what the types above name): what a
 * handle of each stands for is the host's rep. */
#define WASI_P2_RESOURCES(X) \
	X("wasi:io/streams", "output-stream") \
	X("wasi:io/error", "error")

/* The version an interface name must carry: 0.2.x. */
#define WASI_P2_VERSION "@0.2."

#endif
