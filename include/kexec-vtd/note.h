/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * note.h - the C API of the KEXEC-VTD note: the writer purgatory, the tests
 * and the tools fill it with (lib/note_wr.c), the reader the crash kernel
 * and the tools check and walk it with (lib/note_rd.c), and its checksum
 * (lib/note.c).  The format itself, byte by byte, is note-format.h's.
 */
#ifndef KEXEC_VTD_NOTE_H
#define KEXEC_VTD_NOTE_H

#include "env.h"
#include "err.h"
#include "crc32.h"
#include "elfnote.h"
#include "note-format.h"

/* --- Decoded forms, shared by writer and reader --- */

struct vtd_note_info {
	u16 major, minor;
	u32 hdr_size;
	u32 payload_size;
	u32 flags;
	u32 nr_units;
	u64 tsc_start, tsc_end;
	u32 checksum;
	u32 taker; /* VTD_NOTE_TAKER_* */
};

struct vtd_note_unit_info {
	u64 reg_base;
	u16 segment;
	u8 mode;
	u32 flags;
	u32 ver;
	u32 gsts;
	u32 fsts;
	u64 cap, ecap;
	u64 rtaddr, irta;
};

/*
 * One entry of any section.  bus/devfn for roots, context and PASID
 * entries; index for IRTEs and faults, the RID_PASID for PASID entries;
 * val[0] and val[1] hold 128-bit values, val[0..3] a scalable context
 * entry, val[0..7] a PASID-table entry; table the old context table or
 * PASID table; dir the PASID-directory entry.
 */
#define VTD_NOTE_ENTRY_WORDS 8
struct vtd_note_entry {
	u16 type; /* enum vtd_note_sec_type */
	u16 bus;
	u8 devfn;
	u32 index;
	u64 table;
	u64 dir;
	u64 val[VTD_NOTE_ENTRY_WORDS];
};

/* --- Writer (purgatory, tests, tools) --- */

struct vtd_note_writer {
	u8 *buf;
	size_t size;	 /* whole buffer */
	size_t pos;	 /* next free byte */
	size_t unit_off; /* open unit record, 0 when none */
	size_t sec_off;	 /* open section header, 0 when none */
	size_t reserve;	 /* bytes kept for units not yet added */
	u16 sec_type;
	u32 flags;
	u32 nr_units;
	bool full;
	bool finished;
};

/**
 * vtd_note_set_taker - record who takes the snapshot
 * @w: the writer, after vtd_note_init()
 * @taker: VTD_NOTE_TAKER_* (PURGATORY unless set)
 *
 * Return: 0 or -VTD_ERR_BADPARAM.
 */
int vtd_note_set_taker(struct vtd_note_writer *w, u32 taker);

/**
 * vtd_note_init - start a note in @buf
 * @w: the writer, set up here
 * @buf: the snapshot area; need not be zeroed
 * @size: its size, VTD_NOTE_MIN_AREA .. VTD_NOTE_AREA_MAX
 * @tsc_start: recorded as the capture start
 *
 * Until vtd_note_finish() the area starts with a zero note header, so a
 * reader that comes early (the capture died) finds "no note".
 *
 * Return: 0, -VTD_ERR_BADPARAM or -VTD_ERR_NOSPACE (@size too small).
 */
int vtd_note_init(struct vtd_note_writer *w, void *buf, size_t size,
		  u64 tsc_start);

/**
 * vtd_note_reserve_units - keep room for the headers of @nr more units
 * @w: the writer
 * @nr: how many units will follow
 *
 * Entries may not use that room, so a unit whose tables fill the buffer
 * does not cost the later units their registers.
 *
 * Return: 0, -VTD_ERR_BADPARAM or -VTD_ERR_NOSPACE (not even the headers
 * fit).
 */
int vtd_note_reserve_units(struct vtd_note_writer *w, u32 nr);

/**
 * vtd_note_add_unit - begin the record of one remapping unit
 * @w: the writer
 * @u: the unit's registers and identity
 *
 * Entries added next belong to it.
 *
 * Return: 0 or -VTD_ERR_NOSPACE (the buffer is full; the note is marked
 * truncated and the unit is dropped).
 */
int vtd_note_add_unit(struct vtd_note_writer *w,
		      const struct vtd_note_unit_info *u);

/* OR failure flags (VTD_UNIT_F_*) into the open unit. */
int vtd_note_set_unit_flags(struct vtd_note_writer *w, u32 flags);

/*
 * Append one entry to the open unit.  Each returns 0, -VTD_ERR_NOSPACE
 * (truncated flags set on the note and the unit; the note stays valid) or
 * -VTD_ERR_BADPARAM (no unit open).
 */
int vtd_note_add_root(struct vtd_note_writer *w, u16 bus, u64 lo, u64 hi);
int vtd_note_add_ctx(struct vtd_note_writer *w, u16 bus, u8 devfn, u64 table,
		     u64 lo, u64 hi);
int vtd_note_add_sm_ctx(struct vtd_note_writer *w, u16 bus, u8 devfn, u64 table,
			const u64 val[4]);
