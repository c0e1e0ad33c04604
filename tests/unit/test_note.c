// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_note.c - the note codec: round trips, every truncation and bit flip,
 * full buffers, header mangles with their exact codes, and forward
 * compatibility with a later minor version.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/note.h>
#include <kexec-vtd/vtd-hw.h>

#include "rng.h"

#define GUARD 64
#define GUARD_BYTE 0xa5

/* A description of a note, to write it and to compare what is read back. */
#define MAX_ENTRIES 64
struct model_unit {
	struct vtd_note_unit_info info;
	int nr;
	struct vtd_note_entry e[MAX_ENTRIES];
};

struct model {
	uint64_t tsc_start, tsc_end;
	int nr_units;
	struct model_unit u[4];
};

static void model_add(struct model_unit *mu, uint16_t type, uint16_t bus,
		      uint8_t devfn, uint32_t index, uint64_t table,
		      uint64_t v0, uint64_t v1)
{
	struct vtd_note_entry *e = &mu->e[mu->nr++];

	memset(e, 0, sizeof(*e));
	e->type = type;
	e->bus = bus;
	e->devfn = devfn;
	e->index = index;
	e->table = table;
	e->val[0] = v0;
	e->val[1] = v1;
	if (type == VTD_SEC_SM_CTX || type == VTD_SEC_PASID) {
		e->val[2] = v0 ^ 0x1111;
		e->val[3] = v1 ^ 0x2222;
	}
	if (type == VTD_SEC_PASID) {
		for (int i = 4; i < 8; i++)
			e->val[i] = v0 * (uint64_t)i + v1;
		e->dir = table | 1;
	}
}

/* Two units: one legacy with roots, contexts, IRTEs, a fault; one scalable. */
static void model_example(struct model *m)
{
	struct model_unit *mu;
	int i;

	memset(m, 0, sizeof(*m));
	m->tsc_start = 1000;
	m->tsc_end = 98765;
	m->nr_units = 2;

	mu = &m->u[0];
	mu->info.reg_base = 0xfed90000;
	mu->info.ver = 0x10;
	mu->info.cap = 0x00d2008c40660462ull;
	mu->info.ecap = 0xf0101aull;
	mu->info.gsts = (uint32_t)(VTD_GSTS_TES | VTD_GSTS_IRES |
				   VTD_GSTS_RTPS | VTD_GSTS_IRTPS);
	mu->info.rtaddr = 0x3f00000;
	mu->info.irta = 0x3e00000 | 7;
	model_add(mu, VTD_SEC_ROOT, 0, 0, 0, 0, 0x3f01001, 0);
	model_add(mu, VTD_SEC_ROOT, 1, 0, 0, 0, 0x3f02001, 0);
	for (i = 0; i < 5; i++)
		model_add(mu, VTD_SEC_CTX, 0, (uint8_t)(8 * i), 0, 0x3f01000,
			  0x3a00001 + 0x1000 * (uint64_t)i,
			  (uint64_t)(i + 1) << 8 | 2);
	for (i = 0; i < 4; i++)
		model_add(mu, VTD_SEC_IRTE, 0, 0, (uint32_t)i * 3, 0,
			  0x0000000100210001ull, 0x40010 + (uint64_t)i);
	model_add(mu, VTD_SEC_FAULT, 0, 0, 0, 0, 0xfff80000,
		  VTD_FRCD_HI_F | VTD_FRCD_HI_T1 | (uint64_t)1 << 32 | 0x100);

	mu = &m->u[1];
	mu->info.reg_base = 0xfed91000;
	mu->info.segment = 1;
	mu->info.mode = VTD_NOTE_MODE_SCALABLE;
	mu->info.ver = 0x40;
	mu->info.rtaddr = 0x7000000 | 1 << 10;
	model_add(mu, VTD_SEC_ROOT, 3, 0, 0, 0, 0x7001001, 0x7002001);
	model_add(mu, VTD_SEC_SM_CTX, 3, 0x10, 0, 0x7001000, 0x7100001, 5);
	model_add(mu, VTD_SEC_PASID, 3, 0x10, 5, 0x7300000, 0x79000000000000c1,
		  0x800003);
	model_add(mu, VTD_SEC_SM_CTX, 3, 0x90, 0, 0x7002000, 0x7200001, 6);
	model_add(mu, VTD_SEC_PASID, 3, 0x90, 6, 0x7400000, 0x101, 0x800001);
}

