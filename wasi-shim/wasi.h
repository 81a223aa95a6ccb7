/* wasi-shim/wasi.h: what every WASI version of the shim shares, written
 * on the runtime's OS layer (runtime-lib/sys/sys.h) and its embedding API
 * (nacre.h), so that it runs on raw system calls in a standalone
 * executable and on libc in an embedding.  Each version's calls are in
 * its own folder: p1/ is preview1 (`wasi_snapshot_preview1`, p1/p1.h).
 *
 * A program has no ambient authority: it sees the standard streams, the
 * directories it was granted (preopens, fds 3, 4, ...), the environment
 * it was granted and its arguments.  Every descriptor carries rights,
 * checked on every call; paths resolve strictly beneath the directory
 * descriptor they are given (resolve.c).
 *
 * fdtable.c holds the descriptors and the grants; resolve.c opens paths
 * beneath a directory; stream.c is a standard stream in the host's
 * memory; errno.c maps Linux errors; grants.c reads an executable's
 * grants from its build note.  Nothing here is global: all a program's
 * state is its WasiCtx, so programs may run on several threads at once.
 */
#ifndef NACRE_WASI_H
#define NACRE_WASI_H

#include "nacre.h"
#include "../runtime-lib/sys/sys.h"

/* WASI errno values (preview1 `errno`), the ones the shim names. */
enum {
	WASI_ESUCCESS = 0, WASI_E2BIG = 1, WASI_EACCES = 2, WASI_EAGAIN = 6, WASI_EBADF = 8,
	WASI_EEXIST = 20, WASI_EFAULT = 21, WASI_EINTR = 27, WASI_EINVAL = 28, WASI_EIO = 29,
	WASI_EISDIR = 31, WASI_ELOOP = 32, WASI_EMFILE = 33, WASI_ENAMETOOLONG = 37, WASI_ENOENT = 44,
	WASI_ENOMEM = 48, WASI_ENOSPC = 51, WASI_ENOSYS = 52, WASI_ENOTDIR = 54, WASI_ENOTEMPTY = 55,
	WASI_ENOTSOCK = 57, WASI_ENOTSUP = 58, WASI_EPERM = 63, WASI_EPIPE = 64, WASI_ESPIPE = 70,
	WASI_EXDEV = 75, WASI_ENOTCAPABLE = 76,
};

