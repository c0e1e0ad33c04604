// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_snapshot.c - what the crash-time snapshot costs per byte of
 * tables it reads, against the least any snapshot must do: read those
 * bytes once.
 *
 * Usage: bench_snapshot small|large snapshot|read|memcpy|crc|cycles N
 * Builds a first-kernel state in the VT-d model (small: 1 unit, 8
 * devices, 256 IRTEs; large: 4 units, 2000 devices on 64 buses, 65536
 * IRTEs per unit) and records which pages one snapshot maps.  Then:
 *   snapshot, read, memcpy, crc: N snapshots, N plain reads of exactly
 *     those pages (bench_read.c), N glibc memcpys of them, or N CRC-32s
 *     of the note; bench/run.sh runs each under callgrind at two N and
 *     prints instructions per byte (the difference cancels set-up).
 *   cycles: N timed snapshots and reads each with cold caches and N each
 *     with warm caches, interleaved, and prints the medians in TSC cycles.
 *   note: writes the note of one snapshot to stdout, nothing else, so a
 *     change to the snapshot's code can be checked to write the same bytes.
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
#define CACHE_LINE 64 /* every x86_64 CPU's CLFLUSH line so far */

enum mode { SNAPSHOT, READ, MEMCPY, CRC, CYCLES, NOTE };
static const char *const mode_names[] = {
	"snapshot", "read", "memcpy", "crc", "cycles", "note",
};

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

/* The TSC once all earlier instructions are done, before any later one. */
static uint64_t tsc_serialised(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("lfence\n\trdtsc\n\tlfence"
			     : "=a"(lo), "=d"(hi)
			     :
			     : "memory");
	return (uint64_t)hi << 32 | lo;
}

static void flush_lines(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(CACHE_LINE - 1);

	for (; a < (uintptr_t)p + len; a += CACHE_LINE)
		__asm__ __volatile__("clflush (%0)" : : "r"(a) : "memory");
}

/*
 * Cold caches, as at crash time: write back and evict every line of the
 * table pages, the note area and the CRC tables from all cache levels.
 * The model's own state (register file, page hash) and the code stay.
 */
static void flush_data(const struct bench *b)
{
	int i;

	for (i = 0; i < b->nr_pages; i++)
		flush_lines(b->pages[i], BENCH_PAGE_SIZE);
	flush_lines(b->note, b->note_size);
	flush_lines(vtd_crc32_table, sizeof(vtd_crc32_table));
	__asm__ __volatile__("mfence" : : : "memory");
}

/* Cycles of one snapshot (@snap) or one read, after a flush or a run. */
static uint64_t time_run(struct bench *b, bool snap, bool cold)
{
	uint64_t t0, t1;

	if (cold)
		flush_data(b);
	else if (snap)
		run_snapshot(b);
	else
		run_read(b);
	t0 = tsc_serialised();
	if (snap)
		run_snapshot(b);
	else
		run_read(b);
	t1 = tsc_serialised();
	return t1 - t0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of @v (sorted in place), less @overhead. */
static uint64_t median(uint64_t *v, long n, uint64_t overhead)
{
	uint64_t m;

	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	m = v[n / 2];
	return m > overhead ? m - overhead : 0;
}

/* "cold caches: snapshot S, read R: S/R (quartiles of the run pairs)" */
static void print_ratio(const char *what, uint64_t *snap, uint64_t *read,
			long n, uint64_t overhead)
{
	double *pair = calloc((size_t)n, sizeof(*pair));
	uint64_t ms, mr;
	long i;

	if (!pair)
		abort();
	/* Each pair ran back to back, so it saw the same machine load. */
	for (i = 0; i < n; i++)
		pair[i] = (double)snap[i] / (double)(read[i] ? read[i] : 1);
	qsort(pair, (size_t)n, sizeof(*pair), cmp_double);
	ms = median(snap, n, overhead);
	mr = median(read, n, overhead);
	printf("%s caches: snapshot %llu, read %llu: %.2fx "
	       "(quartiles of the run pairs %.2f-%.2f)",
	       what, (unsigned long long)ms, (unsigned long long)mr,
	       (double)ms / (double)(mr ? mr : 1), pair[n / 4],
	       pair[3 * n / 4]);
	free(pair);
}

/* Median TSC cycles of @n snapshots and reads, cold then warm. */
static int measure_cycles(struct bench *b, const char *world, long n)
{
	uint64_t *t, *cold_s, *cold_r, *warm_s, *warm_r, *empty, overhead;
	long i;

	if (n < 1)
		return 1;
	t = calloc((size_t)n * 5, sizeof(*t));
	if (!t)
		return 1;
	cold_s = t;
	cold_r = t + n;
	warm_s = t + 2 * n;
	warm_r = t + 3 * n;
	empty = t + 4 * n;
	for (i = 0; i < n; i++) {
		empty[i] = tsc_serialised();
		empty[i] = tsc_serialised() - empty[i];
	}
	overhead = median(empty, n, 0);
	for (i = 0; i < n; i++) {
		cold_s[i] = time_run(b, true, true);
		cold_r[i] = time_run(b, false, true);
		warm_s[i] = time_run(b, true, false);
		warm_r[i] = time_run(b, false, false);
	}
	printf("bench_snapshot %s: TSC cycles, median of %ld: ", world, n);
	print_ratio("cold", cold_s, cold_r, n, overhead);
	printf("; ");
	print_ratio("warm", warm_s, warm_r, n, overhead);
	printf(" (sum %llx)\n", (unsigned long long)b->sink);
	free(t);
	return 0;
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
	int used, ret = 0;

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

	if (mode == CYCLES) {
		ret = measure_cycles(&b, large ? "large" : "small", n);
		goto out;
	}
	if (mode == NOTE) {
		ret = fwrite(note, 1, (size_t)used, stdout) != (size_t)used;
		goto out;
	}
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
out:
	free(devs);
	sim_free(b.sim);
	return ret;
}
