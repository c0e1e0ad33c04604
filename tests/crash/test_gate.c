// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_gate.c - the crash kernel's gate (crash/gate.c) in the model: a
 * first kernel runs with devices in flight, purgatory's snapshot goes
 * into an area in the model's memory, an elfcorehdr points at it, and
 * the crash-kernel side finds the note and judges each unit.  Every way
 * the note or the hardware can disagree must fall back, with its reason.
 */
#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "world.h"

static void test_gate_matching_units_are_adopted(void **state)
{
	struct world w;
	struct vtd_note n;

	world_up(&w, 64 << 10);
	assert_int_equal(find_note(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_ADOPT);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_ADOPT);
	assert_int_equal(
		vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, 0xfed9f000),
		VTD_FALLBACK_NOT_IN_NOTE);
	world_down(&w);
}

static void test_gate_no_note_or_bad_note(void **state)
{
	struct world w;
	struct vtd_note n;
	uint8_t zero[64] = { 0 }, b;

	world_up(&w, 64 << 10);
	/* A flipped byte inside the descriptor: the checksum says so. */
	sim_mem_read(w.sim, AREA + 100, &b, 1);
	b ^= 0x10;
	sim_mem_write(w.sim, AREA + 100, &b, 1);
	assert_int_equal(find_note(&w, &n), -EBADMSG);
	/* The area as the loader left it: no note. */
	sim_mem_write(w.sim, AREA, zero, sizeof(zero));
	assert_int_equal(find_note(&w, &n), -ENOENT);
	/* An elfcorehdr that is not one. */
	sim_mem_write(w.sim, CORE_HDR, zero, 4);
	assert_int_equal(find_note(&w, &n), -ENOEXEC);
	world_down(&w);
}

/* Who took the note: it must lie where that taker puts it. */
static void taker_is(struct world *w, uint32_t taker, unsigned int nr)
{
	struct vtd_note_info info;
	struct vtd_note n;

	assert_int_equal(find_note(w, &n), 0);
	vtd_note_get_info(&n, &info);
	assert_int_equal(info.taker, taker);
	assert_int_equal(w->nr_notes, nr);
	assert_int_equal(vtd_gate_check_unit(&n, &w->ram, &crash_ops, &w->env,
					     BASE0),
			 VTD_ADOPT);
	assert_int_equal(vtd_gate_check_unit(&n, &w->ram, &crash_ops, &w->env,
					     BASE1),
			 VTD_ADOPT);
}

/*
 * A first kernel that takes the snapshot itself names its own buffer
 * (#20): the crash kernel adopts from it alone, prefers purgatory's when
 * the loader asked for that one too (it is taken last), and falls back
 * to the kernel's when purgatory's is bad.  Each taker's note is
 * accepted only where that taker puts it.
 */
static void test_gate_note_of_either_taker(void **state)
{
	struct world w;
	struct vtd_note n;
	uint8_t zero[64] = { 0 }, b;

	world_up(&w, 64 << 10);
	taker_is(&w, VTD_NOTE_TAKER_PURGATORY, 1);
	world_add_kernel_note(&w, KERNEL_NOTE, VTD_NOTE_TAKER_KERNEL);
	taker_is(&w, VTD_NOTE_TAKER_PURGATORY, 2);
	/* Purgatory's fails its checksum: the kernel's is used. */
	sim_mem_read(w.sim, AREA + 100, &b, 1);
	b ^= 0x10;
	sim_mem_write(w.sim, AREA + 100, &b, 1);
	taker_is(&w, VTD_NOTE_TAKER_KERNEL, 1);
	/* The kernel's alone, the loader's area empty. */
	sim_mem_write(w.sim, AREA, zero, sizeof(zero));
	taker_is(&w, VTD_NOTE_TAKER_KERNEL, 1);
	/* The crash scribbled on the kernel's: no note to adopt from. */
	sim_mem_read(w.sim, KERNEL_NOTE + 100, &b, 1);
	b ^= 0x10;
	sim_mem_write(w.sim, KERNEL_NOTE + 100, &b, 1);
	assert_int_equal(find_note(&w, &n), -EBADMSG);
	/* A kernel's note outside the crashed kernel's RAM is not its. */
	world_add_kernel_note(&w, CORE_HDR + 0x10000, VTD_NOTE_TAKER_KERNEL);
	assert_int_equal(find_note(&w, &n), -EBADMSG);
	/* Nor is a taker this kernel does not know, wherever it lies. */
	world_add_kernel_note(&w, KERNEL_NOTE, VTD_NOTE_TAKER_KERNEL + 1);
	assert_int_equal(find_note(&w, &n), -EBADMSG);
	/* And purgatory's is never in that RAM (the PT_LOAD test below). */
	world_add_kernel_note(&w, KERNEL_NOTE, VTD_NOTE_TAKER_PURGATORY);
	assert_int_equal(find_note(&w, &n), -EBADMSG);
	world_down(&w);
}

