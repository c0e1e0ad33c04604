#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vtd-note as a user meets it: exit codes, messages that name the thing and
# the offset, and the note read back from a raw area, a bare descriptor
# and an ELF core file that readelf (the oracle) also reads.
. "$top_srcdir/tests/lib/tap.sh"

: "${VTD_NOTE:?}" "${MKCORE:?}"
data=$top_srcdir/tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_exit CODE PATTERN DESC CMD...: exit status CODE, stderr+stdout
# matching the grep -E PATTERN ('' for any).
expect_exit()
{
	code=$1 pattern=$2 desc=$3
	shift 3
	out=$("$@" 2>&1)
	got=$?
	if [ "$got" -ne "$code" ]; then
		not_ok "$desc" "expected exit $code, got $got: $*" "$out"
	elif [ -n "$pattern" ] && ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
		not_ok "$desc" "output does not match /$pattern/" "$out"
	else
		ok "$desc"
	fi
}

# json_same A B: two show --json outputs decode to the same value.
json_same()
{
	"${PYTHON3:-python3}" - "$@" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b else 1)
PY
}

plan 57

# --- usage errors: exit 2 ---
expect_exit 2 'Usage' "no command is a usage error" "$VTD_NOTE"
expect_exit 2 "unknown command 'frob'" "unknown command" "$VTD_NOTE" frob
expect_exit 2 'a FILE expected' "show without FILE" "$VTD_NOTE" show
expect_exit 2 'one FILE at most' "dmar with two files" "$VTD_NOTE" dmar a b
expect_exit 2 '--size must be' "make with a bad size" "$VTD_NOTE" make --size 10 x y
expect_exit 0 'note format 1\.3' "--version" "$VTD_NOTE" --version

# --- DMAR ---
expect_exit 0 'drhd  unit 0xcf000000' "dmar text output" \
	"$VTD_NOTE" dmar "$data/dmar/dell-r820.dat"
"$VTD_NOTE" dmar --json "$data/dmar/dell-r820.dat" > "$tmp/dmar.json"
if "${PYTHON3:-python3}" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["host_address_width"] == 46 and d["flags"] == 3
s = d["structures"]
assert [x["type"] for x in s].count("drhd") == 4
assert s[0]["register_base"] == "0xcf000000"
assert s[0]["scopes"][0] == {"type": 3, "enumeration_id": 2, "bus": 64, "path": [[5, 4]]}
assert d["checksum_ok"] is True
' "$tmp/dmar.json"; then ok "dmar --json fields"; else not_ok "dmar --json fields"; fi
head -c 100 "$data/dmar/dell-r820.dat" > "$tmp/cut.dat"
expect_exit 1 'DMAR table: truncated at offset 0x4' "truncated DMAR names the offset" \
	"$VTD_NOTE" dmar "$tmp/cut.dat"
cp "$data/dmar/dell-r820.dat" "$tmp/csum.dat"
printf '\377' | dd of="$tmp/csum.dat" bs=1 seek=9 conv=notrunc 2>/dev/null
expect_exit 0 'checksum mismatch' "bad DMAR checksum warns, still decodes" \
	"$VTD_NOTE" dmar "$tmp/csum.dat"
printf 'XMAR' | dd of="$tmp/csum.dat" bs=1 seek=0 conv=notrunc 2>/dev/null
expect_exit 1 'bad magic or signature at offset 0x0' "wrong signature" \
	"$VTD_NOTE" dmar "$tmp/csum.dat"
expect_exit 1 'No such file' "missing file" "$VTD_NOTE" dmar "$tmp/none"

# --- make, show, verify on a raw area ---
expect_exit 0 '' "make from the example description" \
	"$VTD_NOTE" make "$data/note/example.json" "$tmp/area.bin"
expect_exit 0 'KEXEC-VTD note v1\.3 OK: 2 units' "verify a complete note" \
	"$VTD_NOTE" verify "$tmp/area.bin"
expect_exit 0 'ctx   00:01\.0: domain 1, translate, 48-bit \(4-level\)' \
	"show decodes context entries" "$VTD_NOTE" show "$tmp/area.bin"
