// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The safety gate of the adoption: judge each unit against the live
 * hardware.
 *
 * The note was found and opened through the elfcorehdr, so its sizes and
 * checksum hold; what it says is still checked against what the unit
 * would accept and what the live registers and tables are, and every
 * table it names must be the crashed kernel's RAM.
 */
#include <linux/array_size.h>
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "iommu.h"
#include "pasid.h"
#include "kdump_core.h"

/*
 * Would this unit accept the legacy context entry (VT-d spec 9.3)?  The
 * note's entries become live state under the old root table, so one the
 * crashed kernel could not have left there (reserved bits set, a
 * translation type or address width the unit does not support, a domain
 * id past CAP.ND: a scribbled note that still passed its checksum, or a
 * bug) must not.
 */
static bool ctx_entry_usable(const struct vtd_note_unit_info *u,
			     struct context_entry *ce)
{
	unsigned int tt = FIELD_GET(VTD_CTX_LO_TT, ce->lo);
	unsigned int aw = FIELD_GET(VTD_CTX_HI_AW, ce->hi);
	unsigned long did = context_domain_id(ce);

	if ((ce->lo & VTD_CTX_LO_RSVD) || (ce->hi & VTD_CTX_HI_RSVD))
		return false;
	switch (tt) {
	case VTD_TT_UNTRANSLATED:
		break;
	case VTD_TT_ALL:
		if (!ecap_dev_iotlb_support(u->ecap))
			return false;
		break;
	case VTD_TT_PASSTHROUGH:
		if (!ecap_pass_through(u->ecap))
			return false;
		break;
	default:
		return false;
	}
	if (tt != VTD_TT_PASSTHROUGH && !(cap_sagaw(u->cap) & BIT(aw)))
		return false;
	return did < cap_ndoms(u->cap);
}

/*
 * A problem of one device's own: set the device aside when the caller
 * takes per-device verdicts and there is room (#21, 8); false: it is the
 * unit's.
 */
static bool set_aside_at(struct vtd_gate_aside *aside, u16 sid,
			 enum vtd_gate_verdict v, u64 pa)
{
	u32 i;

	if (!aside)
		return false;
	for (i = 0; i < aside->nr; i++) {
		if (aside->dev[i].sid != sid)
			continue;
		/* Blocking outranks leaving it to upstream's handling. */
		if (v >= VTD_BLOCK_REACHES_FENCE &&
		    aside->dev[i].verdict < VTD_BLOCK_REACHES_FENCE) {
			aside->dev[i].verdict = v;
			aside->dev[i].pa = pa;
		}
		return true;
	}
	if (aside->nr >= ARRAY_SIZE(aside->dev))
		return false;
	aside->dev[aside->nr].sid = sid;
	aside->dev[aside->nr].verdict = v;
	aside->dev[aside->nr].pa = pa;
	aside->nr++;
	return true;
}

static bool set_aside(struct vtd_gate_aside *aside, u16 sid,
		      enum vtd_gate_verdict v)
{
	return set_aside_at(aside, sid, v, 0);
}

/*
 * The fence (#22, 1): the old tables at @root that device @sid keeps
 * walking until its first map reach none of the crash kernel's memory,
 * or the device is blocked, the address that decided it kept for the
 * log line; without @aside, or with no room, the unit is not adopted.
 */
static enum vtd_gate_verdict fence_device(const struct vtd_crash_ops *ops,
					  void *ctx, struct vtd_fence_walk *fw,
					  struct vtd_gate_aside *aside, u16 sid,
					  u64 root, unsigned int levels,
					  bool fs)
{
	enum vtd_gate_verdict v;
	u64 hit;
	int ret;

	if (!fw)
		return VTD_ADOPT;
	ret = vtd_fence_walk(ops, ctx, fw, root, levels, fs, &hit);
	if (!ret)
		return VTD_ADOPT;
	v = ret == VTD_FENCE_HIT ? VTD_BLOCK_REACHES_FENCE :
				   VTD_BLOCK_UNCHECKED;
	return set_aside_at(aside, sid, v, hit) ? VTD_ADOPT : v;
}

/*
 * Every root and context entry of the unit's record, checked as the unit
 * would check it; and every table it names that hardware may go on
 * walking (the context tables until the swap, the page tables until the
 * device's first map) must be the crashed kernel's RAM, not memory the
 * crash kernel is about to hand out.
 */
