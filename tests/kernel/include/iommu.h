/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * iommu.h - the userspace twin of the part of Linux's
 * drivers/iommu/intel/iommu.h that the adoption core
 * (kernel/drivers/iommu/intel/kdump_*.c) uses, so the model's tests, the
 * fuzzer and the bench build those very files.
 *
 * Same names, same meaning, written here: tests/kernel/test_twin.c checks
 * every helper against include/kexec-vtd/vtd-hw.h, and kernel/build.sh
 * (twin-check.sh) against the driver's own header in the kernel tree.
 */
#ifndef TWIN_INTEL_IOMMU_H
#define TWIN_INTEL_IOMMU_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define VTD_PAGE_SHIFT 12
#define VTD_PAGE_SIZE (1UL << VTD_PAGE_SHIFT)
#define VTD_PAGE_MASK (~0ULL << VTD_PAGE_SHIFT)

/* Register offsets (VT-d spec 10.4). */
#define DMAR_VER_REG 0x00
#define DMAR_CAP_REG 0x08
#define DMAR_ECAP_REG 0x10
#define DMAR_GSTS_REG 0x1c
#define DMAR_RTADDR_REG 0x20
#define DMAR_IRTA_REG 0xb8

/* GSTS is 32 bits wide: so are its bits, as the driver has them. */
#define DMA_GSTS_TES ((u32)BIT(31))
#define DMA_GSTS_IRES ((u32)BIT(25))
#define DMA_RTADDR_SMT BIT_ULL(10)

/* CAP (10.4.2) and ECAP (10.4.3) fields, as the driver reads them. */
#define cap_ndoms(c) (1UL << (4 + 2 * ((c) & 0x7)))
#define cap_sagaw(c) (((c) >> 8) & 0x1f)
#define ecap_coherent(e) ((e) & 0x1)
#define ecap_dev_iotlb_support(e) (((e) >> 2) & 0x1)
#define ecap_pass_through(e) (((e) >> 6) & 0x1)
#define ecap_prs(e) (((e) >> 29) & 0x1)
#define ecap_srs(e) (((e) >> 31) & 0x1)
#define ecap_pasid(e) (((e) >> 40) & 0x1)
#define ecap_smts(e) (((e) >> 43) & 0x1)
#define ecap_slts(e) (((e) >> 46) & 0x1)
#define ecap_flts(e) (((e) >> 47) & 0x1)

/* A root entry (9.1, 9.2) and a legacy context entry (9.3). */
struct root_entry {
	u64 lo;
	u64 hi;
};

struct context_entry {
	u64 lo;
	u64 hi;
};

static inline bool context_present(struct context_entry *context)
{
	return context->lo & BIT_ULL(0); /* P */
}

static inline int context_domain_id(struct context_entry *c)
{
	return (c->hi & GENMASK_ULL(23, 8)) >> 8; /* DID */
}

#endif /* TWIN_INTEL_IOMMU_H */
