// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * efi.c - the EFI part of boot_params for a crash kernel of an EFI-booted
 * machine.  The descriptors are gnu-efi's EFI_MEMORY_DESCRIPTOR, made
 * from the runtime map machine.c read from /sys/firmware/efi/runtime-map,
 * which the first kernel exports (CONFIG_EFI_RUNTIME_MAP) exactly for
 * this.
 */
#include <efi.h>
#include <string.h>

#include <kexec-vtd/env.h>
#include <kexec-vtd/x86.h>

#include "efi.h"

#define KX_EFI_DESC_SIZE sizeof(EFI_MEMORY_DESCRIPTOR)

size_t kx_efi_setup_size(const struct kx_efi *e)
{
	if (!e->present)
		return 0;
	return X86_SETUP_DATA_HDR + X86_EFI_SETUP_DATA_SIZE +
	       (size_t)e->nr_map * KX_EFI_DESC_SIZE;
}

void kx_efi_fill(const struct kx_efi *e, uint8_t *bp, uint8_t *sd,
		 uint64_t sd_addr)
{
	uint8_t *info = bp + X86_BP_EFI_INFO;
	uint8_t *data = sd + X86_SETUP_DATA_HDR;
	uint64_t map = sd_addr + X86_SETUP_DATA_HDR + X86_EFI_SETUP_DATA_SIZE;
	size_t map_size = (size_t)e->nr_map * KX_EFI_DESC_SIZE;
	int i;

	if (!e->present)
		return;
	memset(sd, 0, kx_efi_setup_size(e));
	vtd_st_le64(sd, 0); /* the only entry of the list */
	vtd_st_le32(sd + 8, X86_SETUP_EFI);
	vtd_st_le32(sd + 12, X86_EFI_SETUP_DATA_SIZE + (uint32_t)map_size);
	vtd_st_le64(data, e->fw_vendor);
	vtd_st_le64(data + 16, e->tables);
	vtd_st_le64(data + 24, e->smbios);
	for (i = 0; i < e->nr_map; i++) {
		EFI_MEMORY_DESCRIPTOR d = { 0 };

		d.Type = e->map[i].type;
		d.PhysicalStart = e->map[i].phys;
		d.VirtualStart = e->map[i].virt;
		d.NumberOfPages = e->map[i].pages;
		d.Attribute = e->map[i].attr;
		memcpy(data + X86_EFI_SETUP_DATA_SIZE +
			       (size_t)i * KX_EFI_DESC_SIZE,
		       &d, sizeof(d));
	}

	/* efi_info: the first kernel's signature and system table, our map. */
	memcpy(info, e->efi_info, X86_EFI_INFO_SIZE);
	vtd_st_le32(info + X86_EFI_INFO_MEMDESC_SIZE,
		    (uint32_t)KX_EFI_DESC_SIZE);
	vtd_st_le32(info + X86_EFI_INFO_MEMDESC_VERSION,
		    EFI_MEMORY_DESCRIPTOR_VERSION);
	vtd_st_le32(info + X86_EFI_INFO_MEMMAP, (uint32_t)map);
	vtd_st_le32(info + X86_EFI_INFO_MEMMAP_HI, (uint32_t)(map >> 32));
	vtd_st_le32(info + X86_EFI_INFO_MEMMAP_SIZE, (uint32_t)map_size);
	vtd_st_le64(bp + X86_BOOT_SETUP_DATA, sd_addr);
}
