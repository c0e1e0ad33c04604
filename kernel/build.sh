#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the e2e crash kernels from Debian's linux-source-6.12:
#   adopt  - the series (kernel/mkseries.sh makes it from this tree's
#            sources; a release tarball carries it in kernel/series),
#            CONFIG_INTEL_IOMMU_KDUMP_ADOPT=y
#   reset  - the same plus kernel/test/*.patch, test-only fixtures: the
#            pre-4.2 reset, which must make the "no DMAR fault" check
#            fail; and the e1000e's stray DMA (#22), inert until asked,
#            which the e2e's stray-* guests boot as their first kernel
#   signed - adopt signed (sbsign) with the build's own module signing
#            key, which the kernel trusts: what kexec_file_load takes
#            under lockdown
# Each build also checks that the driver and the crash core build for
# i386 with CRASH_DUMP, where the option stays off (#21, 4).
# All are cached in $VTD_KCACHE by a key over everything that goes in,
# so a second run costs nothing.  Prints the three bzImage paths.  Beside
# adopt's: ADOPT.release (its uname -r), ADOPT.config and ADOPT.modules.tar
# (lib/modules/RELEASE as modules_install leaves it): what installing it
# in a Debian root needs (tests/service's trixie-kernel).
#   build.sh [-j N]
# Needs root the first time (apt-get install linux-source-6.12).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${VTD_KCACHE:-/var/cache/kexec-vtd/linux-6.12}
jobs=$(nproc)
[ "${1:-}" = -j ] && jobs=$2
pkg=linux-source-6.12
# The version the series is made against; a later 6.12 from Debian is
# taken when this one has left the archive (the series names the files
# it touches, which stable updates rarely change).
kver_want=6.12.117-1~deb12u1

log() { echo "kernel/build: $*" >&2; }

# The source, what building it needs, and checkpatch's and sparse's needs.
need="$pkg bc bison flex libelf-dev libssl-dev python3-ply python3-git sparse
sbsigntool"
missing=
for p in $need; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "installing$missing"
	pinned=$(echo "$missing" | sed "s/ $pkg\( \|\$\)/ $pkg=$kver_want\1/")
	for i in 1 2 3; do
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pinned >&2 &&
			break
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2 &&
			break
		sleep 5
	done
fi
ver=$(dpkg-query -W -f '${Version}' $pkg)
[ "$ver" = "$kver_want" ] ||
	log "note: $pkg $ver, the series was made against $kver_want"
# The series: the tarball's, or made now from the sources.
# In a git checkout it is always made anew (a kernel/series left by an
# in-tree make kernel-series could be stale).
series=$here/series
if [ ! -d "$series" ] || git -C "$here" rev-parse --git-dir > /dev/null 2>&1
then
	series=$(mktemp -d)
	trap 'rm -rf "$series"' EXIT
	sh "$here/mkseries.sh" "$series" > /dev/null
