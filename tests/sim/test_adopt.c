// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_adopt.c - the crash kernel's side in the model.  The gate
 * (crash/gate.c): a first kernel runs with devices in flight, purgatory's snapshot
 * goes into an area in the model's memory, an elfcorehdr points at it,
 * and the crash-kernel side finds the note and judges each unit.  Every
 * way the note or the hardware can disagree must fall back, with its
 * reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "adapter.h"
#include "platform.h"

#define RAM 0x1000000ull
#define AREA 0x30000000ull
#define CORE_HDR 0x30400000ull
#define BASE0 SIM_BASE
#define BASE1 (SIM_BASE + 0x1000)

/* The crash core reads through the one model adapter (adapter.h). */
#define crash_ops sim_adapter_rd

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
#define CRASH_REGION_END (CORE_HDR + 0x100000)
#define RAM_END (RAM + (1ull << 30))

static void write_elfcorehdr(struct sim *sim, uint64_t area, uint64_t size)
{
	uint8_t buf[sizeof(Elf64_Ehdr) + 4 * sizeof(Elf64_Phdr)] = { 0 };
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof(*eh));

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 4;
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
	sim_mem_write(sim, CORE_HDR, buf, sizeof(buf));
	sim_mem_write(sim, CORE_HDR + 0x1000, core_note, sizeof(core_note));
}

struct world {
	struct sim *sim;
	int nr_units, nr_devs;
	uint64_t bases[3];
	struct sim_dev *devs;
	struct sim_traffic traffic;
	struct sim_adapter env;
	struct vtd_elfcorehdr_ram ram;
	uint8_t *buf;
	size_t area_size;
};

/*
 * A first kernel on @nr_units units (segments 0, 1, 1) with @nr_devs
 * devices in flight, then purgatory's snapshot into the area and the
 * loader's elfcorehdr pointing at it.  Everything follows from @seed.
 */
/* Cache eviction in the worlds made from here on (see sim.h). */
static unsigned int world_evict_per_1024;
/*
 * Devices at source-ids drawn from the seed, any bus and any devfn
 * (functions 1-7, devfn 0x80-0xff, the last entry of a 16-entry scan
 * block), instead of function 0 of slots on buses 1 onwards.
 */
static bool world_random_sids;
/*
 * A unit with 5-level tables (MGAW 57: SAGAW 4 and 5 levels), caches
 * that fetch entries in halves (sim_config.tear_per_1024), every n-th
 * device with ATS (TT 01b, a device-TLB; the unit then has ECAP.DT).
 */
static unsigned int world_mgaw = 48;
static unsigned int world_tear_per_1024;
static int world_ats_every;
/*
 * The first kernel's other set-ups (platform.h, enum sim_dev_kind): every
 * fifth device shares the previous one's domain, every seventh is
 * pass-through, every eleventh sits behind a bridge (a DMA alias).
 */
static bool world_kinds;
/*
 * Scalable mode, as Linux 6.12 runs a unit with ECAP.SMTS (#13): PASID
 * directory and table per device, first-stage domains (second-stage with
 * world_second_stage), pass-through with domain id 1, x2APIC IRTEs.
 */
static bool world_scalable;
static bool world_second_stage;

/* Every world_* setting back to its default, after a test that set any. */
static void world_defaults(void)
{
	world_evict_per_1024 = 0;
	world_random_sids = false;
	world_mgaw = 48;
	world_tear_per_1024 = 0;
	world_ats_every = 0;
	world_kinds = false;
	world_scalable = false;
	world_second_stage = false;
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
			 struct test_rng *r)
{
	for (;;) {
		uint16_t sid = (uint16_t)test_rng_below(r, 65536);

		if (!rid_taken(w, unit, upto, sid))
			return sid;
	}
}

static void world_up_sized(struct world *w, size_t area_size, int nr_units,
			   int nr_devs, uint64_t seed)
{
	const uint16_t segments[] = { 0, 1, 1 };
	struct sim_config cfg;
	struct fk_config fk = FK_CONFIG_LINUX(2, 1, 7);
	const struct fk_config fk_sm = FK_CONFIG_LINUX_SM(2, 1, 7);
	struct vtd_snap_unit units[3];
	uint8_t *area = calloc(1, area_size);
	struct test_rng sid_rng;
	int i, used;

	memset(w, 0, sizeof(*w));
	sim_config_default(&cfg, nr_units, segments);
	cfg.evict_per_1024 = world_evict_per_1024;
	cfg.evict_seed = seed;
	cfg.tear_per_1024 = world_tear_per_1024;
	if (world_scalable) {
		fk = fk_sm;
		fk.second_stage = world_second_stage;
	}
	/* A busy unit: 1024 IRTEs and 1024 domain ids. */
	if (nr_devs / nr_units > 200)
		fk.irta_s = 9;
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
	test_rng_init(&sid_rng, seed ^ 0x51d);
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
			struct test_rng ar = { seed ^ (uint64_t)i };
			uint16_t rid;

			/* Buses 0x80 and up: no slot-placed device is there. */
			do
				rid = (uint16_t)(0x8000 |
						 test_rng_below(&ar, 0x8000));
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
	w->env.quiet = true; /* the snapshot sees the devices stand still */
	used = vtd_snapshot(&sim_adapter_snap_ops, &w->env, units,
			    (unsigned int)nr_units, area, area_size);
	w->env.quiet = false;
	assert_true(used > 0);
	sim_mem_write(w->sim, AREA, area, area_size);
	write_elfcorehdr(w->sim, AREA, area_size);
	w->area_size = area_size;
	w->buf = malloc(VTD_NOTE_AREA_MAX);
	free(area);
}

static void world_up(struct world *w, size_t area_size)
{
	struct test_rng r;

	test_rng_init(&r, test_rng_seed_from_env(71));
	world_up_sized(w, area_size, 2, 8, r.state);
}

static void world_down(struct world *w)
{
	free(w->buf);
	free(w->devs);
	sim_free(w->sim);
}

static int find(struct world *w, struct vtd_note *n)
{
	return vtd_elfcorehdr_find_note(&crash_ops, &w->env, CORE_HDR, w->buf,
				   VTD_NOTE_AREA_MAX, n, &w->ram);
}

static void test_adopt_gate_matching_units_are_adopted(void **state)
{
	struct world w;
	struct vtd_note n;

	world_up(&w, 64 << 10);
	assert_int_equal(find(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_ADOPT);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_ADOPT);
	assert_int_equal(
		vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, 0xfed9f000),
		VTD_FALLBACK_NOT_IN_NOTE);
	world_down(&w);
}

static void test_adopt_gate_no_note_or_bad_note(void **state)
{
	struct world w;
	struct vtd_note n;
	uint8_t zero[64] = { 0 }, b;

	world_up(&w, 64 << 10);
	/* A flipped byte inside the descriptor: the checksum says so. */
	sim_mem_read(w.sim, AREA + 100, &b, 1);
	b ^= 0x10;
	sim_mem_write(w.sim, AREA + 100, &b, 1);
	assert_int_equal(find(&w, &n), -VTD_ERR_BADCSUM);
	/* The area as the loader left it: no note. */
	sim_mem_write(w.sim, AREA, zero, sizeof(zero));
	assert_int_equal(find(&w, &n), -VTD_ERR_NOTFOUND);
	/* An elfcorehdr that is not one. */
	sim_mem_write(w.sim, CORE_HDR, zero, 4);
	assert_int_equal(find(&w, &n), -VTD_ERR_BADMAGIC);
	world_down(&w);
}

static void test_adopt_gate_hardware_changed_since(void **state)
{
	struct world w;
	struct vtd_note n;
	uint32_t gsts;

	world_up(&w, 64 << 10);
	assert_int_equal(find(&w, &n), 0);
	/* Unit 1 got a new root table after the crash. */
	gsts = sim_mmio_read32(w.sim, BASE1 + VTD_REG_GSTS);
	sim_mmio_write64(w.sim, BASE1 + VTD_REG_RTADDR, sim_alloc_page(w.sim));
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_FALLBACK_RTADDR);
	/* Its interrupt remapping is still as it was: that part adopts. */
	assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE1,
					 VTD_PART_IR),
			 VTD_ADOPT);
	/* Unit 0 had translation turned off. */
	sim_mmio_write32(w.sim, BASE0 + VTD_REG_GCMD,
			 (gsts & (uint32_t)(VTD_GSTS_IRES | VTD_GSTS_QIES)));
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_FALLBACK_TES);
	assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
					 VTD_PART_IR),
			 VTD_ADOPT);
	world_down(&w);
}

