// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xlate.c - DMA remapping in legacy mode (3.4, 9.1-9.8): source-id ->
 * root entry -> context entry -> second-level page walk, with a context
 * cache and an IOTLB that keep answering from stale entries until the
 * invalidation that covers them arrives.
 *
 * Each step of the walk is its own function returning 0 or the
 * architectural fault reason, so the reason recorded is what the walk
 * found.  Only present entries are cached (CAP.CM = 0 behaviour).
 */
#include <stdlib.h>
#include <string.h>

#include "sim-internal.h"

struct walk {
	uint64_t ctx_lo, ctx_hi;
	bool fpd;
};

/* --- context cache --- */

/*
 * A device-selective request names the source-id and the domain-id that
 * was programmed in the entry (VT-d spec 6.5.1.1 and 10.4.7: software
 * must program DID for device-selective requests too), and hardware may
 * tag its cached entries by that domain-id: a request whose DID is not
 * the cached entry's leaves the entry in place, as strict hardware may.
 */
void sim_ctx_cache_inval(struct sim_unit *u, int granularity, uint16_t did,
			 uint16_t sid, unsigned int fm)
{
	/* FM masks 0, 1, 2 or 3 low bits of the function number (10.4.7). */
	uint16_t mask = (uint16_t) ~((1u << fm) - 1) | 0xfff8;
	uint32_t i;

	for (i = 0; i < SIM_NR_SIDS; i++) {
		struct sim_cached_entry *e = &u->ctx_cache[i];
		uint16_t e_did;

		if (!e->valid)
			continue;
		e_did = (uint16_t)VTD_FIELD_GET(VTD_CTX_HI_DID, e->hi);
		if (granularity == VTD_INV_GLOBAL ||
		    (granularity == VTD_INV_DOMAIN && e_did == did) ||
		    (granularity == VTD_INV_DEVICE && e_did == did &&
		     ((uint16_t)i & mask) == (sid & mask)))
			e->valid = false;
	}
}

static uint8_t root_lookup(struct sim *sim, struct sim_unit *u, uint8_t bus,
			   uint64_t *ctp)
{
	uint64_t pa, lo, hi;

	if (!u->root_set)
		return VTD_FR_ROOT_TABLE_INV;
	pa = (u->root_ptr & VTD_RTADDR_RTA) +
	     (uint64_t)bus * VTD_ROOT_ENTRY_SIZE;
	lo = sim_mem_read64(sim, pa);
	hi = sim_mem_read64(sim, pa + 8);
	if (!(lo & VTD_ROOT_LO_P))
		return VTD_FR_ROOT_ENTRY_P;
	if ((lo & VTD_ROOT_LO_RSVD) || hi)
		return VTD_FR_ROOT_ENTRY_RSVD;
	*ctp = lo & VTD_ROOT_LO_CTP;
	return 0;
}

/* Is the context entry one this unit can use (9.3)? */
static uint8_t ctx_check(const struct sim_unit *u, uint64_t lo, uint64_t hi)
{
	unsigned int tt = (unsigned int)VTD_FIELD_GET(VTD_CTX_LO_TT, lo);
	unsigned int aw = (unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, hi);
	uint64_t sagaw = VTD_FIELD_GET(VTD_CAP_SAGAW, u->cfg.cap);

	if ((lo & VTD_CTX_LO_RSVD) || (hi & VTD_CTX_HI_RSVD))
		return VTD_FR_CTX_ENTRY_RSVD;
	if (tt == 3 || (tt == VTD_TT_ALL && !(u->cfg.ecap & VTD_ECAP_DT)) ||
	    (tt == VTD_TT_PASSTHROUGH && !(u->cfg.ecap & VTD_ECAP_PT)))
		return VTD_FR_CTX_ENTRY_INV;
	if (tt != VTD_TT_PASSTHROUGH && !(sagaw & (1u << aw)))
		return VTD_FR_CTX_ENTRY_INV;
	if (VTD_FIELD_GET(VTD_CTX_HI_DID, hi) >= vtd_cap_ndoms(u->cfg.cap))
		return VTD_FR_CTX_ENTRY_INV;
	return 0;
}

