# SPDX-License-Identifier: GPL-2.0-or-later
# lib/: the freestanding core (no libc, no allocation, no printing).
LIBVTD_SOURCES = lib/err.c lib/crc32.c lib/dmar.c lib/note.c \
	lib/note_wr.c lib/note_rd.c lib/elfnote.c lib/makedumpfile.c \
	lib/sha256.c lib/snapshot.c lib/walk.c
noinst_LIBRARIES += lib/libvtd.a
lib_libvtd_a_SOURCES = $(LIBVTD_SOURCES) lib/internal.h
