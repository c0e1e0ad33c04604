// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Adopt the translation of a unit the gate accepted:
 * translation stays on and RTADDR stays; new context tables filled from
 * the note replace the old ones under the old root table (in legacy or
 * scalable mode); the old domain ids and IRTE indices are reserved.  A
 * device gets its fresh domain later, at its driver's first map
 * (kdump_swap.c).
 */
#include <linux/array_size.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "iommu.h"
#include "pasid.h"
#include "kdump_core.h"

/* A failed adoption leaves nothing behind: its pages go back. */
void vtd_adopted_release(const struct vtd_crash_plat *p, void *ctx,
			 struct vtd_adopted *a)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(a->sm_old_pages); i++) {
		if (a->sm_old_pages[i] && p->free_table_page)
			p->free_table_page(ctx, a->sm_old_pages[i]);
		a->sm_old_pages[i] = 0;
	}
	a->nr_sm_old = 0;
}

static void free_tables(const struct vtd_crash_plat *p, void *ctx,
			struct vtd_adopted *a)
{
	unsigned int bus;

	vtd_adopted_release(p, ctx, a);
	vtd_fence_identity_free(p, ctx, &a->identity);
	if (a->identity_dir && p->free_table_page)
		p->free_table_page(ctx, a->identity_dir);
	if (a->identity_table && p->free_table_page)
		p->free_table_page(ctx, a->identity_table);
	a->identity_dir = 0;
	a->identity_table = 0;

	for (bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		if (a->ctx_tables[bus] && p->free_table_page)
			p->free_table_page(ctx, a->ctx_tables[bus]);
		if (a->ctx_tables_up[bus] && p->free_table_page)
			p->free_table_page(ctx, a->ctx_tables_up[bus]);
		a->ctx_tables[bus] = 0;
		a->ctx_tables_up[bus] = 0;
	}
}

static int alloc_table(const struct vtd_crash_plat *p, void *ctx,
		       struct vtd_adopted *a, u64 *table)
{
	*table = p->alloc_table_page(ctx);
	if (*table)
		return 0;
	free_tables(p, ctx, a);
	return -ENOMEM;
}

/*
 * New context tables, one per present root entry, filled from the note's
 * entries (not from old memory, which may have changed since), then
 * swapped in under the old root table one 64-bit store each (a root
 * entry's upper half is reserved in legacy mode, VT-d spec 9.1, so the
 * lower half is the whole entry).  Every page is allocated before the
 * first root entry changes.  Two passes over the note's entries.
 */
/* The highest domain id no entry has, taken for the adoption's use. */
static u16 take_free_did(struct vtd_adopted *a)
{
	u32 d;

	for (d = a->ndoms - 1; d > 0 && vtd_adopted_did(a, d); d--)
		;
	if (d > 0)
		vtd_adopted_take_did(a, d);
	return d;
}

/*
 * The pass-through entries of the note (#22, 2), fenced: each written
 * as an entry that translates (TT 00b) through the fenced identity
 * domain, of the width the entry had, so the swap at the device's first
 * map changes no width; all in one domain id of the adoption's own.
 * Linux gives every pass-through entry of a unit its widest width: an
 * entry of another, or an identity domain that cannot be built, and the
 * unit is not adopted.
 */
static int fence_pass_through(const struct vtd_crash_plat *p, void *ctx,
			      const struct vtd_note *n, int unit_off,
			      const struct vtd_elfcorehdr_ram *ram,
			      const struct vtd_fence *fence, unsigned int aw,
			      struct vtd_adopted *a)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	int ret;

	a->identity_did = take_free_did(a);
	if (!a->identity_did)
		return -ENOSPC;
	a->identity.levels = vtd_aw_levels(aw);
	a->identity.budget = VTD_FENCE_IDENTITY_BUDGET;
	ret = vtd_fence_identity(p, ctx, ram, fence, a->cap, &a->identity);
	if (ret)
		return ret;
	vtd_note_cursor_init(n, unit_off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_CTX, &e)) {
		u64 at, lo, hi;

		if (e.type != VTD_SEC_CTX || e.bus >= VTD_ROOT_ENTRIES ||
		    !a->ctx_tables[e.bus] ||
		    FIELD_GET(VTD_CTX_LO_TT, e.val[0]) != VTD_TT_PASSTHROUGH ||
		    vtd_gate_blocks(&a->aside, vtd_sid(e.bus, e.devfn)))
			continue;
		if (FIELD_GET(VTD_CTX_HI_AW, e.val[1]) != aw)
			return -EINVAL;
		lo = a->identity.root | (e.val[0] & VTD_CTX_LO_FPD) |
		     VTD_CTX_LO_P;
		hi = FIELD_PREP(VTD_CTX_HI_AW, aw) |
		     FIELD_PREP(VTD_CTX_HI_DID, a->identity_did);
		at = a->ctx_tables[e.bus] + e.devfn * sizeof(struct context_entry);
		/* Not yet reachable by the unit: any order will do. */
		if (p->write64(ctx, at + sizeof(u64), hi) ||
		    p->write64(ctx, at, lo))
			return -EIO;
		a->pt_fenced++;
		a->contexts++;
	}
	return 0;
}

