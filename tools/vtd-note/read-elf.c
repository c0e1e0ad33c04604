// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * read-elf.c - find our note in an ELF dump (/proc/vmcore, makedumpfile
 * -E, a copy; in place, flattened or on a pipe): libelf reads the headers,
 * each PT_NOTE is searched in turn.
 */
#include <gelf.h>
#include <stdlib.h>

#include "vtd-note.h"
#include "dump.h"
#include "read.h"

static Elf *elf_open(struct vn_dump *d)
{
	elf_version(EV_CURRENT);
	if (d->stream)
		return elf_memory((char *)d->img, d->img_len);
	return elf_begin(d->fd, ELF_C_READ, NULL);
}

/* Check that [off, off + n x size) is in the dump, without overflow. */
static int elf_table_there(struct vn_dump *d, uint64_t off, uint64_t n,
			   uint64_t size, const char *what)
{
	if (size && n > (UINT64_MAX - off) / size) {
		if (!d->quiet)
			vn_err("%s: %s at 0x%llx: %llu entries overflow",
			       d->path, what, (unsigned long long)off,
			       (unsigned long long)n);
		return -VTD_ERR_BADLAYOUT;
	}
	return vn_dump_read(d, off, NULL, (size_t)(n * size), what);
}

/*
 * The PT_NOTE segments of an ELF dump, into a malloc'd @at; *@hdr_end is
 * where its headers end.  Returns their count or a negative code (after
 * printing why, unless d->quiet).
 */
static int elf_notes(struct vn_dump *d, struct vn_notes_at **at,
		     uint64_t *hdr_end)
{
	size_t i, phnum, phsize;
	int ret, n = 0;
	GElf_Ehdr eh;
	Elf *elf;

	*at = NULL;
	ret = vn_dump_read(d, 0, NULL, sizeof(Elf32_Ehdr), "ELF header");
	if (ret < 0)
		return ret;
	elf = elf_open(d);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		if (!d->quiet)
			vn_err("%s: not a readable ELF file: %s", d->path,
			       elf_errmsg(-1));
		ret = -VTD_ERR_BADMAGIC;
		goto out_end;
	}
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		if (!d->quiet)
			vn_err("%s: a big-endian ELF file (byte 0x%x): no "
			       "x86 dump",
			       d->path, EI_DATA);
		ret = -VTD_ERR_BADMAGIC;
		goto out_end;
	}
	ret = vn_dump_read(d, 0, NULL, eh.e_ehsize, "ELF header");
	/* PN_XNUM: the count is in section header 0. */
	if (!ret && eh.e_phnum == PN_XNUM)
		ret = elf_table_there(d, eh.e_shoff, 1, eh.e_shentsize,
				      "ELF section header 0");
	if (ret < 0)
		goto out_end;
	phsize = gelf_fsize(elf, ELF_T_PHDR, 1, EV_CURRENT);
	/* Named here before libelf says "invalid data" about them. */
	if (eh.e_phnum != PN_XNUM)
		ret = elf_table_there(d, eh.e_phoff, eh.e_phnum, phsize,
				      "ELF program headers");
	if (ret < 0)
		goto out_end;
	if (elf_getphdrnum(elf, &phnum) < 0) {
		if (!d->quiet)
			vn_err("%s: ELF program headers: %s", d->path,
			       elf_errmsg(-1));
		ret = -VTD_ERR_BADLAYOUT;
		goto out_end;
	}
	ret = elf_table_there(d, eh.e_phoff, phnum, phsize,
			      "ELF program headers");
	if (ret < 0)
		goto out_end;
	*hdr_end = eh.e_phoff + phnum * phsize;
	if (*hdr_end < eh.e_ehsize)
		*hdr_end = eh.e_ehsize;
	*at = calloc(phnum ? phnum : 1, sizeof(**at));
	if (!*at) {
		ret = -VTD_ERR_INTERNAL;
		goto out_end;
	}
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph)) {
			if (!d->quiet)
				vn_err("%s: ELF program header %zu: %s",
				       d->path, i, elf_errmsg(-1));
			ret = -VTD_ERR_BADLAYOUT;
			goto out_end;
		}
		if (ph.p_type != PT_NOTE)
			continue;
		if (ph.p_filesz > VTD_DUMP_NOTES_MAX) {
			if (!d->quiet)
				vn_err("%s: PT_NOTE %zu at offset 0x%llx: "
				       "0x%llx bytes, more than notes take "
				       "(0x%x)",
				       d->path, i,
				       (unsigned long long)ph.p_offset,
				       (unsigned long long)ph.p_filesz,
				       VTD_DUMP_NOTES_MAX);
			ret = -VTD_ERR_BADLEN;
			goto out_end;
		}
		(*at)[n].off = ph.p_offset;
		(*at)[n].size = ph.p_filesz;
		(*at)[n].phdr = i;
		n++;
	}
	ret = n;
out_end:
	elf_end(elf);
	if (ret < 0) {
		free(*at);
		*at = NULL;
	}
	return ret;
}

int vn_find_in_elf(struct vn_dump *d, struct vn_loaded_note *ln)
{
	struct vn_notes_at *at;
	uint64_t hdr_end;
	int i, n, ret = -VTD_ERR_NOTFOUND;

	n = elf_notes(d, &at, &hdr_end);
	if (n < 0)
		return n;
	for (i = 0; i < n && ret == -VTD_ERR_NOTFOUND; i++) {
		char what[64];

		snprintf(what, sizeof(what), "PT_NOTE %zu", at[i].phdr);
		ret = vn_find_in_notes(
			d, &at[i], what,
			d->flattened ? "flattened ELF dump" : "ELF dump", ln);
	}
	free(at);
	return ret;
}

uint64_t vn_elf_meta_end(struct vn_dump *d)
{
	struct vn_notes_at *at;
	uint64_t end = 0;
	int i, n;

	/*
	 * A flattened stream may rewrite the program headers later
	 * (makedumpfile writes them after the pages): keep all.
	 */
	if (d->flattened)
		return 0;
	n = elf_notes(d, &at, &end);
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (at[i].off + at[i].size > end)
			end = at[i].off + at[i].size;
	free(at);
	return end;
}
