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

#include "platform.h"

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
static uint64_t ecap_or, ecap_clear;

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
	cfg.unit[0].ecap = (sim_default_ecap() | ecap_or) & ~ecap_clear;
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

static uint32_t fsts(struct fixture *f)
{
	return sim_mmio_read32(f->sim, BASE + VTD_REG_FSTS);
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
 * held, and across a locked 16-byte store as well: the spec has no words
 * that it reads the entry in one access (#21, 7).
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
	assert_true(torn[0] > 0);
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
	sim_set_fn(f.sim, 0, sid, SIM_FN_ATS_ENABLED);
	assert_int_equal(sim_devtlb_gen(f.sim, 0, sid), 0);
	qi_put(&f, iq, &tail,
	       VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_DEV_TLB) |
		       VTD_FIELD_PREP(VTD_QI_DEVTLB_SID, sid),
	       VTD_QI_DEVTLB_HI_S);
	assert_int_equal(sim_devtlb_gen(f.sim, 0, sid), 1);
	assert_int_equal(sim_devtlb_gen(f.sim, 0, other), 0);
	assert_int_equal(fsts(&f) & (VTD_FSTS_IQE | VTD_FSTS_ITE), 0);
	teardown(&f);
}

/*
 * The device-TLB descriptor as hardware checks it (6.5.2.5): without
 * ECAP.DIT its PFSID fields are reserved and a PFSID there is refused
 * (IQE, IQH left at it); with DIT the same descriptor is taken.  A
 * function that does not answer (ATS Enable clear, wedged, gone) times
 * out (6.5.2.10): ITE, its source-id in IQERCD, the wait behind it
 * aborted, and nothing fetched until ITE is cleared.
 */
static void test_sim_device_tlb_errors(void **state)
{
	const uint16_t sid = SID(0, 1, 0);
	const uint64_t dtlb = VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_DEV_TLB) |
			      VTD_FIELD_PREP(VTD_QI_DEVTLB_SID, sid);
	const uint64_t pfsid = VTD_FIELD_PREP(VTD_QI_DEVTLB_PFSID_LO, 8);
	const uint64_t wait = VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) |
			      VTD_QI_WAIT_SW |
			      VTD_FIELD_PREP(VTD_QI_WAIT_SDATA, 7);
	static const unsigned int silent[] = { 0, SIM_FN_ATS_ENABLED |
							  SIM_FN_NO_ANSWER,
					       SIM_FN_ATS_ENABLED |
						       SIM_FN_GONE };
	struct fixture f;
	uint64_t iq, status;
	unsigned int tail = 0, i;

	for (i = 0; i < 2; i++) {
		ecap_or = VTD_ECAP_DT | (i ? VTD_ECAP_DIT : 0);
		setup_translation(&f, 48, 8);
		ecap_or = 0;
		iq = setup_qi(&f);
		tail = 0;
		sim_set_fn(f.sim, 0, sid, SIM_FN_ATS_ENABLED);
		qi_put(&f, iq, &tail, dtlb | pfsid, VTD_QI_DEVTLB_HI_S);
		assert_int_equal(!!(fsts(&f) & VTD_FSTS_IQE), !i);
		assert_int_equal(sim_devtlb_gen(f.sim, 0, sid), i);
		assert_int_equal(sim_mmio_read64(f.sim, BASE + VTD_REG_IQH),
				 (uint64_t)(tail - !i) << 4);
		teardown(&f);
	}
	/* Reserved bits of either word. */
	for (i = 0; i < 2; i++) {
		ecap_or = VTD_ECAP_DT | VTD_ECAP_DIT;
		setup_translation(&f, 48, 8);
		ecap_or = 0;
		iq = setup_qi(&f);
		tail = 0;
		sim_set_fn(f.sim, 0, sid, SIM_FN_ATS_ENABLED);
		qi_put(&f, iq, &tail, dtlb | (i ? 0 : VTD_BIT(21)),
		       VTD_QI_DEVTLB_HI_S | (i ? VTD_BIT(1) : 0));
		assert_true(fsts(&f) & VTD_FSTS_IQE);
		assert_int_equal(sim_devtlb_gen(f.sim, 0, sid), 0);
		teardown(&f);
	}
	for (i = 0; i < 3; i++) {
		ecap_or = VTD_ECAP_DT;
		setup_translation(&f, 48, 8);
		ecap_or = 0;
		iq = setup_qi(&f);
		status = sim_alloc_page(f.sim);
		tail = 0;
		sim_set_fn(f.sim, 0, sid, silent[i]);
		sim_mem_write64(f.sim, iq, dtlb);
		sim_mem_write64(f.sim, iq + 8, VTD_QI_DEVTLB_HI_S);
		sim_mem_write64(f.sim, iq + 16, wait);
		sim_mem_write64(f.sim, iq + 24, status);
		sim_mmio_write64(f.sim, BASE + VTD_REG_IQT, 2 << 4);
		assert_true(fsts(&f) & VTD_FSTS_ITE);
		assert_int_equal(sim_mem_read32(f.sim, status), 0);
		assert_int_equal(VTD_FIELD_GET(VTD_IQERCD_ITESID,
					       sim_mmio_read64(f.sim,
							       BASE + VTD_REG_IQERCD)),
				 sid);
		assert_int_equal(sim_devtlb_gen(f.sim, 0, sid), 0);
		/* Stopped while ITE is Set; the next wait runs once cleared. */
		tail = 2;
		qi_put(&f, iq, &tail, wait, status);
		assert_int_equal(sim_mem_read32(f.sim, status), 0);
		sim_mmio_write32(f.sim, BASE + VTD_REG_FSTS, VTD_FSTS_ITE);
		assert_int_equal(sim_mem_read32(f.sim, status), 7);
		teardown(&f);
	}
}

/* --- scalable mode --- */

#define FS_RW (VTD_FSPTE_P | VTD_FSPTE_RW | VTD_FSPTE_US)

/* A scalable-mode unit: 256-bit queued invalidation, TTM 01b, TE on. */
struct smfix {
	struct fixture f;
	uint64_t iq;
	unsigned int tail; /* in 128-bit slots */
};

static uint64_t sm_cap_or, sm_ecap_or; /* set by the ESRTPS and ATS tests */

static void setup_sm(struct smfix *s, unsigned int mgaw, uint64_t cap_clear,
		     uint64_t ecap_off)
{
	memset(s, 0, sizeof(*s));
	ecap_or = sim_scalable_ecap() | sm_ecap_or;
	ecap_clear = ecap_off;
	s->f.sim = make_sim(mgaw, 16, sm_cap_or, cap_clear);
	ecap_or = ecap_clear = 0;
	assert_non_null(s->f.sim);
	s->iq = sim_alloc_page(s->f.sim);
	sim_mmio_write64(s->f.sim, BASE + VTD_REG_IQT, 0);
	sim_mmio_write64(s->f.sim, BASE + VTD_REG_IQA, s->iq | VTD_IQA_DW);
	cmd(&s->f, (uint32_t)VTD_GCMD_QIE, true);
	s->f.root = sim_alloc_page(s->f.sim);
	sim_mmio_write64(
		s->f.sim, BASE + VTD_REG_RTADDR,
		s->f.root | VTD_FIELD_PREP(VTD_RTADDR_TTM, VTD_TTM_SCALABLE));
	oneshot(&s->f, (uint32_t)VTD_GCMD_SRTP);
	cmd(&s->f, (uint32_t)VTD_GCMD_TE, true);
	assert_true(gsts(&s->f) & VTD_GSTS_TES);
}

/* One 256-bit descriptor (upper half zero); true when the queue took it. */
static bool qi256(struct smfix *s, uint64_t lo, uint64_t hi)
{
	uint64_t d = s->iq + s->tail * 16ull;

	sim_mem_write64(s->f.sim, d, lo);
	sim_mem_write64(s->f.sim, d + 8, hi);
	sim_mem_write64(s->f.sim, d + 16, 0);
	sim_mem_write64(s->f.sim, d + 24, 0);
	s->tail += 2;
	sim_mmio_write64(s->f.sim, BASE + VTD_REG_IQT, (uint64_t)s->tail << 4);
	return !(sim_mmio_read32(s->f.sim, BASE + VTD_REG_FSTS) & VTD_FSTS_IQE);
}

/* A wait descriptor: the invalidations before it have completed. */
static void qi_wait(struct smfix *s)
{
	uint64_t status = sim_alloc_page(s->f.sim);

	assert_true(qi256(s,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) |
				  VTD_QI_WAIT_SW |
				  VTD_FIELD_PREP(VTD_QI_WAIT_SDATA, 1),
			  status));
	assert_int_equal(sim_mem_read32(s->f.sim, status), 1);
}

static void pc_inval(struct smfix *s, int g, uint16_t did, uint32_t pasid)
{
	assert_true(qi256(s,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_PC) |
				  VTD_FIELD_PREP(VTD_QI_PC_G, g) |
				  VTD_FIELD_PREP(VTD_QI_PC_DID, did) |
				  VTD_FIELD_PREP(VTD_QI_PC_PASID, pasid),
			  0));
}

