// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elfcorehdr.c - the crash kernel's walk of the elfcorehdr: find the
 * KEXEC-VTD note its PT_NOTEs point at, and collect its PT_LOAD ranges
 * (the crashed kernel's RAM) for the gate's checks.
 *
 * The elfcorehdr is the loader's, but it sits in memory the crashed
 * kernel could have scribbled on: every count and size is bounded before
 * use, and the note itself passes vtd_note_open() (sizes and checksum).
 */
#include <kexec-vtd/elf64.h>

#include "vtd-crash.h"

#define VTD_ELFCOREHDR_MAX_PHDRS 4096 /* CPUs plus RAM ranges, generously */

static int read_ehdr_(const struct vtd_crash_ops *ops, void *ctx, u64 hdr,
		      u64 *phoff, u32 *phnum)
{
	u8 e[VTD_ELF64_EHDR_SIZE];

	if (ops->read_phys(ctx, hdr, e, sizeof(e)) < 0)
		return -VTD_ERR_ACCESS;
	if (vtd_memcmp(e, VTD_ELF_MAGIC, VTD_ELF_MAGIC_SIZE) ||
	    e[VTD_ELF_EI_CLASS] != VTD_ELF_CLASS64 ||
	    e[VTD_ELF_EI_DATA] != VTD_ELF_DATA_LSB)
		return -VTD_ERR_BADMAGIC;
	if (vtd_ld_le16(e + VTD_ELF64_EHDR_PHENTSIZE) != VTD_ELF64_PHDR_SIZE)
		return -VTD_ERR_BADLEN;
	*phoff = vtd_ld_le64(e + VTD_ELF64_EHDR_PHOFF);
	*phnum = vtd_ld_le16(e + VTD_ELF64_EHDR_PHNUM);
	if (*phnum > VTD_ELFCOREHDR_MAX_PHDRS || *phoff > UINT32_MAX)
		return -VTD_ERR_BADLAYOUT;
	return 0;
}

bool vtd_elfcorehdr_is_old_ram(const struct vtd_elfcorehdr_ram *ram, u64 pa,
			       u64 len)
{
	u32 i;

	if (!ram || ram->overflow || !len || pa + len < pa)
		return false;
	for (i = 0; i < ram->nr; i++)
		if (pa >= ram->range[i].start && pa + len <= ram->range[i].end)
			return true;
	return false;
}

static void add_ram_(struct vtd_elfcorehdr_ram *ram, const u8 *ph)
{
	u64 start = vtd_ld_le64(ph + VTD_ELF64_PHDR_PADDR);
	u64 len = vtd_ld_le64(ph + VTD_ELF64_PHDR_MEMSZ);

	if (!len || start + len < start)
		return;
	if (ram->nr == VTD_ELFCOREHDR_MAX_RAM_RANGES) {
		ram->overflow = true;
		return;
	}
	ram->range[ram->nr].start = start;
	ram->range[ram->nr].end = start + len;
	ram->nr++;
}

int vtd_elfcorehdr_find_note(const struct vtd_crash_ops *ops, void *ctx,
			     u64 elfcorehdr, void *buf, size_t size,
			     struct vtd_note *n, struct vtd_elfcorehdr_ram *ram)
{
	u64 phoff, off, len;
	u32 i, phnum;
	u8 ph[VTD_ELF64_PHDR_SIZE];
	const void *desc;
	size_t desc_len;
	int ret;

	if (!ops || !ops->read_phys || !buf || !n)
		return -VTD_ERR_BADPARAM;
	if (ram) {
		ram->nr = 0;
		ram->overflow = false;
	}
	ret = read_ehdr_(ops, ctx, elfcorehdr, &phoff, &phnum);
	if (ret < 0)
		return ret;
	/*
	 * The RAM list first, all of it: a platform may refuse to read
	 * what is neither the crashed kernel's RAM nor memory the loader
	 * reserved, before the note is read.
	 */
	for (i = 0; ram && i < phnum; i++) {
		if (ops->read_phys(ctx,
				   elfcorehdr + phoff + i * VTD_ELF64_PHDR_SIZE,
				   ph, sizeof(ph)) < 0)
			return -VTD_ERR_ACCESS;
		if (vtd_ld_le32(ph + VTD_ELF64_PHDR_TYPE) == VTD_ELF_PT_LOAD)
			add_ram_(ram, ph);
	}
	for (i = 0; i < phnum; i++) {
		if (ops->read_phys(ctx,
				   elfcorehdr + phoff + i * VTD_ELF64_PHDR_SIZE,
				   ph, sizeof(ph)) < 0)
			return -VTD_ERR_ACCESS;
		if (vtd_ld_le32(ph + VTD_ELF64_PHDR_TYPE) != VTD_ELF_PT_NOTE)
			continue;
		off = vtd_ld_le64(ph + VTD_ELF64_PHDR_OFFSET);
		len = vtd_ld_le64(ph + VTD_ELF64_PHDR_FILESZ);
		/* CPU and VMCOREINFO notes are small; ours is one area. */
		if (!len || len > size || len > VTD_NOTE_AREA_MAX)
			continue;
		if (ops->read_phys(ctx, off, buf, (size_t)len) < 0)
			return -VTD_ERR_ACCESS;
		ret = vtd_note_find(buf, (size_t)len, &desc, &desc_len, NULL);
		if (ret == -VTD_ERR_NOTFOUND || ret == -VTD_ERR_TRUNCATED)
			continue; /* someone else's notes */
		if (ret < 0)
			return ret;
		/*
		 * The area is the crash kernel's reservation, kept out of
		 * both kernels' RAM: a note inside the crashed kernel's RAM
		 * is not one the loader placed.
		 */
		if (ram && (vtd_elfcorehdr_is_old_ram(ram, off, 1) ||
			    vtd_elfcorehdr_is_old_ram(ram, off + len - 1, 1)))
			return -VTD_ERR_BADLAYOUT;
		return vtd_note_open(n, desc, desc_len, NULL);
	}
	return -VTD_ERR_NOTFOUND;
}