/* File types (preview1 `filetype`). */
enum {
	WASI_FILETYPE_UNKNOWN = 0, WASI_FILETYPE_BLOCK_DEVICE = 1, WASI_FILETYPE_CHARACTER_DEVICE = 2,
	WASI_FILETYPE_DIRECTORY = 3, WASI_FILETYPE_REGULAR_FILE = 4, WASI_FILETYPE_SOCKET_DGRAM = 5,
	WASI_FILETYPE_SOCKET_STREAM = 6, WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

/* Rights (preview1 `rights`), by bit. */
#define WASI_RIGHT(n) ((uint64_t)1 << (n))
enum {
	WASI_R_FD_DATASYNC = 0, WASI_R_FD_READ, WASI_R_FD_SEEK, WASI_R_FD_FDSTAT_SET_FLAGS, WASI_R_FD_SYNC,
	WASI_R_FD_TELL, WASI_R_FD_WRITE, WASI_R_FD_ADVISE, WASI_R_FD_ALLOCATE, WASI_R_PATH_CREATE_DIRECTORY,
	WASI_R_PATH_CREATE_FILE, WASI_R_PATH_LINK_SOURCE, WASI_R_PATH_LINK_TARGET, WASI_R_PATH_OPEN,
	WASI_R_FD_READDIR, WASI_R_PATH_READLINK, WASI_R_PATH_RENAME_SOURCE, WASI_R_PATH_RENAME_TARGET,
	WASI_R_PATH_FILESTAT_GET, WASI_R_PATH_FILESTAT_SET_SIZE, WASI_R_PATH_FILESTAT_SET_TIMES,
	WASI_R_FD_FILESTAT_GET, WASI_R_FD_FILESTAT_SET_SIZE, WASI_R_FD_FILESTAT_SET_TIMES, WASI_R_PATH_SYMLINK,
	WASI_R_PATH_REMOVE_DIRECTORY, WASI_R_PATH_UNLINK_FILE, WASI_R_POLL_FD_READWRITE, WASI_R_SOCK_SHUTDOWN,
	WASI_R_SOCK_ACCEPT, WASI_R_COUNT,
};
#define WASI_RIGHTS_ALL (WASI_RIGHT(WASI_R_COUNT) - 1)

/* fdflags */
enum { WASI_FD_APPEND = 1, WASI_FD_DSYNC = 2, WASI_FD_NONBLOCK = 4, WASI_FD_RSYNC = 8, WASI_FD_SYNC = 16 };

typedef struct WasiBinding WasiBinding;

/* A standard stream in the host's memory (stream.c): stdin's bytes, read
 * from pos on, or what the program wrote to stdout or stderr. */
typedef struct WasiStream {
	uint8_t *data;               /* owned */
	size_t len, cap, pos;
	size_t max;                  /* output: at most this many bytes kept; 0: no limit */
	bool input;
} WasiStream;

/* WasiFd.host when it is no host descriptor. */
enum { WASI_HOST_FREE = -1, WASI_HOST_STREAM = -2 };

/* One guest descriptor. */
typedef struct WasiFd {
	int host;                    /* the host descriptor; WASI_HOST_FREE: a free slot */
	uint8_t type;                /* WASI_FILETYPE_* */
	bool shared;                 /* a standard stream: closing it leaves the host's open */
	uint64_t base, inheriting;   /* rights */
	char *preopen;               /* a preopened directory's guest path (owned), else NULL */
	WasiStream *stream;          /* host is WASI_HOST_STREAM: one of the context's streams */
} WasiFd;

/* What one program's WASI calls see. */
typedef struct WasiCtx {
	int argc;
	char **argv;
	int envc;
	char **envp;                 /* owned: the granted variables, NAME=VALUE */
	NacreStore *store;           /* where the imports were bound (proc_exit ends its call) */
	NacreMemory *memory;         /* the "memory" export, once instantiated */
	WasiFd *fds;                 /* the descriptor table (owned) */
	uint32_t nfds;
	WasiBinding *bindings;       /* preview1: one per call of WASI_CALLS, once bound (owned) */
	WasiStream streams[3];       /* the standard streams kept in memory, if any */
	bool embedded;               /* in a host's process: signals stay out of it */
} WasiCtx;

/* ---- fdtable.c */
/* A context with the process's standard streams 0-2 and the arguments
 * (borrowed). */
bool wasi_ctx_init(WasiCtx *w, int argc, char **argv);
/* The same with no standard streams open. */
bool wasi_ctx_init_bare(WasiCtx *w, int argc, char **argv);
/* Makes standard stream fd (0-2) host descriptor host (borrowed), a
 * memory stream (wasi_ctx_streams), or closed (host -1). */
bool wasi_ctx_stdio(WasiCtx *w, int fd, int host);
bool wasi_ctx_stdio_stream(WasiCtx *w, int fd);
void wasi_ctx_free(WasiCtx *w);
/* Grants host directory `host` (opened now) as `guest`; read_only keeps
 * every right that changes the file system from it and all it opens. */
NacreStatus wasi_ctx_preopen(WasiCtx *w, const char *host, const char *guest, bool read_only, NacreError *err);
/* Adds NAME=VALUE to the environment the program sees. */
bool wasi_ctx_env(WasiCtx *w, const char *name, size_t name_len, const char *value);
/* The open descriptor fd if it holds every right in `rights`: else EBADF
 * (not open) or ENOTCAPABLE. */
uint32_t wasi_fd_lookup(WasiCtx *w, int32_t fd, uint64_t rights, WasiFd **out);
/* The same for a descriptor that must be of type types[0] or types[1]:
 * `wrong` (ENOTDIR, ENOTSOCK) for any other, before its rights count. */
uint32_t wasi_fd_lookup_as(WasiCtx *w, int32_t fd, uint64_t rights, const uint8_t types[2], uint32_t wrong,
                           WasiFd **out);
/* Closes f (a standard stream's host descriptor stays open) and frees
 * its slot. */
void wasi_fd_release(WasiFd *f);
/* Takes host descriptor `host` into the lowest free slot; closes it and
 * says EMFILE or ENOMEM if there is none. */
uint32_t wasi_fd_insert(WasiCtx *w, int host, uint8_t type, uint64_t base, uint64_t inheriting, uint32_t *fd);
/* Opens path beneath host directory root (resolve.c) with RT_SYS_O_*
 * flags and takes the result into the table: base cut to what its type
 * can have at all (base and inheriting cut to the directory's already). */
uint32_t wasi_fd_open_at(WasiCtx *w, int root, const char *path, uint32_t flags, uint64_t base, uint64_t inheriting,
                         uint32_t *fd);
/* The WASI file type of a host descriptor, from its stat mode. */
uint8_t wasi_filetype(int host, uint32_t mode);
/* The rights a descriptor of a type can have at all. */
uint64_t wasi_rights_for(uint8_t type);

/* ---- grants.c */
/* Applies the grants recorded in an executable's build note (nacre/note.h)
 * to w: its preopens, in order, and its environment (host_envp gives the
 * values of pass-through variables). */
NacreStatus wasi_grants_apply(WasiCtx *w, const uint8_t *note, char **host_envp, NacreError *err);
/* The Wasm stack's size in bytes its build recorded; 0 for none. */
size_t wasi_grants_stack_size(const uint8_t *note);
/* The bytes its memory may hold (--max-memory); 0 for no limit. */
uint64_t wasi_grants_max_memory(const uint8_t *note);
uint64_t wasi_grants_max_exceptions(const uint8_t *note);
/* A decimal record of the note (timeout, fuel) up to max; false if none. */
bool wasi_grants_number(const uint8_t *note, const char *key, uint64_t max, uint64_t *out);

/* ---- stream.c */
/* Reads from or writes to a memory stream what the iovecs hold, as
 * readv and writev would: the number of bytes moved, or a WASI errno
 * (negated).  Output past the stream's limit is ENOSPC. */
long wasi_stream_transfer(WasiStream *s, const RtSysIovec *iov, int n, bool write);
/* Bytes an input stream has left to read. */
size_t wasi_stream_left(const WasiStream *s);
/* Starts s afresh: input holds a copy of data[0..len), output is empty
 * and keeps at most max bytes (0: no limit). */
bool wasi_stream_reset(WasiStream *s, bool input, const void *data, size_t len, size_t max);
void wasi_stream_free(WasiStream *s);

/* ---- errno.c */
/* A Linux errno (positive) as a WASI errno. */
uint32_t wasi_errno(long linux_errno);
/* A negative Linux result as a WASI errno: r < 0 ? wasi_errno(-r) : 0. */
uint32_t wasi_result(long r);

#endif
