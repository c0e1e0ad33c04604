/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86.h - the x86_64 platform facts purgatory and the loader use: page
 * table entry bits and paging modes (Intel SDM vol. 3, 4.5), the control
 * register bits that select them (SDM vol. 3, 2.5), the boot GDT of the Linux
 * x86 boot protocol, and the 8250 UART registers of the serial console.
 * Usable from assembly.
 */
#ifndef KEXEC_VTD_X86_H
#define KEXEC_VTD_X86_H

/* --- 4- and 5-level paging entries (the same format at every level) --- */
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
#define X86_PTE_NX (1ull << 63)
#define X86_PT_ENTRIES 512
#define X86_PAGE_SHIFT 12
#define X86_PAGE_SIZE (1 << X86_PAGE_SHIFT)
#define X86_LEVEL_STRIDE 9
/*
 * Levels are numbered from the leaf: 1 maps 4 KiB, 2 may map 2 MiB (PS),
 * 3 may map 1 GiB (PS); at 4 (PML4) and 5 (PML5) PS is reserved.
 */
#define X86_PT_LARGE_MAX_LEVEL 3
#define X86_PT_LEVELS_4 4 /* IA-32e 4-level paging: 48-bit addresses */
#define X86_PT_LEVELS_5 5 /* 5-level paging (CR4.LA57): 57-bit addresses */

/* --- control registers --- */
#define X86_CR4_LA57 (1ull << 12) /* 5-level paging is in use */
/*
 * The low 12 bits of CR3: PWT and PCD for the top table, or the PCID when
 * CR4.PCIDE is set.  Kept as found when purgatory switches tables.
 */
#define X86_CR3_LOW_BITS 0xfffull

/* --- the boot protocol's GDT (Documentation/arch/x86/boot.rst) --- */
#define X86_BOOT_CS 0x10
#define X86_BOOT_DS 0x18
#define X86_GDT_CODE64 0x00af9a000000ffff /* long mode, present */
#define X86_GDT_DATA 0x00cf92000000ffff

/* --- 8250 UART, offsets from the I/O base --- */
#define UART_THR 0	   /* transmit holding register */
#define UART_LSR 5	   /* line status */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */
/* The first serial port (COM1, Linux's ttyS0): its legacy I/O base. */
#define X86_COM1_PORT 0x3f8

/* --- the Linux x86 boot protocol (Documentation/arch/x86/boot.rst) --- */
#define X86_BOOT_SETUP_SECTS 0x1f1 /* u8; 0 means 4 */
#define X86_BOOT_FLAG 0x1fe	   /* u16 0xaa55 */
#define X86_BOOT_FLAG_MAGIC 0xaa55
#define X86_BOOT_JUMP 0x200    /* 2 bytes; [0x201] = header length - 2 */
#define X86_BOOT_HEADER 0x202  /* "HdrS" */
#define X86_BOOT_VERSION 0x206 /* u16 */
#define X86_BOOT_TYPE_OF_LOADER 0x210
#define X86_BOOT_LOADFLAGS 0x211
#define X86_BOOT_RAMDISK_IMAGE 0x218
#define X86_BOOT_RAMDISK_SIZE 0x21c
#define X86_BOOT_CMD_LINE_PTR 0x228
#define X86_BOOT_KERNEL_ALIGNMENT 0x230 /* u32 */
#define X86_BOOT_RELOCATABLE 0x234	/* u8 */
#define X86_BOOT_XLOADFLAGS 0x236	/* u16 */
#define X86_BOOT_CMDLINE_SIZE 0x238	/* u32 */
#define X86_BOOT_PREF_ADDRESS 0x258	/* u64 */
#define X86_BOOT_INIT_SIZE 0x260	/* u32 */
#define X86_BOOT_SECTOR 512
#define X86_BOOT_MIN_VERSION 0x020c	  /* 2.12: xloadflags */
#define X86_BOOT_ACPI_RSDP_VERSION 0x020e /* 2.14: acpi_rsdp_addr */
#define X86_XLF_KERNEL_64 0x1
#define X86_XLF_CAN_BE_LOADED_ABOVE_4G 0x2
#define X86_TYPE_OF_LOADER_UNDEFINED 0xff
#define X86_ENTRY64_OFFSET 0x200 /* 64-bit entry from the load address */
/* boot_params ("zero page") fields outside the setup header */
#define X86_BP_SIZE 4096
#define X86_BP_ACPI_RSDP 0x070 /* u64 */
#define X86_BP_EXT_RAMDISK_IMAGE 0x0c0
#define X86_BP_EXT_RAMDISK_SIZE 0x0c4
#define X86_BP_EXT_CMD_LINE_PTR 0x0c8
#define X86_BP_E820_ENTRIES 0x1e8 /* u8 */
#define X86_BP_E820_TABLE 0x2d0	  /* 128 entries of 20 bytes */
#define X86_BP_EFI_INFO 0x1c0	  /* struct efi_info, 32 bytes */
#define X86_EFI_INFO_SIZE 32
#define X86_EFI_INFO_MEMDESC_SIZE 0x08 /* offsets within efi_info */
#define X86_EFI_INFO_MEMDESC_VERSION 0x0c
#define X86_EFI_INFO_MEMMAP 0x10
#define X86_EFI_INFO_MEMMAP_SIZE 0x14
#define X86_EFI_INFO_MEMMAP_HI 0x1c
#define X86_BOOT_SETUP_DATA 0x250 /* u64: list of struct setup_data */
#define X86_SETUP_DATA_HDR 16	  /* next (u64), type, len (u32) */
#define X86_SETUP_EFI 4
/* struct efi_setup_data: fw_vendor, unused, tables, smbios, reserved[8] */
#define X86_EFI_SETUP_DATA_SIZE 96
#define X86_E820_ENTRY_SIZE 20
#define X86_E820_MAX 128

#endif /* KEXEC_VTD_X86_H */
