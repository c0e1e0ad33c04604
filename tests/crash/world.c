// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * world.c - the crash/ tests' scene (world.h): the first kernel on the
 * model, its snapshot and elfcorehdr, and what the crash kernel does
 * around the core (find, adopt, move a device) in more than one test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <elf.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "world.h"

/* A CORE note record, as crash_notes hold one per CPU. */
static const uint8_t core_note[] = {
	5,   0,	  0,   0,   4, 0, 0, 0, 1, 0, 0, 0,
	'C', 'O', 'R', 'E', 0, 0, 0, 0, 1, 2, 3, 4,
};

/*
 * The loader's elfcorehdr: a CPU note, our area, and the crashed
 * kernel's RAM (the model's, without the crash kernel's region, which
 * holds the area and this header) as two loads.
 */
#define RAM_END (RAM + (1ull << 30))

static void write_elfcorehdr(struct sim *sim, uint64_t area, uint64_t size,
			     uint64_t kernel_note, uint64_t kernel_size)
{
	uint8_t buf[sizeof(Elf64_Ehdr) + 5 * sizeof(Elf64_Phdr)] = { 0 };
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof(*eh));

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = kernel_size ? 5 : 4;
	ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE,
			      .p_offset = CORE_HDR + 0x1000,
			      .p_filesz = sizeof(core_note),
			      .p_memsz = sizeof(core_note) };
	ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE,
			      .p_offset = area,
			      .p_filesz = size,
			      .p_memsz = size };
	ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD,
			      .p_offset = RAM,
			      .p_paddr = RAM,
			      .p_filesz = AREA - RAM,
			      .p_memsz = AREA - RAM };
	ph[3] = (Elf64_Phdr){ .p_type = PT_LOAD,
			      .p_offset = CRASH_REGION_END,
			      .p_paddr = CRASH_REGION_END,
			      .p_filesz = RAM_END - CRASH_REGION_END,
			      .p_memsz = RAM_END - CRASH_REGION_END };
	/* The first kernel's own note, when it took one (a buffer of its). */
	ph[4] = (Elf64_Phdr){ .p_type = PT_NOTE,
			      .p_offset = kernel_note,
			      .p_filesz = kernel_size,
			      .p_memsz = kernel_size };
	sim_mem_write(sim, CORE_HDR, buf, sizeof(buf));
	sim_mem_write(sim, CORE_HDR + 0x1000, core_note, sizeof(core_note));
}

/* The world settings at their defaults (world.h says what each does). */
unsigned int world_evict_per_1024;
bool world_random_sids;
unsigned int world_mgaw = 48;
unsigned int world_tear_per_1024;
int world_ats_every;
uint64_t world_ecap_or;
bool world_kinds;
bool world_scalable;
bool world_second_stage;
bool world_crash_nested;
unsigned int world_irta_s;
int world_crash_sm;

/* Every world_* setting back to its default. */
static void world_defaults(void)
{
	world_evict_per_1024 = 0;
	world_random_sids = false;
	world_mgaw = 48;
	world_tear_per_1024 = 0;
	world_ats_every = 0;
	world_ecap_or = 0;
	world_kinds = false;
	world_scalable = false;
	world_second_stage = false;
	world_crash_nested = false;
	world_irta_s = 0;
	world_crash_sm = -1;
}

int world_group_setup(void **state)
{
	(void)state;
	/* Below 64 MiB free at the top of the heap, glibc keeps it. */
	return mallopt(M_TRIM_THRESHOLD, 64 << 20) ? 0 : -1;
}

int world_setup(void **state)
{
	(void)state;
	world_defaults();
	return 0;
}

/* Does any device of @unit use @rid, as its own id or as its alias? */
static bool rid_taken(const struct world *w, int unit, int upto, uint16_t rid)
{
	int i;

	for (i = 0; i < upto; i++)
		if (w->devs[i].unit == unit &&
		    (w->devs[i].sid == rid ||
		     (w->devs[i].kind == SIM_DEV_ALIAS &&
		      w->devs[i].alias == rid)))
			return true;
	return false;
}

