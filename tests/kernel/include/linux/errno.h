/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Userspace <linux/errno.h>: x86-64 Linux numbers, as the kernel's.
 * From <asm/errno.h>, not <errno.h>: the C library's <errno.h> takes its
 * numbers from <linux/errno.h>, which with tests/kernel/include on the
 * path is this file, so going through it would define none.
 */
#ifndef TWIN_LINUX_ERRNO_H
#define TWIN_LINUX_ERRNO_H

#include <asm/errno.h>

#endif
