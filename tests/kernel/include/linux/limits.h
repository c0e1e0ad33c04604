/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Userspace <linux/limits.h>: the UAPI header (the C library's <limits.h>
 * includes it) and the kernel's U*_MAX.
 */
#ifndef TWIN_LINUX_LIMITS_H
#define TWIN_LINUX_LIMITS_H

#include_next <linux/limits.h>
#include <stdint.h>

#define U16_MAX UINT16_MAX
#define U32_MAX UINT32_MAX
#define U64_MAX UINT64_MAX

#endif
