// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mem-elf.c - the memory of an ELF dump by physical address (mem-elf.h),
 * its program headers read with libelf.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem-elf.h"
#include "vtd-note.h"

int vn_elf_mem_open(struct vn_elf_mem *em, const char *path)
{
	size_t i, phnum;
	Elf *elf = NULL;
	int ret = -VTD_ERR_BADMAGIC;

	memset(em, 0, sizeof(*em));
	em->path = path;
	em->fd = open(path, O_RDONLY);
	if (em->fd < 0) {
		vn_err("%s: cannot open: %m", path);
		return -VTD_ERR_ACCESS;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(em->fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF ||
	    gelf_getclass(elf) != ELFCLASS64 ||
	    elf_getphdrnum(elf, &phnum) < 0) {
		vn_err("%s: neither a 64-bit ELF dump nor a kdump-compressed "
		       "one: the tables are read from those (a copy of "
		       "/proc/vmcore, makedumpfile -E; makedumpfile -c, -l, "
		       "-p, -z); crash's vtd command reads whatever crash "
		       "opens",
		       path);
		goto out;
	}
	em->seg = calloc(phnum ? phnum : 1, sizeof(*em->seg));
	if (!em->seg) {
		ret = -VTD_ERR_INTERNAL;
		goto out;
	}
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph)) {
			vn_err("%s: ELF program header %zu: %s", path, i,
			       elf_errmsg(-1));
			ret = -VTD_ERR_BADLAYOUT;
			goto out;
		}
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz ||
		    ph.p_paddr + ph.p_memsz < ph.p_paddr) {
			vn_err("%s: PT_LOAD %zu at physical 0x%llx: sizes "
			       "0x%llx in the file, 0x%llx in memory",
			       path, i, (unsigned long long)ph.p_paddr,
			       (unsigned long long)ph.p_filesz,
			       (unsigned long long)ph.p_memsz);
			ret = -VTD_ERR_BADLAYOUT;
			goto out;
		}
		em->seg[em->nr++] = (struct vn_elf_seg){
			.pa = ph.p_paddr,
			.filesz = ph.p_filesz,
			.memsz = ph.p_memsz,
			.off = ph.p_offset,
		};
		if (ph.p_paddr + ph.p_memsz > em->end)
			em->end = ph.p_paddr + ph.p_memsz;
	}
	if (!em->nr) {
		vn_err("%s: no PT_LOAD: the dump holds no memory", path);
		ret = -VTD_ERR_NOTFOUND;
		goto out;
	}
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	if (ret < 0)
		vn_elf_mem_close(em);
	return ret;
}

void vn_elf_mem_close(struct vn_elf_mem *em)
{
	if (em->fd >= 0)
		close(em->fd);
	free(em->seg);
	em->fd = -1;
	em->seg = NULL;
	em->nr = 0;
}

/* The segment holding @pa: kernel text has a second, virtual-only one,
 * so the first whose physical range holds it. */
static const struct vn_elf_seg *seg_of(const struct vn_elf_mem *em, uint64_t pa)
{
	size_t i;

	for (i = 0; i < em->nr; i++)
		if (pa >= em->seg[i].pa &&
		    pa - em->seg[i].pa < em->seg[i].memsz)
			return &em->seg[i];
	return NULL;
}

int vn_elf_mem_read(void *ctx, uint64_t pa, void *buf, size_t len)
{
	struct vn_elf_mem *em = ctx;
	uint8_t *p = buf;

	while (len) {
		const struct vn_elf_seg *s = seg_of(em, pa);
		uint64_t in, chunk;

		if (!s)
			return -VTD_ERR_NOTFOUND;
		in = pa - s->pa;
		chunk = s->memsz - in < len ? s->memsz - in : len;
		if (in >= s->filesz) {
			memset(p, 0, chunk);
		} else {
			uint64_t file =
				s->filesz - in < chunk ? s->filesz - in : chunk;

			if (pread(em->fd, p, file, (off_t)(s->off + in)) !=
			    (ssize_t)file) {
				if (!em->cut_said)
					vn_err("%s: cut short: physical 0x%llx "
					       "lies past its end; such pages "
					       "read as not in the dump",
					       em->path,
					       (unsigned long long)pa);
				em->cut_said = true;
				return -VTD_ERR_TRUNCATED;
			}
			memset(p + file, 0, chunk - file);
		}
		p += chunk;
		pa += chunk;
		len -= chunk;
	}
	return 0;
}
