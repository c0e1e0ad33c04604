// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_makedumpfile.c - the headers of makedumpfile's formats, hand-built as
 * makedumpfile 1.7.2 writes them (write_kdump_header, write_buffer,
 * write_start_flat_header): every header version, every compression, split
 * parts, and one mangle at a time with the exact code and the file offset
 * of the field named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <kexec-vtd/makedumpfile.h>

#define BLOCK 4096

/* The headers of a file being built in @buf (wire structs are packed). */
static struct vtd_mdf_hdr *hdr_at(uint8_t *buf)
{
	return (void *)buf;
}

static struct vtd_mdf_sub *sub_at(uint8_t *buf)
{
	return (void *)buf;
}

/* Block 0 and 1 of a kdump-compressed file with @note_size bytes of notes. */
static void make_mdf(uint8_t *buf, uint32_t version, uint64_t note_size)
{
	uint8_t *sub = buf + BLOCK;
	uint64_t sub_bytes = sizeof(struct vtd_mdf_sub) + note_size;

	memset(buf, 0, 2 * BLOCK);
	memcpy(buf, VTD_MDF_SIGNATURE, VTD_MDF_SIG_LEN);
	vtd_st_field(&hdr_at(buf)->header_version, version);
	memcpy(buf + offsetof(struct vtd_mdf_hdr, utsname), "Linux", 5);
	vtd_st_field(&hdr_at(buf)->status, VTD_MDF_S_ZLIB);
	vtd_st_field(&hdr_at(buf)->block_size, BLOCK);
	vtd_st_field(&hdr_at(buf)->sub_hdr_size,
		     (sub_bytes + BLOCK - 1) / BLOCK);
	vtd_st_field(&hdr_at(buf)->max_mapnr, 0x40000);
	vtd_st_field(&hdr_at(buf)->nr_cpus, 2);
	vtd_st_field(&sub_at(sub)->dump_level, 31);
	vtd_st_field(&sub_at(sub)->offset_note,
		     BLOCK + vtd_mdf_sub_size(version));
	vtd_st_field(&sub_at(sub)->size_note, note_size);
	vtd_st_field(&sub_at(sub)->max_mapnr_64, 0x40000);
}

static int check_both(uint8_t *buf, struct vtd_mdf_info *info, uint64_t *bad)
{
	int ret = vtd_mdf_check_header(buf, sizeof(struct vtd_mdf_hdr), info,
				       bad);

	if (ret < 0)
		return ret;
	return vtd_mdf_check_sub(buf + BLOCK, vtd_mdf_sub_size(info->version),
				 info, bad);
}

/* Versions 4 to 6 and a later one; the notes right after the sub-header. */
static void test_mdf_every_version_finds_the_notes(void **state)
{
	static uint8_t buf[2 * BLOCK];
	struct vtd_mdf_info info;
	uint64_t bad;
	uint32_t v;

	for (v = 4; v <= 7; v++) {
		make_mdf(buf, v, 0x300);
		assert_int_equal(check_both(buf, &info, &bad), 0);
		assert_int_equal(info.version, v);
		assert_int_equal(info.block_size, BLOCK);
		assert_int_equal(info.meta_end, 2 * BLOCK);
		assert_int_equal(info.note_off, BLOCK + vtd_mdf_sub_size(v));
		assert_int_equal(info.note_size, 0x300);
		assert_false(info.split);
	}
	assert_int_equal(vtd_mdf_sub_size(4), 0x40);
	assert_int_equal(vtd_mdf_sub_size(5), 0x50);
	assert_int_equal(vtd_mdf_sub_size(6), 0x68);
}

/* Compression changes only a status bit: every kind reads alike. */
static void test_mdf_every_compression(void **state)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} c[] = {
		{ 0, "none" },
		{ VTD_MDF_S_ZLIB, "zlib" },
		{ VTD_MDF_S_LZO, "lzo" },
		{ VTD_MDF_S_SNAPPY, "snappy" },
		{ VTD_MDF_S_ZSTD, "zstd" },
		{ VTD_MDF_S_ZSTD | VTD_MDF_S_INCOMPLETE, "zstd" },
	};
	static uint8_t buf[2 * BLOCK];
	struct vtd_mdf_info info;
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(c); i++) {
		make_mdf(buf, 6, 0x100);
		vtd_st_field(&hdr_at(buf)->status, c[i].flag);
		assert_int_equal(check_both(buf, &info, NULL), 0);
		assert_int_equal(info.status, c[i].flag);
		assert_string_equal(vtd_mdf_compression(info.status),
				    c[i].name);
	}
}

