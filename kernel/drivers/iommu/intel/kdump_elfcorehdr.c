// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kdump kernel's walk of the elfcorehdr: find the kexec-vtd note its
 * PT_NOTEs point at, and collect its PT_LOADs (the crashed kernel's RAM)
 * for the gate's checks.
 *
 * The elfcorehdr is the loader's, but it sits in memory the crashed
 * kernel could have scribbled on: every count and size is bounded before
 * use, and the note itself must pass vtd_note_open() (sizes, checksum).
 */
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/string.h>

#include "kdump_core.h"

static int read_ehdr(const struct vtd_crash_ops *ops, void *ctx, u64 hdr,
		     u64 *phoff, u32 *phnum)
{
	struct elf64_hdr eh;

	if (ops->read_phys(ctx, hdr, &eh, sizeof(eh)))
		return -EIO;
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_phentsize != sizeof(struct elf64_phdr))
		return -ENOEXEC;
	if (eh.e_phnum > VTD_ELFCOREHDR_MAX_PHDRS || eh.e_phoff > U32_MAX)
		return -ENOEXEC;
	*phoff = eh.e_phoff;
	*phnum = eh.e_phnum;
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

static void add_ram(struct vtd_elfcorehdr_ram *ram, const struct elf64_phdr *ph)
{
	u64 start = ph->p_paddr, len = ph->p_memsz;

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

static int read_phdr(const struct vtd_crash_ops *ops, void *ctx, u64 hdr,
		     u64 phoff, u32 i, struct elf64_phdr *ph)
{
	return ops->read_phys(ctx, hdr + phoff + (u64)i * sizeof(*ph), ph,
			      sizeof(*ph)) ? -EIO : 0;
}

/*
 * Open the note the PT_NOTE @ph points at into @buf.  Where it may lie
 * depends on who took it: purgatory's is in the area the loader
 * reserved, outside both kernels' RAM; the kernel's is a buffer of the
 * crashed kernel, inside its RAM (as its vmcoreinfo note is).
 */
static int open_note(const struct vtd_crash_ops *ops, void *ctx,
		     const struct elf64_phdr *ph, void *buf, size_t size,
		     struct vtd_note *n, const struct vtd_elfcorehdr_ram *ram)
{
	struct vtd_note_info info;
	const void *desc;
	size_t desc_len;
	int ret;

	/* CPU and VMCOREINFO notes are small; ours is one area. */
	if (!ph->p_filesz || ph->p_filesz > size ||
	    ph->p_filesz > VTD_NOTE_AREA_MAX)
		return -ENOENT;
	if (ops->read_phys(ctx, ph->p_offset, buf, ph->p_filesz))
		return -EIO;
	ret = vtd_note_find(buf, ph->p_filesz, &desc, &desc_len, NULL);
	if (ret == -VTD_ERR_NOTFOUND || ret == -VTD_ERR_TRUNCATED)
		return -ENOENT; /* someone else's notes */
	if (ret < 0 || vtd_note_open(n, desc, desc_len, NULL))
		return -EBADMSG;
	if (!ram)
		return 0;
	vtd_note_get_info(n, &info);
	switch (info.taker) {
	case VTD_NOTE_TAKER_PURGATORY:
		/* Not a byte of it in that RAM, at either end. */
		if (vtd_elfcorehdr_is_old_ram(ram, ph->p_offset, 1) ||
		    vtd_elfcorehdr_is_old_ram(ram,
					      ph->p_offset + ph->p_filesz - 1,
					      1))
			return -EBADMSG;
		return 0;
	case VTD_NOTE_TAKER_KERNEL:
		/* All of it inside one range of that RAM. */
		return vtd_elfcorehdr_is_old_ram(ram, ph->p_offset,
						 ph->p_filesz) ? 0 : -EBADMSG;
	default:
		return -EBADMSG; /* a taker this kernel does not know */
	}
}

int vtd_elfcorehdr_find_note(const struct vtd_crash_ops *ops, void *ctx,
			     u64 elfcorehdr, void *buf, size_t size,
			     struct vtd_note *n, struct vtd_elfcorehdr_ram *ram,
			     unsigned int *nr_notes)
{
	struct vtd_note_info info;
	struct elf64_phdr ph;
	int ret, err = -ENOENT, purgatory = -1, kernel = -1, use;
	u32 i, phnum;
	u64 phoff;

	if (!ops || !ops->read_phys || !buf || !n)
		return -EINVAL;
	if (nr_notes)
		*nr_notes = 0;
	if (ram) {
		ram->nr = 0;
		ram->overflow = false;
	}
	ret = read_ehdr(ops, ctx, elfcorehdr, &phoff, &phnum);
	if (ret)
		return ret;
	/*
	 * The RAM list first, all of it: a platform may refuse to read
	 * what is neither the crashed kernel's RAM nor memory the loader
	 * reserved, before the note is read.
	 */
	for (i = 0; ram && i < phnum; i++) {
		if (read_phdr(ops, ctx, elfcorehdr, phoff, i, &ph))
			return -EIO;
		if (ph.p_type == PT_LOAD)
			add_ram(ram, &ph);
	}
	/*
	 * Every PT_NOTE: a kernel that takes the snapshot itself names its
	 * note, and a loader that also asked purgatory for one names that
	 * too.  Purgatory's is taken last, after the crashed kernel stopped
	 * running, so it is the one used; the kernel's when it is the only
	 * good one.  Each is checked here, and the one used read again at
	 * the end (they share @buf).
	 */
	for (i = 0; i < phnum; i++) {
		if (read_phdr(ops, ctx, elfcorehdr, phoff, i, &ph))
			return -EIO;
		if (ph.p_type != PT_NOTE)
			continue;
		ret = open_note(ops, ctx, &ph, buf, size, n, ram);
		if (ret == -ENOENT)
			continue;
		if (ret) {
			if (err == -ENOENT)
				err = ret;
			continue;
		}
		if (nr_notes)
			(*nr_notes)++;
		vtd_note_get_info(n, &info);
		if (info.taker == VTD_NOTE_TAKER_PURGATORY && purgatory < 0)
			purgatory = i;
		else if (info.taker == VTD_NOTE_TAKER_KERNEL && kernel < 0)
			kernel = i;
	}
	use = purgatory >= 0 ? purgatory : kernel;
	if (use < 0)
		return err;
	if (read_phdr(ops, ctx, elfcorehdr, phoff, use, &ph))
		return -EIO;
	if (ram) {
		ram->note_start = ph.p_offset;
		ram->note_end = ph.p_offset + ph.p_filesz;
	}
	return open_note(ops, ctx, &ph, buf, size, n, ram);
}
