// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_swap.c - the first map in the model (crash/swap.c): an adopted
 * device gets its new context entry while it goes on doing DMA, the unit
 * sees the entry whole, old or new, and every cache that could still hold
 * the old one (context cache, IOTLB, PASID cache, device-TLB) is
 * invalidated through the platform.  Each control drops or splits one
 * step and shows the devices going astray without it.
 */
#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "world.h"

/* After its first map a device has a new, empty domain; others do not. */
static void test_swap_first_map_gives_a_new_domain(void **state)
{
	struct vtd_adopted *a = adopted_new(3);
	struct sim_dev *d0, *d2;
	struct sim_dma_result r;
	struct world w;
	uint64_t pgd, page;
	uint16_t did;
	uint8_t b[8];

	world_up(&w, 64 << 10);
	crash_kernel_adopts(&w, a);
	d0 = &w.devs[0]; /* unit 0 */
	d2 = &w.devs[2]; /* unit 0 too, left alone */
	pgd = sim_alloc_page(w.sim);
	did = 0;
	assert_int_equal(sim_kernel_first_map(&w.env, &a[0], d0->sid, pgd,
					      VTD_AW_48BIT,
					      VTD_TT_UNTRANSLATED, &did),
			 0);
	assert_int_not_equal(did, d0->did);
	assert_int_not_equal(did, d2->did);
	sim_set_step_hook(w.sim, NULL, NULL);
	/* The crash kernel's driver maps a fresh buffer at a new IOVA. */
	page = sim_alloc_page(w.sim);
	fk_map(w.sim, pgd, 4, 0x80000000, page, 12, VTD_SLPTE_R | VTD_SLPTE_W);
	r = sim_dma(w.sim, 0, d0->sid, 0x80000010, true, b, 8);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, page + 0x10);
	/* Its old IOVAs are no longer reachable from it. */
	r = sim_dma(w.sim, 0, d0->sid, d0->map[0].iova, false, b, 8);
	assert_int_equal(r.result, SIM_FAULT);
	assert_int_equal(r.reason, VTD_FR_READ);
	/* Another device still runs on its old tables. */
	r = sim_dma(w.sim, 0, d2->sid, d2->map[1].iova + 8, true, b, 8);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, d2->map[1].pa + 8);
	free(a);
	world_down(&w);
}

/*
 * A bus whose root entry the note did not have (here: pointed at a page
 * of old memory after the crash): its context table is the dump's, and a
 * swap for a device on it must leave that page alone (#12, 4).
 */
static void test_swap_only_under_adopted_tables(void **state)
{
	struct vtd_adopted *a = adopted_new(3);
	uint8_t before[4096], after[4096];
	uint64_t old_table, re;
	const uint16_t bus = 0x7e;
	struct world w;

	world_up(&w, 64 << 10);
	crash_kernel_adopts(&w, a);
	sim_set_step_hook(w.sim, NULL, NULL);
	assert_int_equal(a[0].ctx_tables[bus], 0);
	old_table = sim_alloc_page(w.sim);
	sim_mem_write64(w.sim, old_table + 8, 0x0102);
	sim_mem_write64(w.sim, old_table, 0x5000 | VTD_CTX_LO_P);
	re = a[0].root + bus * VTD_ROOT_ENTRY_SIZE;
	sim_mem_write64(w.sim, re, old_table | VTD_ROOT_LO_P);
	sim_mem_read(w.sim, old_table, before, sizeof(before));
	assert_int_equal(vtd_crash_swap_context(&sim_adapter_plat, &w.env,
						&a[0], (uint16_t)(bus << 8),
						0x6000 | VTD_CTX_LO_P, 0x0202),
			 -ENOENT);
	sim_mem_read(w.sim, old_table, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));

	/*
	 * #21, 7: an adopted entry whose new one has another address width
	 * is left to the caller's sequence (no passage can make a mix of
	 * two widths harmless), and so is any entry when no domain id was
	 * free for the passage: nothing written, nothing invalidated.
	 */
	{
		const struct sim_dev *d = &w.devs[0];
		uint64_t ce = a[0].ctx_tables[vtd_sid_bus(d->sid)] +
			      vtd_sid_devfn(d->sid) * VTD_CTX_ENTRY_SIZE;
		uint64_t lo = sim_mem_read64(w.sim, ce);
		uint64_t hi = sim_mem_read64(w.sim, ce + 8);
		unsigned int aw = (unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, hi);
		uint64_t other = (hi & ~VTD_CTX_HI_AW) |
				 VTD_FIELD_PREP(VTD_CTX_HI_AW, aw ^ 1);
		uint16_t swap_did = a[0].swap_did;

		w.env.nr_log = 0;
		assert_int_equal(d->unit, 0);
		assert_int_equal(vtd_crash_swap_context(&sim_adapter_plat,
							&w.env, &a[0], d->sid,
							0x6000 | VTD_CTX_LO_P,
							other),
				 -EOPNOTSUPP);
		a[0].swap_did = 0;
		assert_int_equal(vtd_crash_swap_context(&sim_adapter_plat,
							&w.env, &a[0], d->sid,
							0x6000 | VTD_CTX_LO_P,
							hi),
				 -EOPNOTSUPP);
		a[0].swap_did = swap_did;
		assert_int_equal(sim_mem_read64(w.sim, ce), lo);
		assert_int_equal(sim_mem_read64(w.sim, ce + 8), hi);
		assert_int_equal(w.env.nr_log, 0);
	}
	free(a);
	world_down(&w);
}

