#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The .deb against dpkg itself, in throwaway Debian roots (mmdebstrap,
# cached under /var/cache/kexec-vtd/dist): installed, kexec-tools' kexec
# is diverted and the name kdump-config runs leads to our loader, which
# runs and hands on to kexec-tools; removed or purged, kexec-tools'
# binary is back under its own name byte for byte and dpkg --verify is
# clean.  Roots: bookworm (kexec-tools ships /sbin/kexec, merged /usr),
# bookworm with a split /usr, trixie (kexec-tools ships /usr/sbin/kexec),
# and bookworm upgraded to trixie's kexec-tools while we are installed,
# the /usr move that a naive divert loses the binary in.
#   deb-install.sh [DEBDIR]     (default $DEB_DIR; root, mmdebstrap, and
#                                the network the first time)
. "$top_srcdir/tests/lib/tap.sh"

debdir=${1:-${DEB_DIR:?}}
cache=${VTD_CACHE:-/var/cache/kexec-vtd}/dist
loader=/usr/sbin/kexec-vtd
plan_n=38

plan $plan_n
if [ "$(id -u)" -ne 0 ]; then
	tap_skip_rest "needs root (chroot, dpkg in the roots)"
fi
if ! tap_have mmdebstrap dpkg-buildpackage dh; then
	tap_skip_rest "needs mmdebstrap, dpkg-dev and debhelper (install-deps --test)"
fi
deb=$(ls "$debdir"/kexec-vtd_*_amd64.deb | head -1)
note_deb=$(ls "$debdir"/vtd-note_*_amd64.deb | head -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$cache"

# A root with kdump-tools and the libraries our packages link, as a
# tarball keyed by what went into it (about 3 minutes to make here, 150
# MB).  The .debs stay in its apt cache: trixie's kexec-tools is taken
# from there for the upgrade.
# root SUITE LAYOUT (merged|split) DIR
root()
{
	suite=$1 layout=$2 dir=$3
	pkgs="kexec-tools kdump-tools libelf1 libjson-c5 libkdumpfile10 zlib1g"
	opts="--variant=minbase --skip=cleanup/apt/cache"
	key=$(printf '%s %s %s %s\n' "$suite" "$layout" "$pkgs" "$opts" |
		sha256sum | cut -c1-16)
	tar=$cache/$suite-$layout-$key.tar
	if [ ! -f "$tar" ]; then
		hook=
		[ "$layout" = split ] &&
			hook=--hook-dir=/usr/share/mmdebstrap/hooks/no-merged-usr
		mmdebstrap --quiet $opts $hook \
			--include="$(echo $pkgs | tr ' ' ,)" \
			"$suite" "$tar.new.tar" \
			http://deb.debian.org/debian > "$tmp/mmdebstrap.log" 2>&1 || {
			cat "$tmp/mmdebstrap.log" >&2
			return 1
		}
		mv "$tar.new.tar" "$tar"
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -C "$dir" -xf "$tar" || return 1
	cp "$deb" "$note_deb" "$dir/tmp/"
}

