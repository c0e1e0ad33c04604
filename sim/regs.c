// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regs.c - a unit's register page: each register declared once with its
 * reset value and which bits are writable, write-1-to-clear or
 * write-only; every software write goes through the same masks, then the
 * registers that act (GCMD, CCMD, IOTLB, IQT, fault records) act.
 */
#include <string.h>

#include "sim-internal.h"

#define GCMD_PERSISTENT                                             \
	(VTD_GCMD_TE | VTD_GCMD_IRE | VTD_GCMD_QIE | VTD_GCMD_CFI | \
	 VTD_GCMD_EAFL)
#define GCMD_ONESHOT \
	(VTD_GCMD_SRTP | VTD_GCMD_SIRTP | VTD_GCMD_WBF | VTD_GCMD_SFL)
#define QI_DESCS_PER_PAGE (VTD_PAGE_SIZE_4K / VTD_QI_DESC_SIZE)

static void put_mask(uint8_t *m, unsigned int off, unsigned int size,
		     uint64_t v)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		m[off + i] = (uint8_t)(v >> (8 * i));
}

static void define_reg(struct sim_unit *u, unsigned int off, unsigned int size,
		       uint64_t reset, uint64_t wmask, uint64_t w1c,
		       uint64_t wo)
{
	put_mask(u->reg, off, size, reset);
	put_mask(u->wmask, off, size, wmask);
	put_mask(u->w1cmask, off, size, w1c);
	put_mask(u->womask, off, size, wo);
}

static unsigned int iotlb_off(const struct sim_unit *u)
{
	return (unsigned int)vtd_ecap_iotlb_offset(u->cfg.ecap);
}

static unsigned int frcd_off(const struct sim_unit *u, unsigned int i)
{
	return (unsigned int)vtd_cap_fault_reg_offset(u->cfg.cap) +
	       i * VTD_FRCD_SIZE;
}

void sim_regs_reset(struct sim_unit *u)
{
	const uint64_t gcmd = GCMD_PERSISTENT | GCMD_ONESHOT;
	const uint64_t ccmd = VTD_CCMD_ICC | VTD_CCMD_CIRG | VTD_CCMD_FM |
			      VTD_CCMD_SID | VTD_CCMD_DID;
	const uint64_t iotlb = VTD_IOTLB_IVT | VTD_IOTLB_IIRG | VTD_IOTLB_DR |
			       VTD_IOTLB_DW | VTD_IOTLB_DID;
	const uint64_t fsts_w1c = VTD_FSTS_PFO | VTD_FSTS_AFO | VTD_FSTS_APF |
				  VTD_FSTS_IQE | VTD_FSTS_ICE | VTD_FSTS_ITE;
	unsigned int i;

	memset(u->reg, 0, sizeof(u->reg));
	memset(u->wmask, 0, sizeof(u->wmask));
	memset(u->w1cmask, 0, sizeof(u->w1cmask));
	memset(u->womask, 0, sizeof(u->womask));
	define_reg(u, VTD_REG_VER, 4, 0x10, 0, 0, 0);
	define_reg(u, VTD_REG_CAP, 8, u->cfg.cap, 0, 0, 0);
	define_reg(u, VTD_REG_ECAP, 8, u->cfg.ecap, 0, 0, 0);
	define_reg(u, VTD_REG_GCMD, 4, 0, gcmd, 0, gcmd);
	define_reg(u, VTD_REG_GSTS, 4, 0, 0, 0, 0);
	define_reg(u, VTD_REG_RTADDR, 8, 0, VTD_RTADDR_RTA | VTD_RTADDR_TTM, 0,
		   0);
	define_reg(u, VTD_REG_CCMD, 8, 0, ccmd, 0, 0);
	define_reg(u, VTD_REG_FSTS, 4, 0, 0, fsts_w1c, 0);
	define_reg(u, VTD_REG_FECTL, 4, VTD_FECTL_IM, VTD_FECTL_IM, 0, 0);
	define_reg(u, VTD_REG_FEDATA, 4, 0, UINT32_MAX, 0, 0);
	define_reg(u, VTD_REG_FEADDR, 4, 0, ~UINT32_C(3), 0, 0);
	define_reg(u, VTD_REG_FEUADDR, 4, 0, UINT32_MAX, 0, 0);
	define_reg(u, VTD_REG_IQH, 8, 0, 0, 0, 0);
	define_reg(u, VTD_REG_IQT, 8, 0, VTD_IQ_QH, 0, 0);
	define_reg(u, VTD_REG_IQA, 8, 0, VTD_IQA_IQA | VTD_IQA_DW | VTD_IQA_QS,
		   0, 0);
	define_reg(u, VTD_REG_ICS, 4, 0, 0, VTD_ICS_IWC, 0);
	define_reg(u, VTD_REG_IQERCD, 8, 0, 0, 0, 0);
	define_reg(u, VTD_REG_IECTL, 4, VTD_FECTL_IM, VTD_FECTL_IM, 0, 0);
	define_reg(u, VTD_REG_IRTA, 8, 0,
		   VTD_IRTA_IRTA | VTD_IRTA_EIME | VTD_IRTA_S, 0, 0);
	define_reg(u, iotlb_off(u), 8, 0,
		   VTD_IVA_ADDR | VTD_IVA_IH | VTD_IVA_AM, 0, 0);
	define_reg(u, iotlb_off(u) + VTD_REG_IOTLB_FROM_IVA, 8, 0, iotlb, 0, 0);
	for (i = 0; i < vtd_cap_num_fault_regs(u->cfg.cap); i++) {
		define_reg(u, frcd_off(u, i), 8, 0, 0, 0, 0);
		define_reg(u, frcd_off(u, i) + 8, 8, 0, 0, VTD_FRCD_HI_F, 0);
	}
	u->root_set = u->irta_set = false;
	u->fault_next = 0;
}

