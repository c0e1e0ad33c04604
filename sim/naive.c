// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * naive.c - the crash kernel of the seed's failure: what Linux did before
 * 4.2 when it found the IOMMU enabled at boot.  It turns remapping off,
 * installs fresh empty root and IRTE tables, invalidates and turns
 * remapping back on.  Devices still doing DMA see untranslated writes
 * while translation is off, then "root entry not present" (reason 1);
 * their interrupts see "IRTE not present" (reason 34).
 *
 * Every register and memory access goes through sim_cut_*, so the test's
 * traffic runs between any two of its steps.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kexec-vtd/vtd-hw.h>

#include "platform.h"

#define NAIVE_POLL_LIMIT 1000
#define NAIVE_IRTA_S 7

static void wait_gsts(struct sim *sim, uint64_t base, uint32_t bit, bool set)
{
	int i;

	for (i = 0; i < NAIVE_POLL_LIMIT; i++)
		if (!!(sim_cut_mmio_read32(sim, base + VTD_REG_GSTS) & bit) ==
		    set)
			return;
	fprintf(stderr, "naive: GSTS bit 0x%x never %s\n", bit,
		set ? "set" : "cleared");
	abort();
}

static void gcmd(struct sim *sim, uint64_t base, uint32_t *shadow, uint32_t bit,
		 bool on)
{
	if (on)
		*shadow |= bit;
	else
		*shadow &= ~bit;
	sim_cut_mmio_write32(sim, base + VTD_REG_GCMD, *shadow);
	wait_gsts(sim, base, bit, on);
}

static void register_flush(struct sim *sim, uint64_t base, uint64_t ecap)
{
	uint64_t iotlb =
		base + vtd_ecap_iotlb_offset(ecap) + VTD_REG_IOTLB_FROM_IVA;

	sim_cut_mmio_write64(
		sim, base + VTD_REG_CCMD,
		VTD_CCMD_ICC | VTD_FIELD_PREP(VTD_CCMD_CIRG, VTD_INV_GLOBAL));
	while (sim_cut_mmio_read64(sim, base + VTD_REG_CCMD) & VTD_CCMD_ICC)
		;
	sim_cut_mmio_write64(
		sim, iotlb,
		VTD_IOTLB_IVT | VTD_FIELD_PREP(VTD_IOTLB_IIRG, VTD_INV_GLOBAL));
	while (sim_cut_mmio_read64(sim, iotlb) & VTD_IOTLB_IVT)
		;
}

static void restart_intremap(struct sim *sim, uint64_t base, uint32_t *shadow,
			     bool x2apic)
{
	uint64_t iq = sim_alloc_page(sim), irt = sim_alloc_page(sim);

	sim_cut_mmio_write64(sim, base + VTD_REG_IQT, 0);
	sim_cut_mmio_write64(sim, base + VTD_REG_IQA, iq);
	gcmd(sim, base, shadow, (uint32_t)VTD_GCMD_QIE, true);
	sim_cut_mmio_write64(sim, base + VTD_REG_IRTA,
			     irt | VTD_FIELD_PREP(VTD_IRTA_S, NAIVE_IRTA_S) |
				     (x2apic ? VTD_IRTA_EIME : 0));
	sim_cut_mmio_write32(sim, base + VTD_REG_GCMD,
			     *shadow | (uint32_t)VTD_GCMD_SIRTP);
	wait_gsts(sim, base, (uint32_t)VTD_GSTS_IRTPS, true);
	sim_cut_mem_write64(sim, iq,
			    VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IEC));
	sim_cut_mem_write64(sim, iq + 8, 0);
	sim_cut_mmio_write64(sim, base + VTD_REG_IQT,
			     VTD_FIELD_PREP(VTD_IQ_QH, 1));
	gcmd(sim, base, shadow, (uint32_t)VTD_GCMD_IRE, true);
}

static void reset_unit(struct sim *sim, uint64_t base)
{
	uint32_t sts = sim_cut_mmio_read32(sim, base + VTD_REG_GSTS);
	uint64_t ecap = sim_cut_mmio_read64(sim, base + VTD_REG_ECAP);
	uint64_t irta = sim_cut_mmio_read64(sim, base + VTD_REG_IRTA);
	uint32_t shadow = sts & (uint32_t)(VTD_GSTS_TES | VTD_GSTS_IRES |
					   VTD_GSTS_QIES | VTD_GSTS_CFIS);
	bool had_ir = sts & VTD_GSTS_IRES;
	uint64_t root;

	if (shadow & VTD_GCMD_IRE)
		gcmd(sim, base, &shadow, (uint32_t)VTD_GCMD_IRE, false);
	if (shadow & VTD_GCMD_TE)
		gcmd(sim, base, &shadow, (uint32_t)VTD_GCMD_TE, false);
	if (shadow & VTD_GCMD_QIE)
		gcmd(sim, base, &shadow, (uint32_t)VTD_GCMD_QIE, false);

	root = sim_alloc_page(sim);
	sim_cut_mmio_write64(sim, base + VTD_REG_RTADDR, root);
	sim_cut_mmio_write32(sim, base + VTD_REG_GCMD,
			     shadow | (uint32_t)VTD_GCMD_SRTP);
	wait_gsts(sim, base, (uint32_t)VTD_GSTS_RTPS, true);
	register_flush(sim, base, ecap);
	gcmd(sim, base, &shadow, (uint32_t)VTD_GCMD_TE, true);

	if (had_ir)
		restart_intremap(sim, base, &shadow, irta & VTD_IRTA_EIME);
}

void naive_crash_kernel(struct sim *sim)
{
	int u;

	for (u = 0; u < sim_nr_units(sim); u++)
		reset_unit(sim, sim_unit_reg_base(sim, u));
}
