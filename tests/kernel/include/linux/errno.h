/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Userspace <linux/errno.h>: the kernel's numbers, from its UAPI header
 * (which the C library's <errno.h> includes too).
 */
#include_next <linux/errno.h>