uint64_t sim_reg_get(const struct sim_unit *u, unsigned int off,
		     unsigned int size)
{
	return vtd_ld_le(u->reg + off, size);
}

void sim_reg_set(struct sim_unit *u, unsigned int off, unsigned int size,
		 uint64_t v)
{
	vtd_st_le(u->reg + off, size, v);
}

static void reg_update(struct sim_unit *u, unsigned int off, unsigned int size,
		       uint64_t clear, uint64_t set)
{
	sim_reg_set(u, off, size, (sim_reg_get(u, off, size) & ~clear) | set);
}

uint64_t sim_reg_read(const struct sim_unit *u, unsigned int off,
		      unsigned int size)
{
	return sim_reg_get(u, off, size) & ~vtd_ld_le(u->womask + off, size);
}

/* Does the write [off, off + size) touch the register at [reg, reg + n)? */
static bool touches(unsigned int off, unsigned int size, unsigned int reg,
		    unsigned int n)
{
	return off < reg + n && reg < off + size;
}

/* --- GCMD: one command at a time, status follows (10.4.4) --- */

static void flush_translation_caches(struct sim_unit *u)
{
	sim_ctx_cache_inval(u, VTD_INV_GLOBAL, 0, 0, 0);
	sim_pasid_cache_inval(u, VTD_QI_PC_GLOBAL, 0, 0);
	sim_iotlb_inval(u, VTD_INV_GLOBAL, 0, 0, 0);
}

static uint32_t set_root_pointer(struct sim_unit *u, uint32_t sts)
{
	u->root_ptr = sim_reg_get(u, VTD_REG_RTADDR, 8);
	u->root_set = true;
	/* Without ESRTPS, software must invalidate the caches itself. */
	if (u->cfg.cap & VTD_CAP_ESRTPS)
		flush_translation_caches(u);
	return sts | (uint32_t)VTD_GSTS_RTPS;
}

static uint32_t set_irt_pointer(struct sim *sim, struct sim_unit *u,
				uint32_t sts)
{
	u->irta_ptr = sim_reg_get(u, VTD_REG_IRTA, 8);
	u->irta_set = true;
	/* EIME is reserved on a unit without x2APIC support (10.4.29). */
	if ((u->irta_ptr & VTD_IRTA_EIME) && !(u->cfg.ecap & VTD_ECAP_EIM)) {
		sim_misprogrammed(sim, u,
				  "IRTA.EIME set on a unit without ECAP.EIM");
		u->irta_ptr &= ~VTD_IRTA_EIME;
	}
	if (u->cfg.cap & VTD_CAP_ESIRTPS)
		sim_iec_inval(u, true, 0, 0);
	return sts | (uint32_t)VTD_GSTS_IRTPS;
}

