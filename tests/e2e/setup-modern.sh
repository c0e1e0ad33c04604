#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What the e2e "modern server" profile needs beside the QEMU 7.2 one:
# QEMU 10 from bookworm-backports and Debian 13's kernel from trixie,
# both downloaded as .debs and unpacked into the cache (never installed:
# the host keeps its own QEMU and kernel).  The suites come from
# scripts/install-modern-suites, pinned so that nothing else moves.
# Prints "qemu DIR" (the unpacked QEMU: DIR/usr/bin/...), "kernel DIR"
# (the unpacked kernel, as setup.sh prints for 6.1) and, unless
# VTD_E2E_NO_CRASH, "vmlinux FILE" (its debug information).
#   setup-modern.sh [CACHEDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-${VTD_E2E_CACHE:-/var/cache/kexec-vtd}}
# The versions the profile is made for; a later one from the same suite
# is taken when this one has left the archive.
qemu_want=1:10.0.2+ds-2+deb13u1~bpo12+1
kabi_want=linux-image-6.12.117+deb13-amd64

log() { echo "e2e setup-modern: $*" >&2; }
"$here/../../scripts/install-modern-suites"
mkdir -p "$cache"

# Install bookworm's PACKAGE... where missing (run.sh's setup.sh has
# installed most of them already; modern.sh may run alone).  From
# bookworm by name: the two added suites are never a source here.
install_missing()
{
	missing=
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing="$missing $p/bookworm"
	done
	[ -n "$missing" ] || return 0
	log "installing$missing"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $missing >&2
}
# What the guests' image is made of (mkinitramfs.sh), and the iPXE option
# ROM of the e1000e, which QEMU 10 finds where Debian's QEMU 7.2 does.
install_missing busybox-static kexec-tools makedumpfile cpio binutils kmod \
	gzip xz-utils ipxe-qemu python3

# The version of PACKAGE that SUITE serves (apt-cache madison's rows are
# "name | version | mirror suite/main arch").
served() {
	apt-cache madison "$1" 2>/dev/null |
		awk -F' *[|] *' -v s=" $2/" 'index($3, s) { print $2; exit }'
}

# QEMU 10: the emulator, its data (option ROMs, keymaps) and the SeaBIOS
# it was built against (bookworm's 1.16.2 is older than it asks for).
qv=$(apt-cache madison qemu-system-x86 2>/dev/null |
	awk -F' *[|] *' -v v="$qemu_want" '$2 == v { print v; exit }')
[ -n "$qv" ] || qv=$(served qemu-system-x86 bookworm-backports)
[ -n "$qv" ] || { log "no qemu-system-x86 in bookworm-backports"; exit 1; }
# The shared libraries it links, from bookworm (backports builds against
# it): the names its package depends on.
# shellcheck disable=SC2046
install_missing $(apt-cache show "qemu-system-x86=$qv" |
	sed -n 's/^Depends: //p' | head -1 | tr ',' '\n' |
	sed -n 's/^ *\(lib[^ ]*\).*/\1/p')
qroot=$cache/qemu-$(echo "$qv" | tr ':~' '__')
if [ ! -x "$qroot/usr/bin/qemu-system-x86_64" ]; then
	log "QEMU $qv: downloading and unpacking into $qroot"
	sb=$(served seabios bookworm-backports)
	[ -n "$sb" ] || sb=$(apt-cache policy seabios |
		sed -n 's/^ *Candidate: //p')
	rm -rf "$qroot.tmp" && mkdir -p "$qroot.tmp/debs"
	(cd "$qroot.tmp/debs" && apt-get download -q "qemu-system-x86=$qv" \
		"qemu-system-data=$qv" "seabios=$sb" >&2)
	for d in "$qroot.tmp"/debs/*.deb; do
		dpkg -x "$d" "$qroot.tmp"
	done
	rm -rf "$qroot.tmp/debs" "$qroot.tmp/usr/share/doc" \
		"$qroot.tmp/usr/share/man"
	# A library the bookworm host lacks is an error to fix here (by
	# installing it from bookworm), not a guest that never starts.
	if ldd "$qroot.tmp/usr/bin/qemu-system-x86_64" | grep 'not found' >&2
	then
		log "QEMU $qv needs the libraries above"
		exit 1
	fi
	rm -rf "$qroot" && mv "$qroot.tmp" "$qroot"
fi
echo "qemu $qroot"

# Debian 13's kernel, its unsigned image package unpacked as setup.sh
# does for bookworm's.
kabi=$kabi_want
if [ -z "$(served "$kabi-unsigned" trixie)" ]; then
	kabi=$(apt-cache show "linux-image-amd64=$(served linux-image-amd64 \
		trixie)" 2>/dev/null | sed -n \
		's/^Depends: \(linux-image-[0-9][^ ]*-amd64\) .*/\1/p' | head -1)
	[ -n "$kabi" ] || { log "no linux-image-amd64 in trixie"; exit 1; }
	log "note: $kabi_want has left trixie, taking $kabi"
fi
kroot=$cache/$kabi
if [ ! -d "$kroot/boot" ]; then
	log "$kabi: downloading and unpacking into $kroot"
	rm -rf "$kroot.tmp" && mkdir -p "$kroot.tmp"
	(cd "$kroot.tmp" && apt-get download -q "$kabi-unsigned" >&2)
	deb=$(ls "$kroot.tmp"/*.deb)
	dpkg -x "$deb" "$kroot.tmp"
	rm -rf "$deb" "$kroot.tmp/usr/share/doc"
	mv "$kroot.tmp" "$kroot"
fi
echo "kernel $kroot"
# Its vmlinux with debug information, for crash 8.0.6 (#23), as "vmlinux
# FILE" when there is one.
"$here/fetch-vmlinux.sh" "$kabi" "$kroot"
[ ! -f "$kroot-dbg/vmlinux" ] || echo "vmlinux $kroot-dbg/vmlinux"