static void piotlb(struct smfix *s, int g, uint16_t did, uint32_t pasid,
		   uint64_t addr, unsigned int am)
{
	assert_true(qi256(s,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_PIOTLB) |
				  VTD_FIELD_PREP(VTD_QI_PIOTLB_G, g) |
				  VTD_FIELD_PREP(VTD_QI_PIOTLB_DID, did) |
				  VTD_FIELD_PREP(VTD_QI_PIOTLB_PASID, pasid),
			  addr | VTD_FIELD_PREP(VTD_QI_PIOTLB_HI_AM, am)));
}

static void cc_qi(struct smfix *s, int g, uint16_t did, uint16_t sid)
{
	assert_true(qi256(s,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_CC) |
				  VTD_FIELD_PREP(VTD_QI_CC_G, g) |
				  VTD_FIELD_PREP(VTD_QI_CC_DID, did) |
				  VTD_FIELD_PREP(VTD_QI_CC_SID, sid),
			  0));
}

static void iotlb_qi(struct smfix *s, int g, uint16_t did, uint64_t addr,
		     unsigned int am)
{
	assert_true(qi256(s,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IOTLB) |
				  VTD_FIELD_PREP(VTD_QI_IOTLB_G, g) |
				  VTD_FIELD_PREP(VTD_QI_IOTLB_DID, did),
			  addr | VTD_FIELD_PREP(VTD_QI_IOTLB_HI_AM, am)));
}

/*
 * The scalable context entry of @sid, words 3 to 0 in that order, in the
 * context table of its root entry's half (lower for devfn 0-127, upper
 * for 128-255), made on first use.  Returns the entry's address.
 */
static uint64_t sm_put_context(struct smfix *s, uint16_t sid, uint64_t lo,
			       uint64_t hi)
{
	unsigned int devfn = sid & 0xff;
	uint64_t half = s->f.root + (sid >> 8) * 16ull + (devfn >= 128 ? 8 : 0);
	uint64_t re = sim_mem_read64(s->f.sim, half), ct, e;

	if (!(re & 1)) {
		ct = sim_alloc_page(s->f.sim);
		sim_mem_write64(s->f.sim, half, ct | 1);
	} else {
		ct = re & ~0xfffull;
	}
	e = ct + (devfn & 127) * 32ull;
	sim_mem_write64(s->f.sim, e + 24, 0);
	sim_mem_write64(s->f.sim, e + 16, 0);
	sim_mem_write64(s->f.sim, e + 8, hi);
	sim_mem_write64(s->f.sim, e, lo);
	return e;
}

/* A PASID-table entry, word 0 (with P) last. */
static void put_pe(struct smfix *s, uint64_t pt, uint32_t pasid,
		   const uint64_t *pe)
{
	int k;

	for (k = 7; k >= 0; k--)
		sim_mem_write64(s->f.sim, pt + 64ull * (pasid & 63) + 8ull * k,
				pe[k]);
}

static void pe_fs(uint64_t *pe, uint16_t did, uint64_t pgd)
{
	memset(pe, 0, 8 * sizeof(*pe));
	pe[0] = VTD_PASID_LO_P |
		VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_FS) |
		VTD_FIELD_PREP(VTD_PASID_LO_AW, VTD_AW_48BIT);
	pe[1] = VTD_FIELD_PREP(VTD_PASID_HI_DID, did) | VTD_PASID_HI_PWSNP;
	pe[2] = pgd;
}

static void pe_ss(uint64_t *pe, uint16_t did, unsigned int aw, uint64_t pgd)
{
	memset(pe, 0, 8 * sizeof(*pe));
	pe[0] = pgd | VTD_PASID_LO_P |
		VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_SS) |
		VTD_FIELD_PREP(VTD_PASID_LO_AW, aw);
	pe[1] = VTD_FIELD_PREP(VTD_PASID_HI_DID, did);
}

static void pe_pt(uint64_t *pe, uint16_t did)
{
	memset(pe, 0, 8 * sizeof(*pe));
	pe[0] = VTD_PASID_LO_P | VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_PT);
	pe[1] = VTD_FIELD_PREP(VTD_PASID_HI_DID, did);
}

/* A device's PASID directory (PDTS 0) and table, its RID_PASID @rp. */
struct smdev {
	uint64_t ctx, dir, pt;
};

static struct smdev sm_device(struct smfix *s, uint16_t sid, uint32_t rp,
			      const uint64_t *pe)
{
	struct smdev d;

	d.dir = sim_alloc_page(s->f.sim);
	d.pt = sim_alloc_page(s->f.sim);
	sim_mem_write64(s->f.sim, d.dir + 8ull * (rp >> 6), d.pt | 1);
	put_pe(s, d.pt, rp, pe);
	d.ctx = sm_put_context(s, sid, d.dir | VTD_SM_CTX_LO_P,
			       VTD_FIELD_PREP(VTD_SM_CTX_HI_RID_PASID, rp));
	return d;
}

/* A 4-level first-stage table mapping IOVA 0 to @pa with @leaf rights. */
static uint64_t fs_table_to(struct smfix *s, uint64_t pa, uint64_t leaf)
{
	uint64_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		t[i] = sim_alloc_page(s->f.sim);
	for (i = 0; i < 3; i++)
		sim_mem_write64(s->f.sim, t[i], t[i + 1] | FS_RW);
	sim_mem_write64(s->f.sim, t[3], pa | leaf);
	return t[0];
}

static uint8_t reason_of(struct smfix *s, uint16_t sid, uint64_t iova,
			 bool write)
{
	struct sim_dma_result r = dma(&s->f, sid, iova, write, NULL);

	return r.result == SIM_FAULT ? r.reason : 0;
}

/*
 * First-stage walks by hand (3.5, 9.7): IOVA 0x8040201000 has index 1 at
 * each of levels 4 to 1 (bits 47:39, 38:30, 29:21, 20:12); 5 levels take
 * the top index from bits 56:48; large pages at levels 2 and 3; rights
 * ANDed over the levels.
 */
static void test_sim_sm_first_stage_walk_by_hand(void **state)
{
	const uint64_t iova =
		(1ull << 39) | (1ull << 30) | (1ull << 21) | (1ull << 12);
	const uint16_t sid = SID(1, 0, 0), sid5 = SID(1, 1, 0);
	uint64_t t[5], pe[8], v = 0xfeedface;
	struct sim_dma_result r;
	struct smfix s;
	int i;

	setup_sm(&s, 57, 0, 0);
	for (i = 0; i < 5; i++)
		t[i] = sim_alloc_page(s.f.sim);
	sim_mem_write64(s.f.sim, t[0] + 2 * 8, t[1] | FS_RW); /* PML5: 2 */
	sim_mem_write64(s.f.sim, t[1] + 1 * 8, t[2] | FS_RW);
	sim_mem_write64(s.f.sim, t[2] + 1 * 8, t[3] | FS_RW);
	sim_mem_write64(s.f.sim, t[3] + 1 * 8, t[4] | FS_RW);
	sim_mem_write64(s.f.sim, t[4] + 1 * 8, 0x5000000 | FS_RW);
	pe_fs(pe, 3, t[1]);
	sm_device(&s, sid, 0, pe);
	r = dma(&s.f, sid, iova + 0x10, true, &v);
	assert_int_equal(r.result, SIM_OK);
	assert_true(r.translated);
	assert_int_equal(r.pa, 0x5000010);
	assert_int_equal(sim_mem_read64(s.f.sim, 0x5000010), 0xfeedface);
	/* 5 levels from t[0]: PML5 index 2 is bits 56:48. */
	pe_fs(pe, 4, t[0]);
	pe[2] |= VTD_FIELD_PREP(VTD_PASID_W2_FSPM, VTD_FSPM_5LEVEL);
	sm_device(&s, sid5, 0, pe);
	r = dma(&s.f, sid5, (2ull << 48) | iova | 0x18, false, NULL);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0x5000018);

	/* A 2 MiB page at level 2 and a 1 GiB page at level 3. */
	sim_mem_write64(s.f.sim, t[3] + 2 * 8,
			0x40000000 | VTD_FSPTE_PS | FS_RW);
	assert_int_equal(
		dma(&s.f, sid, iova + (1ull << 21) + 0x1234, false, NULL).pa,
		0x40001234 + 0x1000);
	sim_mem_write64(s.f.sim, t[2] + 3 * 8,
			0x80000000 | VTD_FSPTE_PS | FS_RW);
	assert_int_equal(dma(&s.f, sid, (1ull << 39) | (3ull << 30) | 0x123456,
			     false, NULL)
				 .pa,
			 0x80123456);
	/* Rights: read-only above (R/W clear), supervisor below (U/S). */
	sim_mem_write64(s.f.sim, t[3] + 4 * 8,
			t[4] | VTD_FSPTE_P | VTD_FSPTE_US);
	sim_mem_write64(s.f.sim, t[4] + 0, 0x6000000 | FS_RW);
	sim_mem_write64(s.f.sim, t[4] + 8 * 8,
			0x7000000 | VTD_FSPTE_P | VTD_FSPTE_RW);
	assert_int_equal(reason_of(&s, sid,
				   (1ull << 39) | (1ull << 30) | (4ull << 21),
				   false),
			 0);
	assert_int_equal(reason_of(&s, sid,
				   (1ull << 39) | (1ull << 30) | (4ull << 21),
				   true),
			 VTD_FR_SM_WRITE);
	assert_int_equal(reason_of(&s, sid,
				   (1ull << 39) | (1ull << 30) | (1ull << 21) |
					   (8 << 12),
				   false),
			 VTD_FR_SM_US);
	teardown(&s.f);
}

