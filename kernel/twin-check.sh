#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The userspace twins of the Intel VT-d driver's headers
# (tests/kernel/include/iommu.h and pasid.h, with which the model's tests
# build the adoption code) against the driver's own headers in a kernel
# tree, so that the code the tests pass is the code the kernel builds:
#   twin-check.sh KSRC
# Every name a twin defines (#define NAME, static inline ... NAME(...),
# struct NAME {) must be defined in the driver's header of the same name;
# then tests/kernel/twin-probe.c, which prints each name's value, type and
# results on a fixed list of inputs, is built once on the twins and once
# on the driver's definitions (taken out of its headers with what they
# use, on the twins' <linux/...> shims) and the two outputs must be the
# same.  Run by kernel/build.sh on the patched tree, and by make check
# when KSRC names a tree (tests/kernel/twin-check.sh).  Needs a C
# compiler ($CC, else cc), awk and sed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
twins=$top/tests/kernel/include
probe=$top/tests/kernel/twin-probe.c
[ $# -eq 1 ] || { echo "usage: $0 KSRC" >&2; exit 2; }
ksrc=$1
drv=$ksrc/drivers/iommu/intel
# PAGE_MASK and the like, which the driver's headers take from the arch.
arch=$ksrc/arch/x86/include/asm/page_types.h
cc=${CC:-cc}

log() { echo "kernel/twin-check: $*" >&2; }

for f in "$drv/iommu.h" "$drv/pasid.h" "$arch"; do
	[ -f "$f" ] || { log "no $f: not a Linux tree"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The definitions in C headers, one per name (the first, if a header has
# several under #if): "file name" lines for what the files define
# (-v list=1), or the text of the definitions of the names in $tmp/want
# and of the names those use, file by file in each file's order, into
# $tmp/real/<file's base name> (-v out=DIR).  A definition is a #define
# with its continuation lines, a static inline function up to the "}" that
# starts a line (its return type may be on the line before), or a struct
# up to "};".  A #define without a value is an include guard.
# shellcheck disable=SC2016
defs='
function base(p) { sub(/.*\//, "", p); return p }
function start(kind, n, first) {
	name = n; text = first; inside = kind; opened = first ~ /\{/
	if (kind == "define" && $0 !~ /\\$/) finish()
	if (kind != "define" && $0 ~ /\{.*\}[ \t]*;?[ \t]*$/) finish()
}
function finish() {
	if (!(name in file)) {
		file[name] = FILENAME; body[name] = text; order[++nr] = name
	}
	inside = ""; held = ""
}
FNR == 1 { inside = ""; held = "" }
inside != "" {
	text = text "\n" $0
	if (inside == "define") {
		if ($0 !~ /\\$/) finish()
	} else if (inside == "func" && !opened && $0 ~ /;[ \t]*$/) {
		inside = ""
	} else if ($0 ~ /^}/) {
		finish()
	}
	if ($0 ~ /\{/) opened = 1
	next
}
held != "" {
	if (match($0, /^[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
		n = substr($0, 1, RLENGTH); sub(/[ \t]*\($/, "", n)
		first = held "\n" $0; held = ""
		if ($0 ~ /\)[ \t]*;[ \t]*$/) next
		start("func", n, first); next
	}
	held = ""
}
/^#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*/ {
	n = $0; sub(/^#[ \t]*define[ \t]+/, "", n)
	rest = n; sub(/^[A-Za-z_][A-Za-z0-9_]*/, "", rest)
	sub(/[^A-Za-z0-9_].*/, "", n)
	if (rest ~ /^[ \t]*(\/\*.*\*\/)?[ \t]*$/) next
	start("define", n, $0); next
}
/^static[ \t]+(__always_)?inline[ \t]/ {
	if (!match($0, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) { held = $0; next }
	n = substr($0, RSTART, RLENGTH); sub(/[ \t]*\($/, "", n)
	if ($0 ~ /\)[ \t]*;[ \t]*$/) next
	start("func", n, $0); next
}
/^struct[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\{/ {
	n = $0; sub(/^struct[ \t]+/, "", n); sub(/[^A-Za-z0-9_].*/, "", n)
	start("struct", n, $0); next
}
END {
	if (list) {
		for (i = 1; i <= nr; i++) print base(file[order[i]]), order[i]
		exit
	}
	while ((getline line < want) > 0) {
		split(line, w, " "); need[w[2]] = 1
	}
	# What the wanted definitions use, as long as that finds more.
	grown = 1
	while (grown) {
		grown = 0
		for (n in need) {
			if (!(n in file)) continue
			t = body[n]
			gsub(/\/\*([^*]|\*+[^*\/])*\*+\//, " ", t)
			gsub(/[^A-Za-z0-9_]+/, " ", t)
			k = split(t, tok, " ")
			for (j = 1; j <= k; j++)
				if ((tok[j] in file) && !(tok[j] in need)) {
					need[tok[j]] = 1; grown = 1
				}
		}
	}
	for (i = 1; i <= nr; i++) {
		n = order[i]
		if (n in need) print body[n] "\n" > (out "/" base(file[n]))
	}
}'

# What the twins define, and that the driver defines each of them.
awk -v list=1 "$defs" "$twins/iommu.h" "$twins/pasid.h" > "$tmp/want"
awk -v list=1 "$defs" "$drv/iommu.h" "$drv/pasid.h" > "$tmp/have"
missing=0
while read -r h n; do
	if ! grep -qx "$h $n" "$tmp/have"; then
		log "$n: defined by tests/kernel/include/$h but not by $drv/$h"
		missing=1
	fi
	if ! grep -q "[^A-Za-z0-9_]${n}[^A-Za-z0-9_]" "$probe"; then
		log "$n: defined by tests/kernel/include/$h but not printed" \
			"by tests/kernel/twin-probe.c"
		missing=1
	fi
done < "$tmp/want"
[ "$missing" -eq 0 ] || exit 1

# The driver's definitions, as the twins' files: the same includes, then
# what the arch gives (x86 pages are 4 KiB: CONFIG_PAGE_SHIFT is 12).
mkdir "$tmp/real"
awk -v want="$tmp/want" -v out="$tmp/real" "$defs" \
	"$arch" "$drv/iommu.h" "$drv/pasid.h"
for h in iommu.h pasid.h; do
	guard=TWIN_CHECK_$(echo "$h" | tr a-z. A-Z_)
	{
		echo "#ifndef $guard"
		echo "#define $guard"
		echo "#include <linux/bits.h>"
		echo "#include <linux/compiler.h>"
		echo "#include <linux/types.h>"
		echo "#define CONFIG_PAGE_SHIFT 12"
		echo "#define _AC(x, t) x##t"
		[ ! -f "$tmp/real/page_types.h" ] || cat "$tmp/real/page_types.h"
		[ ! -f "$tmp/real/$h" ] || cat "$tmp/real/$h"
		echo "#endif"
	} > "$tmp/real/$h.new"
	mv "$tmp/real/$h.new" "$tmp/real/$h"
done
rm -f "$tmp/real/page_types.h"

# The probe on each, and the two outputs.
for side in twin real; do
	if [ "$side" = twin ]; then
		set -- -I"$twins"
	else
		set -- -I"$tmp/real" -I"$twins"
	fi
	# $cc may carry flags of its own.
	# shellcheck disable=SC2086
	$cc -std=gnu11 -O1 "$@" -I"$top/include" "$probe" \
		-o "$tmp/probe-$side" > "$tmp/cc-$side.log" 2>&1 || {
		cat "$tmp/cc-$side.log" >&2
		[ "$side" = twin ] || sed 's/^/real: /' "$tmp/real/iommu.h" \
			"$tmp/real/pasid.h" >&2
		log "the probe does not build on the $side headers"
		exit 1
	}
	"$tmp/probe-$side" > "$tmp/$side.out"
done
if ! cmp -s "$tmp/twin.out" "$tmp/real.out"; then
	diff -u --label twin --label "driver ($ksrc)" "$tmp/twin.out" \
		"$tmp/real.out" | head -n 60 >&2
	log "the twins differ from the driver's headers in $drv" \
		"($(diff "$tmp/twin.out" "$tmp/real.out" | grep -c '^<') of" \
		"$(wc -l < "$tmp/twin.out") probe lines)"
	exit 1
fi
log "$(wc -l < "$tmp/want") names of tests/kernel/include/{iommu,pasid}.h" \
	"are the driver's ($(wc -l < "$tmp/twin.out") probe lines)"