static int copy_contexts(const struct vtd_crash_plat *p, void *ctx,
			 const struct vtd_note *n, int unit_off,
			 const struct vtd_elfcorehdr_ram *ram,
			 const struct vtd_fence *fence, struct vtd_adopted *a)
{
	unsigned int pt_aw = 0;
	bool pt = false;
	int ret;
	u64 *tables = a->ctx_tables;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	unsigned int bus;

	/*
	 * Every page first: the note's sections may come in any order, and a
	 * context entry read before its root entry must not be lost (#21, 5).
	 */
	vtd_note_cursor_init(n, unit_off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_ROOT, &e)) {
		if (e.type == VTD_SEC_ROOT && e.bus < VTD_ROOT_ENTRIES &&
		    !tables[e.bus] && alloc_table(p, ctx, a, &tables[e.bus]))
			return -ENOMEM;
	}
	vtd_note_cursor_init(n, unit_off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_CTX, &e)) {
		if (e.type == VTD_SEC_CTX && e.bus < VTD_ROOT_ENTRIES &&
		    tables[e.bus]) {
			struct context_entry ce = { e.val[0], e.val[1] };
			u64 at = tables[e.bus] + e.devfn * sizeof(ce);

			/* Blocked (#22, 1): not present, its DMA faults. */
			if (vtd_gate_blocks(&a->aside,
					    vtd_sid(e.bus, e.devfn))) {
				a->blocked++;
				continue;
			}
			/* Pass-through, fenced: written below (#22, 2). */
			if (fence && FIELD_GET(VTD_CTX_LO_TT, ce.lo) ==
					     VTD_TT_PASSTHROUGH) {
				__set_bit(context_domain_id(&ce), a->ids->did);
				pt_aw = FIELD_GET(VTD_CTX_HI_AW, ce.hi);
				pt = true;
				continue;
			}

			/* Not yet reachable by the unit: any order will do. */
			if (p->write64(ctx, at + sizeof(ce.lo), ce.hi) ||
			    p->write64(ctx, at, ce.lo)) {
				free_tables(p, ctx, a);
				return -EIO;
			}
			__set_bit(context_domain_id(&ce), a->ids->did);
			a->contexts++;
		}
	}
	if (pt) {
		ret = fence_pass_through(p, ctx, n, unit_off, ram, fence,
					 pt_aw, a);
		if (ret) {
			free_tables(p, ctx, a);
			return ret;
		}
	}
	/*
	 * The swap's passage from an old entry to a new one (kdump_swap.c):
	 * a domain id no entry has, kept from Linux's allocator like the
	 * old ones; the highest free one.
	 */
	a->swap_did = take_free_did(a);
	/*
	 * A root entry that cannot be written fails the adoption, and the
	 * caller's fallback reads the root table as it is.  The tables
	 * already linked are kept: they hold the note's entries, and the
	 * unit may have cached root entries naming them.
	 */
	for (bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		u64 re = a->root + bus * sizeof(struct root_entry);

		if (!tables[bus])
			continue;
		/* The table reaches memory before the pointer to it. */
		p->flush(ctx, tables[bus], VTD_PAGE_SIZE);
		if (p->write64(ctx, re, tables[bus] | VTD_ROOT_LO_P))
			return -EIO;
		p->flush(ctx, re, sizeof(struct root_entry));
	}
	return 0;
}

/* Record @i of the scalable-mode requesters' old RID_PASID entries. */
static int sm_old_record(const struct vtd_crash_plat *p, void *ctx,
			 const struct vtd_adopted *a, u32 i, u64 *rec)
{
	u64 page = a->sm_old_pages[i / VTD_SM_OLD_PER_PAGE];

	if (i >= a->nr_sm_old || !page)
		return -EIO;
	return p->rd->read_phys(ctx,
				page + (i % VTD_SM_OLD_PER_PAGE) * sizeof(*rec),
				rec, sizeof(*rec));
}

