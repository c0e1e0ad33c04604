#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Upstream's faults against the adoption's, measured the same way: the
# e2e's fallback guest (the series' kernel loaded by stock kexec-tools,
# so it does what upstream does) and its adopt guest, each RUNS times on
# the same machine, counted from QEMU's VT-d trace and Linux's log by
# tests/e2e/check.py.  Prints one table row per run and the totals.
#   bench/e2e-faults.sh BUILDDIR [RUNS]   (root; about 90 s per run)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
runs=${2:-5}
work=${VTD_BENCH_OUT:-$build/e2e-faults}
mkdir -p "$work"
# "# fallback (upstream behaviour): 2 DMA fault events and 0 non-present
# IRTE fetches in the QEMU trace, 0 IRTE reports from QEMU, 0 fault lines"
field() { sed -n "s/^# $1[^:]*: \([0-9]*\) DMA fault events and \([0-9]*\) non-present IRTE fetches.*, \([0-9]*\) fault lines in the log/\1 \2 \3/p" "$2"; }
printf '| run | upstream: DMA fault events | IRTE not present | log lines | adoption: DMA fault events | IRTE not present | log lines |\n'
printf '|---|---|---|---|---|---|---|\n'
tu=0 ta=0 i=1
while [ "$i" -le "$runs" ]; do
	VTD_E2E_ONLY="fallback adopt" VTD_E2E_OUT="$work/run$i" \
		sh "$here/../tests/e2e/run.sh" "$build" > "$work/run$i.log" 2>&1 ||
		true
	set -- $(field fallback "$work/run$i/fallback.tap") \
		$(field adopt "$work/run$i/adopt.tap")
	if [ $# -ne 6 ]; then
		echo "e2e-faults: run $i left no counts (see $work/run$i.log)" >&2
		exit 1
	fi
	printf '| %d | %d | %d | %d | %d | %d | %d |\n' "$i" "$@"
	tu=$((tu + $1 + $2 + $3)) ta=$((ta + $4 + $5 + $6))
	i=$((i + 1))
done
echo "e2e-faults: $runs runs each: upstream $tu fault events and lines in all, the adoption $ta"
