// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_walk.c - the dump readers' table walker (lib/walk.c) on tables
 * built here by hand in a sparse memory: legacy and scalable entries,
 * second stage with 3, 4 and 5 levels, first stage with 4 and 5, 2 MiB
 * and 1 GiB pages, pass-through, and every way a path can end short:
 * absent entries, pages missing from the dump, pointers past memory,
 * loops, a page size the format forbids and a budget that runs out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <kexec-vtd/err.h>
#include <kexec-vtd/vtd-hw.h>
#include <kexec-vtd/walk.h>

/* --- a sparse memory of 4 KiB pages --- */

#define MAX_PAGES 64
static struct {
	u64 pa;
	u64 w[512];
} pages[MAX_PAGES];
static unsigned int nr_pages, reads;

static u64 *page(u64 pa)
{
	unsigned int i;

	for (i = 0; i < nr_pages; i++)
		if (pages[i].pa == pa)
			return pages[i].w;
	assert_true(nr_pages < MAX_PAGES);
	pages[nr_pages].pa = pa;
	memset(pages[nr_pages].w, 0, sizeof(pages[nr_pages].w));
	return pages[nr_pages++].w;
}

static void put(u64 pa, u64 v)
{
	page(pa & ~UINT64_C(0xfff))[(pa & 0xfff) / 8] = v;
}

static int mem_read(void *ctx, u64 pa, void *buf, size_t len)
{
	unsigned int i;

	(void)ctx;
	reads++;
	for (i = 0; i < nr_pages; i++)
		if (pages[i].pa == (pa & ~UINT64_C(0xfff)) &&
		    (pa & 0xfff) + len <= 4096) {
			memcpy(buf, (char *)pages[i].w + (pa & 0xfff), len);
			return 0;
		}
	return -1;
}

static struct vtd_mem mem = { .read = mem_read };

static int reset(void **state)
{
	(void)state;
	nr_pages = 0;
	reads = 0;
	mem.limit = 0;
	return 0;
}

/* Addresses of the tables built below. */
#define ROOT 0x10000
#define CTX 0x11000
#define DIR 0x12000
#define PTBL 0x13000
#define L5 0x20000
#define L4 0x21000
#define L3 0x22000
#define L2 0x23000
#define L1 0x24000
#define RW (VTD_SLPTE_R | VTD_SLPTE_W)
#define FS_RW (VTD_FSPTE_P | VTD_FSPTE_RW | VTD_FSPTE_US)

/* A legacy device 00:03.0 with second-stage tables of @aw (1, 2 or 3). */
static void legacy_dev(unsigned int aw, unsigned int tt, u16 did)
{
	put(ROOT, CTX | VTD_ROOT_LO_P);
	put(CTX + 0x18 * 16, (aw == 3	? L5
			      : aw == 2 ? L4
					: L3) |
				     VTD_FIELD_PREP(VTD_CTX_LO_TT, tt) |
				     VTD_CTX_LO_P);
	put(CTX + 0x18 * 16 + 8, VTD_FIELD_PREP(VTD_CTX_HI_AW, aw) |
					 VTD_FIELD_PREP(VTD_CTX_HI_DID, did));
}

static void resolve(struct vtd_dev *d, u64 rtaddr, u8 devfn)
{
	assert_int_equal(vtd_dev_resolve(&mem, rtaddr, 0, devfn, d), 0);
}