int vtd_adopted_sm_old(const struct vtd_crash_plat *p, void *ctx,
		       const struct vtd_adopted *a, u16 sid,
		       struct vtd_sm_old *old)
{
	u32 lo = 0, hi = a->nr_sm_old, mid;
	u64 rec;

	/* Binary search: the records are in ascending source-id order. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sm_old_record(p, ctx, a, mid, &rec))
			return -EIO;
		if (FIELD_GET(VTD_SM_OLD_SID, rec) == sid) {
			old->did = FIELD_GET(VTD_SM_OLD_DID, rec);
			old->pgtt = FIELD_GET(VTD_SM_OLD_PGTT, rec);
			return 0;
		}
		if (FIELD_GET(VTD_SM_OLD_SID, rec) < sid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

/*
 * The record of @sid's noted RID_PASID entry (@val), after those of lower
 * source-ids (the gate passed the note's records in that order only),
 * its domain id reserved.  A page for each 512 records.
 */
static int add_sm_old(const struct vtd_crash_plat *p, void *ctx,
		      struct vtd_adopted *a, u16 sid, const u64 *val)
{
	u32 i = a->nr_sm_old, pg = i / VTD_SM_OLD_PER_PAGE;
	struct pasid_entry pe;
	u64 rec;

	memcpy(pe.val, val, sizeof(pe.val));
	if (!pasid_pte_is_present(&pe))
		return 0;
	if (i && (sm_old_record(p, ctx, a, i - 1, &rec) ||
		  FIELD_GET(VTD_SM_OLD_SID, rec) >= sid))
		return -EINVAL;
	if (!a->sm_old_pages[pg]) {
		a->sm_old_pages[pg] = p->alloc_table_page(ctx);
		if (!a->sm_old_pages[pg])
			return -ENOMEM;
	}
	rec = FIELD_PREP(VTD_SM_OLD_SID, sid) |
	      FIELD_PREP(VTD_SM_OLD_DID, pasid_get_domain_id(&pe)) |
	      FIELD_PREP(VTD_SM_OLD_PGTT, pasid_pte_get_pgtt(&pe));
	if (p->write64(ctx, a->sm_old_pages[pg] +
				    (i % VTD_SM_OLD_PER_PAGE) * sizeof(rec),
		       rec))
		return -EIO;
	__set_bit(pasid_get_domain_id(&pe), a->ids->did);
	a->nr_sm_old++;
	return 0;
}

/*
 * Scalable mode, with a fence (#22, 2): the pass-through devices' fenced
 * identity domain behind one PASID directory and table of the
 * adoption's own, RID_PASID's entry second-stage on it (VT-d spec 9.5,
 * 9.6), built at the first pass-through record, at its width.
 */
static int sm_identity(const struct vtd_crash_plat *p, void *ctx,
		       const struct vtd_elfcorehdr_ram *ram,
		       const struct vtd_fence *fence, unsigned int aw,
		       struct vtd_adopted *a)
{
	u64 v[VTD_PASID_ENTRY_WORDS] = { 0 };
	int k, ret;

	if (a->identity.root)
		return aw == a->identity_aw ? 0 : -EINVAL;
	a->identity_did = take_free_did(a);
	if (!a->identity_did)
		return -ENOSPC;
	a->identity_aw = aw;
	a->identity.levels = vtd_aw_levels(aw);
	a->identity.budget = VTD_FENCE_IDENTITY_BUDGET;
	ret = vtd_fence_identity(p, ctx, ram, fence, a->cap, &a->identity);
	if (ret)
		return ret;
	a->identity_dir = p->alloc_table_page(ctx);
	a->identity_table = p->alloc_table_page(ctx);
	if (!a->identity_dir || !a->identity_table)
		return -ENOMEM;
	v[0] = a->identity.root | FIELD_PREP(VTD_PASID_LO_AW, aw) |
	       FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_SS) | VTD_PASID_LO_P;
	v[1] = FIELD_PREP(VTD_PASID_HI_DID, a->identity_did);
	/* Not yet reachable by the unit: any order will do. */
	for (k = 0; k < VTD_PASID_ENTRY_WORDS; k++)
		if (p->write64(ctx, a->identity_table + k * sizeof(u64), v[k]))
			return -EIO;
	if (p->write64(ctx, a->identity_dir, a->identity_table | VTD_PDE_P))
		return -EIO;
	p->flush(ctx, a->identity_table, VTD_PAGE_SIZE);
	p->flush(ctx, a->identity_dir, VTD_PAGE_SIZE);
	return 0;
}

/*
 * A pass-through device's copied context entry pointed at the identity
 * domain's directory (one page: PDTS 2, 512 entries), the rest of the
 * entry as noted.
 */
