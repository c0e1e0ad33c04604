/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * adopt.h - the crash kernel's side of the contract: find the KEXEC-VTD
 * note through the elfcorehdr and decide, unit by unit, whether the live
 * hardware is still the one the note describes.  Anything that does not
 * match falls back to what the kernel does without us, with one reason.
 *
 * Freestanding like lib/: the kernel glue, the VT-d model and tools pass
 * their own way of reading physical memory and registers.
 */
#ifndef VTD_CRASH_ADOPT_H
#define VTD_CRASH_ADOPT_H

#include <kexec-vtd/env.h>
#include <kexec-vtd/err.h>
#include <kexec-vtd/note.h>
#include <kexec-vtd/vtd-hw.h>

struct vtd_crash_ops {
	/* Copy @len bytes of old memory at @pa; 0 or -VTD_ERR_ACCESS. */
	int (*read_phys)(void *ctx, uint64_t pa, void *buf, size_t len);
	uint32_t (*read32)(void *ctx, uint64_t addr);
	uint64_t (*read64)(void *ctx, uint64_t addr);
};

/**
 * vtd_crash_find_note - find and check the note the elfcorehdr points at
 * @elfcorehdr: physical address (the kernel's elfcorehdr_addr)
 * @buf, @size: room for one snapshot area (VTD_NOTE_AREA_MAX)
 * @n: the opened note, its descriptor inside @buf
 *
 * Walks the ELF64 core header's PT_NOTE segments (bounded by their count
 * and by @size) and opens the first KEXEC-VTD note.  Returns 0,
 * -VTD_ERR_NOTFOUND (no note: the capture never ran or was lost),
 * -VTD_ERR_ACCESS, or the reader's code for a bad header or note.
 */
int vtd_crash_find_note(const struct vtd_crash_ops *ops, void *ctx,
			uint64_t elfcorehdr, void *buf, size_t size,
			struct vtd_note *n);

enum vtd_verdict {
	VTD_ADOPT = 0,
	VTD_FALLBACK_NOT_IN_NOTE,    /* the note has no record of it */
	VTD_FALLBACK_CAPTURE_FAILED, /* the unit or the note is flagged */
	VTD_FALLBACK_REGISTERS,	     /* CAP, ECAP or VER differ */
	VTD_FALLBACK_TES,	     /* translation on then, not now, or back */
	VTD_FALLBACK_IRES,	     /* the same for interrupt remapping */
	VTD_FALLBACK_RTADDR,	     /* another root table */
	VTD_FALLBACK_IRTA,	     /* another IRTE table, size or mode */
	VTD_FALLBACK_SCALABLE,	     /* scalable mode: not adopted (yet) */
	VTD_FALLBACK_BAD_ENTRY,	     /* a noted entry this unit cannot use */
	VTD_VERDICT_MAX,
};

/*
 * What of a unit is judged: DMA remapping (translation) and interrupt
 * remapping are adopted, or not, each on its own (#12, 6): a kernel that
 * reprograms IRTA must not cost the unit its translation, nor the reverse.
 */
#define VTD_PART_DMA 0x1
#define VTD_PART_IR 0x2
#define VTD_PART_BOTH (VTD_PART_DMA | VTD_PART_IR)

/*
 * Compare @parts of the unit at @reg_base with its record in @n.  The
 * verdict says whether to adopt them; vtd_verdict_str() is the one log
 * line's reason.
 */
enum vtd_verdict vtd_crash_check(const struct vtd_note *n,
				 const struct vtd_crash_ops *ops, void *ctx,
				 uint64_t reg_base, unsigned int parts);

static inline enum vtd_verdict
vtd_crash_check_unit(const struct vtd_note *n, const struct vtd_crash_ops *ops,
		     void *ctx, uint64_t reg_base)
{
	return vtd_crash_check(n, ops, ctx, reg_base, VTD_PART_BOTH);
}

const char *vtd_verdict_str(enum vtd_verdict v);

/* --- the adoption (points 1-7) --- */

#define VTD_CRASH_MAX_DIDS 65536
#define VTD_CRASH_MAX_IRTES 65536

/* The invalidations the adoption needs. */
enum vtd_crash_inval {
	VTD_CRASH_INV_CC_GLOBAL,    /* the whole context cache */
	VTD_CRASH_INV_CC_DEVICE,    /* one requester's entry (did: its old) */
	VTD_CRASH_INV_IOTLB_DOMAIN, /* every IOTLB entry of one domain */
	VTD_CRASH_INV_IEC_INDEX,    /* one interrupt entry (index in did) */
};

/* What the adoption writes with: memory, registers, new pages. */
struct vtd_crash_plat {
	const struct vtd_crash_ops *rd;
	void (*write64)(void *ctx, uint64_t pa, uint64_t v);
	void (*mmio_write64)(void *ctx, uint64_t addr, uint64_t v);
	/* A zeroed 4 KiB page of the crash kernel's memory; 0 if none. */
	uint64_t (*alloc_page)(void *ctx);
	/* Make writes to [pa, pa + len) visible to the IOMMU (clflush). */
	void (*flush)(void *ctx, uint64_t pa, size_t len);
	/*
	 * Optional: invalidate through the platform's own queue (a kernel
	 * that already owns the invalidation queue and its bookkeeping).
	 * NULL: the core uses the unit's queue or registers itself.
	 */
	int (*invalidate)(void *ctx, enum vtd_crash_inval what, uint16_t sid,
			  uint16_t did);
};

