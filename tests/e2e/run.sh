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
"$here/mkinitramfs.sh" "$build" "$kroot" "$out"

for loader in handover stock; do
	mkdir -p "$out/$loader"
	cp "$out/first.cpio" "$out/$loader/first.cpio"
	"$here/run-vm.sh" "$kroot" "$out/$loader" "$loader" 2>> "$out/timing.log"
	rm -f "$out/$loader/first.cpio"
done
python3 "$here/check.py" "$out/handover" handover > "$out/handover.tap"
python3 "$here/check.py" "$out/stock" stock > "$out/stock.tap"
# One TAP stream from the two.
cat "$out/handover.tap" "$out/stock.tap" | awk '
	/^1\.\./ { next }
	/^(not )?ok / { n++; sub(/ok [0-9]+/, "ok " n) }
	{ lines[++m] = $0 }
	END { print "1.." n; for (i = 1; i <= m; i++) print lines[i] }'
