// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sim.c - the model as a whole: units at their register bases, MMIO
 * dispatch, the trace hook, and the accessors through which the code under
 * test reaches memory and registers with devices running between its steps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim-internal.h"

#define SIM_FRO_UNITS 0x40 /* fault records at 0x400 */
#define SIM_IRO_UNITS 0x30 /* IOTLB registers at 0x300 */
#define SIM_MAX_NFR 192	   /* 0x400 + 192 * 16 ends the page */

uint64_t sim_default_cap(unsigned int mgaw, unsigned int nfr, unsigned int nd)
{
	uint64_t sagaw = VTD_SAGAW_39BIT_3LEVEL | VTD_SAGAW_48BIT_4LEVEL;

	uint64_t fl = VTD_CAP_FL1GP;

	if (mgaw >= 57) {
		sagaw |= VTD_SAGAW_57BIT_5LEVEL;
		fl |= VTD_CAP_FL5LP;
	}
	if (nfr < 1)
		nfr = 1;
	if (nfr > SIM_MAX_NFR)
		nfr = SIM_MAX_NFR;
	return VTD_FIELD_PREP(VTD_CAP_ND, nd) |
	       VTD_FIELD_PREP(VTD_CAP_SAGAW, sagaw) |
	       VTD_FIELD_PREP(VTD_CAP_MGAW, mgaw - 1) |
	       VTD_FIELD_PREP(VTD_CAP_FRO, SIM_FRO_UNITS) |
	       VTD_FIELD_PREP(VTD_CAP_SLLPS, 0x3) | VTD_CAP_PSI |
	       VTD_FIELD_PREP(VTD_CAP_NFR, nfr - 1) |
	       VTD_FIELD_PREP(VTD_CAP_MAMV, 18) | VTD_CAP_DWD | VTD_CAP_DRD |
	       fl;
}

uint64_t sim_default_ecap(void)
{
	return VTD_ECAP_C | VTD_ECAP_QI | VTD_ECAP_IR | VTD_ECAP_EIM |
	       VTD_ECAP_PT | VTD_ECAP_SC |
	       VTD_FIELD_PREP(VTD_ECAP_IRO, SIM_IRO_UNITS) |
	       VTD_FIELD_PREP(VTD_ECAP_MHMV, 0xf);
}

uint64_t sim_scalable_ecap(void)
{
	return sim_default_ecap() | VTD_ECAP_SMTS | VTD_ECAP_FLTS |
	       VTD_ECAP_SLTS | VTD_ECAP_SMPWCS |
	       VTD_FIELD_PREP(VTD_ECAP_PSS, VTD_PASID_BITS - 1);
}

void sim_config_default(struct sim_config *cfg, int nr_units,
			const uint16_t *segments)
{
	int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->nr_units = nr_units;
	cfg->ram_base = 16ull << 20;
	cfg->ram_size = 1ull << 30;
	for (i = 0; i < nr_units && i < SIM_MAX_UNITS; i++) {
		cfg->unit[i].reg_base = SIM_BASE + 0x1000ull * (uint64_t)i;
		cfg->unit[i].segment = segments ? segments[i] : 0;
		cfg->unit[i].cap = sim_default_cap(48, 8, 2);
		cfg->unit[i].ecap = sim_default_ecap();
	}
}

static int unit_init(struct sim_unit *u, int idx,
		     const struct sim_unit_config *cfg)
{
	memset(u, 0, sizeof(*u));
	u->idx = idx;
	u->cfg = *cfg;
	u->ctx_cache = calloc(SIM_NR_SIDS, sizeof(*u->ctx_cache));
	u->devtlb_gen = calloc(SIM_NR_SIDS, sizeof(*u->devtlb_gen));
	u->fn = calloc(SIM_NR_SIDS, sizeof(*u->fn));
	u->iec = calloc(SIM_NR_SIDS, sizeof(*u->iec));
	if (!u->ctx_cache || !u->devtlb_gen || !u->fn || !u->iec)
		return -1;
	sim_regs_reset(u);
	return 0;
}

static void unit_fini(struct sim_unit *u)
{
	free(u->ctx_cache);
	free(u->devtlb_gen);
	free(u->fn);
	free(u->iec);
	sim_iotlb_free(u);
	sim_pasid_cache_free(u);
}

