/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mem-dump.h - the crashed machine's memory in a dump file, by physical
 * address, for lib/walk.c's struct vtd_mem: read through libkdumpfile,
 * which knows the formats the kdump services write (an ELF dump, a copy
 * of /proc/vmcore or makedumpfile -E; makedumpfile's kdump-compressed
 * dump, -c/-l/-p/-z).  A page the dump left out (makedumpfile -d) reads
 * as absent; a zero page it dropped reads as zero, as makedumpfile means.
 */
#ifndef VN_MEM_DUMP_H
#define VN_MEM_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include <kexec-vtd/walk.h>

struct vn_dump_mem {
	int fd;
	struct _kdump_ctx *ctx; /* libkdumpfile's kdump_ctx_t */
	const char *path;
};

/*
 * Open @path, a dump, for reading its memory.  Returns 0, or a negative
 * code after printing why (not a dump libkdumpfile knows: it says which
 * formats it read; a flattened stream: makedumpfile -R first).
 */
int vn_dump_mem_open(struct vn_dump_mem *dm, const char *path);
void vn_dump_mem_close(struct vn_dump_mem *dm);
/* struct vtd_mem's read for @ctx, a struct vn_dump_mem. */
int vn_dump_mem_read(void *ctx, uint64_t pa, void *buf, size_t len);

#endif /* VN_MEM_DUMP_H */
