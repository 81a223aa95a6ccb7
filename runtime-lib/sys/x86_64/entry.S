/* runtime-lib/sys/x86_64/entry.S: the freestanding executable's entry
 * point, the signal return trampoline, the jump buffer for traps and the
 * switch to the Wasm stack.  _start hands the initial stack pointer
 * (argc, argv..., 0, envp..., 0) to rt_sys_start in linux.c, with the
 * stack aligned as the ABI wants.  Built with -fcf-protection=branch,
 * every function starts with endbr64, as C functions do, so that the
 * executable can be marked IBT-compatible; rt_sys_jump_to's jump lands
 * on the endbr64 the compiler puts after each call of the returns_twice
 * rt_sys_jump_set. */
#include "../gnu_property.h"

	.text
	.globl _start
	.type _start, @function
_start:
	endbr64
	xor %ebp, %ebp
	mov %rsp, %rdi
	and $-16, %rsp
	call rt_sys_start
	hlt
	.size _start, .-_start

/* SA_RESTORER: where a signal handler returns to. */
	.globl rt_sys_restorer
	.hidden rt_sys_restorer
	.type rt_sys_restorer, @function
rt_sys_restorer:
	endbr64
	mov $15, %eax   /* rt_sigreturn */
	syscall
	hlt
	.size rt_sys_restorer, .-rt_sys_restorer

/* int rt_sys_jump_set(RtSysJump j): saves rbx rbp r12-r15 rsp and the
 * return address; returns 0, then 1 when rt_sys_jump_to(j) comes back. */
	.globl rt_sys_jump_set
	.hidden rt_sys_jump_set
	.type rt_sys_jump_set, @function
rt_sys_jump_set:
	endbr64
	mov %rbx, 0(%rdi)
	mov %rbp, 8(%rdi)
	mov %r12, 16(%rdi)
	mov %r13, 24(%rdi)
	mov %r14, 32(%rdi)
	mov %r15, 40(%rdi)
	lea 8(%rsp), %rdx
	mov %rdx, 48(%rdi)
	mov (%rsp), %rdx
	mov %rdx, 56(%rdi)
	xor %eax, %eax
	ret
	.size rt_sys_jump_set, .-rt_sys_jump_set

	.globl rt_sys_jump_to
	.hidden rt_sys_jump_to
	.type rt_sys_jump_to, @function
rt_sys_jump_to:
	endbr64
	mov 0(%rdi), %rbx
	mov 8(%rdi), %rbp
	mov 16(%rdi), %r12
	mov 24(%rdi), %r13
	mov 32(%rdi), %r14
	mov 40(%rdi), %r15
	mov 48(%rdi), %rsp
	mov $1, %eax
	jmp *56(%rdi)
	.size rt_sys_jump_to, .-rt_sys_jump_to

/* int rt_sys_stack_call(void *top, int (*fn)(void *), void *arg): calls
 * fn(arg) with the stack pointer at top (16-byte aligned), and returns
 * its result on the caller's stack, kept in rbp meanwhile. */
	.globl rt_sys_stack_call
	.hidden rt_sys_stack_call
	.type rt_sys_stack_call, @function
rt_sys_stack_call:
	endbr64
	push %rbp
	mov %rsp, %rbp
	mov %rdi, %rsp
	mov %rdx, %rdi
	call *%rsi
	mov %rbp, %rsp
	pop %rbp
	ret
	.size rt_sys_stack_call, .-rt_sys_stack_call

/* With -fcf-protection, say so, as the C objects do, so that the linker
 * can mark the executable IBT-compatible. */
#if defined(__CET__) && (__CET__ & 1)
	gnu_property 0xc0000002, 1   /* GNU_PROPERTY_X86_FEATURE_1_AND: IBT */
#endif

	.section .note.GNU-stack, "", %progbits
