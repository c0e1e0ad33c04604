// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gate.c - judge each unit against the live hardware: the safety gate of
 * the adoption.
 *
 * The note was found and opened through the elfcorehdr (elfcorehdr.c),
 * so its sizes and checksum hold; what it says is still checked against
 * what the unit would accept and what the live registers and tables are,
 * and every table it names must be the crashed kernel's RAM.
 */
#include <kexec-vtd/vtd-hw.h>

#include "vtd-crash.h"

/*
 * Would this unit accept the legacy context entry (VT-d spec 9.3)?  The
 * note's entries become live state under the old root table, so one the
 * crashed kernel could not have left there (reserved bits set, a
 * translation type or address width the unit does not support, a domain
 * id past CAP.ND: a scribbled note that still passed its checksum, or a
 * bug) must not.
 */
static bool ctx_entry_usable_(const struct vtd_note_unit_info *u, u64 lo,
			      u64 hi)
{
	unsigned int tt = (unsigned int)VTD_FIELD_GET(VTD_CTX_LO_TT, lo);
	unsigned int aw = (unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, hi);

	if ((lo & VTD_CTX_LO_RSVD) || (hi & VTD_CTX_HI_RSVD))
		return false;
	switch (tt) {
	case VTD_TT_UNTRANSLATED:
		break;
	case VTD_TT_ALL:
		if (!(u->ecap & VTD_ECAP_DT))
			return false;
		break;
	case VTD_TT_PASSTHROUGH:
		if (!(u->ecap & VTD_ECAP_PT))
			return false;
		break;
	default:
		return false;
	}
	if (tt != VTD_TT_PASSTHROUGH &&
	    !(VTD_FIELD_GET(VTD_CAP_SAGAW, u->cap) & (1u << aw)))
		return false;
	return VTD_FIELD_GET(VTD_CTX_HI_DID, hi) < vtd_cap_ndoms(u->cap);
}

/*
 * Every root and context entry of the unit's record, checked as the unit
 * would check it; and every table it names that hardware may go on
 * walking (the context tables until the swap, the page tables until the
 * device's first map) must be the crashed kernel's RAM, not memory the
 * crash kernel is about to hand out.
 */
static enum vtd_gate_verdict
entries_usable_(const struct vtd_note *n, int off,
		const struct vtd_note_unit_info *u,
		const struct vtd_elfcorehdr_ram *ram)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_ROOT &&
		    ((e.val[0] & VTD_ROOT_LO_RSVD) || e.val[1]))
			return VTD_FALLBACK_BAD_ENTRY;
		if (e.type == VTD_SEC_ROOT &&
		    !vtd_elfcorehdr_is_old_ram(ram, e.val[0] & VTD_ROOT_LO_CTP,
					       VTD_PAGE_SIZE_4K))
			return VTD_FALLBACK_NOT_OLD_RAM;
		if (e.type != VTD_SEC_CTX)
			continue;
		if (!ctx_entry_usable_(u, e.val[0], e.val[1]))
			return VTD_FALLBACK_BAD_ENTRY;
		if (VTD_FIELD_GET(VTD_CTX_LO_TT, e.val[0]) !=
			    VTD_TT_PASSTHROUGH &&
		    !vtd_elfcorehdr_is_old_ram(ram,
					       e.val[0] & VTD_CTX_LO_SLPTPTR,
					       VTD_PAGE_SIZE_4K))
			return VTD_FALLBACK_NOT_OLD_RAM;
	}
	return VTD_ADOPT;
}

/*
 * Present entries in a table at @pa of @nr entries of @size bytes with P
 * in bit 0: root and legacy context tables (256 of 16 bytes, VT-d spec
 * 9.1, 9.3), scalable context tables (128 of 32, 9.4), PASID directories
 * (8 bytes, 9.5) and PASID tables (64 of 64, 9.6).  @skip, if below @nr,
 * is not counted.
 */
#define CHUNK_BYTES 256 /* a read at a time: small for a kernel stack */