/*
 * Nested translation (3.8) by hand: a 4-level first stage whose table
 * pointers and output are guest-physical (host address + NEST_GPA), a
 * second stage mapping each of those pages, the data page elsewhere
 * (guest 0x7000000 to host 0x5000000), so an address that skipped either
 * stage lands wrong.  @hole: the one page the second stage leaves out
 * (-1: none, 0: the top first-stage table, 1: the next, 4: the data);
 * @data_ro: the data page read-only in the second stage.
 */
#define NEST_GPA (1ull << 32)

static void nested_device(struct smfix *s, uint16_t sid, uint16_t did,
			  int hole, bool data_ro)
{
	uint64_t t[4], ss = sim_alloc_page(s->f.sim), pe[8] = { 0 };
	int i;

	for (i = 0; i < 4; i++)
		t[i] = sim_alloc_page(s->f.sim);
	for (i = 0; i < 3; i++)
		sim_mem_write64(s->f.sim, t[i], (t[i + 1] + NEST_GPA) | FS_RW);
	sim_mem_write64(s->f.sim, t[3], 0x7000000 | FS_RW);
	for (i = 0; i < 4; i++)
		if (i != hole)
			fk_map(s->f.sim, ss, 4, t[i] + NEST_GPA, t[i],
			       VTD_PAGE_SHIFT_4K, VTD_SLPTE_R | VTD_SLPTE_W);
	if (hole != 4)
		fk_map(s->f.sim, ss, 4, 0x7000000, 0x5000000, VTD_PAGE_SHIFT_4K,
		       VTD_SLPTE_R | (data_ro ? 0 : VTD_SLPTE_W));
	pe[0] = ss | VTD_PASID_LO_P |
		VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_NESTED) |
		VTD_FIELD_PREP(VTD_PASID_LO_AW, VTD_AW_48BIT);
	pe[1] = VTD_FIELD_PREP(VTD_PASID_HI_DID, did) | VTD_PASID_HI_PWSNP;
	pe[2] = t[0] + NEST_GPA;
	sm_device(s, sid, 0, pe);
}

/*
 * The nested walk in the model: each first-stage table read and the
 * output through the second stage, writes only where both stages allow
 * them, and the nested fault reasons of chapter 7's scalable-mode table
 * for a first-stage table the second stage does not map (75h the top
 * one, 76h a lower one); the output unmapped faults as a second-stage
 * walk does.
 */
static void test_sim_sm_nested_walk(void **state)
{
	uint64_t v = 0xabad1dea;
	struct sim_dma_result r;
	struct smfix s;

	sm_ecap_or = VTD_ECAP_NEST;
	setup_sm(&s, 48, 0, 0);
	sm_ecap_or = 0;
	nested_device(&s, SID(1, 0, 0), 10, -1, false);
	r = dma(&s.f, SID(1, 0, 0), 0x20, true, &v);
	assert_int_equal(r.result, SIM_OK);
	assert_true(r.translated);
	assert_int_equal(r.pa, 0x5000020);
	assert_int_equal(sim_mem_read64(s.f.sim, 0x5000020), 0xabad1dea);
	nested_device(&s, SID(1, 1, 0), 11, 0, false);
	assert_int_equal(reason_of(&s, SID(1, 1, 0), 0, false),
			 VTD_FR_SM_NESTED_TOP_FS_SS);
	nested_device(&s, SID(1, 2, 0), 12, 1, false);
	assert_int_equal(reason_of(&s, SID(1, 2, 0), 0, false),
			 VTD_FR_SM_NESTED_FS_SS);
	nested_device(&s, SID(1, 3, 0), 13, 4, false);
	assert_int_equal(reason_of(&s, SID(1, 3, 0), 0, false),
			 VTD_FR_SM_SS_ENTRY_P);
	nested_device(&s, SID(1, 4, 0), 14, -1, true);
	assert_int_equal(reason_of(&s, SID(1, 4, 0), 0, false), 0);
	assert_int_equal(reason_of(&s, SID(1, 4, 0), 0, true),
			 VTD_FR_SM_WRITE);
	teardown(&s.f);
	/* Without ECAP.NEST the entry is one the unit does not take. */
	setup_sm(&s, 48, 0, 0);
	nested_device(&s, SID(1, 0, 0), 10, -1, false);
	assert_int_equal(reason_of(&s, SID(1, 0, 0), 0, false),
			 VTD_FR_SM_PASID_ENTRY_INV);
	teardown(&s.f);
}

/*
 * Each first-stage fault: not present, reserved bits (PS in a PML4E, a
 * 1 GiB page without CAP.FL1GP, a large page's low address bits, XD with
 * NXE clear), a non-canonical address, and an output address in the
 * interrupt range.
 */
static void test_sim_sm_first_stage_faults(void **state)
{
	const uint16_t sid = SID(1, 0, 0);
	uint64_t pml4, pdpt, pd, pt, pe[8];
	struct smfix s;

	setup_sm(&s, 48, VTD_CAP_FL1GP, 0);
	pml4 = sim_alloc_page(s.f.sim);
	pdpt = sim_alloc_page(s.f.sim);
	pd = sim_alloc_page(s.f.sim);
	sim_mem_write64(s.f.sim, pml4, pdpt | FS_RW);
	sim_mem_write64(s.f.sim, pdpt, pd | FS_RW);
	pe_fs(pe, 3, pml4);
	sm_device(&s, sid, 0, pe);
	/* PD index 1: nothing there. */
	assert_int_equal(reason_of(&s, sid, 1ull << 21, false),
			 VTD_FR_SM_FS_ENTRY_P);
	/* PS in a PML4E is reserved. */
	sim_mem_write64(s.f.sim, pml4 + 8, 0x80000000 | VTD_FSPTE_PS | FS_RW);
	assert_int_equal(reason_of(&s, sid, 1ull << 39, false),
			 VTD_FR_SM_FS_ENTRY_RSVD);
	/* No 1 GiB pages on this unit. */
	sim_mem_write64(s.f.sim, pdpt + 8, 0x80000000 | VTD_FSPTE_PS | FS_RW);
	assert_int_equal(reason_of(&s, sid, 1ull << 30, false),
			 VTD_FR_SM_FS_ENTRY_RSVD);
	/* A 2 MiB page with bit 13 set; one whose bit 12 (PAT) is fine. */
	sim_mem_write64(s.f.sim, pd + 2 * 8,
			0x40000000 | (1 << 13) | VTD_FSPTE_PS | FS_RW);
	assert_int_equal(reason_of(&s, sid, 2ull << 21, false),
			 VTD_FR_SM_FS_ENTRY_RSVD);
	sim_mem_write64(s.f.sim, pd + 3 * 8,
			0x40000000 | (1 << 12) | VTD_FSPTE_PS | FS_RW);
	assert_int_equal(dma(&s.f, sid, (3ull << 21) + 8, false, NULL).pa,
			 0x40000008);
	/* At level 1 bit 7 is PAT: a 4 KiB page may have it, at any address. */
	pt = sim_alloc_page(s.f.sim);
	sim_mem_write64(s.f.sim, pd + 6 * 8, pt | FS_RW);
	sim_mem_write64(s.f.sim, pt, 0x401fe000 | VTD_BIT(7) | FS_RW);
	assert_int_equal(dma(&s.f, sid, (6ull << 21) + 8, false, NULL).pa,
			 0x401fe008);
	/* XD needs NXE in the PASID entry. */
	sim_mem_write64(s.f.sim, pd + 4 * 8,
			0x40000000 | VTD_FSPTE_XD | VTD_FSPTE_PS | FS_RW);
	assert_int_equal(reason_of(&s, sid, 4ull << 21, false),
			 VTD_FR_SM_FS_ENTRY_RSVD);
	/* Bits 63:47 must copy bit 47 (4 levels). */
	assert_int_equal(reason_of(&s, sid, 1ull << 47, false),
			 VTD_FR_SM_NON_CANONICAL);
	assert_int_equal(reason_of(&s, sid, 0xffff800000000000ull, false),
			 VTD_FR_SM_FS_ENTRY_P); /* canonical: PML4 511 */
	/* A translation into 0xfeexxxxx is refused. */
	sim_mem_write64(s.f.sim, pd + 5 * 8, 0xfee00000 | VTD_FSPTE_PS | FS_RW);
	assert_int_equal(reason_of(&s, sid, (5ull << 21) + 0x1000, true),
			 VTD_FR_SM_INTERRUPT_ADDR);
	teardown(&s.f);
}

