#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the RPMs from a release tarball (make dist) with the spec inside
# it (dist/rpm/kexec-vtd.spec, written by configure), so what is packaged
# is what distcheck proved.  The .rpm and .src.rpm land in OUTDIR.
#   mkrpm.sh TARBALL OUTDIR [rpmbuild options...]
# On a Debian build machine rpm's database knows none of the build
# dependencies (dpkg has them): pass --nodeps.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 TARBALL OUTDIR [OPTIONS...]" >&2; exit 2; }
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
shift 2

base=$(basename "$tarball" .tar.gz)
mkdir -p "$out"
out=$(cd "$out" && pwd)
top=$out/build
rm -rf "$top"
mkdir -p "$top/SOURCES" "$top/SPECS"
cp "$tarball" "$top/SOURCES/"
tar -xzOf "$tarball" "$base/dist/rpm/kexec-vtd.spec" > "$top/SPECS/kexec-vtd.spec"

rpmbuild --define "_topdir $top" "$@" -ba "$top/SPECS/kexec-vtd.spec" \
	> "$out/build.log" 2>&1 || {
	tail -40 "$out/build.log" >&2
	echo "mkrpm: rpmbuild failed (log: $out/build.log)" >&2
	exit 1
}
rm -f "$out"/*.rpm
find "$top/RPMS" "$top/SRPMS" -name '*.rpm' -exec mv {} "$out/" \;
rm -rf "$top"
for f in "$out"/*.rpm; do
	echo "rpm: $f"
done
