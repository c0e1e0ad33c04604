// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_dmar.c - the DMAR parser on tables built here byte by byte: every
 * field, every truncation and bit flip, and named bad tables with the
 * exact code and offset.  The real-table corpus is checked against iasl
 * by tests/dmar/iasl-corpus.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/dmar.h>

/* --- a tiny table builder --- */

struct tbl {
	uint8_t b[1024];
	size_t len;
	size_t open; /* offset of the structure being built */
};

static void put(struct tbl *t, const void *p, size_t n)
{
	assert_true(t->len + n <= sizeof(t->b));
	memcpy(t->b + t->len, p, n);
	t->len += n;
}

static void put8(struct tbl *t, uint8_t v)
{
	put(t, &v, 1);
}

static void put16(struct tbl *t, uint16_t v)
{
	uint8_t b[2];

	vtd_st_le16(b, v);
	put(t, b, 2);
}

static void put32(struct tbl *t, uint32_t v)
{
	uint8_t b[4];

	vtd_st_le32(b, v);
	put(t, b, 4);
}

static void put64(struct tbl *t, uint64_t v)
{
	uint8_t b[8];

	vtd_st_le64(b, v);
	put(t, b, 8);
}

static void tbl_begin(struct tbl *t, uint8_t haw_field, uint8_t flags)
{
	memset(t, 0, sizeof(*t));
	put(t, "DMAR", 4);
	put32(t, 0); /* length, set by tbl_end */
	put8(t, 1);  /* revision */
	put8(t, 0);  /* checksum, set by tbl_end */
	put(t, "KVTDTS", 6);
	put(t, "TESTTABL", 8);
	put32(t, 1);
	put(t, "KVTD", 4);
	put32(t, 1);
	put8(t, haw_field);
	put8(t, flags);
	put(t, "\0\0\0\0\0\0\0\0\0\0", 10);
}

static void struct_begin(struct tbl *t, uint16_t type)
{
	t->open = t->len;
	put16(t, type);
	put16(t, 0);
}

static void struct_end(struct tbl *t)
{
	vtd_st_le16(t->b + t->open + 2, (uint16_t)(t->len - t->open));
}

static void scope(struct tbl *t, uint8_t type, uint8_t enum_id, uint8_t bus,
		  const uint8_t *path, unsigned int hops)
{
	put8(t, type);
	put8(t, (uint8_t)(6 + 2 * hops));
	put16(t, 0);
	put8(t, enum_id);
	put8(t, bus);
	put(t, path, 2 * hops);
}

static void tbl_end(struct tbl *t)
{
	uint8_t sum = 0;
	size_t i;

	vtd_st_le32(t->b + 4, (uint32_t)t->len);
	t->b[9] = 0;
	for (i = 0; i < t->len; i++)
		sum = (uint8_t)(sum + t->b[i]);
	t->b[9] = (uint8_t)-sum;
}

/* One of each structure type, multi-hop paths, an unknown type. */
static void build_example(struct tbl *t)
{
	static const uint8_t gfx[] = { 2, 0 };
	static const uint8_t deep[] = { 0x1c, 0, 0, 0, 3, 1 };
	static const uint8_t lpc[] = { 0x1f, 0 };

	tbl_begin(t, 38, VTD_DMAR_F_INTR_REMAP | VTD_DMAR_F_X2APIC_OPT_OUT);
	struct_begin(t, VTD_DMAR_DRHD); /* at 0x30 */
	put8(t, 0);
	put8(t, 0);
	put16(t, 0);
	put64(t, 0xfed90000);
	scope(t, VTD_SCOPE_PCI_ENDPOINT, 0, 0, gfx, 1);
	struct_end(t);
	struct_begin(t, VTD_DMAR_DRHD);
	put8(t, VTD_DRHD_F_INCLUDE_PCI_ALL);
	put8(t, 0);
	put16(t, 0);
	put64(t, 0xfed91000);
	scope(t, VTD_SCOPE_IOAPIC, 2, 0xf0, lpc, 1);
	scope(t, VTD_SCOPE_HPET, 0, 0, lpc, 1);
	struct_end(t);
	struct_begin(t, VTD_DMAR_RMRR);
	put16(t, 0);
	put16(t, 1);
	put64(t, 0x9b800000);
	put64(t, 0x9fffffff);
	scope(t, VTD_SCOPE_PCI_ENDPOINT, 0, 0, deep, 3);
	struct_end(t);
	struct_begin(t, VTD_DMAR_ATSR);
	put8(t, VTD_ATSR_F_ALL_PORTS);
	put8(t, 0);
	put16(t, 2);
	scope(t, VTD_SCOPE_PCI_BRIDGE, 0, 0, deep, 1);
	struct_end(t);
	struct_begin(t, VTD_DMAR_RHSA);
	put32(t, 0);
	put64(t, 0xfed91000);
	put32(t, 0x12345678);
	struct_end(t);
	struct_begin(t, VTD_DMAR_ANDD);
	put(t, "\0\0\0", 3);
	put8(t, 9);
	put(t, "\\_SB.PCI0.UA00\0", 15);
	struct_end(t);
	struct_begin(t, VTD_DMAR_SATC);
	put8(t, VTD_SATC_F_ATC_REQUIRED);
	put8(t, 0);
	put16(t, 0);
	scope(t, VTD_SCOPE_PCI_ENDPOINT, 0, 0, gfx, 1);
	struct_end(t);
	struct_begin(t, 0x77); /* unknown */
	put32(t, 0xdeadbeef);
	struct_end(t);
	tbl_end(t);
}

