/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pgtable.h - purgatory's identity page tables.
 *
 * At entry the kernel's identity map covers RAM and the loaded segments,
 * not the DMAR register pages.  Purgatory copies the top level of that
 * map into a page of its own and adds 4 KiB mappings, copying (never
 * editing) any lower table of the kernel's on the way and splitting large
 * pages into smaller ones with the same attributes.  Pages come from a
 * pool inside purgatory's own segment.  Physical addresses equal virtual
 * ones throughout, in purgatory and in the host tests alike.
 */
#ifndef VTD_PURGATORY_PGTABLE_H
#define VTD_PURGATORY_PGTABLE_H

#include <kexec-vtd/env.h>

struct pt {
	uint8_t *pool;		/* page-aligned */
	unsigned int pool_pages;
	unsigned int used;
	uint64_t *pml4;
};

/*
 * Start from the kernel's map at @old_cr3.  Returns 0 or -1 when @pool is
 * not page-aligned or has no page.
 */
int pt_init(struct pt *pt, void *pool, unsigned int pool_pages,
	    uint64_t old_cr3);

/*
 * Identity-map the 4 KiB page holding @pa with @flags (X86_PTE_PCD |
 * X86_PTE_PWT for registers).  Returns 0, or -1 when the pool ran out.
 */
int pt_map_page(struct pt *pt, uint64_t pa, uint64_t flags);

/* The value for CR3. */
uint64_t pt_root(const struct pt *pt);

#endif /* VTD_PURGATORY_PGTABLE_H */
