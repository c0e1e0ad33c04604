# SPDX-License-Identifier: GPL-2.0-or-later
# include/: the note format and the hardware, shared by every room.
noinst_HEADERS += include/kexec-vtd/env.h include/kexec-vtd/env-host.h \
	include/kexec-vtd/err.h include/kexec-vtd/vtd-hw.h \
	include/kexec-vtd/dmar.h include/kexec-vtd/note.h \
	include/kexec-vtd/note-format.h include/kexec-vtd/elf64.h \
	include/kexec-vtd/crc32.h include/kexec-vtd/elfnote.h \
	include/kexec-vtd/makedumpfile.h include/kexec-vtd/sha256.h \
	include/kexec-vtd/snapshot.h include/kexec-vtd/walk.h include/kexec-vtd/purgatory-contract.h \
	include/kexec-vtd/x86.h