/* A buffer too small at crash time: the note is valid but incomplete. */
static void test_adopt_gate_truncated_snapshot_falls_back(void **state)
{
	struct world w;
	struct vtd_note n;

	world_up(&w, 512);
	assert_int_equal(find(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_FALLBACK_CAPTURE_FAILED);
	world_down(&w);
}

/*
 * Re-encode the note with unit 0's record changed by @edit and its first
 * entry of type rewrite_entry_type (a legacy context entry unless a test
 * says otherwise) by @edit_ctx (either may be NULL).
 */
static uint16_t rewrite_entry_type = VTD_SEC_CTX;

static void rewrite_note_with(struct world *w, const struct vtd_note *n,
			      void (*edit)(struct vtd_note_unit_info *u),
			      void (*edit_ctx)(struct vtd_note_entry *e))
{
	uint8_t *area = calloc(1, w->area_size);
	struct vtd_note_writer wr;
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	int off;

	assert_int_equal(vtd_note_init(&wr, area, w->area_size, 1), 0);
	vtd_note_for_each_unit(n, off) {
		bool first_ctx = true;

		vtd_note_get_unit(n, off, &u);
		if (u.reg_base == BASE0 && edit)
			edit(&u);
		assert_int_equal(vtd_note_add_unit(&wr, &u), 0);
		vtd_note_cursor_init(n, off, &c);
		while (vtd_note_next_entry(n, &c, &e)) {
			if (u.reg_base == BASE0 && edit_ctx && first_ctx &&
			    e.type == rewrite_entry_type) {
				edit_ctx(&e);
				first_ctx = false;
			}
			assert_int_equal(vtd_note_add_entry(&wr, &e), 0);
		}
	}
	assert_true(vtd_note_finish(&wr, 2) > 0);
	sim_mem_write(w->sim, AREA, area, w->area_size);
	free(area);
}

static void rewrite_note(struct world *w, const struct vtd_note *n,
			 void (*edit)(struct vtd_note_unit_info *u))
{
	rewrite_note_with(w, n, edit, NULL);
}

/*
 * Each comparison of the gate, one value changed at a time in the note of
 * unit 0: the unit falls back with that comparison's reason while unit 1,
 * untouched, is adopted (#12: the gate).
 */
static void edit_reg_base(struct vtd_note_unit_info *u) { u->reg_base += 0x10000; }
static void edit_ver(struct vtd_note_unit_info *u) { u->ver ^= 0x1; }
static void edit_cap(struct vtd_note_unit_info *u) { u->cap ^= VTD_CAP_PSI; }
static void edit_ecap(struct vtd_note_unit_info *u) { u->ecap ^= VTD_ECAP_QI; }
static void edit_tes(struct vtd_note_unit_info *u) { u->gsts ^= VTD_GSTS_TES; }
static void edit_ires(struct vtd_note_unit_info *u) { u->gsts ^= VTD_GSTS_IRES; }
static void edit_rtaddr(struct vtd_note_unit_info *u) { u->rtaddr ^= 0x1000; }
static void edit_irta_addr(struct vtd_note_unit_info *u) { u->irta ^= 0x1000; }
static void edit_irta_size(struct vtd_note_unit_info *u) { u->irta ^= 0x1; }
static void edit_irta_mode(struct vtd_note_unit_info *u) { u->irta ^= VTD_IRTA_EIME; }
static void edit_mode(struct vtd_note_unit_info *u) { u->mode = VTD_NOTE_MODE_SCALABLE; }

static void test_adopt_gate_each_comparison(void **state)
{
	/*
	 * What each part says: a change that concerns translation alone
	 * leaves interrupt remapping adoptable, and the reverse (#12, 6).
	 */
	static const struct {
		const char *what;
		void (*edit)(struct vtd_note_unit_info *u);
		enum vtd_gate_verdict dma, ir;
	} cases[] = {
		{ "register base", edit_reg_base, VTD_FALLBACK_NOT_IN_NOTE,
		  VTD_FALLBACK_NOT_IN_NOTE },
		{ "VER", edit_ver, VTD_FALLBACK_REGISTERS,
		  VTD_FALLBACK_REGISTERS },
		{ "CAP", edit_cap, VTD_FALLBACK_REGISTERS,
		  VTD_FALLBACK_REGISTERS },
		{ "ECAP", edit_ecap, VTD_FALLBACK_REGISTERS,
		  VTD_FALLBACK_REGISTERS },
		{ "GSTS.TES", edit_tes, VTD_FALLBACK_TES, VTD_ADOPT },
		{ "GSTS.IRES", edit_ires, VTD_ADOPT, VTD_FALLBACK_IRES },
		{ "RTADDR", edit_rtaddr, VTD_FALLBACK_RTADDR, VTD_ADOPT },
		{ "IRTA address", edit_irta_addr, VTD_ADOPT, VTD_FALLBACK_IRTA },
		{ "IRTA size", edit_irta_size, VTD_ADOPT, VTD_FALLBACK_IRTA },
		{ "IRTA mode (EIME)", edit_irta_mode, VTD_ADOPT,
		  VTD_FALLBACK_IRTA },
		{ "translation mode", edit_mode, VTD_FALLBACK_MODE,
		  VTD_ADOPT },
	};
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(cases); i++) {
		enum vtd_gate_verdict dma, ir, both;
		struct world w;
		struct vtd_note n;

		world_up(&w, 64 << 10);
		assert_int_equal(find(&w, &n), 0);
		assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env,
						      BASE0),
				 VTD_ADOPT);
		rewrite_note(&w, &n, cases[i].edit);
		assert_int_equal(find(&w, &n), 0);
		dma = vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
				      VTD_PART_DMA);
		ir = vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
				     VTD_PART_IR);
		both = vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0);
		if (dma != cases[i].dma || ir != cases[i].ir ||
		    both != (cases[i].dma ? cases[i].dma : cases[i].ir))
			fail_msg("%s changed: DMA %d, IR %d, both %d; want "
				 "%d, %d",
				 cases[i].what, dma, ir, both, cases[i].dma,
				 cases[i].ir);
		assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env,
						      BASE1),
				 VTD_ADOPT);
		world_down(&w);
	}
	assert_string_equal(vtd_gate_verdict_str(VTD_FALLBACK_MODE),
			    "the note's translation mode is not the unit's");
}

/*
 * Context entries the unit could not use never become live state (#12,
 * 13): one bad entry in the note and the unit falls back, nothing written.
 */
static void ctx_tt_reserved(struct vtd_note_entry *e)
{
	e->val[0] |= VTD_FIELD_PREP(VTD_CTX_LO_TT, 3);
}
static void ctx_lo_rsvd(struct vtd_note_entry *e) { e->val[0] |= VTD_BIT(4); }
static void ctx_hi_rsvd(struct vtd_note_entry *e) { e->val[1] |= VTD_BIT(7); }
static void ctx_hi_rsvd_top(struct vtd_note_entry *e) { e->val[1] |= VTD_BIT(40); }
static void ctx_aw_57(struct vtd_note_entry *e)
{
	e->val[1] = (e->val[1] & ~VTD_CTX_HI_AW) |
		    VTD_FIELD_PREP(VTD_CTX_HI_AW, VTD_AW_57BIT);
}
static void ctx_did_past_nd(struct vtd_note_entry *e)
{
	e->val[1] = (e->val[1] & ~VTD_CTX_HI_DID) |
		    VTD_FIELD_PREP(VTD_CTX_HI_DID, 0xffff);
}
static void ctx_tt_all(struct vtd_note_entry *e)
{
	e->val[0] = (e->val[0] & ~VTD_CTX_LO_TT) |
		    VTD_FIELD_PREP(VTD_CTX_LO_TT, VTD_TT_ALL);
}
static void ctx_fine(struct vtd_note_entry *e) { }

static void test_adopt_gate_invalid_context_entries(void **state)
{
	static const struct {
		const char *what;
		void (*edit)(struct vtd_note_entry *e);
		enum vtd_gate_verdict want;
	} cases[] = {
		{ "unchanged", ctx_fine, VTD_ADOPT },
		{ "TT 3 (reserved)", ctx_tt_reserved, VTD_FALLBACK_BAD_ENTRY },
		{ "reserved bit 4", ctx_lo_rsvd, VTD_FALLBACK_BAD_ENTRY },
		{ "reserved bit 71", ctx_hi_rsvd, VTD_FALLBACK_BAD_ENTRY },
		{ "reserved bit 104", ctx_hi_rsvd_top, VTD_FALLBACK_BAD_ENTRY },
		{ "AW 57-bit, not in SAGAW", ctx_aw_57, VTD_FALLBACK_BAD_ENTRY },
		{ "DID past CAP.ND", ctx_did_past_nd, VTD_FALLBACK_BAD_ENTRY },
		{ "TT 1 without ECAP.DT", ctx_tt_all, VTD_FALLBACK_BAD_ENTRY },
	};
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(cases); i++) {
		struct vtd_note n;
		struct world w;
		enum vtd_gate_verdict v;

		world_up(&w, 64 << 10);
		assert_false(sim_default_ecap() & VTD_ECAP_DT);
		assert_false(VTD_FIELD_GET(VTD_CAP_SAGAW, sim_default_cap(48, 8, 2)) &
			     (1u << VTD_AW_57BIT));
		assert_int_equal(find(&w, &n), 0);
		rewrite_note_with(&w, &n, NULL, cases[i].edit);
		assert_int_equal(find(&w, &n), 0);
		v = vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0);
		if (v != cases[i].want)
			fail_msg("%s: verdict %d, want %d", cases[i].what, v,
				 cases[i].want);
		assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env,
						      BASE1),
				 VTD_ADOPT);
		world_down(&w);
	}
}

