/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * makedumpfile.h - the dump files the kdump services write with
 * makedumpfile, as far as finding the crashed kernel's ELF notes in them
 * goes.  Facts from makedumpfile 1.7.2 (diskdump_mod.h, makedumpfile.h,
 * and where makedumpfile.c writes each part), x86_64 layout.  Names:
 * vtd_mdf_ / VTD_MDF_ for the kdump-compressed format, vtd_flat_ /
 * VTD_FLAT_ for the flattened one (not to be confused with the crash
 * kernel's kdump glue, kernel/drivers/iommu/intel/kdump.c).
 *
 * kdump-compressed ("KDUMP   ", -c/-l/-p/-z or none): block 0 holds
 * struct disk_dump_header; block 1 struct kdump_sub_header, then a copy of
 * the ELF notes (header version 4 and later), unpadded and uncompressed,
 * all within the sub_hdr_size blocks that follow block 0; then bitmaps,
 * page descriptors and page data.  Compression changes only the page data
 * and a status flag, so the notes read the same from every variant.
 *
 * --split writes several such files, one range of page frames each
 * (sub-header split, start_pfn_64, end_pfn_64), each with the same
 * headers and the same notes.
 *
 * Flattened (-F, for pipes): a 4 KiB header block ("makedumpfile", type
 * 1), then records of (offset, size, size bytes of data) that say where
 * each write of the dump file would have gone, ended by a record of
 * (-1, -1).  Integers are big-endian.  makedumpfile -R rebuilds the file
 * by writing each record where it says, in order, so records may come in
 * any order and a later one overwrites an earlier one (makedumpfile
 * writes the notes before the sub-header that points at them, and the
 * ELF program headers after the pages).
 */
#ifndef KEXEC_VTD_MAKEDUMPFILE_H
#define KEXEC_VTD_MAKEDUMPFILE_H

#include "env.h"
#include "err.h"

/* --- kdump-compressed --- */

#define VTD_MDF_SIGNATURE "KDUMP   "
#define VTD_MDF_SIG_LEN 8
#define VTD_DISKDUMP_SIGNATURE "DISKDUMP" /* the old diskdump: no notes */
#define VTD_MDF_UTS_LEN 65		  /* each new_utsname string */
#define VTD_MDF_VERSION_NOTES 4		  /* offset_note and size_note */
#define VTD_MDF_VERSION_PFN64 6		  /* start_pfn_64 ... max_mapnr_64 */

/* struct disk_dump_header (LP64: struct timeval is two longs). */
struct vtd_mdf_hdr {
	char signature[VTD_MDF_SIG_LEN];  /* 0x000 VTD_MDF_SIGNATURE */
	vtd_le32 header_version;	  /* 0x008 */
	char utsname[6][VTD_MDF_UTS_LEN]; /* 0x00c sysname ... domainname */
	u8 pad[6];			  /* 0x192 to the timeval's alignment */
	vtd_le64 tv_sec;		  /* 0x198 time of the dump */
	vtd_le64 tv_usec;		  /* 0x1a0 */
	vtd_le32 status;		  /* 0x1a8 VTD_MDF_S_* */
	vtd_le32 block_size;		  /* 0x1ac bytes; the page size */
	vtd_le32 sub_hdr_size;		  /* 0x1b0 blocks after block 0 */
	vtd_le32 bitmap_blocks;		  /* 0x1b4 */
	vtd_le32 max_mapnr;		  /* 0x1b8 32-bit copy */
	vtd_le32 total_ram_blocks;	  /* 0x1bc */
	vtd_le32 device_blocks;		  /* 0x1c0 */
	vtd_le32 written_blocks;	  /* 0x1c4 */
	vtd_le32 current_cpu;		  /* 0x1c8 */
	vtd_le32 nr_cpus;		  /* 0x1cc */
} VTD_PACKED;
static_assert(sizeof(struct vtd_mdf_hdr) == 0x1d0, "");
static_assert(offsetof(struct vtd_mdf_hdr, tv_sec) == 0x198, "");
static_assert(offsetof(struct vtd_mdf_hdr, status) == 0x1a8, "");
static_assert(offsetof(struct vtd_mdf_hdr, block_size) == 0x1ac, "");
static_assert(offsetof(struct vtd_mdf_hdr, nr_cpus) == 0x1cc, "");

/* disk_dump_header.status: how the pages were written. */
#define VTD_MDF_S_ZLIB 0x01	  /* makedumpfile -c */
#define VTD_MDF_S_LZO 0x02	  /* -l */
#define VTD_MDF_S_SNAPPY 0x04	  /* -p */
#define VTD_MDF_S_INCOMPLETE 0x08 /* the disk filled: pages missing */
#define VTD_MDF_S_EXCL_VMEMMAP 0x10
#define VTD_MDF_S_ZSTD 0x20 /* -z */

/* struct kdump_sub_header, at block 1. */
struct vtd_mdf_sub {
	vtd_le64 phys_base;	    /* 0x00 */
	vtd_le32 dump_level;	    /* 0x08 version 1 */
	vtd_le32 split;		    /* 0x0c version 2: one part of --split */
	vtd_le64 start_pfn;	    /* 0x10 version 2, 32-bit copy */
	vtd_le64 end_pfn;	    /* 0x18 */
	vtd_le64 offset_vmcoreinfo; /* 0x20 version 3 */
	vtd_le64 size_vmcoreinfo;   /* 0x28 */
	vtd_le64 offset_note;	    /* 0x30 version 4 */
	vtd_le64 size_note;	    /* 0x38 */
	vtd_le64 offset_eraseinfo;  /* 0x40 version 5 */
	vtd_le64 size_eraseinfo;    /* 0x48 */
	vtd_le64 start_pfn_64;	    /* 0x50 version 6 */
	vtd_le64 end_pfn_64;	    /* 0x58 */
	vtd_le64 max_mapnr_64;	    /* 0x60 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_mdf_sub) == 0x68, "");
static_assert(offsetof(struct vtd_mdf_sub, offset_note) == 0x30, "");
static_assert(offsetof(struct vtd_mdf_sub, start_pfn_64) == 0x50, "");

/*
 * After the sub-header blocks: bitmap_blocks blocks of two bitmaps of
 * equal size, bit N (LSB first) for page frame N: the first says which
 * frames are RAM, the second which were dumped.  Then one page
 * descriptor per dumped frame, in frame order; then the pages' data,
 * each compressed as its flags say (or stored whole, flags 0).
 */
struct vtd_mdf_page_desc {
	vtd_le64 offset;     /* of the page's data in the file */
	vtd_le32 size;	     /* bytes of it */
	vtd_le32 flags;	     /* how it is compressed */
	vtd_le64 page_flags; /* struct page's, unused here */
} VTD_PACKED;
static_assert(sizeof(struct vtd_mdf_page_desc) == 24, "");

/* The sub-header bytes version 4 (the first with notes) has. */
#define VTD_MDF_SUB_V4_SIZE offsetof(struct vtd_mdf_sub, offset_eraseinfo)

/*
 * The ELF notes of a dump, at most: a 2 MiB KEXEC-VTD area, the CPU notes
 * of thousands of CPUs and VMCOREINFO fit with room to spare.  Readers
 * keep at most this much of a dump's headers and notes in memory.
 */
#define VTD_DUMP_NOTES_MAX (16u << 20)

/* A kdump-compressed header as vtd_mdf_check_header() and
 * vtd_mdf_check_sub() found it. */
struct vtd_mdf_info {
	u32 version;
	u32 status;
	u32 block_size;
	u64 meta_end; /* end of the sub-header blocks (and the notes) */
	/* From the sub-header: */
	u64 note_off, note_size; /* note_size 0: no notes */
	bool split;
	u64 start_pfn, end_pfn; /* a --split part's frames */
	u64 max_mapnr;
};

/**
 * vtd_mdf_check_header - check block 0 of a kdump-compressed file
 * @buf: the file's first bytes (untrusted)
 * @len: bytes at @buf; at least sizeof(struct vtd_mdf_hdr)
 * @info: version, status, block_size, meta_end filled in
 * @bad_off: optional; on failure, the file offset of the field found wrong
 *
 * Returns 0, -VTD_ERR_TRUNCATED (@len too short), -VTD_ERR_BADMAGIC (not
 * "KDUMP   "), -VTD_ERR_BADVERSION (header version below 4: no notes),
 * -VTD_ERR_BADLEN (a block size that is not a power of two from 512 to
 * 1 MiB, or sub-header blocks that hold no sub-header or more than
 * VTD_DUMP_NOTES_MAX) or -VTD_ERR_BADPARAM.
 */
int vtd_mdf_check_header(const void *buf, size_t len, struct vtd_mdf_info *info,
			 u64 *bad_off);

/**
 * vtd_mdf_check_sub - check the sub-header (at file offset block_size)
 * @buf: its bytes (untrusted), at most sizeof(struct vtd_mdf_sub)
 * @len: bytes at @buf; at least what @info->version defines
 * @info: from vtd_mdf_check_header(); the sub-header fields filled in
 * @bad_off: optional; on failure, the file offset of the field found wrong
 *
 * The notes must lie after the sub-header and inside the sub-header
 * blocks, where makedumpfile puts them.  Returns 0, -VTD_ERR_TRUNCATED,
 * -VTD_ERR_BADLAYOUT (notes outside the sub-header blocks: @bad_off at
 * offset_note, or past their end: at size_note; a split part whose frames
 * end before they start or past max_mapnr: at end_pfn) or
 * -VTD_ERR_BADPARAM.
 */
int vtd_mdf_check_sub(const void *buf, size_t len, struct vtd_mdf_info *info,
		      u64 *bad_off);

/* The sub-header bytes a header version has (0 for versions before 1). */
size_t vtd_mdf_sub_size(u32 version);

/**
 * vtd_mdf_same_dump - whether two parts of a split dump are of one crash
 * @a: block 0 of one part (checked)
 * @b: block 0 of another
 * @sub_a, @sub_b: their sub-headers, vtd_mdf_sub_size() bytes each
 *
 * Compares what makedumpfile writes alike into every part: header version,
 * utsname, time, status, block and bitmap sizes, CPUs, physical base,
 * dump level and max_mapnr.  Returns -1 when they agree, or the file
 * offset (in either part) of the first field that differs.
 */
s64 vtd_mdf_same_dump(const void *a, const void *sub_a, const void *b,
		      const void *sub_b, u32 version);

/* "zlib", "lzo", "snappy", "zstd" or "none", from the status flags. */
const char *vtd_mdf_compression(u32 status);

/* --- flattened --- */

#define VTD_FLAT_SIGNATURE "makedumpfile" /* NUL-padded to 16 bytes */
#define VTD_FLAT_HDR_SIZE 4096		  /* the header block */
#define VTD_FLAT_TYPE 1

struct vtd_flat_hdr {
	char signature[16]; /* 0x00 */
	vtd_be64 type;	    /* 0x10 VTD_FLAT_TYPE */
	vtd_be64 version;   /* 0x18 1; makedumpfile does not check it */
} VTD_PACKED;
static_assert(sizeof(struct vtd_flat_hdr) == 32, "");

struct vtd_flat_rec {
	vtd_be64 offset; /* 0x00 where the data goes in the dump file */
	vtd_be64 size;	 /* 0x08 bytes of data after this header */
} VTD_PACKED;
static_assert(sizeof(struct vtd_flat_rec) == 16, "");

#define VTD_FLAT_END UINT64_MAX /* offset and size of the end record: -1 */

/**
 * vtd_flat_check_header - check the header block of a flattened stream
 * @buf: its first bytes (untrusted); @len at least 32
 * @bad_off: optional; on failure, the offset of the field found wrong
 *
 * Returns 0, -VTD_ERR_TRUNCATED, -VTD_ERR_BADMAGIC or -VTD_ERR_BADVERSION
 * (a type other than 1).
 */
int vtd_flat_check_header(const void *buf, size_t len, u64 *bad_off);

/**
 * vtd_flat_decode_rec - decode one record header of a flattened stream
 * @rec: its 16 bytes (untrusted)
 * @off, @size: set to where its data goes and how much there is
 * @bad_field: optional; on failure, the offset in @rec of the bad field
 *
 * Returns 1 (a data record), 0 (the end record), -VTD_ERR_BADLEN (a size
 * of 0 or above 2^63: @bad_field 8) or -VTD_ERR_BADLAYOUT (an offset above
 * 2^63, or data that would end past 2^63: @bad_field 0).
 */
int vtd_flat_decode_rec(const void *rec, u64 *off, u64 *size,
			size_t *bad_field);

#endif /* KEXEC_VTD_MAKEDUMPFILE_H */
