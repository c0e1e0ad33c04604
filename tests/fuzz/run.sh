#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run each libFuzzer target briefly from its seed corpus (ASan + UBSan
# built in).  A crash, a leak or a sanitizer report fails the target; the
# reproducer is kept under tests/fuzz/crashes/ in the build tree.
. "$top_srcdir/tests/lib/tap.sh"

seconds=${FUZZ_SECONDS:-20}
targets="dmar note crash fence walk debugfs elfnote elf makedumpfile flat split"
plan 11

for t in $targets; do
	bin=$top_builddir/tests/fuzz/fuzz_$t
	work=$(mktemp -d)
	crashes=$top_builddir/tests/fuzz/crashes/$t
	mkdir -p "$crashes"
	cp "$top_srcdir/tests/fuzz/corpus/$t"/* "$work/"
	if out=$("$bin" -max_total_time="$seconds" -rss_limit_mb=2048 \
		-max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 \
		"$work" 2>&1); then
		runs=$(printf '%s\n' "$out" | sed -n 's/^stat::number_of_executed_units: *//p')
		ok "fuzz_$t: ${runs:-?} inputs in ${seconds}s, no crash or leak"
	else
		not_ok "fuzz_$t found a bug (reproducer in $crashes)" \
			"$(printf '%s\n' "$out" | tail -40)"
	fi
	rm -rf "$work"
done
done_testing
