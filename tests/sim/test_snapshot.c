// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_snapshot.c - lib/snapshot.c, the code purgatory runs at crash
 * time, run against the VT-d model with devices doing DMA and raising
 * interrupts between every register read and table mapping.  The decoded
 * note must equal the model's real state entry by entry: registers,
 * pending fault records, present root, context and IRTE entries, as read
 * here straight from the model's memory and registers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/snapshot.h>
#include <kexec-vtd/vtd-hw.h>

#include "adapter.h"
#include "platform.h"

#define RAM 0x1000000ull
#define RAM_SIZE (1ull << 30)
#define MAX_EXPECT 200000

/*
 * The environment purgatory would give the snapshot: the one model
 * adapter (adapter.h), devices running between its steps, the loader's
 * memory map RAM only, [RAM, RAM + RAM_SIZE).
 */
#define env sim_adapter
#define env_ops sim_adapter_snap_ops

/* --- the model's real state, read independently of lib/ --- */

struct expect {
	int n;
	struct vtd_note_entry *e;
};

static void push(struct expect *x, uint16_t type, uint16_t bus, uint8_t devfn,
		 uint32_t index, uint64_t table, const uint64_t *v, int nv)
{
	struct vtd_note_entry *e = &x->e[x->n++];

	assert_true(x->n <= MAX_EXPECT);
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->bus = bus;
	e->devfn = devfn;
	e->index = index;
	e->table = table;
	memcpy(e->val, v, sizeof(uint64_t) * (size_t)nv);
}

/*
 * The PASID-table entry behind a present scalable context entry @c of
 * @bus/@devfn (VT-d 9.4-9.6): RID_PASID is bits 83:64, its directory
 * entry number RID_PASID / 64 of 2^(PDTS + 7), PDTS bits 11:9; kept when
 * the directory entry's bit 0 is set.
 */
static void expect_rid_pasid(struct sim *sim, struct expect *x,
			     unsigned int bus, unsigned int devfn,
			     const uint64_t *c)
{
	uint32_t pasid = (uint32_t)(c[1] & 0xfffff);
	uint64_t pde, pt, v[8];
	int k;

	if (pasid / 64 >= 1u << (((c[0] >> 9) & 7) + 7))
		return;
	pde = sim_mem_read64(sim, (c[0] & ~0xfffull) + 8ull * (pasid / 64));
	if (!(pde & 1))
		return;
	pt = pde & ~0xfffull;
	for (k = 0; k < 8; k++)
		v[k] = sim_mem_read64(sim,
				      pt + 64ull * (pasid % 64) + 8ull * k);
	push(x, VTD_SEC_PASID, (uint16_t)bus, (uint8_t)devfn, pasid, pt, v, 8);
	x->e[x->n - 1].dir = pde;
}

/*
 * A scalable-mode unit's roots (either half present), then per bus and
 * half (lower: devfn 0-127, upper: 128-255) its present 256-bit context
 * entries followed by their PASID-table entries.
 */
static void expect_scalable(struct sim *sim, uint64_t rt, struct expect *x)
{
	unsigned int bus, half, i;
	uint64_t v[4], r[2];
	int k;

	for (bus = 0; bus < 256; bus++) {
		r[0] = sim_mem_read64(sim, rt + 16 * bus);
		r[1] = sim_mem_read64(sim, rt + 16 * bus + 8);
		if ((r[0] | r[1]) & 1)
			push(x, VTD_SEC_ROOT, (uint16_t)bus, 0, 0, 0, r, 2);
	}
	for (bus = 0; bus < 256; bus++) {
		for (half = 0; half < 2; half++) {
			uint64_t ct =
				sim_mem_read64(sim, rt + 16 * bus + 8 * half);

			if (!(ct & 1))
				continue;
			ct &= ~0xfffull;
			for (i = 0; i < 128; i++) {
				for (k = 0; k < 4; k++)
					v[k] = sim_mem_read64(
						sim, ct + 32 * i + 8 * k);
				if (v[0] & 1)
					push(x, VTD_SEC_SM_CTX, (uint16_t)bus,
					     (uint8_t)(128 * half + i), 0, ct,
					     v, 4);
			}
			for (i = 0; i < 128; i++) {
				v[0] = sim_mem_read64(sim, ct + 32 * i);
				v[1] = sim_mem_read64(sim, ct + 32 * i + 8);
				if (v[0] & 1)
					expect_rid_pasid(sim, x, bus,
							 128 * half + i, v);
			}
		}
	}
}

