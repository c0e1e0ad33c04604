// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_did_fix.c - the series' first patch (kernel/did-fix.diff), a fix
 * of upstream's copy of scalable-mode context entries in a kdump kernel,
 * on the VT-d model.  Linux 6.12 reserves context_domain_id() of each
 * copied entry, which in scalable mode reads RID_PASID bits, not a domain
 * id: the old domain ids stay free, the kdump kernel's first new domain
 * takes the id of a device still on the copied tables, and the model's
 * IOTLB (tagged by domain id and PASID, as the spec's) hands one device's
 * translations to the other.  The fix's function is the very text of the
 * patch (tests/kernel/added-function.sh takes it out of the diff), built
 * here on the twin headers with memremap() reading the model's memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include <linux/bitmap.h>
#include "iommu.h"
#include "pasid.h"

#include "platform.h"
#include "sim.h"
#include "adapter.h"

/* What the function uses of the kernel, on the model. */
typedef u64 phys_addr_t;
struct intel_iommu {
	const char *name;
	u64 cap;
	unsigned long *domain_ids;
};

#define MEMREMAP_WB 1
#define set_bit __set_bit

static struct sim *mapped_sim;
static u64 unmappable; /* memremap() of this address fails; 0: none */
static unsigned int nr_warned, nr_mapped;

#define pr_warn(...) (nr_warned++)

static void *memremap(phys_addr_t pa, size_t len, unsigned long flags)
{
	void *p;

	assert_int_equal(flags, MEMREMAP_WB);
	if (pa == unmappable)
		return NULL;
	p = malloc(len);
	assert_non_null(p);
	sim_mem_read(mapped_sim, pa, p, len);
	nr_mapped++;
	return p;
}

static void memunmap(void *p)
{
	nr_mapped--;
	free(p);
}

#include "did-fix-fn.h"

#define NDOMS 256
#define BASE SIM_BASE

struct scene {
	struct sim *sim;
	struct sim_dev devs[3];
	struct intel_iommu iommu;
	DECLARE_BITMAP(dids, NDOMS);
};

/* A first kernel in scalable mode (Linux 6.12's set-up) with @nr devices. */
static void scene_up(struct scene *s, int nr)
{
	struct fk_config fk = FK_CONFIG_LINUX_SM(1, 1, 8);
	struct sim_config cfg;
	int i;

	memset(s, 0, sizeof(*s));
	sim_config_default(&cfg, 1, NULL);
	cfg.unit[0].ecap = sim_scalable_ecap();
	s->sim = sim_new(&cfg);
	for (i = 0; i < nr; i++) {
		s->devs[i].sid = (uint16_t)(0x100 | i << 3);
		s->devs[i].id = i;
	}
	fk_boot(s->sim, &fk, s->devs, nr);
	s->iommu.name = "dmar0";
	s->iommu.cap = sim_mmio_read64(s->sim, BASE + VTD_REG_CAP);
	s->iommu.domain_ids = s->dids;
	assert_int_equal(cap_ndoms(s->iommu.cap), NDOMS);
	/* Reserved at boot by Linux 6.12: 0 and FLPT_DEFAULT_DID. */
	__set_bit(0, s->dids);
	__set_bit(1, s->dids);
	mapped_sim = s->sim;
	unmappable = 0;
	nr_warned = nr_mapped = 0;
}

/*
 * The reservation in copy_context_table() over every present entry of
 * the live tables: Linux 6.12's (@fixed false) or the patch's.
 */
static void copy_reserve(struct scene *s, bool fixed)
{
	u64 rt = sim_mmio_read64(s->sim, BASE + VTD_REG_RTADDR) & VTD_PAGE_MASK;
	unsigned int bus, half, idx;
	struct context_entry ce;
	u64 table;
	int did;

	for (bus = 0; bus < 256; bus++) {
		for (half = 0; half < 2; half++) {
			table = sim_mem_read64(s->sim, rt + bus * 16 + half * 8);
			if (!(table & 1))
				continue;
			table &= VTD_PAGE_MASK;
			for (idx = 0; idx < VTD_SM_CTX_ENTRIES; idx++) {
				ce.lo = sim_mem_read64(s->sim, table + idx * 32);
				ce.hi = sim_mem_read64(s->sim,
						       table + idx * 32 + 8);
				if (!context_present(&ce))
					continue;
				if (fixed) {
					copied_pasid_dids_reserve(&s->iommu,
								  &ce);
					continue;
				}
				did = context_domain_id(&ce);
				if (did >= 0 && did < (int)NDOMS)
					__set_bit((unsigned long)did, s->dids);
			}
		}
	}
}

/* domain_attach_iommu(): the lowest free domain id. */
static u16 new_domain_id(struct scene *s)
{
	u16 did;

	for (did = 0; did < NDOMS && test_bit(did, s->dids); did++)
		;
	assert_true(did < NDOMS);
	__set_bit(did, s->dids);
	return did;
}

/* The live scalable context entry of @sid (its low 128 bits). */
static u64 ctx_at(struct scene *s, u16 sid)
{
	u64 rt = sim_mmio_read64(s->sim, BASE + VTD_REG_RTADDR) & VTD_PAGE_MASK;
	unsigned int devfn = sid & 0xff, upper = devfn >= 0x80;
	u64 table = sim_mem_read64(s->sim, rt + (sid >> 8) * 16 + upper * 8);

	return (table & VTD_PAGE_MASK) + (devfn % 0x80) * 32ull;
}

/*
 * The kdump kernel's first attach of @d as Linux 6.12 does it on a
 * copied entry: the entry torn down, the caches flushed globally, then
 * a PASID directory and table of its own, RID_PASID's entry first-stage
 * in domain @did, which maps @iova to @pa.
 */
static void upstream_attach(struct scene *s, struct sim_dev *d, u16 did,
			    u64 iova, u64 pa)
{
	u64 dir = sim_alloc_page(s->sim), pt = sim_alloc_page(s->sim);
	u64 pgd = sim_alloc_page(s->sim), ce = ctx_at(s, d->sid);
	struct sim_adapter ad;

	fk_map_fs(s->sim, pgd, 4, iova, pa, VTD_PAGE_SHIFT_4K, true);
	sim_mem_write64(s->sim, pt + 16, pgd | VTD_FIELD_PREP(VTD_PASID_W2_FSPM,
							      VTD_FSPM_4LEVEL));
	sim_mem_write64(s->sim, pt + 8, VTD_FIELD_PREP(VTD_PASID_HI_DID, did));
	sim_mem_write64(s->sim, pt,
			VTD_FIELD_PREP(VTD_PASID_LO_AW, VTD_AW_48BIT) |
				VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_FS) |
				VTD_PASID_LO_P);
	sim_mem_write64(s->sim, dir, pt | VTD_PDE_P);
	sim_adapter_init(&ad, s->sim);
	ad.quiet = true;
	sim_mem_write64(s->sim, ce, sim_mem_read64(s->sim, ce) & ~1ull);
	assert_int_equal(sim_kernel_flush_unit(&ad, BASE), 0);
	sim_mem_write64(s->sim, ce + 8, 0);
	sim_mem_write64(s->sim, ce,
			dir | VTD_FIELD_PREP(VTD_SM_CTX_LO_PDTS, 2) |
				VTD_SM_CTX_LO_P);
}