static enum vtd_gate_verdict
entries_usable(const struct vtd_note *n, int off,
	       const struct vtd_note_unit_info *u,
	       const struct vtd_elfcorehdr_ram *ram,
	       struct vtd_gate_aside *aside)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct context_entry ce;

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_ROOT | VTD_SECS_CTX, &e)) {
		if (e.type == VTD_SEC_ROOT &&
		    ((e.val[0] & VTD_ROOT_LO_RSVD) || e.val[1]))
			return VTD_FALLBACK_BAD_ENTRY;
		if (e.type == VTD_SEC_ROOT &&
		    !vtd_elfcorehdr_is_old_ram(ram, e.val[0] & VTD_PAGE_MASK,
					       VTD_PAGE_SIZE))
			return VTD_FALLBACK_NOT_OLD_RAM;
		if (e.type != VTD_SEC_CTX)
			continue;
		ce.lo = e.val[0];
		ce.hi = e.val[1];
		if (!ctx_entry_usable(u, &ce) &&
		    !set_aside(aside, vtd_sid(e.bus, e.devfn),
			       VTD_FALLBACK_BAD_ENTRY))
			return VTD_FALLBACK_BAD_ENTRY;
		/* Even then: hardware walks what it names until the attach. */
		if (FIELD_GET(VTD_CTX_LO_TT, ce.lo) != VTD_TT_PASSTHROUGH &&
		    !vtd_elfcorehdr_is_old_ram(ram, ce.lo & VTD_PAGE_MASK,
					       VTD_PAGE_SIZE))
			return VTD_FALLBACK_NOT_OLD_RAM;
	}
	return VTD_ADOPT;
}

/*
 * Present entries in a table at @pa of @nr entries of @size bytes with P
 * in bit 0: root and legacy context tables (256 of 16 bytes, VT-d spec
 * 9.1, 9.3) and scalable context tables (128 of 32, 9.4).  Each table is
 * a page, mapped once.
 */
static int count_present(const struct vtd_crash_ops *ops, void *ctx, u64 pa,
			 u32 nr, u32 size, u32 *count)
{
	u32 j, stride = size / sizeof(u64), c = 0;
	const u64 *e;

	if ((pa & ~VTD_PAGE_MASK) || nr * size > VTD_PAGE_SIZE)
		return -EIO;
	e = ops->map_page(ctx, pa);
	if (!e)
		return -EIO;
	/* Four entries at a time, then the rest one at a time. */
	for (j = 0; j + 3 * stride < nr * stride; j += 4 * stride)
		c += (e[j] & BIT_ULL(0)) + (e[j + stride] & BIT_ULL(0)) +
		     (e[j + 2 * stride] & BIT_ULL(0)) +
		     (e[j + 3 * stride] & BIT_ULL(0));
	for (; j < nr * stride; j += stride)
		c += e[j] & BIT_ULL(0);
	ops->unmap_page(ctx, e);
	*count = c;
	return 0;
}

/* The P bits (bit 0) of 16 PASID-directory entries, OR-ed. */
static inline u64 or16(const u64 *e)
{
	return e[0] | e[1] | e[2] | e[3] | e[4] | e[5] | e[6] | e[7] | e[8] |
	       e[9] | e[10] | e[11] | e[12] | e[13] | e[14] | e[15];
}

/* Word 0 of 4 PASID-table entries (@stride words apart), OR-ed. */
static inline u64 or4(const u64 *e, u32 stride)
{
	return e[0] | e[stride] | e[2 * stride] | e[3 * stride];
}

/*
 * The P bits of the entries at @e (@stride words apart), OR-ed.  A PASID
 * directory (stride 1) is 512 entries or more: sixteen words at a time;
 * a PASID table's 64 entries four at a time.  OR does not mind a word
 * twice, so the last group ends at @end and may overlap the one before
 * instead of a tail one entry at a time.
 */
static __always_inline u64 or_present(const u64 *e, const u64 *end,
				      u32 stride)
{
	u32 words = stride == 1 ? 16 : 4 * stride;
	u64 acc = 0;

	if (end - e >= words) {
		for (; end - e > words; e += words)
			acc |= stride == 1 ? or16(e) : or4(e, stride);
		e = end - words;
		acc |= stride == 1 ? or16(e) : or4(e, stride);
		return acc & BIT_ULL(0);
	}
	for (; e < end; e += stride)
		acc |= *e;
	return acc & BIT_ULL(0);
}

/*
 * Is an entry besides @skip present in the PASID directory (8-byte
 * entries, 9.5) or PASID table (64-byte entries, 9.6) at @pa of @nr
 * entries, P in bit 0 of each?  Read a page at a time; entry @skip
 * itself (below @nr) is copied to @kept.  Inlined: @size is a constant
 * at both calls, and so the copy's length.
 */
static __always_inline int others_present(const struct vtd_crash_ops *ops,
					  void *ctx, u64 pa, u32 nr, u32 size,
					  u32 skip, void *kept, bool *any)
{
	u32 i, n, s, per = VTD_PAGE_SIZE / size, stride = size / sizeof(u64);
	const u64 *e;
	u64 acc = 0;

	if (pa & ~VTD_PAGE_MASK || skip >= nr)
		return -EIO;
	for (i = 0; i < nr; i += per) {
		e = ops->map_page(ctx, pa + (u64)i * size);
		if (!e)
			return -EIO;
		n = min(per, nr - i);
		s = skip >= i && skip - i < n ? skip - i : n;
		if (s < n)
			memcpy(kept, e + s * stride, size);
		acc |= or_present(e, e + s * stride, stride) |
		       or_present(e + min(s + 1, n) * stride, e + n * stride,
				  stride);
		ops->unmap_page(ctx, e);
	}
	*any = acc;
	return 0;
}

