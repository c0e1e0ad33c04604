# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the tests of vtd-note tables and the drgn helper (#23): the
# crashed machine mktables.py lays out, as an ELF dump in $tmp/dump (its
# memory in $tmp/mem, loaded at $base).  Needs $tmp, VTD_NOTE, MKCORE.
# machine DIR [--segments] makes another in DIR (its scalable unit in
# segment 1).
machine()
{
	base=$("${PYTHON3:-python3}" "$top_srcdir/tests/tools/mktables.py" \
		"$1/note.json" "$1/mem" ${2:+"$2"}) &&
		"$VTD_NOTE" make "$1/note.json" "$1/area" &&
		"$MKCORE" "$1/dump" "$1/area" "$1/mem" "$base" ||
		bail_out "could not make the test dump in $1"
}
machine "$tmp"