/* A unit flag from a later minor version: this reader does not know it. */
static void unknown_unit_flag(struct vtd_note_unit_info *u)
{
	u->flags |= 0x80000000;
}

/* Set note header flags in the area and make the checksum match again. */
static void set_note_flags(struct world *w, uint32_t flags)
{
	uint8_t *area = malloc(w->area_size);
	const void *desc;
	size_t len, bad;
	uint8_t *d;

	sim_mem_read(w->sim, AREA, area, w->area_size);
	assert_int_equal(vtd_note_find(area, w->area_size, &desc, &len, &bad),
			 0);
	d = (uint8_t *)desc; /* inside @area, which is ours to edit */
	vtd_st_le32(d + offsetof(struct vtd_note_hdr, flags), flags);
	vtd_st_le32(d + offsetof(struct vtd_note_hdr, checksum), 0);
	vtd_st_le32(d + offsetof(struct vtd_note_hdr, checksum),
		    vtd_note_checksum(d, len));
	sim_mem_write(w->sim, AREA, area, w->area_size);
	free(area);
}

/* Flags this reader does not know mean "do not adopt" (#12, 12). */
static void test_adopt_gate_unknown_flags_fail_closed(void **state)
{
	struct world w;
	struct vtd_note n;

	world_up(&w, 64 << 10);
	assert_int_equal(find(&w, &n), 0);
	rewrite_note(&w, &n, unknown_unit_flag);
	assert_int_equal(find(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_FALLBACK_CAPTURE_FAILED);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_ADOPT);
	world_down(&w);

	world_up(&w, 64 << 10);
	set_note_flags(&w, VTD_NOTE_F_COMPLETE | 0x100);
	assert_int_equal(find(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_FALLBACK_CAPTURE_FAILED);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_FALLBACK_CAPTURE_FAILED);
	/* The same note with only COMPLETE is adopted: the edit is sound. */
	set_note_flags(&w, VTD_NOTE_F_COMPLETE);
	assert_int_equal(find(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_ADOPT);
	world_down(&w);
}

/* --- the adoption itself, with the devices running throughout --- */

/* Find, judge and adopt every unit, devices running between all steps. */
static void crash_kernel_adopts(struct world *w, struct vtd_adopted *a)
{
	struct vtd_note n;
	int i;

	assert_int_equal(find(w, &n), 0);
	for (i = 0; i < w->nr_units; i++) {
		assert_int_equal(vtd_gate_check_unit(&n, &w->ram, &crash_ops, &w->env,
						      w->bases[i]),
				 VTD_ADOPT);
		assert_int_equal(vtd_crash_adopt_unit(&sim_adapter_plat,
						      &w->env, &n, w->bases[i],
						      &a[i]),
				 0);
	}
	/* Then, every unit set up, Linux flushes each (set_root_entry). */
	for (i = 0; i < w->nr_units; i++)
		assert_int_equal(sim_kernel_flush_unit(&w->env, w->bases[i]),
				 0);
}

static void assert_nothing_went_wrong(struct world *w)
{
	struct sim_dev_counts sum;
	int u;

	sim_dev_counts_sum(w->devs, w->nr_devs, &sum);
	if (sum.dma_faults || sum.irq_faults || sum.dma_misdirected ||
	    sum.irq_misdirected)
		fail_msg("dma faults %llu, irq faults %llu, misdirected %llu "
			 "dma / %llu irq",
			 (unsigned long long)sum.dma_faults,
			 (unsigned long long)sum.irq_faults,
			 (unsigned long long)sum.dma_misdirected,
			 (unsigned long long)sum.irq_misdirected);
	assert_true(sum.dma_ok > 0 && sum.irq_ok > 0);
	for (u = 0; u < w->nr_units; u++)
		assert_int_equal(sim_unit_stats(w->sim, u)->misprogrammed, 0);
}

/*
 * The adoption happened, and it is the first kernel's state that was
 * adopted (#12): every device's context entry copied, its domain id and
 * its MSIs' IRTE indices reserved, nothing else reserved, the root table
 * and IRTE table kept.  A no-op adoption, or one that installs a fresh
 * root table, fails here however quiet the devices stayed.
 */
static void assert_adopted_what_fk_had(struct world *w,
				       const struct vtd_adopted *a)
{
	int u, i, k;

	for (u = 0; u < w->nr_units; u++) {
		uint32_t ctxs = 0, irqs = 0, dids = 0, d;
		uint8_t seen[VTD_NR_DIDS_MAX / 8] = { 0 };

		assert_int_equal(a[u].root,
				 sim_mmio_read64(w->sim, w->bases[u] +
							 VTD_REG_RTADDR) &
					 VTD_RTADDR_RTA);
		assert_int_equal(a[u].irt,
				 sim_mmio_read64(w->sim, w->bases[u] +
							 VTD_REG_IRTA) &
					 VTD_IRTA_IRTA);
		for (i = 0; i < w->nr_devs; i++) {
			const struct sim_dev *dev = &w->devs[i];

			if (dev->unit != u)
				continue;
			ctxs += dev->kind == SIM_DEV_ALIAS ? 2 : 1;
			assert_true(vtd_adopted_did(&a[u], dev->did));
			if (!(seen[dev->did / 8] & (1u << (dev->did % 8)))) {
				seen[dev->did / 8] |= 1u << (dev->did % 8);
				dids++;
			}
			for (k = 0; k < dev->nr_irqs; k++) {
				assert_true(vtd_adopted_irte(&a[u],
							     dev->irq[k].index));
				irqs++;
			}
		}
		assert_int_equal(a[u].contexts, ctxs);
		assert_true(a[u].irtes >= irqs); /* and the IOAPIC's */
		/* Domain ids: the devices' and 0 (never handed out). */
		for (d = 1; d < VTD_NR_DIDS_MAX; d++)
			if (vtd_adopted_did(&a[u], d) &&
			    !(seen[d / 8] & (1u << (d % 8))))
				fail_msg("unit %d: domain id %u reserved but "
					 "no device had it", u, d);
		assert_true(dids > 0);
	}
}

static void test_adopt_handover_without_a_fault(void **state)
{
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	uint64_t rt0, irta0;
	struct world w;

	world_up(&w, 64 << 10);
	rt0 = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR);
	irta0 = sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA);
	crash_kernel_adopts(&w, a);
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);
	/* Root table and IRTE table kept, remapping never off. */
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR), rt0);
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA), irta0);
	assert_true(sim_mmio_read32(w.sim, BASE0 + VTD_REG_GSTS) &
		    VTD_GSTS_TES);
	assert_int_equal(a[0].contexts + a[1].contexts, 8);
	assert_int_equal(a[0].irtes + a[1].irtes, 8);
	assert_true(w.traffic.steps > 20);
	free(a);
	world_down(&w);
}

/* After its first map a device has a new, empty domain; others do not. */
static void test_adopt_first_map_gives_a_new_domain(void **state)
{
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	struct sim_dev *d0, *d2;
	struct sim_dma_result r;
	struct world w;
	uint64_t pgd, page;
	uint16_t did;
	uint8_t b[8];

	world_up(&w, 64 << 10);
	crash_kernel_adopts(&w, a);
	d0 = &w.devs[0]; /* unit 0 */
	d2 = &w.devs[2]; /* unit 0 too, left alone */
	pgd = sim_alloc_page(w.sim);
	did = 0;
	assert_int_equal(sim_kernel_first_map(&w.env, &a[0], d0->sid, pgd,
					      VTD_AW_48BIT,
					      VTD_TT_UNTRANSLATED, &did),
			 0);
	assert_int_not_equal(did, d0->did);
	assert_int_not_equal(did, d2->did);
	sim_set_step_hook(w.sim, NULL, NULL);
	/* The crash kernel's driver maps a fresh buffer at a new IOVA. */
	page = sim_alloc_page(w.sim);
	fk_map(w.sim, pgd, 4, 0x80000000, page, 12, VTD_SLPTE_R | VTD_SLPTE_W);
	r = sim_dma(w.sim, 0, d0->sid, 0x80000010, true, b, 8);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, page + 0x10);
	/* Its old IOVAs are no longer reachable from it. */
	r = sim_dma(w.sim, 0, d0->sid, d0->map[0].iova, false, b, 8);
	assert_int_equal(r.result, SIM_FAULT);
	assert_int_equal(r.reason, VTD_FR_READ);
	/* Another device still runs on its old tables. */
	r = sim_dma(w.sim, 0, d2->sid, d2->map[1].iova + 8, true, b, 8);
	assert_int_equal(r.result, SIM_OK);
	assert_int_equal(r.pa, d2->map[1].pa + 8);
	free(a);
	world_down(&w);
}

/*
 * A bus whose root entry the note did not have (here: pointed at a page
 * of old memory after the crash): its context table is the dump's, and a
 * swap for a device on it must leave that page alone (#12, 4).
 */
