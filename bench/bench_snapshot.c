// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_snapshot.c - what the crash-time snapshot costs per byte of
 * tables it reads, against the least any snapshot must do: read those
 * bytes once.
 *
 * Usage: bench_snapshot small|large snapshot|read|memcpy|crc N
 * Builds a first-kernel state in the VT-d model (small: 1 unit, 8
 * devices, 256 IRTEs; large: 4 units, 2000 devices on 64 buses, 65536
 * IRTEs per unit) and records which pages one snapshot maps.  Then runs
 * N snapshots, N plain reads of exactly those pages (bench_read.c), N
 * glibc memcpys of them, or N CRC-32s of the note.  bench/run.sh runs
 * each under callgrind at two N and prints instructions per byte: the
 * difference cancels set-up.
 * The snapshot (lib/snapshot.c, the note writer, the CRC) and the read
 * loop are built with purgatory's flags (Makefile.am), so both run the
 * code purgatory runs: no SSE, -Os.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/crc32.h>
#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "bench_read.h"
#include "platform.h"

#define MAX_PAGES 4096

enum mode { SNAPSHOT, READ, MEMCPY, CRC };
static const char *const mode_names[] = { "snapshot", "read", "memcpy", "crc" };

struct bench {
	struct sim *sim;
	const void *pages[MAX_PAGES]; /* what the snapshot mapped */
	int nr_pages;
	bool record;
	struct vtd_snap_unit units[4];
	unsigned int nr_units;
	uint8_t *note;
	size_t note_size;
	uint64_t sink; /* every result lands here, so no run is dropped */
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

static int run_snapshot(struct bench *b)
{
	int used = vtd_snapshot(&ops, b, b->units, b->nr_units, b->note,
				b->note_size);

	b->sink += (uint64_t)used;
	return used;
}

static void run_read(struct bench *b)
{
	b->sink ^= bench_read_pages(b->pages, (unsigned int)b->nr_pages);
}

int main(int argc, char **argv)
{
	bool large = argc > 1 && !strcmp(argv[1], "large");
	enum mode mode = SNAPSHOT;
	long n = argc > 3 ? atol(argv[3]) : 10, i;
	int nr_units = large ? 4 : 1, nr_devs = large ? 2000 : 8, d, u;
	struct sim_config cfg = { .nr_units = nr_units,
				  .ram_base = 0x1000000,
				  .ram_size = 1ull << 31 };
	struct fk_config fk = FK_CONFIG_LINUX(1, 2, large ? 15 : 7);
	static uint8_t note[VTD_NOTE_AREA_DEFAULT], scratch[4096];
	static struct bench b;
	struct sim_dev *devs;
	int used;

	for (i = 0; argc > 2 && i < (long)VTD_ARRAY_SIZE(mode_names); i++)
		if (!strcmp(argv[2], mode_names[i]))
			mode = (enum mode)i;
	sim_config_default(&cfg, nr_units, NULL);
	b.nr_units = (unsigned int)nr_units;
	b.note = note;
	b.note_size = sizeof(note);
	for (u = 0; u < nr_units; u++) {
		b.units[u] = (struct vtd_snap_unit){
			.reg_base = cfg.unit[u].reg_base,
			.reg_size = 4096,
		};
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
	used = run_snapshot(&b);
	if (used < 0)
		return 1;
	b.record = false;

	for (i = 0; i < n; i++) {
		if (mode == CRC) {
			/* The note's checksum alone: its share of the cost. */
			b.sink += vtd_crc32(0, note, (size_t)used);
		} else if (mode == MEMCPY) {
			for (d = 0; d < b.nr_pages; d++) {
				memcpy(scratch, b.pages[d], sizeof(scratch));
				b.sink += scratch[d & 4095];
			}
		} else if (mode == READ) {
			run_read(&b);
		} else {
			run_snapshot(&b);
		}
	}
	printf("bench_snapshot %s %s: %d pages (%d bytes) per snapshot, "
	       "note %d bytes, %ld runs (checksum %llx)\n",
	       large ? "large" : "small", mode_names[mode], b.nr_pages,
	       b.nr_pages * (int)BENCH_PAGE_SIZE, used, n,
	       (unsigned long long)b.sink);
	free(devs);
	sim_free(b.sim);
	return 0;
}