/*
 * The order of the note's (bus, devfn) records: the source-id, but not
 * cut to 16 bits, so that a bus past the root table (a bad note) sorts
 * after every real requester instead of wrapping onto one.
 */
static u32 order_key(u16 bus, u8 devfn)
{
	return (u32)bus * VTD_CTX_ENTRIES + devfn;
}

/* Read the live root entry of @bus (both halves). */
static int read_root(const struct vtd_crash_ops *ops, void *ctx, u64 root,
		     u16 bus, struct root_entry *re)
{
	return ops->read_phys(ctx, root + bus * sizeof(*re), re, sizeof(*re));
}

/*
 * Every present entry of the live root table, and of each context table
 * it points at, is the one the note recorded, and every recorded one is
 * present: the crash kernel repoints exactly the noted root entries, so
 * one it does not know of would stay a pointer into old memory, and a
 * context entry changed since the crash (pass-through now, translating
 * then, say) would be replaced by a stale copy.  The note lists each
 * kind in ascending order (so no entry twice); each noted entry is
 * compared with the live one, and the present ones counted, so equal
 * counts mean equal sets.
 */
static enum vtd_gate_verdict tables_match(const struct vtd_note *n, int off,
					  const struct vtd_note_unit_info *u,
					  const struct vtd_crash_ops *ops,
					  void *ctx, struct vtd_fence_walk *fw,
					  struct vtd_gate_aside *aside)
{
	enum vtd_gate_verdict v;
	u64 root = u->rtaddr & VTD_PAGE_MASK;
	u32 roots = 0, ctxs = 0, live_ctxs = 0, count, next_root = 0;
	u32 next_ctx = 0, key;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct context_entry ce;
	struct root_entry re;

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_ROOT | VTD_SECS_CTX, &e)) {
		if (e.type == VTD_SEC_ROOT) {
			if (e.bus >= VTD_ROOT_ENTRIES || e.bus < next_root ||
			    read_root(ops, ctx, root, e.bus, &re) ||
			    re.lo != e.val[0] ||
			    count_present(ops, ctx, re.lo & VTD_PAGE_MASK,
					  VTD_CTX_ENTRIES, sizeof(ce), &count))
				return VTD_FALLBACK_TABLES;
			next_root = e.bus + 1u;
			roots++;
			live_ctxs += count;
		} else if (e.type == VTD_SEC_CTX) {
			key = order_key(e.bus, e.devfn);
			if (e.bus >= VTD_ROOT_ENTRIES || key < next_ctx ||
			    read_root(ops, ctx, root, e.bus, &re) ||
			    !(re.lo & VTD_ROOT_LO_P) ||
			    (re.lo & VTD_PAGE_MASK) != e.table ||
			    ops->read_phys(ctx, e.table + e.devfn * sizeof(ce),
					   &ce, sizeof(ce)) ||
			    ce.lo != e.val[0] || ce.hi != e.val[1])
				return VTD_FALLBACK_TABLES;
			next_ctx = key + 1;
			ctxs++;
			/* Translated (TT 00b, 01b): its tables walked. */
			if (!fw ||
			    FIELD_GET(VTD_CTX_LO_TT, ce.lo) ==
				    VTD_TT_PASSTHROUGH ||
			    (aside &&
			     vtd_gate_is_aside(aside, vtd_sid(e.bus, e.devfn))))
				continue;
			v = fence_device(ops, ctx, fw, aside,
					 vtd_sid(e.bus, e.devfn),
					 ce.lo & VTD_PAGE_MASK,
					 vtd_aw_levels(FIELD_GET(VTD_CTX_HI_AW,
								 ce.hi)),
					 false);
			if (v != VTD_ADOPT)
				return v;
		}
	}
	if (count_present(ops, ctx, root, VTD_ROOT_ENTRIES, sizeof(re),
			  &count) ||
	    count != roots || ctxs != live_ctxs)
		return VTD_FALLBACK_TABLES;
	return VTD_ADOPT;
}

/* --- scalable mode (VT-d spec 9.2, 9.4-9.6) --- */

/*
 * Would this unit accept the scalable context entry (9.4)?  Reserved
 * bits clear, bits 255:128 zero, and no field for a feature the unit
 * does not report (DTE, PASIDE, PRE, RID_PRIV).
 */
static bool sm_ctx_usable(const struct vtd_note_unit_info *u, const u64 *v)
{
	if ((v[0] & VTD_SM_CTX_LO_RSVD) || (v[1] & VTD_SM_CTX_HI_RSVD) ||
	    v[2] || v[3])
		return false;
	return !(((v[0] & VTD_SM_CTX_LO_DTE) &&
		  !ecap_dev_iotlb_support(u->ecap)) ||
		 ((v[0] & VTD_SM_CTX_LO_PASIDE) && !ecap_pasid(u->ecap)) ||
		 ((v[0] & VTD_SM_CTX_LO_PRE) && !ecap_prs(u->ecap)) ||
		 ((v[1] & VTD_SM_CTX_HI_RID_PRIV) && !ecap_srs(u->ecap)));
}

