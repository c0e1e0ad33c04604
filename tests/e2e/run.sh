#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The QEMU end-to-end test: a real crash of a Debian kernel under QEMU's
# intel-iommu, once with our loader and purgatory (--vtd-handover) and
# once with stock kexec-tools, each judged by check.py; then with the
# patched 6.12 crash kernels of kernel/ (adopt: the series; reset: the
# test-only pre-4.2 reset) and UDP traffic into the NIC the whole time.
# TAP output.  Needs root for apt-get the first time; logs stay in
# $VTD_E2E_OUT.  VTD_E2E_ONLY="adopt reset" runs only the named variants.
#   run.sh BUILDDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
out=${VTD_E2E_OUT:-$build/e2e}
mkdir -p "$out"
. "$here/nic-traffic.sh"
kroot=$("$here/setup.sh" | tail -1)
# The analyst's tools the checks run on saved dumps (#23).
VTD_E2E_BUILD=$build VTD_E2E_SRC=$(cd "$here/../.." && pwd)
export VTD_E2E_BUILD VTD_E2E_SRC
if [ -f "$kroot-dbg/vmlinux" ]; then
	VTD_E2E_VMLINUX=$kroot-dbg/vmlinux
	export VTD_E2E_VMLINUX
fi
"$here/mkinitramfs.sh" "$build" "$kroot" "$out"

# name loader iommu-options extra-QEMU-options
variants="handover handover intremap=on,caching-mode=on -
stock stock intremap=on,caching-mode=on -
cm-off handover intremap=on,caching-mode=off -
two-nics handover intremap=on,caching-mode=on 2nic
ovmf handover intremap=on,caching-mode=on ovmf"
# The la57 machine runs only when named: the modern profile (modern.sh)
# crashes a first kernel with 5-level paging on -cpu max in every
# variant, our loader's and stock kexec-tools' alike, so CI keeps its
# minutes for that.
# stray-*: the NIC's DMA made to stray into the crash kernel's memory
# (#22), upstream beside each; stray-pt-adopt, the one whose first kernel
# runs pass-through (the fenced identity domain), is in the CI set.
# cm-off, two-nics and the machines' stock halves (#23: CI's minutes
# for the analyst's checks) add no code path of ours: purgatory reads
# the tables alike with caching mode off (the modern profile adopts with
# it off), adopt-2nic takes two buses through purgatory and the series,
# and a stock load on any machine runs the series' fallback as fallback
# does (kexec-tools, not ours, does the load).  nola57-adopt's first
# kernel pages with 4 levels as adopt's does; -cpu max adds nothing our
# code reads in the legacy profile (the modern one runs on it).
# lockdown-adopt and lockdown-stock add no code path to lockdown-loader
# (the kernel's snapshot, kexec_file_load, lockdown) and file-load-stock
# (upstream's copy after kexec_file_load): they too run only when named,
# as does ats-stock (upstream beside ats-adopt; fallback runs its path).
want()
{
	if [ -z "${VTD_E2E_ONLY:-}" ]; then
		case $1 in
		la57-* | lockdown-adopt | lockdown-stock | ats-stock | \
		stray-pt-stock | stray-leaf-* | cm-off | two-nics | \
		nola57-* | high-stock | ovmf-stock) return 1 ;;
		esac
		return 0
	fi
	echo " $VTD_E2E_ONLY " | grep -q " $1 "
}
echo "$variants" | while read -r name loader iommu extra; do
	want "$name" || continue
	mkdir -p "$out/$name"
	cp "$out/first.cpio" "$out/$name/first.cpio"
	set --
	if [ "$extra" = 2nic ]; then
		# A second NIC behind a PCIe root port: another bus.
		set -- -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
			-netdev user,id=n1,net=10.0.3.0/24 -device e1000e,netdev=n1,bus=rp1
	fi
	if [ "$extra" = ovmf ]; then
		# UEFI first boot: the crash kernel must be told the RSDP.
		set -- -bios /usr/share/ovmf/OVMF.fd
	fi
	# The first variant also saves the dump in every format (#14), and
	# QEMU traces the NIC's DMA, each translation and each IOTLB
	# invalidation: what the analyst's tools read in the dump is held
	# against it (#23, tests/e2e/analyst.py).
	# The host's UDP frames into the NIC the whole time: after the
	# panic it goes on filling its ring through the crash-time tables.
	append= trace=
	if [ "$name" = handover ]; then
		append=e2e_formats
		trace=$(printf '%s\n' e1000e_rx_desc_buff_write \
			vtd_dmar_translate vtd_inv_desc_iotlb_pages \
			vtd_inv_desc_iotlb_domain vtd_inv_desc_iotlb_global vtd_inv_desc)
		nic_traffic_start "$here" "$out/$name"
	fi
	VTD_E2E_IOMMU=$iommu VTD_E2E_APPEND=$append VTD_E2E_TRACE=$trace \
		"$here/run-vm.sh" "$kroot" "$out/$name" "$loader" "$@" \
		2>> "$out/timing.log"
	[ "$name" = handover ] && nic_traffic_stop
	rm -f "$out/$name/first.cpio"
	python3 "$here/check.py" "$out/$name" "$loader" "$name" \
		> "$out/$name.tap"
	rm -f "$out/$name/dump.img"
