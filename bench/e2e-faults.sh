#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Upstream beside the handover (#22): pairs of e2e guests, the same
# machine and crash, one whose crash kernel does what upstream does and
# one with ours, each run RUNS times, judged by tests/e2e/check.py from
# QEMU's trace and the guests' logs.  Prints one table row per variant
# (each cell: the runs' values in order, or how many of them) and keeps
# every run's logs in $VTD_BENCH_OUT (BUILDDIR/e2e-faults).
#   bench/e2e-faults.sh [--icount] [--modern | --pairs "PAIR..."] BUILDDIR [RUNS]
# RUNS defaults to 3; root; about 11 minutes a run of all six pairs here
# (upstream's stray-pt guest waits out its 150 s timeout).
# The pairs (upstream's variant, then ours; tests/e2e/run.sh and
# modern.sh say what each guest is):
#   legacy      fallback, adopt: QEMU 7.2; the series' kernel loaded by
#               stock kexec-tools (no note: upstream's copy) or by ours
#   modern      modern-fallback, modern-adopt: QEMU 10, scalable mode;
#               upstream is Debian 13's own crash kernel
#   sm-off      modern-sm-off-stock, modern-sm-off-adopt: the crash
#               kernel booted intel_iommu=sm_off (#22, 3)
#   sm-on       modern-sm-on-stock, modern-sm-on-adopt: the first kernel
#               booted sm_off, the crash kernel sm_on
#   stray-pt    stray-pt-stock, stray-pt-adopt: a pass-through first
#               kernel's NIC descriptors pointed at the crash kernel's
#               memory just before the crash
#   stray-leaf  stray-leaf-stock, stray-leaf-adopt: the IOMMU leaves of
#               a translated first kernel's NIC buffers pointed there
# All of them by default; --modern is --pairs modern.
# VTD_BENCH_REJUDGE=1 judges the logs of earlier runs again, no guest.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# pair upstream-variant its-kind ours-variant its-kind
table="legacy fallback fallback adopt adopt
modern modern-fallback modern-fallback modern-adopt modern-adopt
sm-off modern-sm-off-stock modern-sm-off-stock modern-sm-off-adopt modern-sm-off-adopt
sm-on modern-sm-on-stock modern-sm-on-stock modern-sm-on-adopt modern-sm-on-adopt
stray-pt stray-pt-stock stray-fallback stray-pt-adopt stray-adopt
stray-leaf stray-leaf-stock stray-fallback stray-leaf-adopt stray-adopt"
pairs=$(echo "$table" | cut -d' ' -f1)
# --icount: the guests in QEMU's deterministic virtual time (-icount
# shift=5: 32 ns an instruction, idle time skipped; one vCPU), their
# crash kernels timing their initcalls: the time columns are then
# virtual ones.
while :; do
	case ${1:-} in
	--modern) pairs=modern; shift ;;
	--pairs) pairs=$2; shift 2 ;;
	--icount)
		# One vCPU: with -icount QEMU runs the vCPUs in turn, and
		# Linux's bring-up of a second one stalls.
		VTD_E2E_ICOUNT=shift=5,align=off,sleep=off
		VTD_E2E_APPEND_EXTRA=e2e_timing VTD_E2E_SMP=1
		export VTD_E2E_ICOUNT VTD_E2E_APPEND_EXTRA VTD_E2E_SMP
		shift ;;
	*) break ;;
	esac
done
build=$(cd "$1" && pwd)
runs=${2:-3}
work=${VTD_BENCH_OUT:-$build/e2e-faults}
mkdir -p "$work"
rows=$(echo "$table" | while read -r p up upk ours oursk; do
	for want in $pairs; do
		if [ "$want" = "$p" ]; then
			echo "$p $up $upk upstream"
			echo "$p $ours $oursk ours"
		fi
	done
done)
[ -n "$rows" ] || { echo "e2e-faults: no pair among: $pairs" >&2; exit 2; }
only=$(echo "$rows" | cut -d' ' -f2 | tr '\n' ' ')
i=1
while [ "$i" -le "$runs" ]; do
	if [ -z "${VTD_BENCH_REJUDGE:-}" ]; then
		echo "e2e-faults: run $i of $runs: $only" >&2
		VTD_E2E_ONLY="$only" VTD_E2E_OUT="$work/run$i" \
			sh "$here/../tests/e2e/run.sh" "$build" \
			> "$work/run$i.log" 2>&1 || true
	else	# the guests' logs are there: judge them again only
		echo "$rows" | while read -r p v kind who; do
			python3 "$here/../tests/e2e/check.py" "$work/run$i/$v" \
				"$kind" "$v" > "$work/run$i/$v.tap" || true
		done
	fi
	i=$((i + 1))
done
# check.py's "# record VARIANT: key value ..." line of each run, one
# column per key: the runs' values joined by "/", booleans counted.
echo "$rows" | while read -r p v kind who; do
	i=1 recs=
	while [ "$i" -le "$runs" ]; do
		r=$(sed -n "s/^# record $v: //p" "$work/run$i/$v.tap" 2>/dev/null)
		[ -n "$r" ] || r="missing 1"
		recs="$recs$r
"
		i=$((i + 1))
	done
	printf '%s' "$recs" | awk -v p="$p" -v v="$v" -v who="$who" -v n="$runs" '
	{
		for (f = 1; f < NF; f += 2) {
			k = $f; val = $(f + 1)
			if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
			col[k] = col[k] (NR > 1 ? "/" : "") val
			if (val == 1) yes[k]++
		}
	}
	END {
		if ("missing" in seen) {
			printf "| %s | %s (%s) | %d | no record: see its run logs |\n", p, v, who, n
			exit
		}
		printf "| %s | %s (%s) | %d/%d | %s | %s |", p, v, who, yes["dump"] + 0, n,
		    v ~ /^stray-/ ? "-" : (yes["nic"] + 0) "/" n, col["translation"]
		split("dma absent blocked irte log stray-landed corrupt iommu-pages memfree-kb uptime iommu-init-us panic-to-init-ms", ks, " ")
		for (j = 1; j <= 12; j++)
			printf " %s |", col[ks[j]]
		printf "\n"
	}'
done > "$work/table.md"
{
	echo "| pair | variant (whose crash kernel) | dump saved | NIC works | translation in the crash kernel | DMA faults | absent-entry lookups | lookups of blocked devices | IRTE not present | fault lines in the log | stray writes landed | corrupted-memory reports | IOMMU pages | MemFree KiB | uptime at init (s) | pci_iommu_init (µs) | crash to init (ms) |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	cat "$work/table.md"
} | tee "$work/table.full.md"
echo "e2e-faults: $runs runs of each; every cell lists the runs in order; logs in $work" >&2
