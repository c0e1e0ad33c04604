// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Give an adopted device its new context entry at its driver's
 * first map, while the device may still be doing DMA with its old
 * addresses: the entry is present before, during and after the change.
 *
 * How the unit reads a context entry is not something the VT-d
 * specification states: nothing in it says a 128-bit entry is fetched in
 * one access, so a unit may read it in parts, before and after a store,
 * even a locked 16-byte one (#21, 7).  The swap relies on no more than
 * the spec's own sequence for changing a present entry does (6.5.3.3:
 * clear P, invalidate, write the entry, set P): that an aligned 64-bit
 * store is seen old or new, and that once an invalidation of an entry
 * has completed the unit uses nothing it fetched of it before.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>

#include "iommu.h"
#include "pasid.h"
#include "kdump_core.h"

/* One aligned 64-bit store, made visible to the unit. */
static int store64(const struct vtd_crash_plat *p, void *ctx, u64 pa, u64 v)
{
	int ret = p->write64(ctx, pa, v);

	if (!ret)
		p->flush(ctx, pa, sizeof(v));
	return ret;
}

/*
 * The descriptors, built with the driver's own helpers and fields (one
 * statement of their layout, the one the kernel sends; the model's unit
 * decodes them from the spec's).
 */
static int inval_context(const struct vtd_crash_plat *p, void *ctx, u16 sid,
			 u16 did)
{
	struct qi_desc d = {
		.qw0 = QI_CC_FM(DMA_CCMD_MASK_NOBIT) | QI_CC_SID(sid) |
		       QI_CC_DID(did) | QI_CC_GRAN(DMA_CCMD_DEVICE_INVL) |
		       QI_CC_TYPE,
	};

	return p->qi_submit(ctx, &d);
}

/*
 * After a failed step of a swap: whatever the unit may hold of any
 * entry the swap went through, dropped everywhere (6.5.2.1, 6.5.2.3).
 */
static void inval_all(const struct vtd_crash_plat *p, void *ctx)
{
	struct qi_desc cc = {
		.qw0 = QI_CC_GRAN(DMA_CCMD_GLOBAL_INVL) | QI_CC_TYPE,
	};
	struct qi_desc iotlb = {
		.qw0 = QI_IOTLB_GRAN(DMA_TLB_GLOBAL_FLUSH) | QI_IOTLB_TYPE,
	};

	p->qi_submit(ctx, &cc);
	p->qi_submit(ctx, &iotlb);
}

static int inval_pasid_cache(const struct vtd_crash_plat *p, void *ctx,
			     u16 did)
{
	struct qi_desc d = {
		.qw0 = QI_PC_PASID(0) | QI_PC_DID(did) |
		       QI_PC_GRAN(QI_PC_ALL_PASIDS) | QI_PC_TYPE,
	};

	return p->qi_submit(ctx, &d);
}

static int inval_iotlb_domain(const struct vtd_crash_plat *p, void *ctx,
			      const struct vtd_adopted *a, u16 did)
{
	/* Drain reads and writes where the unit can (6.5.2.3). */
	struct qi_desc d = {
		.qw0 = QI_IOTLB_DID(did) | QI_IOTLB_DR(cap_read_drain(a->cap)) |
		       QI_IOTLB_DW(cap_write_drain(a->cap)) |
		       QI_IOTLB_GRAN(DMA_TLB_DSI_FLUSH) | QI_IOTLB_TYPE,
	};

	return p->qi_submit(ctx, &d);
}

/*
 * Every IOTLB entry of RID_PASID (0, as Linux uses it) in domain @did,
 * first-stage and pass-through ones included (PASID-selective within the
 * domain, 6.5.2.4).
 */
static int inval_iotlb_rid_pasid(const struct vtd_crash_plat *p, void *ctx,
				 u16 did)
{
	struct qi_desc d = {
		.qw0 = QI_EIOTLB_PASID(0) | QI_EIOTLB_DID(did) |
		       QI_EIOTLB_GRAN(QI_GRAN_NONG_PASID) | QI_EIOTLB_TYPE,
	};

	return p->qi_submit(ctx, &d);
}

/*
 * Every translation function @sid holds in its device-TLB (6.5.2.5), if
 * it may hold any.  A function whose ATS Enable is clear (a Function
 * Level Reset clears it) holds none and answers no invalidation, and
 * one that is gone never answers: the unit would report a time-out
 * (6.5.2.10), which Linux 6.12's queue retries without end for a device
 * still present, under iommu->lock.  The PFSID field is defined only on
 * a unit with ECAP.DIT and is reserved, so 0, on the others (10.4.3): a
 * unit that checks reserved fields refuses the descriptor otherwise.
 */
