/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * platform.h - what runs on the model: PCI functions that keep doing DMA
 * and raising interrupts, the "first kernel" driver that programs the
 * units the way Linux does, and the naive crash kernel of the seed's
 * failure (reset everything, start from empty tables).
 */
#ifndef VTD_SIM_PLATFORM_H
#define VTD_SIM_PLATFORM_H

#include "rng.h"
#include "sim.h"

#define SIM_DEV_MAX_MAPS 8
#define SIM_DEV_MAX_IRQS 4

struct sim_dev_counts {
	uint64_t dma_ok; /* landed where the kernel meant */
	uint64_t dma_faults;
	uint64_t dma_misdirected; /* landed somewhere else */
	uint64_t writes_misdirected;
	uint64_t irq_ok;
	uint64_t irq_faults;
	uint64_t irq_misdirected; /* wrong vector or destination */
};

/* A PCI function behind one unit, and what its driver set up for it. */
/* How the first kernel set a device up (Linux does all of these). */
enum sim_dev_kind {
	SIM_DEV_OWN_DOMAIN = 0, /* its own domain and page table */
	SIM_DEV_SHARED,		/* the domain of the unit's previous device */
	SIM_DEV_IDENTITY,	/* pass-through: IOVA is the address */
	SIM_DEV_ALIAS,		/* behind a bridge: requests carry @alias */
};

struct sim_dev {
	int unit;
	uint16_t sid; /* bus << 8 | devfn */
	enum sim_dev_kind kind;
	/*
	 * SIM_DEV_ALIAS: the requester id its DMA and MSIs carry (a
	 * PCIe-to-PCI bridge's); the kernel programs a context entry for
	 * both ids, as for every DMA alias.
	 */
	uint16_t alias;
	int id;	      /* tags what it writes */
	/* The first kernel's domain for it. */
	uint16_t did;
	uint64_t pgd;
	/* Ring pages: the IOVA the device uses, the page the kernel meant. */
	int nr_maps;
	struct {
		uint64_t iova, pa;
		/*
		 * While a test moves the device to a new domain: where the
		 * same IOVA lands there (0: nowhere yet).  Either page is
		 * right until the test makes it the only one.
		 */
		uint64_t pa_next;
	} map[SIM_DEV_MAX_MAPS];
	/*
	 * ATS: the device asks for translations and keeps them in its
	 * device-TLB, one per ring page, until the unit's device-TLB
	 * invalidation for it (sim_devtlb_gen() moves on).
	 */
	bool ats;
	struct {
		bool valid;
		uint32_t gen;
		uint64_t pa;
	} dtlb[SIM_DEV_MAX_MAPS];
	/* MSIs as programmed into the device, and what they should reach. */
	int nr_irqs;
	struct {
		uint32_t index;
		uint64_t addr;
		uint32_t data;
		uint8_t vector;
		uint32_t dest;
	} irq[SIM_DEV_MAX_IRQS];
	uint32_t seq;
	struct sim_dev_counts n;
};

/* The requester id on the bus: the alias, if it has one. */
static inline uint16_t sim_dev_rid(const struct sim_dev *d)
{
	return d->kind == SIM_DEV_ALIAS ? d->alias : d->sid;
}

/* --- devices at work --- */

/* One DMA read or write to a random page of the device's rings. */
void sim_dev_dma(struct sim *sim, struct sim_dev *d, struct sim_rng *rng);
/* One of the device's MSIs. */
void sim_dev_irq(struct sim *sim, struct sim_dev *d, struct sim_rng *rng);

/*
 * Traffic between the steps of the code under test: each step runs
 * min_ops to max_ops random operations of random devices.
 */
struct sim_traffic {
	struct sim *sim;
	struct sim_dev *devs;
	int nr_devs;
	struct sim_rng rng;
	unsigned int min_ops, max_ops;
	uint64_t steps;
};