static void test_adopt_swap_only_under_adopted_tables(void **state)
{
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	uint8_t before[4096], after[4096];
	uint64_t old_table, re;
	const uint16_t bus = 0x7e;
	struct world w;

	world_up(&w, 64 << 10);
	crash_kernel_adopts(&w, a);
	sim_set_step_hook(w.sim, NULL, NULL);
	assert_int_equal(a[0].ctx_tables[bus], 0);
	old_table = sim_alloc_page(w.sim);
	sim_mem_write64(w.sim, old_table + 8, 0x0102);
	sim_mem_write64(w.sim, old_table, 0x5000 | VTD_CTX_LO_P);
	re = a[0].root + bus * VTD_ROOT_ENTRY_SIZE;
	sim_mem_write64(w.sim, re, old_table | VTD_ROOT_LO_P);
	sim_mem_read(w.sim, old_table, before, sizeof(before));
	assert_int_equal(vtd_crash_swap_context(
				 &sim_adapter_plat, &w.env, &a[0],
				 (uint16_t)(bus << 8),
				 0x6000 | VTD_CTX_LO_P, 0x0202),
			 -VTD_ERR_NOTFOUND);
	sim_mem_read(w.sim, old_table, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	free(a);
	world_down(&w);
}

/*
 * Out of pages half-way through a unit: the adoption fails before it
 * has written anything the hardware reads and gives back every page it
 * took (#12, 10), so the kernel's fallback finds old memory as the
 * crash left it, and the devices never notice.
 */
static void test_adopt_out_of_pages_leaves_old_memory_alone(void **state)
{
	struct vtd_adopted *a = calloc(1, sizeof(*a));
	uint8_t before[4096], after[4096];
	struct vtd_note n;
	struct world w;
	uint64_t rt;

	world_up_sized(&w, 64 << 10, 1, 70, 0x0ddba11); /* buses 1-3 */
	assert_int_equal(find(&w, &n), 0);
	rt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR) & VTD_RTADDR_RTA;
	sim_mem_read(w.sim, rt, before, sizeof(before));
	w.env.pages_left = 2;
	assert_int_equal(vtd_crash_adopt_unit(&sim_adapter_plat, &w.env, &n,
					      BASE0, a),
			 -VTD_ERR_NOSPACE);
	assert_int_equal(w.env.pages_allocated, 2);
	assert_int_equal(w.env.pages_freed, 2);
	sim_mem_read(w.sim, rt, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env,
					      BASE0),
			 VTD_ADOPT);
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);
	/* With pages, the same unit is adopted, and keeps them. */
	w.env.pages_left = -1;
	assert_int_equal(vtd_crash_adopt_unit(&sim_adapter_plat, &w.env, &n,
					      BASE0, a),
			 0);
	assert_int_equal(w.env.pages_freed, 2);
	assert_int_equal(w.env.pages_allocated, 2 + 3);
	sim_mem_read(w.sim, rt, after, sizeof(after));
	assert_memory_not_equal(before, after, sizeof(before));
	assert_int_equal(a->contexts, 70);
	free(a);
	world_down(&w);
}

/* The remappable-format MSI address for IRTE @idx, as fk programs. */
static uint64_t msi_addr(uint32_t idx)
{
	return VTD_MSI_ADDR_BASE | VTD_MSI_ADDR_IF | VTD_MSI_ADDR_SHV |
	       VTD_FIELD_PREP(VTD_MSI_ADDR_HANDLE_LO, idx) |
	       VTD_FIELD_PREP(VTD_MSI_ADDR_HANDLE_15,
			      idx >> VTD_MSI_ADDR_HANDLE_LO_BITS);
}

/*
 * Point 7: the crash kernel's own interrupts go into the adopted table
 * at indices the crashed kernel did not use, while the old ones keep
 * arriving where they should.  Writing over a reserved index instead
 * (the control) misdirects a device that is still running.
 */
static void test_adopt_new_irtes_leave_the_old_ones_alone(void **state)
{
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	struct vtd_adopted *plan = calloc(1, sizeof(*plan));
	struct sim_dev *d = NULL;
	struct sim_irq_result r;
	struct vtd_note n;
	struct world w;
	uint32_t idx;
	int k;

	world_up(&w, 64 << 10);
	assert_int_equal(find(&w, &n), 0);
	assert_int_equal(vtd_crash_plan_unit(&n, BASE0, plan), 0);
	crash_kernel_adopts(&w, a);
	for (k = 0; k < w.nr_devs && !d; k++)
		if (w.devs[k].unit == 0)
			d = &w.devs[k];
	assert_non_null(d);
	for (k = 0; k < 16; k++) {
		uint8_t vec = (uint8_t)(0xe0 + k);
		uint32_t dest = 0x7000 + (uint32_t)k;

		assert_int_equal(
			sim_kernel_new_irte(
				&w.env, &a[0],
				VTD_IRTE_LO_P |
					VTD_FIELD_PREP(VTD_IRTE_LO_V, vec) |
					VTD_FIELD_PREP(VTD_IRTE_LO_DST, dest),
				VTD_FIELD_PREP(VTD_IRTE_HI_SID, d->sid) |
					VTD_FIELD_PREP(VTD_IRTE_HI_SVT,
						       VTD_SVT_SID),
				&idx),
			0);
		assert_false(vtd_adopted_irte(plan, idx));
		r = sim_msi(w.sim, 0, d->sid, msi_addr(idx), 0);
		assert_int_equal(r.result, SIM_OK);
		assert_int_equal(r.index, idx);
		assert_int_equal(r.vector, vec);
		assert_int_equal(r.dest, dest);
	}
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);

	/*
	 * The control: an allocator that ignores the reservation hands out
	 * index 0 again, and the device whose MSI used it goes astray.
	 */
	sim_set_step_hook(w.sim, NULL, NULL);
	memset(a[0].irte_used, 0, sizeof(a[0].irte_used));
	assert_int_equal(
		sim_kernel_new_irte(&w.env, &a[0],
				   VTD_IRTE_LO_P |
					   VTD_FIELD_PREP(VTD_IRTE_LO_V, 0xef) |
					   VTD_FIELD_PREP(VTD_IRTE_LO_DST, 0x7fff),
				   0, &idx),
		0);
	assert_int_equal(idx, 0);
	for (k = 0, d = NULL; k < w.nr_devs; k++)
		if (w.devs[k].unit == 0 && w.devs[k].irq[0].index == 0)
			d = &w.devs[k];
	assert_non_null(d);
	r = sim_msi(w.sim, 0, d->sid, d->irq[0].addr, d->irq[0].data);
	assert_true(r.result != SIM_OK || r.vector != d->irq[0].vector);
	free(plan);
	free(a);
	world_down(&w);
}

/*
 * The core asks the platform for every invalidation (the kernel owns its
 * queue) and for none during the adoption itself: the new tables hold
 * what the old ones did, and Linux flushes each unit once, after queued
 * invalidation is up on all of them (#12, 8).  The swap's requests carry
 * the replaced entry's domain id (#12, 1).
 */
static void test_adopt_invalidations_go_through_the_platform(void **state)
{
	struct vtd_adopted *a = calloc(1, sizeof(*a));
	struct vtd_adopted *plan = calloc(1, sizeof(*plan));
	struct sim_dev *d0;
	struct vtd_note n;
	struct world w;
	uint64_t iqt, pgd;
	uint16_t did;

	world_up(&w, 64 << 10);
	assert_int_equal(find(&w, &n), 0);
	iqt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_IQT);
	/* The plan alone: what interrupt remapping needs, nothing written. */
	assert_int_equal(vtd_crash_plan_unit(&n, BASE0, plan), 0);
	assert_int_equal(vtd_crash_plan_unit(&n, 0x1000, plan),
			 -VTD_ERR_NOTFOUND);
	assert_int_equal(vtd_crash_plan_unit(&n, BASE0, plan), 0);

	assert_int_equal(vtd_crash_adopt_unit(&sim_adapter_plat, &w.env, &n,
					      BASE0, a),
			 0);
	assert_memory_equal(plan->irte_used, a->irte_used,
			    sizeof(a->irte_used));
	assert_int_equal(plan->irtes, a->irtes);
	assert_int_equal(w.env.nr_log, 0);
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_IQT), iqt);

	d0 = &w.devs[0];
	pgd = sim_alloc_page(w.sim);
	did = 0;
	assert_int_equal(sim_kernel_first_map(&w.env, a, d0->sid, pgd,
					      VTD_AW_48BIT,
					      VTD_TT_UNTRANSLATED, &did),
			 0);
	assert_int_equal(w.env.nr_log, 3);
	assert_int_equal(w.env.log[0].what, VTD_CRASH_INV_CC_DEVICE);
	assert_int_equal(w.env.log[0].sid, d0->sid);
	/* The domain-id the replaced entry had, never 0 (issue #12, 1). */
	assert_int_equal(w.env.log[0].did, d0->did);
	assert_int_equal(w.env.log[1].what, VTD_CRASH_INV_IOTLB_DOMAIN);
	assert_int_equal(w.env.log[1].did, d0->did);
	assert_int_equal(w.env.log[2].what, VTD_CRASH_INV_IOTLB_DOMAIN);
	assert_int_equal(w.env.log[2].did, did);
	free(plan);
	free(a);
	world_down(&w);
}

/*
 * The same scenarios, twice: the pre-4.2 reset must fault (reason 1 and
 * 34, as in test_sim_baseline) and the adoption must not, with the
 * devices running between every step of either.
 */
