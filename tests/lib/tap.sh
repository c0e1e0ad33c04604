# SPDX-License-Identifier: GPL-2.0-or-later
# Minimal TAP for shell tests: plan N; ok DESC; not_ok DESC WHY;
# check DESC CMD... (ok when CMD succeeds); skip DESC WHY.
tap_n=0
tap_fail=0

plan()
{
	tap_plan=$1
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

# same DESC GOT WANT: one check, both values shown when they differ.
same()
{
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "got:  $2" "want: $3"
	fi
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

# tap_have CMD...: every command is on PATH.
tap_have()
{
	for c in "$@"; do
		command -v "$c" > /dev/null 2>&1 || return 1
	done
}

# tap_skip_rest WHY: skip what is left of the plan, say why, and exit.
# Needs the plan's count in tap_plan (plan sets it).
tap_skip_rest()
{
	while [ "$tap_n" -lt "$tap_plan" ]; do
		skip "$(basename "$0")" "$1"
	done
	exit 0
}
