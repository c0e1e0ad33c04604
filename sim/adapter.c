// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * adapter.c - the VT-d model as the platform of the snapshot and adoption
 * cores (see adapter.h).
 */
#include <errno.h>
#include <stdlib.h>

#include <kexec-vtd/vtd-hw.h>

#include "adapter.h"
#include "iommu.h"

#define POLL_LIMIT 100000

void sim_adapter_init(struct sim_adapter *ad, struct sim *sim)
{
	*ad = (struct sim_adapter){ .sim = sim, .pages_left = -1 };
}

/* --- reads: the snapshot's and the crash core's --- */

static uint32_t ad_read32(void *ctx, uint64_t addr)
{
	struct sim_adapter *ad = ctx;

	return ad->quiet ? sim_mmio_read32(ad->sim, addr) :
			   sim_cut_mmio_read32(ad->sim, addr);
}

static uint64_t ad_read64(void *ctx, uint64_t addr)
{
	struct sim_adapter *ad = ctx;

	return ad->quiet ? sim_mmio_read64(ad->sim, addr) :
			   sim_cut_mmio_read64(ad->sim, addr);
}

/* The loader's memory map: outside it, the snapshot skips the table. */
static const void *ad_map_page(void *ctx, uint64_t pa)
{
	struct sim_adapter *ad = ctx;

	if (pa % VTD_PAGE_SIZE_4K ||
	    ((ad->ram_lo || ad->ram_hi) &&
	     (pa < ad->ram_lo || pa >= ad->ram_hi)))
		return NULL;
	return ad->quiet ? sim_mem_map_page(ad->sim, pa) :
			   sim_cut_mem_map_page(ad->sim, pa);
}

static uint64_t ad_tsc(void *ctx)
{
	return ((struct sim_adapter *)ctx)->tsc += 1000;
}

static void ad_unit_done(void *ctx, const struct vtd_snap_result *r)
{
	((struct sim_adapter *)ctx)->units_done++;
}

const struct vtd_snap_ops sim_adapter_snap_ops = {
	.read32 = ad_read32,
	.read64 = ad_read64,
	.map_page = ad_map_page,
	.tsc = ad_tsc,
	.unit_done = ad_unit_done,
};

static int ad_read_phys(void *ctx, uint64_t pa, void *buf, size_t len)
{
	sim_mem_read(((struct sim_adapter *)ctx)->sim, pa, buf, len);
	return 0;
}

/* The crash core's view of a page of old memory (no device step). */
static const void *ad_map_old_page(void *ctx, uint64_t pa)
{
	struct sim_adapter *ad = ctx;

	if (pa % VTD_PAGE_SIZE_4K)
		return NULL;
	return sim_mem_map_page(ad->sim, pa);
}

static void ad_unmap_old_page(void *ctx, const void *page)
{
}

const struct vtd_crash_ops sim_adapter_rd = {
	.read_phys = ad_read_phys,
	.map_page = ad_map_old_page,
	.unmap_page = ad_unmap_old_page,
	.read32 = ad_read32,
	.read64 = ad_read64,
};

/* --- writes, pages --- */

static int ad_write64(void *ctx, uint64_t pa, uint64_t v)
{
	struct sim_adapter *ad = ctx;

	/* A page the platform cannot write (the kernel: no mapping). */
	if (ad->unwritable_page && (pa & ~0xfffull) == ad->unwritable_page)
		return -EIO;
	if (ad->quiet)
		sim_mem_write64(ad->sim, pa, v);
	else
		sim_cut_mem_write64(ad->sim, pa, v);
	return 0;
}

static uint64_t ad_alloc_page(void *ctx)
{
	struct sim_adapter *ad = ctx;

	if (ad->pages_left == 0)
		return 0;
	if (ad->pages_left > 0)
		ad->pages_left--;
	ad->pages_allocated++;
	return sim_alloc_page(ad->sim);
}

/* The model never reuses a page; a freed one is poisoned and counted. */
static void ad_free_page(void *ctx, uint64_t pa)
{
	struct sim_adapter *ad = ctx;
	unsigned int i;

	for (i = 0; i < VTD_PAGE_SIZE_4K; i += 8)
		sim_mem_write64(ad->sim, pa + i, 0xdeadbeefdeadbeefull);
	ad->pages_freed++;
}

