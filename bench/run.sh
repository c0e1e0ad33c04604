#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the benchmarks and print their figures.  Nothing here passes or
# fails on time: the numbers are for people and for issue notes.
#   bench/run.sh BUILDDIR
set -eu
build=${1:-build}

"$build/bench/bench_sim"

# Instructions per translation: the difference between two runs under
# callgrind divided by the difference in translations, so set-up costs
# cancel out.  Deterministic for a given binary.
if command -v valgrind > /dev/null; then
	ir()
	{
		valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			"$build/bench/bench_sim" "$1" 2>&1 |
			sed -n 's/.*Collected : *//p'
	}
	a=$(ir 100000)
	b=$(ir 300000)
	echo "bench_sim: $(( (b - a) / 200000 )) instructions per cached translation (callgrind: $a and $b for 100000 and 300000)"
else
	echo "bench_sim: valgrind not installed; no instruction count"
fi