void sim_traffic_step(void *traffic);
/* Every device does @rounds DMAs and interrupts, in a random order. */
void sim_traffic_burst(struct sim_traffic *t, int rounds);
void sim_dev_counts_sum(const struct sim_dev *devs, int nr,
			struct sim_dev_counts *sum);

/* --- the first kernel --- */

struct fk_config {
	unsigned int aw; /* VTD_AW_39BIT / 48BIT / 57BIT */
	int maps_per_dev;
	int irqs_per_dev;
	bool x2apic;	      /* IRTA.EIME, 32-bit destinations */
	unsigned int irta_s;  /* 2^(S+1) IRTEs */
	bool intremap;	      /* needs QI, as in Linux */
	bool use_qi;	      /* else register-based invalidation */
	bool translation_off; /* IR only; devices DMA untranslated */
	/*
	 * Scalable mode, as Linux 6.12 runs a unit with ECAP.SMTS: a PASID
	 * directory and table per device, RID_PASID 0, DMA domains in
	 * first-stage tables (@second_stage: second-stage, as Linux gives
	 * unmanaged domains), identity domains pass-through with domain id
	 * 1, 256-bit queued invalidation.
	 */
	bool scalable;
	bool second_stage;
};

/*
 * The set-up Linux 6.12 leaves on an x2APIC server: 48-bit address
 * width, interrupt remapping with x2APIC destinations, queued
 * invalidation.  Only the load differs between scenarios: an
 * initializer, so that constant scenarios can use it too.
 */
#define FK_CONFIG_LINUX(maps_per_dev_, irqs_per_dev_, irta_s_)           \
	{ .aw = VTD_AW_48BIT,                                            \
	  .maps_per_dev = (maps_per_dev_),                               \
	  .irqs_per_dev = (irqs_per_dev_),                               \
	  .x2apic = true,                                                \
	  .irta_s = (irta_s_),                                           \
	  .intremap = true,                                              \
	  .use_qi = true }

/* The same in scalable mode: what Linux 6.12 does on Sapphire Rapids. */
#define FK_CONFIG_LINUX_SM(maps_per_dev_, irqs_per_dev_, irta_s_)      \
	{                                                              \
		.aw = VTD_AW_48BIT, .maps_per_dev = (maps_per_dev_),   \
		.irqs_per_dev = (irqs_per_dev_), .x2apic = true,       \
		.irta_s = (irta_s_), .intremap = true, .use_qi = true, \
		.scalable = true                                       \
	}

/* Programs every unit, builds each device's domain, enables it all. */
void fk_boot(struct sim *sim, const struct fk_config *cfg, struct sim_dev *devs,
	     int nr_devs);

/*
 * Map one page of 4 KiB (@shift 12), 2 MiB (21) or 1 GiB (30) at @iova to
 * @pa in the @levels-level table at @pgd, creating tables as needed.
 */
void fk_map(struct sim *sim, uint64_t pgd, unsigned int levels, uint64_t iova,
	    uint64_t pa, unsigned int shift, uint64_t perms);

/* Write a context entry (high half first, present bit last, as Linux). */
void fk_set_context(struct sim *sim, uint64_t root, uint16_t sid, uint64_t pgd,
		    uint16_t did, unsigned int aw, unsigned int tt);

/*
 * The same for a first-stage (IA-32e) table, with the bits Linux 6.12
 * sets: P, R/W, U/S, A at every level, D on a writable leaf.  @write:
 * the leaf allows writes.
 */
void fk_map_fs(struct sim *sim, uint64_t pgd, unsigned int levels,
	       uint64_t iova, uint64_t pa, unsigned int shift, bool write);

/* --- the crash kernel of the seed's failure --- */

/*
 * What kernels before 4.2 did at boot: disable interrupt remapping and
 * translation, install fresh empty root and IRTE tables, invalidate,
 * enable again.  Every access goes through sim_cut_*, so devices run
 * between its steps.
 */
void naive_crash_kernel(struct sim *sim);

#endif /* VTD_SIM_PLATFORM_H */
