# SPDX-License-Identifier: GPL-2.0-or-later
# crash/: the crash kernel's adoption core, built by the kernel (kernel/)
# and, from the same files, by the model's tests, the fuzzer and the bench.
CRASH_SOURCES = crash/vtd-crash.h crash/elfcorehdr.c crash/gate.c \
	crash/adopt.c crash/swap.c
CRASH_CPPFLAGS = -I$(top_srcdir)/crash
EXTRA_DIST += crash/linux/kdump.c crash/linux/kdump.h