static int sm_fence_context(const struct vtd_crash_plat *p, void *ctx,
			    struct vtd_adopted *a, u16 sid)
{
	u8 bus = sid >> 8, devfn = sid & 0xff;
	u64 table = vtd_sm_devfn_upper(devfn) ? a->ctx_tables_up[bus] :
						a->ctx_tables[bus];
	u64 at, lo;

	if (!table)
		return 0;
	at = table + vtd_sm_ctx_offset(devfn);
	if (p->rd->read_phys(ctx, at, &lo, sizeof(lo)))
		return -EIO;
	if (!(lo & VTD_SM_CTX_LO_P))
		return 0;
	lo &= ~(VTD_SM_CTX_LO_PASIDDIRPTR | VTD_SM_CTX_LO_PDTS);
	lo |= a->identity_dir | FIELD_PREP(VTD_SM_CTX_LO_PDTS, 2);
	if (p->write64(ctx, at, lo))
		return -EIO;
	a->pt_fenced++;
	return 0;
}

/*
 * Scalable mode (VT-d spec 9.2, 9.4): a root entry has two halves, each
 * its own context table of 128 entries of 256 bits, lower for devfn
 * 0x00-0x7f, upper for 0x80-0xff.  New tables for every present half,
 * filled from the note, then each half repointed with one 64-bit store:
 * the unit may fetch the two halves apart (9.2), and either table it
 * finds holds the same entries.  The domain id of each device's
 * RID_PASID entry is reserved and kept for its swap.  The PASID
 * directories and tables stay the crashed kernel's until then.
 */
static int copy_sm_contexts(const struct vtd_crash_plat *p, void *ctx,
			    const struct vtd_note *n, int unit_off,
			    const struct vtd_elfcorehdr_ram *ram,
			    const struct vtd_fence *fence,
			    struct vtd_adopted *a)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	unsigned int bus, k;

	/* Every page first: the entries may come in any section order. */
	vtd_note_cursor_init(n, unit_off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_ROOT, &e)) {
		if (e.type != VTD_SEC_ROOT || e.bus >= VTD_ROOT_ENTRIES)
			continue;
		if ((e.val[0] & VTD_ROOT_LO_P) && !a->ctx_tables[e.bus] &&
		    alloc_table(p, ctx, a, &a->ctx_tables[e.bus]))
			return -ENOMEM;
		if ((e.val[1] & VTD_ROOT_HI_UP) && !a->ctx_tables_up[e.bus] &&
		    alloc_table(p, ctx, a, &a->ctx_tables_up[e.bus]))
			return -ENOMEM;
	}
	/*
	 * With a fence, every old domain id first: the identity domain's,
	 * taken at the first pass-through record, must be none of them.
	 */
	vtd_note_cursor_init(n, unit_off, &c);
	while (fence && vtd_note_next_of(n, &c, VTD_SECS_PASID, &e))
		if (e.type == VTD_SEC_PASID && (e.val[0] & VTD_PASID_LO_P))
			vtd_adopted_take_did(a, FIELD_GET(VTD_PASID_HI_DID,
							  e.val[1]));
	vtd_note_cursor_init(n, unit_off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_SM_CTX | VTD_SECS_PASID, &e)) {
		u16 sid = vtd_sid(e.bus, e.devfn);
		u64 table, at;

		if (e.bus >= VTD_ROOT_ENTRIES)
			continue;
		if (e.type == VTD_SEC_PASID) {
			int ret = 0;

			/*
			 * Pass-through, fenced (#22, 2): recorded as the
			 * identity domain's entry, which it becomes.
			 */
			if (fence && (e.val[0] & VTD_PASID_LO_P) &&
			    FIELD_GET(VTD_PASID_LO_PGTT, e.val[0]) ==
				    VTD_PGTT_PT &&
			    !vtd_gate_blocks(&a->aside, sid)) {
				ret = sm_identity(p, ctx, ram, fence,
						  FIELD_GET(VTD_PASID_LO_AW,
							    e.val[0]),
						  a);
				e.val[0] = (e.val[0] & ~VTD_PASID_LO_PGTT) |
					   FIELD_PREP(VTD_PASID_LO_PGTT,
						      VTD_PGTT_SS);
				e.val[1] = (e.val[1] & ~VTD_PASID_HI_DID) |
					   FIELD_PREP(VTD_PASID_HI_DID,
						      a->identity_did);
			}
			if (!ret)
				ret = add_sm_old(p, ctx, a, sid, e.val);
			if (ret) {
				free_tables(p, ctx, a);
				return ret;
			}
			continue;
		}
		if (e.type != VTD_SEC_SM_CTX)
			continue;
		table = vtd_sm_devfn_upper(e.devfn) ? a->ctx_tables_up[e.bus]
						    : a->ctx_tables[e.bus];
		if (!table)
			continue;
		/* Blocked (#22, 1): not present, its DMA faults. */
		if (vtd_gate_blocks(&a->aside, sid)) {
			a->blocked++;
			continue;
		}
		at = table + vtd_sm_ctx_offset(e.devfn);
		/* Not yet reachable by the unit: any order will do. */
		for (k = 0; k < VTD_SM_CTX_WORDS; k++) {
			if (p->write64(ctx, at + k * sizeof(u64), e.val[k])) {
				free_tables(p, ctx, a);
				return -EIO;
			}
		}
		a->contexts++;
	}
	/* The pass-through devices' entries onto the identity domain. */
	vtd_note_cursor_init(n, unit_off, &c);
	while (a->identity.root &&
	       vtd_note_next_of(n, &c, VTD_SECS_PASID, &e)) {
		u16 sid = vtd_sid(e.bus, e.devfn);
		int ret;

		if (e.type != VTD_SEC_PASID || e.bus >= VTD_ROOT_ENTRIES ||
		    !(e.val[0] & VTD_PASID_LO_P) ||
		    FIELD_GET(VTD_PASID_LO_PGTT, e.val[0]) != VTD_PGTT_PT ||
		    vtd_gate_blocks(&a->aside, sid))
			continue;
		ret = sm_fence_context(p, ctx, a, sid);
		if (ret) {
			free_tables(p, ctx, a);
			return ret;
		}
	}
	/* A root half that cannot be written: as in legacy mode. */
	for (bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		u64 re = a->root + bus * sizeof(struct root_entry);

		/* Each table reaches memory before the pointer to it. */
		if (a->ctx_tables[bus]) {
			p->flush(ctx, a->ctx_tables[bus], VTD_PAGE_SIZE);
			if (p->write64(ctx, re,
				       a->ctx_tables[bus] | VTD_ROOT_LO_P))
				return -EIO;
		}
		if (a->ctx_tables_up[bus]) {
			p->flush(ctx, a->ctx_tables_up[bus], VTD_PAGE_SIZE);
			if (p->write64(ctx, re + sizeof(u64),
				       a->ctx_tables_up[bus] | VTD_ROOT_HI_UP))
				return -EIO;
		}
		if (a->ctx_tables[bus] || a->ctx_tables_up[bus])
			p->flush(ctx, re, sizeof(struct root_entry));
	}
	return 0;
}

