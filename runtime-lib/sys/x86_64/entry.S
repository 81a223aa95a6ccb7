/* runtime-lib/sys/x86_64/entry.S: the freestanding executable's entry
 * point, the signal return trampoline, and the jump buffer for traps.
 * _start hands the initial stack pointer (argc, argv..., 0, envp..., 0)
 * to rt_sys_start in linux.c, with the stack aligned as the ABI wants. */
	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp
	mov %rsp, %rdi
	and $-16, %rsp
	call rt_sys_start
	hlt
	.size _start, .-_start

/* SA_RESTORER: where a signal handler returns to. */
	.globl rt_sys_restorer
	.type rt_sys_restorer, @function
rt_sys_restorer:
	mov $15, %eax   /* rt_sigreturn */
	syscall
	hlt
	.size rt_sys_restorer, .-rt_sys_restorer

/* int rt_sys_jump_set(RtSysJump j): saves rbx rbp r12-r15 rsp and the
 * return address; returns 0, then 1 when rt_sys_jump_to(j) comes back. */
	.globl rt_sys_jump_set
	.type rt_sys_jump_set, @function
rt_sys_jump_set:
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
	.type rt_sys_jump_to, @function
rt_sys_jump_to:
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

	.section .note.GNU-stack, "", %progbits