static uint8_t ctx_lookup(struct sim *sim, struct sim_unit *u, uint16_t sid,
			  struct walk *w)
{
	struct sim_cached_entry *c = &u->ctx_cache[sid];
	uint64_t ctp, pa;
	uint8_t fr;

	if (c->valid && sim_evict_now(sim, u))
		c->valid = false;
	if (c->valid) {
		u->stats.ctx_cache_hits++;
		w->ctx_lo = c->lo;
		w->ctx_hi = c->hi;
		w->fpd = c->lo & VTD_CTX_LO_FPD;
		return 0;
	}
	fr = root_lookup(sim, u, (uint8_t)(sid >> 8), &ctp);
	if (fr)
		return fr;
	pa = ctp + (uint64_t)(sid & 0xff) * VTD_CTX_ENTRY_SIZE;
	sim_fetch128(sim, u, pa,
		     (u->root_ptr & VTD_RTADDR_RTA) +
			     (uint64_t)(sid >> 8) * VTD_ROOT_ENTRY_SIZE,
		     &w->ctx_lo, &w->ctx_hi);
	if (!(w->ctx_lo & VTD_CTX_LO_P))
		return VTD_FR_CTX_ENTRY_P;
	/* From here on the entry decides whether faults are reported. */
	w->fpd = w->ctx_lo & VTD_CTX_LO_FPD;
	fr = ctx_check(u, w->ctx_lo, w->ctx_hi);
	if (fr)
		return fr;
	c->valid = true;
	c->lo = w->ctx_lo;
	c->hi = w->ctx_hi;
	return 0;
}

/* --- IOTLB --- */

static unsigned int iotlb_bucket(uint16_t did, uint8_t shift, uint64_t vpn)
{
	uint64_t h = (vpn ^ ((uint64_t)did << 40) ^ ((uint64_t)shift << 56)) *
		     UINT64_C(0x9e3779b97f4a7c15);

	return (unsigned int)(h >> 52) & (SIM_IOTLB_BUCKETS - 1);
}

static struct sim_iotlb_entry *iotlb_find(struct sim_unit *u, uint16_t did,
					  uint64_t iova)
{
	static const uint8_t shifts[] = { 12, 21, 30 };
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(shifts); i++) {
		uint64_t vpn = iova >> shifts[i];
		struct sim_iotlb_entry *e =
			u->iotlb[iotlb_bucket(did, shifts[i], vpn)];

		for (; e; e = e->next)
			if (e->did == did && e->shift == shifts[i] &&
			    e->vpn == vpn)
				return e;
	}
	return NULL;
}

static void iotlb_insert(struct sim_unit *u, const struct sim_iotlb_entry *t)
{
	unsigned int b = iotlb_bucket(t->did, t->shift, t->vpn);
	struct sim_iotlb_entry *e = malloc(sizeof(*e));

	if (!e)
		return; /* a cache may always miss */
	*e = *t;
	e->next = u->iotlb[b];
	u->iotlb[b] = e;
}

static void iotlb_evict(struct sim_unit *u, const struct sim_iotlb_entry *gone)
{
	struct sim_iotlb_entry **pp =
		&u->iotlb[iotlb_bucket(gone->did, gone->shift, gone->vpn)];

	for (; *pp; pp = &(*pp)->next)
		if (*pp == gone) {
			*pp = gone->next;
			free((void *)gone);
			return;
		}
}

void sim_iotlb_inval(struct sim_unit *u, int granularity, uint16_t did,
		     uint64_t addr, unsigned int am)
{
	uint64_t first = addr >> 12 & ~((UINT64_C(1) << am) - 1);
	uint64_t last = first + (UINT64_C(1) << am) - 1;
	unsigned int b;

	for (b = 0; b < SIM_IOTLB_BUCKETS; b++) {
		struct sim_iotlb_entry **pp = &u->iotlb[b];

		while (*pp) {
			struct sim_iotlb_entry *e = *pp;
			uint64_t e_first = e->vpn << (e->shift - 12);
			uint64_t e_last =
				e_first + (UINT64_C(1) << (e->shift - 12)) - 1;
			bool hit =
				granularity == VTD_INV_GLOBAL ||
				(granularity == VTD_INV_DOMAIN &&
				 e->did == did) ||
				(granularity == VTD_INV_PAGE && e->did == did &&
				 e_first <= last && first <= e_last);

			if (hit) {
				*pp = e->next;
				free(e);
			} else {
				pp = &e->next;
			}
		}
	}
}

