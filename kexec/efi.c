// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * efi.c - the EFI part of boot_params for a crash kernel of an EFI-booted
 * machine.  The descriptors are gnu-efi's EFI_MEMORY_DESCRIPTOR, filled
 * from /sys/firmware/efi/runtime-map, which the first kernel exports
 * (CONFIG_EFI_RUNTIME_MAP) exactly for this.
 */
#include <efi.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/env.h>
#include <kexec-vtd/x86.h>

#include "efi.h"

#define KX_EFI_MAX_DESC 512

static bool read_hex(const struct kx_machine *m, const char *rel, uint64_t *v)
{
	char path[4600];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s%s", m->root, rel);
	f = fopen(path, "r");
	if (!f)
		return false;
	ok = fscanf(f, "%" SCNx64, v) == 1;
	fclose(f);
	return ok;
}

/* One field of runtime-map entry @i. */
static bool map_field(const struct kx_machine *m, int i, const char *name,
		      uint64_t *v)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "/sys/firmware/efi/runtime-map/%d/%s", i,
		 name);
	return read_hex(m, rel, v);
}

static int read_runtime_map(const struct kx_machine *m, struct kx_efi *e)
{
	int i;

	e->desc_size = sizeof(EFI_MEMORY_DESCRIPTOR);
	e->map = calloc(KX_EFI_MAX_DESC, e->desc_size);
	if (!e->map)
		return -1;
	for (i = 0; i < KX_EFI_MAX_DESC; i++) {
		EFI_MEMORY_DESCRIPTOR d = { 0 };
		uint64_t type, phys, virt, pages, attr;

		if (!map_field(m, i, "type", &type) ||
		    !map_field(m, i, "phys_addr", &phys) ||
		    !map_field(m, i, "virt_addr", &virt) ||
		    !map_field(m, i, "num_pages", &pages) ||
		    !map_field(m, i, "attribute", &attr))
			break;
		d.Type = (UINT32)type;
		d.PhysicalStart = phys;
		d.VirtualStart = virt;
		d.NumberOfPages = pages;
		d.Attribute = attr;
		memcpy(e->map + (size_t)i * e->desc_size, &d, sizeof(d));
	}
	e->nr = i;
	return 0;
}

int kx_read_efi(const struct kx_machine *m, struct kx_efi *e)
{
	char path[4600];
	uint8_t bp[X86_BP_SIZE];
	FILE *f;

	memset(e, 0, sizeof(*e));
	snprintf(path, sizeof(path), "%s/sys/kernel/boot_params/data", m->root);
	f = fopen(path, "rb");
	if (!f)
		return 0;
	if (fread(bp, 1, sizeof(bp), f) != sizeof(bp)) {
		fclose(f);
		return 0;
	}
	fclose(f);
	memcpy(e->efi_info, bp + X86_BP_EFI_INFO, X86_EFI_INFO_SIZE);
	/* Booted by EFI: the loader signature ("EL64") is set. */
	if (!vtd_ld_le32(e->efi_info) ||
	    !read_hex(m, "/sys/firmware/efi/fw_vendor", &e->fw_vendor) ||
	    !read_hex(m, "/sys/firmware/efi/runtime", &e->runtime) ||
	    !read_hex(m, "/sys/firmware/efi/config_table", &e->tables))
		return 0;
	e->smbios = 0;
	{
		char sys[4600], line[128];

		snprintf(sys, sizeof(sys), "%s/sys/firmware/efi/systab",
			 m->root);
		f = fopen(sys, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "SMBIOS=", 7))
				e->smbios = strtoull(line + 7, NULL, 0);
		if (f)
			fclose(f);
	}
	if (read_runtime_map(m, e) < 0)
		return -1;
	e->present = e->nr > 0;
	return 0;
}

void kx_free_efi(struct kx_efi *e)
{
	free(e->map);
	e->map = NULL;
}

size_t kx_efi_setup_size(const struct kx_efi *e)
{
	if (!e->present)
		return 0;
	return X86_SETUP_DATA_HDR + X86_EFI_SETUP_DATA_SIZE +
	       (size_t)e->nr * e->desc_size;
}

void kx_efi_fill(const struct kx_efi *e, uint8_t *bp, uint8_t *sd,
		 uint64_t sd_addr)
{
	uint8_t *info = bp + X86_BP_EFI_INFO;
	uint8_t *data = sd + X86_SETUP_DATA_HDR;
	uint64_t map = sd_addr + X86_SETUP_DATA_HDR + X86_EFI_SETUP_DATA_SIZE;
	size_t map_size = (size_t)e->nr * e->desc_size;

	if (!e->present)
		return;
	memset(sd, 0, kx_efi_setup_size(e));
	vtd_st_le64(sd, 0); /* the only entry of the list */
	vtd_st_le32(sd + 8, X86_SETUP_EFI);
	vtd_st_le32(sd + 12, X86_EFI_SETUP_DATA_SIZE + (uint32_t)map_size);
	vtd_st_le64(data, e->fw_vendor);
	vtd_st_le64(data + 16, e->tables);
	vtd_st_le64(data + 24, e->smbios);
	memcpy(data + X86_EFI_SETUP_DATA_SIZE, e->map, map_size);

	/* efi_info: the first kernel's signature and system table, our map. */
	memcpy(info, e->efi_info, X86_EFI_INFO_SIZE);
	vtd_st_le32(info + X86_EFI_INFO_MEMDESC_SIZE, (uint32_t)e->desc_size);
	vtd_st_le32(info + X86_EFI_INFO_MEMDESC_VERSION,
		    EFI_MEMORY_DESCRIPTOR_VERSION);
	vtd_st_le32(info + X86_EFI_INFO_MEMMAP, (uint32_t)map);
	vtd_st_le32(info + X86_EFI_INFO_MEMMAP_HI, (uint32_t)(map >> 32));
	vtd_st_le32(info + X86_EFI_INFO_MEMMAP_SIZE, (uint32_t)map_size);
	vtd_st_le64(bp + X86_BOOT_SETUP_DATA, sd_addr);
}