/*
 * Device 1 is attached first; device 0 still runs on the copied tables.
 * Both then write to device 0's IOVA, device 0 first: where does device
 * 1's write land?
 */
static u64 second_write_lands(struct scene *s, u16 *did)
{
	struct sim_dev *old = &s->devs[0], *attached = &s->devs[1];
	u64 iova = old->map[0].iova, page = sim_alloc_page(s->sim);
	struct sim_dma_result r;
	uint8_t b[8] = { 0 };

	*did = new_domain_id(s);
	upstream_attach(s, attached, *did, iova, page);
	r = sim_dma(s->sim, 0, old->sid, iova, true, b, sizeof(b));
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, old->map[0].pa);
	r = sim_dma(s->sim, 0, attached->sid, iova, true, b, sizeof(b));
	assert_int_equal(r.result, SIM_OK);
	/* What the attached device's own table says, to compare with. */
	return r.pa == page ? 0 : r.pa;
}

/* Before: the new domain takes device 0's id and its translations. */
static void test_upstream_copy_aliases_a_copied_domain(void **state)
{
	struct scene s;
	u16 did;

	(void)state;
	scene_up(&s, 2);
	assert_int_equal(s.devs[0].did, 2);
	copy_reserve(&s, false);
	assert_int_equal(bitmap_weight(s.dids, NDOMS), 2); /* 0 and 1 only */
	assert_int_equal(second_write_lands(&s, &did), s.devs[0].map[0].pa);
	assert_int_equal(did, s.devs[0].did);
	sim_free(s.sim);
}

