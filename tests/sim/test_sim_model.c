// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_sim_model.c - the model against hand-computed expectations from the
 * VT-d specification: page walks of each depth, superpages, permissions,
 * every DMA and interrupt fault reason the model produces, caches that
 * stay stale until the right invalidation, fault recording and overflow,
 * command/status semantics, queued invalidation, and Linux's log lines.
 *
 * Tables here are written by hand, entry by entry, not through fk.c, so
 * the walk is checked against the spec's indexing and not against our
 * own builder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "sim.h"

#define BASE 0xfed90000ull
#define RAM 0x1000000ull
#define RW (VTD_SLPTE_R | VTD_SLPTE_W)
#define SID(bus, dev, fn) ((uint16_t)((bus) << 8 | VTD_DEVFN(dev, fn)))

struct fixture {
	struct sim *sim;
	uint64_t root;
	uint32_t gcmd; /* persistent command bits */
};

static unsigned int evict_per_1024; /* set by the eviction test only */
static unsigned int tear_per_1024;  /* and these by their tests */
static uint64_t ecap_or;

static struct sim *make_sim(unsigned int mgaw, unsigned int nfr,
			    uint64_t cap_or, uint64_t cap_clear)
{
	struct sim_config cfg = { .nr_units = 1,
				  .ram_base = RAM,
				  .ram_size = 256 << 20,
				  .evict_per_1024 = evict_per_1024,
				  .tear_per_1024 = tear_per_1024,
				  .evict_seed = 7 };

	cfg.unit[0].reg_base = BASE;
	cfg.unit[0].cap = (sim_default_cap(mgaw, nfr, 2) | cap_or) & ~cap_clear;
	cfg.unit[0].ecap = sim_default_ecap() | ecap_or;
	return sim_new(&cfg);
}

static uint32_t gsts(struct fixture *f)
{
	return sim_mmio_read32(f->sim, BASE + VTD_REG_GSTS);
}

static void cmd(struct fixture *f, uint32_t bit, bool on)
{
	f->gcmd = on ? f->gcmd | bit : f->gcmd & ~bit;
	sim_mmio_write32(f->sim, BASE + VTD_REG_GCMD, f->gcmd);
}

static void oneshot(struct fixture *f, uint32_t bit)
{
	sim_mmio_write32(f->sim, BASE + VTD_REG_GCMD, f->gcmd | bit);
}

/* A unit with a root table installed and translation on. */
static void setup_translation(struct fixture *f, unsigned int mgaw,
			      unsigned int nfr)
{
	memset(f, 0, sizeof(*f));
	f->sim = make_sim(mgaw, nfr, 0, 0);
	assert_non_null(f->sim);
	f->root = sim_alloc_page(f->sim);
	sim_mmio_write64(f->sim, BASE + VTD_REG_RTADDR, f->root);
	oneshot(f, (uint32_t)VTD_GCMD_SRTP);
	cmd(f, (uint32_t)VTD_GCMD_TE, true);
	assert_true(gsts(f) & VTD_GSTS_TES);
}

/* Root entry for @bus and context entry for @sid, written by hand. */
static uint64_t put_context(struct fixture *f, uint16_t sid, uint64_t lo,
			    uint64_t hi)
{
	uint64_t re = sim_mem_read64(f->sim, f->root + (sid >> 8) * 16ull);
	uint64_t ctp;

	if (!(re & 1)) {
		ctp = sim_alloc_page(f->sim);
		sim_mem_write64(f->sim, f->root + (sid >> 8) * 16ull, ctp | 1);
	} else {
		ctp = re & ~0xfffull;
	}
	sim_mem_write64(f->sim, ctp + (sid & 0xff) * 16ull + 8, hi);
	sim_mem_write64(f->sim, ctp + (sid & 0xff) * 16ull, lo);
	return ctp;
}

static uint64_t ctx_hi(uint16_t did, unsigned int aw)
{
	return VTD_FIELD_PREP(VTD_CTX_HI_DID, did) |
	       VTD_FIELD_PREP(VTD_CTX_HI_AW, aw);
}

static struct sim_dma_result dma(struct fixture *f, uint16_t sid, uint64_t iova,
				 bool write, uint64_t *val)
{
	uint8_t buf[8];

	vtd_st_le64(buf, val ? *val : 0);
	struct sim_dma_result r = sim_dma(f->sim, 0, sid, iova, write, buf, 8);

	if (val && !write)
		*val = vtd_ld_le64(buf);
	return r;
}

static void teardown(struct fixture *f)
{
	sim_free(f->sim);
}

/*
 * A 3-level walk by hand: iova 0x40201000 has index 1 at every level
 * (bits 38:30 = 1, 29:21 = 1, 20:12 = 1).
 */
static void test_sim_walk_three_levels_by_hand(void **state)
{
	struct fixture f;
	uint64_t pgd, l2, l1, v = 0x1122334455667788ull;
	struct sim_dma_result r;

	setup_translation(&f, 48, 8);
	pgd = sim_alloc_page(f.sim);
	l2 = sim_alloc_page(f.sim);
	l1 = sim_alloc_page(f.sim);
	sim_mem_write64(f.sim, pgd + 1 * 8, l2 | RW);
	sim_mem_write64(f.sim, l2 + 1 * 8, l1 | RW);
	sim_mem_write64(f.sim, l1 + 1 * 8, 0x5000000 | RW);
	put_context(&f, SID(1, 0, 0), pgd | VTD_CTX_LO_P,
		    ctx_hi(7, VTD_AW_39BIT));

	r = dma(&f, SID(1, 0, 0), 0x40201010, true, &v);
	assert_int_equal(r.result, SIM_OK);
	assert_true(r.translated);
	assert_int_equal(r.pa, 0x5000010);
	assert_int_equal(sim_mem_read64(f.sim, 0x5000010), v);
	v = 0;
	r = dma(&f, SID(1, 0, 0), 0x40201010, false, &v);
	assert_int_equal(v, 0x1122334455667788ull);
	teardown(&f);
}