/* Writes reach memory at once in the model: a read stands for clflush. */
static void ad_flush(void *ctx, uint64_t pa, size_t len)
{
	struct sim_adapter *ad = ctx;

	if (!ad->quiet)
		(void)sim_cut_mem_read64(ad->sim, pa);
}

static void ad_mmio_write32(struct sim_adapter *ad, uint64_t addr, uint32_t v)
{
	if (ad->quiet)
		sim_mmio_write32(ad->sim, addr, v);
	else
		sim_cut_mmio_write32(ad->sim, addr, v);
}

static void ad_mmio_write64(struct sim_adapter *ad, uint64_t addr, uint64_t v)
{
	if (ad->quiet)
		sim_mmio_write64(ad->sim, addr, v);
	else
		sim_cut_mmio_write64(ad->sim, addr, v);
}

/* --- invalidation, as the kernel's queue or registers do it --- */

/*
 * One descriptor at @tail (in 128-bit slots): 128 bits, or 256 with the
 * upper half zero when the queue takes 256-bit descriptors (IQA.DW,
 * 6.5.2).  Returns the next tail.
 */
static uint64_t qi_put(struct sim_adapter *ad, uint64_t q, uint64_t tail,
		       uint64_t n, bool dw, uint64_t lo, uint64_t hi)
{
	uint64_t d = q + tail * VTD_QI_DESC_SIZE;

	ad_write64(ad, d, lo);
	ad_write64(ad, d + 8, hi);
	if (dw) {
		ad_write64(ad, d + 16, 0);
		ad_write64(ad, d + 24, 0);
	}
	return (tail + (dw ? 2 : 1)) % n;
}

static int ad_unit(const struct sim_adapter *ad)
{
	int i;

	for (i = 0; i < sim_nr_units(ad->sim); i++)
		if (sim_unit_reg_base(ad->sim, i) == ad->reg_base)
			return i;
	return 0;
}

/*
 * What Linux 6.12's qi_submit_sync() does on a queue error: the refused
 * descriptor, at IQH, is overwritten with the wait that follows it and
 * IQE cleared, so the queue moves on (-EINVAL); on a time-out, ITE is
 * cleared and the request given up when its device is gone
 * (-ETIMEDOUT), retried without end when it is present (-EAGAIN here,
 * counted in qi_hangs).
 */
static int qi_failed(struct sim_adapter *ad, uint64_t q, uint64_t n,
		     bool dw)
{
	uint64_t base = ad->reg_base;
	uint32_t fsts = ad_read32(ad, base + VTD_REG_FSTS);
	uint64_t head, from, to;
	uint16_t sid;

	if (fsts & VTD_FSTS_IQE) {
		head = VTD_FIELD_GET(VTD_IQ_QH,
				     ad_read64(ad, base + VTD_REG_IQH));
		from = q + ((head + (dw ? 2 : 1)) % n) * VTD_QI_DESC_SIZE;
		to = q + head * VTD_QI_DESC_SIZE;
		ad_write64(ad, to, sim_mem_read64(ad->sim, from));
		ad_write64(ad, to + 8, sim_mem_read64(ad->sim, from + 8));
		ad_mmio_write32(ad, base + VTD_REG_FSTS, VTD_FSTS_IQE);
		return -EINVAL;
	}
	if (fsts & VTD_FSTS_ITE) {
		sid = (uint16_t)VTD_FIELD_GET(
			VTD_IQERCD_ITESID,
			ad_read64(ad, base + VTD_REG_IQERCD));
		ad_mmio_write32(ad, base + VTD_REG_FSTS, VTD_FSTS_ITE);
		if (sim_fn(ad->sim, ad_unit(ad), sid) & SIM_FN_GONE)
			return -ETIMEDOUT;
		ad->qi_hangs++;
		return -EAGAIN;
	}
	return -EIO;
}