/* Entries of one unit, in the order the note keeps them. */
static void expect_unit(struct sim *sim, uint64_t base, struct expect *x)
{
	uint64_t cap = sim_mmio_read64(sim, base + VTD_REG_CAP);
	uint32_t gsts = sim_mmio_read32(sim, base + VTD_REG_GSTS);
	uint64_t rtaddr = sim_mmio_read64(sim, base + VTD_REG_RTADDR);
	uint64_t rt = rtaddr & ~0xfffull;
	uint64_t irta = sim_mmio_read64(sim, base + VTD_REG_IRTA);
	uint64_t fro = base + vtd_cap_fault_reg_offset(cap), v[2];
	unsigned int i, bus, devfn;

	x->n = 0;
	for (i = 0; i < vtd_cap_num_fault_regs(cap); i++) {
		v[0] = sim_mmio_read64(sim, fro + 16 * i);
		v[1] = sim_mmio_read64(sim, fro + 16 * i + 8);
		if (v[1] & VTD_FRCD_HI_F)
			push(x, VTD_SEC_FAULT, 0, 0, i, 0, v, 2);
	}
	/* RTADDR bits 11:10, TTM: 01b is scalable mode. */
	if ((gsts & VTD_GSTS_TES) && ((rtaddr >> 10) & 3) == 1)
		expect_scalable(sim, rt, x);
	else if (gsts & VTD_GSTS_TES) {
		for (bus = 0; bus < 256; bus++) {
			v[0] = sim_mem_read64(sim, rt + 16 * bus);
			v[1] = sim_mem_read64(sim, rt + 16 * bus + 8);
			if (v[0] & 1)
				push(x, VTD_SEC_ROOT, (uint16_t)bus, 0, 0, 0, v,
				     2);
		}
		for (bus = 0; bus < 256; bus++) {
			uint64_t ct = sim_mem_read64(sim, rt + 16 * bus);

			if (!(ct & 1))
				continue;
			ct &= ~0xfffull;
			for (devfn = 0; devfn < 256; devfn++) {
				v[0] = sim_mem_read64(sim, ct + 16 * devfn);
				v[1] = sim_mem_read64(sim, ct + 16 * devfn + 8);
				if (v[0] & 1)
					push(x, VTD_SEC_CTX, (uint16_t)bus,
					     (uint8_t)devfn, 0, ct, v, 2);
			}
		}
	}
	if (gsts & VTD_GSTS_IRES) {
		uint64_t t = irta & ~0xfffull;

		for (i = 0; i < (2u << (irta & 0xf)); i++) {
			v[0] = sim_mem_read64(sim, t + 16ull * i);
			v[1] = sim_mem_read64(sim, t + 16ull * i + 8);
			if (v[0] & 1)
				push(x, VTD_SEC_IRTE, 0, 0, i, 0, v, 2);
		}
	}
}

static void assert_entry_equal(const struct vtd_note_entry *a,
			       const struct vtd_note_entry *b, int i)
{
	if (a->type != b->type || a->bus != b->bus || a->devfn != b->devfn ||
	    a->index != b->index || a->table != b->table || a->dir != b->dir ||
	    memcmp(a->val, b->val, sizeof(a->val)))
		fail_msg("entry %d: note has type %u bus %u devfn %u index %u "
			 "val %llx, model has type %u bus %u devfn %u index %u "
			 "val %llx",
			 i, a->type, a->bus, a->devfn, a->index,
			 (unsigned long long)a->val[0], b->type, b->bus,
			 b->devfn, b->index, (unsigned long long)b->val[0]);
}

/*
 * Decode the note and compare every unit with the model.  With @prefix,
 * a unit's entries may stop early (a truncated note) but never differ.
 */