/*
 * Second stage and pass-through in scalable mode: the legacy walk with
 * scalable-mode reasons (beyond AW, R and W clear, reserved, no read or
 * write right); pass-through gives the address back untranslated.
 */
static void test_sim_sm_second_stage_and_pass_through(void **state)
{
	const uint16_t sid = SID(2, 0, 0), pt_sid = SID(2, 1, 0);
	uint64_t pgd, l2, l1, pe[8];
	struct sim_dma_result r;
	struct smfix s;

	setup_sm(&s, 48, 0, 0);
	pgd = sim_alloc_page(s.f.sim);
	l2 = sim_alloc_page(s.f.sim);
	l1 = sim_alloc_page(s.f.sim);
	sim_mem_write64(s.f.sim, pgd + 1 * 8, l2 | RW);
	sim_mem_write64(s.f.sim, l2 + 1 * 8, l1 | RW);
	sim_mem_write64(s.f.sim, l1 + 1 * 8, 0x5000000 | RW);
	sim_mem_write64(s.f.sim, l1 + 2 * 8, 0x6000000 | VTD_SLPTE_W);
	sim_mem_write64(s.f.sim, l1 + 3 * 8, 0x7000000 | VTD_SLPTE_R);
	pe_ss(pe, 6, VTD_AW_39BIT, pgd);
	sm_device(&s, sid, 0, pe);
	r = dma(&s.f, sid, 0x40201010, true, NULL);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0x5000010);
	assert_true(r.translated);
	assert_int_equal(reason_of(&s, sid, 1ull << 39, false),
			 VTD_FR_SM_ADDR_BEYOND_AW);
	assert_int_equal(reason_of(&s, sid, 0x40204000, false),
			 VTD_FR_SM_SS_ENTRY_P);
	assert_int_equal(reason_of(&s, sid, 0x40202000, false), VTD_FR_SM_READ);
	assert_int_equal(reason_of(&s, sid, 0x40203000, true), VTD_FR_SM_WRITE);
	teardown(&s.f);

	/* No superpages on this unit: PS is reserved. */
	setup_sm(&s, 48, VTD_CAP_SLLPS, 0);
	pgd = sim_alloc_page(s.f.sim);
	sim_mem_write64(s.f.sim, pgd + 8, 0x40000000 | VTD_SLPTE_PS | RW);
	pe_ss(pe, 6, VTD_AW_39BIT, pgd);
	sm_device(&s, sid, 0, pe);
	assert_int_equal(reason_of(&s, sid, 1ull << 30, false),
			 VTD_FR_SM_SS_ENTRY_RSVD);
	pe_pt(pe, 1);
	sm_device(&s, pt_sid, 0, pe);
	r = dma(&s.f, pt_sid, 0x12345678, true, NULL);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0x12345678);
	assert_false(r.translated);
	teardown(&s.f);
}

/* The root entry's lower half serves devfn 0-127, the upper 128-255. */
static void test_sim_sm_root_entry_halves(void **state)
{
	const uint16_t lo_sid = SID(3, 2, 0), hi_sid = SID(3, 0x12, 1);
	uint64_t pe[8], half;
	struct smfix s;

	setup_sm(&s, 48, 0, 0);
	pe_pt(pe, 1);
	sm_device(&s, lo_sid, 0, pe);
	assert_int_equal(reason_of(&s, lo_sid, 0x1000, false), 0);
	/* Lower half present, upper not. */
	assert_int_equal(reason_of(&s, hi_sid, 0x1000, false),
			 VTD_FR_SM_ROOT_ENTRY_P);
	sm_device(&s, hi_sid, 0, pe);
	assert_int_equal(reason_of(&s, hi_sid, 0x1000, false), 0);
	/* A reserved bit in the upper half: only devfn 128-255 see it. */
	cc_qi(&s, VTD_INV_GLOBAL, 0, 0);
	half = s.f.root + 3 * 16 + 8;
	sim_mem_write64(s.f.sim, half,
			sim_mem_read64(s.f.sim, half) | VTD_BIT(5));
	assert_int_equal(reason_of(&s, hi_sid, 0x1000, false),
			 VTD_FR_SM_ROOT_ENTRY_RSVD);
	assert_int_equal(reason_of(&s, lo_sid, 0x1000, false), 0);
	teardown(&s.f);
}

/*
 * The scalable context, PASID-directory and PASID-table faults, each from
 * an entry that causes it, then the mode's own: TTM reserved, scalable
 * mode on a unit without it.  Each is recorded with its reason, and every
 * reason has the model's text.
 */
static void test_sim_sm_structure_fault_reasons(void **state)
{
	struct {
		const char *what;
		uint64_t ctx_or, pde_or;
		uint32_t rp;
		int word;
		uint64_t pe_or, pe_clear;
		uint8_t want;
	} cases[] = {
		{ "context reserved bit 5", VTD_BIT(5), 0, 0, 0, 0, 0,
		  VTD_FR_SM_CTX_ENTRY_RSVD },
		{ "DTE without ECAP.DT", VTD_SM_CTX_LO_DTE, 0, 0, 0, 0, 0,
		  VTD_FR_SM_CTX_ENTRY_RSVD },
		{ "PRE without ECAP.PRS", VTD_SM_CTX_LO_PRE, 0, 0, 0, 0, 0,
		  VTD_FR_SM_CTX_ENTRY_RSVD },
		{ "context word 2 not zero", 0, 0, 0, 0, 0, 0,
		  VTD_FR_SM_CTX_ENTRY_RSVD },
		{ "RID_PASID past 128 directory entries", 0, 0, 128 << 6, 0, 0,
		  0, VTD_FR_SM_CTX_RID_PASID },
		{ "directory entry reserved bit 2", 0, VTD_BIT(2), 0, 0, 0, 0,
		  VTD_FR_SM_PDE_RSVD },
		{ "PASID entry reserved bit 10", 0, 0, 0, 0, VTD_BIT(10), 0,
		  VTD_FR_SM_PASID_ENTRY_RSVD },
		{ "PASID entry reserved bit 16 of word 1", 0, 0, 0, 1,
		  VTD_BIT(16), 0, VTD_FR_SM_PASID_ENTRY_RSVD },
		{ "PASID entry word 5 not zero", 0, 0, 0, 5, 1, 0,
		  VTD_FR_SM_PASID_ENTRY_RSVD },
		{ "SRE without ECAP.SRS", 0, 0, 0, 2, VTD_PASID_W2_SRE, 0,
		  VTD_FR_SM_PASID_ENTRY_RSVD },
		{ "PGTT 0", 0, 0, 0, 0, 0, VTD_PASID_LO_PGTT,
		  VTD_FR_SM_PASID_ENTRY_INV },
		{ "PGTT 5", 0, 0, 0, 0, VTD_FIELD_PREP(VTD_PASID_LO_PGTT, 5),
		  VTD_PASID_LO_PGTT, VTD_FR_SM_PASID_ENTRY_INV },
		{ "nested without ECAP.NEST", 0, 0, 0, 0,
		  VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_NESTED),
		  VTD_PASID_LO_PGTT, VTD_FR_SM_PASID_ENTRY_INV },
		{ "domain id beyond CAP.ND", 0, 0, 0, 1, 0x100, 0,
		  VTD_FR_SM_PASID_ENTRY_INV },
		{ "second stage of 5 levels, SAGAW without", 0, 0, 0, 0,
		  VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_SS) |
			  VTD_FIELD_PREP(VTD_PASID_LO_AW, VTD_AW_57BIT),
		  VTD_PASID_LO_PGTT | VTD_PASID_LO_AW,
		  VTD_FR_SM_PASID_ENTRY_INV },
		{ "5-level first stage without CAP.FL5LP", 0, 0, 0, 2,
		  VTD_FIELD_PREP(VTD_PASID_W2_FSPM, VTD_FSPM_5LEVEL), 0,
		  VTD_FR_SM_PASID_ENTRY_INV },
		{ "first-stage paging mode 2", 0, 0, 0, 2,
		  VTD_FIELD_PREP(VTD_PASID_W2_FSPM, 2), 0,
		  VTD_FR_SM_PASID_ENTRY_INV },
	};
	uint64_t pe[8], pgd;
	struct smdev d;
	struct smfix s;
	uint16_t sid;
	size_t i;

	setup_sm(&s, 48, 0, 0);
	pgd = fs_table_to(&s, 0x300000, FS_RW);
	for (i = 0; i < VTD_ARRAY_SIZE(cases); i++) {
		sid = SID(0x40 + i, 0, 0);
		pe_fs(pe, 7, pgd);
		pe[cases[i].word] = (pe[cases[i].word] & ~cases[i].pe_clear) |
				    cases[i].pe_or;
		d = sm_device(&s, sid, cases[i].rp, pe);
		sim_mem_write64(s.f.sim, d.ctx,
				sim_mem_read64(s.f.sim, d.ctx) |
					cases[i].ctx_or);
		sim_mem_write64(s.f.sim, d.dir,
				sim_mem_read64(s.f.sim, d.dir) |
					cases[i].pde_or);
		if (!strcmp(cases[i].what, "context word 2 not zero"))
			sim_mem_write64(s.f.sim, d.ctx + 16, 1);
		if (reason_of(&s, sid, 0x10, false) != cases[i].want)
			fail_msg("%s: reason 0x%x, want 0x%x", cases[i].what,
				 reason_of(&s, sid, 0x10, false),
				 cases[i].want);
		assert_int_equal(
			sim_unit_stats(s.f.sim, 0)
					->fault_reasons[cases[i].want] > 0,
			1);
	}
	/* Not present: context, directory entry, PASID-table entry. */
	assert_int_equal(reason_of(&s, SID(0x40, 1, 0), 0, false),
			 VTD_FR_SM_CTX_ENTRY_P);
	pe_fs(pe, 7, pgd);
	d = sm_device(&s, SID(5, 0, 0), 0, pe);
	sim_mem_write64(s.f.sim, d.dir, 0);
	assert_int_equal(reason_of(&s, SID(5, 0, 0), 0, false),
			 VTD_FR_SM_PDE_P);
	d = sm_device(&s, SID(5, 1, 0), 0, pe);
	sim_mem_write64(s.f.sim, d.pt, 0);
	assert_int_equal(reason_of(&s, SID(5, 1, 0), 0, false),
			 VTD_FR_SM_PASID_ENTRY_P);
	/* ATS needs DTE in scalable mode. */
	d = sm_device(&s, SID(5, 2, 0), 0, pe);
	assert_int_equal(
		sim_ats_translate(s.f.sim, 0, SID(5, 2, 0), 0, false).reason,
		VTD_FR_SM_CTX_DTE);
	assert_int_equal(sim_dma_translated(s.f.sim, 0, SID(5, 2, 0), 0x300000,
					    false, pe, 8)
				 .reason,
			 VTD_FR_SM_CTX_DTE);
	for (i = 0x30; i < 0x90; i++)
		if (sim_unit_stats(s.f.sim, 0)->fault_reasons[i])
			assert_string_not_equal(
				sim_fault_reason_str((uint8_t)i),
				"Reason not in the specification's table");
	teardown(&s.f);

	/* TTM 10b is reserved; TTM 01b needs ECAP.SMTS. */
	setup_sm(&s, 48, 0, 0);
	sim_mmio_write64(s.f.sim, BASE + VTD_REG_RTADDR,
			 s.f.root | VTD_FIELD_PREP(VTD_RTADDR_TTM, 2));
	oneshot(&s.f, (uint32_t)VTD_GCMD_SRTP);
	assert_int_equal(reason_of(&s, SID(1, 0, 0), 0, false),
			 VTD_FR_SM_RTADDR_INV);
	teardown(&s.f);
	setup_sm(&s, 48, 0, VTD_ECAP_SMTS | VTD_ECAP_FLTS);
	assert_int_equal(reason_of(&s, SID(1, 0, 0), 0, false),
			 VTD_FR_SM_RTADDR_INV);
	teardown(&s.f);
}

