/* wasi-shim/p1/clock.c: clocks, randomness and process exit.  WASI's clock
 * ids (realtime, monotonic, process and thread CPU time) are POSIX's
 * numbers, which sys.h takes as they are. */
#include "../../runtime-lib/sys/sys.h"
#include "p1.h"

enum { CLOCK_COUNT = 4 };

static uint32_t clock_call(WasiCtx *w, int (*get)(uint32_t, uint64_t *), uint32_t id, uint32_t ptr)
{
	uint8_t *p = wasi_span(w, ptr, 8);
	uint64_t ns;
	if (id >= CLOCK_COUNT)
		return WASI_EINVAL;
	if (!p)
		return WASI_EFAULT;
	int r = get(id, &ns);
	if (r < 0)
		return wasi_errno(-r);
	wasi_put_u64(p, ns);
	return WASI_ESUCCESS;
}

/* clock_time_get(id, precision: i64, time_ptr) */
uint32_t wasi_clock_time_get(WasiCtx *w, const NacreValue *a)
{
	return clock_call(w, rt_sys_clock_time, (uint32_t)a[0].i32, (uint32_t)a[2].i32);
}

uint32_t wasi_clock_res_get(WasiCtx *w, const NacreValue *a)
{
	return clock_call(w, rt_sys_clock_res, (uint32_t)a[0].i32, (uint32_t)a[1].i32);
}

uint32_t wasi_random_get(WasiCtx *w, const NacreValue *a)
{
	uint32_t n = (uint32_t)a[1].i32;
	uint8_t *p = wasi_span(w, (uint32_t)a[0].i32, n);
	if (!p)
		return WASI_EFAULT;
	int r = rt_sys_random(p, n);
	return r < 0 ? wasi_errno(-r) : WASI_ESUCCESS;
}

/* proc_exit(code): the call into the program ends here, unwinding like a
 * trap; its caller sees NACRE_EXITED with the code (an executable exits
 * with it, start.c). */
uint32_t wasi_proc_exit(WasiCtx *w, const NacreValue *a)
{
	nacre_host_exit(w->store, a[0].i32);
}
