# SPDX-License-Identifier: GPL-2.0-or-later
# tools/: vtd-note, which reads the note from any dump.
bin_PROGRAMS += tools/vtd-note/vtd-note
# The dispatcher, the format readers and the dump bytes they read, which
# the reader tests and the dump fuzzers build too.
VN_READER_SOURCES = tools/vtd-note/load.c tools/vtd-note/read-elf.c \
	tools/vtd-note/read-makedumpfile.c tools/vtd-note/read-bytes.c \
	tools/vtd-note/read-notes.c tools/vtd-note/dump.c
VN_READER_HDRS = tools/vtd-note/vtd-note.h tools/vtd-note/load.h \
	tools/vtd-note/read.h tools/vtd-note/dump.h
tools_vtd_note_vtd_note_SOURCES = tools/vtd-note/main.c \
	tools/vtd-note/cmd-dmar.c tools/vtd-note/cmd-note.c \
	tools/vtd-note/note-json.c tools/vtd-note/note-text.c \
	tools/vtd-note/note-dot.c tools/vtd-note/note-diff.c \
	$(VN_READER_SOURCES) $(VN_READER_HDRS)
tools_vtd_note_vtd_note_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS) $(JSONC_CFLAGS)
tools_vtd_note_vtd_note_LDADD = lib/libvtd.a $(LIBELF_LIBS) $(JSONC_LIBS)

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