static struct vtd_note_info check_note(struct sim *sim, const uint8_t *buf,
				       int used, bool prefix)
{
	struct expect x = { .e = calloc(MAX_EXPECT, sizeof(*x.e)) };
	struct vtd_note_info info;
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct vtd_note n;
	const void *desc;
	size_t desc_len;
	int off, ui = 0, i;

	assert_true(used > 0);
	assert_int_equal(
		vtd_note_find(buf, (size_t)used, &desc, &desc_len, NULL), 0);
	assert_int_equal(vtd_note_open(&n, desc, desc_len, NULL), 0);
	vtd_note_get_info(&n, &info);
	for (off = vtd_note_first_unit(&n); off >= 0;
	     off = vtd_note_next_unit(&n, off)) {
		uint64_t base;

		vtd_note_get_unit(&n, off, &u);
		base = u.reg_base;
		assert_int_equal(u.ver,
				 sim_mmio_read32(sim, base + VTD_REG_VER));
		assert_int_equal(u.cap,
				 sim_mmio_read64(sim, base + VTD_REG_CAP));
		assert_int_equal(u.ecap,
				 sim_mmio_read64(sim, base + VTD_REG_ECAP));
		assert_int_equal(u.gsts,
				 sim_mmio_read32(sim, base + VTD_REG_GSTS));
		assert_int_equal(u.rtaddr,
				 sim_mmio_read64(sim, base + VTD_REG_RTADDR));
		assert_int_equal(u.irta,
				 sim_mmio_read64(sim, base + VTD_REG_IRTA));
		assert_int_equal(u.fsts,
				 sim_mmio_read32(sim, base + VTD_REG_FSTS));
		if (!(u.flags & VTD_UNIT_F_UNREADABLE)) {
			expect_unit(sim, base, &x);
			vtd_note_cursor_init(&n, off, &c);
			for (i = 0; vtd_note_next_entry(&n, &c, &e); i++) {
				assert_true(i < x.n);
				assert_entry_equal(&e, &x.e[i], i);
			}
			if (!prefix && i != x.n)
				fail_msg("unit 0x%llx: %d entries in the note, "
					 "%d in the model",
					 (unsigned long long)base, i, x.n);
		}
		ui++;
	}
	assert_int_equal(ui, info.nr_units);
	free(x.e);
	return info;
}

/* --- scenarios --- */

static const struct fk_config linux_like = FK_CONFIG_LINUX(3, 2, 8);

struct platform {
	struct sim *sim;
	struct sim_dev *devs;
	int nr_devs;
	struct vtd_snap_unit units[SIM_MAX_UNITS];
	int nr_units;
	struct sim_traffic traffic;
	struct env env;
};

/*
 * Set by the scalable-mode tests: the units' scalable ECAP, and devices
 * of every kind Linux sets up (shared domains, pass-through, DMA aliases
 * behind a bridge, ATS) at every function and both halves of a bus.
 */
static bool platform_scalable;

static void platform_kinds(struct platform *p)
{
	int i;

	for (i = 0; i < p->nr_devs; i++) {
		struct sim_dev *d = &p->devs[i];

		d->sid = (uint16_t)((i / 200 + 1) << 8 | (i * 37 % 200 + 40));
		if (i % 5 == 1)
			d->kind = SIM_DEV_SHARED;
		if (i % 7 == 3)
			d->kind = SIM_DEV_IDENTITY;
		if (i % 11 == 6) {
			d->kind = SIM_DEV_ALIAS;
			d->alias = (uint16_t)(0x8000 | i);
		}
		d->ats = i % 13 == 4 && d->kind != SIM_DEV_IDENTITY;
	}
}

static void platform_up(struct platform *p, int nr_units, int nr_devs,
			const struct fk_config *fk, uint64_t seed)
{
	const uint16_t segments[] = { 0, 0, 1, 1 };
	struct sim_config cfg;
	int i;

	memset(p, 0, sizeof(*p));
	/* RAM there is [RAM, RAM + RAM_SIZE), as env_map_page() assumes. */
	sim_config_default(&cfg, nr_units, segments);
	for (i = 0; i < nr_units && platform_scalable; i++)
		cfg.unit[i].ecap = sim_scalable_ecap() | VTD_ECAP_DT;
	for (i = 0; i < nr_units; i++) {
		p->units[i].reg_base = cfg.unit[i].reg_base;
		p->units[i].reg_size = 4096;
		p->units[i].segment = cfg.unit[i].segment;
	}
	p->nr_units = nr_units;
	p->sim = sim_new(&cfg);
	assert_non_null(p->sim);
	p->nr_devs = nr_devs;
	p->devs = calloc((size_t)nr_devs, sizeof(*p->devs));
	for (i = 0; i < nr_devs; i++) {
		int slot = i / nr_units;

		p->devs[i].unit = i % nr_units;
		p->devs[i].sid = (uint16_t)((slot / 32 + 1) << 8 |
					    VTD_DEVFN(slot % 32, slot & 1));
	}
	if (platform_scalable)
		platform_kinds(p);
	fk_boot(p->sim, fk, p->devs, nr_devs);
	p->traffic = (struct sim_traffic){ .sim = p->sim,
					   .devs = p->devs,
					   .nr_devs = nr_devs,
					   .min_ops = 1,
					   .max_ops = 3 };
	sim_rng_init(&p->traffic.rng, seed);
	sim_adapter_init(&p->env, p->sim);
	p->env.ram_lo = RAM;
	p->env.ram_hi = RAM + RAM_SIZE;
	sim_set_step_hook(p->sim, sim_traffic_step, &p->traffic);
}

