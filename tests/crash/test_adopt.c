// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_adopt.c - the adoption in the model (crash/adopt.c): the crash
 * kernel takes over what the first kernel left running, devices in
 * flight throughout, and no device faults or goes astray, in single
 * handovers and in thousands of seeded scenarios, in legacy and in
 * scalable mode, where the reset of the kernels before 4.2 faults.
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

/* No device faulted or went astray, and no unit saw a misprogramming. */
static void assert_nothing_went_wrong(struct world *w)
{
	struct sim_dev_counts sum;
	int u;

	sim_dev_counts_sum(w->devs, w->nr_devs, &sum);
	if (sum.dma_faults || sum.irq_faults || sum.dma_misdirected ||
	    sum.irq_misdirected)
		fail_msg("dma faults %llu, irq faults %llu, misdirected %llu "
			 "dma / %llu irq",
			 (unsigned long long)sum.dma_faults,
			 (unsigned long long)sum.irq_faults,
			 (unsigned long long)sum.dma_misdirected,
			 (unsigned long long)sum.irq_misdirected);
	assert_true(sum.dma_ok > 0 && sum.irq_ok > 0);
	for (u = 0; u < w->nr_units; u++)
		assert_int_equal(sim_unit_stats(w->sim, u)->misprogrammed, 0);
}

/*
 * The adoption happened, and it is the first kernel's state that was
 * adopted (#12): every device's context entry copied, its domain id and
 * its MSIs' IRTE indices reserved, nothing else reserved, the root table
 * and IRTE table kept.  A no-op adoption, or one that installs a fresh
 * root table, fails here however quiet the devices stayed.
 */
static void assert_adopted_what_fk_had(struct world *w,
				       const struct vtd_adopted *a)
{
	int u, i, k;

	for (u = 0; u < w->nr_units; u++) {
		uint32_t ctxs = 0, irqs = 0, dids = 0, d;
		uint8_t seen[VTD_NR_DIDS_MAX / 8] = { 0 };

		assert_int_equal(a[u].root,
				 sim_mmio_read64(w->sim, w->bases[u] +
							 VTD_REG_RTADDR) &
					 VTD_RTADDR_RTA);
		assert_int_equal(a[u].irt,
				 sim_mmio_read64(w->sim, w->bases[u] +
							 VTD_REG_IRTA) &
					 VTD_IRTA_IRTA);
		for (i = 0; i < w->nr_devs; i++) {
			const struct sim_dev *dev = &w->devs[i];

			if (dev->unit != u)
				continue;
			ctxs += dev->kind == SIM_DEV_ALIAS ? 2 : 1;
			assert_true(vtd_adopted_did(&a[u], dev->did));
			if (!(seen[dev->did / 8] & (1u << (dev->did % 8)))) {
				seen[dev->did / 8] |= 1u << (dev->did % 8);
				dids++;
			}
			for (k = 0; k < dev->nr_irqs; k++) {
				assert_true(vtd_adopted_irte(&a[u],
							     dev->irq[k].index));
				irqs++;
			}
		}
		assert_int_equal(a[u].contexts, ctxs);
		assert_true(a[u].irtes >= irqs); /* and the IOAPIC's */
		/*
		 * Domain ids: the devices', 0 (never handed out) and, in
		 * legacy mode, the swaps' own, the highest free one.
		 */
		if (!a[u].scalable) {
			assert_int_equal(a[u].swap_did, a[u].ndoms - 1);
			assert_false(seen[a[u].swap_did / 8] &
				     (1u << (a[u].swap_did % 8)));
		} else {
			assert_int_equal(a[u].swap_did, 0);
		}
		for (d = 1; d < VTD_NR_DIDS_MAX; d++)
			if (vtd_adopted_did(&a[u], d) && d != a[u].swap_did &&
			    !(seen[d / 8] & (1u << (d % 8))))
				fail_msg("unit %d: domain id %u reserved but "
					 "no device had it", u, d);
		assert_true(dids > 0);
	}
}

