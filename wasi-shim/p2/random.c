/* wasi-shim/p2/random.c: wasi:random/random, and insecure and
 * insecure-seed from the same source (a secure source serves every
 * need): the kernel's random source (getrandom).  A request past RANDOM_MAX bytes, or one the kernel
 * cannot serve, traps: the function has no error to return. */
#include "p2.h"

enum { RANDOM_MAX = 1 << 26 };

static bool fill(RtCanonCx *cx, void *buf, size_t n)
{
	return rt_sys_random(buf, n) >= 0 || rt_canon_fail(cx, RT_CANON_E_HOST_VALUE);
}

/* get-random-bytes: func(len: u64) -> list<u8>. */
bool p2_random_bytes(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	uint64_t n = params[0].u;
	uint8_t *buf = n <= RANDOM_MAX ? rt_canon_arena_alloc(cx->arena, (size_t)n + 1) : NULL;
	if (!buf)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	result->list.items = buf;
	result->list.n = (uint32_t)n;
	return fill(cx, buf, (size_t)n);
}

/* get-random-u64: func() -> u64. */
bool p2_random_u64(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return fill(cx, &result->u, sizeof result->u);
}

/* insecure-seed: func() -> tuple<u64, u64>: from the same source, which
 * is as good a seed as any. */
bool p2_insecure_seed(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	RtCanonVal *f = p2_vals(cx, 2);
	if (!f)
		return false;
	result->fields = f;
	return fill(cx, &f[0].u, sizeof f[0].u) && fill(cx, &f[1].u, sizeof f[1].u);
}
