/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * note-format.h - the wire format of the ELF note that carries VT-d state
 * from purgatory to the crash kernel and into every dump: layouts, offsets,
 * sizes, flags, section types and limits, and no functions.  This is the
 * project's ABI and the C twin of docs/note-format.md, which describes it
 * byte by byte and must change with it.  The reader and writer that use it
 * are declared in note.h; code that needs only the format's constants (the
 * loader) includes this header alone.
 *
 * The snapshot area (what purgatory writes, what a PT_NOTE points at) is:
 *
 *   ELF note header   12 bytes: namesz 10, descsz, type VTD_NOTE_TYPE
 *   name              12 bytes: "KEXEC-VTD\0" and two zero bytes
 *   descriptor        descsz bytes (a multiple of 8):
 *     note header     struct vtd_note_hdr
 *     units           nr_units x (struct vtd_note_unit + sections)
 *   terminator        12 zero bytes (an empty note header)
 *
 * A section is struct vtd_note_sec followed by nr_entries records of
 * entry_size bytes.  All integers are little-endian.  Sizes that a later
 * minor version may grow (hdr_size, the unit's hdr_size, entry_size) are
 * recorded, so an older reader skips what it does not know.
 */
#ifndef KEXEC_VTD_NOTE_FORMAT_H
#define KEXEC_VTD_NOTE_FORMAT_H

#include "env.h"
#include "elf64.h"
#include "vtd-hw.h"

/* Neither readelf, makedumpfile nor crash interprets this owner or type. */
#define VTD_NOTE_NAME "KEXEC-VTD"
#define VTD_NOTE_NAMESZ 10	  /* with the NUL */
#define VTD_NOTE_TYPE 0x56544401u /* "VTD" and 1 */

#define VTD_NOTE_MAGIC 0x53445456u /* "VTDS" in memory order */
#define VTD_NOTE_MAJOR 1
/*
 * 1.1: unit flag UNMAPPED; 1.2: PASID section, unit flag PASID_TABLE_BAD;
 * 1.3: the header's taker (reserved, so zero, before).
 */
#define VTD_NOTE_MINOR 3

/*
 * Size limits.  The crash kernel kmallocs each PT_NOTE whole (4 MiB at
 * most); the area stays at half of that.  The default leaves room for a
 * few thousand devices and all of a large IRTE table.
 */
#define VTD_NOTE_AREA_MAX (2u << 20)
#define VTD_NOTE_AREA_DEFAULT ((u32)VTD_BIT(20))

#define VTD_NOTE_NAME_FIELD 12 /* VTD_NOTE_NAMESZ rounded up to 4 */
#define VTD_NOTE_DESC_OFFSET ((size_t)VTD_ELF_NHDR_SIZE + VTD_NOTE_NAME_FIELD)
#define VTD_NOTE_TERM_SIZE ((size_t)VTD_ELF_NHDR_SIZE)
/* The name rounded up to 4: a multiple, and less than 4 bytes past it. */
static_assert(VTD_NOTE_NAME_FIELD % VTD_ELF_NOTE_ALIGN == 0, "name field");
static_assert((unsigned int)(VTD_NOTE_NAME_FIELD - VTD_NOTE_NAMESZ) <
	      VTD_ELF_NOTE_ALIGN, "name field");
static_assert(sizeof(VTD_NOTE_NAME) == VTD_NOTE_NAMESZ, "");
static_assert(VTD_NOTE_DESC_OFFSET % 8 == 0, "descriptor is 8-aligned");

/*
 * Who took the snapshot (the header's taker).  Every note before 1.3 was
 * purgatory's, and their reserved field reads as its value.
 */
#define VTD_NOTE_TAKER_PURGATORY 0 /* our purgatory, after the old kernel */
#define VTD_NOTE_TAKER_KERNEL 1	   /* the crashed kernel, at panic */

/* Note header flags. */
#define VTD_NOTE_F_COMPLETE 0x1	   /* every unit captured in full */
#define VTD_NOTE_F_TRUNCATED 0x2   /* the buffer filled; entries lost */
#define VTD_NOTE_F_UNIT_FAILED 0x4 /* some unit carries a failure flag */
/* The note flags this version knows; any other: no unit is adopted. */
#define VTD_NOTE_F_KNOWN \
	(VTD_NOTE_F_COMPLETE | VTD_NOTE_F_TRUNCATED | VTD_NOTE_F_UNIT_FAILED)

struct vtd_note_hdr {
	vtd_le32 magic;	       /* 0x00 VTD_NOTE_MAGIC */
	vtd_le16 major;	       /* 0x04 readers refuse other majors */
	vtd_le16 minor;	       /* 0x06 */
	vtd_le32 hdr_size;     /* 0x08 this header, >= 48, 8-aligned */
	vtd_le32 payload_size; /* 0x0c bytes after the header */
	vtd_le32 flags;	       /* 0x10 VTD_NOTE_F_* */
	vtd_le32 nr_units;     /* 0x14 */
	vtd_le64 tsc_start;    /* 0x18 TSC when the capture began */
	vtd_le64 tsc_end;      /* 0x20 TSC when it ended */
	vtd_le32 checksum;     /* 0x28 CRC-32 of the descriptor */
	vtd_le32 taker;	       /* 0x2c VTD_NOTE_TAKER_* (1.3) */
} VTD_PACKED;
static_assert(sizeof(struct vtd_note_hdr) == 48, "");
static_assert(offsetof(struct vtd_note_hdr, major) == 0x04, "");
static_assert(offsetof(struct vtd_note_hdr, hdr_size) == 0x08, "");
static_assert(offsetof(struct vtd_note_hdr, payload_size) == 0x0c, "");
static_assert(offsetof(struct vtd_note_hdr, flags) == 0x10, "");
static_assert(offsetof(struct vtd_note_hdr, nr_units) == 0x14, "");
static_assert(offsetof(struct vtd_note_hdr, tsc_start) == 0x18, "");
static_assert(offsetof(struct vtd_note_hdr, tsc_end) == 0x20, "");
static_assert(offsetof(struct vtd_note_hdr, checksum) == 0x28, "");
static_assert(offsetof(struct vtd_note_hdr, taker) == 0x2c, "");

/* Unit flags.  Every flag but TRUNCATED marks the unit failed. */
#define VTD_UNIT_F_TRUNCATED 0x01     /* buffer filled inside this unit */
#define VTD_UNIT_F_UNREADABLE 0x02    /* registers read as all ones */
#define VTD_UNIT_F_RTADDR_BAD 0x04    /* root table not in the memory map */
#define VTD_UNIT_F_CTX_TABLE_BAD 0x08 /* a context table was skipped */
#define VTD_UNIT_F_IRTA_BAD 0x10      /* IRTE table not in the memory map */
#define VTD_UNIT_F_LIMIT 0x20	      /* a walk hit its bound and stopped */
#define VTD_UNIT_F_UNMAPPED 0x40      /* register pages not mapped: not read */
#define VTD_UNIT_F_PASID_TABLE_BAD 0x80 /* a PASID dir/table was skipped */
#define VTD_UNIT_F_FAILED_MASK 0xfe

/*
 * Translation mode, as RTADDR.TTM encodes it: the note records the field
 * as the unit had it, so each value is the hardware's, tied here.
 */
#define VTD_NOTE_MODE_LEGACY 0
#define VTD_NOTE_MODE_SCALABLE 1
#define VTD_NOTE_MODE_ABORT_DMA 3
static_assert(VTD_NOTE_MODE_LEGACY == VTD_TTM_LEGACY, "mode is RTADDR.TTM");
static_assert(VTD_NOTE_MODE_SCALABLE == VTD_TTM_SCALABLE, "mode is RTADDR.TTM");
static_assert(VTD_NOTE_MODE_ABORT_DMA == VTD_TTM_ABORT_DMA,
	      "mode is RTADDR.TTM");

struct vtd_note_unit {
	vtd_le32 size;	     /* 0x00 whole record, 8-aligned */
	vtd_le16 hdr_size;   /* 0x04 this fixed part, >= 72 */
	vtd_le16 segment;    /* 0x06 PCI segment */
	vtd_le64 reg_base;   /* 0x08 register base (DRHD) */
	vtd_le32 flags;	     /* 0x10 VTD_UNIT_F_* */
	vtd_le32 ver;	     /* 0x14 VER */
	vtd_le64 cap;	     /* 0x18 CAP */
	vtd_le64 ecap;	     /* 0x20 ECAP */
	vtd_le32 gsts;	     /* 0x28 GSTS */
	vtd_le32 fsts;	     /* 0x2c FSTS */
	vtd_le64 rtaddr;     /* 0x30 RTADDR */
	vtd_le64 irta;	     /* 0x38 IRTA */
	u8 mode;	     /* 0x40 VTD_NOTE_MODE_* */
	u8 reserved[7];	     /* 0x41 zero */
} VTD_PACKED;
static_assert(sizeof(struct vtd_note_unit) == 72, "");
static_assert(offsetof(struct vtd_note_unit, reg_base) == 0x08, "");
static_assert(offsetof(struct vtd_note_unit, flags) == 0x10, "");
static_assert(offsetof(struct vtd_note_unit, cap) == 0x18, "");
static_assert(offsetof(struct vtd_note_unit, gsts) == 0x28, "");
static_assert(offsetof(struct vtd_note_unit, rtaddr) == 0x30, "");
static_assert(offsetof(struct vtd_note_unit, irta) == 0x38, "");
static_assert(offsetof(struct vtd_note_unit, mode) == 0x40, "");

enum vtd_note_sec_type {
	VTD_SEC_ROOT = 1,   /* present root entries */
	VTD_SEC_CTX = 2,    /* present legacy context entries */
	VTD_SEC_SM_CTX = 3, /* present scalable-mode context entries */
	VTD_SEC_IRTE = 4,   /* present IRTEs */
	VTD_SEC_FAULT = 5,  /* fault recording registers with F set */
	VTD_SEC_PASID = 6,  /* RID_PASID entries of scalable contexts (1.2) */
};

struct vtd_note_sec {
	vtd_le16 type;	     /* 0x00 enum vtd_note_sec_type */
	vtd_le16 entry_size; /* 0x02 >= the type's size, 8-aligned */
	vtd_le32 nr_entries; /* 0x04 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_note_sec) == 8, "");

struct vtd_note_root {
	vtd_le16 bus;	     /* 0x00 */
	u8 reserved[6];	     /* 0x02 */
	vtd_le64 lo;	     /* 0x08 bits 63:0 */
	vtd_le64 hi;	     /* 0x10 bits 127:64 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_note_root) == 24, "");

struct vtd_note_ctx {
	vtd_le16 bus;	     /* 0x00 */
	u8 devfn;	     /* 0x02 */
	u8 reserved[5];	     /* 0x03 */
	vtd_le64 table;	     /* 0x08 old context table (phys) */
	vtd_le64 lo;	     /* 0x10 */
	vtd_le64 hi;	     /* 0x18 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_note_ctx) == 32, "");
static_assert(offsetof(struct vtd_note_ctx, lo) == 0x10, "");

struct vtd_note_sm_ctx {
	vtd_le16 bus;	     /* 0x00 */
	u8 devfn;	     /* 0x02 */
	u8 reserved[5];	     /* 0x03 */
	vtd_le64 table;	     /* 0x08 old context table (phys) */
	vtd_le64 val[4];     /* 0x10 bits 63:0 ... 255:192 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_note_sm_ctx) == 48, "");

/*
 * The PASID-table entry a present scalable-mode context entry uses for
 * requests without a PASID (its RID_PASID), with the PASID-directory
 * entry that led to it.  Recorded when that directory entry is present,
 * whether or not the PASID-table entry is.
 */
struct vtd_note_pasid {
	vtd_le16 bus;	  /* 0x00 */
	u8 devfn;	  /* 0x02 */
	u8 reserved;	  /* 0x03 */
	vtd_le32 pasid;	  /* 0x04 the context entry's RID_PASID */
	vtd_le64 dir;	  /* 0x08 the PASID-directory entry */
	vtd_le64 table;	  /* 0x10 the PASID table that held the entry */
	vtd_le64 val[8];  /* 0x18 bits 63:0 ... 511:448 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_note_pasid) == 88, "");
static_assert(offsetof(struct vtd_note_pasid, pasid) == 0x04, "");
static_assert(offsetof(struct vtd_note_pasid, table) == 0x10, "");
static_assert(offsetof(struct vtd_note_pasid, val) == 0x18, "");

/* IRTEs and fault records: a 128-bit value and where it was found. */
struct vtd_note_rec128 {
	vtd_le32 index;	   /* 0x00 IRTE index or FRCD number */
	vtd_le32 reserved; /* 0x04 */
	vtd_le64 lo;	   /* 0x08 */
	vtd_le64 hi;	   /* 0x10 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_note_rec128) == 24, "");

#define VTD_NOTE_MIN_DESC sizeof(struct vtd_note_hdr)
#define VTD_NOTE_MIN_AREA \
	(VTD_NOTE_DESC_OFFSET + VTD_NOTE_MIN_DESC + VTD_NOTE_TERM_SIZE)

#endif /* KEXEC_VTD_NOTE_FORMAT_H */