static void test_adopt_handover_without_a_fault(void **state)
{
	struct vtd_adopted *a = adopted_new(3);
	uint64_t rt0, irta0;
	struct world w;

	world_up(&w, 64 << 10);
	rt0 = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR);
	irta0 = sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA);
	crash_kernel_adopts(&w, a);
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);
	/* Root table and IRTE table kept, remapping never off. */
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR), rt0);
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA), irta0);
	assert_true(sim_mmio_read32(w.sim, BASE0 + VTD_REG_GSTS) &
		    VTD_GSTS_TES);
	assert_int_equal(a[0].contexts + a[1].contexts, 8);
	assert_int_equal(a[0].irtes + a[1].irtes, 8);
	assert_true(w.traffic.steps > 20);
	free(a);
	world_down(&w);
}

/*
 * A store the platform cannot make (#21, 9): the unit's root table
 * unwritable.  The adoption of that unit reports it and leaves the root
 * table as the crash left it (the caller falls back); the other unit is
 * adopted.  Before, the store was dropped and the adoption said 0.
 */
static void test_adopt_store_that_fails_is_reported(void **state)
{
	struct vtd_adopted *a = adopted_new(2);
	uint8_t before[4096], after[4096];
	struct vtd_note n;
	struct world w;
	uint64_t root;

	world_up(&w, 64 << 10);
	root = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR) & VTD_RTADDR_RTA;
	sim_mem_read(w.sim, root, before, sizeof(before));
	assert_int_equal(find_note(&w, &n), 0);
	w.env.unwritable_page = root;
	assert_int_equal(vtd_crash_adopt_unit(&sim_adapter_plat, &w.env, &n,
					      BASE0, &a[0]),
			 -EIO);
	sim_mem_read(w.sim, root, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	w.env.unwritable_page = 0;
	assert_int_equal(vtd_crash_adopt_unit(&sim_adapter_plat, &w.env, &n,
					      BASE1, &a[1]),
			 0);
	assert_true(a[1].contexts > 0);
	free(a);
	world_down(&w);
}

/*
 * Out of pages half-way through a unit: the adoption fails before it
 * has written anything the hardware reads and gives back every page it
 * took (#12, 10), so the kernel's fallback finds old memory as the
 * crash left it, and the devices never notice.
 */
static void test_adopt_out_of_pages_leaves_old_memory_alone(void **state)
{
	struct vtd_adopted *a = adopted_new(1);
	uint8_t before[4096], after[4096];
	struct vtd_note n;
	struct world w;
	uint64_t rt;

	world_up_sized(&w, 64 << 10, 1, 70, 0x0ddba11); /* buses 1-3 */
	assert_int_equal(find_note(&w, &n), 0);
	rt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR) & VTD_RTADDR_RTA;
	sim_mem_read(w.sim, rt, before, sizeof(before));
	w.env.pages_left = 2;
	assert_int_equal(
		vtd_crash_adopt_unit(&sim_adapter_plat, &w.env, &n, BASE0, a),
		-ENOMEM);
	assert_int_equal(w.env.pages_allocated, 2);
	assert_int_equal(w.env.pages_freed, 2);
	sim_mem_read(w.sim, rt, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env,
					      BASE0),
			 VTD_ADOPT);
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);
	/* With pages, the same unit is adopted, and keeps them. */
	w.env.pages_left = -1;
	assert_int_equal(vtd_crash_adopt_unit(&sim_adapter_plat, &w.env, &n,
					      BASE0, a),
			 0);
	assert_int_equal(w.env.pages_freed, 2);
	assert_int_equal(w.env.pages_allocated, 2 + 3);
	sim_mem_read(w.sim, rt, after, sizeof(after));
	assert_memory_not_equal(before, after, sizeof(before));
	assert_int_equal(a->contexts, 70);
	free(a);
	world_down(&w);
}