/* One header field wrong at a time: the code and the field's offset. */
static void test_mdf_header_mangles_exact_codes(void **state)
{
	static const struct {
		size_t field;
		uint32_t value;
		int code;
	} m[] = {
		{ 0, 0x504d5544, -VTD_ERR_BADMAGIC }, /* "DUMP" */
		{ 8, 3, -VTD_ERR_BADVERSION },	      /* no notes yet */
		{ 8, 0, -VTD_ERR_BADVERSION },
		{ 8, 0xffffffff, -VTD_ERR_BADVERSION }, /* an int: -1 */
		{ 0x1ac, 0, -VTD_ERR_BADLEN },
		{ 0x1ac, 256, -VTD_ERR_BADLEN },
		{ 0x1ac, 4097, -VTD_ERR_BADLEN },
		{ 0x1ac, 2u << 20, -VTD_ERR_BADLEN },
		{ 0x1ac, 0x80000000, -VTD_ERR_BADLEN },
		{ 0x1b0, 0, -VTD_ERR_BADLEN }, /* no room for a sub-header */
		{ 0x1b0, 0x1002, -VTD_ERR_BADLEN }, /* more than notes take */
		{ 0x1b0, 0xffffffff, -VTD_ERR_BADLEN },
	};
	static uint8_t buf[2 * BLOCK];
	struct vtd_mdf_info info;
	uint64_t bad;
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(m); i++) {
		make_mdf(buf, 6, 0x100);
		vtd_st_le32(buf + m[i].field, m[i].value);
		bad = 0xdead;
		assert_int_equal(
			vtd_mdf_check_header(buf, sizeof(struct vtd_mdf_hdr),
					     &info, &bad),
			m[i].code);
		assert_int_equal(bad, m[i].field);
	}
	/* Every truncation of block 0's header. */
	make_mdf(buf, 6, 0x100);
	for (i = 0; i < sizeof(struct vtd_mdf_hdr); i++) {
		assert_int_equal(vtd_mdf_check_header(buf, i, &info, &bad),
				 -VTD_ERR_TRUNCATED);
		assert_int_equal(bad, i);
	}
	/* The most sub-header blocks the notes may take is accepted. */
	vtd_st_field(&hdr_at(buf)->sub_hdr_size,
		     VTD_DUMP_NOTES_MAX / BLOCK + 1);
	assert_int_equal(vtd_mdf_check_header(buf, 0x1d0, &info, NULL), 0);
	assert_int_equal(info.meta_end, VTD_DUMP_NOTES_MAX + 2 * BLOCK);
}