static void platform_down(struct platform *p)
{
	struct sim_dev_counts sum;

	/* The snapshot disturbed nothing: the devices still ran clean. */
	sim_set_step_hook(p->sim, NULL, NULL);
	sim_dev_counts_sum(p->devs, p->nr_devs, &sum);
	assert_int_equal(sum.dma_faults + sum.dma_misdirected, 0);
	free(p->devs);
	sim_free(p->sim);
}

static int snap(struct platform *p, uint8_t *buf, size_t size)
{
	return vtd_snapshot(&env_ops, &p->env, p->units,
			    (unsigned int)p->nr_units, buf, size);
}

static void test_snapshot_one_unit_few_devices(void **state)
{
	static uint8_t buf[VTD_NOTE_AREA_DEFAULT];
	struct vtd_note_info info;
	struct platform p;
	int used;

	platform_up(&p, 1, 6, &linux_like, sim_rng_seed_from_env(11));
	used = snap(&p, buf, sizeof(buf));
	info = check_note(p.sim, buf, used, false);
	assert_int_equal(info.flags, VTD_NOTE_F_COMPLETE);
	assert_int_equal(info.nr_units, 1);
	assert_true(info.tsc_end > info.tsc_start);
	assert_int_equal(p.env.units_done, 1);
	assert_true(p.traffic.steps > 10); /* devices ran throughout */
	platform_down(&p);
}

static void test_snapshot_many_units_segments_devices(void **state)
{
	static uint8_t buf[VTD_NOTE_AREA_DEFAULT];
	struct vtd_note_info info;
	struct platform p;

	platform_up(&p, 4, 400, &linux_like, sim_rng_seed_from_env(12));
	info = check_note(p.sim, buf, snap(&p, buf, sizeof(buf)), false);
	assert_int_equal(info.flags, VTD_NOTE_F_COMPLETE);
	assert_int_equal(info.nr_units, 4);
	platform_down(&p);
}

/* x2APIC interrupt remapping, with pending faults recorded before. */
static void test_snapshot_ir_x2apic_and_faults(void **state)
{
	static uint8_t buf[VTD_NOTE_AREA_DEFAULT];
	struct vtd_note_info info;
	struct platform p;
	uint8_t b[8] = { 0 };

	platform_up(&p, 1, 4, &linux_like, sim_rng_seed_from_env(13));
	sim_dma(p.sim, 0, 0x0700, 0x1000, false, b, 8); /* no root entry */
	sim_dma(p.sim, 0, p.devs[0].sid, 0x12340000, true, b, 8);
	assert_true(sim_mmio_read64(p.sim, 0xfed90000 + VTD_REG_IRTA) &
		    VTD_IRTA_EIME);
	info = check_note(p.sim, buf, snap(&p, buf, sizeof(buf)), false);
	assert_int_equal(info.flags, VTD_NOTE_F_COMPLETE);
	platform_down(&p);
}

