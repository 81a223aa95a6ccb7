/* runtime-lib/sys/aarch64/arch.h: what the OS layer needs to know about
 * aarch64 Linux: system call numbers (the asm-generic table: only the *at
 * calls), the `svc` instruction, the kernel's struct sigaction, and where
 * its signal frame keeps the registers a fault redirect rewrites (linux.c
 * and libc.c share it).  Every <arch>/arch.h supplies the same names.
 */
#ifndef NACRE_RT_SYS_ARCH_H
#define NACRE_RT_SYS_ARCH_H

#include <stdint.h>

#include "../syscalls_generic.h"

/* open(2) flags that differ between architectures: aarch64 swaps
 * O_DIRECTORY and O_NOFOLLOW with O_DIRECT and O_LARGEFILE. */
/* What module_check.c asks of a shared object for this architecture: its
 * ELF e_machine (EM_AARCH64), the target its .note.nacre names, and the
 * relocation that calls an IFUNC resolver on loading (R_AARCH64_IRELATIVE). */
#define RT_ARCH_NAME "aarch64"
enum { RT_ARCH_ELF_MACHINE = 183, RT_ARCH_IRELATIVE = 1032 };

enum { RT_O_DIRECTORY = 040000, RT_O_NOFOLLOW = 0100000 };

/* Number in x8, arguments in x0..x5; the kernel returns -errno in x0. */
static inline long rt_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	__asm__ volatile("svc #0"
	                 : "+r"(x0)
	                 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
	                 : "memory");
	return x0;
}

#define rt_syscall(nr, a, b, c) rt_syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* The kernel's struct sigaction.  It has a restorer field, but without
 * SA_RESTORER the kernel returns through its own vdso trampoline, so no
 * restorer is needed. */
typedef struct RtKSigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
} RtKSigaction;

static inline RtKSigaction rt_arch_sigaction(void (*handler)(int, void *, void *), unsigned long flags)
{
	RtKSigaction sa = { handler, flags, 0, 0 };
	return sa;
}

/* struct ucontext as the kernel lays it out: uc_flags, uc_link, uc_stack
 * (24 bytes), uc_sigmask padded to 128 bytes, then struct sigcontext
 * aligned to 16 (offset 176): fault_address, x0..x30, sp, pc, pstate.
 * rt_arch_uc_regs points at x0; sp and pc follow x30. */
enum { RT_UC_GREGS = 184, RT_UC_X0 = 0, RT_UC_LR = 30, RT_UC_SP = 31, RT_UC_PC = 32 };

static inline uint64_t *rt_arch_uc_regs(void *uc)
{
	return (uint64_t *)((char *)uc + RT_UC_GREGS);
}

static inline uintptr_t rt_arch_fault_pc(void *uc)
{
	return (uintptr_t)rt_arch_uc_regs(uc)[RT_UC_PC];
}

/* Moves the interrupted code to another stack (linux.c: a fault on the
 * Wasm stack's guard leaves no room on its own). */
static inline void rt_arch_set_sp(void *uc, uintptr_t sp)
{
	rt_arch_uc_regs(uc)[RT_UC_SP] = sp;
}

/* Makes the interrupted code resume in fn(pc) as if the instruction at pc
 * had called it: x0 and the link register hold pc.  AAPCS64 on Linux has
 * no red zone and keeps sp 16-byte aligned, so the stack stays as it is. */
static inline void rt_arch_redirect(void *uc, void (*fn)(uintptr_t), uintptr_t pc)
{
	uint64_t *r = rt_arch_uc_regs(uc);
	r[RT_UC_SP] &= ~(uint64_t)15;
	r[RT_UC_X0] = pc;
	r[RT_UC_LR] = pc;
	r[RT_UC_PC] = (uintptr_t)fn;
}

/* Checked against the C library's <ucontext.h> by abi_check.c. */
#ifdef NACRE_RT_ARCH_CHECK
_Static_assert(offsetof(ucontext_t, uc_mcontext.regs) == RT_UC_GREGS + 8 * RT_UC_X0, "x0");
_Static_assert(offsetof(ucontext_t, uc_mcontext.regs[30]) == RT_UC_GREGS + 8 * RT_UC_LR, "lr");
_Static_assert(offsetof(ucontext_t, uc_mcontext.sp) == RT_UC_GREGS + 8 * RT_UC_SP, "sp");
_Static_assert(offsetof(ucontext_t, uc_mcontext.pc) == RT_UC_GREGS + 8 * RT_UC_PC, "pc");
#endif

#endif
