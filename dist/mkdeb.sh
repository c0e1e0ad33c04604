#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the Debian packages from a release tarball (make dist) with the
# tarball's dist/debian as debian/, so what is packaged is what distcheck
# proved.  The .debs, .dsc, .changes and the rest land in OUTDIR.
#   mkdeb.sh TARBALL OUTDIR [dpkg-buildpackage options...]
set -eu
[ $# -ge 2 ] || { echo "usage: $0 TARBALL OUTDIR [OPTIONS...]" >&2; exit 2; }
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
shift 2

base=$(basename "$tarball" .tar.gz)
name=${base%-*}
version=${base##*-}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out/build
rm -rf "$work"
mkdir -p "$work"
cp "$tarball" "$work/${name}_$version.orig.tar.gz"
tar -xzf "$tarball" -C "$work"
src=$work/$base
cp -R "$src/dist/debian" "$src/debian"

# The changelog names the upstream version; it must be this tarball's.
deb_version=$(cd "$src" && dpkg-parsechangelog -S Version)
if [ "${deb_version%-*}" != "$version" ]; then
	echo "mkdeb: debian/changelog says $deb_version, the tarball is" \
		"$version: add a changelog entry" >&2
	exit 1
fi

(cd "$src" && dpkg-buildpackage -us -uc "$@") > "$out/build.log" 2>&1 || {
	tail -40 "$out/build.log" >&2
	echo "mkdeb: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
}
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.dsc "$out"/*.buildinfo \
	"$out"/*.debian.tar.* "$out"/*.orig.tar.gz
for f in "$work"/*; do
	[ -f "$f" ] && mv "$f" "$out/"
done
rm -rf "$work"
for f in "$out"/*.deb; do
	echo "deb: $f"
done
