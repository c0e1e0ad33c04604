#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The QEMU end-to-end test: a real crash of a Debian kernel under QEMU's
# intel-iommu, once with our loader and purgatory (--vtd-handover) and
# once with stock kexec-tools, each judged by check.py.  TAP output.
# Needs root for apt-get the first time; logs stay in $VTD_E2E_OUT.
#   run.sh BUILDDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
out=${VTD_E2E_OUT:-$build/e2e}
mkdir -p "$out"
kroot=$("$here/setup.sh" | tail -1)
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
echo "$variants" | while read -r name loader iommu extra; do
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
	VTD_E2E_IOMMU=$iommu "$here/run-vm.sh" "$kroot" "$out/$name" \
		"$loader" "$@" 2>> "$out/timing.log"
	rm -f "$out/$name/first.cpio"
	python3 "$here/check.py" "$out/$name" "$loader" "$name" \
		> "$out/$name.tap"
	rm -f "$out/$name/dump.img"
done
# One TAP stream from all of them.
cat "$out/handover.tap" "$out/stock.tap" "$out/cm-off.tap" \
	"$out/two-nics.tap" "$out/ovmf.tap" | awk '
	/^1\.\./ { next }
	/^(not )?ok / { n++; sub(/ok [0-9]+/, "ok " n) }
	{ lines[++m] = $0 }
	END { print "1.." n; for (i = 1; i <= m; i++) print lines[i] }'