/* A source-id no device of @unit has yet. */
static uint16_t free_sid(const struct world *w, int unit, int upto,
			 struct sim_rng *r)
{
	for (;;) {
		uint16_t sid = (uint16_t)sim_rng_below(r, 65536);

		if (!rid_taken(w, unit, upto, sid))
			return sid;
	}
}

/* The snapshot of every unit into @area, the devices standing still. */
static void take_snapshot(struct world *w, const struct vtd_snap_ops *ops,
			  uint8_t *area, size_t size)
{
	int used;

	w->env.quiet = true;
	used = vtd_snapshot(ops, &w->env, w->units, (unsigned int)w->nr_units,
			    area, size);
	w->env.quiet = false;
	assert_true(used > 0);
}

void world_up_sized(struct world *w, size_t area_size, int nr_units,
		    int nr_devs, uint64_t seed)
{
	const uint16_t segments[] = { 0, 1, 1 };
	struct sim_config cfg;
	struct fk_config fk = FK_CONFIG_LINUX(2, 1, 7);
	const struct fk_config fk_sm = FK_CONFIG_LINUX_SM(2, 1, 7);
	struct vtd_snap_unit *units = w->units;
	uint8_t *area = calloc(1, area_size);
	struct sim_rng sid_rng;
	int i;

	memset(w, 0, sizeof(*w));
	sim_config_default(&cfg, nr_units, segments);
	cfg.evict_per_1024 = world_evict_per_1024;
	cfg.evict_seed = seed;
	cfg.tear_per_1024 = world_tear_per_1024;
	/*
	 * A legacy first kernel on a unit with 5-level tables uses them, as
	 * the crash kernel, the same kernel, does after it.
	 */
	if (world_mgaw == 57)
		fk.aw = VTD_AW_57BIT;
	if (world_scalable) {
		fk = fk_sm;
		fk.second_stage = world_second_stage;
	}
	/* A busy unit: 1024 IRTEs and 1024 domain ids. */
	if (nr_devs / nr_units > 200)
		fk.irta_s = 9;
	if (world_irta_s)
		fk.irta_s = world_irta_s;
	for (i = 0; i < nr_units; i++) {
		cfg.unit[i].cap = sim_default_cap(
			world_mgaw, 8, nr_devs / nr_units > 200 ? 3 : 2);
		if (world_scalable) {
			cfg.unit[i].ecap = sim_scalable_ecap();
			if (world_mgaw == 57)
				cfg.unit[i].cap |= VTD_CAP_FL5LP;
		}
		if (world_ats_every)
			cfg.unit[i].ecap |= VTD_ECAP_DT;
		cfg.unit[i].ecap |= world_ecap_or;
	}
	for (i = 0; i < nr_units; i++)
		units[i] = (struct vtd_snap_unit){
			.reg_base = cfg.unit[i].reg_base,
			.reg_size = 4096,
			.segment = segments[i],
		};
	w->sim = sim_new(&cfg);
	for (i = 0; i < nr_units; i++)
		w->bases[i] = cfg.unit[i].reg_base;
	w->nr_units = nr_units;
	w->nr_devs = nr_devs;
	w->devs = calloc((size_t)nr_devs, sizeof(*w->devs));
	sim_rng_init(&sid_rng, seed ^ 0x51d);
	for (i = 0; i < nr_devs; i++) {
		int slot = i / nr_units;

		w->devs[i].unit = i % nr_units;
		w->devs[i].sid = (uint16_t)((slot / 32 + 1) << 8 |
					    VTD_DEVFN(slot % 32, 0));
		if (world_random_sids)
			w->devs[i].sid = free_sid(w, i % nr_units, i, &sid_rng);
		if (world_kinds && i % 5 == 1)
			w->devs[i].kind = SIM_DEV_SHARED;
		if (world_kinds && i % 7 == 3)
			w->devs[i].kind = SIM_DEV_IDENTITY;
		if (world_kinds && i % 11 == 6) {
			struct sim_rng ar = { seed ^ (uint64_t)i };
			uint16_t rid;

			/* Buses 0x80 and up: no slot-placed device is there. */
			do
				rid = (uint16_t)(0x8000 |
						 sim_rng_below(&ar, 0x8000));
			while (rid == w->devs[i].sid ||
			       rid_taken(w, i % nr_units, i, rid));
			w->devs[i].kind = SIM_DEV_ALIAS;
			w->devs[i].alias = rid;
		}
		w->devs[i].ats = world_ats_every && i % world_ats_every == 0 &&
				 w->devs[i].kind != SIM_DEV_IDENTITY;
	}
	fk_boot(w->sim, &fk, w->devs, nr_devs);
	w->traffic = (struct sim_traffic){ .sim = w->sim,
					   .devs = w->devs,
					   .nr_devs = nr_devs,
					   .min_ops = 1,
					   .max_ops = 3 };
	w->traffic.rng.state = seed;
	sim_set_step_hook(w->sim, sim_traffic_step, &w->traffic);
	sim_adapter_init(&w->env, w->sim);
	take_snapshot(w, &sim_adapter_snap_ops, area, area_size);
	sim_mem_write(w->sim, AREA, area, area_size);
	write_elfcorehdr(w->sim, AREA, area_size, 0, 0);
	w->area_size = area_size;
	w->buf = malloc(VTD_NOTE_AREA_MAX);
	free(area);
}

