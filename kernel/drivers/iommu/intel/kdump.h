/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Adopting the crashed kernel's VT-d state from the kexec-vtd note.
 */
#ifndef _INTEL_IOMMU_KDUMP_H
#define _INTEL_IOMMU_KDUMP_H

struct context_entry;
struct device_domain_info;
struct intel_iommu;

#ifdef CONFIG_INTEL_IOMMU_KDUMP_ADOPT
/*
 * Keep the old interrupt remapping table of @iommu (IRTA mode bits
 * @irta_mode) and mark the entries present at the crash as in use.
 * True: ir_table->base is the old table and must not be written to IRTA.
 */
bool intel_kdump_adopt_irte(struct intel_iommu *iommu, u64 irta_mode);

/*
 * Before any unit is set up: switch intel_iommu_sm to the mode the
 * crashed kernel ran the units in, when it differs (one log line).
 */
void intel_kdump_follow_mode(void);

/*
 * Keep the old root table of @iommu with new context tables from the
 * note.  0: root_entry is the old table, adopted; else fall back.
 */
int intel_kdump_adopt_dmar(struct intel_iommu *iommu);

/*
 * Replace @live, an entry copied from the note, with @ce (present)
 * while it stays present (kdump_swap.c), and flush what either could
 * have cached; @info is
 * the device being attached (its ATS decides the device-TLB flush), NULL
 * for none.  In scalable mode @ce is bits 127:0 of the new entry, naming
 * this kernel's PASID directory (whose RID_PASID entry is set); bits
 * 255:128 stay 0.  Called with iommu->lock held.  Non-zero, logged: not
 * swapped, or swapped with an invalidation that failed; the caller
 * replaces the entry as upstream does.
 */
int intel_kdump_swap_context(struct intel_iommu *iommu,
			     struct device_domain_info *info,
			     struct context_entry *live,
			     const struct context_entry *ce, u8 bus, u8 devfn);

/* Forget what the adoption of @iommu kept: the unit is going away. */
void intel_kdump_release_unit(struct intel_iommu *iommu);

/*
 * Is the adopted root table (IRTE table) still the one the unit uses?
 * Not after a resume, which must program it again.
 */
bool intel_kdump_root_live(struct intel_iommu *iommu);
bool intel_kdump_irt_live(struct intel_iommu *iommu);
#else
static inline bool intel_kdump_adopt_irte(struct intel_iommu *iommu,
					  u64 irta_mode)
{
	return false;
}

static inline void intel_kdump_follow_mode(void)
{
}

static inline int intel_kdump_adopt_dmar(struct intel_iommu *iommu)
{
	return -ENODEV;
}

static inline int intel_kdump_swap_context(struct intel_iommu *iommu,
					   struct device_domain_info *info,
					   struct context_entry *live,
					   const struct context_entry *ce,
					   u8 bus, u8 devfn)
{
	return -ENODEV;
}

static inline void intel_kdump_release_unit(struct intel_iommu *iommu)
{
}

static inline bool intel_kdump_root_live(struct intel_iommu *iommu)
{
	return false;
}

static inline bool intel_kdump_irt_live(struct intel_iommu *iommu)
{
	return false;
}
#endif

#endif /* _INTEL_IOMMU_KDUMP_H */
