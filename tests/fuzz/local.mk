# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fuzz: a libFuzzer target for every parser (--enable-fuzz), each
# run for FUZZ_SECONDS in make check.
FUZZ_SECONDS ?= 20
FUZZ_TARGETS = fuzz_dmar fuzz_note fuzz_crash fuzz_fence fuzz_elfnote \
	fuzz_walk fuzz_debugfs fuzz_elf fuzz_makedumpfile fuzz_flat fuzz_split \
	fuzz_tables
# The dump readers are vtd-note's own sources, with libelf.
FUZZ_DUMP_TARGETS = fuzz_elf fuzz_makedumpfile fuzz_flat fuzz_split
EXTRA_DIST += tests/fuzz/fuzz_dmar.c tests/fuzz/fuzz_note.c \
	tests/fuzz/fuzz_crash.c tests/fuzz/mkseed-crash.py \
	tests/fuzz/fuzz_fence.c tests/fuzz/mkseed-fence.py \
	tests/fuzz/pool-harness.h tests/fuzz/fuzz_walk.c tests/fuzz/mkseed-walk.py \
	tests/fuzz/fuzz_debugfs.c tests/fuzz/vn-quiet.h tests/fuzz/fuzz_tables.c \
	tests/fuzz/fuzz_elfnote.c $(FUZZ_DUMP_TARGETS:%=tests/fuzz/%.c) \
	tests/fuzz/dump-harness.h tests/fuzz/mkseed-dump.py \
	tests/fuzz/run.sh tests/fuzz/corpus
if ENABLE_FUZZ
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -I$(top_srcdir)/include
FUZZ_BUILD = $(MKDIR_P) tests/fuzz && $(FUZZ_CC) $(FUZZ_FLAGS) -o $@ \
	$(top_srcdir)/tests/fuzz/$(@F).c $(LIBVTD_SOURCES:%=$(top_srcdir)/%)
tests/fuzz/fuzz_dmar: tests/fuzz/fuzz_dmar.c $(LIBVTD_SOURCES)
	$(AM_V_CC)$(FUZZ_BUILD)
tests/fuzz/fuzz_note: tests/fuzz/fuzz_note.c $(LIBVTD_SOURCES)
	$(AM_V_CC)$(FUZZ_BUILD)
tests/fuzz/fuzz_crash: tests/fuzz/fuzz_crash.c tests/fuzz/pool-harness.h \
		$(LIBVTD_SOURCES) \
		$(KDUMP_SOURCES)
	$(AM_V_CC)$(FUZZ_BUILD) $(KDUMP_CPPFLAGS) \
		$(filter %.c,$(KDUMP_SOURCES:%=$(top_srcdir)/%))
tests/fuzz/fuzz_fence: tests/fuzz/fuzz_fence.c tests/fuzz/pool-harness.h \
		$(LIBVTD_SOURCES) \
		$(KDUMP_SOURCES)
	$(AM_V_CC)$(FUZZ_BUILD) $(KDUMP_CPPFLAGS) \
		$(filter %.c,$(KDUMP_SOURCES:%=$(top_srcdir)/%))
tests/fuzz/fuzz_elfnote: tests/fuzz/fuzz_elfnote.c $(LIBVTD_SOURCES)
	$(AM_V_CC)$(FUZZ_BUILD)
tests/fuzz/fuzz_walk: tests/fuzz/fuzz_walk.c $(LIBVTD_SOURCES)
	$(AM_V_CC)$(FUZZ_BUILD)
# The debugfs reader, with the note printers its check uses.
tests/fuzz/fuzz_debugfs: tests/fuzz/fuzz_debugfs.c tests/fuzz/vn-quiet.h \
		$(LIBVTD_SOURCES) \
		$(VN_READER_SOURCES) $(VN_READER_HDRS)
	$(AM_V_CC)$(FUZZ_BUILD) -I$(top_srcdir)/tools/vtd-note \
		$(LIBELF_CFLAGS) $(JSONC_CFLAGS) \
		$(VN_READER_SOURCES:%=$(top_srcdir)/%) \
		$(top_srcdir)/tools/vtd-note/note-diff.c \
		$(top_srcdir)/tools/vtd-note/note-text.c \
		$(top_srcdir)/tools/vtd-note/note-json.c $(LIBELF_LIBS) $(JSONC_LIBS)
$(FUZZ_DUMP_TARGETS:%=tests/fuzz/%): tests/fuzz/%: tests/fuzz/%.c \
		tests/fuzz/dump-harness.h tests/fuzz/vn-quiet.h $(LIBVTD_SOURCES) \
		$(VN_READER_SOURCES) $(VN_READER_HDRS)
	$(AM_V_CC)$(FUZZ_BUILD) -I$(top_srcdir)/tools/vtd-note \
		$(LIBELF_CFLAGS) $(JSONC_CFLAGS) \
		$(VN_READER_SOURCES:%=$(top_srcdir)/%) $(LIBELF_LIBS)
# vtd-note tables as it reads a dump: the note, then the memory
# (mem-*.c, libkdumpfile), then every answer.
tests/fuzz/fuzz_tables: tests/fuzz/fuzz_tables.c tests/fuzz/dump-harness.h \
		tests/fuzz/vn-quiet.h $(LIBVTD_SOURCES) $(VN_READER_SOURCES) \
		$(VN_READER_HDRS) $(VN_TABLES_SOURCES) $(VN_MEM_SOURCES)
	$(AM_V_CC)$(FUZZ_BUILD) -I$(top_srcdir)/tools/vtd-note \
		$(LIBELF_CFLAGS) $(JSONC_CFLAGS) $(KDUMPFILE_CFLAGS) \
		$(VN_READER_SOURCES:%=$(top_srcdir)/%) \
		$(filter %.c,$(VN_TABLES_SOURCES:%=$(top_srcdir)/%)) \
		$(filter %.c,$(VN_MEM_SOURCES:%=$(top_srcdir)/%)) \
		$(top_srcdir)/tools/vtd-note/note-text.c \
		$(top_srcdir)/tools/vtd-note/note-json.c \
		$(LIBELF_LIBS) $(JSONC_LIBS) $(KDUMPFILE_LIBS)
check_SCRIPTS += $(FUZZ_TARGETS:%=tests/fuzz/%)
CLEANFILES += $(FUZZ_TARGETS:%=tests/fuzz/%)
TESTS += tests/fuzz/run.sh
endif
