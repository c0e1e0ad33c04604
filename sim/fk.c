// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fk.c - the "first kernel": programs the model the way Linux's
 * intel-iommu driver does, so tests start from realistic state.  Per
 * unit: queued invalidation, then interrupt remapping (IRTE table, SIRTP,
 * IEC flush, IRE), then DMA remapping (root table, a context table per
 * bus, one domain per device with its own page table and domain id,
 * SRTP, context-cache and IOTLB flush, TE).  Devices get their rings
 * mapped top-down below 4 GiB, as Linux's IOVA allocator does, and
 * their MSIs in remappable format.
 *
 * In scalable mode (fk_config.scalable) it does what Linux 6.12 does
 * (drivers/iommu/intel/pasid.c): each device gets a PASID directory of
 * one page (PDTS 2) and a PASID table, its context entry RID_PASID 0,
 * and PASID 0's entry the domain: first-stage (or second-stage) with the
 * domain's id, from 2 up, or pass-through with domain id 1; descriptors
 * are 256-bit because the unit has ECAP.SMTS.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kexec-vtd/vtd-hw.h>

#include "platform.h"

#define FK_POLL_LIMIT 1000
#define FK_IQ_ENTRIES (VTD_PAGE_SIZE_4K / VTD_QI_DESC_SIZE) /* 128-bit slots */
/* Linux's scalable-mode domain ids: 0 unused, 1 for pass-through. */
#define FK_SM_PT_DID 1
#define FK_SM_FIRST_DID 2
/* A PASID directory of one page: 512 entries, PDTS 2 (Linux's default). */
#define FK_SM_PDTS 2
#define FK_IOVA_TOP UINT64_C(0xfffff000)
#define FK_MSI_VECTOR_BASE 0x30

struct fk_unit {
	uint64_t base;
	uint32_t gcmd; /* persistent command bits, as Linux keeps */
	uint64_t root;
	uint64_t ctx[256]; /* context table per bus, 0 when none */
	uint16_t next_did;
	uint16_t identity_did; /* 0 until the first pass-through device */
	struct sim_dev *last; /* the previous device set up, for sharing */
	uint64_t iq; /* invalidation queue page */
	uint32_t iq_tail;   /* in 128-bit slots */
	unsigned int iq_dw; /* slots a descriptor takes: 2 when 256-bit */
	bool sm;	    /* scalable mode */
	uint64_t iq_status; /* where wait descriptors write */
	uint64_t irt;
	uint32_t next_irte;
};

static void fk_die(const char *what, uint64_t base)
{
	fprintf(stderr, "fk: %s (unit 0x%llx)\n", what,
		(unsigned long long)base);
	abort();
}

static void poll_gsts(struct sim *sim, struct fk_unit *fu, uint32_t bit,
		      bool set)
{
	int i;

	for (i = 0; i < FK_POLL_LIMIT; i++)
		if (!!(sim_mmio_read32(sim, fu->base + VTD_REG_GSTS) & bit) ==
		    set)
			return;
	fk_die("GSTS never reflected the command", fu->base);
}

/* Turn a persistent bit (TE, IRE, QIE) on. */
static void gcmd_enable(struct sim *sim, struct fk_unit *fu, uint32_t bit)
{
	fu->gcmd |= bit;
	sim_mmio_write32(sim, fu->base + VTD_REG_GCMD, fu->gcmd);
	poll_gsts(sim, fu, bit, true);
}

/* A one-shot command (SRTP, SIRTP) on top of the persistent bits. */
static void gcmd_oneshot(struct sim *sim, struct fk_unit *fu, uint32_t bit)
{
	sim_mmio_write32(sim, fu->base + VTD_REG_GCMD, fu->gcmd | bit);
	poll_gsts(sim, fu, bit, true);
}