expect_exit 0 'fault 2: \[DMA Read\] device 01:00\.0 fault addr 0xfff80000 reason 0x01' \
	"show decodes fault records" "$VTD_NOTE" show "$tmp/area.bin"
expect_exit 0 'smctx 03:02\.0: pasid dir 0x7100000 \(128 entries\), rid_pasid 5, table 0x7001000' \
	"show decodes scalable context entries" "$VTD_NOTE" show "$tmp/area.bin"
expect_exit 0 'pasid 03:02\.0: pasid 5, domain 1, first-stage, 4-level table 0x7400000 pwsnp, pasid table 0x7300000, dir entry 0x7300001' \
	"show decodes a RID_PASID entry (note 1.2)" "$VTD_NOTE" show "$tmp/area.bin"
expect_exit 0 'irte      3: vector 0x41, dest 0x12345,' \
	"show gives an x2APIC IRTE its 32-bit destination" \
	"$VTD_NOTE" show "$tmp/area.bin"
expect_exit 0 'irte      0: vector 0x31, dest 0x0,' \
	"and an xAPIC IRTE its 8-bit one (bits 47:40, not 63:32)" \
	"$VTD_NOTE" show "$tmp/area.bin"
# dot (#23): a node per translated function, and Graphviz (the oracle)
# lays the graph out with each of them in it.
"$VTD_NOTE" dot "$tmp/area.bin" > "$tmp/area.dot"
funcs=$("$VTD_NOTE" show "$tmp/area.bin" | sed -n 's/^  \(sm\)*ctx *\([0-9a-f:.]*\):.*/\2/p' | sort -u)
nodes=$(sed -n 's/^  u[0-9]*_[0-9a-f_]* \[label="\([0-9a-f:.]*\)"\];$/\1/p' "$tmp/area.dot" | sort -u)
if [ -n "$funcs" ] && [ "$funcs" = "$nodes" ] &&
	grep -q 'u0_d1 -> t3f6b000' "$tmp/area.dot"; then
	ok "dot: a node for each function show lists, its domain, its table"
else
	not_ok "dot: a node for each function show lists, its domain, its table" \
		"show: $funcs" "dot: $nodes"
fi
if command -v dot > /dev/null; then
	if dot -Tsvg "$tmp/area.dot" > "$tmp/area.svg" 2> "$tmp/dot.err" &&
		grep -q '03:02\.0' "$tmp/area.svg" &&
		grep -q 'domain 1' "$tmp/area.svg"; then
		ok "Graphviz lays out vtd-note dot's graph"
	else
		not_ok "Graphviz lays out vtd-note dot's graph" "$(cat "$tmp/dot.err")"
	fi
else
	skip "Graphviz lays out vtd-note dot's graph" "no dot (graphviz)"
fi
head -c 4096 /dev/zero > "$tmp/zero.bin"
expect_exit 1 'zero\.bin: no KEXEC-VTD note found' \
	"dot of a file without a note fails, naming it" \
	"$VTD_NOTE" dot "$tmp/zero.bin"
# diff (#23): the same note twice, then one with a function gone, a
# domain changed, RTADDR moved and an IRTE added.
expect_exit 0 '^no difference$' "diff of a note with itself: no difference" \
	"$VTD_NOTE" diff "$tmp/area.bin" "$tmp/area.bin"
"${PYTHON3:-python3}" - "$data/note/example.json" "$tmp/b.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
u = d['units'][0]
del u['contexts'][0]
u['contexts'][0]['hi'] = '0x302'
u['rtaddr'] = hex(int(u['rtaddr'], 16) + 0x1000)
u['irtes'].append({'index': 9, 'lo': '0x310000000d', 'hi': '0x40010'})
json.dump(d, open(sys.argv[2], 'w'))
PY
"$VTD_NOTE" make "$tmp/b.json" "$tmp/b.bin"
"$VTD_NOTE" diff "$tmp/area.bin" "$tmp/b.bin" > "$tmp/diff.out" 2>&1
if grep -qx '~ unit 0xfed90000: rtaddr 0x3f6d000 -> 0x3f6e000' "$tmp/diff.out" &&
	grep -q '^-  ctx   00:01\.0: domain 1,' "$tmp/diff.out" &&
	grep -q '^-  ctx   00:02\.0: domain 2,' "$tmp/diff.out" &&
	grep -q '^+  ctx   00:02\.0: domain 3,' "$tmp/diff.out" &&
	grep -q '^+  irte      9:' "$tmp/diff.out" &&
	[ "$(tail -1 "$tmp/diff.out")" = "4 differences" ] &&
	[ "$(wc -l < "$tmp/diff.out")" -eq 6 ]; then
	ok "diff names what changed and nothing else"