/*
 * Scalable mode (#21: each guard survived its removal): the swap writes
 * only under a context table the adoption made, at the half the devfn
 * selects, and only over an entry whose reserved bits 255:128 are clear;
 * anything else is -ENOENT with memory untouched.  Its invalidations go
 * context cache, PASID cache, then IOTLB (6.5.2.1-3: an IOTLB entry may
 * be filled from a cached context or PASID entry until those are gone).
 */
static void test_swap_scalable_guards_and_order(void **state)
{
	struct vtd_adopted *a = adopted_new(1);
	uint8_t before[4096], after[4096];
	uint64_t old_table, re, half, ce, pgd;
	const uint16_t bus = 0x7e;
	struct sim_dev *d;
	struct world w;
	uint16_t sid, did = 0;

	scalable_on(48);
	world_up_sized(&w, 64 << 10, 1, 8, 0x5c0f);
	crash_kernel_adopts(&w, a);
	sim_set_step_hook(w.sim, NULL, NULL);
	/* A bus the adoption made no table for. */
	assert_int_equal(a->ctx_tables[bus], 0);
	old_table = sim_alloc_page(w.sim);
	sim_mem_write64(w.sim, old_table, 0x5000 | 1);
	re = a->root + bus * VTD_ROOT_ENTRY_SIZE;
	sim_mem_write64(w.sim, re, old_table | VTD_ROOT_LO_P);
	sim_mem_read(w.sim, old_table, before, sizeof(before));
	assert_int_equal(vtd_crash_swap_sm_context(&sim_adapter_plat, &w.env,
						   a, (uint16_t)(bus << 8),
						   0x6000 | 1, 0),
			 -ENOENT);
	sim_mem_read(w.sim, old_table, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));

	/* A device's own bus, its root half pointed elsewhere. */
	d = &w.devs[0];
	sid = d->sid;
	re = a->root + (sid >> 8) * VTD_ROOT_ENTRY_SIZE +
	     ((sid & 0xff) >= 0x80 ? 8 : 0);
	half = sim_mem_read64(w.sim, re);
	sim_mem_write64(w.sim, re, old_table | VTD_ROOT_LO_P);
	assert_int_equal(vtd_crash_swap_sm_context(&sim_adapter_plat, &w.env,
						   a, sid, 0x6000 | 1, 0),
			 -ENOENT);
	sim_mem_read(w.sim, old_table, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	sim_mem_write64(w.sim, re, half);

	/* Its entry with a reserved bit of 255:128 set. */
	ce = (half & VTD_ROOT_LO_CTP) +
	     (uint64_t)((sid & 0xff) & 0x7f) * VTD_SM_CTX_ENTRY_SIZE;
	sim_mem_write64(w.sim, ce + 24, 1ull << 40);
	sim_mem_read(w.sim, half & VTD_ROOT_LO_CTP, before, sizeof(before));
	assert_int_equal(vtd_crash_swap_sm_context(&sim_adapter_plat, &w.env,
						   a, sid, 0x6000 | 1, 0),
			 -ENOENT);
	sim_mem_read(w.sim, half & VTD_ROOT_LO_CTP, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	sim_mem_write64(w.sim, ce + 24, 0);

	/*
	 * #21, 7: a new entry whose bits 127:64 differ (RID_PASID) cannot
	 * be one 64-bit store: left to the caller's sequence, untouched.
	 */
	sim_mem_read(w.sim, half & VTD_ROOT_LO_CTP, before, sizeof(before));
	w.env.nr_log = 0;
	assert_int_equal(vtd_crash_swap_sm_context(&sim_adapter_plat, &w.env,
						   a, sid, 0x6000 | 1, 5),
			 -EOPNOTSUPP);
	sim_mem_read(w.sim, half & VTD_ROOT_LO_CTP, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	assert_int_equal(w.env.nr_log, 0);

	/* The first map: the invalidations in the spec's order. */
	w.env.nr_log = 0;
	pgd = sim_alloc_page(w.sim);
	assert_int_equal(sim_kernel_first_map_sm(&w.env, a, &sid, 1, pgd,
						 VTD_AW_48BIT,
						 VTD_PGTT_FS, false, &did),
			 0);
	assert_true(w.env.nr_log >= 3);
	assert_int_equal(w.env.log[0].what, SIM_INV_CC_DEVICE);
	assert_int_equal(w.env.log[1].what, SIM_INV_PASID_CACHE);
	assert_int_equal(w.env.log[2].what, SIM_INV_PIOTLB);
	free(a);
	world_down(&w);
}

/*
 * #21, 11: in scalable mode the old RID_PASID entry's IOTLB entries go as
 * Linux 6.12's own teardown sends them: a first-stage or pass-through
 * entry's by a PASID-based invalidation of RID_PASID in its domain
 * (6.5.2.4), a second-stage entry's by a domain-selective one (6.5.2.3);
 * the domain is the one the note recorded for that requester.
 */
static void test_swap_scalable_iotlb_by_translation_type(void **state)
{
	int k, checked[3] = { 0 };

	for (k = 0; k < 2; k++) {
		struct vtd_adopted *a = adopted_new(1);
		struct world w;
		int i;

		scalable_on(48);
		world_second_stage = k == 1;
		world_kinds = true; /* every seventh pass-through */
		world_up_sized(&w, 64 << 10, 1, 16, 0x11);
		crash_kernel_adopts(&w, a);
		sim_set_step_hook(w.sim, NULL, NULL);
		for (i = 0; i < w.nr_devs; i++) {
			struct sim_dev *d = &w.devs[i];
			bool pt = d->kind == SIM_DEV_IDENTITY;
			unsigned int j;
			uint16_t did = 0;

			if (d->kind == SIM_DEV_ALIAS)
				continue;
			w.env.nr_log = 0;
			assert_int_equal(sim_kernel_first_map_sm(
						 &w.env, a, &d->sid, 1,
						 sim_alloc_page(w.sim),
						 VTD_AW_48BIT, VTD_PGTT_FS,
						 false, &did),
					 0);
			for (j = 0; j < w.env.nr_log; j++) {
				if (w.env.log[j].what != SIM_INV_PIOTLB &&
				    w.env.log[j].what != SIM_INV_IOTLB_DOMAIN)
					continue;
				assert_int_equal(w.env.log[j].what,
						 pt || !k ? SIM_INV_PIOTLB :
							    SIM_INV_IOTLB_DOMAIN);
				assert_int_equal(w.env.log[j].did, d->did);
				if (w.env.log[j].what == SIM_INV_PIOTLB)
					assert_int_equal(
						VTD_FIELD_GET(
							VTD_QI_PIOTLB_PASID,
							w.env.log[j].qw0),
						0);
				checked[pt ? 2 : k]++;
			}
		}
		world_down(&w);
		free(a);
	}
	assert_true(checked[0] > 0 && checked[1] > 0 && checked[2] > 0);
}

/*
 * The core asks the platform for every invalidation (the kernel owns its
 * queue) and for none during the adoption itself: the new tables hold
 * what the old ones did, and Linux flushes each unit once, after queued
 * invalidation is up on all of them (#12, 8).  The swap's requests carry
 * the replaced entry's domain id (#12, 1).
 */
static void test_swap_invalidations_go_through_the_platform(void **state)
{
	struct vtd_adopted *a = adopted_new(1);
	struct vtd_adopted *plan = adopted_new(1);
	struct sim_dev *d0;
	struct vtd_note n;
	struct world w;
	uint64_t iqt, pgd;
	uint16_t did;

	world_up(&w, 64 << 10);
	assert_int_equal(find_note(&w, &n), 0);
	iqt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_IQT);
	/* The plan alone: what interrupt remapping needs, nothing written. */
	assert_int_equal(vtd_crash_plan_unit(&n, BASE0, plan), 0);
	assert_int_equal(vtd_crash_plan_unit(&n, 0x1000, plan), -ENOENT);
	assert_int_equal(vtd_crash_plan_unit(&n, BASE0, plan), 0);

	assert_int_equal(vtd_crash_adopt_unit(&sim_adapter_plat, &w.env, &n,
					      BASE0, a),
			 0);
	assert_memory_equal(plan->ids->irte, a->ids->irte,
			    sizeof(a->ids->irte));
	assert_int_equal(plan->irtes, a->irtes);
	assert_int_equal(w.env.nr_log, 0);
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_IQT), iqt);

	d0 = &w.devs[0];
	pgd = sim_alloc_page(w.sim);
	did = 0;
	assert_int_equal(sim_kernel_first_map(&w.env, a, d0->sid, pgd,
					      VTD_AW_48BIT,
					      VTD_TT_UNTRANSLATED, &did),
			 0);
	/*
	 * Each step's: the device's context-cache entry under the id it was
	 * cached with (the replaced entry's, never 0: #12, 1; then the
	 * passage's), the passage's IOTLB twice, then the old domain's.
	 */
	{
		static const enum sim_inval what[6] = {
			SIM_INV_CC_DEVICE,    SIM_INV_CC_DEVICE,
			SIM_INV_IOTLB_DOMAIN, SIM_INV_CC_DEVICE,
			SIM_INV_IOTLB_DOMAIN, SIM_INV_IOTLB_DOMAIN,
		};
		const uint16_t dids[6] = { d0->did,	a->swap_did,
					   a->swap_did, a->swap_did,
					   a->swap_did, d0->did };
		unsigned int i;

		assert_int_not_equal(a->swap_did, 0);
		assert_int_not_equal(a->swap_did, did);
		assert_int_equal(w.env.nr_log, 6);
		for (i = 0; i < 6; i++) {
			assert_int_equal(w.env.log[i].what, what[i]);
			assert_int_equal(w.env.log[i].did, dids[i]);
			if (what[i] == SIM_INV_CC_DEVICE)
				assert_int_equal(w.env.log[i].sid, d0->sid);
		}
	}
	free(plan);
	free(a);
	world_down(&w);
}

