#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what the QEMU e2e needs from Debian's archive and unpack a
# Debian kernel (never installed into the host's /boot) into a cache.
# Prints the unpacked root directory on the last line.
#   setup.sh [CACHEDIR]
set -eu
cache=${1:-${VTD_E2E_CACHE:-/var/cache/kexec-vtd}}
pkgs="qemu-system-x86 busybox-static kexec-tools makedumpfile cpio binutils
kmod gzip ovmf crash xz-utils"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "e2e setup: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2
	apt-get install -y -q --no-install-recommends $missing >&2
fi

mkdir -p "$cache"
# The running Debian's kernel ABI package, unsigned, as a plain .deb.
abi=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/.*Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
if [ -z "$abi" ]; then
	apt-get update -q >&2
	abi=$(apt-cache depends linux-image-amd64 |
		sed -n 's/.*Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
fi
[ -n "$abi" ] || { echo "e2e setup: no linux-image-amd64 in apt" >&2; exit 1; }
root=$cache/$abi
if [ ! -d "$root/boot" ]; then
	(cd "$cache" && apt-get download "$abi-unsigned" >&2)
	rm -rf "$root.tmp"
	dpkg -x "$cache"/"$abi"-unsigned_*.deb "$root.tmp"
	mv "$root.tmp" "$root"
	rm -f "$cache"/"$abi"-unsigned_*.deb
fi
# The first kernel's vmlinux with debug information, for crash(8).
"$(dirname "$0")/fetch-vmlinux.sh" "$abi" "$root"
echo "$root"