/* The remappable-format MSI address for IRTE @idx, as fk programs. */
static uint64_t msi_addr(uint32_t idx)
{
	return VTD_MSI_ADDR_BASE | VTD_MSI_ADDR_IF | VTD_MSI_ADDR_SHV |
	       VTD_FIELD_PREP(VTD_MSI_ADDR_HANDLE_LO, idx) |
	       VTD_FIELD_PREP(VTD_MSI_ADDR_HANDLE_15,
			      idx >> VTD_MSI_ADDR_HANDLE_LO_BITS);
}

/*
 * Point 7: the crash kernel's own interrupts go into the adopted table
 * at indices the crashed kernel did not use, while the old ones keep
 * arriving where they should.  Writing over a reserved index instead
 * (the control) misdirects a device that is still running.
 */
static void test_adopt_new_irtes_leave_the_old_ones_alone(void **state)
{
	struct vtd_adopted *a = adopted_new(3);
	struct vtd_adopted *plan = adopted_new(1);
	struct sim_dev *d = NULL;
	struct sim_irq_result r;
	struct vtd_note n;
	struct world w;
	uint32_t idx;
	int k;

	world_up(&w, 64 << 10);
	assert_int_equal(find_note(&w, &n), 0);
	assert_int_equal(vtd_crash_plan_unit(&n, BASE0, plan), 0);
	crash_kernel_adopts(&w, a);
	for (k = 0; k < w.nr_devs && !d; k++)
		if (w.devs[k].unit == 0)
			d = &w.devs[k];
	assert_non_null(d);
	for (k = 0; k < 16; k++) {
		uint8_t vec = (uint8_t)(0xe0 + k);
		uint32_t dest = 0x7000 + (uint32_t)k;

		assert_int_equal(
			sim_kernel_new_irte(
				&w.env, &a[0],
				VTD_IRTE_LO_P |
					VTD_FIELD_PREP(VTD_IRTE_LO_V, vec) |
					VTD_FIELD_PREP(VTD_IRTE_LO_DST, dest),
				VTD_FIELD_PREP(VTD_IRTE_HI_SID, d->sid) |
					VTD_FIELD_PREP(VTD_IRTE_HI_SVT,
						       VTD_SVT_SID),
				&idx),
			0);
		assert_false(vtd_adopted_irte(plan, idx));
		r = sim_msi(w.sim, 0, d->sid, msi_addr(idx), 0);
		assert_int_equal(r.result, SIM_OK);
		assert_int_equal(r.index, idx);
		assert_int_equal(r.vector, vec);
		assert_int_equal(r.dest, dest);
	}
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);

	/*
	 * The control: an allocator that ignores the reservation hands out
	 * index 0 again, and the device whose MSI used it goes astray.
	 */
	sim_set_step_hook(w.sim, NULL, NULL);
	memset(a[0].ids->irte, 0, sizeof(a[0].ids->irte));
	assert_int_equal(
		sim_kernel_new_irte(&w.env, &a[0],
				   VTD_IRTE_LO_P |
					   VTD_FIELD_PREP(VTD_IRTE_LO_V, 0xef) |
					   VTD_FIELD_PREP(VTD_IRTE_LO_DST, 0x7fff),
				   0, &idx),
		0);
	assert_int_equal(idx, 0);
	for (k = 0, d = NULL; k < w.nr_devs; k++)
		if (w.devs[k].unit == 0 && w.devs[k].irq[0].index == 0)
			d = &w.devs[k];
	assert_non_null(d);
	r = sim_msi(w.sim, 0, d->sid, d->irq[0].addr, d->irq[0].data);
	assert_true(r.result != SIM_OK || r.vector != d->irq[0].vector);
	free(plan);
	free(a);
	world_down(&w);
}

/*
 * The same scenarios, twice: the pre-4.2 reset must fault (reason 1 and
 * 34, as in test_sim_baseline) and the adoption must not, with the
 * devices running between every step of either.
 */
