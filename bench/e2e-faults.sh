#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Upstream's faults against the adoption's, measured the same way: the
# e2e's fallback guest (the series' kernel loaded by stock kexec-tools,
# so it does what upstream does) and its adopt guest, each RUNS times on
# the same machine, counted from QEMU's VT-d trace and Linux's log by
# tests/e2e/check.py.  Prints one table row per run and the totals.
#   bench/e2e-faults.sh [--modern] BUILDDIR [RUNS]   (root; about 90 s
#                                                    per run, 130 modern)
# --modern: the same on the modern-server profile (tests/e2e/modern.sh:
# QEMU 10, scalable mode, x2APIC), whose upstream is Debian 13's own
# crash kernel loaded by stock kexec-tools (modern-fallback) and whose
# adoption is the series' kernel with our loader (modern-adopt).
# VTD_BENCH_REJUDGE=1 judges the logs of earlier runs again, no guest.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fb=fallback ad=adopt runner=run.sh
if [ "${1:-}" = --modern ]; then
	fb=modern-fallback ad=modern-adopt runner=modern.sh
	shift
fi
build=$(cd "$1" && pwd)
runs=${2:-5}
work=${VTD_BENCH_OUT:-$build/e2e-faults}
[ "$runner" = run.sh ] || work=${VTD_BENCH_OUT:-$build/e2e-faults-modern}
mkdir -p "$work"
# "# fallback (upstream behaviour): 0 DMA faults, 2 absent-entry lookups
# and 0 non-present IRTE fetches in the QEMU trace, 0 DMA and 0 IRTE
# reports from QEMU, 0 fault lines in the log"
field() { sed -n "s/^# $1[^:]*: \([0-9]*\) DMA faults, \([0-9]*\) absent-entry lookups and \([0-9]*\) non-present IRTE.*, \([0-9]*\) fault lines in the log/\1 \2 \3 \4/p" "$2"; }
printf '| run | upstream: DMA faults | absent-entry lookups | IRTE not present | log lines | adoption: DMA faults | absent-entry lookups | IRTE not present | log lines |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
tu=0 ta=0 wu=0 wa=0 i=1
while [ "$i" -le "$runs" ]; do
	if [ -z "${VTD_BENCH_REJUDGE:-}" ]; then
		VTD_E2E_ONLY="$fb $ad" VTD_E2E_OUT="$work/run$i" \
			sh "$here/../tests/e2e/$runner" "$build" \
			> "$work/run$i.log" 2>&1 || true
	else	# the guests' logs are there: judge them again only
		for v in $fb $ad; do
			python3 "$here/../tests/e2e/check.py" "$work/run$i/$v" \
				"$v" > "$work/run$i/$v.tap" || true
		done
	fi
	set -- $(field $fb "$work/run$i/$fb.tap") \
		$(field $ad "$work/run$i/$ad.tap")
	if [ $# -ne 8 ]; then
		echo "e2e-faults: run $i left no counts (see $work/run$i.log)" >&2
		exit 1
	fi
	printf '| %d | %d | %d | %d | %d | %d | %d | %d | %d |\n' "$i" "$@"
	tu=$((tu + $1 + $3 + $4)) ta=$((ta + $5 + $7 + $8))
	wu=$((wu + $2)) wa=$((wa + $6))
	i=$((i + 1))
done
echo "e2e-faults: $runs runs each: faults (DMA, IRTE, log) upstream $tu, adoption $ta; an entry found absent upstream $wu times, adoption $wa"
