// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * smxlate.c - DMA remapping in scalable mode (VT-d 3.x/4.x: 3.4, 9.2,
 * 9.4-9.8) for requests without PASID: source-id -> the root entry's
 * lower or upper half -> scalable context entry -> PASID directory ->
 * PASID-table entry of the context's RID_PASID -> first-stage (IA-32e, 4
 * or 5 levels) or second-stage table, or pass-through.
 *
 * As in legacy mode (xlate.c) each step returns 0 or the architectural
 * fault reason, only present entries are cached, and every cache (the
 * context cache, a PASID cache tagged by domain id and PASID, the IOTLB
 * tagged by domain id, and PASID for first-stage and pass-through
 * translations) answers from stale entries until the invalidation that
 * covers it, or until it drops them on its own (sim_evict_now).  Context
 * and PASID-table entries are fetched in 64-bit parts (sim_fetch_words):
 * the spec promises no atomic read of them, and asks software to clear a
 * present PASID-table entry's P before changing it (6.5.3.3).
 */
#include <stdlib.h>

#include "sim-internal.h"

bool sim_sm_mode(const struct sim_unit *u)
{
	return u->root_set &&
	       VTD_FIELD_GET(VTD_RTADDR_TTM, u->root_ptr) == VTD_TTM_SCALABLE &&
	       (u->cfg.ecap & VTD_ECAP_SMTS);
}

/* --- root and context entries --- */

/*
 * The root entry's half for the devfn (9.2): lower (LP, LCTP) for devfn
 * 0-127, upper (UP, UCTP) for 128-255; each half is laid out alike.
 */
static uint8_t sm_root_lookup(struct sim *sim, const struct sim_unit *u,
			      uint16_t sid, uint64_t *ctp, uint64_t *half_pa)
{
	unsigned int devfn = vtd_sid_devfn(sid);
	uint64_t pa = (u->root_ptr & VTD_RTADDR_RTA) +
		      (uint64_t)vtd_sid_bus(sid) * VTD_ROOT_ENTRY_SIZE +
		      (devfn >= VTD_SM_CTX_ENTRIES ? 8 : 0);
	uint64_t half = sim_mem_read64(sim, pa);

	if (!(half & VTD_ROOT_LO_P))
		return VTD_FR_SM_ROOT_ENTRY_P;
	if (half & VTD_ROOT_LO_RSVD)
		return VTD_FR_SM_ROOT_ENTRY_RSVD;
	*ctp = half & VTD_ROOT_LO_CTP;
	*half_pa = pa;
	return 0;
}

/*
 * Is the scalable context entry one this unit can use (9.4)?  A field for
 * a feature the unit does not report is reserved, as the spec says of
 * each: DTE without ECAP.DT, PASIDE without ECAP.PASID, PRE without
 * ECAP.PRS, RID_PRIV without ECAP.SRS.
 */
static uint8_t sm_ctx_check(const struct sim_unit *u, const uint64_t *v)
{
	uint64_t ecap = u->cfg.ecap;

	if ((v[0] & VTD_SM_CTX_LO_RSVD) || (v[1] & VTD_SM_CTX_HI_RSVD) ||
	    v[2] || v[3])
		return VTD_FR_SM_CTX_ENTRY_RSVD;
	if (((v[0] & VTD_SM_CTX_LO_DTE) && !(ecap & VTD_ECAP_DT)) ||
	    ((v[0] & VTD_SM_CTX_LO_PASIDE) && !(ecap & VTD_ECAP_PASID)) ||
	    ((v[0] & VTD_SM_CTX_LO_PRE) && !(ecap & VTD_ECAP_PRS)) ||
	    ((v[1] & VTD_SM_CTX_HI_RID_PRIV) && !(ecap & VTD_ECAP_SRS)))
		return VTD_FR_SM_CTX_ENTRY_RSVD;
	return 0;
}

uint8_t sim_sm_ctx_lookup(struct sim *sim, struct sim_unit *u, uint16_t sid,
			  struct sim_sm_walk *w)
{
	struct sim_cached_entry *c = &u->ctx_cache[sid];
	uint64_t ctp, half_pa, v[VTD_SM_CTX_WORDS];
	uint8_t fr;