struct sim *sim_new(const struct sim_config *cfg)
{
	struct sim *sim;
	int i;

	if (cfg->nr_units < 1 || cfg->nr_units > SIM_MAX_UNITS)
		return NULL;
	for (i = 0; i < cfg->nr_units; i++)
		if (vtd_cap_num_fault_regs(cfg->unit[i].cap) > SIM_MAX_NFR ||
		    vtd_cap_fault_reg_offset(cfg->unit[i].cap) !=
			    SIM_FRO_UNITS << VTD_REG_UNIT_SHIFT ||
		    vtd_ecap_iotlb_offset(cfg->unit[i].ecap) !=
			    SIM_IRO_UNITS << VTD_REG_UNIT_SHIFT ||
		    cfg->unit[i].reg_base % VTD_REG_SPACE_SIZE)
			return NULL;
	sim = calloc(1, sizeof(*sim));
	if (!sim)
		return NULL;
	sim->cfg = *cfg;
	sim->evict_rng = cfg->evict_seed | 1;
	sim->tear_rng = (cfg->evict_seed ^ 0x7ea2) | 1;
	sim->next_page = cfg->ram_base;
	sim->ram_end = cfg->ram_base + cfg->ram_size;
	if (sim_mem_init(&sim->mem) < 0)
		goto out_free;
	for (i = 0; i < cfg->nr_units; i++)
		if (unit_init(&sim->unit[i], i, &cfg->unit[i]) < 0)
			goto out_units;
	return sim;

out_units:
	while (i >= 0)
		unit_fini(&sim->unit[i--]);
	sim_mem_fini(&sim->mem);
out_free:
	free(sim);
	return NULL;
}

/* xorshift64: cheap, and the same sequence for the same seed. */
static uint64_t draw(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x >> 20;
}

bool sim_evict_now(struct sim *sim, struct sim_unit *u)
{
	if (!sim->cfg.evict_per_1024)
		return false;
	if (draw(&sim->evict_rng) % 1024 >= sim->cfg.evict_per_1024)
		return false;
	u->stats.evictions++;
	return true;
}

void sim_wlog_clear(struct sim *sim)
{
	sim->wlog_n = 0;
}

static void wlog_add(struct sim *sim, uint64_t pa, unsigned int len)
{
	struct sim_wlog *e = &sim->wlog[sim->wlog_head];

	e->pa = pa;
	e->len = len;
	e->old[0] = sim_mem_read64(sim, pa);
	e->old[1] = len == 16 ? sim_mem_read64(sim, pa + 8) : 0;
	sim->wlog_head = (sim->wlog_head + 1) % SIM_WLOG_DEPTH;
	if (sim->wlog_n < SIM_WLOG_DEPTH)
		sim->wlog_n++;
}

/* The @k-th latest logged store of the code under test. */
static const struct sim_wlog *wlog_at(const struct sim *sim, unsigned int k)
{
	return &sim->wlog[(sim->wlog_head + SIM_WLOG_DEPTH - 1 - k) %
			  SIM_WLOG_DEPTH];
}

/* The 64 bits at @pa as they were before the @k latest logged stores. */
static uint64_t value_before(struct sim *sim, uint64_t pa, unsigned int k)
{
	uint64_t v = sim_mem_read64(sim, pa);
	unsigned int i;

	for (i = 0; i < k; i++) {
		const struct sim_wlog *e = wlog_at(sim, i);

		if (pa >= e->pa && pa < e->pa + e->len)
			v = e->old[(pa - e->pa) / 8];
	}
	return v;
}

/*
 * How many of the latest stores a fetch may straddle.  The fetch began
 * after the unit read the entry on its path (@path_pa: the root entry,
 * the PASID-directory entry) as it is now: it cannot see what memory
 * held before the store that made it so.
 */
static unsigned int fetch_window(const struct sim *sim, uint64_t path_pa)
{
	unsigned int k;

	for (k = 0; path_pa && k < sim->wlog_n; k++) {
		const struct sim_wlog *e = wlog_at(sim, k);

		if (path_pa >= e->pa && path_pa < e->pa + e->len)
			return k;
	}
	return sim->wlog_n;
}

/* Does a fetch of the entry at @pa tear now (tear_per_1024)? */
static bool tear_now(struct sim *sim)
{
	return sim->cfg.tear_per_1024 && sim->wlog_n &&
	       draw(&sim->tear_rng) % 1024 < sim->cfg.tear_per_1024;
}

