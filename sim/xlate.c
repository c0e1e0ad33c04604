// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xlate.c - DMA remapping in legacy mode (3.4, 9.1-9.8): source-id ->
 * root entry -> context entry -> second-level page walk, with a context
 * cache and an IOTLB that keep answering from stale entries until the
 * invalidation that covers them arrives; the caches, the second-stage
 * walk and the request entry points are shared with scalable mode
 * (smxlate.c).
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
 *
 * A scalable-mode context entry has no domain id, and hardware ignores
 * the request's DID in scalable mode (6.5.2.1): device-selective requests
 * match by source-id alone, and a domain-selective one, having no domain
 * to select, is taken as covering every scalable entry.
 */
void sim_ctx_cache_inval(struct sim_unit *u, int granularity, uint16_t did,
			 uint16_t sid, unsigned int fm)
{
	/* FM masks 0, 1, 2 or 3 low bits of the function number (10.4.7). */
	uint16_t mask = (uint16_t) ~((1u << fm) - 1) | 0xfff8;
	uint32_t i;

	for (i = 0; i < SIM_NR_SIDS; i++) {
		struct sim_cached_entry *e = &u->ctx_cache[i];
		bool did_ok;

		if (!e->valid)
			continue;
		did_ok = e->sm || VTD_FIELD_GET(VTD_CTX_HI_DID, e->hi) == did;
		if (granularity == VTD_INV_GLOBAL ||
		    (granularity == VTD_INV_DOMAIN && did_ok) ||
		    (granularity == VTD_INV_DEVICE && did_ok &&
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

	if (c->valid && c->sm) {
		/* Left from scalable mode: SRTP needs a global flush (6.5.3). */
		sim_misprogrammed(sim, u,
				  "context cache holds an entry of the other "
				  "translation mode");
		c->valid = false;
	}
	if (c->valid && sim_evict_now(sim, u))
		c->valid = false;
	if (c->valid) {
		u->stats.ctx_cache_hits++;
		w->ctx_lo = c->lo;
		w->ctx_hi = c->hi;
		w->fpd = c->lo & VTD_CTX_LO_FPD;
		return 0;
	}
	fr = root_lookup(sim, u, vtd_sid_bus(sid), &ctp);
	if (fr)
		return fr;
	pa = ctp + (uint64_t)vtd_sid_devfn(sid) * VTD_CTX_ENTRY_SIZE;
	sim_fetch128(sim, u, pa,
		     (u->root_ptr & VTD_RTADDR_RTA) +
			     (uint64_t)vtd_sid_bus(sid) * VTD_ROOT_ENTRY_SIZE,
		     &w->ctx_lo, &w->ctx_hi);
	if (!(w->ctx_lo & VTD_CTX_LO_P))
		return VTD_FR_CTX_ENTRY_P;
	/* From here on the entry decides whether faults are reported. */
	w->fpd = w->ctx_lo & VTD_CTX_LO_FPD;
	fr = ctx_check(u, w->ctx_lo, w->ctx_hi);
	if (fr)
		return fr;
	c->valid = true;
	c->sm = false;
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

static struct sim_iotlb_entry *iotlb_find(struct sim_unit *u, uint8_t tag,
					  uint16_t did, uint32_t pasid,
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
			    e->vpn == vpn && e->tag == tag &&
			    (tag == SIM_IOTLB_DID || e->pasid == pasid))
				return e;
	}
	return NULL;
}

void sim_iotlb_insert(struct sim_unit *u, const struct sim_iotlb_entry *t)
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

struct sim_iotlb_entry *sim_iotlb_lookup(struct sim *sim, struct sim_unit *u,
					 uint8_t tag, uint16_t did,
					 uint32_t pasid, uint64_t iova)
{
	struct sim_iotlb_entry *e = iotlb_find(u, tag, did, pasid, iova);

	if (e && sim_evict_now(sim, u)) {
		iotlb_evict(u, e);
		e = NULL;
	}
	if (e)
		u->stats.iotlb_hits++;
	return e;
}

/* Does the entry cover any 4 KiB page of [addr, addr + 2^am pages)? */
static bool iotlb_in_range(const struct sim_iotlb_entry *e, uint64_t addr,
			   unsigned int am)
{
	uint64_t first = addr >> 12 & ~((UINT64_C(1) << am) - 1);
	uint64_t last = first + (UINT64_C(1) << am) - 1;
	uint64_t e_first = e->vpn << (e->shift - 12);
	uint64_t e_last = e_first + (UINT64_C(1) << (e->shift - 12)) - 1;

	return e_first <= last && first <= e_last;
}

/* Drop every entry @hit says yes to. */
static void iotlb_drop(struct sim_unit *u,
		       bool (*hit)(const struct sim_iotlb_entry *e,
				   const void *arg),
		       const void *arg)
{
	unsigned int b;

	for (b = 0; b < SIM_IOTLB_BUCKETS; b++) {
		struct sim_iotlb_entry **pp = &u->iotlb[b];

		while (*pp) {
			struct sim_iotlb_entry *e = *pp;

			if (hit(e, arg)) {
				*pp = e->next;
				free(e);
			} else {
				pp = &e->next;
			}
		}
	}
}

struct iotlb_req {
	int granularity;
	uint16_t did;
	uint32_t pasid;
	uint64_t addr;
	unsigned int am;
};

/*
 * IOTLB invalidation (10.4.8.1, 6.5.2.3): global takes everything,
 * domain-selective every entry of the domain whatever its tag (6.5.3.3
 * asks for it after a scalable context entry changes), page-selective
 * only the domain's entries tagged by domain id alone: first-stage and
 * pass-through translations are PASID-tagged and answer to PASID-based
 * invalidation for their pages (6.5.2.4).
 */
static bool iotlb_req_hits(const struct sim_iotlb_entry *e, const void *arg)
{
	const struct iotlb_req *r = arg;

	switch (r->granularity) {
	case VTD_INV_GLOBAL:
		return true;
	case VTD_INV_DOMAIN:
		return e->did == r->did;
	case VTD_INV_PAGE:
		return e->tag == SIM_IOTLB_DID && e->did == r->did &&
		       iotlb_in_range(e, r->addr, r->am);
	default:
		return false;
	}
}

void sim_iotlb_inval(struct sim_unit *u, int granularity, uint16_t did,
		     uint64_t addr, unsigned int am)
{
	struct iotlb_req r = {
		.granularity = granularity, .did = did, .addr = addr, .am = am
	};

	iotlb_drop(u, iotlb_req_hits, &r);
}

/* PASID-based IOTLB invalidation: PASID-tagged entries of @did/@pasid. */
static bool piotlb_req_hits(const struct sim_iotlb_entry *e, const void *arg)
{
	const struct iotlb_req *r = arg;

	if (e->tag != SIM_IOTLB_PASID || e->did != r->did ||
	    e->pasid != r->pasid)
		return false;
	return r->granularity == VTD_QI_PIOTLB_PASID_SEL ||
	       (r->granularity == VTD_QI_PIOTLB_PAGE &&
		iotlb_in_range(e, r->addr, r->am));
}

void sim_piotlb_inval(struct sim_unit *u, int granularity, uint16_t did,
		      uint32_t pasid, uint64_t addr, unsigned int am)
{
	struct iotlb_req r = { .granularity = granularity,
			       .did = did,
			       .pasid = pasid,
			       .addr = addr,
			       .am = am };

	iotlb_drop(u, piotlb_req_hits, &r);
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

unsigned int sim_ss_walk(struct sim *sim, struct sim_unit *u, uint64_t table,
			 unsigned int aw, uint64_t iova,
			 struct sim_iotlb_entry *out)
{
	unsigned int level = vtd_aw_levels(aw);
	bool r = true, wr = true;

	if (iova >> vtd_aw_bits(aw) || iova >> vtd_cap_mgaw(u->cfg.cap))
		return SIM_SS_BEYOND_AW;
	for (;; level--) {
		unsigned int shift =
			VTD_PAGE_SHIFT_4K + VTD_SLPT_LEVEL_STRIDE * (level - 1);
		uint64_t idx = (iova >> shift) & (VTD_SLPT_ENTRIES - 1);
		uint64_t pte = sim_mem_read64(sim, table + idx * 8);

		if (!(pte & (VTD_SLPTE_R | VTD_SLPTE_W)))
			return SIM_SS_NOT_PRESENT;
		/* Access rights are the AND over all levels (3.6.1). */
		r = r && (pte & VTD_SLPTE_R);
		wr = wr && (pte & VTD_SLPTE_W);
		if (level > 1 && (pte & VTD_SLPTE_PS)) {
			if (!superpage_ok(u, level))
				return SIM_SS_RSVD;
		} else if (level > 1) {
			table = pte & VTD_SLPTE_ADDR;
			continue;
		}
		out->shift = (uint8_t)shift;
		out->vpn = iova >> shift;
		out->pa = pte & VTD_SLPTE_ADDR & ~((UINT64_C(1) << shift) - 1);
		out->r = r;
		out->w = wr;
		out->user = true;
		return 0;
	}
}

/* A legacy-mode walk's outcome as a fault reason (7.1.3); 0xff: R or W. */
static uint8_t legacy_ss_fault(unsigned int ss)
{
	switch (ss) {
	case 0:
		return 0;
	case SIM_SS_BEYOND_AW:
		return VTD_FR_ADDR_BEYOND_MGAW;
	case SIM_SS_RSVD:
		return VTD_FR_PAGING_ENTRY_RSVD;
	default:
		return 0xff; /* not present: the request's kind names it */
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
	e = sim_iotlb_lookup(sim, u, SIM_IOTLB_DID, did, 0, iova);
	if (!e) {
		fr = legacy_ss_fault(sim_ss_walk(
			sim, u, w->ctx_lo & VTD_CTX_LO_SLPTPTR,
			(unsigned int)VTD_FIELD_GET(VTD_CTX_HI_AW, w->ctx_hi),
			iova, &t));
		if (fr == 0xff)
			return write ? VTD_FR_WRITE : VTD_FR_READ;
		if (fr)
			return fr;
		t.did = did;
		sim_iotlb_insert(u, &t);
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

void sim_set_fn(struct sim *sim, int unit, uint16_t sid, unsigned int flags)
{
	sim->unit[unit].fn[sid] = (uint8_t)flags;
}

unsigned int sim_fn(const struct sim *sim, int unit, uint16_t sid)
{
	return sim->unit[unit].fn[sid];
}

/* --- requests, in whichever mode the unit translates --- */

/* The walk of one request: legacy or scalable, and its FPD. */
struct xlate {
	struct walk legacy;
	struct sim_sm_walk sm;
	bool fpd;
};

/*
 * Can the unit translate at all in the mode its latched RTADDR.TTM
 * names (10.4.6)?  0 for legacy and for scalable mode on a unit with
 * ECAP.SMTS; SIM_FR_UNMODELLED for abort-DMA mode; else the reserved or
 * unsupported mode's fault.  Before any SRTP the legacy walk reports the
 * missing root table itself.
 */
static uint8_t ttm_check(const struct sim_unit *u)
{
	uint64_t ttm = VTD_FIELD_GET(VTD_RTADDR_TTM, u->root_ptr);

	if (!u->root_set || ttm == VTD_TTM_LEGACY || sim_sm_mode(u))
		return 0;
	if (ttm == VTD_TTM_ABORT_DMA)
		return SIM_FR_UNMODELLED;
	return VTD_FR_SM_RTADDR_INV;
}

static uint8_t translate_any(struct sim *sim, struct sim_unit *u, uint16_t sid,
			     uint64_t iova, bool write, struct xlate *x,
			     struct sim_dma_result *res)
{
	uint8_t fr = ttm_check(u);

	if (fr)
		return fr;
	if (!sim_sm_mode(u)) {
		fr = translate(sim, u, sid, iova, write, &x->legacy, res);
		x->fpd = x->legacy.fpd;
		return fr;
	}
	fr = sim_sm_translate(sim, u, sid, iova, write, &x->sm, res);
	x->fpd = x->sm.fpd;
	return fr;
}

/*
 * Does the unit take translation requests and translated requests from
 * @sid: legacy TT 01b, scalable DTE (4.2, 9.3, 9.4)?
 */
static uint8_t ats_allowed(struct sim *sim, struct sim_unit *u, uint16_t sid,
			   struct xlate *x)
{
	uint8_t fr = ttm_check(u);

	if (fr)
		return fr;
	if (sim_sm_mode(u)) {
		fr = sim_sm_ctx_lookup(sim, u, sid, &x->sm);
		x->fpd = x->sm.fpd;
		if (fr)
			return fr;
		return x->sm.ctx_lo & VTD_SM_CTX_LO_DTE ? 0 : VTD_FR_SM_CTX_DTE;
	}
	fr = ctx_lookup(sim, u, sid, &x->legacy);
	x->fpd = x->legacy.fpd;
	if (fr)
		return fr;
	return VTD_FIELD_GET(VTD_CTX_LO_TT, x->legacy.ctx_lo) == VTD_TT_ALL
		       ? 0
		       : VTD_FR_CTX_ENTRY_TT;
}

/* A fault, recorded; or the unit's mode not modelled, counted. */
static struct sim_dma_result dma_fault(struct sim *sim, struct sim_unit *u,
				       uint16_t sid, uint8_t fr, uint64_t addr,
				       bool write, bool fpd)
{
	struct sim_dma_result res = { .result = SIM_FAULT, .reason = fr };

	if (fr == SIM_FR_UNMODELLED) {
		sim_unmodelled(sim, u, "abort-DMA mode");
		res.result = SIM_UNMODELLED;
		res.reason = 0;
		return res;
	}
	u->stats.dma_faults++;
	sim_record_fault(sim, u, sid, fr, addr, write, fpd);
	return res;
}

struct sim_dma_result sim_ats_translate(struct sim *sim, int unit,
					uint16_t sid, uint64_t iova, bool write)
{
	struct sim_unit *u = &sim->unit[unit];
	struct sim_dma_result res = { .result = SIM_OK, .pa = iova };
	struct xlate x = { 0 };
	uint8_t fr;

	if (!(sim_gsts(u) & VTD_GSTS_TES))
		return res;
	fr = ats_allowed(sim, u, sid, &x);
	if (!fr)
		fr = translate_any(sim, u, sid, iova, write, &x, &res);
	if (fr)
		return dma_fault(sim, u, sid, fr, iova, write, x.fpd);
	return res;
}

struct sim_dma_result sim_dma_translated(struct sim *sim, int unit,
					 uint16_t sid, uint64_t pa, bool write,
					 void *buf, size_t len)
{
	struct sim_unit *u = &sim->unit[unit];
	struct sim_dma_result res = { .result = SIM_OK, .pa = pa };
	struct xlate x = { 0 };
	uint8_t fr;

	if (sim_gsts(u) & VTD_GSTS_TES) {
		fr = ats_allowed(sim, u, sid, &x);
		if (fr)
			return dma_fault(sim, u, sid, fr, pa, write, x.fpd);
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
	struct xlate x = { 0 };
	uint8_t fr = 0;

	if (!(sim_gsts(u) & VTD_GSTS_TES))
		res.pa = iova; /* translation off: the address is physical */
	else
		fr = translate_any(sim, u, sid, iova, write, &x, &res);
	if (fr)
		return dma_fault(sim, u, sid, fr, iova, write, x.fpd);
	u->stats.dma_ok++;
	if (write)
		sim_mem_write(sim, res.pa, buf, len);
	else
		sim_mem_read(sim, res.pa, buf, len);
	return res;
}