static void test_gate_hardware_changed_since(void **state)
{
	struct world w;
	struct vtd_note n;
	uint32_t gsts;

	world_up(&w, 64 << 10);
	assert_int_equal(find_note(&w, &n), 0);
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

/*
 * An area too small for the note: the unit whose entries did not fit is
 * flagged truncated and falls back; a unit captured whole before it is
 * adopted (#21, 8).  Smaller still, neither is whole: neither adopts.
 */
static void test_gate_truncated_snapshot_falls_back(void **state)
{
	struct vtd_note_unit_info u;
	struct world w;
	struct vtd_note n;

	world_up(&w, 512);
	assert_int_equal(find_note(&w, &n), 0);
	assert_true(vtd_note_find_unit(&n, BASE1, &u) >= 0);
	assert_true(u.flags & VTD_UNIT_F_TRUNCATED);
	assert_true(vtd_note_find_unit(&n, BASE0, &u) >= 0);
	assert_int_equal(u.flags, 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_FALLBACK_CAPTURE_FAILED);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_ADOPT);
	world_down(&w);

	world_up(&w, 320);
	assert_int_equal(find_note(&w, &n), 0);
	assert_true(vtd_note_find_unit(&n, BASE0, &u) >= 0);
	assert_true(u.flags & VTD_UNIT_F_TRUNCATED);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_FALLBACK_CAPTURE_FAILED);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_FALLBACK_CAPTURE_FAILED);
	world_down(&w);
}

/*
 * Re-encode the note with unit 0's record changed by @edit and its first
 * entry of type rewrite_entry_type (a legacy context entry unless a test
 * says otherwise) by @edit_ctx (either may be NULL).  With
 * rewrite_entry_append, the entry stays and @edit_ctx changes a copy of
 * the last of its type, added at the end of the record.
 */
static uint16_t rewrite_entry_type = VTD_SEC_CTX;
static bool rewrite_entry_append;

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
	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off)) {
		bool first_ctx = true, mine;
		struct vtd_note_entry last = { .type = 0 };

		vtd_note_get_unit(n, off, &u);
		mine = u.reg_base == BASE0 && edit_ctx;
		if (u.reg_base == BASE0 && edit)
			edit(&u);
		assert_int_equal(vtd_note_add_unit(&wr, &u), 0);
		vtd_note_cursor_init(n, off, &c);
		while (vtd_note_next_entry(n, &c, &e)) {
			if (mine && e.type == rewrite_entry_type)
				last = e;
			if (mine && !rewrite_entry_append && first_ctx &&
			    e.type == rewrite_entry_type) {
				edit_ctx(&e);
				first_ctx = false;
			}
			assert_int_equal(vtd_note_add_entry(&wr, &e), 0);
		}
		if (mine && rewrite_entry_append) {
			assert_int_equal(last.type, rewrite_entry_type);
			edit_ctx(&last);
			assert_int_equal(vtd_note_add_entry(&wr, &last), 0);
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

static void test_gate_each_comparison(void **state)
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
		assert_int_equal(find_note(&w, &n), 0);
		assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env,
						      BASE0),
				 VTD_ADOPT);
		rewrite_note(&w, &n, cases[i].edit);
		assert_int_equal(find_note(&w, &n), 0);
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

/* The votes of both units of a world made with the settings as they are. */
static struct vtd_mode_vote votes_of(struct world *w,
				     void (*edit)(struct vtd_note_unit_info *u))
{
	struct vtd_mode_vote v = { 0 };
	struct vtd_note n;

	assert_int_equal(find_note(w, &n), 0);
	if (edit) {
		rewrite_note(w, &n, edit);
		assert_int_equal(find_note(w, &n), 0);
	}
	vtd_gate_mode_vote(&v, &n, &crash_ops, &w->env, BASE0);
	vtd_gate_mode_vote(&v, &n, &crash_ops, &w->env, BASE1);
	return v;
}

static void edit_flags(struct vtd_note_unit_info *u)
{
	u->flags |= VTD_UNIT_F_LIMIT;
}

