// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_adopt.c - what adopting a unit costs in the model, per device.
 *
 * Usage: bench_adopt DEVICES RUNS
 * One unit, DEVICES functions spread over buses (8 per bus), each with
 * its domain, page table and two MSIs; the snapshot is taken once, then
 * the unit is adopted RUNS times.  bench/run.sh takes callgrind's count
 * at two RUNS and prints instructions per adoption for 10, 100 and 1000
 * devices: the cost must follow the present entries, not the tables.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "adopt.h"
#include "platform.h"

static struct sim *sim;

static uint32_t rd32(void *c, uint64_t a)
{
	return sim_mmio_read32(sim, a);
}

static uint64_t rd64(void *c, uint64_t a)
{
	return sim_mmio_read64(sim, a);
}

static const void *map_page(void *c, uint64_t pa)
{
	return sim_mem_map_page(sim, pa);
}

static uint64_t tsc(void *c)
{
	return 0;
}

static int read_phys(void *c, uint64_t pa, void *buf, size_t len)
{
	sim_mem_read(sim, pa, buf, len);
	return 0;
}

static void write64(void *c, uint64_t pa, uint64_t v)
{
	sim_mem_write64(sim, pa, v);
}

static void mmio_write64(void *c, uint64_t a, uint64_t v)
{
	sim_mmio_write64(sim, a, v);
}

static uint64_t alloc_page(void *c)
{
	return sim_alloc_page(sim);
}

static void flush(void *c, uint64_t pa, size_t len)
{
}

int main(int argc, char **argv)
{
	int nr = argc > 1 ? atoi(argv[1]) : 10,
	    runs = argc > 2 ? atoi(argv[2]) : 1;
	const struct vtd_snap_ops sops = { rd32, rd64, map_page, tsc, NULL };
	const struct vtd_crash_ops rops = { read_phys, rd32, rd64 };
	const struct vtd_crash_plat plat = {
		.rd = &rops,
		.write64 = write64,
		.mmio_write64 = mmio_write64,
		.alloc_page = alloc_page,
		.flush = flush,
	};
	struct fk_config fk = FK_CONFIG_LINUX(1, 2, 15);
	struct vtd_snap_unit unit = { .reg_base = SIM_BASE, .reg_size = 4096 };
	static uint8_t area[VTD_NOTE_AREA_DEFAULT];
	struct vtd_adopted *a = malloc(sizeof(*a));
	struct sim_config cfg;
	struct sim_dev *devs = calloc((size_t)nr, sizeof(*devs));
	struct vtd_note n;
	const void *desc;
	size_t len;
	int i, used;

	sim_config_default(&cfg, 1, NULL);
	cfg.unit[0].cap = sim_default_cap(48, 8, 4); /* 4096 domain ids */
	sim = sim_new(&cfg);
	for (i = 0; i < nr; i++)
		devs[i].sid = (uint16_t)((i / 8 + 1) << 8 | (i % 8) << 3);
	fk_boot(sim, &fk, devs, nr);
	used = vtd_snapshot(&sops, NULL, &unit, 1, area, sizeof(area));
	if (used < 0 || vtd_note_find(area, (size_t)used, &desc, &len, NULL) ||
	    vtd_note_open(&n, desc, len, NULL))
		return 1;
	for (i = 0; i < runs; i++)
		if (vtd_crash_adopt_unit(&plat, NULL, &n, SIM_BASE, a))
			return 1;
	printf("bench_adopt: %d devices, %u contexts, %u IRTEs adopted, %d "
	       "runs\n",
	       nr, a->contexts, a->irtes, runs);
	free(a);
	free(devs);
	sim_free(sim);
	return 0;
}
