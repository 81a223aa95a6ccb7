/* tests/wasi/programs/clocks.c: clock_res_get and clock_time_get on the
 * realtime, monotonic, process and thread CPU-time clocks (and EINVAL for
 * a clock that does not exist), random_get and sched_yield. */
#include "check.h"

static const char *const clock_names[] = { "realtime", "monotonic", "process_cputime", "thread_cputime" };

static volatile uint64_t sink;

/* Burns CPU time until `clock` has advanced by ns (or a bound passes). */
static void spin(__wasi_clockid_t clock, uint64_t ns)
{
	__wasi_timestamp_t t0 = 0, t = 0;
	if (__wasi_clock_time_get(clock, 1, &t0) != 0)
		return;
	for (uint64_t i = 0; i < 4000000000u; i++) {
		sink += i * i;
		if ((i & 0xffff) == 0 && (__wasi_clock_time_get(clock, 1, &t) != 0 || t - t0 >= ns))
			return;
	}
}

static void check_clock(__wasi_clockid_t id)
{
	char what[96];
	__wasi_timestamp_t res = 0, a = 0, b = 0;
	snprintf(what, sizeof what, "clock_res_get(%s)", clock_names[id]);
	expect_ok(what, __wasi_clock_res_get(id, &res));
	snprintf(what, sizeof what, "%s resolution (%llu ns) is above 0 and at most 10 ms", clock_names[id],
	         (unsigned long long)res);
	expect_true(what, res > 0 && res <= 10000000);
	snprintf(what, sizeof what, "clock_time_get(%s)", clock_names[id]);
	expect_ok(what, __wasi_clock_time_get(id, 1, &a));
	spin(id, 2000000);
	expect_ok(what, __wasi_clock_time_get(id, 0, &b));
	snprintf(what, sizeof what, "%s advances while the program computes", clock_names[id]);
	expect_true(what, b > a);
	snprintf(what, sizeof what, "%s advances by less than a minute", clock_names[id]);
	expect_true(what, b - a < 60000000000ull);
}

static void check_random(void)
{
	static uint8_t a[65536], b[65536];
	expect_ok("random_get of 0 bytes", __wasi_random_get(a, 0));
	expect_ok("random_get of 64 KiB", __wasi_random_get(a, sizeof a));
	expect_ok("random_get again", __wasi_random_get(b, sizeof b));
	expect_true("two random buffers differ", memcmp(a, b, sizeof a) != 0);
	int counts[256] = { 0 }, seen = 0;
	for (size_t i = 0; i < sizeof a; i++)
		counts[a[i]]++;
	for (int i = 0; i < 256; i++)
		seen += counts[i] > 0;
	expect_true("64 KiB of random bytes take all 256 values", seen == 256);
	uint8_t guard[8] = { 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a };
	static uint8_t area[16];
	memcpy(area, guard, 8);
	memcpy(area + 11, guard, 5);
	expect_ok("random_get of 3 bytes", __wasi_random_get(area + 8, 3));
	expect_true("random_get writes only the bytes asked for", !memcmp(area, guard, 8) && !memcmp(area + 11, guard, 5));
}

int main(void)
{
	for (__wasi_clockid_t id = 0; id < 4; id++)
		check_clock(id);
	__wasi_timestamp_t t = 0;
	expect_ok("clock_time_get(realtime) once more", __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t));
	expect_true("realtime is after 2020 (ns since the epoch)", t > 1577836800000000000ull);
	expect_errno("clock_res_get(4) is EINVAL", __wasi_clock_res_get(4, &t), __WASI_ERRNO_INVAL);
	expect_errno("clock_time_get(4) is EINVAL", __wasi_clock_time_get(4, 1, &t), __WASI_ERRNO_INVAL);
	expect_errno("clock_time_get(0xffffffff) is EINVAL", __wasi_clock_time_get(0xffffffffu, 1, &t),
	             __WASI_ERRNO_INVAL);
	__wasi_timestamp_t m0 = 0, m1 = 0;
	expect_ok("monotonic before sched_yield", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &m0));
	for (int i = 0; i < 3; i++)
		expect_ok("sched_yield", __wasi_sched_yield());
	expect_ok("monotonic after sched_yield", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &m1));
	expect_true("monotonic never goes back", m1 >= m0);
	check_random();
	return finish();
}