/* 4 and 5 levels: the top index comes from bits 47:39 and 56:48. */
static void test_sim_walk_four_and_five_levels(void **state)
{
	struct fixture f;
	const uint64_t iova = (3ull << 48) | (2ull << 39) | (1ull << 30) |
			      (1ull << 21) | (1ull << 12);
	uint64_t t[5], v = 42;
	struct sim_dma_result r;
	int i;

	setup_translation(&f, 57, 8);
	for (i = 0; i < 5; i++)
		t[i] = sim_alloc_page(f.sim);
	/* 5 levels: indexes 3, 2, 1, 1, 1. */
	sim_mem_write64(f.sim, t[0] + 3 * 8, t[1] | RW);
	sim_mem_write64(f.sim, t[1] + 2 * 8, t[2] | RW);
	sim_mem_write64(f.sim, t[2] + 1 * 8, t[3] | RW);
	sim_mem_write64(f.sim, t[3] + 1 * 8, t[4] | RW);
	sim_mem_write64(f.sim, t[4] + 1 * 8, 0x7000000 | RW);
	put_context(&f, SID(0, 3, 0), t[0] | VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_57BIT));
	r = dma(&f, SID(0, 3, 0), iova + 8, true, &v);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0x7000008);

	/* 4 levels from t[1]: the same low 48 bits minus bits 56:48. */
	put_context(&f, SID(0, 4, 0), t[1] | VTD_CTX_LO_P,
		    ctx_hi(2, VTD_AW_48BIT));
	r = dma(&f, SID(0, 4, 0), (iova & ((1ull << 48) - 1)) + 8, true, &v);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0x7000008);
	teardown(&f);
}

static void test_sim_superpages(void **state)
{
	struct fixture f;
	uint64_t pgd, l2;
	struct sim_dma_result r;

	setup_translation(&f, 48, 8);
	pgd = sim_alloc_page(f.sim);
	l2 = sim_alloc_page(f.sim);
	sim_mem_write64(f.sim, pgd + 1 * 8, l2 | RW);
	/* 2 MiB page at level 2, index 1: iova 0x40200000. */
	sim_mem_write64(f.sim, l2 + 1 * 8, 0x80000000 | VTD_SLPTE_PS | RW);
	/* 1 GiB page at level 3, index 2: iova 0x80000000. */
	sim_mem_write64(f.sim, pgd + 2 * 8, 0xc0000000 | VTD_SLPTE_PS | RW);
	put_context(&f, SID(0, 1, 0), pgd | VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_39BIT));
	r = dma(&f, SID(0, 1, 0), 0x40200000 + 0x1234, false, NULL);
	assert_int_equal(r.pa, 0x80001234);
	r = dma(&f, SID(0, 1, 0), 0x401ff000, false, NULL);
	assert_int_equal(r.result, SIM_FAULT); /* index 0 of l2: empty */
	r = dma(&f, SID(0, 1, 0), 0x80000000 + 0x123456, false, NULL);
	assert_int_equal(r.pa, 0xc0123456);
	teardown(&f);

	/* A unit without superpage support calls PS a reserved bit. */
	memset(&f, 0, sizeof(f));
	f.sim = make_sim(48, 8, 0, VTD_CAP_SLLPS);
	f.root = sim_alloc_page(f.sim);
	sim_mmio_write64(f.sim, BASE + VTD_REG_RTADDR, f.root);
	oneshot(&f, (uint32_t)VTD_GCMD_SRTP);
	cmd(&f, (uint32_t)VTD_GCMD_TE, true);
	pgd = sim_alloc_page(f.sim);
	sim_mem_write64(f.sim, pgd + 2 * 8, 0xc0000000 | VTD_SLPTE_PS | RW);
	put_context(&f, SID(0, 1, 0), pgd | VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_39BIT));
	r = dma(&f, SID(0, 1, 0), 0x80000000, false, NULL);
	assert_int_equal(r.result, SIM_FAULT);
	assert_int_equal(r.reason, VTD_FR_PAGING_ENTRY_RSVD);
	teardown(&f);
}

/* Read/write rights are the AND over every level of the walk. */
static void test_sim_permissions(void **state)
{
	struct fixture f;
	uint64_t pgd, l2, l1;
	struct sim_dma_result r;

	setup_translation(&f, 48, 8);
	pgd = sim_alloc_page(f.sim);
	l2 = sim_alloc_page(f.sim);
	l1 = sim_alloc_page(f.sim);
	sim_mem_write64(f.sim, pgd, l2 | RW);
	sim_mem_write64(f.sim, l2, l1 | VTD_SLPTE_R); /* read-only above */
	sim_mem_write64(f.sim, l1 + 0 * 8, 0x100000 | RW);
	sim_mem_write64(f.sim, l1 + 1 * 8, 0x200000 | VTD_SLPTE_W);
	put_context(&f, SID(0, 2, 0), pgd | VTD_CTX_LO_P,
		    ctx_hi(3, VTD_AW_39BIT));
	r = dma(&f, SID(0, 2, 0), 0x0, true, NULL);
	assert_int_equal(r.reason, VTD_FR_WRITE);
	r = dma(&f, SID(0, 2, 0), 0x0, false, NULL);
	assert_int_equal(r.result, SIM_OK);
	r = dma(&f, SID(0, 2, 0), 0x1000, false, NULL);
	assert_int_equal(r.reason, VTD_FR_READ);
	/* Not present at the leaf: the request's kind names the reason. */
	r = dma(&f, SID(0, 2, 0), 0x2000, false, NULL);
	assert_int_equal(r.reason, VTD_FR_READ);
	r = dma(&f, SID(0, 2, 0), 0x2000, true, NULL);
	assert_int_equal(r.reason, VTD_FR_WRITE);
	teardown(&f);
}