/* ATS in scalable mode: DTE set on a unit with ECAP.DT. */
static void test_sim_sm_device_tlb(void **state)
{
	const uint16_t sid = SID(6, 0, 0);
	uint64_t pe[8];
	struct sim_dma_result r;
	struct smdev d;
	struct smfix s;
	uint8_t buf[8] = { 0 };

	sm_ecap_or = VTD_ECAP_DT;
	setup_sm(&s, 48, 0, 0);
	sm_ecap_or = 0;
	pe_fs(pe, 7, fs_table_to(&s, 0x300000, FS_RW));
	d = sm_device(&s, sid, 0, pe);
	assert_int_equal(sim_ats_translate(s.f.sim, 0, sid, 0x10, true).reason,
			 VTD_FR_SM_CTX_DTE);
	sim_mem_write64(s.f.sim, d.ctx,
			sim_mem_read64(s.f.sim, d.ctx) | VTD_SM_CTX_LO_DTE);
	cc_qi(&s, VTD_INV_DEVICE, 0, sid);
	r = sim_ats_translate(s.f.sim, 0, sid, 0x10, true);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, 0x300010);
	r = sim_dma_translated(s.f.sim, 0, sid, 0x300010, true, buf, 8);
	assert_int_equal(r.result, SIM_OK);
	/* Its device-TLB: type 3, or PASID-based type 8 (SID in 31:16). */
	sim_set_fn(s.f.sim, 0, sid, SIM_FN_ATS_ENABLED);
	assert_int_equal(sim_devtlb_gen(s.f.sim, 0, sid), 0);
	assert_true(qi256(&s,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_DEV_TLB) |
				  VTD_FIELD_PREP(VTD_QI_DEVTLB_SID, sid),
			  VTD_QI_DEVTLB_HI_S));
	assert_int_equal(sim_devtlb_gen(s.f.sim, 0, sid), 1);
	assert_true(qi256(&s,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_PDEV_TLB) |
				  VTD_FIELD_PREP(VTD_QI_PDEVTLB_SID, sid),
			  0));
	assert_int_equal(sim_devtlb_gen(s.f.sim, 0, sid), 2);
	assert_int_equal(sim_devtlb_gen(s.f.sim, 0, SID(6, 0, 1)), 0);
	teardown(&s.f);
}

/*
 * FPD in the context entry, the PASID-directory entry or the PASID-table
 * entry keeps the faults of the requests that use it out of the fault
 * records; a fault found before the entry (context not present) is
 * recorded whatever the entries say.
 */
static void test_sim_sm_fault_processing_disable(void **state)
{
	int events[SIM_EV_UNMODELLED + 1] = { 0 };
	uint64_t pe[8], pgd;
	struct smdev d;
	struct smfix s;

	setup_sm(&s, 48, 0, 0);
	sim_set_trace(s.f.sim, count_events, events);
	pgd = fs_table_to(&s, 0x300000, FS_RW);
	pe_fs(pe, 7, pgd);
	d = sm_device(&s, SID(7, 0, 0), 0, pe); /* FPD in the context */
	sim_mem_write64(s.f.sim, d.ctx,
			sim_mem_read64(s.f.sim, d.ctx) | VTD_SM_CTX_LO_FPD);
	sim_mem_write64(s.f.sim, d.dir, 0);	/* then a fault */
	d = sm_device(&s, SID(7, 1, 0), 0, pe); /* FPD in the directory */
	sim_mem_write64(s.f.sim, d.dir, d.pt | VTD_PDE_FPD | VTD_PDE_P);
	sim_mem_write64(s.f.sim, d.pt, 0);
	pe[0] |= VTD_PASID_LO_FPD;
	sm_device(&s, SID(7, 2, 0), 0, pe); /* FPD in the PASID entry */
	assert_int_equal(reason_of(&s, SID(7, 0, 0), 0, false),
			 VTD_FR_SM_PDE_P);
	assert_int_equal(reason_of(&s, SID(7, 1, 0), 0, false),
			 VTD_FR_SM_PASID_ENTRY_P);
	assert_int_equal(reason_of(&s, SID(7, 2, 0), 0x200000, false),
			 VTD_FR_SM_FS_ENTRY_P);
	assert_int_equal(events[SIM_EV_FAULT_SUPPRESSED], 3);
	assert_int_equal(sim_unit_stats(s.f.sim, 0)->faults_recorded, 0);
	assert_int_equal(reason_of(&s, SID(7, 3, 0), 0, false),
			 VTD_FR_SM_CTX_ENTRY_P);
	assert_int_equal(sim_unit_stats(s.f.sim, 0)->faults_recorded, 1);
	teardown(&s.f);
}

/*
 * The PASID cache (6.2.2) keeps a changed PASID-table entry until a
 * PASID-cache invalidation for its domain (and PASID) or a global one; a
 * context-cache invalidation does not reach it.  The IOTLB's copy of the
 * translation is flushed first each time, so what answers is the cached
 * PASID entry's table.
 */
