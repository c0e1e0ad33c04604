# SPDX-License-Identifier: GPL-2.0-or-later
# dist/: Debian and RPM packaging (make deb, make rpm), and the package
# tests against dpkg, lintian and rpm (make check-pkg).
DEB_FILES = dist/debian/changelog dist/debian/control dist/debian/copyright \
	dist/debian/rules dist/debian/source/format \
	dist/debian/kexec-vtd.install dist/debian/kexec-vtd.docs \
	dist/debian/kexec-vtd.preinst dist/debian/kexec-vtd.postinst \
	dist/debian/kexec-vtd.postrm dist/debian/kexec-vtd.README.Debian \
	dist/debian/vtd-note.install dist/debian/vtd-note.docs \
	dist/debian/source/lintian-overrides \
	dist/debian/kexec-vtd.lintian-overrides \
	dist/debian/vtd-note.lintian-overrides
# m4/ goes along (empty) so that autoreconf, which dh runs, finds it.
EXTRA_DIST += $(DEB_FILES) dist/mkdeb.sh m4/.gitkeep
# The packages are built from the release tarball, as distcheck tests it;
# they land in deb/ (kexec-vtd_VERSION-N_amd64.deb, vtd-note_...).
deb: dist-gzip
	DEB_BUILD_OPTIONS="$${DEB_BUILD_OPTIONS-parallel=2}" \
		$(SHELL) $(srcdir)/dist/mkdeb.sh $(distdir).tar.gz deb $(DEB_FLAGS)
.PHONY: deb
# The spec is configure's (the version); rpmbuild on a Debian machine
# needs --nodeps, its rpm database knowing nothing of dpkg's packages.
RPM_FILES = dist/rpm/kexec-vtd.spec.in dist/rpm/kexec-vtd.spec dist/mkrpm.sh
EXTRA_DIST += $(RPM_FILES)
RPM_FLAGS = --nodeps
rpm: dist-gzip
	$(SHELL) $(srcdir)/dist/mkrpm.sh $(distdir).tar.gz rpm $(RPM_FLAGS)
.PHONY: rpm

# Built as make deb and make rpm build them, less the packages' own make
# check (make check has run on the same tree); each test skips, saying
# so, when the tools it needs are missing.
PKG_TESTS = tests/dist/deb.sh tests/dist/deb-install.sh tests/dist/rpm.sh
EXTRA_DIST += $(PKG_TESTS)
check-pkg: all
	@if command -v dpkg-buildpackage > /dev/null && \
	    command -v dh > /dev/null; then \
		DEB_BUILD_OPTIONS="nocheck parallel=2" \
			$(MAKE) $(AM_MAKEFLAGS) deb || \
			echo "check-pkg: make deb failed" >&2; \
	fi
	@if command -v rpmbuild > /dev/null; then \
		$(MAKE) $(AM_MAKEFLAGS) rpm RPM_FLAGS="--nodeps --nocheck" || \
			echo "check-pkg: make rpm failed" >&2; \
	fi
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(PKG_TESTS)" \
		TEST_SUITE_LOG=pkg-suite.log
.PHONY: check-pkg
CLEANFILES += pkg-suite.log tests/dist/*.log tests/dist/*.trs
clean-local: clean-packages
clean-packages:
	rm -rf deb rpm
.PHONY: clean-packages
