/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * entry64.S - purgatory's entry from relocate_kernel, in 64-bit mode with
 * one CPU and interrupts off.  It loads its own GDT and stack (the old
 * kernel's are not to be trusted, and nothing above our stack is read),
 * runs purgatory_main, then enters the crash kernel's 64-bit entry with
 * the boot_params pointer in %rsi, as the x86 boot protocol asks.
 */
#include <kexec-vtd/purgatory-contract.h>
#include <kexec-vtd/x86.h>

#define STACK_SIZE 16384

	.text
	.code64
	.globl purgatory_start
	.type purgatory_start, @function
purgatory_start:
	cli
	cld
	movabs	$gdt_desc, %rax
	lgdt	(%rax)
	movl	$X86_BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	/* Reload %cs through a far return. */
	movabs	$1f, %rax
	pushq	$X86_BOOT_CS
	pushq	%rax
	lretq
1:
	movabs	$stack_end, %rsp
	movabs	$purgatory_main, %rax
	call	*%rax

	movabs	$vtd_purgatory_args, %rax
	movq	VTD_PURGATORY_OFF_ENTRY_RSI(%rax), %rsi
	movq	VTD_PURGATORY_OFF_ENTRY_RIP(%rax), %rcx
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*%rcx
	.size purgatory_start, . - purgatory_start

	.data
	.balign 16
gdt:
	.quad	0
	.quad	0
	.quad	X86_GDT_CODE64		/* X86_BOOT_CS */
	.quad	X86_GDT_DATA		/* X86_BOOT_DS */
gdt_end:
	.balign 8
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	gdt

	.bss
	.balign 16
stack:
	.skip	STACK_SIZE
stack_end:
	.section .note.GNU-stack, "", @progbits
