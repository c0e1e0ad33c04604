// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_elfnote.c - the ELF note record walker: records of every name and
 * descriptor size, padding, the end of an area, every truncation with the
 * field it names, sizes that would wrap, and the note search built on it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <kexec-vtd/elfnote.h>
#include <kexec-vtd/note.h>

/* Append one record; returns the new length. */
static size_t put_note(uint8_t *buf, size_t len, const char *name,
		       uint32_t namesz, uint32_t type, const void *desc,
		       uint32_t descsz)
{
	vtd_st_le32(buf + len, namesz);
	vtd_st_le32(buf + len + 4, descsz);
	vtd_st_le32(buf + len + 8, type);
	len += 12;
	memset(buf + len, 0, vtd_align_up((size_t)namesz, 4));
	memcpy(buf + len, name, namesz);
	len += vtd_align_up((size_t)namesz, 4);
	memset(buf + len, 0, vtd_align_up((size_t)descsz, 4));
	if (descsz)
		memcpy(buf + len, desc, descsz);
	return len + vtd_align_up((size_t)descsz, 4);
}

/* Names and descriptors of every length from 1 to 9 read back in order. */
static void test_elfnote_walks_every_size(void **state)
{
	static const char name[] = "ABCDEFGH";
	uint8_t buf[4096], desc[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct vtd_elfnote rec;
	size_t len = 0, offs[81];
	uint32_t ns, ds;
	int i = 0, ret;

	for (ns = 1; ns <= 9; ns++)
		for (ds = 0; ds < 9; ds++) {
			offs[i++] = len;
			len = put_note(buf, len, name, ns, ns * 16 + ds, desc,
				       ds);
		}
	i = 0;
	for (rec.end = 0;
	     (ret = vtd_elfnote_next(buf, len, rec.end, &rec, NULL)) > 0;) {
		uint32_t want_ns = 1 + (uint32_t)i / 9, want_ds = i % 9;

		assert_int_equal(rec.off, offs[i]);
		assert_int_equal(rec.namesz, want_ns);
		assert_int_equal(rec.descsz, want_ds);
		assert_int_equal(rec.type, want_ns * 16 + want_ds);
		assert_ptr_equal(rec.name, buf + offs[i] + 12);
		assert_int_equal(rec.desc_off,
				 offs[i] + 12 + vtd_align_up(want_ns, 4));
		assert_ptr_equal(rec.desc, buf + rec.desc_off);
		assert_memory_equal(rec.desc, desc, want_ds);
		assert_true(vtd_elfnote_name_padded(&rec));
		i++;
	}
	assert_int_equal(ret, 0);
	assert_int_equal(i, 81);
}

/* An empty record ends the walk, as in Linux; so does a zero tail. */
static void test_elfnote_end_of_area(void **state)
{
	uint8_t buf[64] = { 0 };
	struct vtd_elfnote rec;
	size_t len = put_note(buf, 0, "CORE", 5, 1, "abcd", 4);

	assert_int_equal(vtd_elfnote_next(buf, sizeof(buf), len, &rec, NULL),
			 0);
	/* Fewer than 12 bytes left, all zero: the end. */
	assert_int_equal(vtd_elfnote_next(buf, len + 11, len, &rec, NULL), 0);
	assert_int_equal(vtd_elfnote_next(buf, len, len, &rec, NULL), 0);
	/* An empty area. */
	assert_int_equal(vtd_elfnote_next(buf, 0, 0, &rec, NULL), 0);
}

/* Cutting an area anywhere inside a record names the field that overruns. */
static void test_elfnote_every_truncation_named(void **state)
{
	uint8_t buf[256];
	struct vtd_elfnote rec;
	size_t len, cut, bad;
	int ret;

	len = put_note(buf, 0, "VMCOREINFO", 11, 0, "OSRELEASE=6.1\n", 14);
	len = put_note(buf, len, "CORE", 5, 1, "0123456789", 10);
	for (cut = 1; cut < len; cut++) {
		size_t first = 12 + 12 + 16; /* the first record's size */
		size_t rec_off = cut < first ? 0 : first;

		if (cut == first)
			continue; /* a whole record: a good area */
		bad = 999;
		ret = vtd_elfnote_next(buf, cut, rec_off, &rec, &bad);
		assert_int_equal(ret, -VTD_ERR_TRUNCATED);
		if (cut - rec_off < 12)
			assert_int_equal(bad, rec_off); /* a partial header */
		else if (cut - rec_off < 12 + (rec_off ? 8u : 12u))
			assert_int_equal(bad, rec_off); /* n_namesz */
		else
			assert_int_equal(bad, rec_off + 4); /* n_descsz */
	}
}

/* Sizes near 4 GiB must not wrap around the checks. */
static void test_elfnote_sizes_do_not_wrap(void **state)
{
	static const uint32_t big[] = { 0xffffffffu, 0xfffffffdu, 0x80000000u,
					0xfffffff0u };
	uint8_t buf[64];
	struct vtd_elfnote rec;
	size_t len, bad, i;

	for (i = 0; i < VTD_ARRAY_SIZE(big); i++) {
		len = put_note(buf, 0, "CORE", 5, 1, "abcd", 4);
		vtd_st_le32(buf + 4, big[i]);
		assert_int_equal(vtd_elfnote_next(buf, len, 0, &rec, &bad),
				 -VTD_ERR_TRUNCATED);
		assert_int_equal(bad, 4);
		len = put_note(buf, 0, "CORE", 5, 1, "abcd", 4);
		vtd_st_le32(buf, big[i]);
		assert_int_equal(vtd_elfnote_next(buf, len, 0, &rec, &bad),
				 -VTD_ERR_TRUNCATED);
		assert_int_equal(bad, 0);
	}
}

/* A non-zero tail too short for a header is a cut record; bad params. */
static void test_elfnote_rejects_garbage_tail_and_bad_params(void **state)
{
	uint8_t buf[64] = { 0 };
	struct vtd_elfnote rec;
	size_t len = put_note(buf, 0, "CORE", 5, 1, "abcd", 4), bad = 0;

	buf[len + 5] = 1;
	assert_int_equal(vtd_elfnote_next(buf, len + 8, len, &rec, &bad),
			 -VTD_ERR_TRUNCATED);
	assert_int_equal(bad, len);
	assert_int_equal(vtd_elfnote_next(NULL, 8, 0, &rec, NULL),
			 -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_elfnote_next(buf, 8, 9, &rec, NULL),
			 -VTD_ERR_BADPARAM);
	assert_int_equal(vtd_elfnote_next(buf, 8, 0, NULL, NULL),
			 -VTD_ERR_BADPARAM);
}

/* Owner names compare whole, NUL included, as readelf does. */
static void test_elfnote_owner_match(void **state)
{
	uint8_t buf[64];
	struct vtd_elfnote rec;

	put_note(buf, 0, "KEXEC-VTD", 10, VTD_NOTE_TYPE, "", 0);
	assert_int_equal(vtd_elfnote_next(buf, 24, 0, &rec, NULL), 1);
	assert_true(vtd_elfnote_is(&rec, "KEXEC-VTD", 10, VTD_NOTE_TYPE));
	assert_false(vtd_elfnote_is(&rec, "KEXEC-VTD", 10, 1));
	assert_false(vtd_elfnote_is(&rec, "KEXEC-VT", 9, VTD_NOTE_TYPE));
	/* "KEXEC-VTDX" without a NUL is not ours. */
	put_note(buf, 0, "KEXEC-VTDX", 10, VTD_NOTE_TYPE, "", 0);
	assert_int_equal(vtd_elfnote_next(buf, 24, 0, &rec, NULL), 1);
	assert_false(vtd_elfnote_is(&rec, "KEXEC-VTD", 10, VTD_NOTE_TYPE));
	/* Padding after the name. */
	put_note(buf, 0, "KEXEC-VTD", 10, VTD_NOTE_TYPE, "", 0);
	buf[12 + 11] = 7;
	assert_int_equal(vtd_elfnote_next(buf, 24, 0, &rec, NULL), 1);
	assert_false(vtd_elfnote_name_padded(&rec));
}

/*
 * The note search stops at nothing malformed: a bad record after ours
 * fails the search, and the record's field is named.
 */
static void test_elfnote_note_find_checks_every_record(void **state)
{
	uint8_t buf[256], desc[48] = { 0 };
	const void *found;
	size_t len, off3, found_len, bad = 0;

	len = put_note(buf, 0, "CORE", 5, 1, "abcd", 4);
	len = put_note(buf, len, "KEXEC-VTD", 10, VTD_NOTE_TYPE, desc,
		       sizeof(desc));
	assert_int_equal(vtd_note_find(buf, len, &found, &found_len, &bad), 0);
	assert_ptr_equal(found, buf + 24 + 24);
	assert_int_equal(found_len, sizeof(desc));
	off3 = len;
	len = put_note(buf, len, "VMCOREINFO", 11, 0, "x", 1);
	vtd_st_le32(buf + off3 + 4, 100); /* its n_descsz */
	assert_int_equal(vtd_note_find(buf, len, &found, &found_len, &bad),
			 -VTD_ERR_TRUNCATED);
	assert_int_equal(bad, off3 + 4);
	/* Ours with a descriptor size that is not a multiple of 8. */
	len = put_note(buf, 0, "KEXEC-VTD", 10, VTD_NOTE_TYPE, desc, 44);
	assert_int_equal(vtd_note_find(buf, len, &found, &found_len, &bad),
			 -VTD_ERR_BADLAYOUT);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elfnote_walks_every_size),
		cmocka_unit_test(test_elfnote_end_of_area),
		cmocka_unit_test(test_elfnote_every_truncation_named),
		cmocka_unit_test(test_elfnote_sizes_do_not_wrap),
		cmocka_unit_test(
			test_elfnote_rejects_garbage_tail_and_bad_params),
		cmocka_unit_test(test_elfnote_owner_match),
		cmocka_unit_test(test_elfnote_note_find_checks_every_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