#define assert_votes(v, sm, leg, only)                                         \
	do {                                                                   \
		assert_int_equal((v).scalable, (sm));                          \
		assert_int_equal((v).legacy, (leg));                           \
		assert_int_equal((v).legacy_only, (only));                     \
	} while (0)

/*
 * #22, 3: each translating unit whose record matches its registers votes
 * for the mode the crashed kernel ran it in; a kernel whose own choice
 * differs follows the votes, unless the units ran in both modes.  A
 * record the gate would not build on, for translation, has no vote;
 * what concerns interrupt remapping alone does not matter.
 */
static void test_gate_mode_votes(void **state)
{
	static const struct {
		const char *what;
		void (*edit)(struct vtd_note_unit_info *u);
	} unheard[] = {
		{ "unit flags", edit_flags },	  { "VER", edit_ver },
		{ "CAP", edit_cap },		  { "ECAP", edit_ecap },
		{ "GSTS.TES", edit_tes },	  { "RTADDR", edit_rtaddr },
		{ "translation mode", edit_mode }, { "register base", edit_reg_base },
	};
	static const struct vtd_mode_vote split = { 1, 1, 0 }, only = { 0, 0, 2 };
	static const struct vtd_mode_vote some_sm = { 1, 0, 3 };
	struct vtd_mode_vote v;
	struct world w;
	size_t i;

	/* Legacy units without SMTS: legacy whatever a kernel chooses. */
	world_up(&w, 64 << 10);
	v = votes_of(&w, NULL);
	assert_votes(v, 0, 0, 2);
	assert_int_equal(vtd_gate_mode_choice(&v, true), VTD_MODE_OWN);
	assert_int_equal(vtd_gate_mode_choice(&v, false), VTD_MODE_OWN);
	world_down(&w);

	/* Legacy on units with SMTS: a first kernel booted sm_off. */
	world_ecap_or = VTD_ECAP_SMTS | VTD_ECAP_SLTS;
	world_up(&w, 64 << 10);
	v = votes_of(&w, NULL);
	assert_votes(v, 0, 2, 0);
	assert_int_equal(vtd_gate_mode_choice(&v, true), VTD_MODE_FOLLOW);
	assert_int_equal(vtd_gate_mode_choice(&v, false), VTD_MODE_OWN);
	for (i = 0; i < VTD_ARRAY_SIZE(unheard); i++) {
		world_down(&w);
		world_up(&w, 64 << 10);
		v = votes_of(&w, unheard[i].edit);
		if (v.scalable || v.legacy != 1 || v.legacy_only)
			fail_msg("%s changed: %u scalable, %u legacy, %u legacy "
				 "only votes; want BASE1's alone", unheard[i].what,
				 v.scalable, v.legacy, v.legacy_only);
	}
	world_down(&w);
	world_up(&w, 64 << 10);
	v = votes_of(&w, edit_irta_addr);
	assert_votes(v, 0, 2, 0);
	world_down(&w);
	world_ecap_or = 0;

	/* Scalable: a crash kernel booted sm_off follows. */
	scalable_on(48);
	world_up(&w, 64 << 10);
	v = votes_of(&w, NULL);
	assert_votes(v, 2, 0, 0);
	assert_int_equal(vtd_gate_mode_choice(&v, false), VTD_MODE_FOLLOW);
	assert_int_equal(vtd_gate_mode_choice(&v, true), VTD_MODE_OWN);
	v = votes_of(&w, edit_ires);
	assert_votes(v, 2, 0, 0);
	world_down(&w);

	/* Units that ran in both modes: neither choice runs them all. */
	assert_int_equal(vtd_gate_mode_choice(&split, false), VTD_MODE_SPLIT);
	assert_int_equal(vtd_gate_mode_choice(&split, true), VTD_MODE_SPLIT);
	/* Units without SMTS run legacy under either choice. */
	assert_int_equal(vtd_gate_mode_choice(&some_sm, false), VTD_MODE_FOLLOW);
	assert_int_equal(vtd_gate_mode_choice(&only, true), VTD_MODE_OWN);
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

/*
 * Unit 0's first legacy context record (the one edited), also made the
 * live entry, as a crashed kernel that wrote it would have left it: its
 * requester.
 */
static uint16_t first_ctx_made_live(struct world *w, const struct vtd_note *n)
{
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	int off = vtd_note_find_unit(n, BASE0, &u);

	assert_true(off >= 0);
	vtd_note_cursor_init(n, off, &c);
	while (vtd_note_next_entry(n, &c, &e)) {
		if (e.type != VTD_SEC_CTX)
			continue;
		sim_mem_write64(w->sim, e.table + e.devfn * 16 + 8, e.val[1]);
		sim_mem_write64(w->sim, e.table + e.devfn * 16, e.val[0]);
		return vtd_sid(e.bus, e.devfn);
	}
	fail_msg("no context record");
	return 0;
}

static void test_gate_invalid_context_entries(void **state)
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
		struct vtd_gate_aside aside;
		uint16_t sid;
		struct vtd_note n;
		struct world w;
		enum vtd_gate_verdict v;

		world_up(&w, 64 << 10);
		assert_false(sim_default_ecap() & VTD_ECAP_DT);
		assert_false(VTD_FIELD_GET(VTD_CAP_SAGAW, sim_default_cap(48, 8, 2)) &
			     (1u << VTD_AW_57BIT));
		assert_int_equal(find_note(&w, &n), 0);
		rewrite_note_with(&w, &n, NULL, cases[i].edit);
		assert_int_equal(find_note(&w, &n), 0);
		v = vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0);
		if (v != cases[i].want)
			fail_msg("%s: verdict %d, want %d", cases[i].what, v,
				 cases[i].want);
		/*
		 * #21, 8: taking per-device verdicts, the unit is adopted
		 * and the device with the bad entry alone is set aside.
		 */
		sid = first_ctx_made_live(&w, &n);
		v = vtd_gate_check_aside(&n, &w.ram, &crash_ops, &w.env, BASE0,
					 VTD_PART_BOTH, &aside);
		if (v != VTD_ADOPT)
			fail_msg("%s: aside: verdict %d", cases[i].what, v);
		assert_int_equal(aside.nr, cases[i].want != VTD_ADOPT);
		if (aside.nr) {
			assert_int_equal(aside.dev[0].sid, sid);
			assert_int_equal(aside.dev[0].verdict,
					 VTD_FALLBACK_BAD_ENTRY);
		}
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
static void test_gate_unknown_flags_fail_closed(void **state)
{
	struct world w;
	struct vtd_note n;

	world_up(&w, 64 << 10);
	assert_int_equal(find_note(&w, &n), 0);
	rewrite_note(&w, &n, unknown_unit_flag);
	assert_int_equal(find_note(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_FALLBACK_CAPTURE_FAILED);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_ADOPT);
	world_down(&w);

	world_up(&w, 64 << 10);
	set_note_flags(&w, VTD_NOTE_F_COMPLETE | 0x100);
	assert_int_equal(find_note(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_FALLBACK_CAPTURE_FAILED);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_FALLBACK_CAPTURE_FAILED);
	/* No flag at all: not a note this version wrote either. */
	set_note_flags(&w, 0);
	assert_int_equal(find_note(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE1),
			 VTD_FALLBACK_CAPTURE_FAILED);
	/* The same note with only COMPLETE is adopted: the edit is sound. */
	set_note_flags(&w, VTD_NOTE_F_COMPLETE);
	assert_int_equal(find_note(&w, &n), 0);
	assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops, &w.env, BASE0),
			 VTD_ADOPT);
	world_down(&w);
}

