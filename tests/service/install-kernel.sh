#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the series' kernel (kernel/build.sh's adopt image) into a
# service-tier root filesystem image the way a distribution's kernel
# package lays it out: /boot/vmlinuz-RELEASE, /boot/config-RELEASE and
# /lib/modules/RELEASE (modules_install's files).  That is all Debian's
# kdump-tools looks at: it loads /boot/vmlinuz-$(uname -r) when its
# config says CONFIG_RELOCATABLE=y, and builds the crash kernel's initrd
# for $(uname -r) at its first load.  debugfs writes, no mount.
#   install-kernel.sh IMAGE BZIMAGE
# BZIMAGE.release, BZIMAGE.config and BZIMAGE.modules.tar must be beside
# it (kernel/build.sh leaves them).  Prints the release.
set -eu
img=$1 kernel=$2
for f in "$kernel" "$kernel.release" "$kernel.config" "$kernel.modules.tar"; do
	[ -s "$f" ] || { echo "install-kernel: $f is missing" >&2; exit 1; }
done
release=$(cat "$kernel.release")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar xf "$kernel.modules.tar" -C "$tmp"
[ -d "$tmp/lib/modules/$release" ] || {
	echo "install-kernel: $kernel.modules.tar has no lib/modules/$release" >&2
	exit 1
}
# Debian's root is merged-/usr: /lib is a link to usr/lib.
cmds=$tmp/cmds
{
	echo "cd /boot"
	echo "write $kernel vmlinuz-$release"
	echo "write $kernel.config config-$release"
	echo "mkdir /usr/lib/modules/$release"
	(cd "$tmp/lib/modules/$release" && find . -mindepth 1 -type d) |
		sed "s|^\./|mkdir /usr/lib/modules/$release/|"
	# debugfs writes a name into its current directory.
	(cd "$tmp/lib/modules/$release" && find . -type f) | while read -r f; do
		f=${f#./}
		echo "cd /usr/lib/modules/$release/$(dirname "$f")"
		echo "write $tmp/lib/modules/$release/$f $(basename "$f")"
	done
} > "$cmds"
debugfs -w -f "$cmds" "$img" > "$tmp/log" 2>&1 || true
# Judge by the result (debugfs goes on past a failed command).
bad=
same() {
	debugfs -R "cat $1" "$img" 2>/dev/null | cmp -s - "$2" || bad="$bad $1"
}
same "/boot/vmlinuz-$release" "$kernel"
same "/boot/config-$release" "$kernel.config"
same "/usr/lib/modules/$release/modules.builtin" \
	"$tmp/lib/modules/$release/modules.builtin"
if [ -n "$bad" ]; then
	cat "$tmp/log" >&2
	echo "install-kernel: cannot write$bad into $img" >&2
	exit 1
fi
echo "$release"
