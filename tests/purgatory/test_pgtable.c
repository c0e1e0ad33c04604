// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_pgtable.c - purgatory's page-table builder, built for the host.
 * Kernel-like identity maps are made here by hand, 4-level and 5-level,
 * with 1 GiB pages, 2 MiB pages and 4 KiB tables below and above 4 GiB
 * (and, with 5 levels, above 256 TiB); purgatory's builder adds register
 * pages on top; then every probe address is translated the way the CPU
 * walks the tables (SDM vol. 3, 4.5) and compared with the kernel's map:
 * new pages are identity-mapped uncached, everything else maps as before
 * with the same attributes (NX and protection keys included), and the
 * kernel's own tables are not modified.  Nothing here depends on CR4
 * beyond LA57: the new pages are supervisor pages (no SMAP/SMEP fault),
 * with protection key 0, and CR3's PCID or PWT/PCD bits are kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/x86.h>

#include "cpu-walk.h"
#include "pgtable.h"

#define GIB (1ull << 30)
#define MIB2 (1ull << 21)
#define TIB256 (1ull << 48)
#define ATTR_KERNEL (X86_PTE_P | X86_PTE_RW | X86_PTE_A | X86_PTE_D)
/* Protection key 5 (bits 62:59), as a kernel with PKS might leave it. */
#define PTE_PKEY5 (5ull << 59)
#define MAX_TABLES 16
#define POOL_PAGES 64

struct kernel_map {
	unsigned int levels;
	uint64_t top;
	uint64_t *table[MAX_TABLES];
	uint64_t copy[MAX_TABLES][512];
	int nr;
};

static uint64_t *new_table(struct kernel_map *k)
{
	uint64_t *p = aligned_alloc(4096, 4096);

	assert_non_null(p);
	assert_true(k->nr < MAX_TABLES);
	memset(p, 0, 4096);
	k->table[k->nr++] = p;
	return p;
}

static uint64_t addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static uint64_t link(const void *t)
{
	return addr(t) | X86_PTE_P | X86_PTE_RW;
}

/*
 * 0-1 GiB: one 1 GiB page (PAT, NX, key 5); 1-2 GiB: 2 MiB pages;
 * 2 GiB - 2 GiB+2 MiB: 4 KiB pages; nothing at 3-4 GiB (the MMIO hole);
 * 4-5 GiB: a 1 GiB page (RAM above 4 GiB).  With 5 levels, also a 1 GiB
 * page at 256 TiB under the second PML5 entry.
 */
static void build_kernel_map(struct kernel_map *k, unsigned int levels)
{
	uint64_t *top, *pml4, *pdpt, *pd1, *pd2, *pt2;
	int i;

	memset(k, 0, sizeof(*k));
	k->levels = levels;
	top = new_table(k);
	k->top = addr(top);
	pml4 = top;
	if (levels == X86_PT_LEVELS_5) {
		uint64_t *pml4_hi = new_table(k), *pdpt_hi = new_table(k);

		pml4 = new_table(k);
		top[0] = link(pml4);
		top[1] = link(pml4_hi);
		pml4_hi[0] = link(pdpt_hi);
		pdpt_hi[0] = TIB256 | ATTR_KERNEL | X86_PTE_PS;
	}
	pdpt = new_table(k);
	pd1 = new_table(k);
	pd2 = new_table(k);
	pt2 = new_table(k);
	pml4[0] = link(pdpt);
	pdpt[0] = 0 | ATTR_KERNEL | X86_PTE_PS | X86_PTE_PAT_LARGE |
		  X86_PTE_NX | PTE_PKEY5;
	pdpt[1] = link(pd1);
	for (i = 0; i < 512; i++)
		pd1[i] = (GIB + i * MIB2) | ATTR_KERNEL | X86_PTE_PS;
	pdpt[2] = link(pd2);
	pd2[0] = link(pt2);
	for (i = 0; i < 512; i++)
		pt2[i] = (2 * GIB + i * 4096ull) | ATTR_KERNEL;
	pdpt[4] = 4 * GIB | ATTR_KERNEL | X86_PTE_PS;
	for (i = 0; i < k->nr; i++)
		memcpy(k->copy[i], k->table[i], 4096);
}