static void test_adopt_zero_faults_where_the_reset_faults(void **state)
{
	uint64_t base = sim_rng_seed_from_env(0xad0b7), s;
	uint64_t reset_faults = 0, scenarios = 0;
	struct vtd_adopted *a = adopted_new(3);

	printf("# seeds 0x%llx.. (replay with VTD_TEST_SEED)\n",
	       (unsigned long long)base);
	for (s = 0; s < 60; s++) {
		int units = 1 + (int)(s % 3), devs = 6 + (int)(s * 7 % 60);
		struct sim_dev_counts sum;
		struct world w;

		world_up_sized(&w, 256 << 10, units, devs, base + s);
		naive_crash_kernel(w.sim);
		sim_traffic_burst(&w.traffic, 2);
		sim_dev_counts_sum(w.devs, devs, &sum);
		if (!sum.dma_faults || !sum.irq_faults)
			fail_msg("seed 0x%llx: the reset did not fault",
				 (unsigned long long)(base + s));
		reset_faults += sum.dma_faults + sum.irq_faults;
		world_down(&w);

		world_up_sized(&w, 256 << 10, units, devs, base + s);
		crash_kernel_adopts(&w, a);
		sim_traffic_burst(&w.traffic, 2);
		assert_nothing_went_wrong(&w);
		world_down(&w);
		scenarios++;
	}
	printf("# %llu scenarios: the reset faulted %llu times, the adoption "
	       "0\n",
	       (unsigned long long)scenarios, (unsigned long long)reset_faults);
	free(a);
}

/*
 * The crash kernel at work while the devices run (#12): every fourth
 * device gets its first map (a new domain: 5-level on a 57-bit unit,
 * ATS devices keep TT 01b, every eighth pass-through), and two new
 * IRTEs go into each adopted table, their MSIs checked.
 */
static void crash_kernel_works(struct world *w, struct vtd_adopted *a)
{
	unsigned int aw = world_mgaw == 57 ? VTD_AW_57BIT : VTD_AW_48BIT;
	int i, u, k;

	for (i = 0; i < w->nr_devs; i += 4) {
		struct sim_dev *d = &w->devs[i];
		unsigned int tt = d->ats	     ? VTD_TT_ALL :
				  i % 8 == 4 ? VTD_TT_PASSTHROUGH :
					       VTD_TT_UNTRANSLATED;

		assert_int_equal(move_device(w, &a[d->unit], d, aw, tt), 0);
	}
	for (u = 0; u < w->nr_units; u++) {
		for (k = 0; k < 2; k++) {
			struct sim_irq_result r;
			uint32_t idx;

			assert_int_equal(
				sim_kernel_new_irte(
					&w->env, &a[u],
					VTD_IRTE_LO_P |
						VTD_FIELD_PREP(VTD_IRTE_LO_V,
							       0xe0 + k) |
						VTD_FIELD_PREP(VTD_IRTE_LO_DST,
							       0x77),
					0, &idx),
				0);
			r = sim_msi(w->sim, u, 0x1234, msi_addr(idx), 0);
			assert_int_equal(r.result, SIM_OK);
			assert_int_equal(r.vector, 0xe0 + k);
		}
	}
}

/*
 * One scenario of the bulk tests, from @seed, with the world_* settings
 * of the caller: the first kernel up, 1-6 device operations between
 * steps, the adoption checked against what the first kernel had, the
 * crash kernel at work, no fault.  The caller takes the world down.
 */
static void run_scenario(struct world *w, struct vtd_adopted *a, int units,
			 int devs, uint64_t seed)
{
	world_up_sized(w, 512 << 10, units, devs, seed);
	w->traffic.max_ops = 1 + (int)(seed % 6);
	crash_kernel_adopts(w, a);
	assert_adopted_what_fk_had(w, a);
	crash_kernel_works(w, a);
	sim_traffic_burst(&w->traffic, 2);
	assert_nothing_went_wrong(w);
}

/*
 * The note rewritten with each unit's sections in another order: the
 * context entries (and everything else) before the root entries, which
 * the note's format allows (docs/note-format.md).  Written by the
 * library's writer, so the note is well-formed and passes the gate.
 */
