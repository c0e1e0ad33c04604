// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_fence.c - the fence of the adoption (kdump_fence.c, #22 1) on the
 * VT-d model: the walk over old page tables by hand (every level, large
 * pages, both formats, loops, a table outside old RAM, the budget), then
 * worlds with devices running in which one device's leaf points into the
 * crash kernel's memory: that device is blocked alone, its DMA faults,
 * the rest is adopted without a fault, and the page it would have
 * written is untouched; without the fence it is written.
 */
#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "world.h"

/* A page of the crash kernel's region (world.h) that is neither. */
#define CRASH_PAGE (CORE_HDR - 0x10000)

static void fence_of_crash_kernel(struct world *w, struct vtd_fence *f)
{
	struct vtd_note n;

	assert_int_equal(find_note(w, &n), 0); /* and w->ram with it */
	memset(f, 0, sizeof(*f));
	assert_int_equal(vtd_fence_add(f, AREA, CRASH_REGION_END), 0);
	assert_false(vtd_elfcorehdr_is_old_ram(&w->ram, CRASH_PAGE, 4096));
	assert_true(CRASH_PAGE >= AREA + w->area_size);
}

static void test_fence_ranges(void **state)
{
	struct vtd_fence f = { 0 };
	unsigned int i;

	assert_false(vtd_fence_reaches(&f, 0, ~0ull)); /* empty */
	assert_int_equal(vtd_fence_add(&f, 0x5000, 0x5000), 0); /* empty */
	assert_int_equal(f.nr, 0);
	assert_int_equal(vtd_fence_add(&f, 0x10000, 0x20000), 0);
	assert_int_equal(vtd_fence_add(&f, 0x40000, 0x41000), 0);
	assert_false(vtd_fence_reaches(&f, 0xf000, 0x1000)); /* ends at */
	assert_true(vtd_fence_reaches(&f, 0xf000, 0x1001));
	assert_true(vtd_fence_reaches(&f, 0x1ffff, 1));
	assert_false(vtd_fence_reaches(&f, 0x20000, 0x1000)); /* starts at */
	assert_false(vtd_fence_reaches(&f, 0x30000, 0x1000)); /* between */
	assert_true(vtd_fence_reaches(&f, 0x0, 0x100000)); /* spans both */
	assert_false(vtd_fence_reaches(&f, 0x10000, 0)); /* nothing */
	assert_true(vtd_fence_reaches(&f, ~0ull - 0xfff, 0x2000)); /* wraps */
	for (i = f.nr; i < VTD_FENCE_MAX_RANGES; i++)
		assert_int_equal(vtd_fence_add(&f, 0x100000ull * (i + 1),
					       0x100000ull * (i + 1) + 1),
				 0);
	assert_int_equal(vtd_fence_add(&f, 0x1, 0x2), -ENOSPC);
}

/* A walk state over the world's old RAM and @f, with a fresh budget. */
static void walk_init(struct vtd_fence_walk *fw, const struct world *w,
		      const struct vtd_fence *f)
{
	memset(fw, 0, sizeof(*fw));
	fw->fence = f;
	fw->ram = &w->ram;
	fw->budget = VTD_FENCE_BUDGET_PAGES;
}

/* A 4-level chain t[0] -> t[3] (present in @fs or second-stage format). */
static void chain(struct world *w, uint64_t *t, bool fs)
{
	uint64_t p = fs ? VTD_FSPTE_P | VTD_FSPTE_RW : VTD_SLPTE_R | VTD_SLPTE_W;
	int i;

	for (i = 0; i < 4; i++)
		t[i] = sim_alloc_page(w->sim);
	for (i = 0; i < 3; i++)
		sim_mem_write64(w->sim, t[i] + 8 * 3, t[i + 1] | p);
}

static int walk(struct world *w, const struct vtd_fence *f, uint64_t root,
		unsigned int levels, bool fs, uint64_t *hit)
{
	struct vtd_fence_walk fw;

	walk_init(&fw, w, f);
	return vtd_fence_walk(&crash_ops, &w->env, &fw, root, levels, fs, hit);
}

/*
 * The walk by hand: each kind of reach found with its address, and what
 * is not one passed over (a leaf elsewhere, an entry not present in its
 * format, PS above level 3, which the unit refuses); a table outside
 * old RAM is not read; loops end; the budget ends a walk; one root is
 * walked once per unit.
 */