/* Queue one descriptor and a wait descriptor that writes; wait for it. */
static int qi_run(struct sim_adapter *ad, uint64_t lo, uint64_t hi)
{
	uint64_t base = ad->reg_base;
	uint64_t iqa = ad_read64(ad, base + VTD_REG_IQA);
	uint64_t n = (VTD_PAGE_SIZE_4K / VTD_QI_DESC_SIZE)
		     << VTD_FIELD_GET(VTD_IQA_QS, iqa);
	uint64_t tail = VTD_FIELD_GET(VTD_IQ_QH,
				      ad_read64(ad, base + VTD_REG_IQT));
	uint64_t q = iqa & VTD_IQA_IQA;
	bool dw = iqa & VTD_IQA_DW;
	uint32_t done = 0;
	int i;

	if (!ad->qi_status) {
		ad->qi_status = sim_alloc_page(ad->sim);
		if (!ad->qi_status)
			return -ENOMEM;
	}
	sim_mem_write64(ad->sim, ad->qi_status, 0);
	tail = qi_put(ad, q, tail, n, dw, lo, hi);
	tail = qi_put(ad, q, tail, n, dw,
		      VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) |
			      VTD_QI_WAIT_SW |
			      VTD_FIELD_PREP(VTD_QI_WAIT_SDATA, 1),
		      ad->qi_status);
	ad_mmio_write64(ad, base + VTD_REG_IQT, VTD_FIELD_PREP(VTD_IQ_QH, tail));
	for (i = 0; i < POLL_LIMIT && !done; i++) {
		sim_mem_read(ad->sim, ad->qi_status, &done, sizeof(done));
		if (!done && (ad_read32(ad, base + VTD_REG_FSTS) &
			      (VTD_FSTS_IQE | VTD_FSTS_ITE)))
			return qi_failed(ad, q, n, dw);
	}
	return done ? 0 : -EIO;
}

static bool qi_on(struct sim_adapter *ad)
{
	return ad_read32(ad, ad->reg_base + VTD_REG_GSTS) & VTD_GSTS_QIES;
}

/* A context-cache request (10.4.7; 6.5.2.1 queued) of granularity @g. */
static int inval_ctx(struct sim_adapter *ad, int g, uint16_t sid, uint16_t did)
{
	uint64_t reg = ad->reg_base + VTD_REG_CCMD;
	int i;

	if (qi_on(ad))
		return qi_run(ad,
			      VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_CC) |
				      VTD_FIELD_PREP(VTD_QI_CC_G, g) |
				      VTD_FIELD_PREP(VTD_QI_CC_DID, did) |
				      VTD_FIELD_PREP(VTD_QI_CC_SID, sid),
			      0);
	ad_mmio_write64(ad, reg,
			VTD_CCMD_ICC | VTD_FIELD_PREP(VTD_CCMD_CIRG, g) |
				VTD_FIELD_PREP(VTD_CCMD_DID, did) |
				VTD_FIELD_PREP(VTD_CCMD_SID, sid));
	for (i = 0; i < POLL_LIMIT; i++)
		if (!(ad_read64(ad, reg) & VTD_CCMD_ICC))
			return 0;
	return -EIO;
}

/* An IOTLB request (10.4.8.1; 6.5.2.3 queued) of granularity @g. */
static int inval_iotlb(struct sim_adapter *ad, int g, uint16_t did)
{
	uint64_t ecap = ad_read64(ad, ad->reg_base + VTD_REG_ECAP);
	uint64_t reg = ad->reg_base + vtd_ecap_iotlb_offset(ecap) +
		       VTD_REG_IOTLB_FROM_IVA;
	int i;

	if (qi_on(ad))
		return qi_run(ad,
			      VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IOTLB) |
				      VTD_FIELD_PREP(VTD_QI_IOTLB_G, g) |
				      VTD_FIELD_PREP(VTD_QI_IOTLB_DID, did) |
				      VTD_QI_IOTLB_DR | VTD_QI_IOTLB_DW,
			      0);
	ad_mmio_write64(ad, reg,
			VTD_IOTLB_IVT | VTD_IOTLB_DR | VTD_IOTLB_DW |
				VTD_FIELD_PREP(VTD_IOTLB_IIRG, g) |
				VTD_FIELD_PREP(VTD_IOTLB_DID, did));
	for (i = 0; i < POLL_LIMIT; i++)
		if (!(ad_read64(ad, reg) & VTD_IOTLB_IVT))
			return 0;
	return -EIO;
}