/* Write @m into @buf of @size; returns vtd_note_finish()'s result. */
static int model_write(const struct model *m, uint8_t *buf, size_t size,
		       bool reserve)
{
	struct vtd_note_writer w;
	int i, j, ret;

	assert_int_equal(vtd_note_init(&w, buf, size, m->tsc_start), 0);
	if (reserve)
		assert_int_equal(
			vtd_note_reserve_units(&w, (uint32_t)m->nr_units), 0);
	for (i = 0; i < m->nr_units; i++) {
		ret = vtd_note_add_unit(&w, &m->u[i].info);
		if (ret == -VTD_ERR_NOSPACE)
			continue;
		assert_int_equal(ret, 0);
		for (j = 0; j < m->u[i].nr; j++) {
			ret = vtd_note_add_entry(&w, &m->u[i].e[j]);
			assert_true(ret == 0 || ret == -VTD_ERR_NOSPACE);
		}
	}
	return vtd_note_finish(&w, m->tsc_end);
}

/* Find and open the note in an area; returns the first error or 0. */
static int area_open(const uint8_t *area, size_t len, struct vtd_note *n)
{
	const void *desc;
	size_t desc_len;
	int ret;

	ret = vtd_note_find(area, len, &desc, &desc_len, NULL);
	if (ret < 0)
		return ret;
	return vtd_note_open(n, desc, desc_len, NULL);
}

static void assert_unit_info_equal(const struct vtd_note_unit_info *a,
				   const struct vtd_note_unit_info *b)
{
	assert_int_equal(a->reg_base, b->reg_base);
	assert_int_equal(a->segment, b->segment);
	assert_int_equal(a->mode, b->mode);
	assert_int_equal(a->ver, b->ver);
	assert_int_equal(a->gsts, b->gsts);
	assert_int_equal(a->fsts, b->fsts);
	assert_int_equal(a->cap, b->cap);
	assert_int_equal(a->ecap, b->ecap);
	assert_int_equal(a->rtaddr, b->rtaddr);
	assert_int_equal(a->irta, b->irta);
}

static void assert_entry_equal(const struct vtd_note_entry *a,
			       const struct vtd_note_entry *b)
{
	int i, nv = a->type == VTD_SEC_SM_CTX  ? 4
		    : a->type == VTD_SEC_PASID ? 8
					       : 2;

	assert_int_equal(a->type, b->type);
	if (a->type == VTD_SEC_IRTE || a->type == VTD_SEC_FAULT) {
		assert_int_equal(a->index, b->index);
	} else {
		assert_int_equal(a->bus, b->bus);
	}
	if (a->type == VTD_SEC_CTX || a->type == VTD_SEC_SM_CTX ||
	    a->type == VTD_SEC_PASID) {
		assert_int_equal(a->devfn, b->devfn);
		assert_int_equal(a->table, b->table);
	}
	if (a->type == VTD_SEC_PASID) {
		assert_int_equal(a->index, b->index);
		assert_int_equal(a->dir, b->dir);
	}
	for (i = 0; i < nv; i++)
		assert_int_equal(a->val[i], b->val[i]);
}

/*
 * vtd_note_next_of() over every mask of the six section types (one type,
 * two, all, none) yields exactly the entries of the whole walk whose type
 * is in the mask, in the same order: the first @nr of @mu's.
 */
static void assert_typed_walks_filter(const struct vtd_note *n, int off,
				      const struct model_unit *mu, int nr)
{
	static const uint32_t masks[] = {
		0,
		VTD_NOTE_TYPE_BIT(VTD_SEC_ROOT),
		VTD_NOTE_TYPE_BIT(VTD_SEC_CTX),
		VTD_NOTE_TYPE_BIT(VTD_SEC_SM_CTX),
		VTD_NOTE_TYPE_BIT(VTD_SEC_IRTE),
		VTD_NOTE_TYPE_BIT(VTD_SEC_FAULT),
		VTD_NOTE_TYPE_BIT(VTD_SEC_PASID),
		VTD_NOTE_TYPE_BIT(VTD_SEC_ROOT) |
			VTD_NOTE_TYPE_BIT(VTD_SEC_SM_CTX) |
			VTD_NOTE_TYPE_BIT(VTD_SEC_PASID),
		~0u,
	};
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	unsigned int k;
	int j;

	for (k = 0; k < VTD_ARRAY_SIZE(masks); k++) {
		vtd_note_cursor_init(n, off, &c);
		for (j = 0; j < nr; j++) {
			if (!(masks[k] & (1u << mu->e[j].type)))
				continue;
			assert_true(vtd_note_next_of(n, &c, masks[k], &e));
			assert_entry_equal(&e, &mu->e[j]);
		}
		assert_false(vtd_note_next_of(n, &c, masks[k], &e));
	}
}

/*
 * Compare a decoded note with its model.  With @prefix, each unit may hold
 * fewer entries than the model (a truncated note), but those it holds are
 * the model's first ones, in order.  Returns the number of units read.
 */
