// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * apply.c - adopt a unit the gate accepted (issue #7, points 1-7):
 * translation and interrupt remapping stay on, RTADDR and IRTA stay,
 * new context tables filled from the note replace the old ones under
 * the old root table, the old domain ids and IRTE indices are reserved,
 * and a device gets a fresh domain with an empty page table at its
 * driver's first map.
 *
 * Invalidations go through the unit's queue when queued invalidation is
 * on (as it is after Linux), else through the registers.
 */
#include <kexec-vtd/vtd-hw.h>

#include "adopt.h"

#define QI_POLL_LIMIT 100000

static void bit_set_(uint8_t *map, uint32_t i)
{
	map[i / 8] |= (uint8_t)(1u << (i % 8));
}

static bool bit_test_(const uint8_t *map, uint32_t i)
{
	return map[i / 8] & (1u << (i % 8));
}

/* Queue one descriptor and wait for it (a wait descriptor that writes). */
static int qi_run_(const struct vtd_crash_plat *p, void *ctx,
		   struct vtd_adopted *a, uint64_t lo, uint64_t hi)
{
	const struct vtd_crash_ops *r = p->rd;
	uint64_t base = a->reg_base;
	uint64_t iqa = r->read64(ctx, base + VTD_REG_IQA);
	uint64_t n = (VTD_PAGE_SIZE_4K / VTD_QI_DESC_SIZE)
		     << VTD_FIELD_GET(VTD_IQA_QS, iqa);
	uint64_t tail =
		VTD_FIELD_GET(VTD_IQ_QH, r->read64(ctx, base + VTD_REG_IQT));
	uint64_t q = iqa & VTD_IQA_IQA;
	uint32_t done = 0;
	int i;

	if (!a->qi_status) {
		a->qi_status = p->alloc_page(ctx);
		if (!a->qi_status)
			return -VTD_ERR_NOSPACE;
	}
	p->write64(ctx, a->qi_status, 0);
	p->write64(ctx, q + tail * VTD_QI_DESC_SIZE, lo);
	p->write64(ctx, q + tail * VTD_QI_DESC_SIZE + 8, hi);
	tail = (tail + 1) % n;
	p->write64(ctx, q + tail * VTD_QI_DESC_SIZE,
		   VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) |
			   VTD_QI_WAIT_SW |
			   VTD_FIELD_PREP(VTD_QI_WAIT_SDATA, 1));
	p->write64(ctx, q + tail * VTD_QI_DESC_SIZE + 8, a->qi_status);
	tail = (tail + 1) % n;
	p->mmio_write64(ctx, base + VTD_REG_IQT,
			VTD_FIELD_PREP(VTD_IQ_QH, tail));
	for (i = 0; i < QI_POLL_LIMIT && !done; i++)
		r->read_phys(ctx, a->qi_status, &done, sizeof(done));
	return done ? 0 : -VTD_ERR_ACCESS;
}

/*
 * A device-selective request carries the domain-id programmed in the
 * entry being replaced (VT-d spec 6.5.1.1, 10.4.7): hardware may tag
 * its cached context entries by it, and one sent with another DID (0,
 * say) may leave the stale entry cached.
 */
static int inval_ctx_(const struct vtd_crash_plat *p, void *ctx,
		      struct vtd_adopted *a, int g, uint16_t sid, uint16_t did)
{
	uint64_t base = a->reg_base;
	int i;

	if (p->invalidate)
		return p->invalidate(ctx,
				     g == VTD_INV_GLOBAL ?
					     VTD_CRASH_INV_CC_GLOBAL :
					     VTD_CRASH_INV_CC_DEVICE,
				     sid, did);
	if (p->rd->read32(ctx, base + VTD_REG_GSTS) & VTD_GSTS_QIES)
		return qi_run_(p, ctx, a,
			       VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_CC) |
				       VTD_FIELD_PREP(VTD_QI_CC_G, g) |
				       VTD_FIELD_PREP(VTD_QI_CC_DID, did) |
				       VTD_FIELD_PREP(VTD_QI_CC_SID, sid),
			       0);
	p->mmio_write64(ctx, base + VTD_REG_CCMD,
			VTD_CCMD_ICC | VTD_FIELD_PREP(VTD_CCMD_CIRG, g) |
				VTD_FIELD_PREP(VTD_CCMD_DID, did) |
				VTD_FIELD_PREP(VTD_CCMD_SID, sid));
	for (i = 0; i < QI_POLL_LIMIT; i++)
		if (!(p->rd->read64(ctx, base + VTD_REG_CCMD) & VTD_CCMD_ICC))
			return 0;
	return -VTD_ERR_ACCESS;
}

