# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the tests of vtd-note tables and the drgn helper (#23): the
# crashed machine mktables.py lays out, as an ELF dump in $tmp/dump (its
# memory in $tmp/mem, loaded at $base).  Needs $tmp, VTD_NOTE, MKCORE.
base=$("${PYTHON3:-python3}" "$top_srcdir/tests/tools/mktables.py" \
	"$tmp/note.json" "$tmp/mem") &&
	"$VTD_NOTE" make "$tmp/note.json" "$tmp/area" &&
	"$MKCORE" "$tmp/dump" "$tmp/area" "$tmp/mem" "$base" ||
	bail_out "could not make the test dump"
