// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * purgload.c - read the purgatory object with libelf, lay out its
 * allocated sections one after the other (each at its alignment), apply
 * its RELA relocations for the chosen physical address, and find its
 * entry and argument block by name.  Every failure is a message naming
 * the section and the offset, and -1: nothing here exits.
 */
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/env.h>
#include <kexec-vtd/x86.h>

#include "purgload.h"
#include "report.h"

extern const uint8_t _binary_purgatory_purgatory_ro_start[];
extern const uint8_t _binary_purgatory_purgatory_ro_end[];

void kx_purgatory_blob(const uint8_t **data, size_t *len)
{
	*data = _binary_purgatory_purgatory_ro_start;
	*len = (size_t)(_binary_purgatory_purgatory_ro_end -
			_binary_purgatory_purgatory_ro_start);
}

struct layout {
	Elf *elf;
	char *copy; /* libelf wants a writable buffer */
	size_t nsec;
	uint64_t *off; /* section -> offset in the image, or -1 */
	size_t size;
	uint64_t align;
};

static void layout_free(struct layout *l)
{
	elf_end(l->elf);
	free(l->copy);
	free(l->off);
}

static int layout(const uint8_t *obj, size_t len, struct layout *l)
{
	size_t i;

	memset(l, 0, sizeof(*l));
	elf_version(EV_CURRENT);
	l->copy = kx_zalloc(len, "purgatory");
	if (!l->copy)
		return -1;
	memcpy(l->copy, obj, len);
	l->elf = elf_memory(l->copy, len);
	if (!l->elf || elf_kind(l->elf) != ELF_K_ELF ||
	    elf_getshdrnum(l->elf, &l->nsec) < 0) {
		kx_err("purgatory: not an ELF object: %s", elf_errmsg(-1));
		return -1;
	}
	l->off = kx_zalloc(l->nsec * sizeof(*l->off), "purgatory's sections");
	if (!l->off)
		return -1;
	l->align = 1;
	for (i = 0; i < l->nsec; i++) {
		GElf_Shdr sh;
		uint64_t a;

		l->off[i] = UINT64_MAX;
		if (!gelf_getshdr(elf_getscn(l->elf, i), &sh) ||
		    !(sh.sh_flags & SHF_ALLOC) || !sh.sh_size)
			continue;
		a = sh.sh_addralign ? sh.sh_addralign : 1;
		if (a & (a - 1)) {
			kx_err("purgatory: section %zu alignment %llu", i,
			       (unsigned long long)a);
			return -1;
		}
		l->size = (l->size + a - 1) & ~(a - 1);
		l->off[i] = l->size;
		l->size += sh.sh_size;
		if (a > l->align)
			l->align = a;
	}
	l->size = (l->size + X86_PAGE_SIZE - 1) & ~(size_t)(X86_PAGE_SIZE - 1);
	return 0;
}

int kx_purgatory_measure(const uint8_t *obj, size_t len, size_t *size,
			 uint64_t *align)
{
	struct layout l;
	int ret = layout(obj, len, &l);

	*size = l.size;
	*align = l.align < X86_PAGE_SIZE ? X86_PAGE_SIZE : l.align;
	layout_free(&l);
	return ret;
}

/* The physical address of symbol @i, or an error for undefined ones. */
static int sym_value(const struct layout *l, uint64_t base, const GElf_Sym *s,
		     const char *name, uint64_t *v)
{
	if (s->st_shndx == SHN_UNDEF) {
		kx_err("purgatory: undefined symbol '%s'", name);
		return -1;
	}
	if (s->st_shndx == SHN_ABS) {
		*v = s->st_value;
		return 0;
	}
	if (s->st_shndx >= l->nsec || l->off[s->st_shndx] == UINT64_MAX) {
		kx_err("purgatory: symbol '%s' in unallocated section %u", name,
		       s->st_shndx);
		return -1;
	}
	*v = base + l->off[s->st_shndx] + s->st_value;
	return 0;
}

static int apply_one(uint8_t *loc, uint32_t type, uint64_t s_plus_a, uint64_t p,
		     const char *sec, uint64_t offset)
{
	int64_t rel;

	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
		vtd_st_le64(loc, s_plus_a);
		return 0;
	case R_X86_64_32:
		if (s_plus_a > UINT32_MAX)
			break;
		vtd_st_le32(loc, (uint32_t)s_plus_a);
		return 0;
	case R_X86_64_32S:
		if ((int64_t)s_plus_a != (int32_t)s_plus_a)
			break;
		vtd_st_le32(loc, (uint32_t)s_plus_a);
		return 0;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		rel = (int64_t)(s_plus_a - p);
		if (rel != (int32_t)rel)
			break;
		vtd_st_le32(loc, (uint32_t)rel);
		return 0;
	default:
		kx_err("purgatory: relocation type %u at %s+0x%llx is not "
		       "supported",
		       type, sec, (unsigned long long)offset);
		return -1;
	}
	kx_err("purgatory: relocation type %u at %s+0x%llx overflows", type,
	       sec, (unsigned long long)offset);
	return -1;
}

