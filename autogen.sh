#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bootstrap the build system: autoreconf alone (configure.ac asks
# automake for every auxiliary file, the TAP driver included).
set -e
cd "$(dirname "$0")"
exec autoreconf -fi