/* Every PASID of domain @did, or every entry (6.5.2.2): queued only. */
static int inval_pasid_cache(struct sim_adapter *ad, int g, uint16_t did)
{
	if (!qi_on(ad))
		return -EIO;
	return qi_run(ad,
		      VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_PC) |
			      VTD_FIELD_PREP(VTD_QI_PC_G, g) |
			      VTD_FIELD_PREP(VTD_QI_PC_DID, did),
		      0);
}

static enum sim_inval inval_kind(uint64_t lo)
{
	switch (VTD_FIELD_GET(VTD_QI_TYPE, lo)) {
	case VTD_QI_TYPE_CC:
		return SIM_INV_CC_DEVICE;
	case VTD_QI_TYPE_IOTLB:
		return SIM_INV_IOTLB_DOMAIN;
	case VTD_QI_TYPE_DEV_TLB:
		return SIM_INV_DEV_TLB;
	case VTD_QI_TYPE_PC:
		return SIM_INV_PASID_CACHE;
	case VTD_QI_TYPE_PIOTLB:
		return SIM_INV_PIOTLB;
	}
	return SIM_INV_OTHER;
}

/* A refusal the test asked for: every one of a kind, or the first n. */
static bool fail_this(struct sim_adapter *ad, enum sim_inval what)
{
	if (!(ad->fail_inval & (1u << what)))
		return false;
	if (!ad->fail_inval_first)
		return true;
	if (--ad->fail_inval_first == 0)
		ad->fail_inval &= ~(1u << what);
	return true;
}

/* The core's descriptor, as the kernel glue submits it: queued only. */
static int ad_qi_submit(void *ctx, const struct qi_desc *desc)
{
	struct sim_adapter *ad = ctx;
	enum sim_inval what = inval_kind(desc->qw0);
	uint16_t sid = 0, did = 0;
	int ret;

	if (what == SIM_INV_CC_DEVICE)
		sid = (uint16_t)VTD_FIELD_GET(VTD_QI_CC_SID, desc->qw0);
	if (what == SIM_INV_DEV_TLB)
		sid = (uint16_t)VTD_FIELD_GET(VTD_QI_DEVTLB_SID, desc->qw0);
	if (what != SIM_INV_DEV_TLB)
		did = (uint16_t)VTD_FIELD_GET(VTD_QI_CC_DID, desc->qw0);
	if (ad->drop_inval & (1u << what))
		ret = 0;
	else if (fail_this(ad, what))
		ret = -EIO;
	else if (!qi_on(ad))
		ret = -EOPNOTSUPP;
	else
		ret = qi_run(ad, desc->qw0, desc->qw1);
	if (ad->nr_log < SIM_ADAPTER_LOG) {
		ad->log[ad->nr_log].what = what;
		ad->log[ad->nr_log].sid = sid;
		ad->log[ad->nr_log].did = did;
		ad->log[ad->nr_log].qw0 = desc->qw0;
		ad->log[ad->nr_log].qw1 = desc->qw1;
		ad->log[ad->nr_log].ret = ret;
		ad->nr_log++;
	}
	return ret;
}

/* The model's functions are all physical functions. */
static int ad_ats_state(void *ctx, uint16_t sid, struct vtd_crash_ats *ats)
{
	struct sim_adapter *ad = ctx;
	unsigned int fn = sim_fn(ad->sim, ad_unit(ad), sid);

	if (fn & SIM_FN_GONE)
		return -ENODEV;
	ats->enabled = fn & SIM_FN_ATS_ENABLED;
	ats->pfsid = sid;
	ats->qdep = 0;
	return 0;
}

const struct vtd_crash_plat sim_adapter_plat = {
	.rd = &sim_adapter_rd,
	.write64 = ad_write64,
	.alloc_table_page = ad_alloc_page,
	.free_table_page = ad_free_page,
	.flush = ad_flush,
	.qi_submit = ad_qi_submit,
	.ats_state = ad_ats_state,
};

/* --- what Linux does around the crash core --- */