static void reorder_note(struct world *w)
{
	uint8_t *area = calloc(1, w->area_size);
	struct vtd_note_writer wr;
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct vtd_note n;
	int off, pass;

	assert_int_equal(find_note(w, &n), 0);
	assert_int_equal(vtd_note_init(&wr, area, w->area_size, 1), 0);
	for (off = vtd_note_first_unit(&n); off >= 0;
	     off = vtd_note_next_unit(&n, off)) {
		vtd_note_get_unit(&n, off, &u);
		assert_int_equal(vtd_note_add_unit(&wr, &u), 0);
		for (pass = 0; pass < 2; pass++) {
			vtd_note_cursor_init(&n, off, &c);
			while (vtd_note_next_entry(&n, &c, &e))
				if ((e.type == VTD_SEC_ROOT) == (pass == 1))
					assert_int_equal(
						vtd_note_add_entry(&wr, &e), 0);
		}
	}
	assert_true(vtd_note_finish(&wr, 2) > 0);
	sim_mem_write(w->sim, AREA, area, w->area_size);
	free(area);
}

/*
 * Legacy and scalable mode: root records after the context records they
 * lead to lose no entry (#21, 5): every device adopted, none faults.
 */
/*
 * #21, 10: what an adopted unit keeps for the whole boot.  The struct
 * (context-table pointers, the devices set aside, the records' pages)
 * and a 4 KiB page per 512 scalable-mode requesters: 16 KiB or less up
 * to 1,536 of them; the old ids (16 KiB of bitmaps) are the caller's
 * and go once the driver has them.  A record for each noted RID_PASID
 * entry, found again by source-id with its domain id and type; none
 * for a requester the note does not have.
 */
static void test_adopt_keeps_little(void **state)
{
	struct vtd_adopted *a = adopted_new(1);
	unsigned int pages, i;
	struct vtd_sm_old old;
	size_t kept;
	struct world w;

	assert_true(sizeof(*a) <= 6 << 10);
	scalable_on(48);
	world_kinds = true;
	world_up_sized(&w, 512 << 10, 1, 600, 0x6b);
	crash_kernel_adopts(&w, a);
	pages = (a->nr_sm_old + VTD_SM_OLD_PER_PAGE - 1) / VTD_SM_OLD_PER_PAGE;
	kept = sizeof(*a) + pages * (size_t)VTD_PAGE_SIZE_4K;
	printf("# 600 scalable-mode devices: %u records in %u pages, %zu "
	       "bytes kept (the old ids' %zu given back)\n",
	       a->nr_sm_old, pages, kept, sizeof(*a->ids));
	assert_int_equal(pages, 2);
	assert_true(kept <= 16 << 10);
	for (i = 0; i < (unsigned int)w.nr_devs; i++) {
		const struct sim_dev *d = &w.devs[i];

		assert_int_equal(vtd_adopted_sm_old(&sim_adapter_plat, &w.env,
						    a, d->sid, &old),
				 0);
		assert_int_equal(old.did, d->did);
		assert_int_equal(old.pgtt, d->kind == SIM_DEV_IDENTITY ?
						   VTD_PGTT_PT :
						   VTD_PGTT_FS);
	}
	/* Aliases share their device's table: a record each, too. */
	assert_true(a->nr_sm_old >= (unsigned int)w.nr_devs);
	assert_int_equal(vtd_adopted_sm_old(&sim_adapter_plat, &w.env, a,
					    0xfff8, &old),
			 -ENOENT);
	vtd_adopted_release(&sim_adapter_plat, &w.env, a);
	assert_int_equal(a->nr_sm_old, 0);
	world_down(&w);
	free(a);
}

static void test_adopt_any_section_order(void **state)
{
	struct vtd_adopted *a = adopted_new(3);
	struct world w;
	int k;

	for (k = 0; k < 2; k++) {
		world_scalable = k == 1;
		world_up_sized(&w, 512 << 10, 2, 24, 0x0de7);
		reorder_note(&w);
		crash_kernel_adopts(&w, a);
		assert_adopted_what_fk_had(&w, a);
		crash_kernel_works(&w, a);
		sim_traffic_burst(&w.traffic, 2);
		assert_nothing_went_wrong(&w);
		world_down(&w);
		free(a);
		a = adopted_new(3);
	}
	free(a);
}

