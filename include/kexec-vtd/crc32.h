/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crc32.h - the checksum of the note.
 */
#ifndef KEXEC_VTD_CRC32_H
#define KEXEC_VTD_CRC32_H

#include "env.h"

/* Reflected polynomial of CRC-32 (IEEE 802.3), the one zlib uses. */
#define VTD_CRC32_POLY_REFLECTED 0xedb88320u

/* Slicing-by-8 tables: [k][b] is the remainder of byte b and k zeros. */
extern const u32 vtd_crc32_table[8][256];

/**
 * vtd_crc32 - CRC-32 (IEEE 802.3, reflected), the same as zlib's crc32()
 * @crc: 0 to start, or the value returned for the bytes before @buf
 * @buf: bytes to add
 * @len: their number
 *
 * Return: the CRC of the bytes so far.
 */
u32 vtd_crc32(u32 crc, const void *buf, size_t len);

#endif /* KEXEC_VTD_CRC32_H */