static int inval_dev_tlb(const struct vtd_crash_plat *p, void *ctx,
			 const struct vtd_adopted *a, u16 sid)
{
	struct vtd_crash_ats ats = {};
	struct qi_desc d;

	if (p->ats_state(ctx, sid, &ats) || !ats.enabled)
		return 0;
	qi_desc_dev_iotlb(sid, ecap_dit(a->ecap) ? ats.pfsid : 0, ats.qdep, 0,
			  MAX_AGAW_PFN_WIDTH, &d);
	return p->qi_submit(ctx, &d);
}

int vtd_crash_inval_replaced(const struct vtd_crash_plat *p, void *ctx,
			     const struct vtd_adopted *a, u16 sid, u64 old_lo,
			     u64 old_hi, u16 new_did)
{
	struct context_entry old = { old_lo, old_hi };
	struct vtd_sm_old sm = {};
	u16 old_did;
	bool dev_tlb;
	int ret;

	/*
	 * What the unit may still hold of the old entry, in the order of
	 * the spec's guidance for a changed context entry (6.5.3.3): the
	 * device's context-cache entry, tagged in legacy mode with the
	 * domain id it was programmed with (6.5.2.1, 10.4.7; scalable mode
	 * ignores it).  In scalable mode, the PASID cache of the domain the
	 * old RID_PASID entry named (6.5.2.2): Linux uses RID_PASID alone,
	 * the gate saw to that.  The IOTLB of the old domain: in scalable
	 * mode what a first-stage or pass-through entry filled is tagged
	 * with its PASID too and goes by a PASID-based invalidation of
	 * RID_PASID in that domain, as Linux does (6.5.2.4), a second-stage
	 * entry's by a domain-selective one (6.5.2.3); in legacy mode that
	 * of the new domain as well, after a change that left the unit no
	 * passage (the caller's sequence).  Then, for a device the old
	 * entry let use ATS (TT 01b; DTE in scalable mode), its device-TLB,
	 * which holds translations of the old table until told (6.5.2.5).
	 * The first that fails ends it: the caller falls back for this
	 * device.
	 */
	if (a->scalable) {
		ret = vtd_adopted_sm_old(p, ctx, a, sid, &sm);
		if (ret && ret != -ENOENT)
			return ret;
		old_did = sm.did;
		dev_tlb = old_lo & VTD_SM_CTX_LO_DTE;
		new_did = old_did;
	} else {
		old_did = context_domain_id(&old);
		dev_tlb = FIELD_GET(VTD_CTX_LO_TT, old_lo) == VTD_TT_ALL;
	}
	ret = inval_context(p, ctx, sid, old_did);
	if (!ret && a->scalable)
		ret = inval_pasid_cache(p, ctx, old_did);
	if (!ret && (sm.pgtt == PASID_ENTRY_PGTT_FL_ONLY ||
		     sm.pgtt == PASID_ENTRY_PGTT_PT))
		ret = inval_iotlb_rid_pasid(p, ctx, old_did);
	else if (!ret)
		ret = inval_iotlb_domain(p, ctx, a, old_did);
	if (!ret && new_did != old_did)
		ret = inval_iotlb_domain(p, ctx, a, new_did);
	if (!ret && dev_tlb)
		ret = inval_dev_tlb(p, ctx, a, sid);
	return ret;
}

/*
 * Legacy mode: the old entry (old table T0, domain D0) becomes the new
 * one (T1, D1) through entries the unit may fetch in any two halves
 * without harm, in three 64-bit stores by way of the adoption's own
 * domain id Dp, which no other entry has:
 *
 *   1. bits 127:64 to Dp: the unit finds (T0, D0) or (T0, Dp), the old
 *      table either way, and Dp's IOTLB can hold only T0's walks;
 *      the context-cache entry tagged D0 is invalidated (6.5.2.1);
 *   2. bits 63:0 to T1: (T0, Dp) or (T1, Dp); the context-cache entry
 *      tagged Dp and Dp's IOTLB, which may hold T0's walks, are
 *      invalidated (6.5.2.3);
 *   3. bits 127:64 to D1: (T1, Dp) or (T1, D1), the new table either
 *      way, so D1's IOTLB never holds a walk of T0, and D0's never one
 *      of T1, whichever devices share those ids; the context-cache entry
 *      tagged Dp and Dp's IOTLB again, leaving Dp clean for the next
 *      swap.
 *
 * Each invalidation completes before the next store, so no fetch spans
 * two steps.  Both entries have one width (the caller checked).
 * -EAGAIN: nothing stored.
 */