void world_up(struct world *w, size_t area_size)
{
	struct sim_rng r;

	sim_rng_init(&r, sim_rng_seed_from_env(71));
	world_up_sized(w, area_size, 2, 8, r.state);
}

void world_down(struct world *w)
{
	free(w->buf);
	free(w->devs);
	sim_free(w->sim);
}

void world_snapshot_again(struct world *w)
{
	uint8_t *area = calloc(1, w->area_size);

	assert_non_null(area);
	take_snapshot(w, &sim_adapter_snap_ops, area, w->area_size);
	sim_mem_write(w->sim, AREA, area, w->area_size);
	free(area);
}

uint64_t world_live_ctx(struct world *w, const struct sim_dev *d)
{
	uint64_t rtaddr = sim_mmio_read64(w->sim, w->bases[d->unit] +
							  VTD_REG_RTADDR);
	uint64_t re = (rtaddr & VTD_RTADDR_RTA) +
		      vtd_sid_bus(d->sid) * VTD_ROOT_ENTRY_SIZE;
	unsigned int devfn = vtd_sid_devfn(d->sid);

	if (VTD_FIELD_GET(VTD_RTADDR_TTM, rtaddr) != VTD_TTM_SCALABLE)
		return (sim_mem_read64(w->sim, re) & VTD_ROOT_LO_CTP) +
		       devfn * VTD_CTX_ENTRY_SIZE;
	return (sim_mem_read64(w->sim,
			       re + vtd_sm_root_half_offset(devfn)) &
		VTD_ROOT_LO_CTP) +
	       vtd_sm_ctx_offset(devfn);
}

void world_add_pasid1(struct world *w, const struct sim_dev *d)
{
	uint64_t dir = sim_mem_read64(w->sim, world_live_ctx(w, d)) &
		       VTD_SM_CTX_LO_PASIDDIRPTR;
	uint64_t pt = sim_mem_read64(w->sim, dir) & VTD_PDE_PTPTR;
	unsigned int k;

	for (k = 0; k < VTD_PASID_ENTRY_WORDS; k++)
		sim_mem_write64(w->sim, pt + VTD_PASID_ENTRY_SIZE + 8 * k,
				sim_mem_read64(w->sim, pt + 8 * k));
}

void world_add_kernel_note(struct world *w, uint64_t pa, uint32_t taker)
{
	struct vtd_snap_ops ops = sim_adapter_snap_ops;
	uint8_t *area = calloc(1, w->area_size);

	assert_non_null(area);
	ops.taker = taker;
	take_snapshot(w, &ops, area, w->area_size);
	sim_mem_write(w->sim, pa, area, w->area_size);
	write_elfcorehdr(w->sim, AREA, w->area_size, pa, w->area_size);
	free(area);
}

