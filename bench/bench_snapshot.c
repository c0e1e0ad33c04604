// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_snapshot.c - what the crash-time snapshot costs per byte of
 * tables it reads, against the least any snapshot must do: read those
 * bytes once.
 *
 * Usage: bench_snapshot small|large MODE N
 * Builds a first-kernel state in the VT-d model (small: 1 unit, 8
 * devices, 256 IRTEs; large: 4 units, 2000 devices on 64 buses, 65536
 * IRTEs per unit) and records which pages one snapshot maps.  Then:
 *   snapshot, read, memcpy, crc: N snapshots, N plain reads of exactly
 *     those pages (bench_read.c), N glibc memcpys of them, or N CRC-32s
 *     of the note; bench/run.sh runs each under callgrind at two N and
 *     prints instructions per byte (the difference cancels set-up).
 *   cycles: N timed snapshots and reads each with cold caches and N each
 *     with warm caches, interleaved, and prints the medians in TSC cycles,
 *     also against the read into one register that bench_read.c keeps.
 *   parts: N snapshots, cold then warm, with the TSC taken at each page
 *     they map and before the note's checksum: the cycles of pages that
 *     add no entry (the scan), of pages that do (per entry), of the
 *     finish (the CRC-32), and the CRC-32 timed alone.  The stamps cost
 *     some cycles of their own; the total says how many.
 *   note: writes the note of one snapshot to stdout, nothing else, so a
 *     change to the snapshot's code can be checked to write the same bytes.
 *   kernel: N snapshots by the first kernel's build of the same code
 *     (bench/local.mk: kernsnap.o, -O2), for callgrind as snapshot is.
 *   takers: N of each taker's snapshots, cold then warm, interleaved,
 *     and the medians in TSC cycles: the kernel's (#20) against
 *     purgatory's, which it should cost at most 1.2 times.
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

enum mode { SNAPSHOT, READ, MEMCPY, CRC, CYCLES, PARTS, NOTE, KERNEL, TAKERS };
static const char *const mode_names[] = {
	"snapshot", "read", "memcpy", "crc", "cycles",
	"parts",    "note", "kernel", "takers",
};

/* The first kernel's build of lib/snapshot.c and what it uses. */
int kern_vtd_snapshot(const struct vtd_snap_ops *ops, void *ctx,
		      const struct vtd_snap_unit *units, unsigned int nr_units,
		      void *buf, size_t size);
extern const u32 kern_vtd_crc32_table[8][256];

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
	/* Parts: the TSC at the snapshot's ends and at each page it maps. */
	bool stamp;
	int nr_tsc, nr_stamps;
	uint64_t tsc[2], stamps[MAX_PAGES];
	int present[MAX_PAGES]; /* entries each page adds to the note */
};

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

	if (b->stamp && b->nr_stamps < MAX_PAGES)
		b->stamps[b->nr_stamps++] = tsc_serialised();
	if (b->record && b->nr_pages < MAX_PAGES)
		b->pages[b->nr_pages++] = p;
	return p;
}