/* x2APIC systems may run interrupt remapping with translation off. */
static void test_snapshot_translation_off_ir_on(void **state)
{
	static uint8_t buf[VTD_NOTE_AREA_DEFAULT];
	struct fk_config fk = linux_like;
	struct vtd_note_entry e;
	struct vtd_note_cursor c;
	struct vtd_note n;
	const void *desc;
	size_t len;
	struct platform p;
	int used, irtes = 0;

	fk.translation_off = true;
	platform_up(&p, 2, 10, &fk, sim_rng_seed_from_env(14));
	used = snap(&p, buf, sizeof(buf));
	check_note(p.sim, buf, used, false);
	assert_int_equal(vtd_note_find(buf, (size_t)used, &desc, &len, NULL),
			 0);
	assert_int_equal(vtd_note_open(&n, desc, len, NULL), 0);
	vtd_note_cursor_init(&n, vtd_note_first_unit(&n), &c);
	while (vtd_note_next_entry(&n, &c, &e)) {
		assert_int_equal(e.type, VTD_SEC_IRTE);
		irtes++;
	}
	assert_int_equal(irtes, 5 * 2);
	platform_down(&p);
}

/* A small buffer: truncated, still valid, every unit's registers kept. */
static void test_snapshot_buffer_too_small(void **state)
{
	static uint8_t buf[8192 + 64];
	struct vtd_note_info info;
	struct platform p;
	int used;

	memset(buf + 8192, 0xa5, 64);
	platform_up(&p, 3, 300, &linux_like, sim_rng_seed_from_env(15));
	used = snap(&p, buf, 8192);
	assert_true(used <= 8192);
	for (int i = 0; i < 64; i++)
		assert_int_equal(buf[8192 + i], 0xa5);
	info = check_note(p.sim, buf, used, true);
	assert_true(info.flags & VTD_NOTE_F_TRUNCATED);
	assert_false(info.flags & VTD_NOTE_F_COMPLETE);
	assert_int_equal(info.nr_units, 3);
	/* Too small even for the unit records: refused, nothing written. */
	assert_int_equal(snap(&p, buf, VTD_NOTE_MIN_AREA + 10),
			 -VTD_ERR_NOSPACE);
	platform_down(&p);
}

static uint32_t unit_flags(const uint8_t *buf, int used, int which)
{
	struct vtd_note_unit_info u = { 0 };
	struct vtd_note n;
	const void *desc;
	size_t len;
	int off, i = 0;

	assert_int_equal(vtd_note_find(buf, (size_t)used, &desc, &len, NULL),
			 0);
	assert_int_equal(vtd_note_open(&n, desc, len, NULL), 0);
	for (off = vtd_note_first_unit(&n); off >= 0;
	     off = vtd_note_next_unit(&n, off))
		if (i++ == which)
			vtd_note_get_unit(&n, off, &u);
	return u.flags;
}

/*
 * Corrupted tables and units that cannot be read: each is flagged, the
 * note stays valid, and what could be read still equals the model.
 */
static void test_snapshot_corrupt_tables_and_dead_units(void **state)
{
	static uint8_t buf[VTD_NOTE_AREA_DEFAULT];
	struct vtd_note_info info;
	struct platform p;
	uint64_t rt;
	int used;

	platform_up(&p, 3, 30, &linux_like, sim_rng_seed_from_env(16));
	sim_set_step_hook(p.sim, NULL, NULL); /* corrupt while quiet */
	/* Unit 0: a root entry whose context table is outside RAM. */
	rt = sim_mmio_read64(p.sim, 0xfed90000 + VTD_REG_RTADDR);
	sim_mem_write64(p.sim, rt + 0x40 * 16, 0x7ff000000000ull | 1);
	/*
	 * Unit 1: IRTA points outside RAM; unit 2: RTADDR does.  Only the
	 * registers change (no SIRTP/SRTP), so the devices keep running
	 * cleanly on the tables the hardware latched.
	 */
	sim_mmio_write64(p.sim, 0xfed91000 + VTD_REG_IRTA,
			 0x7fe000000000ull | 7);
	sim_mmio_write64(p.sim, 0xfed92000 + VTD_REG_RTADDR, 0x7fd000000000ull);
	/* And a fourth unit that is not there at all: reads all ones. */
	p.units[3] = (struct vtd_snap_unit){ .reg_base = 0xfed9f000,
					     .reg_size = 4096 };
	p.nr_units = 4;
	sim_set_step_hook(p.sim, sim_traffic_step, &p.traffic);

	used = snap(&p, buf, sizeof(buf));
	info = check_note(p.sim, buf, used, false);
	assert_int_equal(info.flags, VTD_NOTE_F_UNIT_FAILED);
	assert_int_equal(unit_flags(buf, used, 0), VTD_UNIT_F_CTX_TABLE_BAD);
	assert_int_equal(unit_flags(buf, used, 1), VTD_UNIT_F_IRTA_BAD);
	assert_int_equal(unit_flags(buf, used, 2), VTD_UNIT_F_RTADDR_BAD);
	assert_int_equal(unit_flags(buf, used, 3), VTD_UNIT_F_UNREADABLE);
	p.nr_units = 3;
	sim_set_step_hook(p.sim, NULL, NULL);
	free(p.devs);
	sim_free(p.sim);
}

