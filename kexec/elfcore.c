// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elfcore.c - the ELF core header the crash kernel reads through
 * elfcorehdr=: one PT_NOTE per possible CPU's crash_notes, one for
 * VMCOREINFO, one for the VT-d snapshot area, then the kernel text
 * PT_LOAD and one PT_LOAD per RAM range outside the crash kernel ranges,
 * the first 640 KiB pointing at its backup copy.  All notes come before
 * the loads; p_offset is the physical address; no p_memsz is 0.
 *
 * The header is written by libelf (to a memory file), not by hand.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "elfcore.h"
#include "report.h"

static int add(struct kx_phdrs *ph, uint32_t type, uint64_t paddr,
	       uint64_t vaddr, uint64_t offset, uint64_t size)
{
	GElf_Phdr *p;

	if (!size)
		return 0; /* never a zero-sized segment */
	if (ph->nr == KX_MAX_PHDRS) {
		kx_err("elfcorehdr: more than %d program headers",
		       KX_MAX_PHDRS);
		return -1;
	}
	p = &ph->p[ph->nr++];
	memset(p, 0, sizeof(*p));
	p->p_type = type;
	p->p_flags = type == PT_LOAD ? PF_R | PF_W | PF_X : 0;
	p->p_offset = offset;
	p->p_paddr = paddr;
	p->p_vaddr = vaddr;
	p->p_filesz = p->p_memsz = size;
	p->p_align = 0;
	return 0;
}

/*
 * RAM minus every crash kernel range (kexec-tools excludes each one of
 * crash_reserved_mem[]): what the dump must contain.
 */
static int add_ram_loads(struct kx_phdrs *ph, const struct kx_machine *m,
			 uint64_t backup_dest)
{
	uint64_t po = m->page_offset;
	int i, c;

	for (i = 0; i < m->nr_mem; i++) {
		uint64_t s = m->mem[i].start, e = m->mem[i].end + 1;

		if (m->mem[i].type != KX_MEM_RAM)
			continue;
		/* The first 640 KiB are read from their backup copy. */
		if (s < KX_BACKUP_SIZE) {
			uint64_t be = e < KX_BACKUP_SIZE ? e : KX_BACKUP_SIZE;

			if (add(ph, PT_LOAD, s, po + s, backup_dest + s,
				be - s))
				return -1;
			s = be;
		}
		/* The crash ranges are sorted: cut them out left to right. */
		for (c = 0; c < m->nr_crash && s < e; c++) {
			uint64_t cs = m->crash[c].start;
			uint64_t ce = m->crash[c].end + 1;

			if (ce <= s || cs >= e)
				continue;
			if (cs > s && add(ph, PT_LOAD, s, po + s, s, cs - s))
				return -1;
			s = ce;
		}
		if (e > s && add(ph, PT_LOAD, s, po + s, s, e - s))
			return -1;
	}
	return 0;
}

int kx_elfcore_phdrs(struct kx_phdrs *ph, const struct kx_machine *m,
		     uint64_t snapshot_addr, uint64_t snapshot_size,
		     uint64_t backup_dest)
{
	int cpu;

	ph->nr = 0;
	for (cpu = 0; cpu < m->nr_cpus; cpu++)
		if (m->crash_notes[cpu] &&
		    add(ph, PT_NOTE, m->crash_notes[cpu], 0,
			m->crash_notes[cpu], m->crash_notes_size))
			return -1;
	if (add(ph, PT_NOTE, m->vmcoreinfo_addr, 0, m->vmcoreinfo_addr,
		m->vmcoreinfo_size) ||
	    add(ph, PT_NOTE, snapshot_addr, 0, snapshot_addr, snapshot_size) ||
	    add(ph, PT_LOAD, m->ktext_paddr, m->ktext_vaddr, m->ktext_paddr,
		m->ktext_size))
		return -1;
	return add_ram_loads(ph, m, backup_dest);
}

int kx_elfcore_build(const struct kx_phdrs *ph, void **buf, size_t *len)
{
	GElf_Ehdr eh;
	Elf *elf = NULL;
	int fd, i, ret = -1;
	off_t size;

	fd = memfd_create("elfcorehdr", MFD_CLOEXEC);
	if (fd < 0) {
		kx_err("elfcorehdr: memfd_create: %s", strerror(errno));
		return -1;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!elf || !gelf_newehdr(elf, ELFCLASS64) ||
	    !gelf_newphdr(elf, (size_t)ph->nr))
		goto out_elf;
	elf_flagelf(elf, ELF_C_SET, ELF_F_LAYOUT);
	gelf_getehdr(elf, &eh);
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = gelf_fsize(elf, ELF_T_EHDR, 1, EV_CURRENT);
	if (!gelf_update_ehdr(elf, &eh))
		goto out_elf;
	for (i = 0; i < ph->nr; i++)
		if (!gelf_update_phdr(elf, i, (GElf_Phdr *)&ph->p[i]))
			goto out_elf;
	size = elf_update(elf, ELF_C_WRITE);
	if (size < 0)
		goto out_elf;
	*len = (size_t)size;
	*buf = malloc(*len);
	if (!*buf || pread(fd, *buf, *len, 0) != (ssize_t)*len) {
		kx_err("elfcorehdr: reading it back failed");
		free(*buf);
		goto out_end;
	}
	ret = 0;
	goto out_end;
out_elf:
	kx_err("elfcorehdr: libelf: %s", elf_errmsg(-1));
out_end:
	elf_end(elf);
	close(fd);
	return ret;
}