/* 0, so the note's bytes do not change from run to run, unless stamping. */
static uint64_t b_tsc(void *ctx)
{
	struct bench *b = ctx;
	uint64_t t;

	if (!b->stamp)
		return 0;
	t = tsc_serialised();
	b->tsc[b->nr_tsc++ ? 1 : 0] = t;
	return t;
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

enum run {
	RUN_SNAPSHOT,
	RUN_READ,  /* bench_read_pages: eight XOR chains */
	RUN_CHAIN, /* bench_read_pages_chain: one */
	NR_RUNS,
	RUN_KERNEL = NR_RUNS, /* the first kernel's build of the snapshot */
};

static int run_kernel_snapshot(struct bench *b)
{
	int used = kern_vtd_snapshot(&ops, b, b->units, b->nr_units, b->note,
				     b->note_size);

	b->sink += (uint64_t)used;
	return used;
}

static void run(struct bench *b, enum run what)
{
	unsigned int n = (unsigned int)b->nr_pages;

	if (what == RUN_SNAPSHOT)
		run_snapshot(b);
	else if (what == RUN_KERNEL)
		run_kernel_snapshot(b);
	else if (what == RUN_READ)
		b->sink ^= bench_read_pages(b->pages, n);
	else
		b->sink ^= bench_read_pages_chain(b->pages, n);
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
	flush_lines(kern_vtd_crc32_table, sizeof(kern_vtd_crc32_table));
	__asm__ __volatile__("mfence" : : : "memory");
}

/* Cycles of one run of @what, after a flush or after another run. */
static uint64_t time_run(struct bench *b, enum run what, bool cold)
{
	uint64_t t0, t1;

	if (cold)
		flush_data(b);
	else
		run(b, what);
	t0 = tsc_serialised();
	run(b, what);
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

/* The median of @v, less @overhead. */
static uint64_t median(const uint64_t *v, long n, uint64_t overhead)
{
	uint64_t *s = calloc((size_t)n, sizeof(*s)), m;

	if (!s)
		abort();
	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_u64);
	m = s[n / 2];
	free(s);
	return m > overhead ? m - overhead : 0;
}

/* "cold caches: snapshot S, read R: S/R (quartiles of the run pairs)" */
static void print_ratio(const char *what, const uint64_t *snap,
			const uint64_t *read, long n, uint64_t overhead)
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

/*
 * Median TSC cycles of @n snapshots and reads, cold then warm: against
 * the read, and against the same read into one register, the baseline
 * that was bound by the XOR's latency and flattered the snapshot.
 */
static int measure_cycles(struct bench *b, const char *world, long n)
{
	uint64_t *t, *cold[NR_RUNS], *warm[NR_RUNS], *empty, overhead;
	long i;
	int r;

	if (n < 1)
		return 1;
	t = calloc((size_t)n * (2 * NR_RUNS + 1), sizeof(*t));
	if (!t)
		return 1;
	for (r = 0; r < NR_RUNS; r++) {
		cold[r] = t + r * n;
		warm[r] = t + (NR_RUNS + r) * n;
	}
	empty = t + 2 * NR_RUNS * n;
	for (i = 0; i < n; i++) {
		empty[i] = tsc_serialised();
		empty[i] = tsc_serialised() - empty[i];
	}
	overhead = median(empty, n, 0);
	for (i = 0; i < n; i++) {
		for (r = 0; r < NR_RUNS; r++)
			cold[r][i] = time_run(b, (enum run)r, true);
		for (r = 0; r < NR_RUNS; r++)
			warm[r][i] = time_run(b, (enum run)r, false);
	}
	printf("bench_snapshot %s: TSC cycles, median of %ld: ", world, n);
	print_ratio("cold", cold[RUN_SNAPSHOT], cold[RUN_READ], n, overhead);
	printf("; ");
	print_ratio("warm", warm[RUN_SNAPSHOT], warm[RUN_READ], n, overhead);
	printf(" (sum %llx)\n", (unsigned long long)b->sink);
	printf("bench_snapshot %s: against the read into one XOR chain, "
	       "bound by the XOR's latency: ",
	       world);
	print_ratio("cold", cold[RUN_SNAPSHOT], cold[RUN_CHAIN], n, overhead);
	printf("; ");
	print_ratio("warm", warm[RUN_SNAPSHOT], warm[RUN_CHAIN], n, overhead);
	printf("\n");
	free(t);
	return 0;
}

/*
 * The entries a table page adds to the note.  The bench's tables are in
 * legacy mode, where root, context and IRTE entries are all 16 bytes
 * with P in bit 0.
 */
static int count_present(const void *page)
{
	const uint8_t *p = page;
	int i, n = 0;

	for (i = 0; i < (int)BENCH_PAGE_SIZE; i += 16)
		n += (int)(vtd_ld_le64(p + i) & 1);
	return n;
}

enum part {
	P_TOTAL,  /* the whole snapshot, stamps included */
	P_EMPTY,  /* pages that add no entry: the scan alone */
	P_FULL,	  /* pages that add entries: the scan and the note writes */
	P_FINISH, /* vtd_note_finish: mostly the note's CRC-32 */
	P_REST,	  /* set-up, registers, fault records */
	P_CRC,	  /* the note's CRC-32 again, alone */
	P_READ,	  /* the plain read, per page */
	NR_PARTS
};

/*
 * One snapshot with the TSC taken at each page it maps and before
 * vtd_note_finish (ops->tsc), split into the parts above; then the
 * note's checksum alone, as the snapshot left the note in the caches
 * (cold: with the CRC tables flushed), and the read.
 */
static void time_parts(struct bench *b, uint64_t *v, int used, bool cold)
{
	const uint8_t *desc = b->note + VTD_NOTE_DESC_OFFSET;
	size_t len = (size_t)used - VTD_NOTE_DESC_OFFSET - VTD_NOTE_TERM_SIZE;
	uint64_t t0, t1;
	int i;

	if (cold)
		flush_data(b);
	else
		run_snapshot(b);
	b->stamp = true;
	b->nr_tsc = 0;
	b->nr_stamps = 0;
	t0 = tsc_serialised();
	run_snapshot(b);
	t1 = tsc_serialised();
	b->stamp = false;
	v[P_TOTAL] = t1 - t0;
	v[P_FINISH] = t1 - b->tsc[1];
	v[P_EMPTY] = 0;
	v[P_FULL] = 0;
	for (i = 0; i < b->nr_stamps; i++) {
		uint64_t end =
			i + 1 < b->nr_stamps ? b->stamps[i + 1] : b->tsc[1];

		v[b->present[i] ? P_FULL : P_EMPTY] += end - b->stamps[i];
	}
	v[P_REST] = v[P_TOTAL] - v[P_FINISH] - v[P_EMPTY] - v[P_FULL];

	if (cold) {
		flush_lines(vtd_crc32_table, sizeof(vtd_crc32_table));
		__asm__ __volatile__("mfence" : : : "memory");
	}
	t0 = tsc_serialised();
	b->sink += vtd_note_checksum(desc, len);
	t1 = tsc_serialised();
	v[P_CRC] = t1 - t0;
	v[P_READ] = time_run(b, RUN_READ, cold);
}

/* Where a snapshot's cycles go: medians of @n stamped runs. */
static void print_parts(struct bench *b, const char *world, long n, int used,
			bool cold)
{
	size_t len = (size_t)used - VTD_NOTE_DESC_OFFSET - VTD_NOTE_TERM_SIZE;
	uint64_t *t, m[NR_PARTS], overhead;
	int i, k, full = 0, entries = 0, empty;
	double per_empty;

	t = calloc((size_t)n * NR_PARTS, sizeof(*t));
	if (!t)
		abort();
	for (i = 0; i < n; i++) {
		t[i] = tsc_serialised();
		t[i] = tsc_serialised() - t[i];
	}
	overhead = median(t, n, 0);
	for (i = 0; i < b->nr_pages; i++) {
		full += b->present[i] != 0;
		entries += b->present[i];
	}
	empty = b->nr_pages - full;
	for (i = 0; i < n; i++) {
		uint64_t v[NR_PARTS];

		time_parts(b, v, used, cold);
		for (k = 0; k < NR_PARTS; k++)
			t[k * n + i] = v[k];
	}
	for (k = 0; k < NR_PARTS; k++)
		m[k] = median(t + k * n, n,
			      k == P_TOTAL || k >= P_CRC ? overhead : 0);
	per_empty = empty ? (double)m[P_EMPTY] / empty : 0.0;
	printf("bench_snapshot %s: %s caches, TSC cycles, median of %ld "
	       "snapshots stamped at each page: total %llu: %d pages without "
	       "entries %llu (%.0f a page; the read: %.0f a page), %d pages "
	       "with %d entries %llu (%.1f an entry more than an empty page), "
	       "finish %llu, the rest %llu; the note's CRC-32 alone%s: %llu "
	       "for %zu bytes (%.2f a byte)\n",
	       world, cold ? "cold" : "warm", n, (unsigned long long)m[P_TOTAL],
	       empty, (unsigned long long)m[P_EMPTY], per_empty,
	       (double)m[P_READ] / b->nr_pages, full, entries,
	       (unsigned long long)m[P_FULL],
	       entries ? ((double)m[P_FULL] - full * per_empty) / entries : 0.0,
	       (unsigned long long)m[P_FINISH], (unsigned long long)m[P_REST],
	       cold ? ", its tables flushed" : "", (unsigned long long)m[P_CRC],
	       len, (double)m[P_CRC] / len);
	free(t);
}

/*
 * The two takers of the same snapshot, cold then warm, each pair back to
 * back: the first kernel's build (at panic, #20) against purgatory's.
 */
static int measure_takers(struct bench *b, const char *world, long n)
{
	uint64_t *t = calloc((size_t)n * 5, sizeof(*t)), overhead;
	uint64_t *pc = t, *kc = t + n, *pw = t + 2 * n, *kw = t + 3 * n;
	uint64_t *empty = t + 4 * n;
	double *pair = calloc((size_t)n, sizeof(*pair));
	long i;
	int k;

	if (!t || !pair || n < 1)
		return 1;
	for (i = 0; i < n; i++) {
		empty[i] = tsc_serialised();
		empty[i] = tsc_serialised() - empty[i];
	}
	overhead = median(empty, n, 0);
	for (i = 0; i < n; i++) {
		pc[i] = time_run(b, RUN_SNAPSHOT, true);
		kc[i] = time_run(b, RUN_KERNEL, true);
		pw[i] = time_run(b, RUN_SNAPSHOT, false);
		kw[i] = time_run(b, RUN_KERNEL, false);
	}
	printf("bench_snapshot %s: the kernel's snapshot against "
	       "purgatory's, TSC cycles, median of %ld:",
	       world, n);
	for (k = 0; k < 2; k++) {
		const uint64_t *p = k ? pw : pc, *kk = k ? kw : kc;
		uint64_t mp = median(p, n, overhead), mk = median(kk, n, overhead);

		for (i = 0; i < n; i++)
			pair[i] = (double)kk[i] / (double)(p[i] ? p[i] : 1);
		qsort(pair, (size_t)n, sizeof(*pair), cmp_double);
		printf("%s %s caches: kernel %llu, purgatory %llu: %.2fx "
		       "(quartiles of the run pairs %.2f-%.2f)",
		       k ? ";" : "", k ? "warm" : "cold",
		       (unsigned long long)mk, (unsigned long long)mp,
		       (double)mk / (double)(mp ? mp : 1), pair[n / 4],
		       pair[3 * n / 4]);
	}
	printf(" (sum %llx)\n", (unsigned long long)b->sink);
	free(pair);
	free(t);
	return 0;
}

static int measure_parts(struct bench *b, const char *world, long n, int used)
{
	int i;

	if (n < 1)
		return 1;
	for (i = 0; i < b->nr_pages; i++)
		b->present[i] = count_present(b->pages[i]);
	print_parts(b, world, n, used, true);
	print_parts(b, world, n, used, false);
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
	if (mode == TAKERS) {
		ret = measure_takers(&b, large ? "large" : "small", n);
		goto out;
	}
	if (mode == PARTS) {
		ret = measure_parts(&b, large ? "large" : "small", n, used);
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
			run(&b, RUN_READ);
		} else if (mode == KERNEL) {
			run_kernel_snapshot(&b);
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