/* Every DMA fault reason the model knows, from a request that causes it. */
static void test_sim_dma_fault_reasons(void **state)
{
	struct fixture f;
	uint64_t pgd;

	setup_translation(&f, 48, 16);
	pgd = sim_alloc_page(f.sim);
	put_context(&f, SID(0, 1, 0), pgd | VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_39BIT));
	assert_int_equal(dma(&f, SID(2, 0, 0), 0x1000, false, NULL).reason,
			 VTD_FR_ROOT_ENTRY_P);
	assert_int_equal(dma(&f, SID(0, 9, 0), 0x1000, false, NULL).reason,
			 VTD_FR_CTX_ENTRY_P);
	assert_int_equal(dma(&f, SID(0, 1, 0), 1ull << 39, false, NULL).reason,
			 VTD_FR_ADDR_BEYOND_MGAW);
	put_context(&f, SID(0, 5, 0),
		    pgd | VTD_FIELD_PREP(VTD_CTX_LO_TT, 3) | VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_39BIT));
	assert_int_equal(dma(&f, SID(0, 5, 0), 0, false, NULL).reason,
			 VTD_FR_CTX_ENTRY_INV);
	/* AW 57 on a unit whose SAGAW lacks 5-level tables. */
	put_context(&f, SID(0, 6, 0), pgd | VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_57BIT));
	assert_int_equal(dma(&f, SID(0, 6, 0), 0, false, NULL).reason,
			 VTD_FR_CTX_ENTRY_INV);
	put_context(&f, SID(0, 7, 0), pgd | VTD_BIT(5) | VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_39BIT));
	assert_int_equal(dma(&f, SID(0, 7, 0), 0, false, NULL).reason,
			 VTD_FR_CTX_ENTRY_RSVD);
	sim_mem_write64(f.sim, f.root + 3 * 16, 0x123000 | VTD_BIT(4) | 1);
	assert_int_equal(dma(&f, SID(3, 0, 0), 0, false, NULL).reason,
			 VTD_FR_ROOT_ENTRY_RSVD);
	assert_int_equal(sim_unit_stats(f.sim, 0)->dma_faults, 7);
	teardown(&f);
}

static void test_sim_passthrough_and_translation_off(void **state)
{
	struct fixture f;
	struct sim_dma_result r;

	setup_translation(&f, 48, 8);
	put_context(&f, SID(0, 1, 0),
		    VTD_FIELD_PREP(VTD_CTX_LO_TT, VTD_TT_PASSTHROUGH) |
			    VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_39BIT));
	r = dma(&f, SID(0, 1, 0), 0x12345678, true, NULL);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0x12345678);
	assert_false(r.translated);
	cmd(&f, (uint32_t)VTD_GCMD_TE, false);
	assert_false(gsts(&f) & VTD_GSTS_TES);
	r = dma(&f, SID(7, 0, 0), 0xabc000, true, NULL);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0xabc000);
	teardown(&f);
}

static void count_events(void *ctx, const struct sim_event *ev)
{
	int *n = ctx;

	n[ev->type]++;
}

/* FPD in the context entry: the request is blocked, nothing is recorded. */
static void test_sim_fault_processing_disable(void **state)
{
	struct fixture f;
	int events[SIM_EV_UNMODELLED + 1] = { 0 };
	uint64_t pgd;

	setup_translation(&f, 48, 8);
	sim_set_trace(f.sim, count_events, events);
	pgd = sim_alloc_page(f.sim);
	put_context(&f, SID(0, 1, 0), pgd | VTD_CTX_LO_FPD | VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_39BIT));
	assert_int_equal(dma(&f, SID(0, 1, 0), 0x1000, false, NULL).result,
			 SIM_FAULT);
	assert_int_equal(events[SIM_EV_FAULT_SUPPRESSED], 1);
	assert_int_equal(sim_unit_stats(f.sim, 0)->faults_recorded, 0);
	assert_false(sim_mmio_read32(f.sim, BASE + VTD_REG_FSTS) &
		     VTD_FSTS_PPF);
	teardown(&f);
}

static void ccmd(struct fixture *f, int g, uint16_t did, uint16_t sid)
{
	sim_mmio_write64(f->sim, BASE + VTD_REG_CCMD,
			 VTD_CCMD_ICC | VTD_FIELD_PREP(VTD_CCMD_CIRG, g) |
				 VTD_FIELD_PREP(VTD_CCMD_DID, did) |
				 VTD_FIELD_PREP(VTD_CCMD_SID, sid));
}

static void iotlb(struct fixture *f, int g, uint16_t did, uint64_t addr,
		  unsigned int am)
{
	uint64_t iro = vtd_ecap_iotlb_offset(sim_default_ecap());

	sim_mmio_write64(f->sim, BASE + iro, addr | am);
	sim_mmio_write64(f->sim, BASE + iro + VTD_REG_IOTLB_FROM_IVA,
			 VTD_IOTLB_IVT | VTD_FIELD_PREP(VTD_IOTLB_IIRG, g) |
				 VTD_FIELD_PREP(VTD_IOTLB_DID, did));
}

/*
 * @sid's IOVA 0 maps the 4 KiB page at @pa through a 3-level table of
 * domain 4; returns the context table, and the last-level table in @l1.
 */
static uint64_t map_at_zero(struct fixture *f, uint16_t sid, uint64_t pa,
			    uint64_t *l1)
{
	uint64_t pgd = sim_alloc_page(f->sim), l2 = sim_alloc_page(f->sim);

	*l1 = sim_alloc_page(f->sim);
	sim_mem_write64(f->sim, pgd, l2 | RW);
	sim_mem_write64(f->sim, l2, *l1 | RW);
	sim_mem_write64(f->sim, *l1, pa | RW);
	return put_context(f, sid, pgd | VTD_CTX_LO_P, ctx_hi(4, VTD_AW_39BIT));
}