int sim_kernel_flush_unit(struct sim_adapter *ad, uint64_t reg_base)
{
	int ret;

	ad->reg_base = reg_base;
	ret = inval_ctx(ad, VTD_INV_GLOBAL, 0, 0);
	if (!ret && VTD_FIELD_GET(VTD_RTADDR_TTM,
				  ad_read64(ad, reg_base + VTD_REG_RTADDR)) ==
			    VTD_TTM_SCALABLE)
		ret = inval_pasid_cache(ad, VTD_QI_PC_GLOBAL, 0);
	return ret ? ret : inval_iotlb(ad, VTD_INV_GLOBAL, 0);
}

/* The adopted context entry of @sid, in the adoption's new tables. */
static uint64_t ctx_entry_at(const struct vtd_adopted *a, uint16_t sid)
{
	unsigned int bus = vtd_sid_bus(sid), devfn = vtd_sid_devfn(sid);

	if (!a->scalable)
		return a->ctx_tables[bus] + devfn * VTD_CTX_ENTRY_SIZE;
	return (devfn >= VTD_SM_CTX_ENTRIES ? a->ctx_tables_up[bus] :
					      a->ctx_tables[bus]) +
	       (uint64_t)(devfn % VTD_SM_CTX_ENTRIES) * VTD_SM_CTX_ENTRY_SIZE;
}

/*
 * The spec's sequence for a present entry (6.5.3.3), where the swap
 * cannot be made: P cleared (bit 0 in either mode), every cache that may
 * hold the entry or what it led to invalidated, then the new entry
 * written, high half first, P last.  Requests in between fault: the
 * window the swap closes.
 */
static int replace_present_entry(struct sim_adapter *ad,
				 const struct vtd_adopted *a, uint16_t sid,
				 uint64_t lo, uint64_t hi)
{
	uint64_t ce = ctx_entry_at(a, sid);
	uint64_t old_lo = sim_mem_read64(ad->sim, ce);
	uint64_t old_hi = sim_mem_read64(ad->sim, ce + 8);
	int ret;

	ad_write64(ad, ce, old_lo & ~VTD_CTX_LO_P);
	ret = vtd_crash_inval_replaced(
		&sim_adapter_plat, ad, a, sid, old_lo, old_hi,
		a->scalable ? 0 : (uint16_t)VTD_FIELD_GET(VTD_CTX_HI_DID, hi));
	if (ret)
		return ret;
	ad_write64(ad, ce + 8, hi);
	ad_write64(ad, ce, lo);
	return 0;
}

/*
 * The controls of @ad->swap: the entry replaced by one locked 16-byte
 * store, or by two 64-bit stores (bits 127:64 first), then what the unit
 * may hold of the old entry invalidated as the core does after a change
 * (vtd_crash_inval_replaced()).
 */
static int swap_control(struct sim_adapter *ad, const struct vtd_adopted *a,
			uint16_t sid, uint64_t lo, uint64_t hi)
{
	uint64_t ce = ctx_entry_at(a, sid);
	uint64_t old_lo = sim_mem_read64(ad->sim, ce);
	uint64_t old_hi = sim_mem_read64(ad->sim, ce + 8);

	if (ad->swap == SIM_SWAP_SEQUENCE)
		return -EOPNOTSUPP;
	if (ad->swap == SIM_SWAP_STORE128) {
		if (ad->quiet) {
			sim_mem_write64(ad->sim, ce, lo);
			sim_mem_write64(ad->sim, ce + 8, hi);
		} else {
			sim_cut_mem_write128(ad->sim, ce, lo, hi);
		}
	} else {
		ad_write64(ad, ce + 8, hi);
		ad_write64(ad, ce, lo);
	}
	return vtd_crash_inval_replaced(
		&sim_adapter_plat, ad, a, sid, old_lo, old_hi,
		a->scalable ? 0 : (uint16_t)VTD_FIELD_GET(VTD_CTX_HI_DID, hi));
}

/*
 * The hook's fallback, as upstream replaces a copied entry: for a device
 * the gate set aside (-EPERM), or when the swap changed the entry and an
 * invalidation then failed (the kernel logs it).  The entry torn down
 * (all of it: 256 bits in scalable mode), the caches flushed globally,
 * the new one written.  The swap's error stays the caller's.
 */
