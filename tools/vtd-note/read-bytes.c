// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * read-bytes.c - find our note in bytes that carry no dump's signature:
 * a snapshot area (ELF note records) or a bare descriptor.
 */
#include <stdlib.h>

#include "vtd-note.h"
#include "dump.h"
#include "read.h"

int vn_find_in_bytes(struct vn_dump *d, struct vn_loaded_note *ln)
{
	/* Room for the largest area plus slack to tell "too big" apart. */
	const uint64_t max = 2 * (uint64_t)VTD_NOTE_AREA_MAX;
	struct vn_notes_at at = { .off = 0, .size = d->size };

	if (d->size > max) {
		vn_err("%s: no ELF, kdump-compressed or flattened signature, "
		       "and at 0x%llx bytes too large for a note area (0x%llx "
		       "at most)",
		       d->path, (unsigned long long)d->size,
		       (unsigned long long)max);
		return -VTD_ERR_BADMAGIC;
	}
	if (d->size >= 4 && d->head_len >= 4 && !d->flattened &&
	    vtd_ld_le32(d->head) == VTD_NOTE_MAGIC) {
		uint8_t *buf = malloc(d->size ? d->size : 1);
		int ret;

		if (!buf)
			return -VTD_ERR_INTERNAL;
		ret = vn_dump_read(d, 0, buf, d->size, "descriptor");
		if (!ret)
			ret = vn_keep_desc(ln, buf, d->size, 0, "descriptor");
		free(buf);
		return ret;
	}
	return vn_find_in_notes(d, &at, "note area", "note area", ln);
}
