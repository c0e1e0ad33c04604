/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mem-elf.h - the crashed machine's memory in an ELF dump read in place
 * (/proc/vmcore saved, makedumpfile -E): its PT_LOAD segments by physical
 * address, for lib/walk.c's struct vtd_mem.  A page makedumpfile left
 * out lies in no segment and reads as absent; a segment's bytes past its
 * file size read as zero (how makedumpfile -E writes zero pages); bytes
 * the file should hold but ends before (a dump cut short) as absent,
 * said once.  Ours, not libkdumpfile's: 0.5 reads those as zeros.
 */
#ifndef VN_MEM_ELF_H
#define VN_MEM_ELF_H

#include <stdbool.h>
#include <stdint.h>

#include <kexec-vtd/walk.h>

struct vn_elf_seg {
	uint64_t pa, filesz, memsz, off;
};

struct vn_elf_mem {
	int fd;
	const char *path;
	bool cut_said; /* a read past the file's end was named */
	struct vn_elf_seg *seg;
	size_t nr;
	uint64_t end; /* the highest segment's end */
};

/*
 * Open @path, an ELF dump, for reading its memory.  Returns 0, or a
 * negative code after printing why (not ELF; no PT_LOAD).
 */
int vn_elf_mem_open(struct vn_elf_mem *em, const char *path);
void vn_elf_mem_close(struct vn_elf_mem *em);
/* struct vtd_mem's read for @ctx, a struct vn_elf_mem. */
int vn_elf_mem_read(void *ctx, uint64_t pa, void *buf, size_t len);

#endif /* VN_MEM_ELF_H */
