# SPDX-License-Identifier: GPL-2.0-or-later
# tests/e2e: a real crash in QEMU (make check-e2e; root for apt-get).
EXTRA_DIST += tests/e2e/run.sh tests/e2e/run-vm.sh tests/e2e/setup.sh \
	tests/e2e/mkinitramfs.sh tests/e2e/init tests/e2e/check.py \
	tests/e2e/udp-flood.py tests/e2e/nic-traffic.sh tests/e2e/modern.sh \
	tests/e2e/setup-modern.sh tests/e2e/fetch-vmlinux.sh \
	scripts/install-modern-suites \
	tests/e2e/rdtsc.c tests/e2e/analyst.py tests/e2e/crash-trixie.sh \
	tests/e2e/console.py
check-e2e: all
	$(SHELL) $(top_srcdir)/tests/e2e/run.sh $(top_builddir)
.PHONY: check-e2e