else
	not_ok "diff names what changed and nothing else" "$(cat "$tmp/diff.out")"
fi
# --shape: RTADDR and the domain number are where and what a boot chose;
# the function gone and the source with one more IRTE are the shape.
"$VTD_NOTE" diff --shape "$tmp/area.bin" "$tmp/b.bin" > "$tmp/shape.out" 2>&1
if [ "$(cat "$tmp/shape.out")" = "$(printf '%s\n' \
	'-  ctx   00:01.0: translate, 48-bit (4-level)' \
	'~ unit 0xfed90000: irtes of 00:02.0: 1 -> 2' '2 differences')" ]; then
	ok "diff --shape names the function gone and the IRTE count, not RTADDR or the domain"
else
	not_ok "diff --shape names the function gone and the IRTE count, not RTADDR or the domain" \
		"$(cat "$tmp/shape.out")"
fi
# A running kernel's tables (#23, 3): the debugfs files of the e2e's 6.12
# first kernel, captured before its panic, against the note its crash
# left in the dump (tests/data/debugfs/*/note.json).
live=$data/debugfs/qemu-q35-6.12
"$VTD_NOTE" make "$live/note.json" "$tmp/crash.bin"
expect_exit 0 '^no difference$' \
	"diff --shape of a crash's note and the live tables (debugfs) just before it: no difference" \
	"$VTD_NOTE" diff --shape "$tmp/crash.bin" "$live"
expect_exit 0 'ctx   00:1f\.3: domain 6, translate, 39-bit \(3-level\) page table 0x643000, table 0x634000' \
	"show reads a debugfs directory as the running kernel's note" \
	"$VTD_NOTE" show "$live"
mkdir -p "$tmp/dfs"
cp "$live/dmar_translation_struct" "$live/ir_translation_struct" "$tmp/dfs/"
sed 's/^IOMMU: dmar0 /IOMMU: dmarX /' "$live/iommu_regset" > "$tmp/dfs/iommu_regset"
expect_exit 1 'dfs/iommu_regset: line 1: not the file.s format: IOMMU: dmarX' \
	"a debugfs file not in its format: the file and the line named" \
	"$VTD_NOTE" show "$tmp/dfs"
{ cat "$live/iommu_regset"; sed 's/dmar0/dmar1/' "$live/iommu_regset"; } \
	> "$tmp/dfs/iommu_regset"
expect_exit 1 'iommu_regset: dmar0 and dmar1 have one register base, 0xfed90000' \
	"two units with one register base: not one kernel's, said so (fuzz_debugfs found it)" \
	"$VTD_NOTE" show "$tmp/dfs"
rm "$tmp/dfs/ir_translation_struct"
expect_exit 1 'dfs/ir_translation_struct: cannot open' \
	"a debugfs directory without one of its files: that file named" \
	"$VTD_NOTE" show "$tmp/dfs"
expect_exit 2 'two FILEs expected' "diff with one FILE is a usage error" \
	"$VTD_NOTE" diff "$tmp/area.bin"
expect_exit 2 'two FILEs expected' "diff --shape with one FILE is a usage error" \
	"$VTD_NOTE" diff --shape "$tmp/area.bin"
"$VTD_NOTE" show --json "$tmp/area.bin" > "$tmp/a.json"
"$VTD_NOTE" make "$tmp/a.json" "$tmp/area2.bin"
check "show --json is what make reads: same bytes again" \
	cmp "$tmp/area.bin" "$tmp/area2.bin"
# Who took it (1.3): purgatory unless the description says the kernel.
expect_exit 0 '^taken by purgatory in ' "show says purgatory took a note" \
	"$VTD_NOTE" show "$tmp/area.bin"
