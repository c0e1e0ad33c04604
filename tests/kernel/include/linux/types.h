/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Userspace <linux/types.h>: the UAPI header (__u64 and the like, for
 * whatever system header wants them) and the kernel's u8 .. u64, bool and
 * size_t, as the project's userspace code has them.
 */
#ifndef TWIN_LINUX_TYPES_H
#define TWIN_LINUX_TYPES_H

#include_next <linux/types.h>
#include <kexec-vtd/env-host.h>

#endif