static void test_fence_walk_by_hand(void **state)
{
	const uint64_t crash_page = CRASH_PAGE,
		       rw = VTD_SLPTE_R | VTD_SLPTE_W;
	struct vtd_fence_walk fw;
	struct vtd_fence f;
	struct world w;
	uint64_t t[4], hit;
	int fs;

	world_up_sized(&w, 64 << 10, 1, 4, 0xfe1);
	fence_of_crash_kernel(&w, &f);
	for (fs = 0; fs < 2; fs++) {
		uint64_t p = fs ? VTD_FSPTE_P | VTD_FSPTE_RW : rw;

		chain(&w, t, fs);
		/* Leaves elsewhere: nothing reached, each entry seen. */
		sim_mem_write64(w.sim, t[3], sim_alloc_page(w.sim) | p);
		sim_mem_write64(w.sim, t[3] + 8 * 511, RAM | p);
		walk_init(&fw, &w, &f);
		assert_int_equal(vtd_fence_walk(&crash_ops, &w.env, &fw, t[0],
						4, fs, &hit),
				 0);
		assert_int_equal(fw.pages, 4);
		assert_int_equal(fw.entries, 5);
		/* The same root again: not walked again. */
		assert_int_equal(vtd_fence_walk(&crash_ops, &w.env, &fw, t[0],
						4, fs, &hit),
				 0);
		assert_int_equal(fw.pages, 4);

		/* A 4 KiB leaf on a page of the crash kernel's. */
		sim_mem_write64(w.sim, t[3] + 8 * 7, crash_page | p);
		assert_int_equal(walk(&w, &f, t[0], 4, fs, &hit),
				 VTD_FENCE_HIT);
		assert_int_equal(hit, crash_page);
		sim_mem_write64(w.sim, t[3] + 8 * 7, 0);
		/* A 2 MiB and a 1 GiB page over it. */
		sim_mem_write64(w.sim, t[2] + 8 * 9,
				(crash_page & ~0x1fffffull) | p |
					VTD_SLPTE_PS);
		assert_int_equal(walk(&w, &f, t[0], 4, fs, &hit),
				 VTD_FENCE_HIT);
		assert_int_equal(hit, crash_page & ~0x1fffffull);
		sim_mem_write64(w.sim, t[2] + 8 * 9, 0);
		sim_mem_write64(w.sim, t[1] + 8 * 9, p | VTD_SLPTE_PS);
		assert_int_equal(walk(&w, &f, t[0], 4, fs, &hit),
				 VTD_FENCE_HIT);
		assert_int_equal(hit, 0);
		sim_mem_write64(w.sim, t[1] + 8 * 9, 0);
		/* PS at level 4 is reserved: the unit reads nothing there. */
		sim_mem_write64(w.sim, t[0] + 8 * 9,
				(crash_page & ~0x7fffffffffull) | p |
					VTD_SLPTE_PS);
		assert_int_equal(walk(&w, &f, t[0], 4, fs, &hit), 0);
		sim_mem_write64(w.sim, t[0] + 8 * 9, 0);
		/* A table pointer into it, and one outside old RAM. */
		sim_mem_write64(w.sim, t[1] + 8 * 10, crash_page | p);
		assert_int_equal(walk(&w, &f, t[0], 4, fs, &hit),
				 VTD_FENCE_HIT);
		assert_int_equal(hit, crash_page);
		sim_mem_write64(w.sim, t[1] + 8 * 10, 0x7f000000000ull | p);
		assert_int_equal(walk(&w, &f, t[0], 4, fs, &hit), -EIO);
		assert_int_equal(hit, 0x7f000000000ull);
		sim_mem_write64(w.sim, t[1] + 8 * 10, 0);
		/* The root itself outside old RAM, or in the fence. */
		assert_int_equal(walk(&w, &f, crash_page, 4, fs, &hit),
				 VTD_FENCE_HIT);
		/* A loop: each level points back at the root. */
		sim_mem_write64(w.sim, t[0] + 8 * 100, t[0] | p);
		walk_init(&fw, &w, &f);
		assert_int_equal(vtd_fence_walk(&crash_ops, &w.env, &fw, t[0],
						4, fs, &hit),
				 0);
		assert_true(fw.pages <= 4 + 3 + 2 + 1 + 4);
		sim_mem_write64(w.sim, t[0] + 8 * 100, 0);
		/* The budget: three pages for a four-level walk. */
		walk_init(&fw, &w, &f);
		fw.budget = 3;
		assert_int_equal(vtd_fence_walk(&crash_ops, &w.env, &fw, t[0],
						4, fs, &hit),
				 -E2BIG);
		assert_int_equal(fw.budget, 0);
		assert_int_equal(vtd_fence_walk(&crash_ops, &w.env, &fw,
						t[1], 3, fs, &hit),
				 -E2BIG);
	}
	/*
	 * Bit 1 alone: present to the second stage, not to the first; one
	 * root walked in both formats in one unit is two walks.
	 */
	chain(&w, t, false);
	sim_mem_write64(w.sim, t[1] + 8 * 3, t[2] | VTD_FSPTE_P | VTD_FSPTE_RW);
	sim_mem_write64(w.sim, t[2] + 8 * 3, t[3] | VTD_FSPTE_P | VTD_FSPTE_RW);
	sim_mem_write64(w.sim, t[0] + 8 * 3, t[1] | VTD_FSPTE_P | VTD_FSPTE_RW);
	sim_mem_write64(w.sim, t[3], crash_page | VTD_SLPTE_W);
	walk_init(&fw, &w, &f);
	assert_int_equal(vtd_fence_walk(&crash_ops, &w.env, &fw, t[0], 4,
					false, &hit),
			 VTD_FENCE_HIT);
	assert_int_equal(vtd_fence_walk(&crash_ops, &w.env, &fw, t[0], 4, true,
					&hit),
			 0);
	/*
	 * A first-stage 2 MiB page with PAT (bit 12) set ends where the
	 * crash kernel's region starts: the page is its 2 MiB, not 2 MiB
	 * from the PAT bit.
	 */
	chain(&w, t, true);
	sim_mem_write64(w.sim, t[2] + 8 * 5,
			(AREA - 0x200000) | 0x1000 | VTD_FSPTE_PS |
				VTD_FSPTE_P | VTD_FSPTE_RW);
	assert_int_equal(walk(&w, &f, t[0], 4, true, &hit), 0);
	assert_int_equal(walk(&w, &f, t[0], 6, true, &hit), -EINVAL);
	world_down(&w);
}

