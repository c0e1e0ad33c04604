#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The drgn helper (tools/drgn/vtd_drgn.py, #23) against vtd-note tables
# on the crashed machine mktables.py lays out: the helper walks the tables
# in Python from the specification's formats, vtd-note in C (lib/walk.c),
# and every answer must be the same text.  drgn's program is stood in
# for by the dump's memory (prog.read(addr, size, physical=True) is all
# the helper reads of it when the dump has a note); python3-drgn's
# FaultError is the real one.
. "$top_srcdir/tests/lib/tap.sh"

: "${VTD_NOTE:?}" "${MKCORE:?}"
py=/usr/bin/python3
if ! "$py" -c 'import drgn' 2> /dev/null; then
	plan 1
	skip "the drgn helper answers as vtd-note tables does" \
		"no python3-drgn (scripts/install-deps --test installs it)"
	done_testing
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$top_srcdir/tests/tools/machine.sh"

# compare DIR ARGS...: the helper and vtd-note on DIR's machine.
compare()
{
	dir=$1
	shift
	# What could not be walked goes to stderr, after the program's
	# name: compared apart, without it.
	want=$("$VTD_NOTE" tables "$dir/dump" "$@" 2> "$tmp/want.err")
	want_err=$(sed 's/^[^:]*: //' "$tmp/want.err")
	got=$(VTD_DUMP=$dir/dump VTD_NOTE=$VTD_NOTE "$py" - "$dir/mem" "$base" \
		"$top_srcdir/tools/drgn/vtd_drgn.py" "$@" 2> "$tmp/got.err" <<'PY'
import sys
import drgn

mem = open(sys.argv[1], 'rb').read()
base = int(sys.argv[2], 0)


class Prog:
    """The dump's memory as drgn's Program reads it."""

    def read(self, addr, size, physical=False):
        assert physical
        if addr < base or addr + size > base + len(mem):
            raise drgn.FaultError('not in the dump', addr)
        return mem[addr - base:addr - base + size]


helper = {}
exec(open(sys.argv[3]).read(), helper)
sys.exit(helper['main'](Prog(), sys.argv[4:]))
PY
)
	got_err=$(sed 's/^[^:]*: //' "$tmp/got.err")
	if [ "$got" = "$want" ] && [ "$got_err" = "$want_err" ] &&
	   [ -n "$got" ]; then
		ok "vtd tables $*: the drgn helper prints what vtd-note prints"
	else
		not_ok "vtd tables $*: the drgn helper prints what vtd-note prints" \
			"" "$(printf 'vtd-note:\n%s\n%s\ndrgn helper:\n%s\n%s' \
			"$want" "$want_err" "$got" "$got_err")"
	fi
}

plan 17
for args in "-d" "-d 00:05.0" "-t 00:02.0 0x1abc" "-t 00:02.0 0x2fffff" \
	"-t 00:02.0 0x40000000" "-t 00:02.0 0x80000000" "-t 00:03.0 0x99" \
	"-r 0x1100040" "-i" "-d 03:11.0" "-t 03:02.0 0x5abc" "-r 0x1300010"; do
	# shellcheck disable=SC2086 # the options are words
	compare "$tmp" $args
done
# Two PCI segments, 00:02.0 in each: the segment named or not.
mkdir "$tmp/seg"
machine "$tmp/seg" --segments
for args in "-d 00:02.0" "-t 0001:00:02.0 0x5abc" "-t 0000:00:02.0 0x1abc" \
	"-t 00:02.0 0x1abc" "-d 0002:00:02.0"; do
	# shellcheck disable=SC2086
	compare "$tmp/seg" $args
done
done_testing