	if (c->valid && !c->sm) {
		/* Left from legacy mode: SRTP needs a global flush (6.5.3). */
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
		w->fpd = c->lo & VTD_SM_CTX_LO_FPD;
		return 0;
	}
	fr = sm_root_lookup(sim, u, sid, &ctp, &half_pa);
	if (fr)
		return fr;
	sim_fetch_words(sim, u,
			ctp + (uint64_t)(sid & (VTD_SM_CTX_ENTRIES - 1)) *
					VTD_SM_CTX_ENTRY_SIZE,
			VTD_SM_CTX_WORDS, half_pa, v);
	if (!(v[0] & VTD_SM_CTX_LO_P))
		return VTD_FR_SM_CTX_ENTRY_P;
	/* From here on the entries decide whether faults are reported. */
	w->fpd = v[0] & VTD_SM_CTX_LO_FPD;
	fr = sm_ctx_check(u, v);
	if (fr)
		return fr;
	w->ctx_lo = v[0];
	w->ctx_hi = v[1];
	c->valid = true;
	c->sm = true;
	c->lo = v[0];
	c->hi = v[1];
	return 0;
}

/* --- the PASID cache --- */

static unsigned int pc_bucket(uint16_t sid, uint32_t pasid)
{
	uint64_t h =
		((uint64_t)sid << 20 ^ pasid) * UINT64_C(0x9e3779b97f4a7c15);

	return (unsigned int)(h >> 54) & (SIM_PASID_CACHE_BUCKETS - 1);
}

static struct sim_pasid_cache_entry *pc_find(struct sim_unit *u, uint16_t sid,
					     uint32_t pasid)
{
	struct sim_pasid_cache_entry *e = u->pasid_cache[pc_bucket(sid, pasid)];

	for (; e; e = e->next)
		if (e->sid == sid && e->pasid == pasid)
			return e;
	return NULL;
}

static void pc_remove(struct sim_unit *u, struct sim_pasid_cache_entry *gone)
{
	struct sim_pasid_cache_entry **pp =
		&u->pasid_cache[pc_bucket(gone->sid, gone->pasid)];

	for (; *pp; pp = &(*pp)->next)
		if (*pp == gone) {
			*pp = gone->next;
			free(gone);
			return;
		}
}

static void pc_insert(struct sim_unit *u, uint16_t sid, uint32_t pasid,
		      bool pde_fpd, const uint64_t *val)
{
	struct sim_pasid_cache_entry *e = calloc(1, sizeof(*e));
	unsigned int b = pc_bucket(sid, pasid), i;

	if (!e)
		return; /* a cache may always miss */
	e->sid = sid;
	e->pasid = pasid;
	e->did = (uint16_t)VTD_FIELD_GET(VTD_PASID_HI_DID, val[1]);
	e->pde_fpd = pde_fpd;
	for (i = 0; i < VTD_PASID_ENTRY_WORDS; i++)
		e->val[i] = val[i];
	e->next = u->pasid_cache[b];
	u->pasid_cache[b] = e;
}

/*
 * PASID-cache invalidation (6.5.2.2): global, every PASID of a domain,
 * or one PASID of a domain.  The domain is the one programmed in the
 * cached PASID-table entry.
 */
void sim_pasid_cache_inval(struct sim_unit *u, int granularity, uint16_t did,
			   uint32_t pasid)
{
	unsigned int b;

	for (b = 0; b < SIM_PASID_CACHE_BUCKETS; b++) {
		struct sim_pasid_cache_entry **pp = &u->pasid_cache[b];

		while (*pp) {
			struct sim_pasid_cache_entry *e = *pp;
			bool hit = granularity == VTD_QI_PC_GLOBAL ||
				   (granularity == VTD_QI_PC_DOMAIN &&
				    e->did == did) ||
				   (granularity == VTD_QI_PC_PASID_SEL &&
				    e->did == did && e->pasid == pasid);

			if (hit) {
				*pp = e->next;
				free(e);
			} else {
				pp = &e->next;
			}
		}
	}
}