static int relocate_section(struct layout *l, uint64_t base, uint8_t *img,
			    Elf_Scn *scn, const GElf_Shdr *sh, size_t shstrndx)
{
	Elf_Data *rel = elf_getdata(scn, NULL);
	Elf_Scn *symscn = elf_getscn(l->elf, sh->sh_link);
	Elf_Data *syms = symscn ? elf_getdata(symscn, NULL) : NULL;
	GElf_Shdr symsh;
	const char *sec = elf_strptr(l->elf, shstrndx, sh->sh_name);
	size_t i, n, target = sh->sh_info;

	if (!rel || !syms || !gelf_getshdr(symscn, &symsh) ||
	    target >= l->nsec || l->off[target] == UINT64_MAX)
		return 0; /* relocations of a section we do not load */
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		GElf_Rela r;
		GElf_Sym s;
		GElf_Shdr tsh;
		uint64_t v, p;
		const char *name;

		if (!gelf_getrela(rel, (int)i, &r) ||
		    !gelf_getsym(syms, (int)GELF_R_SYM(r.r_info), &s) ||
		    !gelf_getshdr(elf_getscn(l->elf, target), &tsh))
			return -1;
		if (r.r_offset + (GELF_R_TYPE(r.r_info) == R_X86_64_64 ? 8
								       : 4) >
			    tsh.sh_size ||
		    tsh.sh_type == SHT_NOBITS) {
			kx_err("purgatory: relocation %zu of %s beyond its "
			       "section",
			       i, sec ? sec : "?");
			return -1;
		}
		name = elf_strptr(l->elf, symsh.sh_link, s.st_name);
		if (sym_value(l, base, &s, name ? name : "?", &v) < 0)
			return -1;
		p = base + l->off[target] + r.r_offset;
		if (apply_one(img + l->off[target] + r.r_offset,
			      (uint32_t)GELF_R_TYPE(r.r_info),
			      v + (uint64_t)r.r_addend, p, sec ? sec : "?",
			      r.r_offset) < 0)
			return -1;
	}
	return 0;
}

/* Find a defined global symbol; returns its section offset in the image. */
static int find_symbol(struct layout *l, uint64_t base, const char *want,
		       uint64_t *addr, uint64_t *size)
{
	size_t i;

	for (i = 0; i < l->nsec; i++) {
		Elf_Scn *scn = elf_getscn(l->elf, i);
		GElf_Shdr sh;
		Elf_Data *d;
		size_t j, n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		n = d ? sh.sh_size / sh.sh_entsize : 0;
		for (j = 0; j < n; j++) {
			GElf_Sym s;
			const char *name;

			if (!gelf_getsym(d, (int)j, &s))
				continue;
			name = elf_strptr(l->elf, sh.sh_link, s.st_name);
			if (name && !strcmp(name, want) &&
			    s.st_shndx != SHN_UNDEF) {
				*size = s.st_size;
				return sym_value(l, base, &s, name, addr);
			}
		}
	}
	kx_err("purgatory: no symbol '%s'", want);
	return -1;
}

int kx_purgatory_relocate(const uint8_t *obj, size_t len, uint64_t base,
			  struct kx_purgatory *p)
{
	struct layout l;
	size_t i, shstrndx;
	uint64_t addr, size;
	int ret = -1;

	memset(p, 0, sizeof(*p));
	if (layout(obj, len, &l) < 0 || elf_getshdrstrndx(l.elf, &shstrndx))
		goto out;
	p->image = kx_zalloc(l.size, "purgatory");
	if (!p->image)
		goto out;
	p->size = l.size;
	p->align = l.align;
	for (i = 0; i < l.nsec; i++) {
		Elf_Scn *scn = elf_getscn(l.elf, i);
		GElf_Shdr sh;
		Elf_Data *d;

		if (l.off[i] == UINT64_MAX || !gelf_getshdr(scn, &sh) ||
		    sh.sh_type == SHT_NOBITS)
			continue;
		d = elf_getdata(scn, NULL);
		if (d && d->d_buf)
			memcpy(p->image + l.off[i], d->d_buf, d->d_size);
	}
	for (i = 0; i < l.nsec; i++) {
		Elf_Scn *scn = elf_getscn(l.elf, i);
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_RELA &&
		    relocate_section(&l, base, p->image, scn, &sh, shstrndx) <
			    0)
			goto out;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_REL) {
			kx_err("purgatory: REL (not RELA) section %zu", i);
			goto out;
		}
	}
	if (find_symbol(&l, base, VTD_PURGATORY_ENTRY_SYMBOL, &p->entry,
			&size) < 0 ||
	    find_symbol(&l, base, VTD_PURGATORY_ARGS_SYMBOL, &addr, &size) < 0)
		goto out;
	if (size != VTD_PURGATORY_ARGS_SIZE) {
		kx_err("purgatory: %s is %llu bytes, this loader expects %u",
		       VTD_PURGATORY_ARGS_SYMBOL, (unsigned long long)size,
		       VTD_PURGATORY_ARGS_SIZE);
		goto out;
	}
	p->args_off = (size_t)(addr - base);
	ret = 0;
out:
	layout_free(&l);
	if (ret < 0)
		kx_purgatory_free(p);
	return ret;
}

void kx_purgatory_free(struct kx_purgatory *p)
{
	free(p->image);
	p->image = NULL;
}

void kx_purgatory_set_args(struct kx_purgatory *p,
			   const struct vtd_purgatory_args *args)
{
	memcpy(p->image + p->args_off, args, sizeof(*args));
}