static int count_present_(const struct vtd_crash_ops *ops, void *ctx, u64 pa,
			  u32 nr, u32 size, u32 skip, u32 *count)
{
	u64 chunk[CHUNK_BYTES / 8];
	u32 i, j, per = CHUNK_BYTES / size;

	*count = 0;
	for (i = 0; i < nr; i += per) {
		if (ops->read_phys(ctx, pa + (u64)i * size, chunk,
				   sizeof(chunk)) < 0)
			return -VTD_ERR_ACCESS;
		for (j = 0; j < per && i + j < nr; j++)
			*count += (i + j != skip) &&
				  (chunk[j * size / 8] & VTD_CTX_LO_P);
	}
	return 0;
}

/*
 * The order of the note's (bus, devfn) records: the source-id, but not
 * cut to 16 bits, so that a bus past the root table (a bad note) sorts
 * after every real requester instead of wrapping onto one.
 */
static u32 order_key_(u16 bus, u8 devfn)
{
	return (u32)bus * VTD_CTX_ENTRIES + devfn;
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
static enum vtd_gate_verdict tables_match_(const struct vtd_note *n, int off,
					   const struct vtd_note_unit_info *u,
					   const struct vtd_crash_ops *ops,
					   void *ctx)
{
	u64 root = u->rtaddr & VTD_RTADDR_RTA, live[2];
	u32 roots = 0, ctxs = 0, live_ctxs = 0, count, next_root = 0;
	u32 next_ctx = 0, key;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_ROOT) {
			if (e.bus >= VTD_ROOT_ENTRIES || e.bus < next_root ||
			    ops->read_phys(ctx,
					   root + e.bus * VTD_ROOT_ENTRY_SIZE,
					   live, sizeof(live)) < 0 ||
			    live[0] != e.val[0] ||
			    count_present_(ops, ctx, e.val[0] & VTD_ROOT_LO_CTP,
					   VTD_CTX_ENTRIES, VTD_CTX_ENTRY_SIZE,
					   VTD_CTX_ENTRIES, &count) < 0)
				return VTD_FALLBACK_TABLES;
			next_root = e.bus + 1u;
			roots++;
			live_ctxs += count;
		} else if (e.type == VTD_SEC_CTX) {
			key = order_key_(e.bus, e.devfn);
			if (e.bus >= VTD_ROOT_ENTRIES || key < next_ctx ||
			    ops->read_phys(ctx,
					   root + e.bus * VTD_ROOT_ENTRY_SIZE,
					   live, sizeof(live)) < 0 ||
			    !(live[0] & VTD_ROOT_LO_P) ||
			    (live[0] & VTD_ROOT_LO_CTP) != e.table ||
			    ops->read_phys(ctx,
					   e.table + e.devfn * VTD_CTX_ENTRY_SIZE,
					   live, sizeof(live)) < 0 ||
			    live[0] != e.val[0] || live[1] != e.val[1])
				return VTD_FALLBACK_TABLES;
			next_ctx = key + 1;
			ctxs++;
		}
	}
	if (count_present_(ops, ctx, root, VTD_ROOT_ENTRIES,
			   VTD_ROOT_ENTRY_SIZE, VTD_ROOT_ENTRIES, &count) < 0 ||
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
static bool sm_ctx_usable_(const struct vtd_note_unit_info *u, const u64 *v)
{
	if ((v[0] & VTD_SM_CTX_LO_RSVD) || (v[1] & VTD_SM_CTX_HI_RSVD) ||
	    v[2] || v[3])
		return false;
	return !(((v[0] & VTD_SM_CTX_LO_DTE) && !(u->ecap & VTD_ECAP_DT)) ||
		 ((v[0] & VTD_SM_CTX_LO_PASIDE) &&
		  !(u->ecap & VTD_ECAP_PASID)) ||
		 ((v[0] & VTD_SM_CTX_LO_PRE) && !(u->ecap & VTD_ECAP_PRS)) ||
		 ((v[1] & VTD_SM_CTX_HI_RID_PRIV) &&
		  !(u->ecap & VTD_ECAP_SRS)));
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
static enum vtd_gate_verdict pasid_usable_(const struct vtd_note_unit_info *u,
					   const struct vtd_note_entry *e,
					   const struct vtd_elfcorehdr_ram *ram)
{
	const u64 *v = e->val;
	unsigned int pgtt = (unsigned int)VTD_FIELD_GET(VTD_PASID_LO_PGTT, v[0]);
	unsigned int aw = (unsigned int)VTD_FIELD_GET(VTD_PASID_LO_AW, v[0]);

	if (e->index != 0)
		return VTD_FALLBACK_PASIDS;
	if ((e->dir & VTD_PDE_RSVD) ||
	    (e->dir & VTD_PDE_PTPTR) != e->table)
		return VTD_FALLBACK_BAD_ENTRY;
	if (!vtd_elfcorehdr_is_old_ram(ram, e->table, VTD_PAGE_SIZE_4K))
		return VTD_FALLBACK_NOT_OLD_RAM;
	if (!(v[0] & VTD_PASID_LO_P))
		return VTD_ADOPT;
	if ((v[0] & VTD_PASID_LO_RSVD) || (v[1] & VTD_PASID_HI_RSVD) ||
	    (v[2] & VTD_PASID_W2_RSVD) ||
	    VTD_FIELD_GET(VTD_PASID_HI_DID, v[1]) >= vtd_cap_ndoms(u->cap))
		return VTD_FALLBACK_BAD_ENTRY;
	switch (pgtt) {
	case VTD_PGTT_FS:
		if (!(u->ecap & VTD_ECAP_FLTS))
			return VTD_FALLBACK_BAD_ENTRY;
		if (!vtd_elfcorehdr_is_old_ram(ram, v[2] & VTD_PASID_W2_FSPTPTR,
					       VTD_PAGE_SIZE_4K))
			return VTD_FALLBACK_NOT_OLD_RAM;
		return VTD_ADOPT;
	case VTD_PGTT_SS:
		if (!(u->ecap & VTD_ECAP_SLTS) ||
		    !(VTD_FIELD_GET(VTD_CAP_SAGAW, u->cap) & (1u << aw)))
			return VTD_FALLBACK_BAD_ENTRY;
		if (!vtd_elfcorehdr_is_old_ram(ram, v[0] & VTD_PASID_LO_SSPTPTR,
					       VTD_PAGE_SIZE_4K))
			return VTD_FALLBACK_NOT_OLD_RAM;
		return VTD_ADOPT;
	case VTD_PGTT_PT:
		return (u->ecap & VTD_ECAP_PT) ? VTD_ADOPT :
						 VTD_FALLBACK_BAD_ENTRY;
	default:
		return VTD_FALLBACK_BAD_ENTRY;
	}
}

static enum vtd_gate_verdict
sm_entries_usable_(const struct vtd_note *n, int off,
		   const struct vtd_note_unit_info *u,
		   const struct vtd_elfcorehdr_ram *ram)
{
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	enum vtd_gate_verdict v;
	u64 lo, hi;

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		switch (e.type) {
		case VTD_SEC_ROOT:
			if ((e.val[0] & VTD_ROOT_LO_RSVD) ||
			    (e.val[1] & VTD_ROOT_HI_RSVD))
				return VTD_FALLBACK_BAD_ENTRY;
			lo = e.val[0] & VTD_ROOT_LO_CTP;
			hi = e.val[1] & VTD_ROOT_HI_UCTP;
			if (((e.val[0] & VTD_ROOT_LO_P) &&
			     !vtd_elfcorehdr_is_old_ram(ram, lo,
							VTD_PAGE_SIZE_4K)) ||
			    ((e.val[1] & VTD_ROOT_HI_UP) &&
			     !vtd_elfcorehdr_is_old_ram(ram, hi,
							VTD_PAGE_SIZE_4K)))
				return VTD_FALLBACK_NOT_OLD_RAM;
			break;
		case VTD_SEC_SM_CTX:
			if (!sm_ctx_usable_(u, e.val))
				return VTD_FALLBACK_BAD_ENTRY;
			/* Linux's requests without PASID use PASID 0. */
			if (VTD_FIELD_GET(VTD_SM_CTX_HI_RID_PASID, e.val[1]))
				return VTD_FALLBACK_PASIDS;
			lo = e.val[0] & VTD_SM_CTX_LO_PASIDDIRPTR;
			hi = (u64)vtd_sm_ctx_pasid_dir_entries(e.val[0]) *
			     VTD_PDE_SIZE;
			if (!vtd_elfcorehdr_is_old_ram(ram, lo, hi))
				return VTD_FALLBACK_NOT_OLD_RAM;
			break;
		case VTD_SEC_PASID:
			v = pasid_usable_(u, &e, ram);
			if (v != VTD_ADOPT)
				return v;
			break;
		default:
			break;
		}
	}
	return VTD_ADOPT;
}

/* Root entries with either half present (the snapshot notes those). */
static int count_sm_roots_(const struct vtd_crash_ops *ops, void *ctx, u64 root,
			   u32 *count)
{
	u64 chunk[CHUNK_BYTES / 8];
	u32 i, j;

	*count = 0;
	for (i = 0; i < VTD_ROOT_ENTRIES * VTD_ROOT_ENTRY_SIZE;
	     i += CHUNK_BYTES) {
		if (ops->read_phys(ctx, root + i, chunk, sizeof(chunk)) < 0)
			return -VTD_ERR_ACCESS;
		for (j = 0; j < CHUNK_BYTES / 8; j += 2)
			*count += ((chunk[j] | chunk[j + 1]) & VTD_ROOT_LO_P) !=
				  0;
	}
	return 0;
}

/* The next PASID record at or after the cursor. */
static bool next_pasid_(const struct vtd_note *n, struct vtd_note_cursor *c,
			struct vtd_note_entry *e)
{
	while (vtd_note_next_entry(n, c, e))
		if (e->type == VTD_SEC_PASID)
			return true;
	return false;
}

/*
 * The live PASID directory and table of a context entry equal to the
 * note's: RID_PASID's directory entry and PASID-table entry as noted
 * (@rec, or none present when the note has none), and nothing else
 * present in either.  Another present entry is a PASID in use besides
 * RID_PASID (shared virtual addressing, a VMM's PASIDs), which the crash
 * kernel would leave pointing into old memory: not adopted.
 */
static enum vtd_gate_verdict pasids_match_(const struct vtd_crash_ops *ops,
					   void *ctx, u64 ctx_lo,
					   const struct vtd_note_entry *rec)
{
	/* RID_PASID is 0 (sm_entries_usable_). */
	const u32 rid_pasid = 0;
	u64 dir = ctx_lo & VTD_SM_CTX_LO_PASIDDIRPTR, live;
	u64 pe[VTD_PASID_ENTRY_WORDS];
	u32 count, k;

	if (count_present_(ops, ctx, dir, vtd_sm_ctx_pasid_dir_entries(ctx_lo),
			   VTD_PDE_SIZE, vtd_pasid_dir_index(rid_pasid),
			   &count) < 0 ||
	    ops->read_phys(ctx, dir + vtd_pasid_dir_offset(rid_pasid), &live,
			   sizeof(live)) < 0)
		return VTD_FALLBACK_TABLES;
	if (count)
		return VTD_FALLBACK_PASIDS;
	if (!rec)
		return (live & VTD_PDE_P) ? VTD_FALLBACK_TABLES : VTD_ADOPT;
	if (live != rec->dir ||
	    count_present_(ops, ctx, rec->table, VTD_PASID_TABLE_ENTRIES,
			   VTD_PASID_ENTRY_SIZE,
			   vtd_pasid_table_index(rid_pasid), &count) < 0 ||
	    ops->read_phys(ctx, rec->table + vtd_pasid_table_offset(rid_pasid),
			   pe, sizeof(pe)) < 0)
		return VTD_FALLBACK_TABLES;
	if (count)
		return VTD_FALLBACK_PASIDS;
	for (k = 0; k < VTD_PASID_ENTRY_WORDS; k++)
		if (pe[k] != rec->val[k])
			return VTD_FALLBACK_TABLES;
	return VTD_ADOPT;
}

/*
 * tables_match_() for scalable mode: both halves of every live root
 * entry, every present entry of the context tables they point at, and
 * behind each context entry its PASID directory and table, equal to the
 * note and no more.  Context and PASID records come in the same
 * ascending order (bus, devfn), so one pass with two cursors.
 */
static enum vtd_gate_verdict
sm_tables_match_(const struct vtd_note *n, int off,
		 const struct vtd_note_unit_info *u,
		 const struct vtd_crash_ops *ops, void *ctx)
{
	u64 root = u->rtaddr & VTD_RTADDR_RTA, live[VTD_SM_CTX_WORDS],
	    root_half;
	u32 roots = 0, ctxs = 0, live_ctxs = 0, count, next_root = 0;
	u32 next_ctx = 0, key, k;
	struct vtd_note_cursor c, pc;
	struct vtd_note_entry e, pe;
	enum vtd_gate_verdict v;
	bool have_pe, noted;

	vtd_note_cursor_init(n, off, &pc);
	have_pe = next_pasid_(n, &pc, &pe);
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_ROOT) {
			u64 half[2];

			if (e.bus >= VTD_ROOT_ENTRIES || e.bus < next_root ||
			    ops->read_phys(ctx,
					   root + e.bus * VTD_ROOT_ENTRY_SIZE,
					   half, sizeof(half)) < 0 ||
			    half[0] != e.val[0] || half[1] != e.val[1])
				return VTD_FALLBACK_TABLES;
			for (k = 0; k < 2; k++) {
				if (!(half[k] & VTD_ROOT_LO_P))
					continue;
				if (count_present_(ops, ctx,
						   half[k] & VTD_ROOT_LO_CTP,
						   VTD_SM_CTX_ENTRIES,
						   VTD_SM_CTX_ENTRY_SIZE,
						   VTD_SM_CTX_ENTRIES,
						   &count) < 0)
					return VTD_FALLBACK_TABLES;
				live_ctxs += count;
			}
			next_root = e.bus + 1u;
			roots++;
		} else if (e.type == VTD_SEC_SM_CTX) {
			key = order_key_(e.bus, e.devfn);
			root_half = root + e.bus * VTD_ROOT_ENTRY_SIZE +
				    vtd_sm_root_half_offset(e.devfn);
			if (e.bus >= VTD_ROOT_ENTRIES || key < next_ctx ||
			    ops->read_phys(ctx, root_half, live, 8) < 0 ||
			    !(live[0] & VTD_ROOT_LO_P) ||
			    (live[0] & VTD_ROOT_LO_CTP) != e.table ||
			    ops->read_phys(ctx,
					   e.table + vtd_sm_ctx_offset(e.devfn),
					   live, sizeof(live)) < 0)
				return VTD_FALLBACK_TABLES;
			for (k = 0; k < VTD_SM_CTX_WORDS; k++)
				if (live[k] != e.val[k])
					return VTD_FALLBACK_TABLES;
			while (have_pe && order_key_(pe.bus, pe.devfn) < key)
				have_pe = next_pasid_(n, &pc, &pe);
			noted = have_pe && order_key_(pe.bus, pe.devfn) == key;
			v = pasids_match_(ops, ctx, live[0],
					  noted ? &pe : NULL);
			if (v != VTD_ADOPT)
				return v;
			next_ctx = key + 1;
			ctxs++;
		}
	}
	if (count_sm_roots_(ops, ctx, root, &count) < 0 || count != roots ||
	    ctxs != live_ctxs)
		return VTD_FALLBACK_TABLES;
	return VTD_ADOPT;
}

