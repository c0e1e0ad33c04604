#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel series as kernel/mkseries.sh makes it from today's sources,
# without a kernel tree: patch 1 is a fix of upstream's copy of
# scalable-mode entries that stands alone (for stable), patch 2 carries
# the adoption core
# (kernel/drivers/iommu/intel/kdump_*) in its place and the note codec
# of lib/ unchanged (the kernel builds the sources the model tests),
# patch 3 the glue and the hooks, patch 4 the first kernel's taker; the
# mails are in the form maintainers take (numbered, subjects
# capitalised, author and Signed-off-by the builder's git identity);
# the Kconfig help names no out-of-tree tool; the test-only reset never
# slips in.  kernel/build.sh applies, checkpatches and builds it
# (check-e2e).
. "$top_srcdir/tests/lib/tap.sh"

k=$top_srcdir/kernel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 20

# A builder's identity, as git config or the environment gives it.
me="Ada Builder" mail=ada@builder.example
GIT_AUTHOR_NAME=$me GIT_AUTHOR_EMAIL=$mail \
	sh "$k/mkseries.sh" "$tmp/s" > "$tmp/list" 2> "$tmp/err"
check "mkseries.sh makes four patches" \
	test "$(ls "$tmp"/s/*.patch 2> /dev/null | wc -l)" -eq 4
p0=$(ls "$tmp"/s/0001-*.patch 2> /dev/null) p1=$(ls "$tmp"/s/0002-*.patch 2> /dev/null)
p2=$(ls "$tmp"/s/0003-*.patch 2> /dev/null) p3=$(ls "$tmp"/s/0004-*.patch 2> /dev/null)
[ -n "$p0" ] || p0=/dev/null
[ -n "$p1" ] || p1=/dev/null
[ -n "$p2" ] || p2=/dev/null
[ -n "$p3" ] || p3=/dev/null

# Patch 1 stands alone: the driver's own file only, nothing of the
# adoption, the function the model tests, called for scalable mode.
files=$(grep '^diff --git' "$p0" | awk '{ print $4 }')
same "patch 1 changes drivers/iommu/intel/iommu.c alone" "$files" \
	"b/drivers/iommu/intel/iommu.c"
check "patch 1 names nothing of the adoption" \
	sh -c "! grep -qi 'kdump_\|adopt\|kexec-vtd' '$p0'"
check "patch 1 names the commit it fixes, for stable" sh -c \
	"grep -qx 'Fixes: 0c5f6c0d8201 (\"iommu/vt-d: Fix kdump kernels boot failure with scalable mode\")' '$p0' &&
	grep -qx 'Cc: stable@vger.kernel.org' '$p0'"
check "patch 1 reserves the PASID entries' domain ids in scalable mode" \
	sh -c "grep -A1 -x '+		if (ext) {' '$p0' |
		grep -qx '+			copied_pasid_dids_reserve(iommu, &ce);'"

# Patch 2 holds the very files the model tests.
# The file @2 of patch @1, as the patch adds it.
added() {
	awk -v f="b/$2" '
		/^diff --git/ { on = ($4 == f); next }
		on && /^@@/ { body = 1; next }
		on && body && /^\+/ { print substr($0, 2) }' "$1"
}
bad=
for f in kdump_core.h kdump_elfcorehdr.c kdump_gate.c kdump_adopt.c \
	kdump_swap.c kdump_fence.c; do
	added "$p1" "drivers/iommu/intel/$f" > "$tmp/$f"
	cmp -s "$tmp/$f" "$top_srcdir/kernel/drivers/iommu/intel/$f" ||
		bad="$bad $f"
done
for f in lib/note.c lib/note_rd.c; do
	b=$(basename "$f")
	added "$p1" "drivers/iommu/intel/kexec-vtd/$b" > "$tmp/$b"
	cmp -s "$tmp/$b" "$top_srcdir/$f" || bad="$bad $f"
done
check "patch 2 carries the core and lib/ unchanged" test -z "$bad"
awk '/^diff --git/ { on = ($4 == "b/drivers/iommu/intel/kdump.c"); next }
	on && /^@@/ { body = 1; next }
	on && body && /^\+/ { print substr($0, 2) }' "$p2" > "$tmp/kdump.c"
# The kernel has a CRC-32 of its own: the series carries none.
check "patch 2 carries no CRC-32 of its own; patch 3 selects CRC32" sh -c \
	"! grep -q '^+++ b/.*crc32.c' '$p1' && grep -qx '+	select CRC32' '$p2'"