static void test_adopt_zero_faults_where_the_reset_faults(void **state)
{
	uint64_t base = test_rng_seed_from_env(0xad0b7), s;
	uint64_t reset_faults = 0, scenarios = 0;
	struct vtd_adopted *a = calloc(3, sizeof(*a));

	printf("# seeds 0x%llx.. (replay with VTD_TEST_SEED)\n",
	       (unsigned long long)base);
	for (s = 0; s < 60; s++) {
		int units = 1 + (int)(s % 3), devs = 6 + (int)(s * 7 % 60);
		struct sim_dev_counts sum;
		struct world w;

		world_up_sized(&w, 256 << 10, units, devs, base + s);
		naive_crash_kernel(w.sim);
		sim_traffic_burst(&w.traffic, 2);
		sim_dev_counts_sum(w.devs, devs, &sum);
		if (!sum.dma_faults || !sum.irq_faults)
			fail_msg("seed 0x%llx: the reset did not fault",
				 (unsigned long long)(base + s));
		reset_faults += sum.dma_faults + sum.irq_faults;
		world_down(&w);

		world_up_sized(&w, 256 << 10, units, devs, base + s);
		crash_kernel_adopts(&w, a);
		sim_traffic_burst(&w.traffic, 2);
		assert_nothing_went_wrong(&w);
		world_down(&w);
		scenarios++;
	}
	printf("# %llu scenarios: the reset faulted %llu times, the adoption "
	       "0\n",
	       (unsigned long long)scenarios, (unsigned long long)reset_faults);
	free(a);
}

static int move_device(struct world *w, struct vtd_adopted *a,
		       struct sim_dev *d, unsigned int aw, unsigned int tt);
static uint64_t world_torn(const struct world *w);

/*
 * The crash kernel at work while the devices run (#12): every fourth
 * device gets its first map (a new domain: 5-level on a 57-bit unit,
 * ATS devices keep TT 01b, every eighth pass-through), and two new
 * IRTEs go into each adopted table, their MSIs checked.
 */
static void crash_kernel_works(struct world *w, struct vtd_adopted *a)
{
	unsigned int aw = world_mgaw == 57 ? VTD_AW_57BIT : VTD_AW_48BIT;
	int i, u, k;

	for (i = 0; i < w->nr_devs; i += 4) {
		struct sim_dev *d = &w->devs[i];
		unsigned int tt = d->ats	     ? VTD_TT_ALL :
				  i % 8 == 4 ? VTD_TT_PASSTHROUGH :
					       VTD_TT_UNTRANSLATED;

		assert_int_equal(move_device(w, &a[d->unit], d, aw, tt), 0);
	}
	for (u = 0; u < w->nr_units; u++) {
		for (k = 0; k < 2; k++) {
			struct sim_irq_result r;
			uint32_t idx;

			assert_int_equal(
				sim_kernel_new_irte(
					&w->env, &a[u],
					VTD_IRTE_LO_P |
						VTD_FIELD_PREP(VTD_IRTE_LO_V,
							       0xe0 + k) |
						VTD_FIELD_PREP(VTD_IRTE_LO_DST,
							       0x77),
					0, &idx),
				0);
			r = sim_msi(w->sim, u, 0x1234, msi_addr(idx), 0);
			assert_int_equal(r.result, SIM_OK);
			assert_int_equal(r.vector, 0xe0 + k);
		}
	}
}

/*
 * One scenario of the bulk tests, from @seed, with the world_* settings
 * of the caller: the first kernel up, 1-6 device operations between
 * steps, the adoption checked against what the first kernel had, the
 * crash kernel at work, no fault.  The caller takes the world down.
 */
static void run_scenario(struct world *w, struct vtd_adopted *a, int units,
			 int devs, uint64_t seed)
{
	world_up_sized(w, 512 << 10, units, devs, seed);
	w->traffic.max_ops = 1 + (int)(seed % 6);
	crash_kernel_adopts(w, a);
	assert_adopted_what_fk_had(w, a);
	crash_kernel_works(w, a);
	sim_traffic_burst(&w->traffic, 2);
	assert_nothing_went_wrong(w);
}

/*
 * Many more scenarios, adoption only: 1-3 units on segments 0 and 1,
 * 6-300 devices, 1-6 device operations between steps (the interleaving),
 * all from one seed.  VTD_ADOPT_SCENARIOS sets how many (default 2000).
 */
static void test_adopt_thousands_of_scenarios(void **state)
{
	uint64_t base = test_rng_seed_from_env(0x5ca1e), s, n = 2000;
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	const char *env = getenv("VTD_ADOPT_SCENARIOS");
	uint64_t devs_total = 0, contexts = 0, irtes = 0, torn = 0;
	struct test_rng r = { base };

	if (env && *env)
		n = strtoull(env, NULL, 0);
	for (s = 0; s < n; s++) {
		int units = 1 + (int)test_rng_below(&r, 3);
		int devs = 6 + (int)test_rng_below(&r, 295);
		uint64_t seed = test_rng_next(&r);
		struct world w;
		int u;

		/*
		 * Every other world has its devices anywhere, every fourth
		 * 5-level tables, every third some devices with ATS, and
		 * every unit may fetch entries in halves (#12).
		 */
		world_random_sids = s & 1;
		world_mgaw = s % 4 == 1 ? 57 : 48;
		world_ats_every = s % 3 == 0 ? 3 : 0;
		world_tear_per_1024 = 64;
		world_kinds = s % 4 < 2; /* shared, identity, aliased */
		run_scenario(&w, a, units, devs, seed);
		world_random_sids = false;
		torn += world_torn(&w);
		for (u = 0; u < units; u++) {
			contexts += a[u].contexts;
			irtes += a[u].irtes;
		}
		devs_total += (uint64_t)devs;
		world_down(&w);
	}
	world_defaults();
	printf("# %llu scenarios from seed 0x%llx: %llu devices, %llu context "
	       "entries and %llu IRTEs adopted, a quarter of the devices moved "
	       "and 2 IRTEs added per unit in flight (%llu torn fetches), 0 "
	       "faults\n",
	       (unsigned long long)n, (unsigned long long)base,
	       (unsigned long long)devs_total, (unsigned long long)contexts,
	       (unsigned long long)irtes, (unsigned long long)torn);
	free(a);
}

/*
 * The same adoption on hardware whose caches drop entries at will (one
 * hit in 16 evicts first): the unit walks the tables at moments no
 * invalidation chose, so every state the adoption passes through must
 * be one the devices can use.  Devices sit at any bus and devfn.
 */
static void test_adopt_scenarios_with_evicting_caches(void **state)
{
	uint64_t base = test_rng_seed_from_env(0xe71c7), s, n = 200;
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	uint64_t evictions = 0, upper = 0, funcs = 0, block_ends = 0;
	struct test_rng r = { base };

	world_evict_per_1024 = 64;
	world_random_sids = true;
	for (s = 0; s < n; s++) {
		int units = 1 + (int)test_rng_below(&r, 3);
		int devs = 6 + (int)test_rng_below(&r, 120);
		uint64_t seed = test_rng_next(&r);
		struct world w;
		int u;

		world_mgaw = s % 2 ? 57 : 48;
		world_ats_every = s % 3 == 0 ? 2 : 0;
		world_kinds = true;
		run_scenario(&w, a, units, devs, seed);
		for (u = 0; u < units; u++)
			evictions += sim_unit_stats(w.sim, u)->evictions;
		for (u = 0; u < devs; u++) {
			uint8_t devfn = w.devs[u].sid & 0xff;

			upper += devfn >= 0x80;
			funcs += VTD_DEVFN_FN(devfn) != 0;
			block_ends += devfn % 16 == 15;
		}
		world_down(&w);
	}
	/* The placement reached what it is there for. */
	assert_true(upper > 0 && funcs > 0 && block_ends > 0);
	world_defaults();
	assert_true(evictions > 0);
	printf("# %llu scenarios from seed 0x%llx with evicting caches and "
	       "devices anywhere (%llu at devfn 0x80-0xff, %llu not function "
	       "0, %llu at the end of a scan block): %llu evictions, 0 "
	       "faults\n",
	       (unsigned long long)n, (unsigned long long)base,
	       (unsigned long long)upper, (unsigned long long)funcs,
	       (unsigned long long)block_ends, (unsigned long long)evictions);
	free(a);
}


/* --- the live tables, old RAM, and the first map in flight --- */

/*
 * The crash kernel's driver maps the device's rings again in a new
 * domain of width @aw and type @tt (its first map), and the entry is
 * swapped while the device runs: until the swap returns either page is
 * right for an IOVA, after it only the new one.
 */
static int move_device(struct world *w, struct vtd_adopted *a,
		       struct sim_dev *d, unsigned int aw, unsigned int tt)
{
	/* Scalable mode: Linux's DMA domains are first-stage (#13). */
	bool fs = world_scalable && !world_second_stage;
	uint64_t pgd = 0;
	uint16_t did;
	int m, ret;

