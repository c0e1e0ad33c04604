#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The "modern server" e2e profile (issue #13), beside the QEMU 7.2 one of
# run.sh: QEMU 10's intel-iommu in scalable mode (first-stage tables with
# x-flts=on) with x2APIC interrupt remapping (eim=on), a CPU with x2APIC
# and 5-level paging, and Debian 13's kernel as the first kernel.  The
# busy NIC sits at devfn 0x80 on bus 0 (the upper half of bus 0's root
# entry) and the dump disk behind a PCIe root port (bus 1), so both halves
# of a scalable root entry and two buses are in use.  The two CPUs have
# APIC ids 0 and 17: Linux's cluster x2APIC destination of CPU 17 is
# 0x10002, which needs the IRTE's 32-bit destination field.
#
#   modern-handover  our loader, Debian 13's own kernel as crash kernel
#   modern-adopt     our loader, the series' kernel (kernel/): no fault,
#                    the first kernel's RTADDR and IRTA kept
#   modern-reset     our loader, the test-only pre-4.2 reset kernel
#                    (kernel/): the faults must show; with x-flts=off, so
#                    that its note proves second-stage tables too
#   modern-2nd       modern-adopt with x-flts=off: the series adopts
#                    second-stage tables
#   modern-fallback  stock kexec-tools, Debian 13's crash kernel: upstream
#                    alone; its fault events are counted, not judged
#                    (bench/e2e-faults.sh --modern runs it N times)
#   modern-ats-adopt modern-adopt with intel-iommu's device-iotlb=on and
#                    a busy virtio-net NIC with ATS behind a second root
#                    port (#21): its entry, DTE set, swapped and its
#                    device-TLB invalidated, as ats-adopt in legacy mode
#   modern-sm-off-adopt / modern-sm-off-stock (#22, 3): the crash kernel
#                    booted intel_iommu=sm_off under a scalable-mode first
#                    kernel: the series' kernel with our loader (it runs
#                    the unit in scalable mode, as the note says, and
#                    adopts), and upstream (Debian 13's crash kernel,
#                    stock kexec-tools), whose copy needs the same mode
#   modern-sm-on-adopt / modern-sm-on-stock: the other way round, a first
#                    kernel booted sm_off on the same scalable-capable
#                    unit, the crash kernel sm_on
#
# Each is judged by check.py into OUTDIR/NAME.tap; the TAP of all of them
# goes to standard output.  By default the CI set runs ($ci: each point
# of issues #13, #20, #21 and #22 once); VTD_E2E_ONLY names
# others ("modern-adopt", "modern-2nd modern-fallback"; "modern-all" is
# all twelve), as run.sh takes it for its own.  Needs root the first time
# (apt sources, downloads).
#   modern.sh BUILDDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
out=${VTD_E2E_OUT:-$build/e2e}
# name crash-kernel loader x-flts machine modes (first kernel's and
# crash kernel's intel_iommu= choice of scalable mode: on or off)
variants="modern-handover debian handover on - on/on
modern-adopt adopt handover on - on/on
modern-reset reset handover off - on/on
modern-2nd adopt handover off - on/on
modern-fallback debian stock on - on/on
modern-file-load-adopt adopt file on - on/on
modern-file-load-stock adopt file on - on/on
modern-ats-adopt adopt handover on ats on/on
modern-sm-off-adopt adopt handover on - on/off
modern-sm-off-stock debian stock on - on/off
modern-sm-on-adopt adopt handover on - off/on
modern-sm-on-stock debian stock on - off/on"
ci="modern-handover modern-adopt modern-2nd modern-reset \
modern-file-load-adopt modern-ats-adopt modern-sm-off-adopt"
want()
{
	case " ${VTD_E2E_ONLY:-$ci} " in
	*" $1 "* | *" modern-all "*) return 0 ;;
	esac
	return 1
}
names=$(echo "$variants" | cut -d' ' -f1)
any=
for name in $names; do want "$name" && any=1; done
[ -n "$any" ] || exit 0

mkdir -p "$out"
. "$here/nic-traffic.sh"
t0=$(date +%s)
# Debian 13's debug vmlinux (1 GB to download) only for the one guest
# whose dump crash reads.
nocrash=${VTD_E2E_NO_CRASH:-}
want modern-handover || nocrash=1
setup=$(VTD_E2E_NO_CRASH=$nocrash "$here/setup-modern.sh")
qroot=$(echo "$setup" | sed -n 's/^qemu //p')
kroot=$(echo "$setup" | sed -n 's/^kernel //p')
# Debian 13's debug vmlinux, for crash 8.0.6 on modern-handover's dump;
# not run.sh's (Debian 12's).
VTD_E2E_VMLINUX=$(echo "$setup" | sed -n 's/^vmlinux //p')
export VTD_E2E_VMLINUX
kimgs=
for name in modern-reset modern-adopt modern-file-load-adopt \
	modern-file-load-stock modern-ats-adopt modern-sm-off-adopt \
	modern-sm-on-adopt; do
	want "$name" && { kimgs=$("$here/../../kernel/build.sh"); break; }