/* Queue one descriptor and a wait descriptor; check the wait completed. */
static void qi_submit(struct sim *sim, struct fk_unit *fu, uint64_t lo,
		      uint64_t hi)
{
	const uint64_t wait = VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) |
			      VTD_QI_WAIT_SW |
			      VTD_FIELD_PREP(VTD_QI_WAIT_SDATA, 1);
	uint64_t d = fu->iq + (uint64_t)fu->iq_tail * VTD_QI_DESC_SIZE;

	sim_mem_write32(sim, fu->iq_status, 0);
	sim_mem_write64(sim, d, lo);
	sim_mem_write64(sim, d + 8, hi);
	if (fu->iq_dw == 2) {
		sim_mem_write64(sim, d + 16, 0);
		sim_mem_write64(sim, d + 24, 0);
	}
	fu->iq_tail = (fu->iq_tail + fu->iq_dw) % FK_IQ_ENTRIES;
	d = fu->iq + (uint64_t)fu->iq_tail * VTD_QI_DESC_SIZE;
	sim_mem_write64(sim, d, wait);
	sim_mem_write64(sim, d + 8, fu->iq_status);
	if (fu->iq_dw == 2) {
		sim_mem_write64(sim, d + 16, 0);
		sim_mem_write64(sim, d + 24, 0);
	}
	fu->iq_tail = (fu->iq_tail + fu->iq_dw) % FK_IQ_ENTRIES;
	sim_mmio_write64(sim, fu->base + VTD_REG_IQT,
			 VTD_FIELD_PREP(VTD_IQ_QH, fu->iq_tail));
	if (sim_mem_read32(sim, fu->iq_status) != 1)
		fk_die("invalidation wait never completed", fu->base);
}

static void flush_ctx_and_iotlb(struct sim *sim, struct fk_unit *fu,
				bool use_qi)
{
	uint64_t ecap = sim_mmio_read64(sim, fu->base + VTD_REG_ECAP);
	uint64_t iotlb =
		fu->base + vtd_ecap_iotlb_offset(ecap) + VTD_REG_IOTLB_FROM_IVA;
	int i;

	if (use_qi) {
		qi_submit(sim, fu,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_CC) |
				  VTD_FIELD_PREP(VTD_QI_CC_G, VTD_INV_GLOBAL),
			  0);
		if (fu->sm)
			qi_submit(sim, fu,
				  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_PC) |
					  VTD_FIELD_PREP(VTD_QI_PC_G,
							 VTD_QI_PC_GLOBAL),
				  0);
		qi_submit(
			sim, fu,
			VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IOTLB) |
				VTD_FIELD_PREP(VTD_QI_IOTLB_G, VTD_INV_GLOBAL) |
				VTD_QI_IOTLB_DR | VTD_QI_IOTLB_DW,
			0);
		return;
	}
	sim_mmio_write64(sim, fu->base + VTD_REG_CCMD,
			 VTD_CCMD_ICC |
				 VTD_FIELD_PREP(VTD_CCMD_CIRG, VTD_INV_GLOBAL));
	for (i = 0;
	     sim_mmio_read64(sim, fu->base + VTD_REG_CCMD) & VTD_CCMD_ICC; i++)
		if (i > FK_POLL_LIMIT)
			fk_die("CCMD never completed", fu->base);
	sim_mmio_write64(
		sim, iotlb,
		VTD_IOTLB_IVT | VTD_IOTLB_DR | VTD_IOTLB_DW |
			VTD_FIELD_PREP(VTD_IOTLB_IIRG, VTD_INV_GLOBAL));
	for (i = 0; sim_mmio_read64(sim, iotlb) & VTD_IOTLB_IVT; i++)
		if (i > FK_POLL_LIMIT)
			fk_die("IOTLB invalidation never completed", fu->base);
}

void fk_map(struct sim *sim, uint64_t pgd, unsigned int levels, uint64_t iova,
	    uint64_t pa, unsigned int shift, uint64_t perms)
{
	uint64_t table = pgd, pte;
	unsigned int level, lshift;

	for (level = levels;; level--) {
		lshift =
			VTD_PAGE_SHIFT_4K + VTD_SLPT_LEVEL_STRIDE * (level - 1);
		if (lshift == shift || level == 1)
			break;
		pte = sim_mem_read64(sim, table + ((iova >> lshift) & 511) * 8);
		if (!(pte & (VTD_SLPTE_R | VTD_SLPTE_W))) {
			pte = sim_alloc_page(sim) | VTD_SLPTE_R | VTD_SLPTE_W;
			sim_mem_write64(
				sim, table + ((iova >> lshift) & 511) * 8, pte);
		}
		table = pte & VTD_SLPTE_ADDR;
	}
	sim_mem_write64(sim, table + ((iova >> lshift) & 511) * 8,
			pa | perms | (level > 1 ? VTD_SLPTE_PS : 0));
}