static void test_walk_legacy_4level_pages(void **state)
{
	struct vtd_dev d;
	struct vtd_xlate x;

	legacy_dev(VTD_AW_48BIT, VTD_TT_UNTRANSLATED, 7);
	put(L4, L3 | RW);
	put(L3, L2 | RW);
	put(L3 + 8, 0x40000000ull | VTD_SLPTE_PS | VTD_SLPTE_R); /* 1 GiB */
	put(L2, L1 | RW);
	put(L2 + 8, 0x600000ull | VTD_SLPTE_PS | RW); /* 2 MiB */
	put(L1 + 8 * 5, 0x12345000ull | VTD_SLPTE_W); /* 4 KiB */
	resolve(&d, ROOT, 0x18);
	assert_int_equal(d.type, VTD_DEV_SECOND_STAGE);
	assert_int_equal(d.levels, 4);
	assert_int_equal(d.aw, 48);
	assert_int_equal(d.did, 7);
	assert_int_equal(d.table, L4);
	assert_int_equal(d.ctx_pa, CTX + 0x18 * 16);

	assert_int_equal(vtd_translate(&mem, &d, 0x5abc, &x), 0);
	assert_int_equal(x.pa, 0x12345abc);
	assert_int_equal(x.size, 4096);
	assert_false(x.read);
	assert_true(x.write);
	assert_int_equal(x.nr_steps, 4);
	assert_int_equal(x.step[0].level, 4);
	assert_int_equal(x.step[0].entry_pa, L4);
	assert_int_equal(x.step[3].entry_pa, L1 + 5 * 8);
	assert_int_equal(x.step[3].entry, 0x12345000ull | VTD_SLPTE_W);

	assert_int_equal(vtd_translate(&mem, &d, 0x2f0123, &x), 0);
	assert_int_equal(x.pa, 0x6f0123);
	assert_int_equal(x.size, 2u << 20);
	assert_int_equal(x.nr_steps, 3);

	assert_int_equal(vtd_translate(&mem, &d, 0x7654321f, &x), 0);
	assert_int_equal(x.pa, 0x7654321f);
	assert_int_equal(x.size, 1u << 30);
	assert_true(x.read);
	assert_false(x.write);

	/* An absent leaf: the entry that said so. */
	assert_int_equal(vtd_translate(&mem, &d, 0x6000, &x),
			 -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_NOT_PRESENT);
	assert_int_equal(x.stop.what, VTD_WALK_AT_PAGE_TABLE);
	assert_int_equal(x.stop.level, 1);
	assert_int_equal(x.stop.at, L1 + 6 * 8);

	/* Beyond 48 bits. */
	assert_int_equal(vtd_translate(&mem, &d, 1ull << 48, &x),
			 -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_BEYOND_AW);
}

static void test_walk_legacy_3_and_5_levels(void **state)
{
	struct vtd_dev d;
	struct vtd_xlate x;

	legacy_dev(VTD_AW_39BIT, VTD_TT_ALL, 1);
	put(L3 + 8 * 2, L2 | RW);
	put(L2, L1 | RW);
	put(L1, 0x9000 | RW);
	resolve(&d, ROOT, 0x18);
	assert_int_equal(d.levels, 3);
	assert_int_equal(d.aw, 39);
	assert_int_equal(vtd_translate(&mem, &d, 0x80000010ull, &x), 0);
	assert_int_equal(x.pa, 0x9010);
	assert_int_equal(x.nr_steps, 3);
	assert_int_equal(vtd_translate(&mem, &d, 1ull << 39, &x),
			 -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_BEYOND_AW);

	reset(NULL);
	legacy_dev(VTD_AW_57BIT, VTD_TT_UNTRANSLATED, 1);
	put(L5 + 8 * 256, L4 | RW); /* IOVA bit 56 */
	put(L4, L3 | RW);
	put(L3, L2 | RW);
	put(L2, L1 | RW);
	put(L1 + 8, 0xa000 | RW);
	resolve(&d, ROOT, 0x18);
	assert_int_equal(d.levels, 5);
	assert_int_equal(d.aw, 57);
	assert_int_equal(vtd_translate(&mem, &d, (1ull << 56) | 0x1004, &x), 0);
	assert_int_equal(x.pa, 0xa004);
	assert_int_equal(x.nr_steps, 5);
	assert_int_equal(x.step[0].entry_pa, L5 + 8 * 256);
}

static void test_walk_pass_through_and_absent(void **state)
{
	struct vtd_dev d;
	struct vtd_xlate x;

	legacy_dev(VTD_AW_48BIT, VTD_TT_PASSTHROUGH, 9);
	resolve(&d, ROOT, 0x18);
	assert_int_equal(d.type, VTD_DEV_PASS_THROUGH);
	assert_int_equal(vtd_translate(&mem, &d, 0x123456789ull, &x), 0);
	assert_int_equal(x.pa, 0x123456789ull);
	assert_int_equal(x.size, 0);

	/* Another devfn of the same bus: its context entry is zero. */
	resolve(&d, ROOT, 0x20);
	assert_int_equal(d.type, VTD_DEV_BLOCKED);
	assert_int_equal(d.stop.why, VTD_WALK_NOT_PRESENT);
	assert_int_equal(d.stop.what, VTD_WALK_AT_CTX);
	assert_int_equal(d.stop.at, CTX + 0x20 * 16);
	assert_int_equal(vtd_translate(&mem, &d, 0, &x), -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.what, VTD_WALK_AT_CTX);

	/* Another bus: its root entry is zero. */
	assert_int_equal(vtd_dev_resolve(&mem, ROOT, 3, 0, &d), 0);
	assert_int_equal(d.stop.what, VTD_WALK_AT_ROOT);
	assert_int_equal(d.stop.at, ROOT + 3 * 16);

	/* TT 3 is reserved; so is AW 0. */
	legacy_dev(VTD_AW_48BIT, 3, 9);
	resolve(&d, ROOT, 0x18);
	assert_int_equal(d.stop.why, VTD_WALK_BAD_ENTRY);
	legacy_dev(0, VTD_TT_ALL, 9);
	resolve(&d, ROOT, 0x18);
	assert_int_equal(d.stop.why, VTD_WALK_BAD_ENTRY);

	/* Abort-DMA TTM: every device blocked, nothing read. */
	reads = 0;
	resolve(&d, ROOT | VTD_FIELD_PREP(VTD_RTADDR_TTM, VTD_TTM_ABORT_DMA),
		0x18);
	assert_int_equal(d.type, VTD_DEV_BLOCKED);
	assert_int_equal(reads, 0);
}