/* A changed context entry is not seen until the context cache is flushed. */
static void test_sim_context_cache_stale_until_invalidated(void **state)
{
	struct fixture f;
	uint64_t l1, ctp, v;
	const uint16_t sid = SID(0, 1, 0);

	setup_translation(&f, 48, 8);
	ctp = map_at_zero(&f, sid, 0x300000, &l1);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).pa, 0x300010);
	/* Clear the entry in memory: cached, the device still translates. */
	sim_mem_write64(f.sim, ctp + (sid & 0xff) * 16, 0);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).result, SIM_OK);
	/* A domain flush for another domain changes nothing. */
	ccmd(&f, VTD_INV_DOMAIN, 5, 0);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).result, SIM_OK);
	/* A device flush that names another domain-id changes nothing. */
	ccmd(&f, VTD_INV_DEVICE, 0, sid);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).result, SIM_OK);
	/* A device flush for this source-id and its domain-id does. */
	ccmd(&f, VTD_INV_DEVICE, 4, sid);
	assert_false(sim_mmio_read64(f.sim, BASE + VTD_REG_CCMD) &
		     VTD_CCMD_ICC);
	assert_int_equal(
		VTD_FIELD_GET(VTD_CCMD_CAIG,
			      sim_mmio_read64(f.sim, BASE + VTD_REG_CCMD)),
		VTD_INV_DEVICE);
	v = 0;
	assert_int_equal(dma(&f, sid, 0x10, false, &v).reason,
			 VTD_FR_CTX_ENTRY_P);
	teardown(&f);
}

/*
 * A cache may drop an entry whenever it likes: with eviction at every
 * hit, a change in memory is seen at once, without an invalidation, in
 * the context cache and the IOTLB alike.  Code that relied on a stale
 * entry to hide a half-written table would be caught by this.
 */
static void test_sim_caches_evict(void **state)
{
	struct fixture f;
	uint64_t l1, ctp;
	const uint16_t sid = SID(0, 1, 0);

	evict_per_1024 = 1024;
	setup_translation(&f, 48, 8);
	evict_per_1024 = 0;
	ctp = map_at_zero(&f, sid, 0x300000, &l1);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).pa, 0x300010);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).pa, 0x300010);
	/* The PTE changes: the evicted IOTLB entry is walked again. */
	sim_mem_write64(f.sim, l1, 0x400000 | RW);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).pa, 0x400010);
	/* The context entry goes: no stale copy serves the device. */
	sim_mem_write64(f.sim, ctp + (sid & 0xff) * 16, 0);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).reason,
			 VTD_FR_CTX_ENTRY_P);
	assert_true(sim_unit_stats(f.sim, 0)->evictions >= 3);
	assert_int_equal(sim_unit_stats(f.sim, 0)->iotlb_hits, 0);
	/* A device-selective request, carried out domain-selective. */
	ccmd(&f, VTD_INV_DEVICE, 4, sid);
	assert_int_equal(
		VTD_FIELD_GET(VTD_CCMD_CAIG,
			      sim_mmio_read64(f.sim, BASE + VTD_REG_CCMD)),
		VTD_INV_DOMAIN);
	teardown(&f);
}

/* A changed PTE is not seen until the IOTLB entry for it is flushed. */
static void test_sim_iotlb_stale_until_invalidated(void **state)
{
	struct fixture f;
	uint64_t pgd, l2, l1;
	const uint16_t sid = SID(0, 1, 0);

	setup_translation(&f, 48, 8);
	pgd = sim_alloc_page(f.sim);
	l2 = sim_alloc_page(f.sim);
	l1 = sim_alloc_page(f.sim);
	sim_mem_write64(f.sim, pgd, l2 | RW);
	sim_mem_write64(f.sim, l2, l1 | RW);
	sim_mem_write64(f.sim, l1 + 5 * 8, 0x400000 | RW);
	put_context(&f, sid, pgd | VTD_CTX_LO_P, ctx_hi(9, VTD_AW_39BIT));
	assert_int_equal(dma(&f, sid, 0x5008, false, NULL).pa, 0x400008);
	sim_mem_write64(f.sim, l1 + 5 * 8, 0x900000 | RW);
	assert_int_equal(dma(&f, sid, 0x5008, false, NULL).pa, 0x400008);
	/* Wrong domain, and the right domain's other pages: still stale. */
	iotlb(&f, VTD_INV_DOMAIN, 8, 0, 0);
	iotlb(&f, VTD_INV_PAGE, 9, 0x6000, 0);
	assert_int_equal(dma(&f, sid, 0x5008, false, NULL).pa, 0x400008);
	/* Pages 4-7 of domain 9 (AM 2) cover it. */
	iotlb(&f, VTD_INV_PAGE, 9, 0x4000, 2);
	assert_int_equal(dma(&f, sid, 0x5008, false, NULL).pa, 0x900008);
	/* Unmapping needs the flush too. */
	sim_mem_write64(f.sim, l1 + 5 * 8, 0);
	assert_int_equal(dma(&f, sid, 0x5008, false, NULL).result, SIM_OK);
	iotlb(&f, VTD_INV_GLOBAL, 0, 0, 0);
	assert_int_equal(dma(&f, sid, 0x5008, false, NULL).reason, VTD_FR_READ);
	assert_true(sim_unit_stats(f.sim, 0)->iotlb_hits >= 3);
	teardown(&f);
}

#define MAX_LINES 8
struct lines {
	int n;
	char line[MAX_LINES][160];
};

static void collect_line(void *ctx, const char *line)
{
	struct lines *l = ctx;

	if (l->n < MAX_LINES)
		snprintf(l->line[l->n++], sizeof(l->line[0]), "%s", line);
}

