// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * makedumpfile.c - check the headers of makedumpfile's kdump-compressed files and
 * decode its flattened stream, far enough to find the ELF notes.
 *
 * Every offset and size comes from a file anyone could have written:
 * each is checked against the bounds it must keep before it is used, in
 * 64-bit arithmetic that cannot wrap.  Errors name the file offset of the
 * field found wrong.
 */
#include <kexec-vtd/makedumpfile.h>

#include "internal.h"

#define MDF_BLOCK_MIN 512u
#define MDF_BLOCK_MAX (1u << 20)
#define FLAT_OFF_MAX ((u64)INT64_MAX) /* makedumpfile's off_t */

static void set_bad64_(u64 *bad_off, u64 off)
{
	if (bad_off)
		*bad_off = off;
}

int vtd_mdf_check_header(const void *buf, size_t len, struct vtd_mdf_info *info,
			 u64 *bad_off)
{
	const struct vtd_mdf_hdr *hdr = buf;
	const u8 *h = buf;
	u32 block, sub_blocks;

	if (!buf || !info)
		return -VTD_ERR_BADPARAM;
	vtd_memset(info, 0, sizeof(*info));
	if (len < sizeof(struct vtd_mdf_hdr)) {
		set_bad64_(bad_off, len);
		return -VTD_ERR_TRUNCATED;
	}
	if (vtd_memcmp(h, VTD_MDF_SIGNATURE, VTD_MDF_SIG_LEN)) {
		set_bad64_(bad_off, 0);
		return -VTD_ERR_BADMAGIC;
	}
	info->version = (u32)vtd_ld_field(&hdr->header_version);
	/* The field is a signed int: a "negative" version is too old too. */
	if (info->version < VTD_MDF_VERSION_NOTES ||
	    info->version > INT32_MAX) {
		set_bad64_(bad_off,
			   offsetof(struct vtd_mdf_hdr, header_version));
		return -VTD_ERR_BADVERSION;
	}
	info->status = (u32)vtd_ld_field(&hdr->status);
	block = (u32)vtd_ld_field(&hdr->block_size);
	if (block < MDF_BLOCK_MIN || block > MDF_BLOCK_MAX ||
	    (block & (block - 1))) {
		set_bad64_(bad_off, offsetof(struct vtd_mdf_hdr, block_size));
		return -VTD_ERR_BADLEN;
	}
	sub_blocks = (u32)vtd_ld_field(&hdr->sub_hdr_size);
	if ((u64)sub_blocks * block < vtd_mdf_sub_size(info->version) ||
	    (u64)sub_blocks * block > VTD_DUMP_NOTES_MAX + block) {
		set_bad64_(bad_off, offsetof(struct vtd_mdf_hdr, sub_hdr_size));
		return -VTD_ERR_BADLEN;
	}
	info->block_size = block;
	info->meta_end = (1 + (u64)sub_blocks) * block;
	info->max_mapnr = (u32)vtd_ld_field(&hdr->max_mapnr);
	return 0;
}

size_t vtd_mdf_sub_size(u32 version)
{
	switch (version) {
	case 0:
		return 0;
	case 1:
		return offsetof(struct vtd_mdf_sub, split);
	case 2:
		return offsetof(struct vtd_mdf_sub, offset_vmcoreinfo);
	case 3:
		return offsetof(struct vtd_mdf_sub, offset_note);
	case 4:
		return VTD_MDF_SUB_V4_SIZE;
	case 5:
		return offsetof(struct vtd_mdf_sub, start_pfn_64);
	default:
		return sizeof(struct vtd_mdf_sub);
	}
}

/* A split part's frame range, from the 64-bit fields when there are any. */
static int check_split_(const struct vtd_mdf_sub *s, struct vtd_mdf_info *info,
			u64 *bad_off)
{
	const u64 sub = info->block_size;
	size_t end_field;

	info->split = true;
	if (info->version >= VTD_MDF_VERSION_PFN64) {
		info->start_pfn = vtd_ld_field(&s->start_pfn_64);
		info->end_pfn = vtd_ld_field(&s->end_pfn_64);
		info->max_mapnr = vtd_ld_field(&s->max_mapnr_64);
		end_field = offsetof(struct vtd_mdf_sub, end_pfn_64);
	} else {
		info->start_pfn = vtd_ld_field(&s->start_pfn);
		info->end_pfn = vtd_ld_field(&s->end_pfn);
		end_field = offsetof(struct vtd_mdf_sub, end_pfn);
	}
	if (info->end_pfn < info->start_pfn ||
	    info->end_pfn > info->max_mapnr) {
		set_bad64_(bad_off, sub + end_field);
		return -VTD_ERR_BADLAYOUT;
	}
	return 0;
}

