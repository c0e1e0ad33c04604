// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_read.c - the least any snapshot must do: load each byte of the
 * tables once.
 *
 * Makefile.am builds this file with PURGATORY_CFLAGS, the flags purgatory
 * is built with, as it builds the snapshot that bench_snapshot links:
 * -Os, no SSE, no vectorising, so each 64-bit word is one load and one
 * XOR, as in the snapshot's own scan.
 */
#include "bench_read.h"

/*
 * Eight accumulators, unrolled.  XORs into one register are one chain of
 * dependent instructions, a word per cycle at most whatever the caches
 * do: a read bound by the XOR's latency, not by memory, and slower than
 * the tables allow.  Eight independent chains leave the loads as the
 * limit.  Eight beat four on the large world (warm 210K cycles against
 * 280K, cold 5% faster); more would run out of registers.
 */
uint64_t bench_read_pages(const void *const *pages, unsigned int nr_pages)
{
	uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
	unsigned int i;
	size_t k;

	for (i = 0; i < nr_pages; i++) {
		const uint64_t *w = pages[i];

		for (k = 0; k < BENCH_PAGE_SIZE / sizeof(*w); k += 8) {
			a0 ^= w[k];
			a1 ^= w[k + 1];
			a2 ^= w[k + 2];
			a3 ^= w[k + 3];
			a4 ^= w[k + 4];
			a5 ^= w[k + 5];
			a6 ^= w[k + 6];
			a7 ^= w[k + 7];
		}
	}
	return a0 ^ a1 ^ a2 ^ a3 ^ a4 ^ a5 ^ a6 ^ a7;
}

/* The earlier baseline, kept to show what the chain cost: one register. */
uint64_t bench_read_pages_chain(const void *const *pages, unsigned int nr_pages)
{
	uint64_t acc = 0;
	unsigned int i;
	size_t k;

	for (i = 0; i < nr_pages; i++) {
		const uint64_t *w = pages[i];

		for (k = 0; k < BENCH_PAGE_SIZE / sizeof(*w); k++)
			acc ^= w[k];
	}
	return acc;
}