void fk_set_context(struct sim *sim, uint64_t root, uint16_t sid, uint64_t pgd,
		    uint16_t did, unsigned int aw, unsigned int tt)
{
	uint64_t re = sim_mem_read64(sim, root + vtd_sid_bus(sid) * 16ull);
	uint64_t ce;

	if (!(re & VTD_ROOT_LO_P)) {
		re = sim_alloc_page(sim) | VTD_ROOT_LO_P;
		sim_mem_write64(sim, root + vtd_sid_bus(sid) * 16ull, re);
	}
	ce = (re & VTD_ROOT_LO_CTP) + vtd_sid_devfn(sid) * 16ull;
	sim_mem_write64(sim, ce + 8,
			VTD_FIELD_PREP(VTD_CTX_HI_DID, did) |
				VTD_FIELD_PREP(VTD_CTX_HI_AW, aw));
	sim_mem_write64(sim, ce,
			pgd | VTD_FIELD_PREP(VTD_CTX_LO_TT, tt) | VTD_CTX_LO_P);
}

/* Linux takes 256-bit descriptors wherever the unit has scalable mode. */
static void setup_qi(struct sim *sim, struct fk_unit *fu)
{
	bool dw = sim_mmio_read64(sim, fu->base + VTD_REG_ECAP) & VTD_ECAP_SMTS;

	fu->iq = sim_alloc_page(sim);
	fu->iq_status = sim_alloc_page(sim);
	fu->iq_dw = dw ? 2 : 1;
	sim_mmio_write64(sim, fu->base + VTD_REG_IQT, 0);
	sim_mmio_write64(sim, fu->base + VTD_REG_IQA,
			 fu->iq | (dw ? VTD_IQA_DW : 0));
	gcmd_enable(sim, fu, (uint32_t)VTD_GCMD_QIE);
}

static void setup_intremap(struct sim *sim, struct fk_unit *fu,
			   const struct fk_config *cfg)
{
	uint64_t entries = UINT64_C(2) << cfg->irta_s;
	uint64_t pages = (entries * VTD_IRTE_SIZE + 4095) / 4096, i;

	fu->irt = sim_alloc_page(sim);
	for (i = 1; i < pages; i++)
		sim_alloc_page(sim); /* contiguous: a bump allocator */
	sim_mmio_write64(sim, fu->base + VTD_REG_IRTA,
			 fu->irt | VTD_FIELD_PREP(VTD_IRTA_S, cfg->irta_s) |
				 (cfg->x2apic ? VTD_IRTA_EIME : 0));
	gcmd_oneshot(sim, fu, (uint32_t)VTD_GCMD_SIRTP);
	qi_submit(sim, fu, VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IEC), 0);
	gcmd_enable(sim, fu, (uint32_t)VTD_GCMD_IRE);
}

static uint16_t new_did(struct sim *sim, struct fk_unit *fu)
{
	if (fu->next_did >= vtd_cap_ndoms(sim_mmio_read64(sim, fu->base +
							     VTD_REG_CAP)))
		fk_die("out of domain ids", fu->base);
	return fu->next_did++;
}

/* The previous device's domain for a sharing one, else a new domain. */
static void take_domain(struct sim *sim, struct fk_unit *fu,
			struct sim_dev *d)
{
	if (d->kind == SIM_DEV_SHARED && fu->last &&
	    fu->last->kind != SIM_DEV_IDENTITY) {
		d->did = fu->last->did;
		d->pgd = fu->last->pgd;
	} else {
		d->did = new_did(sim, fu);
		d->pgd = sim_alloc_page(sim);
	}
}

