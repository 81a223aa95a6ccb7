/* wasi-shim/p2/streams.c: wasi:io/streams' input and output streams.  A
 * stream's rep is its slot in the context's stream table: the WASI
 * descriptor it moves bytes through (a host descriptor or a stream the
 * context keeps in memory) and, for a file's stream, the offset it is at.
 * Writes block: a write is a write and flush, and check-write always
 * allows a page.  A failed transfer is stream-error's
 * last-operation-failed with an error whose rep is the WASI errno
 * (errors.c reads it back); the end of input, or a standard stream that
 * is not open, is `closed`. */
#include <string.h>

#include "p2.h"

enum {
	FAILED = 0, CLOSED = 1,      /* stream-error's cases */
	WRITE_BUDGET = 4096,         /* check-write's answer */
	READ_MAX = 1 << 16,          /* the most one read returns (a read may return fewer) */
	EINTR_ = 4,
	POLLIN_ = 1, POLLOUT_ = 4,   /* poll(2)'s */
};

bool p2_stream_new(P2Ctx *p, uint32_t fd, uint8_t how, uint64_t offset, uint32_t *rep)
{
	P2Stream *s = p2_slot_new((void **)&p->streams, &p->nstreams, sizeof *s, rep);
	if (!s)
		return false;
	*s = (P2Stream){ .used = true, .fd = fd, .offset = offset, .how = how };
	return true;
}

static bool shares_fd(const P2Ctx *p, uint32_t fd)
{
	for (uint32_t i = 0; i < p->nstreams; i++)
		if (p->streams[i].used && p->streams[i].fd == fd)
			return true;
	return false;
}

/* The last stream on a dropped descriptor closes it. */
void p2_stream_drop(void *env, uint32_t rep)
{
	P2Ctx *p = env;
	if (rep >= p->nstreams || !p->streams[rep].used)
		return;
	P2Stream s = p->streams[rep];
	p->streams[rep].used = false;
	if (s.orphan && !shares_fd(p, s.fd) && s.fd < p->w->nfds)
		wasi_fd_release(&p->w->fds[s.fd]);
}

bool p2_streams_adopt(P2Ctx *p, uint32_t fd)
{
	bool any = false;
	for (uint32_t i = 0; i < p->nstreams; i++)
		if (p->streams[i].used && p->streams[i].fd == fd)
			any = p->streams[i].orphan = true;
	return any;
}

void p2_streams_free(P2Ctx *p)
{
	rt_sys_free(p->streams);
	p->streams = NULL;
	p->nstreams = 0;
}

/* The open descriptor a stream's rep names, or NULL (closed). */
static WasiFd *stream_fd(P2Ctx *p, uint32_t rep, P2Stream **s)
{
	if (rep >= p->nstreams || !p->streams[rep].used)
		return NULL;
	*s = &p->streams[rep];
	WasiFd *f = (*s)->fd < p->w->nfds ? &p->w->fds[(*s)->fd] : NULL;
	return f && f->host != WASI_HOST_FREE ? f : NULL;
}

/* One transfer: the bytes moved, or a negated WASI errno. */
static long transfer(P2Stream *s, WasiFd *f, void *bytes, uint32_t n, bool write)
{
	RtSysIovec iov = { bytes, n };
	if (f->stream)
		return wasi_stream_transfer(f->stream, &iov, 1, write);
	if (s->how == P2_APPEND) {
		RtSysStat st;
		int r = rt_sys_stat(f->host, "", false, &st);
		if (r < 0)
			return -(long)wasi_errno(-r);
		s->offset = st.size;
	}
	long k;
	do
		k = s->how == P2_PIPE ? (write ? rt_sys_writev(f->host, &iov, 1) : rt_sys_readv(f->host, &iov, 1))
		    : write       ? rt_sys_pwritev(f->host, &iov, 1, s->offset)
		                  : rt_sys_preadv(f->host, &iov, 1, s->offset);
	while (k == -EINTR_);
	if (k < 0)
		return -(long)wasi_errno(-k);
	if (s->how != P2_PIPE)
		s->offset += (uint64_t)k;
	return k;
}

/* err(stream-error): closed, or last-operation-failed(error = errno). */
static bool stream_err(RtCanonCx *cx, RtCanonVal *result, uint32_t wasi_errno)
{
	RtCanonVal *e = p2_vals(cx, 2);
	if (!e)
		return false;
	e[0].var.index = wasi_errno ? FAILED : CLOSED;
	e[0].var.payload = wasi_errno ? &e[1] : NULL;
	e[1].u = wasi_errno;
	return p2_err(cx, result, e);
}

static uint32_t write_all(P2Ctx *p, uint32_t rep, uint8_t *bytes, uint32_t n, bool *closed)
{
	P2Stream *s;
	WasiFd *f = stream_fd(p, rep, &s);
	*closed = !f || !(f->base & WASI_RIGHT(WASI_R_FD_WRITE));
	while (!*closed && n) {
		long k = transfer(s, f, bytes, n, true);
		if (k < 0)
			return (uint32_t)-k;
		if (k == 0)
			return WASI_EIO;
		bytes += k;
		n -= (uint32_t)k;
	}
	return 0;
}

/* write and blocking-write-and-flush: func(self: borrow<output-stream>,
 * contents: list<u8>) -> result<_, stream-error>. */
bool p2_write(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	bool closed;
	uint32_t e = write_all(env, (uint32_t)params[0].u, params[1].list.items, params[1].list.n, &closed);
	return closed || e ? stream_err(cx, result, closed ? 0 : e) : p2_ok(cx, result, NULL);
}