enum vtd_gate_verdict vtd_gate_check(const struct vtd_note *n,
				     const struct vtd_elfcorehdr_ram *ram,
				     const struct vtd_crash_ops *ops, void *ctx,
				     u64 reg_base, unsigned int parts)
{
	bool dma = parts & VTD_PART_DMA, ir = parts & VTD_PART_IR;
	struct vtd_note_unit_info u;
	struct vtd_note_info info;
	enum vtd_gate_verdict v;
	u32 gsts;
	bool sm;
	int off = vtd_note_find_unit(n, reg_base, &u);

	if (off < 0)
		return VTD_FALLBACK_NOT_IN_NOTE;
	vtd_note_get_info(n, &info);
	/*
	 * Fail closed: any unit flag, known or from a later minor version,
	 * and any note flag but COMPLETE mean the capture is not one to
	 * build on (docs/note-format.md, Versioning).
	 */
	if (u.flags || info.flags != VTD_NOTE_F_COMPLETE)
		return VTD_FALLBACK_CAPTURE_FAILED;
	if (ops->read32(ctx, reg_base + VTD_REG_VER) != u.ver ||
	    ops->read64(ctx, reg_base + VTD_REG_CAP) != u.cap ||
	    ops->read64(ctx, reg_base + VTD_REG_ECAP) != u.ecap)
		return VTD_FALLBACK_REGISTERS;
	gsts = ops->read32(ctx, reg_base + VTD_REG_GSTS);
	if (dma && (gsts ^ u.gsts) & VTD_GSTS_TES)
		return VTD_FALLBACK_TES;
	if (ir && (gsts ^ u.gsts) & VTD_GSTS_IRES)
		return VTD_FALLBACK_IRES;
	if (dma && ops->read64(ctx, reg_base + VTD_REG_RTADDR) != u.rtaddr)
		return VTD_FALLBACK_RTADDR;
	if (ir && ops->read64(ctx, reg_base + VTD_REG_IRTA) != u.irta)
		return VTD_FALLBACK_IRTA;
	/* The IRTE table is mapped and written by the crash kernel. */
	if (ir && (u.gsts & VTD_GSTS_IRES) &&
	    !vtd_elfcorehdr_is_old_ram(ram, u.irta & VTD_IRTA_IRTA,
				       (u64)vtd_irta_entries(u.irta) *
					       VTD_IRTE_SIZE))
		return VTD_FALLBACK_NOT_OLD_RAM;
	if (!dma || !(u.gsts & VTD_GSTS_TES))
		return VTD_ADOPT;
	/*
	 * The note's mode is the one RTADDR.TTM (equal to the live one)
	 * selects, on a unit that has it (10.4.6).
	 */
	sm = u.mode == VTD_NOTE_MODE_SCALABLE;
	if ((!sm && u.mode != VTD_NOTE_MODE_LEGACY) ||
	    VTD_FIELD_GET(VTD_RTADDR_TTM, u.rtaddr) !=
		    (sm ? VTD_TTM_SCALABLE : VTD_TTM_LEGACY) ||
	    (sm && !(u.ecap & VTD_ECAP_SMTS)))
		return VTD_FALLBACK_MODE;
	/* The root table is in old RAM before anything is read from it. */
	if (!vtd_elfcorehdr_is_old_ram(ram, u.rtaddr & VTD_RTADDR_RTA,
				       VTD_PAGE_SIZE_4K))
		return VTD_FALLBACK_NOT_OLD_RAM;
	v = sm ? sm_entries_usable_(n, off, &u, ram) :
		 entries_usable_(n, off, &u, ram);
	if (v != VTD_ADOPT)
		return v;
	return sm ? sm_tables_match_(n, off, &u, ops, ctx) :
		    tables_match_(n, off, &u, ops, ctx);
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
	};

	return (unsigned int)v < VTD_GATE_VERDICT_MAX ? s[v] : "unknown";
}
