// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * intr.c - interrupt remapping (5.1): remappable MSIs and IOAPIC messages
 * looked up in the IRTE table through an interrupt entry cache that
 * stays stale until invalidated; source-id verification; x2APIC
 * destinations when IRTA.EIME is set.
 */
#include "sim-internal.h"

/* Reserved bits of a remapped-format IRTE (9.10), EIME aside. */
#define IRTE_LO_RSVD (VTD_GENMASK(14, 12) | VTD_GENMASK(31, 24))
#define IRTE_HI_RSVD VTD_GENMASK(63, 20)
/* In xAPIC mode (IRTA.EIME clear) DST holds 8 bits, 47:40; the rest is. */
#define IRTE_LO_RSVD_XAPIC (VTD_IRTE_LO_DST & ~VTD_IRTE_LO_DST_XAPIC)

void sim_iec_inval(struct sim_unit *u, bool global, uint32_t index,
		   unsigned int im)
{
	uint32_t first = index & ~((UINT32_C(1) << im) - 1);
	uint32_t last = first + (UINT32_C(1) << im) - 1;
	uint32_t i;

	/* Only the entries the request names: a boot sends one per IRTE. */
	if (global) {
		first = 0;
		last = SIM_NR_SIDS - 1;
	}
	for (i = first; i <= last && i < SIM_NR_SIDS; i++)
		u->iec[i].valid = false;
}

/* The interrupt index a remappable-format message carries (5.1.2.2). */
static uint32_t msi_index(uint64_t addr, uint32_t data)
{
	uint32_t handle =
		(uint32_t)VTD_FIELD_GET(VTD_MSI_ADDR_HANDLE_LO, addr) |
		(uint32_t)(VTD_FIELD_GET(VTD_MSI_ADDR_HANDLE_15, addr)
			   << VTD_MSI_ADDR_HANDLE_LO_BITS);

	if (addr & VTD_MSI_ADDR_SHV)
		handle += (uint32_t)VTD_FIELD_GET(VTD_MSI_DATA_SUBHANDLE, data);
	return handle & 0xffff;
}

/* Source-id verification (9.10, SVT and SQ). */
static bool sid_ok(uint64_t hi, uint16_t sid)
{
	uint16_t want = (uint16_t)VTD_FIELD_GET(VTD_IRTE_HI_SID, hi);
	unsigned int sq = (unsigned int)VTD_FIELD_GET(VTD_IRTE_HI_SQ, hi);
	/* SQ 1..3 ignore function bit 2, bits 2:1, bits 2:0. */
	static const uint16_t masks[] = { 0xffff, 0xfffb, 0xfff9, 0xfff8 };
	uint8_t bus = vtd_sid_bus(sid);

	switch (VTD_FIELD_GET(VTD_IRTE_HI_SVT, hi)) {
	case VTD_SVT_NONE:
		return true;
	case VTD_SVT_SID:
		return (sid & masks[sq]) == (want & masks[sq]);
	case VTD_SVT_BUS:
		return bus >= (want >> 8) && bus <= (want & 0xff);
	default:
		return false;
	}
}

static uint8_t irte_lookup(struct sim *sim, struct sim_unit *u, uint32_t index,
			   uint64_t *lo, uint64_t *hi)
{
	struct sim_cached_entry *c = &u->iec[index];
	uint64_t pa;

	if (c->valid && sim_evict_now(sim, u))
		c->valid = false;
	if (c->valid) {
		u->stats.iec_hits++;
		*lo = c->lo;
		*hi = c->hi;
		return 0;
	}
	if (!u->irta_set)
		return VTD_FR_IR_ROOT_INVAL;
	if (index >= vtd_irta_entries(u->irta_ptr))
		return VTD_FR_IR_INDEX_OVER;
	pa = (u->irta_ptr & VTD_IRTA_IRTA) + (uint64_t)index * VTD_IRTE_SIZE;
	sim_fetch128(sim, u, pa, 0, lo, hi);
	if (!(*lo & VTD_IRTE_LO_P))
		return VTD_FR_IR_ENTRY_P;
	if ((*lo & IRTE_LO_RSVD) || (*hi & IRTE_HI_RSVD) ||
	    (!(u->irta_ptr & VTD_IRTA_EIME) && (*lo & IRTE_LO_RSVD_XAPIC)) ||
	    (*lo & VTD_IRTE_LO_IM)) /* posted format: not modelled */
		return VTD_FR_IR_IRTE_RSVD;
	c->valid = true;
	c->lo = *lo;
	c->hi = *hi;
	return 0;
}

static uint8_t remap(struct sim *sim, struct sim_unit *u, uint16_t sid,
		     uint32_t index, struct sim_irq_result *res, bool *fpd)
{
	uint64_t lo = 0, hi = 0;
	uint8_t fr;

	/* The size check comes first: cached entries do not bypass it. */
	if (u->irta_set && index >= vtd_irta_entries(u->irta_ptr))
		return VTD_FR_IR_INDEX_OVER;
	fr = irte_lookup(sim, u, index, &lo, &hi);
	if (fr)
		return fr;
	*fpd = lo & VTD_IRTE_LO_FPD;
	if (!sid_ok(hi, sid))
		return VTD_FR_IR_SID_ERR;
	res->vector = (uint8_t)VTD_FIELD_GET(VTD_IRTE_LO_V, lo);
	if (u->irta_ptr & VTD_IRTA_EIME)
		res->dest = (uint32_t)VTD_FIELD_GET(VTD_IRTE_LO_DST, lo);
	else
		res->dest = (uint32_t)VTD_FIELD_GET(VTD_IRTE_LO_DST_XAPIC, lo);
	res->remapped = true;
	return 0;
}

static void deliver_compat(uint64_t addr, uint32_t data,
			   struct sim_irq_result *res)
{
	res->vector = (uint8_t)VTD_FIELD_GET(VTD_MSI_DATA_COMPAT_VECTOR, data);
	res->dest = (uint32_t)VTD_FIELD_GET(VTD_MSI_ADDR_COMPAT_DEST, addr);
}

struct sim_irq_result sim_msi(struct sim *sim, int unit, uint16_t sid,
			      uint64_t addr, uint32_t data)
{
	struct sim_unit *u = &sim->unit[unit];
	struct sim_irq_result res = { .result = SIM_OK };
	uint32_t gsts = sim_gsts(u);
	bool fpd = false;
	uint8_t fr = 0;

	if (!(gsts & VTD_GSTS_IRES)) {
		/* No remapping: every message reads as compatibility format. */
		deliver_compat(addr, data, &res);
	} else if (addr & VTD_MSI_ADDR_IF) {
		res.index = msi_index(addr, data);
		fr = remap(sim, u, sid, res.index, &res, &fpd);
	} else if (gsts & VTD_GSTS_CFIS) {
		deliver_compat(addr, data, &res);
	} else {
		fr = VTD_FR_IR_REQ_COMPAT;
	}
	if (fr) {
		res.result = SIM_FAULT;
		res.reason = fr;
		u->stats.irq_faults++;
		sim_record_fault(sim, u, sid, fr, res.index, true, fpd);
		return res;
	}
	u->stats.irq_ok++;
	return res;
}