static void test_dmar_decodes_every_field(void **state)
{
	struct vtd_dmar_struct s[8];
	struct vtd_dmar_scope sc;
	struct vtd_dmar d;
	struct tbl t;
	int off, so, n = 0;

	build_example(&t);
	assert_int_equal(vtd_dmar_init(&d, t.b, t.len, NULL), 0);
	assert_true(vtd_dmar_checksum_ok(&d));
	assert_int_equal(vtd_dmar_host_address_width(&d), 39);
	assert_int_equal(vtd_dmar_revision(&d), 1);
	assert_int_equal(vtd_dmar_flags(&d), 3);
	vtd_dmar_for_each_struct(&d, off) {
		assert_true(n < 8);
		assert_int_equal(vtd_dmar_get_struct(&d, off, &s[n]), 0);
		n++;
	}
	assert_int_equal(n, 8);
	assert_int_equal(s[0].type, VTD_DMAR_DRHD);
	assert_int_equal(s[0].address, 0xfed90000);
	assert_int_equal(s[0].flags, 0);
	assert_int_equal(s[1].flags, VTD_DRHD_F_INCLUDE_PCI_ALL);
	assert_int_equal(s[2].type, VTD_DMAR_RMRR);
	assert_int_equal(s[2].segment, 1);
	assert_int_equal(s[2].address, 0x9b800000);
	assert_int_equal(s[2].limit, 0x9fffffff);
	assert_int_equal(s[3].type, VTD_DMAR_ATSR);
	assert_int_equal(s[3].flags, VTD_ATSR_F_ALL_PORTS);
	assert_int_equal(s[3].segment, 2);
	assert_int_equal(s[4].type, VTD_DMAR_RHSA);
	assert_int_equal(s[4].address, 0xfed91000);
	assert_int_equal(s[4].proximity_domain, 0x12345678);
	assert_false(s[4].has_scopes);
	assert_int_equal(s[5].type, VTD_DMAR_ANDD);
	assert_int_equal(s[5].device_number, 9);
	assert_int_equal(s[5].name_len, 14);
	assert_memory_equal(s[5].name, "\\_SB.PCI0.UA00", 14);
	assert_int_equal(s[6].type, VTD_DMAR_SATC);
	assert_true(s[6].has_scopes);
	assert_int_equal(s[7].type, 0x77);
	assert_int_equal(s[7].length, 8);
	assert_false(s[7].has_scopes);

	/* The RMRR's three-hop path, and the DRHD's two scopes. */
	off = vtd_dmar_first_struct(&d);
	off = vtd_dmar_next_struct(&d, off);
	n = 0;
	vtd_dmar_for_each_scope(&d, off, so) {
		assert_int_equal(vtd_dmar_get_scope(&d, so, &sc), 0);
		assert_int_equal(sc.type,
				 n ? VTD_SCOPE_HPET : VTD_SCOPE_IOAPIC);
		n++;
	}
	assert_int_equal(n, 2);
	off = vtd_dmar_next_struct(&d, off);
	so = vtd_dmar_first_scope(&d, off);
	assert_int_equal(vtd_dmar_get_scope(&d, so, &sc), 0);
	assert_int_equal(sc.nr_hops, 3);
	assert_int_equal(sc.path[0], 0x1c);
	assert_int_equal(sc.path[4], 3);
	assert_int_equal(sc.path[5], 1);
	assert_int_equal(vtd_dmar_next_scope(&d, off, so), -VTD_ERR_NOTFOUND);
}

