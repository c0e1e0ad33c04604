/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpu-walk.h - translate an address the way the CPU walks 4- or 5-level
 * page tables (SDM vol. 3, 4.5): PS makes a leaf at levels 3 and 2 only,
 * a non-present entry ends the walk.  Host tests only: tables are host
 * memory, so physical addresses are host pointers.
 */
#ifndef VTD_TESTS_CPU_WALK_H
#define VTD_TESTS_CPU_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include <kexec-vtd/x86.h>

struct cpu_walk {
	bool present;
	uint64_t pa;
	uint64_t leaf;	/* the entry that mapped it */
	int level;	/* 1: 4 KiB, 2: 2 MiB, 3: 1 GiB */
};

static inline struct cpu_walk cpu_walk(uint64_t cr3, unsigned int levels,
				       uint64_t va)
{
	const uint64_t *t = (const uint64_t *)(uintptr_t)(cr3 & X86_PTE_ADDR);
	struct cpu_walk w = { 0 };
	int level;

	/* Only the lower canonical half is identity-mappable. */
	if (va >> (12 + 9 * levels - 1))
		return w;
	for (level = (int)levels; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		uint64_t e = t[(va >> shift) & 511];

		if (!(e & X86_PTE_P))
			return w;
		if (level == 1 || (level <= X86_PT_LARGE_MAX_LEVEL &&
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

#endif /* VTD_TESTS_CPU_WALK_H */
