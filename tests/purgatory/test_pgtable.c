// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_pgtable.c - purgatory's page-table builder, built for the host.
 * A kernel-like identity map is made here with a 1 GiB page, 2 MiB pages
 * and a 4 KiB table; purgatory's builder adds register pages on top; then
 * every probe address is translated the way the CPU walks 4-level tables
 * (SDM vol. 3, 4.5) and compared with the kernel's map: new pages are
 * identity-mapped uncached, everything else maps as before, and the
 * kernel's own tables are not modified.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/x86.h>

#include "pgtable.h"

#define GIB (1ull << 30)
#define MIB2 (1ull << 21)
#define ATTR_KERNEL (X86_PTE_P | X86_PTE_RW | X86_PTE_A | X86_PTE_D)

static uint64_t *page(void)
{
	uint64_t *p = aligned_alloc(4096, 4096);

	assert_non_null(p);
	memset(p, 0, 4096);
	return p;
}

static uint64_t addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

struct walk {
	bool present;
	uint64_t pa;
	uint64_t leaf;	/* the entry that mapped it */
	int level;	/* 1: 4 KiB, 2: 2 MiB, 3: 1 GiB */
};

/* Translate @va as the CPU would, following PS at levels 3 and 2. */
static struct walk cpu_walk(uint64_t cr3, uint64_t va)
{
	const uint64_t *t = (const uint64_t *)(uintptr_t)(cr3 & X86_PTE_ADDR);
	struct walk w = { 0 };
	int level;

	for (level = 4; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		uint64_t e = t[(va >> shift) & 511];

		if (!(e & X86_PTE_P))
			return w;
		if (level == 1 || ((level == 2 || level == 3) &&
				   (e & X86_PTE_PS))) {
			uint64_t size = 1ull << shift;
			uint64_t mask = X86_PTE_ADDR & ~(size - 1);

			w.present = true;
			w.pa = (e & mask) | (va & (size - 1));
			w.leaf = e;
			w.level = level;
			return w;
		}
		t = (const uint64_t *)(uintptr_t)(e & X86_PTE_ADDR);
	}
	return w;
}

struct kernel_map {
	uint64_t *pml4, *pdpt, *pd1, *pd2, *pt2;
	uint64_t copy[5][512];
};

/*
 * 0-1 GiB: one 1 GiB page (PAT set); 1-2 GiB: 2 MiB pages;
 * 2 GiB - 2 GiB+2 MiB: 4 KiB pages; nothing at 3-4 GiB (the MMIO hole).
 */
static void build_kernel_map(struct kernel_map *k)
{
	int i;

	k->pml4 = page();
	k->pdpt = page();
	k->pd1 = page();
	k->pd2 = page();
	k->pt2 = page();
	k->pml4[0] = addr(k->pdpt) | X86_PTE_P | X86_PTE_RW;
	k->pdpt[0] = 0 | ATTR_KERNEL | X86_PTE_PS | X86_PTE_PAT_LARGE;
	k->pdpt[1] = addr(k->pd1) | X86_PTE_P | X86_PTE_RW;
	for (i = 0; i < 512; i++)
		k->pd1[i] = (GIB + i * MIB2) | ATTR_KERNEL | X86_PTE_PS;
	k->pdpt[2] = addr(k->pd2) | X86_PTE_P | X86_PTE_RW;
	k->pd2[0] = addr(k->pt2) | X86_PTE_P | X86_PTE_RW;
	for (i = 0; i < 512; i++)
		k->pt2[i] = (2 * GIB + i * 4096ull) | ATTR_KERNEL;
	memcpy(k->copy[0], k->pml4, 4096);
	memcpy(k->copy[1], k->pdpt, 4096);
	memcpy(k->copy[2], k->pd1, 4096);
	memcpy(k->copy[3], k->pd2, 4096);
	memcpy(k->copy[4], k->pt2, 4096);
}

static void assert_kernel_map_untouched(const struct kernel_map *k)
{
	assert_memory_equal(k->copy[0], k->pml4, 4096);
	assert_memory_equal(k->copy[1], k->pdpt, 4096);
	assert_memory_equal(k->copy[2], k->pd1, 4096);
	assert_memory_equal(k->copy[3], k->pd2, 4096);
	assert_memory_equal(k->copy[4], k->pt2, 4096);
}