/* Four fault registers: four faults recorded, the fifth overflows. */
static void test_sim_fault_recording_and_overflow(void **state)
{
	struct lines lines = { 0 };
	struct fixture f;
	uint64_t frcd =
		BASE + vtd_cap_fault_reg_offset(sim_default_cap(48, 4, 2));
	uint32_t fsts;
	int i;

	setup_translation(&f, 48, 4);
	for (i = 0; i < 5; i++)
		dma(&f, SID(1, 0, 0), 0xfff80000 + i * 0x1000ull, i & 1, NULL);
	fsts = sim_mmio_read32(f.sim, BASE + VTD_REG_FSTS);
	assert_true(fsts & VTD_FSTS_PPF);
	assert_true(fsts & VTD_FSTS_PFO);
	assert_int_equal(VTD_FIELD_GET(VTD_FSTS_FRI, fsts), 0);
	assert_int_equal(sim_unit_stats(f.sim, 0)->faults_recorded, 4);
	assert_int_equal(sim_unit_stats(f.sim, 0)->faults_dropped, 1);
	assert_int_equal(sim_fault_regs_format(f.sim, 0, collect_line, &lines),
			 4);
	assert_string_equal(lines.line[0],
			    "DMAR: [DMA Read] Request device [01:00.0] fault "
			    "addr fff80000 [fault reason 01] Present bit in "
			    "root entry is clear");
	assert_string_equal(lines.line[1],
			    "DMAR: [DMA Write] Request device [01:00.0] fault "
			    "addr fff81000 [fault reason 01] Present bit in "
			    "root entry is clear");

	/* Software clears record 0 (write 1 to F): FRI moves to record 1. */
	sim_mmio_write64(f.sim, frcd + 8, VTD_FRCD_HI_F);
	fsts = sim_mmio_read32(f.sim, BASE + VTD_REG_FSTS);
	assert_int_equal(VTD_FIELD_GET(VTD_FSTS_FRI, fsts), 1);
	for (i = 1; i < 4; i++)
		sim_mmio_write64(f.sim, frcd + i * 16 + 8, VTD_FRCD_HI_F);
	fsts = sim_mmio_read32(f.sim, BASE + VTD_REG_FSTS);
	assert_false(fsts & VTD_FSTS_PPF);
	assert_true(fsts & VTD_FSTS_PFO);
	sim_mmio_write32(f.sim, BASE + VTD_REG_FSTS, VTD_FSTS_PFO);
	assert_false(sim_mmio_read32(f.sim, BASE + VTD_REG_FSTS) &
		     VTD_FSTS_PFO);
	/* The next fault goes to the next register in turn: record 0. */
	dma(&f, SID(1, 0, 0), 0x1000, false, NULL);
	assert_true(sim_mmio_read64(f.sim, frcd + 8) & VTD_FRCD_HI_F);
	teardown(&f);
}

static void test_sim_command_status_semantics(void **state)
{
	struct fixture f;
	uint64_t other, pgd;
	int events[SIM_EV_UNMODELLED + 1] = { 0 };

	memset(&f, 0, sizeof(f));
	f.sim = make_sim(48, 8, 0, 0);
	sim_set_trace(f.sim, count_events, events);
	/* TE before a root table pointer was ever set. */
	cmd(&f, (uint32_t)VTD_GCMD_TE, true);
	assert_int_equal(events[SIM_EV_MISPROGRAMMED], 1);
	cmd(&f, (uint32_t)VTD_GCMD_TE, false);
	/* GCMD is write-only. */
	assert_int_equal(sim_mmio_read32(f.sim, BASE + VTD_REG_GCMD), 0);

	f.root = sim_alloc_page(f.sim);
	pgd = sim_alloc_page(f.sim);
	put_context(&f, SID(0, 1, 0),
		    VTD_FIELD_PREP(VTD_CTX_LO_TT, VTD_TT_PASSTHROUGH) |
			    VTD_CTX_LO_P,
		    ctx_hi(1, VTD_AW_39BIT));
	sim_mmio_write64(f.sim, BASE + VTD_REG_RTADDR, f.root);
	assert_false(gsts(&f) & VTD_GSTS_RTPS);
	oneshot(&f, (uint32_t)VTD_GCMD_SRTP);
	assert_true(gsts(&f) & VTD_GSTS_RTPS);
	cmd(&f, (uint32_t)VTD_GCMD_TE, true);
	assert_true(gsts(&f) & VTD_GSTS_TES);
	/* RTADDR alone changes nothing until the next SRTP: latched. */
	other = sim_alloc_page(f.sim);
	sim_mmio_write64(f.sim, BASE + VTD_REG_RTADDR, other);
	assert_int_equal(sim_mmio_read64(f.sim, BASE + VTD_REG_RTADDR), other);
	assert_int_equal(dma(&f, SID(0, 1, 0), 0x1000, false, NULL).result,
			 SIM_OK);
	oneshot(&f, (uint32_t)VTD_GCMD_SRTP);
	ccmd(&f, VTD_INV_GLOBAL, 0, 0);
	assert_int_equal(dma(&f, SID(0, 1, 0), 0x1000, false, NULL).reason,
			 VTD_FR_ROOT_ENTRY_P);
	/* Two commands in one write are counted against the software. */
	sim_mmio_write32(
		f.sim, BASE + VTD_REG_GCMD,
		(uint32_t)(VTD_GCMD_TE | VTD_GCMD_CFI | VTD_GCMD_SRTP));
	assert_int_equal(events[SIM_EV_MISPROGRAMMED], 2);
	(void)pgd;
	teardown(&f);
}

/* A fixture with queued invalidation enabled on a one-page queue. */
static uint64_t setup_qi(struct fixture *f)
{
	uint64_t iq = sim_alloc_page(f->sim);

	sim_mmio_write64(f->sim, BASE + VTD_REG_IQT, 0);
	sim_mmio_write64(f->sim, BASE + VTD_REG_IQA, iq);
	cmd(f, (uint32_t)VTD_GCMD_QIE, true);
	assert_true(gsts(f) & VTD_GSTS_QIES);
	return iq;
}

static void qi_put(struct fixture *f, uint64_t iq, unsigned int *tail,
		   uint64_t lo, uint64_t hi)
{
	sim_mem_write64(f->sim, iq + *tail * 16ull, lo);
	sim_mem_write64(f->sim, iq + *tail * 16ull + 8, hi);
	(*tail)++;
	sim_mmio_write64(f->sim, BASE + VTD_REG_IQT, (uint64_t)*tail << 4);
}

