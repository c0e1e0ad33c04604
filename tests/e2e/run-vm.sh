#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot the e2e guest once: first kernel, crash, crash kernel.
#   run-vm.sh KERNELROOT OUTDIR LOADER [QEMU options...]
# VTD_E2E_IOMMU sets the intel-iommu options (intremap=on,caching-mode=on);
# VTD_E2E_ICOUNT, when set, is QEMU's -icount (deterministic virtual time:
# bench/e2e-faults.sh --icount) and VTD_E2E_APPEND_EXTRA more command
# line for every variant;
# VTD_E2E_NETDEV is appended to the first NIC's user netdev options;
# VTD_E2E_MEM (MiB, 1024) and VTD_E2E_CRASHKERNEL (256M) size the machine
# and the first kernel's crashkernel= reservation; VTD_E2E_APPEND is added
# to its command line (e2e_formats: the crash kernel saves the dump in
# every format, tests/e2e/init).
# LOADER is "handover" (our kexec), "stock" (kexec-tools, kexec_load) or
# "file" (kexec-tools -s, kexec_file_load).  VTD_E2E_KERNEL boots another
# first kernel than KERNELROOT's (the series' own, whose drivers are
# built in).  The serial
# console goes to OUTDIR/serial.log, QEMU's VT-d trace events to
# OUTDIR/trace.log, QEMU's own error reports to OUTDIR/qemu.log.  A hard
# timeout ends a hung guest.
set -eu
kroot=$1 out=$2 loader=$3
shift 3
kver=$(ls "$kroot/lib/modules" 2>/dev/null || ls "$kroot/usr/lib/modules")
timeout=${VTD_E2E_TIMEOUT:-300}

cat > "$out/trace-events" <<'T'
vtd_reg_dmar_root
vtd_reg_ir_root
vtd_dmar_enable
vtd_ir_enable
vtd_dmar_fault
vtd_frr_new
vtd_re_not_present
vtd_ce_not_present
vtd_ir_irte_get
T
[ -z "${VTD_E2E_TRACE:-}" ] || echo "$VTD_E2E_TRACE" >> "$out/trace-events"
# QEMU's firmware directories, when it is not the host's own (none of
# them holds a file another one has: their order does not matter).
for d in ${VTD_E2E_QEMU_L:-}; do
	set -- -L "$d" "$@"
done
[ -z "${VTD_E2E_ICOUNT:-}" ] || set -- -icount "$VTD_E2E_ICOUNT" "$@"
rm -f "$out/serial.log" "$out/trace.log" "$out/qemu.log"
# A disk the crash kernel writes its kdump-compressed dump to.
rm -f "$out/dump.img"
truncate -s 1G "$out/dump.img"	# sparse: costs only what is written
start=$(date +%s)
timeout "$timeout" "${VTD_E2E_QEMU:-qemu-system-x86_64}" \
	-machine "${VTD_E2E_MACHINE:-q35}" -accel tcg \
	-device "intel-iommu,${VTD_E2E_IOMMU:-intremap=on,caching-mode=on}" "$@" \
	-m "${VTD_E2E_MEM:-1024}" -smp "${VTD_E2E_SMP:-2}" -display none -monitor none -no-reboot \
	-serial "file:$out/serial.log" \
	-kernel "${VTD_E2E_KERNEL:-$kroot/boot/vmlinuz-$kver}" \
	-initrd "$out/first.cpio" \
	-append "console=ttyS0 intel_iommu=on crashkernel=${VTD_E2E_CRASHKERNEL:-256M} panic=-1 e2e_loader=$loader ${VTD_E2E_APPEND:-} ${VTD_E2E_APPEND_EXTRA:-}" \
	-netdev "user,id=n0${VTD_E2E_NETDEV:-}" -device "e1000e,netdev=n0${VTD_E2E_NIC:-}" \
	-drive "file=$out/dump.img,format=raw,if=none,id=dump" \
	-device "virtio-blk-pci,drive=dump${VTD_E2E_DISK:-}" \
	-msg timestamp=on -D "$out/trace.log" \
	-trace "events=$out/trace-events" < /dev/null 2> "$out/qemu.log" ||
	true
echo "run-vm: $loader run took $(( $(date +%s) - start )) s" >&2