void world_put_kernel_area(struct world *w, uint64_t pa, const void *area,
			   size_t size)
{
	static const uint8_t zero[4096];

	sim_mem_write(w->sim, pa, area, size);
	/* kexec_file_load: the kernel's purgatory takes no note. */
	sim_mem_write(w->sim, AREA, zero, sizeof(zero));
	write_elfcorehdr(w->sim, AREA, w->area_size, pa, size);
}

int find_note(struct world *w, struct vtd_note *n)
{
	return vtd_elfcorehdr_find_note(&crash_ops, &w->env, CORE_HDR, w->buf,
					VTD_NOTE_AREA_MAX, n, &w->ram,
					&w->nr_notes);
}

uint64_t world_torn(const struct world *w)
{
	uint64_t t = 0;
	int u;

	for (u = 0; u < w->nr_units; u++)
		t += sim_unit_stats(w->sim, u)->torn_fetches;
	return t;
}

void scalable_on(unsigned int mgaw)
{
	world_scalable = true;
	world_mgaw = mgaw;
}

/* Find, judge and adopt every unit, devices running between all steps. */
struct vtd_adopted *adopted_new(int n)
{
	struct vtd_adopted *a = calloc(1, (size_t)n * (sizeof(*a) +
						      sizeof(*a->ids)));
	struct vtd_adopted_ids *ids = (void *)(a + n);
	int i;

	assert_non_null(a);
	for (i = 0; i < n; i++)
		a[i].ids = &ids[i];
	return a;
}

/*
 * The mode the crash kernel runs the units in: its own choice, or the
 * note's where they differ, before any unit is set up (as
 * intel_kdump_follow_mode() does).
 */
static bool crash_kernel_mode(struct world *w, const struct vtd_note *n)
{
	bool own = world_crash_sm < 0 ? world_scalable : world_crash_sm;
	struct vtd_mode_vote v = { 0 };
	int i;

	for (i = 0; i < w->nr_units; i++)
		vtd_gate_mode_vote(&v, n, &crash_ops, &w->env, w->bases[i]);
	w->mode_followed = vtd_gate_mode_choice(&v, own) == VTD_MODE_FOLLOW;
	return w->mode_followed ? !own : own;
}

void crash_kernel_adopts_fenced(struct world *w, struct vtd_adopted *a,
				const struct vtd_fence *fence)
{
	struct vtd_note n;
	bool sm;
	int i;

	assert_int_equal(find_note(w, &n), 0);
	sm = crash_kernel_mode(w, &n);
	for (i = 0; i < w->nr_units; i++) {
		struct vtd_gate_aside aside;
		bool smts = sim_mmio_read64(w->sim, w->bases[i] +
							    VTD_REG_ECAP) &
			    VTD_ECAP_SMTS;

		/*
		 * Linux runs a unit in scalable mode when it chose it and
		 * the unit has SMTS; in the other mode than the root
		 * table's, the unit would not be adopted.
		 */
		if ((sm && smts) != world_scalable)
			fail_msg("unit %d: the crash kernel runs it in %s mode, "
				 "the first kernel ran it in %s mode", i,
				 sm && smts ? "scalable" : "legacy",
				 world_scalable ? "scalable" : "legacy");

		assert_int_equal(vtd_gate_check_fenced(&n, &w->ram, fence,
						       &crash_ops, &w->env,
						       w->bases[i],
						       VTD_PART_BOTH, &aside),
				 VTD_ADOPT);
		assert_int_equal(vtd_crash_adopt_fenced(&sim_adapter_plat,
							&w->env, &n,
							w->bases[i], &aside,
							&w->ram, fence, &a[i]),
				 0);
	}
	/* Then, every unit set up, Linux flushes each (set_root_entry). */
	for (i = 0; i < w->nr_units; i++)
		assert_int_equal(sim_kernel_flush_unit(&w->env, w->bases[i]),
				 0);
}

void crash_kernel_adopts(struct world *w, struct vtd_adopted *a)
{
	crash_kernel_adopts_fenced(w, a, NULL);
}

