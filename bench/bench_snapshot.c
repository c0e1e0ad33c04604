// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_snapshot.c - what the crash-time snapshot costs per byte of
 * tables it reads, against a plain memcpy of the same bytes.
 *
 * Usage: bench_snapshot small|large snapshot|memcpy|crc N
 * Builds a first-kernel state in the VT-d model (small: 1 unit, 8
 * devices, 256 IRTEs; large: 4 units, 2000 devices on 64 buses, 65536
 * IRTEs per unit), then runs N snapshots, or N copies of exactly the
 * pages a snapshot reads.  bench/run.sh runs each under callgrind at two
 * N and prints instructions per byte: the difference cancels set-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/crc32.h>
#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "platform.h"

#define MAX_PAGES 4096

struct bench {
	struct sim *sim;
	const void *pages[MAX_PAGES]; /* what the snapshot mapped */
	int nr_pages;
	bool record;
};

static uint32_t b_read32(void *ctx, uint64_t addr)
{
	return sim_mmio_read32(((struct bench *)ctx)->sim, addr);
}

static uint64_t b_read64(void *ctx, uint64_t addr)
{
	return sim_mmio_read64(((struct bench *)ctx)->sim, addr);
}

static const void *b_map_page(void *ctx, uint64_t pa)
{
	struct bench *b = ctx;
	const void *p = sim_mem_map_page(b->sim, pa);

	if (b->record && b->nr_pages < MAX_PAGES)
		b->pages[b->nr_pages++] = p;
	return p;
}

static uint64_t b_tsc(void *ctx)
{
	return 0;
}

static const struct vtd_snap_ops ops = {
	.read32 = b_read32,
	.read64 = b_read64,
	.map_page = b_map_page,
	.tsc = b_tsc,
};

int main(int argc, char **argv)
{
	bool large = argc > 1 && !strcmp(argv[1], "large");
	bool copy = argc > 2 && !strcmp(argv[2], "memcpy");
	bool crc = argc > 2 && !strcmp(argv[2], "crc");
	long n = argc > 3 ? atol(argv[3]) : 10, i;
	int nr_units = large ? 4 : 1, nr_devs = large ? 2000 : 8, d, u;
	struct sim_config cfg = { .nr_units = nr_units,
				  .ram_base = 0x1000000,
				  .ram_size = 1ull << 31 };
	struct fk_config fk = FK_CONFIG_LINUX(1, 2, large ? 15 : 7);
	struct vtd_snap_unit units[4];
	static uint8_t note[VTD_NOTE_AREA_DEFAULT], scratch[4096];
	struct bench b = { 0 };
	struct sim_dev *devs;
	uint64_t sum = 0;
	int used;

	sim_config_default(&cfg, nr_units, NULL);
	for (u = 0; u < nr_units; u++) {
		units[u] =
			(struct vtd_snap_unit){ cfg.unit[u].reg_base, 4096, 0 };
		/* 500 devices a unit: 4096 domain ids (ND=4), as servers. */
		if (large)
			cfg.unit[u].cap = sim_default_cap(48, 8, 4);
	}
	b.sim = sim_new(&cfg);
	devs = calloc((size_t)nr_devs, sizeof(*devs));
	for (d = 0; d < nr_devs; d++) {
		int slot = d / nr_units;

		devs[d].unit = d % nr_units;
		devs[d].sid = (uint16_t)((slot / 8 + 1) << 8 | (slot % 8) << 3);
	}
	fk_boot(b.sim, &fk, devs, nr_devs);

	/* One recorded run tells which pages a snapshot reads. */
	b.record = true;
	used = vtd_snapshot(&ops, &b, units, (unsigned int)nr_units, note,
			    sizeof(note));
	if (used < 0)
		return 1;
	b.record = false;

	for (i = 0; i < n; i++) {
		if (crc) {
			/* The note's checksum alone: its share of the cost. */
			sum += vtd_crc32(0, note, (size_t)used);
		} else if (copy) {
			for (d = 0; d < b.nr_pages; d++) {
				memcpy(scratch, b.pages[d], sizeof(scratch));
				sum += scratch[d & 4095];
			}
		} else {
			sum += (uint64_t)vtd_snapshot(&ops, &b, units,
						      (unsigned int)nr_units,
						      note, sizeof(note));
		}
	}
	printf("bench_snapshot %s %s: %d pages (%d bytes) per snapshot, "
	       "note %d bytes, %ld runs (checksum %llx)\n",
	       large ? "large" : "small", argc > 2 ? argv[2] : "snapshot",
	       b.nr_pages, b.nr_pages * 4096, used, n,
	       (unsigned long long)sum);
	free(devs);
	sim_free(b.sim);
	return 0;
}