fi
key=$( { echo "$ver"; cat "$series"/*.patch "$here"/test/*.patch \
	"$here"/config/e2e.config "$0"; } | sha256sum | cut -c1-16)
adopt=$cache/bzImage-adopt-$key reset=$cache/bzImage-reset-$key
signed=$cache/bzImage-signed-$key
if [ -f "$adopt" ] && [ -f "$reset" ] && [ -f "$signed" ] &&
	[ -f "$adopt.modules.tar" ]; then
	# The twins are checked even when the kernels are cached: the
	# model's tests use them whatever the kernel build does.
	if [ -f "$cache/src/drivers/iommu/intel/pasid.h" ]; then
		sh "$here/twin-check.sh" "$cache/src"
	fi
	echo "$adopt"
	echo "$reset"
	echo "$signed"
	exit 0
fi

src=$cache/src obj=$cache/obj
mkdir -p "$cache"
if [ "$(cat "$cache/src.version" 2>/dev/null)" != "$ver" ]; then
	log "unpacking $pkg $ver"
	rm -rf "$src" "$obj"
	mkdir -p "$src"
	tar xJf /usr/src/linux-source-6.12.tar.xz -C "$src" --strip-components=1
	# A git tree so that the series is applied the way a maintainer
	# would: git am.  Debian's .gitignore hides the top level: force.
	(cd "$src" && git init -q && git add -A -f &&
	 git -c user.name=kexec-vtd -c user.email=kexec-vtd@localhost \
		commit -q -m "linux-source-6.12 $ver" && git tag base)
	echo "$ver" > "$cache/src.version"
fi

cd "$src"
git -c advice.detachedHead=false checkout -q -f base
git clean -fdq
am() {
	git -c user.name=kexec-vtd -c user.email=kexec-vtd@localhost \
		am -q "$@" || { git am --abort; exit 1; }
}
am "$series"/*.patch
# The model's tests build the adoption code on twins of the driver's
# headers (tests/kernel/include/): they must be this tree's.
sh "$here/twin-check.sh" "$src"

# The series must be clean for checkpatch --strict, as the VT-d
# maintainers check it.  This tree is Debian's source, one commit without
# upstream's history, so the commit a Fixes: tag names cannot be looked up
# in it (UNKNOWN_COMMIT_ID); tests/kernel/series.sh checks the tag's form.
PATH=/usr/bin:$PATH perl scripts/checkpatch.pl -q --strict --no-summary \
	--ignore FILE_PATH_CHANGES --ignore UNKNOWN_COMMIT_ID \
	"$series"/*.patch > "$cache/checkpatch.log" 2>&1 || {
	cat "$cache/checkpatch.log" >&2
	log "checkpatch found problems in the series"
	exit 1
}

# kernel-doc with every warning on must be silent on the files the series
# adds, as on any new kernel file with kernel-doc comments.
added=$(git diff --name-only --diff-filter=A base HEAD -- '*.c' '*.h')
# shellcheck disable=SC2086
perl scripts/kernel-doc -Wall -none $added > "$cache/kernel-doc.log" 2>&1 || true
if [ -s "$cache/kernel-doc.log" ]; then
	cat "$cache/kernel-doc.log" >&2
	log "kernel-doc found problems in the series"
	exit 1
fi

build() {
	if [ ! -f "$obj/.config" ]; then
		make -s O="$obj" tinyconfig >/dev/null
	fi
	scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" \
		"$here/config/e2e.config" >/dev/null
	make -s O="$obj" olddefconfig
	grep '^CONFIG_[A-Z0-9_]*=' "$here/config/e2e.config" | while read -r l; do
		grep -qx "$l" "$obj/.config" || { log "config lost $l"; exit 1; }
	done
	start=$(date +%s)
	make -s O="$obj" -j"$jobs" bzImage >&2
	log "$1 kernel built in $(( $(date +%s) - start )) s"
	cp "$obj/arch/x86/boot/bzImage" "$2"
}
build adopt "$adopt.tmp"
# What a distribution's kernel package would install beside the image.
rm -rf "$cache/modules.tmp"
make -s O="$obj" -j"$jobs" modules >&2
make -s O="$obj" INSTALL_MOD_PATH="$cache/modules.tmp" modules_install >&2
release=$(cat "$obj/include/config/kernel.release")
echo "$release" > "$adopt.release"
cp "$obj/.config" "$adopt.config"
tar cf "$adopt.modules.tar.tmp" -C "$cache/modules.tmp" lib
rm -rf "$cache/modules.tmp"
# The key kexec_file_load checks the crash kernel against under lockdown:
# the one this build generated and built into the trusted keyring.
sbsign --key "$obj/certs/signing_key.pem" --cert "$obj/certs/signing_key.pem" \
	--output "$signed.tmp" "$adopt.tmp" >&2
# Each patch must build on its own (a bisect lands on any of them): the
# driver's directory, the core's and the crash core's files the last
# patch changes, rebuilt at every commit of the series with the e2e
# configuration.  Only the whole series boots in the e2e; the first
# patch adds files no Makefile builds yet.
one="scripts/kconfig/merge_config.sh -m -O '$obj' '$obj/.config'"
one="$one '$here/config/e2e.config' > /dev/null"
one="$one && make -s O='$obj' olddefconfig < /dev/null"
one="$one && make -s O='$obj' -j$jobs drivers/iommu/intel/"
one="$one drivers/iommu/intel/kexec-vtd/ kernel/crash_core.o kernel/ksysfs.o"
one="$one arch/x86/kernel/crash.o < /dev/null >&2"
git -c user.name=kexec-vtd -c user.email=kexec-vtd@localhost \
	rebase -q --exec "$one" base || {
	git rebase --abort 2> /dev/null
	log "a patch of the series does not build on its own"
	exit 1
}
# The option is x86_64's: on i386 with CRASH_DUMP it
# stays off, and the driver and the crash core the series touches must
# still build there.
i386=$cache/obj-i386
mkdir -p "$i386"
make -s ARCH=i386 O="$i386" tinyconfig > /dev/null
printf '%s\n' CONFIG_PCI=y CONFIG_ACPI=y CONFIG_PCI_MSI=y CONFIG_HIGHMEM4G=y \
	CONFIG_IOMMU_SUPPORT=y CONFIG_INTEL_IOMMU=y CONFIG_KEXEC=y \
	CONFIG_CRASH_DUMP=y CONFIG_PROC_FS=y CONFIG_SYSFS=y \
	CONFIG_PROC_VMCORE=y CONFIG_INTEL_IOMMU_KDUMP_ADOPT=y > "$i386/want"
scripts/kconfig/merge_config.sh -m -O "$i386" "$i386/.config" \
	"$i386/want" > /dev/null
make -s ARCH=i386 O="$i386" olddefconfig
if ! grep -qx 'CONFIG_CRASH_DUMP=y' "$i386/.config" ||
	grep -q '^CONFIG_INTEL_IOMMU_KDUMP_ADOPT=y' "$i386/.config"; then
	log "i386: CRASH_DUMP must be on and the adoption off"
	exit 1
fi
make -s ARCH=i386 O="$i386" -j"$jobs" drivers/iommu/intel/ \
	kernel/crash_core.o kernel/ksysfs.o >&2 || {
	log "the series does not build for i386 with CRASH_DUMP"
	exit 1
}
# sparse on what the series adds (the little-endian note fields are
# __bitwise there): any warning fails the build.
make -s O="$obj" C=2 drivers/iommu/intel/kdump.o \
	drivers/iommu/intel/kexec-vtd/ > "$cache/sparse.log" 2>&1 || true
if grep -E 'warning|error' "$cache/sparse.log" >&2; then
	log "sparse found problems in the series"
	exit 1
fi
am "$here"/test/*.patch
build reset "$reset.tmp"
git checkout -q -f base
mv "$adopt.modules.tar.tmp" "$adopt.modules.tar"
mv "$adopt.tmp" "$adopt"
mv "$reset.tmp" "$reset"
mv "$signed.tmp" "$signed"
# Images of other keys are stale: the series or this script moved on.
for old in "$cache"/bzImage-*; do
	case $old in
	*-"$key" | *-"$key".*) ;;
	*) rm -f "$old" ;;
	esac
done
echo "$adopt"
echo "$reset"
echo "$signed"
