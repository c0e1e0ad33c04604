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
#define cap_write_drain(c) (((c) >> 54) & 1)
#define cap_read_drain(c) (((c) >> 55) & 1)
#define ecap_coherent(e) ((e) & 0x1)
#define ecap_dev_iotlb_support(e) (((e) >> 2) & 0x1)
#define ecap_pass_through(e) (((e) >> 6) & 0x1)
#define ecap_prs(e) (((e) >> 29) & 0x1)
#define ecap_srs(e) (((e) >> 31) & 0x1)
#define ecap_pasid(e) (((e) >> 40) & 0x1)
#define ecap_dit(e) (((e) >> 41) & 0x1)
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

/*
 * Queued invalidation (6.5.2): one descriptor, and the fields of the
 * four kinds a replaced context entry asks for.  The register forms of
 * the granularities (CCMD 10.4.7, IOTLB 10.4.8.1) are what the driver's
 * flush calls take; the descriptor macros move them into place.
 */
struct qi_desc {
	u64 qw0;
	u64 qw1;
	u64 qw2;
	u64 qw3;
};

#define QI_CC_TYPE 0x1
#define QI_IOTLB_TYPE 0x2
#define QI_DIOTLB_TYPE 0x3
#define QI_PC_TYPE 0x7

#define DMA_CCMD_INVL_GRANU_OFFSET 61
#define DMA_CCMD_GLOBAL_INVL (((u64)1) << 61)
#define DMA_CCMD_DEVICE_INVL (((u64)3) << 61)
#define DMA_CCMD_MASK_NOBIT 0
#define QI_CC_FM(fm) (((u64)fm) << 48)
#define QI_CC_SID(sid) (((u64)sid) << 32)
#define QI_CC_DID(did) (((u64)did) << 16)
#define QI_CC_GRAN(gran) (((u64)gran) >> (DMA_CCMD_INVL_GRANU_OFFSET - 4))

#define DMA_TLB_FLUSH_GRANU_OFFSET 60
#define DMA_TLB_GLOBAL_FLUSH (((u64)1) << 60)
#define DMA_TLB_DSI_FLUSH (((u64)2) << 60)
#define QI_IOTLB_DID(did) (((u64)did) << 16)
#define QI_IOTLB_DR(dr) (((u64)dr) << 7)
#define QI_IOTLB_DW(dw) (((u64)dw) << 6)
#define QI_IOTLB_GRAN(gran) (((u64)gran) >> (DMA_TLB_FLUSH_GRANU_OFFSET - 4))

#define QI_EIOTLB_TYPE 0x6
#define QI_EIOTLB_PASID(pasid) (((u64)pasid) << 32)
#define QI_EIOTLB_DID(did) (((u64)did) << 16)
#define QI_EIOTLB_GRAN(gran) (((u64)gran) << 4)
#define QI_GRAN_NONG_PASID 2

#define QI_PC_PASID(pasid) (((u64)pasid) << 32)
#define QI_PC_DID(did) (((u64)did) << 16)
#define QI_PC_GRAN(gran) (((u64)gran) << 4)
#define QI_PC_ALL_PASIDS 0

/* The PFSID is split: bits 3:0 at 15:12, bits 15:4 at 63:52 (6.5.2.5). */
#define QI_DEV_IOTLB_SID(sid) ((u64)((sid) & 0xffff) << 32)
#define QI_DEV_IOTLB_QDEP(qdep) (((qdep) & 0x1f) << 16)
#define QI_DEV_IOTLB_ADDR(addr) ((u64)(addr) & VTD_PAGE_MASK)
#define QI_DEV_IOTLB_PFSID(pfsid) (((u64)(pfsid & 0xf) << 12) | \
				   ((u64)((pfsid >> 4) & 0xfff) << 52))
#define QI_DEV_IOTLB_SIZE 1
#define QI_DEV_IOTLB_MAX_INVS 32

#define MAX_AGAW_WIDTH (64)
#define MAX_AGAW_PFN_WIDTH (MAX_AGAW_WIDTH - VTD_PAGE_SHIFT)

/*
 * A device-TLB invalidation of 2^@mask pages at @addr (@mask 0: one
 * page; the size bit and the low ones of the address say how many).  A
 * queue depth the field cannot hold is sent as 0, "no limit".
 */
static inline void qi_desc_dev_iotlb(u16 sid, u16 pfsid, u16 qdep, u64 addr,
				     unsigned int mask, struct qi_desc *desc)
{
	u64 size = 0;

	if (mask) {
		addr |= (1ULL << (VTD_PAGE_SHIFT + mask - 1)) - 1;
		size = QI_DEV_IOTLB_SIZE;
	}
	if (qdep >= QI_DEV_IOTLB_MAX_INVS)
		qdep = 0;
	desc->qw0 = QI_DIOTLB_TYPE | QI_DEV_IOTLB_QDEP(qdep) |
		    QI_DEV_IOTLB_SID(sid) | QI_DEV_IOTLB_PFSID(pfsid);
	desc->qw1 = QI_DEV_IOTLB_ADDR(addr) | size;
	desc->qw2 = 0;
	desc->qw3 = 0;
}

#endif /* TWIN_INTEL_IOMMU_H */