/*
 * A RID_PASID entry the device keeps using until its first map (9.5,
 * 9.6): the directory entry and the PASID table in old RAM, the entry's
 * reserved bits clear, a translation type the unit has and the crash
 * kernel keeps (first-stage, second-stage, pass-through: nested is the
 * business of a VMM that is gone), its tables in old RAM, its domain id
 * within CAP.ND.  A non-present entry is kept as it is: the device
 * faulted before the crash and does after.
 */
static enum vtd_gate_verdict pasid_usable(const struct vtd_note_unit_info *u,
					  const struct vtd_note_entry *e,
					  const struct vtd_elfcorehdr_ram *ram)
{
	struct pasid_entry pe;
	unsigned int aw;

	static_assert(sizeof(pe.val) == sizeof(e->val),
		      "a noted PASID entry is a whole one");
	memcpy(pe.val, e->val, sizeof(pe.val));
	aw = FIELD_GET(VTD_PASID_LO_AW, pe.val[0]);
	if (e->index != 0)
		return VTD_FALLBACK_PASIDS;
	if ((e->dir & VTD_PDE_RSVD) || (e->dir & PDE_PFN_MASK) != e->table)
		return VTD_FALLBACK_BAD_ENTRY;
	if (!vtd_elfcorehdr_is_old_ram(ram, e->table, VTD_PAGE_SIZE))
		return VTD_FALLBACK_NOT_OLD_RAM;
	if (!pasid_pte_is_present(&pe))
		return VTD_ADOPT;
	if ((pe.val[0] & VTD_PASID_LO_RSVD) ||
	    (pe.val[1] & VTD_PASID_HI_RSVD) ||
	    (pe.val[2] & VTD_PASID_W2_RSVD) ||
	    pasid_get_domain_id(&pe) >= cap_ndoms(u->cap))
		return VTD_FALLBACK_BAD_ENTRY;
	switch (pasid_pte_get_pgtt(&pe)) {
	case PASID_ENTRY_PGTT_FL_ONLY:
		if (!ecap_flts(u->ecap))
			return VTD_FALLBACK_BAD_ENTRY;
		if (!vtd_elfcorehdr_is_old_ram(ram, pe.val[2] & VTD_PAGE_MASK,
					       VTD_PAGE_SIZE))
			return VTD_FALLBACK_NOT_OLD_RAM;
		return VTD_ADOPT;
	case PASID_ENTRY_PGTT_SL_ONLY:
		if (!ecap_slts(u->ecap) || !(cap_sagaw(u->cap) & BIT(aw)))
			return VTD_FALLBACK_BAD_ENTRY;
		if (!vtd_elfcorehdr_is_old_ram(ram, pe.val[0] & VTD_PAGE_MASK,
					       VTD_PAGE_SIZE))
			return VTD_FALLBACK_NOT_OLD_RAM;
		return VTD_ADOPT;
	case PASID_ENTRY_PGTT_PT:
		return ecap_pass_through(u->ecap) ? VTD_ADOPT :
						    VTD_FALLBACK_BAD_ENTRY;
	default:
		return VTD_FALLBACK_BAD_ENTRY;
	}
}

/* A noted root entry the unit would take, its tables in old RAM. */
static enum vtd_gate_verdict
sm_root_usable(const struct vtd_note_entry *e,
	       const struct vtd_elfcorehdr_ram *ram)
{
	if ((e->val[0] & VTD_ROOT_LO_RSVD) || (e->val[1] & VTD_ROOT_HI_RSVD))
		return VTD_FALLBACK_BAD_ENTRY;
	if (((e->val[0] & VTD_ROOT_LO_P) &&
	     !vtd_elfcorehdr_is_old_ram(ram, e->val[0] & VTD_PAGE_MASK,
					VTD_PAGE_SIZE)) ||
	    ((e->val[1] & VTD_ROOT_HI_UP) &&
	     !vtd_elfcorehdr_is_old_ram(ram, e->val[1] & VTD_PAGE_MASK,
					VTD_PAGE_SIZE)))
		return VTD_FALLBACK_NOT_OLD_RAM;
	return VTD_ADOPT;
}

/*
 * A noted scalable context entry: one the unit would take, and Linux's
 * (requests without PASID on PASID 0), or that device is set aside; its
 * PASID directory in old RAM, or the unit is not adopted.
 */
static enum vtd_gate_verdict
sm_ctx_entry_usable(const struct vtd_note_unit_info *u,
		    const struct vtd_note_entry *e,
		    const struct vtd_elfcorehdr_ram *ram,
		    struct vtd_gate_aside *aside)
{
	u16 sid = vtd_sid(e->bus, e->devfn);
	struct context_entry ce = { .lo = e->val[0], .hi = e->val[1] };