/*
 * Scalable mode: a live root entry or context entry more than the note
 * has is a mismatch too (#21: both counts survived their mutation).
 */
/*
 * #21, 8: a device with a PASID besides RID_PASID present (SVA, a VMM's
 * PASIDs; 6.12 never frees PASID table pages) costs that device, not the
 * unit, when the caller takes per-device verdicts: set aside with the
 * reason, the unit adopted; without them the unit falls back as before.
 * Over MAX devices so set aside, the unit falls back too.
 */
static void test_gate_sm_other_pasids_cost_one_device(void **state)
{
	unsigned int nr, k;

	for (nr = 1; nr <= VTD_GATE_MAX_ASIDE + 1; nr += VTD_GATE_MAX_ASIDE) {
		struct vtd_gate_aside aside;
		struct vtd_note n;
		struct world w;
		enum vtd_gate_verdict v;
		unsigned int done = 0;

		scalable_on(48);
		world_up_sized(&w, 256 << 10, 1, 24, 0x5a5);
		for (k = 0; k < (unsigned int)w.nr_devs && done < nr; k++) {
			if (w.devs[k].kind != SIM_DEV_OWN_DOMAIN)
				continue;
			world_add_pasid1(&w, &w.devs[k]);
			done++;
		}
		assert_int_equal(done, nr);
		world_snapshot_again(&w);
		assert_int_equal(find_note(&w, &n), 0);
		v = vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
				   VTD_PART_DMA);
		assert_int_equal(v, VTD_FALLBACK_PASIDS);
		v = vtd_gate_check_aside(&n, &w.ram, &crash_ops, &w.env, BASE0,
					 VTD_PART_DMA, &aside);
		if (nr <= VTD_GATE_MAX_ASIDE) {
			assert_int_equal(v, VTD_ADOPT);
			assert_int_equal(aside.nr, nr);
			assert_int_equal(aside.dev[0].verdict,
					 VTD_FALLBACK_PASIDS);
		} else {
			assert_int_equal(v, VTD_FALLBACK_PASIDS);
			assert_int_equal(aside.nr, 0);
		}
		world_down(&w);
	}
}