/* Move every device of @w to a new domain of width @aw, in flight. */
static void move_all(struct world *w, struct vtd_adopted *a, unsigned int aw)
{
	int i;

	for (i = 0; i < w->nr_devs; i++)
		assert_int_equal(move_device(w, &a[w->devs[i].unit],
					     &w->devs[i], aw,
					     w->devs[i].ats ? VTD_TT_ALL :
							      VTD_TT_UNTRANSLATED),
				 0);
}

/*
 * #12, 2 and #21, 7: the first map changes a present context entry, and
 * the unit may fetch its halves apart, before and after any store, a
 * locked 16-byte one too (the spec has no words that it reads an entry
 * in one access).  Moved at the same width (with shared domains, DMA
 * aliases and pass-through devices), the swap's passage through its own
 * domain id leaves every mix harmless: torn fetches happen and no device
 * faults or goes astray.  Across a change of width a mix walks one table
 * at the other's width (5-level to 4-level tables here): one locked
 * 16-byte store (the core before #21)
 * and two 64-bit stores (before #12) let devices fault or write to the
 * wrong page; the core leaves that change to the spec's
 * clear-invalidate-write sequence, where nothing goes astray and the
 * faults of its window are counted.
 */
static void test_swap_relies_on_no_whole_fetch(void **state)
{
	static const enum sim_swap how[4] = { SIM_SWAP_CORE, SIM_SWAP_STORE128,
					      SIM_SWAP_TWO_STORES,
					      SIM_SWAP_CORE };
	uint64_t base = sim_rng_seed_from_env(0x5a4b), s;
	struct vtd_adopted *a = adopted_new(3);
	uint64_t bad[4] = { 0 }, torn[4] = { 0 }, astray[4] = { 0 };
	int mode;

	world_mgaw = 57;
	world_tear_per_1024 = 512;
	world_evict_per_1024 = 256; /* misses, so the unit refetches */
	for (mode = 0; mode < 4; mode++) {
		world_kinds = mode == 0;
		for (s = 0; s < 20; s++) {
			struct sim_dev_counts sum;
			struct world w;

			world_up_sized(&w, 64 << 10, 1, 16, base + s);
			w.env.swap = how[mode];
			crash_kernel_adopts(&w, a);
			w.traffic.max_ops = 6;
			move_all(&w, a, mode ? VTD_AW_48BIT : VTD_AW_57BIT);
			sim_traffic_burst(&w.traffic, 4);
			sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
			bad[mode] += sum.dma_faults + sum.dma_misdirected;
			astray[mode] += sum.dma_misdirected;
			torn[mode] += world_torn(&w);
			world_down(&w);
		}
	}
	printf("# 20 worlds x 16 devices moved in flight: same width, the "
	       "swap %llu faults or misdirected (%llu torn fetches); from 5- "
	       "to 4-level tables, one 16-byte store %llu (%llu misdirected, "
	       "%llu torn), two 64-bit stores %llu (%llu misdirected), the "
	       "spec's sequence %llu faults in its window, %llu misdirected\n",
	       (unsigned long long)bad[0], (unsigned long long)torn[0],
	       (unsigned long long)bad[1], (unsigned long long)astray[1],
	       (unsigned long long)torn[1], (unsigned long long)bad[2],
	       (unsigned long long)astray[2], (unsigned long long)bad[3],
	       (unsigned long long)astray[3]);
	/*
	 * Between two completed invalidations the passage makes one 64-bit
	 * store, so no fetch can pair halves memory never held together.
	 */
	assert_int_equal(bad[0], 0);
	assert_int_equal(torn[0], 0);
	assert_true(bad[1] > 0 && torn[1] > 0);
	assert_true(bad[2] > 0);
	assert_int_equal(astray[3], 0);
	free(a);
}

