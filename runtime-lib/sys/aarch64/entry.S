/* runtime-lib/sys/aarch64/entry.S: the freestanding executable's entry
 * point, the jump buffer for traps and the switch to the Wasm stack.
 * _start hands the initial stack pointer (argc, argv..., 0, envp..., 0,
 * auxv) to rt_sys_start in linux.c.  No signal restorer: the kernel's
 * vdso provides one.  Built with branch protection, every function
 * starts with `bti c` (hint 34). */
#include "../gnu_property.h"

	.text
	.globl _start
	.type _start, %function
_start:
	mov x29, #0
	mov x30, #0
	mov x0, sp              /* the kernel leaves sp 16-byte aligned */
	bl rt_sys_start
	brk #0
	.size _start, .-_start

/* int rt_sys_jump_set(RtSysJump j): saves x19-x28, the frame pointer,
 * the return address, sp and d8-d15 (AAPCS64's callee-saved registers);
 * returns 0, then 1 when rt_sys_jump_to(j) comes back. */
	.globl rt_sys_jump_set
	.hidden rt_sys_jump_set
	.type rt_sys_jump_set, %function
rt_sys_jump_set:
	hint #34
	stp x19, x20, [x0, #0]
	stp x21, x22, [x0, #16]
	stp x23, x24, [x0, #32]
	stp x25, x26, [x0, #48]
	stp x27, x28, [x0, #64]
	stp x29, x30, [x0, #80]
	mov x1, sp
	str x1, [x0, #96]
	stp d8, d9, [x0, #104]
	stp d10, d11, [x0, #120]
	stp d12, d13, [x0, #136]
	stp d14, d15, [x0, #152]
	mov w0, #0
	ret
	.size rt_sys_jump_set, .-rt_sys_jump_set

/* Returns with `ret`, which branch protection does not check. */
	.globl rt_sys_jump_to
	.hidden rt_sys_jump_to
	.type rt_sys_jump_to, %function
rt_sys_jump_to:
	hint #34
	ldp x19, x20, [x0, #0]
	ldp x21, x22, [x0, #16]
	ldp x23, x24, [x0, #32]
	ldp x25, x26, [x0, #48]
	ldp x27, x28, [x0, #64]
	ldp x29, x30, [x0, #80]
	ldr x1, [x0, #96]
	mov sp, x1
	ldp d8, d9, [x0, #104]
	ldp d10, d11, [x0, #120]
	ldp d12, d13, [x0, #136]
	ldp d14, d15, [x0, #152]
	mov w0, #1
	ret
	.size rt_sys_jump_to, .-rt_sys_jump_to

/* int rt_sys_stack_call(void *top, int (*fn)(void *), void *arg): calls
 * fn(arg) with sp at top (16-byte aligned), and returns its result on
 * the caller's stack, kept in the frame pointer meanwhile. */
	.globl rt_sys_stack_call
	.hidden rt_sys_stack_call
	.type rt_sys_stack_call, %function
rt_sys_stack_call:
	hint #34
	stp x29, x30, [sp, #-16]!
	mov x29, sp
	mov sp, x0
	mov x0, x2
	blr x1
	mov sp, x29
	ldp x29, x30, [sp], #16
	ret
	.size rt_sys_stack_call, .-rt_sys_stack_call

/* With -mbranch-protection, say so, as the C objects do, so that the
 * linker can mark the executable BTI- and PAC-compatible. */
#if defined(__ARM_FEATURE_BTI_DEFAULT)
	gnu_property 0xc0000000, 3   /* GNU_PROPERTY_AARCH64_FEATURE_1_AND: BTI | PAC */
#endif

	.section .note.GNU-stack, "", %progbits