static int assert_matches_model(const struct vtd_note *n, const struct model *m,
				bool prefix)
{
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	int off, i = 0, j;

	for (off = vtd_note_first_unit(n); off >= 0;
	     off = vtd_note_next_unit(n, off)) {
		assert_true(i < m->nr_units);
		vtd_note_get_unit(n, off, &u);
		assert_unit_info_equal(&u, &m->u[i].info);
		vtd_note_cursor_init(n, off, &c);
		for (j = 0; vtd_note_next_entry(n, &c, &e); j++) {
			assert_true(j < m->u[i].nr);
			assert_entry_equal(&e, &m->u[i].e[j]);
		}
		assert_typed_walks_filter(n, off, &m->u[i], j);
		if (!prefix)
			assert_int_equal(j, m->u[i].nr);
		else if (j < m->u[i].nr)
			assert_true(u.flags & VTD_UNIT_F_TRUNCATED);
		i++;
	}
	if (!prefix)
		assert_int_equal(i, m->nr_units);
	return i;
}

static uint8_t *alloc_guarded(size_t size)
{
	uint8_t *p = malloc(size + GUARD);

	assert_non_null(p);
	memset(p, GUARD_BYTE, size + GUARD);
	return p;
}

static void assert_guard_intact(const uint8_t *p, size_t size)
{
	size_t i;

	for (i = 0; i < GUARD; i++)
		assert_int_equal(p[size + i], GUARD_BYTE);
}

/* Encode the example into a fresh buffer; *len gets the area length. */
static uint8_t *encode_example(struct model *m, size_t *len)
{
	uint8_t *buf = alloc_guarded(VTD_NOTE_AREA_DEFAULT);
	int used;

	model_example(m);
	used = model_write(m, buf, VTD_NOTE_AREA_DEFAULT, false);
	assert_true(used > 0);
	*len = (size_t)used;
	return buf;
}

static void test_note_round_trip(void **state)
{
	struct vtd_note_info info;
	struct vtd_note n;
	struct model m;
	size_t len;
	uint8_t *buf = encode_example(&m, &len);

	assert_int_equal(area_open(buf, len, &n), 0);
	vtd_note_get_info(&n, &info);
	assert_int_equal(info.major, VTD_NOTE_MAJOR);
	assert_int_equal(info.minor, VTD_NOTE_MINOR);
	assert_int_equal(info.nr_units, 2);
	assert_int_equal(info.flags, VTD_NOTE_F_COMPLETE);
	assert_int_equal(info.tsc_start, 1000);
	assert_int_equal(info.tsc_end, 98765);
	assert_int_equal(info.taker, VTD_NOTE_TAKER_PURGATORY);
	assert_int_equal(info.hdr_size + info.payload_size, n.len);
	assert_matches_model(&n, &m, false);

	/* The area is the ELF note record, then an empty record header. */
	assert_int_equal(vtd_ld_le32(buf), VTD_NOTE_NAMESZ);
	assert_int_equal(vtd_ld_le32(buf + 8), VTD_NOTE_TYPE);
	assert_memory_equal(buf + 12, "KEXEC-VTD\0\0\0", 12);
	assert_int_equal(len, VTD_NOTE_DESC_OFFSET + n.len + 12);
	assert_true(!memcmp(buf + len - 12, "\0\0\0\0\0\0\0\0\0\0\0\0", 12));
	/* The snapshot buffer must never begin with the ELF magic. */
	assert_true(memcmp(buf, "\177ELF", 4) != 0);
	free(buf);
}

static void reseal(uint8_t *desc, size_t len);

/*
 * 1.3's taker: the writer records it in the header's last word, which
 * 1.2 kept reserved and zero, so a 1.2 note reads as purgatory's; and the
 * checksum covers it.
 */
static void test_note_records_its_taker(void **state)
{
	uint8_t buf[4096];
	struct vtd_note_writer w;
	struct vtd_note_info info;
	struct vtd_note n;
	uint8_t *hdr = buf + VTD_NOTE_DESC_OFFSET;
	int len;

	assert_int_equal(vtd_note_init(&w, buf, sizeof(buf), 1), 0);
	assert_int_equal(vtd_note_set_taker(&w, VTD_NOTE_TAKER_KERNEL), 0);
	len = vtd_note_finish(&w, 2);
	assert_true(len > 0);
	assert_int_equal(vtd_ld_le32(hdr + 0x2c), VTD_NOTE_TAKER_KERNEL);
	assert_int_equal(area_open(buf, (size_t)len, &n), 0);
	vtd_note_get_info(&n, &info);
	assert_int_equal(info.taker, VTD_NOTE_TAKER_KERNEL);
	assert_int_equal(vtd_note_set_taker(&w, 0), -VTD_ERR_BADPARAM);

	/* Another taker after the seal: the checksum says so. */
	vtd_st_le32(hdr + 0x2c, VTD_NOTE_TAKER_PURGATORY);
	assert_int_equal(area_open(buf, (size_t)len, &n), -VTD_ERR_BADCSUM);

	/* A 1.2 note: minor 2, the word zero. */
	assert_int_equal(vtd_note_init(&w, buf, sizeof(buf), 1), 0);
	len = vtd_note_finish(&w, 2);
	vtd_st_le16(hdr + 6, 2);
	reseal(hdr, (size_t)len - VTD_NOTE_DESC_OFFSET - VTD_NOTE_TERM_SIZE);
	assert_int_equal(area_open(buf, (size_t)len, &n), 0);
	vtd_note_get_info(&n, &info);
	assert_int_equal(info.minor, 2);
	assert_int_equal(info.taker, VTD_NOTE_TAKER_PURGATORY);
}

