#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A Debian 13 root with crash 8.0.6, for the analyst's checks (#23): the
# extension must load in trixie's crash as in bookworm's 8.0.2, which
# cannot run on this bookworm host (trixie's glibc).  mmdebstrap makes
# it once into a tarball cached under the e2e cache, keyed by what goes
# in; each call unpacks it into DIR.  With DEB (vtd-note's .deb, built
# by make check-pkg), the package is installed into the root: crash then
# finds vtd.so where the .deb put it.  Prints DIR.
#   crash-trixie.sh DIR [DEB]
set -eu
dir=$1 deb=${2:-}
cache=${VTD_E2E_CACHE:-/var/cache/kexec-vtd}/e2e
pkgs="crash libelf1t64 libjson-c5 libkdumpfile10 zlib1g"
opts="--variant=minbase"
key=$(printf '%s %s\n' "$pkgs" "$opts" | sha256sum | cut -c1-16)
tar=$cache/crash-trixie-$key.tar
mkdir -p "$cache"
if [ ! -f "$tar" ]; then
	command -v mmdebstrap > /dev/null || {
		echo "crash-trixie: no mmdebstrap (install-deps --test)" >&2
		exit 1
	}
	# shellcheck disable=SC2086 # the options are words
	mmdebstrap --quiet $opts --include="$(echo $pkgs | tr ' ' ,)" \
		trixie "$tar.new.tar" http://deb.debian.org/debian >&2
	mv "$tar.new.tar" "$tar"
fi
rm -rf "$dir"
mkdir -p "$dir"
tar -C "$dir" -xf "$tar"
if [ -n "$deb" ]; then
	cp "$deb" "$dir/tmp/"
	chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		dpkg -i "/tmp/$(basename "$deb")" >&2
fi
echo "$dir"
