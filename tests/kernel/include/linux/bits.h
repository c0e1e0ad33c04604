/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/bits.h>: BIT, BIT_ULL, GENMASK_ULL. */
#ifndef TWIN_LINUX_BITS_H
#define TWIN_LINUX_BITS_H

#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define BITS_PER_LONG 64
#define GENMASK_ULL(h, l) ((~0ULL >> (63 - (h))) & (~0ULL << (l)))

#endif
