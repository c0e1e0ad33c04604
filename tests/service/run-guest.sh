#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot the service tier's guest until it powers itself off: q35 with
# intel-iommu (intremap=on) under TCG, one vCPU, the root filesystem on a
# virtio disk whose DMA goes through the IOMMU (iommu_platform=on), the
# Debian kernel and initrd of the image given directly to QEMU.  The guest
# may reboot (after the crash kernel saved its dump) as a real machine
# does.  no_timer_check: under TCG on a busy host the kernel's early
# check that the timer interrupt arrives through the remapped IO-APIC can
# time out ("timer doesn't work through Interrupt-remapped IO-APIC", a
# panic before any console), as it does on other hypervisors; kdump-tools
# passes it on to the crash kernel with the rest of /proc/cmdline.  The
# serial console goes to OUTDIR/serial.log, each line stamped with the
# seconds since QEMU started; the wall-clock time to OUTDIR/seconds.
# KERNELDIR holds vmlinuz and, unless the kernel has its root disk's
# drivers built in, initrd.img.  A hard timeout (VTD_SERVICE_TIMEOUT,
# 900 s) ends a hung guest; VTD_SERVICE_APPEND, more kernel parameters.
#   run-guest.sh IMAGE KERNELDIR OUTDIR CRASHKERNEL
set -eu
img=$1 kdir=$2 out=$3 ck=$4
timeout=${VTD_SERVICE_TIMEOUT:-900}
mkdir -p "$out"
start=$(date +%s)
# No initrd for a kernel that has its root disk's drivers built in.
initrd=
[ -f "$kdir/initrd.img" ] && initrd="-initrd $kdir/initrd.img"

# shellcheck disable=SC2086
timeout "$timeout" qemu-system-x86_64 -machine q35 -accel tcg -nodefaults -cpu qemu64,+rdrand \
	-device intel-iommu,intremap=on,caching-mode=on \
	-m "${VTD_SERVICE_MEM:-1024}" -smp 1 -display none -monitor none \
	-serial stdio -net none \
	-kernel "$kdir/vmlinuz" $initrd \
	-append "root=/dev/vda rw console=ttyS0 intel_iommu=on no_timer_check crashkernel=$ck${VTD_SERVICE_APPEND:+ $VTD_SERVICE_APPEND}" \
	-drive "file=$img,format=raw,if=none,id=root,cache=unsafe" \
	-device virtio-blk-pci,drive=root,iommu_platform=on,disable-legacy=on \
	< /dev/null 2>&1 | python3 -u -c '
import sys, time
t0 = time.monotonic()
for line in sys.stdin.buffer:
    sys.stdout.buffer.write(b"[%8.2f] " % (time.monotonic() - t0) + line)
' > "$out/serial.log"
secs=$(( $(date +%s) - start ))
echo "$secs" > "$out/seconds"
echo "run-guest: $(basename "$out") took $secs s" >&2
