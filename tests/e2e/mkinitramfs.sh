#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the e2e guest's initramfs: busybox, our kexec and vtd-note, stock
# kexec-tools (as kexec-tools), makedumpfile and readelf with the shared
# libraries they need, the e1000e module, and /init.  The first kernel's
# image also carries the crash kernel and this same base image in /boot
# (Linux unpacks concatenated cpio archives).  CRASHKERNEL replaces the
# crash kernel (default: the first kernel again); the image is written to
# OUTDIR/NAME (default first.cpio).
#   mkinitramfs.sh BUILDDIR KERNELROOT OUTDIR [CRASHKERNEL NAME]
set -eu
build=$1 kroot=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
# Debian 12 keeps modules in /lib/modules, Debian 13 in /usr/lib/modules
# (merged /usr), xz-compressed.
mods=$kroot/lib/modules
[ -d "$mods" ] || mods=$kroot/usr/lib/modules
kver=$(ls "$mods")
mods=$mods/$kver
crashk=${4:-$kroot/boot/vmlinuz-$kver} name=${5:-first.cpio}
work=$out/initramfs
rm -rf "$work" && mkdir -p "$work"/bin "$work"/sbin "$work"/lib/modules \
	"$work"/proc "$work"/sys "$work"/dev "$work"/tmp "$work"/boot

cp /bin/busybox "$work/bin/busybox"
for app in $("$work/bin/busybox" --list); do
	[ "$app" = busybox ] || ln -sf busybox "$work/bin/$app"
done

# A program and every library it loads, at the same paths.
install_prog()
{
	cp "$1" "$work/$2"
	ldd "$1" | awk '/=>/ {print $3} /^\t\/lib/ {print $1}' |
		while read -r lib; do
			[ -f "$lib" ] || continue
			mkdir -p "$work$(dirname "$lib")"
			cp -L "$lib" "$work$lib"
		done
}
install_prog "$build/kexec/kexec" sbin/kexec
install_prog "$build/tools/vtd-note/vtd-note" bin/vtd-note
install_prog /sbin/kexec sbin/kexec-tools
install_prog "$(command -v makedumpfile)" bin/makedumpfile
install_prog "$(command -v readelf)" bin/readelf
# The TSC, for the time from the crash to the crash kernel's init.
cc -O2 -o "$out/e2e-rdtsc" "$here/rdtsc.c"
install_prog "$out/e2e-rdtsc" bin/e2e-rdtsc
# The handover hands anything it cannot do to kexec-tools.
mkdir -p "$work/etc"
# A module into the image by its path under kernel/, uncompressed
# (busybox insmod reads plain ELF); nothing when the kernel has it built
# in (Debian 13: virtio, virtio_pci).
add_module()
{
	for ko in "$mods/kernel/$1.ko" "$mods/kernel/$1.ko.xz"; do
		[ -f "$ko" ] || continue
		case $ko in
		*.xz) xz -dc "$ko" > "$work/lib/modules/${1##*/}.ko" ;;
		*) cp "$ko" "$work/lib/modules/" ;;
		esac
		return 0
	done
	grep -q "^kernel/$1.ko\$" "$mods/modules.builtin" && return 0
	echo "mkinitramfs: no module $1 in $mods" >&2
	return 1
}
add_module drivers/net/ethernet/intel/e1000e/e1000e
# virtio-blk, in load order: the crash kernel writes its dump to a disk
# the host reads (for crash(8)); virtio-net after it, for the ATS
# machine's NIC (tests/e2e/run.sh, ats-*).
for m in drivers/virtio/virtio_ring drivers/virtio/virtio \
	drivers/virtio/virtio_pci_legacy_dev \
	drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci \
	drivers/block/virtio_blk net/core/failover drivers/net/net_failover \
	drivers/net/virtio_net; do
	add_module "$m"
done
cp "$here/init" "$work/init"
chmod +x "$work/init"

(cd "$work" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out/base.cpio.gz"
extra=$out/extra
rm -rf "$extra" && mkdir -p "$extra/boot"
cp "$crashk" "$extra/boot/vmlinuz"
cp "$out/base.cpio.gz" "$extra/boot/initrd.img"
(cd "$extra" && find . | cpio -o -H newc --quiet) > "$out/extra.cpio"
# Linux finds the next archive only at a 4-byte boundary (zeros between
# archives are skipped): pad the compressed one.
size=$(wc -c < "$out/base.cpio.gz")
pad=$(( (512 - size % 512) % 512 ))
{ cat "$out/base.cpio.gz"; head -c "$pad" /dev/zero; cat "$out/extra.cpio"; } \
	> "$out/$name"
rm -rf "$work" "$extra"