static void test_sim_queued_invalidation(void **state)
{
	struct fixture f;
	uint64_t iq, status, pgd, l1;
	unsigned int tail = 0;
	const uint16_t sid = SID(0, 1, 0);
	int events[SIM_EV_UNMODELLED + 1] = { 0 };

	setup_translation(&f, 48, 8);
	sim_set_trace(f.sim, count_events, events);
	iq = setup_qi(&f);
	status = sim_alloc_page(f.sim);
	pgd = sim_alloc_page(f.sim);
	l1 = sim_alloc_page(f.sim);
	sim_mem_write64(f.sim, pgd, sim_alloc_page(f.sim) | RW);
	sim_mem_write64(f.sim, sim_mem_read64(f.sim, pgd) & ~0xfffull, l1 | RW);
	sim_mem_write64(f.sim, l1, 0x500000 | RW);
	put_context(&f, sid, pgd | VTD_CTX_LO_P, ctx_hi(3, VTD_AW_39BIT));
	assert_int_equal(dma(&f, sid, 0, false, NULL).pa, 0x500000);
	sim_mem_write64(f.sim, l1, 0x600000 | RW);

	/* Register-based invalidation is refused while QI is on. */
	iotlb(&f, VTD_INV_GLOBAL, 0, 0, 0);
	assert_int_equal(events[SIM_EV_MISPROGRAMMED], 1);
	assert_int_equal(dma(&f, sid, 0, false, NULL).pa, 0x500000);

	/* An IOTLB page descriptor, then a wait descriptor that writes. */
	qi_put(&f, iq, &tail,
	       VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IOTLB) |
		       VTD_FIELD_PREP(VTD_QI_IOTLB_G, VTD_INV_PAGE) |
		       VTD_FIELD_PREP(VTD_QI_IOTLB_DID, 3),
	       0);
	qi_put(&f, iq, &tail,
	       VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) | VTD_QI_WAIT_SW |
		       VTD_FIELD_PREP(VTD_QI_WAIT_SDATA, 0xabcd),
	       status);
	assert_int_equal(sim_mem_read32(f.sim, status), 0xabcd);
	assert_int_equal(sim_mmio_read64(f.sim, BASE + VTD_REG_IQH), 2 << 4);
	assert_int_equal(dma(&f, sid, 0, false, NULL).pa, 0x600000);

	/* An invalid descriptor stops the queue with IQE set. */
	qi_put(&f, iq, &tail, 0xf, 0);
	assert_true(sim_mmio_read32(f.sim, BASE + VTD_REG_FSTS) & VTD_FSTS_IQE);
	assert_int_equal(sim_mmio_read64(f.sim, BASE + VTD_REG_IQH), 2 << 4);
	teardown(&f);
}

/* --- interrupt remapping --- */

static uint64_t msi_addr(uint32_t index)
{
	return VTD_MSI_ADDR_BASE | VTD_MSI_ADDR_IF | VTD_MSI_ADDR_SHV |
	       VTD_FIELD_PREP(VTD_MSI_ADDR_HANDLE_LO, index & 0x7fff) |
	       VTD_FIELD_PREP(VTD_MSI_ADDR_HANDLE_15, index >> 15);
}

/* IR on with a 256-entry table; returns the table's address. */
static uint64_t setup_ir(struct fixture *f, bool x2apic, uint64_t *iq)
{
	uint64_t irt;

	memset(f, 0, sizeof(*f));
	f->sim = make_sim(48, 8, 0, 0);
	*iq = setup_qi(f);
	irt = sim_alloc_page(f->sim);
	sim_mmio_write64(f->sim, BASE + VTD_REG_IRTA,
			 irt | VTD_FIELD_PREP(VTD_IRTA_S, 7) |
				 (x2apic ? VTD_IRTA_EIME : 0));
	oneshot(f, (uint32_t)VTD_GCMD_SIRTP);
	assert_true(gsts(f) & VTD_GSTS_IRTPS);
	cmd(f, (uint32_t)VTD_GCMD_IRE, true);
	assert_true(gsts(f) & VTD_GSTS_IRES);
	return irt;
}

static void put_irte(struct fixture *f, uint64_t irt, uint32_t idx, uint8_t vec,
		     uint64_t dst_field, uint16_t sid, unsigned int svt,
		     unsigned int sq)
{
	sim_mem_write64(f->sim, irt + idx * 16ull + 8,
			VTD_FIELD_PREP(VTD_IRTE_HI_SID, sid) |
				VTD_FIELD_PREP(VTD_IRTE_HI_SVT, svt) |
				VTD_FIELD_PREP(VTD_IRTE_HI_SQ, sq));
	sim_mem_write64(f->sim, irt + idx * 16ull,
			VTD_IRTE_LO_P | VTD_FIELD_PREP(VTD_IRTE_LO_V, vec) |
				dst_field);
}