/* One PASID-table entry, word by word, at @table's slot for @pasid. */
static void put_pasid_entry(struct sim *sim, uint64_t table, uint32_t pasid,
			    const uint64_t v[8])
{
	for (int k = 0; k < 8; k++)
		sim_mem_write64(sim, table + 64ull * (pasid & 63) + 8ull * k,
				v[k]);
}

/*
 * Scalable mode, tables written by hand: lower and upper context tables
 * of one bus, and behind each context entry the PASID directory and table
 * its RID_PASID picks: present (a directory entry on the second page of a
 * 1024-entry directory), a directory entry not present, a RID_PASID past
 * the directory, and a PASID table outside RAM, which is skipped and
 * flagged.  The snapshot only reads tables, so no translation is needed.
 */
static void test_snapshot_scalable_mode_tables(void **state)
{
	static uint8_t buf[VTD_NOTE_AREA_DEFAULT];
	struct sim_config cfg = { .nr_units = 1,
				  .ram_base = RAM,
				  .ram_size = RAM_SIZE };
	struct vtd_snap_unit unit = { .reg_base = 0xfed90000,
				      .reg_size = 4096 };
	struct vtd_note_info info;
	const uint64_t fs[8] = { 0x49, 0x800007, 0x2345000, 0, 0, 0, 0, 0 };
	const uint64_t ss[8] = { 0x5000089, 0x800009, 0, 0, 0, 0, 0, 0 };
	struct env env = { 0 };
	struct vtd_note_entry e;
	struct vtd_note_cursor c;
	struct vtd_note n;
	const void *desc;
	size_t len;
	uint64_t root, lower, upper, dir, dir3, pt, pt2;
	int used, seen = 0;

	cfg.unit[0].reg_base = 0xfed90000;
	cfg.unit[0].cap = sim_default_cap(48, 8, 2);
	cfg.unit[0].ecap = sim_default_ecap() | VTD_ECAP_SMTS;
	sim_adapter_init(&env, sim_new(&cfg));
	env.ram_lo = RAM;
	env.ram_hi = RAM + RAM_SIZE;
	root = sim_alloc_page(env.sim);
	lower = sim_alloc_page(env.sim);
	upper = sim_alloc_page(env.sim);
	dir = sim_alloc_page(env.sim); /* 1024 entries: two pages */
	sim_alloc_page(env.sim);
	dir3 = sim_alloc_page(env.sim);
	pt = sim_alloc_page(env.sim);
	pt2 = sim_alloc_page(env.sim);
	sim_mem_write64(env.sim, root + 5 * 16, lower | 1);
	sim_mem_write64(env.sim, root + 5 * 16 + 8, upper | 1);
	/* 05:00.3: RID_PASID 0x8011, directory entry 0x200 of 1024. */
	sim_mem_write64(env.sim, lower + 3 * 32, dir | 3 << 9 | 1);
	sim_mem_write64(env.sim, lower + 3 * 32 + 8, 0x8011);
	sim_mem_write64(env.sim, dir + 0x200 * 8, pt | VTD_PDE_FPD | 1);
	put_pasid_entry(env.sim, pt, 0x8011, fs);
	/* 05:00.4: directory entry 1 not present (P clear, a table set). */
	sim_mem_write64(env.sim, lower + 4 * 32, dir | 3 << 9 | 1);
	sim_mem_write64(env.sim, lower + 4 * 32 + 8, 0x40);
	sim_mem_write64(env.sim, dir + 1 * 8, pt);
	/*
	 * 05:00.5: RID_PASID 0x2000 past 128 directory entries (PDTS 0),
	 * where memory holds a present entry that is not the directory's.
	 */
	sim_mem_write64(env.sim, lower + 5 * 32, dir | 1);
	sim_mem_write64(env.sim, lower + 5 * 32 + 8, 0x2000);
	sim_mem_write64(env.sim, dir + 128 * 8, pt | 1);
	/* 05:00.6: a context entry not present, whatever else it holds. */
	sim_mem_write64(env.sim, lower + 6 * 32, dir | 3 << 9);
	sim_mem_write64(env.sim, lower + 6 * 32 + 8, 0x8011);
	/* 05:10.2: RID_PASID 0 in a table outside RAM: skipped, flagged. */
	sim_mem_write64(env.sim, upper + 2 * 32, dir3 | 1);
	sim_mem_write64(env.sim, upper + 2 * 32 + 24, 0x44);
	sim_mem_write64(env.sim, dir3, 0x7ff000000000ull | 1);
	/* 05:10.3: RID_PASID 1, an entry not present: recorded as found. */
	sim_mem_write64(env.sim, upper + 3 * 32, pt2 | 1);
	sim_mem_write64(env.sim, upper + 3 * 32 + 8, 1);
	sim_mem_write64(env.sim, pt2, pt2 | 1); /* the directory is pt2 too */
	put_pasid_entry(env.sim, pt2, 1, ss);
	sim_mem_write64(env.sim, pt2 + 64, ss[0] & ~1ull);
	sim_mmio_write64(
		env.sim, 0xfed90000 + VTD_REG_RTADDR,
		root | VTD_FIELD_PREP(VTD_RTADDR_TTM, VTD_TTM_SCALABLE));
	sim_mmio_write32(env.sim, 0xfed90000 + VTD_REG_GCMD,
			 (uint32_t)VTD_GCMD_SRTP);
	sim_mmio_write32(env.sim, 0xfed90000 + VTD_REG_GCMD,
			 (uint32_t)VTD_GCMD_TE);

	env.quiet = true;
	used = vtd_snapshot(&env_ops, &env, &unit, 1, buf, sizeof(buf));
	assert_int_equal(vtd_note_find(buf, (size_t)used, &desc, &len, NULL),
			 0);
	assert_int_equal(vtd_note_open(&n, desc, len, NULL), 0);
	assert_int_equal(unit_flags(buf, used, 0), VTD_UNIT_F_PASID_TABLE_BAD);
	vtd_note_get_info(&n, &info);
	assert_int_equal(info.flags, VTD_NOTE_F_UNIT_FAILED);
	vtd_note_cursor_init(&n, vtd_note_first_unit(&n), &c);
	while (vtd_note_next_entry(&n, &c, &e)) {
		assert_int_equal(e.bus, 5);
		switch (seen++) {
		case 0:
			assert_int_equal(e.type, VTD_SEC_ROOT);
			assert_int_equal(e.val[1], upper | 1);
			break;
		case 1:
		case 2:
		case 3:
			assert_int_equal(e.type, VTD_SEC_SM_CTX);
			assert_int_equal(e.devfn, seen + 1);
			assert_int_equal(e.table, lower);
			break;
		case 4:
			assert_int_equal(e.type, VTD_SEC_PASID);
			assert_int_equal(e.devfn, 3);
			assert_int_equal(e.index, 0x8011);
			assert_int_equal(e.dir, pt | VTD_PDE_FPD | 1);
			assert_int_equal(e.table, pt);
			assert_memory_equal(e.val, fs, sizeof(fs));
			break;
		case 5:
		case 6:
			assert_int_equal(e.type, VTD_SEC_SM_CTX);
			assert_int_equal(e.devfn, 128 + seen - 4);
			assert_int_equal(e.table, upper);
			break;
		case 7:
			assert_int_equal(e.type, VTD_SEC_PASID);
			assert_int_equal(e.devfn, 128 + 3);
			assert_int_equal(e.index, 1);
			assert_int_equal(e.table, pt2);
			assert_int_equal(e.val[0], ss[0] & ~1ull);
			assert_int_equal(e.val[1], ss[1]);
			break;
		}
	}
	assert_int_equal(seen, 8);
	sim_free(env.sim);
}

