// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pgtable.c - copy-on-write identity mappings on top of the kernel's.
 */
#include <kexec-vtd/x86.h>

#include "pgtable.h"

static uint64_t *alloc_table(struct pt *pt)
{
	uint64_t *t;

	if (pt->used >= pt->pool_pages)
		return NULL;
	t = (uint64_t *)(pt->pool + (uint64_t)pt->used++ * X86_PAGE_SIZE);
	vtd_memset(t, 0, X86_PAGE_SIZE);
	return t;
}

static bool owned(const struct pt *pt, uint64_t addr)
{
	uint64_t start = (uint64_t)(uintptr_t)pt->pool;

	return addr >= start &&
	       addr < start + (uint64_t)pt->pool_pages * X86_PAGE_SIZE;
}

static unsigned int level_shift(unsigned int level)
{
	return X86_PAGE_SHIFT + X86_LEVEL_STRIDE * (level - 1);
}

int pt_init(struct pt *pt, void *pool, unsigned int pool_pages,
	    uint64_t old_cr3, unsigned int levels)
{
	const uint64_t *old = (const uint64_t *)(uintptr_t)(old_cr3 &
							     X86_PTE_ADDR);

	pt->pool = pool;
	pt->pool_pages = pool_pages;
	pt->used = 0;
	pt->levels = levels;
	pt->cr3_low = old_cr3 & X86_CR3_LOW_BITS;
	pt->top = NULL;
	if ((levels != X86_PT_LEVELS_4 && levels != X86_PT_LEVELS_5) ||
	    (uintptr_t)pool % X86_PAGE_SIZE)
		return -1;
	pt->top = alloc_table(pt);
	if (!pt->top)
		return -1;
	vtd_memcpy(pt->top, old, X86_PAGE_SIZE);
	return 0;
}

/*
 * Replace the large page @e at @level (3: 1 GiB, 2: 2 MiB) by a table of
 * the next level that maps the same range with the same attributes.
 */
static uint64_t *split_large(struct pt *pt, uint64_t e, unsigned int level)
{
	uint64_t child_size = UINT64_C(1) << level_shift(level - 1);
	/* Bits below the page size hold attributes (PAT at bit 12). */
	uint64_t mask = X86_PTE_ADDR &
			~((UINT64_C(1) << level_shift(level)) - 1);
	uint64_t base = e & mask;
	uint64_t attrs = e & ~mask;
	uint64_t *t = alloc_table(pt);
	unsigned int i;

	if (!t)
		return NULL;
	if (level - 1 == 1) {
		/* 4 KiB entries: no PS, and PAT moves from bit 12 to bit 7. */
		bool pat = attrs & X86_PTE_PAT_LARGE;

		attrs &= ~(X86_PTE_PS | X86_PTE_PAT_LARGE);
		if (pat)
			attrs |= X86_PTE_PAT_4K;
	}
	for (i = 0; i < X86_PT_ENTRIES; i++)
		t[i] = (base + i * child_size) | attrs;
	return t;
}

/* The table entry @e points to, made ours (copied or split) if needed. */
static uint64_t *own_next(struct pt *pt, uint64_t *slot, unsigned int level)
{
	uint64_t e = *slot;
	uint64_t *t;

	if (!(e & X86_PTE_P)) {
		t = alloc_table(pt);
		if (t)
			*slot = (uint64_t)(uintptr_t)t | X86_PTE_P | X86_PTE_RW;
		return t;
	}
	/* PS means a large page only at levels 3 and 2 (SDM vol. 3, 4.5). */
	if (level <= X86_PT_LARGE_MAX_LEVEL && (e & X86_PTE_PS)) {
		t = split_large(pt, e, level);
		if (t)
			*slot = (uint64_t)(uintptr_t)t | X86_PTE_P | X86_PTE_RW;
		return t;
	}
	if (owned(pt, e & X86_PTE_ADDR))
		return (uint64_t *)(uintptr_t)(e & X86_PTE_ADDR);
	t = alloc_table(pt);
	if (t) {
		vtd_memcpy(t, (const void *)(uintptr_t)(e & X86_PTE_ADDR),
			   X86_PAGE_SIZE);
		*slot = (e & ~X86_PTE_ADDR) | (uint64_t)(uintptr_t)t;
	}
	return t;
}

int pt_map_page(struct pt *pt, uint64_t pa, uint64_t flags)
{
	uint64_t *t = pt->top;
	unsigned int level;

	pa &= X86_PTE_ADDR;
	/*
	 * An identity map puts @pa at the same virtual address, which must
	 * be canonical: below 2^47 (4 levels) or 2^56 (5 levels).
	 */
	if (!t || pa >> (level_shift(pt->levels + 1) - 1))
		return -1;
	for (level = pt->levels; level > 1; level--) {
		uint64_t *slot = &t[(pa >> level_shift(level)) &
				    (X86_PT_ENTRIES - 1)];

		t = own_next(pt, slot, level);
		if (!t)
			return -1;
	}
	t[(pa >> X86_PAGE_SHIFT) & (X86_PT_ENTRIES - 1)] =
		pa | X86_PTE_P | X86_PTE_RW | flags;
	return 0;
}

uint64_t pt_cr3(const struct pt *pt)
{
	return (uint64_t)(uintptr_t)pt->top | pt->cr3_low;
}
