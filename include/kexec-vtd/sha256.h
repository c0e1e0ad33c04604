/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256.h - SHA-256 (FIPS 180-4) for the segment digest: the loader
 * computes it over the loaded segments, purgatory checks it at crash time.
 */
#ifndef KEXEC_VTD_SHA256_H
#define KEXEC_VTD_SHA256_H

#include "env.h"

#define VTD_SHA256_DIGEST_SIZE 32
#define VTD_SHA256_BLOCK_SIZE 64

struct vtd_sha256 {
	u32 h[8];
	u64 len; /* bytes hashed so far */
	u8 buf[VTD_SHA256_BLOCK_SIZE];
	unsigned int fill; /* bytes waiting in buf */
};

void vtd_sha256_init(struct vtd_sha256 *s);
void vtd_sha256_update(struct vtd_sha256 *s, const void *data, size_t len);
void vtd_sha256_final(struct vtd_sha256 *s, u8 digest[VTD_SHA256_DIGEST_SIZE]);

#endif /* KEXEC_VTD_SHA256_H */