/* Two devices writing to one IOVA between the swap's steps. */
struct passage_watch {
	struct sim *sim;
	uint16_t moving, sibling;
	uint64_t iova, old_page;
	unsigned int sibling_in_old_page;
};

static void passage_step(void *ctx)
{
	struct passage_watch *pw = ctx;
	struct sim_dma_result r;
	uint8_t b[8] = { 0 };

	sim_dma(pw->sim, 0, pw->moving, pw->iova, true, b, sizeof(b));
	r = sim_dma(pw->sim, 0, pw->sibling, pw->iova, true, b, sizeof(b));
	if (r.result == SIM_OK && (r.pa & ~0xfffull) == pw->old_page)
		pw->sibling_in_old_page++;
}

/*
 * #21, 7: why the passage.  A device joins a domain another device is
 * already in, and both use one IOVA, which the joining device's old
 * table maps to its old page.  Were the new domain id paired with the
 * old table for a moment (the new id's half stored first, then the
 * table's: two 64-bit stores), the unit would cache the old table's
 * translation under the shared id, and the other device would write
 * into the joining device's old page.  The swap never pairs them.
 */
/* One world of it: how often the sibling wrote into the old page. */
static unsigned int passage_hits(uint64_t seed, enum sim_swap how)
{
	struct vtd_adopted *a = adopted_new(1);
	struct sim_dev *mover, *sibling;
	struct passage_watch pw;
	uint64_t pgd, shared;
	struct world w;
	uint16_t did = 0;

	world_up_sized(&w, 64 << 10, 1, 2, seed);
	crash_kernel_adopts(&w, a);
	sim_set_step_hook(w.sim, NULL, NULL);
	mover = &w.devs[0];
	sibling = &w.devs[1];
	/* The new domain: the mover's IOVA to a page both share. */
	pgd = sim_alloc_page(w.sim);
	shared = sim_alloc_page(w.sim);
	fk_map(w.sim, pgd, 4, mover->map[0].iova, shared, VTD_PAGE_SHIFT_4K,
	       VTD_SLPTE_R | VTD_SLPTE_W);
	assert_int_equal(sim_kernel_first_map(&w.env, a, sibling->sid, pgd,
					      VTD_AW_48BIT,
					      VTD_TT_UNTRANSLATED, &did),
			 0);
	pw = (struct passage_watch){ .sim = w.sim,
				     .moving = mover->sid,
				     .sibling = sibling->sid,
				     .iova = mover->map[0].iova,
				     .old_page = mover->map[0].pa };
	sim_set_step_hook(w.sim, passage_step, &pw);
	w.env.swap = how;
	assert_int_equal(sim_kernel_first_map(&w.env, a, mover->sid, pgd,
					      VTD_AW_48BIT,
					      VTD_TT_UNTRANSLATED, &did),
			 0);
	sim_set_step_hook(w.sim, NULL, NULL);
	world_down(&w);
	free(a);
	return pw.sibling_in_old_page;
}