static void test_note_random_round_trips(void **state)
{
	static const uint16_t types[] = { VTD_SEC_ROOT,	  VTD_SEC_CTX,
					  VTD_SEC_SM_CTX, VTD_SEC_PASID,
					  VTD_SEC_IRTE,	  VTD_SEC_FAULT };
	uint8_t *buf = alloc_guarded(VTD_NOTE_AREA_DEFAULT);
	struct sim_rng r;
	struct model m;
	struct vtd_note n;
	int round, i, j, used;

	sim_rng_init(&r, sim_rng_seed_from_env(0x5eed));
	for (round = 0; round < 200; round++) {
		memset(&m, 0, sizeof(m));
		m.tsc_start = sim_rng_next(&r);
		m.tsc_end = sim_rng_next(&r);
		m.nr_units = (int)sim_rng_below(&r, 5);
		for (i = 0; i < m.nr_units; i++) {
			struct model_unit *mu = &m.u[i];
			int nr = (int)sim_rng_below(&r, MAX_ENTRIES + 1);

			mu->info.reg_base = sim_rng_next(&r);
			mu->info.segment = (uint16_t)sim_rng_next(&r);
			mu->info.cap = sim_rng_next(&r);
			mu->info.rtaddr = sim_rng_next(&r);
			for (j = 0; j < nr; j++)
				model_add(mu,
					  types[sim_rng_below(
						  &r, VTD_ARRAY_SIZE(types))],
					  (uint8_t)sim_rng_next(&r),
					  (uint8_t)sim_rng_next(&r),
					  (uint32_t)sim_rng_next(&r),
					  sim_rng_next(&r), sim_rng_next(&r),
					  sim_rng_next(&r));
		}
		used = model_write(&m, buf, VTD_NOTE_AREA_DEFAULT, false);
		assert_true(used > 0);
		assert_int_equal(area_open(buf, (size_t)used, &n), 0);
		assert_matches_model(&n, &m, false);
	}
	assert_guard_intact(buf, VTD_NOTE_AREA_DEFAULT);
	free(buf);
}

/* A zero-filled buffer, or one whose capture never finished, has no note. */
static void test_note_unfinished_reads_as_no_note(void **state)
{
	uint8_t buf[512] = { 0 };
	struct vtd_note_writer w;
	struct vtd_note_unit_info u = { .reg_base = 0xfed90000 };
	const void *desc;
	size_t desc_len;

	assert_int_equal(
		vtd_note_find(buf, sizeof(buf), &desc, &desc_len, NULL),
		-VTD_ERR_NOTFOUND);
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(vtd_note_init(&w, buf, sizeof(buf), 1), 0);
	assert_int_equal(vtd_note_add_unit(&w, &u), 0);
	assert_int_equal(vtd_note_add_root(&w, 0, 0x1001, 0), 0);
	assert_int_equal(
		vtd_note_find(buf, sizeof(buf), &desc, &desc_len, NULL),
		-VTD_ERR_NOTFOUND);
}

/* Cutting the area anywhere inside the note record is always rejected. */
static void test_note_every_truncation_rejected(void **state)
{
	struct vtd_note n;
	struct model m;
	size_t len, cut, note_len;
	uint8_t *buf = encode_example(&m, &len);
	const uint8_t *desc = buf + VTD_NOTE_DESC_OFFSET;
	size_t desc_len = vtd_ld_le32(buf + 4);

	note_len = len - VTD_NOTE_TERM_SIZE;
	for (cut = 0; cut < note_len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, buf, cut);
		assert_true(area_open(copy, cut, &n) < 0);
		free(copy);
	}
	/* The descriptor alone, cut at every length. */
	for (cut = 0; cut < desc_len; cut++)
		assert_true(vtd_note_open(&n, desc, cut, NULL) < 0);
	/* Dropping the terminator is what a vmcore does: still readable. */
	assert_int_equal(area_open(buf, note_len, &n), 0);
	free(buf);
}

/*
 * Every single-bit flip in the note record is rejected.  In the terminator,
 * a flip of its name size is rejected too; its other fields follow a zero
 * name size, which ends the walk as in the crash kernel: harmless, and the
 * note must read back unchanged.
 */
