/* runtime-lib/sys/linux.c: the OS layer (sys.h) on raw Linux system calls,
 * for static executables that link no libc: the process entry (after
 * <arch>/entry.S), address space, faults, stack bounds, the WASI services
 * and the fatal exit.  Single-threaded: no thread pointer is ever set up.
 * heap.c, format.c, string.c and math.c complete the freestanding runtime.
 */
#include "sys.h"
#include "arch.h"

enum {
	PROT_NONE = 0, PROT_RW = 3, MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000, MAP_FIXED = 0x10,
	SIGABRT = 6, SIGBUS = 7, SIGSEGV = 11, SIGALRM = 14, SA_SIGINFO = 4, SA_ONSTACK = 0x08000000,
	SA_RESTART = 0x10000000, ITIMER_REAL = 0,
	SS_DISABLE = 2, RLIMIT_STACK = 3, TCGETS = 0x5401, AT_NULL = 0, AT_PAGESZ = 6,
	ALT_STACK_SIZE = 64 * 1024,
	PAGE_UNKNOWN = 64 * 1024,    /* the largest page Linux uses on our targets */
};

typedef struct KStack { void *sp; int flags; size_t size; } KStack;
typedef struct KTimespec { long sec, nsec; } KTimespec;
typedef struct KRlimit { uint64_t cur, max; } KRlimit;
typedef struct KItimer { long interval_sec, interval_usec, sec, usec; } KItimer; /* struct itimerval */

__attribute__((noreturn)) void rt_sys_start(uintptr_t *sp);

/* What the kernel told the process when it started. */
static struct {
	uintptr_t sp;                /* the initial stack pointer */
	size_t page;                 /* AT_PAGESZ: 4, 16 or 64 KiB on aarch64 */
} start = { 0, PAGE_UNKNOWN };

/* ---- Entry: sp points at argc, then argv[], NULL, envp[], NULL, then
 * the auxiliary vector's (type, value) pairs up to AT_NULL. */

/* The page size from the auxiliary vector; without one that is a power
 * of two, the largest page size, which every smaller one divides. */
static size_t aux_page_size(char **envp)
{
	while (*envp)
		envp++;
	for (const uintptr_t *aux = (const uintptr_t *)(envp + 1); aux[0] != AT_NULL; aux += 2)
		if (aux[0] == AT_PAGESZ && aux[1] && !(aux[1] & (aux[1] - 1)))
			return aux[1];
	return PAGE_UNKNOWN;
}

void rt_sys_start(uintptr_t *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	start.sp = (uintptr_t)sp;
	start.page = aux_page_size(envp);
	rt_sys_exit(nacre_main(argc, argv, envp));
}

void rt_sys_exit(int code)
{
	for (;;)
		rt_syscall(RT_NR_EXIT_GROUP, code, 0, 0);
}

/* ---- Address space */

size_t rt_sys_page_size(void) { return start.page; }