static uint32_t toggle_qi(struct sim *sim, struct sim_unit *u, uint32_t sts,
			  bool on)
{
	if (!on) {
		if (sim_reg_get(u, VTD_REG_IQH, 8) !=
		    sim_reg_get(u, VTD_REG_IQT, 8))
			sim_misprogrammed(
				sim, u,
				"queued invalidation disabled with descriptors pending");
		return sts & ~(uint32_t)VTD_GSTS_QIES;
	}
	if (!(u->cfg.ecap & VTD_ECAP_QI))
		sim_misprogrammed(
			sim, u,
			"queued invalidation enabled on a unit without it");
	sim_reg_set(u, VTD_REG_IQH, 8, 0);
	return sts | (uint32_t)VTD_GSTS_QIES;
}

static void gcmd_write(struct sim *sim, struct sim_unit *u, uint32_t cmd)
{
	uint32_t sts = sim_gsts(u);
	uint32_t changed = ((cmd ^ sts) & (uint32_t)GCMD_PERSISTENT) |
			   (cmd & (uint32_t)GCMD_ONESHOT);

	if (__builtin_popcount(changed) > 1)
		sim_misprogrammed(sim, u,
				  "more than one command in one GCMD write");
	if (changed & VTD_GCMD_SRTP)
		sts = set_root_pointer(u, sts);
	if (changed & VTD_GCMD_SIRTP)
		sts = set_irt_pointer(sim, u, sts);
	if (changed & VTD_GCMD_SFL)
		sts |= (uint32_t)VTD_GSTS_FLS;
	if (changed & VTD_GCMD_EAFL)
		sim_unmodelled(sim, u, "advanced fault logging");
	if (changed & VTD_GCMD_TE) {
		if ((cmd & VTD_GCMD_TE) && !u->root_set)
			sim_misprogrammed(
				sim, u,
				"translation enabled before a root table pointer was set");
		sts ^= (uint32_t)VTD_GSTS_TES;
	}
	if (changed & VTD_GCMD_IRE) {
		if ((cmd & VTD_GCMD_IRE) && !u->irta_set)
			sim_misprogrammed(
				sim, u,
				"interrupt remapping enabled before the table pointer was set");
		sts ^= (uint32_t)VTD_GSTS_IRES;
	}
	if (changed & VTD_GCMD_QIE)
		sts = toggle_qi(sim, u, sts, cmd & VTD_GCMD_QIE);
	if (changed & VTD_GCMD_CFI)
		sts ^= (uint32_t)VTD_GSTS_CFIS;
	sim_reg_set(u, VTD_REG_GSTS, 4, sts);
}

/* --- register-based invalidation (10.4.7, 10.4.8) --- */

/*
 * Not while queued invalidation is on (6.5.2), and not in scalable mode,
 * where the context-command and IOTLB registers are not used (6.5.1).
 */
static bool register_inval_allowed(struct sim *sim, struct sim_unit *u)
{
	if (sim_sm_mode(u)) {
		sim_misprogrammed(
			sim, u, "register-based invalidation in scalable mode");
		return false;
	}
	if (!(sim_gsts(u) & VTD_GSTS_QIES))
		return true;
	sim_misprogrammed(
		sim, u,
		"register-based invalidation while queued invalidation is on");
	return false;
}

