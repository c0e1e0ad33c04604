/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * elfnote.h - the ELF note record (System V gABI, "Note Section"), the
 * envelope every note travels in: PT_NOTE segments, the elfcorehdr,
 * /proc/vmcore, ELF dumps and the copy of the notes in a kdump-compressed
 * dump.  lib/elfnote.c is the one walker of these records in the project.
 *
 *   n_namesz  4 bytes   size of the name, its NUL included
 *   n_descsz  4 bytes   size of the descriptor
 *   n_type    4 bytes   meaning given by the owner (the name)
 *   name      n_namesz bytes, zero-padded to a multiple of 4
 *   desc      n_descsz bytes, padded to a multiple of 4
 *
 * Linux writes 4-byte words and 4-byte padding in 64-bit cores too
 * (Elf64_Nhdr is Elf32_Nhdr), so one layout serves both ELF classes.
 * All fields are little-endian here: the dumps this project reads are
 * x86_64's.
 */
#ifndef KEXEC_VTD_ELFNOTE_H
#define KEXEC_VTD_ELFNOTE_H

#include "env.h"
#include "err.h"
#include "elf64.h"

struct vtd_elf_nhdr {
	vtd_le32 n_namesz;
	vtd_le32 n_descsz;
	vtd_le32 n_type;
} VTD_PACKED;
static_assert(sizeof(struct vtd_elf_nhdr) == VTD_ELF_NHDR_SIZE,
	      "ELF note header");

/* One record, as vtd_elfnote_next() found it inside its area. */
struct vtd_elfnote {
	size_t off;	     /* the record header's offset in the area */
	u32 namesz;	     /* n_namesz */
	u32 descsz;	     /* n_descsz */
	u32 type;	     /* n_type */
	const u8 *name;	     /* namesz bytes, then the padding */
	const u8 *desc;	     /* descsz bytes */
	size_t desc_off;     /* the descriptor's offset in the area */
	size_t end;	     /* where the next record starts */
};

/**
 * vtd_elfnote_next - read the note record at @off of an area
 * @area: note records as in a PT_NOTE segment (untrusted)
 * @len: bytes at @area
 * @off: where the record starts: 0, then the previous record's end
 * @rec: filled in when a record is returned
 * @bad_off: optional; on failure, the offset of the field found wrong
 *
 * Walks as Linux does when it merges the notes of /proc/vmcore: a record
 * whose name size is zero ends the area, and so does the area's end.
 *
 * Return: 1 (a record in @rec), 0 (the end), -VTD_ERR_TRUNCATED (the name
 * runs past @len: @bad_off at its n_namesz; the descriptor does: at its
 * n_descsz; fewer bytes than a record header remain and they are not
 * zero: at the first of them) or -VTD_ERR_BADPARAM.
 */
int vtd_elfnote_next(const void *area, size_t len, size_t off,
		     struct vtd_elfnote *rec, size_t *bad_off);

/*
 * Whether @rec is owned by @name (@namesz bytes with its NUL, compared
 * whole, as readelf does) and has type @type.
 */
bool vtd_elfnote_is(const struct vtd_elfnote *rec, const char *name, u32 namesz,
		    u32 type);

/* Whether the padding after the name is zero, as the gABI asks. */
bool vtd_elfnote_name_padded(const struct vtd_elfnote *rec);

#endif /* KEXEC_VTD_ELFNOTE_H */