/* After: every old id reserved, each device's write lands in its page. */
static void test_fix_reserves_the_copied_domain_ids(void **state)
{
	struct scene s;
	u16 did;

	(void)state;
	scene_up(&s, 3);
	copy_reserve(&s, true);
	assert_true(test_bit(s.devs[0].did, s.dids));
	assert_true(test_bit(s.devs[1].did, s.dids));
	assert_true(test_bit(s.devs[2].did, s.dids));
	assert_int_equal(bitmap_weight(s.dids, NDOMS), 5);
	assert_int_equal(second_write_lands(&s, &did), 0);
	assert_int_not_equal(did, s.devs[0].did);
	assert_int_equal(nr_warned + nr_mapped, 0);
	sim_free(s.sim);
}

/*
 * Every present entry of every present directory entry (a PASID besides
 * RID_PASID, in a second PASID table); not an entry whose P is clear,
 * whatever its domain-id field holds.
 */
static void test_fix_reserves_every_present_pasid_entry(void **state)
{
	struct scene s;
	u64 dir, pt;

	(void)state;
	scene_up(&s, 1);
	dir = sim_mem_read64(s.sim, ctx_at(&s, s.devs[0].sid)) & VTD_PAGE_MASK;
	pt = sim_alloc_page(s.sim);
	/* PASID 70: directory entry 1, table entry 6; PASID 71: not present. */
	sim_mem_write64(s.sim, pt + 6 * 64 + 8,
			VTD_FIELD_PREP(VTD_PASID_HI_DID, 40));
	sim_mem_write64(s.sim, pt + 6 * 64,
			VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_PT) |
				VTD_PASID_LO_P);
	sim_mem_write64(s.sim, pt + 7 * 64 + 8,
			VTD_FIELD_PREP(VTD_PASID_HI_DID, 41));
	sim_mem_write64(s.sim, dir + 8, pt | VTD_PDE_P);
	/* A directory entry whose P is clear leads nowhere. */
	sim_mem_write64(s.sim, dir + 16, pt);
	copy_reserve(&s, true);
	assert_true(test_bit(s.devs[0].did, s.dids));
	assert_true(test_bit(40, s.dids));
	assert_false(test_bit(41, s.dids));
	assert_int_equal(bitmap_weight(s.dids, NDOMS), 4);
	sim_free(s.sim);
}

/* A directory that cannot be mapped: said, skipped, nothing else lost. */
static void test_fix_unmappable_directory_is_reported(void **state)
{
	struct scene s;

	(void)state;
	scene_up(&s, 2);
	unmappable = sim_mem_read64(s.sim, ctx_at(&s, s.devs[0].sid)) &
		     VTD_PAGE_MASK;
	copy_reserve(&s, true);
	assert_int_equal(nr_warned, 1);
	assert_int_equal(nr_mapped, 0);
	assert_false(test_bit(s.devs[0].did, s.dids));
	assert_true(test_bit(s.devs[1].did, s.dids));
	sim_free(s.sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upstream_copy_aliases_a_copied_domain),
		cmocka_unit_test(test_fix_reserves_the_copied_domain_ids),
		cmocka_unit_test(test_fix_reserves_every_present_pasid_entry),
		cmocka_unit_test(test_fix_unmappable_directory_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