void sim_fetch128(struct sim *sim, struct sim_unit *u, uint64_t pa,
		  uint64_t path_pa, uint64_t *lo, uint64_t *hi)
{
	unsigned int k_lo, k_hi, k, window;

	*lo = sim_mem_read64(sim, pa);
	*hi = sim_mem_read64(sim, pa + 8);
	if (!tear_now(sim))
		return;
	window = fetch_window(sim, path_pa);
	/* Each half at its own point in the window, in either order. */
	k_lo = (unsigned int)(draw(&sim->tear_rng) % (window + 1));
	k_hi = (unsigned int)(draw(&sim->tear_rng) % (window + 1));
	/*
	 * A locked 16-byte store (CMPXCHG16B) is no exception: nothing in
	 * the spec says the unit reads the two halves in one access, so it
	 * may read one before that store and the other after (#21, 7).
	 */
	if (k_lo == k_hi)
		return;
	*lo = value_before(sim, pa, k_lo);
	*hi = value_before(sim, pa + 8, k_hi);
	/* Torn: a pair memory never held at any one point. */
	for (k = 0; k <= window; k++)
		if (*lo == value_before(sim, pa, k) &&
		    *hi == value_before(sim, pa + 8, k))
			return;
	u->stats.torn_fetches++;
}

void sim_fetch_words(struct sim *sim, struct sim_unit *u, uint64_t pa,
		     unsigned int nwords, uint64_t path_pa, uint64_t *v)
{
	unsigned int k[VTD_PASID_ENTRY_WORDS], i, j, window;
	bool whole;

	for (i = 0; i < nwords; i++)
		v[i] = sim_mem_read64(sim, pa + 8ull * i);
	if (nwords > VTD_PASID_ENTRY_WORDS || !tear_now(sim))
		return;
	window = fetch_window(sim, path_pa);
	/*
	 * Word 0, which holds P, is read first, the others no earlier:
	 * a fetch that finds P set sees every store made before the store
	 * that set it, which is what makes the spec's way of changing an
	 * entry (clear P, invalidate, write the rest, set P last) safe.
	 */
	k[0] = (unsigned int)(draw(&sim->tear_rng) % (window + 1));
	for (i = 1; i < nwords; i++)
		k[i] = (unsigned int)(draw(&sim->tear_rng) % (k[0] + 1));
	for (i = 0; i < nwords; i++)
		v[i] = value_before(sim, pa + 8ull * i, k[i]);
	/*
	 * Torn: words memory never held together at any one point.  A
	 * fetch that finds P clear is not used, whatever its other words.
	 */
	_Static_assert(VTD_SM_CTX_LO_P == VTD_PASID_LO_P, "P is bit 0 of both");
	if (!(v[0] & VTD_PASID_LO_P))
		return;
	for (j = 0; j <= window; j++) {
		whole = true;
		for (i = 0; i < nwords && whole; i++)
			whole = v[i] == value_before(sim, pa + 8ull * i, j);
		if (whole)
			return;
	}
	u->stats.torn_fetches++;
}

void sim_free(struct sim *sim)
{
	int i;

	if (!sim)
		return;
	for (i = 0; i < sim->cfg.nr_units; i++)
		unit_fini(&sim->unit[i]);
	sim_mem_fini(&sim->mem);
	free(sim);
}

int sim_nr_units(const struct sim *sim)
{
	return sim->cfg.nr_units;
}

uint64_t sim_unit_reg_base(const struct sim *sim, int unit)
{
	return sim->unit[unit].cfg.reg_base;
}

const struct sim_unit_stats *sim_unit_stats(const struct sim *sim, int unit)
{
	return &sim->unit[unit].stats;
}

void sim_set_trace(struct sim *sim, sim_trace_fn fn, void *ctx)
{
	sim->trace = fn;
	sim->trace_ctx = ctx;
}

void sim_emit(struct sim *sim, const struct sim_event *ev)
{
	if (sim->trace)
		sim->trace(sim->trace_ctx, ev);
}

void sim_misprogrammed(struct sim *sim, struct sim_unit *u, const char *what)
{
	struct sim_event ev = { .type = SIM_EV_MISPROGRAMMED,
				.unit = u->idx,
				.what = what };

	u->stats.misprogrammed++;
	sim_emit(sim, &ev);
}