	if (tt != VTD_TT_PASSTHROUGH)
		pgd = sim_alloc_page(w->sim);
	for (m = 0; m < d->nr_maps; m++) {
		if (tt == VTD_TT_PASSTHROUGH) {
			d->map[m].pa_next = d->map[m].iova;
			continue;
		}
		d->map[m].pa_next = sim_alloc_page(w->sim);
		if (fs)
			fk_map_fs(w->sim, pgd, vtd_aw_levels(aw),
				  d->map[m].iova, d->map[m].pa_next,
				  VTD_PAGE_SHIFT_4K, true);
		else
			fk_map(w->sim, pgd, vtd_aw_levels(aw), d->map[m].iova,
			       d->map[m].pa_next, VTD_PAGE_SHIFT_4K,
			       VTD_SLPTE_R | VTD_SLPTE_W);
	}
	did = 0;
	if (world_scalable) {
		const uint16_t sids[2] = { d->sid, d->alias };
		unsigned int pgtt = tt == VTD_TT_PASSTHROUGH ? VTD_PGTT_PT :
				    fs			 ? VTD_PGTT_FS :
							   VTD_PGTT_SS;

		ret = sim_kernel_first_map_sm(&w->env, a, sids,
					      d->kind == SIM_DEV_ALIAS ? 2 : 1,
					      pgd, aw, pgtt, d->ats, &did);
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

static uint64_t world_torn(const struct world *w)
{
	uint64_t t = 0;
	int u;

	for (u = 0; u < w->nr_units; u++)
		t += sim_unit_stats(w->sim, u)->torn_fetches;
	return t;
}

/*
 * The gate reads the live root table and every context table it points
 * at: a present entry the note does not have, or one that changed since
 * the crash, is a mismatch for translation (#12, 4 and 13), while
 * interrupt remapping, judged on its own, is still adopted (#12, 6).
 */
enum live_edit { LIVE_NONE, LIVE_EXTRA_ROOT, LIVE_EXTRA_CTX, LIVE_CTX_PT,
		 LIVE_CTX_GONE };

static void test_adopt_gate_live_tables_must_match_the_note(void **state)
{
	static const struct {
		const char *what;
		enum live_edit edit;
		enum vtd_gate_verdict want;
	} cases[] = {
		{ "unchanged", LIVE_NONE, VTD_ADOPT },
		{ "a root entry not in the note", LIVE_EXTRA_ROOT,
		  VTD_FALLBACK_TABLES },
		{ "a context entry not in the note", LIVE_EXTRA_CTX,
		  VTD_FALLBACK_TABLES },
		{ "pass-through now, translating then", LIVE_CTX_PT,
		  VTD_FALLBACK_TABLES },
		{ "a noted context entry no longer present", LIVE_CTX_GONE,
		  VTD_FALLBACK_TABLES },
	};
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(cases); i++) {
		struct vtd_note n;
		struct world w;
		struct sim_dev *d;
		uint64_t rt, re, ce;
		enum vtd_gate_verdict v;

		world_up(&w, 64 << 10);
		d = &w.devs[0]; /* on unit 0 */
		rt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR) &
		     VTD_RTADDR_RTA;
		re = sim_mem_read64(w.sim, rt + (d->sid >> 8) * 16);
		ce = (re & VTD_ROOT_LO_CTP) + (d->sid & 0xff) * 16;
		switch (cases[i].edit) {
		case LIVE_NONE:
			break;
		case LIVE_EXTRA_ROOT:
			sim_mem_write64(w.sim, rt + 0xfe * 16,
					sim_alloc_page(w.sim) | VTD_ROOT_LO_P);
			break;
		case LIVE_EXTRA_CTX:
			fk_set_context(w.sim, rt, (uint16_t)(d->sid ^ 0x80),
				       d->pgd, d->did, VTD_AW_48BIT,
				       VTD_TT_UNTRANSLATED);
			break;
		case LIVE_CTX_PT:
			sim_mem_write64(w.sim, ce,
					VTD_CTX_LO_P |
						VTD_FIELD_PREP(VTD_CTX_LO_TT,
							       VTD_TT_PASSTHROUGH));
			break;
		case LIVE_CTX_GONE:
			sim_mem_write64(w.sim, ce, 0);
			break;
		}
		assert_int_equal(find(&w, &n), 0);
		v = vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
				    VTD_PART_DMA);
		if (v != cases[i].want)
			fail_msg("%s: verdict %d (%s), want %d", cases[i].what,
				 v, vtd_gate_verdict_str(v), cases[i].want);
		assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops,
						 &w.env, BASE0, VTD_PART_IR),
				 VTD_ADOPT);
		assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops,
						      &w.env, BASE1),
				 VTD_ADOPT);
		world_down(&w);
	}
}

/* @ram without the page(s) [pa, pa + len). */
static void ram_without(struct vtd_elfcorehdr_ram *ram, uint64_t pa, uint64_t len)
{
	struct vtd_elfcorehdr_ram out = { 0 };
	uint32_t i;

	for (i = 0; i < ram->nr; i++) {
		uint64_t s = ram->range[i].start, e = ram->range[i].end;

		if (pa >= e || pa + len <= s) {
			out.range[out.nr++] = ram->range[i];
			continue;
		}
		if (s < pa) {
			out.range[out.nr].start = s;
			out.range[out.nr++].end = pa;
		}
		if (pa + len < e) {
			out.range[out.nr].start = pa + len;
			out.range[out.nr++].end = e;
		}
	}
	*ram = out;
}

/*
 * Tables the note names must be the crashed kernel's RAM, the PT_LOADs
 * of the elfcorehdr, before they are mapped or left to the hardware
 * (#12, 4 and 13); the area itself must not be.
 */
static void test_adopt_gate_tables_must_be_old_ram(void **state)
{
	struct vtd_elfcorehdr_ram saved;
	struct vtd_note n;
	struct world w;
	struct sim_dev *d;
	uint64_t rt, irta, ctp, ph;

	world_up(&w, 64 << 10);
	assert_int_equal(find(&w, &n), 0);
	assert_int_equal(w.ram.nr, 2);
	saved = w.ram;
	d = &w.devs[0];
	rt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR) & VTD_RTADDR_RTA;
	irta = sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA);
	ctp = sim_mem_read64(w.sim, rt + (d->sid >> 8) * VTD_ROOT_ENTRY_SIZE) &
	      VTD_ROOT_LO_CTP;

	{
		/* Each table out of old RAM costs only the part that uses it. */
		const struct {
			uint64_t pa;
			enum vtd_gate_verdict dma, ir;
		} cases[] = {
			{ rt, VTD_FALLBACK_NOT_OLD_RAM, VTD_ADOPT },
			{ (irta & VTD_IRTA_IRTA) +
				  vtd_irta_entries(irta) * VTD_IRTE_SIZE -
				  4096, /* the IRTE table's last page */
			  VTD_ADOPT, VTD_FALLBACK_NOT_OLD_RAM },
			{ ctp, VTD_FALLBACK_NOT_OLD_RAM, VTD_ADOPT },
			{ d->pgd, VTD_FALLBACK_NOT_OLD_RAM, VTD_ADOPT },
		};
		size_t i;

		for (i = 0; i < VTD_ARRAY_SIZE(cases); i++) {
			w.ram = saved;
			ram_without(&w.ram, cases[i].pa, 4096);
			assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops,
							 &w.env, BASE0,
							 VTD_PART_DMA),
					 cases[i].dma);
			assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops,
							 &w.env, BASE0,
							 VTD_PART_IR),
					 cases[i].ir);
		}
	}
	/* No RAM list at all: nothing is judged owned. */
	assert_int_equal(vtd_gate_check_unit(&n, NULL, &crash_ops, &w.env,
					      BASE1),
			 VTD_FALLBACK_NOT_OLD_RAM);
	w.ram = saved;
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env,
					      BASE0),
			 VTD_ADOPT);
	/* A PT_LOAD over the area: not where the loader puts it. */
	ph = CORE_HDR + sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr);
	sim_mem_write64(w.sim, ph + offsetof(Elf64_Phdr, p_memsz),
			AREA - RAM + 4096);
	assert_int_equal(find(&w, &n), -VTD_ERR_BADLAYOUT);
	world_down(&w);
}

/* Move every device of @w to a new domain of width @aw, in flight. */
static void move_all(struct world *w, struct vtd_adopted *a, unsigned int aw)
{
	int i;

	for (i = 0; i < w->nr_devs; i++)
		assert_int_equal(move_device(w, &a[w->devs[i].unit],
					     &w->devs[i], aw,
					     w->devs[i].ats ? VTD_TT_ALL :
							      VTD_TT_UNTRANSLATED),
				 0);
}

/*
 * #12, 2: the first map changes a present context entry the unit may
 * fetch in halves.  Across an address-width change (4-level to 5-level
 * tables), a mix of the two entries walks one table with the other's
 * width.  With the one 128-bit store no device faults or goes astray;
 * with two 64-bit stores (the code before this test), devices fault or
 * write to the wrong page; with the spec's clear-invalidate-write
 * sequence (a CPU without CMPXCHG16B) nothing goes astray, and the
 * faults in its window are counted and printed.
 */