void sim_pasid_cache_free(struct sim_unit *u)
{
	sim_pasid_cache_inval(u, VTD_QI_PC_GLOBAL, 0, 0);
}

/* --- PASID directory and table --- */

/*
 * Requests without PASID take the context entry's RID_PASID (9.4): it
 * must be a PASID the unit supports (ECAP.PSS + 1 bits) whose directory
 * entry lies inside the directory's 2^(PDTS + 7) entries.
 */
static uint8_t rid_pasid_check(const struct sim_unit *u, uint64_t lo,
			       uint32_t pasid)
{
	unsigned int bits =
		(unsigned int)VTD_FIELD_GET(VTD_ECAP_PSS, u->cfg.ecap) + 1;

	if (pasid >> bits ||
	    pasid >> VTD_PASID_DIR_SHIFT >= vtd_sm_ctx_pasid_dir_entries(lo))
		return VTD_FR_SM_CTX_RID_PASID;
	return 0;
}

/*
 * Is the PASID-table entry one this unit can use (9.6)?  Reserved bits
 * (and, as for context entries, the bits of features the unit lacks)
 * first; then the programming itself: a translation type the unit
 * supports, a domain id it has, an address width its second stage walks,
 * a first-stage paging mode it walks.
 */
static uint8_t pasid_entry_check(const struct sim_unit *u, const uint64_t *v)
{
	uint64_t cap = u->cfg.cap, ecap = u->cfg.ecap;
	unsigned int pgtt =
		(unsigned int)VTD_FIELD_GET(VTD_PASID_LO_PGTT, v[0]);
	unsigned int aw = (unsigned int)VTD_FIELD_GET(VTD_PASID_LO_AW, v[0]);
	unsigned int fspm =
		(unsigned int)VTD_FIELD_GET(VTD_PASID_W2_FSPM, v[2]);
	bool ss = pgtt == VTD_PGTT_SS || pgtt == VTD_PGTT_NESTED;
	bool fs = pgtt == VTD_PGTT_FS || pgtt == VTD_PGTT_NESTED;
	unsigned int i;

	for (i = 3; i < VTD_PASID_ENTRY_WORDS; i++)
		if (v[i])
			return VTD_FR_SM_PASID_ENTRY_RSVD;
	if ((v[0] & VTD_PASID_LO_RSVD) || (v[1] & VTD_PASID_HI_RSVD) ||
	    (v[2] & VTD_PASID_W2_RSVD) ||
	    ((v[0] & VTD_PASID_LO_SSADE) && !(ecap & VTD_ECAP_SLADS)) ||
	    ((v[1] & VTD_PASID_HI_PWSNP) && !(ecap & VTD_ECAP_SMPWCS)) ||
	    ((v[2] & VTD_PASID_W2_SRE) && !(ecap & VTD_ECAP_SRS)) ||
	    ((v[2] & VTD_PASID_W2_EAFE) && !(ecap & VTD_ECAP_EAFS)))
		return VTD_FR_SM_PASID_ENTRY_RSVD;
	if ((pgtt == VTD_PGTT_FS && !(ecap & VTD_ECAP_FLTS)) ||
	    (pgtt == VTD_PGTT_SS && !(ecap & VTD_ECAP_SLTS)) ||
	    (pgtt == VTD_PGTT_NESTED && !(ecap & VTD_ECAP_NEST)) ||
	    (pgtt == VTD_PGTT_PT && !(ecap & VTD_ECAP_PT)) ||
	    pgtt < VTD_PGTT_FS || pgtt > VTD_PGTT_PT)
		return VTD_FR_SM_PASID_ENTRY_INV;
	if (VTD_FIELD_GET(VTD_PASID_HI_DID, v[1]) >= vtd_cap_ndoms(cap))
		return VTD_FR_SM_PASID_ENTRY_INV;
	if (ss && !(VTD_FIELD_GET(VTD_CAP_SAGAW, cap) & (1u << aw)))
		return VTD_FR_SM_PASID_ENTRY_INV;
	if (fs && (fspm > VTD_FSPM_5LEVEL ||
		   (fspm == VTD_FSPM_5LEVEL && !(cap & VTD_CAP_FL5LP))))
		return VTD_FR_SM_PASID_ENTRY_INV;
	return 0;
}

