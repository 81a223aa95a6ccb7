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
/* Host resources' row numbers in WASI_P2_RESOURCES. */
#define P2_OUT 0
#define P2_ERROR 1
#define P2_IN 2
#define P2_DESC 3
#define P2_DIRS 4
#define P2_TIN 5
#define P2_TOUT 6
#define P2_POLL 7
#define P2_STREAM_ERROR NACRE_CANON_VARIANT, 2, 1, NACRE_CANON_OWN, P2_ERROR, 0
#define P2_BYTES NACRE_CANON_LIST, NACRE_CANON_U8
/* wasi:filesystem/types: error-code (37 cases), descriptor-type (8). */
#define P2_ERRCODE NACRE_CANON_ENUM, 37
#define P2_DTYPE NACRE_CANON_ENUM, 8
#define P2_DATETIME NACRE_CANON_RECORD, 2, NACRE_CANON_U64, NACRE_CANON_U32
#define P2_FS_VOID NACRE_CANON_RESULT, 2, P2_ERRCODE
#define P2_FS(...) NACRE_CANON_RESULT, 3, __VA_ARGS__, P2_ERRCODE
#define P2_DESC_SELF NACRE_CANON_BORROW, P2_DESC
/* new-timestamp: variant { no-change, now, timestamp(datetime) }. */
#define P2_NEW_TIME NACRE_CANON_VARIANT, 3, 0, 0, 1, P2_DATETIME
#define P2_HASH NACRE_CANON_RECORD, 2, NACRE_CANON_U64, NACRE_CANON_U64
#define P2_STAT NACRE_CANON_RECORD, 6, P2_DTYPE, NACRE_CANON_U64, NACRE_CANON_U64, NACRE_CANON_OPTION, P2_DATETIME, \
	NACRE_CANON_OPTION, P2_DATETIME, NACRE_CANON_OPTION, P2_DATETIME