static int inval_iotlb_did_(const struct vtd_crash_plat *p, void *ctx,
			    struct vtd_adopted *a, uint16_t did)
{
	uint64_t base = a->reg_base;
	uint64_t reg =
		base + vtd_ecap_iotlb_offset(a->ecap) + VTD_REG_IOTLB_FROM_IVA;
	int i;

	if (p->invalidate)
		return p->invalidate(ctx, VTD_CRASH_INV_IOTLB_DOMAIN, 0, did);
	if (p->rd->read32(ctx, base + VTD_REG_GSTS) & VTD_GSTS_QIES)
		return qi_run_(
			p, ctx, a,
			VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IOTLB) |
				VTD_FIELD_PREP(VTD_QI_IOTLB_G, VTD_INV_DOMAIN) |
				VTD_FIELD_PREP(VTD_QI_IOTLB_DID, did) |
				VTD_QI_IOTLB_DR | VTD_QI_IOTLB_DW,
			0);
	p->mmio_write64(ctx, reg,
			VTD_IOTLB_IVT | VTD_IOTLB_DR | VTD_IOTLB_DW |
				VTD_FIELD_PREP(VTD_IOTLB_IIRG, VTD_INV_DOMAIN) |
				VTD_FIELD_PREP(VTD_IOTLB_DID, did));
	for (i = 0; i < QI_POLL_LIMIT; i++)
		if (!(p->rd->read64(ctx, reg) & VTD_IOTLB_IVT))
			return 0;
	return -VTD_ERR_ACCESS;
}

/*
 * New context tables, one per present root entry, filled from the note's
 * entries (not from old memory, which may have changed since), then
 * swapped in under the old root table one 64-bit store each.  Linear in
 * the note's entries.
 */
static int copy_contexts_(const struct vtd_crash_plat *p, void *ctx,
			  const struct vtd_note *n, int unit_off,
			  struct vtd_adopted *a)
{
	uint64_t *tables = a->ctx_tables;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	unsigned int bus;

	vtd_note_cursor_init(n, unit_off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_ROOT && e.bus < VTD_ROOT_ENTRIES &&
		    !tables[e.bus]) {
			tables[e.bus] = p->alloc_page(ctx);
			if (!tables[e.bus])
				return -VTD_ERR_NOSPACE;
		} else if (e.type == VTD_SEC_CTX && e.bus < VTD_ROOT_ENTRIES &&
			   tables[e.bus]) {
			uint64_t at = tables[e.bus] +
				      (uint64_t)e.devfn * VTD_CTX_ENTRY_SIZE;

			p->write64(ctx, at + 8, e.val[1]);
			p->write64(ctx, at, e.val[0]);
			bit_set_(a->did_used,
				 (uint32_t)VTD_FIELD_GET(VTD_CTX_HI_DID,
							 e.val[1]));
			a->contexts++;
		}
	}
	for (bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		uint64_t re = a->root + (uint64_t)bus * VTD_ROOT_ENTRY_SIZE;

		if (!tables[bus])
			continue;
		p->flush(ctx, tables[bus], VTD_PAGE_SIZE_4K);
		p->write64(ctx, re, tables[bus] | VTD_ROOT_LO_P);
		p->flush(ctx, re, VTD_ROOT_ENTRY_SIZE);
	}
	return 0;
}

int vtd_crash_plan_unit(const struct vtd_note *n, uint64_t reg_base,
			struct vtd_adopted *a)
{
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	int off;

	vtd_memset(a, 0, sizeof(*a));
	a->reg_base = reg_base;
	vtd_note_for_each_unit(n, off) {
		vtd_note_get_unit(n, off, &u);
		if (u.reg_base == reg_base)
			break;
	}
	if (off < 0)
		return -VTD_ERR_NOTFOUND;
	a->root = u.rtaddr & VTD_RTADDR_RTA;
	if (u.gsts & VTD_GSTS_IRES) {
		a->irt = u.irta & VTD_IRTA_IRTA;
		a->irt_entries = vtd_irta_entries(u.irta);
	}
	a->ecap = u.ecap;
	a->ndoms = vtd_cap_ndoms(u.cap);
	a->tes = !!(u.gsts & VTD_GSTS_TES);
	a->unit_off = off;
	bit_set_(a->did_used, 0); /* never handed out, as Linux does */

	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type == VTD_SEC_IRTE && e.index < VTD_CRASH_MAX_IRTES) {
			bit_set_(a->irte_used, e.index);
			a->irtes++;
		}
	}
	return 0;
}

int vtd_crash_adopt_unit(const struct vtd_crash_plat *p, void *ctx,
			 const struct vtd_note *n, uint64_t reg_base,
			 struct vtd_adopted *a)
{
	int ret = vtd_crash_plan_unit(n, reg_base, a);