/*
 * Many more scenarios, adoption only: 1-3 units on segments 0 and 1,
 * 6-300 devices, 1-6 device operations between steps (the interleaving),
 * all from one seed.  VTD_ADOPT_SCENARIOS sets how many (default 2000).
 */
static void test_adopt_thousands_of_scenarios(void **state)
{
	uint64_t base = sim_rng_seed_from_env(0x5ca1e), s, n = 2000;
	struct vtd_adopted *a = adopted_new(3);
	const char *env = getenv("VTD_ADOPT_SCENARIOS");
	uint64_t devs_total = 0, contexts = 0, irtes = 0, torn = 0;
	uint64_t followed = 0;
	struct sim_rng r = { base };

	if (env && *env)
		n = strtoull(env, NULL, 0);
	for (s = 0; s < n; s++) {
		int units = 1 + (int)sim_rng_below(&r, 3);
		int devs = 6 + (int)sim_rng_below(&r, 295);
		uint64_t seed = sim_rng_next(&r);
		struct world w;
		int u;

		/*
		 * Every other world has its devices anywhere, every fourth
		 * 5-level tables, every third some devices with ATS, and
		 * every unit may fetch entries in halves (#12).
		 */
		world_random_sids = s & 1;
		world_mgaw = s % 4 == 1 ? 57 : 48;
		world_ats_every = s % 3 == 0 ? 3 : 0;
		world_tear_per_1024 = 64;
		world_kinds = s % 4 < 2; /* shared, identity, aliased */
		/*
		 * #22, 3: a crash kernel booted for scalable mode, on units
		 * that have it (the first kernel booted sm_off) or not.
		 */
		world_crash_sm = s % 5 >= 3;
		world_ecap_or = s % 5 == 3 ? VTD_ECAP_SMTS | VTD_ECAP_SLTS : 0;
		run_scenario(&w, a, units, devs, seed);
		followed += w.mode_followed;
		world_random_sids = false;
		torn += world_torn(&w);
		for (u = 0; u < units; u++) {
			contexts += a[u].contexts;
			irtes += a[u].irtes;
		}
		devs_total += (uint64_t)devs;
		world_down(&w);
	}
	assert_true(n < 5 || followed > 0);
	printf("# %llu scenarios from seed 0x%llx: %llu devices, %llu context "
	       "entries and %llu IRTEs adopted, a quarter of the devices moved "
	       "and 2 IRTEs added per unit in flight (%llu torn fetches), 0 "
	       "faults; in %llu the crash kernel's own choice was scalable "
	       "mode on units that have it\n",
	       (unsigned long long)n, (unsigned long long)base,
	       (unsigned long long)devs_total, (unsigned long long)contexts,
	       (unsigned long long)irtes, (unsigned long long)torn,
	       (unsigned long long)followed);
	free(a);
}

/*
 * The same adoption on hardware whose caches drop entries at will (one
 * hit in 16 evicts first): the unit walks the tables at moments no
 * invalidation chose, so every state the adoption passes through must
 * be one the devices can use.  Devices sit at any bus and devfn.
 */