static void assert_kernel_map_untouched(const struct kernel_map *k)
{
	int i;

	for (i = 0; i < k->nr; i++)
		assert_memory_equal(k->copy[i], k->table[i], 4096);
}

static void free_kernel_map(struct kernel_map *k)
{
	int i;

	for (i = 0; i < k->nr; i++)
		free(k->table[i]);
}

/* Attributes a copy or a split must keep (PAT is checked apart). */
#define KEPT (X86_PTE_RW | X86_PTE_D | X86_PTE_NX | (0xfull << 59))

static void check_map(unsigned int levels, const uint64_t *new_pages,
		      size_t nr_new, const uint64_t *probes, size_t nr_probes)
{
	static uint8_t pool[POOL_PAGES * 4096] __attribute__((aligned(4096)));
	struct kernel_map k;
	struct pt pt;
	size_t i;

	build_kernel_map(&k, levels);
	assert_int_equal(pt_init(&pt, pool, POOL_PAGES, k.top, levels), 0);
	for (i = 0; i < nr_new; i++)
		assert_int_equal(pt_map_page(&pt, new_pages[i],
					     X86_PTE_PCD | X86_PTE_PWT), 0);
	assert_kernel_map_untouched(&k);

	for (i = 0; i < nr_new; i++) {
		struct cpu_walk w =
			cpu_walk(pt_cr3(&pt), levels, new_pages[i] + 0x18);

		assert_true(w.present);
		assert_int_equal(w.pa, new_pages[i] + 0x18);
		assert_int_equal(w.level, 1);
		assert_true(w.leaf & X86_PTE_PCD);
		assert_true(w.leaf & X86_PTE_PWT);
		assert_false(w.leaf & X86_PTE_NX);
		/* A supervisor page: no SMAP or SMEP fault, whatever CR4. */
		assert_false(w.leaf & X86_PTE_US);
	}
	/* Everything else translates as the kernel's map says. */
	for (i = 0; i < nr_probes; i++) {
		struct cpu_walk old = cpu_walk(k.top, levels, probes[i]);
		struct cpu_walk now = cpu_walk(pt_cr3(&pt), levels, probes[i]);

		assert_int_equal(now.present, old.present);
		assert_int_equal(now.pa, old.pa);
		if (old.present) {
			assert_false(now.leaf & X86_PTE_PCD);
			assert_int_equal(now.leaf & KEPT, old.leaf & KEPT);
		}
	}
	/* The split 1 GiB page kept its PAT bit, moved to bit 7 in 4 KiB. */
	assert_true(cpu_walk(pt_cr3(&pt), levels, 0x1233000).leaf &
		    X86_PTE_PAT_4K);
	assert_true(cpu_walk(pt_cr3(&pt), levels, 0x30000000).leaf &
		    X86_PTE_PAT_LARGE);
	assert_int_equal(cpu_walk(pt_cr3(&pt), levels, 0x30000000).level, 2);
	free_kernel_map(&k);
}

static const uint64_t new_pages_4[] = {
	0xfed90000, 0xfed91000,		/* registers in the hole */
	0x1234000,			/* inside the 1 GiB page */
	GIB + 5 * MIB2 + 0x3000,	/* inside a 2 MiB page */
	2 * GIB + 0x7000,		/* in the kernel's 4 KiB table */
	4 * GIB + 0x5000,		/* inside the 1 GiB page above 4 GiB */
	0x7f00000000ull,		/* under an absent PML4 entry */
	(1ull << 47) - 4096,		/* the last page 4 levels reach */
};

static const uint64_t probes_4[] = {
	0, 0x1233000, 0x1235000, 0x30000000, GIB, GIB + 5 * MIB2,
	GIB + 6 * MIB2 + 0x10, 2 * GIB, 2 * GIB + 0x8000,
	3 * GIB, 0xfed92000, 4 * GIB, 4 * GIB + 0x6000, 5 * GIB - 8,
	0x7f00001000ull,
};

static void test_pgtable_4level(void **state)
{
	check_map(X86_PT_LEVELS_4, new_pages_4, VTD_ARRAY_SIZE(new_pages_4),
		  probes_4, VTD_ARRAY_SIZE(probes_4));
}