static void test_adopt_swap_is_one_store_the_unit_sees_whole(void **state)
{
	uint64_t base = test_rng_seed_from_env(0x5a4b), s;
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	uint64_t bad[3] = { 0 }, torn[3] = { 0 }, astray[3] = { 0 };
	int mode;

	world_mgaw = 57;
	world_tear_per_1024 = 512;
	world_evict_per_1024 = 256; /* misses, so the unit refetches */
	for (mode = 0; mode < 3; mode++) {
		for (s = 0; s < 20; s++) {
			struct sim_dev_counts sum;
			struct world w;

			world_up_sized(&w, 64 << 10, 1, 16, base + s);
			w.env.write128_split = mode == 1;
			w.env.no_write128 = mode == 2;
			crash_kernel_adopts(&w, a);
			w.traffic.max_ops = 6;
			move_all(&w, a, VTD_AW_57BIT);
			sim_traffic_burst(&w.traffic, 4);
			sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
			bad[mode] += sum.dma_faults + sum.dma_misdirected;
			astray[mode] += sum.dma_misdirected;
			torn[mode] += world_torn(&w);
			world_down(&w);
		}
	}
	world_defaults();
	printf("# 20 worlds x 16 devices moved to 5-level tables in flight: "
	       "128-bit store %llu faults or misdirected (%llu torn fetches);"
	       " two 64-bit stores %llu (%llu misdirected, %llu torn); "
	       "clear-invalidate-write %llu faults in its window, %llu "
	       "misdirected\n",
	       (unsigned long long)bad[0], (unsigned long long)torn[0],
	       (unsigned long long)bad[1], (unsigned long long)astray[1],
	       (unsigned long long)torn[1], (unsigned long long)bad[2],
	       (unsigned long long)astray[2]);
	assert_int_equal(bad[0], 0);
	assert_int_equal(torn[0], 0);
	assert_true(bad[1] > 0 && torn[1] > 0);
	assert_int_equal(astray[2], 0);
	free(a);
}

/*
 * #12, 3: a device with ATS keeps translations of its old table in its
 * device-TLB; the swap invalidates it, or the device goes on writing to
 * its old pages after the crash kernel's driver moved it (the control
 * drops that one invalidation).
 */
static void test_adopt_swap_flushes_the_device_tlb(void **state)
{
	uint64_t base = test_rng_seed_from_env(0xa75), s;
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	uint64_t astray[2] = { 0 }, ok = 0;
	int control;

	world_ats_every = 1;
	for (control = 0; control < 2; control++) {
		for (s = 0; s < 10; s++) {
			struct sim_dev_counts sum;
			struct world w;

			world_up_sized(&w, 64 << 10, 2, 12, base + s);
			crash_kernel_adopts(&w, a);
			sim_traffic_burst(&w.traffic, 4); /* device-TLBs fill */
			if (control)
				w.env.drop_inval = 1u << VTD_CRASH_INV_DEV_TLB;
			move_all(&w, a, VTD_AW_48BIT);
			sim_traffic_burst(&w.traffic, 4);
			sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
			astray[control] += sum.dma_misdirected + sum.dma_faults;
			if (!control)
				ok += sum.dma_ok;
			world_down(&w);
		}
	}
	world_defaults();
	printf("# ATS devices moved: %llu astray with the device-TLB "
	       "invalidated, %llu without\n",
	       (unsigned long long)astray[0], (unsigned long long)astray[1]);
	assert_int_equal(astray[0], 0);
	assert_true(ok > 0);
	assert_true(astray[1] > 0);
	free(a);
}

/* --- scalable mode (#13) --- */

static void scalable_on(unsigned int mgaw)
{
	world_scalable = true;
	world_mgaw = mgaw;
}


/*
 * A scalable-mode unit as Linux 6.12 leaves it is adopted: the root table
 * kept (RTADDR, its TTM included, never written), new context tables for
 * both halves of every root entry, every device's RID_PASID domain id
 * reserved, the IRTE table kept in x2APIC mode; devices run through it
 * all, and after a quarter of them got their first map (a new PASID
 * directory, table and first-stage domain each), still without a fault.
 */
static void test_adopt_scalable_handover_and_first_map(void **state)
{
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	uint64_t rt0, irta0, upper = 0;
	struct world w;
	int i;

	scalable_on(48);
	world_random_sids = true; /* devfn 0x80-0xff: upper halves */
	world_kinds = true;
	world_up_sized(&w, 512 << 10, 2, 40, test_rng_seed_from_env(0x5ca));
	rt0 = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR);
	irta0 = sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA);
	assert_int_equal(VTD_FIELD_GET(VTD_RTADDR_TTM, rt0), VTD_TTM_SCALABLE);
	assert_true(irta0 & VTD_IRTA_EIME);
	crash_kernel_adopts(&w, a);
	assert_true(a[0].scalable && a[1].scalable);
	assert_adopted_what_fk_had(&w, a);
	for (i = 0; i < VTD_ROOT_ENTRIES; i++)
		upper += a[0].ctx_tables_up[i] != 0;
	assert_true(upper > 0);
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);
	crash_kernel_works(&w, a);
	sim_traffic_burst(&w.traffic, 20);
	assert_nothing_went_wrong(&w);
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR), rt0);
	assert_int_equal(sim_mmio_read64(w.sim, BASE0 + VTD_REG_IRTA), irta0);
	assert_true(sim_mmio_read32(w.sim, BASE0 + VTD_REG_GSTS) &
		    VTD_GSTS_TES);
	/* The moved devices' DMA reaches their new pages only. */
	for (i = 0; i < w.nr_devs; i += 4) {
		struct sim_dev *d = &w.devs[i];
		struct sim_dma_result r;
		uint8_t b[8];

		sim_set_step_hook(w.sim, NULL, NULL);
		r = sim_dma(w.sim, d->unit, d->sid, d->map[0].iova + 8, true,
			    b, 8);
		assert_int_equal(r.result, SIM_OK);
		assert_int_equal(r.pa, d->map[0].pa + 8);
	}
	world_defaults();
	free(a);
	world_down(&w);
}

/*
 * Scalable-mode scenarios, adoption and first maps in flight: 1-3 units,
 * 6-200 devices anywhere (both root-entry halves), shared, pass-through
 * and aliased devices, ATS, 5-level first-stage moves on 57-bit units,
 * second-stage domains in every third world, halves fetched apart, and
 * caches that evict in every other.  VTD_ADOPT_SM_SCENARIOS sets how
 * many (default 300).
 */
static void test_adopt_scalable_scenarios(void **state)
{
	uint64_t base = test_rng_seed_from_env(0x5ca1ab1e), s, n = 300;
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	const char *env = getenv("VTD_ADOPT_SM_SCENARIOS");
	uint64_t devs_total = 0, contexts = 0, upper = 0, evictions = 0;
	struct test_rng r = { base };

	if (env && *env)
		n = strtoull(env, NULL, 0);
	for (s = 0; s < n; s++) {
		int units = 1 + (int)test_rng_below(&r, 3);
		int devs = 6 + (int)test_rng_below(&r, 195);
		uint64_t seed = test_rng_next(&r);
		struct world w;
		int u;

		scalable_on(s % 4 == 1 ? 57 : 48);
		world_second_stage = s % 3 == 2;
		world_random_sids = true;
		world_ats_every = s % 3 == 0 ? 3 : 0;
		world_tear_per_1024 = 64;
		world_evict_per_1024 = s & 1 ? 64 : 0;
		world_kinds = s % 4 < 2;
		run_scenario(&w, a, units, devs, seed);
		for (u = 0; u < units; u++) {
			contexts += a[u].contexts;
			evictions += sim_unit_stats(w.sim, u)->evictions;
		}
		for (u = 0; u < devs; u++)
			upper += (w.devs[u].sid & 0xff) >= 0x80;
		devs_total += (uint64_t)devs;
		world_down(&w);
	}
	world_defaults();
	assert_true(upper > 0 && evictions > 0);
	printf("# %llu scalable-mode scenarios from seed 0x%llx: %llu devices "
	       "(%llu at devfn 0x80-0xff), %llu context entries adopted, a "
	       "quarter moved to new PASID tables in flight, %llu evictions, "
	       "0 faults\n",
	       (unsigned long long)n, (unsigned long long)base,
	       (unsigned long long)devs_total, (unsigned long long)upper,
	       (unsigned long long)contexts, (unsigned long long)evictions);
	free(a);
}

/*
 * The swap in scalable mode (6.5.3.3): the context entry's lower half in
 * one store, then the device's context-cache entry, the PASID cache and
 * IOTLB of the old RID_PASID domain.  Without the PASID-cache
 * invalidation (the control) the unit goes on walking the old PASID
 * entry, so devices write to their old pages after the move; with the
 * spec's clear-invalidate-write sequence (no CMPXCHG16B) nothing goes
 * astray but requests fault in its window.
 */