/* The notes must lie in the sub-header blocks, after the sub-header. */
static void test_mdf_sub_mangles_exact_codes(void **state)
{
	static const struct {
		size_t field;
		uint64_t value;
		int code;
	} m[] = {
		/* Past the end of the file's sub-header blocks. */
		{ 0x30, 2 * BLOCK + 8, -VTD_ERR_BADLAYOUT },
		/* Inside the sub-header itself. */
		{ 0x30, BLOCK + 0x30, -VTD_ERR_BADLAYOUT },
		{ 0x30, 0, -VTD_ERR_BADLAYOUT },
		{ 0x30, UINT64_MAX, -VTD_ERR_BADLAYOUT },
		/* A size that runs past the blocks, or wraps. */
		{ 0x38, BLOCK, -VTD_ERR_BADLAYOUT },
		{ 0x38, UINT64_MAX, -VTD_ERR_BADLAYOUT },
		{ 0x38, UINT64_MAX - BLOCK - 0x60, -VTD_ERR_BADLAYOUT },
	};
	static uint8_t buf[2 * BLOCK];
	struct vtd_mdf_info info;
	uint64_t bad;
	size_t i;

	for (i = 0; i < VTD_ARRAY_SIZE(m); i++) {
		make_mdf(buf, 6, 0x100);
		vtd_st_le64(buf + BLOCK + m[i].field, m[i].value);
		bad = 0xdead;
		assert_int_equal(check_both(buf, &info, &bad), m[i].code);
		assert_int_equal(bad, BLOCK + m[i].field);
	}
	/* Every truncation of the sub-header a version defines. */
	make_mdf(buf, 6, 0x100);
	assert_int_equal(vtd_mdf_check_header(buf, 0x1d0, &info, NULL), 0);
	for (i = 0; i < vtd_mdf_sub_size(6); i++) {
		assert_int_equal(vtd_mdf_check_sub(buf + BLOCK, i, &info, &bad),
				 -VTD_ERR_TRUNCATED);
		assert_int_equal(bad, BLOCK + i);
	}
	/* No notes at all is not an error: size 0. */
	make_mdf(buf, 6, 0);
	assert_int_equal(check_both(buf, &info, NULL), 0);
	assert_int_equal(info.note_size, 0);
	info.block_size = 0;
	assert_int_equal(vtd_mdf_check_sub(buf + BLOCK, 0x68, &info, NULL),
			 -VTD_ERR_BADPARAM);
}

/* A --split part: frames from the 64-bit fields, checked against max. */
static void test_mdf_split_parts(void **state)
{
	static uint8_t a[2 * BLOCK], b[2 * BLOCK];
	struct vtd_mdf_info info;
	uint64_t bad;

	make_mdf(a, 6, 0x100);
	vtd_st_field(&sub_at(a + BLOCK)->split, 1);
	vtd_st_field(&sub_at(a + BLOCK)->start_pfn_64, 0x1000);
	vtd_st_field(&sub_at(a + BLOCK)->end_pfn_64, 0x40000);
	assert_int_equal(check_both(a, &info, NULL), 0);
	assert_true(info.split);
	assert_int_equal(info.start_pfn, 0x1000);
	assert_int_equal(info.end_pfn, 0x40000);
	assert_int_equal(info.max_mapnr, 0x40000);
	/* Past max_mapnr, or ending before it starts. */
	vtd_st_field(&sub_at(a + BLOCK)->end_pfn_64, 0x40001);
	assert_int_equal(check_both(a, &info, &bad), -VTD_ERR_BADLAYOUT);
	assert_int_equal(bad, BLOCK + 0x58);
	vtd_st_field(&sub_at(a + BLOCK)->end_pfn_64, 0xfff);
	assert_int_equal(check_both(a, &info, &bad), -VTD_ERR_BADLAYOUT);
	/* Version 5: the 32-bit-era fields. */
	make_mdf(a, 5, 0x100);
	vtd_st_field(&sub_at(a + BLOCK)->split, 1);
	vtd_st_field(&sub_at(a + BLOCK)->end_pfn, 0x40001);
	assert_int_equal(check_both(a, &info, &bad), -VTD_ERR_BADLAYOUT);
	assert_int_equal(bad, BLOCK + 0x18);

	/* Two parts of one dump agree; any identifying field differing. */
	make_mdf(a, 6, 0x100);
	make_mdf(b, 6, 0x100);
	vtd_st_field(&sub_at(b + BLOCK)->start_pfn_64, 0x20000);
	assert_int_equal(vtd_mdf_same_dump(a, a + BLOCK, b, b + BLOCK, 6), -1);
	b[0x0c + 65 * 2] = 'X'; /* utsname.release */
	assert_int_equal(vtd_mdf_same_dump(a, a + BLOCK, b, b + BLOCK, 6),
			 0x0c);
	make_mdf(b, 6, 0x100);
	vtd_st_field(&hdr_at(b)->tv_usec, 5);
	assert_int_equal(vtd_mdf_same_dump(a, a + BLOCK, b, b + BLOCK, 6),
			 0x198);
	make_mdf(b, 6, 0x108);
	assert_int_equal(vtd_mdf_same_dump(a, a + BLOCK, b, b + BLOCK, 6),
			 BLOCK + 0x38);
	make_mdf(b, 6, 0x100);
	vtd_st_field(&sub_at(b + BLOCK)->max_mapnr_64, 1);
	assert_int_equal(vtd_mdf_same_dump(a, a + BLOCK, b, b + BLOCK, 6),
			 BLOCK + 0x60);
	/* Version 5 has no max_mapnr_64 to compare. */
	assert_int_equal(vtd_mdf_same_dump(a, a + BLOCK, b, b + BLOCK, 5), -1);
}