int vtd_note_add_pasid(struct vtd_note_writer *w, u16 bus, u8 devfn, u32 pasid,
		       u64 dir, u64 table, const u64 val[8]);
int vtd_note_add_irte(struct vtd_note_writer *w, u32 index, u64 lo, u64 hi);
int vtd_note_add_fault(struct vtd_note_writer *w, u32 index, u64 lo, u64 hi);

/* Append a decoded entry (as the reader returns it) to the open unit. */
int vtd_note_add_entry(struct vtd_note_writer *w,
		       const struct vtd_note_entry *e);

/**
 * vtd_note_finish - seal the note: sizes, flags, checksum, terminator
 * @w: the writer
 * @tsc_end: recorded as the capture end
 *
 * Writes the ELF note header last.
 *
 * Return: the number of bytes of the area in use (note and terminator),
 * or -VTD_ERR_BADPARAM.
 */
int vtd_note_finish(struct vtd_note_writer *w, u64 tsc_end);

/* --- Reader (crash kernel, tools) --- */

/* A descriptor that passed vtd_note_open(). */
struct vtd_note {
	const u8 *desc;
	size_t len;
	u32 hdr_size;
};

/**
 * vtd_note_find - find our note in an area of ELF notes
 * @area: note records as in a PT_NOTE segment (untrusted)
 * @len: bytes at @area
 * @desc: set to our descriptor
 * @desc_len: set to its size
 * @bad_off: optional; on failure, offset of the record found wrong
 *
 * Walks every record with vtd_elfnote_next() (an empty name size ends
 * the walk, as in the crash kernel); the first KEXEC-VTD record of our
 * type is ours.
 *
 * Return: 0, -VTD_ERR_NOTFOUND, -VTD_ERR_TRUNCATED (a
 * record runs past @len: @bad_off names its size field) or
 * -VTD_ERR_BADLAYOUT (our record with a descriptor size that is not a
 * multiple of 8 or nonzero padding: @bad_off at the record).
 */
int vtd_note_find(const void *area, size_t len, const void **desc,
		  size_t *desc_len, size_t *bad_off);

/**
 * vtd_note_open - check a descriptor fully and prepare to read it
 * @n: filled in on success
 * @desc: descriptor bytes (untrusted)
 * @len: descriptor size (the ELF note's descsz)
 * @bad_off: optional; on failure, offset of the field found wrong
 *
 * Checks the header, the checksum, and every unit and section size.
 *
 * Return: 0, -VTD_ERR_BADPARAM, -VTD_ERR_TRUNCATED, -VTD_ERR_BADMAGIC,
 * -VTD_ERR_BADVERSION, -VTD_ERR_BADLEN, -VTD_ERR_BADCSUM or
 * -VTD_ERR_BADLAYOUT (counts and sizes disagree).
 */
int vtd_note_open(struct vtd_note *n, const void *desc, size_t len,
		  size_t *bad_off);

void vtd_note_get_info(const struct vtd_note *n, struct vtd_note_info *info);

/* Offset of the first (next) unit record, or -VTD_ERR_NOTFOUND. */
int vtd_note_first_unit(const struct vtd_note *n);
int vtd_note_next_unit(const struct vtd_note *n, int off);

void vtd_note_get_unit(const struct vtd_note *n, int off,
		       struct vtd_note_unit_info *u);

/*
 * The record of the unit whose registers are at @reg_base, read into
 * @u: its offset, or -VTD_ERR_NOTFOUND.  The one lookup every reader
 * uses (register bases are unique across segments).
 */
int vtd_note_find_unit(const struct vtd_note *n, u64 reg_base,
		       struct vtd_note_unit_info *u);

/* Walks the entries of one unit across its sections, skipping unknown ones. */
struct vtd_note_cursor {
	size_t sec; /* current section header */
	size_t end; /* end of the unit record */
	u32 i;	    /* next entry in the section */
	/* The current section's header, read on entering it (esize 0: not yet). */
	u32 esize;
	u64 nr;
	u16 type;
	bool known; /* a type this reader decodes, entries large enough */
};

void vtd_note_cursor_init(const struct vtd_note *n, int unit_off,
			  struct vtd_note_cursor *c);
bool vtd_note_next_entry(const struct vtd_note *n, struct vtd_note_cursor *c,
			 struct vtd_note_entry *e);

/*
 * The same for the section types in @types (a mask of
 * VTD_NOTE_TYPE_BIT(VTD_SEC_...)): a section of another type is stepped
 * over whole, none of its entries decoded.
 */
#define VTD_NOTE_TYPE_BIT(type) (1u << (type))
bool vtd_note_next_of(const struct vtd_note *n, struct vtd_note_cursor *c,
		      u32 types, struct vtd_note_entry *e);

/* --- Checksum --- */

/* The note checksum: CRC-32 of the descriptor with its checksum field 0. */
u32 vtd_note_checksum(const void *desc, size_t len);

#endif /* KEXEC_VTD_NOTE_H */