static void test_note_every_bit_flip_rejected(void **state)
{
	struct vtd_note n;
	struct model m;
	size_t len, byte, note_len;
	uint8_t *buf = encode_example(&m, &len);
	int bit;

	note_len = len - VTD_NOTE_TERM_SIZE;
	for (byte = 0; byte < len; byte++) {
		for (bit = 0; bit < 8; bit++) {
			int ret;

			buf[byte] ^= (uint8_t)(1 << bit);
			ret = area_open(buf, len, &n);
			if (byte < note_len + 4) {
				if (ret == 0)
					fail_msg("flip of bit %d at 0x%zx "
						 "accepted",
						 bit, byte);
			} else {
				assert_int_equal(ret, 0);
				assert_matches_model(&n, &m, false);
			}
			buf[byte] ^= (uint8_t)(1 << bit);
		}
	}
	assert_int_equal(area_open(buf, len, &n), 0);
	free(buf);
}

/* Every buffer size from the minimum up: a valid note, never an overrun. */
static void test_note_full_buffer_truncates_cleanly(void **state)
{
	struct vtd_note_info info;
	struct vtd_note n;
	struct model m;
	size_t full_len, size;
	uint8_t *full = encode_example(&m, &full_len);

	for (size = VTD_NOTE_MIN_AREA; size <= full_len + 16; size++) {
		uint8_t *buf = alloc_guarded(size);
		int used = model_write(&m, buf, size, false);

		assert_true(used > 0 && (size_t)used <= size);
		assert_guard_intact(buf, size);
		assert_int_equal(area_open(buf, (size_t)used, &n), 0);
		vtd_note_get_info(&n, &info);
		assert_matches_model(&n, &m, true);
		if (size < full_len) {
			assert_true(info.flags & VTD_NOTE_F_TRUNCATED);
			assert_false(info.flags & VTD_NOTE_F_COMPLETE);
		} else {
			assert_int_equal(info.flags, VTD_NOTE_F_COMPLETE);
		}
		free(buf);
	}
	free(full);
}

/* With units reserved, a unit whose entries fill the buffer spares the next. */
static void test_note_reserved_units_survive_full_buffer(void **state)
{
	const size_t size = 600;
	uint8_t *buf = alloc_guarded(size);
	struct vtd_note_unit_info u;
	struct vtd_note n;
	struct model m;
	int used, off, units = 0;

	model_example(&m);
	for (int i = 0; i < 40; i++)
		model_add(&m.u[0], VTD_SEC_IRTE, 0, 0, 100 + (uint32_t)i, 0, 1,
			  2);
	used = model_write(&m, buf, size, true);
	assert_true(used > 0);
	assert_int_equal(area_open(buf, (size_t)used, &n), 0);
	for (off = vtd_note_first_unit(&n); off >= 0;
	     off = vtd_note_next_unit(&n, off)) {
		vtd_note_get_unit(&n, off, &u);
		assert_int_equal(u.reg_base, m.u[units].info.reg_base);
		units++;
	}
	assert_int_equal(units, 2);
	assert_matches_model(&n, &m, true);
	assert_guard_intact(buf, size);
	free(buf);
}

static void test_note_unit_failure_clears_complete(void **state)
{
	uint8_t *buf = alloc_guarded(4096);
	struct vtd_note_info info;
	struct vtd_note n;
	struct model m;
	int used;

	model_example(&m);
	m.u[1].info.flags = VTD_UNIT_F_UNREADABLE;
	used = model_write(&m, buf, 4096, false);
	assert_int_equal(area_open(buf, (size_t)used, &n), 0);
	vtd_note_get_info(&n, &info);
	assert_int_equal(info.flags, VTD_NOTE_F_UNIT_FAILED);
	free(buf);
}

static void test_note_writer_rejects_misuse(void **state)
{
	uint8_t buf[256];
	struct vtd_note_writer w;
	struct vtd_note_unit_info u = { 0 };
	uint64_t v[4] = { 0 };

	assert_int_equal(vtd_note_init(&w, buf, VTD_NOTE_MIN_AREA - 1, 0),
			 -VTD_ERR_NOSPACE);
	assert_int_equal(vtd_note_init(NULL, buf, sizeof(buf), 0),
			 -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_note_init(&w, buf, VTD_NOTE_AREA_MAX + 1, 0),
			 -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_note_init(&w, buf, sizeof(buf), 0), 0);
	assert_int_equal(vtd_note_add_root(&w, 0, 1, 0), -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_note_add_sm_ctx(&w, 0, 0, 0, NULL),
			 -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_note_set_unit_flags(&w, 1), -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_note_reserve_units(&w, 100), -VTD_ERR_NOSPACE);
	assert_int_equal(vtd_note_add_unit(&w, &u), 0);
	assert_int_equal(vtd_note_add_sm_ctx(&w, 0, 0, 0, v), 0);
	assert_true(vtd_note_finish(&w, 0) > 0);
	assert_int_equal(vtd_note_finish(&w, 0), -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_note_add_unit(&w, &u), -VTD_ERR_BADPARAM);
}