static void test_adopt_scenarios_with_evicting_caches(void **state)
{
	uint64_t base = sim_rng_seed_from_env(0xe71c7), s, n = 200;
	struct vtd_adopted *a = adopted_new(3);
	uint64_t evictions = 0, upper = 0, funcs = 0, block_ends = 0;
	struct sim_rng r = { base };

	world_evict_per_1024 = 64;
	world_random_sids = true;
	for (s = 0; s < n; s++) {
		int units = 1 + (int)sim_rng_below(&r, 3);
		int devs = 6 + (int)sim_rng_below(&r, 120);
		uint64_t seed = sim_rng_next(&r);
		struct world w;
		int u;

		world_mgaw = s % 2 ? 57 : 48;
		world_ats_every = s % 3 == 0 ? 2 : 0;
		world_kinds = true;
		run_scenario(&w, a, units, devs, seed);
		for (u = 0; u < units; u++)
			evictions += sim_unit_stats(w.sim, u)->evictions;
		for (u = 0; u < devs; u++) {
			uint8_t devfn = w.devs[u].sid & 0xff;

			upper += devfn >= 0x80;
			funcs += VTD_DEVFN_FN(devfn) != 0;
			block_ends += devfn % 16 == 15;
		}
		world_down(&w);
	}
	/* The placement reached what it is there for. */
	assert_true(upper > 0 && funcs > 0 && block_ends > 0);
	assert_true(evictions > 0);
	printf("# %llu scenarios from seed 0x%llx with evicting caches and "
	       "devices anywhere (%llu at devfn 0x80-0xff, %llu not function "
	       "0, %llu at the end of a scan block): %llu evictions, 0 "
	       "faults\n",
	       (unsigned long long)n, (unsigned long long)base,
	       (unsigned long long)upper, (unsigned long long)funcs,
	       (unsigned long long)block_ends, (unsigned long long)evictions);
	free(a);
}

/* --- scalable mode (#13) --- */

/*
 * A scalable-mode unit as Linux 6.12 leaves it is adopted: the root table
 * kept (RTADDR, its TTM included, never written), new context tables for
 * both halves of every root entry, every device's RID_PASID domain id
 * reserved, the IRTE table kept in x2APIC mode; devices run through it
 * all, and after a quarter of them got their first map (a new PASID
 * directory, table and first-stage domain each), still without a fault.
 */
static void test_adopt_scalable_handover_and_first_map(void **state)
{
	struct vtd_adopted *a = adopted_new(3);
	uint64_t rt0, irta0, upper = 0;
	struct world w;
	int i;

	scalable_on(48);
	world_random_sids = true; /* devfn 0x80-0xff: upper halves */
	world_kinds = true;
	world_up_sized(&w, 512 << 10, 2, 40, sim_rng_seed_from_env(0x5ca));
	rt0 = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR);
	irta0 = sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA);
	assert_int_equal(VTD_FIELD_GET(VTD_RTADDR_TTM, rt0), VTD_TTM_SCALABLE);
	assert_true(irta0 & VTD_IRTA_EIME);
	crash_kernel_adopts(&w, a);
	assert_true(a[0].scalable && a[1].scalable);
	assert_adopted_what_fk_had(&w, a);
	for (i = 0; i < VTD_ROOT_ENTRIES; i++)
		upper += a[0].ctx_tables_up[i] != 0;
	assert_true(upper > 0);
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);
	crash_kernel_works(&w, a);
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR), rt0);
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA), irta0);
	assert_true(sim_mmio_read32(w.sim, BASE0 + VTD_REG_GSTS) &
		    VTD_GSTS_TES);
	/* The moved devices' DMA reaches their new pages only. */
	for (i = 0; i < w.nr_devs; i += 4) {
		struct sim_dev *d = &w.devs[i];
		struct sim_dma_result r;
		uint8_t b[8];

		sim_set_step_hook(w.sim, NULL, NULL);
		r = sim_dma(w.sim, d->unit, d->sid, d->map[0].iova + 8, true,
			    b, 8);
		assert_int_equal(r.result, SIM_OK);
		assert_int_equal(r.pa, d->map[0].pa + 8);
	}
	free(a);
	world_down(&w);
}

/*
 * Scalable-mode scenarios, adoption and first maps in flight: 1-3 units,
 * 6-200 devices anywhere (both root-entry halves), shared, pass-through
 * and aliased devices, ATS, 5-level first-stage moves on 57-bit units,
 * second-stage domains in every third world, halves fetched apart, and
 * caches that evict in every other.  VTD_ADOPT_SM_SCENARIOS sets how
 * many (default 300).
 */
