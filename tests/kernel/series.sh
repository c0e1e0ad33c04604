#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel series without a kernel tree: patch 1 is exactly what
# kernel/mkcore.sh makes of today's crash/ and lib/ (the kernel builds the
# sources the model tests), patch 2 what kernel/mkglue.sh makes of
# crash/linux/ and kernel/hooks.diff, every patch is signed off and `git am`-able
# in form, and the test-only reset never slips into the series.  The
# series is applied, checkpatch'd and built by kernel/build.sh (check-e2e).
. "$top_srcdir/tests/lib/tap.sh"

k=$top_srcdir/kernel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 7

sh "$k/mkcore.sh" "$tmp/core.patch"
check "patch 1 is what mkcore.sh makes of crash/ and lib/ today" \
	cmp "$tmp/core.patch" "$k/series/0001-iommu-vt-d-add-the-kexec-vtd-core.patch"
sh "$k/mkglue.sh" "$tmp/glue.patch"
check "patch 2 is what mkglue.sh makes of crash/linux/ and the hooks today" \
	cmp "$tmp/glue.patch" "$k/series/0002-iommu-vt-d-adopt-the-crashed-kernel-s-tables.patch"
bad=
for p in "$k"/series/*.patch "$k"/test/*.patch; do
	grep -q '^From ' "$p" && grep -q '^Subject: \[PATCH' "$p" &&
		grep -q '^Signed-off-by: ' "$p" || bad="$bad $(basename "$p")"
done
check "every patch has a From line, a subject and a Signed-off-by" \
	test -z "$bad"
check "no test-only change in the series" \
	sh -c "! grep -l 'TEST ONLY' '$k'/series/*.patch"
check "the test patch says what it is" \
	grep -q 'Subject: \[PATCH\] TEST ONLY' "$k"/test/*.patch
check "the Kconfig option is off by default" sh -c \
	"grep -A4 '^+config INTEL_IOMMU_KDUMP_ADOPT' '$k'/series/0002-*.patch |
	grep -qx '+	default n'"
# New files carry an SPDX line (checkpatch checks it too, with the tree).
missing=$(awk '/^diff --git/ { f = $4 } /^new file/ { n = 1; next }
	n && /^\+\+\+/ { want = f } want && /^@@/ { getline; if ($0 !~ /SPDX-License-Identifier/) print want; want = ""; n = 0 }' \
	"$k"/series/*.patch)
check "every new file starts with an SPDX line" test -z "$missing"
exit $((tap_fail > 0))