/* flush and blocking-flush: nothing is held back. */
bool p2_flush(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Stream *s;
	return stream_fd(env, (uint32_t)params[0].u, &s) ? p2_ok(cx, result, NULL) : stream_err(cx, result, 0);
}

/* A u64 count as result<u64, stream-error>'s ok. */
static bool ok_count(RtCanonCx *cx, RtCanonVal *result, uint64_t k)
{
	RtCanonVal *v = p2_vals(cx, 1);
	if (!v)
		return false;
	v->u = k;
	return p2_ok(cx, result, v);
}

/* check-write: func(self) -> result<u64, stream-error>. */
bool p2_check_write(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Stream *s;
	return stream_fd(env, (uint32_t)params[0].u, &s) ? ok_count(cx, result, WRITE_BUDGET) : stream_err(cx, result, 0);
}

enum { READ_CLOSED = -0x10000 };   /* below every negated errno */

/* Up to n bytes into buf, at least one unless n is 0: how many, or
 * READ_CLOSED (the end, or not readable), or a negated WASI errno. */
static long read_into(P2Ctx *p, uint32_t rep, uint8_t *buf, uint32_t n)
{
	P2Stream *s;
	WasiFd *f = stream_fd(p, rep, &s);
	if (!f || !(f->base & WASI_RIGHT(WASI_R_FD_READ)))
		return READ_CLOSED;
	long k = n ? transfer(s, f, buf, n, false) : 0;
	return k == 0 && n ? READ_CLOSED : k;
}

static bool read_err(RtCanonCx *cx, RtCanonVal *result, long k)
{
	return stream_err(cx, result, k == READ_CLOSED ? 0 : (uint32_t)-k);
}

/* A buffer in the call's arena for a read of len (READ_MAX at most). */
static uint8_t *read_buf(RtCanonCx *cx, uint64_t len, uint32_t *n)
{
	*n = len < READ_MAX ? (uint32_t)len : READ_MAX;
	return rt_canon_arena_alloc(cx->arena, *n + 1);
}

/* read and blocking-read: func(self: borrow<input-stream>, len: u64) ->
 * result<list<u8>, stream-error>: at most len bytes (and READ_MAX), at
 * least one unless len is 0; the end is `closed`. */
bool p2_read(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	uint32_t n;
	RtCanonVal *bytes = p2_vals(cx, 1);
	uint8_t *buf = read_buf(cx, params[1].u, &n);
	if (!bytes || !buf)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	long k = read_into(env, (uint32_t)params[0].u, buf, n);
	if (k < 0)
		return read_err(cx, result, k);
	bytes->list.items = buf;
	bytes->list.n = (uint32_t)k;
	return p2_ok(cx, result, bytes);
}

/* skip and blocking-skip: func(self: borrow<input-stream>, len: u64) ->
 * result<u64, stream-error>: read's bytes, counted and dropped. */
bool p2_skip(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	uint32_t n;
	uint8_t *buf = read_buf(cx, params[1].u, &n);
	if (!buf)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	long k = read_into(env, (uint32_t)params[0].u, buf, n);
	return k < 0 ? read_err(cx, result, k) : ok_count(cx, result, (uint64_t)k);
}

/* splice and blocking-splice: func(self: borrow<output-stream>, src:
 * borrow<input-stream>, len: u64) -> result<u64, stream-error>: one read
 * of src (as read), all of it written to self. */
bool p2_splice(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	uint32_t n;
	bool closed;
	uint8_t *buf = read_buf(cx, params[2].u, &n);
	if (!buf)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	long k = read_into(env, (uint32_t)params[1].u, buf, n);
	if (k < 0)
		return read_err(cx, result, k);
	uint32_t e = write_all(env, (uint32_t)params[0].u, buf, (uint32_t)k, &closed);
	return closed || e ? stream_err(cx, result, closed ? 0 : e) : ok_count(cx, result, (uint64_t)k);
}

/* write-zeroes and blocking-write-zeroes-and-flush: func(self:
 * borrow<output-stream>, len: u64) -> result<_, stream-error>.  Like a
 * write, len may not exceed what check-write allowed: more traps. */
bool p2_write_zeroes(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	bool closed;
	if (params[1].u > WRITE_BUDGET)
		nacre_host_trap(p->store, "wasi:io/streams: write-zeroes of more bytes than check-write allows");
	uint8_t *zeroes = rt_canon_arena_alloc(cx->arena, (size_t)params[1].u + 1);
	if (!zeroes)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	memset(zeroes, 0, (size_t)params[1].u);
	uint32_t e = write_all(p, (uint32_t)params[0].u, zeroes, (uint32_t)params[1].u, &closed);
	return closed || e ? stream_err(cx, result, closed ? 0 : e) : p2_ok(cx, result, NULL);
}

/* subscribe: func(self) -> own<pollable> (poll.c), ready when the
 * stream's host descriptor is; a stream kept in memory never blocks, and
 * a closed one is ready to say so. */
static bool subscribe(P2Ctx *p, RtCanonCx *cx, uint32_t rep, short events, RtCanonVal *result)
{
	P2Stream *s;
	WasiFd *f = stream_fd(p, rep, &s);
	int host = f && !f->stream ? f->host : -1;
	return p2_poll_new(p, cx, (P2Poll){ .host = host < 0 ? -1 : host, .events = events }, result);
}

bool p2_input_subscribe(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return subscribe(env, cx, (uint32_t)params[0].u, POLLIN_, result);
}

bool p2_output_subscribe(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return subscribe(env, cx, (uint32_t)params[0].u, POLLOUT_, result);
}
