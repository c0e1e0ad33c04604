/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace <linux/bitmap.h>: the bitmap calls the adoption core makes. */
#ifndef TWIN_LINUX_BITMAP_H
#define TWIN_LINUX_BITMAP_H

#include <linux/bits.h>
#include <linux/types.h>

#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

#endif
