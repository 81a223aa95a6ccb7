/* wasi-shim/wasi.h: WASI preview1 (`wasi_snapshot_preview1`) for compiled
 * modules, written on the runtime's OS layer (runtime-lib/sys/sys.h) and
 * its embedding API (nacre.h), so that it runs on raw system calls in a
 * standalone executable and on libc in an embedding.  bind.c binds a
 * module's WASI imports; args.c, fd.c and clock.c implement the calls;
 * start.c is a standalone executable's startup.
 */
#ifndef NACRE_WASI_H
#define NACRE_WASI_H

#include "nacre.h"

/* WASI errno values (preview1 `errno`). */
enum {
	WASI_ESUCCESS = 0, WASI_EAGAIN = 6, WASI_EBADF = 8, WASI_EFAULT = 21, WASI_EINTR = 27,
	WASI_EINVAL = 28, WASI_EIO = 29, WASI_ENOSPC = 51, WASI_ENOSYS = 52, WASI_EPIPE = 64,
};

typedef struct WasiBinding WasiBinding;

/* What one program's WASI calls see: its arguments and environment (what
 * was granted: for now always empty), its memory, its standard streams. */
typedef struct WasiCtx {
	int argc;
	char **argv;
	int envc;
	char **envp;
	NacreMemory *memory;         /* the "memory" export, once instantiated */
	bool closed[3];              /* fd_close on a standard stream */
	WasiBinding *bindings;       /* one per import (owned) */
} WasiCtx;

/* ---- bind.c */
/* Makes imports[0..desc->nimports) for a module whose imports are all
 * WASI preview1 functions: implemented ones and, for the rest of the
 * preview1 set, stubs that return ENOSYS.  NACRE_UNLINKABLE for any other
 * import or a wrong type. */
NacreStatus wasi_bind(WasiCtx *w, NacreStore *s, const NacreModuleDesc *desc, NacreExtern *imports,
                      NacreError *err);
void wasi_ctx_free(WasiCtx *w);
/* Memory [ptr, ptr+len) of the program, or NULL if out of bounds. */
uint8_t *wasi_span(WasiCtx *w, uint32_t ptr, uint64_t len);
void wasi_put_u32(uint8_t *p, uint32_t v);
void wasi_put_u64(uint8_t *p, uint64_t v);

/* ---- args.c, fd.c, clock.c: each takes the call's arguments and returns
 * its errno. */
uint32_t wasi_args_sizes_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_args_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_environ_sizes_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_environ_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_fd_write(WasiCtx *w, const NacreValue *a);
uint32_t wasi_fd_close(WasiCtx *w, const NacreValue *a);
uint32_t wasi_fd_fdstat_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_fd_prestat_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_clock_time_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_clock_res_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_random_get(WasiCtx *w, const NacreValue *a);
uint32_t wasi_proc_exit(WasiCtx *w, const NacreValue *a);
/* A Linux errno (positive) as a WASI errno. */
uint32_t wasi_errno(long linux_errno);

#endif
