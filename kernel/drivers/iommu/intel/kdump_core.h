/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Adopting a crashed kernel's VT-d state in a kdump kernel: the core, in
 * five steps, one file each:
 *
 *   kdump_elfcorehdr.c  find the kexec-vtd note through the elfcorehdr,
 *                       and the crashed kernel's RAM (its PT_LOADs);
 *   kdump_gate.c        judge, unit by unit, whether the live hardware
 *                       is still the one the note describes (translation
 *                       and interrupt remapping each on its own);
 *   kdump_adopt.c       adopt a unit the gate accepted: new context
 *                       tables from the note under the old root table
 *                       (legacy or scalable mode), the old domain ids and
 *                       IRTE indices reserved;
 *   kdump_fence.c       walk each adopted device's old page tables: none
 *                       may reach the crash kernel's own memory;
 *   kdump_swap.c        replace one adopted context entry at the
 *                       device's first map while it stays present,
 *                       whatever parts the unit fetches it in.
 *
 * The core reads and writes only through the operations it is given:
 * kdump.c gives it this kernel's memory, registers and invalidation
 * queue, and the project's VT-d model gives it a simulated machine, so
 * that the model's tests, fuzzer and bench run these very files.  The
 * note itself is read by the kexec-vtd library (kexec-vtd/), which the
 * loader's purgatory and the dump tools share.
 */
#ifndef _INTEL_IOMMU_KDUMP_CORE_H
#define _INTEL_IOMMU_KDUMP_CORE_H

#include <linux/bitmap.h>
#include <linux/types.h>

#include <kexec-vtd/note.h>
#include <kexec-vtd/vtd-hw.h>

struct qi_desc;

/* The note's sections a pass reads (vtd_note_next_of()). */
#define VTD_SECS_ROOT VTD_NOTE_TYPE_BIT(VTD_SEC_ROOT)
#define VTD_SECS_CTX VTD_NOTE_TYPE_BIT(VTD_SEC_CTX)
#define VTD_SECS_SM_CTX VTD_NOTE_TYPE_BIT(VTD_SEC_SM_CTX)
#define VTD_SECS_PASID VTD_NOTE_TYPE_BIT(VTD_SEC_PASID)
#define VTD_SECS_IRTE VTD_NOTE_TYPE_BIT(VTD_SEC_IRTE)

/* How the core reads the crashed machine: its memory and registers. */
struct vtd_crash_ops {
	/* Copy @len bytes of old memory at @pa; 0 or -EIO. */
	int (*read_phys)(void *ctx, u64 pa, void *buf, size_t len);
	/*
	 * The 4 KiB page of old memory at @pa (page-aligned), mapped to be
	 * read whole, or NULL; given back with unmap_page().  The gate
	 * scans tables with it, a page at a time.
	 */
	const void *(*map_page)(void *ctx, u64 pa);
	void (*unmap_page)(void *ctx, const void *page);
	u32 (*read32)(void *ctx, u64 addr);
	u64 (*read64)(void *ctx, u64 addr);
};

/* --- the elfcorehdr (elfcorehdr.c) --- */

/*
 * The crashed kernel's RAM: the elfcorehdr's PT_LOAD ranges, which the
 * loader made from the first kernel's System RAM without the crash
 * kernel's region.  A table the note names must lie inside it before the
 * crash kernel maps it or lets hardware keep walking it (#12, 4 and 13):
 * not the crash kernel's memory, not MMIO, not a hole.
 */
#define VTD_ELFCOREHDR_MAX_RAM_RANGES 512
#define VTD_ELFCOREHDR_MAX_PHDRS 4096 /* CPUs plus RAM ranges, generously */

struct vtd_elfcorehdr_ram {
	u32 nr;
	bool overflow; /* more ranges than fit: nothing is judged owned */
	u64 note_start, note_end; /* the area of the note opened, [,) */
	struct {
		u64 start, end; /* [start, end) */
	} range[VTD_ELFCOREHDR_MAX_RAM_RANGES];
};

/* Is [pa, pa + len) wholly inside one range of @ram? */
bool vtd_elfcorehdr_is_old_ram(const struct vtd_elfcorehdr_ram *ram, u64 pa,
			       u64 len);

