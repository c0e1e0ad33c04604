// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * read-notes.c - what every format reader shares once it has found where
 * a dump keeps its ELF notes: read just those bytes, let lib/ walk them
 * (vtd_note_find), and keep a copy of our descriptor.
 */
#include <stdlib.h>
#include <string.h>

#include "vtd-note.h"
#include "dump.h"
#include "read.h"

int vn_keep_desc(struct vn_loaded_note *ln, const void *desc, size_t len,
		 uint64_t file_off, const char *container)
{
	ln->desc = malloc(len ? len : 1);
	if (!ln->desc) {
		vn_err("out of memory");
		return -VTD_ERR_INTERNAL;
	}
	memcpy(ln->desc, desc, len);
	ln->desc_len = len;
	ln->file_off = file_off;
	snprintf(ln->container, sizeof(ln->container), "%s", container);
	return 0;
}

int vn_find_in_notes(struct vn_dump *d, const struct vn_notes_at *at,
		     const char *what, const char *container,
		     struct vn_loaded_note *ln)
{
	size_t desc_len, bad_off = 0;
	const void *desc;
	uint8_t *area;
	int ret;

	if (!at->size)
		return -VTD_ERR_NOTFOUND;
	area = malloc(at->size);
	if (!area) {
		vn_err("%s: out of memory", d->path);
		return -VTD_ERR_INTERNAL;
	}
	ret = vn_dump_read(d, at->off, area, at->size, what);
	if (ret < 0)
		goto out_free;
	ret = vtd_note_find(area, at->size, &desc, &desc_len, &bad_off);
	if (ret == 0)
		ret = vn_keep_desc(
			ln, desc, desc_len,
			at->off + (uint64_t)((const uint8_t *)desc - area),
			container);
	else if (ret != -VTD_ERR_NOTFOUND)
		vn_err("%s: %s at 0x%llx+0x%llx: note record %s at offset "
		       "0x%llx",
		       d->path, what, (unsigned long long)at->off,
		       (unsigned long long)at->size, vtd_strerror(ret),
		       (unsigned long long)(at->off + bad_off));
out_free:
	free(area);
	return ret;
}