in_root()
{
	chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# The path kdump-config runs kexec by, from its own text.
kdump_kexec()
{
	sed -n 's/^KEXEC=//p' "$R/usr/sbin/kdump-config" | head -1
}

# check_restored DESC NAME SHA256: after removal or purge, NAME is
# kexec-tools' again, a file with the sum it had, and nothing of ours is
# left.
check_restored()
{
	desc=$1 name=$2 sum=$3
	got=$(in_root sh -c "[ -f $name ] && [ ! -L $name ] &&
		sha256sum $name | cut -d' ' -f1")
	left=$(in_root sh -c 'dpkg-divert --list "*kexec*";
		ls /usr/sbin/kexec.* /sbin/kexec.* /usr/sbin/kexec-vtd 2>/dev/null')
	owner=$(in_root dpkg-query -S "$name" 2>&1)
	verify=$(in_root dpkg --verify kexec-tools 2>&1)
	if [ "$got" = "$sum" ] && [ -z "$left" ] && [ -z "$verify" ] &&
		[ "$owner" = "kexec-tools: $name" ]; then
		ok "$desc"
	else
		not_ok "$desc" "sha256 $got, want $sum" "left over: $left" \
			"dpkg -S: $owner" "dpkg --verify: $verify"
	fi
}

sha()
{
	sha256sum "$1" 2> /dev/null | cut -d' ' -f1
}

# install_ours DESC: dpkg -i both packages.
install_ours()
{
	if out=$(in_root dpkg -i /tmp/${note_deb##*/} /tmp/${deb##*/} 2>&1); then
		ok "$1"
	else
		not_ok "$1" "$out"
	fi
}

# check_diverted T NAME TARGET SUM VERSION: installed, kexec-tools'
# binary (sha256 SUM) lies at TARGET and the name kdump-config runs is
# ours; VERSION ("" when it cannot run here) is what kexec-tools says.
check_diverted()
{
	t=$1 name=$2 target=$3 sum=$4 version=$5
	same "$t: both names diverted, each to a file of its own" \
		"$(in_root dpkg-divert --list '*kexec*' | sort)" \
		"diversion of /sbin/kexec to /sbin/kexec.kexec-tools.usr-is-merged by kexec-vtd
diversion of /usr/sbin/kexec to /usr/sbin/kexec.kexec-tools by kexec-vtd"
	same "$t: kexec-tools' binary, unchanged, at $target" \
		"$(sha "$R$target")" "$sum"
	kexec=$(kdump_kexec)
	same "$t: kdump-config's KEXEC=$kexec leads to the loader" \
		"$(in_root readlink -f "$kexec")" $loader
	same "$t: the loader answers there" \
		"$(in_root "$kexec" --vtd-handover --version 2>&1)" \
		"kexec (kexec-vtd) $(dpkg-deb -f "$deb" Version | sed 's/-[^-]*$//')"
	if [ -n "$version" ]; then
		same "$t: anything else goes to kexec-tools" \
			"$(in_root "$kexec" --version 2>&1)" "$version"
	fi
	same "$t: dpkg --verify kexec-tools is clean while diverted" \
		"$(in_root dpkg --verify kexec-tools 2>&1)" ""
}

# round_trip SUITE LAYOUT NAME TARGET VERSION: NAME is where this
# kexec-tools ships kexec, TARGET where the divert must put it, VERSION
# what its --version prints.
round_trip()
{
	suite=$1 layout=$2 name=$3 target=$4 version=$5
	t="$suite, $layout /usr"
	R=$tmp/$suite-$layout
	if ! root "$suite" "$layout" "$R"; then
		not_ok "$t: mmdebstrap $suite"
		return
	fi
	sum=$(sha "$R$name")
	same "$t: kexec-tools ships kexec as $name" \
		"$(in_root dpkg-query -L kexec-tools | grep -x "$name")" "$name"
	same "$t: /sbin is $([ $layout = merged ] && echo 'a link' ||
		echo 'a directory')" \
		"$([ -L "$R/sbin" ] && echo merged || echo split)" "$layout"
	install_ours "$t: dpkg -i vtd-note kexec-vtd"
	check_diverted "$t" "$name" "$target" "$sum" "$version"
	in_root dpkg -r kexec-vtd > "$tmp/remove.log" 2>&1
	check_restored "$t: dpkg -r: $name is kexec-tools' again, byte for byte" \
		"$name" "$sum"
	in_root dpkg -i /tmp/${deb##*/} > "$tmp/reinstall.log" 2>&1
	in_root dpkg -P kexec-vtd > "$tmp/purge.log" 2>&1
	check_restored "$t: installed again, dpkg -P: the same" "$name" "$sum"
	rm -rf "$R"
}

# upgrade_kexec_tools: on a bookworm root with kexec-vtd installed,
# trixie's kexec-tools (taken from the trixie root's apt cache) replaces
# bookworm's: the binary moves from /sbin/kexec to /usr/sbin/kexec, dpkg
# unpacks it to the first name's target and deletes the old name's file
# through the second; both must survive as they should.
upgrade_kexec_tools()
{
	t="bookworm, kexec-tools upgraded to trixie's while diverted"
	R=$tmp/upgrade
	new=$(tar -tf "$cache"/trixie-merged-*.tar 2> /dev/null |
		grep '/var/cache/apt/archives/kexec-tools_.*\.deb$' | head -1)
	if [ -z "$new" ] || ! root bookworm merged "$R"; then
		not_ok "$t: no trixie kexec-tools .deb or bookworm root"
		return
	fi
	tar -C "$R/tmp" --strip-components=5 -xf "$cache"/trixie-merged-*.tar \
		"$new"
	new=/tmp/${new##*/}
	dpkg-deb --fsys-tarfile "$R$new" |
		tar -C "$tmp" -x ./usr/sbin/kexec
	sum=$(sha "$tmp/usr/sbin/kexec")
	install_ours "$t: dpkg -i vtd-note kexec-vtd"
	# Its libc and libxenmisc are trixie's: only the files matter here.
	out=$(in_root env DEBIAN_FRONTEND=noninteractive \
		dpkg -i --force-depends "$new" 2>&1)
	same "$t: dpkg -i kexec-tools 2.0.29" \
		"$(in_root dpkg-query -W -f '${Version}' kexec-tools)" \
		"$(dpkg-deb -f "$R$new" Version)"
	same "$t: its binary at /usr/sbin/kexec.kexec-tools, the old one gone" \
		"$(sha "$R/usr/sbin/kexec.kexec-tools") $(ls "$R/sbin/kexec.kexec-tools.usr-is-merged" 2>&1 | grep -c 'No such')" \
		"$sum 1"
	same "$t: kdump-config's /sbin/kexec still leads to the loader" \
		"$(in_root readlink -f /sbin/kexec)" $loader
	in_root dpkg -r kexec-vtd > "$tmp/remove.log" 2>&1
	check_restored "$t: dpkg -r: /usr/sbin/kexec is the new kexec-tools'" \
		/usr/sbin/kexec "$sum"
	rm -rf "$R"
}

round_trip bookworm merged /sbin/kexec /sbin/kexec.kexec-tools.usr-is-merged \
	"kexec-tools 2.0.25"
round_trip bookworm split /sbin/kexec /sbin/kexec.kexec-tools.usr-is-merged \
	"kexec-tools 2.0.25"
round_trip trixie merged /usr/sbin/kexec /usr/sbin/kexec.kexec-tools \
	"kexec-tools 2.0.29"
upgrade_kexec_tools