/* A table cut anywhere is always "truncated", never read past the cut. */
static void test_dmar_every_truncation_rejected(void **state)
{
	struct vtd_dmar d;
	struct tbl t;
	size_t cut;

	build_example(&t);
	for (cut = 0; cut < t.len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		int ret;

		memcpy(copy, t.b, cut);
		ret = vtd_dmar_init(&d, copy, cut, NULL);
		if (ret != -VTD_ERR_TRUNCATED)
			fail_msg("cut at %zu: %d (%s)", cut, ret,
				 vtd_strerror(ret));
		free(copy);
	}
}

/* Walk everything the parser offers; it must stay inside the table. */
static void walk_all(const struct vtd_dmar *d)
{
	struct vtd_dmar_struct s;
	struct vtd_dmar_scope sc;
	int off, so;

	vtd_dmar_for_each_struct(d, off) {
		assert_true((size_t)off < d->len);
		assert_int_equal(vtd_dmar_get_struct(d, off, &s), 0);
		assert_true((size_t)off + s.length <= d->len);
		if (s.type == VTD_DMAR_ANDD)
			assert_true(s.name + s.name_len <= d->tbl + d->len);
		vtd_dmar_for_each_scope(d, off, so) {
			assert_int_equal(vtd_dmar_get_scope(d, so, &sc), 0);
			assert_true(sc.path + 2 * sc.nr_hops <=
				    d->tbl + off + s.length);
		}
	}
}

/*
 * Every bit flip either is rejected or decodes within bounds; and a flip
 * always breaks the ACPI checksum, which must notice.
 */
static void test_dmar_every_bit_flip_safe(void **state)
{
	struct vtd_dmar d;
	struct tbl t;
	size_t byte;
	int bit, accepted = 0, rejected = 0;

	build_example(&t);
	for (byte = 0; byte < t.len; byte++) {
		for (bit = 0; bit < 8; bit++) {
			uint8_t *copy = malloc(t.len);

			memcpy(copy, t.b, t.len);
			copy[byte] ^= (uint8_t)(1 << bit);
			if (vtd_dmar_init(&d, copy, t.len, NULL) == 0) {
				accepted++;
				assert_false(vtd_dmar_checksum_ok(&d));
				walk_all(&d);
			} else {
				rejected++;
			}
			free(copy);
		}
	}
	/* Both outcomes happen: the loop exercised the checks. */
	assert_true(accepted > 0 && rejected > 0);
}

struct bad_table {
	const char *name;
	size_t at; /* offset to patch */
	int size;  /* 1, 2 or 4 */
	uint32_t value;
	bool keep_len; /* false: also cut the table to @value */
	int expect;
	size_t expect_off;
};

/* Named bad tables, each with its exact code and offset. */
static void test_dmar_named_bad_tables(void **state)
{
	/* In the example: DRHD at 0x30 (24 bytes), its scope at 0x40. */
	const struct bad_table bad[] = {
		{ "bad_signature", 0, 1, 'X', true, -VTD_ERR_BADMAGIC, 0 },
		{ "table_length_below_header", 4, 4, 47, true, -VTD_ERR_BADLEN,
		  4 },
		{ "table_length_past_buffer", 4, 4, 4096, true,
		  -VTD_ERR_TRUNCATED, 4 },
		{ "struct_length_zero", 0x32, 2, 0, true, -VTD_ERR_BADLEN,
		  0x32 },
		{ "drhd_shorter_than_fixed", 0x32, 2, 12, true, -VTD_ERR_BADLEN,
		  0x32 },
		{ "struct_past_table", 0x32, 2, 0x4000, true,
		  -VTD_ERR_TRUNCATED, 0x32 },
		{ "scope_length_below_6", 0x41, 1, 4, true, -VTD_ERR_BADLEN,
		  0x41 },
		{ "scope_length_zero", 0x41, 1, 0, true, -VTD_ERR_BADLEN,
		  0x41 },
		{ "scope_odd_path", 0x41, 1, 7, true, -VTD_ERR_BADLEN, 0x41 },
		{ "scope_past_struct", 0x41, 1, 10, true, -VTD_ERR_TRUNCATED,
		  0x41 },
	};
	struct vtd_dmar d;
	struct tbl t;
	size_t i, bad_off;

	for (i = 0; i < VTD_ARRAY_SIZE(bad); i++) {
		const struct bad_table *b = &bad[i];
		int ret;

		build_example(&t);
		vtd_st_le(t.b + b->at, (size_t)b->size, b->value);
		bad_off = 0xdead;
		ret = vtd_dmar_init(&d, t.b, t.len, &bad_off);
		if (ret != b->expect || bad_off != b->expect_off)
			fail_msg(
				"%s: got %d (%s) at 0x%zx, expected %d at 0x%zx",
				b->name, ret, vtd_strerror(ret), bad_off,
				b->expect, b->expect_off);
	}
}