/**
 * vtd_elfcorehdr_find_note - find and check the note the elfcorehdr points at
 * @ops: how to read the crashed kernel's memory
 * @ctx: passed to @ops
 * @elfcorehdr: physical address (the kernel's elfcorehdr_addr)
 * @buf: room for one snapshot area
 * @size: the size of @buf (VTD_NOTE_AREA_MAX)
 * @n: the opened note, its descriptor inside @buf
 * @ram: filled with the PT_LOAD ranges (may be NULL)
 * @nr_notes: set to the number of good notes found (may be NULL)
 *
 * Walks the ELF64 core header's program headers (bounded by their count
 * and by @size) and checks every KEXEC-VTD note: its sizes and checksum,
 * and where it lies for who took it (purgatory's outside the crashed
 * kernel's RAM, the kernel's inside it).  Of two good ones, purgatory's
 * is opened: it was taken last.
 *
 * Return: 0; -ENOENT (no note: the capture never ran or was lost); -EIO
 * (unreadable); -ENOEXEC (not an ELF64 little-endian core header);
 * -EBADMSG (no good note, and one that fails its sizes or checksum, lies
 * where its taker does not put it, or names an unknown taker); -EINVAL
 * (bad arguments).
 */
int vtd_elfcorehdr_find_note(const struct vtd_crash_ops *ops, void *ctx,
			     u64 elfcorehdr, void *buf, size_t size,
			     struct vtd_note *n,
			     struct vtd_elfcorehdr_ram *ram,
			     unsigned int *nr_notes);

/* --- the gate (gate.c) --- */

enum vtd_gate_verdict {
	VTD_ADOPT = 0,
	VTD_FALLBACK_NOT_IN_NOTE,    /* the note has no record of it */
	VTD_FALLBACK_CAPTURE_FAILED, /* the unit or the note is flagged */
	VTD_FALLBACK_REGISTERS,	     /* CAP, ECAP or VER differ */
	VTD_FALLBACK_TES,	     /* translation on then, not now, or back */
	VTD_FALLBACK_IRES,	     /* the same for interrupt remapping */
	VTD_FALLBACK_RTADDR,	     /* another root table */
	VTD_FALLBACK_IRTA,	     /* another IRTE table, size or mode */
	VTD_FALLBACK_MODE,	     /* note and RTADDR.TTM disagree */
	VTD_FALLBACK_BAD_ENTRY,	     /* a noted entry this unit cannot use */
	VTD_FALLBACK_NOT_OLD_RAM,    /* a noted table outside old RAM */
	VTD_FALLBACK_TABLES,	     /* live root/context tables differ */
	VTD_FALLBACK_PASIDS,	     /* PASIDs besides RID_PASID in use */
	/* A device's, blocking it (#22, 1): see vtd_gate_blocks(). */
	VTD_BLOCK_REACHES_FENCE,     /* its tables reach the fence */
	VTD_BLOCK_UNCHECKED,	     /* its tables could not be walked */
	VTD_GATE_VERDICT_MAX,
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
 * The devices the gate set aside on a unit it accepts: one device's
 * problem (an entry this unit would not accept, PASIDs besides RID_PASID
 * in use) costs that device, which keeps upstream's handling (its entry
 * replaced by the teardown at its first attach), and not the unit.  A
 * device whose old page tables reach the crash kernel's memory, or could
 * not be checked (VTD_BLOCK_*), is blocked instead: no context entry for
 * it in the new tables, so its DMA faults until its driver maps.  A unit
 * with more such devices than fit is not adopted.
 */
#define VTD_GATE_MAX_ASIDE 16

struct vtd_gate_aside {
	u32 nr;
	struct {
		u16 sid;
		u8 verdict; /* enum vtd_gate_verdict */
		u64 pa;	    /* VTD_BLOCK_*: the address that decided it */
	} dev[VTD_GATE_MAX_ASIDE];
	/* The fence's work on the unit: devices checked, table pages read. */
	u32 fenced;
	u64 fence_pages;
};

/* The verdict the gate set @sid aside with, or VTD_ADOPT. */
static inline enum vtd_gate_verdict
vtd_gate_aside_verdict(const struct vtd_gate_aside *aside, u16 sid)
{
	u32 i;

	for (i = 0; i < aside->nr && i < VTD_GATE_MAX_ASIDE; i++)
		if (aside->dev[i].sid == sid)
			return aside->dev[i].verdict;
	return VTD_ADOPT;
}