	if (!sm_ctx_usable(u, e->val) &&
	    !set_aside(aside, sid, VTD_FALLBACK_BAD_ENTRY))
		return VTD_FALLBACK_BAD_ENTRY;
	if (FIELD_GET(VTD_SM_CTX_HI_RID_PASID, e->val[1]) &&
	    !set_aside(aside, sid, VTD_FALLBACK_PASIDS))
		return VTD_FALLBACK_PASIDS;
	if (!vtd_elfcorehdr_is_old_ram(ram, ce.lo & VTD_PAGE_MASK,
				       get_pasid_dir_size(&ce) *
					       sizeof(struct pasid_dir_entry)))
		return VTD_FALLBACK_NOT_OLD_RAM;
	return VTD_ADOPT;
}

/* Root entries with either half present (the snapshot notes those). */
static int count_sm_roots(const struct vtd_crash_ops *ops, void *ctx,
			  u64 root, u32 *count)
{
	const u64 *e;
	u32 i;

	*count = 0;
	if (root & ~VTD_PAGE_MASK)
		return -EIO;
	e = ops->map_page(ctx, root);
	if (!e)
		return -EIO;
	for (i = 0; i < VTD_ROOT_ENTRIES; i++)
		*count += (e[2 * i] & VTD_ROOT_LO_P) ||
			  (e[2 * i + 1] & VTD_ROOT_HI_UP);
	ops->unmap_page(ctx, e);
	return 0;
}

/*
 * The PASID cursor of sm_tables_match(): the next PASID record in @e
 * (@have false past the last), checked (pasid_usable()) as the cursor
 * passes it, so that every record is, whatever context entry it follows.
 */
struct sm_pasid_cursor {
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	bool have;
};

static enum vtd_gate_verdict
next_pasid(const struct vtd_note *n, const struct vtd_note_unit_info *u,
	   const struct vtd_elfcorehdr_ram *ram, struct vtd_gate_aside *aside,
	   struct sm_pasid_cursor *pc)
{
	enum vtd_gate_verdict v;

	pc->have = false;
	while (vtd_note_next_of(n, &pc->c, VTD_SECS_PASID, &pc->e)) {
		if (pc->e.type != VTD_SEC_PASID)
			continue;
		pc->have = true;
		v = pasid_usable(u, &pc->e, ram);
		if (v == VTD_ADOPT ||
		    ((v == VTD_FALLBACK_PASIDS ||
		      v == VTD_FALLBACK_BAD_ENTRY) &&
		     set_aside(aside, vtd_sid(pc->e.bus, pc->e.devfn), v)))
			return VTD_ADOPT;
		return v;
	}
	return VTD_ADOPT;
}

/*
 * The live PASID directory and table of a context entry equal to the
 * note's: RID_PASID's directory entry and PASID-table entry as noted
 * (@rec, or none present when the note has none), and nothing else
 * present in either.  Another present entry is a PASID in use besides
 * RID_PASID (shared virtual addressing, a VMM's PASIDs), which the crash
 * kernel would leave pointing into old memory: not adopted.
 */
static enum vtd_gate_verdict pasids_match(const struct vtd_crash_ops *ops,
					  void *ctx, struct context_entry *ce,
					  const struct vtd_note_entry *rec)
{
	/* RID_PASID is 0 (sm_entries_usable), as Linux uses it. */
	const u32 rid_pasid = 0;
	const u32 dir_index = rid_pasid >> PASID_PDE_SHIFT;
	const u32 table_index = rid_pasid & (PASID_TBL_ENTRIES - 1);
	u64 dir = ce->lo & VTD_PAGE_MASK;
	struct pasid_dir_entry pde;
	struct pasid_entry pe;
	bool others;
	u32 k;

	if (others_present(ops, ctx, dir, get_pasid_dir_size(ce), sizeof(pde),
			   dir_index, &pde, &others))
		return VTD_FALLBACK_TABLES;
	if (others)
		return VTD_FALLBACK_PASIDS;
	if (!rec)
		return pasid_pde_is_present(&pde) ? VTD_FALLBACK_TABLES :
						    VTD_ADOPT;
	if (pde.val != rec->dir ||
	    others_present(ops, ctx, rec->table, PASID_TBL_ENTRIES,
			   sizeof(pe), table_index, &pe, &others))
		return VTD_FALLBACK_TABLES;
	if (others)
		return VTD_FALLBACK_PASIDS;
	for (k = 0; k < ARRAY_SIZE(pe.val); k++)
		if (pe.val[k] != rec->val[k])
			return VTD_FALLBACK_TABLES;
	return VTD_ADOPT;
}

/*
 * The fence for a scalable-mode device: the tables of its noted RID_PASID
 * entry @rec, first-stage (FSPTPTR, 4 or 5 levels by FSPM) or second-
 * stage (SSPTPTR, levels by AW); none for pass-through or not present.
 */
