#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vtd-note tables (#23): the crash extension's answers from an ELF dump,
# on a crashed machine whose tables mktables.py laid out by hand: each
# device's row in debugfs' columns and what the dump's memory holds now,
# translations through every kind of entry, the reverse map, the IRTEs,
# and what it says and how it exits when the tables are broken (a loop,
# a page the dump lacks) or the dump holds no memory it can read.
. "$top_srcdir/tests/lib/tap.sh"

: "${VTD_NOTE:?}" "${MKCORE:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/tools/machine.sh"

# on DUMP ARGS...: vtd-note tables on DUMP; $out (stdout and stderr), $rc.
on()
{
	out=$("$VTD_NOTE" tables "$@" 2>&1)
	rc=$?
}
# run ARGS...: the same on the test machine's dump.
run()
{
	on "$tmp/dump" "$@"
}

# has DESC CODE PATTERN...: the last run exited CODE and its output
# matches every grep -E PATTERN.
has()
{
	desc=$1 code=$2
	shift 2
	if [ "$rc" -ne "$code" ]; then
		not_ok "$desc" "exit $rc, not $code" "$out"
		return
	fi
	for p in "$@"; do
		if ! printf '%s\n' "$out" | grep -Eq -- "$p"; then
			not_ok "$desc" "no line matches /$p/" "$out"
			return
		fi
	done
	ok "$desc"
}

plan 32

x16='0x[0-9a-f]{16}'
run
has "units: registers and the fault pending at the crash, decoded" 0 \
	'^unit 0: registers 0xfed90000, segment 0, VT-d 1\.0, legacy mode, translation on' \
	'^  fault 0: \[DMA Write\] device 00:02\.0 fault addr 0x1234000 reason 0x05$'
run -d
# debugfs' dmar_translation_struct: B.D.F, root hi:lo, context hi:lo,
# PASID (-1 in legacy mode) and three zero words; then ours.
has "-d: each row in debugfs' columns, then domain and translation" 0 \
	"^B\.D\.F	Root_entry				Context_entry				PASID	PASID_table_entry	" \
	"^00:02\.0	0x0000000000000000:0x0000000001001001	0x0000000000000401:0x0000000001002001	-1    	$x16:$x16:$x16	domain 4	second-stage, 3-level 39-bit table 0x1002000	same as at the crash$" \
	"^00:03\.0	.*	domain 5	pass-through	same as at the crash$"
has "-d: an entry the crash kernel rewrote since the crash says so" 0 \
	"^00:05\.0	.*	domain 7	.*	changed since the crash$"
has "-d: a context table the dump lacks is named, the row still printed" 0 \
	"^01:00\.0	.*	domain 8	.*	unreadable: not in the dump: context entry at 0x5000000$"
run -d 00:03.0
n=$(printf '%s\n' "$out" | grep -c '^0')
[ "$n" -eq 1 ] && has "-d BDF: that device's row only" 0 '^00:03\.0	' ||
	not_ok "-d BDF: that device's row only" "$n rows" "$out"

run -t 00:02.0 0x1abc
has "-t: a 4 KiB page, each of the three levels shown" 0 \
	'^00:02\.0 IOVA 0x1abc: unit 0, domain 4, second-stage, 3-level 39-bit table 0x1002000$' \
	'^  level 3: table 0x1002000 entry   0 at 0x1002000 = 0x0000000001003003$' \
	'^  level 1: table 0x1004000 entry   1 at 0x1004008 = 0x0000000001100003$' \
	'^  -> 0x1100abc \(4 KiB page, read/write\)$'
run -t 00:02.0 0x2345678
has "-t: a 2 MiB page's neighbour, absent: the entry that said so" 1 \
	'no translation: not present: paging entry \(level 2\) at 0x1003088$'
run -t 00:02.0 0x2fffff
has "-t: a 2 MiB page, read-write" 0 '-> 0x12fffff \(2048 KiB page, read/write\)$'
run -t 00:02.0 0x40000000
has "-t: a table pointing back at the top: a loop, named, no hang" 1 \
	'no translation: a loop: a table points at one above it: paging entry \(level 1\) at 0x1002000$'
run -t 00:02.0 0x80000000
has "-t: a table page the dump lacks, named by its address" 1 \
	'no translation: not in the dump: paging entry \(level 2\) at 0x6000000$'
run -t 00:03.0 0x1234
has "-t: pass-through" 0 '-> 0x1234 \(pass-through: IOVA = PA\)$'

run -d 03:02.0
has "-d, scalable mode: the RID_PASID entry in debugfs' PASID columns, first-stage" 0 \
	"^IOMMU dmar1: Root Table Address: 0x1008000$" \
	"^03:02\.0	0x000000000100a001:0x0000000001009001	0x0000000000000000:0x000000000100b001	0     	0x000000000100d000:0x0000000000000009:0x0000000000000041	domain 9	first-stage, 4-level 48-bit table 0x100d000	same as at the crash$"
