# SPDX-License-Identifier: GPL-2.0-or-later
# kernel/: the Linux 6.12 series, made from kernel/drivers/, lib/ and the
# hooks by make kernel-series (never committed; the release tarball
# carries it) and built by check-e2e (kernel/build.sh).
#
# kernel/drivers/iommu/intel/ holds the files the series adds to the
# driver, in their place in the kernel tree.  The adoption core
# (kdump_core.h, kdump_*.c) is also built here, as it is, by the model's
# tests, the fuzzer and the bench: KDUMP_CPPFLAGS puts the userspace twins
# of the driver's headers and of <linux/...> (tests/kernel/include) first.
# The glue (kdump.c, kdump.h) calls the kernel itself and is built only
# there.
KDUMP_DIR = kernel/drivers/iommu/intel
KDUMP_SOURCES = $(KDUMP_DIR)/kdump_core.h $(KDUMP_DIR)/kdump_elfcorehdr.c \
	$(KDUMP_DIR)/kdump_gate.c $(KDUMP_DIR)/kdump_adopt.c \
	$(KDUMP_DIR)/kdump_swap.c $(KDUMP_DIR)/kdump_fence.c
KDUMP_CPPFLAGS = -I$(top_srcdir)/tests/kernel/include \
	-I$(top_srcdir)/$(KDUMP_DIR)
EXTRA_DIST += $(KDUMP_DIR)/kdump.c $(KDUMP_DIR)/kdump.h \
	$(KDUMP_DIR)/kdump_take.c
EXTRA_DIST += kernel/README.md kernel/build.sh kernel/mkseries.sh \
	kernel/did.msg kernel/did-fix.diff kernel/core.msg kernel/glue.msg \
	kernel/hooks.diff kernel/take.msg \
	kernel/take-hooks.diff \
	kernel/config/e2e.config kernel/test
kernel-series:
	$(AM_V_GEN)$(SHELL) $(top_srcdir)/kernel/mkseries.sh kernel/series \
		> /dev/null
.PHONY: kernel-series
# The tarball carries the series its sources make, so a kernel tree can
# take it without this project's tools.
dist-hook: dist-kernel-series
dist-kernel-series: kernel-series
	$(MKDIR_P) $(distdir)/kernel/series
	cp kernel/series/*.patch $(distdir)/kernel/series/
.PHONY: dist-kernel-series
clean-local: clean-kernel-series
clean-kernel-series:
	rm -rf kernel/series
.PHONY: clean-kernel-series