void sim_iotlb_free(struct sim_unit *u)
{
	sim_iotlb_inval(u, VTD_INV_GLOBAL, 0, 0, 0);
}

/* --- second-level page walk (3.6, 9.8) --- */

static bool superpage_ok(const struct sim_unit *u, unsigned int level)
{
	uint64_t sllps = VTD_FIELD_GET(VTD_CAP_SLLPS, u->cfg.cap);

	/* SLLPS bit 0: 2 MiB pages (level 2), bit 1: 1 GiB (level 3). */
	return (level == 2 && (sllps & 1)) || (level == 3 && (sllps & 2));
}

static uint8_t slpt_walk(struct sim *sim, struct sim_unit *u,
			 const struct walk *w, uint64_t iova,
			 struct sim_iotlb_entry *out)
{
	unsigned int aw = (unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, w->ctx_hi);
	unsigned int level = vtd_aw_levels(aw);
	uint64_t table = w->ctx_lo & VTD_CTX_LO_SLPTPTR;
	bool r = true, wr = true;

	if (iova >> vtd_aw_bits(aw) || iova >> vtd_cap_mgaw(u->cfg.cap))
		return VTD_FR_ADDR_BEYOND_MGAW;
	for (;; level--) {
		unsigned int shift =
			VTD_PAGE_SHIFT_4K + VTD_SLPT_LEVEL_STRIDE * (level - 1);
		uint64_t idx = (iova >> shift) & (VTD_SLPT_ENTRIES - 1);
		uint64_t pte = sim_mem_read64(sim, table + idx * 8);

		if (!(pte & (VTD_SLPTE_R | VTD_SLPTE_W)))
			return 0xff; /* not present: caller picks R or W */
		/* Access rights are the AND over all levels (3.6.1). */
		r = r && (pte & VTD_SLPTE_R);
		wr = wr && (pte & VTD_SLPTE_W);
		if (level > 1 && (pte & VTD_SLPTE_PS)) {
			if (!superpage_ok(u, level))
				return VTD_FR_PAGING_ENTRY_RSVD;
		} else if (level > 1) {
			table = pte & VTD_SLPTE_ADDR;
			continue;
		}
		out->shift = (uint8_t)shift;
		out->vpn = iova >> shift;
		out->pa = pte & VTD_SLPTE_ADDR & ~((UINT64_C(1) << shift) - 1);
		out->r = r;
		out->w = wr;
		return 0;
	}
}

static uint8_t translate(struct sim *sim, struct sim_unit *u, uint16_t sid,
			 uint64_t iova, bool write, struct walk *w,
			 struct sim_dma_result *res)
{
	uint16_t did;
	struct sim_iotlb_entry t = { 0 }, *e;
	uint8_t fr;

	fr = ctx_lookup(sim, u, sid, w);
	if (fr)
		return fr;
	if (VTD_FIELD_GET(VTD_CTX_LO_TT, w->ctx_lo) == VTD_TT_PASSTHROUGH) {
		res->pa = iova;
		return 0;
	}
	did = (uint16_t)VTD_FIELD_GET(VTD_CTX_HI_DID, w->ctx_hi);
	e = iotlb_find(u, did, iova);
	if (e && sim_evict_now(sim, u)) {
		iotlb_evict(u, e);
		e = NULL;
	}
	if (e) {
		u->stats.iotlb_hits++;
	} else {
		fr = slpt_walk(sim, u, w, iova, &t);
		if (fr == 0xff)
			return write ? VTD_FR_WRITE : VTD_FR_READ;
		if (fr)
			return fr;
		t.did = did;
		iotlb_insert(u, &t);
		e = &t;
	}
	if (write ? !e->w : !e->r)
		return write ? VTD_FR_WRITE : VTD_FR_READ;
	res->pa = e->pa + (iova & ((UINT64_C(1) << e->shift) - 1));
	res->translated = true;
	return 0;
}