/* Every device but @d did DMA, none of it faulted or went astray. */
static void others_ran_clean(const struct world *w, const struct sim_dev *d)
{
	struct sim_dev_counts others = { 0 };
	int i;

	for (i = 0; i < w->nr_devs; i++) {
		if (&w->devs[i] == d)
			continue;
		others.dma_faults += w->devs[i].n.dma_faults;
		others.dma_misdirected += w->devs[i].n.dma_misdirected;
		others.dma_ok += w->devs[i].n.dma_ok;
	}
	assert_int_equal(others.dma_faults, 0);
	assert_int_equal(others.dma_misdirected, 0);
	assert_true(others.dma_ok > 0);
}

/*
 * Point @d's first ring page at @pa in its first-kernel tables, as a
 * crash that scribbled a leaf (or a driver that mapped the crashed
 * kernel's hole) leaves it.
 */
static void leaf_to(struct world *w, const struct sim_dev *d, uint64_t pa)
{
	unsigned int levels = world_mgaw == 57 ? 5 : 4;

	if (world_scalable && !world_second_stage)
		fk_map_fs(w->sim, d->pgd, levels, d->map[0].iova, pa,
			  VTD_PAGE_SHIFT_4K, true);
	else
		fk_map(w->sim, d->pgd, levels, d->map[0].iova, pa,
		       VTD_PAGE_SHIFT_4K, VTD_SLPTE_R | VTD_SLPTE_W);
}

/*
 * One device's leaf on a page of the crash kernel's, devices running:
 * with the fence that device alone is blocked (one aside entry naming
 * it and the page), its DMA faults, every other device is adopted and
 * runs without a fault, and the page keeps its contents.  Without the
 * fence (what upstream does: the old tables kept as they are) the same
 * device writes the crash kernel's page.
 */
