// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_adopt.c - what adopting a unit costs in the model, per device.
 *
 * Usage: bench_adopt DEVICES RUNS [legacy|scalable]
 * One unit, DEVICES functions spread over buses (8 per bus), each with
 * its domain, page table and two MSIs; the snapshot is taken once, then
 * the unit is judged by the gate (which reads the live root and context
 * tables, and in scalable mode each device's PASID directory and table)
 * and adopted RUNS times, as the kernel does it once.  In scalable mode
 * (Linux 6.12's set-up: a PASID directory and table per device,
 * first-stage domains) half the devices sit at devfn 0x80 and up, so
 * both root-entry halves are used.  bench/run.sh takes callgrind's
 * count at two RUNS and prints instructions per adoption for 10, 100
 * and 1000 devices: the cost must follow the present entries, not the
 * tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "adapter.h"
#include "platform.h"

int main(int argc, char **argv)
{
	int nr = argc > 1 ? atoi(argv[1]) : 10,
	    runs = argc > 2 ? atoi(argv[2]) : 1;
	bool sm = argc > 3 && !strcmp(argv[3], "scalable");
	struct fk_config fk = FK_CONFIG_LINUX(1, 2, 15);
	const struct fk_config fk_sm = FK_CONFIG_LINUX_SM(1, 2, 15);
	struct vtd_snap_unit unit = { .reg_base = SIM_BASE, .reg_size = 4096 };
	static uint8_t area[VTD_NOTE_AREA_DEFAULT];
	struct vtd_adopted *a = malloc(sizeof(*a));
	struct vtd_adopted_ids *ids = malloc(sizeof(*ids));
	struct sim_config cfg;
	struct sim_dev *devs = calloc((size_t)nr, sizeof(*devs));
	struct sim_adapter ad;
	static struct vtd_elfcorehdr_ram ram = { .nr = 1 };
	static uint8_t root[4096];
	uint64_t rt;
	struct vtd_note n;
	struct sim *sim;
	const void *desc;
	size_t len;
	int i, used;

	sim_config_default(&cfg, 1, NULL);
	cfg.unit[0].cap = sim_default_cap(48, 8, 4); /* 4096 domain ids */
	if (sm) {
		fk = fk_sm;
		cfg.unit[0].ecap = sim_scalable_ecap();
	}
	sim = sim_new(&cfg);
	for (i = 0; i < nr; i++)
		devs[i].sid = (uint16_t)((i / 8 + 1) << 8 |
					 (i % 8) << (sm ? 5 : 3));
	fk_boot(sim, &fk, devs, nr);
	sim_adapter_init(&ad, sim);
	ad.quiet = true; /* the cost of the core, not of device traffic */
	used = vtd_snapshot(&sim_adapter_snap_ops, &ad, &unit, 1, area,
			    sizeof(area));
	if (used < 0 || vtd_note_find(area, (size_t)used, &desc, &len, NULL) ||
	    vtd_note_open(&n, desc, len, NULL))
		return 1;
	/* The crashed kernel's RAM: all of the model's. */
	ram.range[0].start = cfg.ram_base;
	ram.range[0].end = cfg.ram_base + cfg.ram_size;
	rt = sim_mmio_read64(sim, SIM_BASE + VTD_REG_RTADDR) & VTD_RTADDR_RTA;
	sim_mem_read(sim, rt, root, sizeof(root));
	a->ids = ids;
	for (i = 0; i < runs; i++) {
		if (vtd_gate_check_unit(&n, &ram, &sim_adapter_rd, &ad,
					 SIM_BASE) != VTD_ADOPT ||
		    vtd_crash_adopt_unit(&sim_adapter_plat, &ad, &n, SIM_BASE,
					 a))
			return 1;
		/* The crash state again, for the next run (one 4 KiB copy). */
		sim_mem_write(sim, rt, root, sizeof(root));
	}
	printf("bench_adopt: %d devices, %u %s contexts, %u IRTEs adopted, %d "
	       "runs\n",
	       nr, a->contexts, sm ? "scalable" : "legacy", a->irtes, runs);
	free(ids);
	free(a);
	free(devs);
	sim_free(sim);
	return 0;
}
