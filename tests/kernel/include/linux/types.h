/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/types.h> for the kernel code built in tests/. */
#ifndef TWIN_LINUX_TYPES_H
#define TWIN_LINUX_TYPES_H

#include <kexec-vtd/env-host.h>

#endif
