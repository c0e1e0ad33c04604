#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The service tier's steps inside the guest (the host writes this file and
# /etc/vtd-service/plan into the image before each boot).
#   test install   before kdump-tools.service: dpkg -i the package named by
#                  the plan and set KDUMP_KEXEC_ARGS
#   test           after kdump-tools.service, on every normal boot:
#     first boot of the cached image (PLAN=firstboot): record what
#       kdump-tools loaded, power off;
#     no dump in /var/crash yet: record what kdump-tools loaded, crash the
#       kernel with sysrq (kdump-tools' crash kernel saves the dump and
#       reboots);
#     a dump: vtd-note verify and show on it, purge the package (when the
#       plan installed one) and load kdump-tools again, power off.
# Everything it finds goes to /var/lib/vtd-service/ (the host reads it
# from the image) and, on lines starting "VTD-SERVICE:", to the console.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
out=/var/lib/vtd-service
mkdir -p "$out"
PLAN='' DEB='' PKG='' KEXEC_ARGS=''
[ -r /etc/vtd-service/plan ] && . /etc/vtd-service/plan

say() { echo "VTD-SERVICE: $*" > /dev/console; }
# Run a command, keep its output and exit status in $out/NAME, and show
# them on the console.
record()
{
	name=$1
	shift
	"$@" > "$out/$name" 2>&1
	rc=$?
	echo "exit $rc" >> "$out/$name"
	sed "s/^/VTD-SERVICE: $name: /" "$out/$name" > /dev/console
	return $rc
}
stop() { sync; systemctl --no-block poweroff; exit 0; }
loaded() { cat /sys/kernel/kexec_crash_loaded; }

if [ "${1:-}" = install ]; then
	[ -n "$DEB" ] && [ ! -e "$out/installed" ] || exit 0
	# The package's maintainer scripts must not start or restart
	# services from inside the boot transaction (kdump-tools waits for
	# this unit): policy-rc.d is Debian's switch for that.
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod +x /usr/sbin/policy-rc.d
	# shellcheck disable=SC2086
	record install dpkg -i $DEB
	rm -f /usr/sbin/policy-rc.d
	# What a kdump administrator does (README: KDUMP_KEXEC_ARGS).
	f=/etc/default/kdump-tools
	if grep -q '^#\?KDUMP_KEXEC_ARGS=' "$f"; then
		sed -i "s|^#\?KDUMP_KEXEC_ARGS=.*|KDUMP_KEXEC_ARGS=\"$KEXEC_ARGS\"|" "$f"
	else
		echo "KDUMP_KEXEC_ARGS=\"$KEXEC_ARGS\"" >> "$f"
	fi
	grep '^KDUMP_KEXEC_ARGS=' "$f" > "$out/kexec-args"
	touch "$out/installed"
	exit 0
fi

boots=$(( $(cat "$out/boots" 2>/dev/null || echo 0) + 1 ))
echo "$boots" > "$out/boots"
say "boot $boots, plan ${PLAN:-none}, kexec_crash_loaded=$(loaded)"

if [ "$PLAN" = firstboot ]; then
	record firstboot-show kdump-config show
	echo "kexec_crash_loaded=$(loaded)" > "$out/firstboot.done"
	stop
fi

dump=$(ls /var/crash/2*/dump.* 2>/dev/null | head -1)
if [ -z "$dump" ]; then
	if [ "$boots" -gt 1 ]; then
		say "boot $boots and no dump in /var/crash"
		stop
	fi
	record show-loaded kdump-config show
	# What the kernel has behind the IOMMU, and in which kind of domain.
	for d in /sys/class/iommu/*/devices/*; do
		echo "$(basename "$d") $(cat "$d/iommu_group/type")"
	done > "$out/iommu-devices" 2>&1
	journalctl -b -u kdump-tools --no-pager > "$out/kdump-tools.journal" 2>&1
	# Which kernel kdump-tools loaded from, and the area where a kernel
	# that takes the VT-d snapshot itself keeps it (empty otherwise).
	uname -r > "$out/uname"
	# The PCI function of the root disk (virtio-blk: vda's parent).
	basename "$(dirname "$(readlink -f /sys/block/vda/device)")" \
		> "$out/root-disk" 2>&1
	cat /sys/kernel/crash_device_note > "$out/crash-device-note" 2>&1
	echo "kexec_crash_loaded=$(loaded)" > "$out/loaded"
	[ "$(loaded)" = 1 ] || { say "no crash kernel loaded"; stop; }
	say "crashing"
	sync
	echo c > /proc/sysrq-trigger
	sleep 60
	say "still alive after the crash"
	stop
fi

say "dump $dump"
ls -l "$(dirname "$dump")" > "$out/crash-dir"
echo "$dump" > "$out/dump-path"
if command -v vtd-note > /dev/null; then
	record note-verify vtd-note verify "$dump"
	record note-show vtd-note show "$dump"
fi
if [ -n "$PKG" ]; then
	kexec=$(dpkg -L kexec-tools | grep -E '/s?bin/kexec$' | head -1)
	dpkg-divert --list > "$out/diversions-before" 2>&1
	record purge dpkg --purge "$PKG"
	dpkg-divert --list > "$out/diversions-after" 2>&1
	sha256sum "$kexec" > "$out/kexec-after-purge"
	# dpkg's own record of kexec-tools' files (md5sums) as a second judge.
	record verify-kexec-tools dpkg --verify kexec-tools
	# The stock kexec does not know --vtd-handover: the administrator
	# takes it out again, as kexec-vtd's postrm tells them to.
	sed -i 's|^KDUMP_KEXEC_ARGS=.*|KDUMP_KEXEC_ARGS=""|' /etc/default/kdump-tools
	record reload-stock kdump-config reload
	record show-stock kdump-config show
	echo "kexec_crash_loaded=$(loaded)" > "$out/loaded-stock"
fi
stop