static void test_swap_passage_keeps_domains_apart(void **state)
{
	uint64_t base = sim_rng_seed_from_env(0x9a55), seed;
	unsigned int hits = 0, control = 0;

	world_evict_per_1024 = 512; /* the unit refetches, now and then */
	for (seed = base; seed < base + 20; seed++) {
		hits += passage_hits(seed, SIM_SWAP_CORE);
		control += passage_hits(seed, SIM_SWAP_TWO_STORES);
	}
	printf("# 20 worlds: the sibling wrote into the mover's old page %u "
	       "times during the swap, %u with two 64-bit stores\n",
	       hits, control);
	assert_int_equal(hits, 0);
	assert_true(control > 0);
}

/*
 * #12, 3: a device with ATS keeps translations of its old table in its
 * device-TLB; the swap invalidates it, or the device goes on writing to
 * its old pages after the crash kernel's driver moved it (the control
 * drops that one invalidation).
 */
static void test_swap_flushes_the_device_tlb(void **state)
{
	uint64_t base = sim_rng_seed_from_env(0xa75), s;
	struct vtd_adopted *a = adopted_new(3);
	uint64_t astray[2] = { 0 }, ok = 0;
	int control;

	world_ats_every = 1;
	for (control = 0; control < 2; control++) {
		for (s = 0; s < 10; s++) {
			struct sim_dev_counts sum;
			struct world w;

			world_up_sized(&w, 64 << 10, 2, 12, base + s);
			crash_kernel_adopts(&w, a);
			sim_traffic_burst(&w.traffic, 4); /* device-TLBs fill */
			if (control)
				w.env.drop_inval = 1u << SIM_INV_DEV_TLB;
			move_all(&w, a, VTD_AW_48BIT);
			sim_traffic_burst(&w.traffic, 4);
			sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
			astray[control] += sum.dma_misdirected + sum.dma_faults;
			if (!control)
				ok += sum.dma_ok;
			world_down(&w);
		}
	}
	printf("# ATS devices moved: %llu astray with the device-TLB "
	       "invalidated, %llu without\n",
	       (unsigned long long)astray[0], (unsigned long long)astray[1]);
	assert_int_equal(astray[0], 0);
	assert_true(ok > 0);
	assert_true(astray[1] > 0);
	free(a);
}