static inline bool vtd_gate_is_aside(const struct vtd_gate_aside *aside,
				     u16 sid)
{
	return vtd_gate_aside_verdict(aside, sid) != VTD_ADOPT;
}

static inline bool vtd_gate_blocks(const struct vtd_gate_aside *aside,
				   u16 sid)
{
	return vtd_gate_aside_verdict(aside, sid) >= VTD_BLOCK_REACHES_FENCE;
}

/* --- the fence (kdump_fence.c) --- */

#define VTD_FENCE_MAX_RANGES 64
#define VTD_FENCE_MAX_LEVELS 5
/*
 * Table pages one unit's walks may read: 512 MiB of them, enough for
 * 256 GiB of 4 KiB mappings; past it, the devices not yet walked are
 * blocked (VTD_BLOCK_UNCHECKED).  bench/ measures what a page costs.
 */
#define VTD_FENCE_BUDGET_PAGES BIT(17)

/*
 * The crash kernel's own memory, which no DMA may reach (#22, 1): its
 * RAM, the elfcorehdr and the note area, [start, end) each; @lo and @hi
 * their span.
 */
struct vtd_fence {
	u32 nr;
	u64 lo, hi;
	struct {
		u64 start, end;
	} range[VTD_FENCE_MAX_RANGES];
};

/* Add [@start, @end); -ENOSPC when full (the fence is then incomplete). */
int vtd_fence_add(struct vtd_fence *f, u64 start, u64 end);
/* Does [@pa, @pa + @len) overlap the fence? */
bool vtd_fence_reaches(const struct vtd_fence *f, u64 pa, u64 len);

/* vtd_fence_walk()'s result when the tables reach the fence. */
#define VTD_FENCE_HIT 1

struct vtd_fence_seen {
	u64 root, hit;
	u8 levels;
	bool fs;
	int ret;
};

/* One unit's walks: the fence, old RAM, the budget, the roots seen. */
struct vtd_fence_walk {
	const struct vtd_fence *fence;
	const struct vtd_elfcorehdr_ram *ram;
	u32 budget; /* table pages left to read */
	u32 walks;  /* vtd_fence_walk() calls, a root seen before too */
	u32 nr_seen;
	struct vtd_fence_seen seen[16];
	u64 pages, entries; /* read so far: table pages, present entries */
};

/**
 * vtd_fence_walk - check a device's old page tables against the fence
 * @ops: how to read old memory
 * @ctx: passed to @ops
 * @w: the unit's walk state
 * @root: the top table (second-stage or first-stage root)
 * @levels: its levels, 2 to 5
 * @fs: first-stage format (9.7), else second-stage (9.8)
 * @hit: the address that decided a non-zero return
 *
 * Every present entry of every table: a leaf (a 4 KiB, 2 MiB or 1 GiB
 * page) or a table pointer that overlaps the fence reaches it.  A root
 * walked before gives its result again.
 *
 * Return: 0; VTD_FENCE_HIT; -EIO (a table outside old RAM or that cannot
 * be mapped); -E2BIG (the unit's budget is spent); -EINVAL (@levels).
 */
int vtd_fence_walk(const struct vtd_crash_ops *ops, void *ctx,
		   struct vtd_fence_walk *w, u64 root, unsigned int levels,
		   bool fs, u64 *hit);

/*
 * Compare @parts of the unit at @reg_base with its record in @n, and
 * check that every table the record names for them lies in @ram.  The
 * verdict says whether to adopt them; vtd_gate_verdict_str() is the one log
 * line's reason.  With @aside, a device's own problem sets it aside
 * there instead of costing the unit (see above); without, it is the
 * unit's verdict.  With @fence, each translating device's old page
 * tables are walked (vtd_fence_walk()); pass-through entries are not.
 */
enum vtd_gate_verdict vtd_gate_check_fenced(const struct vtd_note *n,
					    const struct vtd_elfcorehdr_ram *ram,
					    const struct vtd_fence *fence,
					    const struct vtd_crash_ops *ops,
					    void *ctx, u64 reg_base,
					    unsigned int parts,
					    struct vtd_gate_aside *aside);

