/* wasi-shim/p1/calls.h: the one list of the WASI preview1 functions the
 * shim provides, with no dependencies, so that the compiler (nacre build
 * refuses an executable whose imports the shim cannot satisfy) and the
 * shim (bind.c) read the same table. */
#ifndef NACRE_WASI_CALLS_H
#define NACRE_WASI_CALLS_H

#define WASI_MODULE_NAME "wasi_snapshot_preview1"

/* The calls of preview1: each name with its core type
 * (parameters, 'i' i32 and 'I' i64, then ':' and the result, if any),
 * which bind.c checks imports against.  Each takes the call's arguments
 * and returns its errno (proc_exit does not return). */
#define WASI_CALLS(X) \
	X(args_get, "ii:i") \
	X(args_sizes_get, "ii:i") \
	X(environ_get, "ii:i") \
	X(environ_sizes_get, "ii:i") \
	X(clock_res_get, "ii:i") \
	X(clock_time_get, "iIi:i") \
	X(fd_advise, "iIIi:i") \
	X(fd_allocate, "iII:i") \
	X(fd_close, "i:i") \
	X(fd_datasync, "i:i") \
	X(fd_fdstat_get, "ii:i") \
	X(fd_fdstat_set_flags, "ii:i") \
	X(fd_fdstat_set_rights, "iII:i") \
	X(fd_filestat_get, "ii:i") \
	X(fd_filestat_set_size, "iI:i") \
	X(fd_filestat_set_times, "iIIi:i") \
	X(fd_pread, "iiiIi:i") \
	X(fd_prestat_get, "ii:i") \
	X(fd_prestat_dir_name, "iii:i") \
	X(fd_pwrite, "iiiIi:i") \
	X(fd_read, "iiii:i") \
	X(fd_readdir, "iiiIi:i") \
	X(fd_renumber, "ii:i") \
	X(fd_seek, "iIii:i") \
	X(fd_sync, "i:i") \
	X(fd_tell, "ii:i") \
	X(fd_write, "iiii:i") \
	X(path_create_directory, "iii:i") \
	X(path_filestat_get, "iiiii:i") \
	X(path_filestat_set_times, "iiiiIIi:i") \
	X(path_link, "iiiiiii:i") \
	X(path_open, "iiiiiIIii:i") \
	X(path_readlink, "iiiiii:i") \
	X(path_remove_directory, "iii:i") \
	X(path_rename, "iiiiii:i") \
	X(path_symlink, "iiiii:i") \
	X(path_unlink_file, "iii:i") \
	X(poll_oneoff, "iiii:i") \
	X(proc_exit, "i:") \
	X(proc_raise, "i:i") \
	X(sched_yield, ":i") \
	X(random_get, "ii:i") \
	X(sock_accept, "iii:i") \
	X(sock_recv, "iiiiii:i") \
	X(sock_send, "iiiii:i") \
	X(sock_shutdown, "ii:i")
#endif
