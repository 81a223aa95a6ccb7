/* wasi-shim/p2/clocks.c: wasi:clocks' wall clock (a datetime: seconds
 * and nanoseconds since the epoch) and monotonic clock (nanoseconds, and
 * pollables for a time: poll.c), on
 * the OS layer's realtime and monotonic clocks (POSIX ids 0 and 1).  A
 * clock the kernel refuses reads 0: these functions cannot fail. */
#include "p2.h"

enum { REALTIME = 0, MONOTONIC = 1 };

static uint64_t read_clock(int (*get)(uint32_t, uint64_t *), uint32_t id)
{
	uint64_t ns = 0;
	return get(id, &ns) < 0 ? 0 : ns;
}

/* datetime: record { seconds: u64, nanoseconds: u32 }. */
static bool datetime(RtCanonCx *cx, uint64_t ns, RtCanonVal *result)
{
	RtCanonVal *f = p2_vals(cx, 2);
	if (!f)
		return false;
	f[0].u = ns / 1000000000u;
	f[1].u = ns % 1000000000u;
	result->fields = f;
	return true;
}

bool p2_wall_now(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return datetime(cx, read_clock(rt_sys_clock_time, REALTIME), result);
}

bool p2_wall_resolution(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return datetime(cx, read_clock(rt_sys_clock_res, REALTIME), result);
}

uint64_t p2_monotonic(void)
{
	return read_clock(rt_sys_clock_time, MONOTONIC);
}

bool p2_monotonic_now(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	result->u = p2_monotonic();
	return true;
}

/* subscribe-instant: func(when: instant) -> own<pollable>. */
bool p2_subscribe_instant(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	return p2_poll_new(env, cx, (P2Poll){ .host = -1, .deadline = params[0].u }, result);
}

/* subscribe-duration: func(when: duration) -> own<pollable>, from now. */
bool p2_subscribe_duration(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	uint64_t now = p2_monotonic(), d = params[0].u;
	uint64_t when = d > UINT64_MAX - now ? UINT64_MAX : now + d;
	return p2_poll_new(env, cx, (P2Poll){ .host = -1, .deadline = when }, result);
}

bool p2_monotonic_resolution(void *env, RtCanonCx *cx, const RtCanonVal *params, RtCanonVal *result)
{
	result->u = read_clock(rt_sys_clock_res, MONOTONIC);
	return true;
}
