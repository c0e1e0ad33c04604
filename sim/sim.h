/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sim.h - a VT-d platform in software: physical memory, remapping units
 * with their registers, translation and interrupt remapping with caches
 * that stay stale until invalidated, and architectural fault recording.
 *
 * It is built from the VT-d specification (through include/kexec-vtd/
 * vtd-hw.h) and from nothing in lib/, purgatory/ or kernel/: it exists to
 * catch their mistakes.  Legacy and scalable translation mode, for
 * requests without PASID: scalable mode walks root (lower or upper half)
 * -> scalable context entry -> PASID directory -> PASID table (the
 * context's RID_PASID) -> first-stage or second-stage table, or passes
 * through, with a PASID cache beside the context cache and IOTLB.  Nested
 * translation, requests with PASID, page requests and abort-DMA mode
 * count as unmodelled; first-stage Accessed/Dirty updates are not made.
 *
 * Hardware behaviour the code under test might trip over is counted, not
 * forgiven: two commands in one GCMD write, register-based invalidation
 * while queued invalidation is on, a root table used before it was set.
 */
#ifndef VTD_SIM_H
#define VTD_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_MAX_UNITS 16

struct sim;

/* --- configuration --- */

struct sim_unit_config {
	uint64_t reg_base; /* 4 KiB aligned */
	uint16_t segment;
	uint64_t cap;  /* as VT-d CAP; see sim_default_cap() */
	uint64_t ecap; /* as VT-d ECAP; see sim_default_ecap() */
};

struct sim_config {
	int nr_units;
	struct sim_unit_config unit[SIM_MAX_UNITS];
	uint64_t ram_base; /* where sim_alloc_page() starts */
	uint64_t ram_size;
	/*
	 * Caches may drop an entry at any time (the spec promises nothing
	 * about how long hardware keeps one): before each cache hit, the
	 * context cache, IOTLB and interrupt entry cache evict that entry
	 * with probability evict_per_1024 / 1024, drawn from evict_seed, so
	 * a run is reproducible.  The same draw makes a device-selective
	 * context-cache invalidation domain-selective, as hardware may.
	 * 0: entries stay until invalidated, requests as asked.
	 */
	unsigned int evict_per_1024;
	uint64_t evict_seed;
	/*
	 * The spec does not promise that the unit reads a 128-bit context
	 * entry or IRTE in one access (VT-d spec 9.3, 9.10): with
	 * probability tear_per_1024 / 1024 a fetch reads each 64-bit half
	 * at its own point among the code under test's last SIM_WLOG_DEPTH
	 * stores (sim_cut_mem_*; an invalidation that completes ends the
	 * window, as a fetch in flight completes before it does), never
	 * before the store that made the entry on its path what it is now.
	 * A locked 16-byte store (sim_cut_mem_write128(), CMPXCHG16B) is
	 * split like any other: the spec has no words that the unit reads
	 * the two halves in one access (#21, 7); each 64-bit word is read
	 * whole.
	 */
	unsigned int tear_per_1024;
};

/*
 * A CAP value: @mgaw bits, SAGAW for 3- and 4-level tables (and 5-level
 * when @mgaw is 57, with 5-level first-stage tables), 2 MiB and 1 GiB
 * superpages in both stages, @nfr fault recording registers at 0x400,
 * 256 domains... 64K with @nd.
 */
uint64_t sim_default_cap(unsigned int mgaw, unsigned int nfr, unsigned int nd);
/* An ECAP value: QI, IR, EIM, pass-through, IOTLB registers at 0x500. */
uint64_t sim_default_ecap(void);
/*
 * The same with scalable mode as Sapphire Rapids has it: SMTS, first- and
 * second-stage translation, page-walk snoop, 20-bit PASIDs.
 */
uint64_t sim_scalable_ecap(void);

/*
 * A platform of @nr_units default units (48-bit MGAW, 8 fault registers,
 * 256 domains) with register pages at SIM_BASE + 4 KiB * i, unit i in
 * PCI segment @segments[i] (all 0 when NULL), and 1 GiB of RAM at 16 MiB.
 */
#define SIM_BASE 0xfed90000ull
void sim_config_default(struct sim_config *cfg, int nr_units,
			const uint16_t *segments);

struct sim *sim_new(const struct sim_config *cfg);
void sim_free(struct sim *sim);
int sim_nr_units(const struct sim *sim);
uint64_t sim_unit_reg_base(const struct sim *sim, int unit);

/* --- physical memory: sparse 4 KiB pages over a 52-bit space --- */

#define SIM_PA_BITS 52

uint64_t sim_mem_read64(struct sim *sim, uint64_t pa);
void sim_mem_write64(struct sim *sim, uint64_t pa, uint64_t v);
uint32_t sim_mem_read32(struct sim *sim, uint64_t pa);
void sim_mem_write32(struct sim *sim, uint64_t pa, uint32_t v);
void sim_mem_read(struct sim *sim, uint64_t pa, void *buf, size_t len);
void sim_mem_write(struct sim *sim, uint64_t pa, const void *buf, size_t len);
/*
 * The backing store of the 4 KiB page holding @pa, for code that reads
 * tables in place (as purgatory does through its identity map).  The
 * pointer stays valid until sim_free().
 */
const void *sim_mem_map_page(struct sim *sim, uint64_t pa);
/* A zeroed, 4 KiB-aligned page of "RAM"; aborts when RAM runs out. */
uint64_t sim_alloc_page(struct sim *sim);
/* Pages of backing store in use, for tests of sparseness. */
size_t sim_mem_pages(const struct sim *sim);

/* --- MMIO: the units' register pages --- */

uint32_t sim_mmio_read32(struct sim *sim, uint64_t addr);
uint64_t sim_mmio_read64(struct sim *sim, uint64_t addr);
void sim_mmio_write32(struct sim *sim, uint64_t addr, uint32_t v);
void sim_mmio_write64(struct sim *sim, uint64_t addr, uint64_t v);

/* --- requests from devices --- */

enum sim_result {
	SIM_OK = 0,	    /* done, through translation or not */
	SIM_FAULT = 1,	    /* blocked; see the fault reason */
	SIM_UNMODELLED = 2, /* a mode the model does not implement */
};

struct sim_dma_result {
	enum sim_result result;
	uint8_t reason;	 /* enum vtd_fault_reason when SIM_FAULT */
	uint64_t pa;	 /* where the access landed when SIM_OK */
	bool translated; /* false: translation was off or pass-through */
};

/*
 * A DMA read or write of @len bytes (within one 4 KiB page) at @iova by
 * requester @sid behind @unit.  Writes land in memory; reads fill @buf.
 */
struct sim_dma_result sim_dma(struct sim *sim, int unit, uint16_t sid,
			      uint64_t iova, bool write, void *buf, size_t len);

/*
 * Address translation services (PCIe ATS; VT-d 4.2): a device whose
 * context entry allows it (TT 01b) asks the unit for a translation and
 * keeps it in its own device-TLB, then sends translated requests that the
 * unit lets through to the physical address.  Its cached translations
 * stay until a device-TLB invalidation for its source-id (6.5.2.5), which
 * bumps sim_devtlb_gen().
 */
struct sim_dma_result sim_ats_translate(struct sim *sim, int unit,
					uint16_t sid, uint64_t iova,
					bool write);
struct sim_dma_result sim_dma_translated(struct sim *sim, int unit,
					 uint16_t sid, uint64_t pa, bool write,
					 void *buf, size_t len);
uint32_t sim_devtlb_gen(const struct sim *sim, int unit, uint16_t sid);

/*
 * The PCIe function with requester id @sid behind @unit, as the unit's
 * device-TLB invalidations reach it and the kernel's config reads see
 * it.  A device-TLB invalidation for a function that does not answer
 * (ATS Enable clear, e.g. after a Function Level Reset; wedged; gone)
 * times out: FSTS.ITE, the waits behind it aborted (6.5.2.10).
 */
#define SIM_FN_ATS_ENABLED 0x1 /* ATS Control: Enable set */
#define SIM_FN_NO_ANSWER 0x2   /* present, ATS on, never completes */
#define SIM_FN_GONE 0x4	       /* removed: config reads all ones */
void sim_set_fn(struct sim *sim, int unit, uint16_t sid, unsigned int flags);
unsigned int sim_fn(const struct sim *sim, int unit, uint16_t sid);

struct sim_irq_result {
	enum sim_result result;
	uint8_t reason; /* enum vtd_fault_reason when SIM_FAULT */
	uint8_t vector;
	uint32_t dest;	/* APIC id: 8 bits, or 32 with x2APIC (EIME) */
	bool remapped;	/* false: delivered as compatibility format */
	uint32_t index; /* IRTE index when remapped */
};

/* An MSI write (address/data) or an IOAPIC message from @sid. */
struct sim_irq_result sim_msi(struct sim *sim, int unit, uint16_t sid,
			      uint64_t addr, uint32_t data);

/* --- what happened: trace events and counters --- */

enum sim_event_type {
	SIM_EV_DMA_FAULT,	 /* reason, sid, addr, write */
	SIM_EV_IRQ_FAULT,	 /* reason, sid, index */
	SIM_EV_FAULT_DROPPED,	 /* fault registers full: PFO set */
	SIM_EV_FAULT_SUPPRESSED, /* FPD set in the context entry */
	SIM_EV_MISPROGRAMMED,	 /* software did what the spec forbids */
	SIM_EV_UNMODELLED,
};

struct sim_event {
	enum sim_event_type type;
	int unit;
	uint8_t reason;
	uint16_t sid;
	uint64_t addr; /* DMA address, or the interrupt index */
	bool write;
	const char *what; /* for SIM_EV_MISPROGRAMMED, UNMODELLED */
};

typedef void (*sim_trace_fn)(void *ctx, const struct sim_event *ev);
void sim_set_trace(struct sim *sim, sim_trace_fn fn, void *ctx);

struct sim_unit_stats {
	uint64_t dma_ok, dma_faults, irq_ok, irq_faults;
	uint64_t faults_recorded, faults_dropped, faults_suppressed;
	uint64_t misprogrammed, unmodelled;
	uint64_t ctx_cache_hits, pasid_cache_hits, iotlb_hits, iec_hits;
	uint64_t evictions;
	uint64_t torn_fetches; /* entries read as a mix of two states */
	uint64_t fault_reasons[256]; /* every fault, recorded or not */
};

const struct sim_unit_stats *sim_unit_stats(const struct sim *sim, int unit);

/*
 * Format a fault as Linux logs it, e.g. "DMAR: [DMA Read] Request device
 * [01:00.0] fault addr fff80000 [fault reason 01] Present bit in root
 * entry is clear".  Returns @buf.
 */
char *sim_fault_str(const struct sim_event *ev, char *buf, size_t len);
const char *sim_fault_reason_str(uint8_t reason);

/*
 * Read the unit's fault recording registers as software would and format
 * each with F set; returns how many.  Does not clear them.
 */
int sim_fault_regs_format(struct sim *sim, int unit,
			  void (*out)(void *ctx, const char *line), void *ctx);

/* --- the code under test's accesses, with devices between its steps --- */

/*
 * Called before each access made through the sim_cut_* functions, so a
 * test can run device traffic between any two steps of the code it tests.
 */
typedef void (*sim_step_fn)(void *ctx);
void sim_set_step_hook(struct sim *sim, sim_step_fn fn, void *ctx);

uint64_t sim_cut_mem_read64(struct sim *sim, uint64_t pa);
const void *sim_cut_mem_map_page(struct sim *sim, uint64_t pa);
void sim_cut_mem_write64(struct sim *sim, uint64_t pa, uint64_t v);
/* 16 bytes at @pa (16-aligned) in one store, as CMPXCHG16B makes it. */
void sim_cut_mem_write128(struct sim *sim, uint64_t pa, uint64_t lo,
			  uint64_t hi);
uint32_t sim_cut_mmio_read32(struct sim *sim, uint64_t addr);
uint64_t sim_cut_mmio_read64(struct sim *sim, uint64_t addr);
void sim_cut_mmio_write32(struct sim *sim, uint64_t addr, uint32_t v);
void sim_cut_mmio_write64(struct sim *sim, uint64_t addr, uint64_t v);

#endif /* VTD_SIM_H */