/* The stream header block as write_start_flat_header() writes it. */
static void test_mdf_flat_header(void **state)
{
	uint8_t h[VTD_FLAT_HDR_SIZE] = "makedumpfile";
	uint64_t bad;
	size_t i;

	h[0x17] = 1; /* type 1, big-endian */
	h[0x1f] = 1; /* version 1 */
	assert_int_equal(vtd_flat_check_header(h, sizeof(h), &bad), 0);
	for (i = 0; i < 32; i++) {
		assert_int_equal(vtd_flat_check_header(h, i, &bad),
				 -VTD_ERR_TRUNCATED);
		assert_int_equal(bad, i);
	}
	h[0x17] = 2;
	assert_int_equal(vtd_flat_check_header(h, sizeof(h), &bad),
			 -VTD_ERR_BADVERSION);
	assert_int_equal(bad, 0x10);
	h[0x17] = 1;
	h[0x10] = 1; /* little-endian 1 reads as 2^56 */
	h[0x17] = 0;
	assert_int_equal(vtd_flat_check_header(h, sizeof(h), &bad),
			 -VTD_ERR_BADVERSION);
	h[0x10] = 0;
	h[0x17] = 1;
	h[12] = 'X'; /* "makedumpfileX": not the string */
	assert_int_equal(vtd_flat_check_header(h, sizeof(h), &bad),
			 -VTD_ERR_BADMAGIC);
	assert_int_equal(bad, 0);
}

static void put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Record headers: data, the end record, and each impossible one. */
static void test_mdf_flat_records(void **state)
{
	static const struct {
		uint64_t off, size;
		int code;
		size_t field;
	} r[] = {
		{ 0, 0x1d0, 1, 0 },
		{ 0x1000, 1, 1, 0 },
		{ 0x7fffffffffffff00, 0xff, 1, 0 },
		{ UINT64_MAX, UINT64_MAX, 0, 0 }, /* the end record */
		{ 0x1000, 0, -VTD_ERR_BADLEN, 8 },
		{ 0x1000, 0x8000000000000000, -VTD_ERR_BADLEN, 8 },
		{ 0x1000, UINT64_MAX, -VTD_ERR_BADLEN, 8 }, /* size -1 alone */
		{ UINT64_MAX, 16, -VTD_ERR_BADLAYOUT, 0 },  /* offset -1 */
		{ 0x8000000000000000, 16, -VTD_ERR_BADLAYOUT, 0 },
		{ 0x7fffffffffffff00, 0x101, -VTD_ERR_BADLAYOUT, 0 },
	};
	uint8_t rec[16];
	uint64_t off, size;
	size_t i, field;

	for (i = 0; i < VTD_ARRAY_SIZE(r); i++) {
		put_be64(rec, r[i].off);
		put_be64(rec + 8, r[i].size);
		field = 99;
		assert_int_equal(vtd_flat_decode_rec(rec, &off, &size, &field),
				 r[i].code);
		if (r[i].code < 0) {
			assert_int_equal(field, r[i].field);
		} else {
			assert_int_equal(off, r[i].off);
			assert_int_equal(size, r[i].size);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mdf_every_version_finds_the_notes),
		cmocka_unit_test(test_mdf_every_compression),
		cmocka_unit_test(test_mdf_header_mangles_exact_codes),
		cmocka_unit_test(test_mdf_sub_mangles_exact_codes),
		cmocka_unit_test(test_mdf_split_parts),
		cmocka_unit_test(test_mdf_flat_header),
		cmocka_unit_test(test_mdf_flat_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