static void test_adopt_scalable_scenarios(void **state)
{
	uint64_t base = sim_rng_seed_from_env(0x5ca1ab1e), s, n = 300;
	struct vtd_adopted *a = adopted_new(3);
	const char *env = getenv("VTD_ADOPT_SM_SCENARIOS");
	uint64_t devs_total = 0, contexts = 0, upper = 0, evictions = 0;
	uint64_t nested = 0, followed = 0;
	struct sim_rng r = { base };

	if (env && *env)
		n = strtoull(env, NULL, 0);
	for (s = 0; s < n; s++) {
		int units = 1 + (int)sim_rng_below(&r, 3);
		int devs = 6 + (int)sim_rng_below(&r, 195);
		uint64_t seed = sim_rng_next(&r);
		struct world w;
		int u;

		scalable_on(s % 4 == 1 ? 57 : 48);
		world_second_stage = s % 3 == 2;
		world_random_sids = true;
		world_ats_every = s % 3 == 0 ? 3 : 0;
		world_tear_per_1024 = 64;
		world_evict_per_1024 = s & 1 ? 64 : 0;
		world_kinds = s % 4 < 2;
		/* #21, 3: the crash kernel's domains nested, now and then. */
		world_crash_nested = s % 5 == 4 && !world_second_stage;
		world_ecap_or = world_crash_nested ? VTD_ECAP_NEST : 0;
		nested += world_crash_nested;
		/* #22, 3: a crash kernel booted intel_iommu=sm_off. */
		world_crash_sm = s % 4 == 3 ? 0 : -1;
		run_scenario(&w, a, units, devs, seed);
		followed += w.mode_followed;
		for (u = 0; u < units; u++) {
			contexts += a[u].contexts;
			evictions += sim_unit_stats(w.sim, u)->evictions;
		}
		for (u = 0; u < devs; u++)
			upper += (w.devs[u].sid & 0xff) >= 0x80;
		devs_total += (uint64_t)devs;
		world_down(&w);
	}
	assert_true(upper > 0 && evictions > 0 &&
		    (n < 5 || (nested > 0 && followed > 0)));
	printf("# %llu scalable-mode scenarios from seed 0x%llx: %llu devices "
	       "(%llu at devfn 0x80-0xff), %llu context entries adopted, a "
	       "quarter moved to new PASID tables in flight (nested domains "
	       "in %llu scenarios), %llu evictions, 0 faults; in %llu the "
	       "crash kernel's own choice was legacy mode\n",
	       (unsigned long long)n, (unsigned long long)base,
	       (unsigned long long)devs_total, (unsigned long long)upper,
	       (unsigned long long)contexts, (unsigned long long)nested,
	       (unsigned long long)evictions, (unsigned long long)followed);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_adopt_store_that_fails_is_reported,
				       world_setup),
		cmocka_unit_test_setup(test_adopt_keeps_little, world_setup),
		cmocka_unit_test_setup(test_adopt_any_section_order,
				       world_setup),
		cmocka_unit_test_setup(test_adopt_handover_without_a_fault,
				       world_setup),
		cmocka_unit_test_setup(
			test_adopt_out_of_pages_leaves_old_memory_alone,
			world_setup),
		cmocka_unit_test_setup(
			test_adopt_new_irtes_leave_the_old_ones_alone,
			world_setup),
		cmocka_unit_test_setup(
			test_adopt_zero_faults_where_the_reset_faults,
			world_setup),
		cmocka_unit_test_setup(test_adopt_thousands_of_scenarios,
				       world_setup),
		cmocka_unit_test_setup(
			test_adopt_scenarios_with_evicting_caches, world_setup),
		cmocka_unit_test_setup(
			test_adopt_scalable_handover_and_first_map,
			world_setup),
		cmocka_unit_test_setup(test_adopt_scalable_scenarios,
				       world_setup),
	};

	return cmocka_run_group_tests(tests, world_group_setup, NULL);
}
