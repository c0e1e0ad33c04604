#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Write patch 2 of the series: the kernel glue, crash/linux/kdump.[ch]
# (real files in this tree, added as drivers/iommu/intel/kdump.[ch]), and
# kernel/hooks.diff, the changes to the driver's own files that call it.
# Generated, never edited by hand; tests/kernel/series.sh checks that the
# committed patch is what this script writes today.
#   mkglue.sh OUTFILE
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The new files as a diff against nothing, from a scratch repository.
mkdir -p "$work/repo/drivers/iommu/intel"
cp "$top/crash/linux/kdump.c" "$top/crash/linux/kdump.h" \
	"$work/repo/drivers/iommu/intel/"
git -C "$work/repo" init -q
git -C "$work/repo" add -A
git -C "$work/repo" -c core.abbrev=9 diff --cached --no-color \
	> "$work/new.diff"

# The mail: fixed author and date, so the patch is reproducible.
subject=$(head -n 1 "$top/kernel/glue.msg")
{
	echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
	echo "From: kexec-vtd <kexec-vtd@localhost>"
	echo "Date: Tue, 24 Nov 2026 00:00:00 +0000"
	echo "Subject: [PATCH] $subject"
	echo
	tail -n +3 "$top/kernel/glue.msg"
	echo "---"
	cat "$top/kernel/hooks.diff" "$work/new.diff"
	echo "-- "
	echo "kexec-vtd"
	echo
} > "$out"
