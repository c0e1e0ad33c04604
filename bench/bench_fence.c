// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_fence.c - what the fence's walk costs (#22, 1): one device's
 * second-stage tables mapping GIB GiB in pages of 2^SHIFT bytes (12, 21
 * or 30), walked RUNS times, each time as a new unit's walk (no root
 * seen before).  Nothing in the tables reaches the fence, so every entry
 * is read.  bench/run.sh takes callgrind's count at two RUNS and prints
 * instructions per walk and per mapped page.
 *
 * Usage: bench_fence GIB SHIFT RUNS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/vtd-hw.h>

#include "adapter.h"
#include "platform.h"

#define RW (VTD_SLPTE_R | VTD_SLPTE_W)

/* A table page of 512 entries, @pa + i * @step each, @bits set. */
static uint64_t table_of(struct sim *sim, uint64_t pa, uint64_t step,
			 uint64_t bits)
{
	static uint64_t e[VTD_SLPT_ENTRIES];
	uint64_t t = sim_alloc_page(sim);
	unsigned int i;

	for (i = 0; i < VTD_SLPT_ENTRIES; i++)
		e[i] = (pa + i * step) | bits;
	sim_mem_write(sim, t, e, sizeof(e));
	return t;
}

int main(int argc, char **argv)
{
	unsigned int gib = argc > 1 ? (unsigned int)atoi(argv[1]) : 1,
		     shift = argc > 2 ? (unsigned int)atoi(argv[2]) : 12;
	int runs = argc > 3 ? atoi(argv[3]) : 1;
	const uint64_t out = 1ull << 40; /* where the pages map: not fenced */
	static struct vtd_elfcorehdr_ram ram = { .nr = 1 };
	struct vtd_fence fence = { 0 };
	struct sim_adapter ad;
	struct sim_config cfg;
	uint64_t root, pdpt[VTD_SLPT_ENTRIES] = { 0 }, hit = 0;
	struct sim *sim;
	unsigned int g, m;
	int i, ret = 0;

	if (gib < 1 || gib > 64 || (shift != 12 && shift != 21 && shift != 30))
		return 2;
	sim_config_default(&cfg, 1, NULL);
	cfg.ram_size = 1ull << 30;
	sim = sim_new(&cfg);
	sim_adapter_init(&ad, sim);
	ad.quiet = true;
	for (g = 0; g < gib; g++) {
		uint64_t gpa = out + ((uint64_t)g << 30);

		if (shift == 30) {
			pdpt[g] = gpa | RW | VTD_SLPTE_PS;
			continue;
		}
		if (shift == 21) {
			pdpt[g] = table_of(sim, gpa, 1ull << 21,
					   RW | VTD_SLPTE_PS) | RW;
			continue;
		}
		{
			static uint64_t pd[VTD_SLPT_ENTRIES];
			uint64_t t = sim_alloc_page(sim);

			for (m = 0; m < VTD_SLPT_ENTRIES; m++)
				pd[m] = table_of(sim, gpa + ((uint64_t)m << 21),
						 1ull << 12, RW) |
					RW;
			sim_mem_write(sim, t, pd, sizeof(pd));
			pdpt[g] = t | RW;
		}
	}
	root = sim_alloc_page(sim);
	sim_mem_write64(sim, root, table_of(sim, 0, 0, 0) | RW); /* a PDPT */
	sim_mem_write(sim, sim_mem_read64(sim, root) & VTD_SLPTE_ADDR, pdpt,
		      sizeof(pdpt));
	ram.range[0].start = cfg.ram_base;
	ram.range[0].end = cfg.ram_base + cfg.ram_size;
	/* The crash kernel's memory: below the tables, out of their reach. */
	vtd_fence_add(&fence, 0x1000, cfg.ram_base);
	for (i = 0; i < runs; i++) {
		struct vtd_fence_walk fw = {
			.fence = &fence,
			.ram = &ram,
			.budget = VTD_FENCE_BUDGET_PAGES,
		};

		ret = vtd_fence_walk(&sim_adapter_rd, &ad, &fw, root, 4, false,
				     &hit);
		if (ret || i + 1 == runs)
			printf("bench_fence: %u GiB in %s pages: %llu table "
			       "pages, %llu entries read, result %d\n",
			       gib,
			       shift == 12 ? "4 KiB" :
			       shift == 21 ? "2 MiB" :
					     "1 GiB",
			       (unsigned long long)fw.pages,
			       (unsigned long long)fw.entries, ret);
		if (ret)
			break;
	}
	sim_free(sim);
	return ret ? 1 : 0;
}
