/* runtime-lib/sys/riscv64/arch.h: what the OS layer needs to know about
 * riscv64 Linux: system call numbers (the asm-generic table: only the *at
 * calls), the `ecall` instruction, the kernel's struct sigaction, and
 * where its signal frame keeps the registers a fault redirect rewrites
 * (linux.c and libc.c share it).  Every <arch>/arch.h supplies the same names.
 */
#ifndef NACRE_RT_SYS_ARCH_H
#define NACRE_RT_SYS_ARCH_H

#include <stdint.h>

#include "../syscalls_generic.h"

/* open(2) flags that differ between architectures; riscv64 has the
 * generic ones. */
/* What module_check.c asks of a shared object for this architecture: its
 * ELF e_machine (EM_RISCV), the target its .note.nacre names, and the
 * relocation that calls an IFUNC resolver on loading (R_RISCV_IRELATIVE). */
#define RT_ARCH_NAME "riscv64"
enum { RT_ARCH_ELF_MACHINE = 243, RT_ARCH_IRELATIVE = 58 };

enum { RT_O_DIRECTORY = 0200000, RT_O_NOFOLLOW = 0400000 };

/* Number in a7, arguments in a0..a5; the kernel returns -errno in a0. */
static inline long rt_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	__asm__ volatile("ecall"
	                 : "+r"(a0)
	                 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
	                 : "memory");
	return a0;
}

#define rt_syscall(nr, a, b, c) rt_syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* The kernel's struct sigaction.  riscv64 defines no SA_RESTORER, so the
 * structure has no restorer field at all: the kernel returns through its
 * vdso trampoline. */
typedef struct RtKSigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	uint64_t mask;
} RtKSigaction;

static inline RtKSigaction rt_arch_sigaction(void (*handler)(int, void *, void *), unsigned long flags)
{
	RtKSigaction sa = { handler, flags, 0 };
	return sa;
}

/* struct ucontext as the kernel lays it out: uc_flags, uc_link, uc_stack
 * (24 bytes), uc_sigmask padded to 128 bytes, then struct sigcontext
 * aligned to 16 (offset 176), which begins with the general registers in
 * the order pc, ra, sp, gp, tp, t0-t2, s0, s1, a0-a7, ... */
enum { RT_UC_GREGS = 176, RT_UC_PC = 0, RT_UC_RA = 1, RT_UC_SP = 2, RT_UC_A0 = 10 };

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
 * had called it: a0 and ra hold pc.  The psABI has no red zone and keeps
 * sp 16-byte aligned, so the stack stays as it is. */
static inline void rt_arch_redirect(void *uc, void (*fn)(uintptr_t), uintptr_t pc)
{
	uint64_t *r = rt_arch_uc_regs(uc);
	r[RT_UC_SP] &= ~(uint64_t)15;
	r[RT_UC_A0] = pc;
	r[RT_UC_RA] = pc;
	r[RT_UC_PC] = (uintptr_t)fn;
}

/* Checked against the C library's <ucontext.h> by abi_check.c. */
#ifdef NACRE_RT_ARCH_CHECK
_Static_assert(offsetof(ucontext_t, uc_mcontext.__gregs) == RT_UC_GREGS, "gregs");
_Static_assert(REG_PC == RT_UC_PC && REG_RA == RT_UC_RA && REG_SP == RT_UC_SP && REG_A0 == RT_UC_A0, "regs");
#endif

#endif