/* A scalable device @devfn, RID_PASID @rp, PASID entry words @pe. */
static void sm_dev(u8 devfn, u32 rp, unsigned int pdts, const u64 *pe)
{
	u64 ctx = CTX + (u64)(devfn % 128) * 32;
	int i;

	put(ROOT + (devfn >= 128 ? 8 : 0), CTX | VTD_ROOT_LO_P);
	put(ctx,
	    DIR | VTD_FIELD_PREP(VTD_SM_CTX_LO_PDTS, pdts) | VTD_SM_CTX_LO_P);
	put(ctx + 8, VTD_FIELD_PREP(VTD_SM_CTX_HI_RID_PASID, rp));
	put(DIR + (rp >> 6) * 8, PTBL | VTD_PDE_P);
	for (i = 0; i < 8; i++)
		put(PTBL + (rp & 63) * 64 + i * 8, pe[i]);
}

static void test_walk_scalable_first_stage(void **state)
{
	u64 rtaddr = ROOT | VTD_FIELD_PREP(VTD_RTADDR_TTM, VTD_TTM_SCALABLE);
	u64 pe[8] = {
		VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_FS) | VTD_PASID_LO_P,
		VTD_FIELD_PREP(VTD_PASID_HI_DID, 42),
		L4 | VTD_FIELD_PREP(VTD_PASID_W2_FSPM, VTD_FSPM_4LEVEL),
	};
	struct vtd_dev d;
	struct vtd_xlate x;

	sm_dev(0x88, 0, 0, pe); /* upper half of the root entry */
	put(L4, L3 | FS_RW);
	put(L4 + 8 * 511, L3 | FS_RW); /* the top of the negative half */
	put(L3, L2 | FS_RW);
	put(L3 + 8 * 3, 0xc0000000ull | VTD_FSPTE_PS | VTD_FSPTE_P); /* 1G */
	put(L3 + 8 * 511, L2 | FS_RW);
	put(L2, L1 | FS_RW);
	put(L2 + 8 * 511, L1 | FS_RW);
	put(L1 + 8 * 511, 0x7000 | FS_RW | VTD_FSPTE_XD);
	resolve(&d, rtaddr, 0x88);
	assert_true(d.sm);
	assert_int_equal(d.type, VTD_DEV_FIRST_STAGE);
	assert_int_equal(d.did, 42);
	assert_int_equal(d.levels, 4);
	assert_int_equal(d.root_pa, ROOT);
	assert_int_equal(d.ctx_pa, CTX + 8 * 32);
	assert_int_equal(d.pasid_pa, PTBL);

	assert_int_equal(vtd_translate(&mem, &d, 0x1ff123, &x), 0);
	assert_int_equal(x.pa, 0x7123);
	assert_true(x.write);
	/* The 1 GiB page ignores bit 12 (PAT) and is read-only. */
	assert_int_equal(vtd_translate(&mem, &d, 0xc0000000ull + 0x5555, &x),
			 0);
	assert_int_equal(x.pa, 0xc0005555ull);
	assert_false(x.write);
	assert_true(x.read);
	/* Canonical negative addresses use the top half; others fault. */
	assert_int_equal(vtd_translate(&mem, &d, ~UINT64_C(0) - 0xfff, &x), 0);
	assert_int_equal(x.pa, 0x7000);
	assert_int_equal(vtd_translate(&mem, &d, 1ull << 47, &x),
			 -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_BEYOND_AW);

	/* 5 levels (FSPM 1). */
	pe[2] = L5 | VTD_FIELD_PREP(VTD_PASID_W2_FSPM, VTD_FSPM_5LEVEL);
	sm_dev(0x88, 0, 0, pe);
	put(L5 + 8, L4 | FS_RW);
	resolve(&d, rtaddr, 0x88);
	assert_int_equal(d.levels, 5);
	assert_int_equal(vtd_translate(&mem, &d, (1ull << 48) | 0x1ff000, &x),
			 0);
	assert_int_equal(x.pa, 0x7000);
	assert_int_equal(x.nr_steps, 5);
}