/* The RID_PASID entry of the walk's context, from the cache or memory. */
static uint8_t pasid_lookup(struct sim *sim, struct sim_unit *u, uint16_t sid,
			    struct sim_sm_walk *w)
{
	uint32_t pasid =
		(uint32_t)VTD_FIELD_GET(VTD_SM_CTX_HI_RID_PASID, w->ctx_hi);
	struct sim_pasid_cache_entry *c = pc_find(u, sid, pasid);
	uint64_t pde_pa, pde;
	unsigned int i;
	uint8_t fr;

	if (c && sim_evict_now(sim, u)) {
		pc_remove(u, c);
		c = NULL;
	}
	if (c) {
		u->stats.pasid_cache_hits++;
		for (i = 0; i < VTD_PASID_ENTRY_WORDS; i++)
			w->pe[i] = c->val[i];
		w->fpd = w->fpd || c->pde_fpd || (c->val[0] & VTD_PASID_LO_FPD);
		return 0;
	}
	fr = rid_pasid_check(u, w->ctx_lo, pasid);
	if (fr)
		return fr;
	pde_pa = (w->ctx_lo & VTD_SM_CTX_LO_PASIDDIRPTR) +
		 (uint64_t)(pasid >> VTD_PASID_DIR_SHIFT) * VTD_PDE_SIZE;
	pde = sim_mem_read64(sim, pde_pa);
	if (!(pde & VTD_PDE_P))
		return VTD_FR_SM_PDE_P;
	w->fpd = w->fpd || (pde & VTD_PDE_FPD);
	if (pde & VTD_PDE_RSVD)
		return VTD_FR_SM_PDE_RSVD;
	sim_fetch_words(sim, u,
			(pde & VTD_PDE_PTPTR) +
				(uint64_t)(pasid % VTD_PASID_TABLE_ENTRIES) *
					VTD_PASID_ENTRY_SIZE,
			VTD_PASID_ENTRY_WORDS, pde_pa, w->pe);
	if (!(w->pe[0] & VTD_PASID_LO_P))
		return VTD_FR_SM_PASID_ENTRY_P;
	w->fpd = w->fpd || (w->pe[0] & VTD_PASID_LO_FPD);
	fr = pasid_entry_check(u, w->pe);
	if (fr)
		return fr;
	pc_insert(u, sid, pasid, pde & VTD_PDE_FPD, w->pe);
	return 0;
}

/* --- first-stage walk (3.5, 9.7) --- */

/*
 * Reserved bits of a present first-stage entry at @level: XD unless the
 * PASID entry enables no-execute, PS where there is no large page (levels
 * 4 and 5; level 3 without CAP.FL1GP), and a large page's address bits
 * below its size.  At level 1 bit 7 is PAT, not PS.
 */
static bool fs_rsvd(const struct sim_unit *u, const uint64_t *pe, uint64_t pte,
		    unsigned int level)
{
	if ((pte & VTD_FSPTE_XD) && !(pe[2] & VTD_PASID_W2_NXE))
		return true;
	if (level == 1 || !(pte & VTD_FSPTE_PS))
		return false;
	if (level >= 4)
		return true;
	if (level == 3)
		return !(u->cfg.cap & VTD_CAP_FL1GP) ||
		       (pte & VTD_FSPTE_1G_RSVD);
	return pte & VTD_FSPTE_2M_RSVD;
}

/* A second-stage walk's outcome as a scalable-mode fault reason. */
static uint8_t sm_ss_fault(unsigned int ss)
{
	switch (ss) {
	case 0:
		return 0;
	case SIM_SS_BEYOND_AW:
		return VTD_FR_SM_ADDR_BEYOND_AW;
	case SIM_SS_RSVD:
		return VTD_FR_SM_SS_ENTRY_RSVD;
	default:
		return VTD_FR_SM_SS_ENTRY_P;
	}
}

/*
 * Nested translation (3.8): a guest-physical address @gpa through the
 * second stage of the PASID entry @pe (SSPTPTR and AW of its word 0).
 * Returns 0 or a SIM_SS_* outcome.
 */