static void ccmd_exec(struct sim *sim, struct sim_unit *u)
{
	uint64_t v = sim_reg_get(u, VTD_REG_CCMD, 8);
	int g = (int)VTD_FIELD_GET(VTD_CCMD_CIRG, v);

	if (!(v & VTD_CCMD_ICC))
		return;
	/*
	 * Hardware may carry out a request at a coarser granularity than
	 * asked and say so in CAIG (10.4.7): device-selective becomes
	 * domain-selective for the DID given, drawn like an eviction.
	 */
	if (g == VTD_INV_DEVICE && sim_evict_now(sim, u))
		g = VTD_INV_DOMAIN;
	if (register_inval_allowed(sim, u)) {
		if (!g)
			sim_misprogrammed(sim, u, "CCMD with granularity 0");
		sim_ctx_cache_inval(
			u, g, (uint16_t)VTD_FIELD_GET(VTD_CCMD_DID, v),
			(uint16_t)VTD_FIELD_GET(VTD_CCMD_SID, v),
			(unsigned int)VTD_FIELD_GET(VTD_CCMD_FM, v));
	}
	sim_wlog_clear(sim);
	v &= ~(VTD_CCMD_ICC | VTD_CCMD_CAIG);
	sim_reg_set(u, VTD_REG_CCMD, 8, v | VTD_FIELD_PREP(VTD_CCMD_CAIG, g));
}

static void iotlb_exec(struct sim *sim, struct sim_unit *u)
{
	unsigned int off = iotlb_off(u) + VTD_REG_IOTLB_FROM_IVA;
	uint64_t v = sim_reg_get(u, off, 8);
	uint64_t iva = sim_reg_get(u, iotlb_off(u), 8);
	int g = (int)VTD_FIELD_GET(VTD_IOTLB_IIRG, v);

	if (!(v & VTD_IOTLB_IVT))
		return;
	if (register_inval_allowed(sim, u)) {
		if (!g)
			sim_misprogrammed(sim, u, "IOTLB with granularity 0");
		sim_iotlb_inval(u, g, (uint16_t)VTD_FIELD_GET(VTD_IOTLB_DID, v),
				iva & VTD_IVA_ADDR,
				(unsigned int)VTD_FIELD_GET(VTD_IVA_AM, iva));
	}
	sim_wlog_clear(sim);
	v &= ~(VTD_IOTLB_IVT | VTD_IOTLB_IAIG);
	sim_reg_set(u, off, 8, v | VTD_FIELD_PREP(VTD_IOTLB_IAIG, g));
}

/* --- queued invalidation (6.5.2) --- */

/* The unit fetches no descriptor while either is Set (10.4.9). */
#define QI_STOPPED ((uint32_t)(VTD_FSTS_IQE | VTD_FSTS_ITE))

/*
 * The scalable-mode descriptors (6.5.2.2, 6.5.2.4): taken only by a
 * unit with ECAP.SMTS, and only at a granularity the spec defines.
 */
static bool qi_exec_pasid(struct sim_unit *u, uint64_t lo, uint64_t hi)
{
	int g;

	if (!(u->cfg.ecap & VTD_ECAP_SMTS))
		return false;
	if (VTD_FIELD_GET(VTD_QI_TYPE, lo) == VTD_QI_TYPE_PC) {
		g = (int)VTD_FIELD_GET(VTD_QI_PC_G, lo);
		if (g != VTD_QI_PC_DOMAIN && g != VTD_QI_PC_PASID_SEL &&
		    g != VTD_QI_PC_GLOBAL)
			return false;
		sim_pasid_cache_inval(
			u, g, (uint16_t)VTD_FIELD_GET(VTD_QI_PC_DID, lo),
			(uint32_t)VTD_FIELD_GET(VTD_QI_PC_PASID, lo));
		return true;
	}
	g = (int)VTD_FIELD_GET(VTD_QI_PIOTLB_G, lo);
	if (g != VTD_QI_PIOTLB_PASID_SEL && g != VTD_QI_PIOTLB_PAGE)
		return false;
	sim_piotlb_inval(u, g, (uint16_t)VTD_FIELD_GET(VTD_QI_PIOTLB_DID, lo),
			 (uint32_t)VTD_FIELD_GET(VTD_QI_PIOTLB_PASID, lo),
			 hi & VTD_QI_PIOTLB_HI_ADDR,
			 (unsigned int)VTD_FIELD_GET(VTD_QI_PIOTLB_HI_AM, hi));
	return true;
}

enum qi_outcome { QI_DONE, QI_INVALID, QI_TIMED_OUT };

/*
 * A device-TLB invalidation (6.5.2.5): refused when a reserved field is
 * set, the PFSID fields included on a unit without ECAP.DIT (there they
 * are reserved, 10.4.3); timed out when the function does not answer.
 */
