# SPDX-License-Identifier: GPL-2.0-or-later
# Minimal TAP for shell tests: plan N; ok DESC; not_ok DESC WHY;
# check DESC CMD... (ok when CMD succeeds); skip DESC WHY.
tap_n=0
tap_fail=0

plan()
{
	echo "1..$1"
}

ok()
{
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

not_ok()
{
	tap_n=$((tap_n + 1))
	tap_fail=$((tap_fail + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
}

skip()
{
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

check()
{
	desc=$1
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc" "command: $*" "$out"
	fi
}

done_testing()
{
	exit 0
}