static unsigned int nested_ss(struct sim *sim, struct sim_unit *u,
			      const uint64_t *pe, uint64_t gpa,
			      struct sim_iotlb_entry *t)
{
	return sim_ss_walk(sim, u, pe[0] & VTD_PASID_LO_SSPTPTR,
			   (unsigned int)VTD_FIELD_GET(VTD_PASID_LO_AW, pe[0]),
			   gpa, t);
}

/*
 * Where a nested walk reads the first-stage entry at guest-physical
 * @gpa (in the table FSPTPTR names when @top): the second stage must map
 * it readable, or the walk faults with the nested reasons of chapter 7's
 * scalable-mode table (74h past its width, 75h for the top table, 76h
 * for a lower one).
 */
static uint8_t nested_table_entry(struct sim *sim, struct sim_unit *u,
				  const uint64_t *pe, uint64_t gpa, bool top,
				  uint64_t *hpa)
{
	struct sim_iotlb_entry t = { 0 };
	unsigned int ss = nested_ss(sim, u, pe, gpa, &t);

	if (ss == SIM_SS_BEYOND_AW)
		return VTD_FR_SM_NESTED_FS_BEYOND_AW;
	if (ss == SIM_SS_RSVD)
		return VTD_FR_SM_SS_ENTRY_RSVD;
	if (ss || !t.r)
		return top ? VTD_FR_SM_NESTED_TOP_FS_SS :
			     VTD_FR_SM_NESTED_FS_SS;
	*hpa = t.pa + (gpa & ((UINT64_C(1) << t.shift) - 1));
	return 0;
}

/*
 * The output of a nested walk: the first stage's page @out (guest-
 * physical) through the second stage, faulting as a second-stage walk
 * does; the page is the smaller of the two.
 */
static uint8_t nested_output(struct sim *sim, struct sim_unit *u,
			     const uint64_t *pe, uint64_t iova,
			     struct sim_iotlb_entry *out)
{
	uint64_t gpa = out->pa + (iova & ((UINT64_C(1) << out->shift) - 1));
	struct sim_iotlb_entry t = { 0 };
	uint8_t fr = sm_ss_fault(nested_ss(sim, u, pe, gpa, &t));

	if (fr)
		return fr;
	if (t.shift < out->shift)
		out->shift = t.shift;
	out->vpn = iova >> out->shift;
	out->pa = (t.pa + (gpa & ((UINT64_C(1) << t.shift) - 1))) &
		  ~((UINT64_C(1) << out->shift) - 1);
	out->r = t.r;
	out->w = out->w && t.w;
	return 0;
}

/*
 * The first-stage walk (3.7); with @nested, every table address and the
 * output are guest-physical and go through the second stage (3.8): the
 * result's page is the smaller of the two stages', writable only if both
 * allow it.
 */
static uint8_t fs_walk(struct sim *sim, struct sim_unit *u,
		       const uint64_t *pe, uint64_t iova, bool nested,
		       struct sim_iotlb_entry *out)
{
	unsigned int level = vtd_fspm_levels(
		(unsigned int)VTD_FIELD_GET(VTD_PASID_W2_FSPM, pe[2]));
	unsigned int width = VTD_PAGE_SHIFT_4K + VTD_SLPT_LEVEL_STRIDE * level;
	uint64_t table = pe[2] & VTD_PASID_W2_FSPTPTR;
	const unsigned int top = level;
	bool wr = true, user = true;