static void test_fence_blocks_one_device(void **state)
{
	const uint64_t crash_page = CRASH_PAGE;
	uint8_t before[4096], after[4096];
	int mode, fenced;

	for (mode = 0; mode < 3; mode++) {
		for (fenced = 1; fenced >= 0; fenced--) {
			struct vtd_adopted *a = adopted_new(1);
			struct sim_dev *d = NULL;
			struct vtd_fence f;
			struct world w;
			int i;

			if (mode)
				scalable_on(48);
			world_second_stage = mode == 2;
			world_up_sized(&w, 256 << 10, 1, 12, 0xfe0 + mode);
			for (i = 0; i < w.nr_devs && !d; i++)
				if (w.devs[i].kind == SIM_DEV_OWN_DOMAIN)
					d = &w.devs[i];
			assert_non_null(d);
			leaf_to(&w, d, crash_page);
			fence_of_crash_kernel(&w, &f);
			/* Without room to set it aside: the unit's verdict. */
			{
				struct vtd_note n;

				assert_int_equal(find_note(&w, &n), 0);
				assert_int_equal(
					vtd_gate_check_fenced(&n, &w.ram, &f,
							      &crash_ops,
							      &w.env, BASE0,
							      VTD_PART_DMA,
							      NULL),
					VTD_BLOCK_REACHES_FENCE);
			}
			crash_kernel_adopts_fenced(&w, a, fenced ? &f : NULL);
			/*
			 * Until the crash kernel's driver runs, the crashed
			 * kernel's tables are live, the scribbled leaf too:
			 * what counts is after the adoption.
			 */
			memset(before, 0x5a, sizeof(before));
			sim_mem_write(w.sim, crash_page, before,
				      sizeof(before));
			if (fenced) {
				assert_int_equal(a->aside.nr, 1);
				assert_int_equal(a->aside.dev[0].sid, d->sid);
				assert_int_equal(a->aside.dev[0].verdict,
						 VTD_BLOCK_REACHES_FENCE);
				assert_int_equal(a->aside.dev[0].pa,
						 crash_page);
				assert_int_equal(a->blocked, 1);
				/* Every translating device walked. */
				assert_true(a->aside.fenced >= 8);
				assert_true(a->aside.fence_pages >= 4);
			} else {
				assert_int_equal(a->blocked, 0);
				assert_int_equal(a->aside.fenced, 0);
			}
			memset(&d->n, 0, sizeof(d->n));
			/* Until the device has tried to write a few times. */
			for (i = 0; i < 200 && d->n.dma_faults < 8 &&
				    !d->n.writes_misdirected;
			     i++)
				sim_traffic_burst(&w.traffic, 4);
			others_ran_clean(&w, d);
			sim_mem_read(w.sim, crash_page, after, sizeof(after));
			if (fenced) {
				assert_true(d->n.dma_faults >= 8);
				assert_int_equal(d->n.dma_misdirected, 0);
				assert_memory_equal(before, after,
						    sizeof(before));
			} else {
				assert_int_equal(d->n.dma_faults, 0);
				assert_true(d->n.writes_misdirected > 0);
				assert_memory_not_equal(before, after,
							sizeof(before));
			}
			printf("# %s, %s: the device's DMA: %llu faults, %llu "
			       "misdirected; the crash kernel's page %s\n",
			       mode == 0 ? "legacy" :
			       mode == 1 ? "scalable first-stage" :
					   "scalable second-stage",
			       fenced ? "fenced" : "no fence",
			       (unsigned long long)d->n.dma_faults,
			       (unsigned long long)d->n.dma_misdirected,
			       memcmp(before, after, sizeof(before)) ?
				       "written" :
				       "untouched");
			free(a);
			world_down(&w);
		}
	}
}

/*
 * Where the entry for @iova at @level of @d's first-kernel tables lies
 * (made by fk_map() or fk_map_fs() down to a 4 KiB leaf first).
 */
static uint64_t entry_at(struct world *w, const struct sim_dev *d,
			 uint64_t iova, unsigned int level)
{
	uint64_t table = d->pgd, pte;
	unsigned int l;

	for (l = 4; l > level; l--) {
		pte = sim_mem_read64(w->sim,
				     table + ((iova >> (12 + 9 * (l - 1))) & 511) * 8);
		table = pte & VTD_SLPTE_ADDR; /* the same bits in both formats */
	}
	return table + ((iova >> (12 + 9 * (level - 1))) & 511) * 8;
}

