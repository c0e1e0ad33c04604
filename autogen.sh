#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bootstrap the build system.  automake ships tap-driver.sh but installs it
# only on request; take it from the installed automake.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
cp -f "$(automake --print-libdir)/tap-driver.sh" build-aux/
autoreconf -fi
