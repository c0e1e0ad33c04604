/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/errno.h>: x86-64 Linux numbers, as the kernel's. */
#ifndef TWIN_LINUX_ERRNO_H
#define TWIN_LINUX_ERRNO_H

#include <errno.h>

#endif
