#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Write patch 1 of the series: the freestanding core (crash/ and the parts
# of lib/ it uses) as new files under drivers/iommu/intel/kexec-vtd/.
# The patch is generated, never edited by hand, so the kernel builds the
# very sources the model tests; tests/kernel/series.sh checks that the
# committed patch is what this script writes today.
#   mkcore.sh OUTFILE
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dst=$work/drivers/iommu/intel/kexec-vtd
mkdir -p "$dst/include/kexec-vtd"
for f in crash/adopt.c crash/apply.c crash/adopt.h lib/note.c lib/note_rd.c \
	lib/elfnote.c lib/crc32.c lib/err.c lib/internal.h; do
	cp "$top/$f" "$dst/"
done
for h in env err note elfnote vtd-hw crc32; do
	cp "$top/include/kexec-vtd/$h.h" "$dst/include/kexec-vtd/"
done
cat > "$dst/Makefile" <<'EOF'
# SPDX-License-Identifier: GPL-2.0-or-later
# The kexec-vtd core: the same sources the project tests in its VT-d model.
ccflags-y += -I$(src)/include
obj-y += adopt.o apply.o note.o note_rd.o elfnote.o crc32.o err.o
EOF

# A commit with a fixed author and date, so the patch is reproducible.
who=kexec-vtd mail=kexec-vtd@localhost when=2026-11-24T00:00:00Z
export GIT_AUTHOR_NAME=$who GIT_AUTHOR_EMAIL=$mail GIT_AUTHOR_DATE=$when
export GIT_COMMITTER_NAME=$who GIT_COMMITTER_EMAIL=$mail GIT_COMMITTER_DATE=$when
cd "$work"
git init -q
git add -A
git commit -q -F "$top/kernel/core.msg"
git format-patch -q --stdout --no-signature --zero-commit -1 > "$out"