static enum qi_outcome qi_dev_tlb(struct sim_unit *u, uint64_t lo,
				  uint64_t hi)
{
	uint64_t rsvd_lo = VTD_QI_DEVTLB_RSVD_LO;
	uint16_t sid = (uint16_t)VTD_FIELD_GET(VTD_QI_DEVTLB_SID, lo);
	unsigned int fn = u->fn[sid];

	if (!(u->cfg.ecap & VTD_ECAP_DIT))
		rsvd_lo |= VTD_QI_DEVTLB_PFSID_LO | VTD_QI_DEVTLB_PFSID_HI;
	if ((lo & rsvd_lo) || (hi & VTD_QI_DEVTLB_RSVD_HI))
		return QI_INVALID;
	if (!(fn & SIM_FN_ATS_ENABLED) ||
	    (fn & (SIM_FN_NO_ANSWER | SIM_FN_GONE))) {
		sim_reg_set(u, VTD_REG_IQERCD, 8,
			    VTD_FIELD_PREP(VTD_IQERCD_ITESID, sid));
		return QI_TIMED_OUT;
	}
	/* Every translation the device holds, whatever the range. */
	u->devtlb_gen[sid]++;
	return QI_DONE;
}

/* Carry out one descriptor. */
static enum qi_outcome qi_exec(struct sim *sim, struct sim_unit *u,
			       uint64_t lo, uint64_t hi)
{
	int g;

	if (lo & VTD_QI_TYPE_HI)
		return QI_INVALID; /* types past 15: page-request responses */
	switch (VTD_FIELD_GET(VTD_QI_TYPE, lo)) {
	case VTD_QI_TYPE_CC:
		g = (int)VTD_FIELD_GET(VTD_QI_CC_G, lo);
		/* As for CCMD: a coarser granularity than asked (6.5.2.2). */
		if (g == VTD_INV_DEVICE && sim_evict_now(sim, u))
			g = VTD_INV_DOMAIN;
		sim_ctx_cache_inval(
			u, g,
			(uint16_t)VTD_FIELD_GET(VTD_QI_CC_DID, lo),
			(uint16_t)VTD_FIELD_GET(VTD_QI_CC_SID, lo),
			(unsigned int)VTD_FIELD_GET(VTD_QI_CC_FM, lo));
		return QI_DONE;
	case VTD_QI_TYPE_IOTLB:
		sim_iotlb_inval(
			u, (int)VTD_FIELD_GET(VTD_QI_IOTLB_G, lo),
			(uint16_t)VTD_FIELD_GET(VTD_QI_IOTLB_DID, lo),
			hi & VTD_QI_IOTLB_HI_ADDR,
			(unsigned int)VTD_FIELD_GET(VTD_QI_IOTLB_HI_AM, hi));
		return QI_DONE;
	case VTD_QI_TYPE_DEV_TLB:
		return qi_dev_tlb(u, lo, hi);
	case VTD_QI_TYPE_IEC:
		sim_iec_inval(u, !(lo & VTD_QI_IEC_G),
			      (uint32_t)VTD_FIELD_GET(VTD_QI_IEC_IIDX, lo),
			      (unsigned int)VTD_FIELD_GET(VTD_QI_IEC_IM, lo));
		return QI_DONE;
	case VTD_QI_TYPE_WAIT:
		/* Fetches in flight complete before the wait does (6.5.2.8). */
		sim_wlog_clear(sim);
		if (lo & VTD_QI_WAIT_SW)
			sim_mem_write32(
				sim, hi & VTD_QI_WAIT_HI_SADDR,
				(uint32_t)VTD_FIELD_GET(VTD_QI_WAIT_SDATA, lo));
		if (lo & VTD_QI_WAIT_IF)
			reg_update(u, VTD_REG_ICS, 4, 0, VTD_ICS_IWC);
		return QI_DONE;
	case VTD_QI_TYPE_PIOTLB:
	case VTD_QI_TYPE_PC:
		return qi_exec_pasid(u, lo, hi) ? QI_DONE : QI_INVALID;
	case VTD_QI_TYPE_PDEV_TLB:
		/* The device keeps no per-PASID translations: all of them. */
		if (!(u->cfg.ecap & VTD_ECAP_SMTS))
			return QI_INVALID;
		u->devtlb_gen[VTD_FIELD_GET(VTD_QI_PDEVTLB_SID, lo)]++;
		return QI_DONE;
	default:
		return QI_INVALID;
	}
}