static void test_walk_scalable_entries(void **state)
{
	u64 rtaddr = ROOT | VTD_FIELD_PREP(VTD_RTADDR_TTM, VTD_TTM_SCALABLE);
	u64 pe[8] = {
		L4 | VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_SS) |
			VTD_FIELD_PREP(VTD_PASID_LO_AW, VTD_AW_48BIT) |
			VTD_PASID_LO_P,
		VTD_FIELD_PREP(VTD_PASID_HI_DID, 3),
	};
	struct vtd_dev d;
	struct vtd_xlate x;

	/* A RID_PASID of 70: directory entry 1, table entry 6. */
	sm_dev(0x10, 70, 0, pe);
	put(L4, L3 | RW);
	put(L3, L2 | RW);
	put(L2, 0x200000 | VTD_SLPTE_PS | RW);
	resolve(&d, rtaddr, 0x10);
	assert_int_equal(d.type, VTD_DEV_SECOND_STAGE);
	assert_int_equal(d.rid_pasid, 70);
	assert_int_equal(d.pde_pa, DIR + 8);
	assert_int_equal(d.pasid_pa, PTBL + 6 * 64);
	assert_int_equal(vtd_translate(&mem, &d, 0x1234, &x), 0);
	assert_int_equal(x.pa, 0x201234);

	/* Decoded from entries handed over (the note's): nothing read. */
	reads = 0;
	memset(&d, 0, sizeof(d));
	vtd_dev_from_sm(NULL, &d, (u64[4]){ DIR | VTD_SM_CTX_LO_P, 70 }, pe);
	assert_int_equal(reads, 0);
	assert_int_equal(d.type, VTD_DEV_SECOND_STAGE);
	assert_int_equal(d.did, 3);

	/* Pass-through and nested. */
	pe[0] = VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_PT) | VTD_PASID_LO_P;
	sm_dev(0x10, 70, 0, pe);
	resolve(&d, rtaddr, 0x10);
	assert_int_equal(d.type, VTD_DEV_PASS_THROUGH);
	pe[0] = L4 | VTD_FIELD_PREP(VTD_PASID_LO_PGTT, VTD_PGTT_NESTED) |
		VTD_FIELD_PREP(VTD_PASID_LO_AW, VTD_AW_48BIT) | VTD_PASID_LO_P;
	sm_dev(0x10, 70, 0, pe);
	resolve(&d, rtaddr, 0x10);
	assert_int_equal(d.type, VTD_DEV_NESTED);
	assert_int_equal(vtd_translate(&mem, &d, 0, &x), -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_NESTED);
	/* PGTT 0 is reserved. */
	pe[0] = VTD_PASID_LO_P;
	sm_dev(0x10, 70, 0, pe);
	resolve(&d, rtaddr, 0x10);
	assert_int_equal(d.stop.why, VTD_WALK_BAD_ENTRY);
	assert_int_equal(d.stop.what, VTD_WALK_AT_PASID);

	/* A RID_PASID past the directory's 2^(PDTS+7) entries. */
	reset(NULL);
	sm_dev(0x10, 128 << 6, 0, pe);
	resolve(&d, rtaddr, 0x10);
	assert_int_equal(d.stop.why, VTD_WALK_BAD_ENTRY);
	assert_int_equal(d.stop.what, VTD_WALK_AT_CTX);

	/* An absent directory entry. */
	reset(NULL);
	sm_dev(0x10, 0, 0, pe);
	put(DIR, 0);
	resolve(&d, rtaddr, 0x10);
	assert_int_equal(d.stop.why, VTD_WALK_NOT_PRESENT);
	assert_int_equal(d.stop.what, VTD_WALK_AT_PASID_DIR);
	assert_int_equal(d.stop.at, DIR);
}

