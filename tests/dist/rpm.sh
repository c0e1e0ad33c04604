#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The RPMs make rpm built, as rpm itself reads them: exactly the files we
# mean to ship, kexec-tools required, and a loader that hands on to
# kexec-tools' own kexec (kdumpctl's KEXEC= points at ours; nothing is
# diverted).
#   rpm.sh [RPMDIR]            (default $RPM_DIR, where make rpm puts them)
. "$top_srcdir/tests/lib/tap.sh"

rpmdir=${1:-${RPM_DIR:?}}
plan 6
if ! tap_have rpmbuild rpm2cpio cpio; then
	tap_skip_rest "needs rpm and cpio (install-deps --test)"
fi

rpm=$(ls "$rpmdir"/kexec-vtd-*.x86_64.rpm 2> /dev/null | head -1)
note_rpm=$(ls "$rpmdir"/vtd-note-*.x86_64.rpm 2> /dev/null | head -1)
srpm=$(ls "$rpmdir"/kexec-vtd-*.src.rpm 2> /dev/null | head -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check "make rpm built kexec-vtd, vtd-note and the source RPM" \
	test -f "$rpm" -a -f "$note_rpm" -a -f "$srpm"
# rpm -qlp, less the build-id links rpmbuild adds.
files()
{
	rpm -qlp "$1" 2> /dev/null | grep -v '^/usr/lib/\.build-id'
}
version=$(rpm -qp --qf '%{VERSION}' "$rpm" 2> /dev/null)
same "kexec-vtd ships the loader, its man page, docs and licence" \
	"$(files "$rpm")" "/usr/sbin/kexec-vtd
/usr/share/doc/kexec-vtd-$version
/usr/share/doc/kexec-vtd-$version/README.md
/usr/share/doc/kexec-vtd-$version/kdump-integration.md
/usr/share/licenses/kexec-vtd-$version
/usr/share/licenses/kexec-vtd-$version/COPYING
/usr/share/man/man8/kexec-vtd.8"
same "vtd-note ships vtd-note, the crash extension and the drgn helper, their man pages, docs and licence" \
	"$(files "$note_rpm")" "/usr/bin/vtd-note
/usr/lib/crash/extensions/vtd.so
/usr/share/doc/vtd-note-$version
/usr/share/doc/vtd-note-$version/README.md
/usr/share/doc/vtd-note-$version/note-format.md
/usr/share/kexec-vtd
/usr/share/kexec-vtd/vtd_drgn.py
/usr/share/licenses/vtd-note-$version
/usr/share/licenses/vtd-note-$version/COPYING
/usr/share/man/man1/crash-vtd.1
/usr/share/man/man1/vtd-note.1"
same "kexec-vtd requires kexec-tools" \
	"$(rpm -qp --requires "$rpm" 2> /dev/null | grep -x kexec-tools)" \
	kexec-tools
(cd "$tmp" && rpm2cpio "$rpm" | cpio -id --quiet ./usr/sbin/kexec-vtd)
same "the loader hands on to kexec-tools' kexec, by the names it has" \
	"$(strings "$tmp/usr/sbin/kexec-vtd" | grep -x '/[^ ]*/kexec\(:[^ ]*\)*')" \
	"$(rpm -E %{_sbindir})/kexec:/usr/sbin/kexec:/sbin/kexec"
same "the spec's changelog has an entry for this version" \
	"$(rpm -qp --changelog "$rpm" 2> /dev/null | head -1 | sed 's/.* - //')" \
	"$(rpm -qp --qf '%{VERSION}-%{RELEASE}' "$rpm" 2> /dev/null)"
exit $((tap_fail > 0))