	/* Canonical: bits 63:width-1 all equal (48- or 57-bit input). */
	if ((uint64_t)((int64_t)(iova << (64 - width)) >> (64 - width)) != iova)
		return VTD_FR_SM_NON_CANONICAL;
	for (;; level--) {
		unsigned int shift =
			VTD_PAGE_SHIFT_4K + VTD_SLPT_LEVEL_STRIDE * (level - 1);
		uint64_t idx = (iova >> shift) & (VTD_SLPT_ENTRIES - 1);
		uint64_t at = table + idx * 8, pte;
		uint8_t fr;

		if (nested) {
			fr = nested_table_entry(sim, u, pe, at, level == top,
						&at);
			if (fr)
				return fr;
		}
		pte = sim_mem_read64(sim, at);
		if (!(pte & VTD_FSPTE_P))
			return VTD_FR_SM_FS_ENTRY_P;
		if (fs_rsvd(u, pe, pte, level))
			return VTD_FR_SM_FS_ENTRY_RSVD;
		/* Rights are the AND over all levels, as on the CPU. */
		wr = wr && (pte & VTD_FSPTE_RW);
		user = user && (pte & VTD_FSPTE_US);
		if (level > 1 && !(pte & VTD_FSPTE_PS)) {
			table = pte & VTD_FSPTE_ADDR;
			continue;
		}
		out->shift = (uint8_t)shift;
		out->vpn = iova >> shift;
		out->pa = pte & VTD_FSPTE_ADDR & ~((UINT64_C(1) << shift) - 1);
		out->r = true;
		out->w = wr;
		out->user = user;
		return nested ? nested_output(sim, u, pe, iova, out) : 0;
	}
}

/* --- the request --- */

/* Is @pa inside the interrupt address range 0xfeexxxxx (3.14)? */
static bool interrupt_addr(uint64_t pa)
{
	return (pa & ~(uint64_t)(VTD_MSI_ADDR_RANGE_SIZE - 1)) ==
	       VTD_MSI_ADDR_BASE;
}

uint8_t sim_sm_translate(struct sim *sim, struct sim_unit *u, uint16_t sid,
			 uint64_t iova, bool write, struct sim_sm_walk *w,
			 struct sim_dma_result *res)
{
	struct sim_iotlb_entry t = { 0 }, *e;
	unsigned int pgtt;
	uint32_t pasid;
	uint16_t did;
	uint8_t fr, tag;

	fr = sim_sm_ctx_lookup(sim, u, sid, w);
	if (!fr)
		fr = pasid_lookup(sim, u, sid, w);
	if (fr)
		return fr;
	pgtt = (unsigned int)VTD_FIELD_GET(VTD_PASID_LO_PGTT, w->pe[0]);
	did = (uint16_t)VTD_FIELD_GET(VTD_PASID_HI_DID, w->pe[1]);
	pasid = (uint32_t)VTD_FIELD_GET(VTD_SM_CTX_HI_RID_PASID, w->ctx_hi);
	tag = pgtt == VTD_PGTT_SS ? SIM_IOTLB_DID : SIM_IOTLB_PASID;
	e = sim_iotlb_lookup(sim, u, tag, did, pasid, iova);
	if (!e) {
		if (pgtt == VTD_PGTT_FS || pgtt == VTD_PGTT_NESTED) {
			fr = fs_walk(sim, u, w->pe, iova,
				     pgtt == VTD_PGTT_NESTED, &t);
		} else if (pgtt == VTD_PGTT_SS) {
			fr = sm_ss_fault(sim_ss_walk(
				sim, u, w->pe[0] & VTD_PASID_LO_SSPTPTR,
				(unsigned int)VTD_FIELD_GET(VTD_PASID_LO_AW,
							    w->pe[0]),
				iova, &t));
		} else { /* pass-through: cached like a translation */
			t.shift = VTD_PAGE_SHIFT_4K;
			t.vpn = iova >> VTD_PAGE_SHIFT_4K;
			t.pa = t.vpn << VTD_PAGE_SHIFT_4K;
			t.r = t.w = t.user = true;
		}
		if (fr)
			return fr;
		t.did = did;
		t.tag = tag;
		t.pasid = tag == SIM_IOTLB_PASID ? pasid : 0;
		sim_iotlb_insert(u, &t);
		e = &t;
	}
	if (!e->user)
		return VTD_FR_SM_US;
	if (write ? !e->w : !e->r)
		return write ? VTD_FR_SM_WRITE : VTD_FR_SM_READ;
	res->pa = e->pa + (iova & ((UINT64_C(1) << e->shift) - 1));
	if (pgtt == VTD_PGTT_PT)
		return 0;
	if (interrupt_addr(res->pa))
		return VTD_FR_SM_INTERRUPT_ADDR;
	res->translated = true;
	return 0;
}