/* Re-seal a mangled descriptor so the structural checks are reached. */
static void reseal(uint8_t *desc, size_t len)
{
	vtd_st_le32(desc + offsetof(struct vtd_note_hdr, checksum),
		    vtd_note_checksum(desc, len));
}

struct mangle {
	const char *what;
	size_t off;    /* within the descriptor */
	int size;      /* 2 or 4 bytes */
	int64_t delta; /* added to the field */
	bool reseal;
	int expect;
	size_t expect_off;
};

/* Like libfdt's check_header: one mangle at a time, the exact code. */
static void test_note_header_mangles_exact_codes(void **state)
{
	const size_t h = sizeof(struct vtd_note_hdr);
	const size_t u0 = h;				     /* first unit */
	const size_t s0 = u0 + sizeof(struct vtd_note_unit); /* its section */
	const struct mangle mangles[] = {
		{ "magic", 0, 4, 1, false, -VTD_ERR_BADMAGIC, 0 },
		{ "major", 4, 2, 1, false, -VTD_ERR_BADVERSION, 4 },
		{ "hdr_size small", 8, 4, -8, false, -VTD_ERR_BADLEN, 8 },
		{ "hdr_size odd", 8, 4, 1, false, -VTD_ERR_BADLEN, 8 },
		{ "payload_size big", 12, 4, 8, false, -VTD_ERR_TRUNCATED, 12 },
		{ "payload_size small", 12, 4, -8, false, -VTD_ERR_BADLEN, 12 },
		{ "checksum", 0x28, 4, 1, false, -VTD_ERR_BADCSUM, 0x28 },
		{ "flags", 0x10, 4, 8, false, -VTD_ERR_BADCSUM, 0x28 },
		{ "tsc_start", 0x18, 4, 1, false, -VTD_ERR_BADCSUM, 0x28 },
		{ "nr_units more", 0x14, 4, 1, true, -VTD_ERR_TRUNCATED, 0 },
		{ "nr_units fewer", 0x14, 4, -1, true, -VTD_ERR_BADLAYOUT, 0 },
		{ "unit size 0", u0, 4, -100000, true, -VTD_ERR_BADLEN, u0 },
		{ "unit size odd", u0, 4, 4, true, -VTD_ERR_BADLEN, u0 },
		{ "unit size huge", u0, 4, 1 << 20, true, -VTD_ERR_TRUNCATED,
		  u0 },
		{ "unit hdr_size small", u0 + 4, 2, -8, true, -VTD_ERR_BADLEN,
		  u0 + 4 },
		{ "section entry_size 0", s0 + 2, 2, -24, true, -VTD_ERR_BADLEN,
		  s0 + 2 },
		{ "section entry_size small", s0 + 2, 2, -8, true,
		  -VTD_ERR_BADLEN, s0 + 2 },
		{ "section nr_entries huge", s0 + 4, 4, 1 << 24, true,
		  -VTD_ERR_TRUNCATED, s0 + 4 },
	};
	struct vtd_note n;
	struct model m;
	size_t len, i, bad_off;
	uint8_t *buf = encode_example(&m, &len);
	uint8_t *desc = buf + VTD_NOTE_DESC_OFFSET;
	size_t desc_len = vtd_ld_le32(buf + 4);
	uint8_t *copy = malloc(desc_len);

	for (i = 0; i < VTD_ARRAY_SIZE(mangles); i++) {
		const struct mangle *mg = &mangles[i];
		uint64_t v;
		int ret;

		memcpy(copy, desc, desc_len);
		v = vtd_ld_le(copy + mg->off, (size_t)mg->size);
		if (mg->delta < 0 && (uint64_t)-mg->delta > v)
			v = 0;
		else
			v += (uint64_t)mg->delta;
		vtd_st_le(copy + mg->off, (size_t)mg->size, v);
		if (mg->reseal)
			reseal(copy, desc_len);
		bad_off = 0xdead;
		ret = vtd_note_open(&n, copy, desc_len, &bad_off);
		if (ret != mg->expect)
			fail_msg("%s: got %d (%s), expected %d", mg->what, ret,
				 vtd_strerror(ret), mg->expect);
		if (mg->expect_off && bad_off != mg->expect_off)
			fail_msg("%s: offset 0x%zx, expected 0x%zx", mg->what,
				 bad_off, mg->expect_off);
	}
	free(copy);
	free(buf);
}