uint32_t sim_devtlb_gen(const struct sim *sim, int unit, uint16_t sid)
{
	return sim->unit[unit].devtlb_gen[sid];
}

/* Does the unit take translation requests and translated requests? */
static uint8_t ats_allowed(struct sim *sim, struct sim_unit *u, uint16_t sid,
			   struct walk *w)
{
	uint8_t fr = ctx_lookup(sim, u, sid, w);

	if (fr)
		return fr;
	return VTD_FIELD_GET(VTD_CTX_LO_TT, w->ctx_lo) == VTD_TT_ALL ?
		       0 :
		       VTD_FR_CTX_ENTRY_TT;
}

static struct sim_dma_result ats_fault(struct sim *sim, struct sim_unit *u,
				       uint16_t sid, uint8_t fr, uint64_t addr,
				       bool write, bool fpd)
{
	struct sim_dma_result res = { .result = SIM_FAULT, .reason = fr };

	u->stats.dma_faults++;
	sim_record_fault(sim, u, sid, fr, addr, write, fpd);
	return res;
}

struct sim_dma_result sim_ats_translate(struct sim *sim, int unit,
					uint16_t sid, uint64_t iova, bool write)
{
	struct sim_unit *u = &sim->unit[unit];
	struct sim_dma_result res = { .result = SIM_OK, .pa = iova };
	struct walk w = { 0 };
	uint8_t fr;

	if (!(sim_gsts(u) & VTD_GSTS_TES))
		return res;
	fr = ats_allowed(sim, u, sid, &w);
	if (!fr)
		fr = translate(sim, u, sid, iova, write, &w, &res);
	if (fr)
		return ats_fault(sim, u, sid, fr, iova, write, w.fpd);
	return res;
}

struct sim_dma_result sim_dma_translated(struct sim *sim, int unit,
					 uint16_t sid, uint64_t pa, bool write,
					 void *buf, size_t len)
{
	struct sim_unit *u = &sim->unit[unit];
	struct sim_dma_result res = { .result = SIM_OK, .pa = pa };
	struct walk w = { 0 };
	uint8_t fr;

	if (sim_gsts(u) & VTD_GSTS_TES) {
		fr = ats_allowed(sim, u, sid, &w);
		if (fr)
			return ats_fault(sim, u, sid, fr, pa, write, w.fpd);
		res.translated = true;
	}
	u->stats.dma_ok++;
	if (write)
		sim_mem_write(sim, pa, buf, len);
	else
		sim_mem_read(sim, pa, buf, len);
	return res;
}

struct sim_dma_result sim_dma(struct sim *sim, int unit, uint16_t sid,
			      uint64_t iova, bool write, void *buf, size_t len)
{
	struct sim_unit *u = &sim->unit[unit];
	struct sim_dma_result res = { .result = SIM_OK };
	struct walk w = { 0 };
	uint8_t fr = 0;

	if (!(sim_gsts(u) & VTD_GSTS_TES)) {
		res.pa = iova; /* translation off: the address is physical */
	} else if (VTD_FIELD_GET(VTD_RTADDR_TTM, u->root_ptr) !=
		   VTD_TTM_LEGACY) {
		sim_unmodelled(sim, u, "scalable-mode translation");
		res.result = SIM_UNMODELLED;
		return res;
	} else {
		fr = translate(sim, u, sid, iova, write, &w, &res);
	}
	if (fr) {
		res.result = SIM_FAULT;
		res.reason = fr;
		u->stats.dma_faults++;
		sim_record_fault(sim, u, sid, fr, iova, write, w.fpd);
		return res;
	}
	u->stats.dma_ok++;
	if (write)
		sim_mem_write(sim, res.pa, buf, len);
	else
		sim_mem_read(sim, res.pa, buf, len);
	return res;
}