static void test_sim_interrupt_remapping(void **state)
{
	struct fixture f;
	uint64_t iq, irt;
	struct sim_irq_result r;
	struct lines lines = { 0 };

	irt = setup_ir(&f, true, &iq);
	put_irte(&f, irt, 5, 0x41, VTD_FIELD_PREP(VTD_IRTE_LO_DST, 0x12345),
		 SID(3, 0, 1), VTD_SVT_SID, 0);
	r = sim_msi(f.sim, 0, SID(3, 0, 1), msi_addr(5), 0);
	assert_int_equal(r.result, SIM_OK);
	assert_true(r.remapped);
	assert_int_equal(r.vector, 0x41);
	assert_int_equal(r.dest, 0x12345); /* x2APIC: 32-bit */
	/* Subhandle: handle 4 + data 1 = index 5. */
	r = sim_msi(f.sim, 0, SID(3, 0, 1), msi_addr(4), 1);
	assert_int_equal(r.index, 5);
	assert_int_equal(r.vector, 0x41);
	/* Wrong requester. */
	r = sim_msi(f.sim, 0, SID(3, 0, 2), msi_addr(5), 0);
	assert_int_equal(r.reason, VTD_FR_IR_SID_ERR);
	/* SQ 3 ignores the function number. */
	put_irte(&f, irt, 6, 0x42, 0, SID(3, 0, 0), VTD_SVT_SID, 3);
	assert_int_equal(sim_msi(f.sim, 0, SID(3, 0, 7), msi_addr(6), 0).result,
			 SIM_OK);
	/* SVT 2: bus range 3-4 in the SID field. */
	put_irte(&f, irt, 7, 0x43, 0, 0x0304, VTD_SVT_BUS, 0);
	assert_int_equal(sim_msi(f.sim, 0, SID(4, 1, 0), msi_addr(7), 0).result,
			 SIM_OK);
	assert_int_equal(sim_msi(f.sim, 0, SID(5, 1, 0), msi_addr(7), 0).reason,
			 VTD_FR_IR_SID_ERR);
	/* Not present; beyond the table (2^(7+1) entries). */
	r = sim_msi(f.sim, 0, SID(0x61, 0, 0), msi_addr(0x42), 0);
	assert_int_equal(r.reason, VTD_FR_IR_ENTRY_P);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(256), 0).reason,
			 VTD_FR_IR_INDEX_OVER);
	/* Compatibility format, blocked unless CFI. */
	assert_int_equal(sim_msi(f.sim, 0, 0, VTD_MSI_ADDR_BASE, 0x30).reason,
			 VTD_FR_IR_REQ_COMPAT);
	cmd(&f, (uint32_t)VTD_GCMD_CFI, true);
	r = sim_msi(f.sim, 0, 0, VTD_MSI_ADDR_BASE | (3 << 12), 0x30);
	assert_int_equal(r.result, SIM_OK);
	assert_false(r.remapped);
	assert_int_equal(r.vector, 0x30);
	assert_int_equal(r.dest, 3);

	/* The log line Linux prints for the not-present IRTE above. */
	assert_true(sim_fault_regs_format(f.sim, 0, collect_line, &lines) >= 3);
	assert_string_equal(lines.line[2],
			    "INTR-REMAP: Request device [61:00.0] fault index "
			    "42 [fault reason 34] Present field in the IRTE "
			    "entry is clear");
	teardown(&f);
}

static void test_sim_interrupt_xapic_destination(void **state)
{
	struct fixture f;
	uint64_t iq, irt;
	struct sim_irq_result r;

	irt = setup_ir(&f, false, &iq);
	put_irte(&f, irt, 1, 0x51, VTD_FIELD_PREP(VTD_IRTE_LO_DST_XAPIC, 0x7),
		 0, VTD_SVT_NONE, 0);
	r = sim_msi(f.sim, 0, SID(9, 9, 1), msi_addr(1), 0);
	assert_int_equal(r.dest, 7);
	assert_int_equal(r.vector, 0x51);
	teardown(&f);
}

/* An IRTE change is seen only after an interrupt entry cache flush. */
static void test_sim_iec_stale_until_invalidated(void **state)
{
	struct fixture f;
	uint64_t iq, irt;
	unsigned int tail = 0;

	irt = setup_ir(&f, true, &iq);
	put_irte(&f, irt, 9, 0x60, 0, 0, VTD_SVT_NONE, 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(9), 0).vector, 0x60);
	put_irte(&f, irt, 9, 0x61, 0, 0, VTD_SVT_NONE, 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(9), 0).vector, 0x60);
	/* Index-selective for entries 12-15 (IM 2): not this one. */
	qi_put(&f, iq, &tail,
	       VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IEC) | VTD_QI_IEC_G |
		       VTD_FIELD_PREP(VTD_QI_IEC_IM, 2) |
		       VTD_FIELD_PREP(VTD_QI_IEC_IIDX, 12),
	       0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(9), 0).vector, 0x60);
	/* Entries 8-11: this one. */
	qi_put(&f, iq, &tail,
	       VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IEC) | VTD_QI_IEC_G |
		       VTD_FIELD_PREP(VTD_QI_IEC_IM, 2) |
		       VTD_FIELD_PREP(VTD_QI_IEC_IIDX, 8),
	       0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(9), 0).vector, 0x61);
	/* Clear it: cached still, until a global flush. */
	sim_mem_write64(f.sim, irt + 9 * 16, 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(9), 0).result, SIM_OK);
	qi_put(&f, iq, &tail, VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IEC), 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(9), 0).reason,
			 VTD_FR_IR_ENTRY_P);
	/* With remapping off, the same message is taken as compatibility. */
	cmd(&f, (uint32_t)VTD_GCMD_IRE, false);
	assert_false(sim_msi(f.sim, 0, 0, msi_addr(9), 0).remapped);
	teardown(&f);
}

static void test_sim_memory_is_sparse_over_52_bits(void **state)
{
	struct fixture f;
	size_t before;

	memset(&f, 0, sizeof(f));
	f.sim = make_sim(48, 8, 0, 0);
	before = sim_mem_pages(f.sim);
	sim_mem_write64(f.sim, (1ull << 51) + 8, 0xfeed);
	sim_mem_write64(f.sim, 0x10, 0xbeef);
	assert_int_equal(sim_mem_read64(f.sim, (1ull << 51) + 8), 0xfeed);
	assert_int_equal(sim_mem_read64(f.sim, 0x10), 0xbeef);
	assert_int_equal(sim_mem_read64(f.sim, 1ull << 50), 0);
	assert_int_equal(sim_mem_pages(f.sim), before + 2);
	/* A write across a page boundary lands in both pages. */
	sim_mem_write64(f.sim, 0x2ffc, 0x1122334455667788ull);
	assert_int_equal(sim_mem_read32(f.sim, 0x3000), 0x11223344);
	/* Outside every register page, MMIO reads as all ones. */
	assert_int_equal(sim_mmio_read32(f.sim, 0xfee00000), 0xffffffffu);
	assert_int_equal(sim_mmio_read32(f.sim, BASE + VTD_REG_VER), 0x10);
	teardown(&f);
}


/* A 3-level table at a new page mapping IOVA 0 to @pa. */
static uint64_t table_to(struct fixture *f, uint64_t pa)
{
	uint64_t pgd = sim_alloc_page(f->sim), l2 = sim_alloc_page(f->sim);
	uint64_t l1 = sim_alloc_page(f->sim);

	sim_mem_write64(f->sim, pgd, l2 | RW);
	sim_mem_write64(f->sim, l2, l1 | RW);
	sim_mem_write64(f->sim, l1, pa | RW);
	return pgd;
}

