/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/array_size.h>. */
#ifndef TWIN_LINUX_ARRAY_SIZE_H
#define TWIN_LINUX_ARRAY_SIZE_H

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

#endif
