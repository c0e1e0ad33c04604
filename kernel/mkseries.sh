#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Write the kernel series, as git format-patch mails, into OUTDIR:
#   0001  a fix of upstream's copy of scalable-mode context entries in a
#         kdump kernel, which stands alone (for stable):
#         kernel/did-fix.diff (message: kernel/did.msg)
#   0002  the core: kernel/drivers/iommu/intel/kdump_core.h and
#         kdump_{elfcorehdr,gate,adopt,swap}.c in their place, and the
#         parts of lib/ they and the taker use (the note codec and the
#         snapshot, as the kernel carries libfdt) under
#         drivers/iommu/intel/kexec-vtd/ (message: kernel/core.msg)
#   0003  the glue, kernel/drivers/iommu/intel/kdump.[ch], and
#         kernel/hooks.diff, the driver's own files that call it
#         (message: kernel/glue.msg)
#   0004  the first kernel's taker, kernel/drivers/iommu/intel/
#         kdump_take.c, and kernel/take-hooks.diff, the crash core's
#         device note (message: kernel/take.msg)
# The patches are made from those sources at every build (make
# kernel-series, kernel/build.sh) and never committed; the release
# tarball carries them.  Author and Signed-off-by are the builder's git
# identity (user.name and user.email, or GIT_AUTHOR_NAME and
# GIT_AUTHOR_EMAIL); the date is that of the last commit of the sources
# (SOURCE_DATE_EPOCH outside a git checkout), so the same sources make
# the same patches.
#   mkseries.sh OUTDIR
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)

drv=kernel/drivers/iommu/intel
core_files="$drv/kdump_core.h $drv/kdump_elfcorehdr.c $drv/kdump_gate.c
$drv/kdump_adopt.c $drv/kdump_swap.c $drv/kdump_fence.c"
lib_files="lib/note.c lib/note_rd.c lib/note_wr.c lib/elfnote.c lib/err.c
lib/snapshot.c lib/internal.h"
core_headers="env err note note-format elfnote elf64 vtd-hw crc32 snapshot"
glue_files="$drv/kdump.c $drv/kdump.h"
take_files="$drv/kdump_take.c"

name=${GIT_AUTHOR_NAME:-$(git config user.name || true)}
mail=${GIT_AUTHOR_EMAIL:-$(git config user.email || true)}
if [ -z "$name" ] || [ -z "$mail" ]; then
	echo "mkseries: no git identity: the patches carry your sign-off;" \
		"set git config user.name and user.email" >&2
	exit 1
fi
inputs="$core_files $lib_files $glue_files $take_files kernel/did.msg
kernel/did-fix.diff kernel/core.msg
kernel/glue.msg kernel/hooks.diff kernel/take.msg kernel/take-hooks.diff
kernel/mkseries.sh"
for h in $core_headers; do
	inputs="$inputs include/kexec-vtd/$h.h"
done
if git -C "$top" rev-parse --git-dir > /dev/null 2>&1; then
	# shellcheck disable=SC2086
	when=$(git -C "$top" log -1 --format=%aI -- $inputs)
fi
[ -n "${when:-}" ] || when=@${SOURCE_DATE_EPOCH:-$(date +%s)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$mail"
export GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$mail"
export GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch

# 0002: new files only, so a scratch repository makes the mail.
dst=$work/core/drivers/iommu/intel
mkdir -p "$dst/kexec-vtd/include/kexec-vtd"
for f in $core_files; do
	cp "$top/$f" "$dst/"
done
for f in $lib_files; do
	cp "$top/$f" "$dst/kexec-vtd/"
done
for h in $core_headers; do
	cp "$top/include/kexec-vtd/$h.h" "$dst/kexec-vtd/include/kexec-vtd/"
done
cat > "$dst/kexec-vtd/Makefile" <<'MK'
# SPDX-License-Identifier: GPL-2.0-or-later
# The kexec-vtd note codec and snapshot, shared with the loader's
# purgatory and the dump tools.
ccflags-y += -I$(src)/include
obj-y += note.o note_rd.o note_wr.o elfnote.o err.o snapshot.o
# The snapshot runs at panic over whatever the units point at: pages it
# has probed, but maybe freed ones, which KASAN would report there.
KASAN_SANITIZE_snapshot.o := n
MK
git -C "$work/core" init -q
git -C "$work/core" add -A
git -C "$work/core" commit -q -s -F "$top/kernel/core.msg"
git -C "$work/core" format-patch -q --no-signature --zero-commit \
	--start-number 2 -o "$out" -1

# 0001, 0003 and 0004 change files that are not here: each mail is put
# together from its diff of the driver's files and its new files.
#   hooked_patch NUMBER MSG HOOKS-DIFF NEW-FILE...
hooked_patch() {
	nr=$1 msg=$2 hooks=$3
	shift 3
	dir=$work/p$nr
	mkdir -p "$dir/drivers/iommu/intel"
	for f in "$@"; do
		cp "$top/$f" "$dir/drivers/iommu/intel/"
	done
	git -C "$dir" init -q
	git -C "$dir" add -A
	git -C "$dir" -c core.abbrev=9 diff --cached --no-color > "$dir.new"
	cat "$top/$hooks" "$dir.new" > "$dir.diff"
	subject=$(head -n 1 "$top/$msg")
	slug=$(echo "$subject" | sed 's/[^A-Za-z0-9]\{1,\}/-/g; s/^-//; s/-$//' |
		cut -c1-52 | sed 's/-$//')
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		echo "From: $name <$mail>"
		grep -m1 '^Date: ' "$out"/0002-*.patch
		echo "Subject: [PATCH $nr/$total] $subject"
		echo
		tail -n +3 "$top/$msg"
		# Trailers the message ends with (Fixes:, Cc:) and the
		# sign-off make one block.
		tail -n 1 "$top/$msg" | grep -q '^[A-Za-z-]*: ' || echo
		echo "Signed-off-by: $name <$mail>"
		echo "---"
		(cd "$dir" && git apply --stat --summary "$dir.diff")
		echo
		cat "$dir.diff"
	} > "$out/000$nr-$slug.patch"
}
total=4
hooked_patch 1 kernel/did.msg kernel/did-fix.diff
# shellcheck disable=SC2086
hooked_patch 3 kernel/glue.msg kernel/hooks.diff $glue_files
# shellcheck disable=SC2086
hooked_patch 4 kernel/take.msg kernel/take-hooks.diff $take_files
# format-patch numbered the core alone: say it is one of the series.
sed -i "0,/^Subject: \[PATCH\]/s//Subject: [PATCH 2\/$total]/" \
	"$out"/0002-*.patch
ls "$out"/*.patch
