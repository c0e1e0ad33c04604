# SPDX-License-Identifier: GPL-2.0-or-later
# kernel/: the Linux 6.12 series, built by check-e2e.
EXTRA_DIST += kernel/README.md kernel/build.sh kernel/mkcore.sh \
	kernel/core.msg kernel/mkglue.sh kernel/glue.msg kernel/hooks.diff \
	kernel/config/e2e.config kernel/series kernel/test