static void setup_device_dma(struct sim *sim, struct fk_unit *fu,
			     const struct fk_config *cfg, struct sim_dev *d)
{
	unsigned int tt = d->ats ? VTD_TT_ALL : VTD_TT_UNTRANSLATED;
	/* Sharing devices map at IOVAs of their own in the one table. */
	uint64_t top = FK_IOVA_TOP - (uint64_t)d->id * 16 * VTD_PAGE_SIZE_4K;
	int i;

	d->nr_maps = cfg->maps_per_dev;
	if (d->kind == SIM_DEV_IDENTITY) {
		if (!fu->identity_did)
			fu->identity_did = new_did(sim, fu);
		d->did = fu->identity_did;
		d->pgd = 0;
		tt = VTD_TT_PASSTHROUGH;
		for (i = 0; i < d->nr_maps; i++)
			d->map[i].iova = d->map[i].pa = sim_alloc_page(sim);
	} else {
		take_domain(sim, fu, d);
		for (i = 0; i < d->nr_maps; i++) {
			d->map[i].iova = top - (uint64_t)i * VTD_PAGE_SIZE_4K;
			d->map[i].pa = sim_alloc_page(sim);
			fk_map(sim, d->pgd, vtd_aw_levels(cfg->aw),
			       d->map[i].iova, d->map[i].pa, VTD_PAGE_SHIFT_4K,
			       VTD_SLPTE_R | VTD_SLPTE_W);
		}
		fu->last = d;
	}
	fk_set_context(sim, fu->root, d->sid, d->pgd, d->did, cfg->aw, tt);
	if (d->kind == SIM_DEV_ALIAS)
		fk_set_context(sim, fu->root, d->alias, d->pgd, d->did,
			       cfg->aw, tt);
}

void fk_map_fs(struct sim *sim, uint64_t pgd, unsigned int levels,
	       uint64_t iova, uint64_t pa, unsigned int shift, bool write)
{
	const uint64_t table_bits =
		VTD_FSPTE_P | VTD_FSPTE_RW | VTD_FSPTE_US | VTD_FSPTE_A;
	uint64_t table = pgd, pte;
	unsigned int level, lshift;

	for (level = levels;; level--) {
		lshift =
			VTD_PAGE_SHIFT_4K + VTD_SLPT_LEVEL_STRIDE * (level - 1);
		if (lshift == shift || level == 1)
			break;
		pte = sim_mem_read64(sim, table + ((iova >> lshift) & 511) * 8);
		if (!(pte & VTD_FSPTE_P)) {
			pte = sim_alloc_page(sim) | table_bits;
			sim_mem_write64(
				sim, table + ((iova >> lshift) & 511) * 8, pte);
		}
		table = pte & VTD_FSPTE_ADDR;
	}
	sim_mem_write64(sim, table + ((iova >> lshift) & 511) * 8,
			pa | VTD_FSPTE_P | VTD_FSPTE_US | VTD_FSPTE_A |
				(write ? VTD_FSPTE_RW | VTD_FSPTE_D : 0) |
				(level > 1 ? VTD_FSPTE_PS : 0));
}

/*
 * A scalable-mode context entry for @sid naming the PASID directory @dir,
 * as context_entry_set_pasid_table() does: PDTS, RID_PASID 0, DTE for an
 * ATS device, fault reporting on, P last.  Root halves made on demand.
 */
static void sm_set_context(struct sim *sim, uint64_t root, uint16_t sid,
			   uint64_t dir, bool dte)
{
	unsigned int devfn = vtd_sid_devfn(sid);
	uint64_t half = root + vtd_sid_bus(sid) * 16ull +
			(devfn >= VTD_SM_CTX_ENTRIES ? 8 : 0);
	uint64_t re = sim_mem_read64(sim, half), ce;

	if (!(re & VTD_ROOT_LO_P)) {
		re = sim_alloc_page(sim) | VTD_ROOT_LO_P;
		sim_mem_write64(sim, half, re);
	}
	ce = (re & VTD_ROOT_LO_CTP) +
	     (devfn % VTD_SM_CTX_ENTRIES) * (uint64_t)VTD_SM_CTX_ENTRY_SIZE;
	sim_mem_write64(sim, ce + 8,
			VTD_FIELD_PREP(VTD_SM_CTX_HI_RID_PASID, 0));
	sim_mem_write64(sim, ce,
			dir | VTD_FIELD_PREP(VTD_SM_CTX_LO_PDTS, FK_SM_PDTS) |
				(dte ? VTD_SM_CTX_LO_DTE : 0) |
				VTD_SM_CTX_LO_P);
}

/*
 * PASID 0's entry for a device's domain, as intel_pasid_setup_first_level
 * (second_level, pass_through) write it: cleared, fields set, P last.
 */