/*
 * #22: every kind of reach into the crash kernel's memory, in each format,
 * at an IOVA the device does not use: a 2 MiB leaf on the note area, a
 * 1 GiB leaf that covers the whole crash region, a table pointer into
 * it (the unit would read the crash kernel's memory as page-table
 * entries).  Each blocks that device alone, at the address that reaches;
 * every other device is adopted and runs without a fault.
 */
static void test_fence_blocks_every_kind(void **state)
{
	const uint64_t spare = 0x100000000000ull; /* 16 TiB: no ring there */
	static const struct {
		const char *what;
		unsigned int shift, level; /* a leaf of 1 << shift; or a table */
		uint64_t pa, hit;
	} kinds[] = {
		{ "2 MiB leaf", 21, 0, AREA, AREA },
		{ "1 GiB leaf", 30, 0, 0, 0 },
		{ "table pointer", 12, 2, CRASH_PAGE, CRASH_PAGE },
	};
	unsigned int mode, k;

	for (mode = 0; mode < 3; mode++) {
		for (k = 0; k < VTD_ARRAY_SIZE(kinds); k++) {
			struct vtd_adopted *a = adopted_new(1);
			bool fs = mode == 1;
			struct sim_dev *d = NULL;
			struct vtd_fence f;
			struct world w;
			uint64_t slot, pte;
			int i;

			if (mode)
				scalable_on(48);
			world_second_stage = mode == 2;
			world_up_sized(&w, 256 << 10, 1, 12, 0xfe8 + 3 * mode + k);
			for (i = 0; i < w.nr_devs && !d; i++)
				if (w.devs[i].kind == SIM_DEV_OWN_DOMAIN)
					d = &w.devs[i];
			assert_non_null(d);
			if (!kinds[k].level && fs)
				fk_map_fs(w.sim, d->pgd, 4, spare, kinds[k].pa,
					  kinds[k].shift, true);
			else if (!kinds[k].level)
				fk_map(w.sim, d->pgd, 4, spare, kinds[k].pa,
				       kinds[k].shift,
				       VTD_SLPTE_R | VTD_SLPTE_W);
			if (kinds[k].level) {
				/* A 4 KiB page there, then its table moved. */
				if (fs)
					fk_map_fs(w.sim, d->pgd, 4, spare, RAM,
						  12, true);
				else
					fk_map(w.sim, d->pgd, 4, spare, RAM, 12,
					       VTD_SLPTE_R | VTD_SLPTE_W);
				slot = entry_at(&w, d, spare, kinds[k].level);
				pte = sim_mem_read64(w.sim, slot);
				sim_mem_write64(w.sim, slot,
						(pte & ~VTD_SLPTE_ADDR) |
							kinds[k].pa);
			}
			world_snapshot_again(&w);
			fence_of_crash_kernel(&w, &f);
			crash_kernel_adopts_fenced(&w, a, &f);
			if (a->aside.nr != 1)
				fail_msg("%s, mode %u: %u devices set aside",
					 kinds[k].what, mode, a->aside.nr);
			if (a->aside.dev[0].sid != d->sid ||
			    a->aside.dev[0].verdict != VTD_BLOCK_REACHES_FENCE ||
			    a->aside.dev[0].pa != kinds[k].hit || a->blocked != 1)
				fail_msg("%s, mode %u: sid %#x, verdict %d, at "
					 "%#llx",
					 kinds[k].what, mode, a->aside.dev[0].sid,
					 a->aside.dev[0].verdict,
					 (unsigned long long)a->aside.dev[0].pa);
			for (i = 0; i < 50; i++)
				sim_traffic_burst(&w.traffic, 4);
			others_ran_clean(&w, d);
			assert_true(d->n.dma_faults > 0);
			free(a);
			world_down(&w);
		}
	}
}

/* The leaf of second-stage table @root for @pa: its entry, its size. */
static uint64_t leaf_of(struct sim *sim, uint64_t root, unsigned int levels,
			uint64_t pa, uint64_t *size)
{
	uint64_t table = root, pte = 0;
	unsigned int l;

	for (l = levels; l >= 1; l--) {
		unsigned int shift = 12 + 9 * (l - 1);

		pte = sim_mem_read64(sim, table + ((pa >> shift) & 511) * 8);
		*size = 1ull << shift;
		if (!(pte & (VTD_SLPTE_R | VTD_SLPTE_W)) || l == 1 ||
		    (pte & VTD_SLPTE_PS))
			return pte;
		table = pte & VTD_SLPTE_ADDR;
	}
	return pte;
}

