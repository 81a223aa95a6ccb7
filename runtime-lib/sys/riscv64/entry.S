/* runtime-lib/sys/riscv64/entry.S: the freestanding executable's entry
 * point, the jump buffer for traps and the switch to the Wasm stack.
 * _start sets the global pointer and hands the initial stack pointer
 * (argc, argv..., 0, envp..., 0, auxv) to rt_sys_start in linux.c.  No
 * signal restorer: the kernel's vdso provides one. */
	.text
	.globl _start
	.type _start, %function
_start:
	.option push
	.option norelax
	lla gp, __global_pointer$
	.option pop
	li s0, 0
	li ra, 0
	mv a0, sp
	andi sp, sp, -16
	call rt_sys_start
	unimp
	.size _start, .-_start

/* int rt_sys_jump_set(RtSysJump j): saves s0-s11, ra, sp and fs0-fs11
 * (the psABI's callee-saved registers); returns 0, then 1 when
 * rt_sys_jump_to(j) comes back. */
	.globl rt_sys_jump_set
	.hidden rt_sys_jump_set
	.type rt_sys_jump_set, %function
rt_sys_jump_set:
	sd s0, 0(a0)
	sd s1, 8(a0)
	sd s2, 16(a0)
	sd s3, 24(a0)
	sd s4, 32(a0)
	sd s5, 40(a0)
	sd s6, 48(a0)
	sd s7, 56(a0)
	sd s8, 64(a0)
	sd s9, 72(a0)
	sd s10, 80(a0)
	sd s11, 88(a0)
	sd ra, 96(a0)
	sd sp, 104(a0)
	fsd fs0, 112(a0)
	fsd fs1, 120(a0)
	fsd fs2, 128(a0)
	fsd fs3, 136(a0)
	fsd fs4, 144(a0)
	fsd fs5, 152(a0)
	fsd fs6, 160(a0)
	fsd fs7, 168(a0)
	fsd fs8, 176(a0)
	fsd fs9, 184(a0)
	fsd fs10, 192(a0)
	fsd fs11, 200(a0)
	li a0, 0
	ret
	.size rt_sys_jump_set, .-rt_sys_jump_set

	.globl rt_sys_jump_to
	.hidden rt_sys_jump_to
	.type rt_sys_jump_to, %function
rt_sys_jump_to:
	ld s0, 0(a0)
	ld s1, 8(a0)
	ld s2, 16(a0)
	ld s3, 24(a0)
	ld s4, 32(a0)
	ld s5, 40(a0)
	ld s6, 48(a0)
	ld s7, 56(a0)
	ld s8, 64(a0)
	ld s9, 72(a0)
	ld s10, 80(a0)
	ld s11, 88(a0)
	ld ra, 96(a0)
	ld sp, 104(a0)
	fld fs0, 112(a0)
	fld fs1, 120(a0)
	fld fs2, 128(a0)
	fld fs3, 136(a0)
	fld fs4, 144(a0)
	fld fs5, 152(a0)
	fld fs6, 160(a0)
	fld fs7, 168(a0)
	fld fs8, 176(a0)
	fld fs9, 184(a0)
	fld fs10, 192(a0)
	fld fs11, 200(a0)
	li a0, 1
	ret
	.size rt_sys_jump_to, .-rt_sys_jump_to

/* int rt_sys_stack_call(void *top, int (*fn)(void *), void *arg): calls
 * fn(arg) with sp at top (16-byte aligned), and returns its result on
 * the caller's stack, kept in s0 meanwhile. */
	.globl rt_sys_stack_call
	.hidden rt_sys_stack_call
	.type rt_sys_stack_call, %function
rt_sys_stack_call:
	addi sp, sp, -16
	sd ra, 8(sp)
	sd s0, 0(sp)
	mv s0, sp
	mv sp, a0
	mv a0, a2
	jalr a1
	mv sp, s0
	ld s0, 0(sp)
	ld ra, 8(sp)
	addi sp, sp, 16
	ret
	.size rt_sys_stack_call, .-rt_sys_stack_call

	.section .note.GNU-stack, "", %progbits
