/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/build_bug.h>: static_assert, as C11 spells it. */
#ifndef TWIN_LINUX_BUILD_BUG_H
#define TWIN_LINUX_BUILD_BUG_H

#include <assert.h>

#endif