/*
 * Ranges that overlap, as x86's elfcorehdr has them (its kernel-text
 * PT_LOAD lies inside a RAM one), in either order: every page of either
 * mapped one to one, once; no larger page taken for a table (the page
 * it maps is old memory, never written) and no table overwritten by a
 * larger page (its pages would be lost).
 */
static void test_fence_identity_overlapping_ranges(void **state)
{
	const uint64_t rw = VTD_SLPTE_R | VTD_SLPTE_W, two_m = 2 << 20;
	const uint64_t ram_lo = 16 << 20, ram_hi = 512 << 20;
	const uint64_t text_lo = 32 << 20, text_hi = (32 << 20) + 0x1a3e000;
	static struct vtd_elfcorehdr_ram ram = { .nr = 2 };
	const uint64_t tail = text_hi & ~(two_m - 1);
	struct vtd_fence_identity id;
	struct vtd_fence f = { 0 };
	uint8_t canary[4096], now[4096];
	uint64_t cap, pa, size;
	struct world w;
	int text_first;

	world_up_sized(&w, 64 << 10, 1, 2, 0x1d2);
	cap = sim_mmio_read64(w.sim, BASE0 + VTD_REG_CAP);
	memset(canary, 0x40, sizeof(canary)); /* no entry present */
	for (text_first = 0; text_first < 2; text_first++) {
		sim_mem_write(w.sim, tail, canary, sizeof(canary));
		ram.range[text_first].start = ram_lo;
		ram.range[text_first].end = ram_hi;
		ram.range[!text_first].start = text_lo;
		ram.range[!text_first].end = text_hi;
		memset(&id, 0, sizeof(id));
		id.levels = 4;
		id.budget = 16;
		assert_int_equal(vtd_fence_identity(&sim_adapter_plat, &w.env,
						    &ram, &f, cap, &id),
				 0);
		assert_int_equal(id.mapped, ram_hi - ram_lo);
		assert_int_equal(id.nr_tables, 3 + text_first);
		for (pa = ram_lo; pa < ram_hi;
		     pa += pa >= tail && pa < tail + two_m ? 4096 : 65536) {
			uint64_t pte = leaf_of(w.sim, id.root, 4, pa, &size);

			if ((pte & ~(size - 1) & VTD_SLPTE_ADDR) !=
				    (pa & ~(size - 1)) ||
			    (pte & rw) != rw)
				fail_msg("%s first: %#llx maps as %#llx (%#llx)",
					 text_first ? "text" : "RAM",
					 (unsigned long long)pa,
					 (unsigned long long)pte,
					 (unsigned long long)size);
		}
		sim_mem_read(w.sim, tail, now, sizeof(now));
		assert_memory_equal(now, canary, sizeof(now));
		vtd_fence_identity_free(&sim_adapter_plat, &w.env, &id);
	}
	world_down(&w);
}

/*
 * The fenced identity domain by hand (#22, 2): 4 GiB of old RAM from
 * 1 GiB with one fenced page inside: 1 GiB pages where they fit, the
 * fenced GiB in 2 MiB pages, the fenced 2 MiB in 4 KiB pages, the fenced
 * page not mapped; without 1 GiB pages (CAP.SLLPS) 2 MiB ones; RAM past
 * the table's reach refused; a budget too small for it refused.
 */
