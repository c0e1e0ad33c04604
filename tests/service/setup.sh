#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what the service tier needs on the host from Debian's archive
# (run as root).  Nothing here adds a suite to the host's apt: the guests'
# suites (bookworm, trixie) are fetched by mmdebstrap, which takes the
# suite and the mirror itself.
set -eu
# debhelper (with dpkg-dev): make deb, whose .debs the guests install.
pkgs="mmdebstrap debian-archive-keyring e2fsprogs qemu-system-x86
makedumpfile python3 debhelper"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "service setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Another apt process may hold the lock for a moment: retry a few times.
for try in 1 2 3 4 5; do
	# shellcheck disable=SC2086
	if apt-get update -q && apt-get install -y -q --no-install-recommends $missing; then
		exit 0
	fi
	echo "service setup: apt-get failed (try $try), retrying" >&2
	sleep 10
done
exit 1
