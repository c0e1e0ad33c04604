#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The function NAME, with the comment above it, as DIFF adds it to a file
# of the driver, so that a test builds the very lines the kernel patch
# carries (for a fix that lives inside a driver file, not in a file of
# its own):
#   added-function.sh DIFF NAME > OUT
# Fails, saying so, when DIFF adds no such function.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 DIFF NAME" >&2; exit 2; }
awk -v name="$2" '
	!/^\+/ { if (!on) held = ""; if (on) exit; next }
	{ line = substr($0, 2) }
	!on && line ~ /^\/\*/ { held = "" }
	!on && line ~ "^(static )?[a-z_ ]+[ *]" name "\\(" { on = 1 }
	!on { held = held line "\n"; next }
	{ held = held line "\n" }
	on && line == "}" { printf "%s", held; found = 1; exit }
	END { if (!found) exit 1 }' "$1" || {
	echo "added-function.sh: $1 adds no function $2" >&2
	exit 1
}
