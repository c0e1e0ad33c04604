// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elfnote.c - walk the records of an ELF note area.
 *
 * The area comes from a crashed machine or a file: each size is checked
 * against the bytes that remain, in 64-bit arithmetic so that sizes near
 * 4 GiB cannot wrap, before anything is read through it.
 */
#include <kexec-vtd/elfnote.h>

#include "internal.h"

int vtd_elfnote_next(const void *area, size_t len, size_t off,
		     struct vtd_elfnote *rec, size_t *bad_off)
{
	const size_t nh = sizeof(struct vtd_elf_nhdr);
	const struct vtd_elf_nhdr *nhdr;
	const u8 *a = area;
	u64 name_field, desc_field;

	if (!area || !rec || off > len)
		return -VTD_ERR_BADPARAM;
	if (len - off < nh) {
		/* Too short for a header: must be the start of an empty one. */
		if (vtd_bytes_zero_(a + off, len - off))
			return 0;
		vtd_set_bad_off_(bad_off, off);
		return -VTD_ERR_TRUNCATED;
	}
	rec->off = off;
	nhdr = (const void *)(a + off);
	rec->namesz = (u32)vtd_ld_field(&nhdr->n_namesz);
	rec->descsz = (u32)vtd_ld_field(&nhdr->n_descsz);
	rec->type = (u32)vtd_ld_field(&nhdr->n_type);
	if (!rec->namesz)
		return 0;
	name_field = vtd_align_up((u64)rec->namesz, VTD_ELF_NOTE_ALIGN);
	desc_field = vtd_align_up((u64)rec->descsz, VTD_ELF_NOTE_ALIGN);
	if (name_field > len - off - nh) {
		vtd_set_bad_off_(bad_off,
				 off + offsetof(struct vtd_elf_nhdr, n_namesz));
		return -VTD_ERR_TRUNCATED;
	}
	if (desc_field > len - off - nh - name_field) {
		vtd_set_bad_off_(bad_off,
				 off + offsetof(struct vtd_elf_nhdr, n_descsz));
		return -VTD_ERR_TRUNCATED;
	}
	rec->name = a + off + nh;
	rec->desc_off = off + nh + (size_t)name_field;
	rec->desc = a + rec->desc_off;
	rec->end = rec->desc_off + (size_t)desc_field;
	return 1;
}

bool vtd_elfnote_is(const struct vtd_elfnote *rec, const char *name, u32 namesz,
		    u32 type)
{
	return rec->namesz == namesz && rec->type == type &&
	       vtd_memcmp(rec->name, name, namesz) == 0;
}

bool vtd_elfnote_name_padded(const struct vtd_elfnote *rec)
{
	size_t pad = rec->desc_off - rec->off - sizeof(struct vtd_elf_nhdr) -
		     rec->namesz;

	return vtd_bytes_zero_(rec->name + rec->namesz, pad);
}