static void test_walk_broken_tables(void **state)
{
	struct vtd_dev d;
	struct vtd_xlate x;

	legacy_dev(VTD_AW_48BIT, VTD_TT_ALL, 1);
	put(L4, L3 | RW);
	put(L3, L4 | RW);		 /* back at the top: a loop */
	put(L3 + 8, 0x7770000 | RW);	 /* a page not in the dump */
	put(L3 + 16, (1ull << 40) | RW); /* past the machine's memory */
	put(L4 + 8, 0x8000000000ull | VTD_SLPTE_PS | RW); /* PS at level 4 */
	mem.limit = 1ull << 36;
	resolve(&d, ROOT, 0x18);

	assert_int_equal(vtd_translate(&mem, &d, 0, &x), -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_LOOP);
	assert_int_equal(x.stop.level, 2);
	assert_int_equal(x.nr_steps, 2);

	assert_int_equal(vtd_translate(&mem, &d, 1ull << 30, &x),
			 -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_UNREADABLE);
	assert_int_equal(x.stop.at, 0x7770000);

	assert_int_equal(vtd_translate(&mem, &d, 2ull << 30, &x),
			 -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_OUT_OF_RANGE);
	assert_int_equal(x.stop.at, 1ull << 40);

	assert_int_equal(vtd_translate(&mem, &d, 1ull << 39, &x),
			 -VTD_ERR_NOTFOUND);
	assert_int_equal(x.stop.why, VTD_WALK_BAD_ENTRY);
	assert_int_equal(x.stop.level, 4);

	/* The root table itself missing from the dump. */
	resolve(&d, 0x99000, 0x18);
	assert_int_equal(d.stop.why, VTD_WALK_UNREADABLE);
	assert_int_equal(d.stop.what, VTD_WALK_AT_ROOT);
	assert_int_equal(d.stop.at, 0x99000);
}

/* --- the enumeration --- */

struct seen {
	struct vtd_map_run run[16];
	unsigned int nr_runs;
	struct vtd_walk_stop stop[16];
	u64 stop_iova[16];
	unsigned int nr_stops;
};

static int on_run(void *arg, const struct vtd_map_run *r)
{
	struct seen *s = arg;

	if (s->nr_runs < 16)
		s->run[s->nr_runs] = *r;
	s->nr_runs++;
	return 0;
}

static void on_stop(void *arg, u64 iova, const struct vtd_walk_stop *st)
{
	struct seen *s = arg;

	if (s->nr_stops < 16) {
		s->stop[s->nr_stops] = *st;
		s->stop_iova[s->nr_stops] = iova;
	}
	s->nr_stops++;
}

static struct vtd_walk_scratch scratch;

static int walk(const struct vtd_dev *d, struct seen *s, u32 budget,
		struct vtd_walk_stats *st)
{
	struct vtd_walk_ops ops = {
		.run = on_run,
		.stop = on_stop,
		.arg = s,
		.budget = budget,
	};

	memset(s, 0, sizeof(*s));
	return vtd_walk_maps(&mem, d, &ops, &scratch, st);
}

static void test_walk_maps_runs_in_order(void **state)
{
	struct vtd_walk_stats st;
	struct vtd_dev d;
	struct seen s;

	legacy_dev(VTD_AW_48BIT, VTD_TT_ALL, 1);
	put(L4, L3 | RW);
	put(L3, L2 | RW);
	put(L3 + 8, 0x40000000ull | VTD_SLPTE_PS | VTD_SLPTE_R);
	put(L2, L1 | RW);
	/* Three contiguous pages, one read-only, then a gap. */
	put(L1 + 8 * 1, 0x100000 | RW);
	put(L1 + 8 * 2, 0x101000 | RW);
	put(L1 + 8 * 3, 0x102000 | VTD_SLPTE_R);
	put(L1 + 8 * 5, 0x500000 | RW);
	resolve(&d, ROOT, 0x18);
	assert_int_equal(walk(&d, &s, 0, &st), 0);
	assert_int_equal(s.nr_runs, 4);
	assert_int_equal(s.run[0].iova, 0x1000);
	assert_int_equal(s.run[0].pa, 0x100000);
	assert_int_equal(s.run[0].size, 0x2000);
	assert_true(s.run[0].write);
	assert_int_equal(s.run[1].iova, 0x3000);
	assert_false(s.run[1].write);
	assert_int_equal(s.run[2].iova, 0x5000);
	assert_int_equal(s.run[3].iova, 1ull << 30);
	assert_int_equal(s.run[3].size, 1ull << 30);
	assert_int_equal(s.nr_stops, 0);
	assert_int_equal(st.pages, 4);
	assert_int_equal(st.leaves, 5);

	/* Every run agrees with the translation of its ends. */
	for (unsigned int i = 0; i < s.nr_runs; i++) {
		struct vtd_xlate x;
		u64 last = s.run[i].size - 1;

		assert_int_equal(vtd_translate(&mem, &d, s.run[i].iova, &x), 0);
		assert_int_equal(x.pa, s.run[i].pa);
		assert_int_equal(
			vtd_translate(&mem, &d, s.run[i].iova + last, &x), 0);
		assert_int_equal(x.pa, s.run[i].pa + last);
		assert_int_equal(x.write, s.run[i].write);
	}

	/* Pass-through: one run covering every address. */
	legacy_dev(VTD_AW_48BIT, VTD_TT_PASSTHROUGH, 1);
	resolve(&d, ROOT, 0x18);
	assert_int_equal(walk(&d, &s, 0, NULL), 0);
	assert_int_equal(s.nr_runs, 1);
	assert_true(s.run[0].every_address);
}