done
# name kernel loader machine: fallback is the adopting kernel loaded by
# stock kexec-tools (no note), which must behave as upstream does;
# adopt-2nic has a second NIC behind a root port (two buses, two root
# entries), busy too.  Then the machine matrix (issue #11): each machine
# once with our loader and once with stock kexec-tools, both of which
# must reach the crash kernel and save the dump.
matrix="adopt adopt handover -
reset reset handover -
fallback adopt stock -
adopt-2nic adopt handover 2nic
file-load-adopt adopt file series
file-load-stock adopt file series-nosnap
file-load-move adopt file series-move
lockdown-adopt signed file series-lockdown
lockdown-loader signed handover series-lockdown
lockdown-stock signed file series-lockdown-nosnap
ats-adopt adopt handover ats
ats-stock adopt stock ats
stray-pt-adopt adopt handover stray-pt
stray-pt-stock adopt stock stray-pt
stray-leaf-adopt adopt handover stray-leaf
stray-leaf-stock adopt stock stray-leaf"
for machine in la57 nola57 high ovmf; do
	matrix="$matrix
$machine-adopt adopt handover $machine
$machine-stock adopt stock $machine"
done
# The patched crash kernels (issue #7), built once and cached; not when
# VTD_E2E_ONLY names none of these variants.
kimgs=
for name in $(echo "$matrix" | cut -d' ' -f1); do
	want "$name" && { kimgs=$("$here/../../kernel/build.sh"); break; }
done
echo "$matrix" | while read -r name kflavour loader machine; do
	want "$name" || continue
	mkdir -p "$out/$name"
	k=$(echo "$kimgs" | grep "bzImage-$kflavour-")
	"$here/mkinitramfs.sh" "$build" "$kroot" "$out/$name" "$k" first.cpio
	nic_traffic_start "$here" "$out/$name"
	# What check.py must see of the machine, beside what every run shows.
	: > "$out/$name/expect"
	mem=1024 crashkernel=256M
	iommu=intremap=on,caching-mode=on trace=
	set --
	case $machine in
	2nic)
		set -- -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
			-netdev user,id=n1,net=10.0.3.0/24 \
			-device e1000e,netdev=n1,bus=rp1 ;;
	la57)	# 5-level paging, as on Ice Lake-SP and every later Xeon.
		set -- -cpu max
		echo "paging 5-level" > "$out/$name/expect" ;;
	nola57)	# The same CPU with 4-level paging.
		set -- -cpu max,la57=off
		echo "paging 4-level" > "$out/$name/expect" ;;
	high)	# RAM above 4 GiB, the crash kernel reserved there.
		mem=6144 crashkernel=256M,high
		echo "crash-high" > "$out/$name/expect" ;;
	ovmf)	set -- -bios /usr/share/ovmf/OVMF.fd ;;
	ats)	# A busy virtio-net NIC with ATS behind a root port (#21):
		# its device-TLB is what the swap invalidates, and QEMU
		# checks the descriptor (vtd_inv_desc in its trace).
		vnic_traffic_start "$here" "$out/$name"
		set -- -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2 \
			-netdev "user,id=n2,net=10.0.4.0/24$vnic_netdev" \
			-device virtio-net-pci,netdev=n2,bus=rp2,iommu_platform=on,ats=on,disable-legacy=on
		iommu=$iommu,device-iotlb=on
		trace="vtd_inv_desc
vtd_inv_qi_setup"
		echo ats > "$out/$name/expect" ;;
	stray-*) # The NIC's writes as QEMU makes them (their addresses),
		# and the crash kernel's queue coming up: its IOMMU driver.
		trace="e1000e_rx_desc_buff_write