run -t 03:02.0 0x5abc
has "-t, first stage: four levels, a user page through RID_PASID's entry" 0 \
	'^03:02\.0 IOVA 0x5abc: unit 1, domain 9, first-stage, 4-level 48-bit table 0x100d000$' \
	'^  level 4: table 0x100d000 entry   0 at 0x100d000 = 0x000000000100e007$' \
	'^  -> 0x1300abc \(4 KiB page, read/write\)$'
run -t 03:11.0 0x1abc
has "-t, scalable second stage, the root entry's upper half" 0 \
	'^03:11\.0 IOVA 0x1abc: unit 1, domain 10, second-stage, 3-level 39-bit table 0x1002000$' \
	'^  -> 0x1100abc \(4 KiB page, read/write\)$'

run -r 0x1100040
has "-r: every device and IOVA that maps the page, pass-through too; the paths it could not walk named on stderr, exit 1" 1 \
	'^00:02\.0	unit 0	domain 4	IOVA 0x1040	read/write	in IOVA 0x1000-0x1fff -> 0x1100000$' \
	'^00:03\.0	unit 0	domain 5	IOVA 0x1100040	read/write	pass-through, every address$' \
	'00:02\.0: the mappings from IOVA 0x80000000 not walked: not in the dump: paging entry \(level 2\) at 0x6000000$'

run -i
# debugfs' ir_translation_struct: index, source, destination, vector,
# the entry's halves; then ours.
has "-i: IRTEs in debugfs' columns, then decoded" 0 \
	'^ Entry SrcID   DstID    Vct IRTE_high		IRTE_low$' \
	'^ 0     00:02\.0 00000100 23  0000000000040010	000001000023000d	remapped, fixed, logical, edge, svt 1 sq 0$'

on "$tmp/area" -d
has "a note area alone: the tables need a dump's memory, the formats and crash named" 1 \
	'area: neither a 64-bit ELF dump nor a kdump-compressed one: .*makedumpfile -E; makedumpfile -c.*crash.s vtd command'

run -t 00:02.0
has "usage: -t wants a device and an address" 2 'one of these at a time'

# Two PCI segments (mktables.py --segments): the scalable unit is
# segment 1's, its functions on bus 0 there, so 00:02.0 is in both.
mkdir "$tmp/seg"
machine "$tmp/seg" --segments
seg()
{
	on "$tmp/seg/dump" "$@"
}
seg -d 00:02.0
n=$(printf '%s\n' "$out" | grep -c '^00:02\.0	')
[ "$n" -eq 2 ] && has "-d BDF without a segment: that function's row in each unit" 0 \
	'^IOMMU dmar0: ' '^IOMMU dmar1: ' "	domain 4	second-stage" "	domain 9	first-stage" ||
	not_ok "-d BDF without a segment: a row in each unit" "$n rows" "$out"
seg -t 00:02.0 0x1abc
has "-t BDF that two segments hold: refused, naming both, exit 1" 1 \
	'^00:02\.0: units of segments 0 and 1 hold it: name one, as 0000:00:02\.0$'
seg -t 0001:00:02.0 0x5abc
has "-t SSSS:BB:DD.F: that segment's unit answers" 0 \
	'^0001:00:02\.0 IOVA 0x5abc: unit 1, domain 9, first-stage' '-> 0x1300abc '
seg -d 0002:00:02.0
has "-d with a segment no unit has: none, exit 1" 1 \
	'^no entry for 0002:00:02\.0 in any unit$'
seg -d 1:0:2.0x
has "-d with a malformed device: usage, exit 2" 2 \
	'1:0:2\.0x: not a device \(\[SSSS:\]BB:DD\.F\)$'

# The same machine as makedumpfile -c writes it (mkdiskdump.py), read
# through libkdumpfile: every answer as from the ELF dump.
mkdisk()
{
	"${PYTHON3:-python3}" "$top_srcdir/tests/tools/mkdiskdump.py" \
		"$tmp/dump" "$@" || bail_out "mkdiskdump.py failed"
}
mkdisk "$tmp/dump.kdump" --raw 0x1003000
same=0 differ=
for args in "" "-d" "-t 00:02.0 0x1abc" "-t 00:02.0 0x2fffff" \
	"-t 00:02.0 0x80000000" "-t 03:02.0 0x5abc" "-r 0x1100040" "-i"; do
	# shellcheck disable=SC2086 # the words are the options
	a=$("$VTD_NOTE" tables "$tmp/dump" $args 2>&1 | sed "s|$tmp/dump||g")
	# shellcheck disable=SC2086
	b=$("$VTD_NOTE" tables "$tmp/dump.kdump" $args 2>&1 |
		sed "s|$tmp/dump.kdump||g")
	if [ "$a" = "$b" ] && [ -n "$a" ]; then
		same=$((same + 1))
	else
		differ="$differ