static void replace_as_upstream(struct sim_adapter *ad,
				const struct vtd_adopted *a, uint16_t sid,
				int err, const uint64_t old[2], uint64_t lo,
				uint64_t hi)
{
	uint64_t ce = ctx_entry_at(a, sid);
	unsigned int k, words = a->scalable ? 4 : 2;

	if (err != -EPERM && sim_mem_read64(ad->sim, ce) == old[0] &&
	    sim_mem_read64(ad->sim, ce + 8) == old[1])
		return; /* nothing stored: not the swap's to mend */
	for (k = 0; k < words; k++)
		ad_write64(ad, ce + 8ull * k, 0);
	inval_ctx(ad, VTD_INV_GLOBAL, 0, 0);
	if (a->scalable)
		inval_pasid_cache(ad, VTD_QI_PC_GLOBAL, 0);
	inval_iotlb(ad, VTD_INV_GLOBAL, 0);
	ad_write64(ad, ce + 8, hi);
	ad_write64(ad, ce, lo);
}

int sim_kernel_first_map(struct sim_adapter *ad, struct vtd_adopted *a,
			 uint16_t sid, uint64_t pgd, unsigned int aw,
			 unsigned int tt, uint16_t *did)
{
	uint64_t lo, hi, old[2];
	uint32_t d;
	int ret;

	ad->reg_base = a->reg_base;
	d = *did;
	if (!d) {
		for (d = 1; d < a->ndoms && vtd_adopted_did(a, d); d++)
			;
		if (d >= a->ndoms)
			return -ENOMEM;
		vtd_adopted_take_did(a, d);
		*did = (uint16_t)d;
	}
	lo = VTD_FIELD_PREP(VTD_CTX_LO_TT, tt) | VTD_CTX_LO_P;
	if (tt != VTD_TT_PASSTHROUGH)
		lo |= pgd;
	hi = VTD_FIELD_PREP(VTD_CTX_HI_DID, d) |
	     VTD_FIELD_PREP(VTD_CTX_HI_AW, aw);
	old[0] = sim_mem_read64(ad->sim, ctx_entry_at(a, sid));
	old[1] = sim_mem_read64(ad->sim, ctx_entry_at(a, sid) + 8);
	if (ad->swap == SIM_SWAP_CORE)
		ret = vtd_crash_swap_context(&sim_adapter_plat, ad, a, sid, lo,
					     hi);
	else
		ret = swap_control(ad, a, sid, lo, hi);
	if (ret == -EOPNOTSUPP)
		ret = replace_present_entry(ad, a, sid, lo, hi);
	else if (ret)
		replace_as_upstream(ad, a, sid, ret, old, lo, hi);
	return ret;
}

/* Linux's scalable-mode pass-through domain id (FLPT_DEFAULT_DID). */
#define SM_PT_DID 1
#define SM_PDTS 2 /* a directory of one page, as Linux allocates */

/*
 * sim_kernel_first_map_sm() and _nested(): @fs_pgd and @ss_pgd the roots
 * of the stages @pgtt uses (0 for the other).
 */
