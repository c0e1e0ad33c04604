# SPDX-License-Identifier: GPL-2.0-or-later
# kernel/: the Linux 6.12 series, made from crash/, lib/ and the hooks by
# make kernel-series (never committed; the release tarball carries it)
# and built by check-e2e (kernel/build.sh).
EXTRA_DIST += kernel/README.md kernel/build.sh kernel/mkseries.sh \
	kernel/core.msg kernel/glue.msg kernel/hooks.diff \
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
