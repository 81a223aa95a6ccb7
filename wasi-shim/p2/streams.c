/* wasi-shim/p2/streams.c: wasi:io/streams' output streams, on the WASI
 * descriptor each one's rep names (a host descriptor or a stream the
 * context keeps in memory).  Writes block: a write is a write and flush,
 * and check-write always allows a page. */
#include "p2.h"

enum { STREAM_CLOSED = 1, WRITE_BUDGET = 4096 }; /* stream-error's case; check-write's answer */

static bool write_all(P2Ctx *p, uint32_t fd, const uint8_t *bytes, uint32_t n)
{
	if (fd >= p->w->nfds)
		return false;
	WasiFd *f = &p->w->fds[fd];
	RtSysIovec iov = { (void *)bytes, n };
	while (iov.len) {
		long k = f->stream ? wasi_stream_transfer(f->stream, &iov, 1, true) : rt_sys_writev(f->host, &iov, 1);
		if (k <= 0)
			return false;
		iov.base = (uint8_t *)iov.base + k;
		iov.len -= (size_t)k;
	}
	return true;
}

/* result<_, stream-error>: ok, or err(closed). */
static bool outcome(RtCanonCx *cx, RtCanonVal *result, bool ok)
{
	if (ok) {
		p2_case(result, 0);
		return true;
	}
	RtCanonVal *err = rt_canon_arena_alloc(cx->arena, sizeof *err);
	if (!err)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	p2_case(err, STREAM_CLOSED);
	result->var.index = 1;
	result->var.payload = err;
	return true;
}

/* write and blocking-write-and-flush: func(self: borrow<output-stream>,
 * contents: list<u8>) -> result<_, stream-error>. */
bool p2_write(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return outcome(cx, result, write_all(env, (uint32_t)params[0].u, params[1].list.items, params[1].list.n));
}

/* flush and blocking-flush: nothing is held back. */
bool p2_flush(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return outcome(cx, result, true);
}

/* check-write: func(self) -> result<u64, stream-error>. */
bool p2_check_write(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	RtCanonVal *n = rt_canon_arena_alloc(cx->arena, sizeof *n);
	if (!n)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	n->u = WRITE_BUDGET;
	result->var.index = 0;
	result->var.payload = n;
	return true;
}
