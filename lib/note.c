// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * note.c - what the note writer and reader share: the checksum rule.
 */
#include <kexec-vtd/note.h>

u32 vtd_note_checksum(const void *desc, size_t len)
{
	static const u8 zero[sizeof_field(struct vtd_note_hdr, checksum)];
	const size_t off = offsetof(struct vtd_note_hdr, checksum);
	const u8 *p = desc;
	u32 crc;

	if (len < off + sizeof(zero))
		return vtd_crc32(0, p, len);
	crc = vtd_crc32(0, p, off);
	crc = vtd_crc32(crc, zero, sizeof(zero));
	return vtd_crc32(crc, p + off + sizeof(zero), len - off - sizeof(zero));
}