static enum vtd_gate_verdict
sm_fence_device(const struct vtd_crash_ops *ops, void *ctx,
		struct vtd_fence_walk *fw, struct vtd_gate_aside *aside,
		u16 sid, const struct vtd_note_entry *rec)
{
	const u64 *v = rec->val;

	if (!(v[0] & VTD_PASID_LO_P))
		return VTD_ADOPT;
	switch (FIELD_GET(VTD_PASID_LO_PGTT, v[0])) {
	case VTD_PGTT_FS:
		return fence_device(ops, ctx, fw, aside, sid,
				    v[2] & VTD_PASID_W2_FSPTPTR,
				    vtd_fspm_levels(FIELD_GET(VTD_PASID_W2_FSPM,
							      v[2])),
				    true);
	case VTD_PGTT_SS:
		return fence_device(ops, ctx, fw, aside, sid,
				    v[0] & VTD_PASID_LO_SSPTPTR,
				    vtd_aw_levels(FIELD_GET(VTD_PASID_LO_AW,
							    v[0])),
				    false);
	default:
		return VTD_ADOPT;
	}
}

/*
 * Scalable mode, in one pass over the unit's record (the note is read
 * once per device, #21 10): each noted entry usable (sm_root_usable(),
 * sm_ctx_entry_usable(), pasid_usable()), and, as tables_match() does in
 * legacy mode, both halves of every live root entry, every present entry
 * of the context tables they point at, and behind each context entry
 * its PASID directory and table, equal to the note and no more.  Context
 * and PASID records come in the same ascending order (bus, devfn), so
 * two cursors.  An entry is checked for use before its live counterpart
 * is read: a table pointer outside old RAM is never followed.
 */
static enum vtd_gate_verdict
sm_tables_check(const struct vtd_note *n, int off,
		const struct vtd_note_unit_info *u,
		const struct vtd_elfcorehdr_ram *ram,
		const struct vtd_crash_ops *ops, void *ctx,
		struct vtd_fence_walk *fw, struct vtd_gate_aside *aside)
{
	u64 root = u->rtaddr & VTD_PAGE_MASK, live[VTD_SM_CTX_WORDS], half;
	u32 roots = 0, ctxs = 0, live_ctxs = 0, count, next_root = 0;
	u32 next_ctx = 0, key, k, re_bus = VTD_ROOT_ENTRIES;
	struct sm_pasid_cursor pc;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	enum vtd_gate_verdict v;
	struct context_entry ce;
	struct root_entry re;
	bool noted;

	vtd_note_cursor_init(n, off, &pc.c);
	v = next_pasid(n, u, ram, aside, &pc);
	if (v != VTD_ADOPT)
		return v;
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_of(n, &c, VTD_SECS_ROOT | VTD_SECS_SM_CTX, &e)) {
		if (e.type == VTD_SEC_ROOT) {
			v = sm_root_usable(&e, ram);
			if (v != VTD_ADOPT)
				return v;
			if (e.bus >= VTD_ROOT_ENTRIES || e.bus < next_root ||
			    read_root(ops, ctx, root, e.bus, &re) ||
			    re.lo != e.val[0] || re.hi != e.val[1])
				return VTD_FALLBACK_TABLES;
			re_bus = e.bus;
			for (k = 0; k < 2; k++) {
				half = k ? re.hi : re.lo;
				if (!(half & VTD_ROOT_LO_P))
					continue;
				if (count_present(ops, ctx,
						  half & VTD_PAGE_MASK,
						  VTD_SM_CTX_ENTRIES,
						  VTD_SM_CTX_ENTRY_SIZE, &count))
					return VTD_FALLBACK_TABLES;
				live_ctxs += count;
			}
			next_root = e.bus + 1u;
			roots++;
		} else if (e.type == VTD_SEC_SM_CTX) {
			v = sm_ctx_entry_usable(u, &e, ram, aside);
			if (v != VTD_ADOPT)
				return v;
			key = order_key(e.bus, e.devfn);
			/* The bus's root entry: read once for its devices. */
			if (e.bus >= VTD_ROOT_ENTRIES || key < next_ctx ||
			    (e.bus != re_bus &&
			     read_root(ops, ctx, root, e.bus, &re)))
				return VTD_FALLBACK_TABLES;
			re_bus = e.bus;
			half = vtd_sm_devfn_upper(e.devfn) ? re.hi : re.lo;
			if (!(half & VTD_ROOT_LO_P) ||
			    (half & VTD_PAGE_MASK) != e.table ||
			    ops->read_phys(ctx,
					   e.table + vtd_sm_ctx_offset(e.devfn),
					   live, sizeof(live)))
				return VTD_FALLBACK_TABLES;
			for (k = 0; k < VTD_SM_CTX_WORDS; k++)
				if (live[k] != e.val[k])
					return VTD_FALLBACK_TABLES;
			while (pc.have && order_key(pc.e.bus, pc.e.devfn) < key) {
				v = next_pasid(n, u, ram, aside, &pc);
				if (v != VTD_ADOPT)
					return v;
			}
			next_ctx = key + 1;
			ctxs++;
			/*
			 * A device set aside is not adopted: its PASID
			 * tables, which its record may not place in old
			 * RAM, are not read.
			 */
			if (aside && vtd_gate_is_aside(aside,
						       vtd_sid(e.bus, e.devfn)))
				continue;
			noted = pc.have && order_key(pc.e.bus, pc.e.devfn) == key;
			ce.lo = live[0];
			ce.hi = live[1];
			v = pasids_match(ops, ctx, &ce, noted ? &pc.e : NULL);
			if (v == VTD_FALLBACK_PASIDS &&
			    set_aside(aside, vtd_sid(e.bus, e.devfn), v))
				continue;
			if (fw && v == VTD_ADOPT && noted)
				v = sm_fence_device(ops, ctx, fw, aside,
						    vtd_sid(e.bus, e.devfn),
						    &pc.e);
			if (v != VTD_ADOPT)
				return v;
		}
	}
	/* The PASID records past the last context entry are checked too. */
	while (pc.have) {
		v = next_pasid(n, u, ram, aside, &pc);
		if (v != VTD_ADOPT)
			return v;
	}
	if (count_sm_roots(ops, ctx, root, &count) || count != roots ||
	    ctxs != live_ctxs)
		return VTD_FALLBACK_TABLES;
	return VTD_ADOPT;
}