/*
 * #21, 10: the PASID directory and table are scanned a page at a time,
 * sixteen directory entries at a go: another PASID present anywhere in
 * either (each position of the unrolled scan, the last entry of the
 * page, beside RID_PASID's entry) sets its device aside, whether the
 * note knows of it or not (only the live memory has it here).
 */
static void test_gate_sm_other_pasid_anywhere(void **state)
{
	static const unsigned int dir_at[] = { 1,  2,  7,  8,  14, 15, 16,
					       17, 31, 32, 63, 64, 510, 511 };
	static const unsigned int table_at[] = { 1, 2, 62, 63 };
	unsigned int k, n = VTD_ARRAY_SIZE(dir_at) + VTD_ARRAY_SIZE(table_at);

	scalable_on(48);
	for (k = 0; k < n; k++) {
		struct vtd_gate_aside aside;
		struct vtd_note note;
		struct world w;
		const struct sim_dev *d;
		uint64_t dir, pt;

		world_up_sized(&w, 64 << 10, 1, 4, 0x51);
		d = &w.devs[1];
		assert_int_equal(d->kind, SIM_DEV_OWN_DOMAIN);
		dir = sim_mem_read64(w.sim, world_live_ctx(&w, d)) &
		      VTD_SM_CTX_LO_PASIDDIRPTR;
		pt = sim_mem_read64(w.sim, dir) & VTD_PDE_PTPTR;
		if (k < VTD_ARRAY_SIZE(dir_at))
			sim_mem_write64(w.sim, dir + 8ull * dir_at[k],
					pt | VTD_PDE_P);
		else
			sim_mem_write64(w.sim,
					pt + VTD_PASID_ENTRY_SIZE *
						     table_at[k - VTD_ARRAY_SIZE(dir_at)],
					sim_mem_read64(w.sim, pt));
		assert_int_equal(find_note(&w, &note), 0);
		assert_int_equal(vtd_gate_check_aside(&note, &w.ram, &crash_ops,
						      &w.env, BASE0,
						      VTD_PART_DMA, &aside),
				 VTD_ADOPT);
		assert_int_equal(aside.nr, 1);
		assert_int_equal(aside.dev[0].sid, d->sid);
		assert_int_equal(aside.dev[0].verdict, VTD_FALLBACK_PASIDS);
		world_down(&w);
	}
}

static void test_gate_sm_live_tables_must_match_the_note(void **state)
{
	static const char *const what[] = {
		"unchanged", "a root entry not in the note",
		"a context entry not in the note",
		"word 0 of the live RID_PASID entry changed",
		"a root entry's other half changed"
	};
	unsigned int k;

	for (k = 0; k < VTD_ARRAY_SIZE(what); k++) {
		struct vtd_note n;
		struct world w;
		struct sim_dev *d;
		uint64_t rt, half, ce;
		enum vtd_gate_verdict v, want = k ? VTD_FALLBACK_TABLES :
						    VTD_ADOPT;
		unsigned int devfn;

		scalable_on(48);
		world_up(&w, 64 << 10);
		d = &w.devs[0]; /* on unit 0 */
		devfn = d->sid & 0xff;
		rt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR) &
		     VTD_RTADDR_RTA;
		half = sim_mem_read64(w.sim, rt + (d->sid >> 8) * 16 +
						     (devfn >= 0x80 ? 8 : 0));
		/* Another function of the same half of the same bus. */
		ce = (half & VTD_ROOT_LO_CTP) +
		     ((devfn ^ 0x01) & 0x7f) * VTD_SM_CTX_ENTRY_SIZE;
		assert_false(sim_mem_read64(w.sim, ce) & 1);
		if (k == 1)
			sim_mem_write64(w.sim, rt + 0xfe * 16,
					sim_alloc_page(w.sim) | VTD_ROOT_LO_P);
		if (k == 2)
			sim_mem_write64(w.sim, ce, 1); /* P */
		if (k == 3) {
			/* The device's own entry, its directory, its table. */
			uint64_t own = (half & VTD_ROOT_LO_CTP) +
				       (devfn & 0x7f) * VTD_SM_CTX_ENTRY_SIZE;
			uint64_t dir = sim_mem_read64(w.sim, own) & ~0xfffull;
			uint64_t pe = sim_mem_read64(w.sim, dir) & ~0xfffull;

			sim_mem_write64(w.sim, pe,
					sim_mem_read64(w.sim, pe) ^ 0x2); /* FPD */
		}
		if (k == 4)
			sim_mem_write64(w.sim, rt + (d->sid >> 8) * 16 +
						       (devfn >= 0x80 ? 0 : 8),
					sim_alloc_page(w.sim) | VTD_ROOT_LO_P);
		assert_int_equal(find_note(&w, &n), 0);
		v = vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
				   VTD_PART_DMA);
		if (v != want)
			fail_msg("%s: verdict %d (%s), want %d", what[k], v,
				 vtd_gate_verdict_str(v), want);
		world_down(&w);
	}
}