/* One adopted unit: what the crash kernel must now keep track of. */
struct vtd_adopted {
	uint64_t reg_base;
	uint64_t root; /* the old root table, still in use */
	uint64_t irt;  /* the old IRTE table, still in use */
	uint32_t irt_entries;
	uint64_t ecap;
	uint32_t ndoms;
	uint32_t contexts, irtes;
	int unit_off; /* the unit's record in the note */
	bool tes;     /* translation was on at the crash */
	uint64_t qi_status; /* a page for invalidation wait status */
	uint8_t did_used[VTD_CRASH_MAX_DIDS / 8];   /* old ids reserved */
	uint8_t irte_used[VTD_CRASH_MAX_IRTES / 8]; /* old IRTEs kept */
	uint64_t ctx_tables[VTD_ROOT_ENTRIES];	    /* the new ones, by bus */
};

/**
 * vtd_crash_plan_unit - what adopting the unit at @reg_base keeps
 *
 * Fills @a from the note alone: the old root table, the IRTE indices
 * in use (for a kernel that sets up interrupt remapping before DMA
 * remapping) and domain id 0.  Writes nothing.  Returns 0 or
 * -VTD_ERR_NOTFOUND.
 */
int vtd_crash_plan_unit(const struct vtd_note *n, uint64_t reg_base,
			struct vtd_adopted *a);

static inline bool vtd_adopted_irte(const struct vtd_adopted *a, uint32_t i)
{
	return i < VTD_CRASH_MAX_IRTES && (a->irte_used[i / 8] >> (i % 8)) & 1;
}

static inline bool vtd_adopted_did(const struct vtd_adopted *a, uint32_t d)
{
	return d < VTD_CRASH_MAX_DIDS && (a->did_used[d / 8] >> (d % 8)) & 1;
}

/**
 * vtd_crash_adopt_unit - adopt a unit the gate accepted
 *
 * Plans the unit (vtd_crash_plan_unit), then leaves TE, IRE, RTADDR and
 * IRTA alone; copies the note's context
 * entries into new tables and points the old root entries at them;
 * reserves the old domain ids and IRTE indices; invalidates the context
 * cache.  Returns 0, -VTD_ERR_NOTFOUND, -VTD_ERR_NOSPACE (no page) or
 * -VTD_ERR_ACCESS (an invalidation never completed).
 */
int vtd_crash_adopt_unit(const struct vtd_crash_plat *p, void *ctx,
			 const struct vtd_note *n, uint64_t reg_base,
			 struct vtd_adopted *a);

/**
 * vtd_crash_new_irte - a new interrupt remapping entry in the old table
 * @lo, @hi: the entry (present)
 * @index: where it went, for the caller's MSI address or IOAPIC RTE
 *
 * Takes the lowest index that was not present at the crash nor handed
 * out since, writes the entry (high half first), flushes it and
 * invalidates that index in the interrupt entry cache (queued
 * invalidation, which interrupt remapping requires).  What a crash
 * kernel's IOAPIC and MSI set-up must do with the adopted table; Linux
 * does it with its own allocator over the reserved bitmap.  Returns 0,
 * -VTD_ERR_NOSPACE or -VTD_ERR_ACCESS.
 */
int vtd_crash_new_irte(const struct vtd_crash_plat *p, void *ctx,
		       struct vtd_adopted *a, uint64_t lo, uint64_t hi,
		       uint32_t *index);

/**
 * vtd_crash_swap_context - replace requester @sid's copied context entry
 * @lo, @hi: the new entry (present), built by the caller
 *
 * The entry stays present throughout (new domain id and width first,
 * then the table); then the device's context-cache entry and the IOTLB
 * of both the old and the new domain id are invalidated.  For a kernel
 * that builds the entry itself; vtd_crash_first_map() builds one.
 */
int vtd_crash_swap_context(const struct vtd_crash_plat *p, void *ctx,
			   struct vtd_adopted *a, uint16_t sid, uint64_t lo,
			   uint64_t hi);

/**
 * vtd_crash_first_map - give requester @sid a new domain at its first map
 * @aw: address width of the new, empty page table (VTD_AW_*)
 * @did, @pgd: the new domain id and page table, for the caller to fill
 *
 * Picks the lowest free domain id, allocates an empty page table and
 * swaps it in with vtd_crash_swap_context().  From then on its old IOVAs fault and its new ones
 * translate; other devices are untouched.
 */
int vtd_crash_first_map(const struct vtd_crash_plat *p, void *ctx,
			struct vtd_adopted *a, uint16_t sid, unsigned int aw,
			uint16_t *did, uint64_t *pgd);

#endif /* VTD_CRASH_ADOPT_H */
