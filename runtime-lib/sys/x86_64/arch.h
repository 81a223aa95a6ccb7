/* runtime-lib/sys/x86_64/arch.h: what the OS layer needs to know about
 * x86-64 Linux: system call numbers, the `syscall` instruction, the
 * kernel's struct sigaction, and where its signal frame keeps the
 * registers a fault redirect rewrites (linux.c and libc.c share it).
 * Every <arch>/arch.h supplies the same names.
 */
#ifndef NACRE_RT_SYS_ARCH_H
#define NACRE_RT_SYS_ARCH_H

#include <stdint.h>

/* What module_check.c asks of a shared object for this architecture: its
 * ELF e_machine (EM_X86_64), the target its .note.nacre names, and the
 * relocation that calls an IFUNC resolver on loading (R_X86_64_IRELATIVE). */
#define RT_ARCH_NAME "x86_64"
enum { RT_ARCH_ELF_MACHINE = 62, RT_ARCH_IRELATIVE = 37 };

enum {
	RT_NR_WRITE = 1, RT_NR_MMAP = 9, RT_NR_MPROTECT = 10, RT_NR_MUNMAP = 11,
	RT_NR_RT_SIGACTION = 13, RT_NR_RT_SIGPROCMASK = 14, RT_NR_IOCTL = 16,
	RT_NR_GETPID = 39, RT_NR_KILL = 62, RT_NR_SIGALTSTACK = 131,
	RT_NR_CLOCK_GETTIME = 228, RT_NR_CLOCK_GETRES = 229, RT_NR_EXIT_GROUP = 231,
	RT_NR_PRLIMIT64 = 302, RT_NR_GETRANDOM = 318, RT_NR_SETITIMER = 38,
	/* files.c */
	RT_NR_READ = 0, RT_NR_CLOSE = 3, RT_NR_LSEEK = 8, RT_NR_READV = 19, RT_NR_WRITEV = 20,
	RT_NR_SCHED_YIELD = 24, RT_NR_SENDMSG = 46, RT_NR_RECVMSG = 47, RT_NR_SHUTDOWN = 48,
	RT_NR_GETSOCKOPT = 55, RT_NR_FCNTL = 72, RT_NR_FSYNC = 74, RT_NR_FDATASYNC = 75,
	RT_NR_FTRUNCATE = 77, RT_NR_GETTID = 186, RT_NR_GETDENTS64 = 217, RT_NR_FADVISE = 221,
	RT_NR_TGKILL = 234, RT_NR_OPENAT = 257, RT_NR_MKDIRAT = 258, RT_NR_UNLINKAT = 263,
	RT_NR_LINKAT = 265, RT_NR_SYMLINKAT = 266, RT_NR_READLINKAT = 267, RT_NR_PPOLL = 271,
	RT_NR_UTIMENSAT = 280, RT_NR_FALLOCATE = 285, RT_NR_ACCEPT4 = 288, RT_NR_PREADV = 295,
	RT_NR_PWRITEV = 296, RT_NR_RENAMEAT2 = 316, RT_NR_STATX = 332, RT_NR_OPENAT2 = 437,
};

/* open(2) flags that differ between architectures (aarch64 has its own
 * O_DIRECTORY and O_NOFOLLOW); the rest are the same everywhere. */
enum { RT_O_DIRECTORY = 0200000, RT_O_NOFOLLOW = 0400000 };

/* The kernel returns -errno in rax; rcx and r11 are clobbered. */
static inline long rt_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;
	__asm__ volatile("syscall"
	                 : "=a"(ret)
	                 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
	                 : "rcx", "r11", "memory");
	return ret;
}

#define rt_syscall(nr, a, b, c) rt_syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* The kernel's struct sigaction.  x86-64 has no signal trampoline of its
 * own: every handler needs SA_RESTORER and a restorer that makes the
 * rt_sigreturn call (rt_sys_restorer in entry.S). */
typedef struct RtKSigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
} RtKSigaction;

void rt_sys_restorer(void);

static inline RtKSigaction rt_arch_sigaction(void (*handler)(int, void *, void *), unsigned long flags)
{
	RtKSigaction sa = { handler, flags | 0x04000000 /* SA_RESTORER */, rt_sys_restorer, 0 };
	return sa;
}

/* struct ucontext as the kernel lays it out: uc_flags, uc_link,
 * uc_stack (24 bytes), then struct sigcontext, whose general registers
 * are r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip. */
enum { RT_UC_GREGS = 40, RT_UC_RDI = 8, RT_UC_RSP = 15, RT_UC_RIP = 16 };

static inline uint64_t *rt_arch_uc_regs(void *uc)
{
	return (uint64_t *)((char *)uc + RT_UC_GREGS);
}

static inline uintptr_t rt_arch_fault_pc(void *uc)
{
	return (uintptr_t)rt_arch_uc_regs(uc)[RT_UC_RIP];
}

/* Moves the interrupted code to another stack (linux.c: a fault on the
 * Wasm stack's guard leaves no room on its own). */
static inline void rt_arch_set_sp(void *uc, uintptr_t sp)
{
	rt_arch_uc_regs(uc)[RT_UC_RSP] = sp;
}

/* Makes the interrupted code resume in fn(pc) as if the instruction at pc
 * had called it: the return address pushed below the 128-byte red zone
 * (which the interrupted code may still use), the stack aligned as at a
 * call.  Not instrumented: the write below the stack pointer is meant. */
__attribute__((no_sanitize("address"))) static inline void rt_arch_redirect(void *uc, void (*fn)(uintptr_t),
                                                                             uintptr_t pc)
{
	uint64_t *r = rt_arch_uc_regs(uc);
	uintptr_t sp = (((uintptr_t)r[RT_UC_RSP] - 128) & ~(uintptr_t)15) - 8;
	*(uintptr_t *)sp = pc;
	r[RT_UC_RSP] = sp;
	r[RT_UC_RDI] = pc;
	r[RT_UC_RIP] = (uintptr_t)fn;
}

/* Checked against the C library's <ucontext.h> by abi_check.c. */
#ifdef NACRE_RT_ARCH_CHECK
_Static_assert(offsetof(ucontext_t, uc_mcontext.gregs[REG_RDI]) == RT_UC_GREGS + 8 * RT_UC_RDI, "rdi");
_Static_assert(offsetof(ucontext_t, uc_mcontext.gregs[REG_RSP]) == RT_UC_GREGS + 8 * RT_UC_RSP, "rsp");
_Static_assert(offsetof(ucontext_t, uc_mcontext.gregs[REG_RIP]) == RT_UC_GREGS + 8 * RT_UC_RIP, "rip");
#endif

#endif
