/* wasi-shim/p1/p1.h: WASI preview1 (`wasi_snapshot_preview1`) on the
 * shared shim (../wasi.h).  bind.c binds a module's imports and reaches
 * its memory; table.c holds the calls on the descriptor table itself;
 * fd.c, path.c, poll.c, sock.c, args.c and clock.c implement the other
 * calls; start.c is a standalone executable's startup, embed.c the
 * embedding API (nacre_wasi.h).
 */
#ifndef NACRE_WASI_P1_H
#define NACRE_WASI_P1_H

#include "../wasi.h"

/* ---- bind.c */
/* Makes imports[i] for every WASI preview1 import i of the module, in
 * store s; the others are an error (NACRE_UNLINKABLE) unless `others`,
 * when they are left as they are.  A WASI import of an unknown name or
 * a wrong type is NACRE_UNLINKABLE.  The store must be the one of any
 * earlier binding of w. */
NacreStatus wasi_bind(WasiCtx *w, NacreStore *s, const NacreModuleDesc *desc, NacreExtern *imports, bool others,
                      NacreError *err);
/* Memory [ptr, ptr+len) of the program, or NULL if out of bounds. */
uint8_t *wasi_span(WasiCtx *w, uint32_t ptr, uint64_t len);
void wasi_put_u16(uint8_t *p, uint16_t v);
void wasi_put_u32(uint8_t *p, uint32_t v);
void wasi_put_u64(uint8_t *p, uint64_t v);
uint32_t wasi_get_u32(const uint8_t *p);
uint64_t wasi_get_u64(const uint8_t *p);

/* ---- fd.c */
/* Gathers the program's iovec array (iovs, n) into host iovecs, at most
 * `max` of them: EFAULT if any lies outside memory. */
uint32_t wasi_iovecs(WasiCtx *w, uint32_t iovs, uint32_t n, RtSysIovec *out, int max, int *count);
/* Writes a filestat record for st at guest address ptr. */
uint32_t wasi_filestat_put(WasiCtx *w, uint32_t ptr, const RtSysStat *st);
/* Converts set-times flags (ATIM 1, ATIM_NOW 2, MTIM 4, MTIM_NOW 8) to
 * the OS layer's: EINVAL if a time is both given and "now". */
uint32_t wasi_times(uint32_t fst_flags, uint64_t atim, uint64_t mtim, uint64_t ns[2], int how[2]);

/* ---- The calls (calls.h): one function each. */
#include "calls.h"
#define WASI_DECLARE(name, sig) uint32_t wasi_##name(WasiCtx *w, const NacreValue *a);
WASI_CALLS(WASI_DECLARE)
#undef WASI_DECLARE

#endif
