/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_read.h - the baseline bench_snapshot measures the snapshot
 * against: a plain read of the same table pages.
 */
#ifndef VTD_BENCH_READ_H
#define VTD_BENCH_READ_H

#include <kexec-vtd/env.h>

#define BENCH_PAGE_SIZE 4096u

/**
 * bench_read_pages - read every byte of @nr_pages 4 KiB pages
 * @pages: the pages, 8-byte aligned, in the order the snapshot mapped them
 * @nr_pages: how many
 *
 * Returns the XOR of every 64-bit word, so that no load can be dropped.
 * Eight words at a time into eight registers, so memory is the limit.
 */
uint64_t bench_read_pages(const void *const *pages, unsigned int nr_pages);

/**
 * bench_read_pages_chain - the same, into one register
 *
 * One dependent XOR per word: bound by the XOR's latency, not by memory.
 * Only there to show how much that flattered the snapshot.
 */
uint64_t bench_read_pages_chain(const void *const *pages,
				unsigned int nr_pages);

#endif /* VTD_BENCH_READ_H */
