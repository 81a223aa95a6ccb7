/* wasi-shim/stream.c: a standard stream kept in the host's memory, for an
 * embedding host (nacre_wasi.h): stdin read from bytes the host gave, or
 * stdout and stderr captured into a buffer that grows as the program
 * writes, up to the host's limit.  fd.c and poll.c turn to it for a
 * descriptor whose host is WASI_HOST_STREAM.
 */
#include <string.h>

#include "wasi.h"

enum { FIRST_CAP = 256 };

size_t wasi_stream_left(const WasiStream *s)
{
	return s->input ? s->len - s->pos : 0;
}

/* Room for `more` bytes after len; false if out of memory. */
static bool reserve(WasiStream *s, size_t more)
{
	if (more <= s->cap - s->len)
		return true;
	size_t cap = s->cap ? s->cap : FIRST_CAP;
	while (cap - s->len < more)
		cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
	uint8_t *data = rt_sys_realloc(s->data, cap);
	if (!data)
		return false;
	s->data = data;
	s->cap = cap;
	return true;
}

static long read_into(WasiStream *s, const RtSysIovec *iov, int n)
{
	size_t done = 0;
	for (int i = 0; i < n && s->pos < s->len; i++) {
		size_t take = s->len - s->pos < iov[i].len ? s->len - s->pos : iov[i].len;
		memcpy(iov[i].base, s->data + s->pos, take);
		s->pos += take;
		done += take;
	}
	return (long)done;
}

/* All that fits under the limit is kept; ENOSPC only when nothing did,
 * as a full disk would say. */
static long write_from(WasiStream *s, const RtSysIovec *iov, int n)
{
	size_t done = 0;
	for (int i = 0; i < n; i++) {
		size_t room = s->max ? s->max - s->len : SIZE_MAX - s->len;
		size_t take = iov[i].len < room ? iov[i].len : room;
		if (take && !reserve(s, take))
			return done ? (long)done : -(long)WASI_ENOMEM;
		if (take)
			memcpy(s->data + s->len, iov[i].base, take);
		s->len += take;
		done += take;
		if (take < iov[i].len)
			return done ? (long)done : -(long)WASI_ENOSPC;
	}
	return (long)done;
}

long wasi_stream_transfer(WasiStream *s, const RtSysIovec *iov, int n, bool write)
{
	if (write == s->input)
		return -(long)WASI_EBADF;
	return write ? write_from(s, iov, n) : read_into(s, iov, n);
}

bool wasi_stream_reset(WasiStream *s, bool input, const void *data, size_t len, size_t max)
{
	wasi_stream_free(s);
	*s = (WasiStream){ .input = input, .max = max };
	if (!input || !len)
		return true;
	if (!reserve(s, len))
		return false;
	memcpy(s->data, data, len);
	s->len = len;
	return true;
}

void wasi_stream_free(WasiStream *s)
{
	rt_sys_free(s->data);
	*s = (WasiStream){ 0 };
}