/*
 * The queue holds 128-bit slots, IQH and IQT count them (10.4.23-24);
 * with IQA.DW each descriptor takes two, its upper 128 bits reserved for
 * the types modelled here, and a tail between two is an error.  IQA.DW
 * needs a unit with scalable mode (ECAP.SMTS).
 */
static void qi_process(struct sim *sim, struct sim_unit *u)
{
	uint64_t iqa = sim_reg_get(u, VTD_REG_IQA, 8);
	uint64_t nr = QI_DESCS_PER_PAGE << VTD_FIELD_GET(VTD_IQA_QS, iqa);
	uint64_t head =
		VTD_FIELD_GET(VTD_IQ_QH, sim_reg_get(u, VTD_REG_IQH, 8));
	uint64_t tail =
		VTD_FIELD_GET(VTD_IQ_QH, sim_reg_get(u, VTD_REG_IQT, 8));
	unsigned int slots = iqa & VTD_IQA_DW ? 2 : 1;

	if (!(sim_gsts(u) & VTD_GSTS_QIES) ||
	    (sim_reg_get(u, VTD_REG_FSTS, 4) & QI_STOPPED))
		return;
	if ((iqa & VTD_IQA_DW) && !(u->cfg.ecap & VTD_ECAP_SMTS)) {
		sim_misprogrammed(sim, u,
				  "256-bit descriptors on a unit without "
				  "scalable mode");
		reg_update(u, VTD_REG_FSTS, 4, 0, VTD_FSTS_IQE);
		return;
	}
	if (tail >= nr || tail % slots) {
		reg_update(u, VTD_REG_FSTS, 4, 0, VTD_FSTS_IQE);
		return;
	}
	while (head != tail) {
		uint64_t pa = (iqa & VTD_IQA_IQA) + head * VTD_QI_DESC_SIZE;
		bool upper_clear =
			slots == 1 || !(sim_mem_read64(sim, pa + 16) |
					sim_mem_read64(sim, pa + 24));

		enum qi_outcome r = upper_clear ?
			qi_exec(sim, u, sim_mem_read64(sim, pa),
				sim_mem_read64(sim, pa + 8)) :
			QI_INVALID;

		if (r == QI_INVALID) {
			/* IQH stays at the descriptor refused (6.5.2.9). */
			reg_update(u, VTD_REG_FSTS, 4, 0, VTD_FSTS_IQE);
			break;
		}
		head = (head + slots) % nr;
		if (r == QI_TIMED_OUT) {
			/*
			 * The waits submitted with it are aborted, their
			 * status never written (6.5.2.10): none of what is
			 * queued completes.
			 */
			head = tail;
			reg_update(u, VTD_REG_FSTS, 4, 0, VTD_FSTS_ITE);
			break;
		}
	}
	sim_reg_set(u, VTD_REG_IQH, 8, VTD_FIELD_PREP(VTD_IQ_QH, head));
}

/* --- fault recording (7.2.1) --- */

static bool frcd_pending(const struct sim_unit *u, unsigned int i)
{
	return sim_reg_get(u, frcd_off(u, i) + 8, 8) & VTD_FRCD_HI_F;
}

/* FSTS.PPF says whether any record is pending, FRI points at the first. */
static void update_pending(struct sim_unit *u)
{
	unsigned int nfr = vtd_cap_num_fault_regs(u->cfg.cap);
	uint32_t fsts = (uint32_t)sim_reg_get(u, VTD_REG_FSTS, 4);
	unsigned int fri = (unsigned int)VTD_FIELD_GET(VTD_FSTS_FRI, fsts);
	unsigned int i;

	for (i = 0; i < nfr; i++) {
		unsigned int idx = (fri + i) % nfr;

		if (frcd_pending(u, idx)) {
			fsts &= ~(uint32_t)VTD_FSTS_FRI;
			fsts |= (uint32_t)(VTD_FIELD_PREP(VTD_FSTS_FRI, idx) |
					   VTD_FSTS_PPF);
			sim_reg_set(u, VTD_REG_FSTS, 4, fsts);
			return;
		}
	}
	sim_reg_set(u, VTD_REG_FSTS, 4, fsts & ~(uint32_t)VTD_FSTS_PPF);
}