static void test_adopt_scalable_swap_invalidates_the_pasid_cache(void **state)
{
	uint64_t base = test_rng_seed_from_env(0x5ca5), s;
	struct vtd_adopted *a = calloc(3, sizeof(*a));
	uint64_t bad[3] = { 0 }, astray[3] = { 0 }, torn = 0;
	int mode;

	for (mode = 0; mode < 3; mode++) {
		for (s = 0; s < 20; s++) {
			struct sim_dev_counts sum;
			struct world w;

			scalable_on(57);
			world_tear_per_1024 = 512;
			world_evict_per_1024 = mode == 1 ? 0 : 256;
			world_up_sized(&w, 64 << 10, 1, 16, base + s);
			w.env.no_write128 = mode == 2;
			crash_kernel_adopts(&w, a);
			w.traffic.max_ops = 6;
			sim_traffic_burst(&w.traffic, 4); /* caches fill */
			if (mode == 1)
				w.env.drop_inval =
					1u << VTD_CRASH_INV_PASID_CACHE;
			move_all(&w, a, VTD_AW_57BIT);
			sim_traffic_burst(&w.traffic, 4);
			sim_dev_counts_sum(w.devs, w.nr_devs, &sum);
			bad[mode] += sum.dma_faults + sum.dma_misdirected;
			astray[mode] += sum.dma_misdirected;
			if (!mode)
				torn += world_torn(&w);
			world_down(&w);
		}
	}
	world_defaults();
	printf("# 20 scalable worlds x 16 devices moved to 5-level first-stage"
	       " tables in flight: %llu faults or misdirected (%llu torn "
	       "fetches); PASID cache not invalidated: %llu misdirected; "
	       "clear-invalidate-write %llu faults in its window, %llu "
	       "misdirected\n",
	       (unsigned long long)bad[0], (unsigned long long)torn,
	       (unsigned long long)astray[1], (unsigned long long)bad[2],
	       (unsigned long long)astray[2]);
	assert_int_equal(bad[0], 0);
	assert_true(astray[1] > 0);
	assert_int_equal(astray[2], 0);
	assert_true(bad[2] > 0);
	free(a);
}

static void pasid_nested(struct vtd_note_entry *e)
{
	e->val[0] = (e->val[0] & ~VTD_PASID_LO_PGTT) |
		    VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_NESTED);
}
static void pasid_did_past_nd(struct vtd_note_entry *e)
{
	e->val[1] |= VTD_PASID_HI_DID;
}
static void pasid_rsvd(struct vtd_note_entry *e) { e->val[0] |= VTD_BIT(10); }
static void sm_ctx_rid_pasid(struct vtd_note_entry *e)
{
	e->val[1] |= VTD_FIELD_PREP(VTD_SM_CTX_HI_RID_PASID, 5);
}
static void sm_ctx_upper_rsvd(struct vtd_note_entry *e) { e->val[2] = 1; }

/*
 * What the gate refuses in scalable mode, each on its own: a PASID in use
 * besides RID_PASID (a second directory entry, a second PASID-table
 * entry, a context whose RID_PASID is not 0), a RID_PASID entry changed
 * since the crash, entries the unit or the crash kernel cannot keep
 * (nested translation, a domain id past CAP.ND, reserved bits, bits
 * 255:128 of a context entry).  Interrupt remapping is adopted all the
 * same.
 */
enum sm_live_edit { SM_NONE, SM_PDE_1, SM_PASID_1, SM_PASID_DID,
		    SM_UPPER_GONE };

static void test_adopt_scalable_gate(void **state)
{
	static const struct {
		const char *what;
		enum sm_live_edit live;
		uint16_t type;
		void (*edit)(struct vtd_note_entry *e);
		enum vtd_gate_verdict want;
	} cases[] = {
		{ "unchanged", SM_NONE, 0, NULL, VTD_ADOPT },
		{ "a second PASID-directory entry", SM_PDE_1, 0, NULL,
		  VTD_FALLBACK_PASIDS },
		{ "PASID 1 present", SM_PASID_1, 0, NULL,
		  VTD_FALLBACK_PASIDS },
		{ "RID_PASID's domain changed", SM_PASID_DID, 0, NULL,
		  VTD_FALLBACK_TABLES },
		{ "an upper half gone", SM_UPPER_GONE, 0, NULL,
		  VTD_FALLBACK_TABLES },
		{ "nested translation", SM_NONE, VTD_SEC_PASID, pasid_nested,
		  VTD_FALLBACK_BAD_ENTRY },
		{ "domain id past CAP.ND", SM_NONE, VTD_SEC_PASID,
		  pasid_did_past_nd, VTD_FALLBACK_BAD_ENTRY },
		{ "PASID entry reserved bit", SM_NONE, VTD_SEC_PASID,
		  pasid_rsvd, VTD_FALLBACK_BAD_ENTRY },
		{ "RID_PASID 5", SM_NONE, VTD_SEC_SM_CTX, sm_ctx_rid_pasid,
		  VTD_FALLBACK_PASIDS },
		{ "context bits 255:128", SM_NONE, VTD_SEC_SM_CTX,
		  sm_ctx_upper_rsvd, VTD_FALLBACK_BAD_ENTRY },
	};
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(cases); i++) {
		struct vtd_note n;
		struct world w;
		struct sim_dev *d = NULL;
		uint64_t rt, half, ce, dir, pt;
		enum vtd_gate_verdict v;
		int k;

		scalable_on(48);
		world_random_sids = true;
		world_up_sized(&w, 64 << 10, 2, 24, 0x5ca7e + i);
		/* A device of unit 0 in an upper half. */
		for (k = 0; k < w.nr_devs && !d; k++)
			if (w.devs[k].unit == 0 &&
			    (w.devs[k].sid & 0xff) >= 0x80)
				d = &w.devs[k];
		assert_non_null(d);
		rt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR) &
		     VTD_RTADDR_RTA;
		half = sim_mem_read64(w.sim, rt + (d->sid >> 8) * 16 + 8);
		ce = (half & VTD_ROOT_LO_CTP) + (d->sid & 0x7f) * 32;
		dir = sim_mem_read64(w.sim, ce) & VTD_SM_CTX_LO_PASIDDIRPTR;
		pt = sim_mem_read64(w.sim, dir) & VTD_PDE_PTPTR;
		switch (cases[i].live) {
		case SM_NONE:
			break;
		case SM_PDE_1:
			sim_mem_write64(w.sim, dir + 8,
					sim_alloc_page(w.sim) | VTD_PDE_P);
			break;
		case SM_PASID_1:
			sim_mem_write64(w.sim, pt + 64,
					sim_mem_read64(w.sim, pt));
			break;
		case SM_PASID_DID:
			sim_mem_write64(w.sim, pt + 8,
					sim_mem_read64(w.sim, pt + 8) ^ 1);
			break;
		case SM_UPPER_GONE:
			sim_mem_write64(w.sim, rt + (d->sid >> 8) * 16 + 8, 0);
			break;
		}
		assert_int_equal(find(&w, &n), 0);
		if (cases[i].edit) {
			rewrite_entry_type = cases[i].type;
			rewrite_note_with(&w, &n, NULL, cases[i].edit);
			rewrite_entry_type = VTD_SEC_CTX;
			assert_int_equal(find(&w, &n), 0);
		}
		v = vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
				    VTD_PART_DMA);
		if (v != cases[i].want)
			fail_msg("%s: verdict %d (%s), want %d", cases[i].what,
				 v, vtd_gate_verdict_str(v), cases[i].want);
		assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops,
						 &w.env, BASE0, VTD_PART_IR),
				 VTD_ADOPT);
		world_down(&w);
	}
	world_defaults();
	assert_string_equal(vtd_gate_verdict_str(VTD_FALLBACK_PASIDS),
			    "PASIDs besides RID_PASID are in use");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adopt_gate_matching_units_are_adopted),
		cmocka_unit_test(test_adopt_gate_no_note_or_bad_note),
		cmocka_unit_test(test_adopt_gate_hardware_changed_since),
		cmocka_unit_test(test_adopt_gate_truncated_snapshot_falls_back),
		cmocka_unit_test(test_adopt_handover_without_a_fault),
		cmocka_unit_test(test_adopt_gate_each_comparison),
		cmocka_unit_test(test_adopt_gate_unknown_flags_fail_closed),
		cmocka_unit_test(test_adopt_gate_invalid_context_entries),
		cmocka_unit_test(test_adopt_first_map_gives_a_new_domain),
		cmocka_unit_test(test_adopt_swap_only_under_adopted_tables),
		cmocka_unit_test(test_adopt_out_of_pages_leaves_old_memory_alone),
		cmocka_unit_test(test_adopt_new_irtes_leave_the_old_ones_alone),
		cmocka_unit_test(test_adopt_invalidations_go_through_the_platform),
		cmocka_unit_test(test_adopt_gate_live_tables_must_match_the_note),
		cmocka_unit_test(test_adopt_gate_tables_must_be_old_ram),
		cmocka_unit_test(test_adopt_swap_is_one_store_the_unit_sees_whole),
		cmocka_unit_test(test_adopt_swap_flushes_the_device_tlb),
		cmocka_unit_test(test_adopt_zero_faults_where_the_reset_faults),
		cmocka_unit_test(test_adopt_thousands_of_scenarios),
		cmocka_unit_test(test_adopt_scenarios_with_evicting_caches),
		cmocka_unit_test(test_adopt_scalable_handover_and_first_map),
		cmocka_unit_test(test_adopt_scalable_gate),
		cmocka_unit_test(test_adopt_scalable_swap_invalidates_the_pasid_cache),
		cmocka_unit_test(test_adopt_scalable_scenarios),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
