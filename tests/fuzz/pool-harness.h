/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pool-harness.h - the pages the crash core's writers take their tables
 * from in the fuzz targets (fuzz_crash, fuzz_fence): POOL_PAGES pages at
 * physical POOL_BASE, which the includer defines, far above the input's
 * memory.  A page given back that the pool never handed out stops the
 * run.
 */
#ifndef VTD_FUZZ_POOL_HARNESS_H
#define VTD_FUZZ_POOL_HARNESS_H

#include <stdint.h>
#include <string.h>

static uint8_t pool[POOL_PAGES][4096];
static unsigned int pool_used;

/* [pa, pa + len) inside one page the pool handed out, or NULL. */
static uint8_t *pool_at(uint64_t pa, size_t len)
{
	uint64_t off = pa - POOL_BASE;

	if (pa < POOL_BASE || off / 4096 >= pool_used ||
	    off % 4096 + len > 4096)
		return NULL;
	return &pool[off / 4096][off % 4096];
}

static uint64_t alloc_page(void *ctx)
{
	if (pool_used >= POOL_PAGES)
		return 0;
	memset(pool[pool_used], 0, sizeof(pool[0]));
	return POOL_BASE + 4096 * (uint64_t)pool_used++;
}

static void free_page(void *ctx, uint64_t pa)
{
	if (pa < POOL_BASE || (pa - POOL_BASE) % 4096 ||
	    (pa - POOL_BASE) / 4096 >= pool_used)
		__builtin_trap();
}

#endif
