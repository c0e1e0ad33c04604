#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The real purgatory object, as the loader will receive it: a relocatable
# ELF with no undefined symbols, only the relocation types the loader
# applies, no SSE/AVX instruction, its entry and its argument block (in
# .data, of the contract's size) present.
. "$top_srcdir/tests/lib/tap.sh"

: "${PURGATORY:?}" "${READELF:=readelf}" "${OBJDUMP:=objdump}" "${NM:=nm}" \
	"${CC:=cc}"

# The contract's values, as the C compiler reads the header.
contract()
{
	printf '#include <kexec-vtd/purgatory-contract.h>\n%s\n' "$1" |
		$CC -E -P -I"$top_srcdir/include" - | tr -d '"' | tail -1
}

plan 7

type=$($READELF -h "$PURGATORY" 2>&1 | sed -n 's/^ *Type: *//p')
case $type in
REL*) ok "purgatory.ro is ET_REL" ;;
*) not_ok "purgatory.ro is ET_REL" "type: $type" ;;
esac

undef=$($NM -u "$PURGATORY")
if [ -z "$undef" ]; then
	ok "no undefined symbols"
else
	not_ok "no undefined symbols" "$undef"
fi

allowed=$(contract VTD_PURGATORY_RELOCS)
used=$($READELF -r "$PURGATORY" | awk '$3 ~ /^R_X86_64_/ {print $3}' | sort -u)
bad=
for r in $used; do
	case " $allowed " in
	*" $r "*) ;;
	*) bad="$bad $r" ;;
	esac
done
if [ -n "$used" ] && [ -z "$bad" ]; then
	ok "relocations limited to the loader's set: $(echo $used)"
else
	not_ok "relocations limited to the loader's set" "unsupported:$bad" "allowed: $allowed"
fi

sse=$($OBJDUMP -d "$PURGATORY" | grep -E '%[xyz]mm[0-9]' | head -5)
if [ -z "$sse" ]; then
	ok "no SSE, AVX or AVX-512 register in the code"
else
	not_ok "no SSE, AVX or AVX-512 register in the code" "$sse"
fi

syms=$($READELF -sW "$PURGATORY")
entry=$(contract VTD_PURGATORY_ENTRY_SYMBOL)
if printf '%s\n' "$syms" | awk -v e="$entry" '$8 == e && $4 == "FUNC" && $5 == "GLOBAL"' | grep -q .; then
	ok "entry symbol $entry is a global function"
else
	not_ok "entry symbol $entry is a global function"
fi

want=$(contract VTD_PURGATORY_ARGS_SIZE)
name=$(contract VTD_PURGATORY_ARGS_SYMBOL)
args=$(printf '%s\n' "$syms" | awk -v n="$name" '$8 == n {print $3, $7}')
size=${args% *} ndx=${args#* }
data_ndx=$($READELF -SW "$PURGATORY" | sed -n 's/^ *\[ *\([0-9]*\)\] \.data .*/\1/p')
if [ -n "$args" ] && [ "$size" -eq $((want)) ] && [ "$ndx" = "$data_ndx" ]; then
	ok "$name is $size bytes in .data"
else
	not_ok "$name is $((want)) bytes in .data" "symbol: $args, .data is section $data_ndx"
fi

if $READELF -SW "$PURGATORY" | grep -q '\.eh_frame'; then
	not_ok "no unwind tables"
else
	ok "no unwind tables"
fi
done_testing
