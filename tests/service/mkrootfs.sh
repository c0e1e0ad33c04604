#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (or find in the cache) a Debian root filesystem image for the
# service tier: SUITE from Debian's archive by mmdebstrap, with systemd as
# init, Debian's kernel, kdump-tools, kexec-tools and makedumpfile, as an
# ext4 image made by mke2fs -d (no loop mount).  The host's apt sources
# are never touched: mmdebstrap takes the suite and the mirror itself, and
# the versions that key the cache are resolved with a private apt state.
# Prints the cache directory on the last line; it holds
# rootfs.img, vmlinuz, initrd.img and manifest.
#   mkrootfs.sh SUITE [CACHEDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
suite=$1
cache=${2:-${VTD_SERVICE_CACHE:-/var/cache/kexec-vtd}}
mirror=${VTD_SERVICE_MIRROR:-http://deb.debian.org/debian}

# What the guest runs, beside the essential set.  libelf1, zlib1g,
# libjson-c5 and libkdumpfile10 are what our .deb's programs link
# against, so installing it in the guest pulls nothing from the network.
pkgs="systemd-sysv udev kdump-tools kexec-tools makedumpfile
linux-image-amd64 initramfs-tools zstd busybox e2fsprogs libelf1 zlib1g
libjson-c5 libkdumpfile10"

say() { echo "mkrootfs($suite): $*" >&2; }

mkdir -p "$cache"
# The exact package set apt would install, resolved in a private apt
# state (nothing of the host's apt configuration is read or written).
apt_dir=$cache/service-apt-$suite
mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" \
	"$apt_dir/cache/archives/partial"
cat > "$apt_dir/sources/suite.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
: > "$apt_dir/status"
set -- -o Dir::Etc::sourcelist=/dev/null \
	-o Dir::Etc::sourceparts="$apt_dir/sources" \
	-o Dir::Etc::preferencesparts=/dev/null \
	-o Dir::State::Lists="$apt_dir/lists" \
	-o Dir::State::status="$apt_dir/status" \
	-o Dir::Cache="$apt_dir/cache" -o Acquire::Languages=none \
	-o APT::Sandbox::User=root -o Debug::NoLocking=1
apt-get "$@" -q update > "$apt_dir/update.log" 2>&1 || {
	cat "$apt_dir/update.log" >&2
	say "apt-get update of $suite failed"
	exit 1
}
# shellcheck disable=SC2086
resolved=$(apt-get "$@" -s install --no-install-recommends $pkgs 2>&1 |
	sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1 \2/p' | sort)
[ -n "$resolved" ] || { say "cannot resolve $pkgs in $suite"; exit 1; }
# The key: the suite, the resolved package set with versions, and every
# file that shapes the image.
key=$({
	echo "$suite $mirror"
	echo "$resolved"
	cat "$here/mkrootfs.sh" "$here/guest/"*.service
} | sha256sum | cut -c1-16)
dir=$cache/service-$suite-$key
if [ -f "$dir/manifest" ]; then
	say "cached: $dir"
	echo "$dir"
	exit 0
fi

start=$(date +%s)
work=$cache/service-$suite-$key.tmp
rm -rf "$work"
mkdir -p "$work"
tree=$work/tree
# initramfs-tools: only the modules a virtio disk with ext4 needs, for
# the first kernel's initrd and for the one kdump-tools builds (it copies
# /etc/initramfs-tools), whatever disk the build host has (MODULES=dep
# would look at the host's root device from inside the chroot).  Written
# before the kernel is installed so its initrd is built once.
# kdump-tools builds its own initrd for the crash kernel (its kernel
# hook, /var/lib/kdump/initrd.img-VERSION) and, on its first load, throws
# it away and builds it again unless /var/lib/kdump/latest_sysctls-VERSION
# matches /etc/kdump/sysctl.conf; trixie's hook skips the build inside a
# chroot ("leave it to the target system").  Building it there, on its
# first boot, takes 2-3 minutes under TCG; the customize hook below does
# here what that first load does: run the hook (ischroot answering "no")
# and record the sysctl file.
say "mmdebstrap $suite (log: $work/mmdebstrap.log)"
# shellcheck disable=SC2086
mmdebstrap --mode=root --variant=essential --format=directory \
	--include="$(echo $pkgs | tr ' ' ,)" \
	--aptopt='Acquire::Languages "none"' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d"' \
	--essential-hook='echo MODULES=list > "$1/etc/initramfs-tools/conf.d/vtd-service"' \
	--essential-hook='printf "%s\n" virtio_pci virtio_blk ext4 crc32c_generic > "$1/usr/share/initramfs-tools/modules.d/vtd-service"' \
	--customize-hook="cp '$here/guest/'*.service \"\$1/etc/systemd/system/\"" \
	--customize-hook='echo "/dev/vda / ext4 rw 0 0" > "$1/etc/fstab"' \
	--customize-hook='echo vtd-service > "$1/etc/hostname"' \
	--customize-hook='printf "127.0.0.1 localhost vtd-service\n" > "$1/etc/hosts"' \
	--customize-hook='od -An -N16 -tx1 /dev/urandom | tr -d " \n" > "$1/etc/machine-id"; echo >> "$1/etc/machine-id"' \
	--customize-hook='chroot "$1" systemctl enable vtd-service-test.service vtd-service-install.service' \
	--customize-hook='mkdir -p "$1/tmp/notchroot" && printf "#!/bin/sh\nexit 1\n" > "$1/tmp/notchroot/ischroot" && chmod +x "$1/tmp/notchroot/ischroot"' \
	--customize-hook='for v in $(ls "$1/lib/modules"); do chroot "$1" env PATH=/tmp/notchroot:/usr/sbin:/usr/bin:/sbin:/bin /etc/kernel/postinst.d/kdump-tools "$v" && cp "$1/etc/kdump/sysctl.conf" "$1/var/lib/kdump/latest_sysctls-$v" || exit 1; done' \
	--customize-hook='rm -r "$1/tmp/notchroot"' \
	--customize-hook='chroot "$1" dpkg-query -W -f="\${Package} \${Version}\n" > "$1/../packages"' \
	"$suite" "$tree" "$mirror" > "$work/mmdebstrap.log" 2>&1 || {
	tail -30 "$work/mmdebstrap.log" >&2
	say "mmdebstrap failed"
	exit 1
}
kver=$(ls "$tree/lib/modules" | head -1)
cp "$tree/boot/vmlinuz-$kver" "$work/vmlinuz"
cp "$tree/boot/initrd.img-$kver" "$work/initrd.img"
# The stock kexec, to compare with after our package is purged.
kexec=$(chroot "$tree" dpkg -L kexec-tools | grep -E '/s?bin/kexec$' | head -1)
sha_kexec=$(sha256sum < "$tree$kexec" | cut -d' ' -f1)
# Debian's kdump-tools asks the boot loader for this reservation.
ck=$(sed -n 's/.*crashkernel=\([^ "]*\).*/\1/p' \
	"$tree/etc/default/grub.d/kdump-tools.cfg")
size=$(du -sm "$tree" | cut -f1)
size=$(( size + size / 2 + 1024 ))	# room for the dumps
rm -f "$work/rootfs.img"
mke2fs -q -t ext4 -L vtd-service -d "$tree" "$work/rootfs.img" "${size}M"
rm -rf "$tree"
say "image built in $(( $(date +%s) - start )) s (${size} MiB, kernel $kver)"

{
	echo "suite $suite"
	echo "kernel $kver"
	echo "crashkernel $ck"
	echo "kexec $kexec $sha_kexec"
	sed 's/^/package /' "$work/packages"
} > "$work/manifest.tmp"
mv "$work/manifest.tmp" "$work/manifest"
rm -f "$work/packages"
rm -rf "$dir"
mv "$work" "$dir"
# Images of this suite for other keys are stale: the archive or this
# script moved on.
for old in "$cache/service-$suite-"*; do
	case $old in
	"$dir" | *.tmp) ;;
	*) rm -rf "$old" ;;
	esac
done
say "ready in $(( $(date +%s) - start )) s: $dir"
echo "$dir"