check "patch 3 carries kernel/drivers/iommu/intel/kdump.c unchanged" \
	cmp -s "$tmp/kdump.c" "$top_srcdir/kernel/drivers/iommu/intel/kdump.c"

added "$p3" drivers/iommu/intel/kdump_take.c > "$tmp/kdump_take.c"
check "patch 4 carries kernel/drivers/iommu/intel/kdump_take.c unchanged" \
	cmp -s "$tmp/kdump_take.c" \
	"$top_srcdir/kernel/drivers/iommu/intel/kdump_take.c"

subjects=$(grep -h '^Subject: ' "$p0" "$p1" "$p2" "$p3")
same "the patches are numbered 1/4 to 4/4" \
	"$(echo "$subjects" | sed -n 's/^Subject: \[PATCH \([0-9]\/[0-9]\)\].*/\1/p' | tr '\n' ' ')" \
	"1/4 2/4 3/4 4/4 "
lower=$(echo "$subjects" | grep -v '^Subject: \[PATCH [0-9]/[0-9]\] iommu/vt-d: [A-Z]')
check "each subject is 'iommu/vt-d: ' and a capital" test -z "$lower"
long=$(for p in "$p0" "$p1" "$p2" "$p3"; do
	awk '!body && /^$/ { body = 1; next } body && /^---$/ { exit }
		body && length > 75 && !/^Fixes: /' "$p"
done)
check "no message line is longer than 75 columns" test -z "$long"
authors=$(grep -h '^From: ' "$p0" "$p1" "$p2" "$p3" | sort -u)
same "the author is the builder's git identity" "$authors" "From: $me <$mail>"
sob=$(grep -h '^Signed-off-by: ' "$p0" "$p1" "$p2" "$p3" | sort | uniq -c |
	sed 's/^ *//')
same "each patch is signed off by the builder, once" "$sob" \
	"4 Signed-off-by: $me <$mail>"
check "no placeholder identity in a mail header or trailer" \
	sh -c "! grep -n '^[A-Za-z-]*: .*\(@localhost\|kexec-vtd <\)' '$p0' '$p1' '$p2' '$p3'"
# Without an identity there is no sign-off to give: a clear refusal.
HOME=$tmp/nohome XDG_CONFIG_HOME=$tmp/nohome GIT_CONFIG_NOSYSTEM=1 \
	GIT_AUTHOR_NAME= GIT_AUTHOR_EMAIL= \
	sh "$k/mkseries.sh" "$tmp/none" > /dev/null 2> "$tmp/none.err"
rc=$?
check "without a git identity mkseries.sh refuses, saying why" sh -c \
	"[ $rc -ne 0 ] && grep -q 'git config user.name' '$tmp/none.err'"

help=$(awk '/^\+config INTEL_IOMMU_KDUMP_ADOPT/ { on = 1 }
	on && /^\+config / && !/KDUMP_ADOPT/ { on = 0 }
	on && !/^\+/ { on = 0 } on' "$p2")
# and what patch 4 adds to it
help="$help
$(awk '/^diff --git a\/drivers\/iommu\/intel\/Kconfig/ { on = 1; next }
	/^diff --git/ { on = 0 } on && /^\+\t  /' "$p3")"
check "the Kconfig option is off by default" \
	sh -c "echo \"\$1\" | grep -qx '+	default n'" - "$help"
check "the Kconfig help names no out-of-tree tool" \
	sh -c "! echo \"\$1\" | grep -qi 'kexec-vtd\|vtd-handover\|purgatory'" \
	- "$help"
check "no test-only change in the series" \
	sh -c "! grep -l 'TEST ONLY' '$p0' '$p1' '$p2' '$p3'"
# New source files carry an SPDX line (checkpatch checks it too, with
# the tree); Documentation/ABI entries have none, as the kernel's.
missing=$(awk '/^diff --git/ { f = $4 } /^new file/ { n = (f !~ /^b\/Documentation\//); next }
	n && /^\+\+\+/ { want = f } want && /^@@/ { getline; if ($0 !~ /SPDX-License-Identifier/) print want; want = ""; n = 0 }' \
	"$p0" "$p1" "$p2" "$p3")
check "every new file starts with an SPDX line" test -z "$missing"
exit $((tap_fail > 0))
