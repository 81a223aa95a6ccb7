/* wasi-shim/p2/streams.c: wasi:io/streams' input and output streams.  A
 * stream's rep is its slot in the context's stream table: the WASI
 * descriptor it moves bytes through (a host descriptor or a stream the
 * context keeps in memory) and, for a file's stream, the offset it is at.
 * Writes block: a write is a write and flush, and check-write always
 * allows a page.  A failed transfer is stream-error's
 * last-operation-failed with an error whose rep is the WASI errno
 * (errors.c reads it back); the end of input, or a standard stream that
 * is not open, is `closed`. */
#include "p2.h"

enum {
	FAILED = 0, CLOSED = 1,      /* stream-error's cases */
	WRITE_BUDGET = 4096,         /* check-write's answer */
	READ_MAX = 1 << 16,          /* the most one read returns (a read may return fewer) */
	EINTR_ = 4,
};

bool p2_stream_new(P2Ctx *p, uint32_t fd, uint8_t how, uint64_t offset, uint32_t *rep)
{
	uint32_t i = 0;
	while (i < p->nstreams && p->streams[i].used)
		i++;
	if (i == p->nstreams) {
		uint32_t n = p->nstreams ? 2 * p->nstreams : 8;
		P2Stream *s = rt_sys_realloc(p->streams, (size_t)n * sizeof *s);
		if (!s)
			return false;
		for (uint32_t k = p->nstreams; k < n; k++)
			s[k] = (P2Stream){ 0 };
		p->streams = s;
		p->nstreams = n;
	}
	p->streams[i] = (P2Stream){ .fd = fd, .offset = offset, .how = how, .used = true };
	*rep = i;
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

/* check-write: func(self) -> result<u64, stream-error>. */
bool p2_check_write(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Stream *s;
	RtCanonVal *n = p2_vals(cx, 1);
	if (!n)
		return false;
	n->u = WRITE_BUDGET;
	return stream_fd(env, (uint32_t)params[0].u, &s) ? p2_ok(cx, result, n) : stream_err(cx, result, 0);
}

/* read and blocking-read: func(self: borrow<input-stream>, len: u64) ->
 * result<list<u8>, stream-error>: at most len bytes (and READ_MAX), at
 * least one unless len is 0; the end is `closed`. */
bool p2_read(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Stream *s;
	WasiFd *f = stream_fd(env, (uint32_t)params[0].u, &s);
	uint32_t want = params[1].u < READ_MAX ? (uint32_t)params[1].u : READ_MAX;
	RtCanonVal *bytes = p2_vals(cx, 1);
	uint8_t *buf = rt_canon_arena_alloc(cx->arena, want + 1);
	if (!bytes || !buf)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	if (!f || !(f->base & WASI_RIGHT(WASI_R_FD_READ)))
		return stream_err(cx, result, 0);
	long k = want ? transfer(s, f, buf, want, false) : 0;
	if (k < 0)
		return stream_err(cx, result, (uint32_t)-k);
	if (k == 0 && want)
		return stream_err(cx, result, 0);
	bytes->list.items = buf;
	bytes->list.n = (uint32_t)k;
	return p2_ok(cx, result, bytes);
}
