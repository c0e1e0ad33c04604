#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Put a host file into the guest's ext4 image, or take one out, with
# debugfs (e2fsprogs): no mount, no root loop device.  Directories on the
# way are created.
#   inject.sh IMAGE GUESTPATH [HOSTFILE]
set -eu
img=$1 dest=$2 src=${3:-}
dir=$(dirname "$dest") base=$(basename "$dest")
cmds=$(mktemp)
trap 'rm -f "$cmds"' EXIT
# mkdir of an existing directory fails harmlessly; debugfs goes on.
p=
for part in $(echo "$dir" | tr / ' '); do
	p=$p/$part
	echo "mkdir $p" >> "$cmds"
done
echo "cd $dir" >> "$cmds"
echo "rm $base" >> "$cmds"
[ -z "$src" ] || echo "write $src $base" >> "$cmds"
debugfs -w -f "$cmds" "$img" > /dev/null 2>&1 || true
# Judge by the result, not by debugfs's exit status (it reports the
# harmless failures above too).
if [ -n "$src" ]; then
	debugfs -R "cat $dest" "$img" 2>/dev/null | cmp -s - "$src" || {
		echo "inject: cannot write $dest into $img" >&2
		exit 1
	}
fi
