/* wasi-shim/p1/args.c: args_* and environ_*: the program's argument vector
 * and environment, copied into its memory as preview1 lays them out (an
 * array of u32 pointers, then the NUL-terminated strings). */
#include <string.h>

#include "p1.h"

static uint32_t sizes(WasiCtx *w, int n, char **v, const NacreValue *a)
{
	uint64_t bytes = 0;
	for (int i = 0; i < n; i++)
		bytes += strlen(v[i]) + 1;
	uint8_t *count = wasi_span(w, (uint32_t)a[0].i32, 4), *size = wasi_span(w, (uint32_t)a[1].i32, 4);
	if (!count || !size || bytes > UINT32_MAX)
		return WASI_EFAULT;
	wasi_put_u32(count, (uint32_t)n);
	wasi_put_u32(size, (uint32_t)bytes);
	return WASI_ESUCCESS;
}

static uint32_t copy(WasiCtx *w, int n, char **v, const NacreValue *a)
{
	uint32_t ptrs = (uint32_t)a[0].i32, buf = (uint32_t)a[1].i32;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;
		uint8_t *slot = wasi_span(w, ptrs + 4u * (uint32_t)i, 4), *dst = wasi_span(w, buf, len);
		if (!slot || !dst)
			return WASI_EFAULT;
		memcpy(dst, v[i], len);
		wasi_put_u32(slot, buf);
		buf += (uint32_t)len;
	}
	return WASI_ESUCCESS;
}

uint32_t wasi_args_sizes_get(WasiCtx *w, const NacreValue *a) { return sizes(w, w->argc, w->argv, a); }
uint32_t wasi_args_get(WasiCtx *w, const NacreValue *a) { return copy(w, w->argc, w->argv, a); }
uint32_t wasi_environ_sizes_get(WasiCtx *w, const NacreValue *a) { return sizes(w, w->envc, w->envp, a); }
uint32_t wasi_environ_get(WasiCtx *w, const NacreValue *a) { return copy(w, w->envc, w->envp, a); }