static void test_pgtable_5level(void **state)
{
	uint64_t new_pages[VTD_ARRAY_SIZE(new_pages_4) + 3];
	uint64_t probes[VTD_ARRAY_SIZE(probes_4) + 4];
	size_t n = VTD_ARRAY_SIZE(new_pages_4), m = VTD_ARRAY_SIZE(probes_4);

	memcpy(new_pages, new_pages_4, sizeof(new_pages_4));
	memcpy(probes, probes_4, sizeof(probes_4));
	new_pages[n++] = TIB256 + 0x3000;	 /* in the 1 GiB page at 256 TiB */
	new_pages[n++] = (1ull << 52) - 4096;	 /* under an absent PML5 entry */
	new_pages[n++] = 1ull << 47;		 /* past what 4 levels reach */
	probes[m++] = TIB256;
	probes[m++] = TIB256 + 0x4000;
	probes[m++] = TIB256 + GIB;		 /* not mapped */
	probes[m++] = (1ull << 52) - 2 * 4096;	 /* not mapped */
	check_map(X86_PT_LEVELS_5, new_pages, n, probes, m);
}

/* With 4 levels nothing at or above 2^47 can be identity-mapped. */
static void test_pgtable_4level_refuses_unreachable(void **state)
{
	static uint8_t pool[POOL_PAGES * 4096] __attribute__((aligned(4096)));
	struct kernel_map k;
	struct pt pt;
	unsigned int used;

	build_kernel_map(&k, X86_PT_LEVELS_4);
	assert_int_equal(pt_init(&pt, pool, POOL_PAGES, k.top, 4), 0);
	used = pt.used;
	assert_int_equal(pt_map_page(&pt, 1ull << 47, X86_PTE_PCD), -1);
	assert_int_equal(pt_map_page(&pt, TIB256 + 0x3000, X86_PTE_PCD), -1);
	assert_int_equal(pt.used, used);
	assert_kernel_map_untouched(&k);
	free_kernel_map(&k);
}

/* The kernel's low CR3 bits (PCID, or PWT/PCD) go into ours unchanged. */
static void test_pgtable_keeps_cr3_low_bits(void **state)
{
	static uint8_t pool[4 * 4096] __attribute__((aligned(4096)));
	struct kernel_map k;
	struct pt pt;

	build_kernel_map(&k, X86_PT_LEVELS_5);
	assert_int_equal(pt_init(&pt, pool, 4, k.top | 0x7, 5), 0);
	assert_int_equal(pt_cr3(&pt) & X86_CR3_LOW_BITS, 0x7);
	assert_int_equal(pt_cr3(&pt) & X86_PTE_ADDR, addr(pool));
	assert_memory_equal(pool, k.table[0], 4096);
	free_kernel_map(&k);
}

static void test_pgtable_pool_exhaustion_fails_cleanly(void **state)
{
	static uint8_t pool[3 * 4096] __attribute__((aligned(4096)));
	struct kernel_map k;
	struct pt pt;

	build_kernel_map(&k, X86_PT_LEVELS_4);
	assert_int_equal(pt_init(&pt, pool, 3, k.top, 4), 0);
	/* PML4 copy + PDPT copy + PD for the hole: the PT does not fit. */
	assert_int_equal(pt_map_page(&pt, 0xfed90000, X86_PTE_PCD), -1);
	assert_kernel_map_untouched(&k);
	assert_int_equal(pt_init(&pt, pool + 8, 2, k.top, 4), -1);
	assert_int_equal(pt_init(&pt, pool, 0, k.top, 4), -1);
	/* Only 4 and 5 levels exist in long mode. */
	assert_int_equal(pt_init(&pt, pool, 3, k.top, 3), -1);
	assert_int_equal(pt_init(&pt, pool, 3, k.top, 6), -1);
	assert_int_equal(pt_map_page(&pt, 0xfed90000, X86_PTE_PCD), -1);
	free_kernel_map(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pgtable_4level),
		cmocka_unit_test(test_pgtable_5level),
		cmocka_unit_test(test_pgtable_4level_refuses_unreachable),
		cmocka_unit_test(test_pgtable_keeps_cr3_low_bits),
		cmocka_unit_test(test_pgtable_pool_exhaustion_fails_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