#define P2_STREAM_U64 NACRE_CANON_RESULT, 3, NACRE_CANON_U64, P2_STREAM_ERROR
#define P2_STREAM_VOID NACRE_CANON_RESULT, 2, P2_STREAM_ERROR
#define WASI_P2_FUNCS(X) \
	X("wasi:cli/stdout", "get-stdout", p2_get_stdout, P2_V, 0, 1, NACRE_CANON_OWN, P2_OUT) \
	X("wasi:cli/stderr", "get-stderr", p2_get_stderr, P2_V, 0, 1, NACRE_CANON_OWN, P2_OUT) \
	X("wasi:cli/stdin", "get-stdin", p2_get_stdin, P2_V, 0, 1, NACRE_CANON_OWN, P2_IN) \
	X("wasi:cli/exit", "exit", p2_exit, P2_V, 1, NACRE_CANON_RESULT, 0, 0) \
	X("wasi:cli/exit", "exit-with-code", p2_exit_with_code, P2_V, 1, NACRE_CANON_U8, 0) \
	X("wasi:cli/environment", "get-arguments", p2_get_arguments, P2_V, 0, 1, NACRE_CANON_LIST, NACRE_CANON_STRING) \
	X("wasi:cli/environment", "get-environment", p2_get_environment, P2_V, 0, 1, NACRE_CANON_LIST, \
	  NACRE_CANON_TUPLE, 2, NACRE_CANON_STRING, NACRE_CANON_STRING) \
	X("wasi:cli/terminal-stdin", "get-terminal-stdin", p2_get_terminal_stdin, P2_V, 0, 1, NACRE_CANON_OPTION, \
	  NACRE_CANON_OWN, P2_TIN) \
	X("wasi:cli/terminal-stdout", "get-terminal-stdout", p2_get_terminal_stdout, P2_V, 0, 1, NACRE_CANON_OPTION, \
	  NACRE_CANON_OWN, P2_TOUT) \
	X("wasi:cli/terminal-stderr", "get-terminal-stderr", p2_get_terminal_stderr, P2_V, 0, 1, NACRE_CANON_OPTION, \
	  NACRE_CANON_OWN, P2_TOUT) \
	X("wasi:io/streams", "[method]output-stream.check-write", p2_check_write, P2_V, 1, NACRE_CANON_BORROW, P2_OUT, 1, \
	  NACRE_CANON_RESULT, 3, NACRE_CANON_U64, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]output-stream.write", p2_write, P2_V, 2, NACRE_CANON_BORROW, P2_OUT, P2_BYTES, 1, \
	  NACRE_CANON_RESULT, 2, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]output-stream.blocking-write-and-flush", p2_write, P2_V, 2, NACRE_CANON_BORROW, \
	  P2_OUT, P2_BYTES, 1, NACRE_CANON_RESULT, 2, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]output-stream.flush", p2_flush, P2_V, 1, NACRE_CANON_BORROW, P2_OUT, 1, \
	  NACRE_CANON_RESULT, 2, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]output-stream.blocking-flush", p2_flush, P2_V, 1, NACRE_CANON_BORROW, P2_OUT, 1, \
	  NACRE_CANON_RESULT, 2, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]input-stream.read", p2_read, P2_V, 2, NACRE_CANON_BORROW, P2_IN, NACRE_CANON_U64, 1, \
	  NACRE_CANON_RESULT, 3, P2_BYTES, P2_STREAM_ERROR) \
	X("wasi:io/streams", "[method]input-stream.blocking-read", p2_read, P2_V, 2, NACRE_CANON_BORROW, P2_IN, \
	  NACRE_CANON_U64, 1, NACRE_CANON_RESULT, 3, P2_BYTES, P2_STREAM_ERROR) \
	X("wasi:io/error", "[method]error.to-debug-string", p2_error_text, P2_V, 1, NACRE_CANON_BORROW, P2_ERROR, 1, \
	  NACRE_CANON_STRING) \
	X("wasi:clocks/wall-clock", "now", p2_wall_now, P2_V, 0, 1, P2_DATETIME) \
	X("wasi:clocks/wall-clock", "resolution", p2_wall_resolution, P2_V, 0, 1, P2_DATETIME) \
	X("wasi:clocks/monotonic-clock", "now", p2_monotonic_now, P2_V, 0, 1, NACRE_CANON_U64) \
	X("wasi:clocks/monotonic-clock", "resolution", p2_monotonic_resolution, P2_V, 0, 1, NACRE_CANON_U64) \
	X("wasi:random/random", "get-random-bytes", p2_random_bytes, P2_V, 1, NACRE_CANON_U64, 1, P2_BYTES) \
	X("wasi:random/random", "get-random-u64", p2_random_u64, P2_V, 0, 1, NACRE_CANON_U64) \
	X("wasi:random/insecure", "get-insecure-random-bytes", p2_random_bytes, P2_V, 1, NACRE_CANON_U64, 1, P2_BYTES) \
	X("wasi:random/insecure", "get-insecure-random-u64", p2_random_u64, P2_V, 0, 1, NACRE_CANON_U64) \
	X("wasi:random/insecure-seed", "insecure-seed", p2_insecure_seed, P2_V, 0, 1, NACRE_CANON_TUPLE, 2, \
	  NACRE_CANON_U64, NACRE_CANON_U64) \
	X("wasi:cli/environment", "initial-cwd", p2_initial_cwd, P2_V, 0, 1, NACRE_CANON_OPTION, NACRE_CANON_STRING) \
	X("wasi:clocks/monotonic-clock", "subscribe-instant", p2_subscribe_instant, P2_V, 1, NACRE_CANON_U64, 1, \
	  NACRE_CANON_OWN, P2_POLL) \
	X("wasi:clocks/monotonic-clock", "subscribe-duration", p2_subscribe_duration, P2_V, 1, NACRE_CANON_U64, 1, \
	  NACRE_CANON_OWN, P2_POLL) \
	X("wasi:io/poll", "poll", p2_poll, P2_V, 1, NACRE_CANON_LIST, NACRE_CANON_BORROW, P2_POLL, 1, NACRE_CANON_LIST, \
	  NACRE_CANON_U32) \
	X("wasi:io/poll", "[method]pollable.ready", p2_pollable_ready, P2_V, 1, NACRE_CANON_BORROW, P2_POLL, 1, \
	  NACRE_CANON_BOOL) \
	X("wasi:io/poll", "[method]pollable.block", p2_pollable_block, P2_V, 1, NACRE_CANON_BORROW, P2_POLL, 0) \
	X("wasi:io/streams", "[method]input-stream.subscribe", p2_input_subscribe, P2_V, 1, NACRE_CANON_BORROW, P2_IN, 1, \
	  NACRE_CANON_OWN, P2_POLL) \
	X("wasi:io/streams", "[method]output-stream.subscribe", p2_output_subscribe, P2_V, 1, NACRE_CANON_BORROW, P2_OUT, \
	  1, NACRE_CANON_OWN, P2_POLL) \
	X("wasi:io/streams", "[method]input-stream.skip", p2_skip, P2_V, 2, NACRE_CANON_BORROW, P2_IN, NACRE_CANON_U64, 1, \
	  P2_STREAM_U64) \
	X("wasi:io/streams", "[method]input-stream.blocking-skip", p2_skip, P2_V, 2, NACRE_CANON_BORROW, P2_IN, \
	  NACRE_CANON_U64, 1, P2_STREAM_U64) \
	X("wasi:io/streams", "[method]output-stream.write-zeroes", p2_write_zeroes, P2_V, 2, NACRE_CANON_BORROW, P2_OUT, \
	  NACRE_CANON_U64, 1, P2_STREAM_VOID) \
	X("wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush", p2_write_zeroes, P2_V, 2, \
	  NACRE_CANON_BORROW, P2_OUT, NACRE_CANON_U64, 1, P2_STREAM_VOID) \
	X("wasi:io/streams", "[method]output-stream.splice", p2_splice, P2_V, 3, NACRE_CANON_BORROW, P2_OUT, \
	  NACRE_CANON_BORROW, P2_IN, NACRE_CANON_U64, 1, P2_STREAM_U64) \
	X("wasi:io/streams", "[method]output-stream.blocking-splice", p2_splice, P2_V, 3, NACRE_CANON_BORROW, P2_OUT, \
	  NACRE_CANON_BORROW, P2_IN, NACRE_CANON_U64, 1, P2_STREAM_U64) \
	X("wasi:filesystem/preopens", "get-directories", p2_get_directories, P2_V, 0, 1, NACRE_CANON_LIST, \
	  NACRE_CANON_TUPLE, 2, NACRE_CANON_OWN, P2_DESC, NACRE_CANON_STRING) \
	X("wasi:filesystem/types", "filesystem-error-code", p2_filesystem_error_code, P2_V, 1, NACRE_CANON_BORROW, \
	  P2_ERROR, 1, NACRE_CANON_OPTION, P2_ERRCODE) \
	X("wasi:filesystem/types", "[method]descriptor.read-via-stream", p2_read_via_stream, P2_V, 2, P2_DESC_SELF, \
	  NACRE_CANON_U64, 1, P2_FS(NACRE_CANON_OWN, P2_IN)) \
	X("wasi:filesystem/types", "[method]descriptor.write-via-stream", p2_write_via_stream, P2_V, 2, P2_DESC_SELF, \
	  NACRE_CANON_U64, 1, P2_FS(NACRE_CANON_OWN, P2_OUT)) \
	X("wasi:filesystem/types", "[method]descriptor.append-via-stream", p2_append_via_stream, P2_V, 1, P2_DESC_SELF, \
	  1, P2_FS(NACRE_CANON_OWN, P2_OUT)) \
	X("wasi:filesystem/types", "[method]descriptor.get-flags", p2_get_flags, P2_V, 1, P2_DESC_SELF, 1, \
	  P2_FS(NACRE_CANON_FLAGS, 6)) \
	X("wasi:filesystem/types", "[method]descriptor.get-type", p2_get_type, P2_V, 1, P2_DESC_SELF, 1, P2_FS(P2_DTYPE)) \
	X("wasi:filesystem/types", "[method]descriptor.stat", p2_stat, P2_V, 1, P2_DESC_SELF, 1, P2_FS(P2_STAT)) \
	X("wasi:filesystem/types", "[method]descriptor.stat-at", p2_stat_at, P2_V, 3, P2_DESC_SELF, NACRE_CANON_FLAGS, 1, \
	  NACRE_CANON_STRING, 1, P2_FS(P2_STAT)) \
	X("wasi:filesystem/types", "[method]descriptor.metadata-hash", p2_metadata_hash, P2_V, 1, P2_DESC_SELF, 1, \
	  P2_FS(P2_HASH)) \
	X("wasi:filesystem/types", "[method]descriptor.metadata-hash-at", p2_metadata_hash_at, P2_V, 3, P2_DESC_SELF, \
	  NACRE_CANON_FLAGS, 1, NACRE_CANON_STRING, 1, P2_FS(P2_HASH)) \
	X("wasi:filesystem/types", "[method]descriptor.open-at", p2_open_at, P2_V, 5, P2_DESC_SELF, NACRE_CANON_FLAGS, 1, \
	  NACRE_CANON_STRING, NACRE_CANON_FLAGS, 4, NACRE_CANON_FLAGS, 6, 1, P2_FS(NACRE_CANON_OWN, P2_DESC)) \
	X("wasi:filesystem/types", "[method]descriptor.create-directory-at", p2_create_directory_at, P2_V, 2, \
	  P2_DESC_SELF, NACRE_CANON_STRING, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.remove-directory-at", p2_remove_directory_at, P2_V, 2, \
	  P2_DESC_SELF, NACRE_CANON_STRING, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.unlink-file-at", p2_unlink_file_at, P2_V, 2, P2_DESC_SELF, \
	  NACRE_CANON_STRING, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.rename-at", p2_rename_at, P2_V, 4, P2_DESC_SELF, \
	  NACRE_CANON_STRING, P2_DESC_SELF, NACRE_CANON_STRING, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.link-at", p2_link_at, P2_V, 5, P2_DESC_SELF, NACRE_CANON_FLAGS, 1, \
	  NACRE_CANON_STRING, P2_DESC_SELF, NACRE_CANON_STRING, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.symlink-at", p2_symlink_at, P2_V, 3, P2_DESC_SELF, \
	  NACRE_CANON_STRING, NACRE_CANON_STRING, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.readlink-at", p2_readlink_at, P2_V, 2, P2_DESC_SELF, \
	  NACRE_CANON_STRING, 1, P2_FS(NACRE_CANON_STRING)) \
	X("wasi:filesystem/types", "[method]descriptor.set-times-at", p2_set_times_at, P2_V, 5, P2_DESC_SELF, \
	  NACRE_CANON_FLAGS, 1, NACRE_CANON_STRING, P2_NEW_TIME, P2_NEW_TIME, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.set-times", p2_set_times, P2_V, 3, P2_DESC_SELF, P2_NEW_TIME, \
	  P2_NEW_TIME, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.read", p2_file_read, P2_V, 3, P2_DESC_SELF, NACRE_CANON_U64, \
	  NACRE_CANON_U64, 1, P2_FS(NACRE_CANON_TUPLE, 2, P2_BYTES, NACRE_CANON_BOOL)) \
	X("wasi:filesystem/types", "[method]descriptor.write", p2_file_write, P2_V, 3, P2_DESC_SELF, P2_BYTES, \
	  NACRE_CANON_U64, 1, P2_FS(NACRE_CANON_U64)) \
	X("wasi:filesystem/types", "[method]descriptor.set-size", p2_set_size, P2_V, 2, P2_DESC_SELF, NACRE_CANON_U64, 1, \
	  P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.sync", p2_sync, P2_V, 1, P2_DESC_SELF, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.sync-data", p2_sync_data, P2_V, 1, P2_DESC_SELF, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.advise", p2_advise, P2_V, 4, P2_DESC_SELF, NACRE_CANON_U64, \
	  NACRE_CANON_U64, NACRE_CANON_ENUM, 6, 1, P2_FS_VOID) \
	X("wasi:filesystem/types", "[method]descriptor.is-same-object", p2_is_same_object, P2_V, 2, P2_DESC_SELF, \
	  P2_DESC_SELF, 1, NACRE_CANON_BOOL) \
	X("wasi:filesystem/types", "[method]descriptor.read-directory", p2_read_directory, P2_V, 1, P2_DESC_SELF, 1, \
	  P2_FS(NACRE_CANON_OWN, P2_DIRS)) \
	X("wasi:filesystem/types", "[method]directory-entry-stream.read-directory-entry", p2_read_directory_entry, P2_V, \
	  1, NACRE_CANON_BORROW, P2_DIRS, 1, \
	  P2_FS(NACRE_CANON_OPTION, NACRE_CANON_RECORD, 2, P2_DTYPE, NACRE_CANON_STRING))

/* Host resources, by row number (what the types above name): what a
 * handle of each stands for is the host's rep. */
#define WASI_P2_RESOURCES(X) \
	X("wasi:io/streams", "output-stream") \
	X("wasi:io/error", "error") \
	X("wasi:io/streams", "input-stream") \
	X("wasi:filesystem/types", "descriptor") \
	X("wasi:filesystem/types", "directory-entry-stream") \
	X("wasi:cli/terminal-input", "terminal-input") \
	X("wasi:cli/terminal-output", "terminal-output") \
	X("wasi:io/poll", "pollable")

/* The version an interface name must carry: 0.2.x. */
#define WASI_P2_VERSION "@0.2."

#endif