sed 's/"taker": *0/"taker": 1/' "$tmp/a.json" > "$tmp/k.json"
"$VTD_NOTE" make "$tmp/k.json" "$tmp/k.bin"
expect_exit 0 '^taken by kernel in ' "and the kernel when it did" \
	"$VTD_NOTE" show "$tmp/k.bin"

# --- the same note in an ELF core file, beside CORE and VMCOREINFO ---
"$MKCORE" "$tmp/core.elf" "$tmp/area.bin"
if command -v readelf > /dev/null; then
	notes=$(readelf -n "$tmp/core.elf" 2>&1)
	if printf '%s\n' "$notes" | grep -q 'KEXEC-VTD' &&
	   printf '%s\n' "$notes" | grep -q 'CORE' &&
	   printf '%s\n' "$notes" | grep -q 'VMCOREINFO'; then
		ok "readelf -n lists KEXEC-VTD next to CORE and VMCOREINFO"
	else
		not_ok "readelf -n lists KEXEC-VTD next to CORE and VMCOREINFO" "$notes"
	fi
else
	not_ok "readelf -n lists KEXEC-VTD" "readelf not installed (binutils)"
fi
expect_exit 0 'OK: 2 units.*\(in the ELF dump\)$' "verify the note inside an ELF core" \
	"$VTD_NOTE" verify "$tmp/core.elf"
"$VTD_NOTE" show --json "$tmp/core.elf" > "$tmp/c.json"
check "show on the ELF core equals show on the raw area" \
	json_same "$tmp/a.json" "$tmp/c.json"
# A bare descriptor: the bytes after the 24-byte note record header.
desc_len=$(od -An -tu4 -j4 -N4 "$tmp/area.bin" | tr -d ' ')
dd if="$tmp/area.bin" of="$tmp/desc.bin" bs=1 skip=24 count="$desc_len" 2>/dev/null
expect_exit 0 'OK: 2 units' "verify a bare descriptor" "$VTD_NOTE" verify "$tmp/desc.bin"