--- $args: ELF:
$a
--- kdump-compressed:
$b"
	fi
done
[ "$same" -eq 8 ] &&
	ok "a kdump-compressed dump (zlib pages, one stored raw): the same answers as the ELF one, for 8 commands" ||
	not_ok "a kdump-compressed dump: the same answers as the ELF one" \
		"$same of 8 the same" "$differ"

mkdisk "$tmp/ex.kdump" --exclude 0x1004000
on "$tmp/ex.kdump" -t 00:02.0 0x1abc
case $out in
*physical*) not_ok "a page makedumpfile left out (-d): not in the dump" \
	"taken for a read error" "$out" ;;
*) has "a page makedumpfile left out (-d): not in the dump, named by the entry" 1 \
	'^  level 2: table 0x1003000 entry   0 at 0x1003000 = 0x0000000001004003$' \
	'no translation: not in the dump: paging entry \(level 1\) at 0x1004008$' ;;
esac
on "$tmp/ex.kdump" -d
has "-d on it: every device's row still printed" 0 \
	"^00:02\.0	.*	domain 4	second-stage" "^03:11\.0	.*	domain 10	"

mkdisk "$tmp/bad.kdump" --corrupt 0x1004000
on "$tmp/bad.kdump" -t 00:02.0 0x1abc
has "a page that does not decompress: one line naming the address and libkdumpfile's reason, exit 1" 1 \
	'bad\.kdump: physical 0x1004008 \(8 bytes\): .+' \
	'no translation: not in the dump: paging entry \(level 1\) at 0x1004008$'

# Dumps cut short, as a disk that filled up leaves them: the pages past
# the end are named once and read as not in the dump, never as zeros
# (libkdumpfile 0.5 gives zeros, or a SIGBUS when it maps the file).
mkdisk "$tmp/raw.kdump" --raw 0x1002000 --raw 0x1003000 --raw 0x1004000
size=$(wc -c < "$tmp/raw.kdump")
head -c $((size - 12000)) "$tmp/raw.kdump" > "$tmp/cut.kdump"
on "$tmp/cut.kdump" -t 00:02.0 0x1abc
n=$(printf '%s\n' "$out" | grep -c 'cut short')
[ "$n" -eq 1 ] && has "a kdump-compressed dump cut short inside a page it stores whole: named once, the entry not in the dump" 1 \
	"cut\.kdump: cut short at 0x$(printf %x $((size - 12000))) bytes: the page at physical 0x100[0-9a-f]000 lies past its end; such pages read as not in the dump" \
	'no translation: not in the dump: paging entry' ||
	not_ok "a kdump-compressed dump cut short: named once" "$n lines" "$out"
# Its memory from file offset 0x580: the level-1 table's page, at 0x4580,
# lies past 15000 bytes.
head -c 15000 "$tmp/dump" > "$tmp/cut.elf"
on "$tmp/cut.elf" -t 00:02.0 0x1abc
has "an ELF dump cut short: named, the entry not in the dump" 1 \
	'cut\.elf: cut short: physical 0x1004008 lies past its end; such pages read as not in the dump' \
	'no translation: not in the dump: paging entry \(level 1\) at 0x1004008$'
head -c 13000 "$tmp/raw.kdump" > "$tmp/nobitmap.kdump"
on "$tmp/nobitmap.kdump" -d
has "a kdump-compressed dump cut inside its bitmap: rows printed, the tables not in the dump" 0 \
	'^00:02\.0	.*	unreadable: not in the dump: root entry at 0x1000000$' \
	'cut short at 0x32c8 bytes'

# A header libkdumpfile 0.5.1 refuses, found by fuzz_tables: freeing its
# context then crashed vtd-note.
on "$top_srcdir/tests/data/dumps/libkdumpfile-refuses.kdump" -d
has "a dump libkdumpfile refuses: its reason, exit 1, no crash" 1 \
	'libkdumpfile-refuses\.kdump: libkdumpfile cannot read its memory: .+'

# makedumpfile -F's stream (kdump-tools' default): the note is read, the
# memory is not: makedumpfile -R is named.
"${PYTHON3:-python3}" - "$tmp/dump.kdump" "$tmp/dump.flat" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
f = (b'makedumpfile'.ljust(16, b'\0') + struct.pack('>qq', 1, 1)).ljust(4096, b'\0')
f += struct.pack('>qq', 0, len(d)) + d + struct.pack('>qq', -1, -1)
open(sys.argv[2], 'wb').write(f)
PY
"$VTD_NOTE" verify "$tmp/dump.flat" > /dev/null 2>&1 ||
	not_ok "the flattened stream's note reads" "vtd-note verify failed"
on "$tmp/dump.flat" -d
has "a flattened stream: makedumpfile -R named, exit 1" 1 \
	'dump\.flat: a flattened stream \(makedumpfile -F.*makedumpfile -R'
done_testing
