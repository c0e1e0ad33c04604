/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dmar.h - the ACPI DMA Remapping Reporting table (DMAR) and its parser.
 *
 * Source: VT-d specification chapter 8 ("BIOS Considerations").  The
 * table is untrusted firmware data: vtd_dmar_init() walks all of it once,
 * bounds-checking every length, before any iterator is allowed to run;
 * the iterators bounds-check again, so they can never read past the table
 * whatever the caller does.
 */
#ifndef KEXEC_VTD_DMAR_H
#define KEXEC_VTD_DMAR_H

#include "env.h"
#include "err.h"

/* --- Wire format (all little-endian, packed by construction) --- */

struct vtd_acpi_hdr {
	u8 signature[4];	   /* 0x00 "DMAR" */
	vtd_le32 length;	   /* 0x04 whole table, bytes */
	u8 revision;		   /* 0x08 */
	u8 checksum;		   /* 0x09 all bytes sum to 0 mod 256 */
	u8 oem_id[6];		   /* 0x0a */
	u8 oem_table_id[8];	   /* 0x10 */
	vtd_le32 oem_revision;	   /* 0x18 */
	u8 creator_id[4];	   /* 0x1c */
	vtd_le32 creator_revision; /* 0x20 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_acpi_hdr) == 36, "ACPI header is 36 bytes");

struct vtd_dmar_hdr {
	struct vtd_acpi_hdr acpi; /* 0x00 */
	u8 host_addr_width;	  /* 0x24 HAW minus one */
	u8 flags;		  /* 0x25 VTD_DMAR_F_* */
	u8 reserved[10];	  /* 0x26 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_dmar_hdr) == 48, "DMAR header is 48 bytes");
static_assert(offsetof(struct vtd_dmar_hdr, host_addr_width) == 0x24, "");
static_assert(offsetof(struct vtd_dmar_hdr, flags) == 0x25, "");

#define VTD_DMAR_F_INTR_REMAP 0x01
#define VTD_DMAR_F_X2APIC_OPT_OUT 0x02
#define VTD_DMAR_F_DMA_CTRL_OPT_IN 0x04

/* Every remapping structure starts with type and length. */
struct vtd_dmar_struct_hdr {
	vtd_le16 type;
	vtd_le16 length;
} VTD_PACKED;
static_assert(sizeof(struct vtd_dmar_struct_hdr) == 4, "");

enum vtd_dmar_type {
	VTD_DMAR_DRHD = 0, /* DMA remapping hardware unit */
	VTD_DMAR_RMRR = 1, /* reserved memory region */
	VTD_DMAR_ATSR = 2, /* root port ATS capability */
	VTD_DMAR_RHSA = 3, /* remapping hardware static affinity */
	VTD_DMAR_ANDD = 4, /* ACPI namespace device declaration */
	VTD_DMAR_SATC = 5, /* SoC integrated address translation cache */
};

struct vtd_dmar_drhd {
	struct vtd_dmar_struct_hdr h; /* 0x00 */
	u8 flags;		      /* 0x04 VTD_DRHD_F_* */
	u8 size;		      /* 0x05 register set: 2^size pages */
	vtd_le16 segment;	      /* 0x06 */
	vtd_le64 register_base;	      /* 0x08 */
} VTD_PACKED;			      /* device scopes follow */
static_assert(sizeof(struct vtd_dmar_drhd) == 16, "");
#define VTD_DRHD_F_INCLUDE_PCI_ALL 0x01

struct vtd_dmar_rmrr {
	struct vtd_dmar_struct_hdr h; /* 0x00 */
	vtd_le16 reserved;	      /* 0x04 */
	vtd_le16 segment;	      /* 0x06 */
	vtd_le64 base;		      /* 0x08 */
	vtd_le64 limit;		      /* 0x10 last byte, inclusive */
} VTD_PACKED;			      /* device scopes follow */
static_assert(sizeof(struct vtd_dmar_rmrr) == 24, "");

/* ATSR and SATC share a layout: flags, reserved, segment, scopes. */
struct vtd_dmar_atsr {
	struct vtd_dmar_struct_hdr h; /* 0x00 */
	u8 flags;		      /* 0x04 */
	u8 reserved;		      /* 0x05 */
	vtd_le16 segment;	      /* 0x06 */
} VTD_PACKED;			      /* device scopes follow */
static_assert(sizeof(struct vtd_dmar_atsr) == 8, "");
#define VTD_ATSR_F_ALL_PORTS 0x01
#define VTD_SATC_F_ATC_REQUIRED 0x01

struct vtd_dmar_rhsa {
	struct vtd_dmar_struct_hdr h; /* 0x00 */
	vtd_le32 reserved;	      /* 0x04 */
	vtd_le64 register_base;	      /* 0x08 */
	vtd_le32 proximity_domain;    /* 0x10 */
} VTD_PACKED;
static_assert(sizeof(struct vtd_dmar_rhsa) == 20, "");

struct vtd_dmar_andd {
	struct vtd_dmar_struct_hdr h; /* 0x00 */
	u8 reserved[3];		      /* 0x04 */
	u8 device_number;	      /* 0x07 ACPI enumeration id */
} VTD_PACKED;			      /* object name, NUL-terminated */
static_assert(sizeof(struct vtd_dmar_andd) == 8, "");

struct vtd_dmar_scope_hdr {
	u8 type;		/* 0x00 VTD_SCOPE_* */
	u8 length;		/* 0x01 6 + 2 * hops */
	u8 flags;		/* 0x02 */
	u8 reserved;		/* 0x03 */
	u8 enumeration_id;	/* 0x04 */
	u8 start_bus;		/* 0x05 */
} VTD_PACKED;			/* path: (device, function) pairs */
static_assert(sizeof(struct vtd_dmar_scope_hdr) == 6, "");
#define VTD_SCOPE_HOP_SIZE 2

enum vtd_scope_type {
	VTD_SCOPE_PCI_ENDPOINT = 1,
	VTD_SCOPE_PCI_BRIDGE = 2,
	VTD_SCOPE_IOAPIC = 3,
	VTD_SCOPE_HPET = 4,
	VTD_SCOPE_ACPI_NAMESPACE = 5,
};

/* --- Parser --- */

/* A DMAR table that passed vtd_dmar_init(); len is the table's own. */
struct vtd_dmar {
	const u8 *tbl;
	size_t len;
};

/* One remapping structure, decoded.  Fields a type lacks are zero. */
struct vtd_dmar_struct {
	u16 type; /* enum vtd_dmar_type or unknown */
	u16 length;
	u8 flags;	      /* DRHD, ATSR, SATC */
	u8 size;	      /* DRHD register set size field */
	u16 segment;	      /* DRHD, RMRR, ATSR, SATC */
	u64 address;	      /* DRHD/RHSA register base, RMRR base */
	u64 limit;	      /* RMRR */
	u32 proximity_domain; /* RHSA */
	u8 device_number;     /* ANDD */
	const u8 *name;	      /* ANDD object name, not NUL-terminated */
	size_t name_len;
	bool has_scopes; /* DRHD, RMRR, ATSR, SATC */
};

struct vtd_dmar_scope {
	u8 type; /* enum vtd_scope_type or unknown */
	u8 length;
	u8 flags;
	u8 enumeration_id;
	u8 start_bus;
	const u8 *path; /* hops: path[2 * i] dev, path[2 * i + 1] fn */
	unsigned int nr_hops;
};

/**
 * vtd_dmar_init - check a DMAR table fully and prepare to iterate it
 * @d: filled in on success
 * @buf: the table bytes (untrusted)
 * @len: bytes available at @buf; the table's length field must fit in it
 * @bad_off: optional; on failure, offset of the field found wrong
 *
 * Walks the header, every remapping structure and every device scope.
 * The checksum is not part of this check (firmware gets it wrong; see
 * vtd_dmar_checksum_ok()).
 *
 * Returns 0, -VTD_ERR_BADPARAM (NULL @d or @buf), -VTD_ERR_TRUNCATED
 * (header, a structure or a scope runs past its container),
 * -VTD_ERR_BADMAGIC (signature is not "DMAR"), -VTD_ERR_BADLEN (a length
 * smaller than its fixed part, or a scope path of odd length).
 */
int vtd_dmar_init(struct vtd_dmar *d, const void *buf, size_t len,
		  size_t *bad_off);

/* True when all bytes of the table sum to zero, as ACPI requires. */
bool vtd_dmar_checksum_ok(const struct vtd_dmar *d);

/* Host address width in bits (the table's field plus one). */
unsigned int vtd_dmar_host_address_width(const struct vtd_dmar *d);
u8 vtd_dmar_flags(const struct vtd_dmar *d);
u8 vtd_dmar_revision(const struct vtd_dmar *d);

/**
 * vtd_dmar_first_struct / vtd_dmar_next_struct - walk remapping structures
 *
 * Return the offset of the first (next) structure, or -VTD_ERR_NOTFOUND
 * after the last one.
 */
int vtd_dmar_first_struct(const struct vtd_dmar *d);
int vtd_dmar_next_struct(const struct vtd_dmar *d, int off);

#define vtd_dmar_for_each_struct(d, off)                   \
	for ((off) = vtd_dmar_first_struct(d); (off) >= 0; \
	     (off) = vtd_dmar_next_struct((d), (off)))

/**
 * vtd_dmar_get_struct - decode the remapping structure at @off
 *
 * Returns 0 or -VTD_ERR_BADPARAM when @off is not a structure.
 */
int vtd_dmar_get_struct(const struct vtd_dmar *d, int off,
			struct vtd_dmar_struct *s);

/*
 * Walk the device scopes of the structure at @st: the offset of the first
 * (next) scope, or -VTD_ERR_NOTFOUND.
 */
int vtd_dmar_first_scope(const struct vtd_dmar *d, int st);
int vtd_dmar_next_scope(const struct vtd_dmar *d, int st, int off);

#define vtd_dmar_for_each_scope(d, st, off)                       \
	for ((off) = vtd_dmar_first_scope((d), (st)); (off) >= 0; \
	     (off) = vtd_dmar_next_scope((d), (st), (off)))

int vtd_dmar_get_scope(const struct vtd_dmar *d, int off,
		       struct vtd_dmar_scope *sc);

#endif /* KEXEC_VTD_DMAR_H */
