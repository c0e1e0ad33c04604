/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * snapshot.h - capture the state of every remapping unit into the note.
 *
 * Purgatory runs this at crash time; host tests run the same code against
 * the VT-d model.  It reads registers and tables and writes nothing but
 * the note: no register write, no store to old memory.  Work is bounded
 * by the table formats (256 root entries, 256 context entries per table,
 * one PASID-directory and one PASID-table entry per scalable context
 * entry, at most 65536 IRTEs), whatever the tables contain.
 */
#ifndef KEXEC_VTD_SNAPSHOT_H
#define KEXEC_VTD_SNAPSHOT_H

#include "env.h"
#include "err.h"
#include "note.h"

/* One remapping unit, as the loader found it in the DMAR table. */
struct vtd_snap_unit {
	u64 reg_base;
	u32 reg_size; /* bytes of register space that may be read */
	u16 segment;
	/*
	 * VTD_UNIT_F_* the caller already knows.  VTD_UNIT_F_UNMAPPED: its
	 * register pages could not be mapped, so nothing of it is read; the
	 * unit still gets its record, saying so.
	 */
	u32 flags;
};

/* What was captured of one unit, for a one-line trace. */
struct vtd_snap_result {
	const struct vtd_snap_unit *unit;
	u32 gsts;
	u32 flags; /* VTD_UNIT_F_* */
	u32 roots, contexts, pasids, irtes, faults;
};

/*
 * How the snapshot reaches the machine.  Purgatory loads directly from
 * its identity map; tests go through the model.
 */
struct vtd_snap_ops {
	u32 (*read32)(void *ctx, u64 addr);
	u64 (*read64)(void *ctx, u64 addr);
	/*
	 * Make 4 KiB of RAM at the 4 KiB-aligned @pa readable and return it,
	 * or NULL when that page is not in the memory map the loader passed
	 * (the table is then skipped and the unit flagged).
	 */
	const void *(*map_page)(void *ctx, u64 pa);
	u64 (*tsc)(void *ctx);
	/* Optional: called once per unit after it was captured. */
	void (*unit_done)(void *ctx, const struct vtd_snap_result *r);
	/* Who runs the snapshot, for the note: VTD_NOTE_TAKER_*. */
	u32 taker;
};

/**
 * vtd_snapshot - capture all units into a note in @buf
 * @ops: access to registers and memory, and who takes the snapshot
 * @ctx: passed to @ops
 * @units: the remapping units
 * @nr_units: their number
 * @buf: the snapshot area
 * @size: its size, VTD_NOTE_MIN_AREA .. VTD_NOTE_AREA_MAX
 *
 * Every unit gets a record, even when the buffer fills (room for the unit
 * records is kept back); a unit that cannot be read is flagged.
 *
 * Return: the bytes of @buf in use, -VTD_ERR_BADPARAM or
 * -VTD_ERR_NOSPACE (@size below the minimum, or too small for the unit
 * records).
 */
int vtd_snapshot(const struct vtd_snap_ops *ops, void *ctx,
		 const struct vtd_snap_unit *units, unsigned int nr_units,
		 void *buf, size_t size);

#endif /* KEXEC_VTD_SNAPSHOT_H */
