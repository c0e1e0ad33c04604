# SPDX-License-Identifier: GPL-2.0-or-later
# purgatory/: freestanding, relocatable, embedded in the loader.
#
# Each flag keeps purgatory runnable where it runs (kexec-tools learned
# them one breakage at a time): no PIC, large code model so it can be
# placed anywhere, no SSE/MMX/AVX (state not saved, may be disabled), no
# red zone, no stack protector (no TLS), no vectorising or turning loops
# into memcpy calls, zero-initialised variables kept out of .bss so the
# loader can set them, no unwind tables, no header but the compiler's own.
PURGATORY_CFLAGS = -std=gnu11 -Os -g0 -ffreestanding -nostdinc \
	-isystem $(GCC_INCLUDE) -fno-builtin \
	-fno-tree-loop-distribute-patterns -fno-tree-vectorize \
	-mcmodel=large -fno-PIC -fno-PIE -fno-stack-protector \
	-march=x86-64 -mno-sse -mno-mmx -mno-avx -mno-red-zone \
	-fno-zero-initialized-in-bss -fno-common \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fcf-protection=none $(WARN_CFLAGS) -Werror
PURGATORY_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/purgatory \
	-I$(top_srcdir)/purgatory/arch/x86_64

# The objects, with automake's per-object dependencies; purgatory.ro is
# their relocatable link.  lib/'s files are built here again, with these
# flags.
noinst_LIBRARIES += purgatory/libpurgatory.a
purgatory_libpurgatory_a_SOURCES = purgatory/arch/x86_64/entry64.S \
	purgatory/purgatory.c purgatory/pgtable.c purgatory/console.c \
	purgatory/digest.c purgatory/string.c \
	lib/note.c lib/note_wr.c lib/crc32.c lib/sha256.c lib/snapshot.c \
	purgatory/arch/x86_64/arch.h purgatory/console.h purgatory/digest.h \
	purgatory/pgtable.h
purgatory_libpurgatory_a_CPPFLAGS = $(PURGATORY_CPPFLAGS)
purgatory_libpurgatory_a_CFLAGS = $(PURGATORY_CFLAGS)
purgatory_libpurgatory_a_CCASFLAGS = $(PURGATORY_CFLAGS)
# The builder's own flags (a distribution's -fstack-protector-strong or
# -D_FORTIFY_SOURCE, a -O2 after our -Os) would break what the flags
# above keep: they never reach purgatory's objects.
$(purgatory_libpurgatory_a_OBJECTS): CPPFLAGS =
$(purgatory_libpurgatory_a_OBJECTS): CFLAGS =
$(purgatory_libpurgatory_a_OBJECTS): CCASFLAGS =

noinst_DATA += purgatory/purgatory.ro
purgatory/purgatory.ro: purgatory/libpurgatory.a
	$(AM_V_GEN)$(LD) -r --whole-archive -o $@ purgatory/libpurgatory.a

# The purgatory object rides inside the loader as data.
purgatory/purgatory-blob.o: purgatory/purgatory.ro
	$(AM_V_GEN)$(LD) -r -b binary -z noexecstack -o $@ purgatory/purgatory.ro
CLEANFILES += purgatory/purgatory.ro purgatory/purgatory-blob.o