static inline enum vtd_gate_verdict
vtd_gate_check_aside(const struct vtd_note *n,
		     const struct vtd_elfcorehdr_ram *ram,
		     const struct vtd_crash_ops *ops, void *ctx, u64 reg_base,
		     unsigned int parts, struct vtd_gate_aside *aside)
{
	return vtd_gate_check_fenced(n, ram, NULL, ops, ctx, reg_base, parts,
				     aside);
}

static inline enum vtd_gate_verdict
vtd_gate_check(const struct vtd_note *n, const struct vtd_elfcorehdr_ram *ram,
	       const struct vtd_crash_ops *ops, void *ctx, u64 reg_base,
	       unsigned int parts)
{
	return vtd_gate_check_aside(n, ram, ops, ctx, reg_base, parts, NULL);
}

static inline enum vtd_gate_verdict
vtd_gate_check_unit(const struct vtd_note *n,
		    const struct vtd_elfcorehdr_ram *ram,
		    const struct vtd_crash_ops *ops, void *ctx, u64 reg_base)
{
	return vtd_gate_check(n, ram, ops, ctx, reg_base, VTD_PART_BOTH);
}

const char *vtd_gate_verdict_str(enum vtd_gate_verdict v);

/*
 * The mode to run the units in (#22, 3).  A kernel chooses scalable or
 * legacy mode once for all units (Linux: intel_iommu_sm, on a unit with
 * ECAP.SMTS); a crash kernel whose choice differs from the crashed
 * kernel's could adopt nothing.  Each unit whose record matches its
 * registers (as the gate compares them: nothing in memory is read),
 * translating then and now, votes for the mode it ran in; a unit
 * without SMTS ran legacy whatever the choice, and needs neither.
 */
struct vtd_mode_vote {
	u32 scalable;	 /* ran in scalable mode */
	u32 legacy;	 /* ran in legacy mode, though it has SMTS */
	u32 legacy_only; /* ran in legacy mode, its only one */
};

void vtd_gate_mode_vote(struct vtd_mode_vote *v, const struct vtd_note *n,
			const struct vtd_crash_ops *ops, void *ctx,
			u64 reg_base);

enum vtd_mode_choice {
	VTD_MODE_OWN,	 /* this kernel's choice is every voter's mode */
	VTD_MODE_FOLLOW, /* the other choice is: take it */
	VTD_MODE_SPLIT,	 /* the units ran in both: keep this kernel's */
};

/* What a kernel whose own choice is @scalable does with the votes @v. */
enum vtd_mode_choice vtd_gate_mode_choice(const struct vtd_mode_vote *v,
					  bool scalable);

/* --- the adoption (adopt.c) and the swap (swap.c) --- */

/*
 * A function's Address Translation Services now, as its ATS capability
 * says (PCIe: ATS Control); the swap asks before it invalidates the
 * function's device-TLB.
 */
struct vtd_crash_ats {
	bool enabled; /* ATS Enable: it may hold translations */
	u16 pfsid;    /* the source-id of its physical function */
	u16 qdep;     /* its invalidate queue depth (0: 32) */
};

/* What the adoption writes with: memory, new pages, invalidations. */
struct vtd_crash_plat {
	const struct vtd_crash_ops *rd;
	/*
	 * Store @v at @pa: 0, or -EIO when @pa is no memory the adoption
	 * may write (nothing is written).
	 */
	int (*write64)(void *ctx, u64 pa, u64 v);
	/* A zeroed 4 KiB page of the crash kernel's memory; 0 if none. */
	u64 (*alloc_table_page)(void *ctx);
	/* Give back a page alloc_table_page() returned. */
	void (*free_table_page)(void *ctx, u64 pa);
	/* Make writes to [pa, pa + len) visible to the IOMMU (clflush). */
	void (*flush)(void *ctx, u64 pa, size_t len);
	/*
	 * Submit @desc, which the core built with the driver's own
	 * descriptor helpers, to the unit's invalidation queue and wait
	 * for it: 0, or -errno when it did not complete (-EINVAL: the unit
	 * refused it; -ETIMEDOUT: a device never answered; -EOPNOTSUPP: no
	 * queued invalidation).
	 */
	int (*qi_submit)(void *ctx, const struct qi_desc *desc);
	/*
	 * The ATS state of the function @sid of the device being mapped:
	 * 0 with @ats filled (not enabled when @sid is not that device's,
	 * e.g. an alias), or -ENODEV when the function is gone.
	 */
	int (*ats_state)(void *ctx, u16 sid, struct vtd_crash_ats *ats);
};

