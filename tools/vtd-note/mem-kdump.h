/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mem-kdump.h - the crashed machine's memory in a kdump-compressed dump
 * (makedumpfile -c, -l, -p, -z or none), by physical address: the pages
 * read and decompressed by libkdumpfile.  A page the dump left out
 * (makedumpfile -d) reads as absent.
 *
 * libkdumpfile 0.5 gives zeros, or a SIGBUS when it maps the file, for a
 * page whose data lies past the end of a file cut short (a disk that
 * filled up while the dump was saved).  So each read first finds the
 * page's descriptor itself (makedumpfile.h's layout) and takes a page
 * past the end as absent, saying so once.
 */
#ifndef VN_MEM_KDUMP_H
#define VN_MEM_KDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vn_kdump_mem {
	int fd;
	struct _kdump_ctx *ctx; /* libkdumpfile's kdump_ctx_t */
	const char *path;
	uint64_t file_size;
	uint32_t block_size; /* the page size */
	/* Where a dumped frame's descriptor is (the guard above): */
	uint64_t bitmap_off;   /* the second bitmap, the dumped frames */
	uint64_t bitmap_len;   /* its bytes */
	uint64_t bitmap_avail; /* of its bytes, those in the file */
	uint64_t desc_off;     /* the first page descriptor */
	uint64_t *rank;	       /* dumped frames before each 4096 */
	bool cut_said;
};

/*
 * Open @path, a kdump-compressed dump, for reading its memory.  Returns 0,
 * or a negative code after printing why.
 */
int vn_kdump_mem_open(struct vn_kdump_mem *km, const char *path);
void vn_kdump_mem_close(struct vn_kdump_mem *km);
/* struct vtd_mem's read for @ctx, a struct vn_kdump_mem. */
int vn_kdump_mem_read(void *ctx, uint64_t pa, void *buf, size_t len);

#endif /* VN_MEM_KDUMP_H */
