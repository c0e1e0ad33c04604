// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkcore.c - write a small ELF core file shaped like a vmcore: one PT_NOTE
 * holding a CORE note, a VMCOREINFO note and the records of a note area
 * (our snapshot, as the crash kernel merges it: without the terminator),
 * then one PT_LOAD: a page of 0x5a at 1 MiB, or the bytes of MEM at
 * physical address PADDR (the crashed machine's tables, for vtd-note
 * tables).  Tests run readelf and vtd-note on it.
 *
 * Usage: mkcore OUT AREA [MEM PADDR]
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/elfnote.h>

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

static void add_note(uint8_t *buf, size_t *len, const char *name, uint32_t type,
		     const void *desc, uint32_t descsz)
{
	Elf64_Nhdr nh = {
		.n_namesz = (Elf64_Word)strlen(name) + 1,
		.n_descsz = descsz,
		.n_type = type,
	};

	memcpy(buf + *len, &nh, sizeof(nh));
	*len += sizeof(nh);
	memcpy(buf + *len, name, nh.n_namesz);
	*len += align4(nh.n_namesz);
	memcpy(buf + *len, desc, descsz);
	*len += align4(descsz);
}

/*
 * Copy the note records of @area up to its empty record or its end (the
 * project's one note walker decides where that is).
 */
static size_t copy_records(uint8_t *dst, const uint8_t *area, size_t len)
{
	struct vtd_elfnote rec;
	size_t off = 0;
	int ret;

	for (rec.end = 0;
	     (ret = vtd_elfnote_next(area, len, rec.end, &rec, NULL)) > 0;)
		off = rec.end;
	(void)ret; /* a bad record ends the copy, as the empty one does */
	memcpy(dst, area, off);
	return off;
}

int main(int argc, char **argv)
{
	static uint8_t notes[4 << 20], prstatus[336], area[4 << 20];
	static const char vmcoreinfo[] =
		"OSRELEASE=6.1.0-test\nPAGESIZE=4096\n";
	static uint8_t page[4096], mem[16 << 20];
	uint8_t *load = page;
	size_t load_len = sizeof(page);
	uint64_t paddr = 0x100000;
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph[2] = { { 0 } };
	size_t nlen = 0, alen;
	FILE *f;

	if (argc != 3 && argc != 5) {
		fprintf(stderr, "usage: mkcore OUT AREA [MEM PADDR]\n");
		return 2;
	}
	if (argc == 5) {
		f = fopen(argv[3], "rb");
		if (!f) {
			perror(argv[3]);
			return 1;
		}
		load_len = fread(mem, 1, sizeof(mem), f);
		fclose(f);
		load = mem;
		paddr = strtoull(argv[4], NULL, 0);
	}
	f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	alen = fread(area, 1, sizeof(area), f);
	fclose(f);

	add_note(notes, &nlen, "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus));
	add_note(notes, &nlen, "VMCOREINFO", 0, vmcoreinfo,
		 sizeof(vmcoreinfo) - 1);
	nlen += copy_records(notes + nlen, area, alen);
	memset(page, 0x5a, sizeof(page));

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = 2;
	ph[0].p_type = PT_NOTE;
	ph[0].p_offset = sizeof(eh) + sizeof(ph);
	ph[0].p_filesz = ph[0].p_memsz = nlen;
	ph[1].p_type = PT_LOAD;
	ph[1].p_flags = PF_R | PF_W | PF_X;
	ph[1].p_offset = ph[0].p_offset + nlen;
	ph[1].p_paddr = paddr;
	ph[1].p_vaddr = 0xffff888000000000ull + paddr;
	ph[1].p_filesz = ph[1].p_memsz = load_len;

	f = fopen(argv[1], "wb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	if (fwrite(&eh, sizeof(eh), 1, f) != 1 ||
	    fwrite(ph, sizeof(ph), 1, f) != 1 ||
	    fwrite(notes, 1, nlen, f) != nlen ||
	    fwrite(load, 1, load_len, f) != load_len || fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
