// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swap.c - give an adopted device its new context entry at its driver's
 * first map, while the device may still be doing DMA with its old
 * addresses: the entry is present before, during and after the change,
 * and the unit sees it whole, old or new, never a mix.
 */
#include <kexec-vtd/vtd-hw.h>

#include "vtd-crash.h"

int vtd_crash_swap_context(const struct vtd_crash_plat *p, void *ctx,
			   struct vtd_adopted *a, uint16_t sid, uint64_t lo,
			   uint64_t hi)
{
	unsigned int bus = sid >> 8, devfn = sid & 0xff;
	uint64_t re, ce, old[2];
	uint16_t old_did, new_did = (uint16_t)VTD_FIELD_GET(VTD_CTX_HI_DID, hi);
	int ret;

	if (p->rd->read_phys(ctx, a->root + bus * VTD_ROOT_ENTRY_SIZE, &re,
			     sizeof(re)) < 0)
		return -VTD_ERR_ACCESS;
	/*
	 * Only under a context table this adoption made: a root entry the
	 * note did not have points into old memory (the dump's), never
	 * written here (#12, 4).
	 */
	if (!(re & VTD_ROOT_LO_P) ||
	    (re & VTD_ROOT_LO_CTP) != a->ctx_tables[bus])
		return -VTD_ERR_NOTFOUND;
	ce = (re & VTD_ROOT_LO_CTP) + devfn * VTD_CTX_ENTRY_SIZE;
	if (p->rd->read_phys(ctx, ce, old, sizeof(old)) < 0)
		return -VTD_ERR_ACCESS;
	if (!(old[0] & VTD_CTX_LO_P))
		return -VTD_ERR_NOTFOUND;
	/*
	 * The unit may read the two halves of a context entry in separate
	 * accesses (the VT-d spec promises no atomic 128-bit fetch, 9.3):
	 * two 64-bit stores would let it pair the old table with the new
	 * width or domain id, or the reverse.  One 128-bit store, or the
	 * caller's clear-invalidate-write sequence (6.5.3.3) instead.
	 */
	if (!p->write128)
		return -VTD_ERR_INTERNAL;
	ret = p->write128(ctx, ce, old[0], old[1], lo, hi);
	if (ret < 0)
		return ret;
	p->flush(ctx, ce, VTD_CTX_ENTRY_SIZE);
	/*
	 * What the unit may still hold of the old entry, in the order of
	 * the spec's guidance for a changed context entry (6.5.3.3): the
	 * device's context-cache entry, tagged with the domain id it was
	 * programmed with (6.5.2.1, 10.4.7); the IOTLB of that domain and of the
	 * new one (the unit may have cached walks of the old table under
	 * either while the entry changed); then, for a device allowed to
	 * send translation requests (TT 01b, ATS), its device-TLB, which
	 * holds translations of the old table until told (6.5.2.5).
	 */
	old_did = (uint16_t)VTD_FIELD_GET(VTD_CTX_HI_DID, old[1]);
	ret = p->invalidate(ctx, VTD_CRASH_INV_CC_DEVICE, sid, old_did);
	if (!ret)
		ret = p->invalidate(ctx, VTD_CRASH_INV_IOTLB_DOMAIN, sid,
				    old_did);
	if (!ret && new_did != old_did)
		ret = p->invalidate(ctx, VTD_CRASH_INV_IOTLB_DOMAIN, sid,
				    new_did);
	if (!ret && VTD_FIELD_GET(VTD_CTX_LO_TT, old[0]) == VTD_TT_ALL)
		ret = p->invalidate(ctx, VTD_CRASH_INV_DEV_TLB, sid, old_did);
	return ret;
}

int vtd_crash_swap_sm_context(const struct vtd_crash_plat *p, void *ctx,
			      struct vtd_adopted *a, uint16_t sid, uint64_t lo,
			      uint64_t hi)
{
	unsigned int bus = sid >> 8, devfn = sid & 0xff;
	bool upper = devfn >= VTD_SM_CTX_ENTRIES;
	uint64_t half, table, ce, old[VTD_SM_CTX_WORDS];
	uint16_t old_did;
	int ret;

	if (!a->scalable)
		return -VTD_ERR_NOTFOUND;
	table = upper ? a->ctx_tables_up[bus] : a->ctx_tables[bus];
	if (p->rd->read_phys(ctx,
			     a->root + bus * VTD_ROOT_ENTRY_SIZE + (upper ? 8 : 0),
			     &half, sizeof(half)) < 0)
		return -VTD_ERR_ACCESS;
	/* Only under a table this adoption made, as in legacy mode. */
	if (!table || !(half & VTD_ROOT_LO_P) ||
	    (half & VTD_ROOT_LO_CTP) != table)
		return -VTD_ERR_NOTFOUND;
	ce = table + (uint64_t)(devfn % VTD_SM_CTX_ENTRIES) *
			     VTD_SM_CTX_ENTRY_SIZE;
	if (p->rd->read_phys(ctx, ce, old, sizeof(old)) < 0)
		return -VTD_ERR_ACCESS;
	/*
	 * Bits 255:128 are reserved (9.4) and the new entry leaves them 0:
	 * an entry with anything there is not one this adoption copied.
	 */
	if (!(old[0] & VTD_SM_CTX_LO_P) || old[2] || old[3])
		return -VTD_ERR_NOTFOUND;
	if (!p->write128)
		return -VTD_ERR_INTERNAL;
	ret = p->write128(ctx, ce, old[0], old[1], lo, hi);
	if (ret < 0)
		return ret;
	p->flush(ctx, ce, VTD_SM_CTX_ENTRY_SIZE);
	/*
	 * The spec's guidance for a changed scalable context entry whose
	 * PASID entries were present (6.5.3.3): the device's context-cache
	 * entry (device-selective; the domain id is ignored in scalable
	 * mode, 6.5.2.1), then the PASID cache and the IOTLB of every
	 * domain the old PASID entries named (domain-selective, which in
	 * scalable mode reaches first-stage, second-stage and pass-through
	 * entries alike, 6.5.2.2, 6.5.2.3), then the device-TLB of a device
	 * whose old entry let it use ATS (DTE, 6.5.2.5).  Linux uses
	 * RID_PASID alone (the gate saw to that), so one domain.
	 */
	old_did = a->sm_did[sid];
	ret = p->invalidate(ctx, VTD_CRASH_INV_CC_DEVICE, sid, old_did);
	if (!ret)
		ret = p->invalidate(ctx, VTD_CRASH_INV_PASID_CACHE, sid,
				    old_did);
	if (!ret)
		ret = p->invalidate(ctx, VTD_CRASH_INV_IOTLB_DOMAIN, sid,
				    old_did);
	if (!ret && (old[0] & VTD_SM_CTX_LO_DTE))
		ret = p->invalidate(ctx, VTD_CRASH_INV_DEV_TLB, sid, old_did);
	return ret;
}