void sim_record_fault(struct sim *sim, struct sim_unit *u, uint16_t sid,
		      uint8_t reason, uint64_t fi, bool write, bool fpd)
{
	unsigned int nfr = vtd_cap_num_fault_regs(u->cfg.cap);
	unsigned int off = frcd_off(u, u->fault_next);
	struct sim_event ev = {
		.type = vtd_fault_is_irq(reason) ? SIM_EV_IRQ_FAULT
						 : SIM_EV_DMA_FAULT,
		.unit = u->idx,
		.reason = reason,
		.sid = sid,
		.addr = fi,
		.write = write,
	};
	bool was_pending = sim_reg_get(u, VTD_REG_FSTS, 4) & VTD_FSTS_PPF;

	u->stats.fault_reasons[reason]++;
	sim_emit(sim, &ev);
	if (fpd) {
		u->stats.faults_suppressed++;
		ev.type = SIM_EV_FAULT_SUPPRESSED;
		sim_emit(sim, &ev);
		return;
	}
	if (frcd_pending(u, u->fault_next)) {
		u->stats.faults_dropped++;
		reg_update(u, VTD_REG_FSTS, 4, 0, VTD_FSTS_PFO);
		ev.type = SIM_EV_FAULT_DROPPED;
		sim_emit(sim, &ev);
		return;
	}
	if (vtd_fault_is_irq(reason))
		fi = VTD_FIELD_PREP(VTD_FRCD_LO_IR_INDEX, fi);
	else
		fi &= VTD_FRCD_LO_FI;
	sim_reg_set(u, off, 8, fi);
	sim_reg_set(u, off + 8, 8,
		    VTD_FRCD_HI_F | (write ? 0 : VTD_FRCD_HI_T1) |
			    VTD_FIELD_PREP(VTD_FRCD_HI_FR, reason) |
			    VTD_FIELD_PREP(VTD_FRCD_HI_SID, sid));
	u->stats.faults_recorded++;
	if (!was_pending)
		reg_update(u, VTD_REG_FSTS, 4, VTD_FSTS_FRI,
			   VTD_FIELD_PREP(VTD_FSTS_FRI, u->fault_next));
	u->fault_next = (u->fault_next + 1) % nfr;
	update_pending(u);
	reg_update(u, VTD_REG_FECTL, 4, 0, VTD_FECTL_IP);
}

/* --- the write path --- */

void sim_reg_write(struct sim *sim, struct sim_unit *u, unsigned int off,
		   unsigned int size, uint64_t v)
{
	unsigned int i, first_frcd = frcd_off(u, 0);
	unsigned int nfr = vtd_cap_num_fault_regs(u->cfg.cap);

	for (i = 0; i < size; i++) {
		uint8_t b = (uint8_t)(v >> (8 * i));
		uint8_t *r = &u->reg[off + i];

		*r = (uint8_t)((*r & ~u->wmask[off + i]) |
			       (b & u->wmask[off + i]));
		*r = (uint8_t)(*r & ~(b & u->w1cmask[off + i]));
	}

	if (touches(off, size, VTD_REG_GCMD, 4))
		gcmd_write(sim, u, (uint32_t)sim_reg_get(u, VTD_REG_GCMD, 4));
	if (touches(off, size, VTD_REG_CCMD, 8))
		ccmd_exec(sim, u);
	if (touches(off, size, iotlb_off(u) + VTD_REG_IOTLB_FROM_IVA, 8))
		iotlb_exec(sim, u);
	if (touches(off, size, VTD_REG_IQT, 8))
		qi_process(sim, u);
	if (touches(off, size, VTD_REG_FSTS, 4) &&
	    !(sim_reg_get(u, VTD_REG_FSTS, 4) & QI_STOPPED))
		qi_process(sim, u);
	if (touches(off, size, first_frcd, nfr * VTD_FRCD_SIZE))
		update_pending(u);
}