static uint64_t sm_pasid_table(struct sim *sim, const struct fk_config *cfg,
			       const struct sim_dev *d, uint64_t ecap)
{
	uint64_t dir = sim_alloc_page(sim), pt = sim_alloc_page(sim);
	uint64_t v[VTD_PASID_ENTRY_WORDS] = { 0 };
	unsigned int pgtt = d->kind == SIM_DEV_IDENTITY ? VTD_PGTT_PT
			    : cfg->second_stage		? VTD_PGTT_SS
							: VTD_PGTT_FS;
	int k;

	v[0] = VTD_FIELD_PREP(VTD_PASID_LO_AW, cfg->aw) |
	       VTD_FIELD_PREP(VTD_PASID_LO_PGTT, pgtt) | VTD_PASID_LO_P;
	v[1] = VTD_FIELD_PREP(VTD_PASID_HI_DID, d->did) |
	       (ecap & VTD_ECAP_SMPWCS ? VTD_PASID_HI_PWSNP : 0);
	if (pgtt == VTD_PGTT_SS)
		v[0] |= d->pgd;
	if (pgtt == VTD_PGTT_FS)
		v[2] = d->pgd | VTD_FIELD_PREP(VTD_PASID_W2_FSPM,
					       cfg->aw == VTD_AW_57BIT
						       ? VTD_FSPM_5LEVEL
						       : VTD_FSPM_4LEVEL);
	for (k = VTD_PASID_ENTRY_WORDS - 1; k >= 0; k--)
		sim_mem_write64(sim, pt + 8ull * k, v[k]);
	sim_mem_write64(sim, dir, pt | VTD_PDE_P);
	return dir;
}

static void setup_device_sm(struct sim *sim, struct fk_unit *fu,
			    const struct fk_config *cfg, struct sim_dev *d)
{
	uint64_t top = FK_IOVA_TOP - (uint64_t)d->id * 16 * VTD_PAGE_SIZE_4K;
	uint64_t ecap = sim_mmio_read64(sim, fu->base + VTD_REG_ECAP);
	uint64_t dir;
	int i;

	d->nr_maps = cfg->maps_per_dev;
	if (d->kind == SIM_DEV_IDENTITY) {
		d->did = FK_SM_PT_DID;
		d->pgd = 0;
		for (i = 0; i < d->nr_maps; i++)
			d->map[i].iova = d->map[i].pa = sim_alloc_page(sim);
	} else {
		take_domain(sim, fu, d);
		for (i = 0; i < d->nr_maps; i++) {
			d->map[i].iova = top - (uint64_t)i * VTD_PAGE_SIZE_4K;
			d->map[i].pa = sim_alloc_page(sim);
			if (cfg->second_stage)
				fk_map(sim, d->pgd, vtd_aw_levels(cfg->aw),
				       d->map[i].iova, d->map[i].pa,
				       VTD_PAGE_SHIFT_4K,
				       VTD_SLPTE_R | VTD_SLPTE_W);
			else
				fk_map_fs(sim, d->pgd, vtd_aw_levels(cfg->aw),
					  d->map[i].iova, d->map[i].pa,
					  VTD_PAGE_SHIFT_4K, true);
		}
		fu->last = d;
	}
	/* A device and its DMA aliases share one PASID table. */
	dir = sm_pasid_table(sim, cfg, d, ecap);
	sm_set_context(sim, fu->root, d->sid, dir, d->ats);
	if (d->kind == SIM_DEV_ALIAS)
		sm_set_context(sim, fu->root, d->alias, dir, d->ats);
}

/* Without translation the bus address is the physical address. */
static void setup_device_untranslated(struct sim *sim,
				      const struct fk_config *cfg,
				      struct sim_dev *d)
{
	int i;

	d->nr_maps = cfg->maps_per_dev;
	for (i = 0; i < d->nr_maps; i++)
		d->map[i].iova = d->map[i].pa = sim_alloc_page(sim);
}