/*
 * The unit may read a context entry's two halves at different moments
 * (the model's tear_per_1024): between two 64-bit stores of a change it
 * can pair the new table with the old domain id, a state memory never
 * held; a locked 16-byte store is seen old or new, never mixed.
 */
static void test_sim_entries_fetched_in_halves(void **state)
{
	uint64_t a_pgd, b_pgd, ce, torn[2];
	const uint16_t sid = SID(0, 1, 0);
	struct fixture f;
	int split, i;

	for (split = 0; split < 2; split++) {
		evict_per_1024 = 1024; /* every access fetches the entry */
		tear_per_1024 = 1024;
		setup_translation(&f, 48, 8);
		evict_per_1024 = tear_per_1024 = 0;
		a_pgd = table_to(&f, 0x300000);
		b_pgd = table_to(&f, 0x400000);
		ce = put_context(&f, sid, a_pgd | VTD_CTX_LO_P,
				 ctx_hi(4, VTD_AW_39BIT)) +
		     (sid & 0xff) * 16ull;
		if (split) {
			sim_cut_mem_write64(f.sim, ce + 8,
					    ctx_hi(5, VTD_AW_39BIT));
			sim_cut_mem_write64(f.sim, ce, b_pgd | VTD_CTX_LO_P);
		} else {
			sim_cut_mem_write128(f.sim, ce, b_pgd | VTD_CTX_LO_P,
					     ctx_hi(5, VTD_AW_39BIT));
		}
		for (i = 0; i < 200; i++) {
			uint64_t pa = dma(&f, sid, 0x10, false, NULL).pa;

			assert_true(pa == 0x300010 || pa == 0x400010);
		}
		torn[split] = sim_unit_stats(f.sim, 0)->torn_fetches;
		/* A completed invalidation closes the window. */
		ccmd(&f, VTD_INV_GLOBAL, 0, 0);
		for (i = 0; i < 50; i++)
			assert_int_equal(dma(&f, sid, 0x10, false, NULL).pa,
					 0x400010);
		assert_int_equal(sim_unit_stats(f.sim, 0)->torn_fetches,
				 torn[split]);
		teardown(&f);
	}
	assert_int_equal(torn[0], 0);
	assert_true(torn[1] > 0);
}

/*
 * ATS (4.2): translation requests and translated requests only where
 * the context entry allows them (TT 01b); the device keeps what it got
 * until a device-TLB invalidation for its source-id, which the model
 * signals by moving sim_devtlb_gen() on for that source-id alone.
 */
static void test_sim_device_tlb(void **state)
{
	const uint16_t sid = SID(0, 1, 0), other = SID(0, 2, 0);
	struct sim_dma_result r;
	struct fixture f;
	uint64_t iq, pgd;
	unsigned int tail = 0;
	uint8_t buf[8] = { 0 };

	ecap_or = VTD_ECAP_DT;
	setup_translation(&f, 48, 8);
	ecap_or = 0;
	iq = setup_qi(&f);
	pgd = table_to(&f, 0x300000);
	put_context(&f, sid,
		    pgd | VTD_CTX_LO_P |
			    VTD_FIELD_PREP(VTD_CTX_LO_TT, VTD_TT_ALL),
		    ctx_hi(4, VTD_AW_39BIT));
	put_context(&f, other, pgd | VTD_CTX_LO_P, ctx_hi(4, VTD_AW_39BIT));
	r = sim_ats_translate(f.sim, 0, sid, 0x10, true);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0x300010);
	r = sim_dma_translated(f.sim, 0, sid, 0x300010, true, buf, 8);
	assert_int_equal(r.result, SIM_OK);
	/* Untranslated-only: both kinds blocked. */
	r = sim_ats_translate(f.sim, 0, other, 0x10, false);
	assert_int_equal(r.reason, VTD_FR_CTX_ENTRY_TT);
	r = sim_dma_translated(f.sim, 0, other, 0x300010, false, buf, 8);
	assert_int_equal(r.reason, VTD_FR_CTX_ENTRY_TT);
	/* A device-TLB invalidation for @sid moves its generation only. */
	assert_int_equal(sim_devtlb_gen(f.sim, 0, sid), 0);
	qi_put(&f, iq, &tail,
	       VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_DEV_TLB) |
		       VTD_FIELD_PREP(VTD_QI_DEVTLB_SID, sid),
	       VTD_QI_DEVTLB_HI_S);
	assert_int_equal(sim_devtlb_gen(f.sim, 0, sid), 1);
	assert_int_equal(sim_devtlb_gen(f.sim, 0, other), 0);
	teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_walk_three_levels_by_hand),
		cmocka_unit_test(test_sim_walk_four_and_five_levels),
		cmocka_unit_test(test_sim_superpages),
		cmocka_unit_test(test_sim_permissions),
		cmocka_unit_test(test_sim_dma_fault_reasons),
		cmocka_unit_test(test_sim_passthrough_and_translation_off),
		cmocka_unit_test(test_sim_fault_processing_disable),
		cmocka_unit_test(
			test_sim_context_cache_stale_until_invalidated),
		cmocka_unit_test(test_sim_caches_evict),
		cmocka_unit_test(test_sim_entries_fetched_in_halves),
		cmocka_unit_test(test_sim_device_tlb),
		cmocka_unit_test(test_sim_iotlb_stale_until_invalidated),
		cmocka_unit_test(test_sim_fault_recording_and_overflow),
		cmocka_unit_test(test_sim_command_status_semantics),
		cmocka_unit_test(test_sim_queued_invalidation),
		cmocka_unit_test(test_sim_interrupt_remapping),
		cmocka_unit_test(test_sim_interrupt_xapic_destination),
		cmocka_unit_test(test_sim_iec_stale_until_invalidated),
		cmocka_unit_test(test_sim_memory_is_sparse_over_52_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
