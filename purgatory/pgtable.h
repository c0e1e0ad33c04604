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
 *
 * The map may be 4-level or 5-level: the caller says which, from CR4.LA57
 * as the CPU reports it (SDM vol. 3, 4.1.1), never from an assumption.
 */
#ifndef VTD_PURGATORY_PGTABLE_H
#define VTD_PURGATORY_PGTABLE_H

#include <kexec-vtd/env.h>

struct pt {
	uint8_t *pool;		/* page-aligned */
	unsigned int pool_pages;
	unsigned int used;
	unsigned int levels;	/* X86_PT_LEVELS_4 or X86_PT_LEVELS_5 */
	uint64_t *top;		/* our copy of the PML4 or PML5 */
	uint64_t cr3_low;	/* PWT/PCD or PCID of the kernel's CR3 */
};

/*
 * Start from the kernel's map at @old_cr3, walked with @levels levels.
 * Returns 0, or -1 when @levels is neither 4 nor 5, or @pool is not
 * page-aligned or has no page.
 */
int pt_init(struct pt *pt, void *pool, unsigned int pool_pages,
	    uint64_t old_cr3, unsigned int levels);

/*
 * Identity-map the 4 KiB page holding @pa with @flags (X86_PTE_PCD |
 * X86_PTE_PWT for registers).  Returns 0, or -1 when the pool ran out or
 * @pa is beyond what an identity map of this many levels can reach (2^47
 * with 4 levels, 2^56 with 5: the lower half of the canonical space).
 */
int pt_map_page(struct pt *pt, uint64_t pa, uint64_t flags);

/* The value for CR3: our top table with the kernel's low CR3 bits. */
uint64_t pt_cr3(const struct pt *pt);

#endif /* VTD_PURGATORY_PGTABLE_H */
