/* wasi-shim/p2/dirs.c: directories in wasi:filesystem: the preopens
 * (get-directories: the granted directories, in the order granted, each
 * with its guest name) and listing one (read-directory, a
 * directory-entry-stream).  A listing is a descriptor of its own, opened
 * afresh beneath the directory, so that its position is nobody else's;
 * its rep is that WASI descriptor.  WASI 0.2 lists neither "." nor "..". */
#include <string.h>

#include "../resolve.h"
#include "p2.h"

#define R(name) WASI_RIGHT(WASI_R_##name)

enum { DENTS_BUF = 4096, ILSEQ = 25 /* preview1 errno */ };

/* get-directories: func() -> list<tuple<own<descriptor>, string>>. */
bool p2_get_directories(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	uint32_t n = 0;
	RtCanonVal *items = p2_vals(cx, p->w->nfds + 1), *pairs = p2_vals(cx, 2 * p->w->nfds + 1);
	if (!items || !pairs)
		return false;
	for (uint32_t fd = 0; fd < p->w->nfds; fd++) {
		const char *name = p->w->fds[fd].preopen;
		if (p->w->fds[fd].host == WASI_HOST_FREE || !name || !rt_canon_utf8_valid((const uint8_t *)name, strlen(name)))
			continue;
		pairs[2 * n].u = fd;
		pairs[2 * n + 1].str.ptr = name;
		pairs[2 * n + 1].str.len = (uint32_t)strlen(name);
		items[n].fields = &pairs[2 * n];
		n++;
	}
	result->list.items = items;
	result->list.n = n;
	return true;
}

/* read-directory: func(self) -> result<own<directory-entry-stream>, error-code>. */
bool p2_read_directory(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	WasiFd *d;
	int host = -1;
	uint32_t fd = 0, e = p2_dir(p, params[0].u, R(FD_READDIR), &d);
	if (!e)
		e = wasi_resolve_open(d->host, ".", RT_SYS_O_READ | RT_SYS_O_DIRECTORY, &host);
	if (!e)
		e = wasi_fd_insert(p->w, host, WASI_FILETYPE_DIRECTORY, R(FD_READDIR), 0, &fd);
	if (e)
		return p2_fs_err(cx, result, e);
	RtCanonVal *h = p2_vals(cx, 1);
	if (!h)
		return false;
	h->u = fd;
	return p2_ok(cx, result, h);
}

void p2_dir_stream_drop(void *env, uint32_t rep)
{
	P2Ctx *p = env;
	if (rep >= 3 && rep < p->w->nfds && p->w->fds[rep].host != WASI_HOST_FREE && !p->w->fds[rep].preopen)
		wasi_fd_release(&p->w->fds[rep]);
}

/* descriptor-type of a kernel directory entry's DT_ type. */
static uint32_t entry_type(uint8_t dt)
{
	static const uint8_t types[16] = { [1] = 4, [2] = 2, [4] = 3, [6] = 1, [8] = 6, [10] = 5, [12] = 7 };
	return dt < 16 ? types[dt] : 0;
}

static bool dots(const char *name)
{
	return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

/* some(directory-entry { type, name }), the name copied out of dents. */
static bool entry(RtCanonCx *cx, const uint8_t *d, RtCanonVal *result)
{
	const char *name = (const char *)d + 19;
	size_t n = strlen(name);
	if (!rt_canon_utf8_valid((const uint8_t *)name, n))
		return p2_fs_err(cx, result, ILSEQ);
	RtCanonVal *v = p2_vals(cx, 4);
	char *copy = rt_canon_arena_alloc(cx->arena, n + 1);
	if (!v || !copy)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	memcpy(copy, name, n + 1);
	p2_case(&v[2], entry_type(d[18]));
	v[3].str.ptr = copy;
	v[3].str.len = (uint32_t)n;
	v[1].fields = &v[2];
	v[0].var.index = 1;
	v[0].var.payload = &v[1];
	return p2_ok(cx, result, v);
}

/* [method]directory-entry-stream.read-directory-entry: func(self) ->
 * result<option<directory-entry>, error-code>: the next entry, none at
 * the end.  The kernel's batch is read again from the position after the
 * entry returned (its d_off), so nothing is kept between calls. */
bool p2_read_directory_entry(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	WasiFd *f;
	uint32_t e = p2_desc(env, params[0].u, R(FD_READDIR), &f);
	uint8_t dents[DENTS_BUF];
	while (!e) {
		long got = rt_sys_getdents(f->host, dents, sizeof dents);
		if (got <= 0) {
			e = got < 0 ? wasi_errno(-got) : 0;
			break;
		}
		for (long off = 0; off < got;) {
			const uint8_t *d = dents + off;
			uint16_t reclen;
			int64_t next;
			memcpy(&reclen, d + 16, 2);
			memcpy(&next, d + 8, 8);
			off += reclen;
			if (dots((const char *)d + 19))
				continue;
			int64_t r = rt_sys_seek(f->host, next, 0);
			return r < 0 ? p2_fs_err(cx, result, wasi_errno(-r)) : entry(cx, d, result);
		}
	}
	if (e)
		return p2_fs_err(cx, result, e);
	RtCanonVal *none = p2_vals(cx, 1);
	return none && p2_ok(cx, result, none);
}
