# SPDX-License-Identifier: GPL-2.0-or-later
# tools/: vtd-note, which reads the note from any dump.
bin_PROGRAMS += tools/vtd-note/vtd-note
# The dispatcher, the format readers and the dump bytes they read, which
# the reader tests and the dump fuzzers build too.
VN_READER_SOURCES = tools/vtd-note/load.c tools/vtd-note/read-elf.c \
	tools/vtd-note/read-makedumpfile.c tools/vtd-note/read-bytes.c \
	tools/vtd-note/read-notes.c tools/vtd-note/dump.c \
	tools/vtd-note/read-debugfs.c
VN_READER_HDRS = tools/vtd-note/vtd-note.h tools/vtd-note/load.h \
	tools/vtd-note/read.h tools/vtd-note/dump.h
# The analyst's answers (#23), which the crash extension builds too.
VN_TABLES_SOURCES = tools/vtd-note/tables.c tools/vtd-note/tables.h
# A dump's memory for them (vtd-note tables; crash reads its own).
VN_MEM_SOURCES = tools/vtd-note/mem-dump.c tools/vtd-note/mem-dump.h \
	tools/vtd-note/mem-elf.c tools/vtd-note/mem-elf.h \
	tools/vtd-note/mem-kdump.c tools/vtd-note/mem-kdump.h
tools_vtd_note_vtd_note_SOURCES = tools/vtd-note/main.c \
	tools/vtd-note/cmd-dmar.c tools/vtd-note/cmd-note.c \
	tools/vtd-note/note-json.c tools/vtd-note/note-text.c \
	tools/vtd-note/note-dot.c tools/vtd-note/note-diff.c \
	tools/vtd-note/cmd-tables.c $(VN_MEM_SOURCES) $(VN_TABLES_SOURCES) \
	$(VN_READER_SOURCES) $(VN_READER_HDRS)
tools_vtd_note_vtd_note_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS) \
	$(JSONC_CFLAGS) $(KDUMPFILE_CFLAGS)
tools_vtd_note_vtd_note_LDADD = lib/libvtd.a $(LIBELF_LIBS) $(JSONC_LIBS) \
	$(KDUMPFILE_LIBS)

# The picture in the docs (#23): the example note through vtd-note dot
# and Graphviz, docs/note-example.svg in the build tree, when it has dot.
if HAVE_DOT
noinst_DATA += docs/note-example.svg
CLEANFILES += docs/note-example.svg docs/note-example.area
docs/note-example.svg: tools/vtd-note/vtd-note$(EXEEXT) \
		$(top_srcdir)/tests/data/note/example.json
	$(AM_V_GEN)$(MKDIR_P) docs && \
	tools/vtd-note/vtd-note make $(top_srcdir)/tests/data/note/example.json \
		docs/note-example.area && \
	tools/vtd-note/vtd-note dot docs/note-example.area | \
		$(DOT) -Tsvg > $@.tmp && mv $@.tmp $@
endif

# The drgn helper (#23): the crash extension's answers for drgn -c.
drgnhelperdir = $(datadir)/kexec-vtd
dist_drgnhelper_DATA = tools/drgn/vtd_drgn.py

# The crash extension (#23), when configure found crash's defs.h: vtd.c,
# built against defs.h alone (its types clash with ours), and the rest,
# vtd-note's readers and tables.c, built position-independent.
if HAVE_CRASH_DEFS
crashextdir = $(prefix)/lib/crash/extensions
crashext_PROGRAMS = tools/crash/vtd.so
noinst_LIBRARIES += tools/crash/libcrashside.a
tools_crash_libcrashside_a_SOURCES = tools/crash/vtd.c tools/crash/vtd-crash.h
tools_crash_libcrashside_a_CPPFLAGS = -I$(CRASH_DEFS_DIR) -DX86_64 -DGDB_10_2
tools_crash_libcrashside_a_CFLAGS = -fPIC -g -O2 -Wall
tools_crash_vtd_so_SOURCES = tools/crash/vtd-run.c tools/crash/vtd-crash.h \
	tools/vtd-note/note-text.c tools/vtd-note/note-json.c \
	$(VN_TABLES_SOURCES) $(VN_READER_SOURCES) $(VN_READER_HDRS) \
	$(LIBVTD_SOURCES)
tools_crash_vtd_so_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/vtd-note
tools_crash_vtd_so_CFLAGS = $(AM_CFLAGS) -fPIC $(LIBELF_CFLAGS) $(JSONC_CFLAGS)
tools_crash_vtd_so_LDFLAGS = -shared -Wl,-z,defs -Wl,--unresolved-symbols=ignore-in-object-files
tools_crash_vtd_so_LDADD = tools/crash/libcrashside.a $(LIBELF_LIBS) \
	$(JSONC_LIBS)
endif