/*
 * The fenced identity domain of a unit's pass-through devices (#22, 2):
 * a second-stage table of @levels (the pass-through entries' AW) that
 * maps the crashed kernel's RAM one to one, in 1 GiB and 2 MiB pages
 * where the unit has them (CAP.SLLPS) and they fit, and leaves the
 * fence out; at most @budget table pages.
 */
#define VTD_FENCE_IDENTITY_BUDGET 512 /* pages: 2 MiB of tables */

struct vtd_fence_identity {
	unsigned int levels; /* in: 4 or 5 */
	u32 budget;	     /* in: table pages it may take; spent */
	u64 root;	     /* out */
	u32 nr_tables;	     /* out: its table pages */
	u64 mapped;	     /* out: bytes of RAM it maps */
};

/*
 * Build it with @p's pages: 0; -ENOMEM (no page, or past the budget: the
 * caller frees what was built with vtd_fence_identity_free()); -ERANGE
 * (RAM past @levels' reach); -EINVAL.  Its tables are flushed.
 */
int vtd_fence_identity(const struct vtd_crash_plat *p, void *ctx,
		       const struct vtd_elfcorehdr_ram *ram,
		       const struct vtd_fence *f, u64 cap,
		       struct vtd_fence_identity *id);
void vtd_fence_identity_free(const struct vtd_crash_plat *p, void *ctx,
			     struct vtd_fence_identity *id);

/*
 * The ids the crashed kernel used, which the adoption reserves: needed
 * only until this kernel's own allocators have taken them (Linux:
 * iommu->domain_ids and the IRTE bitmap), then given back.
 */
struct vtd_adopted_ids {
	DECLARE_BITMAP(did, VTD_NR_DIDS_MAX);	/* old domain ids */
	DECLARE_BITMAP(irte, VTD_NR_IRTES_MAX); /* old IRTEs kept */
};

/*
 * Scalable mode: what the swap needs of a device's RID_PASID entry at
 * the crash, its domain id and translation type, one 64-bit record per
 * requester, in ascending source-id order, in pages of the crash
 * kernel's memory (the entry itself is in old memory, which the swap
 * does not map: it runs under the driver's lock).
 */
#define VTD_SM_OLD_SID GENMASK_ULL(15, 0)
#define VTD_SM_OLD_DID GENMASK_ULL(31, 16)
#define VTD_SM_OLD_PGTT GENMASK_ULL(34, 32)
#define VTD_SM_OLD_PER_PAGE (VTD_PAGE_SIZE_4K / sizeof(u64))
#define VTD_SM_OLD_PAGES \
	(VTD_ROOT_ENTRIES * VTD_CTX_ENTRIES / VTD_SM_OLD_PER_PAGE)

/*
 * One adopted unit: what the crash kernel keeps for it until its last
 * device is swapped (about 5 KiB, and a page per 512 scalable-mode
 * requesters), and, while it is being adopted, @ids.
 */
struct vtd_adopted {
	u64 reg_base;
	u64 root; /* the old root table, still in use */
	u64 irt;  /* the old IRTE table, still in use */
	u32 irt_entries;
	u64 cap, ecap;
	u32 ndoms;
	u32 contexts, irtes;
	int unit_off; /* the unit's record in the note */
	bool tes;     /* translation was on at the crash */
	bool scalable; /* scalable mode: the tables below are halves */
	/*
	 * Legacy mode: a domain id no entry has, reserved for the swap's
	 * passage from the old entry to the new one (0: none was free).
	 */
	u16 swap_did;
	/* The caller's, for the plan and the adoption; NULL after. */
	struct vtd_adopted_ids *ids;
	u64 ctx_tables[VTD_ROOT_ENTRIES];   /* the new ones, by bus */
	/* Scalable mode: the upper halves (devfn 0x80-0xff), by bus. */
	u64 ctx_tables_up[VTD_ROOT_ENTRIES];
	/*
	 * The devices the gate set aside: their entries are copied like
	 * the others, and the swap leaves them to upstream's teardown;
	 * those it blocked (vtd_gate_blocks()) get no entry, @blocked of
	 * them.
	 */
	struct vtd_gate_aside aside;
	u32 blocked;
	/*
	 * With a fence: the pass-through devices' fenced identity domain
	 * (@pt_fenced entries point at it, domain @identity_did); root 0
	 * when none was needed or built.  Scalable mode reaches it through
	 * a PASID directory and table of the adoption's own, whose
	 * RID_PASID entry is second-stage at width @identity_aw.
	 */
	struct vtd_fence_identity identity;
	u16 identity_did;
	u8 identity_aw;
	u64 identity_dir, identity_table;
	u32 pt_fenced;
	/* Scalable mode: the records of the old RID_PASID entries. */
	u32 nr_sm_old;
	u64 sm_old_pages[VTD_SM_OLD_PAGES];
};