/* The PFSID a device-TLB descriptor carries (6.5.2.5). */
static uint16_t desc_pfsid(uint64_t qw0)
{
	return (uint16_t)(VTD_FIELD_GET(VTD_QI_DEVTLB_PFSID_HI, qw0) << 4 |
			  VTD_FIELD_GET(VTD_QI_DEVTLB_PFSID_LO, qw0));
}

/*
 * #21, 1: the device-TLB invalidation the swap sends is the kernel's
 * (the driver's qi_desc_dev_iotlb(), through the twin), and the model's
 * unit checks it as hardware does.  Without ECAP.DIT its PFSID fields
 * are reserved: the descriptor carries 0 there and is taken; with DIT it
 * carries the function's PF.  A PFSID sent regardless (the code before
 * this test) is refused with an invalidation queue error, which the swap
 * now reports instead of passing over.
 */
static void test_swap_device_tlb_descriptor_as_the_unit_checks_it(void **state)
{
	uint64_t seed = sim_rng_seed_from_env(0xd17);
	struct vtd_adopted *a = adopted_new(3);
	unsigned int dit, i, sent;

	world_ats_every = 1;
	for (dit = 0; dit < 2; dit++) {
		struct sim_dev_counts sum;
		struct world w;

		world_ecap_or = dit ? VTD_ECAP_DIT : 0;
		world_up_sized(&w, 64 << 10, 2, 8, seed + dit);
		crash_kernel_adopts(&w, a);
		sim_traffic_burst(&w.traffic, 4);
		w.env.nr_log = 0;
		move_all(&w, a, VTD_AW_48BIT);
		sim_traffic_burst(&w.traffic, 4);
		for (i = 0, sent = 0; i < w.env.nr_log; i++) {
			if (w.env.log[i].what != SIM_INV_DEV_TLB)
				continue;
			sent++;
			assert_int_equal(w.env.log[i].ret, 0);
			assert_int_equal(desc_pfsid(w.env.log[i].qw0),
					 dit ? w.env.log[i].sid : 0);
			/* Everything it holds: S with every address bit. */
			assert_int_equal(w.env.log[i].qw1,
					 VTD_GENMASK(62, 12) |
						 VTD_QI_DEVTLB_HI_S);
		}
		assert_int_equal(sent, w.nr_devs);
		sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
		assert_int_equal(sum.dma_misdirected + sum.dma_faults, 0);
		assert_true(sum.dma_ok > 0);
		world_down(&w);
	}
	free(a);
}

/*
 * #21, 2: the device-TLB of a function is invalidated only when its ATS
 * Enable is set and it is there.  Devices run ATS under the old tables;
 * then some are reset (a Function Level Reset clears ATS Enable and the
 * device-TLB; the device goes on with untranslated requests) and some
 * are gone.  Those get no device-TLB invalidation, which the model's
 * unit would time out (ITE) and Linux 6.12 retry without end: no hang,
 * every swap succeeds, nothing goes astray, and the rest still get
 * theirs.
 */
static void test_swap_device_tlb_only_where_ats_is_on(void **state)
{
	uint64_t seed = sim_rng_seed_from_env(0xa7e), s;
	struct vtd_adopted *a = adopted_new(3);
	unsigned int sent, want, i;
	int k;

	world_ats_every = 1;
	for (s = 0; s < 4; s++) {
		struct sim_dev_counts sum;
		struct world w;

		world_up_sized(&w, 64 << 10, 2, 12, seed + s);
		crash_kernel_adopts(&w, a);
		sim_traffic_burst(&w.traffic, 4);
		want = 0;
		for (k = 0; k < w.nr_devs; k++) {
			struct sim_dev *d = &w.devs[k];

			if (k % 3 == 0) {
				want++;
				continue;
			}
			/* Reset, or gone (its requests stop with it). */
			d->ats = false;
			memset(d->dtlb, 0, sizeof(d->dtlb));
			sim_set_fn(w.sim, d->unit, d->sid,
				   k % 3 == 1 ? 0 : SIM_FN_GONE);
		}
		w.env.nr_log = 0;
		move_all(&w, a, VTD_AW_48BIT);
		sim_traffic_burst(&w.traffic, 4);
		for (i = 0, sent = 0; i < w.env.nr_log; i++)
			sent += w.env.log[i].what == SIM_INV_DEV_TLB;
		assert_int_equal(sent, want);
		assert_int_equal(w.env.qi_hangs, 0);
		sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
		assert_int_equal(sum.dma_misdirected + sum.dma_faults, 0);
		world_down(&w);
	}
	free(a);
}

