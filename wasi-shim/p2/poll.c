/* wasi-shim/p2/poll.c: wasi:io/poll.  A pollable waits for a host
 * descriptor (a stream's subscribe) or for a monotonic deadline (the
 * clock's subscribe-instant and subscribe-duration); poll, ready and block
 * all wait with one ppoll over the descriptors, its timeout the earliest
 * deadline.  Streams kept in memory are always ready, as they never
 * block. */
#include "p2.h"

enum { EINTR_ = 4, ENOMEM_ = 12 };

bool p2_poll_new(P2Ctx *p, RtCanonCx *cx, P2Poll q, RtCanonVal *result)
{
	uint32_t rep;
	P2Poll *slot = p2_slot_new((void **)&p->polls, &p->npolls, sizeof *slot, &rep);
	if (!slot)
		return rt_canon_fail(cx, RT_CANON_E_NOMEM);
	*slot = q;
	slot->used = true;
	result->u = rep;
	return true;
}

void p2_poll_drop(void *env, uint32_t rep)
{
	P2Ctx *p = env;
	if (rep < p->npolls)
		p->polls[rep].used = false;
}

void p2_polls_free(P2Ctx *p)
{
	rt_sys_free(p->polls);
	p->polls = NULL;
	p->npolls = 0;
}

/* The pollable a borrow names (the handle table has checked its type). */
static const P2Poll *pollable(const P2Ctx *p, const RtCanonVal *v)
{
	static const P2Poll gone = { .host = -1 };
	return v->u < p->npolls && p->polls[v->u].used ? &p->polls[v->u] : &gone;
}

/* Waits (block: until one of the n is ready; else not at all) and marks
 * the ready ones in ready[]; how many, or a negated errno. */
static int wait(P2Ctx *p, RtCanonCx *cx, const RtCanonVal *reps, uint32_t n, bool block, bool *ready)
{
	RtSysPollFd *fds = rt_canon_arena_alloc(cx->arena, (size_t)n * sizeof *fds + 1);
	if (!fds)
		return -ENOMEM_;
	for (;;) {
		uint64_t now = p2_monotonic(), first = UINT64_MAX;
		size_t nfds = 0;
		int count = 0;
		for (uint32_t i = 0; i < n; i++) {
			const P2Poll *q = pollable(p, &reps[i]);
			if (q->host >= 0)
				fds[nfds++] = (RtSysPollFd){ q->host, q->events, 0 };
			else if (q->deadline > now && q->deadline < first)
				first = q->deadline;
			ready[i] = q->host < 0 && q->deadline <= now;
			count += ready[i];
		}
		int64_t timeout = count || !block ? 0 : first == UINT64_MAX ? -1 : (int64_t)(first - now);
		int r = nfds || timeout ? rt_sys_poll(fds, nfds, timeout) : 0;
		if (r == -EINTR_)
			continue;
		if (r < 0)
			return r;
		for (uint32_t i = 0, k = 0; i < n; i++) {
			if (pollable(p, &reps[i])->host < 0 || !fds[k++].revents)
				continue;
			ready[i] = true;
			count++;
		}
		if (count || !block)
			return count;
	}
}

/* A wait that failed: out of memory, or the kernel refused the poll. */
static bool failed(P2Ctx *p, RtCanonCx *cx, int r)
{
	if (r != -ENOMEM_)
		nacre_host_trap(p->store, "wasi:io/poll: the host's poll failed");
	return rt_canon_fail(cx, RT_CANON_E_NOMEM);
}

/* poll: func(in: list<borrow<pollable>>) -> list<u32>: blocks until at
 * least one is ready, and gives the indices of the ready ones.  An empty
 * list would wait for ever: it traps, as in other hosts. */
bool p2_poll(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	P2Ctx *p = env;
	uint32_t n = params[0].list.n;
	const RtCanonVal *reps = params[0].list.items;
	if (n == 0)
		nacre_host_trap(p->store, "wasi:io/poll: poll of an empty list");
	bool *ready = rt_canon_arena_alloc(cx->arena, n);
	RtCanonVal *out = p2_vals(cx, n);
	int count = ready && out ? wait(p, cx, reps, n, true, ready) : -ENOMEM_;
	if (count < 0)
		return failed(p, cx, count);
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++)
		if (ready[i])
			out[k++].u = i;
	result->list.items = out;
	result->list.n = k;
	return true;
}

/* [method]pollable.ready: func(self) -> bool. */
bool p2_pollable_ready(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	bool ready = false;
	int r = wait(env, cx, params, 1, false, &ready);
	result->u = r > 0;
	return r >= 0 || failed(env, cx, r);
}

/* [method]pollable.block: func(self). */
bool p2_pollable_block(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	bool ready = false;
	int r = wait(env, cx, params, 1, true, &ready);
	return r >= 0 || failed(env, cx, r);
}