/* A scalable-mode requester's old RID_PASID entry, from its record. */
struct vtd_sm_old {
	u16 did;
	u8 pgtt; /* PASID_ENTRY_PGTT_*; 0: the entry was not present */
};

/**
 * vtd_crash_plan_unit - what adopting the unit at @reg_base keeps
 * @n: the note
 * @reg_base: the unit's register base, as the note records it
 * @a: filled with what the adoption keeps
 *
 * Fills @a from the note alone: the old root table, the IRTE indices
 * in use (for a kernel that sets up interrupt remapping before DMA
 * remapping) and domain id 0.  Writes nothing.
 *
 * Return: 0 or -ENOENT (no record of the unit).
 */
int vtd_crash_plan_unit(const struct vtd_note *n, u64 reg_base,
			struct vtd_adopted *a);

static inline bool vtd_adopted_irte(const struct vtd_adopted *a, u32 i)
{
	return a->ids && i < VTD_NR_IRTES_MAX && test_bit(i, a->ids->irte);
}

static inline bool vtd_adopted_did(const struct vtd_adopted *a, u32 d)
{
	return a->ids && d < VTD_NR_DIDS_MAX && test_bit(d, a->ids->did);
}

static inline void vtd_adopted_take_did(struct vtd_adopted *a, u32 d)
{
	if (a->ids && d < VTD_NR_DIDS_MAX)
		__set_bit(d, a->ids->did);
}

/**
 * vtd_adopted_sm_old - the record of requester @sid's old RID_PASID entry
 * @p: the platform's operations (the records are read through @p->rd)
 * @ctx: passed to @p
 * @a: the unit's adoption (scalable mode)
 * @sid: the requester
 * @old: filled with the entry's domain id and translation type
 *
 * Return: 0, or -ENOENT when the adoption has no record of @sid (no
 * RID_PASID entry was noted for it), or -EIO.
 */
int vtd_adopted_sm_old(const struct vtd_crash_plat *p, void *ctx,
		       const struct vtd_adopted *a, u16 sid,
		       struct vtd_sm_old *old);

/**
 * vtd_adopted_release - give back what an adoption allocated besides
 * its context tables (which the unit may still walk)
 * @p: the platform's operations
 * @ctx: passed to @p
 * @a: the unit's adoption
 */
void vtd_adopted_release(const struct vtd_crash_plat *p, void *ctx,
			 struct vtd_adopted *a);

/**
 * vtd_crash_adopt_fenced - adopt the translation of a unit the gate accepted
 * @p: the platform's operations (memory, pages, invalidations)
 * @ctx: passed to @p
 * @n: the note
 * @reg_base: the unit's register base
 * @aside: the devices the gate set aside on the unit (may be NULL)
 * @ram: the crashed kernel's RAM (may be NULL without @fence)
 * @fence: the crash kernel's memory (may be NULL: no identity domain)
 * @a: what the adoption keeps, filled here
 *
 * Plans the unit (vtd_crash_plan_unit); if translation was on, copies
 * the note's context entries, but those of the devices the gate blocked,
 * into new tables (with @fence, a legacy pass-through entry as one that
 * translates through the fenced identity domain, of the same width, in a
 * domain id of the adoption's own; a device whose entry cannot be so is
 * blocked) and points the old root
 * entries at them (the gate has checked that the live root table holds
 * exactly the noted entries).  TE and RTADDR are left alone.  Nothing
 * is invalidated here: the new tables hold what the old ones held, so a
 * stale context-cache entry is still right, and the caller flushes the
 * context cache globally once queued invalidation is up on every unit
 * (Linux: iommu_set_root_entry(), after all units are set up).
 *
 * Return: 0, -ENOENT (no record) or -ENOMEM (no page: nothing
 * written, every page given back).
 */
