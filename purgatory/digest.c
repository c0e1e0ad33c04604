// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * digest.c - the segment check kexec-tools' purgatory also makes: a
 * corrupted crash kernel must not be booted.
 */
#include <kexec-vtd/err.h>
#include <kexec-vtd/sha256.h>

#include "digest.h"

int digest_verify(const struct vtd_purgatory_range *regions, unsigned int nr,
		  const uint8_t *want)
{
	uint8_t got[VTD_SHA256_DIGEST_SIZE];
	struct vtd_sha256 s;
	unsigned int i;

	vtd_sha256_init(&s);
	for (i = 0; i < nr && regions[i].len; i++)
		vtd_sha256_update(&s, (const void *)(uintptr_t)regions[i].start,
				  (size_t)regions[i].len);
	vtd_sha256_final(&s, got);
	return vtd_memcmp(got, want, sizeof(got)) ? -VTD_ERR_BADCSUM : 0;
}
