// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * input.c - find our note in whatever holds it: an ELF dump
 * (/proc/vmcore, makedumpfile -E, a copy), a kdump-compressed one (any
 * compression), either of them flattened (a file or a pipe), the parts of
 * a split dump, a snapshot area or a bare descriptor.
 *
 * Dumps are never read whole: libelf reads the ELF headers,
 * lib/makedumpfile.c checks the kdump-compressed ones, and only the notes
 * they point at are read, then walked by lib/ (vtd_note_find).  Memory is
 * bounded by the notes, not by the dump.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vtd-note.h"
#include "dump.h"

void vn_buf_free(struct vn_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

/* Read all of @path (sysfs files report no size, so read to EOF). */
int vn_read_file(const char *path, size_t max, struct vn_buf *out)
{
	size_t cap = 4096;
	ssize_t n;
	int fd;

	out->len = 0;
	out->data = malloc(cap);
	if (!out->data) {
		vn_err("%s: out of memory", path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		vn_err("%s: %s", path, strerror(errno));
		goto out_free;
	}
	for (;;) {
		if (out->len == cap) {
			uint8_t *p;

			if (cap > max) {
				vn_err("%s: larger than %zu bytes", path, max);
				goto out_close;
			}
			p = realloc(out->data, cap * 2);
			if (!p) {
				vn_err("%s: out of memory", path);
				goto out_close;
			}
			out->data = p;
			cap *= 2;
		}
		n = read(fd, out->data + out->len, cap - out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vn_err("%s: read: %s", path, strerror(errno));
			goto out_close;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
	}
	close(fd);
	if (out->len > max) {
		vn_err("%s: larger than %zu bytes", path, max);
		vn_buf_free(out);
		return -1;
	}
	return 0;

out_close:
	close(fd);
out_free:
	vn_buf_free(out);
	return -1;
}

void vn_loaded_note_free(struct vn_loaded_note *ln)
{
	free(ln->desc);
	ln->desc = NULL;
	ln->desc_len = 0;
}

static int keep_desc(struct vn_loaded_note *ln, const void *desc, size_t len,
		     uint64_t file_off, const char *container)
{
	ln->desc = malloc(len ? len : 1);
	if (!ln->desc) {
		vn_err("out of memory");
		return -VTD_ERR_INTERNAL;
	}
	memcpy(ln->desc, desc, len);
	ln->desc_len = len;
	ln->file_off = file_off;
	snprintf(ln->container, sizeof(ln->container), "%s", container);
	return 0;
}

/* The kind of dump, from its first bytes. */
enum dump_kind { DUMP_OTHER, DUMP_ELF, DUMP_KDUMP, DUMP_DISKDUMP };

static enum dump_kind dump_kind(struct vn_dump *d)
{
	uint8_t m[VTD_MDF_SIG_LEN];
	bool quiet = d->quiet;
	int ret;

	d->quiet = true;
	ret = vn_dump_read(d, 0, m, SELFMAG, "magic");
	d->quiet = quiet;
	if (ret < 0)
		return DUMP_OTHER;
	if (!memcmp(m, ELFMAG, SELFMAG))
		return DUMP_ELF;
	d->quiet = true;
	ret = vn_dump_read(d, 0, m, sizeof(m), "signature");
	d->quiet = quiet;
	if (ret < 0)
		return DUMP_OTHER;
	if (!memcmp(m, VTD_MDF_SIGNATURE, sizeof(m)))
		return DUMP_KDUMP;
	if (!memcmp(m, VTD_DISKDUMP_SIGNATURE, sizeof(m)))
		return DUMP_DISKDUMP;
	return DUMP_OTHER;
}

/* Where a dump keeps ELF notes: one PT_NOTE, or a kdump sub-header's. */
struct notes_at {
	uint64_t off, size;
	size_t phdr; /* the PT_NOTE's index (ELF) */
};

/* Find our note in the notes at @at; prints what is wrong. */
static int find_in_notes(struct vn_dump *d, const struct notes_at *at,
			 const char *what, const char *container,
			 struct vn_loaded_note *ln)
{
	size_t desc_len, bad_off = 0;
	const void *desc;
	uint8_t *area;
	int ret;

	if (!at->size)
		return -VTD_ERR_NOTFOUND;
	area = malloc(at->size);
	if (!area) {
		vn_err("%s: out of memory", d->path);
		return -VTD_ERR_INTERNAL;
	}
	ret = vn_dump_read(d, at->off, area, at->size, what);
	if (ret < 0)
		goto out_free;
	ret = vtd_note_find(area, at->size, &desc, &desc_len, &bad_off);
	if (ret == 0)
		ret = keep_desc(ln, desc, desc_len,
				at->off + (uint64_t)((const uint8_t *)desc -
						     area),
				container);
	else if (ret != -VTD_ERR_NOTFOUND)
		vn_err("%s: %s at 0x%llx+0x%llx: note record %s at offset "
		       "0x%llx",
		       d->path, what, (unsigned long long)at->off,
		       (unsigned long long)at->size, vtd_strerror(ret),
		       (unsigned long long)(at->off + bad_off));
out_free:
	free(area);
	return ret;
}

/* --- ELF --- */

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
static int elf_notes(struct vn_dump *d, struct notes_at **at, uint64_t *hdr_end)
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

static int load_from_elf(struct vn_dump *d, struct vn_loaded_note *ln)
{
	struct notes_at *at;
	uint64_t hdr_end;
	int i, n, ret = -VTD_ERR_NOTFOUND;

	n = elf_notes(d, &at, &hdr_end);
	if (n < 0)
		return n;
	for (i = 0; i < n && ret == -VTD_ERR_NOTFOUND; i++) {
		char what[64];

		snprintf(what, sizeof(what), "PT_NOTE %zu", at[i].phdr);
		ret = find_in_notes(d, &at[i], what,
				    d->flattened ? "flattened ELF dump"
						 : "ELF dump",
				    ln);
	}
	free(at);
	return ret;
}

/* --- kdump-compressed --- */

/* The name of the header field at file offset @off, for messages. */
static const char *kdump_field(uint64_t off, uint32_t block)
{
	static const struct {
		uint64_t off;
		const char *name;
	} hdr[] = {
		{ 0, "signature" },
		{ offsetof(struct vtd_mdf_hdr, header_version),
		  "header_version" },
		{ offsetof(struct vtd_mdf_hdr, utsname), "utsname" },
		{ offsetof(struct vtd_mdf_hdr, tv_sec), "timestamp" },
		{ offsetof(struct vtd_mdf_hdr, status), "status" },
		{ offsetof(struct vtd_mdf_hdr, block_size), "block_size" },
		{ offsetof(struct vtd_mdf_hdr, sub_hdr_size),
		  "sub_hdr_size" },
		{ offsetof(struct vtd_mdf_hdr, bitmap_blocks),
		  "bitmap_blocks" },
		{ offsetof(struct vtd_mdf_hdr, max_mapnr), "max_mapnr" },
		{ offsetof(struct vtd_mdf_hdr, nr_cpus), "nr_cpus" },
	}, sub[] = {
		{ offsetof(struct vtd_mdf_sub, phys_base), "phys_base" },
		{ offsetof(struct vtd_mdf_sub, dump_level), "dump_level" },
		{ offsetof(struct vtd_mdf_sub, split), "split" },
		{ offsetof(struct vtd_mdf_sub, end_pfn), "end_pfn" },
		{ offsetof(struct vtd_mdf_sub, offset_note), "offset_note" },
		{ offsetof(struct vtd_mdf_sub, size_note), "size_note" },
		{ offsetof(struct vtd_mdf_sub, end_pfn_64), "end_pfn_64" },
		{ offsetof(struct vtd_mdf_sub, max_mapnr_64),
		  "max_mapnr_64" },
	};
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(hdr); i++)
		if (off == hdr[i].off)
			return hdr[i].name;
	for (i = 0; block && i < VTD_ARRAY_SIZE(sub); i++)
		if (off == block + sub[i].off)
			return sub[i].name;
	return "data";
}

/* Block 0 and the sub-header of a kdump-compressed dump, checked. */
struct kdump_part {
	uint8_t hdr[sizeof(struct vtd_mdf_hdr)];
	uint8_t sub[sizeof(struct vtd_mdf_sub)];
	struct vtd_mdf_info info;
};

static int kdump_read_header(struct vn_dump *d, struct kdump_part *p)
{
	uint64_t bad = 0;
	int ret;

	ret = vn_dump_read(d, 0, p->hdr, sizeof(p->hdr),
			   "kdump-compressed header");
	if (ret < 0)
		return ret;
	ret = vtd_mdf_check_header(p->hdr, sizeof(p->hdr), &p->info, &bad);
	if (ret < 0 && !d->quiet)
		vn_err("%s: %skdump-compressed header: %s at offset 0x%llx "
		       "(%s 0x%x)%s",
		       d->path, vn_dump_layout(d), vtd_strerror(ret),
		       (unsigned long long)bad, kdump_field(bad, 0),
		       vtd_ld_le32(p->hdr + bad),
		       ret == -VTD_ERR_BADVERSION
			       ? ": the notes came with version 4"
			       : "");
	return ret;
}

static int kdump_read(struct vn_dump *d, struct kdump_part *p)
{
	size_t sub_len;
	uint64_t bad = 0;
	int ret;

	ret = kdump_read_header(d, p);
	if (ret < 0)
		return ret;
	sub_len = vtd_mdf_sub_size(p->info.version);
	ret = vn_dump_read(d, p->info.block_size, p->sub, sub_len,
			   "kdump-compressed sub-header");
	if (ret < 0)
		return ret;
	ret = vtd_mdf_check_sub(p->sub, sub_len, &p->info, &bad);
	if (ret < 0 && !d->quiet &&
	    bad - p->info.block_size + 8 <= sizeof(p->sub))
		vn_err("%s: %skdump-compressed sub-header: %s at offset "
		       "0x%llx (%s 0x%llx; the sub-header blocks end at "
		       "0x%llx)",
		       d->path, vn_dump_layout(d), vtd_strerror(ret),
		       (unsigned long long)bad,
		       kdump_field(bad, p->info.block_size),
		       (unsigned long long)vtd_ld_le64(
			       p->sub + (bad - p->info.block_size)),
		       (unsigned long long)p->info.meta_end);
	return ret;
}

static int load_from_kdump(struct vn_dump *d, struct vn_loaded_note *ln)
{
	struct kdump_part p;
	struct notes_at at;
	char container[64];
	int ret;

	ret = kdump_read(d, &p);
	if (ret < 0)
		return ret;
	at.off = p.info.note_off;
	at.size = p.info.note_size;
	snprintf(container, sizeof(container), "%skdump-compressed dump, %s",
		 vn_dump_layout(d), vtd_mdf_compression(p.info.status));
	return find_in_notes(d, &at, "kdump-compressed ELF notes", container,
			     ln);
}

/* --- what a stream must keep --- */

uint64_t vn_dump_meta_end(struct vn_dump *d)
{
	struct kdump_part p;
	struct notes_at *at;
	uint64_t end = 0;
	int i, n;

	switch (dump_kind(d)) {
	case DUMP_KDUMP:
		return kdump_read_header(d, &p) < 0 ? 0 : p.info.meta_end;
	case DUMP_ELF:
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
	default:
		return 0;
	}
}

/* --- a snapshot area or a bare descriptor --- */

static int load_from_bytes(struct vn_dump *d, struct vn_loaded_note *ln)
{
	/* Room for the largest area plus slack to tell "too big" apart. */
	const uint64_t max = 2 * (uint64_t)VTD_NOTE_AREA_MAX;
	struct notes_at at = { .off = 0, .size = d->size };

	if (d->size > max) {
		vn_err("%s: no ELF, kdump-compressed or flattened signature, "
		       "and at 0x%llx bytes too large for a note area (0x%llx "
		       "at most)",
		       d->path, (unsigned long long)d->size,
		       (unsigned long long)max);
		return -VTD_ERR_BADMAGIC;
	}
	if (d->size >= 4 && d->head_len >= 4 && !d->flattened &&
	    vtd_ld_le32(d->head) == VTD_NOTE_MAGIC) {
		uint8_t *buf = malloc(d->size ? d->size : 1);
		int ret;

		if (!buf)
			return -VTD_ERR_INTERNAL;
		ret = vn_dump_read(d, 0, buf, d->size, "descriptor");
		if (!ret)
			ret = keep_desc(ln, buf, d->size, 0, "descriptor");
		free(buf);
		return ret;
	}
	return find_in_notes(d, &at, "note area", "note area", ln);
}

static int load_one(struct vn_dump *d, struct vn_loaded_note *ln)
{
	switch (dump_kind(d)) {
	case DUMP_ELF:
		return load_from_elf(d, ln);
	case DUMP_KDUMP:
		return load_from_kdump(d, ln);
	case DUMP_DISKDUMP:
		vn_err("%s: %sdiskdump file (\"%s\"): that format keeps no "
		       "ELF notes",
		       d->path, vn_dump_layout(d), VTD_DISKDUMP_SIGNATURE);
		return -VTD_ERR_BADVERSION;
	default:
		if (d->flattened) {
			vn_err("%s: the flattened stream rebuilds neither an "
			       "ELF nor a kdump-compressed dump",
			       d->path);
			return -VTD_ERR_BADMAGIC;
		}
		return load_from_bytes(d, ln);
	}
}

/* --- the parts of a split dump (makedumpfile --split) --- */

struct split_part {
	struct vn_dump d;
	struct kdump_part p;
	uint8_t *notes;
};

static int cmp_start(const void *a, const void *b)
{
	const struct split_part *x = a, *y = b;

	return x->p.info.start_pfn < y->p.info.start_pfn ? -1 :
	       x->p.info.start_pfn > y->p.info.start_pfn;
}

/* One part: a kdump-compressed file marked split, its notes read. */
static int split_open(struct split_part *s, const char *path)
{
	int ret = vn_dump_open(&s->d, path);

	if (ret < 0)
		return ret;
	if (dump_kind(&s->d) != DUMP_KDUMP) {
		vn_err("%s: not kdump-compressed: several files are read as "
		       "the parts of one split dump (makedumpfile --split)",
		       s->d.path);
		return -VTD_ERR_BADMAGIC;
	}
	ret = kdump_read(&s->d, &s->p);
	if (ret < 0)
		return ret;
	if (!s->p.info.split) {
		vn_err("%s: not a part of a split dump (split is 0 at offset "
		       "0x%llx)",
		       s->d.path,
		       (unsigned long long)(s->p.info.block_size +
					    offsetof(struct vtd_mdf_sub,
						     split)));
		return -VTD_ERR_BADLAYOUT;
	}
	s->notes = malloc(s->p.info.note_size ? s->p.info.note_size : 1);
	if (!s->notes)
		return -VTD_ERR_INTERNAL;
	return vn_dump_read(&s->d, s->p.info.note_off, s->notes,
			    s->p.info.note_size, "kdump-compressed ELF notes");
}

/* Do the parts come from one dump, and do their frames tile it? */
static int split_agree(struct split_part *s, int n)
{
	uint64_t i, end = 0;
	int k;

	for (k = 1; k < n; k++) {
		int64_t at =
			vtd_mdf_same_dump(s[0].p.hdr, s[0].p.sub, s[k].p.hdr,
					  s[k].p.sub, s[0].p.info.version);

		if (at >= 0) {
			vn_err("%s: not a part of the same dump as %s: %s at "
			       "offset 0x%llx differs",
			       s[k].d.path, s[0].d.path,
			       kdump_field((uint64_t)at,
					   s[0].p.info.block_size),
			       (unsigned long long)at);
			return -VTD_ERR_BADLAYOUT;
		}
		for (i = 0; i < s[0].p.info.note_size; i++)
			if (s[k].notes[i] != s[0].notes[i])
				break;
		if (i < s[0].p.info.note_size) {
			vn_err("%s: its ELF notes differ from those of %s at "
			       "offset 0x%llx",
			       s[k].d.path, s[0].d.path,
			       (unsigned long long)(s[k].p.info.note_off + i));
			return -VTD_ERR_BADLAYOUT;
		}
	}
	qsort(s, (size_t)n, sizeof(*s), cmp_start);
	for (k = 0; k < n; k++) {
		if (s[k].p.info.start_pfn > end) {
			vn_err("split dump: page frames 0x%llx-0x%llx are in "
			       "none of the files given (a part is missing)",
			       (unsigned long long)end,
			       (unsigned long long)s[k].p.info.start_pfn);
			return -VTD_ERR_BADLAYOUT;
		}
		if (s[k].p.info.start_pfn < end) {
			vn_err("%s: page frames from 0x%llx are in %s too",
			       s[k].d.path,
			       (unsigned long long)s[k].p.info.start_pfn,
			       s[k - 1].d.path);
			return -VTD_ERR_BADLAYOUT;
		}
		end = s[k].p.info.end_pfn;
	}
	if (end != s[0].p.info.max_mapnr) {
		vn_err("split dump: page frames 0x%llx-0x%llx are in none of "
		       "the files given (a part is missing)",
		       (unsigned long long)end,
		       (unsigned long long)s[0].p.info.max_mapnr);
		return -VTD_ERR_BADLAYOUT;
	}
	return 0;
}

static int load_split(char *const *paths, int n, struct vn_loaded_note *ln)
{
	struct split_part *s = calloc((size_t)n, sizeof(*s));
	struct notes_at at;
	int k, ret = 0;

	if (!s) {
		vn_err("out of memory");
		return -VTD_ERR_INTERNAL;
	}
	for (k = 0; k < n && !ret; k++)
		ret = split_open(&s[k], paths[k]);
	if (!ret)
		ret = split_agree(s, n);
	if (!ret) {
		char container[64];

		at.off = s[0].p.info.note_off;
		at.size = s[0].p.info.note_size;
		snprintf(container, sizeof(container),
			 "split kdump-compressed dump of %d parts, %s", n,
			 vtd_mdf_compression(s[0].p.info.status));
		ret = find_in_notes(&s[0].d, &at, "kdump-compressed ELF notes",
				    container, ln);
	}
	for (k = 0; k < n; k++) {
		vn_dump_close(&s[k].d);
		free(s[k].notes);
	}
	free(s);
	return ret;
}

int vn_load_note(char *const *paths, int n, struct vn_loaded_note *ln)
{
	struct vn_dump d;
	int ret;

	memset(ln, 0, sizeof(*ln));
	if (n > 1)
		return load_split(paths, n, ln);
	ret = vn_dump_open(&d, paths[0]);
	if (ret < 0)
		return ret;
	ret = load_one(&d, ln);
	vn_dump_close(&d);
	return ret;
}

void vn_report_note_error(const char *path, const struct vn_loaded_note *ln,
			  int err, size_t bad_off)
{
	vn_err("%s: KEXEC-VTD note (%s, descriptor at offset 0x%llx): "
	       "%s at descriptor offset 0x%zx",
	       path, ln->container, (unsigned long long)ln->file_off,
	       vtd_strerror(err), bad_off);
}
