#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lib/ must build with no libc: -ffreestanding -nostdlib, no system
# headers (only the compiler's own stdint.h and friends), and link into a
# relocatable object whose only undefined symbols are the four that GCC
# may emit calls to in any environment and that purgatory and the kernel
# provide (memcpy, memset, memmove, memcmp).
. "$top_srcdir/tests/lib/tap.sh"

: "${CC:=cc}" "${NM:=nm}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gccinc=$($CC -print-file-name=include)
srcs=$(ls "$top_srcdir"/lib/*.c)
allowed='^(memcpy|memset|memmove|memcmp)$'

plan $(($(echo "$srcs" | wc -l) + 2))

objs=
for src in $srcs; do
	obj=$tmp/$(basename "$src" .c).o
	if out=$($CC -std=c11 -ffreestanding -nostdinc -isystem "$gccinc" \
		-fno-stack-protector -fno-PIC -mno-sse -mno-mmx -mno-red-zone \
		-Wall -Wextra -Werror -Wno-unused-parameter \
		-I"$top_srcdir/include" -c "$src" -o "$obj" 2>&1); then
		ok "$(basename "$(dirname "$src")")/$(basename "$src") builds freestanding with no libc headers"
		objs="$objs $obj"
	else
		not_ok "$(basename "$(dirname "$src")")/$(basename "$src") builds freestanding with no libc headers" "$out"
	fi
done

if out=$($CC -nostdlib -r -o "$tmp/libvtd.o" $objs 2>&1); then
	ok "lib/ links with -nostdlib -r"
else
	not_ok "lib/ links with -nostdlib -r" "$out"
fi

undef=$($NM -u "$tmp/libvtd.o" | awk '{print $NF}' | grep -Ev "$allowed")
if [ -z "$undef" ]; then
	ok "lib/ needs nothing but memcpy, memset, memmove, memcmp"
else
	not_ok "lib/ needs nothing but memcpy, memset, memmove, memcmp" \
		"undefined: $(echo $undef)"
fi
done_testing
