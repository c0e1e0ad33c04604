/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crc32.h - the checksum of the note.
 */
#ifndef KEXEC_VTD_CRC32_H
#define KEXEC_VTD_CRC32_H

#include "env.h"

/* Reflected polynomial of CRC-32 (IEEE 802.3), the one zlib uses. */
#define VTD_CRC32_POLY_REFLECTED 0xedb88320u

/**
 * vtd_crc32 - CRC-32 (IEEE 802.3, reflected), the same as zlib's crc32()
 * @crc: 0 to start, or the value returned for the bytes before @buf
 * @buf: bytes to add
 * @len: their number
 *
 * Return: the CRC of the bytes so far.
 */
#ifdef __KERNEL__
#include <linux/crc32.h>

/* The kernel's own CRC-32 with the register inverted in and out, as zlib. */
static inline u32 vtd_crc32(u32 crc, const void *buf, size_t len)
{
	return ~crc32_le(~crc, buf, len);
}

/* The kernel's tables are its own business. */
static inline void vtd_crc32_prefetch(void)
{
}
#else
u32 vtd_crc32(u32 crc, const void *buf, size_t len);

/* Slicing-by-8 tables: [k][b] is the remainder of byte b and k zeros. */
extern const u32 vtd_crc32_table[8][256];

/*
 * Ask for the tables ahead of a CRC over cold data (prefetcht0, no
 * vector register): missed a line at a time inside the CRC's chain of
 * loads, they cost most of a small note's capture.  Inline: GCC at -Os
 * drops a call to a function that only prefetches.
 */
static VTD_ALWAYS_INLINE void vtd_crc32_prefetch(void)
{
	size_t off;

	for (off = 0; off < sizeof(vtd_crc32_table); off += 64)
		__builtin_prefetch((const u8 *)vtd_crc32_table + off);
}
#endif

#endif /* KEXEC_VTD_CRC32_H */