static void test_walk_maps_goes_on_past_broken_paths(void **state)
{
	struct vtd_walk_stats st;
	struct vtd_dev d;
	struct seen s;

	legacy_dev(VTD_AW_48BIT, VTD_TT_ALL, 1);
	put(L4, L3 | RW);
	put(L3, L4 | RW);		 /* loop */
	put(L3 + 8, 0x7770000 | RW);	 /* not in the dump */
	put(L3 + 16, (1ull << 40) | RW); /* past memory */
	put(L3 + 24, L2 | RW);
	put(L2, 0x200000 | VTD_SLPTE_PS | RW);
	put(L4 + 8, 0x8000000000ull | VTD_SLPTE_PS | RW); /* bad PS */
	mem.limit = 1ull << 36;
	resolve(&d, ROOT, 0x18);
	assert_int_equal(walk(&d, &s, 0, &st), 0);
	assert_int_equal(s.nr_stops, 4);
	assert_int_equal(s.stop[0].why, VTD_WALK_LOOP);
	assert_int_equal(s.stop_iova[0], 0);
	assert_int_equal(s.stop[1].why, VTD_WALK_UNREADABLE);
	assert_int_equal(s.stop[1].at, 0x7770000);
	assert_int_equal(s.stop_iova[1], 1ull << 30);
	assert_int_equal(s.stop[2].why, VTD_WALK_OUT_OF_RANGE);
	assert_int_equal(s.stop[3].why, VTD_WALK_BAD_ENTRY);
	assert_int_equal(s.stop_iova[3], 1ull << 39);
	/* The good 2 MiB page after them is still found. */
	assert_int_equal(s.nr_runs, 1);
	assert_int_equal(s.run[0].iova, 3ull << 30);
	assert_int_equal(s.run[0].pa, 0x200000);
	assert_int_equal(st.stopped, 4);
}

static void test_walk_maps_budget_bounds_shared_tables(void **state)
{
	struct vtd_walk_stats st;
	struct vtd_dev d;
	struct seen s;
	int i;

	/*
	 * Every entry of every level points at the one table below: not a
	 * loop, but 512^3 paths.  The budget ends it.
	 */
	legacy_dev(VTD_AW_48BIT, VTD_TT_ALL, 1);
	for (i = 0; i < 512; i++) {
		put(L4 + i * 8, L3 | RW);
		put(L3 + i * 8, L2 | RW);
		put(L2 + i * 8, L1 | RW);
		put(L1 + i * 8, 0x100000 | RW);
	}
	resolve(&d, ROOT, 0x18);
	assert_int_equal(walk(&d, &s, 100, &st), -VTD_ERR_NOSPACE);
	assert_int_equal(st.pages, 100);
	assert_int_equal(s.stop[s.nr_stops - 1].why, VTD_WALK_BUDGET);
	assert_true(s.nr_runs > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_walk_legacy_4level_pages, reset),
		cmocka_unit_test_setup(test_walk_legacy_3_and_5_levels, reset),
		cmocka_unit_test_setup(test_walk_pass_through_and_absent,
				       reset),
		cmocka_unit_test_setup(test_walk_scalable_first_stage, reset),
		cmocka_unit_test_setup(test_walk_scalable_entries, reset),
		cmocka_unit_test_setup(test_walk_broken_tables, reset),
		cmocka_unit_test_setup(test_walk_maps_runs_in_order, reset),
		cmocka_unit_test_setup(test_walk_maps_goes_on_past_broken_paths,
				       reset),
		cmocka_unit_test_setup(
			test_walk_maps_budget_bounds_shared_tables, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
