# SPDX-License-Identifier: GPL-2.0-or-later
# tests/service: Debian's kdump-tools in a Debian guest (make
# check-service; root: mmdebstrap, apt-get).
EXTRA_DIST += tests/service/run.sh tests/service/setup.sh \
	tests/service/mkrootfs.sh tests/service/run-guest.sh \
	tests/service/inject.sh tests/service/install-kernel.sh \
	tests/service/check.py tests/service/README.md \
	tests/service/guest/test.sh \
	tests/service/guest/vtd-service-test.service \
	tests/service/guest/vtd-service-install.service
# Our .debs first (make deb; their build-time tests are make check's), then
# the guests install them with dpkg.  VTD_SERVICE_DEBS_BUILT=1 (set by
# scripts/check after make check-pkg) takes the ones already in deb/ when
# they are newer than the release tarball they were built from.
check-service: all
	$(SHELL) $(top_srcdir)/tests/service/setup.sh
	@fresh=$${VTD_SERVICE_DEBS_BUILT:+1}; \
	for p in kexec-vtd vtd-note; do \
		f=$$(ls deb/$${p}_$(VERSION)-*_amd64.deb 2>/dev/null | tail -1); \
		[ -n "$$f" ] && [ "$$f" -nt $(distdir).tar.gz ] || fresh=; \
	done; \
	if [ -n "$$fresh" ]; then \
		echo "check-service: the .debs make check-pkg built" >&2; \
	else \
		DEB_BUILD_OPTIONS="nocheck parallel=2" $(MAKE) $(AM_MAKEFLAGS) \
			deb > service-deb.log 2>&1 || \
			{ tail -30 service-deb.log; exit 1; }; \
	fi
	VTD_SERVICE_DEBS=$(abs_top_builddir)/deb \
		$(SHELL) $(top_srcdir)/tests/service/run.sh $(top_builddir)
.PHONY: check-service