static void ctx_table_bad(struct vtd_note_unit_info *u)
{
	u->flags |= VTD_UNIT_F_CTX_TABLE_BAD;
}

static void truncated(struct vtd_note_unit_info *u)
{
	u->flags |= VTD_UNIT_F_TRUNCATED;
}

/*
 * One unit's failed capture (a known failure flag: the note then says
 * UNIT_FAILED or TRUNCATED, not COMPLETE) costs that unit only (#21, 8):
 * the other unit, whose record is whole, is adopted.
 */
static void test_gate_one_unit_failed_costs_that_unit(void **state)
{
	void (*edit[])(struct vtd_note_unit_info *) = { ctx_table_bad,
							truncated };
	struct vtd_note_info info;
	struct world w;
	struct vtd_note n;
	unsigned int k;

	for (k = 0; k < 2; k++) {
		world_up(&w, 64 << 10);
		assert_int_equal(find_note(&w, &n), 0);
		rewrite_note(&w, &n, edit[k]);
		assert_int_equal(find_note(&w, &n), 0);
		vtd_note_get_info(&n, &info);
		assert_false(info.flags & VTD_NOTE_F_COMPLETE);
		assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops,
						     &w.env, BASE0),
				 VTD_FALLBACK_CAPTURE_FAILED);
		assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops,
						     &w.env, BASE1),
				 VTD_ADOPT);
		world_down(&w);
	}
}

/*
 * The gate reads the live root table and every context table it points
 * at: a present entry the note does not have, or one that changed since
 * the crash, is a mismatch for translation (#12, 4 and 13), while
 * interrupt remapping, judged on its own, is still adopted (#12, 6).
 */
enum live_edit { LIVE_NONE, LIVE_EXTRA_ROOT, LIVE_EXTRA_CTX, LIVE_CTX_PT,
		 LIVE_CTX_GONE };

static void test_gate_live_tables_must_match_the_note(void **state)
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
		assert_int_equal(find_note(&w, &n), 0);
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
static void test_gate_tables_must_be_old_ram(void **state)
{
	struct vtd_elfcorehdr_ram saved;
	struct vtd_note n;
	struct world w;
	struct sim_dev *d;
	uint64_t rt, irta, ctp, ph;

	world_up(&w, 64 << 10);
	assert_int_equal(find_note(&w, &n), 0);
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
	assert_int_equal(find_note(&w, &n), -EBADMSG);
	world_down(&w);
}

/*
 * Scalable mode: every table the unit may go on walking must be the
 * crashed kernel's RAM: both root halves' context tables, the PASID
 * directory, the PASID table, and the first- or second-stage root (#21:
 * each check survived its removal).  Each page taken out of the RAM list
 * in turn costs translation, never interrupt remapping.
 */