int vtd_crash_adopt_fenced(const struct vtd_crash_plat *p, void *ctx,
			   const struct vtd_note *n, u64 reg_base,
			   const struct vtd_gate_aside *aside,
			   const struct vtd_elfcorehdr_ram *ram,
			   const struct vtd_fence *fence,
			   struct vtd_adopted *a);

static inline int vtd_crash_adopt_unit(const struct vtd_crash_plat *p,
				       void *ctx, const struct vtd_note *n,
				       u64 reg_base, struct vtd_adopted *a)
{
	return vtd_crash_adopt_fenced(p, ctx, n, reg_base, NULL, NULL, NULL,
				      a);
}

/**
 * vtd_crash_swap_context - replace requester @sid's copied context entry
 * @p: the platform's operations
 * @ctx: passed to @p
 * @a: the unit's adoption
 * @sid: the requester (bus, devfn)
 * @lo: bits 63:0 of the new entry (present), built by the caller
 * @hi: bits 127:64 of the new entry
 *
 * The entry stays present throughout, and the unit, whatever parts it
 * fetches the entry in, never pairs a page table with a domain id that
 * another device uses with another table: three 64-bit stores through
 * the adoption's own domain id (@a->swap_did), each followed by the
 * invalidations that retire what the unit may hold of the step before
 * (kdump_swap.c).  Then the IOTLB of the old domain id and, when the old
 * entry allowed translation requests (TT 01b: ATS), the device-TLB are
 * invalidated (6.5.3.3).
 *
 * Return: 0; -ENOENT (not an entry this adoption made); -EPERM (a
 * device the gate set aside: the caller replaces it as upstream does);
 * -EOPNOTSUPP (the address width changes, or no domain id was free for
 * the passage: the caller uses the spec's sequence for changing a
 * present entry instead; nothing written); -EIO; or an invalidation's
 * error (the entry was changed, and the unit's context cache and IOTLB
 * then flushed globally; the caller tears it down and writes the new one
 * as upstream does).
 */
int vtd_crash_swap_context(const struct vtd_crash_plat *p, void *ctx,
			   struct vtd_adopted *a, u16 sid, u64 lo, u64 hi);

/**
 * vtd_crash_swap_sm_context - the same for a scalable-mode unit
 * @p: the platform's operations
 * @ctx: passed to @p
 * @a: the unit's adoption
 * @sid: the requester (bus, devfn)
 * @lo: bits 63:0 of the new scalable context entry (present), which
 *	names the crash kernel's PASID directory, already holding the
 *	device's RID_PASID entry
 * @hi: bits 127:64; bits 255:128 are reserved and stay 0
 *
 * Only bits 63:0 change (RID_PASID and RID_PRIV stay as they are, 0 as
 * Linux sets them; bits 255:128 are reserved), so one 64-bit store, then
 * the device's context-cache entry, the PASID cache and IOTLB of the old
 * RID_PASID entry's domain and, if the old entry enabled ATS (DTE), the
 * device-TLB (6.5.3.3).  The old PASID directory, table and page tables
 * are not touched.
 *
 * Return: as vtd_crash_swap_context(); -EOPNOTSUPP when bits 127:64
 * would change.
 */
int vtd_crash_swap_sm_context(const struct vtd_crash_plat *p, void *ctx,
			      struct vtd_adopted *a, u16 sid, u64 lo, u64 hi);

/**
 * vtd_crash_inval_replaced - invalidate what the unit holds of a replaced entry
 * @p: the platform's operations
 * @ctx: passed to @p
 * @a: the unit's adoption
 * @sid: the requester (bus, devfn)
 * @old_lo: bits 63:0 of the adopted entry, now replaced (by the swap, or
 *	by a caller's clear-invalidate-write sequence)
 * @old_hi: bits 127:64 of it
 * @new_did: the new entry's domain id in legacy mode
 *
 * Return: 0 or the platform's error.
 */
int vtd_crash_inval_replaced(const struct vtd_crash_plat *p, void *ctx,
			     const struct vtd_adopted *a, u16 sid, u64 old_lo,
			     u64 old_hi, u16 new_did);

#endif /* _INTEL_IOMMU_KDUMP_CORE_H */