void sim_unmodelled(struct sim *sim, struct sim_unit *u, const char *what)
{
	struct sim_event ev = { .type = SIM_EV_UNMODELLED,
				.unit = u->idx,
				.what = what };

	u->stats.unmodelled++;
	sim_emit(sim, &ev);
}

/* The unit whose register page holds @addr, or NULL. */
static struct sim_unit *unit_at(struct sim *sim, uint64_t addr,
				unsigned int *off)
{
	int i;

	for (i = 0; i < sim->cfg.nr_units; i++) {
		uint64_t base = sim->unit[i].cfg.reg_base;

		if (addr >= base && addr - base < VTD_REG_SPACE_SIZE) {
			*off = (unsigned int)(addr - base);
			return &sim->unit[i];
		}
	}
	return NULL;
}

/* Nothing answers outside the register pages: reads give all ones. */
static uint64_t mmio_read(struct sim *sim, uint64_t addr, unsigned int size)
{
	unsigned int off;
	struct sim_unit *u = unit_at(sim, addr, &off);

	if (!u)
		return size == 8 ? UINT64_MAX : UINT32_MAX;
	if (off % size) {
		sim_misprogrammed(sim, u, "unaligned register read");
		return size == 8 ? UINT64_MAX : UINT32_MAX;
	}
	return sim_reg_read(u, off, size);
}

static void mmio_write(struct sim *sim, uint64_t addr, unsigned int size,
		       uint64_t v)
{
	unsigned int off;
	struct sim_unit *u = unit_at(sim, addr, &off);

	if (!u)
		return;
	if (off % size) {
		sim_misprogrammed(sim, u, "unaligned register write");
		return;
	}
	sim_reg_write(sim, u, off, size, v);
}

uint32_t sim_mmio_read32(struct sim *sim, uint64_t addr)
{
	return (uint32_t)mmio_read(sim, addr, 4);
}

uint64_t sim_mmio_read64(struct sim *sim, uint64_t addr)
{
	return mmio_read(sim, addr, 8);
}

void sim_mmio_write32(struct sim *sim, uint64_t addr, uint32_t v)
{
	mmio_write(sim, addr, 4, v);
}

void sim_mmio_write64(struct sim *sim, uint64_t addr, uint64_t v)
{
	mmio_write(sim, addr, 8, v);
}

/* --- the code under test's view --- */

void sim_set_step_hook(struct sim *sim, sim_step_fn fn, void *ctx)
{
	sim->step = fn;
	sim->step_ctx = ctx;
}

/* Let the devices run; a device's own accesses never recurse into this. */
static void step(struct sim *sim)
{
	if (!sim->step || sim->in_step)
		return;
	sim->in_step = true;
	sim->step(sim->step_ctx);
	sim->in_step = false;
}

uint64_t sim_cut_mem_read64(struct sim *sim, uint64_t pa)
{
	step(sim);
	return sim_mem_read64(sim, pa);
}

const void *sim_cut_mem_map_page(struct sim *sim, uint64_t pa)
{
	step(sim);
	return sim_mem_map_page(sim, pa);
}

void sim_cut_mem_write64(struct sim *sim, uint64_t pa, uint64_t v)
{
	step(sim);
	wlog_add(sim, pa, 8);
	sim_mem_write64(sim, pa, v);
}

void sim_cut_mem_write128(struct sim *sim, uint64_t pa, uint64_t lo,
			  uint64_t hi)
{
	step(sim);
	wlog_add(sim, pa, 16);
	sim_mem_write64(sim, pa, lo);
	sim_mem_write64(sim, pa + 8, hi);
}

uint32_t sim_cut_mmio_read32(struct sim *sim, uint64_t addr)
{
	step(sim);
	return sim_mmio_read32(sim, addr);
}

uint64_t sim_cut_mmio_read64(struct sim *sim, uint64_t addr)
{
	step(sim);
	return sim_mmio_read64(sim, addr);
}

void sim_cut_mmio_write32(struct sim *sim, uint64_t addr, uint32_t v)
{
	step(sim);
	sim_mmio_write32(sim, addr, v);
}

void sim_cut_mmio_write64(struct sim *sim, uint64_t addr, uint64_t v)
{
	step(sim);
	sim_mmio_write64(sim, addr, v);
}
