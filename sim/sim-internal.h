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
#define SIM_PASID_CACHE_BUCKETS 1024u

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

/*
 * A context-cache or interrupt-entry-cache entry.  @sm: a scalable-mode
 * context entry (bits 127:0; 255:128 are reserved), which carries no
 * domain id.
 */
struct sim_cached_entry {
	bool valid;
	bool sm;
	uint64_t lo, hi;
};

/*
 * What an IOTLB entry is tagged with (VT-d 6.2.1, 6.5.2.3-4): a legacy
 * or second-stage translation by its domain id alone; a first-stage or
 * pass-through one by domain id and PASID, so only a PASID-based IOTLB
 * invalidation (or a global or domain-selective one) reaches it.
 */
enum sim_iotlb_tag {
	SIM_IOTLB_DID = 0,
	SIM_IOTLB_PASID = 1,
};

/* An IOTLB entry: one translation of a 4 KiB, 2 MiB or 1 GiB page. */
struct sim_iotlb_entry {
	struct sim_iotlb_entry *next;
	uint16_t did;
	uint8_t tag;   /* enum sim_iotlb_tag */
	uint8_t shift; /* 12, 21 or 30 */
	bool r, w;
	bool user;	/* first-stage: U/S at every level */
	uint32_t pasid; /* SIM_IOTLB_PASID only */
	uint64_t vpn;	/* iova >> shift */
	uint64_t pa;	/* page base */
};

/*
 * A PASID-cache entry (6.2.2): the PASID-table entry a source-id's
 * requests with @pasid use (for requests without PASID, the context
 * entry's RID_PASID), with the FPD of the directory entry that led there.
 * Tagged for invalidation by the entry's domain id and the PASID.
 */
struct sim_pasid_cache_entry {
	struct sim_pasid_cache_entry *next;
	uint16_t sid;
	uint32_t pasid;
	uint16_t did;
	bool pde_fpd;
	uint64_t val[VTD_PASID_ENTRY_WORDS];
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
	uint8_t *fn;			    /* SIM_FN_*, by source-id */
	struct sim_iotlb_entry *iotlb[SIM_IOTLB_BUCKETS];
	struct sim_pasid_cache_entry *pasid_cache[SIM_PASID_CACHE_BUCKETS];
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
/*
 * sim.c: the same for an entry of @nwords 64-bit words (a 256-bit
 * scalable context entry, a 512-bit PASID-table entry): the spec promises
 * no single access for them either, so each word is read at its own
 * point, word 0 (with P) first, a locked 16-byte store to a pair of them
 * no exception.
 */
void sim_fetch_words(struct sim *sim, struct sim_unit *u, uint64_t pa,
		     unsigned int nwords, uint64_t path_pa, uint64_t *v);
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
/* PASID-based IOTLB invalidation (6.5.2.4): VTD_QI_PIOTLB_* granularity. */
void sim_piotlb_inval(struct sim_unit *u, int granularity, uint16_t did,
		      uint32_t pasid, uint64_t addr, unsigned int am);
void sim_iotlb_free(struct sim_unit *u);

/*
 * xlate.c, for smxlate.c: the IOTLB and the second-stage walk both modes
 * share.  The walk returns 0, or SIM_SS_NOT_PRESENT, SIM_SS_BEYOND_AW or
 * SIM_SS_RSVD, which each mode turns into its own fault reason.
 */
/* A walk's outcome for a mode or structure the model does not implement. */
#define SIM_FR_UNMODELLED 0xff
#define SIM_SS_NOT_PRESENT 0x100
#define SIM_SS_BEYOND_AW 0x101
#define SIM_SS_RSVD 0x102
unsigned int sim_ss_walk(struct sim *sim, struct sim_unit *u, uint64_t table,
			 unsigned int aw, uint64_t iova,
			 struct sim_iotlb_entry *out);
struct sim_iotlb_entry *sim_iotlb_lookup(struct sim *sim, struct sim_unit *u,
					 uint8_t tag, uint16_t did,
					 uint32_t pasid, uint64_t iova);
void sim_iotlb_insert(struct sim_unit *u, const struct sim_iotlb_entry *t);

/* smxlate.c: scalable-mode translation and its PASID cache */
struct sim_sm_walk {
	uint64_t ctx_lo, ctx_hi; /* the scalable context entry, 127:0 */
	uint64_t pe[VTD_PASID_ENTRY_WORDS]; /* the RID_PASID entry */
	bool fpd;
};
uint8_t sim_sm_ctx_lookup(struct sim *sim, struct sim_unit *u, uint16_t sid,
			  struct sim_sm_walk *w);
uint8_t sim_sm_translate(struct sim *sim, struct sim_unit *u, uint16_t sid,
			 uint64_t iova, bool write, struct sim_sm_walk *w,
			 struct sim_dma_result *res);
void sim_pasid_cache_inval(struct sim_unit *u, int granularity, uint16_t did,
			   uint32_t pasid);
void sim_pasid_cache_free(struct sim_unit *u);
/* Is the unit's latched root table one of scalable mode? */
bool sim_sm_mode(const struct sim_unit *u);

/* intr.c */
void sim_iec_inval(struct sim_unit *u, bool global, uint32_t index,
		   unsigned int im);

static inline uint32_t sim_gsts(const struct sim_unit *u)
{
	return (uint32_t)sim_reg_get(u, VTD_REG_GSTS, 4);
}

#endif /* VTD_SIM_INTERNAL_H */