static void test_note_find_rejects_bad_records(void **state)
{
	struct model m;
	size_t len, bad_off;
	uint8_t *buf = encode_example(&m, &len);
	const void *desc;
	size_t desc_len;

	/* Nonzero padding after our name. */
	buf[12 + VTD_NOTE_NAMESZ] = 1;
	assert_int_equal(vtd_note_find(buf, len, &desc, &desc_len, &bad_off),
			 -VTD_ERR_BADLAYOUT);
	assert_int_equal(bad_off, 0);
	buf[12 + VTD_NOTE_NAMESZ] = 0;
	/* A descriptor size that runs past the area. */
	vtd_st_le32(buf + 4, (uint32_t)len);
	assert_int_equal(vtd_note_find(buf, len, &desc, &desc_len, &bad_off),
			 -VTD_ERR_TRUNCATED);
	/* A size near 4 GiB must not wrap around. */
	vtd_st_le32(buf + 4, 0xfffffffdu);
	assert_int_equal(vtd_note_find(buf, len, &desc, &desc_len, &bad_off),
			 -VTD_ERR_TRUNCATED);
	assert_int_equal(vtd_note_find(NULL, len, &desc, &desc_len, NULL),
			 -VTD_ERR_BADPARAM);
	free(buf);
}

/* Our note after other owners' notes, as in a vmcore's merged PT_NOTE. */
static void test_note_found_among_other_notes(void **state)
{
	static const uint8_t core[] = {
		5,   0,	  0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 'C', 'O',
		'R', 'E', 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7,   8,
	};
	struct vtd_note n;
	struct model m;
	size_t len;
	uint8_t *buf = encode_example(&m, &len);
	uint8_t *area = malloc(sizeof(core) + len);

	memcpy(area, core, sizeof(core));
	memcpy(area + sizeof(core), buf, len);
	assert_int_equal(area_open(area, sizeof(core) + len, &n), 0);
	assert_matches_model(&n, &m, false);
	free(area);
	free(buf);
}

/*
 * A note from a later minor version: a longer header, a longer unit
 * header, context entries with an extra field, and a section type this
 * reader does not know.  The reader must read what it knows and skip the
 * rest by size.
 */
static void test_note_reads_newer_minor(void **state)
{
	uint8_t d[512] = { 0 };
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct vtd_note n;
	size_t p, unit;
	int off, count = 0;

	vtd_st_le32(d + 0, VTD_NOTE_MAGIC);
	vtd_st_le16(d + 4, VTD_NOTE_MAJOR);
	vtd_st_le16(d + 6, VTD_NOTE_MINOR + 1);
	vtd_st_le32(d + 8, 56); /* header grew by 8 bytes */
	vtd_st_le32(d + 0x14, 1);
	unit = p = 56;
	vtd_st_le16(d + p + 4, 80); /* unit header grew by 8 bytes */
	vtd_st_le64(d + p + 8, 0xfed90000);
	vtd_st_le64(d + p + 0x30, 0x1234000);
	p += 80;
	vtd_st_le16(d + p, 77); /* an unknown section */
	vtd_st_le16(d + p + 2, 16);
	vtd_st_le32(d + p + 4, 2);
	p += 8 + 32;
	vtd_st_le16(d + p, VTD_SEC_CTX); /* entries grew to 40 bytes */
	vtd_st_le16(d + p + 2, 40);
	vtd_st_le32(d + p + 4, 2);
	p += 8;
	for (int i = 0; i < 2; i++, p += 40) {
		vtd_st_le16(d + p, 5);
		d[p + 2] = (uint8_t)(0x10 + i);
		vtd_st_le64(d + p + 8, 0x2000000);
		vtd_st_le64(d + p + 16, 0x3000001 + (uint64_t)i);
		vtd_st_le64(d + p + 24, 0x102);
		vtd_st_le64(d + p + 32, 0xffffffffffffffffull);
	}
	vtd_st_le32(d + unit, (uint32_t)(p - unit));
	vtd_st_le32(d + 12, (uint32_t)(p - 56));
	reseal(d, p);

	assert_int_equal(vtd_note_open(&n, d, p, NULL), 0);
	off = vtd_note_first_unit(&n);
	assert_int_equal(off, 56);
	vtd_note_get_unit(&n, off, &u);
	assert_int_equal(u.reg_base, 0xfed90000);
	assert_int_equal(u.rtaddr, 0x1234000);
	vtd_note_cursor_init(&n, off, &c);
	while (vtd_note_next_entry(&n, &c, &e)) {
		assert_int_equal(e.type, VTD_SEC_CTX);
		assert_int_equal(e.bus, 5);
		assert_int_equal(e.devfn, 0x10 + count);
		assert_int_equal(e.val[0], 0x3000001 + (uint64_t)count);
		assert_int_equal(e.val[1], 0x102);
		count++;
	}
	assert_int_equal(count, 2);
	assert_int_equal(vtd_note_next_unit(&n, off), -VTD_ERR_NOTFOUND);

	/* A major version this reader does not know is refused. */
	vtd_st_le16(d + 4, VTD_NOTE_MAJOR + 1);
	reseal(d, p);
	assert_int_equal(vtd_note_open(&n, d, p, NULL), -VTD_ERR_BADVERSION);
}