void *rt_sys_reserve(size_t bytes)
{
	long p = rt_syscall6(RT_NR_MMAP, 0, (long)bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p < 0 && p > -4096 ? NULL : (void *)p;
}

bool rt_sys_commit(void *addr, size_t bytes)
{
	return bytes == 0 || rt_syscall(RT_NR_MPROTECT, addr, bytes, PROT_RW) == 0;
}

void rt_sys_release(void *addr, size_t bytes)
{
	if (addr)
		rt_syscall(RT_NR_MUNMAP, addr, bytes, 0);
}

bool rt_sys_decommit(void *addr, size_t bytes)
{
	long p = rt_syscall6(RT_NR_MMAP, (long)addr, (long)bytes, PROT_NONE,
	                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	return bytes == 0 || p == (long)addr;
}

/* ---- Faults */

static RtSysFaultFn fault_is_trap;
static RtSysRaiseFn fault_raise;

/* The kernel's struct sigaction differs between architectures (arch.h). */
static bool set_action(int sig, void (*handler)(int, void *, void *), unsigned long flags)
{
	RtKSigaction sa = rt_arch_sigaction(handler, flags);
	return rt_syscall6(RT_NR_RT_SIGACTION, sig, (long)&sa, 0, sizeof sa.mask, 0, 0) == 0;
}

/* Where the fault handler sends a guard fault: the faulting stack has no
 * room left for the call into the trap. */
static uint8_t trap_stack[16 << 10] __attribute__((aligned(16)));

/* A trap resumes the thread in raise(pc) on its own stack; anything else
 * gets the default action back and, when the instruction runs again (or
 * the signal is sent again), kills the process with its own signal. */
static void on_fault(int sig, void *info, void *uc)
{
	int code = ((const int *)info)[2];
	uintptr_t addr = *(const uintptr_t *)((const char *)info + 16);
	uintptr_t pc = rt_arch_fault_pc(uc);
	if (code > 0 && fault_is_trap && fault_is_trap(addr, pc)) {
		if (rt_sys_stack_guard_holds(addr))
			rt_arch_set_sp(uc, (uintptr_t)(trap_stack + sizeof trap_stack));
		rt_arch_redirect(uc, fault_raise, pc);
		return;
	}
	set_action(sig, 0, 0);
	if (code <= 0)
		rt_syscall(RT_NR_KILL, rt_syscall(RT_NR_GETPID, 0, 0, 0), sig, 0);
}

bool rt_sys_fault_install(RtSysFaultFn is_trap, RtSysRaiseFn raise)
{
	static bool installed, ok;
	fault_raise = raise;
	fault_is_trap = is_trap;
	if (!installed) {
		installed = true;
		ok = set_action(SIGSEGV, on_fault, SA_SIGINFO | SA_ONSTACK) &&
		     set_action(SIGBUS, on_fault, SA_SIGINFO | SA_ONSTACK);
	}
	return ok;
}

/* ---- The timer (--timeout) */

static struct {
	void (*fn)(void *);
	void *arg;
} alarm_to;

static void on_alarm(int sig, void *info, void *uc)
{
	if (alarm_to.fn)
		alarm_to.fn(alarm_to.arg);
}

bool rt_sys_alarm(uint64_t ns, void (*fn)(void *), void *arg)
{
	alarm_to.fn = fn;
	alarm_to.arg = arg;
	uint64_t us = ns / 1000 ? ns / 1000 : 1;
	KItimer t = { 0, 0, (long)(us / 1000000), (long)(us % 1000000) };
	return set_action(SIGALRM, on_alarm, SA_SIGINFO | SA_RESTART) &&
	       rt_syscall(RT_NR_SETITIMER, ITIMER_REAL, &t, 0) == 0;
}

/* One alternate stack for the one thread, with a guard page below. */
bool rt_sys_fault_stack(void)
{
	static bool ready;
	if (ready)
		return true;
	size_t page = start.page;
	uint8_t *mem = rt_sys_reserve(ALT_STACK_SIZE + page);
	if (!mem || !rt_sys_commit(mem + page, ALT_STACK_SIZE)) {
		rt_sys_release(mem, ALT_STACK_SIZE + page);
		return false;
	}
	KStack ss = { mem + page, 0, ALT_STACK_SIZE };
	if (rt_syscall(RT_NR_SIGALTSTACK, &ss, 0, 0) != 0) {
		rt_sys_release(mem, ALT_STACK_SIZE + page);
		return false;
	}
	return ready = true;
}

/* ---- The Wasm stack: mapped here, so that its size is the build's
 * (--stack-size), whatever RLIMIT_STACK says.  From low to high: the
 * guard, then the usable stack. */

int rt_sys_stack_call(void *top, int (*fn)(void *), void *arg); /* <arch>/entry.S */

static struct {
	uintptr_t guard, low, high;  /* all 0 while none is mapped */
} wasm_stack;

int rt_sys_stack_run(size_t wasm_bytes, int (*fn)(void *), void *arg)
{
	size_t page = start.page;
	if (wasm_bytes > (size_t)1 << 40) /* the driver allows 4 GiB */
		return -1;
	size_t usable = (wasm_bytes + RT_SYS_STACK_HOST + page - 1) & ~(page - 1);
	uint8_t *mem = rt_sys_reserve(RT_SYS_STACK_GUARD + usable);
	if (!mem || !rt_sys_commit(mem + RT_SYS_STACK_GUARD, usable)) {
		rt_sys_release(mem, RT_SYS_STACK_GUARD + usable);
		return -1;
	}
	wasm_stack.guard = (uintptr_t)mem;
	wasm_stack.low = wasm_stack.guard + RT_SYS_STACK_GUARD;
	wasm_stack.high = wasm_stack.low + usable;
	int r = rt_sys_stack_call((void *)wasm_stack.high, fn, arg);
	wasm_stack.guard = wasm_stack.low = wasm_stack.high = 0;
	rt_sys_release(mem, RT_SYS_STACK_GUARD + usable);
	return r;
}

bool rt_sys_stack_guard_holds(uintptr_t addr)
{
	return addr >= wasm_stack.guard && addr < wasm_stack.low;
}

static bool on_wasm_stack(void)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	return sp >= wasm_stack.low && sp < wasm_stack.high;
}

/* On the Wasm stack, its end above the guard.  Otherwise the main
 * thread's stack grows down to RLIMIT_STACK below its top, which lies
 * just above the arguments and environment: count from the initial stack
 * pointer, allowing up to 256 KiB (a quarter of the limit) for what sits
 * above it; an unlimited stack counts as 8 MiB. */
uintptr_t rt_sys_stack_low(void)
{
	if (on_wasm_stack())
		return wasm_stack.low;
	KRlimit lim;
	uintptr_t initial_sp = start.sp;
	if (!initial_sp || rt_syscall6(RT_NR_PRLIMIT64, 0, RLIMIT_STACK, 0, (long)&lim, 0, 0) != 0)
		return 0;
	uint64_t size = lim.cur > ((uint64_t)1 << 30) ? (uint64_t)8 << 20 : lim.cur;
	uint64_t above = size / 4 < (256 << 10) ? size / 4 : 256 << 10; /* arguments, environment, auxv */
	if (initial_sp < size)
		return 0;
	return initial_sp - size + above;
}

/* ---- Shared objects: a static executable has none. */

void *rt_sys_library_open(const char *path, RtSysLibraryCheck check, char *err, size_t errlen)
{
	(void)path, (void)check;
	static const char why[] = "cannot load shared objects in a static executable";
	size_t i = 0;
	for (; errlen && i < errlen - 1 && why[i]; i++)
		err[i] = why[i];
	if (errlen)
		err[i] = 0;
	return NULL;
}

void *rt_sys_library_symbol(void *lib, const char *name) { (void)lib, (void)name; return NULL; }
void rt_sys_library_close(void *lib) { (void)lib; }

/* Everything is in the one executable, whose ELF header the linker names. */
extern const char __ehdr_start[];
uintptr_t rt_sys_code_base(uintptr_t pc)
{
	return pc ? (uintptr_t)__ehdr_start : 0;
}

/* ---- Services for the WASI shim */

long rt_sys_write(int fd, const void *buf, size_t n)
{
	return rt_syscall(RT_NR_WRITE, fd, buf, n);
}

bool rt_sys_isatty(int fd)
{
	uint8_t termios[64];
	return rt_syscall(RT_NR_IOCTL, fd, TCGETS, termios) == 0;
}

static int clock_call(long nr, uint32_t clock, uint64_t *ns)
{
	KTimespec ts;
	long r = rt_syscall(nr, clock, &ts, 0);
	if (r != 0)
		return (int)r;
	*ns = (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
	return 0;
}

int rt_sys_clock_time(uint32_t clock, uint64_t *ns) { return clock_call(RT_NR_CLOCK_GETTIME, clock, ns); }
int rt_sys_clock_res(uint32_t clock, uint64_t *ns) { return clock_call(RT_NR_CLOCK_GETRES, clock, ns); }

int rt_sys_random(void *buf, size_t n)
{
	for (size_t done = 0; done < n;) {
		long r = rt_syscall(RT_NR_GETRANDOM, (uint8_t *)buf + done, n - done, 0);
		if (r < 0 && r != -4) /* EINTR */
			return (int)r;
		if (r > 0)
			done += (size_t)r;
	}
	return 0;
}

static size_t length(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

void rt_sys_fatal(const char *msg)
{
	rt_sys_write(2, msg, length(msg));
	rt_sys_write(2, "\n", 1);
	set_action(SIGABRT, 0, 0);
	uint64_t unblock = (uint64_t)1 << (SIGABRT - 1);
	rt_syscall6(RT_NR_RT_SIGPROCMASK, 1 /* SIG_UNBLOCK */, (long)&unblock, 0, sizeof unblock, 0, 0);
	rt_syscall(RT_NR_KILL, rt_syscall(RT_NR_GETPID, 0, 0, 0), SIGABRT, 0);
	rt_sys_exit(134);
}