int vtd_crash_plan_unit(const struct vtd_note *n, u64 reg_base,
			struct vtd_adopted *a)
{
	struct vtd_adopted_ids *ids = a->ids;
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	int off;

	if (!ids)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	memset(ids, 0, sizeof(*ids));
	a->ids = ids;
	a->reg_base = reg_base;
	off = vtd_note_find_unit(n, reg_base, &u);
	if (off < 0)
		return -ENOENT;
	a->root = u.rtaddr & VTD_PAGE_MASK;
	if (u.gsts & DMA_GSTS_IRES) {
		a->irt = u.irta & VTD_PAGE_MASK;
		a->irt_entries = vtd_irta_entries(u.irta);
	}
	a->cap = u.cap;
	a->ecap = u.ecap;
	a->ndoms = cap_ndoms(u.cap);
	a->tes = !!(u.gsts & DMA_GSTS_TES);
	a->scalable = u.mode == VTD_NOTE_MODE_SCALABLE;
	a->unit_off = off;
	__set_bit(0, ids->did); /* never handed out, as Linux does */

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_IRTE, &e)) {
		if (e.type == VTD_SEC_IRTE && e.index < VTD_NR_IRTES_MAX) {
			__set_bit(e.index, ids->irte);
			a->irtes++;
		}
	}
	return 0;
}

int vtd_crash_adopt_fenced(const struct vtd_crash_plat *p, void *ctx,
			   const struct vtd_note *n, u64 reg_base,
			   const struct vtd_gate_aside *aside,
			   const struct vtd_elfcorehdr_ram *ram,
			   const struct vtd_fence *fence,
			   struct vtd_adopted *a)
{
	int ret = vtd_crash_plan_unit(n, reg_base, a);

	if (ret < 0)
		return ret;
	if (aside)
		a->aside = *aside;
	if (!a->tes)
		return 0;
	if (a->scalable)
		return copy_sm_contexts(p, ctx, n, a->unit_off, ram, fence,
					a);
	return copy_contexts(p, ctx, n, a->unit_off, ram, fence, a);
}