static void test_fence_identity_by_hand(void **state)
{
	const uint64_t fenced = 0x80001000ull, rw = VTD_SLPTE_R | VTD_SLPTE_W;
	static struct vtd_elfcorehdr_ram ram = { .nr = 1 };
	struct vtd_fence_identity id;
	struct vtd_fence f = { 0 };
	uint64_t size, pte, cap;
	struct world w;

	world_up_sized(&w, 64 << 10, 1, 2, 0x1d1);
	cap = sim_mmio_read64(w.sim, BASE0 + VTD_REG_CAP);
	ram.range[0].start = 1ull << 30;
	ram.range[0].end = 5ull << 30;
	assert_int_equal(vtd_fence_add(&f, fenced, fenced + 4096), 0);
	memset(&id, 0, sizeof(id));
	id.levels = 4;
	id.budget = 16;
	assert_int_equal(vtd_fence_identity(&sim_adapter_plat, &w.env, &ram,
					    &f, cap, &id),
			 0);
	assert_int_equal(id.nr_tables, 4);
	assert_int_equal(id.mapped, (4ull << 30) - 4096);
	pte = leaf_of(w.sim, id.root, 4, 0x40000000, &size);
	assert_int_equal(size, 1ull << 30);
	assert_int_equal(pte, 0x40000000 | rw | VTD_SLPTE_PS);
	pte = leaf_of(w.sim, id.root, 4, 0x80200000 + 0x1234, &size);
	assert_int_equal(size, 2ull << 20);
	assert_int_equal(pte, 0x80200000 | rw | VTD_SLPTE_PS);
	pte = leaf_of(w.sim, id.root, 4, fenced - 4096, &size);
	assert_int_equal(size, 4096);
	assert_int_equal(pte, (fenced - 4096) | rw);
	assert_int_equal(leaf_of(w.sim, id.root, 4, fenced, &size), 0);
	pte = leaf_of(w.sim, id.root, 4, fenced + 4096, &size);
	assert_int_equal(pte, (fenced + 4096) | rw);
	assert_int_equal(leaf_of(w.sim, id.root, 4, 5ull << 30, &size), 0);
	assert_int_equal(leaf_of(w.sim, id.root, 4, 0x3ffff000, &size), 0);
	vtd_fence_identity_free(&sim_adapter_plat, &w.env, &id);
	assert_int_equal(id.root, 0);

	/* 2 MiB pages only: 2,047 of them and 511 small ones. */
	memset(&id, 0, sizeof(id));
	id.levels = 4;
	id.budget = 16;
	assert_int_equal(vtd_fence_identity(&sim_adapter_plat, &w.env, &ram,
					    &f,
					    cap & ~VTD_FIELD_PREP(VTD_CAP_SLLPS,
								  2),
					    &id),
			 0);
	assert_int_equal(id.nr_tables, 1 + 1 + 4 + 1);
	assert_int_equal(leaf_of(w.sim, id.root, 4, 0x40000000, &size),
			 0x40000000 | rw | VTD_SLPTE_PS);
	assert_int_equal(size, 2ull << 20);
	vtd_fence_identity_free(&sim_adapter_plat, &w.env, &id);

	/* Past a 3-level table's 512 GiB; a budget of three pages. */
	memset(&id, 0, sizeof(id));
	id.levels = 3;
	id.budget = 16;
	ram.range[0].end = 513ull << 30;
	assert_int_equal(vtd_fence_identity(&sim_adapter_plat, &w.env, &ram,
					    &f, cap, &id),
			 -ERANGE);
	vtd_fence_identity_free(&sim_adapter_plat, &w.env, &id);
	ram.range[0].end = 5ull << 30;
	memset(&id, 0, sizeof(id));
	id.levels = 4;
	id.budget = 2;
	assert_int_equal(vtd_fence_identity(&sim_adapter_plat, &w.env, &ram,
					    &f, cap, &id),
			 -ENOMEM);
	vtd_fence_identity_free(&sim_adapter_plat, &w.env, &id);
	world_down(&w);
}

/*
 * #22, 2: a pass-through device reaches every byte; with the fence its
 * entry becomes one that translates through the unit's fenced identity
 * domain (in scalable mode through a PASID directory and table of the
 * adoption's own), the crashed kernel's RAM one to one in large
 * pages: its DMA to old RAM lands where it did, its DMA into the crash
 * kernel's region faults and the page is untouched.  Without the fence
 * (upstream keeps the entry) the same DMA writes that page.  At the
 * driver's first map the entry is swapped to this kernel's own.
 */