/*
 * #21, 9: an invalidation the unit does not complete is the swap's
 * error, not a success: the kernel logs it and replaces that device's
 * entry as upstream does (torn down, flushed, written); the other
 * devices are swapped as before and nothing goes astray.
 */
static void failed_invalidation_costs_one_device(unsigned int first)
{
	struct vtd_adopted *a = adopted_new(3);
	struct sim_dev_counts sum;
	struct world w;
	int k, failed = 0;

	world_up_sized(&w, 64 << 10, 2, 8, sim_rng_seed_from_env(0xfa1));
	crash_kernel_adopts(&w, a);
	sim_traffic_burst(&w.traffic, 4);
	for (k = 0; k < w.nr_devs; k++) {
		struct sim_dev *d = &w.devs[k];
		int ret;

		w.env.fail_inval = k == 3 ? 1u << SIM_INV_IOTLB_DOMAIN : 0;
		w.env.fail_inval_first = first;
		ret = move_device(&w, &a[d->unit], d, VTD_AW_48BIT,
				  VTD_TT_UNTRANSLATED);
		if (k == 3)
			assert_int_equal(ret, -EIO);
		else
			assert_int_equal(ret, 0);
		failed += ret != 0;
	}
	w.env.fail_inval = 0;
	sim_traffic_burst(&w.traffic, 4);
	sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
	assert_int_equal(failed, 1);
	assert_int_equal(sum.dma_misdirected, 0);
	assert_true(sum.dma_ok > 0);
	/* Its entry is the new one all the same: another domain. */
	{
		const struct sim_dev *d = &w.devs[3];
		uint64_t ce = a[d->unit].ctx_tables[vtd_sid_bus(d->sid)] +
			      vtd_sid_devfn(d->sid) * VTD_CTX_ENTRY_SIZE;

		assert_true(sim_mem_read64(w.sim, ce) & VTD_CTX_LO_P);
		assert_int_not_equal(VTD_FIELD_GET(VTD_CTX_HI_DID,
						   sim_mem_read64(w.sim,
								  ce + 8)),
				     d->did);
	}
	world_down(&w);
	free(a);
}

static void test_swap_failed_invalidation_costs_one_device(void **state)
{
	unsigned int first;

	/*
	 * Every IOTLB invalidation of the swap refused, or only the first
	 * (the passage's: a later one's success must not hide its error).
	 */
	for (first = 0; first < 2; first++)
		failed_invalidation_costs_one_device(first);
}

/*
 * #21, 8, with the devices running: one device's problem costs that
 * device.  Legacy: its entry names an address width the unit lacks (it
 * faulted before the crash and does until its first map).  Scalable: a
 * PASID besides RID_PASID is present in its table.  The gate sets it
 * aside and adopts the unit; at the first maps the others are swapped,
 * it is replaced as upstream does (-EPERM from the swap, the teardown),
 * and after them nothing goes astray or faults, it included.
 */
static void test_swap_device_set_aside_costs_that_device(void **state)
{
	unsigned int sm;

	for (sm = 0; sm < 2; sm++) {
		struct vtd_adopted *a = adopted_new(3);
		struct sim_dev_counts sum;
		struct sim_dev *odd;
		struct world w;
		uint64_t ce;
		int k, ret;

		world_setup(NULL);
		if (sm)
			scalable_on(48);
		world_up_sized(&w, 64 << 10, 2, 8, sim_rng_seed_from_env(0xa51));
		odd = &w.devs[2];
		ce = world_live_ctx(&w, odd);
		if (sm) {
			world_add_pasid1(&w, odd);
		} else {
			sim_mem_write64(w.sim, ce + 8,
					(sim_mem_read64(w.sim, ce + 8) &
					 ~VTD_CTX_HI_AW) |
						VTD_FIELD_PREP(VTD_CTX_HI_AW,
							       VTD_AW_57BIT));
		}
		world_snapshot_again(&w);
		crash_kernel_adopts(&w, a);
		assert_int_equal(a[odd->unit].aside.nr, 1);
		assert_int_equal(a[odd->unit].aside.dev[0].sid, odd->sid);
		sim_traffic_burst(&w.traffic, 4);
		for (k = 0; k < w.nr_devs; k++) {
			ret = move_device(&w, &a[w.devs[k].unit], &w.devs[k],
					  VTD_AW_48BIT, VTD_TT_UNTRANSLATED);
			assert_int_equal(ret, &w.devs[k] == odd ? -EPERM : 0);
		}
		/* It has its new entry all the same; then count afresh. */
		ce = (sm ? a[odd->unit].ctx_tables[odd->sid >> 8] +
				   (odd->sid & 0x7f) * VTD_SM_CTX_ENTRY_SIZE :
			   a[odd->unit].ctx_tables[odd->sid >> 8] +
				   (odd->sid & 0xff) * VTD_CTX_ENTRY_SIZE);
		assert_true(sim_mem_read64(w.sim, ce) & VTD_CTX_LO_P);
		for (k = 0; k < odd->nr_maps; k++) {
			odd->map[k].pa = odd->map[k].pa_next;
			odd->map[k].pa_next = 0;
		}
		for (k = 0; k < w.nr_devs; k++)
			memset(&w.devs[k].n, 0, sizeof(w.devs[k].n));
		sim_traffic_burst(&w.traffic, 8);
		sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
		assert_int_equal(sum.dma_misdirected + sum.dma_faults, 0);
		assert_true(odd->n.dma_ok > 0);
		world_down(&w);
		free(a);
	}
	world_setup(NULL);
}

