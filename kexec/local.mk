# SPDX-License-Identifier: GPL-2.0-or-later
# kexec/: the crash loader, with purgatory inside it.
sbin_PROGRAMS += kexec/kexec
kexec_kexec_SOURCES = kexec/kexec.h kexec/main.c kexec/opts.c \
	kexec/passthru.c kexec/machine.c kexec/iomem.c kexec/elfcore.c \
	kexec/elfcore.h kexec/bzimage.c kexec/bzimage.h kexec/purgload.c \
	kexec/purgload.h kexec/segments.c kexec/syscall.c kexec/syscall.h \
	kexec/load.c kexec/load.h kexec/efi.c kexec/efi.h kexec/report.c \
	kexec/report.h
kexec_kexec_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS) $(ZLIB_CFLAGS) \
	$(EFI_CPPFLAGS)
kexec_kexec_LDFLAGS = -Wl,-z,noexecstack
kexec_kexec_LDADD = purgatory/purgatory-blob.o lib/libvtd.a $(LIBELF_LIBS) \
	$(ZLIB_LIBS)
EXTRA_kexec_kexec_DEPENDENCIES = purgatory/purgatory-blob.o
