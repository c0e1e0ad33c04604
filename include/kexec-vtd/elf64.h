/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * elf64.h - the ELF64 layout facts kexec-vtd reads by hand (System V gABI,
 * "ELF Header", "Program Header", "Note Section"): where the crash
 * kernel's walk of the elfcorehdr finds its fields, and the size of a
 * note record's header.  Offsets are in bytes from the start of each
 * structure; values are little-endian on x86_64.  Named once here so the
 * freestanding code (lib/, purgatory/) needs no libc <elf.h>; the prefix keeps
 * clear of the kernel's and libc's ELF names.
 */
#ifndef KEXEC_VTD_ELF64_H
#define KEXEC_VTD_ELF64_H

/* --- e_ident --- */
#define VTD_ELF_MAGIC "\177ELF"
#define VTD_ELF_MAGIC_SIZE 4
#define VTD_ELF_EI_CLASS 4 /* e_ident[EI_CLASS] */
#define VTD_ELF_EI_DATA 5  /* e_ident[EI_DATA] */
#define VTD_ELF_CLASS64 2
#define VTD_ELF_DATA_LSB 1 /* little-endian */

/* --- ELF64 file header (Elf64_Ehdr) --- */
#define VTD_ELF64_EHDR_SIZE 64
#define VTD_ELF64_EHDR_PHOFF 0x20     /* u64: program headers' offset */
#define VTD_ELF64_EHDR_PHENTSIZE 0x36 /* u16: one program header's size */
#define VTD_ELF64_EHDR_PHNUM 0x38     /* u16: how many */

/* --- ELF64 program header (Elf64_Phdr) --- */
#define VTD_ELF64_PHDR_SIZE 56
#define VTD_ELF64_PHDR_TYPE 0	 /* u32 p_type */
#define VTD_ELF64_PHDR_OFFSET 8	 /* u64 p_offset */
#define VTD_ELF64_PHDR_PADDR 24	 /* u64 p_paddr */
#define VTD_ELF64_PHDR_FILESZ 32 /* u64 p_filesz */
#define VTD_ELF64_PHDR_MEMSZ 40	 /* u64 p_memsz */
#define VTD_ELF_PT_LOAD 1
#define VTD_ELF_PT_NOTE 4

/*
 * --- Note record header (Elf64_Nhdr is Elf32_Nhdr) ---
 * Three 4-byte words (n_namesz, n_descsz, n_type); name and descriptor
 * are each padded to 4 bytes.
 */
#define VTD_ELF_NHDR_SIZE 12
#define VTD_ELF_NOTE_ALIGN 4

#endif /* KEXEC_VTD_ELF64_H */
