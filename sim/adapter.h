/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * adapter.h - the VT-d model as the platform of the snapshot core (what
 * purgatory gives it) and of the crash core (what the kernel glue gives
 * it), one adapter for every test and bench that puts them on the model.
 *
 * Every access goes through sim_cut_*, so devices run between any two
 * steps of the code under test, unless @quiet.  The helpers at the end
 * do what Linux does around the crash core (its own invalidation queue,
 * its first map, its new IRTEs), so the tests exercise the core the way
 * the kernel calls it.
 */
#ifndef VTD_SIM_ADAPTER_H
#define VTD_SIM_ADAPTER_H

#include <kexec-vtd/snapshot.h>

#include "sim.h"
#include "kdump_core.h"

#define SIM_ADAPTER_LOG 64

/* The invalidations the crash core submits, as the adapter logs them. */
enum sim_inval {
	SIM_INV_CC_DEVICE,    /* one requester's context-cache entry */
	SIM_INV_IOTLB_DOMAIN, /* every IOTLB entry of one domain */
	SIM_INV_DEV_TLB,      /* the device-TLB of one requester */
	SIM_INV_PASID_CACHE,  /* every PASID of one domain (scalable) */
	SIM_INV_PIOTLB,	      /* the IOTLB of one PASID of one domain */
	SIM_INV_OTHER,
};

/*
 * How sim_kernel_first_map*() replaces an adopted entry: the core's swap,
 * or, as controls, what the kernel does without it and what the core did
 * before (#12, #21 7).
 */
enum sim_swap {
	SIM_SWAP_CORE = 0,   /* vtd_crash_swap_context / _sm_context */
	SIM_SWAP_SEQUENCE,   /* the spec's clear-invalidate-write (6.5.3.3) */
	SIM_SWAP_STORE128,   /* one locked 16-byte store, then invalidations */
	SIM_SWAP_TWO_STORES, /* bits 127:64, then 63:0, then invalidations */
};

struct sim_adapter {
	struct sim *sim;
	bool quiet; /* no device traffic between the steps */
	/* Snapshot: RAM the loader's map covers; both 0: all of it. */
	uint64_t ram_lo, ram_hi;
	uint64_t tsc;
	int units_done;
	/* Crash core: the unit its invalidations are for. */
	uint64_t reg_base;
	uint64_t qi_status;
	unsigned int pages_allocated, pages_freed;
	int pages_left;	     /* < 0: no limit */
	enum sim_swap swap; /* how a first map replaces the entry */
	uint64_t unwritable_page; /* write64 there fails (-EIO); 0: none */
	unsigned int drop_inval; /* 1 << what: asked, not done (controls) */
	unsigned int fail_inval; /* 1 << what: asked, refused with -EIO */
	unsigned int fail_inval_first; /* only the first n of those (0: all) */
	unsigned int nr_log; /* the invalidations asked, in order */
	struct {
		enum sim_inval what;
		uint16_t sid, did; /* did: of every kind but SIM_INV_DEV_TLB */
		uint64_t qw0, qw1; /* the descriptor as the core built it */
		int ret;	   /* what the submission returned */
	} log[SIM_ADAPTER_LOG];
	/*
	 * Device-TLB invalidations that timed out for a function still
	 * present: Linux 6.12's queue retries those without end, under
	 * iommu->lock, so each is a crash kernel that hangs.
	 */
	unsigned int qi_hangs;
};

void sim_adapter_init(struct sim_adapter *ad, struct sim *sim);

extern const struct vtd_snap_ops sim_adapter_snap_ops;
extern const struct vtd_crash_ops sim_adapter_rd;
extern const struct vtd_crash_plat sim_adapter_plat;

/*
 * Linux's iommu_set_root_entry() on an adopted unit, after every unit is
 * set up: the context cache and the IOTLB flushed globally.
 */
int sim_kernel_flush_unit(struct sim_adapter *ad, uint64_t reg_base);

/*
 * A device's first map as Linux does it on an adopted unit: the domain
 * id *@did, or when that is 0 the lowest free one (returned in *@did; a
 * device's DMA aliases then get the same), the caller's @aw page table
 * @pgd (already holding what the driver maps; ignored for
 * pass-through), an entry of type @tt built aside and swapped in (as
 * @ad->swap says); where the swap cannot be made (-EOPNOTSUPP), the
 * spec's sequence for a present entry (clear, invalidate, write: 6.5.3.3).
 * When the swap stored the entry and an invalidation then failed, the
 * entry is torn down and written as upstream does and the error
 * returned, as the kernel's hook logs it.
 */
int sim_kernel_first_map(struct sim_adapter *ad, struct vtd_adopted *a,
			 uint16_t sid, uint64_t pgd, unsigned int aw,
			 unsigned int tt, uint16_t *did);

/*
 * The same on a scalable-mode unit, as Linux 6.12 with the series does
 * it (pasid.c): a new PASID directory and table for the device and its
 * @nr DMA aliases @sids, RID_PASID's entry written in it (first-stage
 * with @pgd of 4 or 5 levels by @aw, second-stage, or pass-through by
 * @pgtt; domain id as in sim_kernel_first_map(), 1 for pass-through),
 * then each context entry swapped to the new directory (DTE kept for an
 * @ats device); where the swap cannot be made, the spec's sequence for a
 * present entry instead.
 */
int sim_kernel_first_map_sm(struct sim_adapter *ad, struct vtd_adopted *a,
			    const uint16_t *sids, int nr, uint64_t pgd,
			    unsigned int aw, unsigned int pgtt, bool ats,
			    uint16_t *did);

/*
 * The same with a nested RID_PASID entry (PGTT 011b, 9.6: first stage
 * @fs_pgd on second stage @ss_pgd), as intel_pasid_setup_nested() sets
 * one; the series swaps the copied entry after it as after every other
 * setter (#21, 3).
 */
int sim_kernel_first_map_nested(struct sim_adapter *ad, struct vtd_adopted *a,
				const uint16_t *sids, int nr, uint64_t fs_pgd,
				uint64_t ss_pgd, unsigned int aw, bool ats,
				uint16_t *did);

/*
 * A new IRTE as Linux allocates it on an adopted table: the lowest index
 * not reserved, written high half first, then the interrupt entry cache
 * invalidated for it.
 */
int sim_kernel_new_irte(struct sim_adapter *ad, struct vtd_adopted *a,
			uint64_t lo, uint64_t hi, uint32_t *index);

#endif /* VTD_SIM_ADAPTER_H */
