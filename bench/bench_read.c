// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_read.c - the least any snapshot must do: load each byte of the
 * tables once.
 *
 * Makefile.am builds this file with PURGATORY_CFLAGS, the flags purgatory
 * is built with, as it builds the snapshot that bench_snapshot links:
 * -Os, no SSE, no vectorising, so the loop is one 64-bit load and one XOR
 * per word, as the snapshot's own scan is.
 */
#include "bench_read.h"

uint64_t bench_read_pages(const void *const *pages, unsigned int nr_pages)
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