static void free_kernel_map(struct kernel_map *k)
{
	free(k->pml4);
	free(k->pdpt);
	free(k->pd1);
	free(k->pd2);
	free(k->pt2);
}

static void test_pgtable_maps_on_top_of_kernel_map(void **state)
{
	const uint64_t new_pages[] = {
		0xfed90000, 0xfed91000,		/* registers in the hole */
		0x1234000,			/* inside the 1 GiB page */
		GIB + 5 * MIB2 + 0x3000,	/* inside a 2 MiB page */
		2 * GIB + 0x7000,		/* in the kernel's 4 KiB table */
		0x7f00000000ull,		/* under an absent PML4 entry */
	};
	const uint64_t probes[] = {
		0, 0x1233000, 0x1235000, 0x30000000, GIB, GIB + 5 * MIB2,
		GIB + 6 * MIB2 + 0x10, 2 * GIB, 2 * GIB + 0x8000,
		3 * GIB, 0xfed92000, 0x7f00001000ull,
	};
	static uint8_t pool[64 * 4096] __attribute__((aligned(4096)));
	struct kernel_map k;
	struct pt pt;
	size_t i;

	build_kernel_map(&k);
	assert_int_equal(pt_init(&pt, pool, 64, addr(k.pml4)), 0);
	for (i = 0; i < VTD_ARRAY_SIZE(new_pages); i++)
		assert_int_equal(pt_map_page(&pt, new_pages[i],
					     X86_PTE_PCD | X86_PTE_PWT), 0);
	assert_kernel_map_untouched(&k);

	for (i = 0; i < VTD_ARRAY_SIZE(new_pages); i++) {
		struct walk w = cpu_walk(pt_root(&pt), new_pages[i] + 0x18);

		assert_true(w.present);
		assert_int_equal(w.pa, new_pages[i] + 0x18);
		assert_int_equal(w.level, 1);
		assert_true(w.leaf & X86_PTE_PCD);
		assert_true(w.leaf & X86_PTE_PWT);
	}
	/* Everything else translates as the kernel's map says. */
	for (i = 0; i < VTD_ARRAY_SIZE(probes); i++) {
		struct walk old = cpu_walk(addr(k.pml4), probes[i]);
		struct walk now = cpu_walk(pt_root(&pt), probes[i]);

		assert_int_equal(now.present, old.present);
		assert_int_equal(now.pa, old.pa);
		if (old.present) {
			assert_false(now.leaf & X86_PTE_PCD);
			assert_int_equal(now.leaf & (X86_PTE_RW | X86_PTE_D),
					 old.leaf & (X86_PTE_RW | X86_PTE_D));
		}
	}
	/* The split 1 GiB page kept its PAT bit, moved to bit 7 in 4 KiB. */
	assert_true(cpu_walk(pt_root(&pt), 0x1233000).leaf & X86_PTE_PAT_4K);
	assert_true(cpu_walk(pt_root(&pt), 0x30000000).leaf &
		    X86_PTE_PAT_LARGE);
	assert_int_equal(cpu_walk(pt_root(&pt), 0x30000000).level, 2);
	free_kernel_map(&k);
}

static void test_pgtable_pool_exhaustion_fails_cleanly(void **state)
{
	static uint8_t pool[3 * 4096] __attribute__((aligned(4096)));
	struct kernel_map k;
	struct pt pt;

	build_kernel_map(&k);
	assert_int_equal(pt_init(&pt, pool, 3, addr(k.pml4)), 0);
	/* PML4 copy + PDPT copy + PD for the hole: the PT does not fit. */
	assert_int_equal(pt_map_page(&pt, 0xfed90000, X86_PTE_PCD), -1);
	assert_kernel_map_untouched(&k);
	assert_int_equal(pt_init(&pt, pool + 8, 2, addr(k.pml4)), -1);
	assert_int_equal(pt_init(&pt, pool, 0, addr(k.pml4)), -1);
	free_kernel_map(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pgtable_maps_on_top_of_kernel_map),
		cmocka_unit_test(test_pgtable_pool_exhaustion_fails_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
