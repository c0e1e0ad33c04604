/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * purgatory-contract.h - the contract between the loader and purgatory:
 * the entry symbol, the relocations allowed, and the argument block the
 * loader fills.  Every name here is VTD_PURGATORY_* or vtd_purgatory_*.
 *
 * Purgatory is a relocatable object (ET_REL) embedded in the loader.  At
 * load time the loader relocates it and fills one variable, named
 * VTD_PURGATORY_ARGS_SYMBOL, whose size must equal
 * VTD_PURGATORY_ARGS_SIZE; at crash time purgatory reads it.  Everything
 * is fixed-size and little-endian x86_64 layout, asserted below, so both
 * sides agree without sharing code beyond this header.
 *
 * Relocation types purgatory may contain, and so the loader must apply,
 * are listed in VTD_PURGATORY_RELOCS; `make check` verifies the object.
 */
#ifndef KEXEC_VTD_PURGATORY_CONTRACT_H
#define KEXEC_VTD_PURGATORY_CONTRACT_H

#define VTD_PURGATORY_ENTRY_SYMBOL "purgatory_start"
#define VTD_PURGATORY_ARGS_SYMBOL "vtd_purgatory_args"
/* R_X86_64_64, _PC32, _PLT32, _32, _32S */
#define VTD_PURGATORY_RELOCS \
	"R_X86_64_64 R_X86_64_PC32 R_X86_64_PLT32 R_X86_64_32 R_X86_64_32S"

#define VTD_PURGATORY_MAGIC 0x47525056u /* "VPRG": the loader filled this in */
#define VTD_PURGATORY_VERSION 1

#define VTD_PURGATORY_MAX_UNITS 32
#define VTD_PURGATORY_MAX_RAM 64
#define VTD_PURGATORY_MAX_REGIONS 16 /* segments covered by the digest */

#define VTD_PURGATORY_F_TRACE 0x1    /* one line per unit on the serial port */
#define VTD_PURGATORY_F_SNAPSHOT 0x2 /* take the VT-d snapshot */

/* Offsets that entry64.S needs, asserted against the struct below. */
#define VTD_PURGATORY_OFF_ENTRY_RIP 0x760
#define VTD_PURGATORY_OFF_ENTRY_RSI 0x768
#define VTD_PURGATORY_ARGS_SIZE 0x770

#ifndef __ASSEMBLER__
#include "env.h"

struct vtd_purgatory_range {
	u64 start;
	u64 len;
};
static_assert(sizeof(struct vtd_purgatory_range) == 16, "");

struct vtd_purgatory_unit {
	u64 reg_base;
	u32 reg_size;
	u16 segment;
	u16 reserved;
};
static_assert(sizeof(struct vtd_purgatory_unit) == 16, "");

struct vtd_purgatory_args {
	u32 magic;	 /* 0x000 VTD_PURGATORY_MAGIC */
	u32 version;	 /* 0x004 VTD_PURGATORY_VERSION */
	u32 flags;	 /* 0x008 VTD_PURGATORY_F_* */
	u16 serial_port; /* 0x00c I/O port, 0 for none */
	u16 reserved;	 /* 0x00e */
	/* The VT-d snapshot. */
	u64 snapshot_addr; /* 0x010 the note area */
	u64 snapshot_size; /* 0x018 */
	u32 nr_units;	   /* 0x020 */
	u32 nr_ram;	   /* 0x024 */
	struct vtd_purgatory_unit units[VTD_PURGATORY_MAX_UNITS]; /* 0x028 */
	/* RAM as the loader saw it: tables elsewhere are not touched. */
	struct vtd_purgatory_range ram[VTD_PURGATORY_MAX_RAM]; /* 0x228 */
	/* SHA-256 of the loaded segments, purgatory and area excluded. */
	struct vtd_purgatory_range
		digest_regions[VTD_PURGATORY_MAX_REGIONS]; /* 0x628 */
	u8 digest[32];					   /* 0x728 */
	/* The backup region: the first 640 KiB, kept for the dump. */
	u64 backup_src;	 /* 0x748 */
	u64 backup_dest; /* 0x750 */
	u64 backup_size; /* 0x758 */
	/* The crash kernel's 64-bit entry and its boot_params. */
	u64 entry_rip; /* 0x760 */
	u64 entry_rsi; /* 0x768 */
};

static_assert(sizeof(struct vtd_purgatory_args) == VTD_PURGATORY_ARGS_SIZE, "");
static_assert(offsetof(struct vtd_purgatory_args, snapshot_addr) == 0x10, "");
static_assert(offsetof(struct vtd_purgatory_args, units) == 0x28, "");
static_assert(offsetof(struct vtd_purgatory_args, ram) == 0x228, "");
static_assert(offsetof(struct vtd_purgatory_args, digest_regions) == 0x628, "");
static_assert(offsetof(struct vtd_purgatory_args, digest) == 0x728, "");
static_assert(offsetof(struct vtd_purgatory_args, backup_src) == 0x748, "");
static_assert(offsetof(struct vtd_purgatory_args, entry_rip) ==
		      VTD_PURGATORY_OFF_ENTRY_RIP,
	      "");
static_assert(offsetof(struct vtd_purgatory_args, entry_rsi) ==
		      VTD_PURGATORY_OFF_ENTRY_RSI,
	      "");
#endif /* __ASSEMBLER__ */

#endif /* KEXEC_VTD_PURGATORY_CONTRACT_H */
