// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mem-dump.c - the memory of a dump by physical address (mem-dump.h),
 * read with libkdumpfile.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include "mem-dump.h"
#include "vtd-note.h"

/* makedumpfile -F's stream begins so (its flat_header's signature). */
static const char flat_magic[] = "makedumpfile";

static bool is_flattened(int fd)
{
	char head[sizeof(flat_magic)];

	return pread(fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) &&
	       !memcmp(head, flat_magic, sizeof(head));
}

int vn_dump_mem_open(struct vn_dump_mem *dm, const char *path)
{
	kdump_ctx_t *ctx;

	memset(dm, 0, sizeof(*dm));
	dm->path = path;
	dm->fd = open(path, O_RDONLY);
	if (dm->fd < 0) {
		vn_err("%s: cannot open: %m", path);
		return -VTD_ERR_ACCESS;
	}
	ctx = kdump_new();
	if (!ctx) {
		vn_dump_mem_close(dm);
		return -VTD_ERR_INTERNAL;
	}
	dm->ctx = ctx;
	if (kdump_open_fd(ctx, dm->fd) != KDUMP_OK) {
		/*
		 * The note is read from every format vtd-note knows; the
		 * memory, which is found by offset, only from the files
		 * libkdumpfile opens.
		 */
		if (is_flattened(dm->fd))
			vn_err("%s: a flattened stream (makedumpfile -F, "
			       "kdump-tools' default): its memory is read "
			       "once makedumpfile -R has rearranged it into "
			       "a kdump-compressed file",
			       path);
		else
			vn_err("%s: no memory libkdumpfile can read (%s): "
			       "the tables are read from ELF and "
			       "kdump-compressed dumps; crash's vtd command "
			       "reads whatever crash opens",
			       path, kdump_get_err(ctx));
		vn_dump_mem_close(dm);
		return -VTD_ERR_BADMAGIC;
	}
	return 0;
}

void vn_dump_mem_close(struct vn_dump_mem *dm)
{
	if (dm->ctx)
		kdump_free(dm->ctx);
	if (dm->fd >= 0)
		close(dm->fd);
	dm->ctx = NULL;
	dm->fd = -1;
}

int vn_dump_mem_read(void *ctx, uint64_t pa, void *buf, size_t len)
{
	struct vn_dump_mem *dm = ctx;
	size_t got = len;
	kdump_status s;

	s = kdump_read(dm->ctx, KDUMP_MACHPHYSADDR, pa, buf, &got);
	if (s == KDUMP_OK)
		return 0;
	if (s == KDUMP_ERR_NODATA)
		return -VTD_ERR_NOTFOUND;
	/*
	 * A page the dump holds but cannot give (a compressed page that
	 * does not decompress, a file cut short): said once per read, so
	 * that "not in the dump" is not taken for the whole story.
	 */
	vn_err("%s: physical 0x%llx (%zu bytes): %s", dm->path,
	       (unsigned long long)pa, len, kdump_get_err(dm->ctx));
	return s == KDUMP_ERR_EOF ? -VTD_ERR_TRUNCATED : -VTD_ERR_BADLAYOUT;
}
