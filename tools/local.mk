# SPDX-License-Identifier: GPL-2.0-or-later
# tools/: vtd-note, which reads the note from any dump.
bin_PROGRAMS += tools/vtd-note/vtd-note
VTD_NOTE_READER_SOURCES = tools/vtd-note/input.c tools/vtd-note/dump.c
tools_vtd_note_vtd_note_SOURCES = tools/vtd-note/main.c \
	tools/vtd-note/vtd-note.h tools/vtd-note/cmd-dmar.c \
	tools/vtd-note/cmd-note.c tools/vtd-note/note-json.c \
	tools/vtd-note/note-text.c $(VTD_NOTE_READER_SOURCES) \
	tools/vtd-note/dump.h
tools_vtd_note_vtd_note_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS) $(JSONC_CFLAGS)
tools_vtd_note_vtd_note_LDADD = lib/libvtd.a $(LIBELF_LIBS) $(JSONC_LIBS)