/*
 * Scalable mode as Linux 6.12 leaves it (fk_config.scalable): first-stage
 * domains, pass-through, aliases, ATS, devices at both halves of their
 * buses, x2APIC interrupt remapping, devices running throughout.  The
 * note holds every root half, context entry and RID_PASID entry the model
 * holds, read here from its memory, and the devices ran clean (in
 * platform_down).
 */
static void test_snapshot_scalable_linux_like(void **state)
{
	static uint8_t buf[VTD_NOTE_AREA_DEFAULT];
	static const struct fk_config fk_sm = FK_CONFIG_LINUX_SM(2, 2, 9);
	struct fk_config fk = fk_sm;
	struct sim_dev_counts sum;
	struct vtd_note_info info;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct vtd_note n;
	struct platform p;
	const void *desc;
	size_t len;
	int used, off, pasids = 0, upper = 0, pgtt[8] = { 0 }, round;

	for (round = 0; round < 2; round++) {
		fk.second_stage = round == 1;
		platform_scalable = true;
		platform_up(&p, 2, 300, &fk, sim_rng_seed_from_env(17));
		platform_scalable = false;
		sim_traffic_burst(&p.traffic, 3);
		used = snap(&p, buf, sizeof(buf));
		info = check_note(p.sim, buf, used, false);
		assert_int_equal(info.flags, VTD_NOTE_F_COMPLETE);
		assert_int_equal(
			vtd_note_find(buf, (size_t)used, &desc, &len, NULL), 0);
		assert_int_equal(vtd_note_open(&n, desc, len, NULL), 0);
		for (off = vtd_note_first_unit(&n); off >= 0;
		     off = vtd_note_next_unit(&n, off)) {
			vtd_note_cursor_init(&n, off, &c);
			while (vtd_note_next_entry(&n, &c, &e)) {
				if (e.type == VTD_SEC_SM_CTX && e.devfn >= 128)
					upper++;
				if (e.type != VTD_SEC_PASID)
					continue;
				pasids++;
				pgtt[VTD_FIELD_GET(VTD_PASID_LO_PGTT,
						   e.val[0])]++;
			}
		}
		/* The devices' DMA and MSIs went through, none faulted. */
		sim_dev_counts_sum(p.devs, p.nr_devs, &sum);
		assert_true(sum.dma_ok > 1000 && sum.irq_ok > 300);
		assert_int_equal(sum.irq_faults + sum.irq_misdirected, 0);
		for (off = 0; off < 2; off++)
			assert_int_equal(
				sim_unit_stats(p.sim, off)->dma_faults +
					sim_unit_stats(p.sim, off)->irq_faults,
				0);
		platform_down(&p);
	}
	/* Both rounds: 300 devices and 27 aliases, each with its entry;
	 * 39 of the devices pass-through (43, 4 of them made aliases). */
	assert_int_equal(pasids, 2 * (300 + 27));
	assert_true(upper > 100);
	assert_true(pgtt[VTD_PGTT_FS] > 100 && pgtt[VTD_PGTT_SS] > 100);
	assert_int_equal(pgtt[VTD_PGTT_PT], 2 * 39);
}

