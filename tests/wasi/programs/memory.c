/* tests/wasi/programs/memory.c: WASI calls given pointers and lengths
 * that leave linear memory (past its end, straddling it, wrapping around
 * 2^32, or sizes that overflow when multiplied) fail with EFAULT (EINVAL
 * where a count is merely too large), never reading or writing outside
 * and never crashing.  run-wasi grants /sandbox holding data.txt and
 * checks that nothing was written to stdout by the refused writes.
 */
#include "check.h"

#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

/* Raw imports, so that any 32-bit value can be passed as a pointer. */
IMPORT("fd_write") int32_t raw_fd_write(int32_t fd, uint32_t iovs, uint32_t n, uint32_t nwritten);
IMPORT("fd_read") int32_t raw_fd_read(int32_t fd, uint32_t iovs, uint32_t n, uint32_t nread);
IMPORT("random_get") int32_t raw_random_get(uint32_t buf, uint32_t len);
IMPORT("clock_time_get") int32_t raw_clock_time_get(int32_t id, int64_t precision, uint32_t out);
IMPORT("args_sizes_get") int32_t raw_args_sizes_get(uint32_t argc, uint32_t size);
IMPORT("args_get") int32_t raw_args_get(uint32_t argv, uint32_t buf);
IMPORT("fd_prestat_dir_name") int32_t raw_fd_prestat_dir_name(int32_t fd, uint32_t buf, uint32_t len);
IMPORT("path_open") int32_t raw_path_open(int32_t fd, int32_t dirflags, uint32_t path, uint32_t len, int32_t oflags,
                                          int64_t base, int64_t inheriting, int32_t fdflags, uint32_t out);
IMPORT("path_filestat_get") int32_t raw_path_filestat_get(int32_t fd, int32_t flags, uint32_t path, uint32_t len,
                                                          uint32_t out);

