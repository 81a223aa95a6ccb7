/* wasi-shim/p2/terminal.c: wasi:cli/terminal-{stdin,stdout,stderr}.  A
 * standard stream is a terminal when its descriptor is a host descriptor
 * that is a tty (never a stream kept in memory); the terminal's rep is
 * that descriptor's number.  The terminal resources have no methods in
 * WASI 0.2, so nothing is kept for them. */
#include "p2.h"

/* option<own<terminal-*>>: some(fd) for a terminal, else none. */
static bool terminal(P2Ctx *p, RtCanonCx *cx, uint32_t fd, RtCanonVal *result)
{
	WasiFd *f = fd < p->w->nfds ? &p->w->fds[fd] : NULL;
	bool tty = f && f->host >= 0 && rt_sys_isatty(f->host);
	RtCanonVal *rep = p2_vals(cx, 1);
	if (!rep)
		return false;
	rep->u = fd;
	result->var.index = tty;
	result->var.payload = tty ? rep : NULL;
	return true;
}

bool p2_get_terminal_stdin(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return terminal(env, cx, 0, result);
}

bool p2_get_terminal_stdout(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return terminal(env, cx, 1, result);
}

bool p2_get_terminal_stderr(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return terminal(env, cx, 2, result);
}
