#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The service tier: Debian's own kdump service, end to end, on a Debian
# root filesystem built from the archive (mkrootfs.sh, cached), booted
# under QEMU with intel-iommu and systemd as init.  kdump-tools.service
# loads the crash kernel at boot, a sysrq crash, kdump-tools' dump
# service in the crash kernel saves the dump to /var/crash, the guest
# reboots and runs vtd-note on it, then (with our packages) purges
# kexec-vtd and loads kdump-tools again with the stock kexec.  Once per
# suite (bookworm, trixie), each judged by check.py.  TAP on stdout.
#   run.sh BUILDDIR
# VTD_SERVICE_SUITES   the suites (default "bookworm trixie trixie-kernel").
#                      SUITE-kernel: SUITE's image with the series' kernel
#                      (kernel/build.sh) installed and booted, kdump-tools
#                      and kexec-tools as Debian ships them and configured
#                      as shipped, nothing of ours in userspace: the
#                      kernel takes the snapshot itself (#20).
#                      SUITE-kernel-stock (by name only): the same with
#                      the kernel's snapshot off, upstream's behaviour
# VTD_SERVICE_DEBS     a directory with kexec-vtd_*.deb and vtd-note_*.deb
#                      (make deb; make check-service sets it): they must
#                      be there.  Unset: BUILDDIR/deb if they are there,
#                      else each suite runs with stock kexec-tools only
#                      and the package checks say SKIP
# VTD_SERVICE_OUT      where logs, results and dumps go (BUILDDIR/service)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
out=${VTD_SERVICE_OUT:-$build/service}
debs=${VTD_SERVICE_DEBS:-$build/deb}
mkdir -p "$out"
"$here/setup.sh" >&2

deb_kexec=$(ls "$debs"/kexec-vtd_*_amd64.deb 2>/dev/null | tail -1 || true)
deb_note=$(ls "$debs"/vtd-note_*_amd64.deb 2>/dev/null | tail -1 || true)
if [ -n "${VTD_SERVICE_DEBS:-}" ] && { [ -z "$deb_kexec" ] || [ -z "$deb_note" ]; }; then
	echo "1..1"
	echo "not ok 1 - service: kexec-vtd and vtd-note .debs in $debs"
	exit 0
fi
suites=${VTD_SERVICE_SUITES:-bookworm trixie trixie-kernel}
for suite in $suites; do
	case $suite in
	*-kernel) base=${suite%-kernel} ;;
	*-kernel-stock) base=${suite%-kernel-stock} ;;
	*) base=$suite ;;
	esac
	o=$out/$suite
	append=
	rm -rf "$o"
	mkdir -p "$o"
	t0=$(date +%s)
	if ! img=$("$here/mkrootfs.sh" "$base" 2> "$o/mkrootfs.log" | tail -1) ||
		[ ! -f "$img/manifest" ]; then
		cat "$o/mkrootfs.log" >&2
		echo "1..1"
		echo "not ok 1 - $suite: root filesystem image (log: $o/mkrootfs.log)"
		continue
	fi > "$o/result.tap"
	echo "$(( $(date +%s) - t0 ))" > "$o/image-seconds"
	cp "$img/manifest" "$o/manifest"
	cp --sparse=always "$img/rootfs.img" "$o/rootfs.img"
	kdir=$img
	if [ "$base" != "$suite" ]; then
		# The first kernel and the crash kernel are the series' (the
		# same image, as kdump-tools takes the running one), booted
		# without an initrd: virtio-blk and ext4 are built in.
		if ! kimg=$("$here/../../kernel/build.sh" 2> "$o/kernel-build.log" |
			head -1) || ! release=$("$here/install-kernel.sh" \
			"$o/rootfs.img" "$kimg" 2>> "$o/kernel-build.log"); then
			tail -30 "$o/kernel-build.log" >&2
			echo "1..1"
			echo "not ok 1 - $suite: the series' kernel (log: $o/kernel-build.log)"
			rm -f "$o/rootfs.img"
			continue
		fi > "$o/result.tap"
		kdir=$o/kernel
		mkdir -p "$kdir"
		cp "$kimg" "$kdir/vmlinuz"
		echo "series-kernel $release" >> "$o/manifest"
		printf 'PLAN=run\n' > "$o/plan"
		mode=kernel
		append=
		if [ "$suite" = "$base-kernel-stock" ]; then
			mode=kernel-stock
			append=intel_iommu_kdump_snapshot=0
		fi
	elif [ -n "$deb_kexec" ] && [ -n "$deb_note" ]; then
		"$here/inject.sh" "$o/rootfs.img" /root/debs/vtd-note.deb "$deb_note"
		"$here/inject.sh" "$o/rootfs.img" /root/debs/kexec-vtd.deb "$deb_kexec"
		cat > "$o/plan" <<-EOF
		PLAN=run
		DEB="/root/debs/vtd-note.deb /root/debs/kexec-vtd.deb"
		PKG=kexec-vtd
		KEXEC_ARGS=--vtd-handover
		EOF
		mode=deb
	else
		printf 'PLAN=run\n' > "$o/plan"
		mode=stock
	fi
	"$here/inject.sh" "$o/rootfs.img" /etc/vtd-service/plan "$o/plan"
	"$here/inject.sh" "$o/rootfs.img" /etc/vtd-service/test \
		"$here/guest/test.sh"
	ck=$(sed -n 's/^crashkernel //p' "$img/manifest")
	VTD_SERVICE_APPEND=$append \
		"$here/run-guest.sh" "$o/rootfs.img" "$kdir" "$o/guest" "$ck" \
		2>> "$out/timing.log"
	# What the guest left, read from its disk without mounting it.
	debugfs -R "rdump /var/lib/vtd-service $o" "$o/rootfs.img" > /dev/null 2>&1 || true
	debugfs -R "rdump /var/crash $o" "$o/rootfs.img" > /dev/null 2>&1 || true
	rm -f "$o/rootfs.img"
	python3 "$here/check.py" "$o" "$suite" "$mode" "$build" > "$o/result.tap"
	# The dumps are large; keep them only when asked.
	[ -n "${VTD_SERVICE_KEEP_DUMPS:-}" ] || rm -rf "$o/crash" "$o/dump.kdump"
done
# One TAP stream from all suites.
for suite in $suites; do
	cat "$out/$suite/result.tap"
done | awk '
	/^1\.\./ { next }
	/^(not )?ok / { n++; sub(/ok [0-9]+/, "ok " n) }
	{ lines[++m] = $0 }
	END { print "1.." n; for (i = 1; i <= m; i++) print lines[i] }'