int vtd_mdf_check_sub(const void *buf, size_t len, struct vtd_mdf_info *info,
		      u64 *bad_off)
{
	const struct vtd_mdf_sub *s = buf;
	const u64 sub = info ? info->block_size : 0;
	size_t need;
	u64 off, size;

	if (!buf || !info || !info->block_size)
		return -VTD_ERR_BADPARAM;
	need = vtd_mdf_sub_size(info->version);
	if (len < need) {
		set_bad64_(bad_off, sub + len);
		return -VTD_ERR_TRUNCATED;
	}
	if (info->version >= VTD_MDF_VERSION_PFN64)
		info->max_mapnr = vtd_ld_field(&s->max_mapnr_64);
	off = vtd_ld_field(&s->offset_note);
	size = vtd_ld_field(&s->size_note);
	/* makedumpfile puts the notes right after the sub-header. */
	if (size && (off < sub + need || off > info->meta_end)) {
		set_bad64_(bad_off,
			   sub + offsetof(struct vtd_mdf_sub, offset_note));
		return -VTD_ERR_BADLAYOUT;
	}
	if (size > info->meta_end - off) {
		set_bad64_(bad_off,
			   sub + offsetof(struct vtd_mdf_sub, size_note));
		return -VTD_ERR_BADLAYOUT;
	}
	info->note_off = size ? off : 0;
	info->note_size = size;
	if (vtd_ld_field(&s->split))
		return check_split_(s, info, bad_off);
	return 0;
}

/* Fields every part of one dump has alike: offset and size in the part. */
static const struct {
	u16 off, size;
} same_hdr_[] = {
	{ offsetof(struct vtd_mdf_hdr, header_version), 4 },
	{ offsetof(struct vtd_mdf_hdr, utsname),
	  sizeof_field(struct vtd_mdf_hdr, utsname) },
	{ offsetof(struct vtd_mdf_hdr, tv_sec), 16 },
	{ offsetof(struct vtd_mdf_hdr, status), 4 },
	{ offsetof(struct vtd_mdf_hdr, block_size), 4 },
	{ offsetof(struct vtd_mdf_hdr, sub_hdr_size), 4 },
	{ offsetof(struct vtd_mdf_hdr, bitmap_blocks), 4 },
	{ offsetof(struct vtd_mdf_hdr, max_mapnr), 4 },
	{ offsetof(struct vtd_mdf_hdr, nr_cpus), 4 },
}, same_sub_[] = {
	{ offsetof(struct vtd_mdf_sub, phys_base), 8 },
	{ offsetof(struct vtd_mdf_sub, dump_level), 4 },
	{ offsetof(struct vtd_mdf_sub, size_note), 8 },
	{ offsetof(struct vtd_mdf_sub, max_mapnr_64), 8 },
};

s64 vtd_mdf_same_dump(const void *a, const void *sub_a, const void *b,
		      const void *sub_b, u32 version)
{
	const u8 *ha = a, *hb = b, *sa = sub_a, *sb = sub_b;
	const struct vtd_mdf_hdr *hdr_a = a;
	size_t i, sub_len = vtd_mdf_sub_size(version);
	u32 block = (u32)vtd_ld_field(&hdr_a->block_size);

	for (i = 0; i < VTD_ARRAY_SIZE(same_hdr_); i++)
		if (vtd_memcmp(ha + same_hdr_[i].off, hb + same_hdr_[i].off,
			       same_hdr_[i].size))
			return same_hdr_[i].off;
	for (i = 0; i < VTD_ARRAY_SIZE(same_sub_); i++) {
		if (same_sub_[i].off + same_sub_[i].size > sub_len)
			continue; /* not in this version */
		if (vtd_memcmp(sa + same_sub_[i].off, sb + same_sub_[i].off,
			       same_sub_[i].size))
			return (s64)block + same_sub_[i].off;
	}
	return -1;
}

const char *vtd_mdf_compression(u32 status)
{
	if (status & VTD_MDF_S_ZLIB)
		return "zlib";
	if (status & VTD_MDF_S_LZO)
		return "lzo";
	if (status & VTD_MDF_S_SNAPPY)
		return "snappy";
	if (status & VTD_MDF_S_ZSTD)
		return "zstd";
	return "none";
}

int vtd_flat_check_header(const void *buf, size_t len, u64 *bad_off)
{
	const u8 *h = buf;

	if (!buf)
		return -VTD_ERR_BADPARAM;
	if (len < sizeof(struct vtd_flat_hdr)) {
		set_bad64_(bad_off, len);
		return -VTD_ERR_TRUNCATED;
	}
	/* makedumpfile compares the signature as a string: its NUL too. */
	if (vtd_memcmp(h, VTD_FLAT_SIGNATURE, sizeof(VTD_FLAT_SIGNATURE))) {
		set_bad64_(bad_off, 0);
		return -VTD_ERR_BADMAGIC;
	}
	if (vtd_ld_be64(h + offsetof(struct vtd_flat_hdr, type)) !=
	    VTD_FLAT_TYPE) {
		set_bad64_(bad_off, offsetof(struct vtd_flat_hdr, type));
		return -VTD_ERR_BADVERSION;
	}
	return 0;
}

int vtd_flat_decode_rec(const void *rec, u64 *off, u64 *size, size_t *bad_field)
{
	const u8 *r = rec;

	if (!rec || !off || !size)
		return -VTD_ERR_BADPARAM;
	*off = vtd_ld_be64(r + offsetof(struct vtd_flat_rec, offset));
	*size = vtd_ld_be64(r + offsetof(struct vtd_flat_rec, size));
	if (*off == VTD_FLAT_END && *size == VTD_FLAT_END)
		return 0;
	if (!*size || *size > FLAT_OFF_MAX) {
		vtd_set_bad_off_(bad_field, offsetof(struct vtd_flat_rec, size));
		return -VTD_ERR_BADLEN;
	}
	if (*off > FLAT_OFF_MAX - *size) {
		vtd_set_bad_off_(bad_field,
				 offsetof(struct vtd_flat_rec, offset));
		return -VTD_ERR_BADLAYOUT;
	}
	return 1;
}