static int swap_through(const struct vtd_crash_plat *p, void *ctx,
			const struct vtd_adopted *a, u16 sid, u64 ce,
			struct context_entry *old,
			const struct context_entry *new)
{
	u64 passage = (new->hi & ~VTD_CTX_HI_DID) |
		      FIELD_PREP(VTD_CTX_HI_DID, a->swap_did);
	u16 old_did = context_domain_id(old);
	int ret;

	if (store64(p, ctx, ce + sizeof(old->lo), passage))
		return -EAGAIN;
	ret = inval_context(p, ctx, sid, old_did);
	if (!ret)
		ret = store64(p, ctx, ce, new->lo);
	if (!ret)
		ret = inval_context(p, ctx, sid, a->swap_did);
	if (!ret)
		ret = inval_iotlb_domain(p, ctx, a, a->swap_did);
	if (!ret)
		ret = store64(p, ctx, ce + sizeof(old->lo), new->hi);
	if (!ret)
		ret = inval_context(p, ctx, sid, a->swap_did);
	if (!ret)
		ret = inval_iotlb_domain(p, ctx, a, a->swap_did);
	/* What the device cached under its old domain id, and its own. */
	if (!ret)
		ret = inval_iotlb_domain(p, ctx, a, old_did);
	if (!ret && FIELD_GET(VTD_CTX_LO_TT, old->lo) == VTD_TT_ALL)
		ret = inval_dev_tlb(p, ctx, a, sid);
	return ret;
}

int vtd_crash_swap_context(const struct vtd_crash_plat *p, void *ctx,
			   struct vtd_adopted *a, u16 sid, u64 lo, u64 hi)
{
	unsigned int bus = vtd_sid_bus(sid), devfn = vtd_sid_devfn(sid);
	struct context_entry old, new = { lo, hi };
	struct root_entry re;
	u64 ce;
	int ret;

	if (vtd_gate_is_aside(&a->aside, sid))
		return -EPERM;
	if (p->rd->read_phys(ctx, a->root + bus * sizeof(re), &re,
			     sizeof(re)))
		return -EIO;
	/*
	 * Only under a context table this adoption made: a root entry the
	 * note did not have points into old memory (the dump's), never
	 * written here (#12, 4).
	 */
	if (!(re.lo & VTD_ROOT_LO_P) ||
	    (re.lo & VTD_PAGE_MASK) != a->ctx_tables[bus])
		return -ENOENT;
	ce = (re.lo & VTD_PAGE_MASK) + devfn * sizeof(old);
	if (p->rd->read_phys(ctx, ce, &old, sizeof(old)))
		return -EIO;
	if (!context_present(&old))
		return -ENOENT;
	/*
	 * An entry whose halves the unit may pair old with new must not
	 * walk one table at another's width: across a change of width only
	 * the spec's sequence, with its window without an entry, is right.
	 */
	if (FIELD_GET(VTD_CTX_HI_AW, old.hi) != FIELD_GET(VTD_CTX_HI_AW, hi) ||
	    !a->swap_did)
		return -EOPNOTSUPP;
	ret = swap_through(p, ctx, a, sid, ce, &old, &new);
	if (ret == -EAGAIN)
		return -EIO;
	if (ret)
		inval_all(p, ctx);
	return ret;
}

int vtd_crash_swap_sm_context(const struct vtd_crash_plat *p, void *ctx,
			      struct vtd_adopted *a, u16 sid, u64 lo, u64 hi)
{
	unsigned int bus = vtd_sid_bus(sid), devfn = vtd_sid_devfn(sid);
	bool upper = vtd_sm_devfn_upper(devfn);
	/* A scalable context entry is two legacy-sized halves (9.4). */
	struct context_entry old[2];
	u64 half, table, ce;
	int ret;

	if (!a->scalable)
		return -ENOENT;
	if (vtd_gate_is_aside(&a->aside, sid))
		return -EPERM;
	table = upper ? a->ctx_tables_up[bus] : a->ctx_tables[bus];
	if (p->rd->read_phys(ctx,
			     a->root + bus * sizeof(struct root_entry) +
				     vtd_sm_root_half_offset(devfn),
			     &half, sizeof(half)))
		return -EIO;
	/* Only under a table this adoption made, as in legacy mode. */
	if (!table || !(half & VTD_ROOT_LO_P) ||
	    (half & VTD_PAGE_MASK) != table)
		return -ENOENT;
	ce = table + vtd_sm_ctx_offset(devfn);
	if (p->rd->read_phys(ctx, ce, old, sizeof(old)))
		return -EIO;
	/*
	 * Bits 255:128 are reserved (9.4) and the new entry leaves them 0:
	 * an entry with anything there is not one this adoption copied.
	 */
	if (!context_present(&old[0]) || old[1].lo || old[1].hi)
		return -ENOENT;
	/* Bits 63:0 alone: the unit finds the old entry or the new. */
	if (old[0].hi != hi)
		return -EOPNOTSUPP;
	if (store64(p, ctx, ce, lo))
		return -EIO;
	ret = vtd_crash_inval_replaced(p, ctx, a, sid, old[0].lo, old[0].hi,
				       0);
	if (ret)
		inval_all(p, ctx);
	return ret;
}