/*
 * What a 1.1 reader (one that knows no PASID section) makes of a 1.2
 * note: each PASID section taken as a type it does not know, it reads
 * every other entry, in order, and nothing else.
 */
static void test_note_older_reader_skips_pasid_sections(void **state)
{
	const size_t sh = sizeof(struct vtd_note_sec);
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct vtd_note n;
	struct model m;
	size_t len, at, end;
	uint8_t *buf = encode_example(&m, &len);
	uint8_t *desc = buf + VTD_NOTE_DESC_OFFSET;
	size_t desc_len = vtd_ld_le32(buf + 4);
	int off, u, j, pasid_secs = 0;

	/* Every section of every unit: PASID ones renamed. */
	assert_int_equal(vtd_note_open(&n, desc, desc_len, NULL), 0);
	for (at = vtd_ld_le32(desc + offsetof(struct vtd_note_hdr, hdr_size));
	     at < desc_len; at = end) {
		size_t s = at + vtd_ld_le16(desc + at + 4);

		end = at + vtd_ld_le32(desc + at);
		while (s < end) {
			size_t size = sh + (size_t)vtd_ld_le16(desc + s + 2) *
						   vtd_ld_le32(desc + s + 4);

			if (vtd_ld_le16(desc + s) == VTD_SEC_PASID) {
				vtd_st_le16(desc + s, 0x7fff);
				pasid_secs++;
			}
			s += size;
		}
	}
	assert_int_equal(pasid_secs, 2);
	reseal(desc, desc_len);
	assert_int_equal(vtd_note_open(&n, desc, desc_len, NULL), 0);
	u = 0;
	for (off = vtd_note_first_unit(&n); off >= 0;
	     off = vtd_note_next_unit(&n, off)) {
		vtd_note_cursor_init(&n, off, &c);
		for (j = 0; j < m.u[u].nr; j++) {
			if (m.u[u].e[j].type == VTD_SEC_PASID)
				continue;
			assert_true(vtd_note_next_entry(&n, &c, &e));
			assert_entry_equal(&e, &m.u[u].e[j]);
		}
		assert_false(vtd_note_next_entry(&n, &c, &e));
		u++;
	}
	assert_int_equal(u, 2);
	free(buf);
}

/* Iterators stay in bounds whatever offset they are handed. */
static void test_note_iterators_reject_bad_offsets(void **state)
{
	struct vtd_note_unit_info u;
	struct vtd_note_cursor c;
	struct vtd_note_entry e;
	struct vtd_note n;
	struct model m;
	size_t len;
	uint8_t *buf = encode_example(&m, &len);
	int bad[] = { -1, 0, 7, 47, INT_MAX, (int)len };

	assert_int_equal(area_open(buf, len, &n), 0);
	for (size_t i = 0; i < VTD_ARRAY_SIZE(bad); i++) {
		vtd_note_get_unit(&n, bad[i], &u);
		assert_int_equal(u.reg_base, 0);
		vtd_note_cursor_init(&n, bad[i], &c);
		assert_false(vtd_note_next_entry(&n, &c, &e));
		assert_int_equal(vtd_note_next_unit(&n, bad[i]),
				 -VTD_ERR_NOTFOUND);
	}
	free(buf);
}

static void test_note_strerror_names_every_code(void **state)
{
	int i;

	for (i = 0; i < VTD_ERR_MAX; i++) {
		assert_non_null(vtd_strerror(-i));
		assert_string_not_equal(vtd_strerror(-i), "unknown error");
		assert_string_equal(vtd_strerror(-i), vtd_strerror(i));
	}
	assert_string_equal(vtd_strerror(VTD_ERR_MAX), "unknown error");
	assert_string_equal(vtd_strerror(INT_MIN), "unknown error");
	assert_string_equal(vtd_strerror(INT_MAX), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_note_round_trip),
		cmocka_unit_test(test_note_records_its_taker),
		cmocka_unit_test(test_note_random_round_trips),
		cmocka_unit_test(test_note_unfinished_reads_as_no_note),
		cmocka_unit_test(test_note_every_truncation_rejected),
		cmocka_unit_test(test_note_every_bit_flip_rejected),
		cmocka_unit_test(test_note_full_buffer_truncates_cleanly),
		cmocka_unit_test(test_note_reserved_units_survive_full_buffer),
		cmocka_unit_test(test_note_unit_failure_clears_complete),
		cmocka_unit_test(test_note_writer_rejects_misuse),
		cmocka_unit_test(test_note_header_mangles_exact_codes),
		cmocka_unit_test(test_note_find_rejects_bad_records),
		cmocka_unit_test(test_note_found_among_other_notes),
		cmocka_unit_test(test_note_reads_newer_minor),
		cmocka_unit_test(test_note_older_reader_skips_pasid_sections),
		cmocka_unit_test(test_note_iterators_reject_bad_offsets),
		cmocka_unit_test(test_note_strerror_names_every_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
