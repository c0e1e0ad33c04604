# SPDX-License-Identifier: GPL-2.0-or-later
# tests/kernel/: the userspace twins of the Intel VT-d driver's iommu.h
# and pasid.h and the <linux/...> shims, with which the model's tests build
# the kernel's adoption code; test_twin holds them to vtd-hw.h, and
# kernel/twin-check.sh (run by kernel/build.sh, and here when KSRC names a
# kernel tree) to the driver's own headers.
TWIN_HEADER_FILES = tests/kernel/include/iommu.h tests/kernel/include/pasid.h \
	tests/kernel/include/linux/array_size.h \
	tests/kernel/include/linux/bitfield.h \
	tests/kernel/include/linux/bitmap.h tests/kernel/include/linux/bits.h \
	tests/kernel/include/linux/build_bug.h \
	tests/kernel/include/linux/compiler.h tests/kernel/include/linux/elf.h \
	tests/kernel/include/linux/errno.h tests/kernel/include/linux/limits.h \
	tests/kernel/include/linux/minmax.h \
	tests/kernel/include/linux/string.h \
	tests/kernel/include/linux/types.h
TWIN_CPPFLAGS = -I$(top_srcdir)/tests/kernel/include -I$(top_srcdir)/include

check_PROGRAMS += tests/kernel/test_twin
tests_kernel_test_twin_SOURCES = tests/kernel/test_twin.c sim/rng.h
tests_kernel_test_twin_CPPFLAGS = $(TWIN_CPPFLAGS)
tests_kernel_test_twin_CFLAGS = $(TEST_CFLAGS)
tests_kernel_test_twin_LDADD = $(CMOCKA_LIBS)

TESTS += tests/kernel/test_twin tests/kernel/twin-check.sh
EXTRA_DIST += $(TWIN_HEADER_FILES) kernel/twin-check.sh \
	tests/kernel/twin-probe.c tests/kernel/twin-check.sh \
	tests/kernel/added-function.sh
