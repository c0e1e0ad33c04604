#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run each libFuzzer target briefly from its seed corpus (ASan + UBSan
# built in).  A crash, a leak or a sanitizer report fails the target; the
# reproducer is kept under tests/fuzz/crashes/ in the build tree.
. "$top_srcdir/tests/lib/tap.sh"

seconds=${FUZZ_SECONDS:-20}
targets="dmar note crash fence walk debugfs elfnote elf makedumpfile flat split
tables"
plan 12

for t in $targets; do
	bin=$top_builddir/tests/fuzz/fuzz_$t
	work=$(mktemp -d)
	crashes=$top_builddir/tests/fuzz/crashes/$t
	mkdir -p "$crashes"
	cp "$top_srcdir/tests/fuzz/corpus/$t"/* "$work/"
	# fuzz_tables runs libkdumpfile, which trusts what a dump says: it
	# allocates what a header claims (16 GiB, or more than ASan gives:
	# then NULL, which it takes), and a context whose open failed is not
	# freed (mem-kdump.c: freeing it can crash), so its leaks are not
	# ours to count.  tests/data/dumps/libkdumpfile-refuses.kdump is such
	# a header: a seed of it would spend the run in ASan's shadow memory.
	opts=detect_leaks=1 extra= rss=2048
	[ "$t" = tables ] && opts=detect_leaks=0:allocator_may_return_null=1 \
		extra=-malloc_limit_mb=65536 rss=4096
	# shellcheck disable=SC2086 # the options are words
	if out=$(ASAN_OPTIONS=$opts "$bin" $extra \
		-max_total_time="$seconds" -rss_limit_mb=$rss \
		-max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 \
		"$work" 2>&1); then
		runs=$(printf '%s\n' "$out" | sed -n 's/^stat::number_of_executed_units: *//p')
		what="no crash or leak"
		[ "$t" = tables ] && what="no crash (libkdumpfile's leaks not counted)"
		ok "fuzz_$t: ${runs:-?} inputs in ${seconds}s, $what"
	else
		not_ok "fuzz_$t found a bug (reproducer in $crashes)" \
			"$(printf '%s\n' "$out" | tail -40)"
	fi
	rm -rf "$work"
done
done_testing
