/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/elf.h>: the C library has the same ELF64 types. */
#ifndef TWIN_LINUX_ELF_H
#define TWIN_LINUX_ELF_H

#include <elf.h>

#endif