static void test_fence_pass_through_gets_fenced_identity(void **state)
{
	uint8_t before[4096], after[4096];
	int fenced, k;

	for (k = 0; k < 4; k++) {
		struct vtd_adopted *a = adopted_new(1);
		struct sim_dev *d = NULL;
		struct vtd_fence f;
		struct world w;
		int i;

		fenced = !(k & 1);
		if (k >= 2)
			scalable_on(48);
		world_kinds = true; /* every seventh device pass-through */
		world_up_sized(&w, 256 << 10, 1, 24, 0x1d);
		for (i = 0; i < w.nr_devs && !d; i++)
			if (w.devs[i].kind == SIM_DEV_IDENTITY &&
			    w.devs[i].nr_maps > 1)
				d = &w.devs[i];
		assert_non_null(d);
		/* Its first ring page in the crash kernel's region. */
		d->map[0].iova = d->map[0].pa = CRASH_PAGE;
		fence_of_crash_kernel(&w, &f);
		crash_kernel_adopts_fenced(&w, a, fenced ? &f : NULL);
		memset(before, 0xa5, sizeof(before));
		sim_mem_write(w.sim, CRASH_PAGE, before, sizeof(before));
		memset(&d->n, 0, sizeof(d->n));
		for (i = 0; i < 200 && d->n.dma_faults < 8 &&
			    !(d->n.dma_ok > 8 && !fenced);
		     i++)
			sim_traffic_burst(&w.traffic, 4);
		sim_mem_read(w.sim, CRASH_PAGE, after, sizeof(after));
		for (i = 0; i < w.nr_devs; i++)
			if (&w.devs[i] != d)
				assert_int_equal(w.devs[i].n.dma_faults, 0);
		assert_true(d->n.dma_ok > 0); /* old RAM one to one */
		assert_int_equal(d->n.dma_misdirected, 0);
		if (fenced && k >= 2) {
			/* Its directory ours, one page of 512 entries. */
			uint64_t lo = sim_mem_read64(w.sim,
						     world_live_ctx(&w, d));

			assert_int_equal(lo & VTD_SM_CTX_LO_PASIDDIRPTR,
					 a->identity_dir);
			assert_int_equal(VTD_FIELD_GET(VTD_SM_CTX_LO_PDTS, lo),
					 2);
		}
		if (fenced) {
			assert_true(a->pt_fenced >= 1);
			assert_true(a->identity.root && a->identity_did);
			assert_true(a->identity.nr_tables <= 8);
			assert_true(a->identity.mapped >= AREA - RAM);
			assert_true(d->n.dma_faults >= 8);
			assert_memory_equal(before, after, sizeof(before));
		} else {
			assert_int_equal(a->pt_fenced, 0);
			assert_int_equal(d->n.dma_faults, 0);
			assert_memory_not_equal(before, after, sizeof(before));
		}
		printf("# pass-through, %s, %s: %u entries on the identity "
		       "domain "
		       "(%u table pages, %llu MiB mapped), the device's DMA: "
		       "%llu landed, %llu faults; the crash kernel's page %s\n",
		       k >= 2 ? "scalable" : "legacy",
		       fenced ? "fenced" : "no fence", a->pt_fenced,
		       a->identity.nr_tables,
		       (unsigned long long)(a->identity.mapped >> 20),
		       (unsigned long long)d->n.dma_ok,
		       (unsigned long long)d->n.dma_faults,
		       memcmp(before, after, sizeof(before)) ? "written" :
							       "untouched");
		/*
		 * The driver's first map: swapped while present to this
		 * kernel's own pass-through, which is its choice to make;
		 * nothing of the identity domain stays cached (the swap
		 * invalidates by the domain id the device had), so the
		 * crash page is reached now.
		 */
		assert_int_equal(move_device(&w, a, d, VTD_AW_48BIT,
					     VTD_TT_PASSTHROUGH),
				 0);
		memset(&d->n, 0, sizeof(d->n));
		for (i = 0; i < 200 && d->n.writes_misdirected + d->n.dma_ok < 16;
		     i++)
			sim_traffic_burst(&w.traffic, 4);
		assert_int_equal(d->n.dma_faults, 0);
		sim_mem_read(w.sim, CRASH_PAGE, after, sizeof(after));
		assert_memory_not_equal(before, after, sizeof(before));
		free(a);
		world_down(&w);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fence_ranges, world_setup),
		cmocka_unit_test_setup(test_fence_walk_by_hand, world_setup),
		cmocka_unit_test_setup(test_fence_blocks_one_device,
				       world_setup),
		cmocka_unit_test_setup(test_fence_blocks_every_kind,
				       world_setup),
		cmocka_unit_test_setup(test_fence_identity_overlapping_ranges,
				       world_setup),
		cmocka_unit_test_setup(test_fence_identity_by_hand,
				       world_setup),
		cmocka_unit_test_setup(
			test_fence_pass_through_gets_fenced_identity,
			world_setup),
	};

	return cmocka_run_group_tests(tests, world_group_setup, NULL);
}