static void setup_device_irqs(struct sim *sim, struct fk_unit *fu,
			      const struct fk_config *cfg, struct sim_dev *d)
{
	int i;

	d->nr_irqs = cfg->intremap ? cfg->irqs_per_dev : 0;
	for (i = 0; i < d->nr_irqs; i++) {
		uint32_t idx = fu->next_irte++;
		uint8_t vec =
			(uint8_t)(FK_MSI_VECTOR_BASE + (d->id * 7 + i) % 200);
		uint32_t dest = cfg->x2apic ? (uint32_t)d->id * 3 + 0x100
					    : (uint32_t)(d->id % 8);
		uint64_t lo =
			VTD_IRTE_LO_P | VTD_FIELD_PREP(VTD_IRTE_LO_V, vec) |
			(cfg->x2apic
				 ? VTD_FIELD_PREP(VTD_IRTE_LO_DST, dest)
				 : VTD_FIELD_PREP(VTD_IRTE_LO_DST_XAPIC, dest));
		uint64_t hi = VTD_FIELD_PREP(VTD_IRTE_HI_SID, sim_dev_rid(d)) |
			      VTD_FIELD_PREP(VTD_IRTE_HI_SVT, VTD_SVT_SID);
		uint64_t pa = fu->irt + (uint64_t)idx * VTD_IRTE_SIZE;

		if (idx >= (UINT32_C(2) << cfg->irta_s))
			fk_die("out of IRTEs", fu->base);
		sim_mem_write64(sim, pa + 8, hi);
		sim_mem_write64(sim, pa, lo);
		qi_submit(sim, fu,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IEC) |
				  VTD_QI_IEC_G |
				  VTD_FIELD_PREP(VTD_QI_IEC_IIDX, idx),
			  0);
		d->irq[i].index = idx;
		d->irq[i].addr =
			VTD_MSI_ADDR_BASE | VTD_MSI_ADDR_IF | VTD_MSI_ADDR_SHV |
			VTD_FIELD_PREP(VTD_MSI_ADDR_HANDLE_LO, idx) |
			VTD_FIELD_PREP(VTD_MSI_ADDR_HANDLE_15,
				       idx >> VTD_MSI_ADDR_HANDLE_LO_BITS);
		d->irq[i].data = 0;
		d->irq[i].vector = vec;
		d->irq[i].dest = dest;
	}
}

static void boot_unit(struct sim *sim, int unit, const struct fk_config *cfg,
		      struct sim_dev *devs, int nr_devs)
{
	struct fk_unit *fu = calloc(1, sizeof(*fu));
	int i;

	if (!fu)
		abort();
	fu->base = sim_unit_reg_base(sim, unit);
	fu->sm = cfg->scalable && !cfg->translation_off;
	fu->next_did = fu->sm ? FK_SM_FIRST_DID : 1; /* 0 stays unused */
	if (cfg->use_qi || cfg->intremap)
		setup_qi(sim, fu);
	if (cfg->intremap)
		setup_intremap(sim, fu, cfg);

	if (cfg->translation_off) {
		for (i = 0; i < nr_devs; i++)
			if (devs[i].unit == unit)
				setup_device_untranslated(sim, cfg, &devs[i]);
	} else {
		fu->root = sim_alloc_page(sim);
		/* Its driver turns ATS on: ATS Enable in the function. */
		for (i = 0; i < nr_devs; i++)
			if (devs[i].unit == unit && devs[i].ats) {
				sim_set_fn(sim, unit, devs[i].sid,
					   SIM_FN_ATS_ENABLED);
				sim_set_fn(sim, unit, sim_dev_rid(&devs[i]),
					   SIM_FN_ATS_ENABLED);
			}
		for (i = 0; i < nr_devs; i++)
			if (devs[i].unit == unit && fu->sm)
				setup_device_sm(sim, fu, cfg, &devs[i]);
			else if (devs[i].unit == unit)
				setup_device_dma(sim, fu, cfg, &devs[i]);
		sim_mmio_write64(
			sim, fu->base + VTD_REG_RTADDR,
			fu->root | VTD_FIELD_PREP(VTD_RTADDR_TTM,
						  fu->sm ? VTD_TTM_SCALABLE
							 : VTD_TTM_LEGACY));
		gcmd_oneshot(sim, fu, (uint32_t)VTD_GCMD_SRTP);
		flush_ctx_and_iotlb(sim, fu, cfg->use_qi || cfg->intremap);
		gcmd_enable(sim, fu, (uint32_t)VTD_GCMD_TE);
	}

	for (i = 0; i < nr_devs; i++)
		if (devs[i].unit == unit)
			setup_device_irqs(sim, fu, cfg, &devs[i]);
	free(fu);
}

void fk_boot(struct sim *sim, const struct fk_config *cfg, struct sim_dev *devs,
	     int nr_devs)
{
	int u, i;

	for (i = 0; i < nr_devs; i++)
		devs[i].id = i + 1;
	for (u = 0; u < sim_nr_units(sim); u++)
		boot_unit(sim, u, cfg, devs, nr_devs);
}
