/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pasid.h - the userspace twin of the part of Linux's
 * drivers/iommu/intel/pasid.h that the adoption core uses; see iommu.h
 * here for how the two are kept equal.
 */
#ifndef TWIN_INTEL_PASID_H
#define TWIN_INTEL_PASID_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define PASID_PTE_PRESENT 1
#define PDE_PFN_MASK (~0xfffUL)
#define PASID_PDE_SHIFT 6
#define PASID_TBL_ENTRIES BIT(PASID_PDE_SHIFT)

/* PASID directory entries of a scalable context entry (PDTS, 9.4). */
#define get_pasid_dir_size(entry) (1 << ((((entry)->lo >> 9) & 0x7) + 7))

/* PGTT of a PASID table entry (9.6). */
#define PASID_ENTRY_PGTT_FL_ONLY 1
#define PASID_ENTRY_PGTT_SL_ONLY 2
#define PASID_ENTRY_PGTT_NESTED 3
#define PASID_ENTRY_PGTT_PT 4

struct pasid_dir_entry {
	u64 val;
};

struct pasid_entry {
	u64 val[8];
};

static inline bool pasid_pde_is_present(struct pasid_dir_entry *pde)
{
	return pde->val & BIT_ULL(0); /* P */
}

static inline bool pasid_pte_is_present(struct pasid_entry *pte)
{
	return pte->val[0] & BIT_ULL(0); /* P */
}

static inline u16 pasid_pte_get_pgtt(struct pasid_entry *pte)
{
	return (pte->val[0] & GENMASK_ULL(8, 6)) >> 6; /* PGTT */
}

static inline u16 pasid_get_domain_id(struct pasid_entry *pe)
{
	return pe->val[1] & GENMASK_ULL(15, 0); /* DID, bits 79:64 */
}

#endif /* TWIN_INTEL_PASID_H */
