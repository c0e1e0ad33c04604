/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/compiler.h>: READ_ONCE and WRITE_ONCE. */
#ifndef TWIN_LINUX_COMPILER_H
#define TWIN_LINUX_COMPILER_H

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif
