#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian packages make deb built, as lintian (the oracle) and dpkg-deb
# see them: no lintian error or warning left unexplained, exactly the
# files we mean to ship, maintainer scripts that parse and carry the
# divert table, and a loader that looks for kexec-tools exactly where
# those scripts put it.
#   deb.sh [DEBDIR]            (default $DEB_DIR, where make deb puts them)
. "$top_srcdir/tests/lib/tap.sh"

debdir=${1:-${DEB_DIR:?}}
plan 12
if ! tap_have dpkg-buildpackage dh lintian; then
	tap_skip_rest "needs dpkg-dev, debhelper and lintian (install-deps --test)"
fi

deb=$(ls "$debdir"/kexec-vtd_*_amd64.deb 2> /dev/null | head -1)
note_deb=$(ls "$debdir"/vtd-note_*_amd64.deb 2> /dev/null | head -1)
changes=$(ls "$debdir"/kexec-vtd_*_amd64.changes 2> /dev/null | head -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check "make deb built kexec-vtd, vtd-note and the .changes" \
	test -f "$deb" -a -f "$note_deb" -a -f "$changes"

# lintian runs as nobody would, but refuses nothing as root; -I and
# --pedantic show everything, and only E: and W: fail (each one left is
# overridden in dist/debian with its reason).
lintian -I --pedantic "$changes" > "$tmp/lintian" 2>&1
same "lintian: no error or warning (source and both packages)" \
	"$(grep -E '^(E|W):' "$tmp/lintian")" ""

files()
{
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' |
		sort
}
same "kexec-vtd ships the loader, its man page and docs, nothing else" \
	"$(files "$deb")" "/usr/sbin/kexec-vtd
/usr/share/doc/kexec-vtd/README.Debian
/usr/share/doc/kexec-vtd/README.md.gz
/usr/share/doc/kexec-vtd/changelog.Debian.gz
/usr/share/doc/kexec-vtd/copyright
/usr/share/doc/kexec-vtd/kdump-integration.md.gz
/usr/share/lintian/overrides/kexec-vtd
/usr/share/man/man8/kexec-vtd.8.gz"
same "vtd-note ships vtd-note, the crash extension and the drgn helper, their man pages and docs, nothing else" \
	"$(files "$note_deb")" "/usr/bin/vtd-note
/usr/lib/crash/extensions/vtd.so
/usr/share/doc/vtd-note/README.md.gz
/usr/share/doc/vtd-note/changelog.Debian.gz
/usr/share/doc/vtd-note/copyright
/usr/share/doc/vtd-note/note-format.md.gz
/usr/share/kexec-vtd/vtd_drgn.py
/usr/share/lintian/overrides/vtd-note
/usr/share/man/man1/crash-vtd.1.gz
/usr/share/man/man1/vtd-note.1.gz"
same "kexec-vtd depends on kexec-tools, which it hands everything to" \
	"$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ //' |
		grep -x kexec-tools)" kexec-tools

dpkg-deb -e "$deb" "$tmp/control"
bad=
for s in preinst postinst postrm; do
	sh -n "$tmp/control/$s" 2> /dev/null || bad="$bad $s"
done
same "preinst, postinst and postrm are there and parse (sh -n)" "$bad" ""
divs=$(sed -n 's/^diverts="\(.*\)"$/\1/p' "$tmp/control/preinst")
want="/usr/sbin/kexec=/usr/sbin/kexec.kexec-tools /sbin/kexec=/sbin/kexec.kexec-tools.usr-is-merged"
same "preinst diverts both names kexec-tools has used, each to its own file" \
	"$divs" "$want"
same "postinst and postrm carry the same table" \
	"$(sed -n 's/^diverts="\(.*\)"$/\1/p' "$tmp/control/postinst" \
		"$tmp/control/postrm" | sort -u)" "$want"
same "no maintainer script token is left unreplaced" \
	"$(grep -l '#[A-Z_]*#' "$tmp/control"/p* | grep -v DEBHELPER)" ""

# The loader's search list, as configure compiled it in, is the table's
# targets in its order: otherwise it would not find what preinst moved.
dpkg-deb -x "$deb" "$tmp/root"
targets=$(for d in $want; do printf '%s:' "${d#*=}"; done)
same "the loader looks for kexec-tools at the divert targets, in order" \
	"$(strings "$tmp/root/usr/sbin/kexec-vtd" | grep -x '/[^ ]*kexec\.kexec-tools[^ ]*')" \
	"${targets%:}"
check "README.Debian says how to turn it on" \
	grep -q 'KDUMP_KEXEC_ARGS="--vtd-handover"' \
	"$tmp/root/usr/share/doc/kexec-vtd/README.Debian"
check "postinst says it on first install" \
	grep -q 'vtd-handover.*KDUMP_KEXEC_ARGS' "$tmp/control/postinst"
exit $((tap_fail > 0))
