/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sim-internal.h - the model's state, shared by its source files only.
 */
#ifndef VTD_SIM_INTERNAL_H
#define VTD_SIM_INTERNAL_H

#include <kexec-vtd/vtd-hw.h>

#include "sim.h"

#define SIM_PAGE_SIZE 4096u
#define SIM_NR_SIDS 65536u
#define SIM_IOTLB_BUCKETS 4096u

/* One page of backing store, found by its frame number. */
struct sim_page {
	uint64_t pfn;
	uint8_t *data; /* NULL: empty slot */
};

struct sim_mem {
	struct sim_page *slots;
	size_t cap; /* a power of two */
	size_t used;
	/* The last page touched: DMA and walks hit it again and again. */
	uint64_t last_pfn;
	uint8_t *last_data;
};

struct sim_cached_entry {
	bool valid;
	uint64_t lo, hi;
};

/* An IOTLB entry: one translation of a 4 KiB, 2 MiB or 1 GiB page. */
struct sim_iotlb_entry {
	struct sim_iotlb_entry *next;
	uint16_t did;
	uint8_t shift; /* 12, 21 or 30 */
	bool r, w;
	uint64_t vpn; /* iova >> shift */
	uint64_t pa;  /* page base */
};

struct sim_unit {
	int idx;
	struct sim_unit_config cfg;
	/* The register page, with the masks that give each bit its kind. */
	uint8_t reg[VTD_REG_SPACE_SIZE];
	uint8_t wmask[VTD_REG_SPACE_SIZE];   /* software may write */
	uint8_t w1cmask[VTD_REG_SPACE_SIZE]; /* write 1 to clear */
	uint8_t womask[VTD_REG_SPACE_SIZE];  /* write-only: reads 0 */
	uint64_t root_ptr;		     /* RTADDR latched by SRTP */
	bool root_set;
	uint64_t irta_ptr; /* IRTA latched by SIRTP */
	bool irta_set;
	unsigned int fault_next;	    /* next fault recording register */
	struct sim_cached_entry *ctx_cache; /* by source-id */
	struct sim_cached_entry *iec;	    /* by IRTE index */
	uint32_t *devtlb_gen;		    /* by source-id (ATS) */
	struct sim_iotlb_entry *iotlb[SIM_IOTLB_BUCKETS];
	struct sim_unit_stats stats;
};

/* A store of the code under test, with what it overwrote. */
#define SIM_WLOG_DEPTH 4
struct sim_wlog {
	uint64_t pa;
	uint64_t old[2];
	unsigned int len; /* 8, or 16 for one 128-bit store */
};

struct sim {
	struct sim_config cfg;
	struct sim_mem mem;
	struct sim_unit unit[SIM_MAX_UNITS];
	uint64_t next_page;
	uint64_t ram_end;
	sim_trace_fn trace;
	void *trace_ctx;
	sim_step_fn step;
	void *step_ctx;
	bool in_step;
	uint64_t evict_rng;
	uint64_t tear_rng;
	struct sim_wlog wlog[SIM_WLOG_DEPTH]; /* a ring, newest at wlog_head - 1 */
	unsigned int wlog_head, wlog_n;
};

/* sim.c: should the cache entry about to be hit be evicted first? */
bool sim_evict_now(struct sim *sim, struct sim_unit *u);

/*
 * sim.c: read the 128-bit entry at @pa as the unit may (see
 * sim_config.tear_per_1024), having just read the entry at @path_pa
 * (0: none) to find it; the window of stores it may straddle ends with
 * sim_wlog_clear(), when an invalidation completes.
 */
void sim_fetch128(struct sim *sim, struct sim_unit *u, uint64_t pa,
		  uint64_t path_pa, uint64_t *lo, uint64_t *hi);
void sim_wlog_clear(struct sim *sim);

/* mem.c */
int sim_mem_init(struct sim_mem *m);
void sim_mem_fini(struct sim_mem *m);

/* regs.c */
void sim_regs_reset(struct sim_unit *u);
uint64_t sim_reg_get(const struct sim_unit *u, unsigned int off,
		     unsigned int size);
void sim_reg_set(struct sim_unit *u, unsigned int off, unsigned int size,
		 uint64_t v);
void sim_reg_write(struct sim *sim, struct sim_unit *u, unsigned int off,
		   unsigned int size, uint64_t v);
uint64_t sim_reg_read(const struct sim_unit *u, unsigned int off,
		      unsigned int size);
void sim_record_fault(struct sim *sim, struct sim_unit *u, uint16_t sid,
		      uint8_t reason, uint64_t fi, bool write, bool fpd);
void sim_misprogrammed(struct sim *sim, struct sim_unit *u, const char *what);
void sim_unmodelled(struct sim *sim, struct sim_unit *u, const char *what);
void sim_emit(struct sim *sim, const struct sim_event *ev);

/* xlate.c: caches and their invalidation */
void sim_ctx_cache_inval(struct sim_unit *u, int granularity, uint16_t did,
			 uint16_t sid, unsigned int fm);
void sim_iotlb_inval(struct sim_unit *u, int granularity, uint16_t did,
		     uint64_t addr, unsigned int am);
void sim_iotlb_free(struct sim_unit *u);

/* intr.c */
void sim_iec_inval(struct sim_unit *u, bool global, uint32_t index,
		   unsigned int im);

static inline uint32_t sim_gsts(const struct sim_unit *u)
{
	return (uint32_t)sim_reg_get(u, VTD_REG_GSTS, 4);
}

#endif /* VTD_SIM_INTERNAL_H */
