/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bzimage.h - an x86_64 bzImage and the boot_params that start it.
 */
#ifndef VTD_KEXEC_BZIMAGE_H
#define VTD_KEXEC_BZIMAGE_H

#include <kexec-vtd/x86.h>

#include "kexec.h"

struct kx_bzimage {
	uint8_t *file; /* the whole image (decompressed if gzip) */
	size_t len;
	size_t setup_size; /* real-mode part: (setup_sects + 1) * 512 */
	uint16_t version;
	uint16_t xloadflags;
	uint32_t kernel_alignment;
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t cmdline_size;
};

/* Read and check @path; plain or gzip-compressed (zlib). */
int kx_bzimage_load(const char *path, struct kx_bzimage *bz);
void kx_bzimage_free(struct kx_bzimage *bz);

struct kx_e820 {
	int nr;
	struct kx_range e[128];
};

/*
 * The crash kernel's memory map: the old RAM below 640 KiB and every
 * crash range as RAM (minus the @reserved ranges, which become reserved),
 * the first kernel's ACPI, NVS and reserved ranges as they were.  Sorted,
 * no overlaps.
 */
int kx_crash_e820(struct kx_e820 *map, const struct kx_machine *m,
		  const struct kx_range *reserved, int nr_reserved);

/* Fill the 4 KiB zero page. */
void kx_boot_params(uint8_t *bp, const struct kx_bzimage *bz,
		    const struct kx_e820 *map, uint64_t cmdline_addr,
		    uint64_t initrd_addr, uint64_t initrd_size,
		    uint64_t acpi_rsdp);

#endif /* VTD_KEXEC_BZIMAGE_H */
