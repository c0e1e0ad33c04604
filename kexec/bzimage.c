// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bzimage.c - load an x86_64 bzImage for the 64-bit entry and describe
 * the crash kernel's world to it in boot_params.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <kexec-vtd/env.h>

#include "bzimage.h"
#include "report.h"

#define KX_MAX_KERNEL (512u << 20)

/* gzread reads gzip and plain files alike. */
static int read_maybe_gzip(const char *path, uint8_t **out, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 16u << 20, n = 0;
	uint8_t *buf;
	int r;

	if (!gz) {
		kx_err("%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(cap);
	if (!buf)
		kx_err("%s: out of memory (%zu bytes)", path, cap);
	while (buf && (r = gzread(gz, buf + n, (unsigned int)(cap - n))) > 0) {
		n += (size_t)r;
		if (n == cap) {
			uint8_t *b = cap < KX_MAX_KERNEL ? realloc(buf, cap * 2)
							 : NULL;

			if (!b) {
				kx_err("%s: larger than %u MiB", path,
				       KX_MAX_KERNEL >> 20);
				free(buf);
				buf = NULL;
				break;
			}
			buf = b;
			cap *= 2;
		}
	}
	if (buf && r < 0) {
		int e;

		kx_err("%s: %s", path, gzerror(gz, &e));
		free(buf);
		buf = NULL;
	}
	gzclose(gz);
	if (!buf)
		return -1;
	*out = buf;
	*len = n;
	return 0;
}

static int check_header(const char *path, struct kx_bzimage *bz)
{
	const uint8_t *f = bz->file;
	unsigned int sects;

	if (bz->len < X86_BOOT_INIT_SIZE + 4 ||
	    vtd_ld_le16(f + X86_BOOT_FLAG) != X86_BOOT_FLAG_MAGIC ||
	    memcmp(f + X86_BOOT_HEADER, "HdrS", 4)) {
		kx_err("%s: not a bzImage (no boot flag or 'HdrS' header at "
		       "offset 0x%x)",
		       path, X86_BOOT_HEADER);
		return -1;
	}
	bz->version = vtd_ld_le16(f + X86_BOOT_VERSION);
	if (bz->version < X86_BOOT_MIN_VERSION) {
		kx_err("%s: boot protocol %u.%u, 2.12 or later needed", path,
		       bz->version >> 8, bz->version & 0xff);
		return -1;
	}
	bz->xloadflags = vtd_ld_le16(f + X86_BOOT_XLOADFLAGS);
	if (!(bz->xloadflags & X86_XLF_KERNEL_64)) {
		kx_err("%s: no 64-bit entry point (xloadflags 0x%x at offset "
		       "0x%x)",
		       path, bz->xloadflags, X86_BOOT_XLOADFLAGS);
		return -1;
	}
	if (!f[X86_BOOT_RELOCATABLE]) {
		kx_err("%s: not relocatable (offset 0x%x): a crash kernel must "
		       "run where the crash memory is",
		       path, X86_BOOT_RELOCATABLE);
		return -1;
	}
	bz->kernel_alignment = vtd_ld_le32(f + X86_BOOT_KERNEL_ALIGNMENT);
	if (!bz->kernel_alignment ||
	    (bz->kernel_alignment & (bz->kernel_alignment - 1))) {
		kx_err("%s: kernel_alignment 0x%x is not a power of two", path,
		       bz->kernel_alignment);
		return -1;
	}
	sects = f[X86_BOOT_SETUP_SECTS] ? f[X86_BOOT_SETUP_SECTS] : 4;
	bz->setup_size = (size_t)(sects + 1) * X86_BOOT_SECTOR;
	if (bz->setup_size >= bz->len) {
		kx_err("%s: setup of %zu bytes, file of %zu: truncated", path,
		       bz->setup_size, bz->len);
		return -1;
	}
	bz->pref_address = vtd_ld_le64(f + X86_BOOT_PREF_ADDRESS);
	bz->init_size = vtd_ld_le32(f + X86_BOOT_INIT_SIZE);
	bz->cmdline_size = vtd_ld_le32(f + X86_BOOT_CMDLINE_SIZE);
	return 0;
}

int kx_bzimage_load(const char *path, struct kx_bzimage *bz)
{
	memset(bz, 0, sizeof(*bz));
	if (read_maybe_gzip(path, &bz->file, &bz->len) < 0)
		return -1;
	if (check_header(path, bz) < 0) {
		kx_bzimage_free(bz);
		return -1;
	}
	return 0;
}

void kx_bzimage_free(struct kx_bzimage *bz)
{
	free(bz->file);
	bz->file = NULL;
}

static int cmp_range(const void *a, const void *b)
{
	const struct kx_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int e820_add(struct kx_e820 *map, uint64_t start, uint64_t end, int type)
{
	if (end < start)
		return 0;
	if (map->nr == X86_E820_MAX) {
		kx_err("more than %d e820 entries for the crash kernel",
		       X86_E820_MAX);
		return -1;
	}
	map->e[map->nr++] = (struct kx_range){ start, end, type };
	return 0;
}

/*
 * Every crash range as RAM, the low one of crashkernel=,high included (as
 * kexec-tools' memmap has it), with the @reserved holes cut out.
 */
static int add_crash_ram(struct kx_e820 *map, const struct kx_machine *m,
			 const struct kx_range *reserved, int nr)
{
	struct kx_range r[KX_MAX_SEGMENTS];
	int c, i;

	memcpy(r, reserved, sizeof(*r) * (size_t)nr);
	qsort(r, (size_t)nr, sizeof(*r), cmp_range);
	for (c = 0; c < m->nr_crash; c++) {
		const struct kx_range *cr = &m->crash[c];
		uint64_t at = cr->start;

		for (i = 0; i < nr; i++) {
			if (r[i].end < cr->start || r[i].start > cr->end)
				continue;
			if (e820_add(map, at, r[i].start - 1, KX_MEM_RAM) ||
			    e820_add(map, r[i].start, r[i].end,
				     KX_MEM_RESERVED))
				return -1;
			at = r[i].end + 1;
		}
		if (e820_add(map, at, cr->end, KX_MEM_RAM))
			return -1;
	}
	return 0;
}

int kx_crash_e820(struct kx_e820 *map, const struct kx_machine *m,
		  const struct kx_range *reserved, int nr_reserved)
{
	int i;

	map->nr = 0;
	if (nr_reserved > KX_MAX_SEGMENTS ||
	    add_crash_ram(map, m, reserved, nr_reserved))
		return -1;
	for (i = 0; i < m->nr_mem; i++) {
		const struct kx_range *r = &m->mem[i];

		/* Of the old RAM only the low part (saved in backup) is free. */
		if (r->type == KX_MEM_RAM) {
			if (r->start < KX_BACKUP_SIZE &&
			    e820_add(map, r->start,
				     r->end < KX_BACKUP_SIZE - 1
					     ? r->end
					     : KX_BACKUP_SIZE - 1,
				     KX_MEM_RAM))
				return -1;
		} else if (e820_add(map, r->start, r->end, r->type)) {
			return -1;
		}
	}
	qsort(map->e, (size_t)map->nr, sizeof(map->e[0]), cmp_range);
	for (i = 1; i < map->nr; i++)
		if (map->e[i].start <= map->e[i - 1].end) {
			kx_err("e820: 0x%llx-0x%llx overlaps 0x%llx-0x%llx",
			       (unsigned long long)map->e[i].start,
			       (unsigned long long)map->e[i].end,
			       (unsigned long long)map->e[i - 1].start,
			       (unsigned long long)map->e[i - 1].end);
			return -1;
		}
	return 0;
}

void kx_boot_params(uint8_t *bp, const struct kx_bzimage *bz,
		    const struct kx_e820 *map, uint64_t cmdline_addr,
		    uint64_t initrd_addr, uint64_t initrd_size,
		    uint64_t acpi_rsdp)
{
	/* The setup header ends where the jump at 0x200 lands. */
	size_t hdr_end = X86_BOOT_HEADER + bz->file[X86_BOOT_JUMP + 1];
	int i;

	memset(bp, 0, X86_BP_SIZE);
	memcpy(bp + X86_BOOT_SETUP_SECTS, bz->file + X86_BOOT_SETUP_SECTS,
	       hdr_end - X86_BOOT_SETUP_SECTS);
	bp[X86_BOOT_TYPE_OF_LOADER] = X86_TYPE_OF_LOADER_UNDEFINED;
	vtd_st_le32(bp + X86_BOOT_CMD_LINE_PTR, (uint32_t)cmdline_addr);
	vtd_st_le32(bp + X86_BP_EXT_CMD_LINE_PTR,
		    (uint32_t)(cmdline_addr >> 32));
	vtd_st_le32(bp + X86_BOOT_RAMDISK_IMAGE, (uint32_t)initrd_addr);
	vtd_st_le32(bp + X86_BP_EXT_RAMDISK_IMAGE,
		    (uint32_t)(initrd_addr >> 32));
	vtd_st_le32(bp + X86_BOOT_RAMDISK_SIZE, (uint32_t)initrd_size);
	vtd_st_le32(bp + X86_BP_EXT_RAMDISK_SIZE,
		    (uint32_t)(initrd_size >> 32));
	if (bz->version >= X86_BOOT_ACPI_RSDP_VERSION)
		vtd_st_le64(bp + X86_BP_ACPI_RSDP, acpi_rsdp);
	bp[X86_BP_E820_ENTRIES] = (uint8_t)map->nr;
	for (i = 0; i < map->nr; i++) {
		uint8_t *e = bp + X86_BP_E820_TABLE + i * X86_E820_ENTRY_SIZE;

		vtd_st_le64(e, map->e[i].start);
		vtd_st_le64(e + 8, map->e[i].end - map->e[i].start + 1);
		vtd_st_le32(e + 16, (uint32_t)map->e[i].type);
	}
}