static void test_snapshot_rejects_bad_parameters(void **state)
{
	uint8_t buf[256];
	struct vtd_snap_unit small = { .reg_base = 0xfed90000, .reg_size = 64 };
	struct env env = { 0 };

	assert_int_equal(vtd_snapshot(NULL, &env, NULL, 0, buf, sizeof(buf)),
			 -VTD_ERR_BADPARAM);
	assert_int_equal(
		vtd_snapshot(&env_ops, &env, NULL, 1, buf, sizeof(buf)),
		-VTD_ERR_BADPARAM);
	assert_int_equal(
		vtd_snapshot(&env_ops, &env, &small, 1, buf, sizeof(buf)),
		-VTD_ERR_BADPARAM);
	/* No unit at all: an empty but complete note. */
	assert_true(vtd_snapshot(&env_ops, &env, NULL, 0, buf, sizeof(buf)) >
		    0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_one_unit_few_devices),
		cmocka_unit_test(test_snapshot_many_units_segments_devices),
		cmocka_unit_test(test_snapshot_ir_x2apic_and_faults),
		cmocka_unit_test(test_snapshot_translation_off_ir_on),
		cmocka_unit_test(test_snapshot_buffer_too_small),
		cmocka_unit_test(test_snapshot_corrupt_tables_and_dead_units),
		cmocka_unit_test(test_snapshot_scalable_mode_tables),
		cmocka_unit_test(test_snapshot_scalable_linux_like),
		cmocka_unit_test(test_snapshot_rejects_bad_parameters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
