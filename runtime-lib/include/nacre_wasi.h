/* nacre_wasi.h: WASI preview1 (`wasi_snapshot_preview1`) for a program
 * that embeds nacre (nacre.h), so that it can run plugins built with
 * wasi-libc.  It is the same code as a standalone executable's WASI, with
 * the same capability checks: a plugin sees only what its NacreWasi
 * grants it, its arguments, its environment, its preopened directories
 * (paths resolve strictly beneath them: no "..", absolute path or symlink
 * leads out) and the three standard streams as the host chose them.
 *
 * A NacreWasi holds one plugin's WASI state: use one per instance (and
 * its store), from one thread at a time.  Several may live in one process
 * and run on different threads at once: they share nothing.  It must
 * outlive every call into the instances bound to it.
 *
 *   NacreWasi *w = nacre_wasi_new();
 *   nacre_wasi_set_args(w, 2, (const char *[]){ "plugin", "-v" }, &err);
 *   nacre_wasi_preopen(w, "/srv/data", "/data", false, &err);
 *   nacre_wasi_stdio_capture(w, NACRE_WASI_STDOUT, 1 << 20, &err);
 *   NacreStatus st = nacre_wasi_run(w, store, module, NULL, &err);
 *   // NACRE_OK: _start returned; NACRE_EXITED: proc_exit(err.exit_code)
 *   const uint8_t *out = nacre_wasi_captured(w, NACRE_WASI_STDOUT, &len);
 *   nacre_store_free(store);
 *   nacre_wasi_free(w);
 *
 * Every function here that can fail returns a status and fills err (if
 * not NULL) as nacre.h's do.  Link with the embedding library
 * (libnacre_embed.a), which holds the shim.
 */
#ifndef NACRE_WASI_H_PUBLIC
#define NACRE_WASI_H_PUBLIC

#include "nacre.h"

typedef struct NacreWasi NacreWasi;

/* The standard streams, by their descriptor. */
enum { NACRE_WASI_STDIN = 0, NACRE_WASI_STDOUT = 1, NACRE_WASI_STDERR = 2 };

/* A context with no arguments, no environment, no directories and the
 * three standard streams closed; NULL if out of memory. */
NACRE_API NacreWasi *nacre_wasi_new(void);
/* Frees the context, closes the descriptors the plugin opened and drops
 * captured output (the host's own descriptors stay open).  After the
 * store it was bound in is freed, or at least after the last call into
 * its instances. */
NACRE_API void nacre_wasi_free(NacreWasi *wasi);

/* ---- What the plugin is given.  Strings are copied. */
/* Its arguments, argv[0..argc) (argv[0] is its name, by convention);
 * replaces any given before. */
NACRE_API NacreStatus nacre_wasi_set_args(NacreWasi *wasi, int argc, const char *const *argv, NacreError *err);
/* Adds NAME=VALUE to its environment (it sees none of the host's). */
NACRE_API NacreStatus nacre_wasi_add_env(NacreWasi *wasi, const char *name, const char *value, NacreError *err);
/* Grants host directory host_dir (opened now) as guest_path: descriptors
 * 3, 4, ... in the order granted.  read_only withholds every right that
 * changes the file system from it and all opened beneath it. */
NACRE_API NacreStatus nacre_wasi_preopen(NacreWasi *wasi, const char *host_dir, const char *guest_path,
                                         bool read_only, NacreError *err);

/* ---- Standard streams: each is closed until set, and each call below
 * replaces what the stream was. */
/* The host's descriptor host_fd (borrowed: it must stay open while the
 * plugin runs, and is not closed by the plugin or the context). */
NACRE_API NacreStatus nacre_wasi_stdio_fd(NacreWasi *wasi, int stream, int host_fd, NacreError *err);
/* stdin reads a copy of data[0..len), then end of file. */
NACRE_API NacreStatus nacre_wasi_stdin_bytes(NacreWasi *wasi, const void *data, size_t len, NacreError *err);
/* stdout or stderr is captured into a buffer that grows as the plugin
 * writes, up to max_bytes (0: no limit), past which writes fail with
 * ENOSPC; it starts empty. */
NACRE_API NacreStatus nacre_wasi_stdio_capture(NacreWasi *wasi, int stream, size_t max_bytes, NacreError *err);
NACRE_API void nacre_wasi_stdio_close(NacreWasi *wasi, int stream);
/* What a captured stream holds so far: *len bytes, not NUL-terminated,
 * valid until the plugin runs again or the stream is set again.  NULL
 * with *len 0 when nothing was written or the stream is not captured. */
NACRE_API const uint8_t *nacre_wasi_captured(const NacreWasi *wasi, int stream, size_t *len);

/* ---- Binding and running */
/* Fills imports[i] for every `wasi_snapshot_preview1` import i of the
 * module (imports in its import order, desc->nimports of them) with a
 * host function of store; the host's own imports are left as they are.
 * NACRE_UNLINKABLE for a WASI import this shim does not know or of the
 * wrong type.  One context binds in one store only. */
NACRE_API NacreStatus nacre_wasi_bind(NacreWasi *wasi, NacreStore *store, const NacreModule *module,
                                      NacreExtern *imports, NacreError *err);
/* Gives the context the instance's exported "memory", which the WASI
 * calls read and write; after nacre_instantiate, before calling it. */
NACRE_API NacreStatus nacre_wasi_attach(NacreWasi *wasi, NacreInstance *inst, NacreError *err);
/* Binds, instantiates and attaches.  imports: the host's own imports in
 * the module's import order (WASI entries ignored), or NULL if all are
 * WASI's. */
NACRE_API NacreStatus nacre_wasi_instantiate(NacreWasi *wasi, NacreStore *store, const NacreModule *module,
                                             const NacreExtern *imports, NacreInstance **out, NacreError *err);
/* Instantiates as above and calls the export `_start` ([] -> []): NACRE_OK
 * when it returns (err->exit_code 0), NACRE_EXITED when the plugin calls
 * proc_exit (err->exit_code its code: the Wasm stack unwinds as for a
 * trap, and the store stays usable), or NACRE_TRAPPED, NACRE_ERROR or
 * NACRE_UNLINKABLE as nacre.h says. */
NACRE_API NacreStatus nacre_wasi_run(NacreWasi *wasi, NacreStore *store, const NacreModule *module,
                                     const NacreExtern *imports, NacreError *err);

#endif