static void test_sim_sm_pasid_cache_stale_until_invalidated(void **state)
{
	const uint16_t sid = SID(8, 0, 0);
	uint64_t a, b, pe[8];
	struct smdev d;
	struct smfix s;

	setup_sm(&s, 48, 0, 0);
	a = fs_table_to(&s, 0x300000, FS_RW);
	b = fs_table_to(&s, 0x400000, FS_RW);
	pe_fs(pe, 9, a);
	d = sm_device(&s, sid, 5, pe);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x300010);
	/* The entry now points at table b (its P stays set). */
	sim_mem_write64(s.f.sim, d.pt + 5 * 64 + 16, b);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 5, 0, 0);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x300010);
	cc_qi(&s, VTD_INV_GLOBAL, 0, 0);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 5, 0, 0);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x300010);
	/* Another domain, another PASID of this domain: still stale. */
	pc_inval(&s, VTD_QI_PC_DOMAIN, 8, 0);
	pc_inval(&s, VTD_QI_PC_PASID_SEL, 9, 4);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 5, 0, 0);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x300010);
	/* This PASID of this domain. */
	pc_inval(&s, VTD_QI_PC_PASID_SEL, 9, 5);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 5, 0, 0);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x400010);
	assert_true(sim_unit_stats(s.f.sim, 0)->pasid_cache_hits >= 3);
	/*
	 * Cleared: cached still, until a domain-selective invalidation.
	 * (The IOTLB is reached through the PASID entry's domain id, so
	 * without the cached entry its translation is out of reach too.)
	 */
	sim_mem_write64(s.f.sim, d.pt + 5 * 64, 0);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 5, 0, 0);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x400010);
	pc_inval(&s, VTD_QI_PC_DOMAIN, 9, 0);
	assert_int_equal(reason_of(&s, sid, 0x10, false),
			 VTD_FR_SM_PASID_ENTRY_P);
	/*
	 * Not present is never cached: written again, the entry is seen at
	 * once (the IOTLB's translation from before, once flushed).
	 */
	put_pe(&s, d.pt, 5, pe);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x400010);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 5, 0, 0);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x300010);
	/* And a global invalidation. */
	sim_mem_write64(s.f.sim, d.pt + 5 * 64 + 16, b);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 5, 0, 0);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x300010);
	pc_inval(&s, VTD_QI_PC_GLOBAL, 0, 0);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 5, 0, 0);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x400010);
	teardown(&s.f);
}

/*
 * The IOTLB's tags in scalable mode: first-stage and pass-through
 * translations carry domain id and PASID and answer to PASID-based
 * invalidation (and to domain-selective and global IOTLB invalidation),
 * not to page-selective IOTLB invalidation; second-stage translations
 * answer to the IOTLB invalidation, not to the PASID-based one.
 */
static void test_sim_sm_iotlb_tags(void **state)
{
	const uint16_t fs_sid = SID(9, 0, 0), ss_sid = SID(9, 1, 0),
		       pt_sid = SID(9, 2, 0);
	uint64_t fs_pgd, ss_pgd, ss_l1, pe[8];
	struct smdev fs_d, pt_d;
	struct smfix s;

	setup_sm(&s, 48, 0, 0);
	fs_pgd = fs_table_to(&s, 0x300000, FS_RW);
	pe_fs(pe, 10, fs_pgd);
	fs_d = sm_device(&s, fs_sid, 0, pe);
	ss_pgd = sim_alloc_page(s.f.sim);
	sim_mem_write64(s.f.sim, ss_pgd, sim_alloc_page(s.f.sim) | RW);
	ss_l1 = sim_alloc_page(s.f.sim);
	sim_mem_write64(s.f.sim, sim_mem_read64(s.f.sim, ss_pgd) & ~0xfffull,
			ss_l1 | RW);
	sim_mem_write64(s.f.sim, ss_l1, 0x500000 | RW);
	pe_ss(pe, 11, VTD_AW_39BIT, ss_pgd);
	sm_device(&s, ss_sid, 0, pe);
	pe_pt(pe, 1);
	pt_d = sm_device(&s, pt_sid, 0, pe);
	assert_int_equal(dma(&s.f, fs_sid, 0x10, false, NULL).pa, 0x300010);
	assert_int_equal(dma(&s.f, ss_sid, 0x10, false, NULL).pa, 0x500010);
	assert_int_equal(dma(&s.f, pt_sid, 0x10, false, NULL).pa, 0x10);

	/* First stage: the leaf moves. */
	sim_mem_write64(
		s.f.sim,
		sim_mem_read64(s.f.sim,
			       sim_mem_read64(s.f.sim,
					      sim_mem_read64(s.f.sim, fs_pgd) &
						      ~0xfffull) &
				       ~0xfffull) &
			~0xfffull,
		0x600000 | FS_RW);
	iotlb_qi(&s, VTD_INV_PAGE, 10, 0, 0);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 10, 1, 0, 0);
	piotlb(&s, VTD_QI_PIOTLB_PAGE, 10, 0, 0x1000, 0);
	assert_int_equal(dma(&s.f, fs_sid, 0x10, false, NULL).pa, 0x300010);
	piotlb(&s, VTD_QI_PIOTLB_PAGE, 10, 0, 0, 0);
	assert_int_equal(dma(&s.f, fs_sid, 0x10, false, NULL).pa, 0x600010);
	/* Domain-selective IOTLB invalidation covers it too. */
	sim_mem_write64(
		s.f.sim,
		sim_mem_read64(s.f.sim,
			       sim_mem_read64(s.f.sim,
					      sim_mem_read64(s.f.sim, fs_pgd) &
						      ~0xfffull) &
				       ~0xfffull) &
			~0xfffull,
		0x700000 | FS_RW);
	assert_int_equal(dma(&s.f, fs_sid, 0x10, false, NULL).pa, 0x600010);
	iotlb_qi(&s, VTD_INV_DOMAIN, 10, 0, 0);
	assert_int_equal(dma(&s.f, fs_sid, 0x10, false, NULL).pa, 0x700010);

	/* Second stage: PASID-based invalidation leaves it. */
	sim_mem_write64(s.f.sim, ss_l1, 0x800000 | RW);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 11, 0, 0, 0);
	assert_int_equal(dma(&s.f, ss_sid, 0x10, false, NULL).pa, 0x500010);
	iotlb_qi(&s, VTD_INV_PAGE, 11, 0, 0);
	assert_int_equal(dma(&s.f, ss_sid, 0x10, false, NULL).pa, 0x800010);

	/*
	 * Pass-through is cached too: the entry becomes first-stage, the
	 * PASID cache is invalidated, and the old identity answer stays
	 * until the PASID-based invalidation.
	 */
	pe_fs(pe, 1, fs_pgd);
	put_pe(&s, pt_d.pt, 0, pe);
	pc_inval(&s, VTD_QI_PC_PASID_SEL, 1, 0);
	assert_int_equal(dma(&s.f, pt_sid, 0x10, false, NULL).pa, 0x10);
	piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 1, 0, 0, 0);
	assert_int_equal(dma(&s.f, pt_sid, 0x10, false, NULL).pa, 0x700010);
	(void)fs_d;
	teardown(&s.f);
}

/*
 * The context cache in scalable mode: entries carry no domain id, so a
 * device-selective invalidation works whatever DID it names, and a
 * domain-selective one reaches every scalable entry; another source-id's
 * invalidation leaves the entry.
 */
static void test_sim_sm_context_cache(void **state)
{
	const uint16_t sid = SID(10, 0, 0);
	uint64_t pe[8];
	struct smdev d;
	struct smfix s;

	setup_sm(&s, 48, 0, 0);
	pe_pt(pe, 1);
	d = sm_device(&s, sid, 0, pe);
	assert_int_equal(reason_of(&s, sid, 0x10, false), 0);
	sim_mem_write64(s.f.sim, d.ctx, 0);
	cc_qi(&s, VTD_INV_DEVICE, 0, SID(10, 1, 0));
	assert_int_equal(reason_of(&s, sid, 0x10, false), 0);
	cc_qi(&s, VTD_INV_DEVICE, 0x77, sid);
	assert_int_equal(reason_of(&s, sid, 0x10, false),
			 VTD_FR_SM_CTX_ENTRY_P);
	d = sm_device(&s, sid, 0, pe);
	assert_int_equal(reason_of(&s, sid, 0x10, false), 0);
	sim_mem_write64(s.f.sim, d.ctx, 0);
	assert_int_equal(reason_of(&s, sid, 0x10, false), 0);
	cc_qi(&s, VTD_INV_DOMAIN, 0x55, 0);
	assert_int_equal(reason_of(&s, sid, 0x10, false),
			 VTD_FR_SM_CTX_ENTRY_P);
	assert_true(sim_unit_stats(s.f.sim, 0)->ctx_cache_hits >= 2);
	teardown(&s.f);
}

/*
 * A unit switched from legacy to scalable mode without a global
 * context-cache invalidation would use a legacy entry as a scalable one:
 * counted against the software, never used.
 */