/*
 * The crash kernel's driver maps the device's rings again in a new
 * domain of width @aw and type @tt (its first map), and the entry is
 * swapped while the device runs: until the swap returns either page is
 * right for an IOVA, after it only the new one.  With world_crash_nested
 * the domain is nested (#21, 3): its first stage gives guest-physical
 * addresses WORLD_NEST_GPA above the pages, which only the second stage
 * takes back down (and maps the first stage's own tables one to one).
 */
#define WORLD_NEST_GPA (1ull << 40)

int move_device(struct world *w, struct vtd_adopted *a, struct sim_dev *d,
		unsigned int aw, unsigned int tt)
{
	/* Scalable mode: Linux's DMA domains are first-stage (#13). */
	bool fs = world_scalable && !world_second_stage;
	bool nested = fs && world_crash_nested && tt != VTD_TT_PASSTHROUGH;
	uint64_t pgd = 0, ss = 0, first = 0, p;
	uint16_t did;
	int m, ret;

	for (m = 0; m < d->nr_maps; m++)
		d->map[m].pa_next = tt == VTD_TT_PASSTHROUGH ?
					    d->map[m].iova :
					    sim_alloc_page(w->sim);
	/* The model hands out pages in order: the tables lie in between. */
	if (nested)
		first = sim_alloc_page(w->sim);
	if (tt != VTD_TT_PASSTHROUGH)
		pgd = sim_alloc_page(w->sim);
	for (m = 0; m < d->nr_maps && tt != VTD_TT_PASSTHROUGH; m++) {
		if (fs)
			fk_map_fs(w->sim, pgd, vtd_aw_levels(aw),
				  d->map[m].iova,
				  d->map[m].pa_next + (nested ? WORLD_NEST_GPA : 0),
				  VTD_PAGE_SHIFT_4K, true);
		else
			fk_map(w->sim, pgd, vtd_aw_levels(aw), d->map[m].iova,
			       d->map[m].pa_next, VTD_PAGE_SHIFT_4K,
			       VTD_SLPTE_R | VTD_SLPTE_W);
	}
	if (nested) {
		ss = sim_alloc_page(w->sim);
		for (p = first; p < ss; p += VTD_PAGE_SIZE_4K)
			fk_map(w->sim, ss, vtd_aw_levels(aw), p, p,
			       VTD_PAGE_SHIFT_4K, VTD_SLPTE_R | VTD_SLPTE_W);
		for (m = 0; m < d->nr_maps; m++)
			fk_map(w->sim, ss, vtd_aw_levels(aw),
			       d->map[m].pa_next + WORLD_NEST_GPA,
			       d->map[m].pa_next, VTD_PAGE_SHIFT_4K,
			       VTD_SLPTE_R | VTD_SLPTE_W);
	}
	did = 0;
	if (world_scalable) {
		const uint16_t sids[2] = { d->sid, d->alias };
		int nr = d->kind == SIM_DEV_ALIAS ? 2 : 1;
		unsigned int pgtt = tt == VTD_TT_PASSTHROUGH ? VTD_PGTT_PT :
				    fs			 ? VTD_PGTT_FS :
							   VTD_PGTT_SS;

		if (nested)
			ret = sim_kernel_first_map_nested(&w->env, a, sids, nr,
							  pgd, ss, aw, d->ats,
							  &did);
		else
			ret = sim_kernel_first_map_sm(&w->env, a, sids, nr, pgd,
						      aw, pgtt, d->ats, &did);
	} else {
		ret = sim_kernel_first_map(&w->env, a, d->sid, pgd, aw, tt,
					   &did);
		/* Every DMA alias of the device gets the same domain (Linux). */
		if (!ret && d->kind == SIM_DEV_ALIAS)
			ret = sim_kernel_first_map(&w->env, a, d->alias, pgd,
						   aw, tt, &did);
	}
	if (ret)
		return ret;
	for (m = 0; m < d->nr_maps; m++) {
		d->map[m].pa = d->map[m].pa_next;
		d->map[m].pa_next = 0;
	}
	d->did = did;
	d->pgd = pgd;
	return 0;
}