	if (ret < 0 || !a->tes)
		return ret;
	ret = copy_contexts_(p, ctx, n, a->unit_off, a);
	if (ret < 0)
		return ret;
	return inval_ctx_(p, ctx, a, VTD_INV_GLOBAL, 0, 0);
}

int vtd_crash_new_irte(const struct vtd_crash_plat *p, void *ctx,
		       struct vtd_adopted *a, uint64_t lo, uint64_t hi,
		       uint32_t *index)
{
	uint32_t i, n = a->irt_entries < VTD_CRASH_MAX_IRTES ?
				a->irt_entries :
				VTD_CRASH_MAX_IRTES;
	uint64_t pa;

	for (i = 0; i < n && bit_test_(a->irte_used, i); i++)
		;
	if (i >= n)
		return -VTD_ERR_NOSPACE;
	bit_set_(a->irte_used, i);
	pa = a->irt + (uint64_t)i * VTD_IRTE_SIZE;
	p->write64(ctx, pa + 8, hi);
	p->write64(ctx, pa, lo);
	p->flush(ctx, pa, VTD_IRTE_SIZE);
	*index = i;
	if (p->invalidate)
		return p->invalidate(ctx, VTD_CRASH_INV_IEC_INDEX, 0,
				     (uint16_t)i);
	if (!(p->rd->read32(ctx, a->reg_base + VTD_REG_GSTS) & VTD_GSTS_QIES))
		return -VTD_ERR_ACCESS;
	return qi_run_(p, ctx, a,
		       VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IEC) |
			       VTD_QI_IEC_G |
			       VTD_FIELD_PREP(VTD_QI_IEC_IIDX, i),
		       0);
}

int vtd_crash_swap_context(const struct vtd_crash_plat *p, void *ctx,
			   struct vtd_adopted *a, uint16_t sid, uint64_t lo,
			   uint64_t hi)
{
	uint64_t re, ce, old_hi;
	uint16_t old_did, new_did = (uint16_t)VTD_FIELD_GET(VTD_CTX_HI_DID, hi);
	int ret;

	if (p->rd->read_phys(
		    ctx, a->root + (uint64_t)(sid >> 8) * VTD_ROOT_ENTRY_SIZE,
		    &re, sizeof(re)) < 0)
		return -VTD_ERR_ACCESS;
	/*
	 * Only under a context table this adoption made: a root entry the
	 * note did not have points into old memory (the dump's), never
	 * written here (#12, 4).
	 */
	if (!(re & VTD_ROOT_LO_P) ||
	    (re & VTD_ROOT_LO_CTP) != a->ctx_tables[sid >> 8])
		return -VTD_ERR_NOTFOUND;
	ce = (re & VTD_ROOT_LO_CTP) +
	     (uint64_t)(sid & 0xff) * VTD_CTX_ENTRY_SIZE;
	if (p->rd->read_phys(ctx, ce + 8, &old_hi, sizeof(old_hi)) < 0)
		return -VTD_ERR_ACCESS;
	old_did = (uint16_t)VTD_FIELD_GET(VTD_CTX_HI_DID, old_hi);
	/*
	 * Present throughout, so a device still doing DMA from its old
	 * setup never meets a hole.  Between the two stores the unit may
	 * pair either half with the other's old one and cache what it
	 * finds under either domain id: both are flushed.
	 */
	p->write64(ctx, ce + 8, hi);
	p->write64(ctx, ce, lo);
	p->flush(ctx, ce, VTD_CTX_ENTRY_SIZE);
	ret = inval_ctx_(p, ctx, a, VTD_INV_DEVICE, sid, old_did);
	if (!ret)
		ret = inval_iotlb_did_(p, ctx, a, old_did);
	if (!ret && new_did != old_did)
		ret = inval_iotlb_did_(p, ctx, a, new_did);
	return ret;
}

int vtd_crash_first_map(const struct vtd_crash_plat *p, void *ctx,
			struct vtd_adopted *a, uint16_t sid, unsigned int aw,
			uint16_t *did, uint64_t *pgd)
{
	uint32_t d;

	for (d = 1; d < a->ndoms && bit_test_(a->did_used, d); d++)
		;
	if (d >= a->ndoms)
		return -VTD_ERR_NOSPACE;
	*pgd = p->alloc_page(ctx);
	if (!*pgd)
		return -VTD_ERR_NOSPACE;
	bit_set_(a->did_used, d);
	*did = (uint16_t)d;
	return vtd_crash_swap_context(
		p, ctx, a, sid,
		*pgd | VTD_FIELD_PREP(VTD_CTX_LO_TT, VTD_TT_UNTRANSLATED) |
			VTD_CTX_LO_P,
		VTD_FIELD_PREP(VTD_CTX_HI_DID, d) |
			VTD_FIELD_PREP(VTD_CTX_HI_AW, aw));
}