static void test_sim_sm_mode_switch_needs_global_flush(void **state)
{
	int events[SIM_EV_UNMODELLED + 1] = { 0 };
	const uint16_t sid = SID(0, 1, 0);
	struct fixture f;
	uint64_t l1;

	ecap_or = sim_scalable_ecap();
	setup_translation(&f, 48, 8);
	ecap_or = 0;
	sim_set_trace(f.sim, count_events, events);
	map_at_zero(&f, sid, 0x300000, &l1);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).pa, 0x300010);
	sim_mmio_write64(
		f.sim, BASE + VTD_REG_RTADDR,
		f.root | VTD_FIELD_PREP(VTD_RTADDR_TTM, VTD_TTM_SCALABLE));
	oneshot(&f, (uint32_t)VTD_GCMD_SRTP);
	assert_int_equal(dma(&f, sid, 0x10, false, NULL).result, SIM_FAULT);
	assert_int_equal(events[SIM_EV_MISPROGRAMMED], 1);
	teardown(&f);
}

/*
 * With CAP.ESRTPS, SRTP itself invalidates the context cache, the PASID
 * cache and the IOTLB (10.4.4); without it, it invalidates nothing.
 */
static void test_sim_sm_srtp_with_esrtps_flushes_pasid_cache(void **state)
{
	const uint16_t sid = SID(12, 0, 0);
	uint64_t a, b, pe[8];
	struct smdev d;
	struct smfix s;
	int esrtps;

	for (esrtps = 0; esrtps < 2; esrtps++) {
		sm_cap_or = esrtps ? VTD_CAP_ESRTPS : 0;
		setup_sm(&s, 48, 0, 0);
		sm_cap_or = 0;
		a = fs_table_to(&s, 0x300000, FS_RW);
		b = fs_table_to(&s, 0x400000, FS_RW);
		pe_fs(pe, 9, a);
		d = sm_device(&s, sid, 0, pe);
		assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa,
				 0x300010);
		sim_mem_write64(s.f.sim, d.pt + 16, b);
		oneshot(&s.f, (uint32_t)VTD_GCMD_SRTP);
		piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 9, 0, 0, 0);
		assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa,
				 esrtps ? 0x400010 : 0x300010);
		teardown(&s.f);
	}
}

/* The other way: a scalable entry left in the cache for legacy mode. */
static void test_sim_sm_mode_switch_back_needs_global_flush(void **state)
{
	int events[SIM_EV_UNMODELLED + 1] = { 0 };
	const uint16_t sid = SID(0, 1, 0);
	uint64_t pe[8];
	struct smfix s;

	setup_sm(&s, 48, 0, 0);
	sim_set_trace(s.f.sim, count_events, events);
	pe_pt(pe, 1);
	sm_device(&s, sid, 0, pe);
	assert_int_equal(dma(&s.f, sid, 0x10, false, NULL).pa, 0x10);
	sim_mmio_write64(s.f.sim, BASE + VTD_REG_RTADDR, s.f.root);
	oneshot(&s.f, (uint32_t)VTD_GCMD_SRTP);
	dma(&s.f, sid, 0x10, false, NULL);
	assert_int_equal(events[SIM_EV_MISPROGRAMMED], 1);
	teardown(&s.f);
}

/*
 * A PASID-table entry is fetched in 64-bit parts, P's word first
 * (sim_config.tear_per_1024): changed in place while present, a fetch
 * can pair the new table with the old domain id; changed the spec's way
 * (clear P, invalidate, write, set P) it is seen old, absent or new,
 * never mixed.  Scalable context entries are fetched the same way.
 */
static void test_sim_sm_entries_fetched_in_parts(void **state)
{
	const uint16_t sid = SID(11, 0, 0);
	uint64_t a, b, e, pe[8], torn[2];
	int way, i;
	struct smdev d;
	struct smfix s;

	for (way = 0; way < 2; way++) {
		evict_per_1024 = 1024; /* every access fetches the entries */
		tear_per_1024 = 1024;
		setup_sm(&s, 48, 0, 0);
		evict_per_1024 = tear_per_1024 = 0;
		a = fs_table_to(&s, 0x300000, FS_RW);
		b = fs_table_to(&s, 0x400000, FS_RW);
		pe_fs(pe, 4, a);
		d = sm_device(&s, sid, 0, pe);
		e = d.pt;
		if (way == 0) {
			sim_cut_mem_write64(
				s.f.sim, e + 8,
				VTD_FIELD_PREP(VTD_PASID_HI_DID, 5));
			sim_cut_mem_write64(s.f.sim, e + 16, b);
		} else {
			sim_cut_mem_write64(s.f.sim, e, pe[0] & ~1ull);
			pc_inval(&s, VTD_QI_PC_PASID_SEL, 4, 0);
			piotlb(&s, VTD_QI_PIOTLB_PASID_SEL, 4, 0, 0, 0);
			qi_wait(&s);
			sim_cut_mem_write64(
				s.f.sim, e + 8,
				VTD_FIELD_PREP(VTD_PASID_HI_DID, 5));
			sim_cut_mem_write64(s.f.sim, e + 16, b);
			sim_cut_mem_write64(s.f.sim, e, pe[0]);
		}
		for (i = 0; i < 300; i++) {
			struct sim_dma_result r =
				dma(&s.f, sid, 0x10, false, NULL);

			assert_true(r.pa == 0x300010 || r.pa == 0x400010 ||
				    r.reason == VTD_FR_SM_PASID_ENTRY_P);
		}
		torn[way] = sim_unit_stats(s.f.sim, 0)->torn_fetches;
		teardown(&s.f);
	}
	assert_true(torn[0] > 0);
	assert_int_equal(torn[1], 0);
}

/*
 * 256-bit descriptors (IQA.DW): IQT in 128-bit slots, so a tail between
 * two descriptors is an error, as is anything in a descriptor's upper
 * half here; PASID-cache and PASID-based IOTLB invalidation at the
 * granularities the spec defines only; 256-bit descriptors need scalable
 * mode, and in scalable mode the invalidation registers are not used.
 */
static void test_sim_sm_queued_invalidation(void **state)
{
	int events[SIM_EV_UNMODELLED + 1] = { 0 };
	const uint64_t pc = VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_PC);
	uint64_t status;
	struct smfix s;

	setup_sm(&s, 48, 0, 0);
	sim_set_trace(s.f.sim, count_events, events);
	status = sim_alloc_page(s.f.sim);
	assert_true(qi256(&s,
			  VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) |
				  VTD_QI_WAIT_SW |
				  VTD_FIELD_PREP(VTD_QI_WAIT_SDATA, 0x5a),
			  status));
	assert_int_equal(sim_mem_read32(s.f.sim, status), 0x5a);
	assert_int_equal(sim_mmio_read64(s.f.sim, BASE + VTD_REG_IQH), 2 << 4);
	assert_false(qi256(&s, pc | VTD_FIELD_PREP(VTD_QI_PC_G, 2), 0));
	teardown(&s.f);
	setup_sm(&s, 48, 0, 0);
	assert_false(qi256(&s,
			   VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_PIOTLB) |
				   VTD_FIELD_PREP(VTD_QI_PIOTLB_G, 1),
			   0));
	teardown(&s.f);
	setup_sm(&s, 48, 0, 0);
	sim_mem_write64(s.f.sim, s.iq + 16, 0xbad); /* upper half */
	sim_mem_write64(s.f.sim, s.iq, pc | VTD_FIELD_PREP(VTD_QI_PC_G, 3));
	sim_mmio_write64(s.f.sim, BASE + VTD_REG_IQT, 2 << 4);
	assert_true(sim_mmio_read32(s.f.sim, BASE + VTD_REG_FSTS) &
		    VTD_FSTS_IQE);
	teardown(&s.f);
	setup_sm(&s, 48, 0, 0);
	status = sim_alloc_page(s.f.sim);
	sim_mem_write64(s.f.sim, s.iq,
			VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) |
				VTD_QI_WAIT_SW |
				VTD_FIELD_PREP(VTD_QI_WAIT_SDATA, 0x77));
	sim_mem_write64(s.f.sim, s.iq + 8, status);
	sim_mmio_write64(s.f.sim, BASE + VTD_REG_IQT, 1 << 4); /* odd slot */
	assert_true(sim_mmio_read32(s.f.sim, BASE + VTD_REG_FSTS) &
		    VTD_FSTS_IQE);
	assert_int_equal(sim_mem_read32(s.f.sim, status), 0);
	teardown(&s.f);
	/* Register-based invalidation is not for scalable mode. */
	setup_sm(&s, 48, 0, 0);
	sim_set_trace(s.f.sim, count_events, events);
	cmd(&s.f, (uint32_t)VTD_GCMD_QIE, false);
	memset(events, 0, sizeof(events));
	ccmd(&s.f, VTD_INV_GLOBAL, 0, 0);
	assert_int_equal(events[SIM_EV_MISPROGRAMMED], 1);
	teardown(&s.f);
	/* 256-bit descriptors on a unit without scalable mode. */
	memset(&s, 0, sizeof(s));
	s.f.sim = make_sim(48, 8, 0, 0);
	sim_set_trace(s.f.sim, count_events, events);
	s.iq = sim_alloc_page(s.f.sim);
	sim_mmio_write64(s.f.sim, BASE + VTD_REG_IQA, s.iq | VTD_IQA_DW);
	cmd(&s.f, (uint32_t)VTD_GCMD_QIE, true);
	assert_false(qi256(&s, pc | VTD_FIELD_PREP(VTD_QI_PC_G, 3), 0));
	assert_int_equal(events[SIM_EV_MISPROGRAMMED], 2);
	teardown(&s.f);
}

