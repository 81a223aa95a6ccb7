/* wasi-shim/resolve.h: resolving a program's paths strictly beneath a
 * directory (resolve.c), for path.c. */
#ifndef NACRE_WASI_RESOLVE_H
#define NACRE_WASI_RESOLVE_H

#include <stdbool.h>
#include <stdint.h>

enum { WASI_PATH_MAX = 4096 };

/* A name to act on: a directory opened beneath the program's directory
 * and one component in it. */
typedef struct WasiAt {
	int dir;                     /* -1: nothing open */
	bool owned;                  /* dir was opened for this and is closed after */
	const char *name;
} WasiAt;

/* Opens path beneath host directory `root` with RT_SYS_O_* flags
 * (RT_SYS_O_NOFOLLOW: a final symlink is not followed, and opening one
 * fails with ELOOP); ENOTCAPABLE for any escape. */
uint32_t wasi_resolve_open(int root, const char *path, uint32_t flags, int *host);
/* Splits path (modified in place) into its last component and the
 * directory that holds it, opened beneath root.  A last component of "."
 * or ".." names the directory the whole path leads to, acted on as ".".
 * A trailing slash stays on the name, and the kernel follows a final
 * symlink for it: ENOTCAPABLE if that leads outside.  at->dir is -1 on
 * failure. */
uint32_t wasi_resolve_parent(int root, char *path, WasiAt *at);
void wasi_at_close(WasiAt *at);
/* Forces the component walk even where openat2 exists (tests). */
void wasi_resolve_force_walk(bool on);

#endif
