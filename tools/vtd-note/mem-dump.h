/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mem-dump.h - the crashed machine's memory in a dump, by physical
 * address, for lib/walk.c's struct vtd_mem: an ELF dump (a copy of
 * /proc/vmcore, makedumpfile -E) through mem-elf.c, a kdump-compressed
 * one through mem-kdump.c.
 */
#ifndef VN_MEM_DUMP_H
#define VN_MEM_DUMP_H

#include <kexec-vtd/walk.h>

#include "mem-elf.h"
#include "mem-kdump.h"

struct vn_dump_mem {
	bool elf;
	struct vn_elf_mem em;
	struct vn_kdump_mem km;
};

/*
 * Open @path for reading its memory into @mem.  Returns 0, or a
 * negative code after printing why (neither format; a flattened stream:
 * makedumpfile -R first).
 */
int vn_dump_mem_open(struct vn_dump_mem *dm, const char *path,
		     struct vtd_mem *mem);
void vn_dump_mem_close(struct vn_dump_mem *dm);

#endif /* VN_MEM_DUMP_H */
