#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the benchmarks and print their figures.  Nothing here passes or
# fails on time: the numbers are for people and for issue notes.
#   bench/run.sh BUILDDIR
# Instruction counts come from callgrind, as the difference between two
# runs of different lengths, so set-up costs cancel; they do not depend
# on the machine's load.  The snapshot's cycles (TSC, medians of 101
# runs) do: run it twice on a busy machine and look at the spread.
set -eu
build=${1:-build}

"$build/bench/bench_sim"

# Load time against kexec-tools, measured in the e2e guest (QEMU TCG,
# the same kernel, initrd and command line, one after the other).
# Without that log (no e2e run yet) the rest still runs.
log=$build/e2e/handover/serial.log
line=
if [ -r "$log" ]; then
	line=$(sed -n 's/^E2E: load-seconds ours \([0-9.]*\) kexec-tools \([0-9.]*\)/\1 \2/p' \
		"$log") || line=
fi
if [ -n "$line" ]; then
	echo "$line" | awk -v f="$log" '{ printf "bench_load: kexec -p --vtd-handover %s s, kexec-tools kexec -p %s s: ratio %.2f (%s)\n", $1, $2, $1 / $2, f }'
elif [ -r "$log" ]; then
	echo "bench_load: no load figure: $log has no 'E2E: load-seconds' line"
else
	echo "bench_load: no load figure: no $log (make check-e2e measures the load in the guest)"
fi

vg=yes
if ! command -v valgrind > /dev/null; then
	echo "bench: valgrind not installed; no instruction counts"
	vg=
fi

# ir PROGRAM ARGS... N: instructions of a whole run with N iterations.
ir()
{
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 |
		sed -n 's/.*Collected : *//p'
}

# The cycle counts run on one CPU (the last this shell may use), so that
# no run moves to another core's caches half-way.
pin=
cpu=$(taskset -cp $$ 2>/dev/null | sed -n 's/.*[^0-9]\([0-9][0-9]*\)$/\1/p') ||
	cpu=
[ -z "$cpu" ] || pin="taskset -c $cpu"

if [ -n "$vg" ]; then
	a=$(ir "$build/bench/bench_sim" 100000)
	b=$(ir "$build/bench/bench_sim" 300000)
	echo "bench_sim: $(( (b - a) / 200000 )) instructions per cached translation"
fi

# The snapshot and the plain read of the same table bytes are both built
# with purgatory's flags; memcpy is glibc's (vector registers).
for size in small large; do
	if [ -n "$vg" ]; then
		bytes=$("$build/bench/bench_snapshot" $size snapshot 1 |
			sed -n 's/.*pages (\([0-9]*\) bytes).*/\1/p')
		s2=$(ir "$build/bench/bench_snapshot" $size snapshot 2)
		s6=$(ir "$build/bench/bench_snapshot" $size snapshot 6)
		r2=$(ir "$build/bench/bench_snapshot" $size read 2)
		r6=$(ir "$build/bench/bench_snapshot" $size read 6)
		m2=$(ir "$build/bench/bench_snapshot" $size memcpy 2)
		m6=$(ir "$build/bench/bench_snapshot" $size memcpy 6)
		c2=$(ir "$build/bench/bench_snapshot" $size crc 2)
		c6=$(ir "$build/bench/bench_snapshot" $size crc 6)
		snap=$(( (s6 - s2) / 4 ))
		rd=$(( (r6 - r2) / 4 ))
		copy=$(( (m6 - m2) / 4 ))
		crc=$(( (c6 - c2) / 4 ))
		awk -v s=$snap -v r=$rd -v m=$copy -v c=$crc -v b=$bytes \
			-v n=$size 'BEGIN {
			printf "bench_snapshot %s: %d table bytes read; snapshot %d instructions (%.3f per byte), plain read %d (%.3f per byte): %.2fx read; glibc memcpy %d (%.3f per byte): %.2fx memcpy; of which the note'"'"'s CRC-32 %d (%.2fx memcpy)\n",
				n, b, s, s / b, r, r / b, s / r, m, m / b, s / m, c, c / m }'
	fi
	$pin "$build/bench/bench_snapshot" $size cycles 101
	$pin "$build/bench/bench_snapshot" $size parts 101
done

# The first kernel's own snapshot at panic (#20): the same code built as
# the kernel builds it, against purgatory's, on the large world: the
# instructions of one snapshot each, and the cycles side by side.
if [ -n "$vg" ]; then
	p2=$(ir "$build/bench/bench_snapshot" large snapshot 2)
	p6=$(ir "$build/bench/bench_snapshot" large snapshot 6)
	k2=$(ir "$build/bench/bench_snapshot" large kernel 2)
	k6=$(ir "$build/bench/bench_snapshot" large kernel 6)
	awk -v p=$(( (p6 - p2) / 4 )) -v k=$(( (k6 - k2) / 4 )) 'BEGIN {
		printf "bench_snapshot large: the kernel'"'"'s snapshot %d instructions, purgatory'"'"'s %d: %.2fx\n",
			k, p, k / p }'
fi
$pin "$build/bench/bench_snapshot" large takers 101

[ -n "$vg" ] || exit 0

# Adoption: instructions per adoption of one unit, by device count, in
# legacy and in scalable mode (#13), and per device past the fixed cost
# (the difference between 100 and 1000 devices, over 900; #21, 10).
# Callgrind counts each byte a "rep stosb" clears as an instruction, and
# glibc clears the model's new 4 KiB pages (the context tables, which the
# kernel gets zeroed from its allocator) with it: glibc is told to use
# its vector loop, which callgrind counts as the instructions they are.
for mode in legacy scalable; do
	per100=
	for nr in 10 100 1000; do
		a=$(GLIBC_TUNABLES=glibc.cpu.x86_rep_stosb_threshold=0x1000000 \
			ir "$build/bench/bench_adopt" $nr 2 $mode)
		b=$(GLIBC_TUNABLES=glibc.cpu.x86_rep_stosb_threshold=0x1000000 \
			ir "$build/bench/bench_adopt" $nr 6 $mode)
		echo "bench_adopt $mode: $nr devices: $(( (b - a) / 4 )) instructions per adoption ($(( (b - a) / 4 / nr )) per device)"
		[ "$nr" -ne 100 ] || per100=$(( (b - a) / 4 ))
		[ "$nr" -ne 1000 ] ||
			echo "bench_adopt $mode: $(( ((b - a) / 4 - per100) / 900 )) instructions per device past the fixed cost"
	done
done

# The fence's walk of one device's tables (#22, 1): instructions per
# walk and per mapped page, for 1 and 16 GiB mapped in 4 KiB pages and
# 16 GiB in 2 MiB and 1 GiB pages.
for case in "1 12" "16 12" "16 21" "16 30"; do
	set -- $case
	a=$(ir "$build/bench/bench_fence" "$1" "$2" 1)
	b=$(ir "$build/bench/bench_fence" "$1" "$2" 3)
	pages=$(( $1 << (30 - $2) ))
	case $2 in 12) size="4 KiB" ;; 21) size="2 MiB" ;; *) size="1 GiB" ;; esac
	echo "bench_fence: $1 GiB in $size pages: $(( (b - a) / 2 )) instructions per walk, $(( (b - a) / 2 / pages )) per mapped page"
done
