# SPDX-License-Identifier: GPL-2.0-or-later
# tests/: the unit tests of lib/, purgatory/, kexec/ and tools/ (cmocka
# programs built from the rooms' own sources) and the script tests.
UNIT_TESTS = tests/unit/test_crc32 tests/unit/test_note \
	tests/unit/test_elfnote tests/unit/test_makedumpfile \
	tests/unit/test_dmar \
	tests/unit/test_vtd_hw tests/unit/test_sha256 tests/unit/test_walk \
	tests/purgatory/test_pgtable tests/purgatory/test_digest \
	tests/purgatory/test_purgatory \
	tests/kexec/test_segments tests/tools/test_readers \
	tests/kexec/test_report
check_PROGRAMS += $(UNIT_TESTS) tests/helpers/mkcore
TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -I$(top_srcdir)/sim
TEST_LDADD = lib/libvtd.a $(CMOCKA_LIBS)

tests_unit_test_crc32_SOURCES = tests/unit/test_crc32.c
tests_unit_test_crc32_CFLAGS = $(TEST_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_crc32_LDADD = $(TEST_LDADD) $(ZLIB_LIBS)
tests_unit_test_note_SOURCES = tests/unit/test_note.c sim/rng.h
tests_unit_test_note_CFLAGS = $(TEST_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_test_note_LDADD = $(TEST_LDADD) $(LIBELF_LIBS)
tests_unit_test_elfnote_SOURCES = tests/unit/test_elfnote.c
tests_unit_test_elfnote_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_elfnote_LDADD = $(TEST_LDADD)
tests_unit_test_makedumpfile_SOURCES = tests/unit/test_makedumpfile.c
tests_unit_test_makedumpfile_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_makedumpfile_LDADD = $(TEST_LDADD)
tests_unit_test_dmar_SOURCES = tests/unit/test_dmar.c
tests_unit_test_dmar_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dmar_LDADD = $(TEST_LDADD)
tests_unit_test_vtd_hw_SOURCES = tests/unit/test_vtd_hw.c
tests_unit_test_vtd_hw_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_vtd_hw_LDADD = $(TEST_LDADD)
tests_unit_test_walk_SOURCES = tests/unit/test_walk.c
tests_unit_test_walk_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_walk_LDADD = $(TEST_LDADD)
tests_unit_test_sha256_SOURCES = tests/unit/test_sha256.c
tests_unit_test_sha256_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sha256_LDADD = $(TEST_LDADD)
# vtd-note's dump readers, with its own sources.
tests_tools_test_readers_SOURCES = tests/tools/test_readers.c \
	$(VN_READER_SOURCES)
tests_tools_test_readers_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/vtd-note
tests_tools_test_readers_CFLAGS = $(TEST_CFLAGS) $(LIBELF_CFLAGS) $(JSONC_CFLAGS)
tests_tools_test_readers_LDADD = $(TEST_LDADD) $(LIBELF_LIBS)
tests_kexec_test_segments_SOURCES = tests/kexec/test_segments.c \
	kexec/segments.c
tests_kexec_test_segments_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kexec
tests_kexec_test_segments_CFLAGS = $(TEST_CFLAGS)
tests_kexec_test_segments_LDADD = $(TEST_LDADD)
tests_kexec_test_report_SOURCES = tests/kexec/test_report.c kexec/report.c
tests_kexec_test_report_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kexec
tests_kexec_test_report_CFLAGS = $(TEST_CFLAGS)
tests_kexec_test_report_LDADD = $(TEST_LDADD)
# Purgatory's C, built for the host from the same sources.
PURG_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/purgatory
tests_purgatory_test_pgtable_SOURCES = tests/purgatory/test_pgtable.c \
	tests/purgatory/cpu-walk.h purgatory/pgtable.c
tests_purgatory_test_pgtable_CPPFLAGS = $(PURG_TEST_CPPFLAGS)
tests_purgatory_test_pgtable_CFLAGS = $(TEST_CFLAGS)
tests_purgatory_test_pgtable_LDADD = $(TEST_LDADD)
tests_purgatory_test_digest_SOURCES = tests/purgatory/test_digest.c \
	purgatory/digest.c
tests_purgatory_test_digest_CPPFLAGS = $(PURG_TEST_CPPFLAGS)
tests_purgatory_test_digest_CFLAGS = $(TEST_CFLAGS)
tests_purgatory_test_digest_LDADD = $(TEST_LDADD)
# purgatory.c on a machine made by the test: host/arch.h stands in for
# the x86_64 one.
tests_purgatory_test_purgatory_SOURCES = tests/purgatory/test_purgatory.c \
	tests/purgatory/cpu-walk.h tests/purgatory/host/arch.h \
	purgatory/purgatory.c purgatory/pgtable.c purgatory/console.c \
	purgatory/digest.c
tests_purgatory_test_purgatory_CPPFLAGS = $(PURG_TEST_CPPFLAGS) \
	-I$(top_srcdir)/tests/purgatory/host
tests_purgatory_test_purgatory_CFLAGS = $(TEST_CFLAGS)
tests_purgatory_test_purgatory_LDADD = $(TEST_LDADD)

tests_helpers_mkcore_SOURCES = tests/helpers/mkcore.c
tests_helpers_mkcore_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_helpers_mkcore_LDADD = lib/libvtd.a $(LIBELF_LIBS)

SCRIPT_TESTS = tests/dmar/iasl-corpus.py tests/tools/vtd-note-cli.sh \
	tests/tools/vtd-note-tables.sh tests/tools/drgn-helper.sh \
	tests/e2e/console-test.py \
	tests/freestanding.sh tests/purgatory/check-object.sh \
	tests/kexec/loader.py tests/kernel/series.sh
TESTS += $(UNIT_TESTS) $(SCRIPT_TESTS)
EXTRA_DIST += $(SCRIPT_TESTS) tests/lib/tap.sh tests/dmar/dsl.py \
	tests/kexec/mkfixtures.py tests/kexec/kexec_load_shim.c \
	tests/tools/mktables.py tests/tools/machine.sh \
	tests/tools/mkdiskdump.py \
	tests/data