/* A scalable-mode fault as Linux logs it: a DMA fault, with its text. */
static void test_sim_sm_fault_log_line(void **state)
{
	const uint16_t sid = SID(0x12, 3, 1);
	struct lines lines = { 0 };
	uint64_t pe[8];
	struct smfix s;

	int events[SIM_EV_UNMODELLED + 1] = { 0 };

	setup_sm(&s, 48, 0, 0);
	sim_set_trace(s.f.sim, count_events, events);
	pe_fs(pe, 7, fs_table_to(&s, 0x300000, VTD_FSPTE_P | VTD_FSPTE_US));
	sm_device(&s, sid, 0, pe);
	assert_int_equal(reason_of(&s, sid, 0x10, true), VTD_FR_SM_WRITE);
	assert_int_equal(events[SIM_EV_DMA_FAULT], 1);
	assert_int_equal(events[SIM_EV_IRQ_FAULT], 0);
	assert_int_equal(
		sim_fault_regs_format(s.f.sim, 0, collect_line, &lines), 1);
	assert_string_equal(lines.line[0],
			    "DMAR: [DMA Write] Request device [12:03.1] fault "
			    "addr 0 [fault reason 133] Scalable mode: write "
			    "to a page mapped without write access");
	teardown(&s.f);
}

/*
 * Linux 6.12's scalable-mode set-up (fk_config.scalable) on caches that
 * drop entries at every other hit: first- and second-stage domains,
 * pass-through, aliases, devices at both halves of their buses, all
 * doing DMA and MSIs with nothing faulting, every cache evicting.
 */
static void test_sim_sm_linux_setup_runs_clean(void **state)
{
	struct fk_config fk = FK_CONFIG_LINUX_SM(3, 2, 8);
	struct sim_traffic t = { .min_ops = 1, .max_ops = 1 };
	struct sim_dev devs[60] = { 0 };
	struct sim_dev_counts sum;
	struct sim_config cfg;
	int i, round;

	for (round = 0; round < 2; round++) {
		sim_config_default(&cfg, 1, NULL);
		cfg.unit[0].ecap = sim_scalable_ecap() | VTD_ECAP_DT;
		cfg.evict_per_1024 = 512;
		cfg.evict_seed = 99 + round;
		memset(devs, 0, sizeof(devs));
		for (i = 0; i < 60; i++) {
			devs[i].sid = (uint16_t)(0x300 | (i * 41 % 256));
			devs[i].kind = i % 4 == 1   ? SIM_DEV_SHARED
				       : i % 6 == 2 ? SIM_DEV_IDENTITY
				       : i % 9 == 5 ? SIM_DEV_ALIAS
						    : SIM_DEV_OWN_DOMAIN;
			devs[i].alias = (uint16_t)(0x9000 | i);
			devs[i].ats =
				i % 5 == 0 && devs[i].kind != SIM_DEV_IDENTITY;
		}
		fk.second_stage = round == 1;
		t.sim = sim_new(&cfg);
		t.devs = devs;
		t.nr_devs = 60;
		sim_rng_init(&t.rng, 5);
		fk_boot(t.sim, &fk, devs, 60);
		sim_traffic_burst(&t, 40);
		sim_dev_counts_sum(devs, 60, &sum);
		assert_int_equal(sum.dma_faults + sum.dma_misdirected +
					 sum.irq_faults + sum.irq_misdirected,
				 0);
		assert_int_equal(sum.dma_ok, 60 * 40);
		assert_true(sim_unit_stats(t.sim, 0)->evictions > 1000);
		assert_int_equal(sim_unit_stats(t.sim, 0)->misprogrammed +
					 sim_unit_stats(t.sim, 0)->unmodelled,
				 0);
		sim_free(t.sim);
	}
}

/*
 * x2APIC and xAPIC IRTEs (9.10): with EIME the 32-bit destination; without
 * it bits 63:48 and 39:32 of the entry are reserved; EIME on a unit
 * without ECAP.EIM is reserved itself, counted and not honoured.
 */
static void test_sim_interrupt_eim_rules(void **state)
{
	int events[SIM_EV_UNMODELLED + 1] = { 0 };
	struct fixture f;
	uint64_t iq, irt;

	irt = setup_ir(&f, false, &iq);
	put_irte(&f, irt, 2, 0x52, VTD_FIELD_PREP(VTD_IRTE_LO_DST, 0x12345), 0,
		 VTD_SVT_NONE, 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(2), 0).reason,
			 VTD_FR_IR_IRTE_RSVD);
	put_irte(&f, irt, 3, 0x53, VTD_FIELD_PREP(VTD_IRTE_LO_DST, 0x1), 0,
		 VTD_SVT_NONE, 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(3), 0).reason,
			 VTD_FR_IR_IRTE_RSVD);
	put_irte(&f, irt, 4, 0x54, VTD_FIELD_PREP(VTD_IRTE_LO_DST_XAPIC, 0x42),
		 0, VTD_SVT_NONE, 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(4), 0).dest, 0x42);
	teardown(&f);

	irt = setup_ir(&f, true, &iq);
	put_irte(&f, irt, 2, 0x52, VTD_FIELD_PREP(VTD_IRTE_LO_DST, 0xfedcba98),
		 0, VTD_SVT_NONE, 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(2), 0).dest, 0xfedcba98);
	teardown(&f);

	ecap_clear = VTD_ECAP_EIM;
	memset(&f, 0, sizeof(f));
	f.sim = make_sim(48, 8, 0, 0);
	ecap_clear = 0;
	sim_set_trace(f.sim, count_events, events);
	irt = sim_alloc_page(f.sim);
	sim_mmio_write64(f.sim, BASE + VTD_REG_IRTA,
			 irt | VTD_FIELD_PREP(VTD_IRTA_S, 7) | VTD_IRTA_EIME);
	oneshot(&f, (uint32_t)VTD_GCMD_SIRTP);
	assert_int_equal(events[SIM_EV_MISPROGRAMMED], 1);
	cmd(&f, (uint32_t)VTD_GCMD_IRE, true);
	put_irte(&f, irt, 2, 0x52, VTD_FIELD_PREP(VTD_IRTE_LO_DST, 0x12345), 0,
		 VTD_SVT_NONE, 0);
	assert_int_equal(sim_msi(f.sim, 0, 0, msi_addr(2), 0).reason,
			 VTD_FR_IR_IRTE_RSVD);
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
		cmocka_unit_test(test_sim_device_tlb_errors),
		cmocka_unit_test(test_sim_iotlb_stale_until_invalidated),
		cmocka_unit_test(test_sim_fault_recording_and_overflow),
		cmocka_unit_test(test_sim_command_status_semantics),
		cmocka_unit_test(test_sim_queued_invalidation),
		cmocka_unit_test(test_sim_interrupt_remapping),
		cmocka_unit_test(test_sim_interrupt_xapic_destination),
		cmocka_unit_test(test_sim_iec_stale_until_invalidated),
		cmocka_unit_test(test_sim_memory_is_sparse_over_52_bits),
		cmocka_unit_test(test_sim_sm_first_stage_walk_by_hand),
		cmocka_unit_test(test_sim_sm_first_stage_faults),
		cmocka_unit_test(test_sim_sm_nested_walk),
		cmocka_unit_test(test_sim_sm_second_stage_and_pass_through),
		cmocka_unit_test(test_sim_sm_root_entry_halves),
		cmocka_unit_test(test_sim_sm_structure_fault_reasons),
		cmocka_unit_test(test_sim_sm_device_tlb),
		cmocka_unit_test(test_sim_sm_fault_processing_disable),
		cmocka_unit_test(
			test_sim_sm_pasid_cache_stale_until_invalidated),
		cmocka_unit_test(test_sim_sm_iotlb_tags),
		cmocka_unit_test(test_sim_sm_context_cache),
		cmocka_unit_test(test_sim_sm_mode_switch_needs_global_flush),
		cmocka_unit_test(
			test_sim_sm_mode_switch_back_needs_global_flush),
		cmocka_unit_test(
			test_sim_sm_srtp_with_esrtps_flushes_pasid_cache),
		cmocka_unit_test(test_sim_sm_entries_fetched_in_parts),
		cmocka_unit_test(test_sim_sm_queued_invalidation),
		cmocka_unit_test(test_sim_sm_fault_log_line),
		cmocka_unit_test(test_sim_sm_linux_setup_runs_clean),
		cmocka_unit_test(test_sim_interrupt_eim_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