/*
 * The checks of the unit's record against its registers, for @dma and
 * @ir: the record found (@u, at *@off) and whole, VER/CAP/ECAP the
 * same, translation and interrupt remapping on or off as then, the same
 * root and IRTE tables.  Nothing in memory is read.
 */
static enum vtd_gate_verdict unit_matches(const struct vtd_note *n,
					  const struct vtd_crash_ops *ops,
					  void *ctx, u64 reg_base, bool dma,
					  bool ir, struct vtd_note_unit_info *u,
					  int *off)
{
	struct vtd_note_info info;
	u32 gsts;

	*off = vtd_note_find_unit(n, reg_base, u);
	if (*off < 0)
		return VTD_FALLBACK_NOT_IN_NOTE;
	vtd_note_get_info(n, &info);
	/*
	 * Fail closed, unit by unit: any flag of this unit, known or from a
	 * later minor version, means its capture is not one to build on.
	 * Another unit's failure costs that unit only (#21, 8): the writer
	 * flags each unit whose entries it could not hold.  A note flag this
	 * version does not know, or none, and no unit is adopted (the note
	 * format's versioning rule).
	 */
	if (u->flags || !(info.flags & VTD_NOTE_F_KNOWN) ||
	    (info.flags & ~VTD_NOTE_F_KNOWN))
		return VTD_FALLBACK_CAPTURE_FAILED;
	if (ops->read32(ctx, reg_base + DMAR_VER_REG) != u->ver ||
	    ops->read64(ctx, reg_base + DMAR_CAP_REG) != u->cap ||
	    ops->read64(ctx, reg_base + DMAR_ECAP_REG) != u->ecap)
		return VTD_FALLBACK_REGISTERS;
	gsts = ops->read32(ctx, reg_base + DMAR_GSTS_REG);
	if (dma && (gsts ^ u->gsts) & DMA_GSTS_TES)
		return VTD_FALLBACK_TES;
	if (ir && (gsts ^ u->gsts) & DMA_GSTS_IRES)
		return VTD_FALLBACK_IRES;
	if (dma && ops->read64(ctx, reg_base + DMAR_RTADDR_REG) != u->rtaddr)
		return VTD_FALLBACK_RTADDR;
	if (ir && ops->read64(ctx, reg_base + DMAR_IRTA_REG) != u->irta)
		return VTD_FALLBACK_IRTA;
	return VTD_ADOPT;
}

/*
 * The mode a translating unit's record gives, or -1 when it is none a
 * kernel can run: the note's mode is the one RTADDR.TTM (equal to the
 * live one) selects, on a unit that has it (10.4.6).
 */
static int note_mode(const struct vtd_note_unit_info *u)
{
	bool sm = u->mode == VTD_NOTE_MODE_SCALABLE;

	if ((!sm && u->mode != VTD_NOTE_MODE_LEGACY) ||
	    FIELD_GET(VTD_RTADDR_TTM, u->rtaddr) !=
		    (sm ? VTD_TTM_SCALABLE : VTD_TTM_LEGACY) ||
	    (sm && !ecap_smts(u->ecap)))
		return -1;
	return u->mode;
}

void vtd_gate_mode_vote(struct vtd_mode_vote *v, const struct vtd_note *n,
			const struct vtd_crash_ops *ops, void *ctx,
			u64 reg_base)
{
	struct vtd_note_unit_info u;
	int off;

	if (unit_matches(n, ops, ctx, reg_base, true, false, &u, &off) !=
		    VTD_ADOPT ||
	    !(u.gsts & DMA_GSTS_TES))
		return;
	switch (note_mode(&u)) {
	case VTD_NOTE_MODE_SCALABLE:
		v->scalable++;
		break;
	case VTD_NOTE_MODE_LEGACY:
		if (ecap_smts(u.ecap))
			v->legacy++;
		else
			v->legacy_only++;
		break;
	}
}