static void test_gate_sm_tables_must_be_old_ram(void **state)
{
	unsigned int stage;

	for (stage = 0; stage < 2; stage++) {
		struct vtd_elfcorehdr_ram saved;
		struct vtd_note n;
		struct world w;
		uint64_t rt, pages[6];
		int i, nr = 0, lower = -1, upper = -1;

		scalable_on(48);
		world_second_stage = stage == 1;
		world_random_sids = true; /* devices in both root halves */
		world_up_sized(&w, 256 << 10, 1, 24, 0x51de);
		assert_int_equal(find_note(&w, &n), 0);
		saved = w.ram;
		rt = sim_mmio_read64(w.sim, BASE0 + VTD_REG_RTADDR) &
		     VTD_RTADDR_RTA;
		for (i = 0; i < w.nr_devs; i++) {
			if (w.devs[i].kind != SIM_DEV_OWN_DOMAIN)
				continue;
			if ((w.devs[i].sid & 0xff) >= 0x80)
				upper = upper < 0 ? i : upper;
			else
				lower = lower < 0 ? i : lower;
		}
		assert_true(lower >= 0 && upper >= 0);
		pages[nr++] = rt;
		for (i = 0; i < 2; i++) {
			const struct sim_dev *d = &w.devs[i ? upper : lower];
			unsigned int devfn = d->sid & 0xff;
			uint64_t half, ce, dir, table;

			half = sim_mem_read64(w.sim, rt + (d->sid >> 8) * 16 +
							     (devfn >= 0x80 ? 8 : 0));
			pages[nr++] = half & VTD_ROOT_LO_CTP; /* this half's */
			ce = (half & VTD_ROOT_LO_CTP) +
			     (devfn & 0x7f) * VTD_SM_CTX_ENTRY_SIZE;
			dir = sim_mem_read64(w.sim, ce) & ~0xfffull;
			table = sim_mem_read64(w.sim, dir) & ~0xfffull;
			if (i == 0) {
				pages[nr++] = dir;
				pages[nr++] = table;
				/* word 2: first-stage root; word 0: second's */
				pages[nr++] = sim_mem_read64(
					w.sim, table + (stage ? 0 : 16)) &
					~0xfffull;
			}
		}
		assert_int_equal(nr, 6);
		for (i = 0; i < nr; i++) {
			enum vtd_gate_verdict v;

			w.ram = saved;
			ram_without(&w.ram, pages[i], 4096);
			v = vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
					   VTD_PART_DMA);
			if (v != VTD_FALLBACK_NOT_OLD_RAM)
				fail_msg("stage %u, page %d (%#llx): verdict %d "
					 "(%s)", stage + 1, i,
					 (unsigned long long)pages[i], v,
					 vtd_gate_verdict_str(v));
			assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops,
							 &w.env, BASE0,
							 VTD_PART_IR),
					 VTD_ADOPT);
		}
		w.ram = saved;
		assert_int_equal(vtd_gate_check_unit(&n, &w.ram, &crash_ops,
						      &w.env, BASE0),
				 VTD_ADOPT);
		world_down(&w);
	}
}

/* The entry's device put past every context entry (bus 0xff). */
static uint64_t orphan_pgtt;
static void pasid_orphan(struct vtd_note_entry *e)
{
	e->bus = 0xff;
	e->val[0] = (e->val[0] & ~VTD_PASID_LO_PGTT) |
		    VTD_FIELD_PREP(VTD_PASID_LO_PGTT, orphan_pgtt);
}

/* The entry's PASID table moved to a page that is not old RAM. */
static uint64_t moved_table;
static void pasid_table_moved(struct vtd_note_entry *e)
{
	e->table = moved_table;
}

/*
 * The scalable gate reads the note once (#21, 10), a PASID cursor beside
 * the context one; still every PASID record is checked: one past the
 * last context entry (a device with no context entry) as well.  And a
 * device set aside for its record (a PASID table the directory entry
 * does not name, here outside old RAM) is not adopted, so that table is
 * never read: the rest of the unit is adopted.
 */
