/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/string.h>. */
#ifndef TWIN_LINUX_STRING_H
#define TWIN_LINUX_STRING_H

#include <string.h>

#endif