/* --- scalable mode (#13) --- */

/*
 * The swap in scalable mode (6.5.3.3): bits 63:0 of the context entry,
 * all that changes, in one 64-bit store, then the device's context-cache
 * entry, the PASID cache and
 * IOTLB of the old RID_PASID domain.  Without the PASID-cache
 * invalidation (the control) the unit goes on walking the old PASID
 * entry, so devices write to their old pages after the move; with the
 * spec's clear-invalidate-write sequence (the kernel's way where the swap
 * cannot be made) nothing goes astray but requests fault in its window.
 */
static void test_swap_scalable_invalidates_the_pasid_cache(void **state)
{
	uint64_t base = sim_rng_seed_from_env(0x5ca5), s;
	struct vtd_adopted *a = adopted_new(3);
	uint64_t bad[3] = { 0 }, astray[3] = { 0 }, torn = 0;
	int mode;

	for (mode = 0; mode < 3; mode++) {
		for (s = 0; s < 20; s++) {
			struct sim_dev_counts sum;
			struct world w;

			scalable_on(57);
			world_tear_per_1024 = 512;
			world_evict_per_1024 = mode == 1 ? 0 : 256;
			world_up_sized(&w, 64 << 10, 1, 16, base + s);
			w.env.swap = mode == 2 ? SIM_SWAP_SEQUENCE :
						 SIM_SWAP_CORE;
			crash_kernel_adopts(&w, a);
			w.traffic.max_ops = 6;
			sim_traffic_burst(&w.traffic, 4); /* caches fill */
			if (mode == 1)
				w.env.drop_inval =
					1u << SIM_INV_PASID_CACHE;
			move_all(&w, a, VTD_AW_57BIT);
			sim_traffic_burst(&w.traffic, 4);
			sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
			bad[mode] += sum.dma_faults + sum.dma_misdirected;
			astray[mode] += sum.dma_misdirected;
			if (!mode)
				torn += world_torn(&w);
			world_down(&w);
		}
	}
	printf("# 20 scalable worlds x 16 devices moved to 5-level first-stage"
	       " tables in flight: %llu faults or misdirected (%llu torn "
	       "fetches); PASID cache not invalidated: %llu misdirected; "
	       "clear-invalidate-write %llu faults in its window, %llu "
	       "misdirected\n",
	       (unsigned long long)bad[0], (unsigned long long)torn,
	       (unsigned long long)astray[1], (unsigned long long)bad[2],
	       (unsigned long long)astray[2]);
	assert_int_equal(bad[0], 0);
	assert_true(astray[1] > 0);
	assert_int_equal(astray[2], 0);
	assert_true(bad[2] > 0);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_swap_scalable_guards_and_order,
				       world_setup),
		cmocka_unit_test_setup(test_swap_scalable_iotlb_by_translation_type,
				       world_setup),
		cmocka_unit_test_setup(test_swap_first_map_gives_a_new_domain,
				       world_setup),
		cmocka_unit_test_setup(test_swap_only_under_adopted_tables,
				       world_setup),
		cmocka_unit_test_setup(
			test_swap_invalidations_go_through_the_platform,
			world_setup),
		cmocka_unit_test_setup(test_swap_relies_on_no_whole_fetch,
				       world_setup),
		cmocka_unit_test_setup(test_swap_passage_keeps_domains_apart,
				       world_setup),
		cmocka_unit_test_setup(test_swap_flushes_the_device_tlb,
				       world_setup),
		cmocka_unit_test_setup(
			test_swap_device_tlb_descriptor_as_the_unit_checks_it,
			world_setup),
		cmocka_unit_test_setup(test_swap_device_tlb_only_where_ats_is_on,
				       world_setup),
		cmocka_unit_test_setup(
			test_swap_failed_invalidation_costs_one_device,
			world_setup),
		cmocka_unit_test_setup(
			test_swap_device_set_aside_costs_that_device,
			world_setup),
		cmocka_unit_test_setup(
			test_swap_scalable_invalidates_the_pasid_cache,
			world_setup),
	};

	return cmocka_run_group_tests(tests, world_group_setup, NULL);
}