static int first_map_sm(struct sim_adapter *ad, struct vtd_adopted *a,
			const uint16_t *sids, int nr, uint64_t fs_pgd,
			uint64_t ss_pgd, unsigned int aw, unsigned int pgtt,
			bool ats, uint16_t *did)
{
	uint64_t dir = sim_alloc_page(ad->sim), pt = sim_alloc_page(ad->sim);
	uint64_t v[VTD_PASID_ENTRY_WORDS] = { 0 }, lo, old[2];
	uint32_t d = pgtt == VTD_PGTT_PT ? SM_PT_DID : *did;
	int i, k, ret;

	ad->reg_base = a->reg_base;
	if (!d) {
		for (d = SM_PT_DID + 1; d < a->ndoms && vtd_adopted_did(a, d);
		     d++)
			;
		if (d >= a->ndoms)
			return -ENOMEM;
		vtd_adopted_take_did(a, d);
	}
	*did = (uint16_t)d;
	/* RID_PASID's entry in the new table, unreachable until the swap. */
	v[0] = VTD_FIELD_PREP(VTD_PASID_LO_AW, aw) |
	       VTD_FIELD_PREP(VTD_PASID_LO_PGTT, pgtt) | VTD_PASID_LO_P;
	v[1] = VTD_FIELD_PREP(VTD_PASID_HI_DID, d);
	if (pgtt == VTD_PGTT_SS || pgtt == VTD_PGTT_NESTED)
		v[0] |= ss_pgd;
	if (pgtt == VTD_PGTT_FS || pgtt == VTD_PGTT_NESTED)
		v[2] = fs_pgd | VTD_FIELD_PREP(VTD_PASID_W2_FSPM,
					       aw == VTD_AW_57BIT ?
						       VTD_FSPM_5LEVEL :
						       VTD_FSPM_4LEVEL);
	for (k = VTD_PASID_ENTRY_WORDS - 1; k >= 0; k--)
		sim_mem_write64(ad->sim, pt + 8ull * k, v[k]);
	sim_mem_write64(ad->sim, dir, pt | VTD_PDE_P);
	lo = dir | VTD_FIELD_PREP(VTD_SM_CTX_LO_PDTS, SM_PDTS) |
	     (ats ? VTD_SM_CTX_LO_DTE : 0) | VTD_SM_CTX_LO_P;
	for (i = 0; i < nr; i++) {
		old[0] = sim_mem_read64(ad->sim, ctx_entry_at(a, sids[i]));
		old[1] = sim_mem_read64(ad->sim, ctx_entry_at(a, sids[i]) + 8);
		if (ad->swap == SIM_SWAP_CORE)
			ret = vtd_crash_swap_sm_context(&sim_adapter_plat, ad,
							a, sids[i], lo, 0);
		else
			ret = swap_control(ad, a, sids[i], lo, 0);
		if (ret == -EOPNOTSUPP)
			ret = replace_present_entry(ad, a, sids[i], lo, 0);
		else if (ret)
			replace_as_upstream(ad, a, sids[i], ret, old, lo, 0);
		if (ret)
			return ret;
	}
	return 0;
}

int sim_kernel_first_map_sm(struct sim_adapter *ad, struct vtd_adopted *a,
			    const uint16_t *sids, int nr, uint64_t pgd,
			    unsigned int aw, unsigned int pgtt, bool ats,
			    uint16_t *did)
{
	return first_map_sm(ad, a, sids, nr, pgtt == VTD_PGTT_FS ? pgd : 0,
			    pgtt == VTD_PGTT_SS ? pgd : 0, aw, pgtt, ats, did);
}

int sim_kernel_first_map_nested(struct sim_adapter *ad, struct vtd_adopted *a,
				const uint16_t *sids, int nr, uint64_t fs_pgd,
				uint64_t ss_pgd, unsigned int aw, bool ats,
				uint16_t *did)
{
	return first_map_sm(ad, a, sids, nr, fs_pgd, ss_pgd, aw,
			    VTD_PGTT_NESTED, ats, did);
}

int sim_kernel_new_irte(struct sim_adapter *ad, struct vtd_adopted *a,
			uint64_t lo, uint64_t hi, uint32_t *index)
{
	uint32_t i, n = a->irt_entries < VTD_NR_IRTES_MAX ?
				a->irt_entries :
				VTD_NR_IRTES_MAX;
	uint64_t pa;

	ad->reg_base = a->reg_base;
	for (i = 0; i < n && vtd_adopted_irte(a, i); i++)
		;
	if (i >= n)
		return -ENOMEM;
	__set_bit(i, a->ids->irte);
	pa = a->irt + (uint64_t)i * VTD_IRTE_SIZE;
	ad_write64(ad, pa + 8, hi);
	ad_write64(ad, pa, lo);
	ad_flush(ad, pa, VTD_IRTE_SIZE);
	*index = i;
	if (!qi_on(ad))
		return -EIO;
	return qi_run(ad,
		      VTD_FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IEC) |
			      VTD_QI_IEC_G |
			      VTD_FIELD_PREP(VTD_QI_IEC_IIDX, i),
		      0);
}
