/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Userspace <linux/elf.h>: the kernel's ELF64 types and constants, from
 * its UAPI header.
 */
#include_next <linux/elf.h>