static void test_gate_sm_every_pasid_record_checked(void **state)
{
	struct vtd_gate_aside aside;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct vtd_note n;
	struct world w;
	enum vtd_gate_verdict v;
	uint16_t sid;

	scalable_on(48);
	world_up_sized(&w, 64 << 10, 1, 6, 0x0a7);
	assert_int_equal(find_note(&w, &n), 0);
	rewrite_entry_type = VTD_SEC_PASID;
	rewrite_entry_append = true;
	orphan_pgtt = VTD_PGTT_NESTED;
	rewrite_note_with(&w, &n, NULL, pasid_orphan);
	assert_int_equal(find_note(&w, &n), 0);
	v = vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
			   VTD_PART_DMA);
	if (v != VTD_FALLBACK_BAD_ENTRY)
		fail_msg("a bad PASID record past the last context entry: "
			 "verdict %d (%s)", v, vtd_gate_verdict_str(v));
	world_down(&w);

	/* The same record, good: only its badness made the verdict. */
	world_up_sized(&w, 64 << 10, 1, 6, 0x0a7);
	assert_int_equal(find_note(&w, &n), 0);
	orphan_pgtt = VTD_PGTT_FS;
	rewrite_note_with(&w, &n, NULL, pasid_orphan);
	assert_int_equal(find_note(&w, &n), 0);
	assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
					VTD_PART_DMA),
			 VTD_ADOPT);
	world_down(&w);

	world_up_sized(&w, 64 << 10, 1, 6, 0x0a7);
	assert_int_equal(find_note(&w, &n), 0);
	/* The device of the first PASID record is the one edited. */
	vtd_note_cursor_init(&n, vtd_note_first_unit(&n), &c);
	while (vtd_note_next_entry(&n, &c, &e) && e.type != VTD_SEC_PASID)
		;
	assert_int_equal(e.type, VTD_SEC_PASID);
	sid = vtd_sid(e.bus, e.devfn);
	moved_table = sim_alloc_page(w.sim);
	ram_without(&w.ram, moved_table, 4096);
	rewrite_entry_append = false;
	rewrite_note_with(&w, &n, NULL, pasid_table_moved);
	assert_int_equal(find_note(&w, &n), 0);
	assert_int_equal(vtd_gate_check(&n, &w.ram, &crash_ops, &w.env, BASE0,
					VTD_PART_DMA),
			 VTD_FALLBACK_BAD_ENTRY);
	v = vtd_gate_check_aside(&n, &w.ram, &crash_ops, &w.env, BASE0,
				 VTD_PART_DMA, &aside);
	if (v != VTD_ADOPT)
		fail_msg("a device set aside: verdict %d (%s)", v,
			 vtd_gate_verdict_str(v));
	assert_int_equal(aside.nr, 1);
	assert_int_equal(aside.dev[0].verdict, VTD_FALLBACK_BAD_ENTRY);
	assert_int_equal(aside.dev[0].sid, sid);
	world_down(&w);
}

/* --- scalable mode (#13) --- */

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

static void test_gate_scalable_mode(void **state)
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
		assert_int_equal(find_note(&w, &n), 0);
		if (cases[i].edit) {
			rewrite_entry_type = cases[i].type;
			rewrite_note_with(&w, &n, NULL, cases[i].edit);
			rewrite_entry_type = VTD_SEC_CTX;
			assert_int_equal(find_note(&w, &n), 0);
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
	assert_string_equal(vtd_gate_verdict_str(VTD_FALLBACK_PASIDS),
			    "PASIDs besides RID_PASID are in use");
}

/* The world settings and the note rewrite's entry type back to default. */
static int gate_setup(void **state)
{
	rewrite_entry_type = VTD_SEC_CTX;
	rewrite_entry_append = false;
	return world_setup(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_gate_sm_tables_must_be_old_ram,
				       world_setup),
		cmocka_unit_test_setup(test_gate_sm_every_pasid_record_checked,
				       gate_setup),
		cmocka_unit_test_setup(test_gate_sm_other_pasid_anywhere,
				       world_setup),
		cmocka_unit_test_setup(test_gate_sm_other_pasids_cost_one_device,
				       world_setup),
		cmocka_unit_test_setup(test_gate_sm_live_tables_must_match_the_note,
				       world_setup),
		cmocka_unit_test_setup(test_gate_one_unit_failed_costs_that_unit,
				       world_setup),
		cmocka_unit_test_setup(test_gate_matching_units_are_adopted,
				       gate_setup),
		cmocka_unit_test_setup(test_gate_no_note_or_bad_note,
				       gate_setup),
		cmocka_unit_test_setup(test_gate_note_of_either_taker,
				       world_setup),
		cmocka_unit_test_setup(test_gate_hardware_changed_since,
				       gate_setup),
		cmocka_unit_test_setup(test_gate_truncated_snapshot_falls_back,
				       gate_setup),
		cmocka_unit_test_setup(test_gate_each_comparison, gate_setup),
		cmocka_unit_test_setup(test_gate_mode_votes, gate_setup),
		cmocka_unit_test_setup(test_gate_unknown_flags_fail_closed,
				       gate_setup),
		cmocka_unit_test_setup(test_gate_invalid_context_entries,
				       gate_setup),
		cmocka_unit_test_setup(
			test_gate_live_tables_must_match_the_note, gate_setup),
		cmocka_unit_test_setup(test_gate_tables_must_be_old_ram,
				       gate_setup),
		cmocka_unit_test_setup(test_gate_scalable_mode, gate_setup),
	};

	return cmocka_run_group_tests(tests, world_group_setup, NULL);
}