vtd_inv_qi_setup"
		echo "stray ${machine#stray-}" > "$out/$name/expect" ;;
	esac
	# series: the first kernel is the series' own (it takes the
	# snapshot at panic); series-nosnap the same with its snapshot off,
	# which is what upstream's kernel does (issue #20).
	first=
	append=
	case $machine in
	series) first=$k ;;
	series-nosnap) first=$k append=intel_iommu_kdump_snapshot=0 ;;
	# The taker's area moved after the load, by hand and by a PCI
	# function added: the crash core rewrites the loaded elfcorehdr.
	series-move) first=$k append=e2e_move
		echo move > "$out/$name/expect" ;;
	# Secure Boot's lockdown (#20): kexec_load refused, kexec_file_load
	# only of a signed image (kernel/build.sh's "signed").
	series-lockdown) first=$k append=lockdown=integrity ;;
	series-lockdown-nosnap) first=$k
		append="lockdown=integrity intel_iommu_kdump_snapshot=0" ;;
	ats)	append=e2e_vnic ;;
	# The first kernel is the test-only one of kernel/test (the
	# reset kernel's fixtures; as a first kernel it resets nothing):
	# pass-through, its NIC's descriptors pointed at the crash
	# kernel's memory; or translated, the leaves of its buffers.
	stray-pt) first=$(echo "$kimgs" | grep bzImage-reset-)
		append="iommu=pt e2e_stray=ring" ;;
	stray-leaf) first=$(echo "$kimgs" | grep bzImage-reset-)
		append=e2e_stray=leaf ;;
	esac
	# A crash kernel the stray DMA hangs (upstream's can) is given up
	# sooner: a stray guest that works takes under a minute.
	timeout=${VTD_E2E_TIMEOUT:-300}
	case $machine in stray-*) timeout=${VTD_E2E_TIMEOUT:-150} ;; esac
	VTD_E2E_TIMEOUT=$timeout \
	VTD_E2E_KERNEL=$first VTD_E2E_APPEND=$append \
	VTD_E2E_MEM=$mem VTD_E2E_CRASHKERNEL=$crashkernel \
	VTD_E2E_IOMMU=$iommu VTD_E2E_TRACE=$trace \
		"$here/run-vm.sh" "$kroot" "$out/$name" "$loader" "$@" \
		2>> "$out/timing.log"
	nic_traffic_stop
	vnic_traffic_stop
	rm -f "$out/$name/first.cpio" "$out/$name/base.cpio.gz" \
		"$out/$name/extra.cpio"
	kind=adopt
	[ "$kflavour" = reset ] && kind=reset
	[ "$loader" = stock ] && kind=fallback
	[ "$loader" = file ] && kind=file-adopt
	[ "$machine" = series-lockdown ] && [ "$loader" = handover ] &&
		kind=file-adopt-loader
	case $machine in *-nosnap) kind=fallback ;; esac
	case $machine in stray-*) kind=stray-$kind ;; esac
	python3 "$here/check.py" "$out/$name" "$kind" "$name" \
		> "$out/$name.tap"
	rm -f "$out/$name/dump.img"
done
# The modern-server profile (QEMU 10, scalable mode, x2APIC; issue #13),
# its variants named modern-*: modern.sh picks those VTD_E2E_ONLY names
# (by default its CI set) and prints their TAP.  A profile that cannot
# start (its downloads) is one failed test, not the loss of the others'
# results.
rm -f "$out/modern.tap"
if ! "$here/modern.sh" "$build" > "$out/modern.tap"; then
	echo "run.sh: tests/e2e/modern.sh failed" >&2
	printf '1..1\nnot ok 1 - modern: the profile ran (see %s)\n' \
		"$out/timing.log" > "$out/modern.tap"
fi
# One TAP stream from all of them.
for name in handover stock cm-off two-nics ovmf $(echo "$matrix" |
	cut -d' ' -f1) modern; do
	[ "$name" = modern ] || want "$name" || continue
	[ -s "$out/$name.tap" ] && cat "$out/$name.tap"
done | awk '
	/^1\.\./ { next }
	/^(not )?ok / { n++; sub(/ok [0-9]+/, "ok " n) }
	{ lines[++m] = $0 }
	END { print "1.." n; for (i = 1; i <= m; i++) print lines[i] }'
