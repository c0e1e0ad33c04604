#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A Debian kernel's vmlinux with debug information, for crash(8) and
# drgn on the dumps its crashes leave: only that one file of the
# package's -dbg (about 1 GB to download, 0.35 to 0.6 GB kept), as
# ROOT-dbg/vmlinux beside the unpacked kernel ROOT.  Nothing when it is
# there already, or when VTD_E2E_NO_CRASH is set (the checks that want it
# then say SKIP).  The package comes from whichever suite serves it
# (bookworm's, or trixie's through scripts/install-modern-suites).
#   fetch-vmlinux.sh linux-image-ABI ROOT
set -eu
abi=$1 root=$2
[ -z "${VTD_E2E_NO_CRASH:-}" ] || exit 0
[ ! -f "$root-dbg/vmlinux" ] || exit 0
echo "e2e setup: $abi-dbg: downloading, keeping its vmlinux" >&2
rm -rf "$root-dbg.tmp" && mkdir -p "$root-dbg.tmp"
(cd "$root-dbg.tmp" && apt-get download -q "$abi-dbg" >&2)
dpkg-deb --fsys-tarfile "$root-dbg.tmp"/*.deb |
	tar -x -C "$root-dbg.tmp" --wildcards './usr/lib/debug/boot/vmlinux-*'
mv "$root-dbg.tmp"/usr/lib/debug/boot/vmlinux-* "$root-dbg.tmp/vmlinux"
rm -rf "$root-dbg.tmp/usr" "$root-dbg.tmp"/*.deb
rm -rf "$root-dbg" && mv "$root-dbg.tmp" "$root-dbg"
