// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * read-makedumpfile.c - find our note in makedumpfile's kdump-compressed
 * format (any compression; in place, flattened or on a pipe), and in the
 * parts of a split dump (makedumpfile --split), which must agree.
 * lib/makedumpfile.c checks the headers; the notes are the copy that the
 * sub-header points at.
 */
#include <stdlib.h>
#include <string.h>

#include "vtd-note.h"
#include "dump.h"
#include "read.h"

/* The name of the header field at file offset @off, for messages. */
static const char *mdf_field(uint64_t off, uint32_t block)
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
struct mdf_part {
	uint8_t hdr[sizeof(struct vtd_mdf_hdr)];
	uint8_t sub[sizeof(struct vtd_mdf_sub)];
	struct vtd_mdf_info info;
};

static int mdf_read_header(struct vn_dump *d, struct mdf_part *p)
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
		       (unsigned long long)bad, mdf_field(bad, 0),
		       vtd_ld_le32(p->hdr + bad),
		       ret == -VTD_ERR_BADVERSION
			       ? ": the notes came with version 4"
			       : "");
	return ret;
}

static int mdf_read(struct vn_dump *d, struct mdf_part *p)
{
	size_t sub_len;
	uint64_t bad = 0;
	int ret;

	ret = mdf_read_header(d, p);
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
		       mdf_field(bad, p->info.block_size),
		       (unsigned long long)vtd_ld_le64(
			       p->sub + (bad - p->info.block_size)),
		       (unsigned long long)p->info.meta_end);
	return ret;
}

int vn_find_in_mdf(struct vn_dump *d, struct vn_loaded_note *ln)
{
	struct mdf_part p;
	struct vn_notes_at at;
	char container[64];
	int ret;

	ret = mdf_read(d, &p);
	if (ret < 0)
		return ret;
	at.off = p.info.note_off;
	at.size = p.info.note_size;
	snprintf(container, sizeof(container), "%skdump-compressed dump, %s",
		 vn_dump_layout(d), vtd_mdf_compression(p.info.status));
	return vn_find_in_notes(d, &at, "kdump-compressed ELF notes", container,
				ln);
}

uint64_t vn_mdf_meta_end(struct vn_dump *d)
{
	struct mdf_part p;

	return mdf_read_header(d, &p) < 0 ? 0 : p.info.meta_end;
}

/* --- the parts of a split dump --- */

struct split_part {
	struct vn_dump d;
	struct mdf_part p;
	uint8_t *notes;
};

static int cmp_start(const void *a, const void *b)
{
	const struct split_part *x = a, *y = b;

	return x->p.info.start_pfn < y->p.info.start_pfn ? -1 :
	       x->p.info.start_pfn > y->p.info.start_pfn;
}

/* Does @d start with the kdump-compressed signature? */
static bool is_mdf(struct vn_dump *d)
{
	uint8_t m[VTD_MDF_SIG_LEN];

	return vn_dump_peek(d, 0, m, sizeof(m)) == 0 &&
	       !memcmp(m, VTD_MDF_SIGNATURE, sizeof(m));
}

/*
 * One part: a kdump-compressed file marked split, its notes read.  A part
 * read as a stream keeps what its kdump-compressed headers say; whatever
 * else it is, it is refused below from its first bytes.
 */
static int split_open(struct split_part *s, const char *path)
{
	int ret = vn_dump_open(&s->d, path, vn_mdf_meta_end);

	if (ret < 0)
		return ret;
	if (!is_mdf(&s->d)) {
		vn_err("%s: not kdump-compressed: several files are read as "
		       "the parts of one split dump (makedumpfile --split)",
		       s->d.path);
		return -VTD_ERR_BADMAGIC;
	}
	ret = mdf_read(&s->d, &s->p);
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
			       mdf_field((uint64_t)at, s[0].p.info.block_size),
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

int vn_find_in_split(char *const *paths, int n, struct vn_loaded_note *ln)
{
	struct split_part *s = calloc((size_t)n, sizeof(*s));
	struct vn_notes_at at;
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
		ret = vn_find_in_notes(&s[0].d, &at,
				       "kdump-compressed ELF notes", container,
				       ln);
	}
	for (k = 0; k < n; k++) {
		vn_dump_close(&s[k].d);
		free(s[k].notes);
	}
	free(s);
	return ret;
}