# A kdump-compressed dump (makedumpfile -c) keeps the ELF notes where its
# sub-header says, right after it; -F writes the same file as a flattened
# stream, in makedumpfile's order (block 0, the notes, then the
# sub-header that points at them, then the rest).
"${PYTHON3:-python3}" - "$tmp/core.elf" "$tmp/dump.kdump" "$tmp/dump.flat" <<'PY'
import struct, sys
elf = open(sys.argv[1], 'rb').read()
phoff, = struct.unpack_from('<Q', elf, 0x20)
_, _, off, _, _, size = struct.unpack_from('<IIQQQQ', elf, phoff)
notes = elf[off:off + size]
hdr = bytearray(4096)
hdr[0:8] = b'KDUMP   '
struct.pack_into('<i', hdr, 8, 6)           # header_version
struct.pack_into('<I', hdr, 0x1a8, 1)       # status: zlib
struct.pack_into('<ii', hdr, 0x1ac, 4096, (104 + len(notes) + 4095) // 4096)
sub = bytearray(104)
struct.pack_into('<qQ', sub, 48, 4096 + 104, len(notes))
dump = bytes(hdr) + bytes(sub) + notes
dump += bytes(-len(dump) % 4096) + b'\xa5' * 8192
open(sys.argv[2], 'wb').write(dump)
def rec(off, data):
    return struct.pack('>qq', off, len(data)) + data
flat = b'makedumpfile'.ljust(16, b'\0') + struct.pack('>qq', 1, 1)
flat = flat.ljust(4096, b'\0')
flat += rec(0, dump[:0x1d0]) + rec(4200, notes) + rec(4096, bytes(sub))
rest = 4200 + len(notes)
flat += rec(rest, dump[rest:]) + struct.pack('>qq', -1, -1)
open(sys.argv[3], 'wb').write(flat)
PY
expect_exit 0 'OK: 2 units' "verify the note in a kdump-compressed dump" \
	"$VTD_NOTE" verify "$tmp/dump.kdump"
"$VTD_NOTE" show --json "$tmp/dump.kdump" > "$tmp/k.json"
check "show on the kdump-compressed dump equals show on the raw area" \
	json_same "$tmp/a.json" "$tmp/k.json"
expect_exit 0 'OK: 2 units.*\(in the flattened kdump-compressed dump, zlib\)$' \
	"verify a flattened dump (makedumpfile -F)" \
	"$VTD_NOTE" verify "$tmp/dump.flat"
expect_exit 0 'OK: 2 units' "verify a flattened dump on a pipe" \
	sh -c "cat '$tmp/dump.flat' | '$VTD_NOTE' verify -"
expect_exit 0 'OK: 2 units' "verify a kdump-compressed dump on a pipe" \
	sh -c "cat '$tmp/dump.kdump' | '$VTD_NOTE' verify -"
"$VTD_NOTE" show --json - < "$tmp/dump.flat" > "$tmp/f.json"
check "show on the flattened dump equals show on the raw area" \
	json_same "$tmp/a.json" "$tmp/f.json"
# makedumpfile itself (the oracle) rebuilds the flattened stream into
# the very file it stands for.
if command -v makedumpfile > /dev/null; then
	timeout 60 makedumpfile -R "$tmp/rebuilt" < "$tmp/dump.flat" \
		> "$tmp/mk.log" 2>&1
	check "makedumpfile -R rebuilds the flattened stream into the dump" \
		cmp "$tmp/rebuilt" "$tmp/dump.kdump"
else
	not_ok "makedumpfile -R rebuilds the flattened stream" \
		"makedumpfile not installed (scripts/install-deps --test)"
fi
printf '\377\377\377\377' | dd of="$tmp/dump.kdump" bs=1 seek=$((4096 + 60)) conv=notrunc 2>/dev/null
expect_exit 1 'kdump-compressed sub-header: inconsistent sizes or counts at offset 0x1038 \(size_note 0xffffffff' \
	"a kdump sub-header with an impossible note size is named" \
	"$VTD_NOTE" verify "$tmp/dump.kdump"
head -c -100 "$tmp/dump.flat" > "$tmp/cut.flat"
expect_exit 1 'flattened record at offset 0x[0-9a-f]+ \(dump offset 0x[0-9a-f]+, size 0x[0-9a-f]+\) runs past the end of the stream' \
	"a cut flattened stream names the record" \
	"$VTD_NOTE" verify "$tmp/cut.flat"

# --- what is wrong, and where ---
cp "$tmp/area.bin" "$tmp/bad.bin"
printf '\001' | dd of="$tmp/bad.bin" bs=1 seek=60 conv=notrunc 2>/dev/null
expect_exit 1 'checksum mismatch at descriptor offset 0x28' \
	"a flipped byte fails verify with the field named" "$VTD_NOTE" verify "$tmp/bad.bin"
expect_exit 1 'checksum mismatch' "show refuses a corrupt note too" \
	"$VTD_NOTE" show "$tmp/bad.bin"
head -c 4096 /dev/zero > "$tmp/zero.bin"
expect_exit 1 'no KEXEC-VTD note found' "a zero-filled buffer has no note" \
	"$VTD_NOTE" verify "$tmp/zero.bin"
head -c 200 "$tmp/area.bin" > "$tmp/short.bin"
expect_exit 1 'note area at 0x0\+0xc8: note record truncated at offset 0x4' \
	"a cut area names the record" \
	"$VTD_NOTE" verify "$tmp/short.bin"
"$VTD_NOTE" make --size 300 "$data/note/example.json" "$tmp/small.bin"
expect_exit 1 'valid but not complete \(flags truncated\)' \
	"a truncated note fails verify and says so" "$VTD_NOTE" verify "$tmp/small.bin"
expect_exit 0 'flags truncated' "a truncated note still shows" \
	"$VTD_NOTE" show "$tmp/small.bin"
printf '{"units": [{"segment": 1}]}' > "$tmp/nobase.json"
expect_exit 1 'units\[0\]: missing "register_base"' "make names the missing key" \
	"$VTD_NOTE" make "$tmp/nobase.json" "$tmp/x.bin"
printf '{"units": [' > "$tmp/broken.json"
expect_exit 1 'broken.json' "make rejects broken JSON" \
	"$VTD_NOTE" make "$tmp/broken.json" "$tmp/x.bin"

done_testing