/* A table that ends with a stub too short for a structure header. */
static void test_dmar_trailing_stub_rejected(void **state)
{
	struct vtd_dmar d;
	struct tbl t;
	size_t bad_off;

	build_example(&t);
	put16(&t, 0);
	tbl_end(&t);
	assert_int_equal(vtd_dmar_init(&d, t.b, t.len, &bad_off),
			 -VTD_ERR_TRUNCATED);
	assert_int_equal(bad_off, t.len - 2);
}

/* Minimal legal table: header only, no structures. */
static void test_dmar_header_only_table(void **state)
{
	struct vtd_dmar d;
	struct tbl t;

	tbl_begin(&t, 45, 0);
	tbl_end(&t);
	assert_int_equal(vtd_dmar_init(&d, t.b, t.len, NULL), 0);
	assert_int_equal(vtd_dmar_first_struct(&d), -VTD_ERR_NOTFOUND);
	assert_int_equal(vtd_dmar_host_address_width(&d), 46);
}

/* Buffer longer than the table (sysfs pads nothing, but files may). */
static void test_dmar_ignores_bytes_after_table(void **state)
{
	struct vtd_dmar d;
	struct tbl t;
	size_t len;

	build_example(&t);
	len = t.len;
	memset(t.b + len, 0xff, 16);
	assert_int_equal(vtd_dmar_init(&d, t.b, len + 16, NULL), 0);
	assert_int_equal(d.len, len);
	walk_all(&d);
}

static void test_dmar_checksum_mismatch_reported_not_fatal(void **state)
{
	struct vtd_dmar d;
	struct tbl t;

	build_example(&t);
	t.b[9]++;
	assert_int_equal(vtd_dmar_init(&d, t.b, t.len, NULL), 0);
	assert_false(vtd_dmar_checksum_ok(&d));
}

/* An ANDD whose name has no terminating NUL keeps every byte. */
static void test_dmar_andd_without_nul(void **state)
{
	struct vtd_dmar_struct s;
	struct vtd_dmar d;
	struct tbl t;

	tbl_begin(&t, 38, 0);
	struct_begin(&t, VTD_DMAR_ANDD);
	put(&t, "\0\0\0", 3);
	put8(&t, 1);
	put(&t, "\\_SB.I2C0", 9);
	struct_end(&t);
	tbl_end(&t);
	assert_int_equal(vtd_dmar_init(&d, t.b, t.len, NULL), 0);
	assert_int_equal(vtd_dmar_get_struct(&d, vtd_dmar_first_struct(&d), &s),
			 0);
	assert_int_equal(s.name_len, 9);
	assert_memory_equal(s.name, "\\_SB.I2C0", 9);
}

static void test_dmar_iterators_reject_bad_offsets(void **state)
{
	const int bad[] = { -1, 0, 4, 0x31, 0x41, INT_MAX };
	struct vtd_dmar_struct s;
	struct vtd_dmar_scope sc;
	struct vtd_dmar d;
	struct tbl t;
	size_t i;

	build_example(&t);
	assert_int_equal(vtd_dmar_init(&d, t.b, t.len, NULL), 0);
	for (i = 0; i < VTD_ARRAY_SIZE(bad); i++) {
		assert_int_equal(vtd_dmar_get_struct(&d, bad[i], &s),
				 -VTD_ERR_BADPARAM);
		assert_int_equal(vtd_dmar_next_struct(&d, bad[i]),
				 -VTD_ERR_NOTFOUND);
		assert_int_equal(vtd_dmar_first_scope(&d, bad[i]),
				 -VTD_ERR_NOTFOUND);
	}
	assert_int_equal(vtd_dmar_get_scope(&d, -1, &sc), -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_dmar_get_scope(&d, (int)t.len - 2, &sc),
			 -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_dmar_init(NULL, t.b, t.len, NULL),
			 -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_dmar_init(&d, NULL, t.len, NULL),
			 -VTD_ERR_BADPARAM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dmar_decodes_every_field),
		cmocka_unit_test(test_dmar_every_truncation_rejected),
		cmocka_unit_test(test_dmar_every_bit_flip_safe),
		cmocka_unit_test(test_dmar_named_bad_tables),
		cmocka_unit_test(test_dmar_trailing_stub_rejected),
		cmocka_unit_test(test_dmar_header_only_table),
		cmocka_unit_test(test_dmar_ignores_bytes_after_table),
		cmocka_unit_test(
			test_dmar_checksum_mismatch_reported_not_fatal),
		cmocka_unit_test(test_dmar_andd_without_nul),
		cmocka_unit_test(test_dmar_iterators_reject_bad_offsets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
