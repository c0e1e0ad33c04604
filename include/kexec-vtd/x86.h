/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86.h - the x86_64 platform facts purgatory and the loader use: page
 * table entry bits (Intel SDM vol. 3, 4.5), the boot GDT of the Linux
 * x86 boot protocol, and the 8250 UART registers of the serial console.
 * Usable from assembly.
 */
#ifndef KEXEC_VTD_X86_H
#define KEXEC_VTD_X86_H

/* --- 4-level paging entries --- */
#define X86_PTE_P 0x001ull /* present */
#define X86_PTE_RW 0x002ull
#define X86_PTE_US 0x004ull
#define X86_PTE_PWT 0x008ull /* write-through */
#define X86_PTE_PCD 0x010ull /* cache disable */
#define X86_PTE_A 0x020ull
#define X86_PTE_D 0x040ull
#define X86_PTE_PS 0x080ull		   /* large page (PDPTE, PDE) */
#define X86_PTE_PAT_4K 0x080ull		   /* PAT bit of a 4 KiB PTE */
#define X86_PTE_PAT_LARGE 0x1000ull	   /* PAT bit of a 2 MiB/1 GiB entry */
#define X86_PTE_ADDR 0x000ffffffffff000ull /* bits 51:12 */
#define X86_PT_ENTRIES 512
#define X86_PT_LEVELS 4
#define X86_PAGE_SHIFT 12
#define X86_PAGE_SIZE 4096
#define X86_LEVEL_STRIDE 9

/* --- the boot protocol's GDT (Documentation/arch/x86/boot.rst) --- */
#define X86_BOOT_CS 0x10
#define X86_BOOT_DS 0x18
#define X86_GDT_CODE64 0x00af9a000000ffff /* long mode, present */
#define X86_GDT_DATA 0x00cf92000000ffff

/* --- 8250 UART, offsets from the I/O base --- */
#define UART_THR 0	   /* transmit holding register */
#define UART_LSR 5	   /* line status */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

#endif /* KEXEC_VTD_X86_H */