static uint32_t P(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

static uint32_t mem_end(void)
{
	return (uint32_t)(__builtin_wasm_memory_size(0) * 65536);
}

static void writes(void)
{
	uint32_t end = mem_end();
	static uint32_t iov[2];
	static uint32_t n;
	static const char text[] = "SHOULD-NOT-APPEAR\n";
	iov[0] = end - 8;
	iov[1] = 100;
	expect_errno("fd_write of a buffer straddling the end of memory", raw_fd_write(1, P(iov), 1, P(&n)),
	             __WASI_ERRNO_FAULT);
	iov[0] = end;
	iov[1] = 1;
	expect_errno("fd_write of a buffer just past the end", raw_fd_write(1, P(iov), 1, P(&n)), __WASI_ERRNO_FAULT);
	iov[0] = 0xfffffff0u;
	iov[1] = 0x20;
	expect_errno("fd_write of a buffer wrapping around 2^32", raw_fd_write(1, P(iov), 1, P(&n)), __WASI_ERRNO_FAULT);
	iov[0] = P(text);
	iov[1] = sizeof text - 1;
	expect_errno("fd_write with the iovec array past the end", raw_fd_write(1, end - 4, 1, P(&n)),
	             __WASI_ERRNO_FAULT);
	expect_errno("fd_write with nwritten past the end", raw_fd_write(1, P(iov), 1, end - 2), __WASI_ERRNO_FAULT);
	/* 0x20000001 iovecs of 8 bytes: 8 bytes once the product wraps at 2^32. */
	expect_errno2("fd_write with an iovec count whose size overflows", raw_fd_write(1, P(iov), 0x20000001u, P(&n)),
	              __WASI_ERRNO_FAULT, __WASI_ERRNO_INVAL);
	expect_errno2("fd_write with 2^32-1 iovecs", raw_fd_write(1, P(iov), 0xffffffffu, P(&n)), __WASI_ERRNO_FAULT,
	              __WASI_ERRNO_INVAL);
}

static void reads(int sb)
{
	uint32_t end = mem_end();
	__wasi_fd_t fd = 99;
	expect_ok("open data.txt", open_at(sb, "data.txt", 0, 0, &fd));
	static uint32_t iov[2];
	static uint32_t n;
	iov[0] = end - 4;
	iov[1] = 10;
	expect_errno("fd_read into a buffer straddling the end of memory", raw_fd_read(fd, P(iov), 1, P(&n)),
	             __WASI_ERRNO_FAULT);
	iov[0] = 0xfffffffcu;
	iov[1] = 8;
	expect_errno("fd_read into a buffer wrapping around 2^32", raw_fd_read(fd, P(iov), 1, P(&n)), __WASI_ERRNO_FAULT);
	expect_ok("close data.txt", __wasi_fd_close(fd));
	expect_errno("random_get into a buffer straddling the end", raw_random_get(end - 10, 100), __WASI_ERRNO_FAULT);
	expect_errno("random_get wrapping around 2^32", raw_random_get(0xfffffff0u, 0x100), __WASI_ERRNO_FAULT);
	expect_errno("clock_time_get storing past the end", raw_clock_time_get(0, 1, end - 4), __WASI_ERRNO_FAULT);
	expect_errno("args_sizes_get storing past the end", raw_args_sizes_get(end, end), __WASI_ERRNO_FAULT);
	static uint32_t argv[8];
	expect_errno("args_get with the strings past the end", raw_args_get(P(argv), end - 1), __WASI_ERRNO_FAULT);
	expect_errno("fd_prestat_dir_name into a buffer past the end", raw_fd_prestat_dir_name(sb, end - 2, 8),
	             __WASI_ERRNO_FAULT);
	static uint32_t out;
	expect_errno("path_open with the path straddling the end", raw_path_open(sb, 0, end - 3, 8, 0,
	             __WASI_RIGHTS_FD_READ, 0, 0, P(&out)), __WASI_ERRNO_FAULT);
	expect_errno("path_open with a path length of 2^32-1", raw_path_open(sb, 0, P("data.txt"), 0xffffffffu, 0,
	             __WASI_RIGHTS_FD_READ, 0, 0, P(&out)), __WASI_ERRNO_FAULT);
	expect_errno("path_open storing the fd past the end", raw_path_open(sb, 0, P("data.txt"), 8, 0,
	             __WASI_RIGHTS_FD_READ, 0, 0, end), __WASI_ERRNO_FAULT);
	static uint8_t st[64];
	expect_errno("path_filestat_get with the path wrapping around", raw_path_filestat_get(sb, 0, 0xfffffffeu, 8,
	             P(st)), __WASI_ERRNO_FAULT);
	expect_errno("path_filestat_get storing past the end", raw_path_filestat_get(sb, 0, P("data.txt"), 8,
	             end - 16), __WASI_ERRNO_FAULT);
}

/* Memory grown while the program runs is reachable at once. */
static void grown(void)
{
	uint32_t before = mem_end();
	expect_true("memory.grow by 16 pages", __builtin_wasm_memory_grow(0, 16) != (size_t)-1);
	uint32_t end = mem_end();
	expect_u64("memory is 1 MiB larger", end - before, 16 * 65536);
	expect_ok("random_get into the last bytes of the grown memory", raw_random_get(end - 16, 16));
	expect_ok("clock_time_get storing into the last 8 bytes", raw_clock_time_get(0, 1, end - 8));
	uint64_t t;
	memcpy(&t, (const void *)(uintptr_t)(end - 8), 8);
	expect_true("the time arrived there", t > 1577836800000000000ull);
	expect_errno("random_get 1 byte past the grown end", raw_random_get(end - 16, 17), __WASI_ERRNO_FAULT);
}

int main(void)
{
	int sb = preopen("/sandbox");
	expect_true("/sandbox is preopened", sb >= 0);
	writes();
	reads(sb);
	grown();
	__wasi_fdstat_t st;
	expect_ok("the program's fds still work", __wasi_fd_fdstat_get((__wasi_fd_t)sb, &st));
	return finish();
}
