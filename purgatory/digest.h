/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * digest.h - check the SHA-256 of the loaded segments before booting them.
 */
#ifndef VTD_PURGATORY_DIGEST_H
#define VTD_PURGATORY_DIGEST_H

#include <kexec-vtd/purgatory-contract.h>

/*
 * Hash the regions (a zero length ends the list) and compare with @want.
 * Returns 0, or -VTD_ERR_BADCSUM on a mismatch.
 */
int digest_verify(const struct vtd_purgatory_range *regions, unsigned int nr,
		  const uint8_t *want);

#endif /* VTD_PURGATORY_DIGEST_H */
