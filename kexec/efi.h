/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * efi.h - hand an EFI-booted machine's runtime services to the crash
 * kernel, as Linux's own kexec_file does: boot_params.efi_info, and a
 * SETUP_EFI setup_data with the firmware tables and the runtime memory
 * map the first kernel used (so the crash kernel keeps its mappings).
 * machine.c reads them (struct kx_efi); this writes them.
 */
#ifndef VTD_KEXEC_EFI_H
#define VTD_KEXEC_EFI_H

#include "kexec.h"

/* Bytes of setup_data that kx_efi_fill() writes (0 without EFI). */
size_t kx_efi_setup_size(const struct kx_efi *e);
/* Write setup_data at @sd (physical @sd_addr) and point @bp at it. */
void kx_efi_fill(const struct kx_efi *e, uint8_t *bp, uint8_t *sd,
		 uint64_t sd_addr);

#endif /* VTD_KEXEC_EFI_H */