enum vtd_mode_choice vtd_gate_mode_choice(const struct vtd_mode_vote *v,
					  bool scalable)
{
	if (v->scalable && v->legacy)
		return VTD_MODE_SPLIT;
	if (scalable ? v->legacy : v->scalable)
		return VTD_MODE_FOLLOW;
	return VTD_MODE_OWN;
}

enum vtd_gate_verdict vtd_gate_check_fenced(const struct vtd_note *n,
					    const struct vtd_elfcorehdr_ram *ram,
					    const struct vtd_fence *fence,
					    const struct vtd_crash_ops *ops,
					    void *ctx, u64 reg_base,
					    unsigned int parts,
					    struct vtd_gate_aside *aside)
{
	struct vtd_fence_walk fw = {
		.fence = fence,
		.ram = ram,
		.budget = VTD_FENCE_BUDGET_PAGES,
	};
	bool dma = parts & VTD_PART_DMA, ir = parts & VTD_PART_IR;
	struct vtd_note_unit_info u;
	enum vtd_gate_verdict v;
	bool sm;
	int off;

	if (aside) {
		aside->nr = 0;
		aside->fenced = 0;
		aside->fence_pages = 0;
	}
	v = unit_matches(n, ops, ctx, reg_base, dma, ir, &u, &off);
	if (v != VTD_ADOPT)
		return v;
	/* The IRTE table is mapped and written by the crash kernel. */
	if (ir && (u.gsts & DMA_GSTS_IRES) &&
	    !vtd_elfcorehdr_is_old_ram(ram, u.irta & VTD_PAGE_MASK,
				       (u64)vtd_irta_entries(u.irta) *
					       VTD_IRTE_SIZE))
		return VTD_FALLBACK_NOT_OLD_RAM;
	if (!dma || !(u.gsts & DMA_GSTS_TES))
		return VTD_ADOPT;
	if (note_mode(&u) < 0)
		return VTD_FALLBACK_MODE;
	sm = u.mode == VTD_NOTE_MODE_SCALABLE;
	/* The root table is in old RAM before anything is read from it. */
	if (!vtd_elfcorehdr_is_old_ram(ram, u.rtaddr & VTD_PAGE_MASK,
				       VTD_PAGE_SIZE))
		return VTD_FALLBACK_NOT_OLD_RAM;
	if (sm) {
		v = sm_tables_check(n, off, &u, ram, ops, ctx,
				    fence ? &fw : NULL, aside);
	} else {
		v = entries_usable(n, off, &u, ram, aside);
		if (v == VTD_ADOPT)
			v = tables_match(n, off, &u, ops, ctx,
					 fence ? &fw : NULL, aside);
	}
	/* Nothing is set aside on a unit that is not adopted. */
	if (aside && v != VTD_ADOPT)
		aside->nr = 0;
	if (aside) {
		aside->fenced = fw.walks;
		aside->fence_pages = fw.pages;
	}
	return v;
}

const char *vtd_gate_verdict_str(enum vtd_gate_verdict v)
{
	static const char *const s[VTD_GATE_VERDICT_MAX] = {
		[VTD_ADOPT] = "adopting the crash-time state",
		[VTD_FALLBACK_NOT_IN_NOTE] =
			"no record of this unit in the note",
		[VTD_FALLBACK_CAPTURE_FAILED] =
			"the snapshot of this unit is incomplete",
		[VTD_FALLBACK_REGISTERS] =
			"VER, CAP or ECAP differ from the note",
		[VTD_FALLBACK_TES] =
			"translation is not on or off as at the crash",
		[VTD_FALLBACK_IRES] =
			"interrupt remapping is not on or off as at the crash",
		[VTD_FALLBACK_RTADDR] = "RTADDR differs from the note",
		[VTD_FALLBACK_IRTA] = "IRTA differs from the note",
		[VTD_FALLBACK_MODE] =
			"the note's translation mode is not the unit's",
		[VTD_FALLBACK_BAD_ENTRY] =
			"a noted root or context entry is invalid for this unit",
		[VTD_FALLBACK_NOT_OLD_RAM] =
			"a table the note names is not the crashed kernel's RAM",
		[VTD_FALLBACK_TABLES] =
			"the live root or context tables differ from the note",
		[VTD_FALLBACK_PASIDS] = "PASIDs besides RID_PASID are in use",
		[VTD_BLOCK_REACHES_FENCE] =
			"its page tables reach the crash kernel's memory",
		[VTD_BLOCK_UNCHECKED] =
			"its page tables could not be checked against the crash kernel's memory",
	};

	return (unsigned int)v < VTD_GATE_VERDICT_MAX ? s[v] : "unknown";
}