done
echo "modern: setup took $(( $(date +%s) - t0 )) s" >> "$out/timing.log"

VTD_E2E_QEMU=$qroot/usr/bin/qemu-system-x86_64
VTD_E2E_QEMU_L="$qroot/usr/share/qemu $qroot/usr/share/seabios"
# devfn 0x80 on bus 0; the disk behind the root port (bus 1).
VTD_E2E_NIC=,addr=0x10
VTD_E2E_DISK=,bus=rp1
VTD_E2E_SMP=1,sockets=32,maxcpus=32
# FPD-qualified faults QEMU drops silently, and the destination QEMU
# decodes from each IRTE it uses (32 bits in x2APIC mode).
VTD_E2E_TRACE="vtd_fault_disabled
vtd_ir_remap"
export VTD_E2E_QEMU VTD_E2E_QEMU_L VTD_E2E_NIC VTD_E2E_DISK VTD_E2E_SMP \
	VTD_E2E_TRACE
echo "$variants" | while read -r name crashk loader flts machine modes; do
	want "$name" || continue
	mkdir -p "$out/$name"
	k=
	[ "$crashk" = debian ] ||
		k=$(echo "$kimgs" | grep "bzImage-$crashk-")
	"$here/mkinitramfs.sh" "$build" "$kroot" "$out/$name" ${k:+"$k"}
	# Both kernel/'s 6.12 and Debian's have scalable mode on by default
	# (CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON); the series' crash
	# kernel is told all the same, so that its mode is the variant's.
	append=
	[ "$crashk" = debian ] || append=e2e_crash_iommu=on,sm_on
	# Upstream alone is measured with the NIC in use in the crash
	# kernel, as the series' kernel (e1000e built in) has it.
	[ "$loader" = stock ] && append=e2e_crash_nic
	# A mode mismatch (#22, 3): either kernel told its choice.
	case $modes in
	on/off) append="$append e2e_crash_iommu=on,sm_off" ;;
	off/on) append="$append intel_iommu=sm_off e2e_crash_iommu=on,sm_on" ;;
	esac
	# kexec_file_load (#20): the series' kernel is the first kernel
	# too, and takes the snapshot itself (file-load-stock: not).
	first=
	paging="paging 5-level"
	if [ "$loader" = file ]; then
		first=$k paging=
		[ "$name" = modern-file-load-stock ] &&
			append="$append intel_iommu_kdump_snapshot=0"
	fi
	printf "x-flts %s\n%s\nmodes %s\n" "$flts" "$paging" "$modes" \
		> "$out/$name/expect"
	nic_traffic_start "$here" "$out/$name"
	iommu=intremap=on,eim=on,x-scalable-mode=on,x-flts=$flts
	trace=$VTD_E2E_TRACE
	# The analyst's tools on a scalable-mode dump (#23): the NIC's DMA,
	# each translation and each invalidation, as run.sh's handover.
	[ "$name" = modern-handover ] && trace="$trace
e1000e_rx_desc_buff_write
vtd_dmar_translate
vtd_inv_desc_iotlb_pages
vtd_inv_desc_iotlb_domain
vtd_inv_desc_iotlb_global
vtd_inv_desc_iotlb_pasid_pages
vtd_inv_desc_iotlb_pasid
vtd_inv_desc"
	set --
	if [ "$machine" = ats ]; then
		vnic_traffic_start "$here" "$out/$name"
		set -- -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2,addr=0x3 \
			-netdev "user,id=n2,net=10.0.4.0/24$vnic_netdev" \
			-device virtio-net-pci,netdev=n2,bus=rp2,iommu_platform=on,ats=on,disable-legacy=on
		iommu=$iommu,device-iotlb=on
		trace="$trace
vtd_inv_desc
vtd_inv_qi_setup"
		append="$append e2e_vnic"
		echo ats >> "$out/$name/expect"
	fi
	s=$(date +%s)
	VTD_E2E_IOMMU=$iommu VTD_E2E_TRACE=$trace \
		VTD_E2E_KERNEL=$first \
		VTD_E2E_APPEND=$append "$here/run-vm.sh" "$kroot" "$out/$name" \
		"$loader" -cpu max \
		-device max-x86_64-cpu,socket-id=17,core-id=0,thread-id=0 \
		-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x2 \
		"$@" 2>> "$out/timing.log"
	nic_traffic_stop
	vnic_traffic_stop
	echo "modern: $name guest took $(( $(date +%s) - s )) s" \
		>> "$out/timing.log"
	rm -f "$out/$name/first.cpio" "$out/$name/base.cpio.gz" \
		"$out/$name/extra.cpio"
	python3 "$here/check.py" "$out/$name" "$name" > "$out/$name.tap"
	rm -f "$out/$name/dump.img"
done
echo "modern: the tier took $(( $(date +%s) - t0 )) s" >> "$out/timing.log"
for name in $names; do
	want "$name" && cat "$out/$name.tap"
done | awk '
	/^1\.\./ { next }
	/^(not )?ok / { n++; sub(/ok [0-9]+/, "ok " n) }
	{ lines[++m] = $0 }
	END { print "1.." n; for (i = 1; i <= m; i++) print lines[i] }'
